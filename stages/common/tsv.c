/* tsv.c - reading and writing the project's TSV tables with escaping and file:line errors. */
#include "tsv.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
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
        if (n > 0 && p[0] != '#') {
            size_t nf;
            char **f = split(p, n, &nf);
            if (!t->cols) {
                t->cols = f;
                t->ncols = nf;
            } else if (nf != t->ncols) {
                log_error_at(path, lineno, "%zu fields, the header has %zu", nf, t->ncols);
                free_fields(f, nf);
                tsv_free(t);
                return -1;
            } else {
                if (t->nrows == cap) {
                    cap = cap ? cap * 2 : 16;
                    t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
                }
                t->rows[t->nrows].fields = f;
                t->rows[t->nrows].line = lineno;
                t->nrows++;
            }
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
    char *text = fs_read_file(path, NULL);
    if (!text) {
        memset(t, 0, sizeof *t);
        log_error("%s: %s", path, strerror(errno));
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
    memset(t, 0, sizeof *t);
}

int tsv_col(const tsv_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

const char *tsv_get(const tsv_table *t, size_t r, const char *name)
{
    int c = tsv_col(t, name);
    return c < 0 || r >= t->nrows ? "" : t->rows[r].fields[c];
}

void tsv_put(strbuf *sb, const char *field)
{
    const char *s = field ? field : "";
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
