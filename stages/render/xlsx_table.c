/* xlsx_table.c - the workbook's sheet of one article table, over the rows report_rows.c laid
 * out: a row per metric and table row (environment, benchmark) with its statistics and its
 * comparison, or the reason it is empty, and its flags; the comparisons no row holds below; and
 * a native chart of the time medians built from the sheet's own cells, the rows an emulated
 * CPU makes not comparable listed after the others and left out of it. */
#include "xlsx.h"

#include "format.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

enum { COL_NOTES = 21, COL_LABEL = 22, NCOLS = 23 };

/* A native column chart of the medians of the time metric, sheet rows first..last (their labels
 * in COL_LABEL). libxlsxwriter 1.1.4 has no custom error bars, so each column's label states its
 * CI, as the sheet's cells hold it. */
static void time_chart(const book *b, lxw_worksheet *ws, const report *r, const char *sheet,
                       const rep_table *t, size_t m, const size_t *rows, size_t first, size_t last,
                       size_t at_row, int left_out)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, sheet, (lxw_row_t)first, COL_LABEL, (lxw_row_t)last,
                                COL_LABEL);
    chart_series_set_values(series, sheet, (lxw_row_t)first, 5, (lxw_row_t)last, 5);
    chart_series_set_name(series, "median");
    size_t n = last - first + 1;
    lxw_chart_data_label *labels = xcalloc(n, sizeof *labels);
    lxw_chart_data_label **label_list = xcalloc(n + 1, sizeof *label_list);
    char(*texts)[160] = xcalloc(n, sizeof *texts);
    for (size_t i = 0; i < n; i++) {
        const rep_cell *c = &t->rows[rows[i]].cells[m];
        if (c->has)
            fmt_value_ci(t->metrics[m].unit, c->median, c->lo, c->hi, r->set.conf, texts[i],
                         sizeof texts[i]);
        labels[i].value = texts[i];
        label_list[i] = &labels[i];
    }
    chart_series_set_labels(series);
    chart_series_set_labels_custom(series, label_list);
    char *title = xasprintf("%s: median %s per row (labels: median [%s CI])%s", t->id,
                            t->metrics[m].name, r->set.level,
                            left_out ? "; emulated CPU (TCG) rows left out: not comparable" : "");
    chart_title_set_name(chart, title);
    lxw_chart_font title_font = {.size = 12, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &title_font);
    chart_axis_set_name(chart->y_axis, t->metrics[m].unit);
    chart_axis_set_min(chart->y_axis, 0);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opts = {.x_scale = 1.6, .y_scale = 1.4, .description = title};
    worksheet_insert_chart_opt(ws, (lxw_row_t)at_row, 0, chart, &opts);
    /* libxlsxwriter copies the labels and title when the chart is added. */
    free(title);
    free(texts);
    free(label_list);
    free(labels);
}

/* Columns 13-20 of a table sheet's row and its notes: comparison k of comparisons.tsv. */
static void put_cmp(const book *b, lxw_worksheet *ws, lxw_row_t r, const rep_cmp *c, strbuf *notes)
{
    xlsx_put_str(b, ws, r, 13, c->baseline, NULL);
    xlsx_put_str(b, ws, r, 14, c->baseline_bench, NULL);
    const double nums[] = {c->ratio, c->lo, c->hi, c->p, c->p_adj};
    for (size_t i = 0; i < 5; i++)
        xlsx_put_num(ws, r, (lxw_col_t)(15 + i), nums[i], i < 3 ? b->ratio : b->p);
    xlsx_put_str(b, ws, r, 20, c->significant, NULL);
    if (c->not_comparable)
        sb_printf(notes, "%semulated CPU (TCG): not comparable", notes->len ? "; " : "");
    if (*c->warnings)
        sb_printf(notes, "%s%s", notes->len ? "; " : "", c->warnings);
}

