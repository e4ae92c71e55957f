/* claims.c - a verdict for every claim of the article, from the measured summaries and
 * comparisons. The rules (docs/formats.md#verdicts):
 *   (either)  inconclusive when too few samples give an unbounded CI
 *   ratio     reproduced (claimed value inside the ratio's CI, and the difference significant
 *             unless the claim is of no difference) | direction only (significant
 *             after Holm in the claimed direction, CI excludes the claim) | not significant |
 *             contradicted (significant the other way)
 *   absolute  implausible (beyond the stated factor) | consistent / differs (CI against the
 *             claim's tolerance band) | not comparable (timing on other hardware, shown as a
 *             factor)
 *   count     equal | differs, by how much
 *   none      not reproducible: the table describes no experiment (its reason from tables.tsv)
 * A ratio's baseline is another environment, or "bench:<name>" for two benchmarks inside one
 * environment; an optional bench column picks the benchmark a claim is about.
 * A claim whose environment produced no samples says "not measured" and why. */
#include "analyze.h"

#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const claims_header[] = {
    "id",       "table",     "article_env", "kind",      "metric",    "env",   "env_note", "claimed",
    "claimed_text", "measured", "lo",     "hi",        "factor", "factor_lo", "factor_hi",
    "p_adj",    "verdict",   "detail",    "text",  "bench"};
const size_t claims_ncols = sizeof claims_header / sizeof *claims_header;

typedef struct {
    double measured, lo, hi, factor, factor_lo, factor_hi, p_adj;
    char verdict[64], detail[512], env_note[512];
    const char *env;
} verdict;

static const char *env_reason(const tsv_table *envs, const char *env)
{
    for (size_t r = 0; r < envs->nrows; r++)
        if (strcmp(tsv_get(envs, r, "env"), env) == 0) {
            const char *why = tsv_get(envs, r, "reason");
            return *why ? why : "no samples (every cell failed; see cells.tsv)";
        }
    return "not part of this run";
}

static int env_ok(const tsv_table *envs, const char *env)
{
    for (size_t r = 0; r < envs->nrows; r++)
        if (!strcmp(tsv_get(envs, r, "env"), env))
            return !strcmp(tsv_get(envs, r, "status"), "ok");
    return 0;
}

/* The reason collect recorded for not running a table in an environment, or NULL. */
static const char *unsupported_reason(const tsv_table *cells, const char *table, const char *env)
{
    for (size_t r = 0; r < cells->nrows; r++)
        if (!strcmp(tsv_get(cells, r, "table"), table) && !strcmp(tsv_get(cells, r, "env"), env) &&
            !strcmp(tsv_get(cells, r, "status"), "unsupported"))
            return tsv_get(cells, r, "detail");
    return NULL;
}

/* Picks the first environment of "a|b|c" that has samples for table/metric. */
static const summary_row *resolve_env(const analysis *a, const tsv_table *envs,
                                      const tsv_table *cells, const char *table,
                                      const char *metric, const char *bench, const char *list,
                                      verdict *v)
{
    char *copy = xstrdup(list), *save;
    const summary_row *found = NULL;
    strbuf note = {0};
    for (char *e = strtok_r(copy, "|", &save); e && !found; e = strtok_r(NULL, "|", &save)) {
        const summary_row *s = analysis_summary(a, table, metric, e, bench);
        if (s && s->s.n > 0) {
            found = s;
            v->env = s->c->env;
            if (note.len)
                sb_printf(&note, "%s stands in", e);
        } else if (unsupported_reason(cells, table, e)) {
            sb_printf(&note, "%s: not run: %s; ", e, unsupported_reason(cells, table, e));
        } else if (env_ok(envs, e)) {
            sb_printf(&note, "%s: no %s samples in this table; ", e, metric);
        } else {
            sb_printf(&note, "%s: %s; ", e, env_reason(envs, e));
        }
    }
    snprintf(v->env_note, sizeof v->env_note, "%s", sb_str(&note));
    size_t len = strlen(v->env_note);
    if (!found && len >= 2 && v->env_note[len - 2] == ';')
        v->env_note[len - 2] = '\0';
    sb_free(&note);
    free(copy);
    return found;
}

