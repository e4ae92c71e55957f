/* md.c - the Markdown report (GitHub-flavoured: GFM tables), written by cmark-gfm's CommonMark
 * writer from the report document (doc.h); this file only gives the typed nodes their Markdown:
 * a verdict in bold, a chart as a link to its PNG under fig/ (or, not drawn, why in its place),
 * anchors as empty <a id> elements; frames and row classes only the HTML draws. */
#include "render.h"

#include "format.h"
#include "fsutil.h"

#include <stdlib.h>
#include <string.h>

static void lower(void *ctx, const doc_typed *t, strbuf *enter, strbuf *exit)
{
    (void)ctx;
    switch (t->kind) {
    case DOC_VERDICT:
        sb_puts(enter, "**");
        sb_puts(exit, "**");
        break;
    case DOC_ANCHOR: /* the ones HTML numbers its headings with are not wanted here */
        if (!t->generated) {
            sb_puts(enter, "<a id=\"");
            esc_html(enter, t->id);
            sb_puts(enter, "\"></a>");
        }
        break;
    case DOC_FIGURE:
        if (t->fig->failed) {
            sb_puts(enter, "*Chart not drawn (");
            esc_md_cell(enter, t->fig->alt);
            sb_puts(enter, "): ");
            esc_md_cell(enter, t->fig->failed);
            sb_puts(enter, "*");
        } else {
            sb_puts(enter, "![");
            esc_md_cell(enter, t->fig->alt);
            sb_printf(enter, "](fig/%s.png)", t->fig->stem);
        }
        break;
    case DOC_ROW_CLASS:
    case DOC_GROUP:
    case DOC_TABLE: break;
    }
}

int render_md(doc *d, const char *out_path)
{
    cmark_node *root = doc_lower(d, lower, NULL);
    char *md = root ? cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0) : NULL;
    int rc = fs_save(out_path, md ? md : "", md ? strlen(md) : 0);
    free(md);
    return rc;
}

static int write_md(const render_input *in, const char *out_path)
{
    return render_md(in->d, out_path);
}

static const render_format md = {"report.md", write_md};
RENDER_FORMAT(md)
