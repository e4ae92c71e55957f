/* throttle.c - `repro-probe throttle`: Table 2.2c. A periodic task (every 10 ms it burns 3 ms of
 * CPU) runs twice: in the environment's own cgroup, then in a cgroup of its own with a tight CFS
 * quota (20 ms per 100 ms, cgroup v1 cpu.cfs_quota_us or v2 cpu.max). Each run reports how late
 * each burst finished (p50, p99, max) and the throttling counters of cpu.stat.
 *
 * The quota cgroup is named repro-throttle-<pid>; it is removed on every path, and one left by a
 * killed probe is removed by the next run. Where cgroups are read-only (containers) only the
 * first run happens, and a comment line says why. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 10000000LL    /* the task's period */
#define BURN_NS 3000000LL       /* CPU time it needs per period */
#define QUOTA_US 20000L         /* the quota: 20 ms of CPU ... */
#define QUOTA_PERIOD_US 100000L /* ... per 100 ms */
#define QUOTA_NAME "20ms-per-100ms"

typedef struct {
    int v2;         /* cgroup v2 (cpu.max) rather than v1 (cpu.cfs_quota_us) */
    char dir[4096]; /* this process's cpu cgroup directory */
} cpu_cgroup;

typedef struct {
    long periods, ran, missed; /* scheduled, executed, skipped because a burst overran */
    long long lateness[];      /* per executed burst: finish - scheduled start - BURN_NS */
} task_log;

typedef struct {
    long long nr_throttled, throttled_ns;
    int ok;
} cpu_stat;

static long long clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The periodic task; a burst that finishes after the next period's start skips the periods it
 * overran (a frame-style task), so a throttled burst delays itself, not every later one. */
static void periodic_task(task_log *log)
{
    long long t0 = clock_ns(CLOCK_MONOTONIC) + PERIOD_NS;
    for (long k = 0; k < log->periods;) {
        long long start = t0 + k * PERIOD_NS;
        struct timespec ts = {(time_t)(start / 1000000000LL), (long)(start % 1000000000LL)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        long long cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < BURN_NS)
            ;
        long long finish = clock_ns(CLOCK_MONOTONIC);
        log->lateness[log->ran++] = finish - start - BURN_NS;
        long next = (long)((finish - t0 + PERIOD_NS - 1) / PERIOD_NS); /* the first not begun */
        if (next <= k)
            next = k + 1;
        log->missed += next - k - 1;
        k = next;
    }
}

static int read_file(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    return 0;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

static long long stat_key(const char *text, const char *key)
{
    const char *p = text;
    size_t n = strlen(key);
    while ((p = strstr(p, key)) != NULL) {
        if ((p == text || p[-1] == '\n') && p[n] == ' ')
            return atoll(p + n + 1);
        p += n;
    }
    return -1;
}

static cpu_stat read_cpu_stat(const cpu_cgroup *cg, const char *dir)
{
    char path[4200], text[4096];
    cpu_stat s = {0};
    snprintf(path, sizeof path, "%s/cpu.stat", dir);
    if (read_file(path, text, sizeof text) != 0)
        return s;
    s.nr_throttled = stat_key(text, "nr_throttled");
    s.throttled_ns =
        cg->v2 ? stat_key(text, "throttled_usec") * 1000 : stat_key(text, "throttled_time");
    s.ok = s.nr_throttled >= 0 && s.throttled_ns >= 0;
    return s;
}

/* Whether list (items separated by commas, spaces or newlines) has item. */
static int has_item(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; *p; p += strcspn(p, ", \n"), p += *p != '\0')
        if (!strncmp(p, item, n) && strchr(", \n", p[n]))
            return 1;
    return 0;
}

