/* page_xlsx.c - the third format of compare, history and fleet pages: <base>.xlsx, from what
 * page.c recorded while it wrote the Markdown and HTML. Sheet "About" holds the title and the
 * paragraphs, then one sheet per table, named by the heading above it (tables in a row under
 * one heading with one header share a sheet), its header row frozen and filterable; a cell that is a finite decimal number is a number, every other cell
 * text (never a formula), never a link. The workbook is dated 1980-01-01, so the same
 * archive gives the same bytes. */
#include "runset.h"

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

#define PAGE_XLSX_CREATED ((time_t)315532800) /* 1980-01-01T00:00:00Z, as render's fallback */

static void free_sheet(page_sheet *s)
{
    free(s->name);
    free(s->heading);
    for (size_t i = 0; i < s->ncells; i++)
        free(s->cells[i]);
    free(s->cells);
}

void page_record_free(page *p)
{
    free(p->title);
    free(p->heading);
    for (size_t i = 0; i < p->nparas; i++)
        free(p->paras[i]);
    free(p->paras);
    for (size_t i = 0; i < p->nsheets; i++)
        free_sheet(&p->sheets[i]);
    free(p->sheets);
}

void page_record_para(page *p, const char *text)
{
    p->paras = xrealloc(p->paras, (p->nparas + 1) * sizeof *p->paras);
    p->paras[p->nparas++] = xstrdup(text);
}

void page_record_cell(page *p, const char *text)
{
    page_sheet *s = &p->sheets[p->nsheets - 1];
    if ((s->ncells & (s->ncells + 1)) == 0) /* 0, 1, 3, 7, ...: grow to the next power of 2 */
        s->cells = xrealloc(s->cells, (2 * s->ncells + 1) * sizeof *s->cells);
    s->cells[s->ncells++] = xstrdup(text);
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

/* A sheet name Excel accepts: at most 31 bytes (a numbered one cut to make room), none of
 * []:*?/\, no apostrophe or blank at either end, not "History" (Excel's own), unique in the
 * book ignoring case, never cut inside a UTF-8 character. */
static char *sheet_name(const page *p, const char *want)
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
        for (size_t i = 0; i + 1 < p->nsheets && !taken; i++)
            taken = p->sheets[i].name && !strcasecmp(p->sheets[i].name, name);
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

/* Whether a table under the same heading with the same header continues the last sheet (the
 * compare page's one table per article table: one filterable sheet). */
static int continues(const page *p, size_t ncols, const char *const *header)
{
    if (!p->nsheets || !p->heading || !p->sheets[p->nsheets - 1].heading ||
        strcmp(p->sheets[p->nsheets - 1].heading, p->heading) ||
        p->sheets[p->nsheets - 1].ncols != ncols)
        return 0;
    for (size_t i = 0; i < ncols; i++)
        if (strcmp(p->sheets[p->nsheets - 1].cells[i], header[i]))
            return 0;
    return 1;
}

/* Returns 1 when the table goes on in the last sheet: its header is not recorded again. */
int page_record_table(page *p, size_t ncols, const char *const *header)
{
    if (continues(p, ncols, header))
        return 1;
    p->sheets = xrealloc(p->sheets, (p->nsheets + 1) * sizeof *p->sheets);
    page_sheet *s = &p->sheets[p->nsheets++];
    *s = (page_sheet){.ncols = ncols, .heading = p->heading ? xstrdup(p->heading) : NULL};
    s->name = sheet_name(p, p->heading ? p->heading : "Table");
    return 0;
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

int page_write_xlsx(const page *p, const char *path)
{
    char *partial = xasprintf("%s.%ld.tmp", path, (long)getpid());
    lxw_workbook *wb = workbook_new(partial);
    if (!wb) {
        log_error("%s: cannot create the workbook", partial);
        free(partial);
        return -1;
    }
    lxw_doc_properties props = {.title = p->title, .author = "repro",
                                .created = PAGE_XLSX_CREATED};
    workbook_set_properties(wb, &props);
    lxw_format *header = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_bold(header);
    format_set_num_format(text, "@"); /* the Text number format: never read as a formula */
    format_set_num_format(header, "@");
    lxw_worksheet *about = workbook_add_worksheet(wb, "About");
    worksheet_write_string(about, 0, 0, p->title, header);
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
