/* xlsx.c - OUT/report.xlsx for readers who live in Excel: claims and verdicts, one sheet per
 * article table (xlsx_table.c), every raw sample, environments, run; numbers stay numbers. Same
 * model, same bytes: dated by the run's started_utc; libxlsxwriter stamps zip entries 1980. */
#include "render.h"

#include "xlsx.h"

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

/* When a run has no parsable started_utc: a fixed date, never the clock (0 would mean "now"). */
#define FALLBACK_CREATED ((time_t)315532800) /* 1980-01-01T00:00:00Z */

static lxw_format *new_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static void make_formats(book *b)
{
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

static lxw_format *verdict_format(const book *b, const char *verdict)
{
    static const char *const classes[VERDICT_CLASSES] = {"v-good", "v-bad", "v-mid", "v-none"};
    const char *cls = fmt_verdict_class(verdict);
    for (int i = 0; cls && i < VERDICT_CLASSES; i++)
        if (!strcmp(cls, classes[i]))
            return b->verdict[i];
    return NULL;
}

/* A measured value: whole numbers without decimals, others with up to three. */
lxw_format *xlsx_value_format(const book *b, double v)
{
    return v == floor(v) ? b->whole : b->fraction;
}

/* Numbers only where they exist: NaN and unbounded ends of intervals stay blank cells (the row's
 * notes say why), so every filled cell of a numeric column is a number a formula can use. */
void xlsx_put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, f);
}

void xlsx_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (*s)
        worksheet_write_string(ws, r, c, s, f);
}

