/* benchfmt.c - Go's benchmark format held in memory (its grammar is benchscan.c's), and
 * its writer.
 *
 * The reader keeps each configuration key's history of changes and stamps every result with
 * the configuration version in effect, so a million results share a handful of changes and no
 * input makes memory grow faster than the file (copying every key per change did: 20 GB for
 * 554 KB). Result and Unit lines are checked strictly: a bad number, a missing unit or a
 * conflicting Unit declaration is an error with file:line, never silently skipped. */
#include "benchfmt.h"

#include "benchscan.h"

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

typedef struct {
    bf_file *f;
    char *last_name, *last_units[8];
} builder;

static void on_config(void *ctx, const char *key, const char *value)
{
    set_config(((builder *)ctx)->f, key, value);
}

/* The scan has checked it: a second, equal declaration never reaches here. */
static void on_unit(void *ctx, const char *unit, const char *key, const char *value, long line)
{
    bf_file *f = ((builder *)ctx)->f;
    char *both = xasprintf("%s\t%s", unit, key);
    strmap_add(&f->unit_keys, both, NULL, NULL);
    free(both);
    if (f->nunits == f->units_cap) {
        f->units_cap = f->units_cap ? f->units_cap * 2 : 8;
        f->units = xrealloc(f->units, f->units_cap * sizeof *f->units);
    }
    f->units[f->nunits++] = (bf_unitmeta){xstrdup(unit), xstrdup(key), xstrdup(value), line};
}

static int on_result(void *ctx, const bf_scan *s, const bf_event *e)
{
    (void)s;
    builder *b = ctx;
    bf_file *f = b->f;
    bf_result r = {.iters = e->iters, .nm = e->nm, .config = f->nconfigs, .line = e->line};
    r.m = arena_alloc(f, r.nm * sizeof *r.m);
    for (size_t i = 0; i < r.nm; i++)
        r.m[i] = (bf_measure){arena_str(f, e->units[i], &b->last_units[i < 8 ? i : 7]),
                              e->values[i]};
    r.name = arena_str(f, e->name, &b->last_name);
    if (f->nresults == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->results = xrealloc(f->results, f->cap * sizeof *f->results);
    }
    f->results[f->nresults++] = r;
    return 0;
}

static int build(const char *path, const char *text, bf_file *out)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(path);
    builder b = {.f = out};
    bf_sink sink = {&b, on_config, on_unit, on_result};
    int rc = text ? bf_scan_text(path, text, strlen(text), &sink) : bf_scan_file(path, &sink);
    if (rc != 0)
        bf_free(out);
    return rc;
}

int bf_parse(const char *path, const char *text, bf_file *out)
{
    return build(path, text, out);
}

int bf_load(const char *path, bf_file *out)
{
    return build(path, NULL, out);
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

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

const char *bf_value_problem(const char *unit, double value)
{
    static const char *const times[] = {"ns/op", "us/op", "µs/op", "ms/op", "sec/op", "s/op"};
    if (value > BF_VALUE_MAX || value < -BF_VALUE_MAX)
        return "beyond any measurement of this harness (magnitude over 1e15)";
    if (!(value <= 0)) /* nearly every sample: the unit's rules below are about <= 0 only */
        return NULL;
    for (size_t i = 0; i < sizeof times / sizeof *times; i++)
        if (!strcmp(unit, times[i]))
            return "a time per operation must be greater than 0";
    if (value < 0 && (ends_with(unit, "/op") || ends_with(unit, "-B") || !strcmp(unit, "B")))
        return "a count or size cannot be negative";
    return NULL;
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
