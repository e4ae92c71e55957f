/* page.h - what the commands over the archive (compare, history, fleet) need of render: their
 * pages are documents (doc.h) written by the report's renderers. */
#ifndef PAGE_H
#define PAGE_H

#include "doc.h"

/* A page's workbook (xlsx_doc.c): About (title, paragraphs, charts' captions), then a sheet per
 * table, named by its heading. */
int render_xlsx_doc(doc *d, const char *out_path);
/* A page of compare, history, fleet (page.c): <dir>/<name>.md, .html and .xlsx from d, the
 * HTML through templates/report.html.tmpl and style.css like the report, its charts read from
 * <dir>/fig. */
int render_page(doc *d, const char *templates, const char *dir, const char *name);
/* The templates a page is written with: $TEMPLATES, else "templates". */
const char *render_templates(void);

#endif
