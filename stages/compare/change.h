/* change.h - did a metric change between two runs? The ratio B/A of one metric's samples, its
 * interval and test from the analyze stage's engine (stats_ratio_of_medians: Hodges-Lehmann with
 * its Wilcoxon interval; stats_mann_whitney), and a change verdict from where the interval lies
 * against the band 1 +/- margin (decide_band, the decision table's own band test):
 *   inside the band                 -> no change
 *   wholly beyond it, better side   -> faster   (below the band for better=lower, above it for
 *   wholly beyond it, worse side    -> slower    better=higher: "faster" means better)
 *   overlapping it (also unbounded) -> inconclusive
 * Samples identical on both sides (a run against itself) are no change with ratio 1 [1, 1], as
 * 0/0 counts as 1 in comparisons: the data cannot differ, whatever an interval of n = 3 says. */
#ifndef CHANGE_H
#define CHANGE_H

#include "engine/stats.h"

#include <stddef.h>

typedef enum {
    CHANGE_FASTER,
    CHANGE_SLOWER,
    CHANGE_NONE,
    CHANGE_INCONCLUSIVE,
    CHANGE_NOT_MEASURED,
    CHANGE_KINDS
} change_kind;

const char *change_word(change_kind k);
/* The verdict for an interval [lo, hi] of B/A; NaN ends are not measured. */
change_kind change_decide(double lo, double hi, double margin, int higher_is_better);

typedef struct {
    stats_ratio ratio; /* B / A at the family's level */
    stats_mwu mwu;
    int identical;     /* the same values on both sides: ratio 1 [1, 1] */
    double p_adj;      /* Holm over the table's comparisons (set by the caller) */
    change_kind change;
} change_row;

/* Compares b against a at interval level `level`: fills r (the verdict too). 0, or -1 when
 * the ratio cannot be computed (r->change is then not measured). */
int change_compare(const double *a, size_t na, const double *b, size_t nb, double level,
                   double margin, int higher_is_better, change_row *r);

#endif