/* Header row, column widths, frozen header, autofilter over the rows written. */
lxw_worksheet *xlsx_new_sheet(const book *b, const char *name, const column *cols, size_t n)
{
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

void xlsx_finish_sheet(lxw_worksheet *ws, size_t rows, size_t ncols)
{
    if (rows > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(ncols - 1));
}

static int summary_sheet(const book *b, const report_model *m)
{
    char padj[64]; /* a claim's interval is at its family's level, its p adjusted in it */
    snprintf(padj, sizeof padj, "p (%s, in the table's family)", model_adjust_name(m));
    const column cols[] = {{"claim id", 16},
                                  {"table", 7},
                                  {"claim", 48},
                                  {"article says", 20},
                                  {"kind", 9},
                                  {"metric", 16},
                                  {"unit", 12},
                                  {"env", 14},
                                  {"bench", 24},
                                  {"claimed [unit]", 14},
                                  {"measured median [unit]", 16},
                                  {"CI low [unit] (at the claim's level)", 14},
                                  {"CI high [unit] (at the claim's level)", 14},
                                  {"measured ratio [x]", 11},
                                  {"ratio CI low [x] (at the claim's level)", 11},
                                  {"ratio CI high [x] (at the claim's level)", 11},
                                  {"measured / claimed [x]", 12},
                                  {"p (Mann-Whitney)", 11},
                                  {padj, 10},
                                  {"verdict", 16},
                                  {"why", 70}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = xlsx_new_sheet(b, "Summary", cols, nc);
    if (!ws)
        return -1;
    const tsv_table *c = &m->claims;
    for (size_t r = 0; r < c->nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        const char *table = tsv_get(c, r, "table"), *metric = tsv_get(c, r, "metric");
        const char *env = tsv_get(c, r, "env"), *kind = tsv_get(c, r, "kind");
        const char *bench = tsv_get(c, r, "bench");
        int is_ratio = !strcmp(kind, "ratio");
        char *env_text =
            xasprintf("%s%s%s%s", env, *tsv_get(c, r, "env_note") ? " (" : "",
                      tsv_get(c, r, "env_note"), *tsv_get(c, r, "env_note") ? ")" : "");
        xlsx_put_str(ws, row, 0, tsv_get(c, r, "id"), NULL);
        xlsx_put_str(ws, row, 1, table, NULL);
        xlsx_put_str(ws, row, 2, tsv_get(c, r, "text"), b->wrap);
        xlsx_put_str(ws, row, 3, tsv_get(c, r, "claimed_text"), NULL);
        xlsx_put_str(ws, row, 4, kind, NULL);
        xlsx_put_str(ws, row, 5, fmt_metric_name(metric), NULL);
        xlsx_put_str(ws, row, 6, is_ratio ? "ratio" : metric, NULL);
        xlsx_put_str(ws, row, 7, env_text, NULL);
        xlsx_put_str(ws, row, 8, bench, NULL);
        double claimed = model_num(c, r, "claimed"), measured = model_num(c, r, "measured");
        xlsx_put_num(ws, row, 9, claimed, is_ratio ? b->ratio : xlsx_value_format(b, claimed));
        if (is_ratio) {
            xlsx_put_num(ws, row, 13, measured, b->ratio);
            xlsx_put_num(ws, row, 14, model_num(c, r, "lo"), b->ratio);
            xlsx_put_num(ws, row, 15, model_num(c, r, "hi"), b->ratio);
            long k = model_claim_cmp_row(m, r);
            if (k >= 0)
                xlsx_put_num(ws, row, 17, model_num(&m->cmp, (size_t)k, "p"), b->p);
        } else {
            /* A count claim's lo/hi are the samples' range: the CI comes from the summary. */
            long s = model_summary_row_bench(m, table, metric, env, bench);
            const tsv_table *src = !strcmp(kind, "count") && s >= 0 ? &m->summary : c;
            size_t sr = src == c ? r : (size_t)s;
            xlsx_put_num(ws, row, 10, measured, xlsx_value_format(b, measured));
            double lo = model_num(src, sr, src == c ? "lo" : "ci_lo");
            double hi = model_num(src, sr, src == c ? "hi" : "ci_hi");
            xlsx_put_num(ws, row, 11, lo, xlsx_value_format(b, lo));
            xlsx_put_num(ws, row, 12, hi, xlsx_value_format(b, hi));
        }
        xlsx_put_num(ws, row, 16, model_num(c, r, "factor"), b->ratio);
        xlsx_put_num(ws, row, 18, model_num(c, r, "p_adj"), b->p);
        const char *verdict = tsv_get(c, r, "verdict");
        xlsx_put_str(ws, row, 19, verdict, verdict_format(b, verdict));
        xlsx_put_str(ws, row, 20, tsv_get(c, r, "detail"), b->wrap);
        free(env_text);
    }
    xlsx_finish_sheet(ws, c->nrows, nc);
    return 0;
}

static int samples_sheet(const book *b, const report_model *m)
{
    static const column cols[] = {{"table", 7}, {"env", 12}, {"bench", 18},       {"metric", 16},
                                  {"unit", 12}, {"rep", 5},  {"value [unit]", 16}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = xlsx_new_sheet(b, "Samples", cols, nc);
    if (!ws)
        return -1;
    const tsv_table *s = &m->samples;
    for (size_t r = 0; r < s->nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        double v = model_num(s, r, "value");
        xlsx_put_str(ws, row, 0, tsv_get(s, r, "table"), NULL);
        xlsx_put_str(ws, row, 1, tsv_get(s, r, "env"), NULL);
        xlsx_put_str(ws, row, 2, tsv_get(s, r, "bench"), NULL);
        xlsx_put_str(ws, row, 3, fmt_metric_name(tsv_get(s, r, "unit")), NULL);
        xlsx_put_str(ws, row, 4, tsv_get(s, r, "unit"), NULL);
        xlsx_put_num(ws, row, 5, model_num(s, r, "rep"), b->count);
        xlsx_put_num(ws, row, 6, v, xlsx_value_format(b, v));
    }
    xlsx_finish_sheet(ws, s->nrows, nc);
    return 0;
}

/* One column per environment; rows: envs.tsv's status, reason and description, then every key
 * of meta.tsv in first-seen order. */
static int environments_sheet(const book *b, const report_model *m)
{
    size_t ne = m->envs.nrows;
    column *cols = xcalloc(ne + 1, sizeof *cols);
    cols[0] = (column){"key", 28};
    for (size_t e = 0; e < ne; e++)
        cols[e + 1] = (column){tsv_get(&m->envs, e, "env"), 44};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Environments", cols, ne + 1);
    free(cols);
    if (!ws)
        return -1;
    worksheet_freeze_panes(ws, 1, 1);
    static const char *const env_fields[] = {"status", "reason", "what"};
    size_t row = 0;
    for (size_t f = 0; f < 3; f++) {
        worksheet_write_string(ws, (lxw_row_t)++row, 0, env_fields[f], NULL);
        for (size_t e = 0; e < ne; e++)
            xlsx_put_str(ws, (lxw_row_t)row, (lxw_col_t)(e + 1),
                         tsv_get(&m->envs, e, env_fields[f]), b->wrap);
    }
    for (size_t r = 0; r < m->meta.nrows; r++) {
        if (!model_meta_key_first(m, r))
            continue;
        const char *key = tsv_get(&m->meta, r, "key");
        worksheet_write_string(ws, (lxw_row_t)++row, 0, key, NULL);
        for (size_t e = 0; e < ne; e++) {
            const char *v = model_meta(m, tsv_get(&m->envs, e, "env"), key);
            if (*v)
                xlsx_put_str(ws, (lxw_row_t)row, (lxw_col_t)(e + 1), v, b->wrap);
        }
    }
    xlsx_finish_sheet(ws, row, ne + 1);
    return 0;
}

/* "2026-11-27T08:29:50Z" -> broken-down UTC time; 0, or -1 when s is not such a time. */
static int parse_utc(const char *s, struct tm *tm)
{
    memset(tm, 0, sizeof *tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", tm);
    return end && !*end ? 0 : -1;
}

static int run_sheet(const book *b, const report_model *m)
{
    static const column cols[] = {{"key", 22}, {"value", 60}, {"as a date (UTC)", 20}};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Run", cols, 3);
    if (!ws)
        return -1;
    for (size_t r = 0; r < m->run.nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        const char *key = tsv_get(&m->run, r, "key"), *value = tsv_get(&m->run, r, "value");
        xlsx_put_str(ws, row, 0, key, NULL);
        xlsx_put_str(ws, row, 1, value, NULL);
        struct tm tm;
        if (parse_utc(value, &tm) == 0) {
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                               tm.tm_hour,        tm.tm_min,     tm.tm_sec};
            worksheet_write_datetime(ws, row, 2, &dt, b->date);
        }
    }
    xlsx_finish_sheet(ws, m->run.nrows, 3);
    return 0;
}

int render_xlsx(const report_model *m, const char *out_path)
{
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
        rc = xlsx_table_sheet(&b, m, t);
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
