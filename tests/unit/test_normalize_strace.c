/* Claims about the normalizers of Tables 2.4 and 2.2a: repro-probe strace's output (strace -f -C
 * lines and summaries captured on this machine, on the host and in runc: tests/fixtures/raw/
 * strace-*.out) and a cell's .wall file (start-oci.wall). */
#include "benchfmt.h"
#include "check.h"
#include "fsutil.h"
#include "log.h"
#include "normalize/normalizer.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURES "tests/fixtures/raw/"

/* Runs a normalizer on base; the result lines parsed back, 0 or -1. */
static int normalize(const normalizer *nz, const char *base, bf_file *f)
{
    strbuf out = {0};
    norm_state st = {0};
    int rc = nz->sample(base, &out, &st);
    if (rc == 0) {
        sb_puts(&st.units, sb_str(&out));
        rc = bf_parse(base, sb_str(&st.units), f);
    }
    sb_free(&out);
    norm_state_free(&st);
    return rc;
}

static double value(const bf_file *f, const char *bench, const char *unit)
{
    for (size_t i = 0; i < f->nresults; i++)
        if (!strcmp(f->results[i].name, bench))
            for (size_t k = 0; k < f->results[i].nm; k++)
                if (!strcmp(f->results[i].m[k].unit, unit))
                    return f->results[i].m[k].value;
    return NAN;
}

/* Writes text to a temporary <base>.out; base in buf. */
static void temp_out(const char *text, char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/test-norm-strace-%d", (int)getpid());
    char path[256];
    snprintf(path, sizeof path, "%s.out", buf);
    fs_write_atomic(path, text, strlen(text));
}

static void test_host_trace_gives_one_result_per_command_with_the_summary_counts(void)
{
    bf_file f;
    CHECK(normalize(&norm_strace, FIXTURES "strace-host", &f) == 0);
    CHECK(f.nresults == 3);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "openat-calls"), 1289, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "execve-calls"), 8, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "syscalls"), 24938, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "futex-%"), 100.0 * 2063 / 24938, 1e-12);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "openat-ns"), 0.050310e9 / 1289, 1e-12);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=test", "execve-calls"), 10, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=testbin", "syscalls"), 633, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=testbin", "futex-%"), 100.0 * 142 / 633, 1e-12);
    CHECK_STR(bf_unit_meta(&f, "futex-%", "better"), "lower");
    bf_free(&f);
}

static void test_mmap_with_prot_exec_is_counted_once_per_call_from_the_trace_lines(void)
{
    bf_file f;
    CHECK(normalize(&norm_strace, FIXTURES "strace-oci", &f) == 0);
    /* /usr/bin/go is linked dynamically: ld.so maps libc's code once; the tools are static. */
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "mmap-exec-calls"), 1, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=testbin", "mmap-exec-calls"), 0, 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=build", "openat-calls"), 1304, 0);
    bf_free(&f);

    char base[128];
    temp_out("# repro-probe strace name=x: prog\n"
             "12 mmap(NULL, 8192, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0 <unfinished ...>\n"
             "13 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0000000000\n"
             "13 read(3, \"x := mmap(PROT_EXEC)\", 32) = 20\n" /* not a call of mmap */
             "12 <... mmap resumed>) = 0x7f0000002000\n"
             "% time     seconds  usecs/call     calls    errors syscall\n"
             "------ ----------- ----------- --------- --------- ------------------\n"
             "100.00    0.000010           5         2           mmap\n"
             "------ ----------- ----------- --------- --------- ------------------\n"
             "100.00    0.000010           5         2           total\n",
             base, sizeof base);
    CHECK(normalize(&norm_strace, base, &f) == 0);
    CHECK_NEAR(value(&f, "BenchmarkSyscalls/cmd=x", "mmap-exec-calls"), 1, 0);
    CHECK(isnan(value(&f, "BenchmarkSyscalls/cmd=x", "openat-ns"))); /* no openat: no latency */
    bf_free(&f);
    char path[160];
    snprintf(path, sizeof path, "%s.out", base);
    unlink(path);
}

static void test_a_command_without_its_summary_is_rejected(void)
{
    char base[128], path[160];
    bf_file f;
    temp_out("# repro-probe strace name=build prime=1: go test -c\n"
             "1 execve(\"/usr/bin/go\", [\"go\"], 0x0 /* 1 var */) = 0\n",
             base, sizeof base);
    CHECK(normalize(&norm_strace, base, &f) == -1);
    temp_out("# repro-probe strace name=build: go\n"
             "% time     seconds  usecs/call     calls    errors syscall\n"
             "100.00    0.000010           5        x2           total\n",
             base, sizeof base);
    CHECK(normalize(&norm_strace, base, &f) == -1); /* a bad number in the summary */
    temp_out("", base, sizeof base);
    CHECK(normalize(&norm_strace, base, &f) == -1); /* strace never ran */
    snprintf(path, sizeof path, "%s.out", base);
    unlink(path);
}

