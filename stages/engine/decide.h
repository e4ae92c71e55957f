/* decide.h - the decision table of docs/verdicts.md: from an interval to a verdict word.
 *
 * Pure functions of numbers: no files, no claims, no formatting, so every row of the table is
 * tested directly (tests/unit/test_engine_decide.c). Intervals are closed: a claim on an
 * interval's end is inside it. An end may be infinite (a half-bounded or unbounded interval). */
#ifndef DECIDE_H
#define DECIDE_H

#include "verdict.h"

#include <stddef.h>

/* Why a ratio verdict fell as it did, for the report's sentence. */
typedef enum {
    HOW_NONE,
    HOW_SMALLER_EFFECT, /* refuted: the interval excludes 1 and lies short of the claim */
    HOW_LARGER_EFFECT,  /* refuted: the interval excludes 1 and lies beyond the claim */
    HOW_NO_DIFFERENCE,  /* refuted: the interval holds 1 but not the claim */
    HOW_STRADDLES,      /* inconclusive: the interval holds the claim and 1 alike */
    HOW_BAND_OVERLAP    /* inconclusive (claim of 1): the interval overlaps the band partly */
} decision_how;

typedef struct {
    verdict_kind verdict;
    decision_how how;
} decision;

/* How a refuted ratio missed, in the words the tally uses (verdict.h). */
verdict_effect decide_effect(decision_how how);

/* Whether a measurement is the article's thing (claims file `comparability`, docs/verdicts.md):
 * the decision table above judges it only when it is. */
typedef enum {
    COMPARABLE_SAME,          /* the article's quantity: every verdict of the table */
    COMPARABLE_ANALOGUE,      /* a stand-in for the article's mechanism: direction only */
    COMPARABLE_OTHER_HARDWARE, /* a figure of the article's machine: shown as a factor */
    COMPARABLE_OTHER_SETUP,   /* a software quantity of another set-up: shown as a factor */
    COMPARABLE_CONDITION_ABSENT, /* the claim's condition does not exist here */
    COMPARABILITIES
} comparability;

/* The verdict a claim of comparability k may carry, given the table's verdict full (with its
 * effect when refuted) for a claim of a direction (directional: ratio, order, spread) or not.
 * An analogue is never refuted on size: a ratio that holds the claim, or refutes it by size in
 * the claim's direction, reads "direction reproduced"; "no effect", the other direction and
 * inconclusive stay; a size of any other kind is "not comparable". A figure of other hardware
 * reads "other hardware", of another set-up "not comparable", whatever it measured; an absent
 * condition "not applicable". No samples (not measured, smoke run) and a physical bound
 * (implausible) say the same under every comparability but an absent condition. */
verdict_kind decide_comparability(comparability k, verdict_kind full, verdict_effect effect,
                                  int directional);

/* The default equivalence margin of a ratio claim: 1 +/- 5% counts as no difference. */
#define DECIDE_DEFAULT_MARGIN 0.05

/* A claimed ratio c (> 0) against the measured ratio's interval [lo, hi]. For c = 1 the claim is
 * of no difference: reproduced when the interval lies inside 1 +/- margin, contradicted when it
 * misses that band, inconclusive otherwise. */
decision decide_ratio(double c, double lo, double hi, double margin);
/* Is c a claim of no difference? (within 1e-12 of 1) */
int decide_is_no_difference(double c);

/* Where [lo, hi] lies against the band [band_lo, band_hi] (either end may be infinite). */
typedef enum { BAND_INSIDE, BAND_OUTSIDE, BAND_OVERLAPS } band_relation;
band_relation decide_band(double lo, double hi, double band_lo, double band_hi);

/* A count claim: n samples of which n_equal equal the claim. Equal needs at least
 * DECIDE_COUNT_MIN_N samples. */
#define DECIDE_COUNT_MIN_N 3
verdict_kind decide_count(size_t n, size_t n_equal);

/* An ordering A > B > ...: the intervals of the adjacent ratios A/B, B/C, ... */
verdict_kind decide_order(const double *lo, const double *hi, size_t npairs, double margin);

/* A claim that a ratio lies below 1 (less spread with the controls): its interval. */
verdict_kind decide_below_one(double lo, double hi);
/* A spread claim (less spread with the controls): the sd ratio's interval [lo, hi] decides only
 * when the robust ratio (MAD of log values, with / without) lies on the same side of 1; when they
 * disagree a few outliers drive the sd, and the answer is inconclusive. */
verdict_kind decide_spread(double lo, double hi, double robust_ratio);

/* How many samples a side would likely decide an inconclusive ratio claim, from the observed
 * interval: the half-width on the log scale shrinks as 1/sqrt(n). 0 when it cannot be said
 * (an unbounded interval, or a point on the boundary). */
size_t decide_samples_needed(double c, double point, double lo, double hi, double margin, size_t n);

#endif
