/* report_doc_why.h - why a difference exists, as far as the ablation arms isolate it: the
 * model's attrib.tsv (analyze's attrib.c) as one paragraph in the answer and a "Why" part in
 * each table an arm ran; and the arms this machine could not run, with their reasons. A model
 * analysed before attrib.tsv existed shows neither. */
#ifndef REPORT_DOC_WHY_H
#define REPORT_DOC_WHY_H

#include "doc.h"

/* The headline claim c's table and benchmark, split: "oci / host 1.02 [0.99, 1.05]: the seccomp
 * filter (oci-noseccomp) ..., unexplained ..." into in. 0 when the model has no attribution
 * for it (in left empty), 1 when written. */
int report_why_sentence(const report *r, const rep_claim *c, doc_inline *in);
/* A paragraph "Why: <sentence>" in the answer, after the regime's (c NULL: nothing). */
void report_doc_why(const report *r, const rep_claim *c, doc *d);
/* Table t's "Why" part: every row of attrib.tsv for it, or nothing when there is none. */
void report_doc_why_table(const report *r, const rep_table *t, doc *d);

#endif
