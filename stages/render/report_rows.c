/* report_rows.c - the layout of every article table, computed once for every format: its
 * metrics (and why one has no samples), its benchmarks, the article's rows, one row per
 * environment (per benchmark where the table has several) whose cells hold the medians with
 * their CIs and whose reason says why one is empty, its comparisons, the probes' notes, and the
 * charts it gets. Failed cells among good ones are counted, not hidden in a lower n. */
#include "report.h"

#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"

#include "format.h"
#include "plot_chart.h"
#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(const char *field)
{
    double v;
    return num_parse(field, &v) == 0 ? v : NAN;
}

static int is(const char *field, const char *want)
{
    return !strcmp(field, want);
}

/* The summary row of (table, unit, env, bench), bench "" = the first; -1 when none. */
static long summary_row(const report *r, const char *table, const char *unit, const char *env,
                        const char *bench)
{
    const tsv_table *s = &r->files[RF_SUMMARY];
    for (size_t i = 0; i < s->nrows; i++)
        if (is(summary_at(s, i, SUMMARY_TABLE), table) &&
            is(summary_at(s, i, SUMMARY_UNIT), unit) && is(summary_at(s, i, SUMMARY_ENV), env) &&
            (!*bench || is(summary_at(s, i, SUMMARY_BENCH), bench)))
            return (long)i;
    return -1;
}

static rep_cell cell_of(const report *r, long row)
{
    const tsv_table *s = &r->files[RF_SUMMARY];
    if (row < 0)
        return (rep_cell){.median = NAN, .lo = NAN, .hi = NAN, .cv = NAN, .warnings = ""};
    size_t i = (size_t)row;
    return (rep_cell){1,
                      atol(summary_at(s, i, SUMMARY_N)),
                      num(summary_at(s, i, SUMMARY_MEDIAN)),
                      num(summary_at(s, i, SUMMARY_CI_LO)),
                      num(summary_at(s, i, SUMMARY_CI_HI)),
                      num(summary_at(s, i, SUMMARY_MEAN)),
                      num(summary_at(s, i, SUMMARY_SD)),
                      num(summary_at(s, i, SUMMARY_CV)),
                      num(summary_at(s, i, SUMMARY_MIN)),
                      num(summary_at(s, i, SUMMARY_MAX)),
                      atol(summary_at(s, i, SUMMARY_OUTLIERS_MILD)),
                      atol(summary_at(s, i, SUMMARY_OUTLIERS_EXTREME)),
                      summary_at(s, i, SUMMARY_WARNINGS)};
}

static const char *short_bench(const char *bench)
{
    return strncmp(bench, "Benchmark", 9) == 0 && bench[9] ? bench + 9 : bench;
}

static void metrics_and_benches(report *r, rep_table *t, size_t tr)
{
    const tsv_table *tb = &r->files[RF_TABLES], *s = &r->files[RF_SUMMARY];
    char *list = xstrdup(tables_at(tb, tr, TABLES_METRICS)), *save;
    for (char *u = strtok_r(list, ",", &save); u; u = strtok_r(NULL, ",", &save)) {
        t->metrics = xrealloc(t->metrics, (t->nmetrics + 1) * sizeof *t->metrics);
        char *own = xstrdup(u);
        t->metrics[t->nmetrics++] = (rep_metric){.unit = own, .name = fmt_metric_name(own)};
    }
    free(list);
    for (size_t i = 0; i < s->nrows; i++) {
        if (!is(summary_at(s, i, SUMMARY_TABLE), t->id))
            continue;
        t->measured = 1;
        for (size_t k = 0; k < t->nmetrics; k++)
            t->metrics[k].measured |= is(summary_at(s, i, SUMMARY_UNIT), t->metrics[k].unit);
        const char *b = summary_at(s, i, SUMMARY_BENCH);
        int seen = 0;
        for (size_t k = 0; k < t->nbenches && !seen; k++)
            seen = !strcmp(t->benches[k], b);
        if (!seen) {
            t->benches = xrealloc(t->benches, (t->nbenches + 1) * sizeof *t->benches);
            t->benches[t->nbenches++] = b;
        }
    }
}

/* A measured table's metric without samples: the probes' reason (notes.tsv case = the unit),
 * else the plain fact. */
