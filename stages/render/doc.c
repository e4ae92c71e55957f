/* doc.c - building the report document (doc.h) as a cmark-gfm node tree: every block and
 * inline is appended in reading order; text is always a text node (cmark escapes it for each
 * format), and what cmark has no node for is a typed node (doc_typed as the node's user data),
 * given its words per format by doc_lower. */
#include "doc.h"

#include "format.h"
#include "log.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table extension's node types: exported by libcmark-gfm-extensions, not declared in its
 * installed headers. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL;

cmark_syntax_extension *doc_table_extension(void)
{
    static cmark_syntax_extension *table;
    if (!table) {
        cmark_gfm_core_extensions_ensure_registered();
        table = cmark_find_syntax_extension("table");
        if (!table)
            die("cmark-gfm has no table extension");
    }
    return table;
}

static void append(cmark_node *parent, cmark_node *child)
{
    if (!cmark_node_append_child(parent, child))
        die("cmark-gfm refused a %s in a %s", cmark_node_get_type_string(child),
            cmark_node_get_type_string(parent));
}

static cmark_node *typed(cmark_node_type type, doc_typed_kind kind, const char *id)
{
    cmark_node *n = cmark_node_new(type);
    doc_typed *t = xcalloc(1, sizeof *t);
    t->kind = kind;
    t->id = id ? xstrdup(id) : NULL;
    cmark_node_set_user_data(n, t);
    return n;
}

const doc_typed *doc_typed_of(cmark_node *n)
{
    cmark_node_type type = cmark_node_get_type(n);
    if (type != CMARK_NODE_HTML_INLINE && type != CMARK_NODE_CUSTOM_BLOCK)
        return NULL;
    return cmark_node_get_user_data(n);
}

static cmark_node *block(doc *d, cmark_node *n)
{
    if (!d->root)
        d->root = d->cur = cmark_node_new(CMARK_NODE_DOCUMENT);
    append(d->cur, n);
    return n;
}

doc_inline *doc_heading(doc *d, int level, const char *id)
{
    cmark_node *h = block(d, cmark_node_new(CMARK_NODE_HEADING));
    cmark_node_set_heading_level(h, level);
    d->nheadings++;
    char *section = xasprintf("section-%zu", d->nheadings);
    cmark_node *a = typed(CMARK_NODE_HTML_INLINE, DOC_ANCHOR, id && *id ? id : section);
    ((doc_typed *)cmark_node_get_user_data(a))->generated = !(id && *id);
    append(h, a);
    free(section);
    return h;
}

doc_inline *doc_para(doc *d)
{
    return block(d, cmark_node_new(CMARK_NODE_PARAGRAPH));
}

doc_block *doc_list(doc *d)
{
    cmark_node *l = block(d, cmark_node_new(CMARK_NODE_LIST));
    cmark_node_set_list_type(l, CMARK_BULLET_LIST);
    cmark_node_set_list_tight(l, 1);
    return l;
}

doc_inline *doc_item(doc_block *list)
{
    cmark_node *item = cmark_node_new(CMARK_NODE_ITEM), *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
    append(list, item);
    append(item, p);
    return p;
}

doc_block *doc_table(doc *d, size_t ncols)
{
    cmark_node *wrap = block(d, typed(CMARK_NODE_CUSTOM_BLOCK, DOC_TABLE, NULL));
    cmark_node *t = cmark_node_new_with_ext(CMARK_NODE_TABLE, doc_table_extension());
    append(wrap, t);
    uint8_t *align = xcalloc(ncols, 1); /* 0: no alignment stated */
    if (ncols > UINT16_MAX || !cmark_gfm_extensions_set_table_columns(t, (uint16_t)ncols) ||
        !cmark_gfm_extensions_set_table_alignments(t, (uint16_t)ncols, align))
        die("cmark-gfm refused a table of %zu columns", ncols);
    free(align);
    return t;
}

