/* test_engine_stats_props.c - the statistics engine against first principles: U
 * distributions by brute-force enumeration, order statistics of explicitly sorted pairwise
 * differences, and the documented edge cases. (test_engine_stats.c checks the same engine
 * against SciPy's numbers, test_engine_medianci.c the median's CI against benchstat's.) */
#include "engine/stats.h"
#include "check.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- summary, quantiles, Tukey ---------------------------------------------------------- */

static void test_quantile_is_type_7_linear_interpolation(void)
{
    double x[4] = {1, 2, 3, 4};
    CHECK_NEAR(stats_quantile_sorted(x, 4, 0), 1, 1e-15);
    CHECK_NEAR(stats_quantile_sorted(x, 4, 0.25), 1.75, 1e-15);
    CHECK_NEAR(stats_quantile_sorted(x, 4, 0.5), 2.5, 1e-15);
    CHECK_NEAR(stats_quantile_sorted(x, 4, 0.75), 3.25, 1e-15);
    CHECK_NEAR(stats_quantile_sorted(x, 4, 1), 4, 1e-15);
    CHECK(isnan(stats_quantile_sorted(x, 0, 0.5)));
    CHECK(isnan(stats_quantile_sorted(x, 4, -0.1)) && isnan(stats_quantile_sorted(x, 4, NAN)));
}

static void test_summary_of_one_value_has_a_median_but_no_spread(void)
{
    double x = 42;
    stats_summary s;
    CHECK(stats_summarize(&x, 1, 0.95, &s) == 0);
    CHECK(s.n == 1 && s.mean == 42 && s.median == 42 && s.min == 42 && s.max == 42);
    CHECK(isnan(s.sd) && isnan(s.cv) && isnan(s.mean_ci_lo) && isnan(s.mean_ci_hi));
    CHECK(s.warn_unbounded_ci && isinf(s.ci_lo) && isinf(s.ci_hi));
}

static void test_summary_rejects_empty_nan_and_bad_level_and_keeps_input(void)
{
    double x[5] = {5, 1, 4, 2, 3}, with_nan[3] = {1, NAN, 2};
    stats_summary s;
    CHECK(stats_summarize(x, 0, 0.95, &s) == -1);
    CHECK(stats_summarize(with_nan, 3, 0.95, &s) == -1);
    CHECK(stats_summarize(x, 5, 1.5, &s) == -1);
    CHECK(stats_summarize(x, 5, 0.95, &s) == 0);
    CHECK(x[0] == 5 && x[1] == 1 && x[2] == 4 && x[3] == 2 && x[4] == 3);
    CHECK(s.min == 1 && s.max == 5 && s.median == 3);
    CHECK_NEAR(s.cv, sqrt(2.5) / 3, 1e-15);
}

static void test_tukey_labels_mark_mild_and_extreme_outliers_and_keep_fence_values(void)
{
    /* {1..9, last}: Q1 = 3.25, Q3 = 7.75 (type 7) whatever the last value above 8, IQR = 4.5;
     * fences at 1.5 IQR: [-3.5, 14.5], at 3 IQR: [-10.25, 21.25]. */
    double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
    double last[5] = {30, 20, 14.5, 21.25, 14.6};
    int want[5] = {2, 1, 0, 1, 1};
    int labels[10];
    for (size_t c = 0; c < 5; c++) {
        x[9] = last[c];
        stats_tukey_labels(x, 10, labels);
        for (size_t i = 0; i < 9; i++)
            CHECK(labels[i] == 0);
        CHECK(labels[9] == want[c]);
        stats_summary s;
        CHECK(stats_summarize(x, 10, 0.95, &s) == 0);
        CHECK_NEAR(s.q1, 3.25, 1e-15);
        CHECK_NEAR(s.q3, 7.75, 1e-15);
        CHECK(s.outliers_mild == (want[c] == 1) && s.outliers_extreme == (want[c] == 2));
        CHECK(s.n == 10 && s.max == last[c]); /* labelled, never removed */
    }
}

