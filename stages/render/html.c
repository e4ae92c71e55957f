/* html.c - the one-file HTML report: the Markdown report through cmark-gfm (with its table
 * extension) inside templates/report.html.tmpl, CSS inlined, a table of contents built from the
 * headings, and verdicts shown as coloured badges. Data strings were escaped when the Markdown
 * was written (esc_md_cell), so raw HTML passes only from our own templates. */
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

static const char *badge_class(const char *verdict)
{
    static const char *const good[] = {"reproduced", "equal", "consistent"};
    static const char *const bad[] = {"contradicted", "implausible", "differs"};
    static const char *const mid[] = {"direction only", "not significant", "not comparable",
                                      "inconclusive"};
    for (size_t i = 0; i < 3; i++)
        if (!strcmp(verdict, good[i]))
            return "v-good";
    for (size_t i = 0; i < 3; i++)
        if (!strcmp(verdict, bad[i]))
            return "v-bad";
    for (size_t i = 0; i < 4; i++)
        if (!strcmp(verdict, mid[i]))
            return "v-mid";
    if (!strcmp(verdict, "not measured"))
        return "v-none";
    return NULL;
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
        const char *cls = badge_class(word);
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
    c.body = badges(raw);
    cmark_get_default_mem_allocator()->free(raw);
    cmark_node_free(doc);
    cmark_parser_free(parser);

    strbuf out = {0};
    char *tmpl = xasprintf("%s/report.html.tmpl", templates);
    int rc = template_expand(tmpl, expand, &c, &out);
    if (rc == 0 && fs_write_atomic(out_path, out.buf, out.len) != 0) {
        log_error("%s: %s", out_path, strerror(errno));
        rc = -1;
    }
    free(tmpl);
    sb_free(&out);
    sb_free(&c.toc);
    free(c.body);
    free(title);
    return rc;
}
