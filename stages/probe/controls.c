/* controls.c - `repro-probe controls PROG ARGS...`: runs PROG under the article's noise controls
 * (section 4.1) and reports which of them took effect, as a comment line the benchmark format
 * ignores and normalize reads:
 *   # repro-controls pinned=1 cpu=1 gogc_off=1 governor=performance|none
 * Pinning: this process and its children to one CPU (the last one it may use), checked by
 * reading the affinity back. GOGC=off for Go programs. The cpufreq governor is only read: an
 * environment cannot change the host's, and the report says which one was in force. */
#include "probe.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void governor(int cpu, char *buf, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", cpu);
    FILE *f = fopen(path, "r");
    snprintf(buf, len, "none");
    if (f) {
        if (fgets(buf, (int)len, f))
            buf[strcspn(buf, "\n")] = '\0';
        fclose(f);
    }
}

int probe_controls(int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "usage: repro-probe controls PROG [ARGS...]\n");
        return 2;
    }
    cpu_set_t set;
    int cpu = -1, pinned = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        for (int c = CPU_SETSIZE - 1; c >= 0 && cpu < 0; c--)
            if (CPU_ISSET(c, &set))
                cpu = c;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        if (cpu >= 0 && sched_setaffinity(0, sizeof one, &one) == 0 &&
            sched_getaffinity(0, sizeof set, &set) == 0)
            pinned = CPU_COUNT(&set) == 1 && CPU_ISSET(cpu, &set);
    }
    int gogc_off = setenv("GOGC", "off", 1) == 0 && strcmp(getenv("GOGC"), "off") == 0;
    char gov[64];
    governor(cpu < 0 ? 0 : cpu, gov, sizeof gov);
    int rc = probe_run("repro-probe controls", argv, NULL);
    printf("# repro-controls pinned=%d cpu=%d gogc_off=%d governor=%s\n", pinned, cpu, gogc_off,
           gov);
    fflush(stdout);
    return rc;
}
