/* model.h - the report model every renderer walks (as cmark's renderers walk one node tree).
 *
 * It is the analyze stage's output directory loaded as tables: nothing here is computed again,
 * so every format shows the same numbers. Renderers: md.c, html.c (through cmark-gfm),
 * plot.c (gnuplot), xlsx.c (libxlsxwriter); each exposes one render_<format>() entry point. */
#ifndef MODEL_H
#define MODEL_H

#include "strbuf.h"
#include "tsv.h"

typedef struct {
    char *dir;          /* the analysis directory it was loaded from */
    tsv_table run;      /* key, value */
    tsv_table envs;     /* env, status, reason, what */
    tsv_table meta;     /* env, key, value */
    tsv_table cells;    /* table, env, rep, status, seconds, detail */
    tsv_table tables;   /* table, title, section, baseline, metrics, article_envs, note */
    tsv_table summary;  /* see docs/formats.md */
    tsv_table cmp;      /* comparisons.tsv */
    tsv_table claims;   /* claims.tsv with verdicts */
    tsv_table samples;  /* table, env, bench, unit, rep, value */
    tsv_table notes;    /* table, env, case, reason: what a probe could not measure, and why */
} report_model;

int model_load(const char *dir, report_model *m);
void model_free(report_model *m);

/* A run.tsv value, or "" */
const char *model_run(const report_model *m, const char *key);
/* The benchmarks of a table in the order analyze met them (summary.tsv), at most max; the
 * pointers point into the model. */
size_t model_benches(const report_model *m, const char *table, const char **out, size_t max);
/* The row of summary.tsv for (table, unit, env, bench), or -1. bench NULL or "" matches the
 * environment's first benchmark, as analyze reads a claim that names none. */
long model_summary_row_bench(const report_model *m, const char *table, const char *unit,
                             const char *env, const char *bench);
/* The first row of comparisons.tsv for (table, unit, env, bench), or -1 (bench as above). */
long model_cmp_row_bench(const report_model *m, const char *table, const char *unit,
                         const char *env, const char *bench);
/* The comparison a ratio claim (a claims.tsv row) reports: same table, metric, environment and
 * benchmark, and the claim's measured ratio (claims.tsv does not name the baseline; the ratio
 * tells a within-environment pair from a comparison across environments). */
long model_claim_cmp_row(const report_model *m, size_t claim_row);
/* meta.tsv: whether row r is the first with its key (the wide metadata table's row order), and
 * the value an environment recorded for a key ("" when none). */
int model_meta_key_first(const report_model *m, size_t r);
const char *model_meta(const report_model *m, const char *env, const char *key);
/* The settings the run was analysed with, as the report writes them: the confidence level
 * ("95%", from run.tsv analysis_conf) and the comparisons' adjustment ("Holm" or
 * "Benjamini–Hochberg", from analysis_adjust). */
const char *model_level(const report_model *m, char *buf, size_t len);
const char *model_adjust_name(const report_model *m);
/* A numeric field of a table row (NAN when empty). */
double model_num(const tsv_table *t, size_t row, const char *col);
/* The metrics of a table in display order (from tables.tsv "metrics", comma-separated);
 * returns the count, fills up to max pointers into a buffer the caller frees (*storage). */
size_t model_metrics(const report_model *m, size_t table_row, const char **out, size_t max,
                     char **storage);

#endif
