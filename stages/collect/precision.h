/* precision.h - adaptive sampling to a precision target (collect --precision P).
 *
 * After each round the run so far is analysed as the report will analyse it (normalize and
 * analyze run as programs), and the engine's rule (engine/precision.h) says which cells take
 * another sample: only while a ratio interval that a verdict uses (a ratio claim's cells, at
 * the claim's level) is wider than +-P. */
#ifndef PRECISION_H
#define PRECISION_H

#include "analyze/claims.h"
#include "engine/precision.h"
#include "env.h"
#include "tsv.h"

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
    /* tables.tsv and the claims files, read once by analyze's loader (claims_set_load) the
     * first time a model is read: loaded = 1, or -1 when they could not be */
    int loaded;
    tsv_table tables;
    claims_set claims;
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

/* Rebuilds the comparisons from a model directory (claims.tsv for the level and environment
 * each claim was judged at, samples.tsv, and run.tsv, envs.tsv and meta.tsv, which resolve
 * "wsl2") and the claims (the comparisons each implies: the engine's claim_comparisons); skip
 * lists environments left out ("vm,..." of emulated ones). A comparison that was open and got
 * no new sample is stalled. 0, or -1 when the model or the claims cannot be read. */
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
 * precision_bought_<table>: what the budget bought it, in a sentence) to extra. budget_rounds:
 * the rounds run when the budget ended the run, 0 when it did not. */
int precision_write(const precision *p, int budget_rounds, int interrupted, strbuf *extra);

#endif
