/* treerss.c - `repro-probe treerss`: the peak resident memory of a whole process tree, for
 * Table 1's BenchmarkGoTestCommand (the article's `go test` command: the go command, compile,
 * vet, link and the test binary), since a peak RSS of "the command" is most likely that tree's.
 *
 *   repro-probe treerss NAME [--prime] [--interval-ms N] [--walk children|proc-scan] -- CMD...
 *   repro-probe treerss NAME --unsupported WHY
 *
 * Two readings of one run of CMD (its stdout and stderr go to our stderr, so the cell's stdout
 * keeps one benchmark result): tree_peak_kib, the largest sum of the resident sets (statm) of
 * every live process of the tree, sampled every N ms (2) by walking /proc/PID/task/TID/children
 * (or, without that file, every /proc/PID/stat's parent), with this process a subreaper so
 * orphans stay in the tree; and max_process_kib, ru_maxrss of CMD's wait4 (the largest single
 * process among CMD and the descendants it waited for). --prime runs CMD once unmeasured first
 * (a warm GOCACHE). Prints "# repro-treerss name=NAME tree_peak_kib=N max_process_kib=N ...";
 * when CMD fails, or with --unsupported, "# unsupported NAME: why" instead, and exits 0: the
 * cell also holds another benchmark, which is not to be lost with this one. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_TREE = 4096 };

size_t probe_parse_pids(const char *text, long *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = text; n < cap;) {
        char *end;
        long pid = strtol(p, &end, 10);
        if (end == p)
            break;
        if (pid > 0)
            out[n++] = pid;
        p = end;
    }
    return n;
}

long long probe_statm_resident(const char *text)
{
    long long size, resident;
    return sscanf(text, "%lld %lld", &size, &resident) == 2 ? resident : -1;
}

long probe_stat_ppid(const char *text)
{
    const char *paren = strrchr(text, ')'); /* the command name may hold spaces and parens */
    char state;
    long ppid;
    return paren && sscanf(paren + 1, " %c %ld", &state, &ppid) == 2 ? ppid : -1;
}

typedef struct {
    long long peak_kib; /* the largest sum seen */
    int peak_procs;     /* how many processes that sum was over */
    long scans;
    const char *walk; /* "children" or "proc-scan" */
} tree_peak;

