/* benchfmt.c - reader and writer for Go's benchmark format.
 *
 * The reader keeps each configuration key's history of changes and stamps every result with
 * the configuration version in effect, so a million results share a handful of changes and no
 * input makes memory grow faster than the file (copying every key per change did: 20 GB for
 * 554 KB). Result and Unit lines are checked strictly: a bad number, a missing unit or a
 * conflicting Unit declaration is an error with file:line, never silently skipped. */
#include "benchfmt.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64
#define CHUNK_SIZE (64 * 1024)

struct bf_chunk {
    bf_chunk *next;
    size_t used, size;
    _Alignas(max_align_t) char data[];
};

static void *arena_alloc(bf_file *f, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    bf_chunk *c = f->chunks;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
        c = xmalloc(sizeof *c + size);
        c->next = f->chunks;
        c->used = 0;
        c->size = size;
        f->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

/* Copies s into the arena, reusing the previous copy when s repeats it (names and units of
 * consecutive results usually do). */
static char *arena_str(bf_file *f, const char *s, char **last)
{
    if (*last && strcmp(*last, s) == 0)
        return *last;
    size_t n = strlen(s) + 1;
    *last = memcpy(arena_alloc(f, n), s, n);
    return *last;
}

static size_t split_ws(char *s, char **f, size_t max)
{
    size_t n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (n == max)
            return max + 1;
        f[n++] = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        if (*s)
            *s++ = '\0';
    }
    return n;
}

static int parse_double(const char *s, double *v)
{
    return num_parse_finite(s, v);
}

