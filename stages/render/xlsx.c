/* xlsx.c - OUT/report.xlsx for readers who live in Excel: claims and verdicts, one sheet per
 * article table, every raw sample, environments, run; numbers stay numbers. Same model, same
 * bytes: dated by the run's started_utc, and libxlsxwriter stamps zip entries 1980-01-01. */
#include "render.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_METRICS 16
/* When a run has no parsable started_utc: a fixed date, never the clock (0 would mean "now"). */
#define FALLBACK_CREATED ((time_t)315532800) /* 1980-01-01T00:00:00Z */

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

static lxw_format *new_format(lxw_workbook *wb, const char *num_format) {
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static void make_formats(book *b) {
    b->header = new_format(b->wb, NULL);
    format_set_bold(b->header);
    format_set_text_wrap(b->header);
    format_set_bg_color(b->header, 0xF6F8FA);
    format_set_bottom(b->header, LXW_BORDER_THIN);
    b->wrap = new_format(b->wb, NULL);
    format_set_text_wrap(b->wrap);
    b->count = new_format(b->wb, "0");
    b->whole = new_format(b->wb, "#,##0");
    b->fraction = new_format(b->wb, "#,##0.0##");
    b->ratio = new_format(b->wb, "0.000");
    b->p = new_format(b->wb, "0.0000");
    b->percent = new_format(b->wb, "0.0%");
    b->date = new_format(b->wb, "yyyy-mm-dd hh:mm:ss");
    /* The colours of templates/style.css's .v-* badges: background, text. */
    static const lxw_color_t colours[VERDICT_CLASSES][2] = {
        {0xDAFBE1, 0x116329}, {0xFFEBE9, 0xA40E26}, {0xFFF8C5, 0x7D4E00}, {0xEAEEF2, 0x424A53}};
    for (int i = 0; i < VERDICT_CLASSES; i++) {
        b->verdict[i] = new_format(b->wb, NULL);
        format_set_bold(b->verdict[i]);
        format_set_bg_color(b->verdict[i], colours[i][0]);
        format_set_font_color(b->verdict[i], colours[i][1]);
    }
}

static lxw_format *verdict_format(const book *b, const char *verdict) {
    static const char *const classes[VERDICT_CLASSES] = {"v-good", "v-bad", "v-mid", "v-none"};
    const char *cls = fmt_verdict_class(verdict);
    for (int i = 0; cls && i < VERDICT_CLASSES; i++)
        if (!strcmp(cls, classes[i]))
            return b->verdict[i];
    return NULL;
}

/* A measured value: whole numbers without decimals, others with up to three. */
static lxw_format *value_format(const book *b, double v) {
    return v == floor(v) ? b->whole : b->fraction;
}

/* Numbers only where they exist: NaN and unbounded ends of intervals stay blank cells (the row's
 * notes say why), so every filled cell of a numeric column is a number a formula can use. */
static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f) {
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, f);
}

static void put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f) {
    if (*s)
        worksheet_write_string(ws, r, c, s, f);
}

