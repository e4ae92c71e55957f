/* confine.c - `repro-probe confine FACTOR... -- PROG ARGS...`: applies one factor of a container
 * to itself, then execs PROG, so an ablation arm (docs/mechanisms.md, "arms") differs from its
 * reference environment in that factor alone:
 *   --seccomp  the default filter a container gets (seccomp_default.def: the same allow-list as
 *              the runtime spec of the oci environment), a classic BPF program checked by
 *              architecture and call number, EPERM otherwise;
 *   --ssbd     Speculative Store Bypass disabled: prctl(PR_SET_SPECULATION_CTRL,
 *              PR_SPEC_STORE_BYPASS, PR_SPEC_FORCE_DISABLE), what a filter forced before 5.16;
 *   --stibp    indirect branch speculation disabled (STIBP), the same with
 *              PR_SPEC_INDIRECT_BRANCH;
 *   --ns       PID, mount, IPC, UTS and network namespaces of its own: unshare, then fork (the
 *              child is pid 1 of the new PID namespace; the parent waits and exits with its
 *              status, and its death kills the child), the mounts made private and a /proc of
 *              the new namespace mounted, as a container has;
 *   --nnp      no_new_privs set (prctl PR_SET_NO_NEW_PRIVS), as runc sets it for oci;
 *   --caps     the capabilities dropped to Docker's default set (POSTURE_CAPS_DOCKER): every
 *              other one leaves the bounding set (PR_CAPBSET_DROP) and the ambient set is
 *              cleared, so root's exec gets that set alone; the process's own sets follow
 *              (capset), so nothing depends on the exec.
 * A factor that cannot be applied is never skipped: it exits CONFINE_UNAVAILABLE with one line
 * on stderr, "repro-probe confine: unavailable: <why>", naming the errno and the kernel's
 * vulnerability file, which the arm reports as the reason it could not run. */
#include "probe.h"

#include "../common/posture.h" /* POSTURE_CAPS_DOCKER only: the probe links nothing */

#include <errno.h>
#include <linux/capability.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
static const int allowed[] = {
#define SECCOMP_ALLOW(name) __NR_##name,
#include "../common/seccomp_default.def"
#undef SECCOMP_ALLOW
};
#define ALLOWED_N (sizeof allowed / sizeof *allowed)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#else
static const int allowed[] = {0};
#define ALLOWED_N 0
#endif

#define DENY (SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))

int probe_seccomp_default(struct sock_filter *prog, size_t cap)
{
    if (ALLOWED_N == 0 || cap < 5 + 2 * ALLOWED_N)
        return -1;
    size_t n = 0;
#if defined(FILTER_ARCH)
    prog[n++] =
        (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, DENY);
    prog[n++] =
        (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    /* One comparison per allowed call, in the list's order, as a linear filter compares. */
    for (size_t i = 0; i < ALLOWED_N; i++) {
        prog[n++] =
            (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)allowed[i], 0, 1);
        prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    }
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, DENY);
#endif
    return (int)n;
}

/* "ENXIO (No such device or address)" for errno e. */
static void errno_text(int e, char *buf, size_t len)
{
    const char *name = strerrorname_np(e);
    snprintf(buf, len, "%s (%s)", name ? name : "errno", strerror(e));
}

/* The first line of a file of /sys/devices/system/cpu/vulnerabilities/, or "unreadable". */
static void vuln_text(const char *file, char *buf, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/vulnerabilities/%s", file);
    FILE *f = fopen(path, "r");
    snprintf(buf, len, "unreadable");
    if (f) {
        if (fgets(buf, (int)len, f))
            buf[strcspn(buf, "\n")] = '\0';
        fclose(f);
    }
}

static int install_filter(char *why, size_t len)
{
    static struct sock_filter prog[8 + 2 * 400];
    int n = probe_seccomp_default(prog, sizeof prog / sizeof *prog);
    if (n < 0) {
        snprintf(why, len, "--seccomp: the default filter's call list is x86_64's, not built here");
        return -1;
    }
    struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
    /* Without CAP_SYS_ADMIN the kernel wants no_new_privs first; with it (root, as collect
     * runs), no_new_privs stays as it was, so the filter is the only change. */
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0)
        return 0;
    if (errno == EACCES && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0)
        return 0;
    char e[128];
    errno_text(errno, e, sizeof e);
    snprintf(why, len, "--seccomp: prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER): %s", e);
    return -1;
}

static int force_disable(const char *flag, unsigned long which, const char *which_name,
                         const char *vuln_file, char *why, size_t len)
{
    if (prctl(PR_SET_SPECULATION_CTRL, which, PR_SPEC_FORCE_DISABLE, 0, 0) == 0)
        return 0;
    int err = errno;
    char e[128], v[256];
    errno_text(err, e, sizeof e);
    vuln_text(vuln_file, v, sizeof v);
    /* The kernel's ib_prctl_set: EPERM when it runs neither STIBP nor IBPB for user tasks. */
    const char *meaning = which == PR_SPEC_INDIRECT_BRANCH && err == EPERM
                              ? ": this kernel runs no per-task STIBP or IBPB mode (as when "
                                "the CPU shows no SMT siblings), so STIBP cannot be forced here"
                              : "";
    snprintf(why, len,
             "%s: prctl(PR_SET_SPECULATION_CTRL, %s, PR_SPEC_FORCE_DISABLE): %s%s; "
             "vulnerabilities/%s: %s",
             flag, which_name, e, meaning, vuln_file, v);
    return -1;
}

