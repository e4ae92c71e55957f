/* stats_mwu.c - Mann-Whitney U: exact null distribution given the tie pattern, or normal.
 *
 * Both samples are sorted once and walked together in tie groups, which gives the doubled
 * midrank sum (an integer) and the tie term. Small samples get the exact distribution of 2U,
 * computed only as far as the observed tail: Gaussian binomial coefficients without ties, a
 * dynamic program over the tie groups with them. Large samples get the tie- and
 * continuity-corrected normal approximation of SciPy's mannwhitneyu. The least p the same
 * walk allows (the samples' values pushed to either extreme) tells whether a comparison
 * could be significant at all, for its own sizes and ties rather than a rule of thumb. */
#include "engine/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Without ties the counts of U = 0, 1, ... are the coefficients of the Gaussian binomial
 * prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i): per factor, one multiplication and one power
 * series division by a two-term polynomial, O(m * cap). Only the lower half is computed
 * (cap <= mn/2): there the cumulative sums stay within 1e-12 relative of the exact integers
 * (checked to 250 a side), while the upper tail would cancel catastrophically. The
 * distribution is symmetric, so the caller mirrors it. */
static void count_without_ties(size_t m, size_t n, size_t cap, double *counts)
{
    counts[0] = 1;
    for (size_t u = 1; u <= cap; u++)
        counts[u] = 0;
    for (size_t i = 1; i <= m; i++) {
        for (size_t u = cap; u >= n + i; u--)
            counts[u] -= counts[u - n - i];
        for (size_t u = i; u <= cap; u++)
            counts[u] += counts[u - i];
    }
}

/* With ties: ways to draw `chosen` of the pooled items for the first sample, indexed by its
 * 2U and kept up to `cap` (2U never decreases as items are added, so states above the cap
 * cannot fall back under it). Row j holds the states with j items drawn so far; 2U is at
 * most 2 * j * (other items so far), which bounds the inner loop. Groups are taken in
 * ascending value order: drawing i of a group of t, after y_before items of the other
 * sample, adds i*(2*y_before + (t - i)) to 2U (each beats y_before and ties t - i at one
 * half), in C(t, i) ways. Rows are updated in place from the top down, so a source row
 * still holds the previous group's states. */
static int count_with_ties(size_t chosen, size_t other, const size_t *tie_sizes, size_t n_groups,
                           size_t cap, double *counts)
{
    size_t width = cap + 1;
    double *dp = calloc((chosen + 1) * width, sizeof *dp);
    if (!dp)
        return -1;
    dp[0] = 1;
    size_t processed = 0;
    for (size_t g = 0; g < n_groups; g++) {
        size_t t = tie_sizes[g];
        size_t j_hi = processed + t < chosen ? processed + t : chosen;
        size_t j_lo = processed + t > other ? processed + t - other : 0;
        for (size_t j = j_hi + 1; j-- > j_lo;) {
            for (size_t i = 1; i <= t && i <= j; i++) {
                size_t src = j - i;
                if (src > processed) /* rows above `processed` are still empty */
                    continue;
                size_t y_before = processed - src;
                size_t shift = i * (2 * y_before + (t - i));
                if (shift > cap)
                    continue;
                size_t src_max = 2 * src * y_before;
                if (src_max > cap - shift)
                    src_max = cap - shift;
                double ways = gsl_sf_choose((unsigned)t, (unsigned)i);
                const double *restrict from = dp + src * width;
                double *restrict to = dp + j * width + shift;
                for (size_t u = 0; u <= src_max; u++)
                    to[u] += ways * from[u];
            }
        }
        processed += t;
    }
    for (size_t u = 0; u < width; u++)
        counts[u] = dp[chosen * width + u];
    free(dp);
    return 0;
}

/* cdf[v] for v = 0..upto from counts[u] of U = u (u <= half = mn/2), mirrored above half:
 * P(U <= u) = 1 - P(U <= mn - u - 1). */