/* This process's cpu cgroup: v1's cpu controller if mounted, else v2 with cpu enabled. */
static int find_cpu_cgroup(cpu_cgroup *cg, char *why, size_t len)
{
    char line[4096], path[2][2048] = {"", ""}; /* [0] v1 cpu, [1] v2 */
    int have[2] = {0, 0};
    FILE *f = fopen("/proc/self/cgroup", "r");
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        int v = c1[1] == '\0' ? 1 : has_item(c1 + 1, "cpu") ? 0 : -1;
        if (v >= 0) {
            snprintf(path[v], sizeof path[v], "%s", c2 + 1);
            have[v] = 1;
        }
    }
    if (f)
        fclose(f);
    f = fopen("/proc/self/mountinfo", "r");
    char found[2][4096] = {"", ""};
    while (f && fgets(line, sizeof line, f)) {
        char root[2048], mnt[2048], fstype[64], super[1024];
        const char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %*s %2047s %2047s", root, mnt) != 2 ||
            sscanf(dash + 3, "%63s %*s %1023s", fstype, super) != 2)
            continue;
        int v = !strcmp(fstype, "cgroup2")                              ? 1
                : (!strcmp(fstype, "cgroup") && has_item(super, "cpu")) ? 0
                                                                        : -1;
        if (v < 0 || !have[v] || *found[v])
            continue;
        size_t rl = strcmp(root, "/") ? strlen(root) : 0;
        const char *rel = !strncmp(path[v], root, rl) ? path[v] + rl : "";
        rel += !strcmp(rel, "/");
        snprintf(found[v], sizeof found[v], "%s%s", mnt, rel);
        struct stat st;
        if (stat(found[v], &st) != 0) /* a path outside our view: the mount's root is ours */
            snprintf(found[v], sizeof found[v], "%s", mnt);
    }
    if (f)
        fclose(f);
    char ctrl[1024] = "", cpath[4200];
    snprintf(cpath, sizeof cpath, "%s/cgroup.controllers", found[1]);
    int v2_cpu = *found[1] && read_file(cpath, ctrl, sizeof ctrl) == 0 && has_item(ctrl, "cpu");
    if (*found[0] || v2_cpu) {
        cg->v2 = !*found[0];
        snprintf(cg->dir, sizeof cg->dir, "%s", cg->v2 ? found[1] : found[0]);
        return 0;
    }
    snprintf(why, len, "no cgroup v1 cpu controller and no cgroup v2 with cpu enabled");
    return -1;
}

/* Removes the quota cgroups of probes that are gone (killed before they could). */
static void sweep_stale(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *de;
    char path[4400];
    while (d && (de = readdir(d)) != NULL) {
        long pid;
        char tail;
        if (sscanf(de->d_name, "repro-throttle-%ld%c", &pid, &tail) != 1 || pid <= 0 ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
        if (rmdir(path) == 0)
            fprintf(stderr, "repro-probe throttle: removed %s, left by a killed probe\n", path);
    }
    if (d)
        closedir(d);
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Runs the task in a child; when procs is given, the child is moved into that cgroup first.
 * stat_dir's cpu.stat is read before and after. Prints the result line; 0 or -1. */
static int run(const cpu_cgroup *cg, const char *name, const char *procs, const char *stat_dir,
               long periods)
{
    size_t size = sizeof(task_log) + (size_t)periods * sizeof(long long);
    task_log *log = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int go[2];
    if (log == MAP_FAILED || pipe(go) != 0) {
        perror("repro-probe throttle: mmap/pipe");
        return -1;
    }
    log->periods = periods;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) { /* waits until it is in place, then runs */
        char c;
        close(go[1]);
        _exit(read(go[0], &c, 1) == 1 ? (periodic_task(log), 0) : 1);
    }
    close(go[0]);
    int rc = -1, status = 0;
    char text[32];
    snprintf(text, sizeof text, "%ld\n", (long)pid);
    if (pid < 0) {
        perror("repro-probe throttle: fork");
    } else if (procs && write_file(procs, text) != 0) {
        fprintf(stderr, "repro-probe throttle: moving the task into %s: %s\n", procs,
                strerror(errno));
    } else {
        cpu_stat before = read_cpu_stat(cg, stat_dir);
        rc = write(go[1], "g", 1) == 1 ? 0 : -1;
        close(go[1]);
        go[1] = -1;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        pid = -1;
        cpu_stat after = read_cpu_stat(cg, stat_dir);
        if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || log->ran == 0)) {
            fprintf(stderr, "repro-probe throttle: the task failed (status %d)\n", status);
            rc = -1;
        }
        if (rc == 0) {
            qsort(log->lateness, (size_t)log->ran, sizeof(long long), by_value);
            long n = log->ran; /* nearest rank: the ceil(q n)-th smallest */
            long long p50 = log->lateness[(50 * n + 99) / 100 - 1];
            long long p99 = log->lateness[(99 * n + 99) / 100 - 1];
            printf("BenchmarkPeriodicTask/quota=%s\t%ld\t%lld lateness-p50-ns\t%lld "
                   "lateness-p99-ns\t%lld lateness-max-ns\t%ld missed-periods",
                   name, n, p50, p99, log->lateness[n - 1], log->missed);
            if (before.ok && after.ok)
                printf("\t%lld throttled-periods\t%lld throttled-ns",
                       after.nr_throttled - before.nr_throttled,
                       after.throttled_ns - before.throttled_ns);
            printf("\n");
        }
    }
    if (go[1] >= 0)
        close(go[1]); /* a child still waiting reads EOF and exits */
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    munmap(log, size);
    return rc;
}

