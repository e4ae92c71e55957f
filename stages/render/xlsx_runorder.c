/* xlsx_runorder.c - the workbook's "Run order" sheet: per table whose samples carry their round,
 * the run-order chart's numbers (round, each environment's sample of the first metric's first
 * benchmark, whether the round was disturbed) and a native line chart of them, one line per
 * environment: the run-order chart of report.md and report.html, in the workbook. */
#include "xlsx.h"

#include "log.h"
#include "plot_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run-order figure's metric of t, or -1 when it has none. */
static long runorder_metric(const rep_table *t)
{
    for (size_t i = 0; i < t->nfigs; i++)
        if (t->figs[i].kind == FIG_RUNORDER)
            return (long)t->figs[i].metric;
    return -1;
}

/* A line chart of rows first..last, one series per environment column that has a value. */
static void line_chart(const book *b, lxw_worksheet *ws, const report *r, const rep_table *t,
                       size_t m, lxw_row_t first, lxw_row_t last, const int *used)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
    for (size_t e = 0; e < r->nenvs; e++) {
        if (!used[e])
            continue;
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, "Run order", first, 1, last, 1);
        chart_series_set_values(s, "Run order", first, (lxw_col_t)(2 + e), last,
                                (lxw_col_t)(2 + e));
        chart_series_set_name(s, r->envs[e].name);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
    }
    char *title = xasprintf("%s, %s: every sample in run order (round)", t->id,
                            t->metrics[m].name);
    chart_title_set_name(chart, title);
    chart_axis_set_name(chart->x_axis, "round");
    chart_axis_set_name(chart->y_axis, t->metrics[m].unit);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opts = {.x_scale = 1.5, .y_scale = 1.3, .description = title};
    worksheet_insert_chart_opt(ws, first, (lxw_col_t)(r->nenvs + 4), chart, &opts);
    free(title);
}

/* Table t's rows from row on: one per round; returns the row after them. */
static lxw_row_t table_rows(const book *b, lxw_worksheet *ws, const report *r, const rep_table *t,
                            size_t m, lxw_row_t row)
{
    long rounds = 0;
    for (size_t k = 0; k < r->nsamples; k++)
        if (plot_runorder_sample(r, t, m, &r->samples[k]) && r->samples[k].round > rounds)
            rounds = r->samples[k].round;
    int *used = xcalloc(r->nenvs + 1, sizeof *used), *flag = xcalloc((size_t)rounds + 1, sizeof *flag);
    lxw_row_t first = row;
    for (long i = 1; i <= rounds; i++) {
        xlsx_put_str(b, ws, row + (lxw_row_t)(i - 1), 0, t->id, NULL);
        xlsx_put_num(ws, row + (lxw_row_t)(i - 1), 1, (double)i, b->count);
    }
    for (size_t k = 0; k < r->nsamples; k++) {
        const rep_sample *x = &r->samples[k];
        if (!plot_runorder_sample(r, t, m, x))
            continue;
        xlsx_put_num(ws, row + (lxw_row_t)(x->round - 1), (lxw_col_t)(2 + x->env), x->value,
                     xlsx_value_format(b, x->value));
        used[x->env] = 1;
        flag[x->round] |= x->disturbed;
    }
    for (long i = 1; i <= rounds; i++)
        xlsx_put_str(b, ws, row + (lxw_row_t)(i - 1), (lxw_col_t)(2 + r->nenvs),
                     flag[i] ? "yes" : "", NULL);
    if (rounds > 0)
        line_chart(b, ws, r, t, m, first, first + (lxw_row_t)(rounds - 1), used);
    free(used);
    free(flag);
    return row + (lxw_row_t)(rounds > 20 ? rounds : 20) + 2; /* room for the chart */
}

int xlsx_runorder_sheet(const book *b, const report *r)
{
    size_t tables = 0;
    for (size_t t = 0; t < r->ntables; t++)
        tables += runorder_metric(&r->tables[t]) >= 0;
    if (!tables)
        return 0; /* a run from before rounds were recorded: no sheet */
    column *cols = xcalloc(r->nenvs + 3, sizeof *cols);
    cols[0] = (column){"table", 8};
    cols[1] = (column){"round", 7};
    for (size_t e = 0; e < r->nenvs; e++)
        cols[2 + e] = (column){r->envs[e].name, 14};
    cols[2 + r->nenvs] = (column){"disturbed", 10};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Run order", cols, r->nenvs + 3, 0);
    free(cols);
    if (!ws)
        return -1;
    lxw_row_t row = 1;
    for (size_t t = 0; t < r->ntables; t++) {
        long m = runorder_metric(&r->tables[t]);
        if (m >= 0)
            row = table_rows(b, ws, r, &r->tables[t], (size_t)m, row);
    }
    return 0;
}
