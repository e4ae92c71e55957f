/* plot_chart.h - one chart being drawn: what the placeholders of its gnuplot template expand
 * to, shared by plot.c (bars, strips, drawing) and plot_forest.c (the forest plot). */
#ifndef PLOT_CHART_H
#define PLOT_CHART_H

#include "gnuplot.h"
#include "plot.h"
#include "report.h"

typedef struct {
    const char *svg, *png, *data; /* paths in the temp dir */
    char level[32];               /* the run's confidence level, "95%" */
    const plot_layout *layout;    /* bars and strips; NULL for a forest plot */
    strbuf title, ylabel, claims, ytics, labels, ticks; /* escaped for gnuplot strings */
    size_t nclaims;
    size_t nseries, nflagged; /* the run-order chart: environments drawn, flagged samples */
    int log, bounded_cis, height;
    double xmin, xmax, ymin, ymax; /* in the display scale */
} chart;

void chart_free(chart *c);
/* The forest plot of table t: data rows y, ratio, lo, hi (NaN where unbounded), claimed ratio. */
void plot_forest(const report *r, const rep_table *t, chart *c, strbuf *data);
/* Whether table t has samples of metric m that carry their round (a run-order chart). */
int plot_runorder_has(const report *r, const rep_table *t, size_t m);
/* Whether sample x is on that chart (its round recorded, the metric, the first benchmark). */
int plot_runorder_sample(const report *r, const rep_table *t, size_t m, const rep_sample *x);
/* The run-order chart of t's metric m (plot_runorder.c): per environment a data block of
 * "round value", then a block of the flagged samples; labels gets the environments' names. */
void plot_runorder(const report *r, const rep_table *t, size_t m, chart *c, strbuf *data);

#endif
