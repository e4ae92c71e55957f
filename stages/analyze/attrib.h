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

/* Writes <out>/attrib.tsv for the run: for every table an arm ran, each unit and benchmark,
 * each environment's total against the table's baseline, each factor present in it (its
 * posture says so: samples/posture.tsv) with the ratio with / without from its arm (meta.tsv
 * arm_reference, arm_factor), and the unexplained rest. 0, or -1 when it cannot be written. */
int attrib_write(const cellset *cs, const tsv_table *tables, const tsv_table *envs,
                 const tsv_table *meta, const char *run_dir, double conf, const char *out);

#endif
