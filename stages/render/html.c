/* html.c - the one-file HTML report: the Markdown report through cmark-gfm (with its table
 * extension) inside templates/report.html.tmpl, CSS inlined, a table of contents built from the
 * headings, verdicts shown as coloured badges, and each chart's PNG link replaced by its SVG.
 * Data strings were escaped when the Markdown was written (esc_md_cell), so raw HTML passes only
 * from our own templates and from the SVG files render_plots wrote. */
#include "render.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"
#include "template.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *templates;
    char *body;
    strbuf toc;
    const char *title;
} html_ctx;

static void slug(const char *text, char *buf, size_t len)
{
    size_t n = 0;
    int dash = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s && n + 1 < len; s++) {
        if (isalnum(*s)) {
            if (dash && n)
                buf[n++] = '-';
            if (n + 1 < len)
                buf[n++] = (char)tolower(*s);
            dash = 0;
        } else {
            dash = 1;
        }
    }
    buf[n] = '\0';
}

static void node_text(cmark_node *node, strbuf *sb)
{
    for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
        const char *lit = cmark_node_get_literal(c);
        if (lit && (cmark_node_get_type(c) == CMARK_NODE_TEXT ||
                    cmark_node_get_type(c) == CMARK_NODE_CODE))
            sb_puts(sb, lit);
        else
            node_text(c, sb);
    }
}

/* Gives every level-2 and level-3 heading an anchor and lists it in the table of contents. */
static void anchor_headings(cmark_node *doc, strbuf *toc, int *first_title_done, char **title)
{
    int open_sub = 0;
    sb_puts(toc, "<ul>\n");
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
            continue;
        int level = cmark_node_get_heading_level(n);
        strbuf text = {0};
        node_text(n, &text);
        if (level == 1 && !*first_title_done) {
            *title = sb_detach(&text);
            *first_title_done = 1;
            continue;
        }
        if (level != 2 && level != 3) {
            sb_free(&text);
            continue;
        }
        char id[128];
        slug(sb_str(&text), id, sizeof id);
        char *html = xasprintf("<a id=\"%s\"></a>", id);
        cmark_node *anchor = cmark_node_new(CMARK_NODE_HTML_INLINE);
        cmark_node_set_literal(anchor, html);
        free(html);
        cmark_node_prepend_child(n, anchor);
        if (level == 3 && !open_sub) {
            sb_puts(toc, "<ul>\n");
            open_sub = 1;
        } else if (level == 2 && open_sub) {
            sb_puts(toc, "</ul>\n");
            open_sub = 0;
        }
        sb_printf(toc, "<li><a href=\"#%s\">", id);
        esc_html(toc, sb_str(&text));
        sb_puts(toc, "</a></li>\n");
        sb_free(&text);
    }
    if (open_sub)
        sb_puts(toc, "</ul>\n");
    sb_puts(toc, "</ul>");
}

/* <strong>verdict</strong> -> <span class="badge v-...">verdict</span> for the known verdicts. */
static char *badges(const char *html)
{
    strbuf sb = {0};
    const char *p = html;
    for (;;) {
        const char *open = strstr(p, "<strong>");
        if (!open)
            break;
        const char *close = strstr(open, "</strong>");
        if (!close)
            break;
        char *word = xasprintf("%.*s", (int)(close - open - 8), open + 8);
        const char *cls = fmt_verdict_class(word);
        sb_add(&sb, p, (size_t)(open - p));
        if (cls)
            sb_printf(&sb, "<span class=\"badge %s\">%s</span>", cls, word);
        else
            sb_add(&sb, open, (size_t)(close + 9 - open));
        free(word);
        p = close + 9;
    }
    sb_puts(&sb, p);
    return sb_detach(&sb);
}

/* The SVG of a chart, from its "<svg" on (no XML prolog), with every id and reference to one
 * prefixed by the chart's name: gnuplot gives every file the same ids, one page holds them all. */
