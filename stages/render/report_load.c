/* report_load.c - the one loader of the report model: reads out/analysis/ once, turns words into
 * enums (verdicts, claim kinds, the adjustment), links each ratio claim to its comparison by the
 * keys analyze wrote (claims.tsv baseline, baseline_bench), and collects what went wrong in the
 * run. The per-table layout is report_rows.c's. */
#include "report.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const file_names[] = {
    "run.tsv",     "envs.tsv",        "meta.tsv",   "cells.tsv",   "tables.tsv",
    "summary.tsv", "comparisons.tsv", "claims.tsv", "samples.tsv", "notes.tsv",
    "errors.tsv"};

/* The columns of each file that the model reads (docs/formats.md): a file without one is an
 * error naming it, never a column read as "". NULL-terminated. */
static const char *const *const file_columns[RF_COUNT] = {
    [RF_RUN] = (const char *const[]){"key", "value", NULL},
    [RF_ENVS] = (const char *const[]){"env", "status", "reason", "what", NULL},
    [RF_META] = (const char *const[]){"env", "key", "value", NULL},
    [RF_CELLS] = (const char *const[]){"table", "env", "rep", "status", "seconds", "detail", NULL},
    [RF_TABLES] = (const char *const[]){"table", "title", "section", "baseline", "metrics",
                                        "article_envs", "note", "status", "reason", NULL},
    [RF_SUMMARY] = (const char *const[]){"table", "unit", "better", "env", "bench", "n", "median",
                                         "ci_lo", "ci_hi", "ci_level", "ci_coverage", "mean", "sd",
                                         "cv", "min", "max", "mean_ci_lo", "mean_ci_hi",
                                         "outliers_mild", "outliers_extreme", "warnings", NULL},
    [RF_CMP] = (const char *const[]){"table", "unit", "env", "baseline", "bench",
                                     "baseline_bench", "n", "n_baseline", "ratio", "ratio_lo",
                                     "ratio_hi", "median_ratio", "p", "p_adj", "adjust", "test",
                                     "welch_p", "significant", "warnings", NULL},
    [RF_CLAIMS] = (const char *const[]){"id", "table", "article_env", "kind", "metric", "env",
                                        "env_note", "claimed", "claimed_text", "margin",
                                        "measured", "lo", "hi", "level", "n", "n_baseline",
                                        "factor", "factor_lo", "factor_hi", "p_adj", "family",
                                        "verdict", "needed_n", "detail", "text", "bench",
                                        "lower", "upper", "baseline", "baseline_bench",
                                        "half_width", "target", "precision", NULL},
    [RF_SAMPLES] = (const char *const[]){"table", "env", "bench", "unit", "rep", "value", NULL},
    [RF_NOTES] = (const char *const[]){"table", "env", "case", "reason", NULL},
    [RF_ERRORS] = (const char *const[]){"file", "line", "message", NULL},
};

/* A column of claims.tsv that older models lack (docs/formats.md): "" when absent. */
static const char *optional(const tsv_table *t, size_t r, const char *name)
{
    return tsv_col(t, name) < 0 ? "" : tsv_get(t, r, name);
}

/* What an optional file of older models reads as when it is absent: notes.tsv (models analysed
 * before probes could give reasons), errors.tsv (before normalize kept its errors). */
static const char *absent_as(size_t f)
{
    return f == RF_NOTES ? "table\tenv\tcase\treason\n"
           : f == RF_ERRORS ? "file\tline\tmessage\n"
                            : NULL;
}

static size_t count_columns(const char *const *cols)
{
    size_t n = 0;
    while (cols[n])
        n++;
    return n;
}

int report_is_time(const char *unit)
{
    return verdict_unit_is_time(unit);
}

