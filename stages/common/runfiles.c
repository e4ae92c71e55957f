/* runfiles.c - one checker per run-directory table; duplicates are found through a strmap, so a
 * long cells.tsv is still read in linear time. */
#include "runfiles.h"

#include "envnames.h"

#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(const char *dir, const char *name, size_t ncols, const char *const *cols,
                tsv_table *t)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = tsv_load(path, t);
    free(path);
    if (rc == 0 && tsv_require(t, ncols, cols) != 0) {
        tsv_free(t);
        rc = -1;
    }
    return rc;
}

/* -1 (logged) when row r's key, the fields of cols joined, was already seen. */
static int once(const tsv_table *t, size_t r, size_t n, const char *const *cols, strmap *seen)
{
    strbuf key = {0};
    for (size_t i = 0; i < n; i++)
        sb_printf(&key, "%s%s", i ? "\t" : "", tsv_get(t, r, cols[i]));
    int added;
    size_t first = strmap_add(seen, sb_str(&key), NULL, &added);
    if (!added)
        log_error_at(t->path, t->rows[r].line, "%s \"%s\" again (first on line %ld)", cols[n - 1],
                     tsv_get(t, r, cols[n - 1]), t->rows[first].line);
    sb_free(&key);
    return added ? 0 : -1;
}

int run_env_listed(const tsv_table *envs, const char *env)
{
    for (size_t r = 0; r < envs->nrows; r++)
        if (!strcmp(envs->rows[r].fields[tsv_col(envs, "env")], env))
            return 1;
    return 0;
}

static int listed(const tsv_table *t, size_t r, const tsv_table *envs)
{
    const char *env = tsv_get(t, r, "env");
    if (run_env_listed(envs, env))
        return 0;
    log_error_at(t->path, t->rows[r].line, "env \"%s\" is not in %s", env, envs->path);
    return -1;
}

/* Checks every row with check(); on any error the table is freed and -1 returned. */
static int check_rows(tsv_table *t, const tsv_table *envs, size_t nkey, const char *const *key,
                      int (*check)(const tsv_table *, size_t))
{
    strmap seen = {0};
    int rc = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if ((check && check(t, r) != 0) || (envs && listed(t, r, envs) != 0) ||
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
    if (env_status_parse(tsv_get(t, r, "status"), &s) == 0)
        return 0;
    log_error_at(t->path, t->rows[r].line, "status \"%s\" is not ok, unavailable or failed",
                 tsv_get(t, r, "status"));
    return -1;
}

int run_load_envs(const char *dir, tsv_table *envs)
{
    static const char *const cols[] = {"env", "status", "reason", "what"};
    if (load(dir, "envs.tsv", 4, cols, envs) != 0 || check_rows(envs, NULL, 1, cols, envs_row))
        return -1;
    /* The run's environments are names this process knows, though data/envs.tsv may lack them
     * (a user's own run): its tables and claims may name them. */
    for (size_t r = 0; r < envs->nrows; r++)
        env_name_add(tsv_get(envs, r, "env"));
    return 0;
}

static int cell_row(const tsv_table *t, size_t r)
{
    const char *rep = tsv_get(t, r, "rep"), *st = tsv_get(t, r, "status");
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
    static const char *const cols[] = {"table", "env", "rep", "status", "seconds", "detail"};
    if (load(dir, "cells.tsv", 6, cols, cells) != 0)
        return -1;
    return check_rows(cells, envs, 3, cols, cell_row);
}

int run_load_facts(const char *dir, tsv_table *run)
{
    static const char *const cols[] = {"key", "value"};
    if (load(dir, "run.tsv", 2, cols, run) != 0)
        return -1;
    return check_rows(run, NULL, 1, cols, NULL);
}

int run_load_meta(const char *dir, const tsv_table *envs, tsv_table *meta)
{
    static const char *const cols[] = {"env", "key", "value"};
    if (load(dir, "meta.tsv", 3, cols, meta) != 0)
        return -1;
    return check_rows(meta, envs, 2, cols, NULL);
}

int run_load_precision(const char *dir, tsv_table *prec)
{
    static const char *const cols[] = {"table",    "unit",           "env",   "bench",
                                       "baseline", "baseline_bench", "status"};
    char *path = xasprintf("%s/precision.tsv", dir);
    int exists = fs_exists(path);
    free(path);
    if (!exists) {
        *prec = (tsv_table){0};
        return 0;
    }
    if (load(dir, "precision.tsv", 7, cols, prec) != 0)
        return -1;
    return check_rows(prec, NULL, 6, cols, NULL);
}
