/* test_engine_stats.c - the statistics engine against SciPy's numbers.
 *
 * The reference file (tests/fixtures/stats/reference.txt, from gen_stats_fixtures.py) holds
 * sample pairs with SciPy/NumPy results that every C result must match within 1e-9 relative.
 * test_engine_stats_props.c checks the engine against first principles. Run from the
 * repository root. */
#include "engine/stats.h"
#include "check.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL 1e-9 /* agreement required with the SciPy reference */
#define MAX_VALUES 128
#define MAX_PAIRS 32
#define MAX_ADJUSTS 16

/* ---- the reference file ---------------------------------------------------------------- */

enum { SUMMARY_FIELDS = 14, WELCH_FIELDS = 3, RATIO_FIELDS = 5 };

typedef struct {
    char name[64];
    size_t nx, ny;
    double x[MAX_VALUES], y[MAX_VALUES];
    int has_summary[2], has_welch, has_mwu, has_ratio;
    double summary[2][SUMMARY_FIELDS]; /* as the "summary" record, from N on */
    char mwu_method[16], ratio_method[16];
    double mwu_u, mwu_p, welch[WELCH_FIELDS], ratio[RATIO_FIELDS];
} fixture_pair;

typedef struct {
    char name[64];
    size_t n;
    double p[MAX_VALUES], holm[MAX_VALUES], bh[MAX_VALUES];
} fixture_adjust;

typedef struct {
    fixture_pair pairs[MAX_PAIRS];
    size_t n_pairs;
    fixture_adjust adjusts[MAX_ADJUSTS];
    size_t n_adjusts;
} fixture;

static size_t read_numbers(char **save, double *out, size_t max)
{
    size_t n = 0;
    for (char *tok; n < max && (tok = strtok_r(NULL, " \n", save));)
        out[n++] = strtod(tok, NULL);
    return n;
}

static void copy_word(char *dst, size_t size, char **save)
{
    char *tok = strtok_r(NULL, " \n", save);
    snprintf(dst, size, "%s", tok ? tok : "");
}

static void parse_record(fixture *f, char *line)
{
    char *save, *kind = strtok_r(line, " \n", &save);
    fixture_pair *pair = f->n_pairs ? &f->pairs[f->n_pairs - 1] : NULL;
    fixture_adjust *adj = f->n_adjusts ? &f->adjusts[f->n_adjusts - 1] : NULL;
    if (!kind || kind[0] == '#')
        return;
    if (!strcmp(kind, "pair") && f->n_pairs < MAX_PAIRS) {
        pair = &f->pairs[f->n_pairs++];
        copy_word(pair->name, sizeof pair->name, &save);
        double sizes[2] = {0, 0};
        read_numbers(&save, sizes, 2);
        pair->nx = (size_t)sizes[0];
        pair->ny = (size_t)sizes[1];
    } else if (!strcmp(kind, "x") && pair) {
        CHECK(read_numbers(&save, pair->x, MAX_VALUES) == pair->nx);
    } else if (!strcmp(kind, "y") && pair) {
        CHECK(read_numbers(&save, pair->y, MAX_VALUES) == pair->ny);
    } else if (!strcmp(kind, "summary") && pair) {
        char side[8];
        copy_word(side, sizeof side, &save);
        int which = side[0] == 'y';
        pair->has_summary[which] =
            read_numbers(&save, pair->summary[which], SUMMARY_FIELDS) == SUMMARY_FIELDS;
    } else if (!strcmp(kind, "mwu") && pair) {
        copy_word(pair->mwu_method, sizeof pair->mwu_method, &save);
        double v[2] = {NAN, NAN};
        pair->has_mwu = read_numbers(&save, v, 2) == 2;
        pair->mwu_u = v[0];
        pair->mwu_p = v[1];
    } else if (!strcmp(kind, "welch") && pair) {
        pair->has_welch = read_numbers(&save, pair->welch, WELCH_FIELDS) == WELCH_FIELDS;
    } else if (!strcmp(kind, "ratio") && pair) {
        copy_word(pair->ratio_method, sizeof pair->ratio_method, &save);
        pair->has_ratio = read_numbers(&save, pair->ratio, RATIO_FIELDS) == RATIO_FIELDS;
    } else if (!strcmp(kind, "adjust") && f->n_adjusts < MAX_ADJUSTS) {
        adj = &f->adjusts[f->n_adjusts++];
        copy_word(adj->name, sizeof adj->name, &save);
        double n = 0;
        read_numbers(&save, &n, 1);
        adj->n = (size_t)n;
        CHECK(read_numbers(&save, adj->p, MAX_VALUES) == adj->n);
    } else if (!strcmp(kind, "holm") && adj) {
        CHECK(read_numbers(&save, adj->holm, MAX_VALUES) == adj->n);
    } else if (!strcmp(kind, "bh") && adj) {
        CHECK(read_numbers(&save, adj->bh, MAX_VALUES) == adj->n);
    }
}