void report_problem(report *r, rep_problem_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text;
    if (vasprintf(&text, fmt, ap) < 0)
        text = xstrdup(fmt);
    va_end(ap);
    r->problems = xrealloc(r->problems, (r->nproblems + 1) * sizeof *r->problems);
    r->problems[r->nproblems++] = (rep_problem){kind, text};
}

const char *report_run(const report *r, const char *key)
{
    for (size_t i = 0; i < r->nrun; i++)
        if (!strcmp(r->run[i].key, key))
            return r->run[i].value;
    return "";
}

static double num(const char *s)
{
    double v;
    return num_parse(s, &v) == 0 ? v : NAN;
}

static void load_settings(report *r)
{
    rep_settings *s = &r->set;
    s->conf = num(report_run(r, "analysis_conf"));
    s->alpha = num(report_run(r, "analysis_alpha"));
    if (s->conf > 0 && s->conf < 1)
        snprintf(s->level, sizeof s->level, "%.4g%%", s->conf * 100);
    else
        snprintf(s->level, sizeof s->level, "(level not recorded)");
    if (s->alpha > 0 && s->alpha < 1)
        snprintf(s->alpha_text, sizeof s->alpha_text, "%.4g", s->alpha);
    else
        snprintf(s->alpha_text, sizeof s->alpha_text, "(α not recorded)");
    const char *a = report_run(r, "analysis_adjust");
    s->adjust = !strcmp(a, "bh") ? REP_ADJUST_BH : !strcmp(a, "holm") ? REP_ADJUST_HOLM : REP_ADJUST_UNKNOWN;
    static const char *const names[] = {"Holm", "Benjamini–Hochberg", "(adjustment not recorded)"};
    s->adjust_name = names[s->adjust];
    s->run_id = report_run(r, "run_id");
    s->profile = report_run(r, "profile");
    s->reps = report_run(r, "reps");
    s->tool_revision = report_run(r, "tool_revision");
    s->judged_with = report_run(r, "judged_with");
    s->host_vm_guest = report_run(r, "host_is_vm_guest");
    s->is_vm_guest = !strncmp(s->host_vm_guest, "yes", 3);
    if (!strcmp(report_run(r, "interrupted"), "yes"))
        report_problem(r, PROBLEM_RUN_CUT, "the run was interrupted after %s rounds",
                       report_run(r, "rounds"));
    if (*report_run(r, "stopped_by_budget"))
        report_problem(r, PROBLEM_RUN_CUT, "the time budget ended the run after %s rounds",
                       report_run(r, "stopped_by_budget"));
}

/* The samples per cell as they were taken, per table the fewest and the most of any of its
 * cells (a metric of one environment and benchmark), then what was asked for: one number for
 * the run would hide the count tables' 6, T1's up to 4x and a slow environment's few. */
static void samples_taken(report *r)
{
    rep_settings *s = &r->set;
    strbuf sb = {0};
    for (size_t t = 0; t < r->ntables; t++) {
        long lo = 0, hi = 0;
        for (size_t k = 0; k < r->tables[t].nrows; k++)
            for (size_t m = 0; m < r->tables[t].nmetrics; m++) {
                const rep_cell *c = &r->tables[t].rows[k].cells[m];
                if (!c->has || c->n <= 0)
                    continue;
                lo = !lo || c->n < lo ? c->n : lo;
                hi = c->n > hi ? c->n : hi;
            }
        if (!hi)
            continue;
        sb_printf(&sb, "%s%s %ld", sb.len ? ", " : "as taken: ", r->tables[t].id, lo);
        if (hi > lo)
            sb_printf(&sb, "–%ld", hi);
    }
    double target = num(report_run(r, "precision_target"));
    sb_puts(&sb, sb.len ? "; asked for: " : "asked for: ");
    if (!*s->reps)
        sb_puts(&sb, "(not recorded)");
    else if (isfinite(target))
        sb_printf(&sb, "at least %s, more while an interval a verdict uses was wider than ±%g%%",
                  s->reps, target * 100);
    else
        sb_puts(&sb, s->reps);
    snprintf(s->samples, sizeof s->samples, "%s", sb_str(&sb));
    sb_free(&sb);
}

