/* xlsx_table.c - the workbook's sheet of one article table: a row per metric, environment and
 * benchmark with its statistics and its comparison, the comparisons no row holds below, and a
 * native chart of the time medians where the table has one benchmark. */
#include "xlsx.h"

#include "format.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

#define MAX_METRICS 16
#define MAX_BENCHES 256

/* A native column chart of the medians of the time metric, rows first..last of the table sheet.
 * libxlsxwriter 1.1.4 has no custom error bars, so each column's label states its CI. */
static void time_chart(const book *b, lxw_worksheet *ws, const report_model *m, const char *sheet,
                       const char *table, const char *unit, size_t first, size_t last,
                       size_t at_row)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, sheet, (lxw_row_t)first, 2, (lxw_row_t)last, 2);
    chart_series_set_values(series, sheet, (lxw_row_t)first, 5, (lxw_row_t)last, 5);
    chart_series_set_name(series, "median");
    size_t n = last - first + 1;
    lxw_chart_data_label *labels = xcalloc(n, sizeof *labels);
    lxw_chart_data_label **label_list = xcalloc(n + 1, sizeof *label_list);
    char(*texts)[160] = xcalloc(n, sizeof *texts);
    /* In a table of one benchmark, the rows are the environments with a summary row. */
    for (size_t e = 0, i = 0; e < m->envs.nrows && i < n; e++) {
        long s = model_summary_row_bench(m, table, unit, tsv_get(&m->envs, e, "env"), NULL);
        if (s < 0)
            continue;
        fmt_value_ci(unit, model_num(&m->summary, (size_t)s, "median"),
                     model_num(&m->summary, (size_t)s, "ci_lo"),
                     model_num(&m->summary, (size_t)s, "ci_hi"), texts[i], sizeof texts[i]);
        labels[i].value = texts[i];
        label_list[i] = &labels[i];
        i++;
    }
    chart_series_set_labels(series);
    chart_series_set_labels_custom(series, label_list);
    char level[32];
    char *title = xasprintf("%s: median %s per environment (labels: median [%s CI])", table,
                            fmt_metric_name(unit), model_level(m, level, sizeof level));
    chart_title_set_name(chart, title);
    lxw_chart_font title_font = {.size = 12, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &title_font);
    chart_axis_set_name(chart->y_axis, unit);
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
static void put_cmp(const book *b, lxw_worksheet *ws, lxw_row_t r, const report_model *m, size_t k,
                    strbuf *notes)
{
    const tsv_table *c = &m->cmp;
    xlsx_put_str(ws, r, 13, tsv_get(c, k, "baseline"), NULL);
    xlsx_put_str(ws, r, 14, tsv_get(c, k, "baseline_bench"), NULL);
    static const char *const nums[] = {"ratio", "ratio_lo", "ratio_hi", "p", "p_adj"};
    for (size_t i = 0; i < 5; i++)
        xlsx_put_num(ws, r, (lxw_col_t)(15 + i), model_num(c, k, nums[i]), i < 3 ? b->ratio : b->p);
    xlsx_put_str(ws, r, 20, tsv_get(c, k, "significant"), NULL);
    if (*tsv_get(c, k, "warnings"))
        sb_printf(notes, "%s%s", notes->len ? "; " : "", tsv_get(c, k, "warnings"));
}

/* Below a table sheet's rows, from row on: the comparisons no row shows (between two benchmarks
 * of one environment, geometric means over the benchmarks). Returns the last row written. */
static size_t more_comparisons(const book *b, lxw_worksheet *ws, const report_model *m,
                               const char *table, const unsigned char *shown, size_t row)
{
    const tsv_table *c = &m->cmp;
    for (size_t k = 0, any = 0; k < c->nrows; k++) {
        if (shown[k] || strcmp(tsv_get(c, k, "table"), table) != 0)
            continue;
        if (!any++)
            worksheet_write_string(ws, (lxw_row_t)(row += 2), 0,
                                   "More comparisons: between two benchmarks of one environment, "
                                   "and the geometric mean of the ratios over the benchmarks",
                                   b->header);
        lxw_row_t r = (lxw_row_t)++row;
        const char *unit = tsv_get(c, k, "unit");
        xlsx_put_str(ws, r, 0, fmt_metric_name(unit), NULL);
        xlsx_put_str(ws, r, 1, unit, NULL);
        xlsx_put_str(ws, r, 2, tsv_get(c, k, "env"), NULL);
        xlsx_put_str(ws, r, 3, tsv_get(c, k, "bench"), NULL);
        strbuf notes = {0};
        if (!strcmp(tsv_get(c, k, "bench"), "geomean"))
            sb_printf(&notes, "geometric mean of the ratios of %s benchmarks", tsv_get(c, k, "n"));
        put_cmp(b, ws, r, m, k, &notes);
        xlsx_put_str(ws, r, 21, sb_str(&notes), NULL);
        sb_free(&notes);
    }
    return row;
}

