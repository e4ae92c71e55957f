/* T4.2's orderings are order claims judged on the values (data/claims/T4.2.tsv), not 1/0 lines
 * the probe prints: the real claims file judged against constructed readings of the three
 * sources. The right order reproduces the container's claim and passes the host's check; the
 * wrong order (the cgroup below the process's Rss) contradicts the claim and fails the check; a
 * VmRSS equal to Rss is no ordering, which the table's condition (no shared pages) makes not
 * applicable. An archived run's 1/0 lines are left out when it is judged with today's tables. */
#include "analyze/analyze.h"
#include "analyze/claims.h"
#include "check.h"
#include "claims_fixture.h"

#include <string.h>

#define V(j, id) verdict_of(&(j), id)

static const char *verdict_of(const tsv_table *out, const char *id)
{
    for (size_t r = 0; r < out->nrows; r++)
        if (!strcmp(tsv_get(out, r, "id"), id))
            return tsv_get(out, r, "verdict");
    return "(no such claim)";
}

/* One environment's readings: VmRSS, smaps_rollup's Rss and the cgroup's figure, n samples each
 * spread 1% (the readings of one moment). */
static void readings_n(cellset *cs, const char *env, double vmrss, double rss, double cgroup,
                       size_t n)
{
    add_cell_n(cs, "T4.2", "B", env, "BenchmarkMemory/source=vmrss", vmrss, 0.01, n);
    add_cell_n(cs, "T4.2", "B", env, "BenchmarkMemory/source=smaps-rss", rss, 0.01, n);
    add_cell_n(cs, "T4.2", "B", env, "BenchmarkMemory/source=cgroup", cgroup, 0.01, n);
}

static void readings(cellset *cs, const char *env, double vmrss, double rss, double cgroup)
{
    readings_n(cs, env, vmrss, rss, cgroup, 10);
}

/* data/claims/T4.2.tsv judged against cs (host and oci ran; docker did not). */
static tsv_table judge_t42(const cellset *cs)
{
    tsv_table tables, envs, cells, run, meta, out;
    CHECK(tsv_load_as("data/tables.tsv", &tables_schema, &tables) == 0);
    CHECK(tsv_parse_as("envs", envs_text, &envs_schema, &envs) == 0);
    tsv_empty_as("cells", &cells_schema, &cells);
    tsv_empty_as("run", &facts_schema, &run);
    tsv_empty_as("meta", &meta_schema, &meta);
    claims_file cf;
    CHECK(claims_load("data/claims/T4.2.tsv", &tables, &cf) == 0);
    analysis a;
    compare_all(cs, &tables, NULL, 0, 0.95, 0.05, ADJUST_HOLM, &a);
    claim_context ctx = {&a,   cs,    &envs, &cells,         &tables,
                         &run, &meta, NULL,  env_baseline(), env_name_caps};
    strbuf sb = {0};
    tsv_put_header(&sb, &verdicts_schema);
    claims_judge_file(&cf, &ctx, &sb);
    CHECK(tsv_parse("out", sb.buf, &out) == 0);
    sb_free(&sb);
    claims_file_free(&cf);
    analysis_free(&a);
    tsv_free(&tables);
    tsv_free(&envs);
    tsv_free(&cells);
    tsv_free(&run);
    tsv_free(&meta);
    return out;
}

static void test_the_claims_are_orderings_of_the_bytes_read(void)
{
    tsv_table tables;
    CHECK(tsv_load_as("data/tables.tsv", &tables_schema, &tables) == 0);
    claims_file cf;
    CHECK(claims_load("data/claims/T4.2.tsv", &tables, &cf) == 0);
    for (size_t r = 0; r < cf.n; r++) {
        const claim *c = &cf.claims[r];
        CHECK(strcmp(c->metric, "holds") != 0); /* no 1/0 verdicts from the probe */
        if (!strcmp(c->id, "T4.2.cgroup.container") || !strcmp(c->id, "T4.2.vmrss.host"))
            CHECK(c->kind == CLAIM_ORDER && strchr(c->bench, '>') != NULL);
        if (!strcmp(c->id, "T4.2.cgroup.host"))
            CHECK(c->kind == CLAIM_CHECK && strchr(c->bench, '>') != NULL);
    }
    claims_file_free(&cf);
    tsv_free(&tables);
}