/* The parsed reference file (caller frees); NULL, with a failed CHECK, if it cannot be read. */
static fixture *load_fixture(void)
{
    const char *path = getenv("STATS_REFERENCE");
    if (!path)
        path = "tests/fixtures/stats/reference.txt";
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    fixture *f = calloc(1, sizeof *f);
    if (!in || !f) {
        if (in)
            fclose(in);
        free(f);
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, in) > 0)
        parse_record(f, line);
    free(line);
    fclose(in);
    return f;
}

/* ---- checks against the SciPy/NumPy reference ------------------------------------------ */

static void test_reference_has_at_least_8_pairs_from_3_to_100_and_5_p_lists(void)
{
    fixture *f = load_fixture();
    if (!f)
        return;
    CHECK(f->n_pairs >= 8);
    size_t smallest = SIZE_MAX, largest = 0, checked = 0;
    for (size_t i = 0; i < f->n_pairs; i++) {
        fixture_pair *p = &f->pairs[i];
        smallest = p->nx < smallest ? p->nx : smallest;
        smallest = p->ny < smallest ? p->ny : smallest;
        largest = p->nx > largest ? p->nx : largest;
        largest = p->ny > largest ? p->ny : largest;
        checked += p->has_summary[0] && p->has_summary[1] && p->has_mwu && p->has_ratio;
    }
    CHECK(smallest == 3);
    CHECK(largest == 100);
    CHECK(checked == f->n_pairs);
    CHECK(f->n_adjusts >= 5);
    free(f);
}

static void check_summary(const double *v, size_t n, const double *want)
{
    stats_summary s;
    CHECK(stats_summarize(v, n, 0.95, &s) == 0);
    CHECK(s.n == (size_t)want[0]);
    CHECK_NEAR(s.mean, want[1], REL);
    CHECK_NEAR(s.sd, want[2], REL);
    CHECK_NEAR(s.median, want[3], REL);
    CHECK_NEAR(s.q1, want[4], REL);
    CHECK_NEAR(s.q3, want[5], REL);
    CHECK_NEAR(s.mean_ci_lo, want[6], REL);
    CHECK_NEAR(s.mean_ci_hi, want[7], REL);
    CHECK(s.ci_lo_rank == (size_t)want[8]);
    CHECK(s.ci_hi_rank == (size_t)want[9]);
    CHECK_NEAR(s.ci_lo, want[10], REL);
    CHECK_NEAR(s.ci_hi, want[11], REL);
    CHECK(s.outliers_mild == (size_t)want[12]);
    CHECK(s.outliers_extreme == (size_t)want[13]);
}

