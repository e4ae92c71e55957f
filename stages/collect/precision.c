/* precision.c - adaptive sampling to a precision target (docs/formats.md, precision.tsv):
 * collect's side of the engine's rule (engine/precision.h, which says what is compared and
 * when a comparison stops). After each round normalize and analyze run as programs, so the
 * numbers cannot drift from the report's; this reads the model they wrote (the level and
 * environment each claim was judged at, the samples) and the claims through analyze's own
 * loader, asks the engine which comparisons each ratio claim implies (claim_comparisons, on
 * the baseline its verdict takes) and how each stands, and tells the matrix which cells want
 * another sample. Tables without ratio claims stop at their minimum. What the run ends with:
 * precision_write.c. */
#include "precision.h"

#include "envnames.h"
#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void precision_init(precision *p, const precision_opts *o)
{
    *p = (precision){.o = *o, .rank_limit = PREC_RANK_REST};
    p->model_dir = xasprintf("%s/env/precision/model", o->run_dir);
    p->log_path = xasprintf("%s/env/precision/log", o->run_dir);
}

void precision_cap(precision *p, const char *table, int min)
{
    p->caps = xrealloc(p->caps, (p->ncaps + 1) * sizeof *p->caps);
    p->caps[p->ncaps++] =
        (prec_cap){.table = xstrdup(table), .cap = PRECISION_MAX_FACTOR * min, .min = min};
}

static int cap_of(const precision *p, const char *table)
{
    for (size_t i = 0; i < p->ncaps; i++)
        if (!strcmp(p->caps[i].table, table))
            return p->caps[i].cap;
    return 0;
}

void precision_free(precision *p)
{
    for (size_t i = 0; i < p->ncaps; i++)
        free(p->caps[i].table);
    free(p->caps);
    prec_free(p->cmp, p->ncmp);
    if (p->loaded > 0) {
        claims_set_free(&p->claims);
        tsv_free(&p->tables);
    }
    free(p->model_dir);
    free(p->log_path);
}

/* The rows' values of (table, unit, env, bench) in samples.tsv; bench "" is the first bench.
 * *rounds gets each value's round (samples.tsv round; 0 where empty), or NULL when the file has
 * no round column (a model from before randomised rounds). */
static double *values(const tsv_table *s, const char *table, const char *unit, const char *env,
                      const char *bench, size_t *n, long **rounds)
{
    double *x = xmalloc((s->nrows + 1) * sizeof *x);
    *rounds = tsv_has(s, SAMPLES_ROUND) ? xmalloc((s->nrows + 1) * sizeof **rounds) : NULL;
    *n = 0;
    for (size_t r = 0; r < s->nrows; r++) {
        double v;
        if (!strcmp(samples_at(s, r, SAMPLES_TABLE), table) &&
            !strcmp(samples_at(s, r, SAMPLES_UNIT), unit) &&
            !strcmp(samples_at(s, r, SAMPLES_ENV), env) &&
            !strcmp(samples_at(s, r, SAMPLES_BENCH), bench) &&
            num_parse_finite(samples_at(s, r, SAMPLES_VALUE), &v) == 0) {
            if (*rounds)
                (*rounds)[*n] = atol(samples_at(s, r, SAMPLES_ROUND));
            x[(*n)++] = v;
        }
    }
    return x;
}

/* The first benchmark of (table, unit) in samples.tsv: what a claim's empty bench means. */
static const char *first_bench(const tsv_table *s, const char *table, const char *unit)
{
    for (size_t r = 0; r < s->nrows; r++)
        if (!strcmp(samples_at(s, r, SAMPLES_TABLE), table) &&
            !strcmp(samples_at(s, r, SAMPLES_UNIT), unit))
            return samples_at(s, r, SAMPLES_BENCH);
    return "";
}

/* tables.tsv and the claims files, read once through the loader analyze judges with. */
static int load_claims(precision *p)
{
    if (p->loaded)
        return p->loaded > 0 ? 0 : -1;
    p->loaded = -1;
    if (tsv_load(p->o.tables, &p->tables) != 0)
        return -1;
    if (tables_validate(&p->tables) != 0) {
        tsv_free(&p->tables);
        return -1;
    }
    /* -1 also when a row is invalid (logged as file:line): the valid rows are sampled for, as
     * analyze judges them */
    claims_set_load(p->o.claims, &p->tables, &p->claims);
    p->loaded = 1;
    return 0;
}

/* claim c's row in claims.tsv, as analyze judged it (-1: none). */
static long judged_row(const tsv_table *judged, const claim *c)
{
    for (size_t r = 0; r < judged->nrows; r++)
        if (!strcmp(verdicts_at(judged, r, VERDICTS_TABLE), c->table) &&
            !strcmp(verdicts_at(judged, r, VERDICTS_ID), c->id))
            return (long)r;
    return -1;
}

/* The environments with samples of (table, unit, bench), in samples.tsv's order, but those
 * of skip; envs has room for every row. */