void doc_row_add(doc_block *t, const char *id, const char *cls)
{
    cmark_node *row = cmark_node_new_with_ext(CMARK_NODE_TABLE_ROW, doc_table_extension());
    int header = cmark_node_first_child(t) == NULL;
    append(t, row);
    cmark_gfm_extensions_set_table_row_is_header(row, header);
    for (uint16_t c = 0; c < cmark_gfm_extensions_get_table_columns(t); c++) {
        /* not cmark_node_new_with_ext: the extension allocates a cell's data but never frees
         * it, and nothing writing a cell reads it */
        cmark_node *cell = cmark_node_new(CMARK_NODE_TABLE_CELL);
        cmark_node_set_syntax_extension(cell, doc_table_extension());
        append(row, cell);
    }
    if (cls)
        append(cmark_node_first_child(row), typed(CMARK_NODE_HTML_INLINE, DOC_ROW_CLASS, cls));
    if (id)
        append(cmark_node_first_child(row), typed(CMARK_NODE_HTML_INLINE, DOC_ANCHOR, id));
}

doc_inline *doc_cell(doc_block *t, size_t col)
{
    cmark_node *c = cmark_node_first_child(cmark_node_last_child(t));
    for (size_t i = 0; i < col && c; i++)
        c = cmark_node_next(c);
    if (!c)
        die("a table cell %zu past its row's end", col);
    return c;
}

void doc_header(doc_block *t, const char *const *cols)
{
    doc_row_add(t, NULL, NULL);
    for (uint16_t c = 0; c < cmark_gfm_extensions_get_table_columns(t); c++)
        doc_text(doc_cell(t, c), cols[c]);
}

void doc_row_words(doc_block *t, const char *const *cells)
{
    doc_row_add(t, NULL, NULL);
    for (uint16_t c = 0; c < cmark_gfm_extensions_get_table_columns(t); c++) {
        verdict_kind v;
        if (cells[c] && verdict_parse(cells[c], &v) == 0)
            doc_verdict(doc_cell(t, c), v);
        else
            doc_text(doc_cell(t, c), cells[c] ? cells[c] : "");
    }
}

void doc_figure(doc *d, const rep_figure *fig)
{
    cmark_node *n = typed(CMARK_NODE_CUSTOM_BLOCK, DOC_FIGURE, NULL);
    ((doc_typed *)cmark_node_get_user_data(n))->fig = fig;
    block(d, n);
}

void doc_group(doc *d, const char *cls)
{
    d->cur = block(d, typed(CMARK_NODE_CUSTOM_BLOCK, DOC_GROUP, cls));
}

void doc_group_end(doc *d)
{
    if (d->cur && d->cur != d->root)
        d->cur = cmark_node_parent(d->cur);
}

static cmark_node *leaf(cmark_node_type type, const char *s)
{
    cmark_node *n = cmark_node_new(type);
    cmark_node_set_literal(n, s);
    return n;
}

void doc_text(doc_inline *in, const char *s)
{
    if (*s)
        append(in, leaf(CMARK_NODE_TEXT, s));
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

static void wrapped(doc_inline *in, cmark_node_type type, const char *s)
{
    cmark_node *n = cmark_node_new(type);
    append(in, n);
    doc_text(n, s);
}

void doc_strong(doc_inline *in, const char *s)
{
    wrapped(in, CMARK_NODE_STRONG, s);
}

void doc_em(doc_inline *in, const char *s)
{
    wrapped(in, CMARK_NODE_EMPH, s);
}

void doc_code(doc_inline *in, const char *s)
{
    append(in, leaf(CMARK_NODE_CODE, s));
}

void doc_link_to(doc_inline *in, const char *text, const char *href)
{
    if (!fmt_url_allowed(href)) {
        doc_text(in, text);
        return;
    }
    cmark_node *a = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(a, href);
    append(in, a);
    doc_text(a, text);
}

void doc_link(doc_inline *in, const char *text, const char *anchor)
{
    char *href = xasprintf("#%s", anchor);
    doc_link_to(in, text, href);
    free(href);
}

void doc_verdict(doc_inline *in, verdict_kind v)
{
    cmark_node *open = typed(CMARK_NODE_HTML_INLINE, DOC_VERDICT, NULL),
               *close = typed(CMARK_NODE_HTML_INLINE, DOC_VERDICT, NULL);
    ((doc_typed *)cmark_node_get_user_data(open))->verdict = v;
    ((doc_typed *)cmark_node_get_user_data(close))->verdict = v;
    ((doc_typed *)cmark_node_get_user_data(close))->end = 1;
    append(in, open);
    doc_text(in, verdict_word(v));
    append(in, close);
}

doc_inline *doc_loose(void)
{
    return cmark_node_new(CMARK_NODE_PARAGRAPH);
}

char *doc_plain(const doc_inline *in)
{
    strbuf sb = {0};
    sb_puts(&sb, "");
    cmark_iter *it = cmark_iter_new((cmark_node *)in);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE))
            sb_puts(&sb, cmark_node_get_literal(n));
    }
    cmark_iter_free(it);
    return sb_detach(&sb);
}

