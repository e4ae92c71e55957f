/* memsources.c - `repro-probe memsources`: the memory of one process from three sources side by
 * side (article 4.2): /proc/PID/status VmRSS, /proc/PID/smaps_rollup (Rss, Pss, Shared_Clean)
 * and the cgroup the process is in (v2 memory.current, v1 memory.usage_in_bytes).
 *
 * A forked child maps and touches a fixed amount of anonymous memory, says it is ready, and
 * waits while the parent reads the three sources for it. The cgroup figure covers every process
 * of that cgroup and its page cache, so the growth across the child's allocation is given too.
 * The probe reports the values only: the article's orderings (VmRSS above smaps Rss; the cgroup
 * above it) are claims of kind `order` on them (data/claims/T4.2.tsv), judged by analyze, so a
 * changed claim needs no new probe in the image. */
#include "probe.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOUCHED_BYTES (64L << 20)

/* The "N kB" after a key's colon, on that line only, in bytes; -1 when it is not there or
 * overflows (sscanf's %lld read past the newline and overflowed: found by fuzzing). */
static long long kib_value(const char *s)
{
    s += strspn(s, " \t");
    if (!isdigit((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    long long kib = strtoll(s, &end, 10);
    if (errno == ERANGE || kib > LLONG_MAX / 1024 || strncmp(end, " kB", 3) != 0)
        return -1;
    return kib * 1024;
}

long long probe_kib_field(const char *text, const char *key)
{
    size_t klen = strlen(key);
    for (const char *line = text;;) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':')
            return kib_value(line + klen + 1);
        const char *nl = strchr(line, '\n');
        if (!nl)
            return -1;
        line = nl + 1;
    }
}

/* probe_kib_field of a /proc file; -1 when it cannot be read. */
static long long proc_kib_field(const char *path, const char *key)
{
    char text[8192];
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    return probe_kib_field(text, key);
}

static long long read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    long long v = -1;
    if (f) {
        if (fscanf(f, "%lld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    int n = 0, c;
    if (!f)
        return -1;
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

/* The file holding this process's cgroup memory usage: cgroup v2 memory.current (also the
 * unified mount of a hybrid set-up), else v1 memory.usage_in_bytes. */
static int usage_file(char *path, size_t len, const char **version)
{
    if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0) {
        *version = "v2";
        return probe_cgroup_file("/sys/fs/cgroup", "", "memory.current", path, len);
    }
    *version = "v1";
    if (probe_cgroup_file("/sys/fs/cgroup/memory", "memory", "memory.usage_in_bytes", path, len) ==
        0)
        return 0;
    *version = "v2 (hybrid, /sys/fs/cgroup/unified)";
    return probe_cgroup_file("/sys/fs/cgroup/unified", "", "memory.current", path, len);
}

static void child(int ready_fd, int done_fd)
{
    char *p = mmap(NULL, TOUCHED_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char c = 'r';
    if (p == MAP_FAILED) {
        perror("memsources: mmap");
        _exit(1);
    }
    memset(p, 0x5a, TOUCHED_BYTES); /* non-zero: every page gets its own frame */
    if (write(ready_fd, &c, 1) != 1)
        _exit(1);
    while (read(done_fd, &c, 1) < 0 && errno == EINTR)
        ;
    _exit(p[TOUCHED_BYTES - 1] == 0x5a ? 0 : 1);
}

static void result(const char *source, long long bytes)
{
    if (bytes >= 0)
        printf("BenchmarkMemory/source=%s\t1\t%lld B\n", source, bytes);
}

int probe_memsources(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char cg_path[2048];
    const char *cg_version = "";
    int have_cgroup = usage_file(cg_path, sizeof cg_path, &cg_version) == 0;
    int ready[2], done[2];
    if (pipe(ready) != 0 || pipe(done) != 0) {
        perror("memsources: pipe");
        return 1;
    }
    fflush(stdout);
    long long cg_before = have_cgroup ? read_number(cg_path) : -1;
    pid_t pid = fork();
    if (pid < 0) {
        perror("memsources: fork");
        return 1;
    }
    if (pid == 0) {
        close(ready[0]);
        close(done[1]);
        child(ready[1], done[0]);
    }
    close(ready[1]);
    close(done[0]);
    char c;
    ssize_t got;
    while ((got = read(ready[0], &c, 1)) < 0 && errno == EINTR)
        ;
    if (got != 1) {
        fprintf(stderr, "memsources: the child did not get ready\n");
        waitpid(pid, NULL, 0);
        return 1;
    }

    char status[64], rollup[64];
    snprintf(status, sizeof status, "/proc/%d/status", (int)pid);
    snprintf(rollup, sizeof rollup, "/proc/%d/smaps_rollup", (int)pid);
    long long vmrss = proc_kib_field(status, "VmRSS");
    long long rss = proc_kib_field(rollup, "Rss"), pss = proc_kib_field(rollup, "Pss");
    long long shared_clean = proc_kib_field(rollup, "Shared_Clean");
    long long cg_now = have_cgroup ? read_number(cg_path) : -1;
    int procs = -1;
    if (have_cgroup) {
        char procs_path[2100];
        snprintf(procs_path, sizeof procs_path, "%.*s/cgroup.procs",
                 (int)(strrchr(cg_path, '/') - cg_path), cg_path);
        procs = count_lines(procs_path);
    }
    if (write(done[1], "d", 1) != 1)
        kill(pid, SIGKILL);
    int wstatus;
    waitpid(pid, &wstatus, 0);
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        fprintf(stderr, "memsources: the child failed (status %d)\n", wstatus);
        return 1;
    }

    printf("Unit B better=lower\n");
    printf("# memsources touched_bytes=%ld child_pid=%d\n", TOUCHED_BYTES, (int)pid);
    if (vmrss < 0)
        printf("# unsupported vmrss: %s has no VmRSS line\n", status);
    if (rss < 0)
        printf("# unsupported smaps_rollup: %s unreadable (Linux >= 4.14 has it)\n", rollup);
    if (have_cgroup && cg_now >= 0)
        printf("# cgroup %s file=%s processes=%d\n", cg_version, cg_path, procs);
    else
        printf("# unsupported cgroup: no readable memory.current or memory.usage_in_bytes for "
               "this process's cgroup\n");
    result("vmrss", vmrss);
    result("smaps-rss", rss);
    result("smaps-pss", pss);
    result("smaps-shared-clean", shared_clean);
    if (have_cgroup && cg_now >= 0) {
        result("cgroup", cg_now);
        if (cg_before >= 0)
            result("cgroup-growth", cg_now - cg_before);
    }
    return 0;
}
