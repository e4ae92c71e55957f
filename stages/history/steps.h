/* steps.h - where a machine's series of results changed level: a penalised piecewise-constant
 * fit (optimal partitioning, exact by dynamic programming). The rule, in full:
 *   - y_i is the log of run i's median (a ratio scale: a step is a relative change);
 *   - the noise sigma is estimated robustly from successive differences,
 *     sigma = 1.4826 * median|y_{i+1} - y_i| / sqrt(2), at least sigma_floor;
 *   - the fit minimises sum over segments of sum (y - segment mean)^2 / sigma^2 plus
 *     `penalty` per segment, every segment at least min_len runs long;
 *   - a boundary is then kept only where the two segments' levels (the median of each
 *     segment, so one outlying run in a segment of three or more moves nothing) differ by more
 *     than min_shift on the log scale (the change must also matter, e.g. log 1.05); otherwise
 *     the segments are merged, the smallest difference first.
 * Pure functions, no I/O. */
#ifndef STEPS_H
#define STEPS_H

#include <stddef.h>

#define STEPS_MAX 64

typedef struct {
    size_t nsteps;
    size_t at[STEPS_MAX];         /* index of the first point of each new segment */
    double level[STEPS_MAX + 1];  /* each segment's median of y */
    double sigma;                 /* the noise estimate used */
} step_fit;

/* Fits y[0..n) (finite values). 0, or -1 when n == 0 or a value is not finite. */
int steps_find(const double *y, size_t n, double penalty, size_t min_len, double min_shift,
               double sigma_floor, step_fit *out);
/* The default penalty for n points: 4 ln n (a BIC-like cost made stricter, since a machine's
 * history is read series by series, many at a time). */
double steps_default_penalty(size_t n);

#endif
