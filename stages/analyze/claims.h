/* claims.h - the article's claims as analyze holds them: loaded and validated from
 * data/claims/<table>.tsv (claims_load.c), judged by the decision table (claims.c,
 * claims_judge.c). Format and kinds: docs/formats.md and docs/verdicts.md. */
#ifndef CLAIMS_H
#define CLAIMS_H

#include "analyze/analyze.h"
#include "model.h"
#include "verdict.h"
#include "analyze/decide.h"

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

typedef struct {
    tsv_table file;
    claim *claims;
    size_t n;
} claims_file;

/* Loads and validates one claims file against tables.tsv. Every row becomes a claim (an invalid
 * one keeps its reason, already logged as file:line); -1 when the file cannot be read or any
 * row or the header is invalid. */
int claims_load(const char *path, const tsv_table *tables, claims_file *out);
void claims_file_free(claims_file *f);
/* A comparability's word in claims files and claims.tsv ("same", "analogue", ...). */
const char *claim_comparability_word(comparability k);
/* Validates tables.tsv itself: its columns, known baselines and statuses; -1 (logged) if not. */
int tables_validate(const tsv_table *tables);

/* What a claim is judged with. */
typedef struct {
    const analysis *a;
    const cellset *cs;
    const tsv_table *envs, *cells, *tables, *run, *meta;
    const tsv_table *precision; /* precision.tsv: how collect's sampling of each comparison ended */
} claim_context;

/* The within-environment pairs the comparisons table shows for a file's claims (appended). */
void claims_pairs(const claims_file *f, bench_pair **pairs, size_t *n);
void claims_pairs_free(bench_pair *pairs, size_t n);

/* Every claims file of a directory (claims_set.c), loaded and validated once, with the
 * within-environment pairs the comparisons must include; judged per run. */
typedef struct {
    claims_file *files;
    size_t n;
    bench_pair *pairs;
    size_t npairs;
} claims_set;
/* -1 when the directory cannot be read or a file is invalid (logged as file:line); the valid
 * rows and the invalid ones (with their reasons) are loaded either way. */
int claims_set_load(const char *dir, const tsv_table *tables, claims_set *s);
/* Appends every claim's row (claims_header's columns) to out. */
void claims_set_judge(const claims_set *s, const claim_context *ctx, strbuf *out);
void claims_set_free(claims_set *s);

/* The environment that stands for the article's WSL2 here (a Linux kernel in a light VM): host
 * where the host is a VM guest, else vm when it ran under KVM, else NULL; why is appended to
 * note (when not NULL) either way. */
const char *claims_wsl2_env(const claim_context *ctx, strbuf *note);

/* Verdicts for every claim of one file (one article table, one family of interval judgments);
 * appends rows (columns: claims_header) to out. */
void claims_judge_file(const claims_file *f, const claim_context *ctx, strbuf *out);

/* Between claims.c (which resolves environments and the family) and claims_judge.c (which
 * applies the decision table to one claim). */
#include "analyze/decide.h"

typedef struct {
    verdict_kind verdict;
    decision_how how;
    verdict_effect effect; /* refuted: no effect, or an effect of another size */
    double measured, lo, hi, level; /* the estimate and the interval the verdict used */
    double factor, factor_lo, factor_hi, p_adj;
    size_t n, n_base, needed_n;
    const char *env; /* the environment judged ("" when none) */
    /* A ratio's baseline cell, as comparisons.tsv names it ("" when none): render links the
     * claim to its comparison by these keys, never by the numbers. */
    const char *base_env, *base_bench;
    char env_note[512], detail[768];
} judgment;

/* The cell of a claim's (table, metric, env, bench); bench "" is the table's first. */
const cell *claim_cell(const claim_context *ctx, const claim *c, const char *env,
                       const char *bench);
/* A ratio claim's two cells, or NULL (with why in j->detail). */
const cell *claim_ratio_base(const claim_context *ctx, const claim *c, const cell *x, judgment *j);
/* How many interval judgments the claim adds to its table's family (0: none), and the
 * Mann-Whitney p-values of its tests (at most max; returns how many). */
size_t claim_family_size(const claim_context *ctx, const claim *c, const cell *x);
size_t claim_tests(const claim_context *ctx, const claim *c, const cell *x, double *p, size_t max);
/* Applies the decision table at interval level `level`; p_adj is the claim's family-adjusted p
 * (NAN when it has no test). */
void claim_judge(const claim_context *ctx, const claim *c, const cell *x, double level,
                 double p_adj, judgment *j);

#endif