static void test_the_right_order_reproduces_and_passes(void)
{
    cellset cs = {0};
    readings(&cs, "host", 67.5e6, 67.5e6, 4e9); /* the host's cgroup: the whole session */
    readings(&cs, "oci", 67.5e6, 67.5e6, 80e6);  /* a container's: the probe and its child */
    tsv_table out = judge_t42(&cs);
    /* an analogue: memory.current counts more than the kernel overhead the article names */
    CHECK_STR(V(out, "T4.2.cgroup.container"), "direction reproduced");
    CHECK_STR(V(out, "T4.2.cgroup.host"), "pass");
    /* VmRSS = Rss: no ordering, and the article's reason for one (shared pages) is absent */
    CHECK_STR(V(out, "T4.2.vmrss.host"), "not applicable");
    CHECK_STR(V(out, "T4.2.vmrss.container"), "not applicable");
    CHECK_STR(V(out, "T4.2.vmrss.approx.host"), "reproduced");
    tsv_free(&out);
    cells_free(&cs);
}

static void test_the_wrong_order_contradicts_and_fails(void)
{
    cellset cs = {0};
    readings(&cs, "host", 67.5e6, 67.5e6, 50e6);
    readings(&cs, "oci", 67.5e6, 67.5e6, 50e6); /* the cgroup below the process's Rss */
    tsv_table out = judge_t42(&cs);
    CHECK_STR(V(out, "T4.2.cgroup.container"), "contradicted");
    CHECK_STR(V(out, "T4.2.cgroup.host"), "fail");
    tsv_free(&out);
    cells_free(&cs);
}

/* One sample (the quick profile's smoke sample) bounds no interval: the host's check is not
 * decided, never failed for it. */
static void test_one_sample_decides_no_check(void)
{
    cellset cs = {0};
    readings_n(&cs, "host", 67.5e6, 67.5e6, 4e9, 1);
    readings_n(&cs, "oci", 67.5e6, 67.5e6, 80e6, 1);
    tsv_table out = judge_t42(&cs);
    CHECK_STR(V(out, "T4.2.cgroup.host"), "not measured");
    tsv_free(&out);
    cells_free(&cs);
}

/* A run collected before: its probe printed the orderings as 1/0 "holds" lines. Judged with
 * today's tables (REJUDGE=1), they are left out (T4.2's retired_metrics), not refused. */
static void test_an_archived_runs_holds_lines_are_left_out_not_refused(void)
{
    static const char old_probe[] =
        "table: T4.2\nenv: host\nUnit B better=lower\nUnit holds better=higher\n"
        "BenchmarkMemory/source=vmrss\t1\t67506176 B\n"
        "BenchmarkMemory/source=smaps-rss\t1\t67506176 B\n"
        "BenchmarkMemoryOrder/vmrss-above-smaps-rss\t1\t0 holds\n"
        "BenchmarkMemory/source=cgroup\t1\t67747840 B\n";
    tsv_table tables, envs;
    CHECK(tsv_load_as("data/tables.tsv", &tables_schema, &tables) == 0);
    CHECK(tsv_parse_as("envs", envs_text, &envs_schema, &envs) == 0);
    cells_scope scope;
    cells_scope_init(&scope, &tables, &envs);
    cellset cs = {0};
    CHECK(cells_add_text("T4.2.txt", old_probe, &scope, &cs) == 0);
    CHECK(cells_find(&cs, "T4.2", "holds", "host", NULL) == NULL);
    const cell *cg = cells_find(&cs, "T4.2", "B", "host", "BenchmarkMemory/source=cgroup");
    CHECK(cg && cg->n == 1); /* the results after it still load */
    cells_free(&cs);
    cells_scope_free(&scope);
    tsv_free(&tables);
    tsv_free(&envs);
}

int main(void)
{
    RUN(test_the_claims_are_orderings_of_the_bytes_read);
    RUN(test_the_right_order_reproduces_and_passes);
    RUN(test_the_wrong_order_contradicts_and_fails);
    RUN(test_one_sample_decides_no_check);
    RUN(test_an_archived_runs_holds_lines_are_left_out_not_refused);
    return check_main("order claims");
}
