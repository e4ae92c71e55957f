/* claims_judge.c - one claim, its cells and its interval level -> a verdict, by decide.c.
 *
 * Each kind finds its samples, computes the interval it is judged by at the level its table's
 * family gives (claims.c), and hands that interval to the decision table. Nothing here looks
 * at a p-value to decide: p is reported, the interval decides. */
#include "engine/claims.h"

#include "envnames.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORDER_MAX 8 /* benchmarks in one ordering claim */

const cell *claim_cell(const claim_context *ctx, const claim *c, const char *env, const char *bench)
{
    return cells_find(ctx->cs, c->table, c->metric, env, *bench ? bench : NULL);
}

static double claim_margin(const claim *c)
{
    return isnan(c->margin) ? DECIDE_DEFAULT_MARGIN : c->margin;
}

int claim_baseline(const claim_context *ctx, const claim *c, const char **base_env,
                   const char **base_bench)
{
    *base_bench = !strncmp(c->baseline, "bench:", 6) ? c->baseline + 6 : NULL;
    *base_env = *base_bench                      ? NULL
                : !strcmp(c->baseline, ENV_WSL2) ? claims_wsl2_env(ctx, NULL)
                                                 : c->baseline;
    return *base_bench || *base_env ? 0 : -1;
}

const cell *claim_ratio_base(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    const char *base_env, *base_bench;
    if (claim_baseline(ctx, c, &base_env, &base_bench) != 0) {
        snprintf(j->detail, sizeof j->detail, "no baseline: wsl2 has no light VM here");
        return NULL;
    }
    const cell *base = base_bench ? cells_find(ctx->cs, c->table, c->metric, x->env, base_bench)
                                  : cells_find(ctx->cs, c->table, c->metric, base_env, x->bench);
    if (!base || base->n == 0)
        snprintf(j->detail, sizeof j->detail, "no %s samples of %s in %s", c->metric,
                 base_bench ? base_bench : x->bench, base_bench ? x->env : base_env);
    return base && base->n ? base : NULL;
}

static int all_equal(const cell *a, const cell *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->x[i] != a->x[0])
            return 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->x[i] != a->x[0])
            return 0;
    return 1;
}

/* Splits an order claim's "A>B>C" into cells of x's environment; returns how many (0 when one
 * has no samples, with why in detail). */
static size_t order_cells(const claim_context *ctx, const claim *c, const cell *x, const cell **out,
                          char *detail, size_t dlen)
{
    char *copy = xstrdup(c->bench), *save;
    size_t n = 0;
    for (char *b = strtok_r(copy, ">", &save); b && n < ORDER_MAX; b = strtok_r(NULL, ">", &save)) {
        const cell *k = cells_find(ctx->cs, c->table, c->metric, x->env, b);
        if (!k || !k->n) {
            snprintf(detail, dlen, "no %s samples of %s in %s", c->metric, b, x->env);
            n = 0;
            break;
        }
        out[n++] = k;
    }
    free(copy);
    return n;
}

size_t claim_family_size(const claim_context *ctx, const claim *c, const cell *x)
{
    judgment scratch;
    const cell *order[ORDER_MAX];
    switch (c->kind) {
    case CLAIM_RATIO: {
        const cell *b = claim_ratio_base(ctx, c, x, &scratch);
        return b && !all_equal(x, b);
    }
    case CLAIM_ORDER: {
        size_t n = order_cells(ctx, c, x, order, scratch.detail, sizeof scratch.detail), m = 0;
        for (size_t i = 0; i + 1 < n; i++)
            m += !all_equal(order[i], order[i + 1]);
        return m;
    }
    case CLAIM_SPREAD: return claim_spread_base(ctx, c, x) != NULL;
    case CLAIM_ABSOLUTE: return !isnan(c->tolerance) || !isnan(c->bound);
    case CLAIM_RANGE:
    case CLAIM_THRESHOLD: return 1;
    default: return 0;
    }
}

