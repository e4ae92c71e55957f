/* render.h - one entry point per output format (cmark's layout): the document formats write
 * the report document (doc.h) built once from the report model; the charts and the workbook
 * walk the model itself. A new format is one new file: it defines a render_format and names it
 * in RENDER_FORMAT(...), and render writes OUT/<its file> with the others
 * (tests/e2e/test_toy_format.sh adds one). */
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

/* What a document format is given: the document (doc_lower gives its typed nodes the format's
 * words), the model itself, the templates, and where the charts are. */
typedef struct {
    doc *d;
    const report *r;
    const char *templates, *fig_dir;
} render_input;

typedef struct {
    const char *file; /* the document it writes in OUT: "report.md" */
    int (*write)(const render_input *in, const char *out_path);
} render_format;

/* Adds a format to the report's (formats.c); RENDER_FORMAT(f) does it when the program starts,
 * from the format's own file. */
void render_format_add(const render_format *f);
#define RENDER_FORMAT(f)                                                                           \
    __attribute__((constructor)) static void f##_add(void) { render_format_add(&(f)); }
/* The formats linked in, sorted by file name. */
size_t render_formats(const render_format *const **list);
/* Writes every format's document into dir; 0, or -1 when any could not be written. */
int render_documents(doc *d, const report *r, const char *templates, const char *dir);

#endif