static void chart_svg(strbuf *sb, const char *svg, const char *name, const char *alt,
                      size_t alt_len)
{
    static const char *const refs[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
    const char *p = strstr(svg, "<svg");
    p = p ? p : svg;
    const char *title = strstr(p, "<title>Gnuplot</title>");
    while (*p) {
        if (p == title) {
            sb_puts(sb, "<title>");
            sb_add(sb, alt, alt_len);
            sb_puts(sb, "</title>");
            p += strlen("<title>Gnuplot</title>");
            continue;
        }
        size_t i = 0, n = sizeof refs / sizeof *refs;
        while (i < n && strncmp(p, refs[i], strlen(refs[i])) != 0)
            i++;
        if (i < n && (i > 1 || (p > svg && strchr(" \t\n", p[-1])))) {
            sb_puts(sb, refs[i]);
            sb_printf(sb, "%s-", name);
            p += strlen(refs[i]);
        } else {
            sb_putc(sb, *p++);
        }
    }
}

/* <img src="fig/NAME.png" alt="..." /> as cmark writes a chart link -> <span class="figure">
 * holding DIR/fig/NAME.svg, so the page needs no other file. The alt text is already escaped. */
static int inline_charts(const char *html, const char *dir, char **out)
{
    static const char open[] = "<img src=\"fig/";
    strbuf sb = {0};
    const char *p = html;
    int rc = 0;
    for (const char *img; rc == 0 && (img = strstr(p, open));) {
        const char *name = img + strlen(open);
        size_t name_len = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789-_");
        const char *alt = name + name_len, *end = strstr(img, "/>");
        if (strncmp(alt, ".png\" alt=\"", 11) != 0 || !end) {
            sb_add(&sb, p, (size_t)(name - p));
            p = name;
            continue;
        }
        alt += 11;
        size_t alt_len = strcspn(alt, "\"");
        char *stem = xasprintf("%.*s", (int)name_len, name);
        char *path = xasprintf("%s/fig/%s.svg", dir, stem);
        char *svg = fs_read_file(path, NULL);
        if (!svg) {
            log_error("%s: %s", path, strerror(errno));
            rc = -1;
        } else {
            sb_add(&sb, p, (size_t)(img - p));
            sb_puts(&sb, "<span class=\"figure\" role=\"img\" aria-label=\"");
            sb_add(&sb, alt, alt_len);
            sb_puts(&sb, "\">");
            chart_svg(&sb, svg, stem, alt, alt_len);
            sb_puts(&sb, "</span>");
            p = end + 2;
        }
        free(svg);
        free(path);
        free(stem);
    }
    sb_puts(&sb, p);
    *out = sb_detach(&sb);
    return rc;
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out)
{
    html_ctx *c = vctx;
    (void)arg;
    if (!strcmp(name, "title")) {
        esc_html(out, c->title);
    } else if (!strcmp(name, "toc")) {
        sb_puts(out, sb_str(&c->toc));
    } else if (!strcmp(name, "body")) {
        sb_puts(out, c->body);
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

int render_html(const char *md_path, const char *templates, const char *out_path)
{
    size_t len;
    char *md = fs_read_file(md_path, &len);
    if (!md) {
        log_error("%s: %s", md_path, strerror(errno));
        return -1;
    }
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
    cmark_parser_feed(parser, md, len);
    cmark_node *doc = cmark_parser_finish(parser);
    free(md);

    html_ctx c = {.templates = templates};
    char *title = NULL;
    int have_title = 0;
    anchor_headings(doc, &c.toc, &have_title, &title);
    c.title = title ? title : "repro report";
    char *raw = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
    char *with_badges = badges(raw);
    cmark_get_default_mem_allocator()->free(raw);
    cmark_node_free(doc);
    cmark_parser_free(parser);
    const char *slash = strrchr(md_path, '/');
    char *md_dir = slash ? xasprintf("%.*s", (int)(slash - md_path), md_path) : xstrdup(".");
    int rc = inline_charts(with_badges, md_dir, &c.body);
    free(md_dir);
    free(with_badges);

    strbuf out = {0};
    char *tmpl = xasprintf("%s/report.html.tmpl", templates);
    if (rc == 0)
        rc = template_expand(tmpl, expand, &c, &out);
    if (rc == 0 && fs_save(out_path, out.buf, out.len) != 0)
        rc = -1;
    free(tmpl);
    sb_free(&out);
    sb_free(&c.toc);
    free(c.body);
    free(title);
    return rc;
}