size_t claim_tests(const claim_context *ctx, const claim *c, const cell *x, double *p, size_t max)
{
    judgment scratch;
    const cell *k[ORDER_MAX + 1];
    size_t n = 0;
    if (c->kind == CLAIM_RATIO) {
        k[0] = claim_ratio_base(ctx, c, x, &scratch);
        k[1] = x;
        n = k[0] ? 2 : 0;
    } else if (c->kind == CLAIM_ORDER) {
        n = order_cells(ctx, c, x, k, scratch.detail, sizeof scratch.detail);
    }
    size_t tests = 0;
    for (size_t i = 0; i + 1 < n && tests < max; i++) {
        stats_mwu u;
        if (!all_equal(k[i], k[i + 1]) &&
            stats_mann_whitney(k[i + 1]->x, k[i + 1]->n, k[i]->x, k[i]->n, &u) == 0)
            p[tests++] = u.p;
    }
    return tests;
}

/* The ratio x / base at level: all values equal on both sides is a known ratio, not a test. */
static int ratio_interval(const cell *base, const cell *x, double level, stats_ratio *r)
{
    if (all_equal(x, base)) {
        *r = (stats_ratio){.ratio = 1,
                           .lo = 1,
                           .hi = 1,
                           .conf = level,
                           .ok = 1,
                           .median_ratio = 1,
                           .coverage = 1,
                           .exact = 1,
                           .log_scale = 1};
        return 0;
    }
    return stats_ratio_blocked(base->x, base->round, base->n, x->x, x->round, x->n, level, r);
}

static const char *pct(double ratio, char *buf, size_t len)
{
    snprintf(buf, len, "%+.1f%%", (ratio - 1) * 100);
    return buf;
}

/* The sentence behind a ratio verdict, with its numbers. */
static void ratio_detail(const claim *c, const stats_ratio *r, decision d, const cell *x,
                         const cell *base, judgment *j)
{
    char a[32], b[32], e[32], interval[160];
    double margin = claim_margin(c);
    snprintf(interval, sizeof interval, "ratio %.4g [%.4g, %.4g] (%s [%s, %s]) at %.4g%%", r->ratio,
             r->lo, r->hi, pct(r->ratio, a, sizeof a), pct(r->lo, b, sizeof b),
             pct(r->hi, e, sizeof e), j->level * 100);
    double worst = fmax(1 - r->lo, r->hi - 1);
    switch (d.how) {
    case HOW_NO_DIFFERENCE: {
        char words[256];
        verdict_no_difference_words(r->ratio, r->lo, r->hi, c->claimed > 1 ? 1 : -1, c->metric,
                                    words, sizeof words);
        snprintf(j->detail, sizeof j->detail, "%s: %s, claimed %.4g (no difference within ±%.0f%%)",
                 words, interval, c->claimed, ceil(worst * 100));
        return;
    }
    case HOW_SMALLER_EFFECT:
    case HOW_LARGER_EFFECT:
        snprintf(j->detail, sizeof j->detail, "a %s effect than claimed: %s, claimed %.4g",
                 d.how == HOW_SMALLER_EFFECT ? "smaller" : "larger", interval, c->claimed);
        return;
    default: break;
    }
    const char *what = "";
    if (d.verdict == VERDICT_REPRODUCED)
        what = decide_is_no_difference(c->claimed) ? "lies inside the band of no difference"
                                                   : "holds the claim and excludes 1";
    else if (d.verdict == VERDICT_CONTRADICTED)
        what = decide_is_no_difference(c->claimed) ? "misses the band of no difference"
                                                   : "lies on the other side of 1";
    else if (d.how == HOW_BAND_OVERLAP)
        what = "overlaps the band of no difference without lying inside it";
    else
        what = "holds both the claim and 1";
    int n = snprintf(j->detail, sizeof j->detail, "%s, claimed %.4g: the interval %s", interval,
                     c->claimed, what);
    if (decide_is_no_difference(c->claimed) && n > 0 && (size_t)n < sizeof j->detail)
        n += snprintf(j->detail + n, sizeof j->detail - (size_t)n, " (1 ± %.0f%%)", margin * 100);
    if (d.verdict != VERDICT_INCONCLUSIVE || n < 0 || (size_t)n >= sizeof j->detail)
        return;
    j->needed_n = decide_samples_needed(c->claimed, r->ratio, r->lo, r->hi, margin,
                                        x->n < base->n ? x->n : base->n);
    if (!isfinite(r->hi) || !(r->lo > 0))
        snprintf(j->detail + n, sizeof j->detail - (size_t)n,
                 "; unbounded with %zu and %zu "
                 "samples: at least %zu a side give a bounded interval at this level",
                 x->n, base->n, stats_ratio_min_n(j->level));
    else if (j->needed_n)
        snprintf(j->detail + n, sizeof j->detail - (size_t)n,
                 "; about %zu samples a side "
                 "would decide it at this spread",
                 j->needed_n);
}

