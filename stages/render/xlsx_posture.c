/* xlsx_posture.c - the posture of each environment's benchmark process and its regime, as rows
 * of the workbook's Environments sheet below meta.tsv's (the same grid the documents' environments
 * section shows: report_doc_regime.c). */
#include "xlsx.h"

#include "log.h"
#include "report_doc_regime.h"

#include <stdlib.h>

lxw_row_t xlsx_posture_rows(const book *b, lxw_worksheet *ws, const report *r, lxw_row_t row)
{
    posture_grid g;
    if (!report_posture_grid(r, &g))
        return row;
    for (size_t i = 0; i < g.nrows; i++) {
        row++;
        for (size_t c = 0; c < g.ncols; c++) {
            const char *v = g.cells[i * g.ncols + c];
            char *label = c ? NULL : xasprintf("posture: %s", v);
            xlsx_put_str(b, ws, row, (lxw_col_t)c, c ? v : label, c ? b->wrap : NULL);
            free(label);
        }
    }
    report_posture_grid_free(&g);
    return row;
}