static const char *meta_of(const tsv_table *meta, const char *env, const char *key)
{
    const char *v = "";
    for (size_t q = 0; q < meta->nrows; q++)
        if (!strcmp(tsv_get(meta, q, "key"), key) && !strcmp(tsv_get(meta, q, "env"), env))
            v = tsv_get(meta, q, "value");
    return v;
}

/* Environments with their flags, and meta.tsv as one row per key in first-seen order. */
static void load_envs(report *r)
{
    const tsv_table *e = &r->files[RF_ENVS], *meta = &r->files[RF_META];
    r->nenvs = e->nrows;
    r->envs = xcalloc(e->nrows + 1, sizeof *r->envs);
    for (size_t i = 0; i < e->nrows; i++) {
        rep_env *v = &r->envs[i];
        *v = (rep_env){tsv_get(e, i, "env"),
                       tsv_get(e, i, "status"),
                       tsv_get(e, i, "reason"),
                       tsv_get(e, i, "what"),
                       !strcmp(tsv_get(e, i, "status"), "ok"),
                       NULL};
        const char *emu = meta_of(meta, v->name, "emulated");
        v->emulated = !strncmp(emu, "yes", 3) ? emu : NULL;
        if (!v->ok)
            report_problem(r, PROBLEM_ENV_UNAVAILABLE, "%s is %s: %s", v->name, v->status,
                           *v->reason ? v->reason : "no reason recorded");
        if (v->emulated)
            report_problem(r, PROBLEM_NOT_COMPARABLE,
                           "%s: emulated CPU (TCG): its timings are not comparable (%s)", v->name,
                           v->emulated);
    }
    r->meta = xcalloc(meta->nrows + 1, sizeof *r->meta);
    for (size_t q = 0; q < meta->nrows; q++) {
        const char *key = tsv_get(meta, q, "key");
        int seen = 0;
        for (size_t k = 0; k < r->nmeta && !seen; k++)
            seen = !strcmp(r->meta[k].key, key);
        if (seen)
            continue;
        rep_meta *m = &r->meta[r->nmeta++];
        m->key = key;
        m->values = xcalloc(r->nenvs + 1, sizeof *m->values);
        for (size_t i = 0; i < r->nenvs; i++)
            m->values[i] = meta_of(meta, r->envs[i].name, key);
    }
}

static long table_index(const report *r, const char *id)
{
    for (size_t t = 0; t < r->ntables; t++)
        if (!strcmp(r->tables[t].id, id))
            return (long)t;
    return -1;
}

static long env_index(const report *r, const char *name)
{
    for (size_t e = 0; e < r->nenvs; e++)
        if (!strcmp(r->envs[e].name, name))
            return (long)e;
    return -1;
}

