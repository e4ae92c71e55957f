/* norm_rounds.h - which rounds of a table were disturbed, from the machine's state over each of
 * its cells (collect's <rep>.state files; docs/formats.md, docs/verdicts.md "Disturbed rounds").
 * normalize writes the verdict as each sample's `disturbed:` line; nothing is removed. */
#ifndef NORM_ROUNDS_H
#define NORM_ROUNDS_H

#include "strmap.h"
#include "tsv.h"

#include <stddef.h>

/* The rule, on plain numbers: lost[i] the CPUs taken by others (other processes' CPUs plus
 * steal) from one environment's cell of round i; flag[i] = 1 when it lies above the median of
 * that environment's n cells by more than NORM_DISTURBED_MIN_CPUS and 3 scaled MADs (1.4826 MAD)
 * both. NaN rounds are never flagged and do not count. */
#define NORM_DISTURBED_MIN_CPUS 0.25
void norm_disturbed(const double *lost, size_t n, unsigned char *flag);

/* Reads raw/<table>/<env>/<rep>.state of every environment in envs, judges each environment's
 * cells by the rule above, and fills flags with "<rep>" -> "yes" (a cell of the round was
 * flagged) or "no" for every round that has a state; rounds without stay absent. */
void norm_round_flags(const char *run_dir, const char *table, const tsv_table *envs,
                      strmap *flags);

#endif
