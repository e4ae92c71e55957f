/* report.h - the report model every renderer walks (as cmark's renderers walk one node tree).
 *
 * report_load (report_load.c, report_rows.c) reads the analysis directory once and builds
 * this: settings and provenance, environments with their flags, per article table its metrics,
 * its rows (the article's and one per environment and benchmark, each cell a median with its
 * CI and n, or the reason it is empty), its comparisons and its claims linked to them by key,
 * the run's problems, the verdict tally and the headline claim. Nothing here is computed again
 * by a renderer; verdicts, kinds and flags are enums. Renderers: report_doc.c builds the
 * document md.c and html.c write, xlsx*.c the workbook, plot*.c the charts. */
#ifndef REPORT_H
#define REPORT_H

#include "figure.h"
#include "model.h"
#include "tsv.h"
#include "verdict.h"

#include <stddef.h>

typedef enum { REP_ADJUST_HOLM, REP_ADJUST_BH, REP_ADJUST_UNKNOWN } rep_adjust;

/* What the run was analysed with, and who judged it: the words every format states. */
typedef struct {
    double conf, alpha; /* NAN when not recorded */
    rep_adjust adjust;
    char level[32];          /* "95%", or "(level not recorded)" */
    char alpha_text[32];     /* "0.05", or "(α not recorded)" */
    const char *adjust_name; /* "Holm", "Benjamini–Hochberg", "(adjustment not recorded)" */
    const char *run_id, *profile, *reps, *tool_revision, *judged_with;
    char samples[512]; /* the samples per cell as taken, per table ("T1: 10-17, T2.1: 6"), and
                        * the rule: "at least 10, more while ..." for a precision target */
    const char *host_vm_guest; /* run.tsv's host_is_vm_guest text; is_vm_guest: it says yes */
    int is_vm_guest;
} rep_settings;

typedef struct {
    const char *name, *status, *reason, *what;
    int ok;               /* status "ok" */
    const char *emulated; /* meta "emulated" ("yes (TCG): ...") or NULL: timings not comparable */
} rep_env;

/* Why a row or a cell has no number. */
typedef enum {
    WHY_NONE,
    WHY_ENV_UNAVAILABLE, /* the environment could not run (envs.tsv) */
    WHY_UNSUPPORTED,     /* the table does not run there (cells.tsv rep 0 "unsupported") */
    WHY_ALL_FAILED,      /* every cell failed */
    WHY_NO_BENCH,        /* no samples of this benchmark in this environment */
    WHY_NO_SAMPLES,
    WHY_METRIC_UNMEASURED /* the table's metric has no samples anywhere */
} rep_why;

typedef struct {
    int has; /* a summary row */
    long n;
    double median, lo, hi, mean, sd, cv, min, max;
    long outliers_mild, outliers_extreme;
    const char *warnings;
} rep_cell;

typedef struct {
    size_t env;
    const char *bench; /* the row's benchmark ("" for an environment row without samples) */
    char *label;       /* "docker", or "host — Read4K/fs=own" */
    rep_cell *cells;   /* one per metric of the table */
    long n;            /* the first metric's n with samples, else 0 */
    rep_why why;
    char *reason;              /* why it is empty; "" when it has samples */
    size_t failed;             /* failed cells of this environment in this table */
    const char *failed_detail; /* the first one's */
    int not_comparable;        /* the environment's CPU was emulated */
    char *note;                /* the row's notes: flags, the reason or the spread */
} rep_row;

typedef struct {
    char *label;          /* "article: WSL2" */
    const char **claimed; /* per metric the article's figure, "" when none */
} rep_article_row;

typedef struct {
    const char *unit, *name; /* "ns/op", "time/op" */
    int measured;            /* some environment has samples of it */
    char *reason;            /* when not: "peak RSS not measured: why" */
} rep_metric;

typedef struct {
    const char *unit, *env, *baseline, *bench, *baseline_bench, *significant, *warnings;
    double ratio, lo, hi, p, p_adj;
    long n, n_base;
    int geomean, within; /* over the benchmarks; two benchmarks of one environment */
    int not_comparable;  /* either side emulated and the metric is a time */
    long claim;          /* the first ratio claim judged with it, or -1 */
} rep_cmp;


