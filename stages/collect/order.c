/* order.c - seeded round orders (order.h): splitmix64 and a Fisher-Yates shuffle. The state of
 * one round is derived from (seed, table, round) alone, never carried from round to round, so
 * an order can be recomputed for any cell (cells.tsv's position after a resume). */
#include "order.h"

uint64_t order_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t order_default_seed(const char *run_id)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const char *s = run_id; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* A uniform integer in [0, bound) without modulo bias (rejection). */
static uint64_t below(uint64_t *state, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound, r;
    do
        r = order_next(state);
    while (r >= limit);
    return r % bound;
}

void order_round(uint64_t seed, size_t k, int rep, size_t n, size_t *perm)
{
    uint64_t state = seed;
    state ^= order_next(&state) + (uint64_t)k * 0x100000001b3ULL;
    state ^= order_next(&state) + (uint64_t)(int64_t)rep;
    order_next(&state);
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)below(&state, i), t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
}

size_t order_position(uint64_t seed, size_t k, int rep, size_t n, size_t i)
{
    size_t perm[ORDER_MAX_ENVS];
    order_round(seed, k, rep, n, perm);
    for (size_t s = 0; s < n; s++)
        if (perm[s] == i)
            return s + 1;
    return 0;
}
