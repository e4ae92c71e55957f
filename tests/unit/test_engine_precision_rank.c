/* test_engine_precision_rank.c - past the minimum, the rounds go to the highest rank still
 * sampling: the headline (and its A/A control) first, then its table, then the other tables
 * (issue 22: a higher rank is the first to take what is left, not one sharer among many). */
#include "check.h"
#include "engine/precision.h"

static prec_cmp cmp(char *table, char *env, prec_rank rank, prec_state state, size_t n)
{
    return (prec_cmp){.table = table, .unit = "ns/op", .env = env, .bench = "B", .base_env = "host",
                      .base_bench = "B", .claim = "c", .n = n, .n_base = n, .cap = 24,
                      .state = state, .rank = rank};
}

static void test_the_headline_takes_the_rounds_while_it_samples(void)
{
    prec_cmp c[] = {cmp("T1", "docker", PREC_RANK_HEADLINE, PREC_OPEN, 10),
                    cmp("T1", "host-aa", PREC_RANK_HEADLINE, PREC_OPEN, 10),
                    cmp("T1", "oci", PREC_RANK_TABLE, PREC_OPEN, 6),
                    cmp("T2.1", "host", PREC_RANK_REST, PREC_OPEN, 6)};
    CHECK(prec_wants(c, 4, PREC_RANK_REST, "T1", "docker", 11, 6));
    CHECK(prec_wants(c, 4, PREC_RANK_REST, "T1", "host-aa", 11, 6));
    CHECK(prec_wants(c, 4, PREC_RANK_REST, "T1", "host", 11, 6));
    CHECK(!prec_wants(c, 4, PREC_RANK_REST, "T1", "oci", 11, 6)); /* its table waits */
    CHECK(!prec_wants(c, 4, PREC_RANK_REST, "T2.1", "host", 11, 6));
}

static void test_the_next_rank_goes_on_once_the_headline_is_done(void)
{
    prec_cmp c[] = {cmp("T1", "docker", PREC_RANK_HEADLINE, PREC_MET, 20),
                    cmp("T1", "oci", PREC_RANK_TABLE, PREC_OPEN, 6),
                    cmp("T2.1", "host", PREC_RANK_REST, PREC_OPEN, 6)};
    CHECK(prec_wants(c, 3, PREC_RANK_REST, "T1", "oci", 21, 6));
    CHECK(!prec_wants(c, 3, PREC_RANK_REST, "T2.1", "host", 21, 6));
    c[1].state = PREC_MET;
    CHECK(prec_wants(c, 3, PREC_RANK_REST, "T2.1", "host", 21, 6)); /* within 4x its minimum */
    CHECK(!prec_wants(c, 3, PREC_RANK_HEADLINE, "T2.1", "host", 21, 6)); /* the budget's limit */
}

static void test_a_headline_at_its_cap_leaves_the_rounds_to_the_next_rank(void)
{
    /* cap 24 is 4x a minimum of 6; a ranked comparison may take 12x: 72 */
    prec_cmp c[] = {cmp("T1", "docker", PREC_RANK_HEADLINE, PREC_OPEN, 72),
                    cmp("T1", "oci", PREC_RANK_TABLE, PREC_OPEN, 6)};
    CHECK(prec_wants(c, 2, PREC_RANK_REST, "T1", "oci", 73, 6) == 0); /* past 72: none */
    CHECK(prec_wants(c, 2, PREC_RANK_REST, "T1", "oci", 60, 6));
    c[0].n = 71;
    CHECK(!prec_wants(c, 2, PREC_RANK_REST, "T1", "oci", 60, 6));
}

/* A comparison one of whose environments the run left out (the quick profile's why-claims
 * against oci-noseccomp) has no samples on that side: it takes no rounds, at any rank. */
static void test_a_comparison_without_samples_on_a_side_takes_no_rounds(void)
{
    prec_cmp c[] = {cmp("T1", "docker", PREC_RANK_HEADLINE, PREC_MET, 8),
                    cmp("T1", "host", PREC_RANK_TABLE, PREC_OPEN, 8)};
    c[1].base_env = "oci-noseccomp";
    c[1].n_base = 0;
    CHECK(!prec_wants(c, 2, PREC_RANK_REST, "T1", "host", 9, 6));
    c[1].n_base = 8;
    CHECK(prec_wants(c, 2, PREC_RANK_REST, "T1", "host", 9, 6));
}

/* The A/A control is met early (by chance, or because host-aa is quiet) while the headline is
 * still open: host-aa keeps taking the headline's rounds, so the two end with the same rounds
 * and n (issue 22; run 20261207-023627 ended host-aa at 8 samples against docker's 31). */
static void test_the_aa_control_samples_with_the_headline_once_met(void)
{
    prec_cmp c[] = {cmp("T1", "docker", PREC_RANK_HEADLINE, PREC_OPEN, 10),
                    cmp("T1", "host-aa", PREC_RANK_HEADLINE, PREC_MET, 10),
                    cmp("T1", "oci", PREC_RANK_TABLE, PREC_MET, 10)};
    CHECK(prec_wants(c, 3, PREC_RANK_REST, "T1", "host-aa", 11, 6));
    CHECK(!prec_wants(c, 3, PREC_RANK_REST, "T1", "oci", 11, 6)); /* a met lower rank does not */
    c[0].state = PREC_MET; /* both met: the headline's rank is done, no more of its rounds */
    CHECK(!prec_wants(c, 3, PREC_RANK_REST, "T1", "host-aa", 11, 6));
}

/* An interval of fewer samples than the table's minimum does not count as met, however narrow. */
static void test_no_comparison_is_met_below_its_minimum(void)
{
    double b[5] = {100, 101, 100, 101, 100}, x[5] = {100, 101, 100, 101, 100};
    long r[5] = {1, 2, 3, 4, 5};
    prec_cmp c = cmp("T1", "host-aa", PREC_RANK_HEADLINE, PREC_OPEN, 0);
    c.level = 0.95;
    prec_measure(&c, b, r, 5, x, r, 5, 0.5); /* cap 24: a minimum of 6 */
    CHECK(c.half <= 0.5 && c.state == PREC_OPEN);
    double b6[6] = {100, 101, 100, 101, 100, 101}, x6[6] = {100, 101, 100, 101, 100, 101};
    long r6[6] = {1, 2, 3, 4, 5, 6};
    prec_measure(&c, b6, r6, 6, x6, r6, 6, 0.5);
    CHECK(c.half <= 0.5 && c.state == PREC_MET);
}

int main(void)
{
    RUN(test_the_headline_takes_the_rounds_while_it_samples);
    RUN(test_the_next_rank_goes_on_once_the_headline_is_done);
    RUN(test_a_headline_at_its_cap_leaves_the_rounds_to_the_next_rank);
    RUN(test_a_comparison_without_samples_on_a_side_takes_no_rounds);
    RUN(test_the_aa_control_samples_with_the_headline_once_met);
    RUN(test_no_comparison_is_met_below_its_minimum);
    return check_main("engine-precision-rank");
}
