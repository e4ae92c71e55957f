/* Claims about the Go benchmark format reader and writer (stages/common/benchfmt.c). */
#include "benchfmt.h"
#include "check.h"
#include "numfmt.h"

#include <stdlib.h>

static void test_result_lines_take_the_configuration_before_them(void)
{
    const char *text = "goos: linux\nenv: host\n"
                       "BenchmarkFib40-2 \t 2\t 653012982 ns/op\t0 B/op\t0 allocs/op\n"
                       "env: docker\nPASS\n"
                       "BenchmarkFib40-2 1 700000000 ns/op 0 B/op 0 allocs/op\n";
    bf_file f;
    CHECK(bf_parse("t.txt", text, &f) == 0);
    CHECK(f.nresults == 2);
    CHECK_STR(bf_config_get(&f, &f.results[0], "env"), "host");
    CHECK_STR(bf_config_get(&f, &f.results[1], "env"), "docker");
    CHECK_STR(bf_config_get(&f, &f.results[1], "goos"), "linux");
    CHECK(f.results[0].iters == 2 && f.results[0].nm == 3);
    CHECK_NEAR(f.results[0].m[0].value, 653012982, 0);
    CHECK_STR(f.results[0].m[2].unit, "allocs/op");
    CHECK(f.results[1].line == 6);
    bf_free(&f);
}

static void test_empty_config_value_deletes_the_key(void)
{
    bf_file f;
    CHECK(bf_parse("t.txt", "env: host\nenv:\nBenchmarkX 1 5 ns/op\n", &f) == 0);
    CHECK(bf_config_get(&f, &f.results[0], "env") == NULL);
    bf_free(&f);
}

static void test_unit_metadata_is_read(void)
{
    bf_file f;
    CHECK(bf_parse("t.txt", "Unit ns/op better=lower assume=nothing\nBenchmarkX 1 5 ns/op\n",
                   &f) == 0);
    CHECK_STR(bf_unit_meta(&f, "ns/op", "better"), "lower");
    CHECK_STR(bf_unit_meta(&f, "ns/op", "assume"), "nothing");
    CHECK(bf_unit_meta(&f, "B/op", "better") == NULL);
    bf_free(&f);
}

static void test_truncated_result_line_is_an_error(void)
{
    bf_file f;
    /* The value is there, its unit is not: a line cut short. */
    CHECK(bf_parse("t.txt", "env: host\nBenchmarkFib40-2 2 653012982\n", &f) == -1);
    CHECK(f.nresults == 0);
}

static void test_bad_number_and_bad_iterations_are_errors(void)
{
    bf_file f;
    CHECK(bf_parse("t.txt", "BenchmarkX 1 12x ns/op\n", &f) == -1);
    CHECK(bf_parse("t.txt", "BenchmarkX zero 12 ns/op\n", &f) == -1);
    CHECK(bf_parse("t.txt", "Unit ns/op better\n", &f) == -1);
}

static void test_lines_that_are_not_benchmark_lines_are_ignored(void)
{
    bf_file f;
    CHECK(bf_parse("t.txt",
                   "PASS\nok  \trepro/fib\t2.0s\n# repro-rusage maxrss_kib=1\nBenchmarking is "
                   "fun\nKey: not a config\n",
                   &f) == 0);
    CHECK(f.nresults == 0 && f.nconfigs == 0);
    bf_free(&f);
}

static void test_written_results_read_back_identically(void)
{
    strbuf sb = {0};
    const char *units[] = {"ns/op", "peak-RSS-B"};
    double values[] = {31275.5, 3330048};
    bf_put_config(&sb, "env", "oci");
    bf_put_unit(&sb, "ns/op", "better", "lower");
    bf_put_result(&sb, "BenchmarkFib20-2", 35817, 2, units, values);
    bf_file f;
    CHECK(bf_parse("w.txt", sb.buf, &f) == 0);
    CHECK(f.nresults == 1 && f.results[0].nm == 2);
    CHECK(f.results[0].m[0].value == 31275.5 && f.results[0].m[1].value == 3330048);
    CHECK_STR(bf_config_get(&f, &f.results[0], "env"), "oci");
    bf_free(&f);
    sb_free(&sb);
}

static void test_numbers_use_the_fewest_digits_that_round_trip(void)
{
    char buf[64];
    CHECK_STR(num_format(0.1, buf, sizeof buf), "0.1");
    CHECK_STR(num_format(653012982, buf, sizeof buf), "653012982");
    CHECK_STR(num_format(1.0 / 3, buf, sizeof buf), "0.3333333333333333");
    CHECK_STR(num_format(-INFINITY, buf, sizeof buf), "-inf");
    CHECK_STR(num_format(NAN, buf, sizeof buf), "");
    double v;
    CHECK(num_parse("inf", &v) == 0 && isinf(v) && v > 0);
    CHECK(num_parse("", &v) == 0 && isnan(v));
    CHECK(num_parse("1.5x", &v) == -1);
}

static void test_base_name_drops_only_a_numeric_procs_suffix(void)
{
    char buf[64];
    CHECK_STR(bf_base_name("BenchmarkFib40-2", buf, sizeof buf), "BenchmarkFib40");
    CHECK_STR(bf_base_name("BenchmarkA/size=1-k", buf, sizeof buf), "BenchmarkA/size=1-k");
    CHECK_STR(bf_base_name("BenchmarkB", buf, sizeof buf), "BenchmarkB");
}

int main(void)
{
    RUN(test_result_lines_take_the_configuration_before_them);
    RUN(test_empty_config_value_deletes_the_key);
    RUN(test_unit_metadata_is_read);
    RUN(test_truncated_result_line_is_an_error);
    RUN(test_bad_number_and_bad_iterations_are_errors);
    RUN(test_lines_that_are_not_benchmark_lines_are_ignored);
    RUN(test_written_results_read_back_identically);
    RUN(test_numbers_use_the_fewest_digits_that_round_trip);
    RUN(test_base_name_drops_only_a_numeric_procs_suffix);
    return check_main("benchfmt");
}
