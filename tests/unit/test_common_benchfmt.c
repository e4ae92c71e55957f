/* Claims about the Go benchmark format reader and writer (stages/common/benchfmt.c). */
#include "benchfmt.h"
#include "check.h"
#include "fsutil.h"
#include "numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

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

/* Issue 13: K keys, then K (change, result) pairs: the first reader copied every key on each
 * change followed by a result, 1.25 GB for this 134 KB file. */
static void test_many_configuration_changes_take_memory_linear_in_the_file(void)
{
    strbuf sb = {0};
    enum { K = 3500 };
    for (int i = 0; i < K; i++)
        sb_printf(&sb, "k%d: v\n", i);
    for (int i = 0; i < K; i++)
        sb_printf(&sb, "k%d: w\nBenchmarkX 1 1 ns/op\n", i);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    bf_file f;
    CHECK(bf_parse("many.txt", sb.buf, &f) == 0);
    getrusage(RUSAGE_SELF, &after);
    CHECK(sb.len < 140 * 1024);
    CHECK(after.ru_maxrss - before.ru_maxrss < 100 * 1024); /* KiB: 100 MiB */
    CHECK(f.nresults == K);
    CHECK_STR(bf_config_get(&f, &f.results[0], "k0"), "w");
    CHECK_STR(bf_config_get(&f, &f.results[0], "k1"), "v");
    CHECK_STR(bf_config_get(&f, &f.results[K - 1], "k1"), "w");
    bf_free(&f);
    sb_free(&sb);
}

static void test_a_unit_declared_twice_with_conflicting_better_is_an_error(void)
{
    bf_file f;
    CHECK(bf_parse("u.txt", "Unit ns/op better=lower\nUnit ns/op better=higher\n", &f) == -1);
    CHECK(bf_parse("u.txt", "Unit ns/op better=sideways\n", &f) == -1);
    CHECK(bf_parse("u.txt", "Unit ns/op better=lower\nUnit ns/op better=lower\n", &f) == 0);
    CHECK_STR(bf_unit_meta(&f, "ns/op", "better"), "lower");
    bf_free(&f);
}

static void test_values_are_decimal_numbers_not_hex_or_words(void)
{
    bf_file f;
    CHECK(bf_parse("h.txt", "BenchmarkX 1 0x10 ns/op\n", &f) == -1);
    CHECK(bf_parse("h.txt", "BenchmarkX 1 nan ns/op\n", &f) == -1);
    CHECK(bf_parse("h.txt", "BenchmarkX 1 infinity ns/op\n", &f) == -1);
    CHECK(bf_parse("h.txt", "BenchmarkX 1 1e999 ns/op\n", &f) == -1);
    CHECK(bf_parse("h.txt", "BenchmarkX 1 -2.5e-3 offset-ns\n", &f) == 0);
    bf_free(&f);
}

/* A value its unit cannot have is an error at its line (issue 23): a time per operation of 0
 * or below, a negative count or size, and a magnitude no measurement here reaches. */
static void test_a_value_its_unit_cannot_have_is_an_error(void)
{
    bf_file f;
    CHECK(bf_parse("v.txt", "BenchmarkX 1 0 ns/op\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 -3 ns/op\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 -0.5 sec/op\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 1e308 ns/op\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 5 ns/op -1 B/op\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 -7 peak-RSS-B\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 2e15 syscalls\n", &f) == -1);
    CHECK(bf_parse("v.txt", "BenchmarkX 1 5 ns/op 0 B/op 0 allocs/op\n", &f) == 0);
    bf_free(&f);
    CHECK(bf_value_problem("ns/op", 1e-3) == NULL);
    CHECK(bf_value_problem("lateness-p50-ns", 0) == NULL);
}

static void test_a_file_with_a_nul_byte_is_an_error_not_cut_short(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/test-benchfmt-%d.txt", (int)getpid());
    static const char text[] = "BenchmarkX 1 1 ns/op\n\0BenchmarkX 1 x ns/op\n";
    CHECK(fs_write_atomic(path, text, sizeof text - 1) == 0);
    bf_file f;
    CHECK(bf_load(path, &f) == -1);
    unlink(path);
}

