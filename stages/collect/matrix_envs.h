/* matrix_envs.h - the environments' side of the matrix (matrix_envs.c), for matrix.c: get
 * every environment ready before the rounds, say what each is, and write envs.tsv and meta.tsv. */
#ifndef MATRIX_ENVS_H
#define MATRIX_ENVS_H

#include "env.h"
#include "model.h"

/* The monotonic clock in seconds: every time the matrix measures or budgets. */
double matrix_now(void);

/* Probes and prepares every environment, those that boot in the background (the vm) first so
 * they boot while the others prepare; records what each is (envinfo) and each step's time (meta
 * prepare_seconds); in the quick profile (smoke) leaves out one that emulates the CPU.
 * status[i] is environment i's; returns how many are ready. */
size_t matrix_prepare(const collect_ctx *ctx, env *envs, env_status *status, size_t n, int smoke);

/* Writes envs.tsv (each environment's status and reason) and meta.tsv (what its driver
 * recorded, env_meta) into the run directory. */
void matrix_write_envs(const collect_ctx *ctx, env *envs, const env_status *status, size_t n);

#endif
