/* stats_summary.c - one cell's numbers: moments, quartiles, Tukey labels, the median's CI.
 *
 * Everything here works on one ascending copy of the cell, so the median, the quartiles
 * (type 7) and the order statistics that bound the median's CI are plain index lookups. The
 * CI picks its order statistics as Go's benchstat does, so the report's intervals can be
 * checked against benchstat's (docs/median-ci.md: the method and the one difference). */
#include "engine/stats.h"

#include <gsl/gsl_cdf.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Doubles as unsigned keys in the same order: negatives get every bit flipped (larger
 * magnitude, smaller key), the others just the sign bit; from_order_key undoes it exactly. */
#define SIGN_BIT 0x8000000000000000ULL

static uint64_t order_key(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits & SIGN_BIT ? ~bits : bits | SIGN_BIT;
}

static double from_order_key(uint64_t key)
{
    uint64_t bits = key & SIGN_BIT ? key & ~SIGN_BIT : ~key;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* LSD radix sort on the order keys, one byte per pass; a pass is skipped when every key has
 * the same byte there (the sign and exponent bytes of a cell usually do). O(n); input already in
 * order costs one scan. */
int stats_sort(double *x, size_t n)
{
    if (n < 2)
        return 0;
    size_t in_order = 1; /* input already ascending (cells are sorted once, when loaded) */
    while (in_order < n && order_key(x[in_order - 1]) <= order_key(x[in_order]))
        in_order++;
    if (in_order == n)
        return 0;
    uint64_t *buffer = malloc(2 * n * sizeof *buffer);
    if (!buffer)
        return -1;
    uint64_t *keys = buffer, *spare = buffer + n;
    for (size_t i = 0; i < n; i++)
        keys[i] = order_key(x[i]);
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t start[257] = {0};
        for (size_t i = 0; i < n; i++)
            start[(keys[i] >> shift & 0xff) + 1]++;
        if (start[(keys[0] >> shift & 0xff) + 1] == n)
            continue;
        for (size_t digit = 0; digit < 256; digit++)
            start[digit + 1] += start[digit];
        for (size_t i = 0; i < n; i++)
            spare[start[keys[i] >> shift & 0xff]++] = keys[i];
        uint64_t *swap = keys;
        keys = spare;
        spare = swap;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = from_order_key(keys[i]);
    free(buffer);
    return 0;
}

double *stats_sorted_copy(const double *x, size_t n)
{
    if (n == 0)
        return NULL;
    double *copy = malloc(n * sizeof *copy);
    if (!copy)
        return NULL;
    memcpy(copy, x, n * sizeof *copy);
    if (stats_sort(copy, n) != 0) {
        free(copy);
        return NULL;
    }
    return copy;
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 0 || !(p >= 0 && p <= 1))
        return NAN;
    double h = (double)(n - 1) * p;
    size_t below = (size_t)floor(h);
    if (below >= n - 1)
        return sorted[n - 1];
    return sorted[below] + (h - (double)below) * (sorted[below + 1] - sorted[below]);
}

/* Gap k (0..n) lies between order statistics x(k) and x(k+1), with x(0) = -inf and
 * x(n+1) = +inf; the population median falls in it with Binomial(n, 1/2) mass C(n,k)/2^n.
 * Gaps l..r-1 make the interval [x(l), x(r)]. The most central run of `width` gaps starts at
 * first_gap: symmetric about n/2 when it can be, else one gap to the left. Growing the width
 * by one adds the heavier neighbouring gap, the left one on a tie: benchstat's growth. */
static size_t first_gap(size_t n, size_t width)
{
    return (n + 1 - width) / 2;
}

/* Exact: widen the central run until its mass reaches conf. The counts are integers (C(30,
 * 15) < 2^28), so mass * 2^n is compared with conf * 2^n without rounding. Returns the mass. */
_Static_assert(STATS_MEDIAN_CI_EXACT_MAX_N <= 50, "2^n must stay exact in a double");
static double median_gaps_exact(size_t n, double conf, size_t *l, size_t *r)
{
    uint64_t choose[STATS_MEDIAN_CI_EXACT_MAX_N + 1];
    choose[0] = 1;
    for (size_t k = 0; k < n; k++)
        choose[k + 1] = choose[k] * (n - k) / (k + 1);
    double target = ldexp(conf, (int)n);
    size_t width = 1;
    uint64_t mass = choose[first_gap(n, 1)];
    while ((double)mass < target && width <= n) {
        size_t first = first_gap(n, width + 1);
        mass += choose[first < first_gap(n, width) ? first : first + width];
        width++;
    }
    *l = first_gap(n, width);
    *r = *l + width;
    return ldexp((double)mass, -(int)n);
}

/* Benchstat's normal approximation N(n/2, n/4) with continuity correction, gap k being the
 * band [k-1/2, k+1/2]: the first gap holds the (1-conf)/2 quantile, the run is symmetric
 * about n/2, and it loses its last gap if the band still holds conf. */
