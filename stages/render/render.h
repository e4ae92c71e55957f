/* render.h - one entry point per output format (cmark's layout): the document formats write
 * the report document (doc.h) built once from the report model; the charts and the workbook
 * walk the model itself. A new format is one new file and one line here. */
#ifndef RENDER_H
#define RENDER_H

#include "doc.h"
#include "report.h"

/* OUT/fig/<stem>.svg and .png through gnuplot from templates/forest.gp, bar.gp and strip.gp:
 * every figure of every table (report_rows.c lists them). A figure that cannot be drawn gets
 * its reason in fig->failed (the documents say so in its place); -1 when any failed. */
int render_plots(report *r, const char *templates, const char *out_dir);
/* report.md: GFM, the charts as links to fig/<stem>.png. */
int render_md(doc *d, const char *out_path);
/* report.html: one file from templates/report.html.tmpl and style.css, the SVGs of fig_dir
 * inlined. */
int render_html(doc *d, const char *templates, const char *fig_dir, const char *out_path);
/* report.xlsx: the verdict summary first, one sheet per article table, samples, environments,
 * problems, run. */
int render_xlsx(const report *r, const char *out_path);

#endif
