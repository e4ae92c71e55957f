/* xlsx_doc.c - a page's workbook from its document tree (doc.h), the third format of the
 * compare, history and fleet pages (render_page): sheet "About" holds the title, the
 * paragraphs and each chart's caption, then one sheet per table, named by the heading above it
 * (tables in a row under one heading with one header share a sheet: the compare page's one
 * table per article table is one filterable sheet), its header row frozen and filterable. A
 * cell that is a finite decimal number is a number, every other cell text in the Text format
 * (never a formula, never a link). The workbook is dated 1980-01-01, so the same page gives the
 * same bytes. */
#include "page.h"
#include "xlsx.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define PAGE_XLSX_CREATED ((time_t)315532800) /* 1980-01-01T00:00:00Z, as the report's fallback */

typedef struct {
    char *name, *heading;
    size_t ncols, ncells;
    char **cells;
} page_sheet;

/* What the tree holds for the workbook, gathered in reading order. */
typedef struct {
    char *title, *heading; /* the latest heading: the next table's sheet name */
    char **paras;
    size_t nparas;
    page_sheet *sheets;
    size_t nsheets;
} page;

static void add_para(page *p, char *text)
{
    p->paras = xrealloc(p->paras, (p->nparas + 1) * sizeof *p->paras);
    p->paras[p->nparas++] = text;
}

static void add_cell(page_sheet *s, char *text)
{
    s->cells = xrealloc(s->cells, (s->ncells + 1) * sizeof *s->cells);
    s->cells[s->ncells++] = text;
}

static void page_free(page *p)
{
    free(p->title);
    free(p->heading);
    for (size_t i = 0; i < p->nparas; i++)
        free(p->paras[i]);
    free(p->paras);
    for (size_t i = 0; i < p->nsheets; i++) {
        page_sheet *s = &p->sheets[i];
        free(s->name);
        free(s->heading);
        for (size_t k = 0; k < s->ncells; k++)
            free(s->cells[k]);
        free(s->cells);
    }
    free(p->sheets);
}

/* The longest prefix of s within max bytes that ends on a whole UTF-8 character. */
static size_t whole_chars(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return max;
}

char *xlsx_sheet_name(const char *want, char *const *taken_names, size_t ntaken)
{
    strbuf clean = {0};
    for (const char *c = want; *c; c++)
        if (!strchr("[]:*?/\\", *c) && !((*c == ' ' || *c == '\'') && !clean.len) &&
            !(*c == ' ' && clean.buf[clean.len - 1] == ' '))
            sb_putc(&clean, *c);
    char *stem = xasprintf("%.*s", (int)whole_chars(sb_str(&clean), 31), sb_str(&clean));
    sb_free(&clean);
    size_t n = strlen(stem);
    while (n && (stem[n - 1] == ' ' || stem[n - 1] == '\''))
        stem[--n] = '\0';
    if (!n || !strcasecmp(stem, "History")) {
        free(stem);
        stem = xstrdup("Table");
    }
    char *name = xstrdup(stem);
    for (int k = 2;; k++) {
        int taken = !strcasecmp(name, "About");
        for (size_t i = 0; i < ntaken && !taken; i++)
            taken = !strcasecmp(taken_names[i], name);
        if (!taken)
            break;
        free(name);
        char suffix[16];
        int len = snprintf(suffix, sizeof suffix, " %d", k);
        name = xasprintf("%.*s%s", (int)whole_chars(stem, 31 - (size_t)len), stem, suffix);
    }
    free(stem);
    return name;
}

/* Whether a table with this header under the latest heading continues the last sheet. */
static int continues(const page *p, cmark_node *header)
{
    if (!p->nsheets || !p->heading || !p->sheets[p->nsheets - 1].heading ||
        strcmp(p->sheets[p->nsheets - 1].heading, p->heading))
        return 0;
    const page_sheet *s = &p->sheets[p->nsheets - 1];
    size_t i = 0;
    for (cmark_node *c = cmark_node_first_child(header); c; c = cmark_node_next(c), i++) {
        char *text = doc_plain(c);
        int same = i < s->ncols && !strcmp(s->cells[i], text);
        free(text);
        if (!same)
            return 0;
    }
    return i == s->ncols;
}

