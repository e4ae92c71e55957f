/* machstate.h - the machine's state during one sample: what else ran while it ran.
 *
 * On a shared machine a disturbed round (a neighbour's build, the hypervisor taking the CPU)
 * slows every arm in it at once; without a record of it a reader sees only the numbers. Each
 * cell's <rep>.state (docs/formats.md) says, over the cell's wall time: the steal and iowait
 * share of all CPU time, the CPUs other processes kept busy (the machine's busy time from
 * /proc/stat less the cell's own, collect's children's rusage), and the load average. */
#ifndef MACHSTATE_H
#define MACHSTATE_H

typedef struct {
    unsigned long long busy, idle, iowait, steal; /* /proc/stat's "cpu" line, in ticks */
    double own_s;  /* CPU seconds of collect's waited-for children so far */
    double at_s;   /* CLOCK_MONOTONIC */
} machstate;

/* Parses the aggregate "cpu " line of /proc/stat's text. 0, or -1 when it is not there. */
int machstate_parse_stat(const char *text, machstate *m);

/* Reads the state now. 0, or -1 when /proc/stat cannot be read (the sample has no .state). */
int machstate_take(machstate *m);

/* The cell's state between a and b as "key\tvalue\n" lines into buf: wall_s, steal_pct,
 * iowait_pct, other_cpus, load1 (given), cpus (given), tick_hz (given). */
void machstate_format(const machstate *a, const machstate *b, double load1, int cpus,
                      double tick_hz, char *buf, unsigned long len);

/* machstate_take at the end, then writes path (atomically): 0, or -1 (logged). */
int machstate_write(const machstate *begin, const char *path);

#endif