/* ---- Mann-Whitney ------------------------------------------------------------------------ */

static void test_mwu_exact_cdf_3v3_is_the_textbook_table(void)
{
    double cdf[19], counts[10] = {1, 1, 2, 3, 3, 3, 3, 2, 1, 1}; /* U = 0..9, of C(6,3) = 20 */
    CHECK(stats_mwu_exact_cdf(3, 3, NULL, 0, 18, cdf) == 0);
    double cumulative = 0;
    for (size_t u = 0; u <= 9; u++) {
        cumulative += counts[u];
        CHECK_NEAR(cdf[2 * u], cumulative / 20, 1e-14);
        if (u < 9)
            CHECK(cdf[2 * u + 1] == cdf[2 * u]); /* without ties 2U is even */
    }
}

/* P(2U <= v) over every way to draw nx of the pooled items, 2U from doubled midranks. */
static void brute_force_cdf(size_t nx, size_t ny, const size_t *ties, size_t groups, double *cdf)
{
    size_t total = nx + ny, twice_rank[16], pos = 0, width = 2 * nx * ny + 1;
    for (size_t g = 0; g < groups; g++) {
        for (size_t k = 0; k < ties[g]; k++)
            twice_rank[pos + k] = 2 * pos + ties[g] + 1;
        pos += ties[g];
    }
    memset(cdf, 0, width * sizeof *cdf);
    double ways = gsl_sf_choose((unsigned)total, (unsigned)nx);
    for (unsigned mask = 0; mask < 1u << total; mask++) {
        if ((size_t)__builtin_popcount(mask) != nx)
            continue;
        size_t sum = 0;
        for (size_t i = 0; i < total; i++)
            if (mask >> i & 1)
                sum += twice_rank[i];
        cdf[sum - nx * (nx + 1)] += 1 / ways;
    }
    for (size_t v = 1; v < width; v++)
        cdf[v] += cdf[v - 1];
}

/* The full distribution and one cut early, against enumeration: n_groups groups of the
 * given sizes, or NULL for singletons (the no-ties path). */
