/* precision.c - adaptive sampling to a precision target (docs/formats.md, precision.tsv).
 *
 * The claim-relevant comparisons of a table are its ratio claims' cells: for a claim between
 * environments, every environment of the table against the baseline the claim was judged
 * against (its `wsl2` resolved by analyze; else the table's), so docker/host and oci/host both,
 * whichever the claim judges; for a claim between two benchmarks, that pair in
 * the claim's environment. Each gets the interval of stats_ratio_blocked (paired by round where
 * both arms ran in the same rounds, else two-sample Hodges-Lehmann) at the level claims.tsv
 * gives the claim (its table's family level), from the samples analyze
 * itself read: the interval the verdict will use. Normalize and analyze run as programs, so
 * the numbers cannot drift from the report's. Tables without ratio claims stop at their
 * minimum; a comparison whose cells stop growing (retired, failed) is stalled, not waited for;
 * outside the headline's table, one whose projected need is beyond its table's cap is
 * unreachable and stops, so the budget goes to comparisons that can meet the target (a rule on
 * width alone, like the target); the headline's table goes on until the budget, which leaves
 * the lowest ranks first (precision.h), stops it. What the run ends with: precision_write.c. */
#include "precision.h"

#include "engine/stats.h"
#include "envnames.h"
#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

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

static void cmp_free(prec_cmp *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].table);
        free(c[i].unit);
        free(c[i].env);
        free(c[i].bench);
        free(c[i].base_env);
        free(c[i].base_bench);
        free(c[i].claim);
    }
    free(c);
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
    cmp_free(p->cmp, p->ncmp);
    free(p->model_dir);
    free(p->log_path);
}

/* The rows' values of (table, unit, env, bench) in samples.tsv; bench "" is the first bench.
 * *rounds gets each value's round (samples.tsv round; 0 where empty), or NULL when the file has
 * no round column (a model from before randomised rounds). */
static double *values(const tsv_table *s, const char *table, const char *unit, const char *env,
                      const char *bench, size_t *n, long **rounds)
{
    int ct = tsv_col(s, "table"), cu = tsv_col(s, "unit"), ce = tsv_col(s, "env"),
        cb = tsv_col(s, "bench"), cv = tsv_col(s, "value"), cr = tsv_col(s, "round");
    double *x = xmalloc((s->nrows + 1) * sizeof *x);
    *rounds = cr < 0 ? NULL : xmalloc((s->nrows + 1) * sizeof **rounds);
    *n = 0;
    if (ct < 0 || cu < 0 || ce < 0 || cb < 0 || cv < 0)
        return x;
    for (size_t r = 0; r < s->nrows; r++) {
        char **f = s->rows[r].fields;
        double v;
        if (!strcmp(f[ct], table) && !strcmp(f[cu], unit) && !strcmp(f[ce], env) &&
            !strcmp(f[cb], bench) && num_parse_finite(f[cv], &v) == 0) {
            if (*rounds)
                (*rounds)[*n] = atol(f[cr]);
            x[(*n)++] = v;
        }
    }
    return x;
}

/* The first benchmark of (table, unit) in samples.tsv: what a claim's empty bench means. */
static const char *first_bench(const tsv_table *s, const char *table, const char *unit)
{
    for (size_t r = 0; r < s->nrows; r++)
        if (!strcmp(tsv_get(s, r, "table"), table) && !strcmp(tsv_get(s, r, "unit"), unit))
            return tsv_get(s, r, "bench");
    return "";
}

static void add_cmp(prec_cmp **out, size_t *n, const prec_cmp *c)
{
    for (size_t i = 0; i < *n; i++) {
        prec_cmp *o = &(*out)[i];
        if (!strcmp(o->table, c->table) && !strcmp(o->unit, c->unit) &&
            !strcmp(o->env, c->env) && !strcmp(o->bench, c->bench) &&
            !strcmp(o->base_env, c->base_env) && !strcmp(o->base_bench, c->base_bench)) {
            o->level = c->level > o->level ? c->level : o->level; /* the stricter claim */
            return;
        }
    }
    *out = xrealloc(*out, (*n + 1) * sizeof **out);
    prec_cmp *d = &(*out)[(*n)++];
    *d = (prec_cmp){.table = xstrdup(c->table),
                    .unit = xstrdup(c->unit),
                    .env = xstrdup(c->env),
                    .bench = xstrdup(c->bench),
                    .base_env = xstrdup(c->base_env),
                    .base_bench = xstrdup(c->base_bench),
                    .claim = xstrdup(c->claim),
                    .level = c->level};
}

/* The claims file's baseline of claim id ("" when not found). */
static char *claim_baseline(const char *claims_dir, const char *table, const char *id)
{
    char *path = xasprintf("%s/%s.tsv", claims_dir, table), *base = xstrdup("");
    tsv_table t;
    if (tsv_load(path, &t) == 0) {
        for (size_t r = 0; r < t.nrows; r++)
            if (!strcmp(tsv_get(&t, r, "id"), id)) {
                free(base);
                base = xstrdup(tsv_get(&t, r, "baseline"));
            }
        tsv_free(&t);
    }
    free(path);
    return base;
}

