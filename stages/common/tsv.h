/* tsv.h - the tables every stage exchanges: tab-separated, one header row, '#' comments.
 *
 * Fields escape tab, newline, carriage return and backslash as \t \n \r \\, and a '#' that
 * starts a line as \#, so any text survives a round trip. A row with the wrong number of fields,
 * a header naming a column twice and a NUL byte are errors naming file:line. An empty line is a
 * row only in a one-column table (its one field empty); elsewhere it is skipped. */
#ifndef TSV_H
#define TSV_H

#include "strbuf.h"

#include <stddef.h>

typedef struct {
    char **fields;
    long line; /* 1-based line in the file, for error messages */
} tsv_row;

struct tsv_schema;

typedef struct {
    char *path;
    char **cols;
    size_t ncols;
    tsv_row *rows;
    size_t nrows;
    const struct tsv_schema *schema; /* set by tsv_bind (schema.h) */
    int *map;                        /* the schema's column i is cols[map[i]], or -1 */
} tsv_table;

/* Loads path. On error returns -1 after logging "path:line: why". */
int tsv_load(const char *path, tsv_table *t);
/* Parses text already in memory; path is only used in messages. */
int tsv_parse(const char *path, const char *text, tsv_table *t);
void tsv_free(tsv_table *t);
/* Column index, or -1. */
int tsv_col(const tsv_table *t, const char *name);
/* 0 when the header has every one of the n columns, else -1 after logging "path:1: no column
 * \"x\"" for each missing one. Every reader calls it on what it loads before any tsv_get. */
int tsv_require(const tsv_table *t, size_t n, const char *const *cols);
/* Field of row r in column name. A column the table lacks is a reader that skipped
 * tsv_require: it aborts, naming the file and column, rather than reading as "". */
const char *tsv_get(const tsv_table *t, size_t r, const char *name);

/* Appends one escaped field; the caller adds '\t' or '\n' (tsv_row_end). */
void tsv_put(strbuf *sb, const char *field);
/* Appends a whole row of n fields followed by a newline. */
void tsv_put_row(strbuf *sb, size_t n, const char *const *fields);

#endif
