/* cellset.c - cells of samples (table x unit x environment x benchmark), as benchstat's
 * benchproc projects results into rows and columns: found through a hash, grown one sample at
 * a time, sorted once. Who fills them reads files (analyze's cells.c, runset); this does not. */
#include "engine/engine.h"

#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Cells are found through an open-addressing hash of (table, unit, env, bench): a million
 * samples must not mean a million linear searches. */
static size_t key_hash(const char *table, const char *unit, const char *env, const char *bench)
{
    const char *parts[] = {table, unit, env, bench};
    size_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < 4; i++) {
        for (const char *s = parts[i]; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        h = (h ^ 0xff) * 1099511628211ULL;
    }
    return h;
}

static int cell_is(const cell *c, const char *table, const char *unit, const char *env,
                   const char *bench)
{
    return !strcmp(c->table, table) && !strcmp(c->unit, unit) && !strcmp(c->env, env) &&
           !strcmp(c->bench, bench);
}

static void rehash(cellset *cs)
{
    free(cs->slots);
    cs->nslots = cs->nslots ? cs->nslots * 2 : 64;
    cs->slots = xmalloc(cs->nslots * sizeof *cs->slots);
    for (size_t i = 0; i < cs->nslots; i++)
        cs->slots[i] = SIZE_MAX;
    for (size_t i = 0; i < cs->n; i++) {
        const cell *c = &cs->cells[i];
        size_t h = key_hash(c->table, c->unit, c->env, c->bench) & (cs->nslots - 1);
        while (cs->slots[h] != SIZE_MAX)
            h = (h + 1) & (cs->nslots - 1);
        cs->slots[h] = i;
    }
}

cell *cells_get(cellset *cs, const char *table, const char *unit, const char *env,
                const char *bench, const char *better)
{
    if (2 * (cs->n + 1) > cs->nslots)
        rehash(cs);
    size_t h = key_hash(table, unit, env, bench) & (cs->nslots - 1);
    for (; cs->slots[h] != SIZE_MAX; h = (h + 1) & (cs->nslots - 1))
        if (cell_is(&cs->cells[cs->slots[h]], table, unit, env, bench))
            return &cs->cells[cs->slots[h]];
    cs->cells = xrealloc(cs->cells, (cs->n + 1) * sizeof *cs->cells);
    cs->slots[h] = cs->n;
    cell *c = &cs->cells[cs->n++];
    *c = (cell){xstrdup(table), xstrdup(unit),  xstrdup(env), xstrdup(bench),
                xstrdup(better ? better : "lower"), NULL, NULL, NULL, 0, 0};
    return c;
}

void cell_push(cell *c, double x, long round, int disturbed)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->x = xrealloc(c->x, c->cap * sizeof *c->x);
        if (c->round) {
            c->round = xrealloc(c->round, c->cap * sizeof *c->round);
            c->disturbed = xrealloc(c->disturbed, c->cap);
        }
    }
    if (round && !c->round) { /* the first sample with a round: earlier ones had none */
        c->round = xcalloc(c->cap, sizeof *c->round);
        c->disturbed = xcalloc(c->cap, 1);
    }
    if (c->round) {
        c->round[c->n] = round;
        c->disturbed[c->n] = (unsigned char)(round && disturbed);
    }
    c->x[c->n++] = x;
}

typedef struct {
    double x;
    long round;
    unsigned char disturbed;
} with_round;

static int by_value(const void *a, const void *b)
{
    const with_round *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->round > q->round) - (p->round < q->round);
}

/* A cell's values ascending with their rounds alongside (ties by round: deterministic). */
static void sort_with_rounds(cell *c)
{
    with_round *t = xmalloc((c->n ? c->n : 1) * sizeof *t);
    for (size_t i = 0; i < c->n; i++)
        t[i] = (with_round){c->x[i], c->round[i], c->disturbed[i]};
    qsort(t, c->n, sizeof *t, by_value);
    for (size_t i = 0; i < c->n; i++) {
        c->x[i] = t[i].x;
        c->round[i] = t[i].round;
        c->disturbed[i] = t[i].disturbed;
    }
    free(t);
}

void cells_sort(cellset *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        if (cs->cells[i].round)
            sort_with_rounds(&cs->cells[i]);
        else
            stats_sort(cs->cells[i].x, cs->cells[i].n);
    }
}

const cell *cells_find(const cellset *cs, const char *table, const char *unit, const char *env,
                       const char *bench)
{
    if (bench && cs->nslots) {
        size_t h = key_hash(table, unit, env, bench) & (cs->nslots - 1);
        for (; cs->slots[h] != SIZE_MAX; h = (h + 1) & (cs->nslots - 1))
            if (cell_is(&cs->cells[cs->slots[h]], table, unit, env, bench))
                return &cs->cells[cs->slots[h]];
        return NULL;
    }
    for (size_t i = 0; i < cs->n; i++) {
        const cell *c = &cs->cells[i];
        if (!strcmp(c->table, table) && !strcmp(c->unit, unit) && !strcmp(c->env, env) &&
            (!bench || !strcmp(c->bench, bench)))
            return c;
    }
    return NULL;
}

void cells_free(cellset *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        cell *c = &cs->cells[i];
        free(c->table);
        free(c->unit);
        free(c->env);
        free(c->bench);
        free(c->better);
        free(c->x);
        free(c->round);
        free(c->disturbed);
    }
    free(cs->cells);
    free(cs->slots);
    memset(cs, 0, sizeof *cs);
}
