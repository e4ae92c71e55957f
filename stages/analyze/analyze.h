/* analyze.h - the analyze stage's layers (benchstat's benchproc + benchtab, over stats.h):
 * cells.c groups samples into cells, compare.c computes summaries and comparisons, claims.c
 * turns them into verdicts, model_out.c writes the report model that render reads. */
#ifndef ANALYZE_H
#define ANALYZE_H

#include "analyze/stats.h"
#include "strmap.h"
#include "tsv.h"

#include <stddef.h>

/* All samples of one table, unit and environment. */
typedef struct {
    char *table, *unit, *env, *bench; /* bench: name without the -procs suffix */
    char *better;                     /* "lower" or "higher" (Unit metadata) */
    double *x;                        /* ascending once loaded */
    long *round; /* round[i]: the round x[i] was measured in (0: not recorded); NULL when no
                  * sample of the cell has one (a run from before randomised rounds) */
    unsigned char *disturbed; /* disturbed[i]: x[i]'s round was disturbed (its samples file's
                               * "disturbed: yes"); allocated with round */
    size_t n, cap;
} cell;

typedef struct {
    cell *cells; /* in the order first seen: outputs keep the samples files' order */
    size_t n;
    size_t *slots; /* hash index into cells (SIZE_MAX = empty) */
    size_t nslots;
} cellset;

/* What samples may name: the tables of tables.tsv (each with its metrics column: the units it
 * declares, comma-separated; empty declares none, and then any unit is taken) and the
 * environments of envs.tsv. A samples file samples/<table>.txt holds only that table. */
typedef struct {
    strmap tables, envs;
} cells_scope;
void cells_scope_init(cells_scope *s, const tsv_table *tables, const tsv_table *envs);
void cells_scope_free(cells_scope *s);

/* Told of every sample as it is read: cell cs->cells[ci] just got its n-th value, written as
 * token in the file. */
typedef struct {
    void *ctx;
    void (*sample)(void *ctx, const cellset *cs, size_t ci, const char *token);
} cells_sample_sink;

/* Loads every samples file (*.txt) under dir into cells, in file order (samples may be NULL).
 * -1 on a bad file (reported as file:line: also a result whose table or env is outside
 * scope); the others are still loaded. Each cell's values end up ascending. */
int cells_load_dir(const char *dir, const cells_scope *scope, const cells_sample_sink *samples,
                   cellset *cs);
/* The same for one samples file's text; path names it in errors. */
int cells_add_text(const char *path, const char *text, const cells_scope *scope, cellset *cs);
/* The cell of (table, unit, env, bench); bench NULL matches any benchmark. */
const cell *cells_find(const cellset *cs, const char *table, const char *unit, const char *env,
                       const char *bench);
void cells_free(cellset *cs);

typedef struct {
    const cell *c;
    stats_summary s;
} summary_row;

typedef struct {
    const cell *base, *c;
    stats_ratio ratio;  /* c / base: the Hodges-Lehmann ratio inside its CI */
    int zero_over_zero; /* every value 0 on both sides: ratio counted as 1 */
    stats_mwu mwu;
    stats_welch welch;
    double p_adj; /* adjusted across the run's comparisons (Holm by default); all-equal ones
                   * (p = 1, nothing to test) are not counted and keep p_adj = 1 */
} comparison;

/* benchstat's summary row: per table, unit and environment, the geometric mean of the
 * per-benchmark ratios against the baseline (0/0 counted as 1). */
typedef struct {
    const cell *c;     /* the group's first cell (table, unit, env) */
    const char *baseline;
    double geomean;
    size_t nratios;
    int rows_differ; /* the environment and the baseline do not have the same benchmarks */
} geomean_row;

typedef enum { ADJUST_HOLM, ADJUST_BH } adjust_method;

typedef struct {
    double conf, alpha;
    adjust_method adjust;
    summary_row *rows;
    size_t nrows;
    comparison *cmp;
    size_t ncmp;
    geomean_row *geo;
    size_t ngeo;
} analysis;

/* A comparison of two benchmarks inside one environment that a claim asks for (e.g. a read
 * through FUSE against the same read on the environment's own filesystem). */
typedef struct {
    char *table, *unit, *env, *bench, *base_bench;
} bench_pair;

/* Summaries for every cell; comparisons of every env against the table's baseline (from
 * tables.tsv) per unit and benchmark, plus the within-environment pairs; p-values adjusted
 * across all comparisons (Holm, or Benjamini-Hochberg); a geomean row per table, unit and
 * environment. */
void compare_all(const cellset *cs, const tsv_table *tables, const bench_pair *pairs,
                 size_t npairs, double conf, double alpha, adjust_method adjust, analysis *a);
void analysis_free(analysis *a);

/* The columns of claims.tsv (claims.c writes it, docs/formats.md describes it). */
extern const char *const claims_header[];
extern const size_t claims_ncols;

/* samples.tsv in dir, written from the samples as cells_load_dir reads them (samples_out.c):
 * open before loading, hand its sink to cells_load_dir, close (commit) after. */
typedef struct samples_out samples_out;
samples_out *samples_out_open(const char *dir); /* NULL (logged) when it cannot be created */
const cells_sample_sink *samples_out_sink(samples_out *o);
int samples_out_close(samples_out *o); /* -1 (logged) when the file could not be written */

/* Writes summary.tsv and comparisons.tsv into dir. */
int model_write(const char *dir, const analysis *a);
/* The model directory replaced whole (model_dir.c): model_stage_open makes <out>.stage.<pid>
 * (NULL after logging); model_stage_commit puts it in out's place (0, or -1 after logging with
 * out as it was); model_stage_discard removes it; model_stage_fail moves it to <out>.failed/
 * and says so. Each takes the stage's ownership. */
char *model_stage_open(const char *out);
void model_stage_fail(char *stage, const char *out);
int model_stage_commit(char *stage, const char *out);
void model_stage_discard(char *stage);

#endif