/* "key: value" where key starts lower case and has no spaces or upper case. */
static int is_config_line(const char *s, size_t *keylen)
{
    if (!islower((unsigned char)s[0]))
        return 0;
    size_t i = 0;
    while (s[i] && s[i] != ':') {
        if (isspace((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return 0;
        i++;
    }
    if (s[i] != ':' || (s[i + 1] != ' ' && s[i + 1] != '\t' && s[i + 1] != '\0'))
        return 0;
    *keylen = i;
    return 1;
}

static int is_result_line(const char *s)
{
    if (strncmp(s, "Benchmark", 9) != 0)
        return 0;
    char c = s[9];
    return c == '\0' || c == ' ' || c == '\t' || isupper((unsigned char)c) ||
           isdigit((unsigned char)c) || c == '/' || c == '_' || c == '-';
}

/* A change of key to val ("" removes it) starts a new configuration version, unless the key
 * already has that value. */
static void set_config(bf_file *f, const char *key, const char *val)
{
    int added;
    size_t k = strmap_add(&f->keys, key, NULL, &added);
    if (added) { /* indices grow one by one: double the array at each power of two */
        if ((k & (k - 1)) == 0)
            f->hist = xrealloc(f->hist, (k ? 2 * k : 1) * sizeof *f->hist);
        f->hist[k] = (bf_history){0};
    }
    bf_history *h = &f->hist[k];
    const char *now = h->n ? h->s[h->n - 1].value : NULL;
    if ((!now && !*val) || (now && !strcmp(now, val)))
        return;
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 4;
        h->s = xrealloc(h->s, h->cap * sizeof *h->s);
    }
    size_t len = strlen(val) + 1;
    h->s[h->n++] = (bf_setting){++f->nconfigs, *val ? memcpy(arena_alloc(f, len), val, len) : NULL};
}

static int parse_result(bf_file *f, char *line, long lineno, char **last_name, char **last_units)
{
    char *fld[MAX_FIELDS + 1];
    size_t n = split_ws(line, fld, MAX_FIELDS);
    if (n > MAX_FIELDS) {
        log_error_at(f->path, lineno, "more than %d fields in a result line", MAX_FIELDS);
        return -1;
    }
    if (n < 4 || (n - 2) % 2 != 0) {
        log_error_at(f->path, lineno,
                     "result line needs a name, an iteration count and "
                     "value-unit pairs; got %zu fields",
                     n);
        return -1;
    }
    char *end;
    errno = 0;
    long iters = strtol(fld[1], &end, 10);
    if (!isdigit((unsigned char)fld[1][0]) || *end || errno || iters <= 0) {
        log_error_at(f->path, lineno, "bad iteration count \"%s\"", fld[1]);
        return -1;
    }
    bf_result r = {
        .name = NULL, .iters = iters, .nm = (n - 2) / 2, .config = f->nconfigs, .line = lineno};
    r.m = arena_alloc(f, r.nm * sizeof *r.m);
    for (size_t i = 0; i < r.nm; i++) {
        if (parse_double(fld[2 + 2 * i], &r.m[i].value) != 0) {
            log_error_at(f->path, lineno, "bad value \"%s\" (a finite decimal number)",
                         fld[2 + 2 * i]);
            return -1;
        }
        r.m[i].unit = arena_str(f, fld[3 + 2 * i], &last_units[i < 8 ? i : 7]);
    }
    r.name = arena_str(f, fld[0], last_name);
    if (f->nresults == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->results = xrealloc(f->results, f->cap * sizeof *f->results);
    }
    f->results[f->nresults++] = r;
    return 0;
}

/* One key=value of a Unit line: new, the same again (nothing to add), or a conflict. */
static int unit_meta(bf_file *f, const char *unit, const char *key, const char *value, long lineno)
{
    if (!strcmp(key, "better") && strcmp(value, "lower") != 0 && strcmp(value, "higher") != 0) {
        log_error_at(f->path, lineno, "Unit %s better=%s: better is lower or higher", unit, value);
        return -1;
    }
    char *both = xasprintf("%s\t%s", unit, key);
    int added;
    size_t i = strmap_add(&f->unit_keys, both, NULL, &added);
    free(both);
    if (!added) {
        const bf_unitmeta *u = &f->units[i];
        if (strcmp(u->value, value) == 0)
            return 0;
        log_error_at(f->path, lineno, "Unit %s %s=%s conflicts with %s=%s on line %ld", unit, key,
                     value, key, u->value, u->line);
        return -1;
    }
    if (f->nunits == f->units_cap) {
        f->units_cap = f->units_cap ? f->units_cap * 2 : 8;
        f->units = xrealloc(f->units, f->units_cap * sizeof *f->units);
    }
    f->units[f->nunits++] = (bf_unitmeta){xstrdup(unit), xstrdup(key), xstrdup(value), lineno};
    return 0;
}

static int parse_unit(bf_file *f, char *line, long lineno)
{
    char *fld[MAX_FIELDS + 1];
    size_t n = split_ws(line, fld, MAX_FIELDS);
    if (n < 3 || n > MAX_FIELDS) {
        log_error_at(f->path, lineno, "Unit line needs a unit and key=value pairs");
        return -1;
    }
    for (size_t i = 2; i < n; i++) {
        char *eq = strchr(fld[i], '=');
        if (!eq || eq == fld[i]) {
            log_error_at(f->path, lineno, "Unit metadata \"%s\" is not key=value", fld[i]);
            return -1;
        }
        *eq = '\0';
        if (unit_meta(f, fld[1], fld[i], eq + 1, lineno) != 0)
            return -1;
    }
    return 0;
}

/* A "key: value" line: the value without the blanks around it. */
static void parse_config(bf_file *f, char *line, size_t keylen)
{
    line[keylen] = '\0';
    char *v = line + keylen + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        v[--vl] = '\0';
    set_config(f, line, v);
}

int bf_parse(const char *path, const char *text, bf_file *out)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(path);
    int rc = 0;
    long lineno = 0;
    char *last_name = NULL, *last_units[8] = {0};
    const char *p = text;
    char *line = NULL;
    size_t line_cap = 0;
    while (*p && rc == 0) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (len + 1 > line_cap) {
            line_cap = 2 * (len + 1);
            line = xrealloc(line, line_cap);
        }
        memcpy(line, p, len);
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        size_t keylen;
        if (is_result_line(line))
            rc = parse_result(out, line, lineno, &last_name, last_units);
        else if (strncmp(line, "Unit", 4) == 0 && (line[4] == ' ' || line[4] == '\t'))
            rc = parse_unit(out, line, lineno);
        else if (is_config_line(line, &keylen))
            parse_config(out, line, keylen);
        p += len + (nl ? 1 : 0);
    }
    free(line);
    if (rc != 0)
        bf_free(out);
    return rc;
}

