/* render.h - one entry point per output format over the one report model (cmark's layout). */
#ifndef RENDER_H
#define RENDER_H

#include "model.h"

/* out/report.md from templates/report.md.tmpl. */
int render_md(const report_model *m, const char *templates, const char *out_path);
/* out/report.html: the Markdown through cmark-gfm inside templates/report.html.tmpl; every chart
 * linked as fig/<name>.png is replaced by fig/<name>.svg (next to md_path) inlined. */
int render_html(const char *md_path, const char *templates, const char *out_path);

/* One chart of an article table: OUT/fig/<stem>.svg and .png, and what it shows (alt text). */
typedef struct {
    char stem[192];
    char alt[320];
} render_figure;

/* The charts render_plots draws for table, in report order; fills up to max, returns the count. */
size_t render_figures(const report_model *m, const char *table, render_figure *out, size_t max);
/* OUT/fig/<stem>.svg and .png through gnuplot from templates/bar.gp and templates/strip.gp: per
 * metric of every article table, the medians with CIs and claims, and the raw samples. */
int render_plots(const report_model *m, const char *templates, const char *out_dir);
/* OUT/report.xlsx: claims and verdicts, one sheet per article table, samples, environments, run. */
int render_xlsx(const report_model *m, const char *out_path);

#endif
