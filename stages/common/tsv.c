/* tsv.c - reading and writing the project's TSV tables with escaping and file:line errors.
 * Parsing is one pass, linear in the text; the writer escapes whatever the reader would not
 * give back (a field's tab, newline, backslash; a '#' that would make its line a comment). */
#include "tsv.h"

#include "cli.h"
#include "fsutil.h"
#include "log.h"
#include "strmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *unescape(const char *s, size_t n)
{
    char *out = xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            *o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* Splits one line (without its newline) into fields. */
static char **split(const char *line, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += line[i] == '\t';
    char **f = xmalloc(count * sizeof *f);
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            f[k++] = unescape(line + start, i - start);
            start = i + 1;
        }
    }
    *n = count;
    return f;
}

static void free_fields(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

/* The header: no column named twice (a second one could never be read). */
static int check_header(const char *path, char **cols, size_t n)
{
    strmap seen = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int added;
        size_t first = strmap_add(&seen, cols[i], NULL, &added);
        if (!added) {
            log_error_at(path, 1, "column \"%s\" is named twice (columns %zu and %zu)", cols[i],
                         first + 1, i + 1);
            rc = -1;
        }
    }
    strmap_free(&seen);
    return rc;
}

/* Adds one line (without its newline, n bytes) to t: the header, or a row. */
static int add_line(tsv_table *t, const char *p, size_t n, long lineno, size_t *cap)
{
    size_t nf;
    char **f = split(p, n, &nf);
    if (!t->cols) {
        t->cols = f;
        t->ncols = nf;
        return check_header(t->path, f, nf);
    }
    if (nf != t->ncols) {
        log_error_at(t->path, lineno, "%zu fields, the header has %zu", nf, t->ncols);
        free_fields(f, nf);
        return -1;
    }
    if (t->nrows == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        t->rows = xrealloc(t->rows, *cap * sizeof *t->rows);
    }
    t->rows[t->nrows].fields = f;
    t->rows[t->nrows].line = lineno;
    t->nrows++;
    return 0;
}

int tsv_parse(const char *path, const char *text, tsv_table *t)
{
    memset(t, 0, sizeof *t);
    t->path = xstrdup(path);
    size_t cap = 0;
    long lineno = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        size_t n = len;
        if (n > 0 && p[n - 1] == '\r')
            n--;
        int row = n > 0 ? p[0] != '#' : t->cols && t->ncols == 1;
        if (row && add_line(t, p, n, lineno, &cap) != 0) {
            tsv_free(t);
            return -1;
        }
        p += len + (nl ? 1 : 0);
    }
    if (!t->cols) {
        log_error_at(path, lineno ? lineno : 1, "no header row");
        tsv_free(t);
        return -1;
    }
    return 0;
}

int tsv_load(const char *path, tsv_table *t)
{
    size_t len;
    char *text = fs_read_file(path, &len);
    if (!text) {
        int err = errno;
        memset(t, 0, sizeof *t);
        log_error("%s: %s%s", path, strerror(err), cli_path_hint(path, err));
        return -1;
    }
    size_t nul = strlen(text);
    if (nul != len) {
        long line = 1;
        for (size_t i = 0; i < nul; i++)
            line += text[i] == '\n';
        memset(t, 0, sizeof *t);
        log_error_at(path, line, "a NUL byte: not a text file");
        free(text);
        return -1;
    }
    int rc = tsv_parse(path, text, t);
    free(text);
    return rc;
}

void tsv_free(tsv_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        free_fields(t->rows[r].fields, t->ncols);
    if (t->cols)
        free_fields(t->cols, t->ncols);
    free(t->rows);
    free(t->path);
    free(t->map);
    memset(t, 0, sizeof *t);
}

int tsv_col(const tsv_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

int tsv_require(const tsv_table *t, size_t n, const char *const *cols)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (tsv_col(t, cols[i]) < 0) {
            log_error_at(t->path, 1, "no column \"%s\" (docs/formats.md)", cols[i]);
            rc = -1;
        }
    return rc;
}

const char *tsv_get(const tsv_table *t, size_t r, const char *name)
{
    int c = tsv_col(t, name);
    if (c < 0) {
        fprintf(stderr, "%s: no column \"%s\", which its reader never required\n", t->path, name);
        abort();
    }
    return r >= t->nrows ? "" : t->rows[r].fields[c];
}

void tsv_put(strbuf *sb, const char *field)
{
    const char *s = field ? field : "";
    if (*s == '#' && (sb->len == 0 || sb->buf[sb->len - 1] == '\n')) {
        sb_puts(sb, "\\#"); /* at the start of a line it would make the row a comment */
        s++;
    }
    for (;;) {
        size_t plain = strcspn(s, "\t\n\r\\"); /* copy runs that need no escaping at once */
        sb_add(sb, s, plain);
        s += plain;
        if (!*s)
            return;
        sb_puts(sb, *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : "\\\\");
        s++;
    }
}

void tsv_put_row(strbuf *sb, size_t n, const char *const *fields)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_putc(sb, '\t');
        tsv_put(sb, fields[i]);
    }
    sb_putc(sb, '\n');
}
