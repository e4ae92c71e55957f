/* xlsx.h - what the workbook's files share: xlsx.c writes the workbook and its sheets of
 * claims, samples, environments and run, xlsx_table.c the sheet of each article table. */
#ifndef XLSX_H
#define XLSX_H

#include "model.h"

#include <xlsxwriter.h>

enum { VERDICT_GOOD, VERDICT_BAD, VERDICT_MID, VERDICT_NONE, VERDICT_CLASSES };

typedef struct {
    lxw_workbook *wb;
    lxw_format *header, *wrap, *count, *whole, *fraction, *ratio, *p, *percent, *date;
    lxw_format *verdict[VERDICT_CLASSES];
} book;

/* A header cell and its column's width in characters. */
typedef struct {
    const char *title;
    double width;
} column;

/* A measured value's format: whole numbers without decimals, others with up to three. */
lxw_format *xlsx_value_format(const book *b, double v);
/* A number, or a blank cell for NaN and unbounded ends: every filled numeric cell is a number. */
void xlsx_put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f);
/* A string, or a blank cell for "". */
void xlsx_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* A sheet with its header row, column widths and frozen header; NULL when it cannot be named so. */
lxw_worksheet *xlsx_new_sheet(const book *b, const char *name, const column *cols, size_t n);
/* The autofilter over the header and rows 1..rows. */
void xlsx_finish_sheet(lxw_worksheet *ws, size_t rows, size_t ncols);
/* The sheet of tables.tsv's row t. */
int xlsx_table_sheet(const book *b, const report_model *m, size_t t);

#endif
