/* test_collect_gobench.c - which samples of a Table 1 cell also run the article's whole go test
 * command: every one, the precision rounds past --reps and the A/A arm too (every round the same
 * work in every arm), with one op in every profile, and none under make bench; and how many runs
 * of the benchmark a sample is. */
#include "check.h"
#include "collect/workload.h"
#include "log.h"

#include <stdio.h>
#include <string.h>

/* The command's words joined by spaces. */
static void words(const workload_cmd *c, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (char **a = c->argv; *a && at < len; a++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? " " : "", *a);
}

/* The two environments T1's command tells apart, as data/envs.tsv makes them: a plain one and
 * an A/A arm that runs T1 only. */
static const env_driver host = {.name = "host"}, host_aa = {.name = "host-aa", .only_table = "T1"};

static void t1_cell_runs(const env_driver *drv, int rep, int no_gocmd, int runs, int quick,
                         char *buf, size_t len)
{
    env e = {.drv = drv};
    snprintf(e.bin_dir, sizeof e.bin_dir, "/b");
    snprintf(e.work_dir, sizeof e.work_dir, "/w");
    snprintf(e.cache_dir, sizeof e.cache_dir, "/c");
    workload_opts o = {.bench = "BenchmarkFib40",
                       .quick = quick,
                       .rep = rep,
                       .no_gocmd = no_gocmd,
                       .bench_runs = runs};
    workload_cmd c = {0};
    workload_gobench.command(&e, &o, &c);
    words(&c, buf, len);
    workload_free(&c);
    sb_free(&e.meta);
}

static void t1_cell(const env_driver *drv, int rep, int no_gocmd, char *buf, size_t len)
{
    t1_cell_runs(drv, rep, no_gocmd, GOBENCH_RUNS_QUICK, 1, buf, len);
}

/* A sample is K one-op runs of the prebuilt benchmark (docs/verdicts.md "Table 1's time
 * sample"): K from --bench-runs (collect's default per profile), each run one op. */
static void test_a_sample_is_k_one_op_runs(void)
{
    char cmd[4096];
    t1_cell_runs(&host, 1, 0, 6, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "/b/repro-fib.test -test.run=^$ -test.bench=^BenchmarkFib40$ "
                      "-test.benchmem -test.count=6 -test.benchtime=1x ;") != NULL);
    t1_cell_runs(&host, 1, 0, 3, 1, cmd, sizeof cmd);
    CHECK(strstr(cmd, "-test.count=3 -test.benchtime=1x ;") != NULL);
}

static void test_the_first_samples_run_the_whole_command(void)
{
    char cmd[4096];
    t1_cell(&host, 1, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "/b/repro-probe seq /b/repro-rusage /b/repro-fib.test") == cmd);
    CHECK(strstr(cmd, "; /b/repro-probe treerss BenchmarkGoTestCommand --prime") != NULL);
    CHECK(strstr(cmd, "-- go test -bench=BenchmarkFib40 -benchmem -count=1 -benchtime=1x"));
    t1_cell(&host, 10, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "treerss BenchmarkGoTestCommand --interval-ms") != NULL); /* no --prime */
}

/* One op in the full profile too: the command is there for its memory, which the count does not
 * change, and at -count=5 it took 40% of every precision round. */
static void test_the_full_profile_runs_it_with_one_op(void)
{
    char cmd[4096];
    t1_cell_runs(&host, 7, 0, 6, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "-- go test -bench=BenchmarkFib40 -benchmem -count=1 -benchtime=1x") != NULL);
    CHECK(strstr(cmd, "-count=5") == NULL);
}

static void test_a_precision_round_past_reps_runs_it_too(void)
{
    char cmd[4096];
    t1_cell(&host, 11, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "/b/repro-probe seq /b/repro-rusage /b/repro-fib.test") == cmd);
    CHECK(strstr(cmd, "treerss BenchmarkGoTestCommand --interval-ms") != NULL);
}

static void test_the_aa_arm_runs_exactly_what_host_runs(void)
{
    for (int rep = 1; rep <= 12; rep++) {
        char a[4096], b[4096];
        t1_cell(&host, rep, 0, a, sizeof a);
        t1_cell(&host_aa, rep, 0, b, sizeof b);
        CHECK_STR(b, a);
    }
}

static void test_make_bench_leaves_it_out(void)
{
    char cmd[4096];
    t1_cell(&host, 1, 1, cmd, sizeof cmd);
    CHECK(strstr(cmd, "treerss") == NULL);
}

int main(void)
{
    log_set_program("test");
    RUN(test_a_sample_is_k_one_op_runs);
    RUN(test_the_first_samples_run_the_whole_command);
    RUN(test_the_full_profile_runs_it_with_one_op);
    RUN(test_a_precision_round_past_reps_runs_it_too);
    RUN(test_the_aa_arm_runs_exactly_what_host_runs);
    RUN(test_make_bench_leaves_it_out);
    return check_main("collect-gobench");
}