static void judge_ratio(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    const cell *base = claim_ratio_base(ctx, c, x, j);
    stats_ratio r;
    if (!base) {
        j->verdict = VERDICT_NOT_MEASURED;
        return;
    }
    j->n_base = base->n;
    j->base_env = base->env;
    j->base_bench = base->bench;
    if (ratio_interval(base, x, j->level, &r) != 0) {
        j->verdict = VERDICT_NOT_MEASURED;
        snprintf(j->detail, sizeof j->detail, "no ratio: the baseline's median is 0");
        return;
    }
    decision d = decide_ratio(c->claimed, r.lo, r.hi, claim_margin(c));
    j->verdict = d.verdict;
    j->how = d.how;
    j->effect = decide_effect(d.how);
    j->measured = r.ratio;
    j->lo = r.lo;
    j->hi = r.hi;
    j->pairs = r.paired ? r.pairs : 0;
    ratio_detail(c, &r, d, x, base, j);
}

/* The median's interval of x at level: the interval a figure is judged by. */
static int median_interval(const cell *x, double level, judgment *j)
{
    stats_summary s;
    if (stats_summarize(x->x, x->n, level, &s) != 0)
        return -1;
    j->measured = s.median;
    j->lo = s.ci_lo;
    j->hi = s.ci_hi;
    return 0;
}

static void judge_absolute(const claim *c, const cell *x, judgment *j)
{
    if (median_interval(x, j->level, j) != 0)
        return;
    j->factor = j->measured / c->claimed;
    j->factor_lo = j->lo / c->claimed;
    j->factor_hi = j->hi / c->claimed;
    int n = snprintf(j->detail, sizeof j->detail,
                     "measured %.3gx the claim [%.3g, %.3g] at "
                     "%.4g%%",
                     j->factor, j->factor_lo, j->factor_hi, j->level * 100);
    size_t room = n > 0 && (size_t)n < sizeof j->detail ? sizeof j->detail - (size_t)n : 0;
    char *tail = j->detail + (sizeof j->detail - room);
    if (!isnan(c->bound) && (j->factor_lo > c->bound || j->factor_hi < 1 / c->bound)) {
        j->verdict = VERDICT_IMPLAUSIBLE;
        snprintf(tail, room, ": the whole interval lies beyond the physical bound of %gx (%s)",
                 c->bound, c->bound_why);
    } else if (!isnan(c->tolerance)) {
        band_relation b = decide_band(j->lo, j->hi, c->claimed * (1 - c->tolerance),
                                      c->claimed * (1 + c->tolerance));
        j->verdict = b == BAND_INSIDE    ? VERDICT_CONSISTENT
                     : b == BAND_OUTSIDE ? VERDICT_DIFFERS
                                         : VERDICT_INCONCLUSIVE;
        snprintf(tail, room, ": the interval lies %s the claim ± %.0f%%",
                 b == BAND_INSIDE    ? "inside"
                 : b == BAND_OUTSIDE ? "wholly outside"
                                     : "partly in",
                 c->tolerance * 100);
    } else {
        j->verdict = VERDICT_OTHER_HARDWARE;
        /* a stated comparability gives its own reason (apply_comparability): a software
         * quantity never reads as the article's hardware */
        if (c->comparability == COMPARABLE_SAME)
            snprintf(tail, room, ": a figure from the article's hardware, not judged");
    }
}

