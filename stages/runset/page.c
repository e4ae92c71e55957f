/* page.c - the Markdown and HTML pages of compare, history, fleet and the site, written side by
 * side so the two always say the same (and recorded for the workbook page_xlsx.c writes); every piece of text goes through render's esc_* (one
 * place for escaping), and a cell is text, never a link parsed out of it (a run's labels come
 * from other machines). The HTML is one self-contained file: CSS inline, charts as inline SVG. (When the render stage's report model lands, these pages become models
 * rendered by it; docs/results.md lists what moves.) */
#include "runset.h"

#include "fsutil.h"
#include "log.h"
#include "render/format.h"

#include <stdlib.h>
#include <string.h>

static const char *const css =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left;vertical-align:top}th{background:#f4f4f4}"
    ".v-good{background:#d9f2d9}.v-bad{background:#f8d7d7}.v-mid{background:#fff2cc}"
    "svg{border:1px solid #eee;margin:.3em 0}";

void page_begin(page *p, const char *title)
{
    memset(p, 0, sizeof *p);
    p->title = xstrdup(title);
    sb_puts(&p->html, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    esc_html(&p->html, title);
    sb_printf(&p->html, "</title><style>%s</style></head><body>\n", css);
    page_heading(p, 1, title);
}

void page_heading(page *p, int level, const char *text)
{
    if (level > 1) {
        free(p->heading);
        p->heading = xstrdup(text);
    }
    for (int i = 0; i < level; i++)
        sb_putc(&p->md, '#');
    sb_putc(&p->md, ' ');
    esc_md_cell(&p->md, text);
    sb_puts(&p->md, "\n\n");
    sb_printf(&p->html, "<h%d>", level);
    esc_html(&p->html, text);
    sb_printf(&p->html, "</h%d>\n", level);
}

void page_para(page *p, const char *text)
{
    page_record_para(p, text);
    esc_md_cell(&p->md, text);
    sb_puts(&p->md, "\n\n");
    sb_puts(&p->html, "<p>");
    esc_html(&p->html, text);
    sb_puts(&p->html, "</p>\n");
}

void page_html(page *p, const char *html, const char *md_alt)
{
    sb_printf(&p->html, "<div>%s</div>\n", html);
    if (md_alt) {
        page_record_para(p, md_alt);
        esc_md_cell(&p->md, md_alt);
        sb_puts(&p->md, "\n\n");
    }
}

void page_table(page *p, size_t ncols, const char *const *header)
{
    p->ncols = ncols;
    int continued = page_record_table(p, ncols, header);
    sb_puts(&p->html, "<table><tr>");
    for (size_t i = 0; i < ncols; i++) {
        if (!continued)
            page_record_cell(p, header[i]);
        sb_puts(&p->md, "| ");
        esc_md_cell(&p->md, header[i]);
        sb_puts(&p->md, " ");
        sb_puts(&p->html, "<th>");
        esc_html(&p->html, header[i]);
        sb_puts(&p->html, "</th>");
    }
    sb_puts(&p->md, "|\n");
    for (size_t i = 0; i < ncols; i++)
        sb_puts(&p->md, "|---");
    sb_puts(&p->md, "|\n");
    sb_puts(&p->html, "</tr>\n");
}

/* A cell is text, always (a run's labels and names are untrusted: nothing in them becomes
 * markup); a verdict word gets its colour class. */
static void html_cell(strbuf *sb, const char *cell)
{
    verdict_kind v;
    const char *cls = verdict_parse(cell, &v) == 0 ? fmt_tone_class(verdict_tone_of(v)) : NULL;
    sb_printf(sb, cls ? "<td class=\"%s\">" : "<td>", cls);
    esc_html(sb, cell);
    sb_puts(sb, "</td>");
}

void page_row(page *p, const char *const *cells)
{
    sb_puts(&p->html, "<tr>");
    for (size_t i = 0; i < p->ncols; i++) {
        const char *c = cells[i] ? cells[i] : "";
        page_record_cell(p, c);
        sb_puts(&p->md, "| ");
        esc_md_cell(&p->md, c);
        sb_puts(&p->md, " ");
        html_cell(&p->html, c);
    }
    sb_puts(&p->md, "|\n");
    sb_puts(&p->html, "</tr>\n");
}

void page_table_end(page *p)
{
    sb_puts(&p->md, "\n");
    sb_puts(&p->html, "</table>\n");
}

int page_write(page *p, const char *base)
{
    sb_puts(&p->html, "</body></html>\n");
    char *md = xasprintf("%s.md", base), *html = xasprintf("%s.html", base),
         *xlsx = xasprintf("%s.xlsx", base);
    int rc = fs_save(md, p->md.buf, p->md.len) | fs_save(html, p->html.buf, p->html.len) |
             page_write_xlsx(p, xlsx);
    free(md);
    free(html);
    free(xlsx);
    sb_free(&p->md);
    sb_free(&p->html);
    page_record_free(p);
    return rc ? -1 : 0;
}
