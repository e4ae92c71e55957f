/* claims.c - a verdict for every claim of the article, from the measured summaries and
 * comparisons. The rules (docs/formats.md#verdicts):
 *   (either)  inconclusive when too few samples give an unbounded CI
 *   ratio     reproduced (claimed value inside the ratio's CI) | direction only (significant
 *             after Holm in the claimed direction, CI excludes the claim) | not significant |
 *             contradicted (significant the other way)
 *   absolute  implausible (beyond the stated factor) | consistent / differs (CI against the
 *             claim's tolerance band) | not comparable (timing on other hardware, shown as a
 *             factor)
 *   count     equal | differs, by how much
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
    "p_adj",    "verdict",   "detail",    "text"};
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

/* Picks the first environment of "a|b|c" that has samples for table/metric. */
static const summary_row *resolve_env(const analysis *a, const tsv_table *envs,
                                      const char *table, const char *metric, const char *list,
                                      verdict *v)
{
    char *copy = xstrdup(list), *save;
    const summary_row *found = NULL;
    strbuf note = {0};
    for (char *e = strtok_r(copy, "|", &save); e && !found; e = strtok_r(NULL, "|", &save)) {
        const summary_row *s = analysis_summary(a, table, metric, e);
        if (s && s->s.n > 0) {
            found = s;
            v->env = s->c->env;
            if (note.len)
                sb_printf(&note, "%s stands in", e);
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
    if (claimed >= c->ratio.lo && claimed <= c->ratio.hi)
        snprintf(v->verdict, sizeof v->verdict, "reproduced");
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

int claims_evaluate(const tsv_table *claims, const analysis *a, const tsv_table *envs,
                    strbuf *out)
{
    int rc = 0;
    char bufs[24][64];
    size_t nb = 0;
    for (size_t r = 0; r < claims->nrows; r++) {
#define F(name) tsv_get(claims, r, name)
        verdict v = {.measured = NAN, .lo = NAN, .hi = NAN, .factor = NAN, .factor_lo = NAN,
                     .factor_hi = NAN, .p_adj = NAN, .env = ""};
        double claimed, tol, bound;
        if (num_parse(F("claimed"), &claimed) || num_parse(F("tolerance"), &tol) ||
            num_parse(F("bound"), &bound) || isnan(claimed)) {
            log_error_at(claims->path, claims->rows[r].line, "claimed, tolerance or bound is "
                                                              "not a number");
            rc = -1;
            continue;
        }
        const char *kind = F("kind");
        const summary_row *s = resolve_env(a, envs, F("table"), F("metric"), F("env"), &v);
        if (!s) {
            snprintf(v.verdict, sizeof v.verdict, "not measured");
            snprintf(v.detail, sizeof v.detail, "%s", v.env_note);
        } else if (!strcmp(kind, "absolute")) {
            absolute_verdict(s, claimed, isnan(tol) ? 0 : tol, isnan(bound) ? 0 : bound, &v);
        } else if (!strcmp(kind, "count")) {
            count_verdict(s, claimed, &v);
        } else if (!strcmp(kind, "ratio")) {
            const comparison *c = analysis_comparison(a, F("table"), F("metric"), v.env);
            if (c && strcmp(c->base->env, F("baseline")) == 0) {
                ratio_verdict(c, claimed, a->alpha, &v);
            } else {
                snprintf(v.verdict, sizeof v.verdict, "not measured");
                snprintf(v.detail, sizeof v.detail, "no samples from the baseline %s: %s",
                         F("baseline"), env_reason(envs, F("baseline")));
            }
        } else {
            log_error_at(claims->path, claims->rows[r].line, "unknown kind \"%s\"", kind);
            rc = -1;
            continue;
        }
        const char *row[] = {F("id"), F("table"), F("article_env"), kind, F("metric"), v.env, v.env_note,
                             F("claimed"), F("claimed_text"), NUM(v.measured), NUM(v.lo),
                             NUM(v.hi), NUM(v.factor), NUM(v.factor_lo), NUM(v.factor_hi),
                             NUM(v.p_adj), v.verdict, v.detail, F("text")};
        tsv_put_row(out, claims_ncols, row);
#undef F
    }
    return rc;
}
