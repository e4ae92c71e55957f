/* doc.h - the report as a document: a flat list of blocks (headings, paragraphs, lists, tables,
 * charts, and the groups that frame them) whose text is spans (plain, strong, code, a link, a
 * verdict). report_doc.c builds it once from the report model and the templates; md.c and
 * html.c only write it, so the two formats cannot tell different stories. Spans hold raw text:
 * each writer escapes it for its format (format.h). */
#ifndef DOC_H
#define DOC_H

#include "report.h"

#include <stddef.h>

typedef enum { SPAN_TEXT, SPAN_STRONG, SPAN_EM, SPAN_CODE, SPAN_LINK, SPAN_VERDICT } doc_span_kind;

typedef struct {
    doc_span_kind kind;
    char *text;
    char *href;           /* SPAN_LINK: "#anchor" */
    verdict_kind verdict; /* SPAN_VERDICT */
} doc_span;

typedef struct {
    doc_span *s;
    size_t n;
} doc_inline;

typedef enum {
    BLOCK_HEADING,
    BLOCK_PARA,
    BLOCK_LIST,
    BLOCK_TABLE,
    BLOCK_FIGURE,
    BLOCK_GROUP_OPEN, /* a framed group (class: "answer", "problems", ...) */
    BLOCK_GROUP_CLOSE
} doc_block_kind;

typedef struct {
    doc_inline *cells;
    char *id;  /* an anchor on the row, or NULL */
    char *cls; /* "not-comparable", "article", or NULL */
} doc_row;

typedef struct {
    doc_block_kind kind;
    int level;         /* heading */
    char *id;          /* heading anchor; group class */
    doc_inline text;   /* heading, paragraph */
    doc_inline *items; /* list */
    size_t nitems;
    size_t ncols; /* table: row 0 is the header */
    doc_row *rows;
    size_t nrows;
    const rep_figure *fig;
} doc_block;

typedef struct {
    doc_block *b;
    size_t n;
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
void doc_link(doc_inline *in, const char *text, const char *anchor);
void doc_verdict(doc_inline *in, verdict_kind v);
/* A header row of n cells from plain strings. */
void doc_header(doc_block *table, const char *const *cols);

void doc_free(doc *d);

/* doc_template.c: a template of the report's prose, a small Markdown: "#".."###" headings
 * (an optional "{#anchor}" at the end), paragraphs, **strong**, *em*, `code`, and "{{name arg}}"
 * placeholders, on a line of their own (a block) or inside text (in != NULL). Errors name
 * path:line. */
typedef int (*doc_template_fn)(void *ctx, const char *name, const char *arg, doc *d,
                               doc_inline *in);
int doc_template(const char *path, doc_template_fn fn, void *ctx, doc *d);

#endif
