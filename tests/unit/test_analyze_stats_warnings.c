/* test_analyze_stats_warnings.c - the engine's warnings say only what is true of that cell
 * or comparison: the median's CI is flagged exactly when an end of it is infinite at the
 * level asked for, whatever n is. */
#include "analyze/stats.h"
#include "check.h"

#include <math.h>
#include <stddef.h>

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

int main(void)
{
    RUN(test_summary_warns_exactly_when_an_end_of_the_median_ci_is_infinite);
    RUN(test_summary_warning_at_the_issues_sample_sizes);
    return check_main("stats-warnings");
}