static void test_summaries_match_numpy_and_scipy(void)
{
    fixture *f = load_fixture();
    for (size_t i = 0; f && i < f->n_pairs; i++) {
        fixture_pair *p = &f->pairs[i];
        CHECK(p->has_summary[0] && p->has_summary[1]);
        check_summary(p->x, p->nx, p->summary[0]);
        check_summary(p->y, p->ny, p->summary[1]);
    }
    free(f);
}

static void test_mann_whitney_matches_scipy_exact_and_asymptotic(void)
{
    fixture *f = load_fixture();
    for (size_t i = 0; f && i < f->n_pairs; i++) {
        fixture_pair *p = &f->pairs[i];
        stats_mwu r;
        CHECK(stats_mann_whitney(p->x, p->nx, p->y, p->ny, &r) == 0);
        CHECK(r.exact == !strcmp(p->mwu_method, "exact"));
        CHECK_NEAR(r.u, p->mwu_u, REL);
        CHECK_NEAR(r.p, p->mwu_p, REL);
    }
    free(f);
}

static void test_welch_matches_scipy_ttest_ind(void)
{
    fixture *f = load_fixture();
    size_t compared = 0;
    for (size_t i = 0; f && i < f->n_pairs; i++) {
        fixture_pair *p = &f->pairs[i];
        stats_welch w;
        int status = stats_welch_t(p->x, p->nx, p->y, p->ny, &w);
        CHECK(status == (p->has_welch ? 0 : -1));
        if (!p->has_welch)
            continue;
        CHECK_NEAR(w.t, p->welch[0], REL);
        CHECK_NEAR(w.df, p->welch[1], REL);
        CHECK_NEAR(w.p, p->welch[2], REL);
        compared++;
    }
    CHECK(compared >= 8);
    free(f);
}

static void test_ratio_ci_matches_sorted_pairwise_log_differences(void)
{
    fixture *f = load_fixture();
    for (size_t i = 0; f && i < f->n_pairs; i++) {
        fixture_pair *p = &f->pairs[i];
        stats_ratio r;
        CHECK(stats_ratio_of_medians(p->y, p->ny, p->x, p->nx, 0.95, &r) == 0);
        CHECK(r.ok);
        CHECK(r.exact == !strcmp(p->ratio_method, "exact"));
        CHECK_NEAR(r.median_ratio, p->ratio[0], REL);
        CHECK_NEAR(r.lo, p->ratio[1], REL);
        CHECK_NEAR(r.hi, p->ratio[2], REL);
        CHECK_NEAR(r.ratio, p->ratio[3], REL); /* the point is the HL estimate */
        CHECK_NEAR(r.coverage, p->ratio[4], REL);
    }
    free(f);
}

static void test_holm_and_bh_match_textbook_reference_with_ties(void)
{
    fixture *f = load_fixture();
    for (size_t i = 0; f && i < f->n_adjusts; i++) {
        fixture_adjust *a = &f->adjusts[i];
        double holm[MAX_VALUES], bh[MAX_VALUES];
        stats_holm(a->p, a->n, holm);
        stats_bh(a->p, a->n, bh);
        for (size_t j = 0; j < a->n; j++) {
            CHECK_NEAR(holm[j], a->holm[j], REL);
            CHECK_NEAR(bh[j], a->bh[j], REL);
        }
    }
    free(f);
}

/* ---- the median's CI: order statistics from Binomial(n, 1/2) ---------------------------- */

/* P(lo <= K <= hi - 1), K ~ Binomial(n, 1/2): the coverage of order statistics lo and hi. */
int main(void)
{
    RUN(test_reference_has_at_least_8_pairs_from_3_to_100_and_5_p_lists);
    RUN(test_summaries_match_numpy_and_scipy);
    RUN(test_mann_whitney_matches_scipy_exact_and_asymptotic);
    RUN(test_welch_matches_scipy_ttest_ind);
    RUN(test_ratio_ci_matches_sorted_pairwise_log_differences);
    RUN(test_holm_and_bh_match_textbook_reference_with_ties);
    return check_main("stats-reference");
}
