/* doc.c - building the report document (doc.h): every block and span is appended in reading
 * order, so a writer only walks the list once. */
#include "doc.h"

#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static doc_block *add(doc *d, doc_block_kind kind)
{
    d->b = xrealloc(d->b, (d->n + 1) * sizeof *d->b);
    doc_block *b = &d->b[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

doc_inline *doc_heading(doc *d, int level, const char *id)
{
    doc_block *b = add(d, BLOCK_HEADING);
    b->level = level;
    b->id = id && *id ? xstrdup(id) : NULL;
    return &b->text;
}

doc_inline *doc_para(doc *d)
{
    return &add(d, BLOCK_PARA)->text;
}

doc_block *doc_list(doc *d)
{
    return add(d, BLOCK_LIST);
}

doc_inline *doc_item(doc_block *list)
{
    list->items = xrealloc(list->items, (list->nitems + 1) * sizeof *list->items);
    doc_inline *in = &list->items[list->nitems++];
    memset(in, 0, sizeof *in);
    return in;
}

doc_block *doc_table(doc *d, size_t ncols)
{
    doc_block *b = add(d, BLOCK_TABLE);
    b->ncols = ncols;
    return b;
}

void doc_row_add(doc_block *t, const char *id, const char *cls)
{
    t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
    doc_row *r = &t->rows[t->nrows++];
    r->cells = xcalloc(t->ncols, sizeof *r->cells);
    r->id = id ? xstrdup(id) : NULL;
    r->cls = cls ? xstrdup(cls) : NULL;
}

doc_inline *doc_cell(doc_block *t, size_t col)
{
    return &t->rows[t->nrows - 1].cells[col];
}

void doc_header(doc_block *t, const char *const *cols)
{
    doc_row_add(t, NULL, NULL);
    for (size_t c = 0; c < t->ncols; c++)
        doc_text(doc_cell(t, c), cols[c]);
}

void doc_figure(doc *d, const rep_figure *fig)
{
    add(d, BLOCK_FIGURE)->fig = fig;
}

void doc_group(doc *d, const char *cls)
{
    add(d, BLOCK_GROUP_OPEN)->id = xstrdup(cls);
}

void doc_group_end(doc *d)
{
    add(d, BLOCK_GROUP_CLOSE);
}

static void span(doc_inline *in, doc_span_kind kind, const char *text, const char *href,
                 verdict_kind v)
{
    if (kind == SPAN_TEXT && in->n && in->s[in->n - 1].kind == SPAN_TEXT) { /* one run of text */
        char *joined = xasprintf("%s%s", in->s[in->n - 1].text, text);
        free(in->s[in->n - 1].text);
        in->s[in->n - 1].text = joined;
        return;
    }
    in->s = xrealloc(in->s, (in->n + 1) * sizeof *in->s);
    in->s[in->n++] = (doc_span){kind, xstrdup(text), href ? xstrdup(href) : NULL, v};
}

void doc_text(doc_inline *in, const char *s)
{
    if (*s)
        span(in, SPAN_TEXT, s, NULL, 0);
}

void doc_textf(doc_inline *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s;
    if (vasprintf(&s, fmt, ap) < 0)
        s = xstrdup("");
    va_end(ap);
    doc_text(in, s);
    free(s);
}

void doc_strong(doc_inline *in, const char *s)
{
    span(in, SPAN_STRONG, s, NULL, 0);
}

void doc_em(doc_inline *in, const char *s)
{
    span(in, SPAN_EM, s, NULL, 0);
}

void doc_code(doc_inline *in, const char *s)
{
    span(in, SPAN_CODE, s, NULL, 0);
}

void doc_link(doc_inline *in, const char *text, const char *anchor)
{
    char *href = xasprintf("#%s", anchor);
    span(in, SPAN_LINK, text, href, 0);
    free(href);
}

void doc_verdict(doc_inline *in, verdict_kind v)
{
    span(in, SPAN_VERDICT, verdict_word(v), NULL, v);
}

static void free_inline(doc_inline *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->s[i].text);
        free(in->s[i].href);
    }
    free(in->s);
}

void doc_free(doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        doc_block *b = &d->b[i];
        free(b->id);
        free_inline(&b->text);
        for (size_t k = 0; k < b->nitems; k++)
            free_inline(&b->items[k]);
        free(b->items);
        for (size_t r = 0; r < b->nrows; r++) {
            for (size_t c = 0; c < b->ncols; c++)
                free_inline(&b->rows[r].cells[c]);
            free(b->rows[r].cells);
            free(b->rows[r].id);
            free(b->rows[r].cls);
        }
        free(b->rows);
    }
    free(d->b);
    memset(d, 0, sizeof *d);
}
