/* diff.h - two runs side by side: every (table, unit, environment, benchmark) both have, with
 * its change (change.h), and how each claim's verdict moved. Each table's comparisons are one
 * family, as a claims file is: intervals at Bonferroni's level 1 - (1 - conf)/m, p-values
 * Holm-adjusted over the m comparisons of the table (docs/verdicts.md, docs/results.md). */
#ifndef DIFF_H
#define DIFF_H

#include "engine/engine.h"
#include "compare/change.h"
#include "tsv.h"

typedef struct {
    const cell *a, *b;
    double level;
    size_t family;
    change_row row;
} metric_change;

typedef struct {
    metric_change *m;
    size_t n;
} run_diff;

void diff_runs(const cellset *a, const cellset *b, double conf, double margin, run_diff *out);
void diff_free(run_diff *d);

typedef struct {
    const char *id, *table, *text, *verdict_a, *verdict_b; /* into the claims tables */
    int moved;
} claim_move;

/* Every claim in either table (claims.tsv columns), in a's order then b's new ones; *n rows. */
claim_move *diff_claims(const tsv_table *a, const tsv_table *b, size_t *n);

#endif
