/* Claims about repro-probe confine (stages/probe/confine.c): the default container filter it
 * installs lets the calls of the list through and refuses the others with EPERM, and is visible
 * in /proc/self/status; a speculation control this machine cannot set is reported with its
 * errno and the vulnerability file, never silently skipped. Each claim runs in a child, so the
 * filter never reaches the test process. */
#include "check.h"
#include "posture.h"
#include "probe/probe.h"
#include "seccomp_json.h"
#include "strbuf.h"

#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn in a child; its exit status (0 = every step held). */
static int in_child(int (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn());
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

static int filtered_calls(void)
{
    char why[600];
    if (syscall(SYS_swapoff, "/nonexistent-repro") != -1 || errno != ENOENT)
        return 1; /* unfiltered: the kernel looks the path up */
    if (probe_confine_apply("--seccomp", why, sizeof why) != 0)
        return 2;
    if (syscall(SYS_getpid) != getpid() && syscall(SYS_getpid) <= 0)
        return 3;
    if (syscall(SYS_swapoff, "/nonexistent-repro") != -1 || errno != EPERM)
        return 4; /* not in the list: refused before the kernel looks */
    char buf[4096] = "";
    FILE *f = fopen("/proc/self/status", "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return strstr(buf, "Seccomp:\t2\n") ? 0 : 5;
}

static void test_the_default_filter_allows_its_list_and_refuses_the_rest(void)
{
    CHECK(in_child(filtered_calls) == 0);
}

static void test_the_filter_checks_every_call_of_the_list_once(void)
{
    static struct sock_filter prog[1000];
    int n = probe_seccomp_default(prog, 1000);
    /* arch load, check, deny; nr load; a compare and a return per call; the final deny */
    CHECK(n == 5 + 2 * seccomp_default_count());
    CHECK(probe_seccomp_default(prog, 10) == -1);
}

static void test_the_spec_section_lists_the_same_calls(void)
{
    strbuf sb = {0};
    seccomp_json_default(&sb);
    const char *s = sb_str(&sb);
    CHECK(strncmp(s, "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\"", 43) == 0);
    CHECK(strstr(s, "\"getpid\"") && strstr(s, "\"read\"") && !strstr(s, "\"swapoff\""));
    sb_free(&sb);
}

static int ssbd_says_why(void)
{
    char why[600] = "";
    if (probe_confine_apply("--ssbd", why, sizeof why) == 0)
        return 0; /* the CPU offers the control: it took */
    return strstr(why, "PR_SPEC_STORE_BYPASS") && strstr(why, "vulnerabilities/spec_store_bypass")
               ? 0
               : 1;
}

static void test_a_speculation_control_that_fails_names_errno_and_vulnerability(void)
{
    CHECK(in_child(ssbd_says_why) == 0);
    char why[600] = "";
    CHECK(probe_confine_apply("--nothing", why, sizeof why) == -1);
    CHECK(strstr(why, "unknown factor") != NULL);
}

/* The hex of a /proc/self/status line ("CapEff:\t...") into *v; 0, or -1 when absent. */
static int status_hex(const char *key, unsigned long long *v)
{
    char buf[4096] = "";
    FILE *f = fopen("/proc/self/status", "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    const char *at = strstr(buf, key);
    return at && sscanf(at + strlen(key), " %llx", v) == 1 ? 0 : -1;
}

/* As root: the effective and bounding sets end up Docker's default set (of what there was), so
 * an exec gets that set alone; otherwise the refusal names the call. */
static int caps_dropped(void)
{
    unsigned long long eff0, bnd0, eff, bnd;
    char why[600] = "";
    if (status_hex("CapEff:", &eff0) || status_hex("CapBnd:", &bnd0))
        return 1;
    if (probe_confine_apply("--caps", why, sizeof why) != 0)
        return getuid() != 0 && strstr(why, "--caps: prctl(PR_CAPBSET_DROP)") ? 0 : 2;
    if (status_hex("CapEff:", &eff) || status_hex("CapBnd:", &bnd))
        return 3;
    return eff == (eff0 & POSTURE_CAPS_DOCKER) && bnd == (bnd0 & POSTURE_CAPS_DOCKER) ? 0 : 4;
}

static void test_caps_drops_to_dockers_default_set(void)
{
    CHECK(in_child(caps_dropped) == 0);
}

static int nnp_set(void)
{
    unsigned long long v;
    char why[600] = "";
    if (status_hex("NoNewPrivs:", &v) || v != 0)
        return 1;
    if (probe_confine_apply("--nnp", why, sizeof why) != 0)
        return 2;
    return status_hex("NoNewPrivs:", &v) == 0 && v == 1 ? 0 : 3;
}

/* As root: the process that returns is pid 1 of a PID namespace of its own, in a network
 * namespace of its own, and its /proc is that namespace's. */
static int ns_own(void)
{
    char pid0[64] = "", net0[64] = "", pid1[64] = "", net1[64] = "", why[600] = "";
    if (readlink("/proc/self/ns/pid", pid0, sizeof pid0 - 1) <= 0 ||
        readlink("/proc/self/ns/net", net0, sizeof net0 - 1) <= 0)
        return 1;
    if (probe_confine_apply("--ns", why, sizeof why) != 0)
        return getuid() != 0 && strstr(why, "--ns: unshare(") ? 0 : 2;
    if (getpid() != 1 || readlink("/proc/self/ns/pid", pid1, sizeof pid1 - 1) <= 0 ||
        readlink("/proc/self/ns/net", net1, sizeof net1 - 1) <= 0)
        return 3;
    FILE *f = fopen("/proc/1/status", "r"); /* this namespace's /proc: pid 1 is this process */
    char line[256] = "";
    int self = 0;
    while (f && fgets(line, sizeof line, f))
        self |= !strncmp(line, "NSpid:\t1\n", 9);
    if (f)
        fclose(f);
    return strcmp(pid0, pid1) && strcmp(net0, net1) && self ? 0 : 4;
}

static void test_ns_runs_in_namespaces_of_its_own(void)
{
    CHECK(in_child(ns_own) == 0);
}

static void test_nnp_sets_no_new_privs(void)
{
    CHECK(in_child(nnp_set) == 0);
}

int main(void)
{
    RUN(test_the_default_filter_allows_its_list_and_refuses_the_rest);
    RUN(test_the_filter_checks_every_call_of_the_list_once);
    RUN(test_the_spec_section_lists_the_same_calls);
    RUN(test_a_speculation_control_that_fails_names_errno_and_vulnerability);
    RUN(test_caps_drops_to_dockers_default_set);
    RUN(test_nnp_sets_no_new_privs);
    RUN(test_ns_runs_in_namespaces_of_its_own);
    return check_main("probe_confine");
}
