/* schema_results.h - the tables the commands over the archive write (docs/formats.md, "Across
 * runs and machines"): repro compare, history and fleet. */
#ifndef SCHEMA_RESULTS_H
#define SCHEMA_RESULTS_H

#include "schema.h"

/* clang-format off */ /* the lists are laid out by hand, one declaration per file */
/* compare/compare.tsv: one row per metric both runs have. */
#define CMPRUN_COLS(X)                                                                         \
    X(CMPRUN_TABLE, "table", 0) X(CMPRUN_UNIT, "unit", 0) X(CMPRUN_BETTER, "better", 0)        \
    X(CMPRUN_ENV, "env", 0) X(CMPRUN_BENCH, "bench", 0) X(CMPRUN_N_A, "n_a", 0)                \
    X(CMPRUN_N_B, "n_b", 0) X(CMPRUN_MEDIAN_A, "median_a", 0) X(CMPRUN_MEDIAN_B, "median_b", 0) \
    X(CMPRUN_RATIO, "ratio", 0) X(CMPRUN_RATIO_LO, "ratio_lo", 0)                              \
    X(CMPRUN_RATIO_HI, "ratio_hi", 0) X(CMPRUN_LEVEL, "level", 0) X(CMPRUN_FAMILY, "family", 0) \
    X(CMPRUN_P, "p", 0) X(CMPRUN_P_ADJ, "p_adj", 0) X(CMPRUN_CHANGE, "change", 0)              \
    X(CMPRUN_NOTE, "note", 0)
TSV_SCHEMA_DECLARE(cmprun, CMPRUN)

/* compare/claims.tsv: each claim's verdict in run A and in run B. */
#define CMPCLAIM_COLS(X)                                                                       \
    X(CMPCLAIM_ID, "id", 0) X(CMPCLAIM_TABLE, "table", 0) X(CMPCLAIM_VERDICT_A, "verdict_a", 0) \
    X(CMPCLAIM_VERDICT_B, "verdict_b", 0) X(CMPCLAIM_MOVED, "moved", 0)                        \
    X(CMPCLAIM_TEXT, "text", 0)
TSV_SCHEMA_DECLARE(cmpclaim, CMPCLAIM)

/* history/<machine>/series.tsv: each headline series' median per run. */
#define HSERIES_COLS(X)                                                                        \
    X(HSERIES_MACHINE, "machine", 0) X(HSERIES_RUN, "run", 0) X(HSERIES_TABLE, "table", 0)     \
    X(HSERIES_UNIT, "unit", 0) X(HSERIES_ENV, "env", 0) X(HSERIES_N, "n", 0)                   \
    X(HSERIES_MEDIAN, "median", 0) X(HSERIES_CI_LO, "ci_lo", 0) X(HSERIES_CI_HI, "ci_hi", 0)
TSV_SCHEMA_DECLARE(hseries, HSERIES)

/* history/<machine>/steps.tsv: each step a series took. */
#define HSTEPS_COLS(X)                                                                         \
    X(HSTEPS_MACHINE, "machine", 0) X(HSTEPS_TABLE, "table", 0) X(HSTEPS_UNIT, "unit", 0)      \
    X(HSTEPS_ENV, "env", 0) X(HSTEPS_LAST_BEFORE, "last_before", 0)                            \
    X(HSTEPS_FIRST_AFTER, "first_after", 0) X(HSTEPS_BEFORE, "before", 0)                      \
    X(HSTEPS_AFTER, "after", 0) X(HSTEPS_RATIO, "ratio", 0) X(HSTEPS_CHANGED, "changed", 0)
TSV_SCHEMA_DECLARE(hsteps, HSTEPS)

/* history/<machine>/verdicts.tsv: each claim's verdict per run. */
#define HVERDICTS_COLS(X)                                                                      \
    X(HVERDICTS_MACHINE, "machine", 0) X(HVERDICTS_RUN, "run", 0)                              \
    X(HVERDICTS_CLAIM, "claim", 0) X(HVERDICTS_VERDICT, "verdict", 0)
TSV_SCHEMA_DECLARE(hverdicts, HVERDICTS)

/* fleet/machines.tsv: one row per machine. */
#define FMACHINES_COLS(X)                                                                      \
    X(FMACHINES_MACHINE, "machine", 0) X(FMACHINES_LABEL, "label", 0) X(FMACHINES_CPU, "cpu", 0) \
    X(FMACHINES_CPUS, "cpus", 0) X(FMACHINES_KERNEL, "kernel", 0) X(FMACHINES_GROUP, "group", 0) \
    X(FMACHINES_RUNS, "runs", 0) X(FMACHINES_LATEST, "latest", 0)
TSV_SCHEMA_DECLARE(fmachines, FMACHINES)

/* fleet/verdicts.tsv: each claim's verdict on each machine's latest run. */
#define FVERDICTS_COLS(X)                                                                      \
    X(FVERDICTS_CLAIM, "claim", 0) X(FVERDICTS_MACHINE, "machine", 0) X(FVERDICTS_RUN, "run", 0) \
    X(FVERDICTS_VERDICT, "verdict", 0) X(FVERDICTS_MEASURED, "measured", 0)                    \
    X(FVERDICTS_LO, "lo", 0) X(FVERDICTS_HI, "hi", 0) X(FVERDICTS_LEVEL, "level", 0)
TSV_SCHEMA_DECLARE(fverdicts, FVERDICTS)

/* fleet/pooled.tsv: each claim pooled over the machines (all, and per group). */
#define FPOOLED_COLS(X)                                                                        \
    X(FPOOLED_CLAIM, "claim", 0) X(FPOOLED_GROUP, "group", 0) X(FPOOLED_JUDGED, "judged", 0)   \
    X(FPOOLED_REPRODUCED, "reproduced", 0) X(FPOOLED_REFUTED, "refuted", 0)                    \
    X(FPOOLED_CONTRADICTED, "contradicted", 0) X(FPOOLED_INCONCLUSIVE, "inconclusive", 0)      \
    X(FPOOLED_K, "k", 0) X(FPOOLED_ESTIMATE, "estimate", 0) X(FPOOLED_LO, "lo", 0)             \
    X(FPOOLED_HI, "hi", 0) X(FPOOLED_I2, "i2", 0) X(FPOOLED_TAU2, "tau2", 0)                   \
    X(FPOOLED_Q, "q", 0) X(FPOOLED_VERDICT, "verdict", 0)
TSV_SCHEMA_DECLARE(fpooled, FPOOLED)
/* clang-format on */

#endif
