/* compare.c - per-cell summaries and every environment against its table's baseline.
 *
 * The statistics themselves are in stats_*.c; this layer decides what is compared with what
 * (the ratio's design, blocked or two-sample, is stats_ratio_blocked's rule):
 * for each table, unit, benchmark and non-baseline environment one comparison, then Holm (or
 * Benjamini-Hochberg) across the comparisons of the run that test something (all-equal sides
 * do not), so that a matrix of many tests does not produce false differences, and a geomean
 * row per table, unit and environment. Claims do not use these p-values: each claims file is a
 * family of its own (claims.c). */
#include "engine/engine.h"

#include "log.h"
#include "schema_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The table's baseline environment; NULL for a table tables.tsv lacks (its loader keeps such
 * cells out: cells_scope), which then has no comparison between environments. */
static const char *baseline_of(const tsv_table *tables, const char *table)
{
    long r = tables_row(tables, table);
    return r < 0 ? NULL : tables_at(tables, (size_t)r, TABLES_BASELINE);
}

static int all_zero(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0)
            return 0;
    return 1;
}

static void compare_one(const cell *base, const cell *c, double conf, comparison *out)
{
    memset(out, 0, sizeof *out);
    out->base = base;
    out->c = c;
    if (all_zero(base->x, base->n) && all_zero(c->x, c->n)) {
        out->zero_over_zero = 1;
        out->ratio = (stats_ratio){.ratio = 1, .lo = 1, .hi = 1, .conf = conf, .ok = 1,
                                   .median_ratio = 1, .coverage = 1, .exact = 1, .log_scale = 1};
    } else {
        stats_ratio_blocked(base->x, base->round, base->n, c->x, c->round, c->n, conf,
                            &out->ratio);
    }
    stats_mann_whitney(c->x, c->n, base->x, base->n, &out->mwu);
    if (stats_welch_t(c->x, c->n, base->x, base->n, &out->welch) != 0)
        out->welch = (stats_welch){NAN, NAN, NAN};
}

/* One geomean row per (table, unit, env) that has comparisons. */
static void geomeans(const cellset *cs, analysis *a)
{
    a->geo = xcalloc(a->ncmp ? a->ncmp : 1, sizeof *a->geo);
    double *ratios = xmalloc((a->ncmp ? a->ncmp : 1) * sizeof *ratios);
    for (size_t i = 0; i < a->ncmp; i++) {
        const cell *c = a->cmp[i].c;
        if (!strcmp(c->env, a->cmp[i].base->env))
            continue; /* within-environment pairs answer claims, not the table's summary */
        int seen = 0;
        for (size_t g = 0; g < a->ngeo && !seen; g++)
            seen = !strcmp(a->geo[g].c->table, c->table) && !strcmp(a->geo[g].c->unit, c->unit) &&
                   !strcmp(a->geo[g].c->env, c->env);
        if (seen)
            continue;
        geomean_row *g = &a->geo[a->ngeo++];
        *g = (geomean_row){.c = c, .baseline = a->cmp[i].base->env};
        size_t n = 0, usable = 0;
        for (size_t k = i; k < a->ncmp; k++) {
            const comparison *o = &a->cmp[k];
            if (strcmp(o->c->table, c->table) || strcmp(o->c->unit, c->unit) ||
                strcmp(o->c->env, c->env) || !strcmp(o->base->env, c->env))
                continue;
            n++;
            if (o->ratio.ok && o->ratio.median_ratio > 0) /* benchstat's geomean: of centres */
                ratios[usable++] = o->ratio.median_ratio;
        }
        g->nratios = usable;
        g->geomean = usable == n ? stats_geomean(ratios, usable) : NAN;
        /* Benchmarks of this env and of its baseline must be the same set. */
        size_t in_env = 0, in_base = 0;
        for (size_t k = 0; k < cs->n; k++) {
            const cell *x = &cs->cells[k];
            if (strcmp(x->table, c->table) || strcmp(x->unit, c->unit))
                continue;
            in_env += !strcmp(x->env, c->env);
            in_base += !strcmp(x->env, g->baseline);
        }
        g->rows_differ = in_env != n || in_base != n;
    }
    free(ratios);
}

void compare_all(const cellset *cs, const tsv_table *tables, const bench_pair *pairs,
                 size_t npairs, double conf, double alpha, adjust_method adjust, analysis *a)
{
    memset(a, 0, sizeof *a);
    a->conf = conf;
    a->alpha = alpha;
    a->adjust = adjust;
    a->rows = xcalloc(cs->n, sizeof *a->rows);
    for (size_t i = 0; i < cs->n; i++) {
        a->rows[a->nrows].c = &cs->cells[i];
        stats_summarize(cs->cells[i].x, cs->cells[i].n, conf, &a->rows[a->nrows].s);
        a->nrows++;
    }
    a->cmp = xcalloc(cs->n + npairs, sizeof *a->cmp);
    for (size_t i = 0; i < cs->n; i++) {
        const cell *c = &cs->cells[i];
        const char *b = baseline_of(tables, c->table);
        if (!b || strcmp(c->env, b) == 0)
            continue;
        const cell *base = cells_find(cs, c->table, c->unit, b, c->bench);
        if (!base || base->n == 0 || c->n == 0)
            continue;
        compare_one(base, c, conf, &a->cmp[a->ncmp++]);
    }
    for (size_t i = 0; i < npairs; i++) {
        const bench_pair *q = &pairs[i];
        const cell *c = cells_find(cs, q->table, q->unit, q->env, q->bench);
        const cell *base = cells_find(cs, q->table, q->unit, q->env, q->base_bench);
        if (c && base && c->n && base->n)
            compare_one(base, c, conf, &a->cmp[a->ncmp++]);
    }
    double *p = xmalloc((a->ncmp ? a->ncmp : 1) * sizeof *p);
    double *adj = xmalloc((a->ncmp ? a->ncmp : 1) * sizeof *adj);
    for (size_t i = 0; i < a->ncmp; i++) /* all-equal sides test nothing: not in the family */
        p[i] = a->cmp[i].mwu.all_equal ? NAN : a->cmp[i].mwu.p;
    if (adjust == ADJUST_BH)
        stats_bh(p, a->ncmp, adj);
    else
        stats_holm(p, a->ncmp, adj);
    for (size_t i = 0; i < a->ncmp; i++)
        a->cmp[i].p_adj = a->cmp[i].mwu.all_equal ? 1 : adj[i];
    free(p);
    free(adj);
    geomeans(cs, a);
}

void analysis_free(analysis *a)
{
    free(a->rows);
    free(a->cmp);
    free(a->geo);
    memset(a, 0, sizeof *a);
}
