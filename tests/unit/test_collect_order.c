/* test_collect_order.c - the round orders (order.h): every round a permutation, the same one
 * for the same (seed, table, round) and so after a resume, different across rounds, and
 * uniform: over many rounds each environment takes each position about equally often, so no
 * environment is tied to a position (what a fixed order did). */
#include "check.h"
#include "collect/order.h"

static int is_permutation(const size_t *perm, size_t n)
{
    int seen[ORDER_MAX_ENVS] = {0};
    for (size_t s = 0; s < n; s++) {
        if (perm[s] >= n || seen[perm[s]])
            return 0;
        seen[perm[s]] = 1;
    }
    return 1;
}

static void every_round_is_a_permutation_and_reproducible(void)
{
    for (int rep = -2; rep < 50; rep++) {
        size_t a[7], b[7];
        order_round(42, 1, rep, 7, a);
        order_round(42, 1, rep, 7, b);
        CHECK(is_permutation(a, 7));
        CHECK(memcmp(a, b, sizeof a) == 0);
        for (size_t i = 0; i < 7; i++)
            CHECK(a[order_position(42, 1, rep, 7, i) - 1] == i);
    }
    size_t one[1];
    order_round(1, 0, 1, 1, one);
    CHECK(one[0] == 0);
}

static void rounds_tables_and_seeds_draw_different_orders(void)
{
    size_t a[7], b[7], c[7], d[7];
    order_round(42, 0, 1, 7, a);
    order_round(42, 0, 2, 7, b);
    order_round(42, 1, 1, 7, c);
    order_round(43, 0, 1, 7, d);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(memcmp(a, c, sizeof a) != 0);
    CHECK(memcmp(a, d, sizeof a) != 0);
    CHECK(order_default_seed("20261206-041958") == order_default_seed("20261206-041958"));
    CHECK(order_default_seed("20261206-041958") != order_default_seed("20261206-041959"));
}

/* 7 environments x 7 positions over 7,000 rounds: 1,000 expected per (env, position), sd
 * ~29; every count within 150 of it, and a chi-square over the 49 cells below its 99.9%
 * point for 36 degrees of freedom (67.99). */
static void positions_are_uniform(void)
{
    enum { N = 7, ROUNDS = 7000 };
    double count[N][N] = {{0}};
    for (int rep = 1; rep <= ROUNDS; rep++) {
        size_t perm[N];
        order_round(20261206, 0, rep, N, perm);
        for (size_t s = 0; s < N; s++)
            count[perm[s]][s]++;
    }
    double expect = ROUNDS / (double)N, chi2 = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t s = 0; s < N; s++) {
            CHECK(fabs(count[i][s] - expect) < 150);
            chi2 += (count[i][s] - expect) * (count[i][s] - expect) / expect;
        }
    CHECK(chi2 < 67.99);
}

int main(void)
{
    RUN(every_round_is_a_permutation_and_reproducible);
    RUN(rounds_tables_and_seeds_draw_different_orders);
    RUN(positions_are_uniform);
    return check_main("collect-order");
}