static void judge_band(const claim *c, const cell *x, judgment *j)
{
    if (median_interval(x, j->level, j) != 0)
        return;
    double lower = isnan(c->lower) ? -INFINITY : c->lower;
    double upper = isnan(c->upper) ? INFINITY : c->upper;
    band_relation b = decide_band(j->lo, j->hi, lower, upper);
    j->verdict = b == BAND_INSIDE    ? VERDICT_REPRODUCED
                 : b == BAND_OUTSIDE ? VERDICT_REFUTED
                                     : VERDICT_INCONCLUSIVE;
    if (b == BAND_OUTSIDE) /* below the band: a smaller figure than claimed */
        j->effect = j->hi < lower ? EFFECT_SMALLER : EFFECT_LARGER;
    snprintf(j->detail, sizeof j->detail,
             "median %.4g [%.4g, %.4g] at %.4g%%: the interval lies "
             "%s [%g, %g]",
             j->measured, j->lo, j->hi, j->level * 100,
             b == BAND_INSIDE    ? "inside"
             : b == BAND_OUTSIDE ? "wholly outside"
                                 : "partly in",
             lower, upper);
}

/* A check between two environments (the A/A control: host-aa against host, claimed 1): the
 * ratio interval holding the claimed ratio passes; excluding it fails, the arms differ and the
 * run's noise floor is above what its intervals assume. */
static void judge_check_ratio(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    const cell *base = claim_ratio_base(ctx, c, x, j);
    stats_ratio r;
    if (!base)
        return;
    if (ratio_interval(base, x, j->level, &r) != 0) {
        snprintf(j->detail, sizeof j->detail, "no ratio of %s to %s", x->env, base->env);
        return;
    }
    j->n_base = base->n;
    j->base_env = base->env; /* its benchmark is the judged one: base_bench stays "" */
    j->pairs = r.paired ? r.pairs : 0;
    j->measured = r.ratio;
    j->lo = r.lo;
    j->hi = r.hi;
    int holds = r.lo <= c->claimed && c->claimed <= r.hi;
    j->verdict = holds ? VERDICT_PASS : VERDICT_FAIL;
    snprintf(j->detail, sizeof j->detail, "%s / %s %.4g [%.4g, %.4g] at %.4g%%: %s %g%s", x->env,
             base->env, r.ratio, r.lo, r.hi, j->level * 100, holds ? "holds" : "excludes",
             c->claimed,
             holds ? "" : ": the two arms differ, so this run's timings are unreliable");
}

/* A check of a band: the median's interval inside [lower, upper] passes, anything else fails. */
static void judge_check_band(const claim *c, const cell *x, judgment *j)
{
    judge_band(c, x, j);
    j->effect = EFFECT_UNSAID;
    if (j->verdict != VERDICT_NOT_MEASURED)
        j->verdict = j->verdict == VERDICT_REPRODUCED ? VERDICT_PASS : VERDICT_FAIL;
}

static void judge_count(const claim *c, const cell *x, judgment *j)
{
    size_t equal = 0;
    double min = INFINITY, max = -INFINITY;
    for (size_t i = 0; i < x->n; i++) {
        equal += x->x[i] == c->claimed;
        min = fmin(min, x->x[i]);
        max = fmax(max, x->x[i]);
    }
    stats_summary s;
    j->measured = stats_summarize(x->x, x->n, 0.5, &s) == 0 ? s.median : NAN;
    j->lo = min;
    j->hi = max;
    if (c->kind == CLAIM_CHECK)
        j->verdict = equal == x->n ? VERDICT_PASS : VERDICT_FAIL;
    else
        j->verdict = decide_count(x->n, equal);
    if (equal == x->n && j->verdict == VERDICT_INCONCLUSIVE)
        snprintf(j->detail, sizeof j->detail,
                 "every sample equals the claim, but %zu of them "
                 "are fewer than the %d an answer needs",
                 x->n, DECIDE_COUNT_MIN_N);
    else if (equal == x->n)
        snprintf(j->detail, sizeof j->detail, "all %zu samples equal %g", x->n, c->claimed);
    else
        snprintf(j->detail, sizeof j->detail, "%zu of %zu samples equal %g; they range %g to %g",
                 equal, x->n, c->claimed, min, max);
}

