/* analyze.h - the analyze stage, the thin command around the engine (stages/engine/): cells.c
 * reads samples files into the engine's cells, claims_load.c the claims files, the engine
 * computes summaries, comparisons and verdicts, model_out.c (and claims_out.c, samples_out.c)
 * write the report model that render reads. */
#ifndef ANALYZE_H
#define ANALYZE_H

#include "engine/engine.h"
#include "strmap.h"
#include "tsv.h"

#include <stddef.h>

/* What samples may name: the tables of tables.tsv (each with its metrics column: the units it
 * declares, comma-separated; empty declares none, and then any unit is taken) and the
 * environments of envs.tsv. A samples file samples/<table>.txt holds only that table. A result
 * whose units are all the table's retired_metrics (units older runs wrote that it measures no
 * more: T4.2's holds) is left out, so an archived run is judged with today's tables. */
typedef struct {
    strmap tables, envs, retired;
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
