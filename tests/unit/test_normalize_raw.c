/* Claims about the raw-output parsers (stages/normalize/raw_*.c), on output captured from this
 * machine (tests/fixtures/raw/). */
#include "check.h"
#include "fsutil.h"
#include "log.h"
#include "normalize/raw.h"

#include <stdlib.h>

#define FIXTURES "tests/fixtures/raw/"

static void test_gotest_output_from_docker_gives_one_sample_with_peak_rss(void)
{
    char *text = fs_read_file(FIXTURES "gotest-fib20-docker.out", NULL);
    CHECK(text != NULL);
    raw_gotest g;
    CHECK(text && raw_parse_gotest("docker.out", text, &g) == 0);
    CHECK_STR(g.name, "BenchmarkFib20-2");
    CHECK(g.iters == 35817);
    CHECK_NEAR(g.ns_op, 31275, 0);
    CHECK_NEAR(g.allocs_op, 0, 0);
    CHECK_NEAR(g.peak_rss_bytes, 3252.0 * 1024, 0);
    CHECK_STR(g.goos, "linux");
    free(text);
}

/* A sample of K runs (-test.count=K -test.benchtime=1x): the fastest run's time, the median
 * run's as typical, B/op and allocs/op the lower median run's (docs/verdicts.md "Table 1's time
 * sample"): the runtime allocation one run of several prints stays out of the others. */
static void test_gotest_runs_give_the_fastest_time_and_the_median_runs_memory(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("k.out",
                           "BenchmarkFib40-2 1 490000000 ns/op 8 B/op 1 allocs/op\n"
                           "BenchmarkFib40-2 1 470000000 ns/op 0 B/op 0 allocs/op\n"
                           "BenchmarkFib40-2 1 668000000 ns/op 0 B/op 0 allocs/op\n"
                           "BenchmarkFib40-2 1 480000000 ns/op 8 B/op 1 allocs/op\n"
                           "# repro-rusage maxrss_kib=3000\n",
                           &g) == 0);
    CHECK(g.runs == 4 && g.iters == 4);
    CHECK(g.ns_op == 470000000);
    CHECK(g.typical_ns_op == 485000000); /* the mean of the middle two */
    CHECK(g.b_op == 0 && g.allocs_op == 0); /* two runs of four allocated: the lower median */
    CHECK(raw_parse_gotest("k.out",
                           "BenchmarkFib40-2 2 500 ns/op 8 B/op 1 allocs/op\n"
                           "BenchmarkFib40-2 1 400 ns/op 2 B/op 1 allocs/op\n"
                           "BenchmarkFib40-2 1 450 ns/op 2 B/op 1 allocs/op\n"
                           "# repro-rusage maxrss_kib=3000\n",
                           &g) == 0);
    CHECK(g.ns_op == 400 && g.typical_ns_op == 450 && g.iters == 4);
    CHECK(g.b_op == 2 && g.allocs_op == 1);
    CHECK(raw_parse_gotest("k.out",
                           "BenchmarkFib40-2 1 490 ns/op 8 B/op 1 allocs/op\n"
                           "BenchmarkFib40-2 1 470 ns/op 0 B/op 0 allocs/op\n"
                           "BenchmarkFib40-2 1 480 ns/op 8 B/op 1 allocs/op\n"
                           "# repro-rusage maxrss_kib=3000\n",
                           &g) == 0);
    CHECK(g.b_op == 8 && g.allocs_op == 1); /* two runs of three allocated */
}

static void test_gotest_runs_of_two_benchmarks_are_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("two.out",
                           "BenchmarkFib40-2 1 490 ns/op 0 B/op 0 allocs/op\n"
                           "BenchmarkFib20-2 1 470 ns/op 0 B/op 0 allocs/op\n"
                           "# repro-rusage maxrss_kib=3000\n",
                           &g) == -1);
}

static void test_gotest_output_cut_inside_the_result_line_is_rejected(void)
{
    const char *text = "goos: linux\nBenchmarkFib20-2   \t   35817\t     31275 ns/op\t       0 B/op"
                       "\t       0\n";
    raw_gotest g;
    CHECK(raw_parse_gotest("cut.out", text, &g) == -1);
}

static void test_gotest_output_without_a_result_is_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("fail.out", "--- FAIL: x\nFAIL\n", &g) == -1);
}

static void test_gotest_output_without_the_rusage_line_is_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("norusage.out",
                           "BenchmarkFib20-2 10 31275 ns/op 0 B/op 0 allocs/op\nPASS\n", &g) == -1);
}

static void test_daemon_file_of_docker_sums_dockerd_and_containerd(void)
{
    char *text = fs_read_file(FIXTURES "docker.daemon", NULL);
    double bytes = -1;
    CHECK(text && raw_parse_daemon("docker.daemon", text, &bytes) == 0);
    CHECK(bytes > 50e6 && bytes < 500e6);
    free(text);
}

static void test_daemon_file_of_the_host_says_zero(void)
{
    char *text = fs_read_file(FIXTURES "host.daemon", NULL);
    double bytes = -1;
    CHECK(text && raw_parse_daemon("host.daemon", text, &bytes) == 0);
    CHECK(bytes == 0);
    free(text);
}