/* Below a table sheet's rows, from row on: the comparisons no row shows (between two benchmarks
 * of one environment, geometric means over the benchmarks). Returns the last row written. */
static size_t more_comparisons(const book *b, lxw_worksheet *ws, const rep_table *t,
                               const unsigned char *shown, size_t row)
{
    for (size_t k = 0, any = 0; k < t->ncmps; k++) {
        const rep_cmp *c = &t->cmps[k];
        if (shown[k])
            continue;
        if (!any++)
            xlsx_put_str(b, ws, (lxw_row_t)(row += 2), 0,
                         "More comparisons: between two benchmarks of one environment, "
                         "and the geometric mean of the ratios over the benchmarks",
                         b->header);
        lxw_row_t r = (lxw_row_t)++row;
        xlsx_put_str(b, ws, r, 0, fmt_metric_name(c->unit), NULL);
        xlsx_put_str(b, ws, r, 1, c->unit, NULL);
        xlsx_put_str(b, ws, r, 2, c->env, NULL);
        xlsx_put_str(b, ws, r, 3, c->bench, NULL);
        strbuf notes = {0};
        if (c->geomean)
            sb_printf(&notes, "geometric mean of the ratios of %ld benchmarks", c->n);
        put_cmp(b, ws, r, c, &notes);
        xlsx_put_str(b, ws, r, COL_NOTES, sb_str(&notes), NULL);
        sb_free(&notes);
    }
    return row;
}

/* The first comparison of a row's (metric, environment, benchmark), or -1. */
static long row_cmp(const report *r, const rep_table *t, const rep_row *w, size_t m)
{
    for (size_t k = 0; k < t->ncmps; k++) {
        const rep_cmp *c = &t->cmps[k];
        if (!strcmp(c->unit, t->metrics[m].unit) && !strcmp(c->env, r->envs[w->env].name) &&
            *w->bench && !strcmp(c->bench, w->bench))
            return (long)k;
    }
    return -1;
}

/* One sheet row: the row's statistics of metric m, its comparison, its notes and label. */
static void sheet_row(const book *b, lxw_worksheet *ws, lxw_row_t at, const report *r,
                      const rep_table *t, const rep_row *w, size_t m, unsigned char *shown)
{
    const rep_cell *c = &w->cells[m];
    xlsx_put_str(b, ws, at, 0, t->metrics[m].name, NULL);
    xlsx_put_str(b, ws, at, 1, t->metrics[m].unit, NULL);
    xlsx_put_str(b, ws, at, 2, r->envs[w->env].name, NULL);
    xlsx_put_str(b, ws, at, 3, w->bench, NULL);
    xlsx_put_num(ws, at, 4, c->has ? (double)c->n : 0, b->count);
    const double stats[] = {c->median, c->lo, c->hi, c->mean, c->sd, c->cv, c->min, c->max};
    for (size_t k = 0; k < 8 && c->has; k++)
        xlsx_put_num(ws, at, (lxw_col_t)(5 + k), stats[k],
                     k == 5 ? b->percent : xlsx_value_format(b, stats[k]));
    strbuf notes = {0};
    if (w->not_comparable)
        sb_puts(&notes, "EMULATED CPU (TCG): timings not comparable");
    if (!c->has)
        sb_printf(&notes, "%s%s", notes.len ? "; " : "",
                  w->why != WHY_NONE     ? w->reason
                  : t->metrics[m].reason ? t->metrics[m].reason
                                         : "no samples");
    if (w->failed && w->why == WHY_NONE)
        sb_printf(&notes, "%s%zu failed cell%s, not in n (first: %s)", notes.len ? "; " : "",
                  w->failed, w->failed == 1 ? "" : "s", w->failed_detail);
    if (*c->warnings)
        sb_printf(&notes, "%s%s", notes.len ? "; " : "", c->warnings);
    long k = c->has ? row_cmp(r, t, w, m) : -1;
    if (k >= 0) {
        put_cmp(b, ws, at, &t->cmps[k], &notes);
        shown[k] = 1;
    }
    xlsx_put_str(b, ws, at, COL_NOTES, sb_str(&notes), NULL);
    xlsx_put_str(b, ws, at, COL_LABEL, w->label, NULL);
    sb_free(&notes);
}