static void unmeasured_metrics(report *r, rep_table *t)
{
    const tsv_table *n = &r->files[RF_NOTES];
    for (size_t k = 0; k < t->nmetrics && t->measured; k++) {
        rep_metric *m = &t->metrics[k];
        if (m->measured)
            continue;
        const char *why = NULL;
        for (size_t i = 0; i < n->nrows && !why; i++)
            if (is(notes_at(n, i, NOTES_TABLE), t->id) && is(notes_at(n, i, NOTES_CASE), m->unit))
                why = notes_at(n, i, NOTES_REASON);
        m->reason = xasprintf("%s not measured: %s", m->name,
                              why ? why : "no environment's output had samples of it");
        report_problem(r, PROBLEM_METRIC_UNMEASURED, "%s %s", t->id, m->reason);
    }
}

static void article_rows(report *r, rep_table *t)
{
    for (size_t j = 0; j < t->nclaims; j++) {
        const rep_claim *c = &r->claims[t->claims[j]];
        if (!*c->article_env)
            continue;
        int seen = 0; /* the first claim of each (article env, bench) opens its row */
        for (size_t q = 0; q < j && !seen; q++) {
            const rep_claim *o = &r->claims[t->claims[q]];
            seen = !strcmp(o->article_env, c->article_env) && !strcmp(o->bench, c->bench);
        }
        if (seen)
            continue;
        t->arows = xrealloc(t->arows, (t->narows + 1) * sizeof *t->arows);
        rep_article_row *a = &t->arows[t->narows++];
        a->label = xasprintf("article: %s%s%s", c->article_env, *c->bench ? " — " : "",
                             *c->bench ? short_bench(c->bench) : "");
        a->claimed = xcalloc(t->nmetrics + 1, sizeof *a->claimed);
        for (size_t i = 0; i < t->nmetrics; i++) {
            a->claimed[i] = "";
            for (size_t q = 0; q < t->nclaims; q++) {
                const rep_claim *o = &r->claims[t->claims[q]];
                if (!strcmp(o->article_env, c->article_env) && !strcmp(o->bench, c->bench) &&
                    !strcmp(o->metric, t->metrics[i].unit) && o->kind != CLAIM_RATIO)
                    a->claimed[i] = o->claimed_text;
            }
        }
    }
}

/* Why an environment row is empty, and the row's notes. */
static void row_reason(const report *r, const rep_table *t, rep_row *w, int label_bench)
{
    const rep_env *e = &r->envs[w->env];
    const tsv_table *c = &r->files[RF_CELLS];
    const char *unsupported = NULL;
    for (size_t i = 0; i < c->nrows && !unsupported; i++)
        if (is(cells_at(c, i, CELLS_TABLE), t->id) && is(cells_at(c, i, CELLS_ENV), e->name) &&
            cell_status_is(cells_at(c, i, CELLS_STATUS), CELL_UNSUPPORTED))
            unsupported = cells_at(c, i, CELLS_DETAIL);
    strbuf why = {0};
    if (!e->ok)
        w->why = WHY_ENV_UNAVAILABLE, sb_printf(&why, "%s: %s", e->status, e->reason);
    else if (w->n > 0)
        w->why = WHY_NONE;
    else if (label_bench)
        w->why = WHY_NO_BENCH, sb_puts(&why, "no samples of this benchmark here");
    else if (unsupported)
        w->why = WHY_UNSUPPORTED, sb_printf(&why, "not run here: %s", unsupported);
    else if (w->failed)
        w->why = WHY_ALL_FAILED,
        sb_printf(&why, "every cell failed (first: %s; see cells.tsv)", w->failed_detail);
    else
        w->why = WHY_NO_SAMPLES, sb_puts(&why, "no samples");
    w->reason = sb_detach(&why);
}

