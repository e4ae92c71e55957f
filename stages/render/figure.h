/* figure.h - a chart as the documents show it: drawn by gnuplot into fig/<stem>.svg and .png,
 * or not, and why. Its own header so a page that is no report (history's) has charts too
 * without the report model (report.h includes it). */
#ifndef FIGURE_H
#define FIGURE_H

#include <stddef.h>

typedef enum { FIG_FOREST, FIG_BARS, FIG_SAMPLES, FIG_RUNORDER } rep_fig_kind;

typedef struct {
    rep_fig_kind kind;
    size_t metric; /* bars, samples: the table's metric */
    char stem[160];
    char alt[400];
    char *failed; /* NULL when drawn; else why not (the document says so in its place) */
} rep_figure;

#endif
