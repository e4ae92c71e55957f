/* test_engine_stats_warnings.c - the engine's warnings say only what is true of that cell
 * or comparison: the median's CI is flagged exactly when an end of it is infinite at the
 * level asked for, and a Mann-Whitney comparison exactly when no split of its pooled values
 * (by brute force where it can be enumerated) reaches p < 0.05. */
#include "engine/stats.h"
#include "check.h"

#include <gsl/gsl_sf_gamma.h>

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* warn_unbounded_ci <=> an end is infinite, for n = 1..60 at several levels. */
static void test_summary_warns_exactly_when_an_end_of_the_median_ci_is_infinite(void)
{
    static const double levels[] = {0.5, 0.8, 0.9, 0.95, 0.99, 0.999};
    double x[60];
    for (size_t i = 0; i < 60; i++)
        x[i] = (double)((i * 7) % 60); /* distinct (7 and 60 are coprime), unsorted */
    for (size_t n = 1; n <= 60; n++)
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
            stats_summary s;
            CHECK(stats_summarize(x, n, levels[l], &s) == 0);
            CHECK(s.warn_unbounded_ci == (isinf(s.ci_lo) || isinf(s.ci_hi)));
            CHECK(s.warn_unbounded_ci == (s.ci_lo_rank == 0 || s.ci_hi_rank == 0));
        }
}

/* The issue's cases: n = 5 is bounded at 90% (orders 1 and 5) and must not warn; at 95% it
 * is [-inf, x(5)], half-bounded, and warns; n = 6 at 99% warns although n >= 6. */
static void test_summary_warning_at_the_issues_sample_sizes(void)
{
    double x[8] = {5, 3, 8, 1, 7, 2, 6, 4};
    stats_summary s;
    CHECK(stats_summarize(x, 5, 0.90, &s) == 0); /* {5, 3, 8, 1, 7} */
    CHECK(!s.warn_unbounded_ci && s.ci_lo == 1 && s.ci_hi == 8);
    CHECK(stats_summarize(x, 5, 0.95, &s) == 0);
    CHECK(s.warn_unbounded_ci && isinf(s.ci_lo) && s.ci_lo < 0 && s.ci_hi == 8);
    CHECK(s.ci_lo_rank == 0 && s.ci_hi_rank == 5 && s.ci_coverage == 31.0 / 32);
    CHECK(stats_summarize(x, 6, 0.99, &s) == 0);
    CHECK(s.warn_unbounded_ci && isinf(s.ci_lo) && isinf(s.ci_hi));
    CHECK(stats_summarize(x, 7, 0.99, &s) == 0); /* [-inf, x(7)] */
    CHECK(s.warn_unbounded_ci && isinf(s.ci_lo) && s.ci_hi == 8);
    CHECK(stats_summarize(x, 8, 0.99, &s) == 0);
    CHECK(!s.warn_unbounded_ci && s.ci_lo == 1 && s.ci_hi == 8);
}

/* Without ties the least p is 2 / C(nx + ny, nx) (one sample entirely below the other),
 * for every pair of sizes up to 12, from any data: the flag says so, not the sizes alone. */
static void test_mwu_least_p_without_ties_is_2_over_the_number_of_splits(void)
{
    double x[12], y[12];
    for (size_t nx = 1; nx <= 12; nx++)
        for (size_t ny = 1; ny <= 12; ny++) {
            for (size_t i = 0; i < nx; i++)
                x[i] = (double)(2 * i); /* interleaved: far from the extreme */
            for (size_t i = 0; i < ny; i++)
                y[i] = (double)(2 * i + 1);
            stats_mwu r;
            CHECK(stats_mann_whitney(x, nx, y, ny, &r) == 0);
            double want = 2 / gsl_sf_choose((unsigned)(nx + ny), (unsigned)nx);
            want = want < 1 ? want : 1;
            CHECK_NEAR(r.min_p, want, 1e-12);
            CHECK(r.warn_no_significance == (want >= 0.05));
            CHECK(r.p >= r.min_p);
        }
}

/* The issue's 3 vs 5: p = 2/56 = 0.036 is reachable, and reached, so no warning; 3 vs 3 and
 * 2 vs 5 cannot go below 0.1 and 2/21; 1 vs 39 stops at exactly 0.05, which is not below. */
static void test_mwu_warning_at_the_issues_sample_sizes(void)
{
    double low[3] = {1, 2, 3}, high[39];
    for (size_t i = 0; i < 39; i++)
        high[i] = (double)(4 + i);
    stats_mwu r;
    CHECK(stats_mann_whitney(low, 3, high, 5, &r) == 0);
    CHECK(!r.warn_no_significance && r.p < 0.05);
    CHECK_NEAR(r.p, 2.0 / 56, 1e-14);
    CHECK(r.p == r.min_p);
    CHECK(stats_mann_whitney(low, 3, high, 3, &r) == 0);
    CHECK(r.warn_no_significance && r.p == r.min_p && r.min_p > 0.05);
    CHECK(stats_mann_whitney(high, 5, low, 2, &r) == 0);
    CHECK(r.warn_no_significance);
    CHECK_NEAR(r.min_p, 2.0 / 21, 1e-14);
    CHECK(stats_mann_whitney(low, 1, high, 39, &r) == 0);
    CHECK(r.warn_no_significance && r.p == r.min_p); /* 2/40, to rounding */
    CHECK_NEAR(r.min_p, 0.05, 1e-14);
    CHECK(stats_mann_whitney(low, 1, high, 38, &r) == 0);
    CHECK(r.warn_no_significance);
    CHECK(stats_mann_whitney(low, 3, high, 4, &r) == 0); /* 2/35 = 0.057 */
    CHECK(r.warn_no_significance);
}

