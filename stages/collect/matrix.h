/* matrix.h - the experiment matrix: environments x repetitions, interleaved round-robin. */
#ifndef MATRIX_H
#define MATRIX_H

#include "env.h"

typedef struct {
    const char *table;   /* "T1" */
    const char *bench;   /* "BenchmarkFib40" */
    int reps, warmups;
    double timeout_s;    /* per cell */
} matrix_opts;

/* Probes and prepares every environment in envs (n of them), runs the matrix, tears every
 * environment down (also after an interrupt), and writes envs.tsv, meta.tsv, cells.tsv and the
 * raw outputs under ctx->run_dir. Returns the number of failed cells (0 when all ran). */
int matrix_run(const collect_ctx *ctx, env *envs, size_t n, const matrix_opts *o);

/* Writes run.tsv from the host's own metadata plus the extra "key\tvalue\n" lines. */
int meta_write_run(const collect_ctx *ctx, const char *extra);

#endif