static void mirror_cdf(size_t mn, size_t half, const double *counts, double total, size_t upto,
                       double *cdf)
{
    double cumulative = 0;
    for (size_t v = 0; v <= upto && v / 2 <= half; v++) {
        if (v % 2 == 0)
            cumulative += counts[v / 2];
        cdf[v] = cumulative / total;
    }
    for (size_t v = 2 * half + 2; v <= upto; v++) {
        size_t mirror = mn - v / 2; /* P(U <= u) = 1 - P(U <= mirror - 1) */
        cdf[v] = mirror == 0 ? 1 : 1 - cdf[2 * (mirror - 1)];
    }
}

int stats_mwu_exact_cdf(size_t nx, size_t ny, const size_t *tie_sizes, size_t n_groups, size_t upto,
                        double *cdf)
{
    size_t total_items = 0;
    int ties = 0;
    for (size_t g = 0; tie_sizes && g < n_groups; g++) {
        if (tie_sizes[g] == 0)
            return -1;
        ties |= tie_sizes[g] > 1;
        total_items += tie_sizes[g];
    }
    if ((tie_sizes && total_items != nx + ny) || nx + ny > STATS_MWU_CDF_MAX_N ||
        upto > 2 * nx * ny)
        return -1;

    size_t mn = nx * ny, half = mn / 2;
    size_t cap = ties ? upto : (upto / 2 < half ? upto / 2 : half);
    double *counts = malloc((cap + 1) * sizeof *counts);
    if (!counts)
        return -1;
    double total = gsl_sf_choose((unsigned)(nx + ny), (unsigned)nx);
    if (!ties) {
        count_without_ties(nx < ny ? nx : ny, nx < ny ? ny : nx, cap, counts);
        mirror_cdf(mn, half, counts, total, upto, cdf);
    } else if (count_with_ties(nx, ny, tie_sizes, n_groups, cap, counts) == 0) {
        double cumulative = 0;
        for (size_t v = 0; v <= upto; v++)
            cdf[v] = (cumulative += counts[v]) / total;
    } else {
        free(counts);
        return -1;
    }
    free(counts);
    return 0;
}

/* What one merged walk over both sorted samples yields. */
typedef struct {
    uint64_t twice_u;        /* 2U of x: doubled midrank sum of x minus nx(nx+1) */
    double tie_term;         /* sum over tie groups of t^3 - t */
    size_t n_groups;         /* tie groups, including groups of one */
    size_t *tie_sizes;       /* filled when non-NULL on entry */
    uint64_t twice_u_min[2]; /* least 2U of x, of y, over all splits of these tie groups */
} rank_walk;

/* The least 2U a sample of `*left` items can have: it fills the lowest tie groups, where it
 * beats nobody; in the group it runs out in, each of its r items ties the group's t - r
 * others, adding r(t-r) to 2U. (Moving an item to a lower group never raises U.) */
static void least_twice_u(size_t t, size_t *left, uint64_t *twice_u_min)
{
    size_t take = *left < t ? *left : t;
    *twice_u_min += (uint64_t)take * (t - take);
    *left -= take;
}

static void walk_ranks(const double *sx, size_t nx, const double *sy, size_t ny, rank_walk *w)
{
    uint64_t twice_rank_sum = 0;
    size_t i = 0, j = 0, before = 0, left[2] = {nx, ny};
    w->tie_term = 0;
    w->n_groups = 0;
    w->twice_u_min[0] = w->twice_u_min[1] = 0;
    while (i < nx || j < ny) {
        double v = j == ny || (i < nx && sx[i] < sy[j]) ? sx[i] : sy[j];
        size_t cx = 0, cy = 0;
        while (i < nx && sx[i] == v)
            i++, cx++;
        while (j < ny && sy[j] == v)
            j++, cy++;
        size_t t = cx + cy;
        /* The group holds ranks before+1 .. before+t; twice their mean is 2*before + t + 1. */
        twice_rank_sum += (uint64_t)cx * (2 * before + t + 1);
        double tied = (double)t;
        w->tie_term += (tied * tied - 1) * tied;
        if (w->tie_sizes)
            w->tie_sizes[w->n_groups] = t;
        w->n_groups++;
        least_twice_u(t, &left[0], &w->twice_u_min[0]);
        least_twice_u(t, &left[1], &w->twice_u_min[1]);
        before += t;
    }
    w->twice_u = twice_rank_sum - (uint64_t)nx * (nx + 1);
}

/* p = 2 min(P(2U <= u), P(2U >= u)), from the distribution function up to the observed
 * value only: of x when it lies in the lower half, else of y (2U_x + 2U_y = 2 nx ny). */