static void row_note(const rep_table *t, rep_row *w)
{
    strbuf note = {0};
    if (w->not_comparable)
        sb_puts(&note, "EMULATED CPU (TCG): timings not comparable; ");
    if (w->why != WHY_NONE)
        sb_puts(&note, w->reason);
    for (size_t i = 0; i < t->nmetrics && w->why == WHY_NONE; i++) {
        const rep_cell *c = &w->cells[i];
        if (!c->has)
            continue;
        if (!isnan(c->cv))
            sb_printf(&note, "spread of %s: CV %.1f%%", t->metrics[i].name, c->cv * 100);
        if (c->outliers_mild || c->outliers_extreme)
            sb_printf(&note, "; outliers (Tukey, kept): %ld mild, %ld extreme", c->outliers_mild,
                      c->outliers_extreme);
        break;
    }
    if (w->failed && w->why == WHY_NONE)
        sb_printf(&note, "%s%zu failed cell%s, not in n (first: %s)", note.len ? "; " : "",
                  w->failed, w->failed == 1 ? "" : "s", w->failed_detail);
    w->note = sb_detach(&note);
}

static void add_row(report *r, rep_table *t, size_t env, const char *bench, int label_bench)
{
    t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
    rep_row *w = &t->rows[t->nrows++];
    const rep_env *e = &r->envs[env];
    *w = (rep_row){.env = env, .bench = bench, .not_comparable = e->emulated != NULL};
    w->label = xasprintf("%s%s%s", e->name, label_bench ? " — " : "",
                         label_bench ? short_bench(bench) : "");
    w->cells = xcalloc(t->nmetrics + 1, sizeof *w->cells);
    for (size_t i = 0; i < t->nmetrics; i++) {
        w->cells[i] = cell_of(r, summary_row(r, t->id, t->metrics[i].unit, e->name, bench));
        if (!w->n && w->cells[i].has)
            w->n = w->cells[i].n;
    }
    const tsv_table *c = &r->files[RF_CELLS];
    for (size_t i = 0; i < c->nrows; i++)
        if (is(cells_at(c, i, CELLS_TABLE), t->id) && is(cells_at(c, i, CELLS_ENV), e->name) &&
            cell_status_is(cells_at(c, i, CELLS_STATUS), CELL_FAILED))
            if (!w->failed++)
                w->failed_detail = cells_at(c, i, CELLS_DETAIL);
    row_reason(r, t, w, label_bench);
    row_note(t, w);
}

static int env_has_samples(const report *r, const rep_table *t, const char *env)
{
    for (size_t i = 0; i < t->nmetrics; i++)
        if (summary_row(r, t->id, t->metrics[i].unit, env, "") >= 0)
            return 1;
    return 0;
}

/* One row per environment, or per environment and benchmark where the table has several. */
static void env_rows(report *r, rep_table *t)
{
    for (size_t e = 0; e < r->nenvs; e++) {
        const char *env = r->envs[e].name;
        if (t->nbenches <= 1 || !r->envs[e].ok || !env_has_samples(r, t, env)) {
            add_row(r, t, e, t->nbenches == 1 ? t->benches[0] : "", 0);
            if (t->measured && t->rows[t->nrows - 1].failed && r->envs[e].ok)
                report_problem(r, PROBLEM_FAILED_CELLS, "%s %s: %zu failed cell%s (first: %s)",
                               t->id, env, t->rows[t->nrows - 1].failed,
                               t->rows[t->nrows - 1].failed == 1 ? "" : "s",
                               t->rows[t->nrows - 1].failed_detail);
            continue;
        }
        for (size_t b = 0; b < t->nbenches; b++)
            add_row(r, t, e, t->benches[b], 1);
        if (t->rows[t->nrows - 1].failed)
            report_problem(r, PROBLEM_FAILED_CELLS, "%s %s: %zu failed cells (first: %s)", t->id,
                           env, t->rows[t->nrows - 1].failed, t->rows[t->nrows - 1].failed_detail);
    }
}

static const rep_env *find_env(const report *r, const char *name)
{
    for (size_t e = 0; e < r->nenvs; e++)
        if (!strcmp(r->envs[e].name, name))
            return &r->envs[e];
    return NULL;
}

