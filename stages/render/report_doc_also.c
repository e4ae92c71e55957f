/* report_doc_also.c - what else the headline's own table detects on the headline's pair.
 *
 * Why: the answer judges the article's claim (Fib(40)'s time per op), but the same rounds also
 * time other benchmarks of that table (T1's whole go test command). A difference this run
 * detects there, on the same two environments and metric, belongs on the first screen beside
 * the answer, not only in a comparisons table further down: otherwise "no detectable
 * difference" reads as "no difference anywhere". It is said as what it is: not the article's
 * claim, at the comparisons' level, with the A/A control's ratio of the same benchmark beside
 * it when the run has one. */
#include "report_doc.h"

#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The comparison of table t for env / base on unit and bench, or NULL. */
static const rep_cmp *find_cmp(const rep_table *t, const char *unit, const char *env,
                               const char *base, const char *bench)
{
    for (size_t i = 0; i < t->ncmps; i++) {
        const rep_cmp *c = &t->cmps[i];
        if (!c->geomean && !c->within && !strcmp(c->unit, unit) && !strcmp(c->env, env) &&
            !strcmp(c->baseline, base) && !strcmp(c->bench, bench))
            return c;
    }
    return NULL;
}

/* Whether comparison c is another benchmark of the headline's pair and metric whose bounded
 * interval excludes 1. */
static int detected_beside(const rep_cmp *c, const rep_claim *h, const char *headline_bench)
{
    return !c->geomean && !c->within && !c->not_comparable && !strcmp(c->unit, h->metric) &&
           !strcmp(c->env, h->env) && !strcmp(c->baseline, h->baseline) &&
           strcmp(c->bench, headline_bench) != 0 && c->lo > 0 && isfinite(c->hi) &&
           (c->lo > 1 || c->hi < 1);
}

void report_also_sentence(const report *r, const rep_claim *h, doc_inline *in)
{
    const rep_table *t = &r->tables[h->table];
    if (h->cmp < 0 || (size_t)h->cmp >= t->ncmps || !*h->baseline)
        return;
    const char *headline_bench = t->cmps[h->cmp].bench;
    const rep_claim *aa = report_aa_claim(r);
    int time = report_is_time(h->metric);
    for (size_t i = 0; i < t->ncmps; i++) {
        const rep_cmp *c = &t->cmps[i];
        if (!detected_beside(c, h, headline_bench))
            continue;
        char ratio[96];
        fmt_ratio_ci(c->ratio, c->lo, c->hi, ratio, sizeof ratio);
        doc_textf(in,
                  " Not the article's claim, but a difference this run detects in %s: %s's %s "
                  "is %.1f%% %s in %s than in %s (%s at %s, n = %ld + %ld)",
                  t->id, c->bench, fmt_metric_name(c->unit), fabs(c->ratio - 1) * 100,
                  c->ratio >= 1 ? (time ? "slower" : "higher") : (time ? "faster" : "lower"),
                  c->env, c->baseline, ratio, r->set.level, c->n, c->n_base);
        const rep_cmp *a = aa ? find_cmp(t, c->unit, aa->env, c->baseline, c->bench) : NULL;
        if (a) {
            fmt_ratio_ci(a->ratio, a->lo, a->hi, ratio, sizeof ratio);
            doc_textf(in, "; its A/A, %s against %s: %s", a->env, a->baseline, ratio);
        }
        doc_text(in, ".");
    }
}
