/* precision.h - adaptive sampling to a precision target (collect --precision P).
 *
 * After each round the run so far is analysed as the report will analyse it, and a cell takes
 * another sample only while a ratio interval that a verdict uses (a ratio claim's cells, at the
 * claim's level) is wider than +-P. The rule looks at an interval's width, never at whether it
 * excludes 1: stopping once a result turns significant would bias it. */
#ifndef PRECISION_H
#define PRECISION_H

#include "env.h"
#include "tsv.h"

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

/* The budget's order (docs/verdicts.md "Sampling to a precision target"): the headline (the
 * first ratio claim's comparison, docker/host of T1), then the other comparisons of its table,
 * then the rest. A higher rank is never left while budget remains and takes what is left. */
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

typedef struct {
    double target;         /* relative half-width, 0.02 for +-2% */
    const char *bin_dir;   /* repro-normalize, repro-analyze */
    const char *claims;    /* the claims directory analyze judges with */
    const char *tables;    /* tables.tsv */
    const char *run_dir;   /* the run being collected */
} precision_opts;

typedef struct {
    char *table;
    int cap;
    int min;          /* its cells' minimum */
    int rounds_past;  /* what the run spent past the minimum (precision_spent) */
    double seconds_past;
} prec_cap;

typedef struct {
    precision_opts o;
    char *model_dir, *log_path; /* <run>/env/precision/{model,log} */
    prec_cmp *cmp;
    size_t ncmp;
    prec_cap *caps; /* per table: the most samples a cell takes (PRECISION_MAX_FACTOR x min) */
    size_t ncaps;
    int analysed; /* 1 once a model was read */
    int rank_limit; /* only comparisons of this rank or higher (a lower number) still sample */
} precision;

void precision_init(precision *p, const precision_opts *o);
void precision_free(precision *p);

/* Sets table's cap, PRECISION_MAX_FACTOR times its cells' minimum of min samples: a comparison
 * whose projected need exceeds it is unreachable. Before the first round. */
void precision_cap(precision *p, const char *table, int min);

/* After a round: normalizes and analyses the run so far (into p->model_dir) and updates the
 * comparisons; envs (n of them) say which environments emulate the CPU (never compared). */
void precision_round(precision *p, const env *envs, size_t n);

/* Rebuilds the comparisons from a model directory (claims.tsv, samples.tsv, tables.tsv) and
 * the claims files; skip lists environments left out ("vm,..." of emulated ones). A comparison
 * that was open and got no new sample is stalled. 0, or -1 when the model cannot be read. */
int precision_update(precision *p, const char *model_dir, const char *skip);

/* Whether cell (table, env), past its minimum of min samples, wants sample rep: a comparison
 * it is part of is still open, within the rank limit, and rep is within its cap
 * (PRECISION_MAX_FACTOR * min; PRECISION_RANKED_FACTOR * min for a ranked one). */
int precision_wants(const precision *p, const char *table, const char *env, int rep, int min);

/* What table's cells took past their minimum: rounds, and the seconds those cells ran. */
void precision_spent(precision *p, const char *table, int rounds, double seconds);

/* The budget cannot fit the next round: comparisons below rank limit stop (BUDGET), for good. */
void precision_limit(precision *p, prec_rank limit);

/* Writes <run>/precision.tsv (one row per comparison, with how its sampling ended) and appends
 * run.tsv lines (precision_target, precision_rule, precision_met, and per table
 * precision_bought_<table>: what the budget bought it, in a sentence) to extra. */
int precision_write(const precision *p, int stopped_by_budget, int interrupted, strbuf *extra);

#endif
