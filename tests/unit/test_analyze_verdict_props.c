/* Properties of verdicts over many random runs (stages/analyze/claims*.c): the verdict word is
 * the decision table applied to the interval claims.tsv prints, the point lies inside that
 * interval, and with no true difference (an A/A run) a claim of 1.3 is almost never reproduced
 * or contradicted. */
#include "claims_fixture.h"
#include "numfmt.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* splitmix64: an LCG's consecutive outputs would put Box-Muller's pairs on a lattice (the
 * Neave effect) and bias the tails these tests count. */
static double uniform(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Lognormal with coefficient of variation cv (Box-Muller). */
static double lognormal(uint64_t *s, double median, double cv)
{
    double sigma = sqrt(log(1 + cv * cv));
    double z = sqrt(-2 * log(uniform(s))) * cos(2 * M_PI * uniform(s));
    return median * exp(sigma * z);
}

static cellset random_pair(uint64_t *seed, double ratio, double cv, size_t n)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 1, 0, n);
    add_cell_n(&cs, "T1", "ns/op", "oci", "BenchmarkFib40", 1, 0, n);
    for (size_t i = 0; i < n; i++) {
        cs.cells[0].x[i] = lognormal(seed, 100, cv);
        cs.cells[1].x[i] = lognormal(seed, 100 * ratio, cv);
    }
    return cs;
}

#define CLAIM(c) "c\tT1\t\tratio\tns/op\toci\thost\t" c "\tx\t\t\t\t\t\t\tt\t\n"

static void test_the_word_is_the_decision_table_on_the_printed_interval(void)
{
    uint64_t seed = 2026;
    const char *claims[] = {CLAIM("1.385"), CLAIM("1"), CLAIM("0.72")};
    size_t disagree = 0, outside = 0;
    for (int t = 0; t < 1000; t++) {
        double ratio = 0.6 + 0.9 * uniform(&seed), cv = 0.01 + 0.2 * uniform(&seed);
        size_t n = 3 + (size_t)(20 * uniform(&seed));
        cellset cs = random_pair(&seed, ratio, cv, n);
        judged j = judge(&cs, claims[t % 3]);
        double c = atof(tsv_get(&j.out, 0, "claimed")), m, lo, hi;
        num_parse(tsv_get(&j.out, 0, "measured"), &m);
        num_parse(tsv_get(&j.out, 0, "lo"), &lo);
        num_parse(tsv_get(&j.out, 0, "hi"), &hi);
        decision d = decide_ratio(c, lo, hi, DECIDE_DEFAULT_MARGIN);
        disagree += strcmp(verdict_word(d.verdict), tsv_get(&j.out, 0, "verdict")) != 0;
        outside += !(lo <= m && m <= hi);
        tsv_free(&j.out);
        cells_free(&cs);
    }
    CHECK(disagree == 0);
    CHECK(outside == 0);
}

static void test_an_aa_run_rarely_answers_a_claim_of_1_3(void)
{
    uint64_t seed = 7;
    int answered = 0;
    for (int t = 0; t < 200; t++) {
        cellset cs = random_pair(&seed, 1, 0.10, 10);
        judged j = judge(&cs, CLAIM("1.3"));
        const char *v = tsv_get(&j.out, 0, "verdict");
        answered += !strcmp(v, "contradicted") || !strcmp(v, "reproduced");
        tsv_free(&j.out);
        cells_free(&cs);
    }
    CHECK(answered <= 10); /* at most 5% of 200 */
}

int main(void)
{
    RUN(test_the_word_is_the_decision_table_on_the_printed_interval);
    RUN(test_an_aa_run_rarely_answers_a_claim_of_1_3);
    return check_main("verdict-properties");
}
