/* plot_runorder.c - the run-order chart of a table: every sample of its first metric (first
 * benchmark) per environment against the round it was measured in, the samples of disturbed
 * rounds (the machine's state: normalize's `disturbed: yes`) marked, never left out. A reader
 * sees the noise the blocked design pairs away: a slow round slows every line at once. Drawn
 * by templates/runorder.gp through plot.c like the other charts. */
#include "plot_chart.h"

#include "format.h"

#include <math.h>
#include <string.h>

/* Whether sample x belongs on table t's run-order chart of metric unit and benchmark bench. */
static int charted(const report *r, const rep_table *t, const rep_sample *x, const char *unit,
                   const char *bench)
{
    return x->table == (size_t)(t - r->tables) && x->round > 0 && !strcmp(x->unit, unit) &&
           (!*bench || !strcmp(x->bench, bench));
}

int plot_runorder_sample(const report *r, const rep_table *t, size_t m, const rep_sample *x)
{
    return charted(r, t, x, t->metrics[m].unit, t->nbenches ? t->benches[0] : "");
}

int plot_runorder_has(const report *r, const rep_table *t, size_t m)
{
    const char *bench = t->nbenches ? t->benches[0] : "";
    for (size_t k = 0; k < r->nsamples; k++)
        if (charted(r, t, &r->samples[k], t->metrics[m].unit, bench))
            return 1;
    return 0;
}

/* Appends environment e's samples in round order ("round value" lines); returns how many. */
static size_t env_block(const report *r, const rep_table *t, const char *unit, const char *bench,
                        size_t e, double divisor, strbuf *data)
{
    size_t n = 0;
    for (long last = 0;;) { /* the next round after last: samples.tsv holds them in file order */
        long next = 0;
        size_t at = 0;
        for (size_t k = 0; k < r->nsamples; k++) {
            const rep_sample *x = &r->samples[k];
            if (x->env == e && charted(r, t, x, unit, bench) && x->round > last &&
                (!next || x->round < next)) {
                next = x->round;
                at = k;
            }
        }
        if (!next)
            return n;
        sb_printf(data, "%ld ", next);
        plot_num(data, r->samples[at].value / divisor);
        sb_putc(data, '\n');
        n++;
        last = next;
    }
}

void plot_runorder(const report *r, const rep_table *t, size_t m, chart *c, strbuf *data)
{
    const char *unit = t->metrics[m].unit, *bench = t->nbenches ? t->benches[0] : "";
    double lo = INFINITY, hi = -INFINITY;
    long rounds = 0;
    for (size_t k = 0; k < r->nsamples; k++) {
        const rep_sample *x = &r->samples[k];
        if (charted(r, t, x, unit, bench) && isfinite(x->value)) {
            lo = fmin(lo, x->value);
            hi = fmax(hi, x->value);
            rounds = x->round > rounds ? x->round : rounds;
        }
    }
    fmt_scale s = fmt_scale_for(unit, isfinite(hi) ? hi : 1);
    c->ymin = isfinite(lo) ? lo * 0.95 / s.divisor : 0;
    c->ymax = isfinite(hi) && hi > lo ? hi * 1.05 / s.divisor : c->ymin + 1;
    c->xmin = 0.5;
    c->xmax = (double)rounds + 0.5;
    esc_gnuplot(&c->title, t->id);
    sb_puts(&c->title, ", ");
    esc_gnuplot(&c->title, fmt_metric_name(unit));
    if (*bench) {
        sb_puts(&c->title, " of ");
        esc_gnuplot(&c->title, bench);
    }
    sb_puts(&c->title, ", in run order per environment\\ncircled: a sample of a disturbed "
                       "round (flagged from the machine's state, kept)");
    esc_gnuplot(&c->ylabel, fmt_metric_name(unit));
    if (*s.label) {
        sb_puts(&c->ylabel, " (");
        esc_gnuplot(&c->ylabel, s.label);
        sb_puts(&c->ylabel, ")");
    }
    for (size_t e = 0; e < r->nenvs; e++) { /* one block per environment with samples */
        strbuf block = {0};
        if (env_block(r, t, unit, bench, e, s.divisor, &block)) {
            sb_puts(data, block.buf);
            sb_puts(data, "\n\n");
            sb_printf(&c->labels, "%s%s", c->nseries++ ? " " : "", r->envs[e].name);
        }
        sb_free(&block);
    }
    for (size_t k = 0; k < r->nsamples; k++) { /* the last block: the flagged samples */
        const rep_sample *x = &r->samples[k];
        if (charted(r, t, x, unit, bench) && x->disturbed) {
            sb_printf(data, "%ld ", x->round);
            plot_num(data, x->value / s.divisor);
            sb_putc(data, '\n');
            c->nflagged++;
        }
    }
}
