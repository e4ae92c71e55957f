/* stats_ratio.c - how much faster: the Hodges-Lehmann ratio with its CI, and Welch's t.
 *
 * Point and interval come from one estimator, so the point always lies inside its interval: the
 * median and the order statistics of the pairwise differences of log(x) against log(base)
 * (or, when a value is <= 0, of the raw values, over the baseline's median). The interval is
 * the Wilcoxon rank-sum interval: the
 * k-th smallest and k-th largest of the m*n pairwise log differences. Those order statistics
 * are selected without building the differences: a search on the value (secant steps on the
 * count, with bisection as the fallback), each step one two-pointer pass over the sorted logs
 * that also snaps the bracket to actual differences. */
#include "engine/stats.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Accepting a tail 64 ulps above alpha/2 absorbs the rounding of summed probabilities, so a
 * tail that is exactly alpha/2 on paper counts as within it. */
#define LEVEL_FUZZ (1.0 + 64 * 2.220446049250313e-16)

/* One pass over the staircase of differences a[i] - b[j] (a, b ascending: each row falls
 * with j, each column rises with i): how many are <= v, the largest of those, and the
 * smallest difference above v. */
typedef struct {
    uint64_t count;
    double below, above;
} diff_census;

static diff_census census(const double *a, size_t m, const double *b, size_t n, double v) {
    diff_census c = {0, -INFINITY, INFINITY};
    size_t first_le = 0; /* in row i, differences are <= v from column first_le on */
    for (size_t i = 0; i < m; i++) {
        while (first_le < n && a[i] - b[first_le] > v)
            first_le++;
        c.count += n - first_le;
        if (first_le < n && a[i] - b[first_le] > c.below)
            c.below = a[i] - b[first_le];
        if (first_le > 0 && a[i] - b[first_le - 1] < c.above)
            c.above = a[i] - b[first_le - 1];
    }
    return c;
}

/* A point of the differences' CDF, exact or estimated: about count differences are <= value.
 * It steers the search only; any point, even a wrong one, gives the same answer. */
typedef struct {
    double value, count;
} cdf_point;

/* The next probe for rank inside the bracket (next, hi): a secant step through the last two
 * points of the CDF where it has a slope that lands inside, else the rank interpolated
 * linearly across the bracket's counts (below under next, upto <= hi). */
static double next_probe(cdf_point prev, cdf_point last, uint64_t rank, double next, double hi,
                         uint64_t below, uint64_t upto) {
    double want = (double)rank - 0.5;
    if (last.value != prev.value && last.count != prev.count) {
        double slope = (last.count - prev.count) / (last.value - prev.value);
        double probe = last.value + (want - last.count) / slope;
        if (slope > 0 && probe > next && probe < hi)
            return probe;
    }
    return next + (hi - next) * ((want - (double)below) / (double)(upto - below));
}

/* A bracket holding this few differences is finished by listing them: one pass instead of the
 * two or three probes that pin a staircase step. */
enum { LIST_AT_MOST = 256 };

static int by_value(const void *x, const void *y) {
    double u = *(const double *)x, v = *(const double *)y;
    return (u > v) - (u < v);
}

/* The k-th smallest (1-based) of the span differences in [lo, hi] (span <= LIST_AT_MOST): in row
 * i they are the columns from the first with a[i] - b[j] <= hi to the last with >= lo, and
 * both ends move right as i grows. */
static double kth_in_bracket(const double *a, size_t m, const double *b, size_t n, double lo,
                             double hi, uint64_t span, uint64_t k) {
    double d[LIST_AT_MOST];
    size_t got = 0, first = 0, past = 0; /* row i: columns [first, past) */
    for (size_t i = 0; i < m; i++) {
        while (first < n && a[i] - b[first] > hi)
            first++;
        if (past < first)
            past = first;
        while (past < n && a[i] - b[past] >= lo)
            past++;
        for (size_t j = first; j < past && got < span; j++)
            d[got++] = a[i] - b[j];
    }
    qsort(d, got, sizeof *d, by_value);
    return d[k - 1];
}