/* The same results whether the file is scanned in chunks (lines cut across chunk borders) or
 * as text in memory: 2.5 MiB of results, more than two of bf_scan_file's chunks. */
static void test_a_file_read_in_chunks_is_read_as_its_text(void)
{
    strbuf sb = {0};
    sb_puts(&sb, "table: T1\nenv: host\nUnit ns/op better=lower\n");
    for (int i = 0; i < 80000; i++)
        sb_printf(&sb, "BenchmarkCase%03d-2\t1\t%d.%d ns/op\t%d B/op\n", i % 7, 1000 + i, i % 10, i);
    sb_puts(&sb, "BenchmarkLast-2\t1\t5 ns/op"); /* no newline at the end */
    char path[] = "/tmp/test-benchscan-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, sb.buf, sb.len) == (ssize_t)sb.len);
    close(fd);
    bf_file from_file, from_text;
    CHECK(bf_load(path, &from_file) == 0);
    CHECK(bf_parse(path, sb_str(&sb), &from_text) == 0);
    CHECK(from_file.nresults == 80001 && from_text.nresults == 80001);
    size_t differ = 0;
    for (size_t i = 0; i < from_file.nresults && i < from_text.nresults; i++) {
        const bf_result *a = &from_file.results[i], *b = &from_text.results[i];
        differ += strcmp(a->name, b->name) || a->nm != b->nm || a->line != b->line ||
                  a->m[0].value != b->m[0].value || strcmp(a->m[0].unit, b->m[0].unit);
    }
    CHECK(differ == 0);
    CHECK(from_file.results[80000].line == 80004);
    bf_free(&from_file);
    bf_free(&from_text);
    unlink(path);
    sb_free(&sb);
}

/* Found by fuzzing: "ns/op\r\r" (all but the line's last \r kept) was a unit that written
 * back read as another; a name or unit with a control character is refused instead. */
static void test_a_unit_or_name_with_a_control_character_is_an_error(void)
{
    bf_file f;
    CHECK(bf_parse("t", "BenchmarkX 1 1 ns/op\r\r\n", &f) == -1);
    CHECK(bf_parse("t", "BenchmarkX\x01 1 1 ns/op\n", &f) == -1);
    CHECK(bf_parse("t", "BenchmarkX 1 1 ns/\x7fop\n", &f) == -1);              /* DEL */
    CHECK(bf_parse("t", "BenchmarkX\t1\t1 ns/op\t2 B/\x02op\n", &f) == -1); /* a 2nd unit */
    CHECK(bf_parse("t", "BenchmarkX 1 1\x1f ns/op\n", &f) == -1);              /* a value */
    CHECK(bf_parse("t", "BenchmarkX 1 1 ns/op\r\n", &f) == 0 && f.nresults == 1); /* CRLF */
    bf_free(&f);
}

static void test_a_line_longer_than_the_chunk_is_an_error_with_its_line(void)
{
    char path[] = "/tmp/test-benchscan-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "table: T1\nBenchmarkA-2\t1\t5 ns/op\n# ");
    for (int i = 0; i < (1 << 20) + 10; i++)
        fputc('x', f);
    fputc('\n', f);
    fclose(f);
    bf_file out;
    CHECK(bf_load(path, &out) == -1); /* logged as path:3: a line longer than ... */
    unlink(path);
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
    RUN(test_many_configuration_changes_take_memory_linear_in_the_file);
    RUN(test_a_unit_declared_twice_with_conflicting_better_is_an_error);
    RUN(test_values_are_decimal_numbers_not_hex_or_words);
    RUN(test_a_value_its_unit_cannot_have_is_an_error);
    RUN(test_a_file_with_a_nul_byte_is_an_error_not_cut_short);
    RUN(test_a_file_read_in_chunks_is_read_as_its_text);
    RUN(test_a_unit_or_name_with_a_control_character_is_an_error);
    RUN(test_a_line_longer_than_the_chunk_is_an_error_with_its_line);
    return check_main("benchfmt");
}
