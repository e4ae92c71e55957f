/* claims_spread.c - a spread claim ("less noise with the controls"): the spread of one table's
 * cell against another table's cell of the same environment and benchmark.
 *
 * Why its own file: a spread is a property of the period its samples cover. T1's cells sample on
 * through the headline's rounds (48 of them) while T4.1's stop at their minimum (6); over their
 * whole samples the two spreads would compare a quiet stretch with a noisy one, so where both
 * cells record rounds the comparison is made over the rounds both ran, as a ratio's is. */
#include "engine/claims.h"

#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const cell *claim_spread_base(const claim_context *ctx, const claim *c, const cell *x)
{
    const cell *b = cells_find(ctx->cs, c->baseline + 6, c->metric, x->env, x->bench);
    return b && b->n >= 2 && x->n >= 2 ? b : NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_sorted(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The median absolute deviation of the log values: a spread a few outliers cannot drive (NAN
 * when a value is not positive or there is none). */
static double mad_log(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0))
            return NAN;
    if (!n)
        return NAN;
    double *v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = log(x[i]);
    double m = median_sorted(v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = fabs(v[i] - m);
    double mad = median_sorted(v, n);
    free(v);
    return mad;
}

/* The samples the spreads are compared over, into *pb / *px (allocated; the caller frees):
 * the rounds both cells ran when both record rounds (and share any), else every sample. Their
 * counts into *nb / *nx; 1 when restricted to shared rounds. */
static int shared_rounds(const cell *base, const cell *x, double **pb, size_t *nb, double **px,
                         size_t *nx)
{
    *pb = xmalloc(base->n * sizeof **pb);
    *px = xmalloc(x->n * sizeof **px);
    size_t pairs = base->round && x->round ? stats_pair_rounds(base->x, base->round, base->n, x->x,
                                                               x->round, x->n, *pb, *px)
                                           : 0;
    if (pairs) {
        *nb = *nx = pairs;
        return 1;
    }
    for (size_t i = 0; i < base->n; i++)
        (*pb)[i] = base->x[i];
    for (size_t i = 0; i < x->n; i++)
        (*px)[i] = x->x[i];
    *nb = base->n;
    *nx = x->n;
    return 0;
}

void claim_judge_spread(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    const cell *base = claim_spread_base(ctx, c, x);
    double *b = NULL, *v = NULL;
    size_t nb = 0, nx = 0;
    int shared = base ? shared_rounds(base, x, &b, &nb, &v, &nx) : 0;
    stats_ratio r;
    if (!base || stats_spread_ratio(b, nb, v, nx, j->level, &r) != 0) {
        j->verdict = VERDICT_NOT_MEASURED;
        snprintf(j->detail, sizeof j->detail,
                 "no spread to compare: %s needs 2 positive, not all equal samples of %s in "
                 "%s%s",
                 c->baseline + 6, x->bench, x->env, shared ? " in the rounds both tables ran" : "");
        free(b);
        free(v);
        return;
    }
    j->n = nx;
    j->n_base = nb;
    j->measured = r.ratio;
    j->lo = r.lo;
    j->hi = r.hi;
    double mad_with = mad_log(v, nx), mad_without = mad_log(b, nb);
    double robust = mad_without > 0 ? mad_with / mad_without : NAN;
    j->verdict = decide_spread(r.lo, r.hi, robust);
    char over[128] = "";
    if (shared && (nx < x->n || nb < base->n))
        snprintf(over, sizeof over, "; over the %zu rounds both ran (of %zu and %zu)", nx, x->n,
                 base->n);
    snprintf(j->detail, sizeof j->detail,
             "spread (sd of log values) with the controls / without "
             "(%s): %.3g [%.3g, %.3g] at %.4g%%; robust (MAD of log values): %.3g%s%s",
             c->baseline + 6, r.ratio, r.lo, r.hi, j->level * 100, robust,
             j->verdict == VERDICT_INCONCLUSIVE && decide_below_one(r.lo, r.hi) != j->verdict
                 ? ", on the other side of 1: a few outliers drive the sd, so no answer"
                 : "",
             over);
    free(b);
    free(v);
}