static void check_cdf_against_brute_force(const size_t *ties, size_t n_groups)
{
    size_t singles[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    size_t sizes[4][2] = {{4, 7}, {7, 4}, {1, 10}, {5, 6}};
    for (size_t s = 0; s < 4; s++) {
        size_t nx = sizes[s][0], ny = sizes[s][1], width = 2 * nx * ny + 1;
        double got[61], cut[61], want[61];
        CHECK(stats_mwu_exact_cdf(nx, ny, ties, n_groups, width - 1, got) == 0);
        CHECK(stats_mwu_exact_cdf(nx, ny, ties, n_groups, width / 3, cut) == 0);
        brute_force_cdf(nx, ny, ties ? ties : singles, ties ? n_groups : 11, want);
        for (size_t v = 0; v < width; v++)
            CHECK_NEAR(got[v], want[v], 1e-13);
        for (size_t v = 0; v <= width / 3; v++)
            CHECK_NEAR(cut[v], want[v], 1e-13);
    }
}

static void test_mwu_exact_cdf_with_ties_matches_brute_force_enumeration(void)
{
    size_t ties[5] = {2, 1, 3, 1, 4};
    check_cdf_against_brute_force(ties, 5);
}

static void test_mwu_exact_cdf_without_ties_matches_brute_force_enumeration(void)
{
    size_t singles[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    check_cdf_against_brute_force(NULL, 0);
    check_cdf_against_brute_force(singles, 11); /* groups of one are no ties either */
}

static void test_mwu_exact_cdf_rejects_bad_tie_patterns_and_range(void)
{
    size_t ties[2] = {2, 2}, with_zero[3] = {2, 0, 3};
    double cdf[13];
    CHECK(stats_mwu_exact_cdf(2, 3, ties, 2, 12, cdf) == -1);
    CHECK(stats_mwu_exact_cdf(2, 3, with_zero, 3, 12, cdf) == -1);
    CHECK(stats_mwu_exact_cdf(2, 3, NULL, 0, 13, cdf) == -1);
    CHECK(stats_mwu_exact_cdf(2, 3, NULL, 0, 12, cdf) == 0 && cdf[12] == 1);
}

static void test_mwu_all_equal_values_give_p_one(void)
{
    double x[5] = {3, 3, 3, 3, 3}, y[60];
    for (size_t i = 0; i < 60; i++)
        y[i] = 3;
    stats_mwu r;
    CHECK(stats_mann_whitney(x, 5, y, 5, &r) == 0);
    CHECK(r.all_equal && r.p == 1 && r.u == 12.5);
    CHECK(stats_mann_whitney(x, 5, y, 60, &r) == 0); /* the normal path too */
    CHECK(r.all_equal && r.p == 1 && !r.exact);
    y[0] = 4;
    CHECK(stats_mann_whitney(x, 5, y, 5, &r) == 0);
    CHECK(!r.all_equal && r.p == 1);
}

static void test_mwu_exact_p_keeps_full_precision_far_in_either_tail(void)
{
    /* Fully separated 20 vs 20: p = 2 / C(40, 20), whichever side is larger; with ties
     * inside each side (5 groups of 4) the split is as unlikely. */
    double low[20], high[20], low_tied[20], high_tied[20];
    for (size_t i = 0; i < 20; i++) {
        low[i] = (double)i, high[i] = 100 + (double)i;
        low_tied[i] = (double)(i / 4), high_tied[i] = 100 + (double)(i / 4);
    }
    double want = 2 / gsl_sf_choose(40, 20);
    stats_mwu r;
    CHECK(stats_mann_whitney(low, 20, high, 20, &r) == 0 && r.exact && r.u == 0);
    CHECK_NEAR(r.p, want, 1e-12);
    CHECK(stats_mann_whitney(high, 20, low, 20, &r) == 0 && r.exact && r.u == 400);
    CHECK_NEAR(r.p, want, 1e-12);
    CHECK(stats_mann_whitney(high_tied, 20, low_tied, 20, &r) == 0 && r.exact);
    CHECK_NEAR(r.p, want, 1e-12);
}

static void test_mwu_rejects_an_empty_side_and_nan(void)
{
    double x[3] = {1, 2, 3}, bad[3] = {1, NAN, 3};
    stats_mwu r;
    CHECK(stats_mann_whitney(x, 3, x, 0, &r) == -1 && isnan(r.p));
    CHECK(stats_mann_whitney(x, 3, bad, 3, &r) == -1);
}

/* Deterministic values for the larger tests: a fixed linear congruential sequence. */
static double next_uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
}

static void fill_lognormal(double *x, size_t n, double shift, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        double u = next_uniform(&seed);
        x[i] = exp(shift + 0.3 * gsl_cdf_ugaussian_Pinv(u));
    }
}

static void test_mwu_is_exact_up_to_50_per_side_or_25_with_ties(void)
{
    double x[51], y[51];
    fill_lognormal(x, 51, 0.0, 1);
    fill_lognormal(y, 51, 0.2, 2);
    stats_mwu exact, normal;
    CHECK(stats_mann_whitney(x, 50, y, 50, &exact) == 0 && exact.exact);
    CHECK(stats_mann_whitney(x, 51, y, 50, &normal) == 0 && !normal.exact);
    CHECK(fabs(exact.p - normal.p) < 0.02); /* one more sample barely moves p */
    for (size_t i = 0; i < 26; i++)
        x[i] = round(4 * x[i]), y[i] = round(4 * y[i]);
    CHECK(stats_mann_whitney(x, 25, y, 25, &exact) == 0 && exact.exact);
    CHECK(stats_mann_whitney(x, 26, y, 25, &normal) == 0 && !normal.exact);
    CHECK(fabs(exact.p - normal.p) < 0.05);
}

