/* Claims about the verdict rules (stages/analyze/claims.c) on constructed samples. */
#include "analyze/analyze.h"
#include "check.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

/* Ten samples around center with a small deterministic spread. */
static void add_bench_cell(cellset *cs, const char *unit, const char *env, const char *bench,
                           double center)
{
    cs->cells = xrealloc(cs->cells, (cs->n + 1) * sizeof *cs->cells);
    cell *c = &cs->cells[cs->n++];
    *c = (cell){xstrdup("T1"), xstrdup(unit), xstrdup(env), xstrdup(bench), xstrdup("lower"),
                xmalloc(10 * sizeof(double)), 10, 10};
    for (int i = 0; i < 10; i++)
        c->x[i] = center * (1 + 0.002 * (i - 4.5));
}

static void add_cell(cellset *cs, const char *unit, const char *env, double center)
{
    add_bench_cell(cs, unit, env, "BenchmarkFib40", center);
}

static const char *tables_text =
    "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
    "T1\tt\ts\thost\tns/op\ta\tn\tmeasured\t\nT5\tt\ts\thost\t\ta\tn\tnot reproducible\tno "
    "experiment is described\n";
static const char *envs_text = "env\tstatus\treason\twhat\nhost\tok\t\th\noci\tok\t\to\n"
                               "docker\tunavailable\tno engine answers\td\n";

/* Evaluates one claim row (after the header) and returns its verdict and detail. */
static void verdict_of(const cellset *cs, const char *claim_row, char *verdict, size_t vlen,
                       char *env_note, size_t nlen)
{
    char *row = xstrdup(claim_row); /* "...\t@bench" carries a bench column value */
    char *at = strchr(row, '@');
    if (at)
        memmove(at, at + 1, strlen(at));
    char *claims_text = xasprintf("id\ttable\tarticle_env\tkind\tmetric\tenv\tbaseline\tclaimed\t"
                                  "claimed_text\ttolerance\tbound\ttext\tbench\n%s%s\n",
                                  row, at ? "" : "\t");
    tsv_table tables, claims, envs, out;
    CHECK(tsv_parse("tables", tables_text, &tables) == 0);
    CHECK(tsv_parse("claims", claims_text, &claims) == 0);
    CHECK(tsv_parse("envs", envs_text, &envs) == 0);
    analysis a;
    bench_pair *pairs = NULL;
    size_t npairs = 0;
    claims_pairs(&claims, &pairs, &npairs);
    compare_all(cs, &tables, pairs, npairs, 0.95, 0.05, ADJUST_HOLM, &a);
    strbuf sb = {0};
    tsv_put_row(&sb, claims_ncols, claims_header);
    tsv_table cells;
    CHECK(tsv_parse("cells", "table\tenv\trep\tstatus\tseconds\tdetail\n", &cells) == 0);
    CHECK(claims_evaluate(&claims, &a, &envs, &cells, &tables, &sb) == 0);
    tsv_free(&cells);
    CHECK(tsv_parse("out", sb.buf, &out) == 0 && out.nrows == 1);
    snprintf(verdict, vlen, "%s", tsv_get(&out, 0, "verdict"));
    snprintf(env_note, nlen, "%s", tsv_get(&out, 0, "env_note"));
    tsv_free(&out);
    sb_free(&sb);
    analysis_free(&a);
    claims_pairs_free(pairs, npairs);
    tsv_free(&tables);
    tsv_free(&claims);
    tsv_free(&envs);
    free(claims_text);
    free(row);
}

static cellset two_envs(double host, double oci)
{
    cellset cs = {0};
    add_cell(&cs, "ns/op", "host", host);
    add_cell(&cs, "ns/op", "oci", oci);
    return cs;
}

#define RATIO_CLAIM(claimed) "c\tT1\t\tratio\tns/op\tdocker|oci\thost\t" claimed "\tx\t\t\tt"

static void test_ratio_inside_the_ci_is_reproduced_and_notes_the_stand_in(void)
{
    cellset cs = two_envs(100, 138.5);
    char v[64], note[256];
    verdict_of(&cs, RATIO_CLAIM("1.385"), v, sizeof v, note, sizeof note);
    CHECK_STR(v, "reproduced");
    CHECK(strstr(note, "docker: no engine answers") && strstr(note, "oci stands in"));
    cells_free(&cs);
}

static void test_significant_smaller_difference_is_direction_only(void)
{
    cellset cs = two_envs(100, 110);
    char v[64], note[256];
    verdict_of(&cs, RATIO_CLAIM("1.385"), v, sizeof v, note, sizeof note);
    CHECK_STR(v, "direction only");
    cells_free(&cs);
}

static void test_significant_difference_the_other_way_is_contradicted(void)
{
    cellset cs = two_envs(100, 90);
    char v[64], note[256];
    verdict_of(&cs, RATIO_CLAIM("1.385"), v, sizeof v, note, sizeof note);
    CHECK_STR(v, "contradicted");
    cells_free(&cs);
}

