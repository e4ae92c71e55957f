/* The change verdict of repro compare (stages/compare/change.c, docs/results.md): the band rule
 * on B/A's interval, inverted for better=higher, identical samples as no change, and a real
 * shift seen as slower/faster by the analyze stage's estimator. */
#include "check.h"
#include "compare/change.h"
#include "compare/diff.h"
#include "schema_model.h"

#include <math.h>
#include <stdlib.h>

#define M 0.05

static void test_an_interval_inside_the_band_is_no_change(void)
{
    CHECK(change_decide(0.97, 1.04, M, 0) == CHANGE_NONE);
    CHECK(change_decide(0.95, 1.05, M, 0) == CHANGE_NONE); /* the band is closed */
}

static void test_wholly_above_the_band_is_slower_for_lower_is_better(void)
{
    CHECK(change_decide(1.10, 1.30, M, 0) == CHANGE_SLOWER);
    CHECK(change_decide(0.70, 0.90, M, 0) == CHANGE_FASTER);
}

static void test_better_higher_inverts_the_direction(void)
{
    CHECK(change_decide(1.10, 1.30, M, 1) == CHANGE_FASTER); /* more requests/s */
    CHECK(change_decide(0.70, 0.90, M, 1) == CHANGE_SLOWER);
}

static void test_overlapping_the_band_or_unbounded_is_inconclusive(void)
{
    CHECK(change_decide(1.02, 1.20, M, 0) == CHANGE_INCONCLUSIVE);
    CHECK(change_decide(0.90, 0.97, M, 0) == CHANGE_INCONCLUSIVE); /* below 1, not beyond band */
    CHECK(change_decide(0, INFINITY, M, 0) == CHANGE_INCONCLUSIVE);
    CHECK(change_decide(NAN, 1, M, 0) == CHANGE_NOT_MEASURED);
}

static void test_a_run_against_itself_is_no_change_even_with_three_samples(void)
{
    double a[] = {386e6, 390e6, 401e6};
    change_row r;
    CHECK(change_compare(a, 3, a, 3, 0.995, M, 0, &r) == 0);
    CHECK(r.identical);
    CHECK(r.change == CHANGE_NONE);
    CHECK_NEAR(r.ratio.lo, 1, 0);
    /* The same values in another order are the same samples. */
    double b[] = {401e6, 386e6, 390e6};
    CHECK(change_compare(a, 3, b, 3, 0.995, M, 0, &r) == 0 && r.change == CHANGE_NONE);
}

static void test_a_twenty_percent_slowdown_with_ten_samples_is_slower(void)
{
    double a[10], b[10];
    for (int i = 0; i < 10; i++) {
        a[i] = 100 + (i % 5) - 2; /* 98..102 */
        b[i] = 120 + (i % 5) - 2;
    }
    change_row r;
    CHECK(change_compare(a, 10, b, 10, 0.99, M, 0, &r) == 0);
    CHECK(!r.identical);
    CHECK(r.change == CHANGE_SLOWER);
    CHECK(r.ratio.lo > 1.05);
    CHECK(change_compare(b, 10, a, 10, 0.99, M, 0, &r) == 0 && r.change == CHANGE_FASTER);
}

static void test_three_samples_that_differ_a_little_are_inconclusive_not_no_change(void)
{
    double a[] = {100, 101, 102}, b[] = {100.5, 101, 102};
    change_row r;
    change_compare(a, 3, b, 3, 0.95, M, 0, &r);
    CHECK(r.change == CHANGE_INCONCLUSIVE); /* n = 3 cannot bound the ratio at 95% */
}

static void test_claims_that_moved_are_marked(void)
{
    tsv_table a, b;
    CHECK(tsv_parse("a", "id\ttable\tverdict\ttext\nX\tT1\trefuted\tx\nY\tT1\tequal\ty\n", &a) == 0);
    CHECK(tsv_parse("b", "id\ttable\tverdict\ttext\nX\tT1\trefuted\tx\nY\tT1\tdiffers\ty\n"
                         "Z\tT2\tequal\tz\n",
                    &b) == 0);
    /* claims.tsv's other columns read as "" */
    CHECK(tsv_map(&a, &verdicts_schema) > 0 && tsv_map(&b, &verdicts_schema) > 0);
    size_t n;
    claim_move *m = diff_claims(&a, &b, &n);
    CHECK(n == 3);
    CHECK(!m[0].moved && m[1].moved);
    CHECK_STR(m[1].verdict_b, "differs");
    CHECK_STR(m[2].verdict_a, ""); /* only in B */
    free(m);
    tsv_free(&a);
    tsv_free(&b);
}

int main(void)
{
    RUN(test_an_interval_inside_the_band_is_no_change);
    RUN(test_wholly_above_the_band_is_slower_for_lower_is_better);
    RUN(test_better_higher_inverts_the_direction);
    RUN(test_overlapping_the_band_or_unbounded_is_inconclusive);
    RUN(test_a_run_against_itself_is_no_change_even_with_three_samples);
    RUN(test_a_twenty_percent_slowdown_with_ten_samples_is_slower);
    RUN(test_three_samples_that_differ_a_little_are_inconclusive_not_no_change);
    RUN(test_claims_that_moved_are_marked);
    return check_main("compare_change");
}
