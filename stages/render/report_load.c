/* report_load.c - the one loader of the report model: reads out/analysis/ once, turns words into
 * enums (verdicts, claim kinds, the adjustment), links each ratio claim to its comparison by the
 * keys analyze wrote (claims.tsv baseline, baseline_bench), and collects what went wrong in the
 * run. The per-table layout is report_rows.c's. */
#include "report.h"

#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each file of the model by its declaration (schema_model.h, schema_run.h, schema_data.h): a
 * file without a required column is an error naming it, never a column read as "". */
static const struct {
    const char *name;
    const tsv_schema *schema;
    int may_be_absent; /* notes.tsv (models analysed before probes could give reasons),
                        * errors.tsv (before normalize kept its errors): read as empty */
} model_files[RF_COUNT] = {
    [RF_RUN] = {"run.tsv", &facts_schema, 0},
    [RF_ENVS] = {"envs.tsv", &envs_schema, 0},
    [RF_META] = {"meta.tsv", &meta_schema, 0},
    [RF_CELLS] = {"cells.tsv", &cells_schema, 0},
    [RF_TABLES] = {"tables.tsv", &tables_schema, 0},
    [RF_SUMMARY] = {"summary.tsv", &summary_schema, 0},
    [RF_CMP] = {"comparisons.tsv", &cmp_schema, 0},
    [RF_CLAIMS] = {"claims.tsv", &verdicts_schema, 0},
    [RF_SAMPLES] = {"samples.tsv", &samples_schema, 0},
    [RF_NOTES] = {"notes.tsv", &notes_schema, 1},
    [RF_ERRORS] = {"errors.tsv", &errors_schema, 1},
};

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
                       report_run(r, "rounds"));
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
    const char *v = meta_value(meta, env, key);
    return v ? v : "";
}

