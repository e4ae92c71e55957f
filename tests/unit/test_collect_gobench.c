/* test_collect_gobench.c - which samples of a Table 1 cell also run the article's whole go test
 * command: each of the first --reps (so the quick profile's memory claims get n = 10), none of a
 * precision round past them, never the A/A arm (which says why), and never under make bench. */
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

static void t1_cell(const env_driver *drv, int rep, int no_gocmd, char *buf, size_t len)
{
    env e = {.drv = drv};
    snprintf(e.bin_dir, sizeof e.bin_dir, "/b");
    snprintf(e.work_dir, sizeof e.work_dir, "/w");
    snprintf(e.cache_dir, sizeof e.cache_dir, "/c");
    workload_opts o = {.bench = "BenchmarkFib40", .quick = 1, .rep = rep, .min_reps = 10,
                       .no_gocmd = no_gocmd};
    workload_cmd c = {0};
    workload_gobench.command(&e, &o, &c);
    words(&c, buf, len);
    workload_free(&c);
    sb_free(&e.meta);
}

static void test_the_first_reps_samples_run_the_whole_command(void)
{
    char cmd[4096];
    t1_cell(&host, 1, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "/b/repro-probe seq /b/repro-rusage /b/repro-fib.test") == cmd);
    CHECK(strstr(cmd, "; /b/repro-probe treerss BenchmarkGoTestCommand --prime") != NULL);
    CHECK(strstr(cmd, "-- go test -bench=BenchmarkFib40 -benchmem -count=1 -benchtime=1x"));
    t1_cell(&host, 10, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "treerss BenchmarkGoTestCommand --interval-ms") != NULL); /* no --prime */
}

static void test_a_precision_round_past_reps_runs_the_benchmark_alone(void)
{
    char cmd[4096];
    t1_cell(&host, 11, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "/b/repro-rusage /b/repro-fib.test") == cmd);
    CHECK(strstr(cmd, "treerss") == NULL);
}

static void test_the_aa_arm_says_why_it_does_not_run_it(void)
{
    char cmd[4096];
    t1_cell(&host_aa, 1, 0, cmd, sizeof cmd);
    CHECK(strstr(cmd, "treerss BenchmarkGoTestCommand --unsupported not run in the A/A arm"));
    CHECK(strstr(cmd, "go test") == NULL);
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
    RUN(test_the_first_reps_samples_run_the_whole_command);
    RUN(test_a_precision_round_past_reps_runs_the_benchmark_alone);
    RUN(test_the_aa_arm_says_why_it_does_not_run_it);
    RUN(test_make_bench_leaves_it_out);
    return check_main("collect-gobench");
}
