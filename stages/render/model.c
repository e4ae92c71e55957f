/* model.c - loads the analysis directory into the report model and answers lookups. */
#include "model.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int model_load(const char *dir, report_model *m)
{
    memset(m, 0, sizeof *m);
    m->dir = xstrdup(dir);
    struct {
        const char *name;
        tsv_table *t;
    } files[] = {{"run.tsv", &m->run},         {"envs.tsv", &m->envs},
                 {"meta.tsv", &m->meta},       {"cells.tsv", &m->cells},
                 {"tables.tsv", &m->tables},   {"summary.tsv", &m->summary},
                 {"comparisons.tsv", &m->cmp}, {"claims.tsv", &m->claims},
                 {"samples.tsv", &m->samples}};
    int rc = 0;
    /* Optional: models analysed before probes could give reasons have no notes.tsv. */
    char *notes = xasprintf("%s/notes.tsv", dir);
    if (fs_exists(notes) ? tsv_load(notes, &m->notes) != 0
                         : tsv_parse(notes, "table\tenv\tcase\treason\n", &m->notes) != 0)
        rc = -1;
    free(notes);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *path = xasprintf("%s/%s", dir, files[i].name);
        if (tsv_load(path, files[i].t) != 0)
            rc = -1;
        free(path);
    }
    return rc;
}

void model_free(report_model *m)
{
    tsv_table *all[] = {&m->run,     &m->envs, &m->meta,   &m->cells,   &m->tables,
                        &m->summary, &m->cmp,  &m->claims, &m->samples, &m->notes};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        tsv_free(all[i]);
    free(m->dir);
    memset(m, 0, sizeof *m);
}

const char *model_run(const report_model *m, const char *key)
{
    for (size_t r = 0; r < m->run.nrows; r++)
        if (strcmp(tsv_get(&m->run, r, "key"), key) == 0)
            return tsv_get(&m->run, r, "value");
    return "";
}

size_t model_benches(const report_model *m, const char *table, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t r = 0; r < m->summary.nrows && n < max; r++) {
        if (strcmp(tsv_get(&m->summary, r, "table"), table) != 0)
            continue;
        const char *b = tsv_get(&m->summary, r, "bench");
        int seen = 0;
        for (size_t k = 0; k < n && !seen; k++)
            seen = !strcmp(out[k], b);
        if (!seen)
            out[n++] = b;
    }
    return n;
}

/* The first row of t for (table, unit, env) whose bench column is bench (any when NULL or ""). */
static long find_row(const tsv_table *t, const char *table, const char *unit, const char *env,
                     const char *bench)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (!strcmp(tsv_get(t, r, "table"), table) && !strcmp(tsv_get(t, r, "unit"), unit) &&
            !strcmp(tsv_get(t, r, "env"), env) &&
            (!bench || !*bench || !strcmp(tsv_get(t, r, "bench"), bench)))
            return (long)r;
    return -1;
}

long model_summary_row_bench(const report_model *m, const char *table, const char *unit,
                             const char *env, const char *bench)
{
    return find_row(&m->summary, table, unit, env, bench);
}

long model_cmp_row_bench(const report_model *m, const char *table, const char *unit,
                         const char *env, const char *bench)
{
    return find_row(&m->cmp, table, unit, env, bench);
}

long model_claim_cmp_row(const report_model *m, size_t claim_row)
{
    const tsv_table *c = &m->claims, *k = &m->cmp;
    const char *bench = tsv_get(c, claim_row, "bench");
    for (size_t r = 0; r < k->nrows; r++)
        if (!strcmp(tsv_get(k, r, "table"), tsv_get(c, claim_row, "table")) &&
            !strcmp(tsv_get(k, r, "unit"), tsv_get(c, claim_row, "metric")) &&
            !strcmp(tsv_get(k, r, "env"), tsv_get(c, claim_row, "env")) &&
            (!*bench || !strcmp(tsv_get(k, r, "bench"), bench)) &&
            !strcmp(tsv_get(k, r, "ratio"), tsv_get(c, claim_row, "measured")))
            return (long)r;
    return -1;
}

int model_meta_key_first(const report_model *m, size_t r)
{
    const char *key = tsv_get(&m->meta, r, "key");
    for (size_t q = 0; q < r; q++)
        if (!strcmp(tsv_get(&m->meta, q, "key"), key))
            return 0;
    return 1;
}

const char *model_meta(const report_model *m, const char *env, const char *key)
{
    const char *v = "";
    for (size_t q = 0; q < m->meta.nrows; q++)
        if (!strcmp(tsv_get(&m->meta, q, "key"), key) && !strcmp(tsv_get(&m->meta, q, "env"), env))
            v = tsv_get(&m->meta, q, "value");
    return v;
}

const char *model_level(const report_model *m, char *buf, size_t len)
{
    double conf;
    if (num_parse(model_run(m, "analysis_conf"), &conf) != 0 || !(conf > 0 && conf < 1))
        snprintf(buf, len, "(level not recorded)");
    else
        snprintf(buf, len, "%.4g%%", conf * 100);
    return buf;
}

const char *model_adjust_name(const report_model *m)
{
    const char *a = model_run(m, "analysis_adjust");
    return !strcmp(a, "bh") ? "Benjamini–Hochberg" : !strcmp(a, "holm") ? "Holm" : "(adjustment not recorded)";
}

double model_num(const tsv_table *t, size_t row, const char *col)
{
    double v;
    return num_parse(tsv_get(t, row, col), &v) == 0 ? v : NAN;
}

size_t model_metrics(const report_model *m, size_t table_row, const char **out, size_t max,
                     char **storage)
{
    *storage = xstrdup(tsv_get(&m->tables, table_row, "metrics"));
    size_t n = 0;
    char *save;
    for (char *s = strtok_r(*storage, ",", &save); s && n < max; s = strtok_r(NULL, ",", &save))
        out[n++] = s;
    return n;
}
