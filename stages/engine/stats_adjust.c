/* stats_adjust.c - many comparisons at once: Holm and Benjamini-Hochberg, and the geomean.
 *
 * Both adjustments sort the p-values (stably, NaN last and left out of the count), scale
 * each by its rank, enforce monotonicity with a running max (Holm, from the smallest) or
 * min (BH, from the largest), cap at 1 and write back in the caller's order. */
#include "engine/stats.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    double p;
    size_t index;
} ranked_p;

static int compare_ranked(const void *a, const void *b) {
    const ranked_p *x = a, *y = b;
    if (isnan(x->p) != isnan(y->p))
        return isnan(x->p) ? 1 : -1;
    if (x->p != y->p && !isnan(x->p))
        return x->p < y->p ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* p ascending, ties in input order, NaN last; *valid counts the non-NaN. NULL if out of
 * memory, after setting every adj[i] to NaN. */
static ranked_p *rank_p_values(const double *p, size_t n, double *adj, size_t *valid) {
    ranked_p *ranked = malloc((n ? n : 1) * sizeof *ranked);
    if (!ranked) {
        for (size_t i = 0; i < n; i++)
            adj[i] = NAN;
        return NULL;
    }
    *valid = 0;
    for (size_t i = 0; i < n; i++) {
        ranked[i] = (ranked_p){p[i], i};
        *valid += !isnan(p[i]);
    }
    qsort(ranked, n, sizeof *ranked, compare_ranked);
    for (size_t r = *valid; r < n; r++)
        adj[ranked[r].index] = NAN;
    return ranked;
}

void stats_holm(const double *p, size_t n, double *adj) {
    size_t valid;
    ranked_p *ranked = rank_p_values(p, n, adj, &valid);
    if (!ranked)
        return;
    double running_max = 0;
    for (size_t r = 0; r < valid; r++) {
        double scaled = ranked[r].p * (double)(valid - r);
        if (scaled > running_max)
            running_max = scaled;
        adj[ranked[r].index] = running_max < 1 ? running_max : 1;
    }
    free(ranked);
}

void stats_bh(const double *p, size_t n, double *adj) {
    size_t valid;
    ranked_p *ranked = rank_p_values(p, n, adj, &valid);
    if (!ranked)
        return;
    double running_min = INFINITY;
    for (size_t r = valid; r-- > 0;) {
        double scaled = ranked[r].p * (double)valid / (double)(r + 1);
        if (scaled < running_min)
            running_min = scaled;
        adj[ranked[r].index] = running_min < 1 ? running_min : 1;
    }
    free(ranked);
}

double stats_geomean(const double *x, size_t n) {
    if (n == 0)
        return NAN;
    double log_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0))
            return NAN;
        log_sum += log(x[i]);
    }
    return exp(log_sum / (double)n);
}
