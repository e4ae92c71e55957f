/* schema.c - binding a loaded table to its file's declared columns, reading fields by the
 * declaration's enum, and writing rows in the declaration's order. */
#include "schema.h"

#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t tsv_map(tsv_table *t, const tsv_schema *s)
{
    free(t->map);
    t->map = xmalloc((s->ncols ? s->ncols : 1) * sizeof *t->map);
    t->schema = s;
    size_t missing = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        t->map[i] = tsv_col(t, s->cols[i].name);
        missing += t->map[i] < 0 && !s->cols[i].optional;
    }
    return missing;
}

int tsv_bind(tsv_table *t, const tsv_schema *s)
{
    if (tsv_map(t, s) == 0)
        return 0;
    for (size_t i = 0; i < s->ncols; i++)
        if (t->map[i] < 0 && !s->cols[i].optional)
            log_error_at(t->path, 1, "no column \"%s\" (docs/formats.md, %s)", s->cols[i].name,
                         s->file);
    return -1;
}

int tsv_load_as(const char *path, const tsv_schema *s, tsv_table *t)
{
    if (tsv_load(path, t) != 0)
        return -1;
    if (tsv_bind(t, s) != 0) {
        tsv_free(t);
        return -1;
    }
    return 0;
}

int tsv_parse_as(const char *path, const char *text, const tsv_schema *s, tsv_table *t)
{
    if (tsv_parse(path, text, t) != 0)
        return -1;
    if (tsv_bind(t, s) != 0) {
        tsv_free(t);
        return -1;
    }
    return 0;
}

void tsv_empty_as(const char *path, const tsv_schema *s, tsv_table *t)
{
    strbuf sb = {0};
    tsv_put_header(&sb, s);
    if (tsv_parse_as(path, sb_str(&sb), s, t) != 0)
        abort(); /* a declaration always parses as its own header */
    sb_free(&sb);
}

static void misuse(const tsv_table *t, const char *why)
{
    fprintf(stderr, "%s: %s (a reader's bug)\n", t->path ? t->path : "(no file)", why);
    abort();
}

const char *tsv_at_in(const tsv_table *t, const tsv_schema *s, size_t row, int col)
{
    if (t->schema != s)
        misuse(t, t->schema ? "read by another file's columns" : "read before tsv_bind");
    if (col < 0 || (size_t)col >= s->ncols)
        misuse(t, "a column outside its schema");
    int c = t->map[col];
    return c < 0 || row >= t->nrows ? "" : t->rows[row].fields[c];
}

/* A table that failed to load is all zero: it has nothing, and reads as empty. */
static int never_loaded(const tsv_table *t)
{
    return !t->schema && !t->cols && !t->nrows;
}

int tsv_has(const tsv_table *t, int col)
{
    if (never_loaded(t))
        return 0;
    if (!t->schema || col < 0 || (size_t)col >= t->schema->ncols)
        misuse(t, "a column outside its schema");
    return t->map[col] >= 0;
}

long tsv_find(const tsv_table *t, int key_col, const char *key)
{
    if (!tsv_has(t, key_col))
        return -1;
    int c = t->map[key_col];
    for (size_t r = 0; r < t->nrows; r++)
        if (!strcmp(t->rows[r].fields[c], key))
            return (long)r;
    return -1;
}

void tsv_put_header(strbuf *sb, const tsv_schema *s)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (i)
            sb_putc(sb, '\t');
        tsv_put(sb, s->cols[i].name);
    }
    sb_putc(sb, '\n');
}

void tsv_put_fields(strbuf *sb, const tsv_schema *s, const char *const *f)
{
    for (size_t i = 0; i < s->ncols; i++)
        if (!f[i]) {
            fprintf(stderr, "%s: column \"%s\" left unset (a writer's bug)\n", s->file,
                    s->cols[i].name);
            abort();
        }
    tsv_put_row(sb, s->ncols, f);
}
