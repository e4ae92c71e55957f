/* report_doc_why.h - why a difference exists, as far as the ablation arms isolate it: the
 * model's attrib.tsv (analyze's attrib.c) as a small table in the answer (the headline's
 * metric: its totals, each factor an arm measured, what the factors leave) and a "Why" part in
 * each table an arm ran; and the arms this machine could not run, with their reasons. A model
 * analysed before attrib.tsv existed shows neither. */
#ifndef REPORT_DOC_WHY_H
#define REPORT_DOC_WHY_H

#include "doc.h"

/* One line of the answer's Why table: "host-seccomp / host", "seccomp", "1.005x [0.62, 1.43]". */
typedef struct {
    char *pair, *what, *value;
} why_line;

/* The answer's Why for the headline claim, built once for every format: an intro sentence,
 * its table (none when no arm ran on the metric) and one line naming what was not measured
 * and why ("" when nothing). */
typedef struct {
    char *intro, *missing;
    why_line *lines;
    size_t n;
} why_view;

/* 0 when the model has no attribution (v left empty), 1 when v was filled (free it). */
int report_why_view(const report *r, const rep_claim *c, why_view *v);
void report_why_view_free(why_view *v);
/* The column titles of the view's table. */
extern const char *const report_why_cols[3];
/* The answer's "Why": its intro, table and not-measured line (c NULL: nothing). */
void report_doc_why(const report *r, const rep_claim *c, doc *d);
/* Table t's "Why" part: every row of attrib.tsv for it, or nothing when there is none. */
void report_doc_why_table(const report *r, const rep_table *t, doc *d);

#endif
