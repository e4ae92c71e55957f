/* steps.c - the step rule of steps.h: optimal partitioning with a per-segment penalty, then
 * merging boundaries whose shift is too small to matter. */
#include "history/steps.h"

#include "log.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double steps_default_penalty(size_t n)
{
    return n > 1 ? 4 * log((double)n) : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double noise(const double *y, size_t n, double floor_)
{
    if (n < 2)
        return floor_;
    double *d = xmalloc((n - 1) * sizeof *d);
    for (size_t i = 0; i + 1 < n; i++)
        d[i] = fabs(y[i + 1] - y[i]);
    qsort(d, n - 1, sizeof *d, cmp_double);
    size_t m = n - 1;
    double med = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
    free(d);
    double s = 1.4826 * med / sqrt(2);
    return s > floor_ ? s : floor_;
}

/* Segment [s, t) cost from prefix sums of y and y^2. */
static double cost(const double *c1, const double *c2, size_t s, size_t t)
{
    double n = (double)(t - s), sum = c1[t] - c1[s];
    double v = c2[t] - c2[s] - sum * sum / n;
    return v > 0 ? v : 0;
}

/* A segment's level: the median of its points, so one outlying run inside a segment of three
 * or more cannot make a step of its own. */
static double seg_level(const double *y, size_t s, size_t t)
{
    size_t n = t - s;
    double *v = xmalloc(n * sizeof *v);
    memcpy(v, y + s, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_double);
    double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    free(v);
    return m;
}

/* Optimal partitioning: the boundaries of the best fit into out->at. */
static void partition(const double *c1, const double *c2, size_t n, double beta, size_t min_len,
                      double sigma2, step_fit *out)
{
    double *f = xmalloc((n + 1) * sizeof *f);
    size_t *last = xcalloc(n + 1, sizeof *last);
    f[0] = -beta;
    for (size_t t = 1; t <= n; t++) {
        f[t] = INFINITY;
        for (size_t s = 0; s + min_len <= t; s++) {
            if (s != 0 && s < min_len)
                continue;
            double v = f[s] + cost(c1, c2, s, t) / sigma2 + beta;
            if (v < f[t])
                f[t] = v, last[t] = s;
        }
        if (!isfinite(f[t])) /* shorter than min_len: one segment */
            f[t] = cost(c1, c2, 0, t) / sigma2, last[t] = 0;
    }
    size_t rev[STEPS_MAX], k = 0;
    for (size_t t = n; t > 0 && last[t] > 0 && k < STEPS_MAX; t = last[t])
        rev[k++] = last[t];
    out->nsteps = k;
    for (size_t i = 0; i < k; i++)
        out->at[i] = rev[k - 1 - i];
    free(f);
    free(last);
}

/* Merges the boundary with the smallest shift (of segment medians) while it is below
 * min_shift. */
static void merge_small(const double *y, size_t n, double min_shift, step_fit *out)
{
    for (;;) {
        size_t best = SIZE_MAX;
        double smallest = INFINITY;
        for (size_t i = 0; i < out->nsteps; i++) {
            size_t s = i ? out->at[i - 1] : 0, b = out->at[i];
            size_t t = i + 1 < out->nsteps ? out->at[i + 1] : n;
            double shift = fabs(seg_level(y, b, t) - seg_level(y, s, b));
            if (shift < smallest)
                smallest = shift, best = i;
        }
        if (best == SIZE_MAX || smallest > min_shift)
            break;
        memmove(&out->at[best], &out->at[best + 1], (out->nsteps - best - 1) * sizeof *out->at);
        out->nsteps--;
    }
    for (size_t i = 0; i <= out->nsteps; i++) {
        size_t s = i ? out->at[i - 1] : 0, t = i < out->nsteps ? out->at[i] : n;
        out->level[i] = seg_level(y, s, t);
    }
}

int steps_find(const double *y, size_t n, double penalty, size_t min_len, double min_shift,
               double sigma_floor, step_fit *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return -1;
    double *c1 = xcalloc(n + 1, sizeof *c1), *c2 = xcalloc(n + 1, sizeof *c2);
    for (size_t i = 0; i < n; i++)
        c1[i + 1] = c1[i] + y[i], c2[i + 1] = c2[i] + y[i] * y[i];
    out->sigma = noise(y, n, sigma_floor);
    partition(c1, c2, n, penalty, min_len ? min_len : 1, out->sigma * out->sigma, out);
    merge_small(y, n, min_shift, out);
    free(c1);
    free(c2);
    return 0;
}