/* With ties: every split of a pooled multiset into sizes nx, ny is tried; the least p found
 * must be the min_p each of them reports, and the flag must follow it. */
static void check_least_p_by_enumeration(const double *pooled, size_t total, size_t nx)
{
    double x[16], y[16], least = INFINITY;
    double reported = NAN;
    int flagged = -1, consistent = 1;
    CHECK(total <= 16);
    if (total > 16)
        return;
    for (uint32_t mask = 0; mask < (1u << total); mask++) {
        size_t a = 0, b = 0;
        for (size_t i = 0; i < total; i++)
            if (mask >> i & 1)
                x[a++] = pooled[i];
            else
                y[b++] = pooled[i];
        if (a != nx)
            continue;
        stats_mwu r;
        CHECK(stats_mann_whitney(x, nx, y, total - nx, &r) == 0);
        least = r.p < least ? r.p : least;
        if (isnan(reported))
            reported = r.min_p, flagged = r.warn_no_significance;
        consistent &= r.min_p == reported && r.warn_no_significance == flagged;
    }
    CHECK(consistent);
    CHECK_NEAR(reported, least, 1e-12);
    CHECK(flagged == (least >= 0.05));
}

static void test_mwu_least_p_with_ties_matches_enumeration_of_every_split(void)
{
    static const double a[9] = {1, 1, 1, 2, 2, 3, 3, 3, 3};
    static const double b[8] = {1, 1, 1, 1, 1, 1, 1, 2}; /* 4 vs 4: p = 1 whatever the split */
    static const double c[8] = {1, 2, 2, 2, 2, 2, 2, 3}; /* 4 vs 4: 0.029 without ties */
    static const double d[12] = {1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6, 6};
    check_least_p_by_enumeration(a, 9, 4);
    check_least_p_by_enumeration(a, 9, 3);
    check_least_p_by_enumeration(b, 8, 4);
    check_least_p_by_enumeration(c, 8, 4);
    check_least_p_by_enumeration(d, 12, 5);
    check_least_p_by_enumeration(d, 12, 3);
    double x[4] = {2, 2, 2, 1}, y[4] = {2, 2, 2, 3};
    stats_mwu r;
    CHECK(stats_mann_whitney(x, 4, y, 4, &r) == 0);
    CHECK(r.warn_no_significance && r.min_p > 0.5); /* the ties leave no room */
}

/* The normal approximation (one side above 50): 1 vs 100 cannot reach 0.05 with it, 2 vs
 * 100 can; with heavy ties 30 vs 30 cannot. The extreme split gives exactly min_p. */
static void test_mwu_least_p_under_the_normal_approximation(void)
{
    double one = 0, two[2] = {0, 0.5}, hundred[100];
    for (size_t i = 0; i < 100; i++)
        hundred[i] = (double)(i + 1);
    stats_mwu r;
    CHECK(stats_mann_whitney(&one, 1, hundred, 100, &r) == 0);
    CHECK(!r.exact && r.warn_no_significance && r.p == r.min_p && r.min_p > 0.05);
    CHECK(stats_mann_whitney(two, 2, hundred, 100, &r) == 0);
    CHECK(!r.exact && !r.warn_no_significance && r.p == r.min_p && r.min_p < 0.05);
    double x[30], y[30];
    for (size_t i = 0; i < 30; i++)
        x[i] = y[i] = 5;
    x[0] = 0, y[29] = 9; /* x all lowest: 0 and 29 fives against 29 fives and 9 */
    CHECK(stats_mann_whitney(x, 30, y, 30, &r) == 0);
    CHECK(!r.exact && r.warn_no_significance && r.p == r.min_p);
    x[0] = 9, y[29] = 0; /* the other extreme */
    CHECK(stats_mann_whitney(x, 30, y, 30, &r) == 0);
    CHECK(r.warn_no_significance && r.p == r.min_p);
}

int main(void)
{
    RUN(test_summary_warns_exactly_when_an_end_of_the_median_ci_is_infinite);
    RUN(test_summary_warning_at_the_issues_sample_sizes);
    RUN(test_mwu_least_p_without_ties_is_2_over_the_number_of_splits);
    RUN(test_mwu_warning_at_the_issues_sample_sizes);
    RUN(test_mwu_least_p_with_ties_matches_enumeration_of_every_split);
    RUN(test_mwu_least_p_under_the_normal_approximation);
    return check_main("stats-warnings");
}