static void test_mwu_is_symmetric_in_its_arguments(void)
{
    double x[80], y[80];
    for (size_t i = 0; i < 80; i++)
        x[i] = (double)(i % 7);
    for (size_t i = 0; i < 80; i++)
        y[i] = (double)(i % 5) + 1;
    for (size_t m = 8; m <= 80; m += 72) {
        stats_mwu xy, yx;
        CHECK(stats_mann_whitney(x, m, y, m - 1, &xy) == 0);
        CHECK(stats_mann_whitney(y, m - 1, x, m, &yx) == 0);
        CHECK(xy.exact == yx.exact);
        CHECK_NEAR(xy.p, yx.p, 1e-12);
        CHECK(xy.u + yx.u == (double)(m * (m - 1)));
    }
}

/* ---- ratio of medians ------------------------------------------------------------------- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* All log(x_i) - log(b_j), sorted: the definition the selection must match. */
static double *sorted_log_differences(const double *x, size_t nx, const double *b, size_t nb)
{
    double *d = malloc(nx * nb * sizeof *d);
    for (size_t i = 0; d && i < nx; i++)
        for (size_t j = 0; j < nb; j++)
            d[i * nb + j] = log(x[i]) - log(b[j]);
    if (d)
        qsort(d, nx * nb, sizeof *d, compare_doubles);
    return d;
}

static void check_ratio_against_brute_force(const double *x, size_t nx, const double *b, size_t nb,
                                            size_t k)
{
    stats_ratio r;
    double *d = sorted_log_differences(x, nx, b, nb);
    CHECK(d != NULL);
    CHECK(stats_ratio_of_medians(b, nb, x, nx, 0.95, &r) == 0 && r.ok);
    if (!d)
        return;
    size_t total = nx * nb;
    CHECK_NEAR(r.lo, exp(d[k - 1]), 1e-12);
    CHECK_NEAR(r.hi, exp(d[total - k]), 1e-12);
    double median = total % 2 ? d[total / 2] : (d[total / 2 - 1] + d[total / 2]) / 2;
    CHECK_NEAR(r.ratio, exp(median), 1e-12);
    free(d);
}

static void test_ratio_selection_matches_brute_force_with_heavy_ties(void)
{
    /* Few distinct values: long runs of equal differences around every order statistic. */
    double x[90], b[70];
    uint64_t seed = 7;
    for (size_t i = 0; i < 90; i++)
        x[i] = 1 + floor(5 * next_uniform(&seed));
    for (size_t i = 0; i < 70; i++)
        b[i] = 1 + floor(4 * next_uniform(&seed));
    /* Normal path: k = floor(mn/2 - 1/2 - z sigma) + 1, no tie correction. */
    double mn = 90.0 * 70, sigma = sqrt(mn * (90 + 70 + 1) / 12);
    size_t k = (size_t)floor(mn / 2 - 0.5 - gsl_cdf_ugaussian_Qinv(0.025) * sigma) + 1;
    check_ratio_against_brute_force(x, 90, b, 70, k);
    /* Exact path (30 x 40): k from the exact U distribution, P(U <= k-1) <= 0.025. */
    double cdf[2 * 30 * 40 + 1];
    CHECK(stats_mwu_exact_cdf(30, 40, NULL, 0, 2 * 30 * 40, cdf) == 0);
    size_t exact_k = 0;
    while (cdf[2 * exact_k] <= 0.025)
        exact_k++;
    check_ratio_against_brute_force(x, 30, b, 40, exact_k);
}

/* Continuous data, skewed and shifted, of sizes whose brackets start far wider than the listed
 * ones: the secant search and the listing of the last bracket give the exact order
 * statistics (the ratio's interval ends and its point, on the normal path). */