int bf_load(const char *path, bf_file *out)
{
    size_t len;
    char *text = fs_read_file(path, &len);
    if (!text) {
        memset(out, 0, sizeof *out);
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    size_t nul = strlen(text);
    if (nul != len) {
        long line = 1;
        for (size_t i = 0; i < nul; i++)
            line += text[i] == '\n';
        memset(out, 0, sizeof *out);
        log_error_at(path, line, "a NUL byte: not a text file");
        free(text);
        return -1;
    }
    int rc = bf_parse(path, text, out);
    free(text);
    return rc;
}

void bf_free(bf_file *f)
{
    for (size_t i = 0; i < f->keys.n; i++)
        free(f->hist[i].s);
    free(f->hist);
    strmap_free(&f->keys);
    while (f->chunks) {
        bf_chunk *next = f->chunks->next;
        free(f->chunks);
        f->chunks = next;
    }
    for (size_t i = 0; i < f->nunits; i++) {
        free(f->units[i].unit);
        free(f->units[i].key);
        free(f->units[i].value);
    }
    strmap_free(&f->unit_keys);
    free(f->results);
    free(f->units);
    free(f->path);
    memset(f, 0, sizeof *f);
}

const char *bf_config_get(const bf_file *f, const bf_result *r, const char *key)
{
    long k = strmap_find(&f->keys, key);
    if (k < 0)
        return NULL;
    const bf_history *h = &f->hist[k];
    size_t lo = 0, hi = h->n; /* the number of changes at or before the result's version */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->s[mid].version <= r->config)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? h->s[lo - 1].value : NULL;
}

const char *bf_unit_meta(const bf_file *f, const char *unit, const char *key)
{
    char buf[256]; /* called per measurement: no allocation for the usual short names */
    int n = snprintf(buf, sizeof buf, "%s\t%s", unit, key);
    char *both = (size_t)n < sizeof buf ? buf : xasprintf("%s\t%s", unit, key);
    long i = strmap_find(&f->unit_keys, both);
    if (both != buf)
        free(both);
    return i < 0 ? NULL : f->units[i].value;
}

const char *bf_base_name(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s", name);
    char *dash = strrchr(buf, '-');
    if (dash && dash[1]) {
        char *s = dash + 1;
        while (isdigit((unsigned char)*s))
            s++;
        if (!*s)
            *dash = '\0';
    }
    return buf;
}

void bf_put_config(strbuf *sb, const char *key, const char *value)
{
    sb_printf(sb, "%s: %s\n", key, value);
}

void bf_put_unit(strbuf *sb, const char *unit, const char *key, const char *value)
{
    sb_printf(sb, "Unit %s %s=%s\n", unit, key, value);
}

void bf_put_number(strbuf *sb, double v)
{
    char buf[64];
    sb_puts(sb, num_format(v, buf, sizeof buf));
}

void bf_put_result(strbuf *sb, const char *name, long iters, size_t n, const char *const *units,
                   const double *values)
{
    sb_printf(sb, "%s\t%ld", name, iters);
    for (size_t i = 0; i < n; i++) {
        sb_putc(sb, '\t');
        bf_put_number(sb, values[i]);
        sb_printf(sb, " %s", units[i]);
    }
    sb_putc(sb, '\n');
}
