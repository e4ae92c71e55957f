/* report_doc_budget.c - per table, a sentence on what the precision budget bought it: the rounds
 * and seconds past its minimum, how many of its comparisons met the target, and where its
 * headline (or widest) comparison ended. The sentences are collect's (run.tsv
 * precision_bought_<table>): render only lists them, so they cannot drift from precision.tsv. */
#include "report_doc_budget.h"

#include <string.h>

void report_doc_budget(const report *r, doc_block *list)
{
    static const char prefix[] = "precision_bought_";
    for (size_t i = 0; i < r->nrun; i++)
        if (!strncmp(r->run[i].key, prefix, sizeof prefix - 1))
            doc_textf(doc_item(list), "budget for %s: %s", r->run[i].key + sizeof prefix - 1,
                      r->run[i].value);
}
