/* order.h - the order of the environments inside each round, drawn from a seeded generator.
 *
 * A fixed order (host, host-aa, oci, ...) confounds an environment with its position in the
 * round (the first cell after a table's switch, the cell after the go command): pairing by
 * round cannot remove that. Randomised multiple interleaved trials (Abedi & Brecht, ICPE 2017)
 * draw the order of every round afresh; here from splitmix64 keyed by (seed, table, round), so
 * a resumed run, which keeps its seed (run.tsv), redraws exactly the orders it had. */
#ifndef ORDER_H
#define ORDER_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64 (Steele, Lea & Flood 2014): advances *state and returns the next 64 bits. */
uint64_t order_next(uint64_t *state);

/* The run's default seed when --seed is not given: a hash of its id, so a resume finds it. */
uint64_t order_default_seed(const char *run_id);

/* perm[slot] = the environment (0..n-1) that runs in slot (0-based) of round rep of table
 * number k: a uniform permutation (Fisher-Yates) of n <= ORDER_MAX_ENVS environments. */
enum { ORDER_MAX_ENVS = 64 };
void order_round(uint64_t seed, size_t k, int rep, size_t n, size_t *perm);

/* The 1-based position of environment i in that round. */
size_t order_position(uint64_t seed, size_t k, int rep, size_t n, size_t i);

#endif
