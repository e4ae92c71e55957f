/* Claims about attribution's arithmetic (stages/engine/attrib.c): what the factors leave of a
 * total is total / their product, and its interval widens with every estimate it rests on. */
#include "check.h"
#include "engine/attrib.h"
#include "engine/engine.h"

#include <math.h>

static void test_factors_that_explain_the_total_leave_one(void)
{
    attrib_ratio total = {1.32, 1.25, 1.40, 1};
    attrib_ratio f[2] = {{1.10, 1.05, 1.15, 1}, {1.20, 1.15, 1.25, 1}};
    attrib_ratio u = attrib_unexplained(&total, f, 2, 0.95);
    CHECK(u.ok);
    CHECK_NEAR(u.ratio, 1.0, 1e-12);
    CHECK(u.lo < 1 && u.hi > 1);
}

static void test_the_rest_is_wider_than_the_total_alone(void)
{
    attrib_ratio total = {1.385, 1.30, 1.47, 1}, f = {1.0, 0.98, 1.02, 1};
    attrib_ratio alone = attrib_unexplained(&total, NULL, 0, 0.95);
    attrib_ratio u = attrib_unexplained(&total, &f, 1, 0.95);
    CHECK_NEAR(alone.ratio, 1.385, 1e-12);
    /* the total's own interval, read as a normal one on the log scale, comes back */
    CHECK_NEAR(log(alone.hi / alone.lo), log(1.47 / 1.30), 1e-9);
    CHECK(u.hi / u.lo > alone.hi / alone.lo);
    CHECK(u.lo > 1); /* a filter costing nothing leaves the whole 38.5% unexplained */
}

static void test_an_unbounded_or_missing_estimate_says_so(void)
{
    attrib_ratio total = {1.2, 1.1, 1.3, 1}, f = {1.1, 0, INFINITY, 1};
    attrib_ratio bad = {NAN, NAN, NAN, 0};
    attrib_ratio u = attrib_unexplained(&total, &f, 1, 0.95);
    CHECK(u.ok && u.lo == 0 && isinf(u.hi));
    CHECK(!attrib_unexplained(&total, &bad, 1, 0.95).ok);
}

/* docker / host 1.5 [1.2, 1.875]; the filter docker has 1.2 [1.0, 1.44]; the limits only the
 * baseline has 1.25 [1.1, 1.42], so they count as 1 / 1.25: 1.5 / (1.2 * 0.8) = 1.5625, and the
 * log-scale half-widths add in quadrature: exp(ln 1.5625 -+ sqrt(sum of (ln(hi/lo)/2)^2)). */
static void test_a_closed_attribution_is_the_known_product_with_its_interval(void)
{
    attrib_ratio total = {1.5, 1.2, 1.875, 1};
    attrib_factor f[2] = {{"seccomp", {1.2, 1.0, 1.44, 1}, +1}, {"limits", {1.25, 1.1, 1.42, 1}, -1}};
    char missing[64];
    attrib_ratio u = attrib_close(&total, f, 2, 0.95, missing, sizeof missing);
    CHECK(u.ok);
    CHECK_STR(missing, "");
    CHECK_NEAR(u.ratio, 1.5625, 1e-12);
    CHECK_NEAR(u.lo, 1.1400966721389985, 1e-9);
    CHECK_NEAR(u.hi, 2.14140283860275, 1e-9);
}

/* A factor separating the pair that no arm measured leaves it open: no number, and every such
 * factor named, never a product over the measured ones alone. */
static void test_an_unmeasured_factor_leaves_it_not_closed_and_named(void)
{
    attrib_ratio total = {1.385, 1.30, 1.47, 1}, none = {NAN, NAN, NAN, 0};
    attrib_factor f[3] = {{"seccomp", {1.0, 0.98, 1.02, 1}, +1},
                          {"capabilities", none, +1},
                          {"daemon", none, +1}};
    char missing[64];
    attrib_ratio u = attrib_close(&total, f, 3, 0.95, missing, sizeof missing);
    CHECK(!u.ok && isnan(u.ratio));
    CHECK_STR(missing, "capabilities, daemon");
}

/* An unbounded end of a factor counted inverted stays unbounded at the other end. */
static void test_an_inverted_unbounded_factor_leaves_an_unbounded_rest(void)
{
    attrib_ratio total = {1.2, 1.1, 1.3, 1};
    attrib_factor f = {"limits", {1.1, 0, 1.3, 1}, -1};
    char missing[8];
    attrib_ratio u = attrib_close(&total, &f, 1, 0.95, missing, sizeof missing);
    CHECK(u.ok && u.lo == 0 && isinf(u.hi));
    CHECK_NEAR(u.ratio, 1.2 * 1.1, 1e-12);
}

/* An arm that ran only in some of its reference's rounds (the first six, all slow for every
 * environment at once, and the last) is compared within those rounds: the same work gives
 * about 1. Over the two cells' whole samples its median sits in the slow rounds and the
 * reference's in the quiet ones: a 30% "cost" that is only when the arm ran. */
static void test_an_arm_is_compared_within_the_rounds_it_ran(void)
{
    cellset cs = {0};
    for (long r = 1; r <= 24; r++) {
        double base = (100 + (double)(r % 5)) * (r <= 6 ? 1.3 : 1.0);
        cell_push(cells_get(&cs, "T1", "sec/op", "oci", "Fib", "lower"), base, r, 0);
        if (r <= 6 || r == 24)
            cell_push(cells_get(&cs, "T1", "sec/op", "oci-noseccomp", "Fib", "lower"),
                      base * (r % 2 ? 1.004 : 0.996), r, 0);
    }
    cells_sort(&cs);
    const cell *ref = cells_find(&cs, "T1", "sec/op", "oci", NULL);
    const cell *arm = cells_find(&cs, "T1", "sec/op", "oci-noseccomp", NULL);
    attrib_ratio a = attrib_ratio_of(ref, arm, 0.95);
    CHECK(a.ok);
    CHECK_NEAR(a.ratio, 1.0, 0.01);
    CHECK(a.lo < 1 && a.hi > 1);
    stats_ratio two;
    CHECK(stats_ratio_of_medians(ref->x, ref->n, arm->x, arm->n, 0.95, &two) == 0);
    CHECK(two.ratio > 1.2); /* what the whole samples would have said */
    cells_free(&cs);
}

int main(void)
{
    RUN(test_factors_that_explain_the_total_leave_one);
    RUN(test_the_rest_is_wider_than_the_total_alone);
    RUN(test_an_unbounded_or_missing_estimate_says_so);
    RUN(test_a_closed_attribution_is_the_known_product_with_its_interval);
    RUN(test_an_unmeasured_factor_leaves_it_not_closed_and_named);
    RUN(test_an_inverted_unbounded_factor_leaves_an_unbounded_rest);
    RUN(test_an_arm_is_compared_within_the_rounds_it_ran);
    return check_main("engine_attrib");
}