/* Header row, column widths, frozen header, autofilter over the rows written. */
static lxw_worksheet *new_sheet(const book *b, const char *name, const column *cols, size_t n) {
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return NULL;
    for (size_t c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].title, b->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

static void finish_sheet(lxw_worksheet *ws, size_t rows, size_t ncols) {
    if (rows > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(ncols - 1));
}

static int summary_sheet(const book *b, const report_model *m) {
    static const column cols[] = {{"claim id", 16},
                                  {"table", 7},
                                  {"claim", 48},
                                  {"article says", 20},
                                  {"kind", 9},
                                  {"metric", 16},
                                  {"unit", 12},
                                  {"env", 14},
                                  {"claimed [unit]", 14},
                                  {"measured median [unit]", 16},
                                  {"95% CI low [unit]", 14},
                                  {"95% CI high [unit]", 14},
                                  {"measured ratio [x]", 11},
                                  {"ratio 95% CI low [x]", 11},
                                  {"ratio 95% CI high [x]", 11},
                                  {"measured / claimed [x]", 12},
                                  {"p (Mann-Whitney)", 11},
                                  {"p (Holm)", 10},
                                  {"verdict", 16},
                                  {"why", 70}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = new_sheet(b, "Summary", cols, nc);
    if (!ws)
        return -1;
    const tsv_table *c = &m->claims;
    for (size_t r = 0; r < c->nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        const char *table = tsv_get(c, r, "table"), *metric = tsv_get(c, r, "metric");
        const char *env = tsv_get(c, r, "env"), *kind = tsv_get(c, r, "kind");
        int is_ratio = !strcmp(kind, "ratio");
        char *env_text =
            xasprintf("%s%s%s%s", env, *tsv_get(c, r, "env_note") ? " (" : "",
                      tsv_get(c, r, "env_note"), *tsv_get(c, r, "env_note") ? ")" : "");
        put_str(ws, row, 0, tsv_get(c, r, "id"), NULL);
        put_str(ws, row, 1, table, NULL);
        put_str(ws, row, 2, tsv_get(c, r, "text"), b->wrap);
        put_str(ws, row, 3, tsv_get(c, r, "claimed_text"), NULL);
        put_str(ws, row, 4, kind, NULL);
        put_str(ws, row, 5, fmt_metric_name(metric), NULL);
        put_str(ws, row, 6, is_ratio ? "ratio" : metric, NULL);
        put_str(ws, row, 7, env_text, NULL);
        double claimed = model_num(c, r, "claimed"), measured = model_num(c, r, "measured");
        put_num(ws, row, 8, claimed, is_ratio ? b->ratio : value_format(b, claimed));
        if (is_ratio) {
            put_num(ws, row, 12, measured, b->ratio);
            put_num(ws, row, 13, model_num(c, r, "lo"), b->ratio);
            put_num(ws, row, 14, model_num(c, r, "hi"), b->ratio);
            long k = model_cmp_row(m, table, metric, env);
            if (k >= 0)
                put_num(ws, row, 16, model_num(&m->cmp, (size_t)k, "p"), b->p);
        } else {
            /* A count claim's lo/hi are the samples' range: the CI comes from the summary. */
            long s = model_summary_row(m, table, metric, env);
            const tsv_table *src = !strcmp(kind, "count") && s >= 0 ? &m->summary : c;
            size_t sr = src == c ? r : (size_t)s;
            put_num(ws, row, 9, measured, value_format(b, measured));
            double lo = model_num(src, sr, src == c ? "lo" : "ci_lo");
            double hi = model_num(src, sr, src == c ? "hi" : "ci_hi");
            put_num(ws, row, 10, lo, value_format(b, lo));
            put_num(ws, row, 11, hi, value_format(b, hi));
        }
        put_num(ws, row, 15, model_num(c, r, "factor"), b->ratio);
        put_num(ws, row, 17, model_num(c, r, "p_adj"), b->p);
        const char *verdict = tsv_get(c, r, "verdict");
        put_str(ws, row, 18, verdict, verdict_format(b, verdict));
        put_str(ws, row, 19, tsv_get(c, r, "detail"), b->wrap);
        free(env_text);
    }
    finish_sheet(ws, c->nrows, nc);
    return 0;
}

/* A native column chart of the medians of the time metric, rows first..last of the table sheet.
 * libxlsxwriter 1.1.4 has no custom error bars, so each column's label states its 95% CI. */
static void time_chart(const book *b, lxw_worksheet *ws, const report_model *m, const char *sheet,
                       const char *table, const char *unit, size_t first, size_t last,
                       size_t at_row) {
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, sheet, (lxw_row_t)first, 2, (lxw_row_t)last, 2);
    chart_series_set_values(series, sheet, (lxw_row_t)first, 4, (lxw_row_t)last, 4);
    chart_series_set_name(series, "median");
    size_t n = last - first + 1;
    lxw_chart_data_label *labels = xcalloc(n, sizeof *labels);
    lxw_chart_data_label **label_list = xcalloc(n + 1, sizeof *label_list);
    char(*texts)[160] = xcalloc(n, sizeof *texts);
    /* The sheet's rows are the environments with a summary row, in envs.tsv order. */
    for (size_t e = 0, i = 0; e < m->envs.nrows && i < n; e++) {
        long s = model_summary_row(m, table, unit, tsv_get(&m->envs, e, "env"));
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
    char *title = xasprintf("%s: median %s per environment (labels: median [95%% CI])", table,
                            fmt_metric_name(unit));
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

/* One row per metric and environment (metric-major, so the time rows are contiguous): the
 * summary's statistics and the comparison with the table's baseline. */
static int table_sheet(const book *b, const report_model *m, size_t t) {
    static const column cols[] = {{"metric", 16},
                                  {"unit", 12},
                                  {"env", 12},
                                  {"n", 5},
                                  {"median [unit]", 14},
                                  {"95% CI low [unit]", 14},
                                  {"95% CI high [unit]", 14},
                                  {"mean [unit]", 14},
                                  {"sd [unit]", 12},
                                  {"CV", 8},
                                  {"min [unit]", 14},
                                  {"max [unit]", 14},
                                  {"baseline", 10},
                                  {"ratio to baseline [x]", 11},
                                  {"ratio 95% CI low [x]", 11},
                                  {"ratio 95% CI high [x]", 11},
                                  {"p (Mann-Whitney)", 11},
                                  {"p (Holm)", 10},
                                  {"significant", 11},
                                  {"notes", 70}};
    const size_t nc = sizeof cols / sizeof *cols;
    const char *table = tsv_get(&m->tables, t, "table");
    char sheet[32];
    fmt_slug(table, sheet, sizeof sheet);
    lxw_worksheet *ws = new_sheet(b, sheet, cols, nc);
    if (!ws) {
        log_error("workbook: no sheet can be named \"%s\" for table %s", sheet, table);
        return -1;
    }
    const char *metrics[MAX_METRICS];
    char *storage;
    size_t nm = model_metrics(m, t, metrics, MAX_METRICS, &storage);
    size_t row = 0, time_first = 0, time_last = 0;
    for (size_t i = 0; i < nm; i++) {
        for (size_t e = 0; e < m->envs.nrows; e++) {
            const char *env = tsv_get(&m->envs, e, "env");
            long s = model_summary_row(m, table, metrics[i], env);
            if (s < 0)
                continue;
            const tsv_table *sm = &m->summary;
            size_t sr = (size_t)s;
            lxw_row_t r = (lxw_row_t)++row;
            if (!strcmp(metrics[i], "ns/op")) {
                time_first = time_first ? time_first : row;
                time_last = row;
            }
            put_str(ws, r, 0, fmt_metric_name(metrics[i]), NULL);
            put_str(ws, r, 1, metrics[i], NULL);
            put_str(ws, r, 2, env, NULL);
            put_num(ws, r, 3, model_num(sm, sr, "n"), b->count);
            static const char *const stats[] = {"median", "ci_lo", "ci_hi", "mean",
                                                "sd",     "cv",    "min",   "max"};
            for (size_t k = 0; k < 8; k++) {
                double v = model_num(sm, sr, stats[k]);
                put_num(ws, r, (lxw_col_t)(4 + k), v, k == 5 ? b->percent : value_format(b, v));
            }
            strbuf notes = {0};
            sb_puts(&notes, tsv_get(sm, sr, "warnings"));
            long k = model_cmp_row(m, table, metrics[i], env);
            if (k >= 0) {
                const tsv_table *c = &m->cmp;
                size_t cr = (size_t)k;
                put_str(ws, r, 12, tsv_get(c, cr, "baseline"), NULL);
                put_num(ws, r, 13, model_num(c, cr, "ratio"), b->ratio);
                put_num(ws, r, 14, model_num(c, cr, "ratio_lo"), b->ratio);
                put_num(ws, r, 15, model_num(c, cr, "ratio_hi"), b->ratio);
                put_num(ws, r, 16, model_num(c, cr, "p"), b->p);
                put_num(ws, r, 17, model_num(c, cr, "p_adj"), b->p);
                put_str(ws, r, 18, tsv_get(c, cr, "significant"), NULL);
                if (*tsv_get(c, cr, "warnings"))
                    sb_printf(&notes, "%s%s", notes.len ? "; " : "", tsv_get(c, cr, "warnings"));
            }
            put_str(ws, r, 19, sb_str(&notes), NULL);
            sb_free(&notes);
        }
    }
    finish_sheet(ws, row, nc);
    char *caption = xasprintf("%s: %s (article: %s). %s", table, tsv_get(&m->tables, t, "title"),
                              tsv_get(&m->tables, t, "section"), tsv_get(&m->tables, t, "note"));
    worksheet_write_string(ws, (lxw_row_t)(row + 2), 0, caption, NULL);
    free(caption);
    if (time_first)
        time_chart(b, ws, m, sheet, table, "ns/op", time_first, time_last, row + 4);
    free(storage);
    return 0;
}

static int samples_sheet(const book *b, const report_model *m) {
    static const column cols[] = {{"table", 7}, {"env", 12}, {"bench", 18},       {"metric", 16},
                                  {"unit", 12}, {"rep", 5},  {"value [unit]", 16}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = new_sheet(b, "Samples", cols, nc);
    if (!ws)
        return -1;
    const tsv_table *s = &m->samples;
    for (size_t r = 0; r < s->nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        double v = model_num(s, r, "value");
        put_str(ws, row, 0, tsv_get(s, r, "table"), NULL);
        put_str(ws, row, 1, tsv_get(s, r, "env"), NULL);
        put_str(ws, row, 2, tsv_get(s, r, "bench"), NULL);
        put_str(ws, row, 3, fmt_metric_name(tsv_get(s, r, "unit")), NULL);
        put_str(ws, row, 4, tsv_get(s, r, "unit"), NULL);
        put_num(ws, row, 5, model_num(s, r, "rep"), b->count);
        put_num(ws, row, 6, v, value_format(b, v));
    }
    finish_sheet(ws, s->nrows, nc);
    return 0;
}

/* One column per environment; rows: envs.tsv's status, reason and description, then every key
 * of meta.tsv in first-seen order. */
static int environments_sheet(const book *b, const report_model *m) {
    size_t ne = m->envs.nrows;
    column *cols = xcalloc(ne + 1, sizeof *cols);
    cols[0] = (column){"key", 28};
    for (size_t e = 0; e < ne; e++)
        cols[e + 1] = (column){tsv_get(&m->envs, e, "env"), 44};
    lxw_worksheet *ws = new_sheet(b, "Environments", cols, ne + 1);
    free(cols);
    if (!ws)
        return -1;
    worksheet_freeze_panes(ws, 1, 1);
    static const char *const env_fields[] = {"status", "reason", "what"};
    size_t row = 0;
    for (size_t f = 0; f < 3; f++) {
        worksheet_write_string(ws, (lxw_row_t)++row, 0, env_fields[f], NULL);
        for (size_t e = 0; e < ne; e++)
            put_str(ws, (lxw_row_t)row, (lxw_col_t)(e + 1), tsv_get(&m->envs, e, env_fields[f]),
                    b->wrap);
    }
    for (size_t r = 0; r < m->meta.nrows; r++) {
        const char *key = tsv_get(&m->meta, r, "key");
        int first = 1;
        for (size_t q = 0; q < r && first; q++)
            first = strcmp(tsv_get(&m->meta, q, "key"), key) != 0;
        if (!first)
            continue;
        worksheet_write_string(ws, (lxw_row_t)++row, 0, key, NULL);
        for (size_t q = r; q < m->meta.nrows; q++)
            for (size_t e = 0; e < ne; e++)
                if (!strcmp(tsv_get(&m->meta, q, "key"), key) &&
                    !strcmp(tsv_get(&m->meta, q, "env"), tsv_get(&m->envs, e, "env")))
                    put_str(ws, (lxw_row_t)row, (lxw_col_t)(e + 1), tsv_get(&m->meta, q, "value"),
                            b->wrap);
    }
    finish_sheet(ws, row, ne + 1);
    return 0;
}

/* "2026-11-27T08:29:50Z" -> broken-down UTC time; 0, or -1 when s is not such a time. */
static int parse_utc(const char *s, struct tm *tm) {
    memset(tm, 0, sizeof *tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", tm);
    return end && !*end ? 0 : -1;
}

static int run_sheet(const book *b, const report_model *m) {
    static const column cols[] = {{"key", 22}, {"value", 60}, {"as a date (UTC)", 20}};
    lxw_worksheet *ws = new_sheet(b, "Run", cols, 3);
    if (!ws)
        return -1;
    for (size_t r = 0; r < m->run.nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        const char *key = tsv_get(&m->run, r, "key"), *value = tsv_get(&m->run, r, "value");
        put_str(ws, row, 0, key, NULL);
        put_str(ws, row, 1, value, NULL);
        struct tm tm;
        if (parse_utc(value, &tm) == 0) {
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                               tm.tm_hour,        tm.tm_min,     tm.tm_sec};
            worksheet_write_datetime(ws, row, 2, &dt, b->date);
        }
    }
    finish_sheet(ws, m->run.nrows, 3);
    return 0;
}

int render_xlsx(const report_model *m, const char *out_path) {
    char *partial = xasprintf("%s.%ld.tmp", out_path, (long)getpid());
    if (fs_mkparent(out_path) != 0) {
        log_error("%s: %s", out_path, strerror(errno));
        free(partial);
        return -1;
    }
    book b = {.wb = workbook_new(partial)};
    if (!b.wb) {
        log_error("%s: cannot create the workbook", partial);
        free(partial);
        return -1;
    }
    make_formats(&b);
    struct tm started;
    time_t created = FALLBACK_CREATED;
    if (parse_utc(model_run(m, "started_utc"), &started) == 0)
        created = timegm(&started);
    else
        log_warn("run.tsv has no started_utc: the workbook is dated 1980-01-01");
    char *title = xasprintf("Go in WSL2 vs Docker: the article's tables measured, run %s",
                            model_run(m, "run_id"));
    lxw_doc_properties props = {.title = title,
                                .subject = "claims, measurements and verdicts",
                                .author = "repro",
                                .comments = "rendered by repro-render from the report model",
                                .created = created};
    workbook_set_properties(b.wb, &props);

    int rc = summary_sheet(&b, m);
    for (size_t t = 0; t < m->tables.nrows && rc == 0; t++)
        rc = table_sheet(&b, m, t);
    if (rc == 0)
        rc = samples_sheet(&b, m) || environments_sheet(&b, m) || run_sheet(&b, m) ? -1 : 0;
    lxw_error err = workbook_close(b.wb);
    if (err != LXW_NO_ERROR) {
        log_error("%s: %s", partial, lxw_strerror(err));
        rc = -1;
    }
    if (rc == 0 && rename(partial, out_path) != 0) {
        log_error("%s: %s", out_path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(partial);
    free(title);
    free(partial);
    return rc;
}
