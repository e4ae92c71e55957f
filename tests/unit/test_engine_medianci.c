/* test_engine_medianci.c - the median's CI against benchstat's orders and first principles.
 *
 * tests/fixtures/stats/median_ci_orders.txt (from gen_median_ci_orders.py, an independent
 * implementation of benchstat's selection) lists benchstat's orders and ours for n = 1..400
 * at 90, 95 and 99%; every line is checked, and the places where the two differ must be
 * exactly the documented ties (docs/median-ci.md). The rest checks coverage, shape and
 * minimality from the binomial distribution itself, and the summary's bounds. Run from the
 * repository root. */
#include "engine/stats.h"
#include "check.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exact Binomial(n, 1/2) mass of the gaps between orders lo and hi (0 = infinite end). */
static double rank_coverage(size_t n, size_t lo, size_t hi)
{
    double below = lo ? gsl_cdf_binomial_P((unsigned)(lo - 1), 0.5, (unsigned)n) : 0;
    double upto = hi ? gsl_cdf_binomial_P((unsigned)(hi - 1), 0.5, (unsigned)n) : 1;
    return upto - below;
}

typedef struct {
    double conf;
    size_t n, lo, hi, bs_lo, bs_hi;
    double coverage;
    char method[16];
} orders_row;

static int parse_row(const char *line, orders_row *r)
{
    return sscanf(line, "%lf %zu %zu %zu %zu %zu %lf %15s", &r->conf, &r->n, &r->lo, &r->hi,
                  &r->bs_lo, &r->bs_hi, &r->coverage, r->method) == 8;
}

/* One table row against the engine; returns 1 when benchstat's orders differ from ours. */
static int check_row(const orders_row *r)
{
    size_t lo, hi;
    double coverage;
    CHECK(stats_median_ci_ranks(r->n, r->conf, &lo, &hi, &coverage) == 0);
    if (lo != r->lo || hi != r->hi)
        fprintf(stderr, "  n = %zu at %.2f: ranks %zu..%zu, want %zu..%zu\n", r->n, r->conf, lo, hi,
                r->lo, r->hi);
    CHECK(lo == r->lo && hi == r->hi);
    CHECK_NEAR(coverage, r->coverage, 1e-12);
    CHECK(!strcmp(r->method, r->n <= STATS_MEDIAN_CI_EXACT_MAX_N ? "exact" : "normal"));
    if (r->bs_lo == r->lo && r->bs_hi == r->hi)
        return 0;
    /* benchstat's floating point broke an exact tie to the right: the same width one order
     * up, of the same mass, only where the exact binomial is used. */
    CHECK(r->n <= STATS_MEDIAN_CI_EXACT_MAX_N && r->lo > 0 && r->hi > 0);
    CHECK(r->bs_lo == r->lo + 1 && r->bs_hi == r->hi + 1 && r->lo + r->hi == r->n);
    CHECK_NEAR(rank_coverage(r->n, r->bs_lo, r->bs_hi), r->coverage, 1e-12);
    return 1;
}

static void test_median_ci_orders_match_benchstat_for_n_1_to_400_at_90_95_99(void)
{
    FILE *in = fopen("tests/fixtures/stats/median_ci_orders.txt", "r");
    CHECK(in != NULL);
    if (!in)
        return;
    char line[256];
    size_t rows = 0, differ = 0, per_level[3] = {0, 0, 0};
    static const double levels[3] = {0.90, 0.95, 0.99};
    while (fgets(line, sizeof line, in)) {
        orders_row r;
        if (line[0] == '#')
            continue;
        CHECK(parse_row(line, &r));
        rows++;
        differ += check_row(&r);
        for (size_t i = 0; i < 3; i++)
            per_level[i] += r.conf == levels[i] && r.n == per_level[i] + 1;
    }
    fclose(in);
    CHECK(rows == 1200);
    CHECK(per_level[0] == 400 && per_level[1] == 400 && per_level[2] == 400);
    CHECK(differ == 4); /* the ties docs/median-ci.md lists */
}

