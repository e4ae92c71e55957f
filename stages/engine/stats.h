/* stats.h - the statistics engine: pure functions on plain double arrays, no I/O.
 *
 * Everything the report's numbers rest on lives behind this header, so it can be checked
 * against reference values (tests/fixtures/stats/) independently of files and formats.
 * All functions are deterministic: the same input gives bit-identical output. */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>

/* Sample sizes up to which the distributions are exact; above them, normal approximations
 * with continuity correction are used (see stats_median_ci_ranks and stats_mann_whitney). */
#define STATS_MEDIAN_CI_EXACT_MAX_N 30 /* median CI: exact Binomial(n, 1/2) up to here */
#define STATS_MWU_EXACT_MAX_N 50       /* Mann-Whitney: exact when both sides are <= this, */
#define STATS_MWU_TIES_EXACT_MAX_N 25  /* or this when values are tied (benchstat's limits) */

/* Summary of one cell (one table, metric and environment). */
typedef struct {
    size_t n;
    double mean, sd, median, min, max, cv; /* sd is the sample sd (n-1); cv = sd/mean */
    double conf;                           /* confidence level used, e.g. 0.95 */
    double ci_lo, ci_hi;           /* CI of the median; each end on its own may be infinite: */
    size_t ci_lo_rank, ci_hi_rank; /* 1-based order statistics of the ends; 0 for an infinite */
                                   /* end (ci_lo = -INFINITY, resp. ci_hi = +INFINITY) */
    double ci_coverage;            /* exact binomial coverage of [ci_lo, ci_hi]; 1 if both inf */
    double mean_ci_lo, mean_ci_hi; /* t-interval of the mean (NAN when n < 2) */
    size_t outliers_mild;          /* Tukey: beyond 1.5 IQR but within 3 IQR */
    size_t outliers_extreme;       /* Tukey: beyond 3 IQR */
    int warn_unbounded_ci;         /* at least one end of the median's CI is infinite at conf */
    double q1, q3;                 /* quartiles, type 7 (see stats_quantile_sorted) */
    /* (Addition: cv is NAN when n < 2 or mean == 0. The median is the type-7 quantile at 1/2,
     * i.e. the mean of the middle two for even n. At 95% the CI is [-inf, x(5)] for n = 5 and
     * fully infinite below that; see docs/median-ci.md for every level.) */
} stats_summary;

/* Fills *out; x is not modified. Returns 0, or -1 when n == 0 or conf is not in (0,1).
 * (Addition: also -1 when a value is NaN or memory runs out.) */
int stats_summarize(const double *x, size_t n, double conf, stats_summary *out);

/* The order statistics (1-based ranks lo..hi) that bound the median's CI at level conf,
 * chosen as Go's benchstat chooses them (docs/median-ci.md): from Binomial(n, 1/2), exact and
 * grown outward from the mode for n <= STATS_MEDIAN_CI_EXACT_MAX_N, benchstat's
 * continuity-corrected normal approximation above. An end that needs the order statistic
 * x(0) = -inf or x(n+1) = +inf gets rank 0: *lo = 0 is a -inf lower end, *hi = 0 a +inf upper
 * end, either or both (e.g. n = 5 at 95%: lo = 0, hi = 5). *coverage gets the actual level. */
int stats_median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi, double *coverage);
/* (Addition: "outward from the mode" follows benchstat: gaps between order statistics are
 * added one at a time, the heavier first and the left one on a tie, so the ranks are
 * symmetric (lo + hi = n + 1) or one step left-biased (lo + hi = n), counting an infinite
 * end as rank 0 below or n + 1 above. Deliberate difference: for 21 <= n <= 30 benchstat's
 * floating point can break such a tie to the right (four cases at 90/95/99%, listed in
 * docs/median-ci.md); here the tie is exact. *coverage is always the exact binomial coverage
 * (1 when both ends are infinite). Returns -1 when n == 0 or > UINT_MAX, or conf is not in
 * (0,1).) */

/* Tukey fences: labels[i] = 0 inside, 1 mild outlier (1.5..3 IQR), 2 extreme (>3 IQR). */
void stats_tukey_labels(const double *x, size_t n, int *labels);
/* (Addition: quartiles are type 7, the fences strict: a value exactly on a fence is inside.
 * If memory runs out every label is -1.) */

/* Additions to the contract above. */

/* Quantile p in [0,1] of an ascending array, type 7 (linear interpolation between order
 * statistics, numpy's and R's default): h = (n-1)p, x[floor h] + frac(h)(x[floor h+1] -
 * x[floor h]). NAN when n == 0 or p is outside [0,1]. */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/* Sorts x ascending in place (radix sort on the IEEE bits: -0.0 before +0.0; NaN must not
 * occur). Returns 0, or -1 when memory for the keys runs out (x is then unchanged). */
