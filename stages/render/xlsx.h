/* xlsx.h - what the workbook's files share: xlsx.c writes the workbook, its formats and its
 * sheets of samples, environments, problems and run; xlsx_summary.c the first sheet (the answer,
 * the tally, every claim); xlsx_table.c the sheet of each article table with its native chart. */
#ifndef XLSX_H
#define XLSX_H

#include "report.h"

#include <xlsxwriter.h>

enum { TONES = VERDICT_TONE_NONE + 1 };

typedef struct {
    lxw_workbook *wb;
    lxw_format *header, *wrap, *quoted, *count, *whole, *fraction, *ratio, *p, *percent;
    lxw_format *precision, *date, *title;
    lxw_format *verdict[TONES];
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
/* A string, or a blank cell for "": always a text cell, never a formula; one a spreadsheet
 * would read as a formula when typed (esc_xlsx_needs_quote) also gets the Text format ("@"). */
void xlsx_put_str(const book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  lxw_format *f);
/* A sheet with its header row at row `at`, column widths and frozen header; NULL when it
 * cannot be named so. */
lxw_worksheet *xlsx_new_sheet(const book *b, const char *name, const column *cols, size_t n,
                              lxw_row_t at);
/* The autofilter over the header at row `at` and the rows below it up to last. */
void xlsx_finish_sheet(lxw_worksheet *ws, lxw_row_t at, lxw_row_t last, size_t ncols);
int xlsx_summary_sheet(const book *b, const report *r);
/* The posture rows ("posture: <key>", then each environment's value; its regime last) after row;
 * returns the last row written (xlsx_posture.c). */
lxw_row_t xlsx_posture_rows(const book *b, lxw_worksheet *ws, const report *r, lxw_row_t row);
int xlsx_table_sheet(const book *b, const report *r, const rep_table *t);
/* The "Run order" sheet (xlsx_runorder.c): per table whose samples carry their round, the
 * run-order chart's numbers and a native line chart; no sheet for a run without rounds. */
int xlsx_runorder_sheet(const book *b, const report *r);

/* A sheet name Excel accepts for want (xlsx_doc.c): at most 31 bytes (a numbered one cut to
 * make room), none of []:*?/\, no apostrophe or blank at either end, not "History" (Excel's
 * own), unique ignoring case among the ntaken names and "About", never cut inside a UTF-8
 * character (malloc'd). */
char *xlsx_sheet_name(const char *want, char *const *taken, size_t ntaken);

#endif
