/* html.c - the one-file HTML report: writes the report document (doc.h) inside
 * templates/report.html.tmpl with the CSS inlined, a contents column from the headings, verdicts
 * as coloured badges (from the span's verdict, never from its text) and every chart's SVG
 * inlined; the sample strips fold into <details>, and the markers every gnuplot SVG defines
 * alike are kept once for the whole page. Every string is escaped here (esc_html). */
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
    const doc *d;
    const char *templates, *fig_dir;
    strbuf body, toc;
    char *defs; /* the gnuplot markers' <defs>, from the first chart */
    int rc;
} html_ctx;

static void spans(strbuf *sb, const doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++) {
        const doc_span *s = &in->s[i];
        static const char *const tags[] = {
            [SPAN_STRONG] = "strong", [SPAN_EM] = "em", [SPAN_CODE] = "code"};
        switch (s->kind) {
        case SPAN_TEXT: esc_html(sb, s->text); break;
        case SPAN_STRONG:
        case SPAN_EM:
        case SPAN_CODE:
            sb_printf(sb, "<%s>", tags[s->kind]);
            esc_html(sb, s->text);
            sb_printf(sb, "</%s>", tags[s->kind]);
            break;
        case SPAN_LINK: /* a target fmt_url_allowed refuses: its text alone */
            if (!fmt_url_allowed(s->href)) {
                esc_html(sb, s->text);
                break;
            }
            sb_puts(sb, "<a href=\"");
            esc_html(sb, s->href);
            sb_puts(sb, "\">");
            esc_html(sb, s->text);
            sb_puts(sb, "</a>");
            break;
        case SPAN_VERDICT:
            sb_printf(sb, "<span class=\"badge %s\">", fmt_tone_class(verdict_tone_of(s->verdict)));
            esc_html(sb, s->text);
            sb_puts(sb, "</span>");
            break;
        }
    }
}

static void attrs(strbuf *sb, const char *id, const char *cls)
{
    if (id) {
        sb_puts(sb, " id=\"");
        esc_html(sb, id);
        sb_puts(sb, "\"");
    }
    if (cls) {
        sb_puts(sb, " class=\"");
        esc_html(sb, cls);
        sb_puts(sb, "\"");
    }
}

static void table(strbuf *sb, const doc_block *b)
{
    sb_puts(sb, "<div class=\"table-wrap\"><table>\n");
    for (size_t r = 0; r < b->nrows; r++) {
        const char *cell = r ? "td" : "th";
        sb_puts(sb, r == 0 ? "<thead><tr" : "<tr");
        attrs(sb, b->rows[r].id, b->rows[r].cls);
        sb_puts(sb, ">");
        for (size_t c = 0; c < b->ncols; c++) {
            sb_printf(sb, "<%s>", cell);
            spans(sb, &b->rows[r].cells[c]);
            sb_printf(sb, "</%s>", cell);
        }
        sb_puts(sb, r == 0 ? "</tr></thead>\n<tbody>\n" : "</tr>\n");
    }
    sb_puts(sb, "</tbody></table></div>\n");
}

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
        sb_puts(sb, "</p>\n");
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
        sb_printf(sb, "</div></%s>\n", fold ? "details" : "figure");
    }
    free(svg);
    free(path);
}

static void heading(html_ctx *c, const doc_block *b, size_t index)
{
    char id[96];
    if (b->id)
        snprintf(id, sizeof id, "%s", b->id);
    else
        snprintf(id, sizeof id, "section-%zu", index);
    sb_printf(&c->body, "<h%d", b->level);
    attrs(&c->body, id, NULL);
    sb_puts(&c->body, ">");
    spans(&c->body, &b->text);
    sb_printf(&c->body, "</h%d>\n", b->level);
    if (b->level == 2 || b->level == 3) {
        sb_printf(&c->toc, "<li class=\"toc%d\"><a href=\"#", b->level);
        esc_html(&c->toc, id);
        sb_puts(&c->toc, "\">");
        spans(&c->toc, &b->text);
        sb_puts(&c->toc, "</a></li>\n");
    }
}

static void body(html_ctx *c)
{
    strbuf *sb = &c->body;
    for (size_t i = 0; i < c->d->n; i++) {
        const doc_block *b = &c->d->b[i];
        switch (b->kind) {
        case BLOCK_HEADING: heading(c, b, i); break;
        case BLOCK_PARA:
            if (!b->text.n)
                break;
            sb_puts(sb, "<p>");
            spans(sb, &b->text);
            sb_puts(sb, "</p>\n");
            break;
        case BLOCK_LIST:
            sb_puts(sb, "<ul>\n");
            for (size_t k = 0; k < b->nitems; k++) {
                sb_puts(sb, "<li>");
                spans(sb, &b->items[k]);
                sb_puts(sb, "</li>\n");
            }
            sb_puts(sb, "</ul>\n");
            break;
        case BLOCK_TABLE: table(sb, b); break;
        case BLOCK_FIGURE: figure(c, sb, b->fig); break;
        case BLOCK_GROUP_OPEN:
            sb_puts(sb, "<div");
            attrs(sb, NULL, b->id);
            sb_puts(sb, ">\n");
            break;
        case BLOCK_GROUP_CLOSE: sb_puts(sb, "</div>\n"); break;
        }
    }
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out)
{
    html_ctx *c = vctx;
    (void)arg;
    if (!strcmp(name, "title")) {
        const doc_block *h = c->d->n && c->d->b[0].kind == BLOCK_HEADING ? &c->d->b[0] : NULL;
        for (size_t i = 0; h && i < h->text.n; i++)
            esc_html(out, h->text.s[i].text);
    } else if (!strcmp(name, "toc")) {
        sb_puts(out, sb_str(&c->toc));
    } else if (!strcmp(name, "body")) {
        if (c->defs) /* the markers every chart refers to, once */
            sb_printf(out,
                      "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\">%s"
                      "</svg>\n",
                      c->defs);
        sb_puts(out, sb_str(&c->body));
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

int render_html(const doc *d, const char *templates, const char *fig_dir, const char *out_path)
{
    html_ctx c = {.d = d, .templates = templates, .fig_dir = fig_dir};
    body(&c);
    strbuf out = {0};
    char *tmpl = xasprintf("%s/report.html.tmpl", templates);
    int rc = c.rc;
    if (template_expand(tmpl, expand, &c, &out) != 0)
        rc = -1;
    if (rc == 0 && fs_save(out_path, out.buf, out.len) != 0)
        rc = -1;
    free(tmpl);
    sb_free(&out);
    sb_free(&c.body);
    sb_free(&c.toc);
    free(c.defs);
    return rc;
}
