/* report_doc_regime.h - where the article's headline would hold (the model's regimes.tsv) and
 * each environment's posture (posture.tsv), for the answer, the environments section and the
 * workbook's first sheet. A model analysed before these files existed shows neither. */
#ifndef REPORT_DOC_REGIME_H
#define REPORT_DOC_REGIME_H

#include "doc.h"

/* The regime sentence for headline claim c into in ("The mechanism applies here" or "does not
 * act here", with the regime, its reason and the article's platform's). 0 when the model has
 * no regimes.tsv (in left empty), 1 when written. */
int report_regime_sentence(const report *r, const rep_claim *c, doc_inline *in);
/* A paragraph "Where it would hold: <sentence>" beside the headline answer. */
void report_doc_regime(const report *r, const rep_claim *c, doc *d);
/* The posture as rows of ncols cells (key, then one value per environment of r->envs; the
 * last row the regime), pointing into the loaded files. 0 when the model has no posture.tsv. */
typedef struct {
    tsv_table p, t;
    const char **cells; /* nrows * ncols */
    size_t nrows, ncols;
} posture_grid;
int report_posture_grid(const report *r, posture_grid *g);
void report_posture_grid_free(posture_grid *g);
/* The posture of each environment's benchmark process as a wide table (one row per key, one
 * column per environment, its regime last), after a line saying what it is. */
void report_doc_posture(const report *r, doc *d);

#endif