static void test_daemon_file_with_a_bad_number_is_rejected(void)
{
    double bytes;
    CHECK(raw_parse_daemon("bad.daemon", "daemon_rss_bytes\t12MB\nstatus\tok\n", &bytes) == -1);
    CHECK(raw_parse_daemon("bad.daemon", "status\tok\n", &bytes) == -1);
    CHECK(raw_parse_daemon("un.daemon", "daemon_rss_bytes\t0\nstatus\tunmeasured\n", &bytes) == 1);
}

/* Issue 13: strtod took nan, inf and hex, and the reader then refused the samples file. */
static void test_daemon_file_with_nan_inf_or_hex_is_rejected(void)
{
    double bytes;
    const char *bad[] = {"nan", "inf", "0x10", "1e999", " 5", "-1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = xasprintf("daemon_rss_bytes\t%s\nstatus\tok\n", bad[i]);
        CHECK(raw_parse_daemon("bad.daemon", text, &bytes) == -1);
        free(text);
    }
}

static void test_daemon_file_with_an_unknown_status_or_a_repeated_key_is_rejected(void)
{
    double bytes;
    CHECK(raw_parse_daemon("s.daemon", "daemon_rss_bytes\t1\nstatus\tmaybe\n", &bytes) == -1);
    CHECK(raw_parse_daemon("d.daemon", "daemon_rss_bytes\t1\nstatus\tok\ndaemon_rss_bytes\t2\n",
                           &bytes) == -1);
    CHECK(raw_parse_daemon("k.daemon", "daemon_rss_bytes\t1\nstatus\tok\nstatsu\tok\n", &bytes) ==
          -1);
}

#define GOTEST_T41 "BenchmarkFib20-2 10 31275 ns/op 0 B/op 0 allocs/op\n" \
                   "# repro-rusage maxrss_kib=3252 utime_us=1 stime_us=1 wall_us=2\n"

/* Issue 13: sscanf skipped the newline, so an empty governor= took "#" from the next line. */
static void test_a_controls_line_with_an_empty_governor_is_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("c.out", "# repro-controls pinned=1 cpu=1 gogc_off=1 governor=\n"
                                    GOTEST_T41, &g) == -1);
    CHECK(raw_parse_gotest("c.out", "# repro-controls pinned=1 cpu=1 gogc_off=0 governor=none\n"
                                    GOTEST_T41, &g) == 0);
    CHECK(g.has_controls && g.pinned == 1 && g.gogc_off == 0);
    CHECK_STR(g.governor, "none");
}

/* Issue 13: %d overflowed on pinned=99999999999 (undefined); pinned and gogc_off are 0 or 1. */
static void test_a_controls_line_with_an_out_of_range_value_is_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("c.out", "# repro-controls pinned=99999999999 cpu=1 gogc_off=1 "
                                    "governor=none\n" GOTEST_T41, &g) == -1);
    CHECK(raw_parse_gotest("c.out", "# repro-controls pinned=2 cpu=1 gogc_off=1 "
                                    "governor=none\n" GOTEST_T41, &g) == -1);
    CHECK(raw_parse_gotest("c.out", "# repro-controls pinned=1 cpu=-1 gogc_off=1 "
                                    "governor=none\n" GOTEST_T41, &g) == -1);
}

/* Issue 13: strtol's ERANGE went unchecked, a huge maxrss_kib became LONG_MAX. */
static void test_a_rusage_line_with_an_overflowing_maxrss_is_rejected(void)
{
    raw_gotest g;
    CHECK(raw_parse_gotest("r.out", "BenchmarkFib20-2 10 31275 ns/op 0 B/op 0 allocs/op\n"
                                    "# repro-rusage maxrss_kib=99999999999999999999 utime_us=1\n",
                           &g) == -1);
    CHECK(raw_parse_gotest("r.out", "BenchmarkFib20-2 10 31275 ns/op 0 B/op 0 allocs/op\n"
                                    "# repro-rusage maxrss_kib=1 utime_us=1\n"
                                    "# repro-rusage maxrss_kib=2 utime_us=1\n",
                           &g) == -1);
}

int main(void)
{
    RUN(test_gotest_output_from_docker_gives_one_sample_with_peak_rss);
    RUN(test_gotest_runs_give_the_fastest_time_and_the_median_runs_memory);
    RUN(test_gotest_runs_of_two_benchmarks_are_rejected);
    RUN(test_gotest_output_cut_inside_the_result_line_is_rejected);
    RUN(test_gotest_output_without_a_result_is_rejected);
    RUN(test_gotest_output_without_the_rusage_line_is_rejected);
    RUN(test_daemon_file_of_docker_sums_dockerd_and_containerd);
    RUN(test_daemon_file_of_the_host_says_zero);
    RUN(test_daemon_file_with_a_bad_number_is_rejected);
    RUN(test_daemon_file_with_nan_inf_or_hex_is_rejected);
    RUN(test_daemon_file_with_an_unknown_status_or_a_repeated_key_is_rejected);
    RUN(test_a_controls_line_with_an_empty_governor_is_rejected);
    RUN(test_a_controls_line_with_an_out_of_range_value_is_rejected);
    RUN(test_a_rusage_line_with_an_overflowing_maxrss_is_rejected);
    return check_main("normalize-raw");
}
