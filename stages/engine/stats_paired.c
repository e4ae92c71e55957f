/* stats_paired.c - the blocked (within-round) ratio: how much larger x is than base when each
 * x was measured in the same round as a base.
 *
 * On this machine the noise is common-mode and episodic: a disturbed round slows every arm in
 * it at once. The two-sample interval (stats_ratio_of_medians) counts that as spread of both
 * arms; the log ratio within a round cancels it. So where two arms ran in the same rounds the
 * ratio is the Hodges-Lehmann estimate of the within-round log ratios d_i = log x_i - log b_i
 * (the median of the Walsh averages (d_i + d_j) / 2, i <= j) with the Wilcoxon signed-rank
 * interval [W_(k), W_(N+1-k)], N = n(n+1)/2: exact (the signed-rank distribution by dynamic
 * programming) up to STATS_SIGNED_RANK_EXACT_MAX_N pairs, normal with continuity correction
 * above. Its one assumption beyond independent rounds: the d_i are symmetric about their
 * centre, which a randomised order within rounds gives to position effects (the two arms'
 * positions are exchangeable). docs/verdicts.md, "Blocked rounds". */
#include "engine/stats.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <stdlib.h>

#define LEVEL_FUZZ (1.0 + 64 * 2.220446049250313e-16) /* as stats_ratio.c */

/* P(T+ <= t) for t = 0 .. n(n+1)/2 under the null (each sign 1/2): cdf must hold that many + 1. */
static void signed_rank_cdf(size_t n, double *cdf)
{
    size_t total = n * (n + 1) / 2;
    for (size_t t = 0; t <= total; t++)
        cdf[t] = t == 0;
    for (size_t i = 1; i <= n; i++) /* adding rank i: P_i(t) = (P_{i-1}(t) + P_{i-1}(t-i)) / 2 */
        for (size_t t = i * (i + 1) / 2; t + 1 > 0; t--) {
            cdf[t] = (cdf[t] + (t >= i ? cdf[t - i] : 0)) / 2;
            if (t == 0)
                break;
        }
    for (size_t t = 1; t <= total; t++)
        cdf[t] += cdf[t - 1];
}

