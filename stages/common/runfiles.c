/* runfiles.c - one checker per run-directory table; duplicates are found through a strmap, so a
 * long cells.tsv is still read in linear time. */
#include "runfiles.h"

#include "schema_run.h"

#include "envnames.h"

#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(const char *dir, const tsv_schema *s, tsv_table *t)
{
    char *path = xasprintf("%s/%s", dir, s->file);
    int rc = tsv_load_as(path, s, t);
    free(path);
    return rc;
}

/* -1 (logged) when row r's key, the fields of the columns key[0..n) joined, was already seen. */
static int once(const tsv_table *t, size_t r, size_t n, const int *key, strmap *seen)
{
    strbuf k = {0};
    for (size_t i = 0; i < n; i++)
        sb_printf(&k, "%s%s", i ? "\t" : "", tsv_at_in(t, t->schema, r, key[i]));
    int added;
    size_t first = strmap_add(seen, sb_str(&k), NULL, &added);
    if (!added)
        log_error_at(t->path, t->rows[r].line, "%s \"%s\" again (first on line %ld)",
                     t->schema->cols[key[n - 1]].name, tsv_at_in(t, t->schema, r, key[n - 1]),
                     t->rows[first].line);
    sb_free(&k);
    return added ? 0 : -1;
}

int run_env_listed(const tsv_table *envs, const char *env)
{
    return tsv_find(envs, ENVS_ENV, env) >= 0;
}

/* The row's env (column col of its table) is one of envs.tsv's. */
static int listed(const tsv_table *t, size_t r, int col, const tsv_table *envs)
{
    const char *env = tsv_at_in(t, t->schema, r, col);
    if (run_env_listed(envs, env))
        return 0;
    log_error_at(t->path, t->rows[r].line, "env \"%s\" is not in %s", env, envs->path);
    return -1;
}

/* Checks every row with check(), and its env (column env_col) against envs when given; on any
 * error the table is freed and -1 returned. */
static int check_rows(tsv_table *t, const tsv_table *envs, int env_col, size_t nkey, const int *key,
                      int (*check)(const tsv_table *, size_t))
{
    strmap seen = {0};
    int rc = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if ((check && check(t, r) != 0) || (envs && listed(t, r, env_col, envs) != 0) ||
            once(t, r, nkey, key, &seen) != 0)
            rc = -1;
    strmap_free(&seen);
    if (rc != 0)
        tsv_free(t);
    return rc;
}

static int envs_row(const tsv_table *t, size_t r)
{
    env_status s;
    const char *st = envs_at(t, r, ENVS_STATUS);
    if (env_status_parse(st, &s) == 0)
        return 0;
    log_error_at(t->path, t->rows[r].line, "status \"%s\" is not ok, unavailable or failed", st);
    return -1;
}

int run_load_envs(const char *dir, tsv_table *envs)
{
    static const int key[] = {ENVS_ENV};
    if (load(dir, &envs_schema, envs) != 0 || check_rows(envs, NULL, -1, 1, key, envs_row))
        return -1;
    /* The run's environments are names this process knows, though data/envs.tsv may lack them
     * (a user's own run): its tables and claims may name them. */
    for (size_t r = 0; r < envs->nrows; r++)
        env_name_add(envs_at(envs, r, ENVS_ENV));
    return 0;
}

static int cell_row(const tsv_table *t, size_t r)
{
    const char *rep = cells_at(t, r, CELLS_REP), *st = cells_at(t, r, CELLS_STATUS);
    cell_status s;
    if (!*rep || strspn(rep, "0123456789") != strlen(rep) || strlen(rep) > 9) {
        log_error_at(t->path, t->rows[r].line, "rep \"%s\" is not a sample number", rep);
        return -1;
    }
    if (cell_status_parse(st, &s) != 0) {
        log_error_at(t->path, t->rows[r].line, "status \"%s\" is not ok, failed or unsupported",
                     st);
        return -1;
    }
    return 0;
}

int run_load_cells(const char *dir, const tsv_table *envs, tsv_table *cells)
{
    static const int key[] = {CELLS_TABLE, CELLS_ENV, CELLS_REP};
    if (load(dir, &cells_schema, cells) != 0)
        return -1;
    return check_rows(cells, envs, CELLS_ENV, 3, key, cell_row);
}

int run_load_facts(const char *dir, tsv_table *run)
{
    static const int key[] = {FACTS_KEY};
    if (load(dir, &facts_schema, run) != 0)
        return -1;
    return check_rows(run, NULL, -1, 1, key, NULL);
}

int run_load_meta(const char *dir, const tsv_table *envs, tsv_table *meta)
{
    static const int key[] = {META_ENV, META_KEY};
    if (load(dir, &meta_schema, meta) != 0)
        return -1;
    return check_rows(meta, envs, META_ENV, 2, key, NULL);
}

int run_load_precision(const char *dir, tsv_table *prec)
{
    static const int key[] = {PRECISION_TABLE, PRECISION_UNIT,     PRECISION_ENV,
                              PRECISION_BENCH, PRECISION_BASELINE, PRECISION_BASELINE_BENCH};
    char *path = xasprintf("%s/precision.tsv", dir);
    int exists = fs_exists(path);
    free(path);
    if (!exists) {
        tsv_empty_as("precision.tsv", &precision_schema, prec);
        return 0;
    }
    if (load(dir, &precision_schema, prec) != 0)
        return -1;
    return check_rows(prec, NULL, -1, 6, key, NULL);
}
