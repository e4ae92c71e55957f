/* runfiles.h - the run directory's tables (envs.tsv, cells.tsv, run.tsv, meta.tsv,
 * precision.tsv), loaded and checked against docs/formats.md by every stage that reads them: a
 * missing column, an unknown status, an environment envs.tsv does not list, a bad rep or a row
 * given twice is an error naming file:line, never a row skipped or a default taken. Each table
 * comes back bound to its declaration (schema_run.h): read it with envs_at, cells_at, .... */
#ifndef RUNFILES_H
#define RUNFILES_H

#include "schema_run.h"

/* DIR/envs.tsv: env, status (ok, unavailable, failed), reason, what; each env once. */
int run_load_envs(const char *dir, tsv_table *envs);
/* DIR/cells.tsv: table, env (in envs), rep (an integer >= 0), status (ok, failed,
 * unsupported), seconds, detail; each (table, env, rep) once. */
int run_load_cells(const char *dir, const tsv_table *envs, tsv_table *cells);
/* DIR/run.tsv: key, value; each key once. */
int run_load_facts(const char *dir, tsv_table *run);
/* DIR/meta.tsv: env (in envs), key, value; each (env, key) once. */
int run_load_meta(const char *dir, const tsv_table *envs, tsv_table *meta);
/* DIR/precision.tsv (collect --precision), when the run has one (else an empty table): table,
 * unit, env, bench, baseline, baseline_bench, status, each comparison once. */
int run_load_precision(const char *dir, tsv_table *prec);
/* 1 when env is a row of envs.tsv. */
int run_env_listed(const tsv_table *envs, const char *env);

#endif
