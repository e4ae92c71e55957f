/* test_analyze_controls.c - the run's own controls in claims.tsv: the A/A check between two arms
 * of the baseline, smoke-run verdicts of the quick profile, and each ratio claim's precision
 * against collect's target. */
#include "claims_fixture.h"
#include "numfmt.h"

#define AA_ROW "T1.aa\tT1\t\tcheck\tns/op\thost-aa\thost\t1\t1\t\t\t\t\t\t\tA/A\t\n"
#define OCI_ROW "T1.oci\tT1\t\tratio\tns/op\toci\thost\t1.385\t38.5%\t\t\t\t\t\t\tslower\t\n"

static const char *col(const judged *j, size_t row, const char *name)
{
    return row < j->out.nrows ? tsv_get(&j->out, row, name) : "(no row)";
}

static void test_aa_check_passes_when_the_arms_agree(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "host-aa", "BenchmarkFib40", 1001, 0.02, 10);
    judged j = judge(&cs, AA_ROW);
    CHECK(j.load_rc == 0);
    CHECK_STR(col(&j, 0, "verdict"), "pass");
    CHECK_STR(col(&j, 0, "n_baseline"), "10");
    tsv_free(&j.out);
    cells_free(&cs);
}

/* A planted bias of 5% in one arm: the interval excludes 1 and the run is flagged. */
static void test_aa_check_fails_on_a_biased_arm(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "host-aa", "BenchmarkFib40", 1050, 0.02, 10);
    judged j = judge(&cs, AA_ROW);
    CHECK_STR(col(&j, 0, "verdict"), "fail");
    CHECK(strstr(col(&j, 0, "detail"), "unreliable") != NULL);
    double lo;
    CHECK(num_parse_finite(col(&j, 0, "lo"), &lo) == 0 && lo > 1);
    tsv_free(&j.out);
    cells_free(&cs);
}

/* Read against the table's verdicts: at their level, without widening them by joining. */
static void test_aa_check_takes_the_family_level_without_joining_it(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "host-aa", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 1100, 0.02, 10);
    add_cell_n(&cs, "T1", "peak-RSS-B", "host", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "peak-RSS-B", "oci", "BenchmarkFib40", 1100, 0.02, 10);
    judged j = judge(&cs, OCI_ROW AA_ROW
                     "T1.rss\tT1\t\tratio\tpeak-RSS-B\toci\thost\t1.5\t1.5x\t\t\t\t\t\t\tr\t\n");
    CHECK_STR(col(&j, 0, "family"), "2");
    CHECK_STR(col(&j, 1, "family"), "2");
    CHECK_STR(col(&j, 1, "level"), col(&j, 0, "level"));
    CHECK_STR(col(&j, 0, "level"), "0.975");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_a_check_between_envs_needs_an_env_baseline(void)
{
    cellset cs = {0};
    judged j = judge(&cs, "T1.aa\tT1\t\tcheck\tns/op\thost-aa\tnowhere\t1\t1\t\t\t\t\t\t\tA/A\t\n");
    CHECK(j.load_rc != 0);
    CHECK_STR(col(&j, 0, "verdict"), "not measured");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_smoke_tables_get_the_smoke_verdict(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 1385, 0.02, 10);
    judged smoke = judge_text(&cs, HEADER, OCI_ROW, "key\tvalue\nsmoke_tables\tT2.1,T1\n", NULL);
    judged full = judge_text(&cs, HEADER, OCI_ROW, "key\tvalue\nsmoke_tables\tT2.1,T11\n", NULL);
    CHECK_STR(col(&smoke, 0, "verdict"), "smoke run");
    CHECK(strstr(col(&smoke, 0, "detail"), "would read \"reproduced\"") != NULL);
    CHECK_STR(col(&full, 0, "verdict"), "reproduced");
    tsv_free(&smoke.out);
    tsv_free(&full.out);
    cells_free(&cs);
}

static void test_ratio_claims_say_whether_the_precision_target_was_met(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.01, 30);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 1385, 0.01, 30);
    judged met = judge_text(&cs, HEADER, OCI_ROW, "key\tvalue\nprecision_target\t0.02\n", NULL);
    judged cut = judge_text(&cs, HEADER, OCI_ROW,
                            "key\tvalue\nprecision_target\t0.001\nstopped_by_budget\tafter 3\n",
                            NULL);
    judged none = judge(&cs, OCI_ROW);
    double half;
    CHECK(num_parse_finite(col(&met, 0, "half_width"), &half) == 0 && half > 0 && half <= 0.02);
    CHECK_STR(col(&met, 0, "precision"), "met");
    CHECK_STR(col(&met, 0, "target"), "0.02");
    CHECK_STR(col(&cut, 0, "precision"), "budget ran out");
    CHECK_STR(col(&none, 0, "precision"), "");
    CHECK_STR(col(&none, 0, "target"), "");
    tsv_free(&met.out);
    tsv_free(&cut.out);
    tsv_free(&none.out);
    cells_free(&cs);
}

/* collect met the target on the samples it had when it stopped; the rounds the run took after
 * (for another comparison) widened the interval: the claim says both, not "budget ran out". */
static void test_a_target_met_then_widened_says_so(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1000, 0.2, 30);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 1385, 0.2, 30);
    judged j =
        judge_text_prec(&cs, HEADER, OCI_ROW,
                        "key\tvalue\nprecision_target\t0.02\nstopped_by_budget\tafter 9\n", NULL,
                        "table\tunit\tenv\tbench\tbaseline\tbaseline_bench\tstatus\n"
                        "T1\tns/op\toci\tBenchmarkFib40\thost\tBenchmarkFib40\tmet\n");
    double half;
    CHECK(num_parse_finite(col(&j, 0, "half_width"), &half) == 0 && half > 0.02);
    CHECK_STR(col(&j, 0, "precision"), "met while sampling, wider over every round its cells ran");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_half_width_is_relative_and_zero_for_identical_samples(void)
{
    stats_ratio r = {.ratio = 1.027, .lo = 0.986, .hi = 1.054, .ok = 1, .log_scale = 1};
    CHECK_NEAR(stats_ratio_half_width(&r), 0.034 / 1.027, 1e-12);
    r = (stats_ratio){.ratio = 1, .lo = 1, .hi = 1, .ok = 1, .log_scale = 1};
    CHECK(stats_ratio_half_width(&r) == 0);
    r = (stats_ratio){.ratio = 1, .lo = 0, .hi = INFINITY, .ok = 1, .log_scale = 1};
    CHECK(isinf(stats_ratio_half_width(&r)));
}

int main(void)
{
    log_set_program("test");
    RUN(test_aa_check_passes_when_the_arms_agree);
    RUN(test_aa_check_fails_on_a_biased_arm);
    RUN(test_aa_check_takes_the_family_level_without_joining_it);
    RUN(test_a_check_between_envs_needs_an_env_baseline);
    RUN(test_smoke_tables_get_the_smoke_verdict);
    RUN(test_ratio_claims_say_whether_the_precision_target_was_met);
    RUN(test_a_target_met_then_widened_says_so);
    RUN(test_half_width_is_relative_and_zero_for_identical_samples);
    return check_main("analyze-controls");
}
