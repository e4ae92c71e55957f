/* normalizer.h - one normalizer per kind of raw output, chosen by the table it belongs to.
 *
 * A normalizer turns one sample's raw files (raw/<table>/<env>/<rep>.out and friends) into
 * result lines of Go's benchmark format; main.c adds the configuration lines (run, table, env)
 * and the Unit metadata, and writes samples/<table>.txt. */
#ifndef NORMALIZER_H
#define NORMALIZER_H

#include "strbuf.h"
#include "strmap.h"
#include "tsv.h"

/* Zero-initialized; norm_state_free releases it. */
typedef struct {
    strbuf units;           /* "Unit <unit> key=value" lines seen so far, once each */
    strbuf notes;           /* "case<TAB>why" rows (TSV-escaped) of the environment being read,
                             * once each */
    strmap unit_seen;       /* "unit<TAB>key" -> the value declared first */
    strmap note_seen;       /* the rows in notes */
    char last_config[1024]; /* the last configuration lines a normalizer wrote */
} norm_state;

typedef struct {
    const char *table; /* NULL: the default, for our probes' own benchmark-format output */
    /* Appends the result lines of the sample whose raw files start with base (".../003") to
     * out. 0, or -1 after logging "file:line: why". */
    int (*sample)(const char *base, strbuf *out, norm_state *st);
} normalizer;

const normalizer *normalizer_for(const char *table);

/* samples/posture.tsv (env, key, value, samples) from T1's good samples' "posture-<key>: <value>"
 * lines (norm_posture.c); cells maps "table<TAB>env<TAB>rep" to its status (then a tab and more). 0, or -1 (logged). */
int norm_posture(const char *run_dir, const tsv_table *envs, const strmap *cells);

extern const normalizer norm_gotest;
extern const normalizer norm_gotest_controls;
extern const normalizer norm_start;  /* T2.2a: the cell's .wall */
extern const normalizer norm_strace; /* T2.4: repro-probe strace */
extern const normalizer norm_benchfmt;

/* The normalizers on text already read (path names it in errors): what sample() calls, and what
 * the fuzz harnesses drive. Each writes only result lines bf_parse accepts, or fails naming the
 * raw file's line. */
int norm_benchfmt_text(const char *path, const char *text, strbuf *out, norm_state *st);
int norm_strace_text(const char *path, const char *text, strbuf *out, norm_state *st);
int norm_wall_text(const char *path, const char *text, strbuf *out, norm_state *st);
int norm_runtime_text(const char *path, const char *text, strbuf *out, norm_state *st);
/* dtext: the .daemon file's text, NULL when there is none. */
int norm_gotest_text(const char *path, const char *text, const char *dpath, const char *dtext,
                     strbuf *out, norm_state *st);

/* Keeps the "# unsupported <case>: <why>" lines of a raw output: the reasons a probe gives for
 * a measurement it could not make in this environment. Linear in the text. */
void norm_notes(norm_state *st, const char *text);
/* Forgets the notes (the next environment's start empty). */
void norm_notes_reset(norm_state *st);

/* Adds "Unit <unit> <key>=<value>" to st->units unless already there: 0, or -1 when the unit's
 * key was declared with another value (the samples file could not say both). */
int norm_unit(norm_state *st, const char *unit, const char *key, const char *value);
/* bf_put_result for a sample read from path (line: where, 1 for the whole file), only when
 * every value is one its unit can have (bf_value_problem): else an error naming path:line and
 * nothing written, so a normalizer never writes what the samples reader refuses. 0 or -1. */
int norm_put_result(const char *path, long line, strbuf *out, const char *name, long iters,
                    size_t n, const char *const *units, const double *values);
void norm_state_free(norm_state *st);

/* A raw file's text, or NULL after logging why: it is missing, unreadable, or holds a NUL byte
 * (a text parser would see only what comes before it). */
char *norm_read(const char *path);

#endif
