/* benchscan.h - Go's benchmark format read as a stream of events, in one pass and bounded
 * memory: the grammar of benchfmt.h implemented once, for a file read in fixed chunks (the
 * analyzer's million samples never sit in memory as text) or for text already in memory.
 *
 * A sink receives each configuration change and each result as it is read; Unit lines are
 * checked here (better=lower|higher, no conflicting redeclaration) and their metadata can be
 * asked for at any time. Any error is logged as file:line and ends the scan with -1. */
#ifndef BENCHSCAN_H
#define BENCHSCAN_H

#include "strmap.h"

#include <stddef.h>

#define BF_MAX_MEASURES 31 /* value-unit pairs in one result line */
#define BF_MAX_LINE (1 << 20)

typedef struct {
    const char *name; /* as written, e.g. "BenchmarkFib40-2" */
    long iters;
    size_t nm;
    const char *units[BF_MAX_MEASURES];
    const char *tokens[BF_MAX_MEASURES]; /* each value as written */
    double values[BF_MAX_MEASURES];
    long line;
} bf_event;

typedef struct bf_scan bf_scan;

typedef struct {
    void *ctx;
    /* "key: value"; an empty value removes the key. */
    void (*config)(void *ctx, const char *key, const char *value);
    /* A "Unit unit key=value" pair, after it was checked; may be NULL. */
    void (*unit)(void *ctx, const char *unit, const char *key, const char *value, long line);
    /* Non-zero stops the scan (the sink has logged why). */
    int (*result)(void *ctx, const bf_scan *s, const bf_event *r);
} bf_sink;

/* Scans text of len bytes (path names it in errors; a NUL byte is an error). */
int bf_scan_text(const char *path, const char *text, size_t len, const bf_sink *sink);
/* Scans the file at path in chunks: memory does not grow with the file. */
int bf_scan_file(const char *path, const bf_sink *sink);
/* During a scan: the file's name, and a Unit metadata value declared so far (or NULL). */
const char *bf_scan_path(const bf_scan *s);
const char *bf_scan_unit_meta(const bf_scan *s, const char *unit, const char *key);

#endif
