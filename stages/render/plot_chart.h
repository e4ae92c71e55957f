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
    int log, bounded_cis, height;
    double xmin, xmax, ymin, ymax; /* in the display scale */
} chart;

void chart_free(chart *c);
/* The forest plot of table t: data rows y, ratio, lo, hi (NaN where unbounded), claimed ratio. */
void plot_forest(const report *r, const rep_table *t, chart *c, strbuf *data);

#endif
