/* engine/claims.h - claim judging: the article's claims (as a loader made them: analyze's
 * claims_load.c) judged against a run's cells by the decision table, one article table at a
 * time as one family (claims.c), one claim at a time (claims_judge.c). Nothing here reads or
 * writes a file: each judgment goes to a sink (analyze's claims_out.c writes claims.tsv's
 * rows). Kinds and rules: docs/formats.md and docs/verdicts.md. */
#ifndef ENGINE_CLAIMS_H
#define ENGINE_CLAIMS_H

#include "engine/decide.h"
#include "engine/engine.h"
#include "model.h"
#include "strbuf.h"
#include "verdict.h"

/* claim_kind, its words: model.h. */

typedef struct {
    const char *path;
    long line;
    /* Fields of the row (pointers into the loaded table). */
    const char *id, *table, *article_env, *metric, *env, *baseline, *claimed_text, *text, *bench,
        *bound_why;
    claim_kind kind;
    comparability comparability; /* same unless the claims file says otherwise */
    const char *comparability_why; /* its reason ("" for same) */
    double claimed, margin, tolerance, lower, upper, bound; /* NAN when empty */
    char invalid[256]; /* why the row cannot be judged ("" when valid) */
} claim;

/* What a claim is judged with. */
typedef struct {
    const analysis *a;
    const cellset *cs;
    const tsv_table *envs, *cells, *tables, *run, *meta;
    /* precision.tsv, bound to precision_schema (run_load_precision): how collect's sampling of
     * each comparison ended; NULL or no rows for a run without it */
    const tsv_table *precision;
    /* The environments as the caller's data names them (analyze and runset: data/envs.tsv,
     * env_baseline and env_name_caps): the plain process on this machine, which "wsl2" maps
     * to where the host is itself a VM guest, and what each environment can do (env_cap bits:
     * the one with its own kernel stands for WSL2 under KVM; NULL: none has). */
    const char *plain_env;
    unsigned (*env_caps)(const char *env);
} claim_context;

/* The within-environment pairs the comparisons table shows for claims c[0..n-1] (appended). */
void claims_pairs(const claim *c, size_t n, bench_pair **pairs, size_t *npairs);
void claims_pairs_free(bench_pair *pairs, size_t n);

/* The environment that stands for the article's WSL2 here (a Linux kernel in a light VM): host
 * where the host is a VM guest, else vm when it ran under KVM, else NULL; why is appended to
 * note (when not NULL) either way. */
const char *claims_wsl2_env(const claim_context *ctx, strbuf *note);

typedef struct {
    verdict_kind verdict;
    decision_how how;
    verdict_effect effect; /* refuted: no effect, or an effect of another size */
    double measured, lo, hi, level; /* the estimate and the interval the verdict used */
    double factor, factor_lo, factor_hi, p_adj;
    size_t n, n_base, needed_n;
    size_t pairs;    /* a ratio paired by round (docs/verdicts.md "Blocked rounds"): the rounds
                        its interval used; 0: the two samples were compared as independent */
    const char *env; /* the environment judged ("" when none) */
    /* A ratio's baseline cell, as comparisons.tsv names it ("" when none): render links the
     * claim to its comparison by these keys, never by the numbers. */
    const char *base_env, *base_bench;
    /* Against the run's precision target (collect --precision): the interval's half-width (NAN
     * when it has none), the target ("" when the run had none or the claim no width) and
     * "met", or why sampling ended short of it ("" with no target). */
    double half;
    const char *target, *precision;
    char env_note[512], detail[768];
} judgment;

/* Told of each claim's judgment, in the claims' order; family is the size of its table's
 * family of interval judgments. */
typedef struct {
    void *ctx;
    void (*judged)(void *ctx, const claim *c, const judgment *j, size_t family);
} judgment_sink;

/* Verdicts for claims c[0..n-1], one article table's (one family of interval judgments). */
void claims_judge(const claim *c, size_t n, const claim_context *ctx, const judgment_sink *out);

/* Between claims.c (which resolves environments and the family) and claims_judge.c (which
 * applies the decision table to one claim). */

/* The cell of a claim's (table, metric, env, bench); bench "" is the table's first. */
const cell *claim_cell(const claim_context *ctx, const claim *c, const char *env,
                       const char *bench);
/* A ratio claim's baseline as its verdict takes it (claim_ratio_base; collect's precision
 * target through claim_comparisons): for a claim between benchmarks ("bench:<b>") *base_bench
 * is b and *base_env NULL (the judged cell's own environment); otherwise *base_env is its
 * baseline environment ("wsl2" resolved by claims_wsl2_env) and *base_bench NULL (the same
 * benchmark). -1 when "wsl2" has no stand-in here. */
int claim_baseline(const claim_context *ctx, const claim *c, const char **base_env,
                   const char **base_bench);
/* A ratio claim's two cells, or NULL (with why in j->detail). */
const cell *claim_ratio_base(const claim_context *ctx, const claim *c, const cell *x, judgment *j);
/* How many interval judgments the claim adds to its table's family (0: none), and the
 * Mann-Whitney p-values of its tests (at most max; returns how many). */
size_t claim_family_size(const claim_context *ctx, const claim *c, const cell *x);
size_t claim_tests(const claim_context *ctx, const claim *c, const cell *x, double *p, size_t max);
/* A spread claim's baseline cell (its claims file's "table:<T>": that table's cell of the same
 * metric, environment and benchmark), or NULL when either side has fewer than 2 samples. */
const cell *claim_spread_base(const claim_context *ctx, const claim *c, const cell *x);
/* Judges a spread claim (claims_spread.c): the spread of x against its baseline's, over the
 * rounds both cells ran where they record rounds. */
void claim_judge_spread(const claim_context *ctx, const claim *c, const cell *x, judgment *j);
/* Applies the decision table at interval level `level`; p_adj is the claim's family-adjusted p
 * (NAN when it has no test). */
void claim_judge(const claim_context *ctx, const claim *c, const cell *x, double level,
                 double p_adj, judgment *j);

#endif
