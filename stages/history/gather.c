/* gather.c - one machine's history: every run loaded and judged in id (start time) order, the
 * headline series taken from the runs' cells, and the step rule applied to each series. */
#include "history/history.h"

#include "log.h"
#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The headline (table, unit) pairs: T1's three figures, then each table's first metric. */
static size_t headlines(const judge_set *j, const char *(*out)[2], size_t max)
{
    static const char *const t1[] = {"ns/op", "peak-RSS-B", "daemon-RSS-B"};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++)
        out[n][0] = "T1", out[n++][1] = t1[i];
    for (size_t r = 0; r < j->tables.nrows && n < max; r++) {
        const char *table = tables_at(&j->tables, r, TABLES_TABLE),
                   *metrics = tables_at(&j->tables, r, TABLES_METRICS);
        if (!strcmp(table, "T1") || !*metrics)
            continue;
        static char first[64][64]; /* the unit names, cut from tables.tsv's metrics list */
        snprintf(first[n], sizeof first[0], "%.*s", (int)strcspn(metrics, ","), metrics);
        out[n][0] = table;
        out[n][1] = first[n];
        n++;
    }
    return n;
}

static series *series_for(machine_history *h, const char *table, const char *unit, const char *env)
{
    for (size_t i = 0; i < h->ns; i++)
        if (!strcmp(h->s[i].table, table) && !strcmp(h->s[i].unit, unit) && !strcmp(h->s[i].env, env))
            return &h->s[i];
    h->s = xrealloc(h->s, (h->ns + 1) * sizeof *h->s);
    series *s = &h->s[h->ns++];
    memset(s, 0, sizeof *s);
    s->table = xstrdup(table), s->unit = xstrdup(unit), s->env = xstrdup(env);
    s->median = xmalloc(h->nruns * sizeof(double));
    s->lo = xmalloc(h->nruns * sizeof(double));
    s->hi = xmalloc(h->nruns * sizeof(double));
    s->n = xcalloc(h->nruns, sizeof(size_t));
    for (size_t r = 0; r < h->nruns; r++)
        s->median[r] = s->lo[r] = s->hi[r] = NAN;
    return s;
}

/* Run r's cells of the headline pairs into their series. */
static void take_run(machine_history *h, const run_data *d, size_t r, const char *(*hl)[2], size_t nhl)
{
    for (size_t c = 0; c < d->cs.n; c++) {
        const cell *x = &d->cs.cells[c];
        int wanted = 0;
        for (size_t k = 0; k < nhl && !wanted; k++)
            wanted = !strcmp(x->table, hl[k][0]) && !strcmp(x->unit, hl[k][1]);
        stats_summary sum;
        if (!wanted || cells_find(&d->cs, x->table, x->unit, x->env, NULL) != x ||
            stats_summarize(x->x, x->n, 0.95, &sum) != 0)
            continue;
        series *s = series_for(h, x->table, x->unit, x->env);
        s->median[r] = sum.median, s->lo[r] = sum.ci_lo, s->hi[r] = sum.ci_hi, s->n[r] = sum.n;
    }
}

static void fit_series(series *s, size_t nruns)
{
    double *y = xmalloc(nruns * sizeof *y);
    s->index = xmalloc(nruns * sizeof *s->index);
    for (size_t r = 0; r < nruns; r++)
        if (s->median[r] > 0 && isfinite(s->median[r]))
            y[s->nindex] = log(s->median[r]), s->index[s->nindex++] = r;
    s->fitted = s->nindex > 0 && steps_find(y, s->nindex, steps_default_penalty(s->nindex), 3,
                                             log(1.05), 1e-3, &s->fit) == 0;
    free(y);
}

int history_gather(runset *rs, judge_set *j, size_t first, size_t n, machine_history *h)
{
    memset(h, 0, sizeof *h);
    h->machine = rs->runs[first].machine;
    h->nruns = n;
    h->runs = xcalloc(n, sizeof *h->runs);
    h->facts = xcalloc(n, sizeof *h->facts);
    h->meta = xcalloc(n, sizeof *h->meta);
    h->verdicts = xcalloc(n, sizeof *h->verdicts);
    const char *hl[64][2];
    size_t nhl = headlines(j, hl, 64);
    int rc = 0;
    for (size_t r = 0; r < n; r++) {
        run_data d;
        h->runs[r] = &rs->runs[first + r];
        if (run_load(rs, h->runs[r], j, &d) != 0)
            rc = -1;
        take_run(h, &d, r, hl, nhl);
        h->nclaims = d.claims.nrows;
        h->verdicts[r] = xcalloc(d.claims.nrows + 1, sizeof **h->verdicts);
        for (size_t c = 0; c < d.claims.nrows; c++)
            h->verdicts[r][c] = xstrdup(verdicts_at(&d.claims, c, VERDICTS_VERDICT));
        h->facts[r] = d.run, h->meta[r] = d.meta;
        memset(&d.run, 0, sizeof d.run);
        memset(&d.meta, 0, sizeof d.meta);
        run_free(&d);
    }
    for (size_t i = 0; i < h->ns; i++)
        fit_series(&h->s[i], n);
    return rc;
}

void history_free(machine_history *h)
{
    for (size_t r = 0; r < h->nruns; r++) {
        for (size_t c = 0; h->verdicts[r] && h->verdicts[r][c]; c++)
            free(h->verdicts[r][c]);
        free(h->verdicts[r]);
        tsv_free(&h->facts[r]);
        tsv_free(&h->meta[r]);
    }
    for (size_t i = 0; i < h->ns; i++) {
        series *s = &h->s[i];
        free(s->table), free(s->unit), free(s->env), free(s->median), free(s->lo), free(s->hi);
        free(s->n), free(s->index);
    }
    free(h->s), free(h->runs), free(h->facts), free(h->meta), free(h->verdicts);
    memset(h, 0, sizeof *h);
}

static const char *value_of(const tsv_table *t, const char *env, const char *key)
{
    const char *v = env ? meta_value(t, env, key) : kv_value(t, key);
    return v ? v : "";
}

char *history_changed(const machine_history *h, const series *s, size_t a, size_t b)
{
    static const char *const run_keys[] = {"host_kernel", "host_cpu_model", "host_cpus",
                                           "host_memory", "go_version",     "image_layer",
                                           "tool_revision"};
    static const char *const meta_keys[] = {"runtime", "engine", "client", "inside.kernel"};
    strbuf sb = {0};
    for (size_t i = 0; i < sizeof run_keys / sizeof *run_keys; i++) {
        const char *x = value_of(&h->facts[a], NULL, run_keys[i]), *y = value_of(&h->facts[b], NULL, run_keys[i]);
        if (strcmp(x, y))
            sb_printf(&sb, "%s%s: %s -> %s", sb.len ? "; " : "", run_keys[i], x, y);
    }
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++) {
        const char *x = value_of(&h->meta[a], s->env, meta_keys[i]), *y = value_of(&h->meta[b], s->env, meta_keys[i]);
        if (strcmp(x, y))
            sb_printf(&sb, "%s%s %s: %s -> %s", sb.len ? "; " : "", s->env, meta_keys[i], x, y);
    }
    return sb.len ? sb_detach(&sb) : xstrdup("no recorded change");
}
