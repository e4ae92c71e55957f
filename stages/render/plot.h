/* plot.h - where a chart of plot.c puts each (environment, benchmark) of a table on its x axis,
 * how it labels them, and where the claims' labels go: plot_layout.c decides, so the bar and the
 * strip chart of a metric always agree. Used by plot.c only. */
#ifndef PLOT_H
#define PLOT_H

#include "model.h"

/* One bar of a bar chart, one column of points of a strip chart. */
typedef struct {
    size_t env;        /* row of envs.tsv */
    const char *bench; /* its benchmark; NULL in a table of one benchmark */
    long row;          /* its summary.tsv row, or -1 (an environment without samples) */
    double x;
} plot_slot;

typedef struct {
    plot_slot *slots;
    size_t n;
    double xmax;  /* the largest x */
    int benches;  /* several benchmarks: one group of bars per benchmark, one bar per env */
    strbuf xtics; /* the tic list of gnuplot's set xtics (...), escaped */
    strbuf note;  /* several benchmarks: how to read the groups, for the title, escaped */
} plot_layout;

/* A table of one benchmark: every environment of envs.tsv at x = its row, labelled by name.
 * Several: per benchmark (in model_benches order) a group with a place for every environment
 * that has samples of unit in the table, labelled by what tells its benchmark from the others;
 * the note names what the labels leave out and the environments' order. */
void plot_layout_make(const report_model *m, const char *table, const char *unit, plot_layout *l);
void plot_layout_free(plot_layout *l);
/* The slot a claim about (env, bench) is drawn at (bench "" = the environment's first, as
 * analyze reads it), or -1. */
long plot_layout_find(const plot_layout *l, const report_model *m, const char *table,
                      const char *unit, const char *env, const char *bench);

/* The claims' labels a bar chart has placed so far: boxes in pixels (estimated). */
typedef struct {
    double (*boxes)[4]; /* left, right, bottom, top */
    size_t n;
} plot_labels;

/* Marks the point of a claim at x and y_frac (0 = the plot's bottom, 1 = its top): no label
 * placed after covers it. */
void plot_claim_point(plot_labels *placed, const plot_layout *l, double x, double y_frac);
/* Places a claim's label (plain text) beside its point at x and y_frac, on the preferred side
 * unless it would cover a point or a label placed before and the other side is free; where
 * neither is, without its first prefix bytes ("WSL2: "), and failing that cut to the room on
 * the roomier side. Returns 1 for a label right of the point. */
int plot_claim_label(plot_labels *placed, const plot_layout *l, double x, double y_frac,
                     int rightwards, strbuf *text, size_t prefix);

#endif