/* The rank-th smallest (1-based) difference a[i] - b[j], probing first at guess and steering
 * by seed (any values: they only decide where the search looks). Invariant: it lies in
 * [next, hi], both actual differences, with `below` of them under next and `upto` of them
 * <= hi. Probes are secant steps on the count (a smooth CDF for continuous data); when two
 * probes in a row fail to halve the distance of their count to the rank, the next one bisects
 * the value instead. Every probe moves next or hi past at least one difference, and a bracket
 * of at most LIST_AT_MOST differences is listed. */
static double select_difference(const double *a, size_t m, const double *b, size_t n,
                                uint64_t rank, double guess, cdf_point seed) {
    double next = a[0] - b[n - 1], hi = a[m - 1] - b[0];
    uint64_t below = 0, upto = (uint64_t)m * n;
    cdf_point prev = seed, last = seed;
    /* misses: probes in a row whose count did not come twice as close to the rank */
    int first = 1, misses = 0;
    double miss = INFINITY;
    while (next < hi) {
        if (upto - below <= LIST_AT_MOST)
            return kth_in_bracket(a, m, b, n, next, hi, upto - below, rank - below);
        double probe = first && guess > next && guess < hi ? guess
                       : misses >= 2 ? next + (hi - next) / 2
                                     : next_probe(prev, last, rank, next, hi, below, upto);
        first = 0;
        if (!(probe < hi) || !(probe >= next))
            probe = next;
        diff_census c = census(a, m, b, n, probe);
        if (c.count >= rank) {
            hi = c.below;
            upto = c.count;
        } else {
            next = c.above;
            below = c.count;
        }
        double now = fabs((double)c.count - ((double)rank - 0.5));
        misses = 2 * now > miss ? misses + 1 : 0;
        miss = now;
        prev = last;
        last = (cdf_point){probe, (double)c.count};
    }
    return hi;
}

static double median_difference(const double *a, size_t m, const double *b, size_t n,
                                double guess, cdf_point seed) {
    uint64_t total = (uint64_t)m * n;
    double lower = select_difference(a, m, b, n, (total + 1) / 2, guess, seed);
    if (total % 2)
        return lower;
    diff_census c = census(a, m, b, n, lower);
    double upper = c.count >= total / 2 + 1 ? lower : c.above;
    return lower + (upper - lower) / 2;
}

/* The rank k of the interval's ends and its coverage 1 - 2 P(U <= k-1); k = 0 when even
 * the widest interval falls short. U has no ties here: the interval is for continuous data. */
typedef struct {
    uint64_t k;
    double coverage;
    int exact;
} critical_rank;

static int exact_critical_rank(size_t m, size_t n, double alpha, critical_rank *r) {
    size_t upto = m * n; /* 2U <= mn is U <= mn/2: probability >= 1/2 > alpha/2 */
    double *cdf = malloc((upto + 1) * sizeof *cdf);
    if (!cdf || stats_mwu_exact_cdf(m, n, NULL, 0, upto, cdf) != 0) {
        free(cdf);
        return -1;
    }
    *r = (critical_rank){0, 1, 1};
    for (size_t u = 0; u <= upto / 2 && cdf[2 * u] <= alpha / 2 * LEVEL_FUZZ; u++)
        r->k = u + 1;
    if (r->k > 0)
        r->coverage = 1 - 2 * cdf[2 * (r->k - 1)];
    free(cdf);
    return 0;
}

static critical_rank normal_critical_rank(size_t m, size_t n, double alpha) {
    double mn = (double)m * (double)n;
    double sigma = sqrt(mn * ((double)m + (double)n + 1) / 12);
    double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
    double last_in_tail = floor(mn / 2 - 0.5 - z * sigma); /* largest c: P(U <= c) <= alpha/2 */
    if (last_in_tail < 0)
        return (critical_rank){0, 1, 0};
    double tail = gsl_cdf_ugaussian_P((last_in_tail + 0.5 - mn / 2) / sigma);
    return (critical_rank){(uint64_t)last_in_tail + 1, 1 - 2 * tail, 0};
}

