/* Claims about Table 2.2a's normalizer (stages/normalize/norm_start.c) on runc's strace -c -f -w
 * summary captured from this machine (tests/fixtures/raw/runtime-trace-oci.runtime). */
#include "benchfmt.h"
#include "check.h"
#include "fsutil.h"
#include "log.h"
#include "normalize/normalizer.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies fixture to <tmp>/001<suffix> and normalizes that sample; returns the output. */
static char *normalize_copy(const char *fixture, const char *suffix, norm_state *st)
{
    char dir[] = "/tmp/repro-test-start-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char *base = xasprintf("%s/001", dir), *to = xasprintf("%s%s", base, suffix);
    strbuf out = {0};
    int rc = fs_copy_file(fixture, to) == 0 ? norm_start.sample(base, &out, st) : -1;
    unlink(to);
    rmdir(dir);
    free(base);
    free(to);
    char *text = sb_detach(&out);
    if (rc != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void test_runc_trace_counts_namespace_capability_and_mount_calls(void)
{
    norm_state st = {0};
    char *text = normalize_copy("tests/fixtures/raw/runtime-trace-oci.runtime", ".runtime", &st);
    CHECK(text != NULL);
    bf_file f;
    CHECK(text && bf_parse("out", text, &f) == 0);
    if (text && f.nresults == 1) {
        const bf_result *r = &f.results[0];
        CHECK_STR(r->name, "BenchmarkRuntimeSyscalls");
        CHECK(r->nm == 8);
        CHECK_NEAR(r->m[0].value, 3627, 0);        /* the sum of the rows equals strace's total */
        CHECK_NEAR(r->m[1].value, 1, 0);           /* unshare: clone and clone3 are threads */
        CHECK_NEAR(r->m[2].value, 125 + 5 + 1, 0); /* prctl, capget, capset */
        CHECK_NEAR(r->m[3].value, 52 + 2 + 1, 0);  /* mount, umount2, pivot_root */
        CHECK(r->m[4].value > 0 && r->m[4].value < 100);
        /* the waiting apart (futex, read, nanosleep, epoll_pwait, waitid, wait4: 92.96%), and
         * the setup calls against the active time and per call against the other calls */
        CHECK_NEAR(r->m[5].value, 92.96, 0.05);
        CHECK(r->m[6].value > r->m[4].value && r->m[6].value < 100);
        /* without thread creation (clone 2.4 ms a call under strace -f) the setup calls cost
         * what the other active calls cost: 0.96x, not 1.85x */
        CHECK_NEAR(r->m[7].value, 0.963, 0.001);
        bf_free(&f);
    } else {
        CHECK(!"one result line");
    }
    CHECK(strstr(sb_str(&st.units), "Unit setup-time-% better=lower") != NULL);
    free(text);
    norm_state_free(&st);
}

static void test_a_driver_that_cannot_trace_leaves_a_reason_not_a_sample(void)
{
    norm_state st = {0};
    char path[] = "/tmp/repro-test-note-XXXXXX";
    int fd = mkstemp(path);
    const char *why = "# unsupported runtime-trace: a plain process has no container runtime\n";
    CHECK(fd >= 0 && write(fd, why, strlen(why)) == (ssize_t)strlen(why));
    close(fd);
    char *text = normalize_copy(path, ".runtime", &st);
    unlink(path);
    CHECK(text && !*text);
    CHECK(strstr(sb_str(&st.notes), "runtime-trace\ta plain process") != NULL);
    free(text);
    norm_state_free(&st);
}

static void test_a_summary_without_a_total_row_is_rejected(void)
{
    norm_state st = {0};
    char path[] = "/tmp/repro-test-cut-XXXXXX";
    int fd = mkstemp(path);
    const char *cut = "% time     seconds  usecs/call     calls    errors syscall\n"
                      " 46.73    1.137929        2986       381        41 futex\n";
    CHECK(fd >= 0 && write(fd, cut, strlen(cut)) == (ssize_t)strlen(cut));
    close(fd);
    char *text = normalize_copy(path, ".runtime", &st);
    unlink(path);
    CHECK(text == NULL);
    norm_state_free(&st);
}

int main(void)
{
    RUN(test_runc_trace_counts_namespace_capability_and_mount_calls);
    RUN(test_a_driver_that_cannot_trace_leaves_a_reason_not_a_sample);
    RUN(test_a_summary_without_a_total_row_is_rejected);
    return check_main("normalize-start");
}