/* Environments with their flags, and meta.tsv as one row per key in first-seen order. */
static void load_envs(report *r)
{
    const tsv_table *e = &r->files[RF_ENVS], *meta = &r->files[RF_META];
    r->nenvs = e->nrows;
    r->envs = xcalloc(e->nrows + 1, sizeof *r->envs);
    for (size_t i = 0; i < e->nrows; i++) {
        rep_env *v = &r->envs[i];
        *v = (rep_env){envs_at(e, i, ENVS_ENV),
                       envs_at(e, i, ENVS_STATUS),
                       envs_at(e, i, ENVS_REASON),
                       envs_at(e, i, ENVS_WHAT),
                       !strcmp(envs_at(e, i, ENVS_STATUS), "ok"),
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
        const char *key = meta_at(meta, q, META_KEY);
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


/* claims.tsv pairs of row i: the rounds a paired interval used, 0 when empty (two samples, or a
 * model analysed before the column) or, logged with its file:line, when not a count. */
static long claim_pairs(const tsv_table *c, size_t i)
{
    const char *v = verdicts_at(c, i, VERDICTS_PAIRS);
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v)
        return 0;
    if (*v >= '1' && *v <= '9' && !*end && n < 1000000) /* no sign, space or leading 0 */
        return n;
    log_error("%s:%ld: claim %s: pairs \"%s\" is not a count of rounds: read as unpaired",
              c->path, c->rows[i].line, verdicts_at(c, i, VERDICTS_ID), v);
    return 0;
}
/* Claims in claims.tsv order; each a table's article claim or harness check. */
static void load_claims(report *r)
{
    const tsv_table *c = &r->files[RF_CLAIMS];
    r->claims = xcalloc(c->nrows + 1, sizeof *r->claims);
    for (size_t i = 0; i < c->nrows; i++) {
        long t = table_index(r, verdicts_at(c, i, VERDICTS_TABLE));
        if (t < 0) {
            log_error("%s:%ld: claim %s names no table of tables.tsv", c->path, c->rows[i].line,
                      verdicts_at(c, i, VERDICTS_ID));
            continue;
        }
        rep_claim *k = &r->claims[r->nclaims];
        *k = (rep_claim){.id = verdicts_at(c, i, VERDICTS_ID),
                         .article_env = verdicts_at(c, i, VERDICTS_ARTICLE_ENV),
                         .metric = verdicts_at(c, i, VERDICTS_METRIC),
                         .env = verdicts_at(c, i, VERDICTS_ENV),
                         .env_note = verdicts_at(c, i, VERDICTS_ENV_NOTE),
                         .claimed_text = verdicts_at(c, i, VERDICTS_CLAIMED_TEXT),
                         .text = verdicts_at(c, i, VERDICTS_TEXT),
                         .bench = verdicts_at(c, i, VERDICTS_BENCH),
                         .detail = verdicts_at(c, i, VERDICTS_DETAIL),
                         .baseline = verdicts_at(c, i, VERDICTS_BASELINE),
                         .baseline_bench = verdicts_at(c, i, VERDICTS_BASELINE_BENCH),
                         .half_width = num(verdicts_at(c, i, VERDICTS_HALF_WIDTH)),
                         .target = num(verdicts_at(c, i, VERDICTS_TARGET)),
                         .precision = verdicts_at(c, i, VERDICTS_PRECISION),
                         .table = (size_t)t,
                         .kind = CLAIM_NONE, /* unless claim_kind_parse knows the word */
                         .claimed = num(verdicts_at(c, i, VERDICTS_CLAIMED)),
                         .measured = num(verdicts_at(c, i, VERDICTS_MEASURED)),
                         .lo = num(verdicts_at(c, i, VERDICTS_LO)),
                         .hi = num(verdicts_at(c, i, VERDICTS_HI)),
                         .level = num(verdicts_at(c, i, VERDICTS_LEVEL)),
                         .factor = num(verdicts_at(c, i, VERDICTS_FACTOR)),
                         .p_adj = num(verdicts_at(c, i, VERDICTS_P_ADJ)),
                         .n = atol(verdicts_at(c, i, VERDICTS_N)),
                         .n_base = atol(verdicts_at(c, i, VERDICTS_N_BASELINE)),
                         .pairs = claim_pairs(c, i),
                         .cmp = -1};
        claim_kind_parse(verdicts_at(c, i, VERDICTS_KIND), &k->kind);
        if (verdict_parse(verdicts_at(c, i, VERDICTS_VERDICT), &k->verdict) != 0) {
            log_error("%s:%ld: claim %s: \"%s\" is not a verdict", c->path, c->rows[i].line, k->id,
                      verdicts_at(c, i, VERDICTS_VERDICT));
            k->verdict = VERDICT_NOT_MEASURED;
        }
        if (verdict_effect_parse(verdicts_at(c, i, VERDICTS_EFFECT), &k->effect) != 0)
            log_error("%s:%ld: claim %s: \"%s\" is not an effect", c->path, c->rows[i].line, k->id,
                      verdicts_at(c, i, VERDICTS_EFFECT));
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
        long t = table_index(r, samples_at(s, i, SAMPLES_TABLE)),
             e = env_index(r, samples_at(s, i, SAMPLES_ENV));
        if (t < 0 || e < 0)
            continue;
        r->samples[r->nsamples++] =
            (rep_sample){(size_t)t,
                         (size_t)e,
                         samples_at(s, i, SAMPLES_BENCH),
                         samples_at(s, i, SAMPLES_UNIT),
                         num(samples_at(s, i, SAMPLES_REP)),
                         num(samples_at(s, i, SAMPLES_VALUE)),
                         atol(samples_at(s, i, SAMPLES_ROUND)),
                         !strcmp(samples_at(s, i, SAMPLES_DISTURBED), "yes")};
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
    for (size_t f = 0; f < RF_COUNT; f++) {
        char *path = xasprintf("%s/%s", dir, model_files[f].name);
        if (model_files[f].may_be_absent && !fs_exists(path))
            tsv_empty_as(path, model_files[f].schema, &r->files[f]);
        else
            rc |= tsv_load_as(path, model_files[f].schema, &r->files[f]);
        free(path);
    }
    if (rc != 0) {
        report_free(r);
        return -1;
    }
    const tsv_table *run = &r->files[RF_RUN];
    r->run = xcalloc(run->nrows + 1, sizeof *r->run);
    for (size_t i = 0; i < run->nrows; i++)
        r->run[r->nrun++] = (rep_fact){facts_at(run, i, FACTS_KEY), facts_at(run, i, FACTS_VALUE)};
    load_settings(r);
    const tsv_table *errors = &r->files[RF_ERRORS];
    for (size_t i = 0; i < errors->nrows; i++) {
        const char *file = errors_at(errors, i, ERRORS_FILE),
                   *line = errors_at(errors, i, ERRORS_LINE);
        if (*file)
            report_problem(r, PROBLEM_INPUT_ERROR, "normalize could not read %s%s%s: %s", file,
                           *line ? ":" : "", line, errors_at(errors, i, ERRORS_MESSAGE));
        else /* an error about a whole file or the run: its message names it */
            report_problem(r, PROBLEM_INPUT_ERROR, "normalize: %s",
                           errors_at(errors, i, ERRORS_MESSAGE));
    }
    load_envs(r);
    const tsv_table *tb = &r->files[RF_TABLES];
    r->tables = xcalloc(tb->nrows + 1, sizeof *r->tables);
    for (size_t t = 0; t < tb->nrows; t++)
        r->tables[r->ntables++].id = tables_at(tb, t, TABLES_TABLE);
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