static void median_gaps_normal(size_t n, double conf, size_t *l, size_t *r)
{
    double mu = (double)n / 2, sigma = sqrt((double)n) / 2;
    double first = floor(mu - gsl_cdf_ugaussian_Qinv((1 - conf) / 2) * sigma + 0.5);
    double last = (double)n - first;
    double shorter = gsl_cdf_ugaussian_P((last - 0.5 - mu) / sigma) -
                     gsl_cdf_ugaussian_P((first - 0.5 - mu) / sigma);
    if (shorter >= conf)
        last -= 1;
    *l = first < 0 ? 0 : (size_t)first;
    *r = last >= (double)n ? n + 1 : (size_t)last + 1;
}

/* Exact Binomial(n, 1/2) mass of gaps l..r-1. */
static double gap_mass(size_t n, size_t l, size_t r)
{
    double below = l ? gsl_cdf_binomial_P((unsigned)(l - 1), 0.5, (unsigned)n) : 0;
    return gsl_cdf_binomial_P((unsigned)(r - 1), 0.5, (unsigned)n) - below;
}

int stats_median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi, double *coverage)
{
    *lo = *hi = 0;
    *coverage = 1;
    if (n == 0 || n > UINT_MAX || !(conf > 0 && conf < 1))
        return -1;
    size_t l, r;
    if (n <= STATS_MEDIAN_CI_EXACT_MAX_N) {
        *coverage = median_gaps_exact(n, conf, &l, &r);
    } else {
        median_gaps_normal(n, conf, &l, &r);
        *coverage = gap_mass(n, l, r);
    }
    *lo = l;              /* 0: x(0) = -inf */
    *hi = r <= n ? r : 0; /* n + 1: x(n+1) = +inf */
    return 0;
}

typedef struct {
    double mild_lo, mild_hi, extreme_lo, extreme_hi;
} tukey_fences;

static tukey_fences fences_of_sorted(const double *sorted, size_t n)
{
    double q1 = stats_quantile_sorted(sorted, n, 0.25);
    double q3 = stats_quantile_sorted(sorted, n, 0.75);
    double iqr = q3 - q1;
    return (tukey_fences){q1 - 1.5 * iqr, q3 + 1.5 * iqr, q1 - 3 * iqr, q3 + 3 * iqr};
}

static int tukey_label(tukey_fences f, double v)
{
    if (v < f.extreme_lo || v > f.extreme_hi)
        return 2;
    if (v < f.mild_lo || v > f.mild_hi)
        return 1;
    return 0;
}

void stats_tukey_labels(const double *x, size_t n, int *labels)
{
    double *sorted = stats_sorted_copy(x, n);
    if (!sorted) {
        for (size_t i = 0; i < n; i++)
            labels[i] = -1;
        return;
    }
    tukey_fences f = fences_of_sorted(sorted, n);
    for (size_t i = 0; i < n; i++)
        labels[i] = tukey_label(f, x[i]);
    free(sorted);
}

static void fill_moments(const double *x, size_t n, double conf, stats_summary *out)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    out->mean = sum / (double)n;
    out->sd = out->cv = out->mean_ci_lo = out->mean_ci_hi = NAN;
    if (n < 2)
        return;
    double squares = 0;
    for (size_t i = 0; i < n; i++)
        squares += (x[i] - out->mean) * (x[i] - out->mean);
    out->sd = sqrt(squares / (double)(n - 1));
    if (out->mean != 0)
        out->cv = out->sd / out->mean;
    double t = gsl_cdf_tdist_Pinv(0.5 + conf / 2, (double)(n - 1));
    double half = t * out->sd / sqrt((double)n);
    out->mean_ci_lo = out->mean - half;
    out->mean_ci_hi = out->mean + half;
}

int stats_summarize(const double *x, size_t n, double conf, stats_summary *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || !(conf > 0 && conf < 1))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i]))
            return -1;
    double *sorted = stats_sorted_copy(x, n);
    if (!sorted)
        return -1;

    out->n = n;
    out->conf = conf;
    fill_moments(x, n, conf, out);
    out->min = sorted[0];
    out->max = sorted[n - 1];
    out->median = stats_quantile_sorted(sorted, n, 0.5);
    out->q1 = stats_quantile_sorted(sorted, n, 0.25);
    out->q3 = stats_quantile_sorted(sorted, n, 0.75);

    stats_median_ci_ranks(n, conf, &out->ci_lo_rank, &out->ci_hi_rank, &out->ci_coverage);
    out->ci_lo = out->ci_lo_rank ? sorted[out->ci_lo_rank - 1] : -INFINITY;
    out->ci_hi = out->ci_hi_rank ? sorted[out->ci_hi_rank - 1] : INFINITY;
    out->warn_unbounded_ci = !out->ci_lo_rank || !out->ci_hi_rank;

    tukey_fences f = fences_of_sorted(sorted, n);
    for (size_t i = 0; i < n; i++) {
        int label = tukey_label(f, sorted[i]);
        out->outliers_mild += label == 1;
        out->outliers_extreme += label == 2;
    }
    free(sorted);
    return 0;
}
