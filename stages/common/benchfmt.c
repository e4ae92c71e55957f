/* benchfmt.c - reader and writer for Go's benchmark format.
 *
 * The reader keeps one configuration snapshot per change of configuration, so a million
 * results share a handful of snapshots. Result and Unit lines are checked strictly: a bad
 * number or a missing unit is an error with file:line, never silently skipped. */
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
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s && !*end && errno == 0 && isfinite(*v) ? 0 : -1;
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

static void set_config(bf_file *f, int *dirty, bf_config *cur, const char *key, const char *val)
{
    size_t i;
    for (i = 0; i < cur->n; i++)
        if (strcmp(cur->pairs[i].key, key) == 0)
            break;
    if (i < cur->n) {
        free(cur->pairs[i].value);
        if (*val) {
            cur->pairs[i].value = xstrdup(val);
        } else { /* an empty value deletes the key */
            free(cur->pairs[i].key);
            memmove(&cur->pairs[i], &cur->pairs[i + 1], (cur->n - i - 1) * sizeof *cur->pairs);
            cur->n--;
        }
    } else if (*val) {
        cur->pairs = xrealloc(cur->pairs, (cur->n + 1) * sizeof *cur->pairs);
        cur->pairs[cur->n].key = xstrdup(key);
        cur->pairs[cur->n].value = xstrdup(val);
        cur->n++;
    }
    (void)f;
    *dirty = 1;
}

static size_t snapshot(bf_file *f, const bf_config *cur)
{
    f->configs = xrealloc(f->configs, (f->nconfigs + 1) * sizeof *f->configs);
    bf_config *c = &f->configs[f->nconfigs];
    c->n = cur->n;
    c->pairs = xmalloc((cur->n ? cur->n : 1) * sizeof *c->pairs);
    for (size_t i = 0; i < cur->n; i++) {
        c->pairs[i].key = xstrdup(cur->pairs[i].key);
        c->pairs[i].value = xstrdup(cur->pairs[i].value);
    }
    return f->nconfigs++;
}

static void free_config(bf_config *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->pairs[i].key);
        free(c->pairs[i].value);
    }
    free(c->pairs);
}

static int parse_result(bf_file *f, char *line, long lineno, size_t config, size_t *cap,
                        char **last_name, char **last_units)
{
    char *fld[MAX_FIELDS + 1];
    size_t n = split_ws(line, fld, MAX_FIELDS);
    if (n > MAX_FIELDS) {
        log_error_at(f->path, lineno, "more than %d fields in a result line", MAX_FIELDS);
        return -1;
    }
    if (n < 4 || (n - 2) % 2 != 0) {
        log_error_at(f->path, lineno, "result line needs a name, an iteration count and "
                                      "value-unit pairs; got %zu fields",
                     n);
        return -1;
    }
    char *end;
    errno = 0;
    long iters = strtol(fld[1], &end, 10);
    if (*end || errno || iters <= 0) {
        log_error_at(f->path, lineno, "bad iteration count \"%s\"", fld[1]);
        return -1;
    }
    bf_result r = {.name = NULL, .iters = iters, .nm = (n - 2) / 2, .config = config,
                   .line = lineno};
    r.m = arena_alloc(f, r.nm * sizeof *r.m);
    for (size_t i = 0; i < r.nm; i++) {
        if (parse_double(fld[2 + 2 * i], &r.m[i].value) != 0) {
            log_error_at(f->path, lineno, "bad value \"%s\"", fld[2 + 2 * i]);
            return -1;
        }
        r.m[i].unit = arena_str(f, fld[3 + 2 * i], &last_units[i < 8 ? i : 7]);
    }
    r.name = arena_str(f, fld[0], last_name);
    if (f->nresults == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        f->results = xrealloc(f->results, *cap * sizeof *f->results);
    }
    f->results[f->nresults++] = r;
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
        f->units = xrealloc(f->units, (f->nunits + 1) * sizeof *f->units);
        f->units[f->nunits++] =
            (bf_unitmeta){xstrdup(fld[1]), xstrdup(fld[i]), xstrdup(eq + 1)};
    }
    return 0;
}

int bf_parse(const char *path, const char *text, bf_file *out)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(path);
    bf_config cur = {0};
    int dirty = 1, rc = 0;
    size_t config = 0, cap = 0;
    long lineno = 0;
    char *last_name = NULL, *last_units[8] = {0};
    const char *p = text;
    char *line = NULL;
    while (*p && rc == 0) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        line = xrealloc(line, len + 1);
        memcpy(line, p, len);
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        size_t keylen;
        if (is_result_line(line)) {
            if (dirty) {
                config = snapshot(out, &cur);
                dirty = 0;
            }
            rc = parse_result(out, line, lineno, config, &cap, &last_name, last_units);
        } else if (strncmp(line, "Unit", 4) == 0 && (line[4] == ' ' || line[4] == '\t')) {
            rc = parse_unit(out, line, lineno);
        } else if (is_config_line(line, &keylen)) {
            line[keylen] = '\0';
            char *v = line + keylen + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t vl = strlen(v);
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
                v[--vl] = '\0';
            set_config(out, &dirty, &cur, line, v);
        }
        p += len + (nl ? 1 : 0);
    }
    free(line);
    free_config(&cur);
    if (rc != 0)
        bf_free(out);
    return rc;
}

int bf_load(const char *path, bf_file *out)
{
    char *text = fs_read_file(path, NULL);
    if (!text) {
        memset(out, 0, sizeof *out);
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = bf_parse(path, text, out);
    free(text);
    return rc;
}

void bf_free(bf_file *f)
{
    for (size_t i = 0; i < f->nconfigs; i++)
        free_config(&f->configs[i]);
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
    free(f->configs);
    free(f->results);
    free(f->units);
    free(f->path);
    memset(f, 0, sizeof *f);
}

const char *bf_config_get(const bf_file *f, const bf_result *r, const char *key)
{
    const bf_config *c = &f->configs[r->config];
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->pairs[i].key, key) == 0)
            return c->pairs[i].value;
    return NULL;
}

const char *bf_unit_meta(const bf_file *f, const char *unit, const char *key)
{
    const char *v = NULL; /* the last declaration wins */
    for (size_t i = 0; i < f->nunits; i++)
        if (strcmp(f->units[i].unit, unit) == 0 && strcmp(f->units[i].key, key) == 0)
            v = f->units[i].value;
    return v;
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
