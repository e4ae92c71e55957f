/* precision.c - the precision target's rule (engine/precision.h; docs/verdicts.md "Sampling
 * to a precision target"), on structs: collect's precision.c feeds it the model of the run so
 * far, as analyze wrote it.
 *
 * The claim-relevant comparisons of a table are its ratio claims' cells: for a claim between
 * environments, every environment of the table against the baseline the claim is judged
 * against (claim_baseline: its `wsl2` resolved as its verdict resolves it), so docker/host and
 * oci/host both, whichever the claim judges; for a claim between two benchmarks, that pair in
 * the claim's environment. Each gets the interval of stats_ratio_blocked (paired by round where
 * both arms ran in the same rounds, else two-sample Hodges-Lehmann) at the level the claim was
 * judged at (its table's family level): the interval the verdict will use. A comparison whose
 * cells stop growing (retired, failed) is stalled, not waited for; outside the headline's
 * table, one whose projected need is beyond its table's cap is unreachable and stops, so the
 * budget goes to comparisons that can meet the target (a rule on width alone, like the
 * target); the headline's table goes on until the budget, which leaves the lowest ranks first,
 * stops it. */
#include "engine/precision.h"

#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t claim_comparisons(const claim_context *ctx, const claim *c, const char *env,
                         const char *bench, const char *const *envs, size_t nenvs,
                         claim_cmp *out)
{
    const char *base_env, *base_bench;
    if (c->invalid[0] || c->kind != CLAIM_RATIO ||
        claim_baseline(ctx, c, &base_env, &base_bench) != 0)
        return 0;
    if (base_bench) {
        if (!*env)
            return 0;
        out[0] = (claim_cmp){env, bench, env, base_bench};
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < nenvs; i++)
        if (strcmp(envs[i], base_env))
            out[n++] = (claim_cmp){envs[i], bench, base_env, bench};
    return n;
}

static int same_cmp(const prec_cmp *a, const prec_cmp *b)
{
    return !strcmp(a->table, b->table) && !strcmp(a->unit, b->unit) && !strcmp(a->env, b->env) &&
           !strcmp(a->bench, b->bench) && !strcmp(a->base_env, b->base_env) &&
           !strcmp(a->base_bench, b->base_bench);
}

