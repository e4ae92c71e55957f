/* doc.h - the report as a document: cmark-gfm's node tree (headings, paragraphs, lists, GFM
 * tables through the table extension, text, strong, emphasis, code, links), plus typed nodes
 * for what cmark has no node for (a verdict badge, a figure, a framed group, an anchor, a row's
 * class), made from typed fields, never from text. report_doc.c builds it once from the report
 * model and the templates; a renderer (one file per format, render.h) gives each typed node its
 * words (doc_lower) and lets cmark write the rest, so every format tells the same story with one
 * escaping. Text from a run is always a text node: it cannot become markup or a link. */
#ifndef DOC_H
#define DOC_H

#include "figure.h"
#include "report.h" /* report_doc*.c build from the report model through this header */
#include "strbuf.h"
#include "verdict.h"

#include <cmark-gfm.h>
#include <stddef.h>

/* A node that holds inlines (a paragraph, heading, list item's paragraph or table cell). */
typedef cmark_node doc_inline;
/* A list or a table. */
typedef cmark_node doc_block;

typedef struct {
    cmark_node *root; /* created by the first block added */
    cmark_node *cur;  /* where blocks go: the root or an open group */
    size_t nheadings;
} doc;

doc_inline *doc_heading(doc *d, int level, const char *id);
doc_inline *doc_para(doc *d);
doc_block *doc_list(doc *d);
doc_inline *doc_item(doc_block *list);
doc_block *doc_table(doc *d, size_t ncols);
/* A new row (id and cls may be NULL); its cells are filled with doc_cell, left to right. */
void doc_row_add(doc_block *table, const char *id, const char *cls);
doc_inline *doc_cell(doc_block *table, size_t col);
void doc_figure(doc *d, const rep_figure *fig);
void doc_group(doc *d, const char *cls);
void doc_group_end(doc *d);

void doc_text(doc_inline *in, const char *s);
void doc_textf(doc_inline *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_strong(doc_inline *in, const char *s);
void doc_em(doc_inline *in, const char *s);
void doc_code(doc_inline *in, const char *s);
/* A link to "#anchor" in this document. */
void doc_link(doc_inline *in, const char *text, const char *anchor);
/* A link to another file of the site, href relative ("runs/m/id/report.html"), built from typed
 * fields (ids the archive validated); a target fmt_url_allowed refuses gives the text alone. */
void doc_link_to(doc_inline *in, const char *text, const char *href);
void doc_verdict(doc_inline *in, verdict_kind v);
/* A header row of n cells from plain strings. */
void doc_header(doc_block *table, const char *const *cols);
/* A row of n cells from strings, each text, or a verdict badge where it is a verdict's word
 * (verdict_parse: the word names a verdict, a typed value; the text never becomes markup). */
void doc_row_words(doc_block *table, const char *const *cells);
/* Inlines outside any document (a sentence the workbook writes as plain text); doc_plain
 * gives their text, doc_loose_free frees them. */
doc_inline *doc_loose(void);
char *doc_plain(const doc_inline *in);
void doc_loose_free(doc_inline *in);

void doc_free(doc *d);

/* What a renderer gives words to: the typed nodes. */
typedef enum {
    DOC_VERDICT,   /* around the verdict's word: verdict */
    DOC_ANCHOR,    /* a target in the page: id (every heading starts with one) */
    DOC_ROW_CLASS, /* a table row's class ("not-comparable", "article"): id */
    DOC_FIGURE,    /* a chart: fig */
    DOC_GROUP,     /* a framed group of blocks (class: "answer", "problems"): id */
    DOC_TABLE      /* around every table */
} doc_typed_kind;

typedef struct {
    doc_typed_kind kind;
    int end;       /* an inline pair's closing node (DOC_VERDICT) */
    int generated; /* DOC_ANCHOR: "section-<n>", for a heading the builder gave no id */
    verdict_kind verdict;
    const rep_figure *fig;
    char *id;
} doc_typed;

/* A format's words for a typed node: what comes before its content (enter) and after (exit). */
typedef void (*doc_lower_fn)(void *ctx, const doc_typed *t, strbuf *enter, strbuf *exit);
/* Readies the tree for a renderer: every typed node gets fn's words, empty paragraphs go, and
 * the safety rules hold (a raw HTML node that is not a typed one is dropped, a link whose target
 * fmt_url_allowed refuses becomes its text). The root, or NULL for an empty document. */
cmark_node *doc_lower(doc *d, doc_lower_fn fn, void *ctx);
/* The typed node n is, or NULL. */
const doc_typed *doc_typed_of(cmark_node *n);
/* The table extension, registered once (tables are built and written through it). */
cmark_syntax_extension *doc_table_extension(void);

/* doc_template.c: a template of the report's prose, a small Markdown: "#".."###" headings
 * (an optional "{#anchor}" at the end), paragraphs, **strong**, *em*, `code`, and "{{name arg}}"
 * placeholders, on a line of their own (a block) or inside text (in != NULL). Errors name
 * path:line. */
typedef int (*doc_template_fn)(void *ctx, const char *name, const char *arg, doc *d,
                               doc_inline *in);
int doc_template(const char *path, doc_template_fn fn, void *ctx, doc *d);

#endif
