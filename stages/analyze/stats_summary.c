/* stats_summary.c - one cell's numbers: moments, quartiles, Tukey labels, the median's CI.
 *
 * Everything here works on one ascending copy of the cell, so the median, the quartiles
 * (type 7) and the order statistics that bound the median's CI are plain index lookups. */
#include "analyze/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Accepting a mass 64 ulps short of conf absorbs the rounding of summed probabilities, so a
 * mass that is exactly conf on paper counts as reaching it. */
#define LEVEL_FUZZ (1.0 - 64 * 2.220446049250313e-16)

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
 * the same byte there (the sign and exponent bytes of a cell usually do). O(n), no compares. */
int stats_sort(double *x, size_t n)
{
    if (n < 2)
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

/* The most central run of `width` bands of Binomial(n, 1/2), left-biased when it cannot be
 * centred: bands first..first+width-1, i.e. the CI between order statistics first and
 * first+width. Growing width by one adds one band, alternately on the left and right. */
static size_t first_band(size_t n, size_t width)
{
    return (n + 1 - width) / 2;
}

/* Exact: start from the mode band and add bands outward until the mass reaches conf. */
static int median_ranks_exact(size_t n, double conf, size_t *width, double *mass)
{
    *width = 1;
    *mass = gsl_ran_binomial_pdf((unsigned)first_band(n, 1), 0.5, (unsigned)n);
    while (*mass < conf * LEVEL_FUZZ) {
        if (*width + 1 > n - 1)
            return -1;
        size_t first = first_band(n, *width + 1);
        size_t added = first < first_band(n, *width) ? first : first + *width;
        *mass += gsl_ran_binomial_pdf((unsigned)added, 0.5, (unsigned)n);
        (*width)++;
    }
    return 0;
}

/* Normal approximation N(n/2, n/4) with continuity correction: band k covers [k-1/2, k+1/2].
 * Widths below z*sqrt(n) cannot reach conf, so the search starts there. */
static int median_ranks_normal(size_t n, double conf, size_t *width)
{
    double mu = (double)n / 2, sigma = sqrt((double)n) / 2;
    double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
    double start = floor(z * sqrt((double)n));
    *width = start < 1 ? 1 : (size_t)start;
    for (; *width <= n - 1; (*width)++) {
        double first = (double)first_band(n, *width);
        double last = first + (double)*width - 1;
        double mass = gsl_cdf_ugaussian_P((last + 0.5 - mu) / sigma) -
                      gsl_cdf_ugaussian_P((first - 0.5 - mu) / sigma);
        if (mass >= conf)
            return 0;
    }
    return -1;
}

int stats_median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi, double *coverage)
{
    *lo = *hi = 0;
    *coverage = 1;
    if (n == 0 || n > UINT_MAX || !(conf > 0 && conf < 1))
        return -1;
    if (n < 2)
        return 0;
    size_t width;
    double mass;
    if (n <= STATS_MEDIAN_CI_EXACT_MAX_N) {
        if (median_ranks_exact(n, conf, &width, &mass) != 0)
            return 0;
    } else {
        if (median_ranks_normal(n, conf, &width) != 0)
            return 0;
        mass = gsl_cdf_binomial_P((unsigned)(first_band(n, width) + width - 1), 0.5, (unsigned)n) -
               gsl_cdf_binomial_P((unsigned)(first_band(n, width) - 1), 0.5, (unsigned)n);
    }
    *lo = first_band(n, width);
    *hi = *lo + width;
    *coverage = mass;
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
    int unbounded = out->ci_lo_rank == 0;
    out->ci_lo = unbounded ? -INFINITY : sorted[out->ci_lo_rank - 1];
    out->ci_hi = unbounded ? INFINITY : sorted[out->ci_hi_rank - 1];
    out->warn_small_n = n < 6 || unbounded;

    tukey_fences f = fences_of_sorted(sorted, n);
    for (size_t i = 0; i < n; i++) {
        int label = tukey_label(f, sorted[i]);
        out->outliers_mild += label == 1;
        out->outliers_extreme += label == 2;
    }
    free(sorted);
    return 0;
}
