/* normalizer.h - one normalizer per kind of raw output, chosen by the table it belongs to.
 *
 * A normalizer turns one sample's raw files (raw/<table>/<env>/<rep>.out and friends) into
 * result lines of Go's benchmark format; main.c adds the configuration lines (run, table, env)
 * and the Unit metadata, and writes samples/<table>.txt. */
#ifndef NORMALIZER_H
#define NORMALIZER_H

#include "strbuf.h"

typedef struct {
    strbuf units;           /* "Unit <unit> key=value" lines seen so far, once each */
    strbuf notes;           /* "case<TAB>why" lines of the environment being read, once each */
    char last_config[1024]; /* the last configuration lines a normalizer wrote */
} norm_state;

typedef struct {
    const char *table; /* NULL: the default, for our probes' own benchmark-format output */
    /* Appends the result lines of the sample whose raw files start with base (".../003") to
     * out. 0, or -1 after logging "file:line: why". */
    int (*sample)(const char *base, strbuf *out, norm_state *st);
} normalizer;

const normalizer *normalizer_for(const char *table);

extern const normalizer norm_gotest;
extern const normalizer norm_gotest_controls;
extern const normalizer norm_start;  /* T2.2a: the cell's .wall */
extern const normalizer norm_strace; /* T2.4: repro-probe strace */
extern const normalizer norm_benchfmt;

/* Keeps the "# unsupported <case>: <why>" lines of a raw output: the reasons a probe gives for
 * a measurement it could not make in this environment. */
void norm_notes(norm_state *st, const char *text);

/* Adds "Unit <unit> <key>=<value>" to st->units unless already there. */
void norm_unit(norm_state *st, const char *unit, const char *key, const char *value);

#endif
