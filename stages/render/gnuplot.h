/* gnuplot.h - drawing one chart with gnuplot, for every page that has charts (the report's,
 * plot.c; history's, history/chart.c): the script and its data are written in a temp dir,
 * gnuplot runs there (never in OUT), and the chart's SVG and PNG are copied to
 * <out_dir>/fig/<stem>.svg and .png, which the HTML inlines and the Markdown links. */
#ifndef GNUPLOT_H
#define GNUPLOT_H

#include "strbuf.h"

#include <stddef.h>

/* A number as gnuplot reads it: "NaN" for a missing one. */
void plot_num(strbuf *sb, double v);
/* <tmp>/<stem>.<ext>: where the script must write "svg" and "png" and read "dat" (malloc'd). */
char *gnuplot_path(const char *tmp, const char *stem, const char *ext);
/* Writes the script and its data, runs gnuplot, copies the SVG and PNG to out_dir/fig/. 0, or
 * -1 with why in why (gnuplot's own words are logged as warnings). */
int gnuplot_draw(const char *tmp, const char *stem, const strbuf *script, const strbuf *data,
                 const char *out_dir, char *why, size_t len);

/* Several charts in one gnuplot run (a process per chart costs 5 times the time): the script
 * draws every stem's chart, data[i] is stems[i]'s; one failure fails them all (-1, why). */
int gnuplot_draw_all(const char *tmp, const char *const *stems, size_t n, const strbuf *script,
                     const strbuf *data, const char *out_dir, char *why, size_t len);

#endif