static void comparisons(report *r, rep_table *t)
{
    const tsv_table *c = &r->files[RF_CMP];
    for (size_t i = 0; i < c->nrows; i++) {
        if (!is(cmp_at(c, i, CMP_TABLE), t->id))
            continue;
        t->cmps = xrealloc(t->cmps, (t->ncmps + 1) * sizeof *t->cmps);
        rep_cmp *m = &t->cmps[t->ncmps++];
        *m = (rep_cmp){cmp_at(c, i, CMP_UNIT),
                       cmp_at(c, i, CMP_ENV),
                       cmp_at(c, i, CMP_BASELINE),
                       cmp_at(c, i, CMP_BENCH),
                       cmp_at(c, i, CMP_BASELINE_BENCH),
                       cmp_at(c, i, CMP_SIGNIFICANT),
                       cmp_at(c, i, CMP_WARNINGS),
                       num(cmp_at(c, i, CMP_RATIO)),
                       num(cmp_at(c, i, CMP_RATIO_LO)),
                       num(cmp_at(c, i, CMP_RATIO_HI)),
                       num(cmp_at(c, i, CMP_P)),
                       num(cmp_at(c, i, CMP_P_ADJ)),
                       atol(cmp_at(c, i, CMP_N)),
                       atol(cmp_at(c, i, CMP_N_BASELINE)),
                       is(cmp_at(c, i, CMP_BENCH), "geomean"),
                       !strcmp(cmp_at(c, i, CMP_ENV), cmp_at(c, i, CMP_BASELINE)),
                       0,
                       -1};
        const rep_env *a = find_env(r, m->env), *b = find_env(r, m->baseline);
        m->not_comparable = report_is_time(m->unit) && ((a && a->emulated) || (b && b->emulated));
    }
}

/* Why a table has no numbers: the article's own reason, or this run's (every one of them). */
static void table_reason(report *r, rep_table *t, size_t tr)
{
    const tsv_table *tb = &r->files[RF_TABLES], *c = &r->files[RF_CELLS];
    strbuf why = {0};
    if (t->not_reproducible) {
        sb_printf(&why, "not reproducible: %s", tables_at(tb, tr, TABLES_REASON));
    } else if (!t->in_run) {
        sb_puts(&why, *report_run(r, "tables")
                          ? "not measured in this run: this version of repro has no "
                            "workload for this table yet, or the run did not select it"
                          : "not measured in this run: the run did not record which "
                            "tables it ran");
    } else {
        sb_puts(&why, "not measured in this run: ");
        size_t n = 0;
        for (size_t i = 0; i < c->nrows; i++)
            if (is(cells_at(c, i, CELLS_TABLE), t->id) &&
                !cell_status_is(cells_at(c, i, CELLS_STATUS), CELL_OK))
                sb_printf(&why, "%s%s: %s", n++ ? "; " : "", cells_at(c, i, CELLS_ENV),
                          cells_at(c, i, CELLS_DETAIL));
        if (!n)
            sb_puts(&why, "no environment produced samples");
    }
    t->reason = sb_detach(&why);
}

static int in_run(const report *r, const char *table)
{
    char *list = xasprintf(",%s,", report_run(r, "tables")), *needle = xasprintf(",%s,", table);
    int found = strstr(list, needle) != NULL;
    free(list);
    free(needle);
    return found;
}

/* The charts of a table, in report order: the forest plot of its ratios when it has any, then
 * per measured metric the medians and the samples. plot.c draws them (or says why not). */
