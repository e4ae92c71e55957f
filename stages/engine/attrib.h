/* engine/attrib.h - attribution's arithmetic: the ratio of two cells an attribution rests on,
 * and what the factors an ablation arm isolates leave of an environment's difference from its
 * baseline (docs/mechanisms.md, "arms"). Pure: which factors separate a pair and which arm
 * measures each is analyze's attrib.c, which writes attrib.tsv. */
#ifndef ENGINE_ATTRIB_H
#define ENGINE_ATTRIB_H

#include "engine/engine.h"

#include <stddef.h>

typedef struct {
    double ratio, lo, hi; /* lo/hi may be 0/inf: unbounded */
    int ok;
} attrib_ratio;

/* What the factors leave unexplained of a total: total / (f[0] * ... * f[n-1]), on the log
 * scale, with an interval at conf from the intervals' half-widths (each taken as a normal one
 * on the log scale, the estimates as independent: their variances add). Unbounded when any
 * interval is; !ok when any estimate is. */
attrib_ratio attrib_unexplained(const attrib_ratio *total, const attrib_ratio *f, size_t n,
                                double conf);

/* A factor separating a total's pair: its name ("seccomp"), its ratio with / without it (!ok
 * when no arm measured it), and which side has it: +1 the environment (its ratio counts as is),
 * -1 the baseline (it counts inverted). */
typedef struct {
    const char *name;
    attrib_ratio r;
    int sign;
} attrib_factor;
#define ATTRIB_MAX_FACTORS 32

/* What the factors separating a pair leave of its total: attrib_unexplained over their ratios,
 * each turned by its sign. When one has no ratio the attribution does not close: !ok, and
 * missing ("" otherwise) names every such factor, comma-separated. */
attrib_ratio attrib_close(const attrib_ratio *total, const attrib_factor *f, size_t n,
                          double conf, char *missing, size_t len);

/* x / base with its interval at conf, by the one rule every ratio follows (stats_ratio_blocked:
 * paired within the rounds both cells ran where they record rounds, else the ratio of medians);
 * !ok when either cell is NULL or the ratio cannot be had. */
attrib_ratio attrib_ratio_of(const cell *base, const cell *x, double conf);

#endif