static void test_ratio_selection_matches_brute_force_on_continuous_data(void)
{
    static const size_t sizes[][2] = {{400, 300}, {120, 800}, {1000, 60}, {257, 257}};
    uint64_t seed = 11;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t nx = sizes[s][0], nb = sizes[s][1];
        double *x = malloc(nx * sizeof *x), *b = malloc(nb * sizeof *b);
        for (size_t i = 0; i < nx; i++) /* lognormal-ish with a heavy right tail, 3% slower */
            x[i] = 1030 * exp(0.2 * log(next_uniform(&seed) + 1e-3));
        for (size_t i = 0; i < nb; i++)
            b[i] = 1000 * exp(0.1 * (next_uniform(&seed) - 0.5));
        double mn = (double)nx * (double)nb, sigma = sqrt(mn * (double)(nx + nb + 1) / 12);
        size_t k = (size_t)floor(mn / 2 - 0.5 - gsl_cdf_ugaussian_Qinv(0.025) * sigma) + 1;
        check_ratio_against_brute_force(x, nx, b, nb, k);
        free(x);
        free(b);
    }
}

static void test_ratio_ci_contains_its_point_estimate_and_reaches_the_level(void)
{
    size_t sizes[5] = {6, 12, 40, 50, 300};
    static double x[300], b[300];
    for (size_t s = 0; s < 5; s++) {
        size_t n = sizes[s];
        fill_lognormal(x, n, 0.1, 10 + s);
        fill_lognormal(b, n, 0.0, 20 + s);
        stats_ratio r;
        CHECK(stats_ratio_of_medians(b, n, x, n, 0.95, &r) == 0 && r.ok);
        CHECK(r.lo <= r.ratio && r.ratio <= r.hi);
        CHECK(r.coverage >= 0.95 && r.coverage < 1);
        CHECK(r.exact == (n <= STATS_MWU_EXACT_MAX_N));
    }
}

static void test_ratio_is_bit_identical_across_calls(void)
{
    static double x[1000], b[1000];
    fill_lognormal(x, 1000, 0.05, 3);
    fill_lognormal(b, 1000, 0.0, 4);
    stats_ratio first, second;
    CHECK(stats_ratio_of_medians(b, 1000, x, 1000, 0.95, &first) == 0);
    CHECK(stats_ratio_of_medians(b, 1000, x, 1000, 0.95, &second) == 0);
    double got[6] = {first.ratio, first.lo, first.hi, first.median_ratio, first.coverage, first.conf};
    double again[6] = {second.ratio, second.lo, second.hi, second.median_ratio, second.coverage, second.conf};
    CHECK(memcmp(got, again, sizeof got) == 0); /* fields, not the struct: padding is undefined */
    CHECK(first.ok == second.ok && first.exact == second.exact);
    CHECK(first.ok && first.lo < first.hi);
}

static void test_ratio_is_unbounded_for_3_vs_3(void)
{
    double x[3] = {2, 3, 4}, b[3] = {1, 2, 3};
    stats_ratio r;
    CHECK(stats_ratio_of_medians(b, 3, x, 3, 0.95, &r) == 0 && r.ok);
    CHECK(r.lo == 0 && isinf(r.hi) && r.coverage == 1);
    CHECK_NEAR(r.ratio, 1.5, 1e-15);
}

static void test_ratio_of_values_at_or_below_zero_uses_the_raw_shift(void)
{
    double good[4] = {1, 2, 3, 4}, zero[4] = {1, 0, 3, 4}, negative[4] = {1, 2, -3, 4};
    double zeros[4] = {0, 0, 0, 1}, thirty_two[4] = {32, 32, 32, 32};
    stats_ratio r;
    CHECK(stats_ratio_of_medians(good, 4, zero, 4, 0.95, &r) == 0 && r.ok && !r.log_scale);
    CHECK(r.lo <= r.ratio && r.ratio <= r.hi);
    CHECK(stats_ratio_of_medians(good, 4, negative, 4, 0.95, &r) == 0 && r.ok && !r.log_scale);
    CHECK(r.lo <= r.ratio && r.ratio <= r.hi);
    /* A baseline whose median is 0 has no ratio to scale the shift by. */
    CHECK(stats_ratio_of_medians(zeros, 4, thirty_two, 4, 0.95, &r) == -1 && !r.ok &&
          isnan(r.ratio));
    CHECK(stats_ratio_of_medians(good, 0, good, 4, 0.95, &r) == -1 && !r.ok);
    CHECK(stats_ratio_of_medians(good, 4, good, 4, 0.95, &r) == 0 && r.ok && r.ratio == 1);
    CHECK(r.log_scale);
}

