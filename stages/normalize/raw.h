/* raw.h - parsers from raw tool output to samples; one file per kind of raw output. */
#ifndef RAW_H
#define RAW_H

#include "strbuf.h"

/* The most runs (-test.count) one sample may hold. */
#define RAW_GOTEST_MAX_RUNS 64

/* One sample of a Go benchmark: its runs' results combined (docs/verdicts.md "Table 1's time
 * sample") plus the peak RSS from repro-rusage. */
typedef struct {
    char name[256]; /* "BenchmarkFib40-2" */
    long iters;     /* the ops of all its runs */
    int runs;       /* its results (-test.count) */
    double ns_op;   /* the fastest run's time per op */
    double typical_ns_op; /* the median run's */
    double b_op, allocs_op; /* the lower median run's */
    double peak_rss_bytes;
    char goos[32], goarch[32], pkg[128], cpu[256];
    /* From "# repro-controls ..." when the benchmark ran under repro-probe controls (T4.1). */
    int has_controls, pinned, gogc_off;
    char governor[64];
} raw_gotest;

/* Parses `go test -bench -benchmem` output run under repro-rusage. 0, or -1 after logging
 * "path:line: why". */
int raw_parse_gotest(const char *path, const char *text, raw_gotest *out);

/* One run of a whole command under `repro-probe treerss` (Table 1's BenchmarkGoTestCommand). */
typedef struct {
    char name[128];           /* the benchmark name it is reported under */
    double tree_peak_bytes;   /* the largest sampled sum of the tree's resident sets */
    double max_process_bytes; /* ru_maxrss from wait4: the largest single process */
    double wall_ns;           /* the measured run's wall time */
    double peak_processes, interval_us, scans;
    char walk[32]; /* how the tree was found: children | proc-scan */
} raw_treerss;

/* Finds the "# repro-treerss ..." line in a sample's output. 0 with *out filled, 1 when there
 * is none, -1 after logging "path:line: why" (bad or missing field, a second line). */
int raw_parse_treerss(const char *path, const char *text, raw_treerss *out);

/* Parses a .daemon file written by collect ("daemon_rss_bytes\tN", "status\tok|..."). Returns 0
 * with *bytes set, 1 when the file says the value could not be measured, -1 on bad input. */
int raw_parse_daemon(const char *path, const char *text, double *bytes);

#endif