static void test_overlapping_samples_are_not_significant(void)
{
    cellset cs = two_envs(100, 100.01);
    char v[64], note[256];
    verdict_of(&cs, RATIO_CLAIM("1.385"), v, sizeof v, note, sizeof note);
    CHECK_STR(v, "not significant");
    cells_free(&cs);
}

static void test_absolute_figure_far_beyond_the_bound_is_implausible(void)
{
    cellset cs = two_envs(653e6, 660e6);
    char v[64], note[256];
    verdict_of(&cs, "c\tT1\tWSL2\tabsolute\tns/op\thost\t\t2148321\t2.1 ms\t\t10\tt", v, sizeof v,
               note, sizeof note);
    CHECK_STR(v, "implausible");
    cells_free(&cs);
}

static void test_absolute_figure_within_tolerance_is_consistent_else_differs(void)
{
    cellset cs = two_envs(100, 100);
    char v[64], note[256];
    verdict_of(&cs, "c\tT1\t\tabsolute\tns/op\thost\t\t110\tx\t0.25\t10\tt", v, sizeof v, note,
               sizeof note);
    CHECK_STR(v, "consistent");
    verdict_of(&cs, "c\tT1\t\tabsolute\tns/op\thost\t\t200\tx\t0.25\t10\tt", v, sizeof v, note,
               sizeof note);
    CHECK_STR(v, "differs");
    cells_free(&cs);
}

static void test_count_claims_are_equal_or_differ(void)
{
    cellset cs = {0};
    add_cell(&cs, "allocs/op", "host", 0);
    char v[64], note[256];
    verdict_of(&cs, "c\tT1\t\tcount\tallocs/op\thost\t\t0\t0\t\t\tt", v, sizeof v, note,
               sizeof note);
    CHECK_STR(v, "equal");
    verdict_of(&cs, "c\tT1\t\tcount\tallocs/op\thost\t\t2\t2\t\t\tt", v, sizeof v, note,
               sizeof note);
    CHECK_STR(v, "differs");
    cells_free(&cs);
}

static void test_claim_on_a_missing_environment_is_not_measured_with_its_reason(void)
{
    cellset cs = two_envs(100, 100);
    char v[64], note[256];
    verdict_of(&cs, "c\tT1\tDocker\tabsolute\tns/op\tdocker\t\t100\tx\t\t10\tt", v, sizeof v,
               note, sizeof note);
    CHECK_STR(v, "not measured");
    CHECK(strstr(note, "no engine answers") != NULL);
    cells_free(&cs);
}

static void test_ratio_of_two_benchmarks_inside_one_environment(void)
{
    cellset cs = {0};
    add_bench_cell(&cs, "ns/op", "host", "BenchmarkRead/fs=own", 100);
    add_bench_cell(&cs, "ns/op", "host", "BenchmarkRead/fs=fuse", 550);
    char v[64], note[256];
    verdict_of(&cs, "c\tT1\t\tratio\tns/op\thost\tbench:BenchmarkRead/fs=own\t5.5\tx\t\t\tt\t"
                    "@BenchmarkRead/fs=fuse",
               v, sizeof v, note, sizeof note);
    CHECK_STR(v, "reproduced");
    verdict_of(&cs, "c\tT1\t\tratio\tns/op\thost\tbench:BenchmarkRead/fs=own\t2\tx\t\t\tt\t"
                    "@BenchmarkRead/fs=fuse",
               v, sizeof v, note, sizeof note);
    CHECK_STR(v, "direction only");
    cells_free(&cs);
}

static void test_claim_of_a_table_without_an_experiment_is_not_reproducible(void)
{
    cellset cs = two_envs(100, 100);
    char v[64], note[256];
    verdict_of(&cs, "c\tT5\t\tnone\t\t\t\t\tMTTR -60%\t\t\tt", v, sizeof v, note, sizeof note);
    CHECK_STR(v, "not reproducible");
    cells_free(&cs);
}

int main(void)
{
    RUN(test_ratio_inside_the_ci_is_reproduced_and_notes_the_stand_in);
    RUN(test_significant_smaller_difference_is_direction_only);
    RUN(test_significant_difference_the_other_way_is_contradicted);
    RUN(test_overlapping_samples_are_not_significant);
    RUN(test_absolute_figure_far_beyond_the_bound_is_implausible);
    RUN(test_absolute_figure_within_tolerance_is_consistent_else_differs);
    RUN(test_count_claims_are_equal_or_differ);
    RUN(test_claim_on_a_missing_environment_is_not_measured_with_its_reason);
    RUN(test_ratio_of_two_benchmarks_inside_one_environment);
    RUN(test_claim_of_a_table_without_an_experiment_is_not_reproducible);
    return check_main("claims");
}