typedef struct {
    const char *id, *article_env, *metric, *env, *env_note, *claimed_text, *text, *bench;
    const char *detail, *baseline, *baseline_bench;
    size_t table;
    claim_kind kind; /* model.h */
    verdict_kind verdict;
    verdict_effect effect; /* refuted: no effect or another size (UNSAID in older models) */
    double claimed, measured, lo, hi, level, factor, p_adj;
    double half_width, target; /* collect --precision: achieved and wanted (NAN: none) */
    const char *precision;     /* "met", "budget ran out", ... ("" without --precision) */
    long n, n_base;
    long pairs;  /* paired by round: the rounds its interval used; 0: two independent samples */
    long cmp;    /* its comparison in its table's cmps, or -1 */
    int invalid; /* analyze could not judge the row (its file:line is in detail) */
    char anchor[96];
} rep_claim;


typedef struct {
    const char *env, *what, *reason;
} rep_note;

typedef struct {
    const char *id, *title, *section, *baseline, *note, *article_envs;
    int not_reproducible, measured, in_run;
    char *reason; /* no samples: why (every reason, not the first) */
    rep_metric *metrics;
    size_t nmetrics;
    const char **benches;
    size_t nbenches;
    rep_article_row *arows;
    size_t narows;
    rep_row *rows;
    size_t nrows;
    rep_cmp *cmps;
    size_t ncmps;
    size_t *claims, nclaims; /* article claims (indices into report.claims) */
    size_t *checks, nchecks; /* harness checks */
    rep_note *notes;
    size_t nnotes;
    rep_figure *figs;
    size_t nfigs;
    char anchor[64], claims_anchor[80];
} rep_table;

typedef enum {
    PROBLEM_ENV_UNAVAILABLE,
    PROBLEM_FAILED_CELLS,
    PROBLEM_NOT_COMPARABLE,
    PROBLEM_METRIC_UNMEASURED,
    PROBLEM_INVALID_CLAIM,
    PROBLEM_RUN_CUT,
    PROBLEM_FIGURE,
    PROBLEM_INPUT_ERROR /* a raw file normalize could not read (errors.tsv) */
} rep_problem_kind;

typedef struct {
    rep_problem_kind kind;
    char *text;
} rep_problem;

typedef struct {
    const char *key;
    const char **values; /* per environment, "" when it recorded none */
} rep_meta;

typedef struct {
    size_t table, env;
    const char *bench, *unit;
    double rep, value;
    long round;    /* the round it was measured in (samples.tsv round), 0 when not recorded */
    int disturbed; /* its round was disturbed (samples.tsv disturbed: yes) */
} rep_sample;

typedef struct {
    const char *key, *value;
} rep_fact;

/* The analysis directory's files, in report.files. */
enum {
    RF_RUN,
    RF_ENVS,
    RF_META,
    RF_CELLS,
    RF_TABLES,
    RF_SUMMARY,
    RF_CMP,
    RF_CLAIMS,
    RF_SAMPLES,
    RF_NOTES,
    RF_ERRORS,
    RF_COUNT
};

typedef struct {
    tsv_table files[RF_COUNT]; /* the loaded TSVs: every string above points into them */
    rep_fact *run;             /* run.tsv's key, value pairs in order: the machine list */
    size_t nrun;
    rep_settings set;
    rep_env *envs;
    size_t nenvs;
    rep_meta *meta;
    size_t nmeta;
    rep_table *tables;
    size_t ntables;
    rep_claim *claims;
    size_t nclaims;
    rep_sample *samples;
    size_t nsamples;
    rep_problem *problems;
    size_t nproblems;
    size_t tally[VERDICT_COUNT]; /* article claims (not checks) per verdict */
    long headline;               /* the claim the summary answers first, or -1 */
} report;

/* Loads DIR (docs/formats.md) into r; -1 (logged as file:line) when a file cannot be read. */
int report_load(const char *dir, report *r);
void report_free(report *r);

/* A run.tsv value, "" when the run has none. */
const char *report_run(const report *r, const char *key);
/* 1 for a unit of time ("ns/op", "sec/op", "*-ns"): what an emulated CPU makes not comparable. */
int report_is_time(const char *unit);
/* A problem of the run (text printf-style), in the order found. */
void report_problem(report *r, rep_problem_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* report_rows.c: per table its metrics, benchmarks, rows, comparisons and notes: the one
 * layout every format shows. */
void report_build_tables(report *r);
void report_free_tables(report *r);

#endif
