/* raw.h - parsers from raw tool output to samples; one file per kind of raw output. */
#ifndef RAW_H
#define RAW_H

#include "strbuf.h"

/* One sample of a Go benchmark: its result line plus the peak RSS from repro-rusage. */
typedef struct {
    char name[256]; /* "BenchmarkFib40-2" */
    long iters;
    double ns_op, b_op, allocs_op;
    double peak_rss_bytes;
    char goos[32], goarch[32], pkg[128], cpu[256];
    /* From "# repro-controls ..." when the benchmark ran under repro-probe controls (T4.1). */
    int has_controls, pinned, gogc_off;
    char governor[64];
} raw_gotest;

/* Parses `go test -bench -benchmem` output run under repro-rusage. 0, or -1 after logging
 * "path:line: why". */
int raw_parse_gotest(const char *path, const char *text, raw_gotest *out);

/* Parses a .daemon file written by collect ("daemon_rss_bytes\tN", "status\tok|..."). Returns 0
 * with *bytes set, 1 when the file says the value could not be measured, -1 on bad input. */
int raw_parse_daemon(const char *path, const char *text, double *bytes);

#endif