void prec_add(prec_cmp **out, size_t *n, const prec_cmp *c)
{
    for (size_t i = 0; i < *n; i++) {
        prec_cmp *o = &(*out)[i];
        if (same_cmp(o, c)) {
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

void prec_free(prec_cmp *c, size_t n)
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

/* The samples a side at which a half-width of half now (n and nb samples) would be the
 * target, if both sides grew: half-widths shrink as sqrt(1/n + 1/nb). From few samples this
 * overstates the need (by 15-50% at n = 6-10 in simulation: the exact critical rank and the
 * noise of the width), hence the margin before a comparison counts as unreachable. */
static double projected_need(double half, double target, size_t n, size_t nb)
{
    return 2 * (half / target) * (half / target) / (1.0 / (double)n + 1.0 / (double)nb);
}

void prec_measure(prec_cmp *c, const double *b, const long *rb, size_t nb, const double *x,
                  const long *rx, size_t nx, double target)
{
    stats_ratio r;
    c->n = nx;
    c->n_base = nb;
    c->ratio = c->lo = c->hi = c->need = NAN;
    c->half = INFINITY;
    if (nx && nb && stats_ratio_blocked(b, rb, nb, x, rx, nx, c->level, &r) == 0) {
        c->ratio = r.ratio;
        c->lo = r.lo;
        c->hi = r.hi;
        c->half = stats_ratio_half_width(&r);
    }
    /* An interval still unbounded (too few samples for its level) has no width to project
     * from: it needs the samples that bound it, so it stays open unless those exceed the cap. */
    c->need = isfinite(c->half) ? projected_need(c->half, target, nx, nb)
                                : (double)stats_ratio_min_n(c->level);
    /* met only with the table's minimum on both sides: an interval of fewer samples can be
     * narrow by chance (run 20261207-023627: host-aa / host "met" +-1.49% at 5 + 5) */
    size_t min = c->cap > 0 ? (size_t)(c->cap / PRECISION_MAX_FACTOR) : 0;
    c->state = c->half <= target && nx >= min && nb >= min ? PREC_MET : PREC_OPEN;
    if (c->state == PREC_OPEN && c->rank == PREC_RANK_REST && c->cap > 0 &&
        c->need > (isfinite(c->half) ? PRECISION_UNREACHABLE_MARGIN : 1) * c->cap)
        c->state = PREC_UNREACHABLE;
}

void prec_carry(const prec_cmp *prev, size_t nprev, prec_cmp *c)
{
    for (size_t i = 0; i < nprev; i++) {
        const prec_cmp *o = &prev[i];
        if (!same_cmp(o, c))
            continue;
        /* met holds only while the interval over every sample its cells took stays within
         * the target: cells that sampled on for another comparison can widen it (run
         * 20261207-124639: host-aa / host +-0.77% at 6 + 6, met, then +-2.23% over 21 + 21),
         * and then it is measured afresh, open again, so its rank takes the rounds first */
        if (o->state == PREC_MET && (c->n > o->n || c->n_base > o->n_base))
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

void prec_rank_all(prec_cmp *c, size_t n, const prec_cmp *h)
{
    for (size_t i = 0; i < n; i++) {
        int headline = *h->env && !strcmp(c[i].table, h->table) && !strcmp(c[i].unit, h->unit) &&
                       !strcmp(c[i].env, h->env) && !strcmp(c[i].base_env, h->base_env) &&
                       !strcmp(c[i].bench, h->bench);
        c[i].rank = headline                        ? PREC_RANK_HEADLINE
                    : !strcmp(c[i].table, h->table) ? PREC_RANK_TABLE
                                                    : PREC_RANK_REST;
    }
}

/* Whether c may still take samples: open, within the budget's rank limit, sampled on both sides
 * (its cells are in the run), and short of its cap
 * (c->cap is its table's, PRECISION_MAX_FACTOR times the minimum; a ranked comparison's is
 * PRECISION_RANKED_FACTOR times the minimum; 0: no cap set). */
int prec_measurable(const prec_cmp *c)
{
    return c->n && c->n_base;
}

static int still_sampling(const prec_cmp *c, int rank_limit)
{
    if (c->state != PREC_OPEN || (int)c->rank > rank_limit || !prec_measurable(c))
        return 0; /* (no sample of one side: its cells are not in this run) */
    if (c->cap <= 0)
        return 1;
    size_t cap = (size_t)(c->rank == PREC_RANK_REST
                              ? c->cap
                              : c->cap / PRECISION_MAX_FACTOR * PRECISION_RANKED_FACTOR);
    return c->n < cap || c->n_base < cap;
}

int prec_wants(const prec_cmp *c, size_t n, int rank_limit, const char *table, const char *env,
               int rep, int min)
{
    /* Past the minimum the rounds go to the highest rank still sampling (the headline and its
     * A/A control, then the rest of its table, then the other tables): a higher rank is the
     * first to take what is left, not one sharer among many. */
    int top = PREC_RANKS;
    for (size_t i = 0; i < n; i++)
        if (still_sampling(&c[i], rank_limit) && (int)c[i].rank < top)
            top = (int)c[i].rank;
    for (size_t i = 0; i < n; i++) {
        int cap = (c[i].rank == PREC_RANK_REST ? PRECISION_MAX_FACTOR : PRECISION_RANKED_FACTOR) *
                  min;
        /* the headline's comparisons (the headline and its A/A control) sample together while
         * one of them is open: the A/A arm takes the headline's rounds and n (issue 22) */
        int sampling = c[i].state == PREC_OPEN ||
                       (top == PREC_RANK_HEADLINE && c[i].state == PREC_MET);
        if (sampling && prec_measurable(&c[i]) && (int)c[i].rank == top && rep <= cap &&
            !strcmp(c[i].table, table) && (!strcmp(c[i].env, env) || !strcmp(c[i].base_env, env)))
            return 1;
    }
    return 0;
}

void prec_limit(prec_cmp *c, size_t n, prec_rank limit)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].state == PREC_OPEN && c[i].rank > limit)
            c[i].state = PREC_BUDGET;
}