static size_t sample_envs(const tsv_table *s, const char *table, const char *unit,
                          const char *bench, const char *skip, const char **envs)
{
    size_t n = 0;
    for (size_t r = 0; r < s->nrows; r++) {
        const char *env = samples_at(s, r, SAMPLES_ENV);
        int seen = 0;
        for (size_t i = 0; i < n && !seen; i++)
            seen = !strcmp(envs[i], env);
        if (!seen && !strcmp(samples_at(s, r, SAMPLES_TABLE), table) &&
            !strcmp(samples_at(s, r, SAMPLES_UNIT), unit) &&
            !strcmp(samples_at(s, r, SAMPLES_BENCH), bench) && !str_list_has(skip, env))
            envs[n++] = env;
    }
    return n;
}

/* The comparisons ratio claim c implies (the engine's claim_comparisons), at the level and in
 * the environment analyze judged it at (claims.tsv), added to out. */
static void claim_cmps(const claim_context *ctx, const claim *c, const tsv_table *judged,
                       const tsv_table *samples, const char *skip, prec_cmp **out, size_t *n)
{
    long r = judged_row(judged, c);
    if (c->invalid[0] || c->kind != CLAIM_RATIO || r < 0)
        return;
    prec_cmp k = {.table = (char *)c->table, .unit = (char *)c->metric, .claim = (char *)c->id};
    if (num_parse_finite(verdicts_at(judged, (size_t)r, VERDICTS_LEVEL), &k.level) != 0)
        k.level = 0.95;
    const char *bench = *c->bench ? c->bench : first_bench(samples, c->table, c->metric);
    const char **envs = xmalloc((samples->nrows + 1) * sizeof *envs);
    size_t nenvs = sample_envs(samples, c->table, c->metric, bench, skip, envs);
    claim_cmp *cc = xmalloc((nenvs + 1) * sizeof *cc);
    size_t m = claim_comparisons(ctx, c, verdicts_at(judged, (size_t)r, VERDICTS_ENV), bench, envs, nenvs, cc);
    for (size_t i = 0; i < m; i++) {
        k.env = (char *)cc[i].env;
        k.bench = (char *)cc[i].bench;
        k.base_env = (char *)cc[i].base_env;
        k.base_bench = (char *)cc[i].base_bench;
        prec_add(out, n, &k);
    }
    free(cc);
    free(envs);
}

/* The headline (precision.h: the budget's order): the comparison of the first ratio claim of
 * the first table that has one, in tables.tsv's order, in the environment analyze judged it in
 * and against the baseline its verdict takes, as the report chooses its headline. */
static prec_cmp headline(const precision *p, const claim_context *ctx, const tsv_table *judged,
                         const tsv_table *samples)
{
    prec_cmp h = {.table = "", .unit = "", .env = "", .bench = "", .base_env = ""};
    const claim *c = NULL;
    for (size_t t = 0; t < p->tables.nrows && !c; t++)
        for (size_t f = 0; f < p->claims.n && !c; f++)
            for (size_t i = 0; i < p->claims.files[f].n && !c; i++) {
                const claim *k = &p->claims.files[f].claims[i];
                if (!k->invalid[0] && k->kind == CLAIM_RATIO &&
                    !strcmp(k->table, tables_at(&p->tables, t, TABLES_TABLE)))
                    c = k;
            }
    if (!c)
        return h;
    const char *base_env, *base_bench;
    long r = judged_row(judged, c);
    h.table = (char *)c->table;
    h.unit = (char *)c->metric;
    h.bench = (char *)(*c->bench ? c->bench : first_bench(samples, c->table, c->metric));
    if (r >= 0 && claim_baseline(ctx, c, &base_env, &base_bench) == 0) {
        h.env = (char *)verdicts_at(judged, (size_t)r, VERDICTS_ENV);
        h.base_env = (char *)(base_env ? base_env : h.env); /* between benchmarks: its own */
    }
    return h;
}
/* The A/A control (a check of the headline's table and metric between environments: its
 * baseline measured again) ranks with the headline: a noise floor as narrow as the headline's
 * interval is what says that interval can be trusted, so the budget buys both alike. Its
 * comparison is found by the check's environment (another claim of the table may list it). */
static void rank_aa_with_headline(const precision *p, const prec_cmp *h, prec_cmp *c, size_t n)
{
    if (!*h->env)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < p->claims.n; f++)
            for (size_t j = 0; j < p->claims.files[f].n; j++) {
                const claim *k = &p->claims.files[f].claims[j];
                if (k->kind == CLAIM_CHECK && *k->baseline && !strcmp(k->env, c[i].env) &&
                    !strcmp(k->table, h->table) && !strcmp(k->metric, h->unit) &&
                    !strcmp(c[i].table, h->table) && !strcmp(c[i].unit, h->unit) &&
                    !strcmp(c[i].base_env, h->base_env) && !strcmp(c[i].bench, h->bench))
                    c[i].rank = PREC_RANK_HEADLINE;
            }
}

