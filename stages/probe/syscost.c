/* syscost.c - `repro-probe syscost [--quick]`: what one cheap system call costs here, in ns per
 * call. The difference between an environment with a seccomp filter and one without is what
 * the filter adds per call (the article's "额外的seccomp策略检查"), which no other table
 * isolates: the Go benchmark makes almost no calls.
 *   call=getpid         syscall(SYS_getpid): the cheapest round trip into the kernel
 *   call=read1          read(2) of 1 byte from /dev/zero: a call with a file and a copy
 *   call=clock_gettime  syscall(SYS_clock_gettime), bypassing the vDSO that libc would use
 * Each sample: the calls interleaved in ROUNDS rounds of N/ROUNDS calls each (N = 1,000,000,
 * quick 200,000), after one untimed round; ns/op is the total time over N. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 10

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

enum { CALL_GETPID, CALL_READ1, CALL_CLOCK, NCALLS };
static const char *const call_names[NCALLS] = {"getpid", "read1", "clock_gettime"};

/* n calls of kind k; -1 (errno set) when one fails. */
static int calls(int k, long n, int zero_fd)
{
    char c;
    struct timespec ts;
    for (long i = 0; i < n; i++) {
        long rc = k == CALL_GETPID  ? syscall(SYS_getpid)
                  : k == CALL_READ1 ? (long)read(zero_fd, &c, 1)
                                    : syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int probe_syscost(int argc, char **argv)
{
    long n = 1000000;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            n = 200000;
        } else {
            fprintf(stderr, "usage: repro-probe syscost [--quick]\n");
            return 2;
        }
    }
    int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "syscost: /dev/zero: %s\n", strerror(errno));
        return 1;
    }
    long per = n / ROUNDS;
    double total[NCALLS] = {0};
    for (int r = -1; r < ROUNDS; r++) /* round -1: the untimed warm-up */
        for (int k = 0; k < NCALLS; k++) {
            double t0 = now_ns();
            if (calls(k, per, fd) != 0) {
                fprintf(stderr, "syscost: %s: %s\n", call_names[k], strerror(errno));
                close(fd);
                return 1;
            }
            if (r >= 0)
                total[k] += now_ns() - t0;
        }
    close(fd);
    printf("Unit ns/op better=lower\n");
    printf("# syscost calls=%ld rounds=%d\n", per * ROUNDS, ROUNDS);
    for (int k = 0; k < NCALLS; k++)
        printf("BenchmarkSyscall/call=%s\t%ld\t%.2f ns/op\n", call_names[k], per * ROUNDS,
               total[k] / (double)(per * ROUNDS));
    return 0;
}
