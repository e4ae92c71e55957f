/* md.c - the Markdown report (GitHub-flavoured: GFM tables): writes the report document (doc.h)
 * as it is; every span's text goes through esc_md_cell, charts are links to the PNGs under fig/
 * (a chart that could not be drawn says why in its place), anchors are empty <a id> elements. */
#include "render.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"

#include <string.h>

static void spans(strbuf *sb, const doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++) {
        const doc_span *s = &in->s[i];
        switch (s->kind) {
        case SPAN_TEXT: esc_md_cell(sb, s->text); break;
        case SPAN_STRONG:
        case SPAN_VERDICT:
            sb_puts(sb, "**");
            esc_md_cell(sb, s->text);
            sb_puts(sb, "**");
            break;
        case SPAN_EM:
            sb_puts(sb, "*");
            esc_md_cell(sb, s->text);
            sb_puts(sb, "*");
            break;
        case SPAN_CODE: /* inside backticks nothing is escaped: ours hold no backtick */
            sb_printf(sb, "`%s`", s->text);
            break;
        case SPAN_LINK: /* a target fmt_url_allowed refuses: its text alone */
            if (!fmt_url_allowed(s->href)) {
                esc_md_cell(sb, s->text);
                break;
            }
            sb_puts(sb, "[");
            esc_md_cell(sb, s->text);
            sb_printf(sb, "](%s)", s->href);
            break;
        }
    }
}

static void table(strbuf *sb, const doc_block *b)
{
    for (size_t r = 0; r < b->nrows; r++) {
        sb_puts(sb, "|");
        for (size_t c = 0; c < b->ncols; c++) {
            sb_puts(sb, " ");
            if (c == 0 && b->rows[r].id)
                sb_printf(sb, "<a id=\"%s\"></a>", b->rows[r].id);
            spans(sb, &b->rows[r].cells[c]);
            sb_puts(sb, " |");
        }
        sb_puts(sb, "\n");
        if (r == 0) {
            sb_puts(sb, "|");
            for (size_t c = 0; c < b->ncols; c++)
                sb_puts(sb, "---|");
            sb_puts(sb, "\n");
        }
    }
    sb_puts(sb, "\n");
}

static void figure(strbuf *sb, const rep_figure *f)
{
    if (f->failed) {
        sb_puts(sb, "*Chart not drawn (");
        esc_md_cell(sb, f->alt);
        sb_puts(sb, "): ");
        esc_md_cell(sb, f->failed);
        sb_puts(sb, "*\n\n");
        return;
    }
    sb_puts(sb, "![");
    esc_md_cell(sb, f->alt);
    sb_printf(sb, "](fig/%s.png)\n\n", f->stem);
}

static void render_md_doc(const doc *d, strbuf *sb)
{
    for (size_t i = 0; i < d->n; i++) {
        const doc_block *b = &d->b[i];
        switch (b->kind) {
        case BLOCK_HEADING:
            if (b->id)
                sb_printf(sb, "<a id=\"%s\"></a>\n\n", b->id);
            for (int l = 0; l < b->level; l++)
                sb_putc(sb, '#');
            sb_puts(sb, " ");
            spans(sb, &b->text);
            sb_puts(sb, "\n\n");
            break;
        case BLOCK_PARA:
            if (!b->text.n)
                break;
            spans(sb, &b->text);
            sb_puts(sb, "\n\n");
            break;
        case BLOCK_LIST:
            for (size_t k = 0; k < b->nitems; k++) {
                sb_puts(sb, "- ");
                spans(sb, &b->items[k]);
                sb_puts(sb, "\n");
            }
            sb_puts(sb, "\n");
            break;
        case BLOCK_TABLE: table(sb, b); break;
        case BLOCK_FIGURE: figure(sb, b->fig); break;
        case BLOCK_GROUP_OPEN:
        case BLOCK_GROUP_CLOSE: break; /* a frame only the HTML draws */
        }
    }
}

int render_md(const doc *d, const char *out_path)
{
    strbuf sb = {0};
    render_md_doc(d, &sb);
    int rc = fs_save(out_path, sb.buf, sb.len);
    sb_free(&sb);
    return rc;
}
