/* The decision table (stages/engine/decide.c, docs/verdicts.md), row by row, on intervals
 * given directly: every verdict, the claim of no difference, claims below 1, an interval that
 * touches the claim or 1 exactly, half-bounded and unbounded intervals. */
#include "engine/decide.h"
#include "check.h"

#include <math.h>
#include <string.h>

#define M DECIDE_DEFAULT_MARGIN

static void check_ratio(double c, double lo, double hi, verdict_kind v, decision_how how)
{
    decision d = decide_ratio(c, lo, hi, M);
    CHECK_STR(verdict_word(d.verdict), verdict_word(v));
    CHECK(d.how == how);
}

static void test_claim_inside_an_interval_that_excludes_one_is_reproduced(void)
{
    check_ratio(1.385, 1.30, 1.45, VERDICT_REPRODUCED, HOW_NONE);
    check_ratio(0.72, 0.65, 0.80, VERDICT_REPRODUCED, HOW_NONE); /* a claim below 1 */
}

static void test_the_issue_example_is_refuted_as_no_difference(void)
{
    /* Table 1 measured 1.027 [0.986, 1.054]: the 38.5% the article claims is ruled out. */
    check_ratio(1.385, 0.986, 1.054, VERDICT_REFUTED, HOW_NO_DIFFERENCE);
    check_ratio(1.651, 0.959, 1.021, VERDICT_REFUTED, HOW_NO_DIFFERENCE);
}

static void test_a_smaller_or_larger_effect_is_refuted(void)
{
    check_ratio(1.385, 1.05, 1.15, VERDICT_REFUTED, HOW_SMALLER_EFFECT);
    check_ratio(1.385, 1.50, 1.70, VERDICT_REFUTED, HOW_LARGER_EFFECT);
    check_ratio(0.72, 0.85, 0.95, VERDICT_REFUTED, HOW_SMALLER_EFFECT);
    check_ratio(0.72, 0.40, 0.60, VERDICT_REFUTED, HOW_LARGER_EFFECT);
}

static void test_the_tally_keeps_no_effect_apart_from_another_size(void)
{
    CHECK(decide_effect(decide_ratio(1.385, 0.986, 1.054, M).how) == EFFECT_NONE);
    CHECK(decide_effect(decide_ratio(1.385, 1.05, 1.15, M).how) == EFFECT_SMALLER);
    CHECK(decide_effect(decide_ratio(1.385, 1.50, 1.70, M).how) == EFFECT_LARGER);
    CHECK(decide_effect(decide_ratio(1.385, 1.30, 1.45, M).how) == EFFECT_UNSAID);
    CHECK_STR(verdict_effect_tally(EFFECT_NONE), ": no effect");
    CHECK_STR(verdict_effect_tally(EFFECT_LARGER), ": smaller/larger effect");
    verdict_effect e;
    CHECK(verdict_effect_parse("", &e) == 0 && e == EFFECT_UNSAID); /* older models */
    CHECK(verdict_effect_parse("smaller", &e) == 0 && e == EFFECT_SMALLER);
    CHECK(verdict_effect_parse("bigger", &e) != 0);
}

static void test_an_interval_holding_one_is_worded_with_the_bound_it_rules_out(void)
{
    char buf[256];
    verdict_no_difference_words(1.021, 0.981, 1.072, 1, "ns/op", buf, sizeof buf);
    CHECK_STR(buf, "no detectable difference (+2.1%, [-1.9%, +7.2%]); a slowdown above 7.2% is "
                   "ruled out");
    verdict_no_difference_words(0.98, 0.90, 1.04, -1, "req/s", buf, sizeof buf);
    CHECK_STR(buf, "no detectable difference (-2.0%, [-10.0%, +4.0%]); a decrease above 10.0% "
                   "is ruled out");
    verdict_no_difference_words(1.0, 0.97, 1.02, 0, "lateness-p99-ns", buf, sizeof buf);
    CHECK(strstr(buf, "a slowdown above 2.0% and a speedup above 3.0% are ruled out") != NULL);
    /* T1's median run is a time too (it read "an increase" in run 20261207-121756) */
    verdict_no_difference_words(1.002, 0.988, 1.012, 1, "typical-ns/op", buf, sizeof buf);
    CHECK(strstr(buf, "; a slowdown above 1.2% is ruled out") != NULL);
    verdict_no_difference_words(0.997, 0.964, 1.042, 1, "rss-kib", buf, sizeof buf);
    CHECK(strstr(buf, "; an increase above 4.2% is ruled out") != NULL); /* not "a increase" */
    verdict_no_difference_words(1.0, 0.97, 1.02, 0, "rss-kib", buf, sizeof buf);
    CHECK(strstr(buf, "an increase above 2.0% and a decrease above 3.0% are ruled out") != NULL);
}