/* A table's rows into a sheet (a new one, or the last when the table continues it). */
static void add_table(page *p, cmark_node *table)
{
    cmark_node *row = cmark_node_first_child(table);
    if (!row)
        return;
    if (continues(p, row)) {
        row = cmark_node_next(row);
    } else {
        p->sheets = xrealloc(p->sheets, (p->nsheets + 1) * sizeof *p->sheets);
        page_sheet *s = &p->sheets[p->nsheets++];
        *s = (page_sheet){.heading = p->heading ? xstrdup(p->heading) : NULL};
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
            s->ncols++;
        char **names = xcalloc(p->nsheets, sizeof *names);
        for (size_t i = 0; i + 1 < p->nsheets; i++)
            names[i] = p->sheets[i].name;
        s->name = xlsx_sheet_name(p->heading ? p->heading : "Table", names, p->nsheets - 1);
        free(names);
    }
    page_sheet *s = &p->sheets[p->nsheets - 1];
    for (; row; row = cmark_node_next(row))
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
            add_cell(s, doc_plain(c));
}

static void gather(cmark_node *root, page *p)
{
    cmark_iter *it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type type = cmark_node_get_type(n);
        const doc_typed *t = doc_typed_of(n);
        if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1 && !p->title) {
            p->title = doc_plain(n);
        } else if (type == CMARK_NODE_HEADING) {
            free(p->heading);
            p->heading = doc_plain(n);
        } else if (type == CMARK_NODE_PARAGRAPH) {
            add_para(p, doc_plain(n));
        } else if (t && t->kind == DOC_FIGURE) {
            add_para(p, xasprintf("chart: %s%s%s", t->fig->alt, t->fig->failed ? ": not drawn: " : "",
                                  t->fig->failed ? t->fig->failed : ""));
        } else if (t && t->kind == DOC_TABLE && cmark_node_first_child(n)) {
            add_table(p, cmark_node_first_child(n));
        } else {
            continue;
        }
        if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || t)
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* its inside is read */
    }
    cmark_iter_free(it);
}

/* A number only where the text is exactly how the number reads back ("6.10" or "0123" stay
 * text: a version or an id is not 6.1 or 123). */
static int plain_number(const char *cell, double *v)
{
    char back[40];
    return *cell && num_parse_finite(cell, v) == 0 &&
           !strcmp(num_format(*v, back, sizeof back), cell);
}

static void put_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *cell,
                     lxw_format *text, int header)
{
    double v;
    if (!header && plain_number(cell, &v)) {
        worksheet_write_number(ws, r, c, v, NULL);
        return;
    }
    worksheet_write_string(ws, r, c, cell, text);
}

static int write_sheet(lxw_workbook *wb, const page_sheet *s, lxw_format *header,
                       lxw_format *text)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
    if (!ws) {
        log_error("a sheet named \"%s\" was refused", s->name);
        return -1;
    }
    size_t rows = s->ncols ? s->ncells / s->ncols : 0;
    for (size_t i = 0; i < s->ncells; i++)
        put_cell(ws, (lxw_row_t)(i / s->ncols), (lxw_col_t)(i % s->ncols), s->cells[i],
                 i < s->ncols ? header : text, i < s->ncols);
    worksheet_set_column(ws, 0, (lxw_col_t)(s->ncols ? s->ncols - 1 : 0), 16, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    if (rows > 1)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows - 1), (lxw_col_t)(s->ncols - 1));
    return 0;
}

static int write_book(const page *p, const char *path)
{
    char *partial = xasprintf("%s.%ld.tmp", path, (long)getpid());
    lxw_workbook *wb = workbook_new(partial);
    if (!wb) {
        log_error("%s: cannot create the workbook", partial);
        free(partial);
        return -1;
    }
    lxw_doc_properties props = {.title = p->title ? p->title : "", .author = "repro",
                                .created = PAGE_XLSX_CREATED};
    workbook_set_properties(wb, &props);
    lxw_format *header = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_bold(header);
    format_set_num_format(text, "@"); /* the Text number format: never read as a formula */
    format_set_num_format(header, "@");
    lxw_worksheet *about = workbook_add_worksheet(wb, "About");
    worksheet_write_string(about, 0, 0, p->title ? p->title : "", header);
    for (size_t i = 0; i < p->nparas; i++)
        worksheet_write_string(about, (lxw_row_t)(i + 2), 0, p->paras[i], text);
    worksheet_set_column(about, 0, 0, 120, NULL);
    int rc = 0;
    for (size_t i = 0; i < p->nsheets && rc == 0; i++)
        rc = write_sheet(wb, &p->sheets[i], header, text);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        log_error("%s: %s", partial, lxw_strerror(err));
        rc = -1;
    }
    if (rc == 0 && rename(partial, path) != 0) {
        log_error("%s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(partial);
    free(partial);
    return rc;
}

int render_xlsx_doc(doc *d, const char *out_path)
{
    page p = {0};
    if (d->root)
        gather(d->root, &p);
    int rc = write_book(&p, out_path);
    page_free(&p);
    return rc;
}
