/* benchfmt.h - Go's benchmark format, the interchange for samples (golang.org/x/perf/benchfmt).
 *
 * A file is a sequence of lines: "key: value" configuration lines that apply to the results
 * after them, "Unit <unit> key=value" metadata lines (better=lower|higher), and result lines
 * "BenchmarkName[-procs] <iterations> <value> <unit> [<value> <unit>...]". Anything else is
 * ignored, as benchstat does. Our analyzer and benchstat read the same files. */
#ifndef BENCHFMT_H
#define BENCHFMT_H

#include "strbuf.h"
#include "strmap.h"

#include <stddef.h>

/* One change of a configuration key: from configuration version `version` on, the key has
 * value (NULL: removed). */
typedef struct {
    size_t version;
    const char *value;
} bf_setting;

typedef struct {
    bf_setting *s;
    size_t n, cap;
} bf_history;

typedef struct {
    char *unit;
    double value;
} bf_measure;

typedef struct {
    char *name; /* as written, e.g. "BenchmarkFib40-2" */
    long iters;
    bf_measure *m;
    size_t nm;
    size_t config; /* the configuration version in effect (bf_config_get) */
    long line;
} bf_result;

typedef struct {
    char *unit, *key, *value;
    long line;
} bf_unitmeta;

/* Strings and measure arrays of a file live in fixed chunks freed together: a million results
 * must not mean three million mallocs. */
typedef struct bf_chunk bf_chunk;

typedef struct {
    char *path;
    bf_chunk *chunks;
    /* Configuration: each key's history of changes, not a copy of every key per change, so
     * memory stays linear in the file whatever it changes how often. */
    strmap keys; /* key -> index into hist */
    bf_history *hist;
    size_t nconfigs; /* configuration changes so far: the current version */
    bf_result *results;
    size_t nresults, cap;
    bf_unitmeta *units; /* one per (unit, key): a second, conflicting declaration is an error */
    size_t nunits, units_cap;
    strmap unit_keys; /* "unit<TAB>key" -> index into units */
} bf_file;

/* Parses text (path names it in errors). A malformed result or Unit line (a value that is not a
 * finite decimal, a better= other than lower or higher, a Unit key declared again with another
 * value) logs "path:line: why" and returns -1; *out is then empty. Time and memory are linear in
 * the text. bf_load also refuses a file holding a NUL byte. */
int bf_parse(const char *path, const char *text, bf_file *out);
int bf_load(const char *path, bf_file *out);
void bf_free(bf_file *f);
/* The value of a configuration key for a result, or NULL. */
const char *bf_config_get(const bf_file *f, const bf_result *r, const char *key);
/* The value of a Unit metadata key (e.g. "better") for unit, or NULL. */
const char *bf_unit_meta(const bf_file *f, const char *unit, const char *key);
/* What no measurement of this harness can be: a magnitude over BF_VALUE_MAX (a petabyte, 11
 * days in ns, 1e15 of anything), a time per operation (ns/op, sec/op, ...) not above 0, a count
 * or size per operation or in bytes (units ending in /op or -B, and B) below 0. NULL when value is one unit can
 * have, else why not (a phrase for "path:line: value 0 ns/op: why"). Every reader of the
 * format applies it (benchscan.c), so a poisoned sample never reaches the statistics. */
#define BF_VALUE_MAX 1e15
const char *bf_value_problem(const char *unit, double value);
/* The name without the "-procs" suffix ("BenchmarkFib40-2" -> "BenchmarkFib40"), in buf. */
const char *bf_base_name(const char *name, char *buf, size_t len);

/* Writers. Numbers are written with the fewest digits that read back to the same double. */
void bf_put_config(strbuf *sb, const char *key, const char *value);
void bf_put_unit(strbuf *sb, const char *unit, const char *key, const char *value);
void bf_put_result(strbuf *sb, const char *name, long iters, size_t n, const char *const *units,
                   const double *values);
void bf_put_number(strbuf *sb, double v);

#endif
