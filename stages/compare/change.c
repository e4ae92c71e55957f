/* change.c - the change verdict of one metric between two runs (the rule is in change.h and
 * docs/results.md), implemented once, on the analyze stage's estimator and band test. */
#include "compare/change.h"

#include "engine/decide.h"
#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *change_word(change_kind k)
{
    static const char *const words[CHANGE_KINDS] = {"faster", "slower", "no change",
                                                    "inconclusive", "not measured"};
    return k < CHANGE_KINDS ? words[k] : "not measured";
}

change_kind change_decide(double lo, double hi, double margin, int higher_is_better)
{
    if (isnan(lo) || isnan(hi) || isnan(margin))
        return CHANGE_NOT_MEASURED;
    switch (decide_band(lo, hi, 1 - margin, 1 + margin)) {
    case BAND_INSIDE: return CHANGE_NONE;
    case BAND_OVERLAPS: return CHANGE_INCONCLUSIVE;
    default: break;
    }
    int below = hi < 1 - margin;
    return below != higher_is_better ? CHANGE_FASTER : CHANGE_SLOWER;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The same multiset of values on both sides. */
static int same_values(const double *a, size_t na, const double *b, size_t nb)
{
    if (na != nb || na == 0)
        return 0;
    double *x = xmalloc(na * sizeof *x), *y = xmalloc(nb * sizeof *y);
    memcpy(x, a, na * sizeof *x);
    memcpy(y, b, nb * sizeof *y);
    qsort(x, na, sizeof *x, cmp_double);
    qsort(y, nb, sizeof *y, cmp_double);
    int same = memcmp(x, y, na * sizeof *x) == 0;
    free(x);
    free(y);
    return same;
}

int change_compare(const double *a, size_t na, const double *b, size_t nb, double level,
                   double margin, int higher_is_better, change_row *r)
{
    memset(r, 0, sizeof *r);
    r->p_adj = NAN;
    stats_mann_whitney(b, nb, a, na, &r->mwu);
    r->identical = same_values(a, na, b, nb);
    if (r->identical)
        r->ratio = (stats_ratio){.ratio = 1, .lo = 1, .hi = 1, .conf = level, .ok = 1,
                                 .median_ratio = 1, .coverage = 1, .exact = 1, .log_scale = 1};
    else if (stats_ratio_of_medians(a, na, b, nb, level, &r->ratio) != 0) {
        r->change = CHANGE_NOT_MEASURED;
        return -1;
    }
    r->change = change_decide(r->ratio.lo, r->ratio.hi, margin, higher_is_better);
    return 0;
}