static void test_start_latency_is_the_cells_wall_time_in_ns(void)
{
    bf_file f;
    CHECK(normalize(&norm_start, FIXTURES "start-oci", &f) == 0);
    CHECK(f.nresults == 1);
    CHECK_NEAR(value(&f, "BenchmarkStart", "ns/op"), 0.092977579e9, 1e-12);
    bf_free(&f);
}

static void test_a_missing_or_malformed_wall_file_is_rejected(void)
{
    bf_file f;
    char base[128], path[160];
    CHECK(normalize(&norm_start, "/nonexistent/001", &f) == -1);
    snprintf(base, sizeof base, "/tmp/test-norm-start-%d", (int)getpid());
    snprintf(path, sizeof path, "%s.wall", base);
    fs_write_atomic(path, "0.1s\n", 5);
    CHECK(normalize(&norm_start, base, &f) == -1);
    fs_write_atomic(path, "-1\n", 3);
    CHECK(normalize(&norm_start, base, &f) == -1);
    unlink(path);
}

/* The normalizer's own return code: the raw file is the one to blame, not samples/<table>.txt. */
static int sample_rc(const normalizer *nz, const char *base)
{
    strbuf out = {0};
    norm_state st = {0};
    int rc = nz->sample(base, &out, &st);
    sb_free(&out);
    norm_state_free(&st);
    return rc;
}

/* Issue 13: strtod took nan and inf in the summary, so normalize wrote a result the reader
 * refuses and reported success. */
static void test_a_summary_with_nan_or_inf_counts_is_rejected_at_the_raw_file(void)
{
    char base[128], path[160];
    const char *bad[] = {"nan", "inf", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = xasprintf("# repro-probe strace name=build: go\n"
                               "%% time     seconds  usecs/call     calls    errors syscall\n"
                               "100.00    0.000010           5        %s           total\n",
                               bad[i]);
        temp_out(text, base, sizeof base);
        CHECK(sample_rc(&norm_strace, base) == -1);
        free(text);
    }
    snprintf(path, sizeof path, "%s.out", base);
    unlink(path);
}

/* A command name becomes part of a benchmark name: a tab in it would split the result line. */
static void test_a_command_name_that_cannot_be_a_benchmark_name_is_rejected(void)
{
    char base[128], path[160];
    temp_out("# repro-probe strace name=a\tb: go\n"
             "% time     seconds  usecs/call     calls    errors syscall\n"
             "100.00    0.000010           5         2           total\n",
             base, sizeof base);
    CHECK(sample_rc(&norm_strace, base) == -1);
    snprintf(path, sizeof path, "%s.out", base);
    unlink(path);
}

/* Issue 13: a wall time of inf (or hex) became an ns/op the reader refuses. */
static void test_a_wall_file_with_inf_nan_or_hex_is_rejected_at_the_raw_file(void)
{
    char base[128], path[160];
    snprintf(base, sizeof base, "/tmp/test-norm-start-%d", (int)getpid());
    snprintf(path, sizeof path, "%s.wall", base);
    const char *bad[] = {"inf\n", "nan\n", "0x1p-3\n", "1e300\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fs_write_atomic(path, bad[i], strlen(bad[i]));
        CHECK(sample_rc(&norm_start, base) == -1);
    }
    fs_write_atomic(path, "0.25\n", 5);
    CHECK(sample_rc(&norm_start, base) == 0);
    unlink(path);
}

int main(void)
{
    RUN(test_host_trace_gives_one_result_per_command_with_the_summary_counts);
    RUN(test_mmap_with_prot_exec_is_counted_once_per_call_from_the_trace_lines);
    RUN(test_a_command_without_its_summary_is_rejected);
    RUN(test_start_latency_is_the_cells_wall_time_in_ns);
    RUN(test_a_missing_or_malformed_wall_file_is_rejected);
    RUN(test_a_summary_with_nan_or_inf_counts_is_rejected_at_the_raw_file);
    RUN(test_a_command_name_that_cannot_be_a_benchmark_name_is_rejected);
    RUN(test_a_wall_file_with_inf_nan_or_hex_is_rejected_at_the_raw_file);
    return check_main("normalize_strace");
}
