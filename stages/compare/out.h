/* out.h - compare's outputs (out.c): TSV for programs, Markdown and HTML for people. */
#ifndef COMPARE_OUT_H
#define COMPARE_OUT_H

#include "compare/diff.h"
#include "runset/runset.h"

typedef struct {
    const char *name_a, *name_b;     /* <machine>/<id> */
    const char *label_a, *label_b;   /* the machines' labels */
    const char *kernel_a, *kernel_b; /* host_kernel of each run */
    const char *posture_a, *posture_b; /* each run's posture group (regime_posture_group) */
    double margin;
} compare_input;

/* Writes compare.tsv, claims.tsv, compare.md and compare.html into dir. */
int compare_write(const char *dir, const compare_input *in, const run_diff *d,
                  const claim_move *mv, size_t nmv);

#endif
