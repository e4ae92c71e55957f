/* rusage.c - `repro-rusage PROG ARGS...`: runs PROG, waits for it with wait4 and prints its peak
 * RSS and CPU time as a comment line that the benchmark format ignores:
 *   # repro-rusage maxrss_kib=N utime_us=N stime_us=N wall_us=N
 * `go test -exec repro-rusage` puts the benchmark binary itself under this measurement. */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int probe_rusage(int argc, char **argv)
{
    (void)argc;
    if (!argv[0]) {
        fprintf(stderr, "usage: repro-rusage PROG [ARGS...]\n");
        return 2;
    }
    double start = now_s();
    struct rusage ru;
    int rc = probe_run("repro-rusage", argv, &ru);
    double wall = now_s() - start;
    fflush(stdout);
    printf("# repro-rusage maxrss_kib=%ld utime_us=%ld stime_us=%ld wall_us=%.0f\n", ru.ru_maxrss,
           (long)ru.ru_utime.tv_sec * 1000000L + (long)ru.ru_utime.tv_usec,
           (long)ru.ru_stime.tv_sec * 1000000L + (long)ru.ru_stime.tv_usec, wall * 1e6);
    fflush(stdout);
    return rc;
}