static int find_critical_rank(size_t m, size_t n, double alpha, critical_rank *r) {
    if (m <= STATS_MWU_EXACT_MAX_N && n <= STATS_MWU_EXACT_MAX_N)
        return exact_critical_rank(m, n, alpha, r);
    *r = normal_critical_rank(m, n, alpha);
    return 0;
}

/* One sort per side gives the median and the sorted values; on the log scale the values are
 * replaced by their logs. NULL when a value is not finite (or, for logs, not positive), or
 * memory runs out. */
static double *sorted_and_median(const double *x, size_t n, int logs, double *median) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || (logs && !(x[i] > 0)))
            return NULL;
    double *sorted = stats_sorted_copy(x, n);
    if (!sorted)
        return NULL;
    *median = stats_quantile_sorted(sorted, n, 0.5);
    if (!logs)
        return sorted;
    int ascending = 1;
    for (size_t i = 0; i < n; i++) {
        sorted[i] = log(sorted[i]);
        ascending &= i == 0 || sorted[i - 1] <= sorted[i];
    }
    /* log is monotone up to its last-bit rounding, which the selection must not trust. */
    if (!ascending && stats_sort(sorted, n) != 0) {
        free(sorted);
        return NULL;
    }
    return sorted;
}

static int all_positive(const double *x, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0))
            return 0;
    return 1;
}

/* The differences' spread, roughly: sd sqrt(var a + var b). */
static double difference_sd(const double *a, size_t m, const double *b, size_t n) {
    double va = 0, vb = 0, ma = 0, mb = 0;
    for (size_t i = 0; i < m; i++)
        ma += a[i];
    for (size_t i = 0; i < n; i++)
        mb += b[i];
    ma /= (double)m;
    mb /= (double)n;
    for (size_t i = 0; i < m; i++)
        va += (a[i] - ma) * (a[i] - ma);
    for (size_t i = 0; i < n; i++)
        vb += (b[i] - mb) * (b[i] - mb);
    return sqrt(va / (double)m + vb / (double)n);
}

/* The Hodges-Lehmann shift of a against b and its interval [d_(k), d_(mn+1-k)], mapped back to
 * the ratio scale: exp on the log scale, 1 + d / |median(base)| on the raw one. The point is
 * the median of the same differences whose order statistics bound the interval, and k never
 * exceeds the median's rank, so the point lies inside its interval. */
static void shift_to_ratio(const double *a, size_t m, const double *b, size_t n, critical_rank r,
                           int logs, double scale, stats_ratio *out) {
    uint64_t total = (uint64_t)m * n;
    /* First probes and seeds from a normal curve of the differences (mean near the median
     * difference, that sd): where rank k sits, roughly, and the CDF one sd above the centre;
     * the interval's ends then steer from the median, whose count is known. */
    double sd = difference_sd(a, m, b, n), centre = a[m / 2] - b[n / 2];
    double mid = median_difference(a, m, b, n, centre,
                                   (cdf_point){centre + sd, 0.8413 * (double)total});
    double offset = ((double)total / 2 - (double)r.k) / (double)total * sqrt(2 * M_PI) * sd;
    cdf_point median = {mid, (double)total / 2};
    double lo = r.k ? select_difference(a, m, b, n, r.k, mid - offset, median) : -INFINITY;
    double hi =
        r.k ? select_difference(a, m, b, n, total + 1 - r.k, mid + offset, median) : INFINITY;
    if (lo > mid) /* rounding of the midpoint of two equal differences */
        lo = mid;
    if (hi < mid)
        hi = mid;
    out->ratio = logs ? exp(mid) : 1 + mid / scale;
    out->lo = logs ? exp(lo) : 1 + lo / scale;
    out->hi = logs ? exp(hi) : 1 + hi / scale;
}

