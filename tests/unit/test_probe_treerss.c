/* Claims about `repro-probe treerss` (stages/probe/treerss.c): its /proc parsers, and on a real
 * process tree (this test program re-run as two children that hold memory at the same time)
 * that the tree's peak is the sum over live processes while max_process is the largest one. */
#include "check.h"
#include "fsutil.h"
#include "probe/probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { HOLD_MIB = 48, HOLD_MS = 300 };

static void test_children_file_gives_every_pid(void)
{
    long pids[4];
    CHECK(probe_parse_pids("123 4567 ", pids, 4) == 2);
    CHECK(pids[0] == 123 && pids[1] == 4567);
    CHECK(probe_parse_pids("", pids, 4) == 0);
    CHECK(probe_parse_pids("1 2 3 4 5 6", pids, 4) == 4); /* never past cap */
}

static void test_statm_resident_is_the_second_field(void)
{
    CHECK(probe_statm_resident("25230 14859 3032 1 0 11580 0\n") == 14859);
    CHECK(probe_statm_resident("garbage") == -1);
}

static void test_stat_parent_survives_a_command_name_with_spaces_and_parens(void)
{
    CHECK(probe_stat_ppid("4242 (go test) S 4200 4242 4200 0 -1 4194304") == 4200);
    CHECK(probe_stat_ppid("77 (a) b)) R 1 77 77 0") == 1);
    CHECK(probe_stat_ppid("77 no parens") == -1);
}

/* Child mode: touches HOLD_MIB MiB, holds it HOLD_MS ms, exits. */
static int hold(void)
{
    size_t len = (size_t)HOLD_MIB << 20; /* mmap: a malloc+memset+free may be optimised away */
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    memset(p, 1, len);
    struct timespec ts = {0, HOLD_MS * 1000000L};
    nanosleep(&ts, NULL);
    munmap(p, len);
    return 0;
}

/* Parent mode: two holders at once, as go and its linker are. */
static int pair(void)
{
    pid_t a = fork();
    if (a == 0)
        _exit(hold());
    int rc = hold(), st;
    waitpid(a, &st, 0);
    return rc;
}

/* probe_treerss's stdout for a run of this program in mode, or NULL. */
static char *run_treerss(const char *mode, const char *walk)
{
    char *argv[] = {"T",  "--interval-ms",   "2",          "--walk", (char *)walk,
                    "--", "/proc/self/exe", (char *)mode, NULL};
    char path[] = "/tmp/repro-test-treerss.XXXXXX";
    int fd = mkstemp(path), saved = dup(1);
    if (fd < 0 || saved < 0)
        return NULL;
    fflush(stdout);
    dup2(fd, 1);
    probe_treerss(8, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(fd);
    char *text = fs_read_file(path, NULL);
    unlink(path);
    return text;
}

static long long field(const char *text, const char *key)
{
    const char *at = text ? strstr(text, key) : NULL;
    return at ? atoll(at + strlen(key)) : -1;
}

static void two_live_processes_are_summed(const char *walk)
{
    char *text = run_treerss("pair", walk);
    long long tree = field(text, " tree_peak_kib="), max = field(text, " max_process_kib=");
    CHECK(text && strncmp(text, "# repro-treerss name=T ", 23) == 0);
    CHECK(max >= HOLD_MIB * 1024 && max < 2 * HOLD_MIB * 1024);
    CHECK(tree >= 2 * HOLD_MIB * 1024 && tree < 3 * HOLD_MIB * 1024);
    CHECK(field(text, " peak_processes=") == 2);
    CHECK(field(text, " wall_ns=") >= HOLD_MS * 1000000LL);
    CHECK(text && strstr(text, walk));
    free(text);
}

static void test_two_live_processes_are_summed_and_the_largest_is_one_of_them(void)
{
    two_live_processes_are_summed("children");
}

static void test_without_children_files_a_scan_of_proc_finds_the_same_tree(void)
{
    two_live_processes_are_summed("proc-scan");
}

static void test_a_failing_command_is_a_reason_not_a_measurement(void)
{
    char *text = run_treerss("fail", "children");
    CHECK(text && strncmp(text, "# unsupported T: ", 17) == 0 && strstr(text, "exited with 3"));
    free(text);
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "pair"))
        return pair();
    if (argc == 2 && !strcmp(argv[1], "fail"))
        return 3;
    RUN(test_children_file_gives_every_pid);
    RUN(test_statm_resident_is_the_second_field);
    RUN(test_stat_parent_survives_a_command_name_with_spaces_and_parens);
    RUN(test_two_live_processes_are_summed_and_the_largest_is_one_of_them);
    RUN(test_without_children_files_a_scan_of_proc_finds_the_same_tree);
    RUN(test_a_failing_command_is_a_reason_not_a_measurement);
    return check_main("probe-treerss");
}