/* The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap; 40 when unread). */
static int cap_last(void)
{
    int last = 40;
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
    if (f) {
        if (fscanf(f, "%d", &last) != 1 || last < 0 || last > 63)
            last = 40;
        fclose(f);
    }
    return last;
}

static int drop_caps(char *why, size_t len)
{
    const unsigned long long keep = POSTURE_CAPS_DOCKER;
    const char *call = "prctl(PR_CAPBSET_DROP)";
    int ok = 1;
    for (int c = 0; ok && c <= cap_last(); c++)
        if (!(keep >> c & 1) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 && errno != EINVAL)
            ok = 0;
    if (ok && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        ok = 0, call = "prctl(PR_CAP_AMBIENT_CLEAR_ALL)";
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (ok && syscall(SYS_capget, &h, d) != 0)
        ok = 0, call = "capget";
    for (int i = 0; ok && i < 2; i++) {
        unsigned k = (unsigned)(keep >> (32 * i));
        d[i].effective &= k, d[i].permitted &= k, d[i].inheritable &= k;
    }
    if (ok && syscall(SYS_capset, &h, d) != 0)
        ok = 0, call = "capset";
    if (ok)
        return 0;
    char e[128];
    errno_text(errno, e, sizeof e);
    snprintf(why, len, "--caps: %s: %s", call, e);
    return -1;
}

/* Returns in the child, pid 1 of the new PID namespace; the parent never returns. */
static int own_namespaces(char *why, size_t len)
{
    const char *call = "unshare(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWIPC|CLONE_NEWUTS|CLONE_NEWNET)";
    if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET) == 0) {
        pid_t pid = fork();
        if (pid > 0) {
            int st = 0;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        }
        if (pid == 0) {
            call = "the mounts made private and /proc mounted";
            if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == 0 &&
                mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
                mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
                return 0;
        } else {
            call = "fork";
        }
    }
    char e[128];
    errno_text(errno, e, sizeof e);
    snprintf(why, len, "--ns: %s: %s", call, e);
    return -1;
}

int probe_confine_apply(const char *flag, char *why, size_t len)
{
    if (strcmp(flag, "--seccomp") == 0)
        return install_filter(why, len);
    if (strcmp(flag, "--ssbd") == 0)
        return force_disable(flag, PR_SPEC_STORE_BYPASS, "PR_SPEC_STORE_BYPASS",
                             "spec_store_bypass", why, len);
    if (strcmp(flag, "--stibp") == 0)
        return force_disable(flag, PR_SPEC_INDIRECT_BRANCH, "PR_SPEC_INDIRECT_BRANCH", "spectre_v2",
                             why, len);
    if (strcmp(flag, "--caps") == 0)
        return drop_caps(why, len);
    if (strcmp(flag, "--ns") == 0)
        return own_namespaces(why, len);
    if (strcmp(flag, "--nnp") == 0) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
            return 0;
        char e[128];
        errno_text(errno, e, sizeof e);
        snprintf(why, len, "--nnp: prctl(PR_SET_NO_NEW_PRIVS): %s", e);
        return -1;
    }
    snprintf(why, len, "unknown factor \"%s\" (--seccomp, --ssbd, --stibp, --ns, --caps, --nnp)",
             flag);
    return -1;
}

int probe_confine(int argc, char **argv)
{
    int sep = 0;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    if (sep + 1 >= argc) {
        fprintf(stderr, "usage: repro-probe confine [--seccomp] [--ssbd] [--stibp] [--ns] "
                        "[--caps] [--nnp] -- PROG [ARGS...]\n");
        return 2;
    }
    /* Speculation controls, namespaces (which need CAP_SYS_ADMIN) and then capabilities before
     * the filter, whatever the order given: nothing is left to chance after the filter is in. */
    static const char *const order[] = {"--ssbd", "--stibp", "--ns", "--caps", "--nnp",
                                        "--seccomp"};
    enum { NORDER = sizeof order / sizeof *order };
    int seen[NORDER] = {0};
    for (int i = 0; i < sep; i++) {
        int k = 0;
        while (k < NORDER && strcmp(argv[i], order[k]) != 0)
            k++;
        if (k == NORDER) {
            fprintf(stderr,
                    "repro-probe confine: unknown factor \"%s\" (--seccomp, --ssbd, "
                    "--stibp, --ns, --caps, --nnp)\n",
                    argv[i]);
            return 2;
        }
        seen[k] = 1;
    }
    char why[600];
    for (int k = 0; k < NORDER; k++)
        if (seen[k] && probe_confine_apply(order[k], why, sizeof why) != 0) {
            fprintf(stderr, "repro-probe confine: unavailable: %s\n", why);
            return CONFINE_UNAVAILABLE;
        }
    execvp(argv[sep + 1], argv + sep + 1);
    fprintf(stderr, "repro-probe confine: %s: %s\n", argv[sep + 1], strerror(errno));
    return 127;
}