static void figures(report *r, rep_table *t)
{
    const char *each = t->nbenches > 1 ? "environment and benchmark" : "environment";
    char slug[48], unit[64];
    fmt_slug(t->id, slug, sizeof slug);
    int ratios = 0;
    for (size_t i = 0; i < t->ncmps; i++)
        ratios |= isfinite(t->cmps[i].ratio);
    t->figs = xcalloc(2 * t->nmetrics + 2, sizeof *t->figs);
    if (ratios) {
        rep_figure *f = &t->figs[t->nfigs++];
        f->kind = FIG_FOREST;
        snprintf(f->stem, sizeof f->stem, "%s-ratios-forest", slug);
        snprintf(f->alt, sizeof f->alt,
                 "%s: each %s's ratio to %s with its %s CI on a log axis, 1 = no difference, "
                 "the article's claimed ratios marked",
                 t->id, each, t->baseline, r->set.level);
    }
    for (size_t m = 0; m < t->nmetrics; m++) {
        if (!t->metrics[m].measured)
            continue;
        fmt_slug(t->metrics[m].name, unit, sizeof unit);
        rep_figure *f = &t->figs[t->nfigs++];
        *f = (rep_figure){.kind = FIG_BARS, .metric = m};
        snprintf(f->stem, sizeof f->stem, "%s-%s-bars", slug, unit);
        snprintf(f->alt, sizeof f->alt,
                 "%s, %s: the median of each %s with its %s CI and the article's claims", t->id,
                 t->metrics[m].name, each, r->set.level);
        f = &t->figs[t->nfigs++];
        *f = (rep_figure){.kind = FIG_SAMPLES, .metric = m};
        snprintf(f->stem, sizeof f->stem, "%s-%s-samples", slug, unit);
        snprintf(f->alt, sizeof f->alt, "%s, %s: every sample of each %s, with the median", t->id,
                 t->metrics[m].name, each);
    }
    for (size_t m = 0; m < t->nmetrics; m++) /* the first measured metric's run order */
        if (t->metrics[m].measured && plot_runorder_has(r, t, m)) {
            fmt_slug(t->metrics[m].name, unit, sizeof unit);
            rep_figure *f = &t->figs[t->nfigs++];
            *f = (rep_figure){.kind = FIG_RUNORDER, .metric = m};
            snprintf(f->stem, sizeof f->stem, "%s-%s-runorder", slug, unit);
            snprintf(f->alt, sizeof f->alt,
                     "%s, %s: every sample in run order per environment, samples of disturbed "
                     "rounds circled",
                     t->id, t->metrics[m].name);
            break;
        }
}

void report_build_tables(report *r)
{
    const tsv_table *tb = &r->files[RF_TABLES], *n = &r->files[RF_NOTES];
    for (size_t tr = 0; tr < r->ntables; tr++) {
        rep_table *t = &r->tables[tr];
        t->title = tables_at(tb, tr, TABLES_TITLE);
        t->section = tables_at(tb, tr, TABLES_SECTION);
        t->baseline = tables_at(tb, tr, TABLES_BASELINE);
        t->note = tables_at(tb, tr, TABLES_NOTE);
        t->article_envs = tables_at(tb, tr, TABLES_ARTICLE_ENVS);
        t->not_reproducible = is(tables_at(tb, tr, TABLES_STATUS), "not reproducible");
        t->in_run = in_run(r, t->id);
        char slug[48];
        fmt_slug(t->id, slug, sizeof slug);
        for (char *p = slug; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        snprintf(t->anchor, sizeof t->anchor, "table-%s", slug);
        snprintf(t->claims_anchor, sizeof t->claims_anchor, "table-%s-claims", slug);
        metrics_and_benches(r, t, tr);
        unmeasured_metrics(r, t);
        article_rows(r, t);
        env_rows(r, t);
        comparisons(r, t);
        if (!t->measured)
            table_reason(r, t, tr);
        for (size_t i = 0; i < n->nrows; i++)
            if (is(notes_at(n, i, NOTES_TABLE), t->id)) {
                t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
                t->notes[t->nnotes++] =
                    (rep_note){notes_at(n, i, NOTES_ENV), notes_at(n, i, NOTES_CASE),
                               notes_at(n, i, NOTES_REASON)};
            }
        figures(r, t);
    }
}

void report_free_tables(report *r)
{
    for (size_t i = 0; i < r->ntables; i++) {
        rep_table *t = &r->tables[i];
        for (size_t k = 0; k < t->nmetrics; k++) {
            free((char *)t->metrics[k].unit);
            free(t->metrics[k].reason);
        }
        for (size_t k = 0; k < t->narows; k++) {
            free(t->arows[k].label);
            free(t->arows[k].claimed);
        }
        for (size_t k = 0; k < t->nrows; k++) {
            free(t->rows[k].label);
            free(t->rows[k].cells);
            free(t->rows[k].reason);
            free(t->rows[k].note);
        }
        for (size_t k = 0; k < t->nfigs; k++)
            free(t->figs[k].failed);
        free(t->metrics);
        free(t->benches);
        free(t->arows);
        free(t->rows);
        free(t->cmps);
        free(t->claims);
        free(t->checks);
        free(t->notes);
        free(t->figs);
        free(t->reason);
    }
    free(r->tables);
}