/* Claims in claims.tsv order; each a table's article claim or harness check. */
static void load_claims(report *r)
{
    const tsv_table *c = &r->files[RF_CLAIMS];
    r->claims = xcalloc(c->nrows + 1, sizeof *r->claims);
    for (size_t i = 0; i < c->nrows; i++) {
        long t = table_index(r, tsv_get(c, i, "table"));
        if (t < 0) {
            log_error("%s:%ld: claim %s names no table of tables.tsv", c->path, c->rows[i].line,
                      tsv_get(c, i, "id"));
            continue;
        }
        rep_claim *k = &r->claims[r->nclaims];
        *k = (rep_claim){.id = tsv_get(c, i, "id"),
                         .article_env = tsv_get(c, i, "article_env"),
                         .metric = tsv_get(c, i, "metric"),
                         .env = tsv_get(c, i, "env"),
                         .env_note = tsv_get(c, i, "env_note"),
                         .claimed_text = tsv_get(c, i, "claimed_text"),
                         .text = tsv_get(c, i, "text"),
                         .bench = tsv_get(c, i, "bench"),
                         .detail = tsv_get(c, i, "detail"),
                         .baseline = tsv_get(c, i, "baseline"),
                         .baseline_bench = tsv_get(c, i, "baseline_bench"),
                         .half_width = num(tsv_get(c, i, "half_width")),
                         .target = num(tsv_get(c, i, "target")),
                         .precision = tsv_get(c, i, "precision"),
                         .table = (size_t)t,
                         .kind = CLAIM_NONE, /* unless claim_kind_parse knows the word */
                         .claimed = num(tsv_get(c, i, "claimed")),
                         .measured = num(tsv_get(c, i, "measured")),
                         .lo = num(tsv_get(c, i, "lo")),
                         .hi = num(tsv_get(c, i, "hi")),
                         .level = num(tsv_get(c, i, "level")),
                         .factor = num(tsv_get(c, i, "factor")),
                         .p_adj = num(tsv_get(c, i, "p_adj")),
                         .n = atol(tsv_get(c, i, "n")),
                         .n_base = atol(tsv_get(c, i, "n_baseline")),
                         .cmp = -1};
        claim_kind_parse(tsv_get(c, i, "kind"), &k->kind);
        if (verdict_parse(tsv_get(c, i, "verdict"), &k->verdict) != 0) {
            log_error("%s:%ld: claim %s: \"%s\" is not a verdict", c->path, c->rows[i].line, k->id,
                      tsv_get(c, i, "verdict"));
            k->verdict = VERDICT_NOT_MEASURED;
        }
        if (verdict_effect_parse(optional(c, i, "effect"), &k->effect) != 0)
            log_error("%s:%ld: claim %s: \"%s\" is not an effect", c->path, c->rows[i].line,
                      k->id, optional(c, i, "effect"));
        k->invalid = !strncmp(k->detail, "invalid claim row", 17);
        if (k->invalid)
            report_problem(r, PROBLEM_INVALID_CLAIM, "claim %s could not be judged: %s", k->id,
                           k->detail);
        snprintf(k->anchor, sizeof k->anchor, "claim-");
        size_t n = strlen(k->anchor);
        for (const char *p = k->id; *p && n + 1 < sizeof k->anchor; p++)
            k->anchor[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a')
                             : ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) ? *p
                                                                                      : '-';
        k->anchor[n] = '\0';
        rep_table *tb = &r->tables[t];
        size_t **list = k->kind == CLAIM_CHECK ? &tb->checks : &tb->claims;
        size_t *count = k->kind == CLAIM_CHECK ? &tb->nchecks : &tb->nclaims;
        *list = xrealloc(*list, (*count + 1) * sizeof **list);
        (*list)[(*count)++] = r->nclaims;
        if (k->kind != CLAIM_CHECK)
            r->tally[k->verdict]++;
        r->nclaims++;
    }
}

static void load_samples(report *r)
{
    const tsv_table *s = &r->files[RF_SAMPLES];
    r->samples = xcalloc(s->nrows + 1, sizeof *r->samples);
    for (size_t i = 0; i < s->nrows; i++) {
        long t = table_index(r, tsv_get(s, i, "table")), e = env_index(r, tsv_get(s, i, "env"));
        if (t < 0 || e < 0)
            continue;
        r->samples[r->nsamples++] = (rep_sample){(size_t)t,
                                                 (size_t)e,
                                                 tsv_get(s, i, "bench"),
                                                 tsv_get(s, i, "unit"),
                                                 num(tsv_get(s, i, "rep")),
                                                 num(tsv_get(s, i, "value")),
                                                 atol(optional(s, i, "round")),
                                                 !strcmp(optional(s, i, "disturbed"), "yes")};
    }
}

/* Links ratio claims and comparisons: same table, unit, environment, baseline cell, and the
 * claim's benchmark when it names one. */
