/* plot.h - where a chart of plot.c puts each (environment, benchmark) of a table on its x axis,
 * how it labels them, and where the claims' labels go: plot_layout.c decides, so the bar and the
 * strip chart of a metric always agree. Used by plot.c only. */
#ifndef PLOT_H
#define PLOT_H

#include "report.h"
#include "strbuf.h"

/* One bar of a bar chart, one column of points of a strip chart: a row of the table. */
typedef struct {
    const rep_row *row;
    const rep_cell *cell; /* the row's cell of the chart's metric */
    double x;
} plot_slot;

typedef struct {
    plot_slot *slots;
    size_t n;
    double xmax;  /* the largest x */
    int benches;  /* several benchmarks: one group of bars per benchmark, one bar per env */
    strbuf xtics; /* the tic list of gnuplot's set xtics (...), escaped */
    strbuf note;  /* how to read the groups, and the environments left off the axis, escaped */
} plot_layout;

/* Places the table's rows (report_rows.c's layout) on the x axis of a chart of metric m. A
 * table of one benchmark: every environment row in order, labelled by name. Several: per
 * benchmark a group with a place for every environment that has samples of the metric,
 * labelled by what tells its benchmark from the others; the note names what the labels leave
 * out and the environments' order. Rows not comparable for the metric (an emulated CPU's
 * timings) get no place: the note says so. */
void plot_layout_make(const report *r, const rep_table *t, size_t m, plot_layout *l);
void plot_layout_free(plot_layout *l);
/* The slot a claim about (env, bench) is drawn at (bench "" = the environment's first), or -1. */
long plot_layout_find(const plot_layout *l, const report *r, const char *env, const char *bench);

/* The claims' labels a bar chart has placed so far: boxes in pixels (estimated). */
typedef struct {
    double (*boxes)[4]; /* left, right, bottom, top */
    size_t n;
} plot_labels;

/* Marks a bar's value label (nchars characters, centred above the bar's top at x, y_frac): no
 * claim's label placed after covers it. */
void plot_value_label(plot_labels *placed, const plot_layout *l, double x, double y_frac,
                      size_t nchars);
/* Marks the point of a claim at x and y_frac (0 = the plot's bottom, 1 = its top): no label
 * placed after covers it. */
void plot_claim_point(plot_labels *placed, const plot_layout *l, double x, double y_frac);
/* Places a claim's label (plain text) beside its point at x and y_frac, on the preferred side
 * unless it would cover a point or a label placed before and the other side is free; where
 * neither is, a line above or below it (*lines: +1, -1, else 0), then the same without its first
 * prefix bytes ("WSL2: "), and failing that cut to the room on the roomier side of its own line.
 * Returns 1 for a label right of the point. */
int plot_claim_label(plot_labels *placed, const plot_layout *l, double x, double y_frac,
                     int rightwards, strbuf *text, size_t prefix, int *lines);

#endif
