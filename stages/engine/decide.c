/* decide.c - the decision table (docs/verdicts.md), implemented once.
 *
 * Every verdict follows from where an interval lies against the claim and against "no
 * difference", never from a p-value alone: an interval that rules a claim out refutes it,
 * however large p is; noise widens the interval and can only make an answer inconclusive. */
#include "engine/decide.h"

#include <math.h>

int decide_is_no_difference(double c)
{
    return fabs(c - 1) < 1e-12;
}

band_relation decide_band(double lo, double hi, double band_lo, double band_hi)
{
    if (lo >= band_lo && hi <= band_hi)
        return BAND_INSIDE;
    if (hi < band_lo || lo > band_hi)
        return BAND_OUTSIDE;
    return BAND_OVERLAPS;
}

static decision no_difference_claim(double lo, double hi, double margin)
{
    switch (decide_band(lo, hi, 1 - margin, 1 + margin)) {
    case BAND_INSIDE: return (decision){VERDICT_REPRODUCED, HOW_NONE};
    case BAND_OUTSIDE: return (decision){VERDICT_CONTRADICTED, HOW_NONE};
    default: return (decision){VERDICT_INCONCLUSIVE, HOW_BAND_OVERLAP};
    }
}

decision decide_ratio(double c, double lo, double hi, double margin)
{
    if (isnan(lo) || isnan(hi) || isnan(c))
        return (decision){VERDICT_NOT_MEASURED, HOW_NONE};
    if (decide_is_no_difference(c))
        return no_difference_claim(lo, hi, margin);
    int holds_claim = lo <= c && c <= hi, holds_one = lo <= 1 && 1 <= hi;
    if (holds_claim)
        return (decision){holds_one ? VERDICT_INCONCLUSIVE : VERDICT_REPRODUCED,
                          holds_one ? HOW_STRADDLES : HOW_NONE};
    int other_side = c > 1 ? hi < 1 : lo > 1;
    if (other_side)
        return (decision){VERDICT_CONTRADICTED, HOW_NONE};
    if (holds_one)
        return (decision){VERDICT_REFUTED, HOW_NO_DIFFERENCE};
    int short_of_claim = c > 1 ? hi < c : lo > c;
    return (decision){VERDICT_REFUTED, short_of_claim ? HOW_SMALLER_EFFECT : HOW_LARGER_EFFECT};
}

verdict_effect decide_effect(decision_how how)
{
    return how == HOW_NO_DIFFERENCE    ? EFFECT_NONE
           : how == HOW_SMALLER_EFFECT ? EFFECT_SMALLER
           : how == HOW_LARGER_EFFECT  ? EFFECT_LARGER
                                       : EFFECT_UNSAID;
}

/* An analogue: what the table's verdict says of the claim's direction. An interval that holds 1
 * shows no direction either way: not a refutation of one (no detectable difference is not no
 * effect), so it is inconclusive, however far it stays from the claim's size. */
static verdict_kind direction_only(verdict_kind full, verdict_effect effect, int directional)
{
    switch (full) {
    case VERDICT_REPRODUCED:
        return directional ? VERDICT_DIRECTION : VERDICT_NOT_COMPARABLE;
    case VERDICT_REFUTED:
        if (effect == EFFECT_NONE)
            return VERDICT_INCONCLUSIVE;
        return directional ? VERDICT_DIRECTION : VERDICT_NOT_COMPARABLE;
    case VERDICT_DIFFERS:
    case VERDICT_CONSISTENT:
    case VERDICT_OTHER_HARDWARE: return VERDICT_NOT_COMPARABLE;
    default: return full; /* contradicted, inconclusive, equal, not measured, ... */
    }
}

verdict_kind decide_comparability(comparability k, verdict_kind full, verdict_effect effect,
                                  int directional)
{
    if (k == COMPARABLE_CONDITION_ABSENT)
        return VERDICT_NOT_APPLICABLE;
    if (k == COMPARABLE_SAME || full == VERDICT_NOT_MEASURED || full == VERDICT_SMOKE ||
        full == VERDICT_NOT_REPRODUCIBLE || full == VERDICT_IMPLAUSIBLE)
        return full;
    if (k == COMPARABLE_ANALOGUE)
        return direction_only(full, effect, directional);
    return k == COMPARABLE_OTHER_HARDWARE ? VERDICT_OTHER_HARDWARE : VERDICT_NOT_COMPARABLE;
}

verdict_kind decide_count(size_t n, size_t n_equal)
{
    if (n == 0)
        return VERDICT_NOT_MEASURED;
    if (n_equal < n)
        return VERDICT_DIFFERS;
    return n >= DECIDE_COUNT_MIN_N ? VERDICT_EQUAL : VERDICT_INCONCLUSIVE;
}

verdict_kind decide_order(const double *lo, const double *hi, size_t npairs, double margin)
{
    if (npairs == 0)
        return VERDICT_NOT_MEASURED;
    int all_above = 1, any_below = 0, any_equivalent = 0;
    for (size_t i = 0; i < npairs; i++) {
        if (isnan(lo[i]) || isnan(hi[i]))
            return VERDICT_NOT_MEASURED;
        all_above &= lo[i] > 1;
        any_below |= hi[i] < 1;
        any_equivalent |= decide_band(lo[i], hi[i], 1 - margin, 1 + margin) == BAND_INSIDE;
    }
    if (any_below)
        return VERDICT_CONTRADICTED;
    if (all_above)
        return VERDICT_REPRODUCED;
    return any_equivalent ? VERDICT_REFUTED : VERDICT_INCONCLUSIVE;
}

verdict_kind decide_below_one(double lo, double hi)
{
    if (isnan(lo) || isnan(hi))
        return VERDICT_NOT_MEASURED;
    if (hi < 1)
        return VERDICT_REPRODUCED;
    return lo > 1 ? VERDICT_CONTRADICTED : VERDICT_INCONCLUSIVE;
}

verdict_kind decide_spread(double lo, double hi, double robust_ratio)
{
    verdict_kind v = decide_below_one(lo, hi);
    if (isnan(robust_ratio) || v == VERDICT_NOT_MEASURED)
        return v;
    if ((v == VERDICT_REPRODUCED && !(robust_ratio < 1)) ||
        (v == VERDICT_CONTRADICTED && !(robust_ratio > 1)))
        return VERDICT_INCONCLUSIVE;
    return v;
}

/* The log-scale half-width that would decide the claim: small enough to exclude 1 or c (claim
 * of a difference), or to fit inside or miss the band (claim of no difference). */
static double deciding_half_width(double c, double point, double margin)
{
    double p = log(point);
    if (!decide_is_no_difference(c)) {
        double to_one = fabs(p), to_claim = fabs(log(c) - p);
        return to_one > to_claim ? to_one : to_claim;
    }
    double edge = log(1 + margin), inside = edge - fabs(p), outside = fabs(p) - edge;
    return inside > outside ? inside : outside;
}

size_t decide_samples_needed(double c, double point, double lo, double hi, double margin, size_t n)
{
    if (!(lo > 0) || !isfinite(hi) || !(point > 0) || n == 0)
        return 0;
    double half = (log(hi) - log(lo)) / 2, target = deciding_half_width(c, point, margin);
    if (!(target > 0) || !(half > 0))
        return 0;
    double needed = ceil((double)n * (half / target) * (half / target));
    return needed > 1e9 ? 0 : (size_t)needed;
}