static void link_claims(report *r)
{
    for (size_t i = 0; i < r->nclaims; i++) {
        rep_claim *k = &r->claims[i];
        rep_table *t = &r->tables[k->table];
        for (size_t c = 0; c < t->ncmps && k->kind == CLAIM_RATIO && *k->baseline && k->cmp < 0;
             c++) {
            rep_cmp *m = &t->cmps[c];
            if (!strcmp(m->unit, k->metric) && !strcmp(m->env, k->env) &&
                !strcmp(m->baseline, k->baseline) &&
                !strcmp(m->baseline_bench, k->baseline_bench) &&
                (!*k->bench || !strcmp(m->bench, k->bench)) && !m->geomean) {
                k->cmp = (long)c;
                if (m->claim < 0)
                    m->claim = (long)i;
            }
        }
    }
    /* The headline: the first ratio claim of the first table that has one (tables.tsv order). */
    r->headline = -1;
    for (size_t t = 0; t < r->ntables && r->headline < 0; t++)
        for (size_t j = 0; j < r->tables[t].nclaims && r->headline < 0; j++)
            if (r->claims[r->tables[t].claims[j]].kind == CLAIM_RATIO)
                r->headline = (long)r->tables[t].claims[j];
}

int report_load(const char *dir, report *r)
{
    memset(r, 0, sizeof *r);
    int rc = 0;
    for (size_t f = 0; f < sizeof file_names / sizeof *file_names; f++) {
        char *path = xasprintf("%s/%s", dir, file_names[f]);
        if (absent_as(f) && !fs_exists(path))
            rc |= tsv_parse(path, absent_as(f), &r->files[f]);
        else
            rc |= tsv_load(path, &r->files[f]);
        if (r->files[f].path)
            rc |= tsv_require(&r->files[f], count_columns(file_columns[f]), file_columns[f]);
        free(path);
    }
    if (rc != 0) {
        report_free(r);
        return -1;
    }
    const tsv_table *run = &r->files[RF_RUN];
    r->run = xcalloc(run->nrows + 1, sizeof *r->run);
    for (size_t i = 0; i < run->nrows; i++)
        r->run[r->nrun++] = (rep_fact){tsv_get(run, i, "key"), tsv_get(run, i, "value")};
    load_settings(r);
    const tsv_table *errors = &r->files[RF_ERRORS];
    for (size_t i = 0; i < errors->nrows; i++) {
        const char *file = tsv_get(errors, i, "file"), *line = tsv_get(errors, i, "line");
        if (*file)
            report_problem(r, PROBLEM_INPUT_ERROR, "normalize could not read %s%s%s: %s", file,
                           *line ? ":" : "", line, tsv_get(errors, i, "message"));
        else /* an error about a whole file or the run: its message names it */
            report_problem(r, PROBLEM_INPUT_ERROR, "normalize: %s", tsv_get(errors, i, "message"));
    }
    load_envs(r);
    const tsv_table *tb = &r->files[RF_TABLES];
    r->tables = xcalloc(tb->nrows + 1, sizeof *r->tables);
    for (size_t t = 0; t < tb->nrows; t++)
        r->tables[r->ntables++].id = tsv_get(tb, t, "table");
    load_claims(r);
    load_samples(r);
    report_build_tables(r);
    samples_taken(r);
    link_claims(r);
    return 0;
}

void report_free(report *r)
{
    report_free_tables(r);
    for (size_t m = 0; m < r->nmeta; m++)
        free(r->meta[m].values);
    for (size_t p = 0; p < r->nproblems; p++)
        free(r->problems[p].text);
    free(r->problems);
    free(r->meta);
    free(r->envs);
    free(r->claims);
    free(r->samples);
    free(r->run);
    for (size_t f = 0; f < sizeof r->files / sizeof *r->files; f++)
        tsv_free(&r->files[f]);
    memset(r, 0, sizeof *r);
}
