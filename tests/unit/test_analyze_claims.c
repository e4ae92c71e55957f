/* Claims judged end to end (stages/analyze/claims*.c): a claims file as text, constructed
 * samples, the verdict and its sentence; how environments resolve (stand-ins, wsl2); that
 * every malformed row is an error naming file:line and still reaches claims.tsv; and that a
 * table's verdicts depend on its own family only. */
#include "analyze/claims.h"
#include "check.h"
#include "claims_fixture.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *guest_run = "key\tvalue\nhost_is_vm_guest\tyes (the CPU reports the "
                               "hypervisor flag)\n";

#define RATIO(c) "c\tT1\t\tratio\tns/op\tdocker|oci\thost\t" c "\tx\t\t\t\t\t\t\tt\t\n"
#define V(j, r) tsv_get(&(j).out, (r), "verdict")
#define D(j, r) tsv_get(&(j).out, (r), "detail")

static cellset two_envs(double host, double oci)
{
    cellset cs = {0};
    add_cell(&cs, "ns/op", "host", host);
    add_cell(&cs, "ns/op", "oci", oci);
    return cs;
}

static void test_claim_inside_the_interval_is_reproduced_and_notes_the_stand_in(void)
{
    cellset cs = two_envs(100, 138.5);
    judged j = judge(&cs, RATIO("1.385"));
    CHECK_STR(V(j, 0), "reproduced");
    CHECK(strstr(tsv_get(&j.out, 0, "env_note"), "docker: no engine answers") &&
          strstr(tsv_get(&j.out, 0, "env_note"), "oci stands in"));
    CHECK_STR(tsv_get(&j.out, 0, "env"), "oci");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_a_smaller_effect_is_refuted_and_says_so(void)
{
    cellset cs = two_envs(100, 110);
    judged j = judge(&cs, RATIO("1.385"));
    CHECK_STR(V(j, 0), "refuted");
    CHECK(strstr(D(j, 0), "a smaller effect than claimed") != NULL);
    CHECK_STR(tsv_get(&j.out, 0, "effect"), "smaller"); /* the tally's "smaller/larger effect" */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_the_other_way_is_contradicted(void)
{
    cellset cs = two_envs(100, 90);
    judged j = judge(&cs, RATIO("1.385"));
    CHECK_STR(V(j, 0), "contradicted");
    CHECK_STR(tsv_get(&j.out, 0, "effect"), ""); /* said of refuted claims only */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_no_difference_refutes_a_claimed_difference(void)
{
    /* Formerly "not significant": the interval rules 1.385 out, which is an answer. */
    cellset cs = two_envs(100, 100.01);
    judged j = judge(&cs, RATIO("1.385"));
    CHECK_STR(V(j, 0), "refuted");
    /* worded as a referee would: no detectable difference, and the bound it rules out */
    CHECK(strstr(D(j, 0), "no detectable difference (+0.0%, [") == D(j, 0));
    CHECK(strstr(D(j, 0), "%]); a slowdown above ") && strstr(D(j, 0), "% is ruled out: ratio"));
    CHECK_STR(tsv_get(&j.out, 0, "effect"), "none"); /* the tally's "refuted: no effect" */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_too_few_samples_are_inconclusive_with_the_samples_needed(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 100, 0.02, 3);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 120, 0.02, 3);
    judged j = judge(&cs, RATIO("1.385"));
    CHECK_STR(V(j, 0), "inconclusive");
    CHECK(strstr(D(j, 0), "at least 4 a side give a bounded interval") != NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

#define ABS(c, tol, bound, why)                                                                    \
    "c\tT1\tWSL2\tabsolute\tns/op\thost\t\t" c "\tx\t\t" tol "\t\t\t" bound "\t" why "\tt\t\n"

static void test_implausible_needs_a_stated_physical_bound(void)
{
    cellset cs = two_envs(653e6, 660e6);
    judged j = judge(&cs, ABS("2148321", "", "38", "331,160,281 calls"));
    CHECK_STR(V(j, 0), "implausible");
    CHECK(strstr(D(j, 0), "331,160,281 calls") != NULL);
    tsv_free(&j.out);
    judged k = judge(&cs, ABS("2148321", "", "", "")); /* 300x off, but no argument: */
    CHECK_STR(V(k, 0), "other hardware");
    CHECK(strstr(D(k, 0), "304x the claim") != NULL);
    tsv_free(&k.out);
    cells_free(&cs);
}

static void test_implausible_is_decided_on_the_whole_interval(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 100, 1.9, 10); /* 5 to 195 */
    judged j = judge(&cs, ABS("5", "", "10", "physics"));
    CHECK_STR(V(j, 0), "other hardware"); /* the median is 20x off, its interval is not */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_consistent_needs_the_whole_interval_inside_the_band(void)
{
    cellset cs = two_envs(100, 100); /* 99 to 101 */
    judged j = judge(&cs, ABS("105", "0.1", "", ""));
    CHECK_STR(V(j, 0), "consistent");
    tsv_free(&j.out);
    j = judge(&cs, ABS("200", "0.1", "", ""));
    CHECK_STR(V(j, 0), "differs");
    tsv_free(&j.out);
    j = judge(&cs, ABS("110.5", "0.1", "", "")); /* the band starts at 99.45: one sample in */
    CHECK_STR(V(j, 0), "inconclusive");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_counts_need_three_identical_samples(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "allocs/op", "host", "BenchmarkFib40", 0, 0, 6);
    add_cell_n(&cs, "T1", "allocs/op", "oci", "BenchmarkFib40", 0, 0, 2);
    judged j = judge(&cs, "a\tT1\t\tcount\tallocs/op\thost\t\t0\t0\t\t\t\t\t\t\tt\t\n"
                          "b\tT1\t\tcount\tallocs/op\thost\t\t2\t2\t\t\t\t\t\t\tt\t\n"
                          "c\tT1\t\tcount\tallocs/op\toci\t\t0\t0\t\t\t\t\t\t\tt\t\n"
                          "d\tT1\t\tcheck\tallocs/op\thost\t\t0\t0\t\t\t\t\t\t\tt\t\n");
    CHECK_STR(V(j, 0), "equal");
    CHECK_STR(V(j, 1), "differs");
    CHECK_STR(V(j, 2), "inconclusive");
    CHECK_STR(V(j, 3), "pass");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_a_missing_environment_is_not_measured_with_its_reason(void)
{
    cellset cs = two_envs(100, 100);
    judged j = judge(&cs, "c\tT1\tDocker\tabsolute\tns/op\tdocker\t\t100\tx\t\t\t\t\t\t\tt\t\n");
    CHECK_STR(V(j, 0), "not measured");
    CHECK(strstr(D(j, 0), "no engine answers") != NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_wsl2_is_host_on_a_guest_else_a_kvm_vm_else_not_measured(void)
{
    cellset cs = two_envs(100, 100);
    add_cell(&cs, "ns/op", "vm", 100);
    const char *row = "c\tT1\tWSL2\tabsolute\tns/op\twsl2\t\t100\tx\t\t\t\t\t\t\tt\t\n";
    judged j = judge_text(&cs, HEADER, row, guest_run, NULL);
    CHECK_STR(tsv_get(&j.out, 0, "env"), "host");
    CHECK(strstr(tsv_get(&j.out, 0, "env_note"), "wsl2 = host") != NULL);
    tsv_free(&j.out);
    j = judge_text(&cs, HEADER, row, "key\tvalue\nhost_is_vm_guest\tno\n",
                   "env\tkey\tvalue\nvm\taccel\tkvm (-cpu host)\n");
    CHECK_STR(tsv_get(&j.out, 0, "env"), "vm");
    tsv_free(&j.out);
    j = judge_text(&cs, HEADER, row, "key\tvalue\nhost_is_vm_guest\tno\n",
                   "env\tkey\tvalue\nvm\taccel\ttcg (-cpu max), multi-threaded\n");
    CHECK_STR(V(j, 0), "not measured");
    CHECK(strstr(D(j, 0), "no light VM here") != NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_ratio_of_two_benchmarks_inside_one_environment(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkRead/fs=own", 100, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkRead/fs=fuse", 550, 0.02, 10);
    judged j = judge(&cs, "a\tT1\t\tratio\tns/op\thost\tbench:BenchmarkRead/fs=own\t5.5\tx\t\t\t"
                          "\t\t\t\tt\tBenchmarkRead/fs=fuse\n"
                          "b\tT1\t\tratio\tns/op\thost\tbench:BenchmarkRead/fs=own\t2\tx\t\t\t"
                          "\t\t\t\tt\tBenchmarkRead/fs=fuse\n");
    CHECK_STR(V(j, 0), "reproduced");
    CHECK_STR(V(j, 1), "refuted");
    CHECK(strstr(D(j, 1), "a larger effect") != NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_a_table_without_an_experiment_is_not_reproducible(void)
{
    cellset cs = two_envs(100, 100);
    judged j = judge(&cs, "c\tT5\t\tnone\t\t\t\t\tMTTR -60%\t\t\t\t\t\t\tt\t\n");
    CHECK_STR(V(j, 0), "not reproducible");
    CHECK_STR(D(j, 0), "no experiment is described");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_range_threshold_order_and_spread_kinds(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkA", 3e6, 0.1, 10);
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkB", 1.5e6, 0.1, 10);
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkC", 1.5e6, 0.1, 10);
    add_cell_n(&cs, "T4.1", "ns/op", "host", "BenchmarkA", 3e6, 0.01, 10);
    judged j = judge(
        &cs,
        "r\tT1\t\trange\tns/op\thost\t\t\tms\t\t\t1e6\t1e9\t\t\tt\tBenchmarkA\n"
        "s\tT1\t\trange\tns/op\thost\t\t\tµs\t\t\t1e3\t1e6\t\t\tt\tBenchmarkA\n"
        "t\tT1\t\tthreshold\tns/op\thost\t\t\t>2ms\t\t\t2e6\t\t\t\tt\tBenchmarkA\n"
        "o\tT1\t\torder\tns/op\thost\t\t\tA>B>C\t\t\t\t\t\t\tt\tBenchmarkA>BenchmarkB>BenchmarkC\n"
        "p\tT1\t\torder\tns/op\thost\t\t\tC>A\t\t\t\t\t\t\tt\tBenchmarkC>BenchmarkA\n");
    CHECK_STR(V(j, 0), "reproduced");
    CHECK_STR(V(j, 1), "refuted");
    CHECK_STR(V(j, 2), "reproduced");
    CHECK_STR(tsv_get(&j.out, 1, "effect"), "larger"); /* 3 ms above a band of µs */
    CHECK_STR(V(j, 3), "refuted"); /* B and C: within the 5% band of each other */
    CHECK_STR(tsv_get(&j.out, 3, "effect"), "none");
    CHECK_STR(V(j, 4), "contradicted");
    CHECK_STR(tsv_get(&j.out, 0, "family"), "6"); /* 3 bands, 3 ordered pairs */
    tsv_free(&j.out);
    j = judge(&cs, "q\tT4.1\t\tspread\tns/op\thost\ttable:T1\t\tless noise\t\t\t\t\t\t\tt\t"
                   "BenchmarkA\n");
    CHECK_STR(V(j, 0), "reproduced"); /* 1% spread against 10% */
    CHECK(strstr(D(j, 0), "spread (sd of log values)") != NULL);
    CHECK(strstr(D(j, 0), "robust (MAD of log values): 0.1") != NULL); /* the same evenly */
    tsv_free(&j.out);
    cells_free(&cs);
}

/* T1's cell ran 48 rounds (the headline's), T4.1's 6: the first six were noisy for both, the
 * rest quiet. The spreads are compared over the 6 rounds both ran (about equal: no answer), not
 * over T1's quiet stretch, which would make T4.1 look noisier with its controls. */
static void test_a_spread_claim_compares_the_rounds_both_cells_ran(void)
{
    cellset cs = {0};
    for (long r = 1; r <= 48; r++) {
        double noisy = 1 + 0.1 * ((double)((r * 7) % 6) / 5 - 0.5);
        double quiet = 1 + 0.005 * ((double)((r * 7) % 42) / 41 - 0.5);
        cell_push(cells_get(&cs, "T1", "ns/op", "host", "BenchmarkA", "lower"),
                  3e6 * (r <= 6 ? noisy : quiet), r, 0);
        if (r <= 6)
            cell_push(cells_get(&cs, "T4.1", "ns/op", "host", "BenchmarkA", "lower"),
                      3e6 * (1 + 0.1 * ((double)((r * 5) % 6) / 5 - 0.5)), r, 0);
    }
    cells_sort(&cs);
    judged j = judge(&cs, "q\tT4.1\t\tspread\tns/op\thost\ttable:T1\t\tless noise\t\t\t\t\t\t\tt\t"
                          "BenchmarkA\n");
    CHECK_STR(V(j, 0), "inconclusive");
    CHECK(strstr(D(j, 0), "over the 6 rounds both ran (of 6 and 48)") != NULL);
    CHECK_STR(tsv_get(&j.out, 0, "n_baseline"), "6");
    const cell *t1 = cells_find(&cs, "T1", "ns/op", "host", NULL);
    const cell *t41 = cells_find(&cs, "T4.1", "ns/op", "host", NULL);
    stats_ratio whole;
    CHECK(stats_spread_ratio(t1->x, t1->n, t41->x, t41->n, 0.95, &whole) == 0);
    CHECK(whole.lo > 1); /* over every sample: "noisier with the controls" */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_ties_and_constant_sides_keep_the_point_inside_its_interval(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1024, 0, 10);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 512, 0, 10);
    judged j = judge(&cs, RATIO("1.385"));
    double m = atof(tsv_get(&j.out, 0, "measured")), lo = atof(tsv_get(&j.out, 0, "lo")),
           hi = atof(tsv_get(&j.out, 0, "hi"));
    CHECK(lo <= m && m <= hi);
    CHECK_NEAR(m, 0.5, 1e-12);
    CHECK_STR(V(j, 0), "contradicted");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_zero_variance_on_one_side_keeps_the_point_inside(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 100, 0, 10); /* all 100 */
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 140, 0.04, 10);
    judged j = judge(&cs, RATIO("1.385"));
    double m = atof(tsv_get(&j.out, 0, "measured")), lo = atof(tsv_get(&j.out, 0, "lo")),
           hi = atof(tsv_get(&j.out, 0, "hi"));
    CHECK(lo <= m && m <= hi && lo < hi);
    CHECK_STR(V(j, 0), "reproduced"); /* 1.385 inside [about 1.37, 1.43], 1 far outside */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_values_at_or_below_zero_keep_a_ratio(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 10, 4, 10); /* -10 to 30 */
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 20, 4, 10);
    judged j = judge(&cs, RATIO("2"));
    double m = atof(tsv_get(&j.out, 0, "measured"));
    CHECK(isfinite(m) && m > 1);
    CHECK(strcmp(V(j, 0), "not measured") != 0);
    tsv_free(&j.out);
    cells_free(&cs);
}

/* A malformed row fails loading with file:line and still reaches the output; a file the TSV
 * reader refuses (a short row, a bad header) fails as a whole. */
static void check_rejected(const char *header, const char *body, const char *why, int kept)
{
    cellset cs = two_envs(100, 100);
    judged j = judge_text(&cs, header, body, NULL, NULL);
    CHECK(j.load_rc != 0);
    if (kept) {
        CHECK(j.out.nrows == 1);
        CHECK_STR(V(j, 0), "not measured");
        CHECK(strstr(D(j, 0), "invalid claim row (/tmp/claims-") && strstr(D(j, 0), ":2): "));
        CHECK(strstr(D(j, 0), why) != NULL);
    }
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_malformed_rows_fail_with_file_and_line_and_are_not_skipped(void)
{
    check_rejected(HEADER, "c\tT1\t\tratoi\tns/op\thost\thost\t1.3\tx\t\t\t\t\t\t\tt\t\n",
                   "unknown kind \"ratoi\"", 1);
    check_rejected(HEADER, "c\tT1\t\tratio\tns/op\toci\thost\t1,3\tx\t\t\t\t\t\t\tt\t\n",
                   "claimed \"1,3\" is not a number", 1);
    check_rejected(HEADER, "c\tT1\t\tratio\tns/op\tdokcer\thost\t1.3\tx\t\t\t\t\t\t\tt\t\n",
                   "unknown env \"dokcer\"", 1);
    check_rejected(HEADER, "c\tT1\t\tratio\tms/op\toci\thost\t1.3\tx\t\t\t\t\t\t\tt\t\n",
                   "metric \"ms/op\" is not one of T1's metrics", 1);
    check_rejected(HEADER, "c\tT9\t\tratio\tns/op\toci\thost\t1.3\tx\t\t\t\t\t\t\tt\t\n",
                   "table \"T9\" is not in tables", 1);
    check_rejected(HEADER, "c\tT1\t\tabsolute\tns/op\thost\t\t5\tx\t\t\t\t\t10\t\tt\t\n",
                   "a bound needs its physical argument", 1);
    check_rejected(HEADER, "c\tT1\t\trange\tns/op\thost\t\t\tx\t\t\t5\t\t\t\tt\t\n",
                   "lower < upper", 1);
    check_rejected(HEADER, "c\tT1\t\tratio\tns/op\toci\thost\t1.3\tx\t\t\t\t\t\t\tt\n", "fields",
                   0);
    const char *misspelled = "id\ttable\tarticle_env\tkind\tmetric\tenv\tbaseline\tclaimed\t"
                             "claimed_text\tmargin\ttolerence\tlower\tupper\tbound\tbound_why\t"
                             "text\tbench\n";
    check_rejected(misspelled, "c\tT1\t\tratio\tns/op\toci\thost\t1.3\tx\t\t\t\t\t\t\tt\t\n",
                   "tolerence", 1);
}

static void test_duplicate_ids_are_rejected(void)
{
    cellset cs = two_envs(100, 100);
    judged j = judge(&cs, RATIO("1.3") RATIO("1.4"));
    CHECK(j.load_rc != 0);
    CHECK(j.out.nrows == 2);
    CHECK(strstr(D(j, 1), "duplicate id \"c\" (first on line 2)") != NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

/* The family is one claims file: a second claim in it widens the interval, another table's
 * claims or samples do not. */
static void test_the_family_is_the_claims_of_one_table(void)
{
    cellset cs = two_envs(100, 104);
    add_cell_n(&cs, "T4.1", "ns/op", "host", "BenchmarkFib40", 100, 0.02, 10);
    add_cell_n(&cs, "T4.1", "ns/op", "oci", "BenchmarkFib40", 150, 0.02, 10);
    judged alone = judge(&cs, RATIO("1.385"));
    judged two = judge(&cs, RATIO("1.385") "d\tT1\t\tratio\tns/op\toci\thost\t1.1\tx\t\t\t\t\t"
                                           "\t\tt\t\n");
    CHECK_STR(tsv_get(&alone.out, 0, "level"), "0.95");
    CHECK_STR(tsv_get(&two.out, 0, "level"), "0.975");
    CHECK(atof(tsv_get(&two.out, 0, "lo")) < atof(tsv_get(&alone.out, 0, "lo")));
    cellset fewer = two_envs(100, 104); /* the same T1 samples without T4.1's */
    judged without = judge(&fewer, RATIO("1.385"));
    for (size_t c = 0; c < alone.out.ncols; c++)
        CHECK_STR(tsv_get(&without.out, 0, alone.out.cols[c]),
                  tsv_get(&alone.out, 0, alone.out.cols[c]));
    tsv_free(&alone.out);
    tsv_free(&two.out);
    tsv_free(&without.out);
    cells_free(&cs);
    cells_free(&fewer);
}

int main(void)
{
    RUN(test_claim_inside_the_interval_is_reproduced_and_notes_the_stand_in);
    RUN(test_a_smaller_effect_is_refuted_and_says_so);
    RUN(test_the_other_way_is_contradicted);
    RUN(test_no_difference_refutes_a_claimed_difference);
    RUN(test_too_few_samples_are_inconclusive_with_the_samples_needed);
    RUN(test_implausible_needs_a_stated_physical_bound);
    RUN(test_implausible_is_decided_on_the_whole_interval);
    RUN(test_consistent_needs_the_whole_interval_inside_the_band);
    RUN(test_counts_need_three_identical_samples);
    RUN(test_a_missing_environment_is_not_measured_with_its_reason);
    RUN(test_wsl2_is_host_on_a_guest_else_a_kvm_vm_else_not_measured);
    RUN(test_ratio_of_two_benchmarks_inside_one_environment);
    RUN(test_a_table_without_an_experiment_is_not_reproducible);
    RUN(test_range_threshold_order_and_spread_kinds);
    RUN(test_a_spread_claim_compares_the_rounds_both_cells_ran);
    RUN(test_ties_and_constant_sides_keep_the_point_inside_its_interval);
    RUN(test_zero_variance_on_one_side_keeps_the_point_inside);
    RUN(test_values_at_or_below_zero_keep_a_ratio);
    RUN(test_malformed_rows_fail_with_file_and_line_and_are_not_skipped);
    RUN(test_duplicate_ids_are_rejected);
    RUN(test_the_family_is_the_claims_of_one_table);
    return check_main("claims");
}