/* The comparison's interval now, and whether it meets the target or cannot within the cap. */
static void measure(const precision *p, prec_cmp *c, const tsv_table *samples)
{
    size_t nx, nb;
    long *rx, *rb;
    double *x = values(samples, c->table, c->unit, c->env, c->bench, &nx, &rx);
    double *b = values(samples, c->table, c->unit, c->base_env, c->base_bench, &nb, &rb);
    c->cap = cap_of(p, c->table);
    prec_measure(c, b, rb, nb, x, rx, nx, p->o.target);
    free(x);
    free(b);
    free(rx);
    free(rb);
}

/* The model's files precision_update reads. */
enum { M_CLAIMS, M_SAMPLES, M_RUN, M_ENVS, M_META, M_FILES };

static void update_from(precision *p, const tsv_table *m, const char *skip)
{
    claim_context ctx = {.envs = &m[M_ENVS], .tables = &p->tables, .run = &m[M_RUN],
                         .meta = &m[M_META], .plain_env = env_baseline(),
                         .env_caps = env_name_caps};
    prec_cmp *out = NULL;
    size_t n = 0;
    for (size_t f = 0; f < p->claims.n; f++)
        for (size_t i = 0; i < p->claims.files[f].n; i++)
            claim_cmps(&ctx, &p->claims.files[f].claims[i], &m[M_CLAIMS], &m[M_SAMPLES], skip,
                       &out, &n);
    prec_cmp h = headline(p, &ctx, &m[M_CLAIMS], &m[M_SAMPLES]);
    prec_rank_all(out, n, &h);
    rank_aa_with_headline(p, &h, out, n);
    for (size_t i = 0; i < n; i++) {
        measure(p, &out[i], &m[M_SAMPLES]);
        prec_carry(p->cmp, p->ncmp, &out[i]);
        if (out[i].state == PREC_OPEN && (int)out[i].rank > p->rank_limit)
            out[i].state = PREC_BUDGET;
    }
    prec_free(p->cmp, p->ncmp);
    p->cmp = out;
    p->ncmp = n;
    p->analysed = 1;
}

int precision_update(precision *p, const char *model_dir, const char *skip)
{
    static const tsv_schema *const schemas[M_FILES] = {
        &verdicts_schema, &samples_schema, &facts_schema, &envs_schema, &meta_schema};
    static const char *const names[M_FILES] = {"claims.tsv", "samples.tsv", "run.tsv",
                                               "envs.tsv", "meta.tsv"};
    tsv_table m[M_FILES];
    size_t loaded = 0;
    for (; loaded < M_FILES; loaded++) {
        char *path = xasprintf("%s/%s", model_dir, names[loaded]);
        int rc = tsv_load_as(path, schemas[loaded], &m[loaded]);
        free(path);
        if (rc != 0)
            break;
    }
    int ok = loaded == M_FILES && load_claims(p) == 0;
    if (ok)
        update_from(p, m, skip);
    for (size_t i = 0; i < loaded; i++)
        tsv_free(&m[i]);
    return ok ? 0 : -1;
}

/* Runs a stage program into the log; 0 when it could start (its exit status is looked at
 * through what it wrote, as a failed claim row still leaves the rest of the model). */
static int run_stage(const precision *p, char *const argv[])
{
    proc_opts o = {.stdout_path = p->log_path, .stderr_path = p->log_path, .timeout_s = 300};
    proc_result r;
    return proc_run(argv, &o, &r);
}

void precision_round(precision *p, const env *envs, size_t n)
{
    if (fs_mkdirs(p->model_dir) != 0) {
        log_warn("precision: cannot create %s: sampling stops at the minimum", p->model_dir);
        return;
    }
    char *norm = xasprintf("%s/repro-normalize", p->o.bin_dir);
    char *anl = xasprintf("%s/repro-analyze", p->o.bin_dir);
    char *nargv[] = {norm, "--run-dir", (char *)p->o.run_dir, NULL};
    char *aargv[] = {anl,      "--run-dir",       (char *)p->o.run_dir, "--out",
                     p->model_dir, "--claims",     (char *)p->o.claims, "--tables",
                     (char *)p->o.tables, NULL};
    strbuf skip = {0};
    for (size_t i = 0; i < n; i++)
        if (env_emulated(&envs[i]))
            sb_printf(&skip, "%s,", envs[i].drv->name);
    if (run_stage(p, nargv) != 0 || run_stage(p, aargv) != 0 ||
        precision_update(p, p->model_dir, sb_str(&skip)) != 0)
        log_warn("precision: the run so far could not be analysed (see %s): no cell takes more "
                 "than its minimum this round",
                 p->log_path);
    sb_free(&skip);
    free(norm);
    free(anl);
}

int precision_wants(const precision *p, const char *table, const char *env, int rep, int min)
{
    return p->analysed && prec_wants(p->cmp, p->ncmp, p->rank_limit, table, env, rep, min);
}

void precision_limit(precision *p, prec_rank limit)
{
    p->rank_limit = (int)limit;
    prec_limit(p->cmp, p->ncmp, limit);
}
