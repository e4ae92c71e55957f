/* cache.c - `repro-probe cache [--quick]`: time per element of a sequential and a strided
 * (step 64 int64s, the article's 4.3 loop) pass over an array far larger than the last-level
 * cache, with hardware cache-miss counts from perf_event_open where a PMU is visible.
 *
 * The array is 256 MiB, so even the lines the strided pass touches (1/8 of it) exceed a 32 MiB
 * L3. Each pattern gets an untimed pass, then timed passes; the counters (cache-misses and
 * cache-references, user space only, as one group) run around the timed passes only. Where the
 * counters cannot be opened the probe says why in a "# unsupported perf:" line. */
#include "probe.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_BYTES (256L << 20)
#define STRIDE 64

typedef struct {
    int leader, member; /* cache-misses, cache-references; -1 when not open */
    char why[256];      /* why they are not, when not */
} counters;

static int event_open(uint64_t config, int group)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_HARDWARE;
    a.config = config;
    a.disabled = group < 0;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    a.read_format =
        PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, group, 0);
}

static const char *open_error_meaning(int err)
{
    switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV: return "no hardware PMU with cache events is visible here";
    case EACCES:
    case EPERM:
        return "not permitted (kernel.perf_event_paranoid, capabilities or a seccomp filter)";
    case ENOSYS:
        return "perf_event_open is not available (kernel without perf events, or filtered)";
    default: return "perf_event_open failed";
    }
}

static void counters_open(counters *c)
{
    c->member = -1;
    c->leader = event_open(PERF_COUNT_HW_CACHE_MISSES, -1);
    if (c->leader < 0) {
        int err = errno;
        snprintf(c->why, sizeof c->why, "perf_event_open(cache-misses): %s: %s", strerror(err),
                 open_error_meaning(err));
        return;
    }
    c->member = event_open(PERF_COUNT_HW_CACHE_REFERENCES, c->leader);
    if (c->member < 0) {
        int err = errno;
        snprintf(c->why, sizeof c->why, "perf_event_open(cache-references): %s: %s", strerror(err),
                 open_error_meaning(err));
        close(c->leader);
        c->leader = -1;
    }
}

/* Reads the group after a measurement: 0 with misses and references, -1 (why filled) when the
 * counters did not run the whole time. */
static int counters_read(counters *c, double *misses, double *refs)
{
    uint64_t v[5]; /* nr, time_enabled, time_running, misses, references */
    if (read(c->leader, v, sizeof v) != (ssize_t)sizeof v || v[0] != 2) {
        snprintf(c->why, sizeof c->why, "reading the counters failed");
        return -1;
    }
    if (v[2] == 0 || v[2] < v[1]) {
        snprintf(c->why, sizeof c->why,
                 "the counters ran %llu of %llu ns (multiplexed or not "
                 "schedulable)",
                 (unsigned long long)v[2], (unsigned long long)v[1]);
        return -1;
    }
    *misses = (double)v[3];
    *refs = (double)v[4];
    return 0;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile int64_t sink;

/* One pass over a with the given step; returns the number of elements read. */
static size_t pass(const int64_t *a, size_t n, size_t step)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i += step)
        sum += a[i];
    sink = sum;
    return (n + step - 1) / step;
}

static void measure(const char *pattern, const int64_t *a, size_t n, size_t step, int passes,
                    counters *c)
{
    pass(a, n, step);
    if (c->leader >= 0) {
        ioctl(c->leader, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
        ioctl(c->leader, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
    }
    double t0 = now_ns();
    size_t accesses = 0;
    for (int p = 0; p < passes; p++)
        accesses += pass(a, n, step);
    double ns = now_ns() - t0;
    double misses = 0, refs = 0;
    int counted = 0;
    if (c->leader >= 0) {
        ioctl(c->leader, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
        counted = counters_read(c, &misses, &refs) == 0;
        if (!counted)
            printf("# unsupported perf: %s\n", c->why);
    }
    printf("BenchmarkAccess/pattern=%s\t%zu\t%.4f ns/op", pattern, accesses, ns / (double)accesses);
    if (counted)
        printf("\t%.4f cache-misses/op\t%.4f cache-references/op", misses / (double)accesses,
               refs / (double)accesses);
    printf("\n");
}

int probe_cache(int argc, char **argv)
{
    int quick = argc >= 1 && strcmp(argv[0], "--quick") == 0;
    int passes = quick ? 2 : 8;
    size_t n = ARRAY_BYTES / sizeof(int64_t);
    int64_t *a =
        mmap(NULL, ARRAY_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED) {
        perror("cache: mmap");
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        a[i] = (int64_t)i;
    counters c;
    counters_open(&c);
    printf("Unit ns/op better=lower\n");
    printf("Unit cache-misses/op better=lower\n");
    printf("Unit cache-references/op better=lower\n");
    printf("# cache array_bytes=%ld stride_elements=%d passes=%d l1d=%ld l2=%ld l3=%ld "
           "(sysconf; a VM may report the whole package)\n",
           ARRAY_BYTES, STRIDE, passes, sysconf(_SC_LEVEL1_DCACHE_SIZE),
           sysconf(_SC_LEVEL2_CACHE_SIZE), sysconf(_SC_LEVEL3_CACHE_SIZE));
    if (c.leader < 0)
        printf("# unsupported perf: %s\n", c.why);
    measure("sequential", a, n, 1, passes, &c);
    measure("strided", a, n, STRIDE, passes, &c);
    if (c.leader >= 0) {
        close(c.member);
        close(c.leader);
    }
    munmap(a, ARRAY_BYTES);
    return 0;
}