static void absolute_verdict(const summary_row *s, double claimed, double tol, double bound,
                             verdict *v)
{
    v->measured = s->s.median;
    v->lo = s->s.ci_lo;
    v->hi = s->s.ci_hi;
    if (claimed > 0) {
        v->factor = v->measured / claimed;
        v->factor_lo = v->lo / claimed;
        v->factor_hi = v->hi / claimed;
    }
    double off = v->factor >= 1 ? v->factor : 1 / v->factor;
    if (claimed > 0 && bound > 0 && isfinite(off) && off > bound) {
        snprintf(v->verdict, sizeof v->verdict, "implausible");
        snprintf(v->detail, sizeof v->detail, "measured %.3gx the claim: %.0fx off, beyond the "
                 "stated bound of %gx", v->factor, off, bound);
    } else if (tol > 0 && (isinf(v->lo) || isinf(v->hi))) {
        snprintf(v->verdict, sizeof v->verdict, "inconclusive");
        snprintf(v->detail, sizeof v->detail, "measured %.3gx the claim, but too few samples "
                 "for a bounded CI", v->factor);
    } else if (tol > 0) {
        double band_lo = claimed * (1 - tol), band_hi = claimed * (1 + tol);
        int overlap = v->lo <= band_hi && v->hi >= band_lo;
        snprintf(v->verdict, sizeof v->verdict, "%s", overlap ? "consistent" : "differs");
        snprintf(v->detail, sizeof v->detail, "measured %.3gx the claim; the CI %s the claim "
                 "+/- %.0f%%", v->factor, overlap ? "overlaps" : "lies outside", tol * 100);
    } else {
        snprintf(v->verdict, sizeof v->verdict, "not comparable");
        snprintf(v->detail, sizeof v->detail, "an absolute figure from other hardware: "
                 "measured %.3gx the claim", v->factor);
    }
}

static void ratio_verdict(const comparison *c, double claimed, double alpha, verdict *v)
{
    v->measured = c->ratio.ratio;
    v->lo = c->ratio.lo;
    v->hi = c->ratio.hi;
    v->p_adj = c->p_adj;
    if (!c->ratio.ok) {
        snprintf(v->verdict, sizeof v->verdict, "not measured");
        snprintf(v->detail, sizeof v->detail, "no ratio: a value <= 0");
        return;
    }
    int sig = c->p_adj < alpha;
    if (!(c->ratio.lo > 0) || isinf(c->ratio.hi)) {
        snprintf(v->verdict, sizeof v->verdict, "inconclusive");
        snprintf(v->detail, sizeof v->detail, "measured ratio %.3f, but too few samples for a "
                 "bounded %.0f%% CI", c->ratio.ratio, c->ratio.conf * 100);
        return;
    }
    int claimed_up = claimed > 1, measured_up = c->ratio.ratio > 1;
    int inside = claimed >= c->ratio.lo && claimed <= c->ratio.hi;
    int claims_a_difference = fabs(claimed - 1) > 1e-9;
    if (inside && (sig || !claims_a_difference))
        snprintf(v->verdict, sizeof v->verdict, "reproduced");
    else if (inside) /* the CI holds the claim and no difference alike: nothing is shown */
        snprintf(v->verdict, sizeof v->verdict, "not significant");
    else if (sig && claimed_up == measured_up)
        snprintf(v->verdict, sizeof v->verdict, "direction only");
    else if (!sig)
        snprintf(v->verdict, sizeof v->verdict, "not significant");
    else
        snprintf(v->verdict, sizeof v->verdict, "contradicted");
    snprintf(v->detail, sizeof v->detail, "measured ratio %.3f (%.0f%% CI %.3f to %.3f), "
             "claimed %.3f; adjusted p = %.3g",
             c->ratio.ratio, c->ratio.conf * 100, c->ratio.lo, c->ratio.hi, claimed, c->p_adj);
}

static void count_verdict(const summary_row *s, double claimed, verdict *v)
{
    v->measured = s->s.median;
    v->lo = s->s.min;
    v->hi = s->s.max;
    int equal = s->s.min == claimed && s->s.max == claimed;
    snprintf(v->verdict, sizeof v->verdict, "%s", equal ? "equal" : "differs");
    if (equal)
        snprintf(v->detail, sizeof v->detail, "every sample equals the claim");
    else
        snprintf(v->detail, sizeof v->detail, "samples range %g to %g, claimed %g "
                 "(median differs by %g)", s->s.min, s->s.max, claimed, s->s.median - claimed);
}

/* "bench:<name>" as a ratio claim's baseline compares two benchmarks inside one environment. */
static const char *within_env_baseline(const char *baseline)
{
    return strncmp(baseline, "bench:", 6) == 0 ? baseline + 6 : NULL;
}

