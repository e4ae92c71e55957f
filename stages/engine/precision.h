/* engine/precision.h - the precision target's rule (collect --precision P; docs/verdicts.md
 * "Sampling to a precision target"): which comparisons a ratio claim implies, each one's
 * interval now and the samples its target projects, whether it is met, open or cannot get
 * there, the budget's order, and which cell wants another sample. Pure: collect's precision.c
 * reads the model analyze wrote into these structs, and precision_write.c writes what they
 * end with.
 *
 * A cell takes another sample only while a ratio interval that a verdict uses (a ratio claim's
 * cells, at the claim's level) is wider than +-P. The rule looks at an interval's width, never
 * at whether it excludes 1: stopping once a result turns significant would bias it. */
#ifndef ENGINE_PRECISION_H
#define ENGINE_PRECISION_H

#include "engine/claims.h"

#include <stddef.h>

/* A cell takes at most this many times its minimum samples; a comparison is unreachable when
 * its projected need exceeds the cap by this factor (a projection from few samples runs high).
 * The ranked comparisons (below) are never unreachable: only the budget stops them, and
 * PRECISION_RANKED_FACTOR times the minimum bounds a run without one. */
enum { PRECISION_MAX_FACTOR = 4, PRECISION_UNREACHABLE_MARGIN = 2, PRECISION_RANKED_FACTOR = 12 };

/* OPEN: still sampling; MET: within the target; STALLED: its cells took no new sample;
 * UNREACHABLE: at the rate half-widths shrink (1/sqrt(n)) the target needs more than
 * PRECISION_UNREACHABLE_MARGIN times the samples the cap allows, so its cells stop and leave the
 * budget to comparisons that can get there; BUDGET: the budget could not fit its cells with the
 * higher-ranked ones' and left it. Every state but OPEN is final: a comparison that stopped
 * never samples again (its arms keep the rounds they shared). */
typedef enum { PREC_OPEN, PREC_MET, PREC_STALLED, PREC_UNREACHABLE, PREC_BUDGET } prec_state;

/* The budget's order: the headline (the first ratio claim's comparison, docker/host of T1),
 * then the other comparisons of its table, then the rest. A higher rank is never left while
 * budget remains and takes what is left. */
typedef enum { PREC_RANK_HEADLINE, PREC_RANK_TABLE, PREC_RANK_REST, PREC_RANKS } prec_rank;

/* One claim-relevant comparison: (table, unit) of env/bench against base_env/base_bench. */
typedef struct {
    char *table, *unit, *env, *bench, *base_env, *base_bench, *claim;
    double level;      /* the verdict's level (claims.tsv: the table's family level) */
    size_t n, n_base;  /* samples so far */
    double ratio, lo, hi, half; /* the Hodges-Lehmann ratio, its interval, the half-width */
    double need; /* samples a side the target needs, 2 (half/target)^2 / (1/n + 1/n_base); or,
                    while the interval is unbounded, the fewest that bound it */
    int cap;           /* its table's sample cap (0: none set) */
    prec_state state;
    prec_rank rank;
} prec_cmp;

/* One comparison a claim implies (pointers into the claim and the caller's names). */
typedef struct {
    const char *env, *bench, *base_env, *base_bench;
} claim_cmp;

/* The comparisons ratio claim c implies, its baseline resolved by claim_baseline (as its
 * verdict resolves it): between benchmarks ("bench:<b>"), bench against b in env, the
 * environment the claim was judged in ("": none, not judged yet); between environments, bench
 * in each of envs[0..nenvs-1] but the baseline, against the baseline (none when "wsl2" has no
 * stand-in here: never the table's baseline instead). Returns how many it wrote to out (room
 * for nenvs + 1); 0 for an invalid claim or one of another kind. */
size_t claim_comparisons(const claim_context *ctx, const claim *c, const char *env,
                         const char *bench, const char *const *envs, size_t nenvs,
                         claim_cmp *out);

/* Adds c to out (copying its strings) unless the same comparison is there: then the stricter
 * (higher) level of the two stays. */
void prec_add(prec_cmp **out, size_t *n, const prec_cmp *c);
void prec_free(prec_cmp *c, size_t n);

/* c's interval now from the baseline's samples b (rounds rb, NULL: not recorded) and its own x
 * (rx), at c->level, and its state against target: met (only with its table's minimum,
 * c->cap / PRECISION_MAX_FACTOR, on both sides), open, or (a comparison of rank
 * PREC_RANK_REST whose projected need is beyond PRECISION_UNREACHABLE_MARGIN times c->cap, or
 * whose unbounded interval needs more than c->cap to be bounded) unreachable. */
void prec_measure(prec_cmp *c, const double *b, const long *rb, size_t nb, const double *x,
                  const long *rx, size_t nx, double target);

/* Carries the previous round (prev[0..nprev-1]) over: a final state stays, with the numbers
 * it stopped at (its cells may go on for another comparison), except met: a met comparison
 * whose cells took new samples keeps its fresh measurement, open again when that is wider than
 * the target; an open one with no new sample since is stalled. */
void prec_carry(const prec_cmp *prev, size_t nprev, prec_cmp *c);

/* Whether both sides of c have samples in this run: one that has none (an environment the run
 * left out) is not measurable, takes no rounds and is left out of the counts. */
int prec_measurable(const prec_cmp *c);

/* Ranks c[0..n-1] against the headline h (its table and unit, env, bench and base_env; env ""
 * when it has none: then only its table's rank is given). */
void prec_rank_all(prec_cmp *c, size_t n, const prec_cmp *h);

/* Whether cell (table, env), past its minimum of min samples, wants sample rep: a comparison
 * it is part of is still open (or met, while the headline's rank is the one sampling: the
 * headline and its A/A control take the same rounds), of the highest rank (at most rank_limit)
 * that any comparison still sampling has, and rep is within its cap (PRECISION_MAX_FACTOR * min;
 * PRECISION_RANKED_FACTOR * min for a ranked one): the headline first, then its table, then
 * the rest. */
int prec_wants(const prec_cmp *c, size_t n, int rank_limit, const char *table, const char *env,
               int rep, int min);

/* Open comparisons below rank limit stop (BUDGET), for good. */
void prec_limit(prec_cmp *c, size_t n, prec_rank limit);

#endif