int stats_ratio_of_medians(const double *base, size_t nb, const double *x, size_t nx, double conf,
                           stats_ratio *out) {
    *out = (stats_ratio){.ratio = NAN, .lo = NAN, .hi = NAN, .conf = conf,
                         .median_ratio = NAN, .coverage = NAN};
    critical_rank r;
    if (nb == 0 || nx == 0 || !(conf > 0 && conf < 1) ||
        find_critical_rank(nx, nb, 1 - conf, &r) != 0)
        return -1;
    int logs = all_positive(base, nb) && all_positive(x, nx);
    double median_b, median_x;
    double *sorted_b = sorted_and_median(base, nb, logs, &median_b);
    double *sorted_x = sorted_b ? sorted_and_median(x, nx, logs, &median_x) : NULL;
    if (sorted_x && (logs || median_b != 0)) {
        out->median_ratio = median_x / median_b;
        shift_to_ratio(sorted_x, nx, sorted_b, nb, r, logs, fabs(median_b), out);
        out->log_scale = logs;
        out->coverage = r.coverage;
        out->exact = r.exact;
        out->ok = 1;
    }
    free(sorted_b);
    free(sorted_x);
    return out->ok ? 0 : -1;
}

static void mean_and_variance(const double *x, size_t n, double *mean, double *var) {
    double sum = 0, squares = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    *mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        squares += (x[i] - *mean) * (x[i] - *mean);
    *var = squares / (double)(n - 1);
}

int stats_welch_t(const double *x, size_t nx, const double *y, size_t ny, stats_welch *out) {
    *out = (stats_welch){NAN, NAN, NAN};
    if (nx < 2 || ny < 2)
        return -1;
    double mx, vx, my, vy;
    mean_and_variance(x, nx, &mx, &vx);
    mean_and_variance(y, ny, &my, &vy);
    double ex = vx / (double)nx, ey = vy / (double)ny; /* squared standard errors */
    if (!isfinite(ex + ey + mx + my) || ex + ey == 0)
        return -1;
    out->t = (mx - my) / sqrt(ex + ey);
    out->df = (ex + ey) * (ex + ey) / (ex * ex / (double)(nx - 1) + ey * ey / (double)(ny - 1));
    if (!isfinite(out->t) || !isfinite(out->df) || !(out->df > 0)) { /* overflow near 1e154 */
        *out = (stats_welch){NAN, NAN, NAN};
        return -1;
    }
    out->p = 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df);
    return 0;
}

size_t stats_ratio_min_n(double conf) {
    double ways = 2; /* C(2n, n) at n = 1 */
    size_t n = 1;
    while (1 / ways > (1 - conf) / 2 * LEVEL_FUZZ && n < 100000) {
        n++;
        ways *= (double)(2 * n) * (double)(2 * n - 1) / ((double)n * (double)n);
    }
    return n;
}

static int log_variance(const double *x, size_t n, double *var) {
    double *logs = malloc(n * sizeof *logs), mean;
    if (!logs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0 && isfinite(x[i]))) {
            free(logs);
            return -1;
        }
        logs[i] = log(x[i]);
    }
    mean_and_variance(logs, n, &mean, var);
    free(logs);
    return 0;
}

int stats_spread_ratio(const double *base, size_t nb, const double *x, size_t nx, double conf,
                       stats_ratio *out) {
    *out = (stats_ratio){.ratio = NAN, .lo = NAN, .hi = NAN, .conf = conf, .median_ratio = NAN,
                         .coverage = conf, .log_scale = 1};
    double vb, vx;
    if (nb < 2 || nx < 2 || !(conf > 0 && conf < 1) || log_variance(base, nb, &vb) != 0 ||
        log_variance(x, nx, &vx) != 0 || !(vb > 0))
        return -1;
    double f = vx / vb, alpha = 1 - conf, d1 = (double)(nx - 1), d2 = (double)(nb - 1);
    out->ratio = sqrt(f);
    out->lo = sqrt(f / gsl_cdf_fdist_Pinv(1 - alpha / 2, d1, d2));
    out->hi = sqrt(f / gsl_cdf_fdist_Pinv(alpha / 2, d1, d2));
    out->ok = 1;
    return 0;
}

double stats_ratio_half_width(const stats_ratio *r)
{
    if (!r->ok || !isfinite(r->lo) || !isfinite(r->hi) || (r->log_scale && r->lo <= 0))
        return INFINITY;
    if (r->hi == r->lo)
        return 0;
    return r->ratio > 0 ? (r->hi - r->lo) / (2 * r->ratio) : INFINITY;
}
