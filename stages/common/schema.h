/* schema.h - each TSV file's columns declared once, for its writer and its reader alike.
 *
 * A file's columns are an X-macro list in the header of the code that owns the file:
 *
 *     #define SUMMARY_COLS(X) X(SUMMARY_TABLE, "table", 0) X(SUMMARY_UNIT, "unit", 0) ...
 *     TSV_SCHEMA_DECLARE(summary, SUMMARY)           in the header
 *     TSV_SCHEMA_DEFINE(summary, SUMMARY, "summary.tsv")   in one .c file
 *
 * which gives the enum summary_col {SUMMARY_TABLE, ..., SUMMARY_NCOLS}, the schema
 * summary_schema, and summary_at(t, row, SUMMARY_TABLE): a field by the enum, so a renamed or
 * misspelled column fails to compile instead of reading as "" at run time; a column of another
 * file's enum is an -Wenum-conversion error (-Wextra) and, through a cast, an abort. The third
 * item of X marks a column optional: files written before it existed (archived runs, fixtures)
 * still read, the column as "". Writers fill const char *f[SUMMARY_NCOLS] by the enum and call
 * tsv_put_fields; a field left NULL is a writer's bug and aborts naming file and column. */
#ifndef SCHEMA_H
#define SCHEMA_H

#include "strbuf.h"
#include "tsv.h"

#include <stddef.h>

typedef struct {
    const char *name;
    int optional; /* absent in older files: reads as "" */
} tsv_colspec;

struct tsv_schema {
    const char *file; /* "summary.tsv": for messages and docs */
    size_t ncols;
    const tsv_colspec *cols;
};
typedef struct tsv_schema tsv_schema;

#define TSV_COL_ENUM_(id, name, opt) id,
#define TSV_COL_SPEC_(id, name, opt) {name, opt},

#define TSV_SCHEMA_DECLARE(lower, UPPER)                                                           \
    typedef enum { UPPER##_COLS(TSV_COL_ENUM_) UPPER##_NCOLS } lower##_col;                        \
    extern const tsv_schema lower##_schema;                                                        \
    static inline const char *lower##_at(const tsv_table *t, size_t row, lower##_col c)            \
    {                                                                                              \
        return tsv_at_in(t, &lower##_schema, row, (int)c);                                         \
    }

#define TSV_SCHEMA_DEFINE(lower, UPPER, filename)                                                  \
    static const tsv_colspec lower##_cols_[] = {UPPER##_COLS(TSV_COL_SPEC_)};                      \
    const tsv_schema lower##_schema = {filename, UPPER##_NCOLS, lower##_cols_}

/* Every declaration (schema_decl.c), NULL-terminated: what the tests and docs check. */
extern const tsv_schema *const schema_all[];

/* Checks t's header against s and remembers where each column is: 0, or -1 after logging
 * "path:1: no column \"x\" (docs/formats.md)" for each required column the header lacks.
 * Columns the schema does not name are ignored (a newer writer's). Even on -1 the table is
 * bound, its missing columns reading as "", for a reader that reports and goes on. */
int tsv_bind(tsv_table *t, const tsv_schema *s);
/* tsv_bind without the messages, for a reader that says what is wrong its own way: how many
 * required columns the header lacks. */
size_t tsv_map(tsv_table *t, const tsv_schema *s);
/* tsv_load / tsv_parse then tsv_bind; on any error t is freed and -1 returned. */
int tsv_load_as(const char *path, const tsv_schema *s, tsv_table *t);
int tsv_parse_as(const char *path, const char *text, const tsv_schema *s, tsv_table *t);
/* A table of s with no rows, as a file of just the header would read: for a file an older run
 * lacks. Never fails. */
void tsv_empty_as(const char *path, const tsv_schema *s, tsv_table *t);

/* Row r's field of column col (s's enum), "" for an optional column the file lacks or a row
 * past the end. A table not bound to s, or col outside it, is a reader's bug: it aborts. */
const char *tsv_at_in(const tsv_table *t, const tsv_schema *s, size_t row, int col);
/* 1 when the file has column col (an optional one may be absent); 0 for a table that failed to
 * load (all zero), which tsv_find also reads as empty. */
int tsv_has(const tsv_table *t, int col);
/* The first row whose column key_col is key (a key/value or env/key/value file), or -1. */
long tsv_find(const tsv_table *t, int key_col, const char *key);

/* The header line of s. */
void tsv_put_header(strbuf *sb, const tsv_schema *s);
/* One row: f[i] is column i's field, every one set ("" for an empty field). */
void tsv_put_fields(strbuf *sb, const tsv_schema *s, const char *const *f);

#endif
