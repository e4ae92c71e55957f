/* html.c - the one-file HTML report: cmark-gfm's HTML writer over the report document (doc.h)
 * inside templates/report.html.tmpl, with the CSS inlined and a contents column from the
 * headings. This file gives the typed nodes their HTML: verdicts as coloured badges (from the
 * verdict, never from its text), every chart's SVG inlined (the sample strips fold into
 * <details>, the markers every gnuplot SVG defines alike are kept once for the page), groups as
 * framed <div>s, tables in a scrolling wrapper, anchors as ids.
 *
 * cmark writes with CMARK_OPT_UNSAFE because its safe mode would also drop the badges inside
 * table cells (the table extension lets a cell hold raw HTML but no custom node); the same rules
 * hold by construction instead: doc_lower drops any raw HTML no typed node made and unlinks any
 * link fmt_url_allowed refuses, and run text is only ever a text node, escaped by cmark. */
#include "render.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"
#include "template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *templates, *fig_dir;
    cmark_node *root;
    strbuf toc;
    char *defs; /* the gnuplot markers' <defs>, from the first chart */
    int rc;
} html_ctx;

/* The gnuplot markers and filters every chart defines alike: referenced, not repeated. */
static int shared_id(const char *p)
{
    return !strncmp(p, "gpPt", 4) || !strncmp(p, "gpDot", 5) || !strncmp(p, "textbox", 7) ||
           !strncmp(p, "greybox", 7);
}

/* The length of an empty group at p ("<g ...>" and blanks up to "</g>"), or 0: gnuplot writes
 * one for every style change that draws nothing, a fifth of a chart's bytes. */
static size_t empty_group(const char *p)
{
    if (strncmp(p, "<g ", 3) != 0)
        return 0;
    const char *end = strchr(p, '>');
    if (!end || end[-1] == '/')
        return 0;
    end += 1 + strspn(end + 1, " \t\n");
    return strncmp(end, "</g>", 4) == 0 ? (size_t)(end + 4 - p) : 0;
}

/* The SVG from its "<svg" on, without its <defs> (kept once per page), its <desc> and empty
 * groups, its title the chart's alt text, every other id and reference to one prefixed by the
 * chart's name. */
