/* attrib.h - attribution: how much of an environment's difference from the baseline each
 * factor an ablation arm isolates explains, and what is left (docs/formats.md, attrib.tsv;
 * docs/mechanisms.md, "arms"). Pure statistics on the cells and the run's records. */
#ifndef ATTRIB_H
#define ATTRIB_H

#include "analyze/analyze.h"

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

/* Writes <out>/attrib.tsv for the run: for every table an arm ran, each unit and benchmark,
 * each environment's total against the table's baseline, each factor that separates the two
 * (posture.tsv, meta.tsv, a daemon's RSS) with the ratio with / without from an arm (meta.tsv
 * arm_reference, arm_factor), and the unexplained rest or why it does not close. 0, or -1 when it cannot be written. */
int attrib_write(const cellset *cs, const tsv_table *tables, const tsv_table *envs,
                 const tsv_table *meta, const char *run_dir, double conf, const char *out);

#endif
