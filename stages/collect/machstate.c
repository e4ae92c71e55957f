/* machstate.c - the machine's state over one cell (machstate.h): /proc/stat deltas, the cell's
 * own CPU from getrusage(RUSAGE_CHILDREN) (everything collect waited for during it; a
 * container's processes that are not collect's children count as "other", docs/formats.md),
 * and /proc/loadavg. */
#include "machstate.h"

#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

int machstate_parse_stat(const char *text, machstate *m)
{
    const char *line = strstr(text, "cpu ");
    if (!line || (line != text && line[-1] != '\n'))
        return -1;
    unsigned long long v[8] = {0}; /* user nice system idle iowait irq softirq steal */
    if (sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
               &v[4], &v[5], &v[6], &v[7]) < 8)
        return -1;
    m->busy = v[0] + v[1] + v[2] + v[5] + v[6];
    m->idle = v[3];
    m->iowait = v[4];
    m->steal = v[7];
    return 0;
}

int machstate_take(machstate *m)
{
    char *text = fs_read_file("/proc/stat", NULL);
    int rc = text ? machstate_parse_stat(text, m) : -1;
    free(text);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    m->own_s = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    m->at_s = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    return rc;
}

void machstate_format(const machstate *a, const machstate *b, double load1, int cpus,
                      double tick_hz, char *buf, unsigned long len)
{
    double busy = (double)(b->busy - a->busy), idle = (double)(b->idle - a->idle);
    double iowait = (double)(b->iowait - a->iowait), steal = (double)(b->steal - a->steal);
    double total = busy + idle + iowait + steal, wall = b->at_s - a->at_s;
    double other = wall > 0 ? (busy / tick_hz - (b->own_s - a->own_s)) / wall : 0;
    snprintf(buf, len,
             "wall_s\t%.3f\nsteal_pct\t%.2f\niowait_pct\t%.2f\nother_cpus\t%.3f\nload1\t%.2f\n"
             "cpus\t%d\ntick_hz\t%.0f\n",
             wall, total > 0 ? 100 * steal / total : 0, total > 0 ? 100 * iowait / total : 0,
             other > 0 ? other : 0, load1, cpus, tick_hz);
}

int machstate_write(const machstate *begin, const char *path)
{
    machstate end;
    if (machstate_take(&end) != 0)
        return -1;
    double load1 = 0;
    char *avg = fs_read_file("/proc/loadavg", NULL);
    if (avg)
        load1 = strtod(avg, NULL);
    free(avg);
    char buf[512];
    machstate_format(begin, &end, load1, (int)sysconf(_SC_NPROCESSORS_ONLN),
                     (double)sysconf(_SC_CLK_TCK), buf, sizeof buf);
    if (fs_save(path, buf, strlen(buf)) != 0) {
        log_warn("%s: the machine's state could not be written", path);
        return -1;
    }
    return 0;
}