static double exact_p(size_t nx, size_t ny, const rank_walk *w)
{
    uint64_t twice_mn = 2 * (uint64_t)nx * ny;
    int lower_half = w->twice_u <= twice_mn / 2;
    size_t upto = lower_half ? w->twice_u : twice_mn - w->twice_u;
    double *cdf = malloc((upto + 1) * sizeof *cdf);
    if (!cdf ||
        (lower_half ? stats_mwu_exact_cdf(nx, ny, w->tie_sizes, w->n_groups, upto, cdf)
                    : stats_mwu_exact_cdf(ny, nx, w->tie_sizes, w->n_groups, upto, cdf)) != 0) {
        free(cdf);
        return NAN;
    }
    double near_tail = cdf[upto], far_tail = 1 - (upto ? cdf[upto - 1] : 0);
    free(cdf);
    double p = 2 * (near_tail < far_tail ? near_tail : far_tail);
    return p < 1 ? p : 1;
}

static double normal_p(size_t nx, size_t ny, const rank_walk *w)
{
    double m = (double)nx, n = (double)ny, total = m + n;
    double mu = m * n / 2;
    double sigma = sqrt(m * n / 12 * ((total + 1) - w->tie_term / (total * (total - 1))));
    double u = (double)w->twice_u / 2;
    double larger = u > m * n - u ? u : m * n - u;
    double p = 2 * gsl_cdf_ugaussian_Q((larger - mu - 0.5) / sigma);
    return p < 1 ? p : 1;
}

/* The least p any split of these pooled values (sizes and tie groups fixed) can give, by the
 * same method as the observed p: p only falls as U moves away from its centre, so it is the
 * smaller of the p with x all lowest and with y all lowest. 1 when every value is equal. */
static double least_p(size_t nx, size_t ny, const rank_walk *w, int exact)
{
    if (w->n_groups == 1)
        return 1;
    rank_walk extreme = *w;
    uint64_t twice_u[2] = {w->twice_u_min[0], 2 * (uint64_t)nx * ny - w->twice_u_min[1]};
    double p[2];
    for (size_t i = 0; i < 2; i++) {
        extreme.twice_u = twice_u[i];
        p[i] = exact ? exact_p(nx, ny, &extreme) : normal_p(nx, ny, &extreme);
    }
    return p[0] < p[1] ? p[0] : p[1];
}

/* Exact for small samples, at benchstat's limits: 50 a side, 25 when values are tied. */
static int exact_applies(size_t nx, size_t ny, int ties)
{
    size_t limit = ties ? STATS_MWU_TIES_EXACT_MAX_N : STATS_MWU_EXACT_MAX_N;
    return nx <= limit && ny <= limit;
}

int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, stats_mwu *out)
{
    *out = (stats_mwu){.u = NAN, .p = NAN, .min_p = NAN};
    if (nx == 0 || ny == 0)
        return -1;
    for (size_t i = 0; i < nx; i++)
        if (isnan(x[i]))
            return -1;
    for (size_t i = 0; i < ny; i++)
        if (isnan(y[i]))
            return -1;

    double *sx = stats_sorted_copy(x, nx), *sy = stats_sorted_copy(y, ny);
    int may_be_exact = exact_applies(nx, ny, 0);
    rank_walk w = {.tie_sizes = may_be_exact ? malloc((nx + ny) * sizeof(size_t)) : NULL};
    int status = -1;
    if (sx && sy && (!may_be_exact || w.tie_sizes)) {
        walk_ranks(sx, nx, sy, ny, &w);
        out->u = (double)w.twice_u / 2;
        out->exact = exact_applies(nx, ny, w.n_groups < nx + ny);
        out->all_equal = w.n_groups == 1;
        if (out->all_equal)
            out->p = 1;
        else
            out->p = out->exact ? exact_p(nx, ny, &w) : normal_p(nx, ny, &w);
        out->min_p = least_p(nx, ny, &w, out->exact);
        out->warn_no_significance = out->min_p >= 0.05;
        status = isnan(out->p) || isnan(out->min_p) ? -1 : 0;
    }
    free(sx);
    free(sy);
    free(w.tie_sizes);
    return status;
}