int stats_sort(double *x, size_t n);

/* A malloc'd ascending copy of x (caller frees), or NULL when n == 0 or out of memory. */
double *stats_sorted_copy(const double *x, size_t n);

/* Exact null distribution function of 2U, twice the Mann-Whitney U of the first sample, for
 * samples of sizes nx and ny whose pooled values, in ascending order, form tie groups of the
 * given sizes (they sum to nx + ny; tie_sizes = NULL means no ties): cdf[v] = P(2U <= v)
 * for v = 0 .. upto, upto <= 2*nx*ny (without ties 2U is even). Returns 0, or -1 on a bad
 * tie pattern, nx + ny > STATS_MWU_CDF_MAX_N, or memory running out. Without ties: the
 * Gaussian binomial coefficients, O(min(nx,ny) * min(upto, nx*ny)). With ties: a dynamic
 * program over the tie groups, cut at upto: O((nx+ny) * nx * upto), O(nx * upto) memory. */
int stats_mwu_exact_cdf(size_t nx, size_t ny, const size_t *tie_sizes, size_t n_groups, size_t upto,
                        double *cdf);
#define STATS_MWU_CDF_MAX_N 1000 /* the counts are doubles: C(1000, 500) is near their limit */

/* Mann-Whitney U, two-sided, midranks for ties. Exact (stats_mwu_exact_cdf, given the tie
 * pattern) when both sides are <= STATS_MWU_EXACT_MAX_N, or <= STATS_MWU_TIES_EXACT_MAX_N if
 * any value is tied: p = min(1, 2 min(P(U <= u), P(U >= u))). Otherwise normal with tie and
 * continuity correction, as SciPy's mannwhitneyu(method="asymptotic"). Returns 0, or -1
 * (NAN fields) when a side is empty, a value is NaN, or memory runs out.
 * min_p is the least p any split of the same pooled values between samples of these sizes
 * could give (the same tie groups, the same method as p), so p >= min_p always;
 * warn_no_significance is set when min_p >= 0.05: no p below 0.05 is possible for this
 * comparison (without ties, 3 vs 3: 0.1; but 3 vs 5 reaches 2/56 = 0.036, 2 vs 10 2/66). */
typedef struct {
    double u;                 /* U of the first sample */
    double p;                 /* two-sided p-value */
    int exact;                /* 1: exact distribution (given the tie pattern); 0: normal approx */
    int all_equal;            /* every value in both samples equal: p = 1 */
    double min_p;             /* the least p these sizes and tie groups allow */
    int warn_no_significance; /* min_p >= 0.05 */
} stats_mwu;
int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, stats_mwu *out);

/* Welch's unequal-variance t-test, two-sided; t > 0 when mean(x) > mean(y). Returns 0, or -1
 * (NAN fields) when a side has n < 2, a value is not finite, or both variances are 0. */
typedef struct {
    double t, df, p;
} stats_welch;
int stats_welch_t(const double *x, size_t nx, const double *y, size_t ny, stats_welch *out);

/* How much larger x is than base, with a CI at level conf: the Hodges-Lehmann estimate and its
 * Wilcoxon (Mann-Whitney) interval, both from the m*n pairwise differences of log values (or,
 * when a value is <= 0, of raw values divided by |median(base)|), so the point always lies
 * inside its interval; deterministic. The interval is closed, [d_(k), d_(mn+1-k)]: k is the
 * largest rank with P(U <= k-1) <= (1-conf)/2 under the no-ties U distribution, exact when
 * both sides are <= STATS_MWU_EXACT_MAX_N, else normal with continuity correction. With ties
 * the closed interval keeps at least its nominal coverage (it is conservative for discrete
 * data), so no tie correction is needed. k = 0 (too few samples): lo = -INF (0 on the ratio
 * scale), hi = +INF. ok = 0 (and NANs) when a side is empty, a value is not finite, or the
 * values are not all positive and median(base) is 0. */
typedef struct {
    double ratio, lo, hi, conf; /* the estimate (lo <= ratio <= hi) and its interval */
    int ok;
    double median_ratio; /* median(x) / median(base): the ratio of centres benchstat shows */
    double coverage;     /* achieved confidence of the interval */
    int exact;           /* 1: k from the exact distribution; 0: normal approximation */
    int log_scale;       /* 1: differences of logs; 0: of raw values (a value <= 0) */
    int paired;          /* 1: the blocked design (stats_ratio_paired); 0: two samples */
    size_t pairs;        /* paired: the rounds (pairs) the interval used */
} stats_ratio;
int stats_ratio_of_medians(const double *base, size_t nb, const double *x, size_t nx, double conf,
                           stats_ratio *out);
