/* pool.h - the fleet's answer per claim: every machine's verdict (from its latest run), how many
 * machines reproduce, refute, contradict or leave it open, and for a ratio claim one pooled
 * estimate with its interval (meta.h) judged by the same decision table as one machine's
 * (decide_ratio). Machines can be grouped (CPU model and kernel) and pooled per group too. */
#ifndef POOL_H
#define POOL_H

#include "fleet/meta.h"
#include "verdict.h"

#include <stddef.h>

/* One machine's judgment of one claim (a row of its claims.tsv). */
typedef struct {
    const char *verdict;
    double measured, lo, hi, level;
} machine_judgment;

typedef struct {
    size_t counts[VERDICT_COUNT]; /* machines per verdict */
    size_t judged;                /* machines with any verdict but not measured or smoke run */
    meta_result meta;             /* ratio claims: the pooled ratio */
    verdict_kind pooled;          /* decide_ratio on the pooled interval; NOT_MEASURED if none */
} pooled_claim;

/* Pools n machines' judgments of one claim; is_ratio with claimed and margin for ratio claims.
 * A "smoke run" verdict (a quick run's one smoke sample) is counted but never pooled. */
void pool_claim(const machine_judgment *j, size_t n, int is_ratio, double claimed, double margin,
                double conf, pooled_claim *out);

#endif