static void test_an_interval_on_the_other_side_of_one_contradicts(void)
{
    check_ratio(1.385, 0.80, 0.95, VERDICT_CONTRADICTED, HOW_NONE);
    check_ratio(0.72, 1.05, 1.20, VERDICT_CONTRADICTED, HOW_NONE);
    check_ratio(1.385, -INFINITY, 0.9, VERDICT_CONTRADICTED, HOW_NONE); /* half-bounded */
}

static void test_an_interval_holding_claim_and_one_is_inconclusive(void)
{
    check_ratio(1.385, 0.9, 1.5, VERDICT_INCONCLUSIVE, HOW_STRADDLES);
    check_ratio(1.385, 0, INFINITY, VERDICT_INCONCLUSIVE, HOW_STRADDLES); /* unbounded */
    check_ratio(0.72, 0.5, 1.1, VERDICT_INCONCLUSIVE, HOW_STRADDLES);
}

static void test_intervals_are_closed_at_the_claim_and_at_one(void)
{
    check_ratio(1.385, 1.385, 1.5, VERDICT_REPRODUCED, HOW_NONE);        /* touches the claim */
    check_ratio(1.385, 1.0, 1.385, VERDICT_INCONCLUSIVE, HOW_STRADDLES); /* touches both */
    check_ratio(1.385, 1.0, 1.2, VERDICT_REFUTED, HOW_NO_DIFFERENCE);    /* touches 1 */
    check_ratio(1.385, 1.0000001, 1.2, VERDICT_REFUTED, HOW_SMALLER_EFFECT);
}

static void test_a_claim_of_no_difference_needs_the_band(void)
{
    check_ratio(1, 0.97, 1.03, VERDICT_REPRODUCED, HOW_NONE);
    check_ratio(1, 1 - M, 1 + M, VERDICT_REPRODUCED, HOW_NONE); /* the band's own edges */
    check_ratio(1, 1.10, 1.20, VERDICT_CONTRADICTED, HOW_NONE);
    check_ratio(1, 0.70, 0.90, VERDICT_CONTRADICTED, HOW_NONE);
    /* Absence of evidence is not evidence of no difference: a wide interval around 1. */
    check_ratio(1, 0.80, 1.25, VERDICT_INCONCLUSIVE, HOW_BAND_OVERLAP);
    check_ratio(1, 0, INFINITY, VERDICT_INCONCLUSIVE, HOW_BAND_OVERLAP);
    /* A significant decrease inside the band is still no difference worth the name. */
    check_ratio(1, 0.96, 0.98, VERDICT_REPRODUCED, HOW_NONE);
    CHECK(decide_ratio(1, 0.9, 1.01, 0.15).verdict == VERDICT_REPRODUCED); /* margin per claim */
}

static void test_a_missing_interval_is_not_measured(void)
{
    check_ratio(1.385, NAN, NAN, VERDICT_NOT_MEASURED, HOW_NONE);
}

static void test_bands_inside_outside_and_overlapping(void)
{
    CHECK(decide_band(2, 3, 1, 4) == BAND_INSIDE);
    CHECK(decide_band(1, 4, 1, 4) == BAND_INSIDE);
    CHECK(decide_band(5, 6, 1, 4) == BAND_OUTSIDE);
    CHECK(decide_band(0, 0.5, 1, 4) == BAND_OUTSIDE);
    CHECK(decide_band(0, 2, 1, 4) == BAND_OVERLAPS);
    CHECK(decide_band(-INFINITY, 2, 1, 4) == BAND_OVERLAPS);
    CHECK(decide_band(0.95, INFINITY, 0.9, INFINITY) == BAND_INSIDE); /* a threshold */
}