/* (Addition: returns 0 when out->ok, else -1: also for conf outside (0,1), or memory running
 * out. Never builds the m*n differences: order statistics are found by searching the value
 * (interpolation, falling back to bisection) with a two-pointer count over the sorted values,
 * O(m + n) per step, snapped to actual differences.) */

/* The interval's relative half-width, (hi - lo) / (2 ratio): 0.02 is "+-2%", what a precision
 * target is stated in (collect --precision, claims.tsv half_width). 0 when lo = hi (identical
 * samples); +INFINITY when the interval is unbounded, not ok, or the ratio is not positive. */
double stats_ratio_half_width(const stats_ratio *r);

/* The fewest samples a side (equal sizes) for which the interval above is bounded at conf:
 * the smallest n with 1 / C(2n, n) <= (1 - conf) / 2. */
size_t stats_ratio_min_n(double conf);

/* The blocked design (stats_paired.c; docs/verdicts.md "Blocked rounds"): x[i] and base[i]
 * measured in the same round i. The ratio is exp of the Hodges-Lehmann estimate of the n log
 * ratios d_i = log x_i - log base_i (the median of the Walsh averages (d_i + d_j)/2, i <= j),
 * its interval [exp W_(k), exp W_(N+1-k)] from the Wilcoxon signed-rank distribution, N =
 * n(n+1)/2, k the largest rank with P(T+ <= k-1) <= (1-conf)/2: exact up to
 * STATS_SIGNED_RANK_EXACT_MAX_N pairs, normal with continuity correction above. k = 0: lo = 0,
 * hi = +INF. median_ratio is median(x) / median(base); paired = 1, pairs = n. -1 (ok = 0) when
 * n is 0 or above STATS_PAIRED_MAX_N, conf is outside (0,1), or a value is not positive and
 * finite (no log ratio). */
#define STATS_SIGNED_RANK_EXACT_MAX_N 200
#define STATS_PAIRED_MAX_N 4000 /* the Walsh averages are built: n(n+1)/2 doubles */
int stats_ratio_paired(const double *base, const double *x, size_t n, double conf,
                       stats_ratio *out);

/* The signed-rank critical rank k above for n pairs at conf, the interval's achieved coverage
 * 1 - 2 P(T+ <= k-1), and whether it was exact. -1 when n == 0 or conf is outside (0,1). */
int stats_signed_rank_k(size_t n, double conf, size_t *k, double *coverage, int *exact);

/* The samples of the rounds both arms ran in, into pb and px (room for nb and nx), in round
 * order; their count, or 0 when an arm does not qualify (a sample without a round, a round
 * twice). */
size_t stats_pair_rounds(const double *base, const long *brnd, size_t nb, const double *x,
                         const long *xrnd, size_t nx, double *pb, double *px);

/* The one rule for which design a ratio interval uses (docs/verdicts.md "Blocked rounds"):
 * brnd[j] and xrnd[i] are the rounds the samples were measured in (NULL: not recorded). When
 * both arms record a round for every sample and no round twice in an arm, the paired interval
 * of the rounds both ran (a round one arm lacks is left out of it; median_ratio is of the arms'
 * whole samples) if it is bounded (at 95%: 6 shared rounds or more); otherwise
 * stats_ratio_of_medians (paired = 0). */
int stats_ratio_blocked(const double *base, const long *brnd, size_t nb, const double *x,
                        const long *xrnd, size_t nx, double conf, stats_ratio *out);

/* The ratio of spreads sd(log x) / sd(log base) with its CI at conf from the F distribution
 * (var ratio / F quantiles with nx-1 and nb-1 degrees of freedom; it assumes roughly lognormal
 * samples). In out: ratio, lo, hi, conf, ok. -1 when a side has n < 2, a value is not positive
 * and finite, or the baseline's spread is 0. */
int stats_spread_ratio(const double *base, size_t nb, const double *x, size_t nx, double conf,
                       stats_ratio *out);

/* Multiple-comparison adjustments; adj[i] corresponds to p[i]; input order preserved.
 * As statsmodels' multipletests ("holm", "fdr_bh"): monotone in p, capped at 1, tied p get
 * equal adjusted p. A NaN p gives NaN and is not counted among the n tests; if memory runs
 * out, every adj[i] is NaN. */
void stats_holm(const double *p, size_t n, double *adj);
void stats_bh(const double *p, size_t n, double *adj);

/* Geometric mean of positive values; NAN when n == 0 or a value <= 0. */
double stats_geomean(const double *x, size_t n);

#endif