static void test_ratio_point_lies_inside_its_interval_for_random_pairs(void)
{
    /* 1,000 random pairs of sizes 1..40 at 90/95/99%, continuous and heavily tied alike. */
    uint64_t seed = 99;
    static double x[40], b[40];
    const double levels[3] = {0.90, 0.95, 0.99};
    size_t outside = 0, bad = 0;
    for (int t = 0; t < 1000; t++) {
        size_t nx = 1 + (size_t)(40 * next_uniform(&seed)), nb = 1 + (size_t)(40 * next_uniform(&seed));
        int tied = t % 3 == 0;
        for (size_t i = 0; i < nx; i++)
            x[i] = tied ? 1 + floor(3 * next_uniform(&seed)) : exp(0.3 * next_uniform(&seed));
        for (size_t i = 0; i < nb; i++)
            b[i] = tied ? 1 + floor(3 * next_uniform(&seed)) : exp(0.3 * next_uniform(&seed));
        stats_ratio r;
        if (stats_ratio_of_medians(b, nb, x, nx, levels[t % 3], &r) != 0) {
            bad++;
            continue;
        }
        outside += !(r.lo <= r.ratio && r.ratio <= r.hi);
    }
    CHECK(bad == 0);
    CHECK(outside == 0);
}

static void test_ratio_interval_keeps_its_level_with_ties(void)
{
    /* Discrete samples (4 values) with a true shift of 0: the closed interval must hold 1 at
     * least as often as its level says (it is conservative with ties). */
    uint64_t seed = 5;
    double x[12], b[12];
    int covered = 0, runs = 2000;
    for (int t = 0; t < runs; t++) {
        for (size_t i = 0; i < 12; i++) {
            x[i] = 1 + floor(4 * next_uniform(&seed));
            b[i] = 1 + floor(4 * next_uniform(&seed));
        }
        stats_ratio r;
        CHECK(stats_ratio_of_medians(b, 12, x, 12, 0.9, &r) == 0);
        covered += r.lo <= 1 && 1 <= r.hi;
    }
    CHECK((double)covered / runs >= 0.9);
}

/* ---- Welch ------------------------------------------------------------------------------- */

static void test_welch_refuses_values_whose_variance_overflows(void)
{
    /* Found by fuzzing: around 1e78 the squared standard errors overflow and df became NaN,
     * which made GSL abort() in its t distribution. */
    double a[2] = {1e78, 3e78}, b[2] = {1e78, 3e78};
    stats_welch w;
    CHECK(stats_welch_t(a, 2, b, 2, &w) == -1 && isnan(w.p));
}

static void test_welch_refuses_single_values_and_zero_variance(void)
{
    double x[3] = {1, 2, 3}, flat[3] = {2, 2, 2};
    stats_welch w;
    CHECK(stats_welch_t(x, 1, x, 3, &w) == -1 && isnan(w.p));
    CHECK(stats_welch_t(flat, 3, flat, 3, &w) == -1 && isnan(w.t));
    CHECK(stats_welch_t(x, 3, flat, 3, &w) == 0 && w.t == 0);
    CHECK_NEAR(w.df, 2, 1e-14);
    CHECK_NEAR(w.p, 1, 1e-14);
}

/* ---- adjustments and the geometric mean -------------------------------------------------- */

