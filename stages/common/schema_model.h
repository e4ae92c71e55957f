/* schema_model.h - the report model's own tables (docs/formats.md, "The report model"): analyze
 * writes them, render and the commands over the archive read them. The model's copies of the
 * run's files are schema_run.h's; attrib.tsv, posture.tsv and regimes.tsv are schema_why.h's. */
#ifndef SCHEMA_MODEL_H
#define SCHEMA_MODEL_H

#include "schema.h"

/* clang-format off */ /* the lists are laid out by hand, one declaration per file */
/* summary.tsv: one row per table x unit x environment x benchmark. */
#define SUMMARY_COLS(X)                                                                        \
    X(SUMMARY_TABLE, "table", 0) X(SUMMARY_UNIT, "unit", 0) X(SUMMARY_BETTER, "better", 0)     \
    X(SUMMARY_ENV, "env", 0) X(SUMMARY_BENCH, "bench", 0) X(SUMMARY_N, "n", 0)                 \
    X(SUMMARY_MEDIAN, "median", 0) X(SUMMARY_CI_LO, "ci_lo", 0) X(SUMMARY_CI_HI, "ci_hi", 0)   \
    X(SUMMARY_CI_LEVEL, "ci_level", 0) X(SUMMARY_CI_COVERAGE, "ci_coverage", 0)                \
    X(SUMMARY_MEAN, "mean", 0) X(SUMMARY_SD, "sd", 0) X(SUMMARY_CV, "cv", 0)                   \
    X(SUMMARY_MIN, "min", 0) X(SUMMARY_MAX, "max", 0) X(SUMMARY_MEAN_CI_LO, "mean_ci_lo", 0)   \
    X(SUMMARY_MEAN_CI_HI, "mean_ci_hi", 0) X(SUMMARY_OUTLIERS_MILD, "outliers_mild", 0)        \
    X(SUMMARY_OUTLIERS_EXTREME, "outliers_extreme", 0) X(SUMMARY_WARNINGS, "warnings", 0)
TSV_SCHEMA_DECLARE(summary, SUMMARY)

/* comparisons.tsv: an environment (or benchmark) against its baseline; design and pairs absent
 * in models analysed before blocked rounds. */
#define CMP_COLS(X)                                                                            \
    X(CMP_TABLE, "table", 0) X(CMP_UNIT, "unit", 0) X(CMP_ENV, "env", 0)                       \
    X(CMP_BASELINE, "baseline", 0) X(CMP_BENCH, "bench", 0)                                    \
    X(CMP_BASELINE_BENCH, "baseline_bench", 0) X(CMP_N, "n", 0)                                \
    X(CMP_N_BASELINE, "n_baseline", 0) X(CMP_RATIO, "ratio", 0) X(CMP_RATIO_LO, "ratio_lo", 0) \
    X(CMP_RATIO_HI, "ratio_hi", 0) X(CMP_MEDIAN_RATIO, "median_ratio", 0) X(CMP_P, "p", 0)     \
    X(CMP_P_ADJ, "p_adj", 0) X(CMP_ADJUST, "adjust", 0) X(CMP_TEST, "test", 0)                 \
    X(CMP_WELCH_P, "welch_p", 0) X(CMP_SIGNIFICANT, "significant", 0)                          \
    X(CMP_WARNINGS, "warnings", 0) X(CMP_DESIGN, "design", 1) X(CMP_PAIRS, "pairs", 1)
TSV_SCHEMA_DECLARE(cmp, CMP)

/* claims.tsv: one verdict per claim. effect, comparability and comparability_why are absent in
 * models analysed before them (tests/fixtures/model), pairs in those before 2026-12-07. */
#define VERDICTS_COLS(X)                                                                       \
    X(VERDICTS_ID, "id", 0) X(VERDICTS_TABLE, "table", 0)                                      \
    X(VERDICTS_ARTICLE_ENV, "article_env", 0) X(VERDICTS_KIND, "kind", 0)                      \
    X(VERDICTS_METRIC, "metric", 0) X(VERDICTS_ENV, "env", 0) X(VERDICTS_ENV_NOTE, "env_note", 0) \
    X(VERDICTS_CLAIMED, "claimed", 0) X(VERDICTS_CLAIMED_TEXT, "claimed_text", 0)              \
    X(VERDICTS_MARGIN, "margin", 0) X(VERDICTS_MEASURED, "measured", 0)                        \
    X(VERDICTS_LO, "lo", 0) X(VERDICTS_HI, "hi", 0) X(VERDICTS_LEVEL, "level", 0)              \
    X(VERDICTS_N, "n", 0) X(VERDICTS_N_BASELINE, "n_baseline", 0)                              \
    X(VERDICTS_FACTOR, "factor", 0) X(VERDICTS_FACTOR_LO, "factor_lo", 0)                      \
    X(VERDICTS_FACTOR_HI, "factor_hi", 0) X(VERDICTS_P_ADJ, "p_adj", 0)                        \
    X(VERDICTS_FAMILY, "family", 0) X(VERDICTS_VERDICT, "verdict", 0)                          \
    X(VERDICTS_NEEDED_N, "needed_n", 0) X(VERDICTS_DETAIL, "detail", 0)                        \
    X(VERDICTS_TEXT, "text", 0) X(VERDICTS_BENCH, "bench", 0) X(VERDICTS_LOWER, "lower", 0)    \
    X(VERDICTS_UPPER, "upper", 0) X(VERDICTS_BASELINE, "baseline", 0)                          \
    X(VERDICTS_BASELINE_BENCH, "baseline_bench", 0) X(VERDICTS_HALF_WIDTH, "half_width", 0)    \
    X(VERDICTS_TARGET, "target", 0) X(VERDICTS_PRECISION, "precision", 0)                      \
    X(VERDICTS_EFFECT, "effect", 1) X(VERDICTS_COMPARABILITY, "comparability", 1)              \
    X(VERDICTS_COMPARABILITY_WHY, "comparability_why", 1) X(VERDICTS_PAIRS, "pairs", 1)
TSV_SCHEMA_DECLARE(verdicts, VERDICTS)

/* samples.tsv: every sample; round and disturbed absent before blocked rounds. samples_out.c
 * writes it column by column for speed, in this order (checked there at compile time). */
#define SAMPLES_COLS(X)                                                                        \
    X(SAMPLES_TABLE, "table", 0) X(SAMPLES_ENV, "env", 0) X(SAMPLES_BENCH, "bench", 0)         \
    X(SAMPLES_UNIT, "unit", 0) X(SAMPLES_REP, "rep", 0) X(SAMPLES_VALUE, "value", 0)           \
    X(SAMPLES_ROUND, "round", 1) X(SAMPLES_DISTURBED, "disturbed", 1)
TSV_SCHEMA_DECLARE(samples, SAMPLES)
/* clang-format on */

#endif
