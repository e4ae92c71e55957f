/* cells.c - groups samples into cells (table x unit x environment), as benchstat's benchproc
 * projects results into rows and columns. Reads Go benchmark format files; knows no statistics. */
#include "analyze.h"

#include "benchfmt.h"
#include "fsutil.h"
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

static cell *find_or_add(cellset *cs, const char *table, const char *unit, const char *env,
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
    *c = (cell){xstrdup(table), xstrdup(unit), xstrdup(env), xstrdup(bench),
                xstrdup(better ? better : "lower"), NULL, 0, 0};
    return c;
}

void cells_scope_init(cells_scope *s, const tsv_table *tables, const tsv_table *envs)
{
    memset(s, 0, sizeof *s);
    for (size_t r = 0; r < tables->nrows; r++)
        strmap_add(&s->tables, tsv_get(tables, r, "table"), NULL, NULL);
    for (size_t r = 0; r < envs->nrows; r++)
        strmap_add(&s->envs, tsv_get(envs, r, "env"), NULL, NULL);
}

void cells_scope_free(cells_scope *s)
{
    strmap_free(&s->tables);
    strmap_free(&s->envs);
}

/* The result's table and env: named before it, and known to tables.tsv and envs.tsv. */
static int result_scope(const bf_file *f, const bf_result *r, const cells_scope *scope,
                        const char **table, const char **env)
{
    *table = bf_config_get(f, r, "table");
    *env = bf_config_get(f, r, "env");
    if (!*table || !*env) {
        log_error_at(f->path, r->line,
                     "result without a \"table:\" and an \"env:\" line before it");
        return -1;
    }
    if (strmap_find(&scope->tables, *table) < 0) {
        log_error_at(f->path, r->line, "table \"%s\" is not in tables.tsv", *table);
        return -1;
    }
    if (strmap_find(&scope->envs, *env) < 0) {
        log_error_at(f->path, r->line, "env \"%s\" is not in the run's envs.tsv", *env);
        return -1;
    }
    return 0;
}

static int add_results(const bf_file *f, const cells_scope *scope, cellset *cs)
{
    for (size_t i = 0; i < f->nresults; i++) {
        const bf_result *r = &f->results[i];
        const char *table, *env;
        if (result_scope(f, r, scope, &table, &env) != 0)
            return -1;
        char bench[256];
        bf_base_name(r->name, bench, sizeof bench);
        for (size_t k = 0; k < r->nm; k++) {
            cell *c = find_or_add(cs, table, r->m[k].unit, env, bench,
                                  bf_unit_meta(f, r->m[k].unit, "better"));
            if (c->n == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 16;
                c->x = xrealloc(c->x, c->cap * sizeof *c->x);
            }
            c->x[c->n++] = r->m[k].value;
        }
    }
    return 0;
}

int cells_add_text(const char *path, const char *text, const cells_scope *scope, cellset *cs)
{
    bf_file f;
    if (bf_parse(path, text, &f) != 0)
        return -1;
    int rc = add_results(&f, scope, cs);
    bf_free(&f);
    return rc;
}

int cells_load_dir(const char *dir, const cells_scope *scope, cellset *cs)
{
    memset(cs, 0, sizeof *cs);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    if (!names) {
        log_error("%s: no samples directory (run normalize first)", dir);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 5 || strcmp(names[i] + len - 4, ".txt") != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        bf_file f;
        if (bf_load(path, &f) != 0 || add_results(&f, scope, cs) != 0)
            rc = -1;
        bf_free(&f);
        free(path);
    }
    fs_free_list(names, n);
    return rc;
}

const cell *cells_find(const cellset *cs, const char *table, const char *unit, const char *env,
                       const char *bench)
{
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
    }
    free(cs->cells);
    free(cs->slots);
    memset(cs, 0, sizeof *cs);
}
