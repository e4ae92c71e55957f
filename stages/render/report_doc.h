/* report_doc.h - what the files building the report document share: report_doc.c the page (the
 * answer first, the run's problems, settings, machine, environments), report_doc_table.c each
 * article table's section, report_doc_claims.c the claims, checks and how to read them. */
#ifndef REPORT_DOC_H
#define REPORT_DOC_H

#include "doc.h"

typedef struct {
    const report *r;
    const char *templates;
    const rep_table *table; /* inside a table's section */
    int rc;
} doc_ctx;

/* The whole document from templates/report.tmpl (placeholders: docs/formats.md). */
int report_doc_build(const report *r, const char *templates, doc *d);
/* A table's section placeholders ({{id}}, {{table}}, ...); -1 for an unknown one. */
int report_doc_table_part(doc_ctx *c, const char *name, doc *d, doc_inline *in);
void report_doc_claims(const report *r, const rep_table *t, doc *d);
void report_doc_checks(const report *r, const rep_table *t, doc *d);
void report_doc_how_to_read(const report *r, doc *d);
/* A claim's measured value with its interval and level: "0.963x [0.896, 1.003] at 98.33%". */
void report_claim_measured(const rep_claim *c, char *buf, size_t len);
/* A claim's sample size, the one place that says whether its interval was paired by round: in a
 * sentence "n = 14 + 15" or "paired over 14 rounds", in a table's n column "14 + 15" (or "14"
 * with no baseline) or "14 rounds, paired". */
void report_claim_n(const rep_claim *c, int sentence, char *buf, size_t len);
/* The headline's answer in one sentence with its numbers, or "" when it has none. */
void report_answer(const report *r, const rep_claim *c, doc_inline *in);
/* "Its interval's half-width: ±x% (target ±y%): met." for a claim sampled to a precision
 * target (collect --precision); nothing otherwise. */
void report_precision_sentence(const rep_claim *c, doc_inline *in);
/* The A/A control's claim (a check of the headline's table and metric: its baseline measured
 * again as a second arm) when it was measured, else NULL; its sentence:
 * the noise floor with its interval, or "Unreliable run" when the interval excludes 1. */
const rep_claim *report_aa_claim(const report *r);
/* " The time above is each sample's fastest run; on its median run ..." with the ratio,
 * interval and verdict of the headline h judged again on each sample's median run (a ratio claim
 * of its table on `typical-` + its metric, docs/verdicts.md "Table 1's time sample"), into in;
 * nothing when the claims have none or it was not measured. */
void report_typical_sentence(const report *r, const rep_claim *h, doc_inline *in);
void report_aa_sentence(const report *r, const rep_claim *c, doc_inline *in);
/* report_doc_also.c: " Not the article's claim, but a difference this run detects in T1: ..."
 * for each other benchmark of the headline h's table whose comparison on h's metric and pair
 * has a bounded interval that excludes 1, with the A/A control's ratio of that benchmark; nothing
 * when there is none. */
void report_also_sentence(const report *r, const rep_claim *h, doc_inline *in);
/* The article claims of verdict v counted as the tally words them: by[EFFECT_UNSAID] (every
 * verdict but refuted), by[EFFECT_NONE] ("refuted: no effect"), by[EFFECT_SMALLER] ("refuted:
 * smaller/larger effect", larger counted with it). */
void report_tally_split(const report *r, verdict_kind v, size_t by[EFFECT_LARGER + 1]);
/* "Verdicts of the article's N claims: ..., 4 refuted: no effect, ... Harness checks: 17: 1
 * passed, 3 not measured, ...": one sentence for the documents and the workbook's Summary. */
void report_tally_sentence(const report *r, doc_inline *in);

#endif