static const char *table_baseline(const tsv_table *tables, const char *table)
{
    for (size_t r = 0; r < tables->nrows; r++)
        if (!strcmp(tsv_get(tables, r, "table"), table))
            return tsv_get(tables, r, "baseline");
    return env_baseline();
}

/* The comparisons one ratio claim (row r of claims.tsv) asks for. */
static void claim_cmps(precision *p, const tsv_table *claims, size_t r, const tsv_table *samples,
                       const tsv_table *tables, const char *skip, prec_cmp **out, size_t *n)
{
    const char *table = tsv_get(claims, r, "table"), *unit = tsv_get(claims, r, "metric");
    const char *id = tsv_get(claims, r, "id");
    prec_cmp c = {.table = (char *)table, .unit = (char *)unit, .claim = (char *)id};
    if (num_parse_finite(tsv_get(claims, r, "level"), &c.level) != 0)
        c.level = 0.95;
    c.bench = (char *)tsv_get(claims, r, "bench");
    if (!*c.bench)
        c.bench = (char *)first_bench(samples, table, unit);
    char *base = claim_baseline(p->o.claims, table, id);
    if (!strncmp(base, "bench:", 6)) {
        c.env = c.base_env = (char *)tsv_get(claims, r, "env");
        c.base_bench = base + 6;
        if (*c.env)
            add_cmp(out, n, &c);
    } else { /* the baseline analyze judged it against (wsl2 resolved), else the table's */
        const char *judged = tsv_get(claims, r, "baseline");
        c.base_env = (char *)(*judged ? judged : table_baseline(tables, table));
        c.base_bench = c.bench;
        for (size_t s = 0; s < samples->nrows; s++) {
            const char *env = tsv_get(samples, s, "env");
            if (!strcmp(tsv_get(samples, s, "table"), table) &&
                !strcmp(tsv_get(samples, s, "unit"), unit) &&
                !strcmp(tsv_get(samples, s, "bench"), c.bench) && strcmp(env, c.base_env) &&
                !str_list_has(skip, env)) {
                c.env = (char *)env;
                add_cmp(out, n, &c);
            }
        }
    }
    free(base);
}

/* The samples a side at which a half-width of half now (n and nb samples) would be the
 * target, if both sides grew: half-widths shrink as sqrt(1/n + 1/nb). From few samples this
 * overstates the need (by 15-50% at n = 6-10 in simulation: the exact critical rank and the
 * noise of the width), hence the margin before a comparison counts as unreachable. */
static double projected_need(double half, double target, size_t n, size_t nb)
{
    return 2 * (half / target) * (half / target) / (1.0 / (double)n + 1.0 / (double)nb);
}

/* The comparison's interval now, and whether it meets the target or cannot within the cap. */
static void measure(const precision *p, prec_cmp *c, const tsv_table *samples)
{
    size_t nx, nb;
    long *rx, *rb;
    double *x = values(samples, c->table, c->unit, c->env, c->bench, &nx, &rx);
    double *b = values(samples, c->table, c->unit, c->base_env, c->base_bench, &nb, &rb);
    stats_ratio r;
    c->n = nx;
    c->n_base = nb;
    c->ratio = c->lo = c->hi = c->need = NAN;
    c->half = INFINITY;
    c->cap = cap_of(p, c->table);
    if (nx && nb && stats_ratio_blocked(b, rb, nb, x, rx, nx, c->level, &r) == 0) {
        c->ratio = r.ratio;
        c->lo = r.lo;
        c->hi = r.hi;
        c->half = stats_ratio_half_width(&r);
    }
    /* An interval still unbounded (too few samples for its level) has no width to project
     * from: it needs the samples that bound it, so it stays open unless those exceed the cap. */
    c->need = isfinite(c->half) ? projected_need(c->half, p->o.target, nx, nb)
                                : (double)stats_ratio_min_n(c->level);
    c->state = c->half <= p->o.target ? PREC_MET : PREC_OPEN;
    if (c->state == PREC_OPEN && c->rank == PREC_RANK_REST && c->cap > 0 &&
        c->need > (isfinite(c->half) ? PRECISION_UNREACHABLE_MARGIN : 1) * c->cap)
        c->state = PREC_UNREACHABLE;
    free(x);
    free(b);
    free(rx);
    free(rb);
}

/* Carries the previous round over: a final state stays, with the numbers it stopped at (its
 * cells may go on for another comparison); an open one with no new sample since is stalled. */
static void carry_stall(const precision *p, prec_cmp *c)
{
    for (size_t i = 0; i < p->ncmp; i++) {
        const prec_cmp *o = &p->cmp[i];
        if (strcmp(o->table, c->table) || strcmp(o->unit, c->unit) || strcmp(o->env, c->env) ||
            strcmp(o->bench, c->bench) || strcmp(o->base_env, c->base_env) ||
            strcmp(o->base_bench, c->base_bench))
            continue;
        if (o->state != PREC_OPEN) {
            c->n = o->n;
            c->n_base = o->n_base;
            c->ratio = o->ratio;
            c->lo = o->lo;
            c->hi = o->hi;
            c->half = o->half;
            c->need = o->need;
            c->state = o->state;
        } else if (c->state == PREC_OPEN && o->n == c->n && o->n_base == c->n_base) {
            c->state = PREC_STALLED;
        }
    }
}