static char *slurp(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, len - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The children of every thread of pid, appended to out[*n..cap). */
static void children_of(long pid, long *out, size_t *n, size_t cap)
{
    char path[64], text[8192];
    snprintf(path, sizeof path, "/proc/%ld/task", pid);
    DIR *d = opendir(path);
    for (struct dirent *de; d && (de = readdir(d));) {
        snprintf(path, sizeof path, "/proc/%ld/task/%.20s/children", pid, de->d_name);
        if (de->d_name[0] >= '0' && de->d_name[0] <= '9' && slurp(path, text, sizeof text))
            *n += probe_parse_pids(text, out + *n, cap - *n);
    }
    if (d)
        closedir(d);
}

/* Without children files: every process whose parent is in the tree, repeated to closure. */
static size_t descendants_by_scan(long root, long *out, size_t cap)
{
    size_t n = 0;
    for (int grew = 1; grew;) {
        grew = 0;
        DIR *d = opendir("/proc");
        for (struct dirent *de; d && (de = readdir(d)) && n < cap;) {
            char path[300], text[1024];
            long pid = atol(de->d_name), known = 0;
            snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
            if (pid <= 0 || !slurp(path, text, sizeof text))
                continue;
            long ppid = probe_stat_ppid(text);
            for (size_t i = 0; i < n && !known; i++)
                known = out[i] == pid;
            for (size_t i = 0; i < n + 1 && !known; i++)
                if (ppid == (i < n ? out[i] : root)) {
                    out[n++] = pid;
                    grew = 1;
                    break;
                }
        }
        if (d)
            closedir(d);
    }
    return n;
}

/* One scan: the resident sum over root's descendants (root itself excluded: the probe). */
static void scan_tree(long root, tree_peak *t)
{
    static long pids[MAX_TREE];
    size_t n = 0;
    if (strcmp(t->walk, "children") == 0) {
        children_of(root, pids, &n, MAX_TREE);
        for (size_t i = 0; i < n; i++) /* breadth first: n grows as the walk goes */
            children_of(pids[i], pids, &n, MAX_TREE);
    } else {
        n = descendants_by_scan(root, pids, MAX_TREE);
    }
    long long sum = 0, page_kib = sysconf(_SC_PAGESIZE) / 1024;
    int live = 0;
    for (size_t i = 0; i < n; i++) {
        char path[64], text[256];
        snprintf(path, sizeof path, "/proc/%ld/statm", pids[i]);
        long long pages = slurp(path, text, sizeof text) ? probe_statm_resident(text) : -1;
        if (pages > 0) {
            sum += pages * page_kib;
            live++;
        }
    }
    t->scans++;
    if (sum > t->peak_kib) {
        t->peak_kib = sum;
        t->peak_procs = live;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Forks cmd with its stdout on our stderr and the signal mask it would have had. */
static pid_t start(char **cmd, const sigset_t *old)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, old, NULL);
        dup2(2, 1);
        execvp(cmd[0], cmd);
        fprintf(stderr, "repro-probe treerss: cannot run %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Runs cmd to its end, sampling its tree every interval_s when t is not NULL; its shell-style
 * exit status (126: could not start), with ru and the wall time. SIGCHLD is blocked: a child's
 * exit ends the wait for the next sample at once, so the wall time is not rounded to it. */
static int run_tree(char **cmd, double interval_s, tree_peak *t, struct rusage *ru, double *wall)
{
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    double t0 = now_s(), next = t0;
    pid_t pid = start(cmd, &old), r = 0;
    int status = 0;
    while (pid > 0 && r != pid) {
        if (t && now_s() >= next) {
            scan_tree((long)getpid(), t);
            next += interval_s;
        }
        while ((r = wait4(-1, &status, WNOHANG, ru)) > 0 && r != pid)
            ; /* an orphan we adopted as subreaper */
        double left = r == pid ? 0 : t ? next - now_s() : 1.0;
        if (left > 0) {
            struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
            sigtimedwait(&chld, NULL, &ts);
        }
    }
    *wall = now_s() - t0;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        fprintf(stderr, "repro-probe treerss: fork: %s\n", strerror(errno));
        return 126;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int usage(void)
{
    fprintf(stderr, "usage: repro-probe treerss NAME [--prime] [--interval-ms N] "
                    "[--walk children|proc-scan] -- CMD [ARGS...]\n"
                    "       repro-probe treerss NAME --unsupported WHY\n");
    return 2;
}

static void print_cmd(FILE *to, const char *head, char **cmd)
{
    fprintf(to, "%s", head);
    for (size_t i = 0; cmd[i]; i++)
        fprintf(to, " %s", cmd[i]);
    fprintf(to, "\n");
}

int probe_treerss(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *name = argv[0];
    int prime = 0, i = 1;
    long interval_ms = 2;
    const char *walk = NULL;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!strcmp(argv[i], "--prime")) {
            prime = 1;
        } else if (!strcmp(argv[i], "--interval-ms") && i + 1 < argc) {
            interval_ms = atol(argv[++i]);
        } else if (!strcmp(argv[i], "--walk") && i + 1 < argc &&
                   (!strcmp(argv[i + 1], "children") || !strcmp(argv[i + 1], "proc-scan"))) {
            walk = argv[++i]; /* the fallback on demand, for its test */
        } else if (!strcmp(argv[i], "--unsupported") && i + 1 < argc) {
            printf("# unsupported %s: %s\n", name, argv[i + 1]);
            return 0;
        } else {
            return usage();
        }
    }
    char **cmd = argv + i + 1;
    if (i >= argc || !cmd[0] || interval_ms < 1)
        return usage();
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    struct rusage ru;
    double wall;
    if (prime) {
        print_cmd(stderr, "# repro-treerss: unmeasured first run:", cmd);
        int rc = run_tree(cmd, 0, NULL, &ru, &wall);
        if (rc != 0) {
            printf("# unsupported %s: the unmeasured first run of %s exited with %d (its output "
                   "is in the cell's stderr)\n", name, cmd[0], rc);
            return 0;
        }
    }
    print_cmd(stderr, "# repro-treerss: measured run:", cmd);
    char self_children[64];
    snprintf(self_children, sizeof self_children, "/proc/self/task/%ld/children",
             (long)getpid());
    tree_peak t = {.walk = walk                              ? walk
                           : access(self_children, R_OK) == 0 ? "children"
                                                              : "proc-scan"};
    memset(&ru, 0, sizeof ru);
    int rc = run_tree(cmd, (double)interval_ms / 1000.0, &t, &ru, &wall);
    if (rc != 0) {
        printf("# unsupported %s: %s exited with %d (its output is in the cell's stderr)\n", name,
               cmd[0], rc);
        return 0;
    }
    struct rusage self;
    getrusage(RUSAGE_SELF, &self); /* the sampling's own cost */
    printf("# repro-treerss name=%s tree_peak_kib=%lld max_process_kib=%ld peak_processes=%d "
           "wall_ns=%.0f interval_us=%ld scans=%ld walk=%s probe_cpu_us=%ld\n",
           name, t.peak_kib, ru.ru_maxrss, t.peak_procs, wall * 1e9, interval_ms * 1000, t.scans,
           t.walk,
           (long)(self.ru_utime.tv_sec + self.ru_stime.tv_sec) * 1000000L +
               (long)(self.ru_utime.tv_usec + self.ru_stime.tv_usec));
    fflush(stdout);
    return 0;
}