static void judge_order(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    const cell *k[ORDER_MAX];
    size_t n = order_cells(ctx, c, x, k, j->detail, sizeof j->detail);
    double lo[ORDER_MAX], hi[ORDER_MAX];
    strbuf sb = {0};
    size_t pairs = 0;
    for (size_t i = 0; i + 1 < n; i++, pairs++) {
        stats_ratio r;
        if (ratio_interval(k[i + 1], k[i], j->level, &r) != 0)
            r.lo = r.hi = r.ratio = NAN;
        lo[pairs] = r.lo;
        hi[pairs] = r.hi;
        if (pairs == 0 || r.ratio < j->measured) { /* the weakest link is the headline */
            j->measured = r.ratio;
            j->lo = r.lo;
            j->hi = r.hi;
        }
        sb_printf(&sb, "%s%s / %s %.4g [%.4g, %.4g]", i ? "; " : "", k[i]->bench, k[i + 1]->bench,
                  r.ratio, r.lo, r.hi);
    }
    j->verdict = n ? decide_order(lo, hi, pairs, claim_margin(c)) : VERDICT_NOT_MEASURED;
    if (j->verdict == VERDICT_REFUTED) /* some pair shows no difference */
        j->effect = EFFECT_NONE;
    if (n)
        snprintf(j->detail, sizeof j->detail, "at %.4g%%: %s", j->level * 100, sb_str(&sb));
    sb_free(&sb);
}

/* A check of an ordering (bench "A>B", our set-up forces it: the host's cgroup above one child's
 * Rss): passes when every pair's ratio interval lies above 1, as an order claim is reproduced;
 * a bounded interval that does not fails, for a reading that cannot show what is forced is not
 * working. Too few samples to bound the interval (a smoke sample) decide nothing. */
static void judge_check_order(const claim_context *ctx, const claim *c, const cell *x, judgment *j)
{
    judge_order(ctx, c, x, j);
    j->effect = EFFECT_UNSAID;
    if (j->verdict == VERDICT_INCONCLUSIVE && !(j->lo > 0 && isfinite(j->hi))) {
        j->verdict = VERDICT_NOT_MEASURED;
        size_t used = strlen(j->detail);
        snprintf(j->detail + used, sizeof j->detail - used,
                 "; too few samples to bound the interval: not decided");
    } else if (j->verdict != VERDICT_NOT_MEASURED) {
        j->verdict = j->verdict == VERDICT_REPRODUCED ? VERDICT_PASS : VERDICT_FAIL;
    }
}

void claim_judge(const claim_context *ctx, const claim *c, const cell *x, double level,
                 double p_adj, judgment *j)
{
    j->level = level;
    j->p_adj = p_adj;
    j->n = x->n;
    j->env = x->env;
    j->verdict = VERDICT_NOT_MEASURED;
    switch (c->kind) {
    case CLAIM_RATIO: judge_ratio(ctx, c, x, j); break;
    case CLAIM_ABSOLUTE: judge_absolute(c, x, j); break;
    case CLAIM_RANGE:
    case CLAIM_THRESHOLD: judge_band(c, x, j); break;
    case CLAIM_CHECK:
        strchr(c->bench, '>') ? judge_check_order(ctx, c, x, j)
        : *c->baseline        ? judge_check_ratio(ctx, c, x, j)
        : isnan(c->claimed)   ? judge_check_band(c, x, j)
                              : judge_count(c, x, j);
        break;
    case CLAIM_COUNT: judge_count(c, x, j); break;
    case CLAIM_ORDER: judge_order(ctx, c, x, j); break;
    case CLAIM_SPREAD: claim_judge_spread(ctx, c, x, j); break;
    default: break;
    }
}
