/* engine.h - the engine's data: cells of samples, and the analysis of a run (summaries, every
 * environment against its table's baseline, geomeans) computed from them (compare.c), over the
 * statistics of stats.h. Like benchstat's benchmath, which knows nothing of benchfmt, the
 * engine knows nothing of files: the analyze stage (and runset, for archived runs) reads files
 * into these structs, calls the engine and writes what it returns. tests/unit/
 * test_engine_no_io.sh fails if an engine object references a file function. */
#ifndef ENGINE_H
#define ENGINE_H

#include "engine/stats.h"
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

/* The cell of (table, unit, env, bench), added (empty, better "lower" when NULL) if it is not
 * there yet. The pointer is valid until the next cells_get: the array may move. */
cell *cells_get(cellset *cs, const char *table, const char *unit, const char *env,
                const char *bench, const char *better);
/* Appends x to c, measured in round (0: not recorded; the first sample with a round gives the
 * cell rounds, earlier ones 0) and whether that round was disturbed. */
void cell_push(cell *c, double x, long round, int disturbed);
/* Sorts each cell's values ascending, their rounds alongside (ties by round): the statistics
 * sort them anyway, now once. */
void cells_sort(cellset *cs);
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

#endif