static void test_holm_and_bh_are_monotone_capped_and_keep_input_order(void)
{
    enum { N = 200 };
    double p[N], holm[N], bh[N], shuffled[N], holm_shuffled[N];
    size_t order[N];
    uint64_t seed = 11;
    for (size_t i = 0; i < N; i++) {
        double u = next_uniform(&seed);
        p[i] = i % 10 == 0 ? 0.01 : u * u; /* many small values, some tied */
        order[i] = (i * 37) % N;           /* 37 is coprime to 200: a permutation */
    }
    stats_holm(p, N, holm);
    stats_bh(p, N, bh);
    for (size_t i = 0; i < N; i++) {
        CHECK(holm[i] <= 1 && bh[i] <= 1);
        CHECK(holm[i] >= p[i] && bh[i] >= p[i] && holm[i] >= bh[i]);
        for (size_t j = 0; j < N; j++)
            if (p[i] <= p[j])
                CHECK(holm[i] <= holm[j] && bh[i] <= bh[j]);
        shuffled[i] = p[order[i]];
    }
    stats_holm(shuffled, N, holm_shuffled);
    for (size_t i = 0; i < N; i++)
        CHECK(holm_shuffled[i] == holm[order[i]]);
}

static void test_adjustments_leave_nan_out_of_the_count(void)
{
    double p[3] = {0.01, NAN, 0.02}, adj[3];
    stats_holm(p, 3, adj);
    CHECK(adj[0] == 0.02 && isnan(adj[1]) && adj[2] == 0.02);
    stats_bh(p, 3, adj);
    CHECK(adj[0] == 0.02 && isnan(adj[1]) && adj[2] == 0.02);
}

static void test_geomean_of_positive_values_and_nan_otherwise(void)
{
    double x[3] = {1, 2, 4}, zero[2] = {1, 0}, negative[2] = {-1, 4};
    CHECK_NEAR(stats_geomean(x, 3), 2, 1e-15);
    CHECK(isnan(stats_geomean(x, 0)));
    CHECK(isnan(stats_geomean(zero, 2)));
    CHECK(isnan(stats_geomean(negative, 2)));
}

int main(void)
{
    RUN(test_quantile_is_type_7_linear_interpolation);
    RUN(test_summary_of_one_value_has_a_median_but_no_spread);
    RUN(test_summary_rejects_empty_nan_and_bad_level_and_keeps_input);
    RUN(test_tukey_labels_mark_mild_and_extreme_outliers_and_keep_fence_values);
    RUN(test_mwu_exact_cdf_3v3_is_the_textbook_table);
    RUN(test_mwu_exact_cdf_with_ties_matches_brute_force_enumeration);
    RUN(test_mwu_exact_cdf_without_ties_matches_brute_force_enumeration);
    RUN(test_mwu_exact_cdf_rejects_bad_tie_patterns_and_range);
    RUN(test_mwu_all_equal_values_give_p_one);
    RUN(test_mwu_exact_p_keeps_full_precision_far_in_either_tail);
    RUN(test_mwu_rejects_an_empty_side_and_nan);
    RUN(test_mwu_is_exact_up_to_50_per_side_or_25_with_ties);
    RUN(test_mwu_is_symmetric_in_its_arguments);
    RUN(test_ratio_selection_matches_brute_force_with_heavy_ties);
    RUN(test_ratio_selection_matches_brute_force_on_continuous_data);
    RUN(test_ratio_ci_contains_its_point_estimate_and_reaches_the_level);
    RUN(test_ratio_is_bit_identical_across_calls);
    RUN(test_ratio_is_unbounded_for_3_vs_3);
    RUN(test_ratio_of_values_at_or_below_zero_uses_the_raw_shift);
    RUN(test_ratio_point_lies_inside_its_interval_for_random_pairs);
    RUN(test_ratio_interval_keeps_its_level_with_ties);
    RUN(test_welch_refuses_single_values_and_zero_variance);
    RUN(test_welch_refuses_values_whose_variance_overflows);
    RUN(test_holm_and_bh_are_monotone_capped_and_keep_input_order);
    RUN(test_adjustments_leave_nan_out_of_the_count);
    RUN(test_geomean_of_positive_values_and_nan_otherwise);
    return check_main("stats-properties");
}
