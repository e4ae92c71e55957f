/* matrix.h - the experiment matrix: environments x repetitions, interleaved in rounds whose
 * order is drawn afresh each round from a seeded generator (order.h). */
#ifndef MATRIX_H
#define MATRIX_H

#include "env.h"
#include "precision.h"
#include "workload.h"

typedef struct {
    const workload *const *workloads; /* the tables to run, in order */
    size_t nworkloads;
    workload_opts wopts;
    int reps, warmups;
    double timeout_s;        /* per cell */
    double budget_s;         /* > 0: start no round that would end after this many seconds */
    precision *prec;         /* NULL: fixed counts; else more rounds for the cells it wants */
    int smoke;               /* the quick profile: one smoke sample but where w->quick_full */
    unsigned long long seed; /* the round orders' seed (run.tsv seed; order.h) */
    int rounds_done;         /* out: rounds completed (every cell of a repetition number) */
    int stopped_early;       /* out: the budget stopped the run before its last round */
    struct journal *journal; /* the finished cells (journal.h): skipped, and appended to */
    int write_failed;        /* out: a cell's files or record could not be written: stopped */
} matrix_opts;

/* Probes and prepares every environment in envs (n of them), runs every workload's cells,
 * tears every environment down (also after an interrupt), and writes envs.tsv, meta.tsv,
 * cells.tsv and the raw outputs under ctx->run_dir. A cell o->journal holds is not run again:
 * the run goes on where it stopped. Returns the number of failed cells. */
int matrix_run(const collect_ctx *ctx, env *envs, size_t n, matrix_opts *o);

/* Writes run.tsv from the host's own metadata plus the extra "key\tvalue\n" lines. */
int meta_write_run(const collect_ctx *ctx, const char *extra);

#endif