static const char *const stat_titles[] = {"mean [unit]", "sd [unit]", "CV", "min [unit]",
                                          "max [unit]"};

/* One row per metric and table row (metric-major, the comparable rows first, so the time rows a
 * chart shows are contiguous); the comparisons no row holds below; the caption; the chart. */
int xlsx_table_sheet(const book *b, const report *r, const rep_table *t)
{
    char lo[64], hi[64], rlo[64], rhi[64], padj[64];
    snprintf(lo, sizeof lo, "%s CI low [unit]", r->set.level);
    snprintf(hi, sizeof hi, "%s CI high [unit]", r->set.level);
    snprintf(rlo, sizeof rlo, "ratio %s CI low [x]", r->set.level);
    snprintf(rhi, sizeof rhi, "ratio %s CI high [x]", r->set.level);
    snprintf(padj, sizeof padj, "p (%s)", r->set.adjust_name);
    const column cols[NCOLS] = {{"metric", 16},
                                {"unit", 12},
                                {"env", 12},
                                {"bench", 24},
                                {"n", 5},
                                {"median [unit]", 14},
                                {lo, 14},
                                {hi, 14},
                                {stat_titles[0], 14},
                                {stat_titles[1], 12},
                                {stat_titles[2], 8},
                                {stat_titles[3], 14},
                                {stat_titles[4], 14},
                                {"baseline", 10},
                                {"baseline bench", 24},
                                {"ratio to baseline [x]", 11},
                                {rlo, 11},
                                {rhi, 11},
                                {"p (Mann-Whitney)", 11},
                                {padj, 10},
                                {"significant", 11},
                                {"notes", 70},
                                {"row", 24}};
    char sheet[32];
    fmt_slug(t->id, sheet, sizeof sheet);
    lxw_worksheet *ws = xlsx_new_sheet(b, sheet, cols, NCOLS, 0);
    if (!ws) {
        log_error("workbook: no sheet can be named \"%s\" for table %s", sheet, t->id);
        return -1;
    }
    unsigned char *shown = xcalloc(t->ncmps + 1, 1);
    size_t *chart_rows = xcalloc(t->nrows + 1, sizeof *chart_rows);
    size_t row = 0, time_first = 0, time_n = 0, time_m = 0;
    int left_out = 0;
    for (size_t m = 0; m < t->nmetrics; m++)
        for (int pass = 0; pass < 2; pass++) /* the comparable rows, then the others */
            for (size_t k = 0; k < t->nrows; k++) {
                const rep_row *w = &t->rows[k];
                int apart = w->not_comparable && report_is_time(t->metrics[m].unit);
                if (apart != pass)
                    continue;
                sheet_row(b, ws, (lxw_row_t)++row, r, t, w, m, shown);
                if (!time_n && report_is_time(t->metrics[m].unit) && !apart)
                    time_first = row, time_m = m;
                if (time_m == m && time_first && !apart && report_is_time(t->metrics[m].unit))
                    chart_rows[time_n++] = k;
                left_out |= apart;
            }
    xlsx_finish_sheet(ws, 0, (lxw_row_t)row, NCOLS);
    row = more_comparisons(b, ws, t, shown, row);
    char *caption = xasprintf("%s: %s (article: %s). %s", t->id, t->title, t->section, t->note);
    xlsx_put_str(b, ws, (lxw_row_t)(row + 2), 0, caption, NULL);
    free(caption);
    if (time_n)
        time_chart(b, ws, r, sheet, t, time_m, chart_rows, time_first, time_first + time_n - 1,
                   row + 4, left_out);
    free(chart_rows);
    free(shown);
    return 0;
}
