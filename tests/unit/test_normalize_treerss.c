/* Claims about Table 1's samples of the article's whole command (stages/normalize/raw_treerss.c
 * and norm_gotest.c): a "# repro-treerss" line becomes a BenchmarkGoTestCommand result after
 * the benchmark's, a reason stays a reason, and a bad line is an error; on output captured from
 * this machine's oci and vm (tests/fixtures/raw/gotest-treerss-*.out). */
#include "check.h"
#include "normalize/raw.h"
#include "normalize_fixture.h"

#include "fsutil.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

/* The T1 normalizer (not normalize_fixture.h's default one) on a fixture; its state in st. */
static int normalize_t1(const char *base, bf_file *f, norm_state *st)
{
    strbuf out = {0};
    memset(st, 0, sizeof *st);
    int rc = normalizer_for("T1")->sample(base, &out, st);
    char *text = xasprintf("%s%s", sb_str(&st->units), sb_str(&out));
    if (rc == 0)
        rc = bf_parse(base, text, f);
    free(text);
    sb_free(&out);
    return rc;
}

static void test_oci_sample_gives_the_benchmark_then_the_whole_command(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize_t1(FIXTURES "gotest-treerss-oci", &f, &st) == 0);
    CHECK(f.nresults == 2);
    if (f.nresults == 2) { /* the benchmark first: claims without a bench take the first */
        CHECK_STR(f.results[0].name, "BenchmarkFib40-2");
        CHECK_STR(f.results[1].name, "BenchmarkGoTestCommand");
        CHECK(f.results[1].iters == 1);
    }
    const bf_result *r = result(&f, "BenchmarkGoTestCommand");
    CHECK_NEAR(value(r, "ns/op"), 2222267617.0, 0);
    CHECK_NEAR(value(r, "tree-peak-RSS-B"), 79616.0 * 1024, 0);
    CHECK_NEAR(value(r, "max-process-RSS-B"), 60932.0 * 1024, 0);
    CHECK(value(r, "tree-peak-RSS-B") >= value(r, "max-process-RSS-B"));
    CHECK(isnan(value(r, "peak-RSS-B"))); /* the benchmark binary's own stays on its line */
    CHECK_NEAR(value(result(&f, "BenchmarkFib40-2"), "peak-RSS-B"), 3196.0 * 1024, 0);
    CHECK_STR(bf_unit_meta(&f, "tree-peak-RSS-B", "better"), "lower");
    CHECK_STR(bf_unit_meta(&f, "max-process-RSS-B", "better"), "lower");
    CHECK_STR(sb_str(&st.notes), "");
    bf_free(&f);
    norm_state_free(&st);
}

/* The article's second reading of its peak RSS: the tree plus the daemon the same sample
 * measured (docker's dockerd + containerd); a sample without a .daemon file has no such value. */
static void test_the_tree_plus_the_daemon_is_the_second_reading(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize_t1(FIXTURES "gotest-treerss-oci", &f, &st) == 0);
    CHECK(isnan(value(result(&f, "BenchmarkGoTestCommand"), "tree-daemon-RSS-B")));
    bf_free(&f);
    norm_state_free(&st);
    char dir[] = "/tmp/repro-test-treedaemon-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *out = xasprintf("%s/1.out", dir), *daemon = xasprintf("%s/1.daemon", dir);
    char *text = norm_read(FIXTURES "gotest-treerss-oci.out"), *dtext = norm_read(FIXTURES "docker.daemon");
    CHECK(text && dtext && fs_write_atomic(out, text, strlen(text)) == 0 &&
          fs_write_atomic(daemon, dtext, strlen(dtext)) == 0);
    char *base = xasprintf("%s/1", dir);
    CHECK(normalize_t1(base, &f, &st) == 0);
    const bf_result *r = result(&f, "BenchmarkGoTestCommand");
    CHECK_NEAR(value(r, "tree-daemon-RSS-B"), 79616.0 * 1024 + 127430656, 0);
    CHECK_STR(bf_unit_meta(&f, "tree-daemon-RSS-B", "better"), "lower");
    bf_free(&f);
    norm_state_free(&st);
    unlink(out);
    unlink(daemon);
    rmdir(dir);
    free(base);
    free(out);
    free(daemon);
    free(text);
    free(dtext);
}