/* Frees every typed node's fields under root, then the tree. */
static void free_tree(cmark_node *root)
{
    if (!root)
        return;
    cmark_iter *it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        doc_typed *t = ev == CMARK_EVENT_EXIT ? NULL : (doc_typed *)doc_typed_of(cmark_iter_get_node(it));
        if (t) {
            free(t->id);
            free(t);
        }
    }
    cmark_iter_free(it);
    cmark_node_free(root);
}

void doc_loose_free(doc_inline *in)
{
    free_tree(in);
}

void doc_free(doc *d)
{
    free_tree(d->root);
    memset(d, 0, sizeof *d);
}

/* What doc_lower must change in the tree: collected first, done after the walk. */
typedef struct {
    cmark_node **n;
    size_t len;
} node_list;

static void note(node_list *l, cmark_node *n)
{
    l->n = xrealloc(l->n, (l->len + 1) * sizeof *l->n);
    l->n[l->len++] = n;
}

static void give_words(cmark_node *n, const doc_typed *t, doc_lower_fn fn, void *ctx)
{
    strbuf enter = {0}, exit = {0};
    sb_puts(&enter, "");
    sb_puts(&exit, "");
    fn(ctx, t, &enter, &exit);
    if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
        cmark_node_set_literal(n, sb_str(t->end ? &exit : &enter));
    } else {
        cmark_node_set_on_enter(n, sb_str(&enter));
        cmark_node_set_on_exit(n, sb_str(&exit));
    }
    sb_free(&enter);
    sb_free(&exit);
}

cmark_node *doc_lower(doc *d, doc_lower_fn fn, void *ctx)
{
    if (!d->root)
        return NULL;
    node_list drop = {0}, unlink_ = {0};
    cmark_iter *it = cmark_iter_new(d->root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT)
            continue;
        const doc_typed *t = doc_typed_of(n);
        if (t)
            give_words(n, t, fn, ctx);
        else if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK ||
                 type == CMARK_NODE_CUSTOM_BLOCK || type == CMARK_NODE_CUSTOM_INLINE)
            note(&drop, n); /* raw markup no typed field made: never written */
        else if (type == CMARK_NODE_PARAGRAPH && !cmark_node_first_child(n) &&
                 cmark_node_get_type(cmark_node_parent(n)) != CMARK_NODE_ITEM)
            note(&drop, n);
        else if (type == CMARK_NODE_LINK && !fmt_url_allowed(cmark_node_get_url(n)))
            note(&unlink_, n);
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < unlink_.len; i++) { /* the link's text stays, as text */
        cmark_node *a = unlink_.n[i];
        for (cmark_node *c; (c = cmark_node_first_child(a));)
            cmark_node_insert_before(a, c);
        note(&drop, a);
    }
    for (size_t i = 0; i < drop.len; i++)
        free_tree(drop.n[i]);
    free(drop.n);
    free(unlink_.n);
    return d->root;
}