void claims_pairs(const tsv_table *claims, bench_pair **pairs, size_t *n)
{
    for (size_t r = 0; r < claims->nrows; r++) {
        const char *base = within_env_baseline(tsv_get(claims, r, "baseline"));
        if (strcmp(tsv_get(claims, r, "kind"), "ratio") != 0 || !base)
            continue;
        char *envs = xstrdup(tsv_get(claims, r, "env")), *save;
        for (char *e = strtok_r(envs, "|", &save); e; e = strtok_r(NULL, "|", &save)) {
            *pairs = xrealloc(*pairs, (*n + 1) * sizeof **pairs);
            (*pairs)[(*n)++] = (bench_pair){xstrdup(tsv_get(claims, r, "table")),
                                            xstrdup(tsv_get(claims, r, "metric")), xstrdup(e),
                                            xstrdup(tsv_get(claims, r, "bench")), xstrdup(base)};
        }
        free(envs);
    }
}

void claims_pairs_free(bench_pair *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(pairs[i].table);
        free(pairs[i].unit);
        free(pairs[i].env);
        free(pairs[i].bench);
        free(pairs[i].base_bench);
    }
    free(pairs);
}

static const char *table_reason(const tsv_table *tables, const char *table)
{
    for (size_t r = 0; r < tables->nrows; r++)
        if (!strcmp(tsv_get(tables, r, "table"), table))
            return tsv_get(tables, r, "reason");
    return "";
}

static void ratio_claim(const analysis *a, const tsv_table *envs, const tsv_table *claims,
                        size_t r, double claimed, verdict *v)
{
#define F(name) tsv_get(claims, r, name)
    const char *base_bench = within_env_baseline(F("baseline"));
    const char *base_env = base_bench ? v->env : F("baseline");
    const comparison *c = analysis_comparison(a, F("table"), F("metric"), v->env, F("bench"),
                                              base_env, base_bench ? base_bench : F("bench"));
    if (c) {
        ratio_verdict(c, claimed, a->alpha, v);
    } else if (base_bench) {
        snprintf(v->verdict, sizeof v->verdict, "not measured");
        snprintf(v->detail, sizeof v->detail, "no samples of %s in %s", base_bench, v->env);
    } else {
        snprintf(v->verdict, sizeof v->verdict, "not measured");
        snprintf(v->detail, sizeof v->detail, "no samples from the baseline %s: %s", base_env,
                 env_reason(envs, base_env));
    }
#undef F
}

int claims_evaluate(const tsv_table *claims, const analysis *a, const tsv_table *envs,
                    const tsv_table *cells, const tsv_table *tables, strbuf *out)
{
    int rc = 0;
    char bufs[24][64];
    size_t nb = 0;
    for (size_t r = 0; r < claims->nrows; r++) {
#define F(name) tsv_get(claims, r, name)
        verdict v = {.measured = NAN, .lo = NAN, .hi = NAN, .factor = NAN, .factor_lo = NAN,
                     .factor_hi = NAN, .p_adj = NAN, .env = ""};
        double claimed, tol, bound;
        const char *kind = F("kind");
        if (num_parse(F("claimed"), &claimed) || num_parse(F("tolerance"), &tol) ||
            num_parse(F("bound"), &bound) || (isnan(claimed) && strcmp(kind, "none") != 0)) {
            log_error_at(claims->path, claims->rows[r].line, "claimed, tolerance or bound is "
                                                              "not a number");
            rc = -1;
            continue;
        }
        const summary_row *s = NULL;
        if (!strcmp(kind, "none")) { /* a claim of a table that describes no experiment */
            snprintf(v.verdict, sizeof v.verdict, "not reproducible");
            snprintf(v.detail, sizeof v.detail, "%s", table_reason(tables, F("table")));
        } else if (!(s = resolve_env(a, envs, cells, F("table"), F("metric"), F("bench"),
                                     F("env"), &v))) {
            snprintf(v.verdict, sizeof v.verdict, "not measured");
            snprintf(v.detail, sizeof v.detail, "%s", v.env_note);
        } else if (!strcmp(kind, "absolute")) {
            absolute_verdict(s, claimed, isnan(tol) ? 0 : tol, isnan(bound) ? 0 : bound, &v);
        } else if (!strcmp(kind, "count")) {
            count_verdict(s, claimed, &v);
        } else if (!strcmp(kind, "ratio")) {
            ratio_claim(a, envs, claims, r, claimed, &v);
        } else {
            log_error_at(claims->path, claims->rows[r].line, "unknown kind \"%s\"", kind);
            rc = -1;
            continue;
        }
        const char *row[] = {F("id"),        F("table"),       F("article_env"), kind,
                             F("metric"),    v.env,            v.env_note,       F("claimed"),
                             F("claimed_text"), NUM(v.measured), NUM(v.lo),       NUM(v.hi),
                             NUM(v.factor),  NUM(v.factor_lo), NUM(v.factor_hi), NUM(v.p_adj),
                             v.verdict,      v.detail,         F("text"),        F("bench")};
        tsv_put_row(out, claims_ncols, row);
#undef F
    }
    return rc;
}
