/* report_doc_budget.h - what the precision target's budget bought each table (run.tsv's
 * precision_bought_<table> lines, written by collect), for the settings list. */
#ifndef REPORT_DOC_BUDGET_H
#define REPORT_DOC_BUDGET_H

#include "doc.h"
#include "report.h"

/* One item of list per table the run says the budget bought something for ("budget for T1:
 * ..."), in run.tsv's order; nothing for a run without a precision target. */
void report_doc_budget(const report *r, doc_block *list);

#endif