static void chart_svg(html_ctx *c, strbuf *sb, const char *svg, const rep_figure *f)
{
    static const char *const refs[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
    const char *p = strstr(svg, "<svg");
    p = p ? p : svg;
    const char *defs = strstr(p, "<defs>"), *defs_end = defs ? strstr(defs, "</defs>") : NULL;
    if (defs_end && !c->defs)
        c->defs = xasprintf("%.*s", (int)(defs_end + 7 - defs), defs);
    const char *title = strstr(p, "<title>Gnuplot</title>");
    while (*p) {
        if (p == defs && defs_end) {
            p = defs_end + 7;
            continue;
        }
        size_t skip = empty_group(p);
        if (!skip && !strncmp(p, "<desc>", 6) && strstr(p, "</desc>"))
            skip = (size_t)(strstr(p, "</desc>") + 7 - p);
        if (skip) {
            p += skip;
            continue;
        }
        if (p == title) {
            sb_puts(sb, "<title>");
            esc_html(sb, f->alt);
            sb_puts(sb, "</title>");
            p += strlen("<title>Gnuplot</title>");
            continue;
        }
        size_t i = 0, n = sizeof refs / sizeof *refs;
        while (i < n && strncmp(p, refs[i], strlen(refs[i])) != 0)
            i++;
        if (i < n && (i > 1 || (p > svg && strchr(" \t\n", p[-1])))) {
            sb_puts(sb, refs[i]);
            p += strlen(refs[i]);
            if (!shared_id(p))
                sb_printf(sb, "%s-", f->stem);
        } else {
            sb_putc(sb, *p++);
        }
    }
}

static void figure(html_ctx *c, strbuf *sb, const rep_figure *f)
{
    if (f->failed) {
        sb_puts(sb, "<p class=\"chart-missing\">Chart not drawn (");
        esc_html(sb, f->alt);
        sb_puts(sb, "): ");
        esc_html(sb, f->failed);
        sb_puts(sb, "</p>");
        return;
    }
    char *path = xasprintf("%s/%s.svg", c->fig_dir, f->stem);
    char *svg = fs_read_file(path, NULL);
    if (!svg) {
        log_error("%s: %s", path, strerror(errno));
        c->rc = -1;
    } else {
        int fold = f->kind == FIG_SAMPLES; /* the strips: one click away, the page stays short */
        sb_printf(sb, "<%s class=\"chart\" id=\"fig-%s\">", fold ? "details" : "figure", f->stem);
        sb_puts(sb, fold ? "<summary>" : "<figcaption>");
        esc_html(sb, f->alt);
        sb_puts(sb, fold ? "</summary>" : "</figcaption>");
        sb_puts(sb, "<div class=\"svg\" role=\"img\" aria-label=\"");
        esc_html(sb, f->alt);
        sb_puts(sb, "\">");
        chart_svg(c, sb, svg, f);
        sb_printf(sb, "</div></%s>", fold ? "details" : "figure");
    }
    free(svg);
    free(path);
}

static void lower(void *vctx, const doc_typed *t, strbuf *enter, strbuf *exit)
{
    html_ctx *c = vctx;
    switch (t->kind) {
    case DOC_VERDICT:
        sb_printf(enter, "<span class=\"badge %s\">", fmt_tone_class(verdict_tone_of(t->verdict)));
        sb_puts(exit, "</span>");
        break;
    case DOC_ANCHOR:
        sb_puts(enter, "<a id=\"");
        esc_html(enter, t->id);
        sb_puts(enter, "\"></a>");
        break;
    case DOC_ROW_CLASS: /* style.css: tr:has(> td > .row-<class>) */
        sb_puts(enter, "<span class=\"row-");
        esc_html(enter, t->id);
        sb_puts(enter, "\"></span>");
        break;
    case DOC_FIGURE: figure(c, enter, t->fig); break;
    case DOC_GROUP:
        sb_puts(enter, "<div class=\"");
        esc_html(enter, t->id);
        sb_puts(enter, "\">");
        sb_puts(exit, "</div>");
        break;
    case DOC_TABLE:
        sb_puts(enter, "<div class=\"table-wrap\">");
        sb_puts(exit, "</div>");
        break;
    }
}

/* The contents: every level 2 and 3 heading, linked by the anchor it starts with. */
static void toc(html_ctx *c)
{
    cmark_iter *it = cmark_iter_new(c->root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *h = cmark_iter_get_node(it);
        int level = cmark_node_get_heading_level(h);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(h) != CMARK_NODE_HEADING ||
            (level != 2 && level != 3))
            continue;
        const doc_typed *a = doc_typed_of(cmark_node_first_child(h));
        char *text = doc_plain(h);
        sb_printf(&c->toc, "<li class=\"toc%d\"><a href=\"#", level);
        esc_html(&c->toc, a ? a->id : "");
        sb_puts(&c->toc, "\">");
        esc_html(&c->toc, text);
        sb_puts(&c->toc, "</a></li>\n");
        free(text);
    }
    cmark_iter_free(it);
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out)
{
    html_ctx *c = vctx;
    (void)arg;
    if (!strcmp(name, "title")) {
        cmark_node *h = c->root ? cmark_node_first_child(c->root) : NULL;
        if (h && cmark_node_get_type(h) == CMARK_NODE_HEADING) {
            char *text = doc_plain(h);
            esc_html(out, text);
            free(text);
        }
    } else if (!strcmp(name, "toc")) {
        sb_puts(out, sb_str(&c->toc));
    } else if (!strcmp(name, "body")) {
        if (c->defs) /* the markers every chart refers to, once */
            sb_printf(out,
                      "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\">%s"
                      "</svg>\n",
                      c->defs);
        char *body = c->root ? cmark_render_html(c->root, CMARK_OPT_UNSAFE, NULL) : NULL;
        sb_puts(out, body ? body : "");
        free(body);
    } else if (!strcmp(name, "css")) {
        char *path = xasprintf("%s/style.css", c->templates);
        char *css = fs_read_file(path, NULL);
        if (!css)
            log_error("%s: %s", path, strerror(errno));
        sb_puts(out, css ? css : "");
        free(css);
        free(path);
        return css ? 0 : -1;
    } else {
        return -1;
    }
    return 0;
}

int render_html(doc *d, const char *templates, const char *fig_dir, const char *out_path)
{
    html_ctx c = {.templates = templates, .fig_dir = fig_dir};
    c.root = doc_lower(d, lower, &c);
    if (c.root)
        toc(&c);
    strbuf out = {0};
    char *tmpl = xasprintf("%s/report.html.tmpl", templates);
    int rc = c.rc;
    if (template_expand(tmpl, expand, &c, &out) != 0)
        rc = -1;
    if (rc == 0 && fs_save(out_path, out.buf, out.len) != 0)
        rc = -1;
    free(tmpl);
    sb_free(&out);
    sb_free(&c.toc);
    free(c.defs);
    return rc;
}

static int write_html(const render_input *in, const char *out_path)
{
    return render_html(in->d, in->templates, in->fig_dir, out_path);
}

static const render_format html = {"report.html", write_html};
RENDER_FORMAT(html)