/* The documented cases: the half-bounded and bounded small samples, and the first n
 * where benchstat's normal approximation is one order wider than the exact interval. */
static void test_median_ci_known_cases(void)
{
    static const struct {
        size_t n;
        double conf;
        size_t lo, hi;
        double coverage;
    } cases[] = {
        {3, 0.90, 0, 0, 1},           {4, 0.90, 0, 4, 15.0 / 16},   {5, 0.90, 1, 5, 30.0 / 32},
        {4, 0.95, 0, 0, 1},           {5, 0.95, 0, 5, 31.0 / 32},   {6, 0.95, 1, 6, 62.0 / 64},
        {7, 0.99, 0, 7, 127.0 / 128}, {8, 0.99, 1, 8, 254.0 / 256}, {10, 0.95, 2, 9, 1002.0 / 1024},
        {1, 0.40, 0, 1, 0.5},         {43, 0.95, 15, 29, NAN},      {44, 0.95, 15, 29, NAN},
        {22, 0.90, 7, 15, NAN}, /* benchstat: 8, 16 (a tie it breaks to the right) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t lo, hi;
        double coverage;
        CHECK(stats_median_ci_ranks(cases[i].n, cases[i].conf, &lo, &hi, &coverage) == 0);
        CHECK(lo == cases[i].lo && hi == cases[i].hi);
        double want =
            isnan(cases[i].coverage) ? rank_coverage(cases[i].n, lo, hi) : cases[i].coverage;
        CHECK(coverage == want || fabs(coverage - want) < 1e-14);
    }
}

/* Exact region: the ranks reach conf, are symmetric or one step left (an infinite end
 * counted as rank 0 below, n + 1 above), and the run one gap shorter falls short. */
static void check_exact_ranks(size_t n, double conf)
{
    size_t lo, hi;
    double coverage;
    CHECK(stats_median_ci_ranks(n, conf, &lo, &hi, &coverage) == 0);
    size_t l = lo, r = hi ? hi : n + 1; /* gaps l..r-1 */
    CHECK(l < r && r <= n + 1);
    CHECK(l + r == n + 1 || l + r == n);
    CHECK(coverage >= conf);
    CHECK(coverage == rank_coverage(n, lo, hi) ||
          fabs(coverage - rank_coverage(n, lo, hi)) < 1e-14);
    if (r - l > 1) {
        size_t pl = l + r == n + 1 ? l : l + 1, pr = l + r == n + 1 ? r - 1 : r;
        CHECK(rank_coverage(n, pl, pr > n ? 0 : pr) < conf);
    }
}

static void test_median_ci_exact_region_is_minimal_and_centred_at_any_level(void)
{
    static const double levels[] = {0.01, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.999999};
    for (size_t n = 1; n <= STATS_MEDIAN_CI_EXACT_MAX_N; n++)
        for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
            check_exact_ranks(n, levels[i]);
}

/* A level that is exactly a reachable mass is reached (exact dyadic arithmetic, no fuzz). */
static void test_median_ci_level_equal_to_a_mass_is_reached(void)
{
    size_t lo, hi;
    double coverage;
    CHECK(stats_median_ci_ranks(4, 0.375, &lo, &hi, &coverage) == 0);
    CHECK(lo == 2 && hi == 3 && coverage == 0.375);
    CHECK(stats_median_ci_ranks(4, 0.375000001, &lo, &hi, &coverage) == 0);
    CHECK(lo == 1 && hi == 3 && coverage == 0.625);
}

/* Normal region beyond the table: the normal ranks stay within one order of the exact
 * minimal ones and their exact coverage within 1e-3 below the level. */
static void test_median_ci_normal_region_stays_within_one_order_of_exact(void)
{
    for (size_t n = STATS_MEDIAN_CI_EXACT_MAX_N + 1; n <= 1500; n += 7) {
        size_t lo, hi, width = 1;
        double coverage;
        CHECK(stats_median_ci_ranks(n, 0.95, &lo, &hi, &coverage) == 0);
        while (rank_coverage(n, (n + 1 - width) / 2, (n + 1 - width) / 2 + width) < 0.95)
            width++;
        size_t exact_lo = (n + 1 - width) / 2, exact_hi = exact_lo + width;
        CHECK(lo + 1 >= exact_lo && lo <= exact_lo + 1);
        CHECK(hi + 1 >= exact_hi && hi <= exact_hi + 1);
        CHECK(lo + hi == n || lo + hi == n + 1);
        CHECK(coverage >= 0.95 - 1e-3);
        CHECK_NEAR(coverage, rank_coverage(n, lo, hi), 1e-12);
    }
}

static void test_median_ci_is_bit_identical_across_calls(void)
{
    for (size_t n = 1; n <= 200; n++) {
        size_t lo1, hi1, lo2, hi2;
        double c1, c2;
        stats_median_ci_ranks(n, 0.95, &lo1, &hi1, &c1);
        stats_median_ci_ranks(n, 0.95, &lo2, &hi2, &c2);
        CHECK(lo1 == lo2 && hi1 == hi2 && memcmp(&c1, &c2, sizeof c1) == 0);
    }
}

static void test_median_ci_rejects_empty_sample_and_levels_outside_0_1(void)
{
    size_t lo = 7, hi = 7;
    double coverage;
    CHECK(stats_median_ci_ranks(0, 0.95, &lo, &hi, &coverage) == -1);
    CHECK(lo == 0 && hi == 0);
    CHECK(stats_median_ci_ranks(10, 0, &lo, &hi, &coverage) == -1);
    CHECK(stats_median_ci_ranks(10, 1, &lo, &hi, &coverage) == -1);
    CHECK(stats_median_ci_ranks(10, NAN, &lo, &hi, &coverage) == -1);
}

/* The summary's bounds are the sample's order statistics at those ranks, an infinite end
 * where the rank is 0, on shuffled data (x(k) = 2k - 1), for every n of the table. */
static void test_summary_bounds_are_the_order_statistics_or_infinite(void)
{
    static const double levels[3] = {0.90, 0.95, 0.99};
    double x[400];
    unsigned long state = 12345;
    for (size_t n = 1; n <= 400; n++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (double)(2 * i + 1);
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates with a fixed LCG */
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            size_t j = (size_t)(state >> 33) % i;
            double t = x[i - 1];
            x[i - 1] = x[j];
            x[j] = t;
        }
        for (size_t l = 0; l < 3; l++) {
            stats_summary s;
            size_t lo, hi;
            double coverage;
            CHECK(stats_summarize(x, n, levels[l], &s) == 0);
            stats_median_ci_ranks(n, levels[l], &lo, &hi, &coverage);
            CHECK(s.ci_lo_rank == lo && s.ci_hi_rank == hi && s.ci_coverage == coverage);
            CHECK(lo ? s.ci_lo == (double)(2 * lo - 1) : isinf(s.ci_lo) && s.ci_lo < 0);
            CHECK(hi ? s.ci_hi == (double)(2 * hi - 1) : isinf(s.ci_hi) && s.ci_hi > 0);
            CHECK(s.ci_lo <= s.median && s.median <= s.ci_hi);
        }
    }
}

int main(void)
{
    RUN(test_median_ci_orders_match_benchstat_for_n_1_to_400_at_90_95_99);
    RUN(test_median_ci_known_cases);
    RUN(test_median_ci_exact_region_is_minimal_and_centred_at_any_level);
    RUN(test_median_ci_level_equal_to_a_mass_is_reached);
    RUN(test_median_ci_normal_region_stays_within_one_order_of_exact);
    RUN(test_median_ci_is_bit_identical_across_calls);
    RUN(test_median_ci_rejects_empty_sample_and_levels_outside_0_1);
    RUN(test_summary_bounds_are_the_order_statistics_or_infinite);
    return check_main("median-ci");
}