/* One row per metric, environment and benchmark (metric-major, so the time rows are
 * contiguous): the summary's statistics and the first comparison of that benchmark in that
 * environment (with the baseline environment's, or another benchmark's); the others below. */
int xlsx_table_sheet(const book *b, const report_model *m, size_t t)
{
    char level[32], lo[64], hi[64], rlo[64], rhi[64], padj[64];
    model_level(m, level, sizeof level);
    snprintf(lo, sizeof lo, "%s CI low [unit]", level);
    snprintf(hi, sizeof hi, "%s CI high [unit]", level);
    snprintf(rlo, sizeof rlo, "ratio %s CI low [x]", level);
    snprintf(rhi, sizeof rhi, "ratio %s CI high [x]", level);
    snprintf(padj, sizeof padj, "p (%s)", model_adjust_name(m));
    const column cols[] = {{"metric", 16},
                                  {"unit", 12},
                                  {"env", 12},
                                  {"bench", 24},
                                  {"n", 5},
                                  {"median [unit]", 14},
                                  {lo, 14},
                                  {hi, 14},
                                  {"mean [unit]", 14},
                                  {"sd [unit]", 12},
                                  {"CV", 8},
                                  {"min [unit]", 14},
                                  {"max [unit]", 14},
                                  {"baseline", 10},
                                  {"baseline bench", 24},
                                  {"ratio to baseline [x]", 11},
                                  {rlo, 11},
                                  {rhi, 11},
                                  {"p (Mann-Whitney)", 11},
                                  {padj, 10},
                                  {"significant", 11},
                                  {"notes", 70}};
    const size_t nc = sizeof cols / sizeof *cols;
    const char *table = tsv_get(&m->tables, t, "table");
    char sheet[32];
    fmt_slug(table, sheet, sizeof sheet);
    lxw_worksheet *ws = xlsx_new_sheet(b, sheet, cols, nc);
    if (!ws) {
        log_error("workbook: no sheet can be named \"%s\" for table %s", sheet, table);
        return -1;
    }
    const char *metrics[MAX_METRICS], *benches[MAX_BENCHES];
    char *storage;
    size_t nm = model_metrics(m, t, metrics, MAX_METRICS, &storage);
    size_t nb = model_benches(m, table, benches, MAX_BENCHES);
    unsigned char *shown = xcalloc(m->cmp.nrows + 1, 1);
    size_t row = 0, time_first = 0, time_last = 0;
    for (size_t i = 0; i < nm; i++) {
        for (size_t e = 0; e < m->envs.nrows; e++) {
            for (size_t j = 0; j < nb; j++) {
                const char *env = tsv_get(&m->envs, e, "env");
                long s = model_summary_row_bench(m, table, metrics[i], env, benches[j]);
                if (s < 0)
                    continue;
                const tsv_table *sm = &m->summary;
                size_t sr = (size_t)s;
                lxw_row_t r = (lxw_row_t)++row;
                if (!strcmp(metrics[i], "ns/op")) {
                    time_first = time_first ? time_first : row;
                    time_last = row;
                }
                xlsx_put_str(ws, r, 0, fmt_metric_name(metrics[i]), NULL);
                xlsx_put_str(ws, r, 1, metrics[i], NULL);
                xlsx_put_str(ws, r, 2, env, NULL);
                xlsx_put_str(ws, r, 3, benches[j], NULL);
                xlsx_put_num(ws, r, 4, model_num(sm, sr, "n"), b->count);
                static const char *const stats[] = {"median", "ci_lo", "ci_hi", "mean",
                                                    "sd",     "cv",    "min",   "max"};
                for (size_t k = 0; k < 8; k++) {
                    double v = model_num(sm, sr, stats[k]);
                    xlsx_put_num(ws, r, (lxw_col_t)(5 + k), v,
                                 k == 5 ? b->percent : xlsx_value_format(b, v));
                }
                strbuf notes = {0};
                sb_puts(&notes, tsv_get(sm, sr, "warnings"));
                long k = model_cmp_row_bench(m, table, metrics[i], env, benches[j]);
                if (k >= 0) {
                    put_cmp(b, ws, r, m, (size_t)k, &notes);
                    shown[k] = 1;
                }
                xlsx_put_str(ws, r, 21, sb_str(&notes), NULL);
                sb_free(&notes);
            }
        }
    }
    xlsx_finish_sheet(ws, row, nc);
    row = more_comparisons(b, ws, m, table, shown, row);
    char *caption = xasprintf("%s: %s (article: %s). %s", table, tsv_get(&m->tables, t, "title"),
                              tsv_get(&m->tables, t, "section"), tsv_get(&m->tables, t, "note"));
    worksheet_write_string(ws, (lxw_row_t)(row + 2), 0, caption, NULL);
    free(caption);
    /* Its columns are labelled by environment: a chart of one benchmark only (report.html and
     * fig/ have every table's charts). */
    if (time_first && nb == 1)
        time_chart(b, ws, m, sheet, table, "ns/op", time_first, time_last, row + 4);
    free(shown);
    free(storage);
    return 0;
}
