/* render.h - one entry point per output format over the one report model (cmark's layout). */
#ifndef RENDER_H
#define RENDER_H

#include "model.h"

/* out/report.md from templates/report.md.tmpl. */
int render_md(const report_model *m, const char *templates, const char *out_path);
/* out/report.html: the Markdown through cmark-gfm inside templates/report.html.tmpl. */
int render_html(const char *md_path, const char *templates, const char *out_path);

#endif