/* The second run, in a cgroup of its own with the quota; removed before returning. */
static int run_with_quota(const cpu_cgroup *cg, long periods)
{
    char dir[4200], file[4400], value[64];
    snprintf(dir, sizeof dir, "%s/repro-throttle-%ld", cg->dir, (long)getpid());
    sweep_stale(cg->dir);
    if (mkdir(dir, 0755) != 0) {
        printf("# unsupported quota=%s: creating the cgroup %s: %s\n", QUOTA_NAME, dir,
               strerror(errno));
        return 0;
    }
    int rc = -1;
    if (cg->v2) {
        snprintf(file, sizeof file, "%s/cpu.max", dir);
        snprintf(value, sizeof value, "%ld %ld\n", QUOTA_US, QUOTA_PERIOD_US);
        rc = write_file(file, value);
    } else {
        snprintf(file, sizeof file, "%s/cpu.cfs_period_us", dir);
        snprintf(value, sizeof value, "%ld\n", QUOTA_PERIOD_US);
        rc = write_file(file, value);
        snprintf(file, sizeof file, "%s/cpu.cfs_quota_us", dir);
        snprintf(value, sizeof value, "%ld\n", QUOTA_US);
        rc = rc == 0 ? write_file(file, value) : rc;
    }
    if (rc != 0) {
        fprintf(stderr, "repro-probe throttle: setting the quota in %s: %s\n", file,
                strerror(errno));
    } else {
        snprintf(file, sizeof file, "%s/cgroup.procs", dir);
        rc = run(cg, QUOTA_NAME, file, dir, periods);
    }
    if (rmdir(dir) != 0) {
        fprintf(stderr, "repro-probe throttle: removing %s: %s\n", dir, strerror(errno));
        rc = -1;
    }
    return rc;
}

int probe_throttle(int argc, char **argv)
{
    double seconds = 3;
    if (argc == 2 && !strcmp(argv[0], "--seconds"))
        seconds = atof(argv[1]);
    if ((argc != 0 && argc != 2) || !(seconds > 0)) {
        fprintf(stderr, "usage: repro-probe throttle [--seconds S]\n");
        return 2;
    }
    long periods = (long)(seconds * 1e9 / (double)PERIOD_NS);
    cpu_cgroup cg = {0};
    char why[256];
    int have_cgroup = find_cpu_cgroup(&cg, why, sizeof why) == 0;
    printf("# throttle: every %lld ms burn %lld ms of CPU, %ld periods; lateness = finish - "
           "scheduled start - burn; a burst that overruns skips the periods it overran; "
           "quota %ld us per %ld us; cpu cgroup %s (%s)\n",
           PERIOD_NS / 1000000, BURN_NS / 1000000, periods, QUOTA_US, QUOTA_PERIOD_US,
           have_cgroup ? cg.dir : "none", have_cgroup ? (cg.v2 ? "v2" : "v1") : why);
    printf("Unit lateness-p50-ns better=lower\nUnit lateness-p99-ns better=lower\n"
           "Unit lateness-max-ns better=lower\nUnit missed-periods better=lower\n"
           "Unit throttled-periods better=lower\nUnit throttled-ns better=lower\n");
    if (run(&cg, "env", NULL, have_cgroup ? cg.dir : "/nonexistent", periods) != 0)
        return 1;
    if (!have_cgroup) {
        printf("# unsupported quota=%s: %s\n", QUOTA_NAME, why);
        return 0;
    }
    return run_with_quota(&cg, periods) == 0 ? 0 : 1;
}
