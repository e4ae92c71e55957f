/* attrib.h - attribution: how much of an environment's difference from the baseline each
 * factor an ablation arm isolates explains, and what is left (docs/formats.md, attrib.tsv;
 * docs/mechanisms.md, "arms"): which factors separate a pair, from the run's records, and
 * attrib.tsv; the arithmetic is the engine's (engine/attrib.h). */
#ifndef ATTRIB_H
#define ATTRIB_H

#include "analyze/analyze.h"
#include "engine/attrib.h"

#include <stddef.h>

/* Writes <out>/attrib.tsv for the run: for every table an arm ran, each unit and benchmark,
 * each environment's total against the table's baseline, each factor that separates the two
 * (posture.tsv, meta.tsv, a daemon's RSS) with the ratio with / without from an arm (meta.tsv
 * arm_reference, arm_factor), and the unexplained rest or why it does not close. 0, or -1 when it cannot be written. */
int attrib_write(const cellset *cs, const tsv_table *tables, const tsv_table *envs,
                 const tsv_table *meta, const char *run_dir, double conf, const char *out);

#endif