static void test_vm_under_tcg_keeps_the_benchmark_and_says_why_the_command_did_not_run(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize_t1(FIXTURES "gotest-treerss-vm", &f, &st) == 0);
    CHECK(f.nresults == 1 && result(&f, "BenchmarkFib40-2"));
    CHECK(!result(&f, "BenchmarkGoTestCommand"));
    const char *want = "BenchmarkGoTestCommand\tnot run where the CPU is emulated (TCG)";
    CHECK(strncmp(sb_str(&st.notes), want, strlen(want)) == 0);
    bf_free(&f);
    norm_state_free(&st);
}

static void test_a_sample_without_the_line_is_the_benchmark_alone(void)
{
    raw_treerss t;
    CHECK(raw_parse_treerss("007.out", "BenchmarkFib40-2 3 1 ns/op\n# repro-rusage maxrss_kib=1\n",
                            &t) == 1);
}

static void test_treerss_line_with_a_bad_number_is_rejected(void)
{
    raw_treerss t;
    CHECK(raw_parse_treerss("bad.out",
                            "# repro-treerss name=B tree_peak_kib=80x max_process_kib=1 "
                            "wall_ns=5\n",
                            &t) == -1);
    CHECK(raw_parse_treerss("neg.out",
                            "# repro-treerss name=B tree_peak_kib=-1 max_process_kib=1 "
                            "wall_ns=5\n",
                            &t) == -1);
}

static void test_treerss_line_cut_before_max_process_is_rejected(void)
{
    raw_treerss t;
    CHECK(raw_parse_treerss("cut.out", "# repro-treerss name=B tree_peak_kib=80 wal", &t) == -1);
}

static void test_a_second_treerss_line_is_rejected(void)
{
    const char *line = "# repro-treerss name=B tree_peak_kib=2 max_process_kib=1 wall_ns=5\n";
    char *text = xasprintf("%s%s", line, line);
    raw_treerss t;
    CHECK(raw_parse_treerss("two.out", line, &t) == 0);
    CHECK_STR(t.name, "B");
    CHECK_NEAR(t.tree_peak_bytes, 2048, 0);
    CHECK(raw_parse_treerss("two.out", text, &t) == -1);
    free(text);
}

static void test_a_t1_sample_with_a_bad_treerss_line_is_rejected_whole(void)
{
    char dir[] = "/tmp/repro-test-t1.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *base = xasprintf("%s/001", dir), *path = xasprintf("%s.out", base);
    const char *text = "BenchmarkFib40-2 3 1 ns/op 0 B/op 0 allocs/op\n"
                       "# repro-rusage maxrss_kib=3196 utime_us=1 stime_us=1 wall_us=1\n"
                       "# repro-treerss name=BenchmarkGoTestCommand tree_peak_kib=1 wall_ns=2\n";
    CHECK(fs_save(path, text, strlen(text)) == 0);
    bf_file f;
    norm_state st;
    CHECK(normalize_t1(base, &f, &st) == -1);
    norm_state_free(&st);
    unlink(path);
    rmdir(dir);
    free(base);
    free(path);
}

int main(void)
{
    RUN(test_oci_sample_gives_the_benchmark_then_the_whole_command);
    RUN(test_the_tree_plus_the_daemon_is_the_second_reading);
    RUN(test_vm_under_tcg_keeps_the_benchmark_and_says_why_the_command_did_not_run);
    RUN(test_a_sample_without_the_line_is_the_benchmark_alone);
    RUN(test_treerss_line_with_a_bad_number_is_rejected);
    RUN(test_treerss_line_cut_before_max_process_is_rejected);
    RUN(test_a_second_treerss_line_is_rejected);
    RUN(test_a_t1_sample_with_a_bad_treerss_line_is_rejected_whole);
    return check_main("normalize-treerss");
}