int stats_signed_rank_k(size_t n, double conf, size_t *k, double *coverage, int *exact)
{
    if (n == 0 || !(conf > 0 && conf < 1))
        return -1;
    double alpha = 1 - conf, total = (double)n * (double)(n + 1) / 2;
    if (n <= STATS_SIGNED_RANK_EXACT_MAX_N) {
        double *cdf = malloc(((size_t)total + 1) * sizeof *cdf);
        if (!cdf)
            return -1;
        signed_rank_cdf(n, cdf);
        size_t kk = 0; /* the largest k with P(T+ <= k - 1) <= alpha / 2 */
        while (kk < (size_t)total / 2 && cdf[kk] <= alpha / 2 * LEVEL_FUZZ)
            kk++;
        *k = kk;
        *coverage = kk ? 1 - 2 * cdf[kk - 1] : 1;
        *exact = 1;
        free(cdf);
        return 0;
    }
    double mu = total / 2, sigma = sqrt((double)n * (double)(n + 1) * (double)(2 * n + 1) / 24);
    double z = gsl_cdf_ugaussian_Pinv(alpha / 2);
    double kk = floor(mu + 0.5 + z * sigma); /* P(T+ <= k - 1) ~ Phi((k - 0.5 - mu) / sigma) */
    *k = kk < 0 ? 0 : (size_t)kk;
    *coverage = *k ? 1 - 2 * gsl_cdf_ugaussian_P(((double)*k - 0.5 - mu) / sigma) : 1;
    *exact = 0;
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The Walsh averages of the n log ratios, ascending (malloc'd; NULL when memory runs out). */
static double *walsh_averages(const double *base, const double *x, size_t n)
{
    double *d = malloc(n * sizeof *d), *w = malloc(n * (n + 1) / 2 * sizeof *w);
    if (!d || !w) {
        free(d);
        free(w);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = log(x[i]) - log(base[i]);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            w[m++] = (d[i] + d[j]) / 2;
    free(d);
    qsort(w, m, sizeof *w, by_value);
    return w;
}

static double median_of(const double *x, size_t n)
{
    double *s = stats_sorted_copy(x, n);
    double m = s ? stats_quantile_sorted(s, n, 0.5) : NAN;
    free(s);
    return m;
}

int stats_ratio_paired(const double *base, const double *x, size_t n, double conf,
                       stats_ratio *out)
{
    *out = (stats_ratio){.ratio = NAN, .lo = NAN, .hi = NAN, .conf = conf, .median_ratio = NAN,
                         .coverage = NAN, .log_scale = 1, .paired = 1, .pairs = n};
    if (n == 0 || n > STATS_PAIRED_MAX_N || !(conf > 0 && conf < 1))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!(base[i] > 0 && x[i] > 0 && isfinite(base[i]) && isfinite(x[i])))
            return -1;
    size_t k;
    if (stats_signed_rank_k(n, conf, &k, &out->coverage, &out->exact) != 0)
        return -1;
    double *w = walsh_averages(base, x, n);
    if (!w)
        return -1;
    size_t total = n * (n + 1) / 2;
    double centre = total % 2 ? w[total / 2] : (w[total / 2 - 1] + w[total / 2]) / 2;
    out->ratio = exp(centre);
    out->lo = k ? exp(w[k - 1]) : 0;
    out->hi = k ? exp(w[total - k]) : INFINITY;
    free(w);
    out->median_ratio = median_of(x, n) / median_of(base, n);
    out->ok = 1;
    return 0;
}

typedef struct {
    long round;
    double value;
} tagged;

static int by_round(const void *a, const void *b)
{
    long x = ((const tagged *)a)->round, y = ((const tagged *)b)->round;
    return (x > y) - (x < y);
}

/* An arm's samples sorted by round; NULL when one has no round (<= 0) or a round is twice. */
static tagged *by_rounds(const double *v, const long *rnd, size_t n)
{
    tagged *t = malloc(n * sizeof *t);
    for (size_t i = 0; t && i < n; i++)
        t[i] = (tagged){rnd[i], v[i]};
    if (t)
        qsort(t, n, sizeof *t, by_round);
    for (size_t i = 0; t && i < n; i++)
        if (t[i].round <= 0 || (i && t[i].round == t[i - 1].round)) {
            free(t);
            return NULL;
        }
    return t;
}

size_t stats_pair_rounds(const double *base, const long *brnd, size_t nb, const double *x,
                         const long *xrnd, size_t nx, double *pb, double *px)
{
    tagged *b = by_rounds(base, brnd, nb), *c = by_rounds(x, xrnd, nx);
    size_t pairs = 0;
    for (size_t i = 0, j = 0; b && c && i < nb && j < nx;) {
        if (b[i].round < c[j].round) {
            i++;
        } else if (c[j].round < b[i].round) {
            j++;
        } else {
            pb[pairs] = b[i++].value;
            px[pairs++] = c[j++].value;
        }
    }
    free(b);
    free(c);
    return pairs;
}

int stats_ratio_blocked(const double *base, const long *brnd, size_t nb, const double *x,
                        const long *xrnd, size_t nx, double conf, stats_ratio *out)
{
    if (brnd && xrnd && nb && nx) {
        double *pb = malloc(nb * sizeof *pb), *px = malloc(nx * sizeof *px);
        size_t pairs = pb && px ? stats_pair_rounds(base, brnd, nb, x, xrnd, nx, pb, px) : 0;
        int rc = pairs ? stats_ratio_paired(pb, px, pairs, conf, out) : -1;
        free(pb);
        free(px);
        if (rc == 0 && isfinite(out->hi)) { /* fewer rounds than bound it: two samples do */
            /* the centres of the arms' whole samples, as the two-sample row shows them */
            out->median_ratio = median_of(x, nx) / median_of(base, nb);
            return 0;
        }
    }
    int rc = stats_ratio_of_medians(base, nb, x, nx, conf, out);
    out->paired = 0;
    out->pairs = 0;
    return rc;
}
