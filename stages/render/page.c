/* page.c - the pages of compare, history and fleet (and so of the site) are documents like the
 * report: the commands build the same cmark-gfm tree (doc.h) and it is written by the same
 * renderers, so every page has one escaping, the report's stylesheet and its charts. */
#include "page.h"
#include "render.h"

#include "log.h"

#include <stdlib.h>

const char *render_templates(void)
{
    const char *t = getenv("TEMPLATES");
    return t && *t ? t : "templates";
}

int render_page(doc *d, const char *templates, const char *dir, const char *name)
{
    char *md = xasprintf("%s/%s.md", dir, name), *html = xasprintf("%s/%s.html", dir, name),
         *xlsx = xasprintf("%s/%s.xlsx", dir, name), *fig = xasprintf("%s/fig", dir);
    int rc = render_md(d, md) | render_html(d, templates, fig, html) | render_xlsx_doc(d, xlsx);
    free(md);
    free(html);
    free(xlsx);
    free(fig);
    return rc ? -1 : 0;
}
