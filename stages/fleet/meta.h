/* meta.h - one answer from many machines: the random-effects meta-analysis of DerSimonian and
 * Laird (1986) on log ratios. Each machine i gives y_i = log(ratio) with a standard error s_i
 * read back from its interval, s_i = (log hi - log lo) / (2 z), z the normal quantile of the
 * interval's level (an unbounded interval carries no weight and is left out). With
 * w_i = 1/s_i^2, the fixed-effect mean m = sum w y / sum w, Cochran's Q = sum w (y - m)^2,
 * tau^2 = max(0, (Q - (k-1)) / (sum w - sum w^2 / sum w)), the random-effects weights
 * 1/(s_i^2 + tau^2) give the pooled estimate and its normal interval at conf; I^2 =
 * max(0, (Q - (k-1)) / Q) is the share of the spread that is between machines rather than
 * noise. Pure functions, no I/O. */
#ifndef META_H
#define META_H

#include <stddef.h>

typedef struct {
    size_t k;             /* machines that carried weight */
    double est, lo, hi;   /* pooled ratio and its interval (exp of the log scale) */
    double se;            /* of the pooled log ratio */
    double q, tau2, i2;   /* Cochran's Q, between-machine variance (log scale), I^2 in [0,1] */
    int ok;               /* k >= 1 */
} meta_result;

/* The standard error of a log ratio from its interval [lo, hi] at level; NAN when the interval
 * is unbounded, empty or not positive. */
double meta_se_from_ci(double lo, double hi, double level);
/* Pools k log ratios y with standard errors se (entries with a non-finite or non-positive se
 * are skipped) at confidence conf. 0, or -1 when no entry carries weight (out->ok = 0). */
int meta_dersimonian_laird(const double *y, const double *se, size_t k, double conf,
                           meta_result *out);

#endif