/* The budget's order: the headline is the comparison of the first ratio claim of the first
 * table that has one, in tables.tsv's order (its environment as analyze resolved it, against
 * its baseline), as the report chooses its headline;
 * the other comparisons of its table come next, then the rest. */
static void rank_all(const tsv_table *claims, const tsv_table *samples, const tsv_table *tables,
                     prec_cmp *c, size_t n)
{
    size_t h = claims->nrows; /* the first ratio claim of the first table (tables.tsv order) */
    for (size_t t = 0; t < tables->nrows && h == claims->nrows; t++)
        for (size_t r = 0; r < claims->nrows && h == claims->nrows; r++)
            if (!strcmp(tsv_get(claims, r, "kind"), "ratio") &&
                !strcmp(tsv_get(claims, r, "table"), tsv_get(tables, t, "table")))
                h = r;
    const char *table = h < claims->nrows ? tsv_get(claims, h, "table") : "";
    const char *unit = h < claims->nrows ? tsv_get(claims, h, "metric") : "";
    const char *env = h < claims->nrows ? tsv_get(claims, h, "env") : "";
    const char *base = h < claims->nrows ? tsv_get(claims, h, "baseline") : "";
    const char *bench = h < claims->nrows ? tsv_get(claims, h, "bench") : "";
    if (!*base)
        base = table_baseline(tables, table);
    if (!*bench)
        bench = first_bench(samples, table, unit);
    for (size_t i = 0; i < n; i++) {
        int headline = *env && !strcmp(c[i].table, table) && !strcmp(c[i].unit, unit) &&
                       !strcmp(c[i].env, env) && !strcmp(c[i].base_env, base) &&
                       !strcmp(c[i].bench, bench);
        c[i].rank = headline                     ? PREC_RANK_HEADLINE
                    : !strcmp(c[i].table, table) ? PREC_RANK_TABLE
                                                 : PREC_RANK_REST;
    }
}

int precision_update(precision *p, const char *model_dir, const char *skip)
{
    tsv_table claims, samples, tables;
    char *cp = xasprintf("%s/claims.tsv", model_dir), *sp = xasprintf("%s/samples.tsv", model_dir),
         *tp = xasprintf("%s/tables.tsv", model_dir);
    static const char *const claim_cols[] = {"id",  "table", "kind",  "metric",
                                             "env", "bench", "level", "baseline"};
    static const char *const sample_cols[] = {"table", "env", "bench", "unit", "value"};
    static const char *const table_cols[] = {"table", "baseline"};
    int ok = tsv_load(cp, &claims) == 0;
    ok = ok && (tsv_load(sp, &samples) == 0 || (tsv_free(&claims), 0));
    ok = ok && (tsv_load(tp, &tables) == 0 || (tsv_free(&claims), tsv_free(&samples), 0));
    free(cp);
    free(sp);
    free(tp);
    if (!ok)
        return -1;
    if (tsv_require(&claims, 8, claim_cols) || tsv_require(&samples, 5, sample_cols) ||
        tsv_require(&tables, 2, table_cols)) {
        tsv_free(&claims);
        tsv_free(&samples);
        tsv_free(&tables);
        return -1;
    }
    prec_cmp *out = NULL;
    size_t n = 0;
    for (size_t r = 0; r < claims.nrows; r++)
        if (!strcmp(tsv_get(&claims, r, "kind"), "ratio"))
            claim_cmps(p, &claims, r, &samples, &tables, skip, &out, &n);
    rank_all(&claims, &samples, &tables, out, n);
    for (size_t i = 0; i < n; i++) {
        measure(p, &out[i], &samples);
        carry_stall(p, &out[i]);
        if (out[i].state == PREC_OPEN && (int)out[i].rank > p->rank_limit)
            out[i].state = PREC_BUDGET;
    }
    cmp_free(p->cmp, p->ncmp);
    p->cmp = out;
    p->ncmp = n;
    p->analysed = 1;
    tsv_free(&claims);
    tsv_free(&samples);
    tsv_free(&tables);
    return 0;
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
    if (!p->analysed)
        return 0;
    for (size_t i = 0; i < p->ncmp; i++) {
        const prec_cmp *c = &p->cmp[i];
        int cap = (c->rank == PREC_RANK_REST ? PRECISION_MAX_FACTOR : PRECISION_RANKED_FACTOR) * min;
        if (c->state == PREC_OPEN && (int)c->rank <= p->rank_limit && rep <= cap &&
            !strcmp(c->table, table) && (!strcmp(c->env, env) || !strcmp(c->base_env, env)))
            return 1;
    }
    return 0;
}

void precision_limit(precision *p, prec_rank limit)
{
    p->rank_limit = (int)limit;
    for (size_t i = 0; i < p->ncmp; i++)
        if (p->cmp[i].state == PREC_OPEN && p->cmp[i].rank > limit)
            p->cmp[i].state = PREC_BUDGET;
}