static void test_counts_need_three_identical_samples(void)
{
    CHECK(decide_count(0, 0) == VERDICT_NOT_MEASURED);
    CHECK(decide_count(2, 2) == VERDICT_INCONCLUSIVE);
    CHECK(decide_count(3, 3) == VERDICT_EQUAL);
    CHECK(decide_count(6, 5) == VERDICT_DIFFERS);
    CHECK(decide_count(1, 0) == VERDICT_DIFFERS);
}

static void test_orderings_need_every_pair_above_one(void)
{
    double lo[] = {2.1, 1.02}, hi[] = {2.5, 1.08};
    CHECK(decide_order(lo, hi, 2, M) == VERDICT_REPRODUCED);
    double lo2[] = {2.1, 0.90}, hi2[] = {2.5, 0.95};
    CHECK(decide_order(lo2, hi2, 2, M) == VERDICT_CONTRADICTED);
    double lo3[] = {2.1, 0.98}, hi3[] = {2.5, 1.02};
    CHECK(decide_order(lo3, hi3, 2, M) == VERDICT_REFUTED); /* no difference between two */
    double lo4[] = {2.1, 0.90}, hi4[] = {2.5, 1.20};
    CHECK(decide_order(lo4, hi4, 2, M) == VERDICT_INCONCLUSIVE);
}

static void test_below_one(void)
{
    CHECK(decide_below_one(0.3, 0.8) == VERDICT_REPRODUCED);
    CHECK(decide_below_one(1.2, 2) == VERDICT_CONTRADICTED);
    CHECK(decide_below_one(0.5, 1.5) == VERDICT_INCONCLUSIVE);
    /* the spread: the sd's interval decides only where the robust MAD ratio agrees */
    CHECK(decide_spread(0.3, 0.8, 0.5) == VERDICT_REPRODUCED);
    CHECK(decide_spread(0.3, 0.8, 1.2) == VERDICT_INCONCLUSIVE);
    CHECK(decide_spread(1.2, 2, 0.23) == VERDICT_INCONCLUSIVE); /* host: sd up, MAD 0.23 */
    CHECK(decide_spread(1.2, 2, 1.5) == VERDICT_CONTRADICTED);
    CHECK(decide_spread(0.3, 0.8, NAN) == VERDICT_REPRODUCED); /* no MAD: the sd alone */
}

static void test_samples_needed_shrink_the_interval_enough(void)
{
    /* [0.9, 1.5] around 1.16 with n = 10: deciding between 1 and 1.385 needs a narrower one. */
    size_t n = decide_samples_needed(1.385, 1.16, 0.9, 1.5, M, 10);
    CHECK(n > 10 && n < 200);
    /* Four times the samples halve the width: the estimate scales as 1/sqrt(n). */
    CHECK(decide_samples_needed(1.385, 1.16, 0.9, 1.5, M, 40) == 4 * n ||
          decide_samples_needed(1.385, 1.16, 0.9, 1.5, M, 40) == 4 * n - 1 ||
          decide_samples_needed(1.385, 1.16, 0.9, 1.5, M, 40) == 4 * n + 1);
    CHECK(decide_samples_needed(1.385, 1.16, 0, INFINITY, M, 10) == 0); /* unbounded */
}

int main(void)
{
    RUN(test_claim_inside_an_interval_that_excludes_one_is_reproduced);
    RUN(test_the_issue_example_is_refuted_as_no_difference);
    RUN(test_a_smaller_or_larger_effect_is_refuted);
    RUN(test_the_tally_keeps_no_effect_apart_from_another_size);
    RUN(test_an_interval_holding_one_is_worded_with_the_bound_it_rules_out);
    RUN(test_an_interval_on_the_other_side_of_one_contradicts);
    RUN(test_an_interval_holding_claim_and_one_is_inconclusive);
    RUN(test_intervals_are_closed_at_the_claim_and_at_one);
    RUN(test_a_claim_of_no_difference_needs_the_band);
    RUN(test_a_missing_interval_is_not_measured);
    RUN(test_bands_inside_outside_and_overlapping);
    RUN(test_counts_need_three_identical_samples);
    RUN(test_orderings_need_every_pair_above_one);
    RUN(test_below_one);
    RUN(test_samples_needed_shrink_the_interval_enough);
    return check_main("decide");
}
