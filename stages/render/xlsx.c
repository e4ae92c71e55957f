/* xlsx.c - OUT/report.xlsx for readers who live in Excel: the verdict summary first
 * (xlsx_summary.c), one sheet per article table (xlsx_table.c), every raw sample, environments
 * with their flags, the run's problems, the run and its settings; numbers stay numbers, text
 * never becomes a formula. Same model, same bytes: dated by the run's started_utc;
 * libxlsxwriter stamps zip entries 1980. */
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
    b->quoted = new_format(b->wb, NULL); /* text that would read as a formula when typed */
    format_set_text_wrap(b->quoted);
    format_set_num_format(b->quoted, "@"); /* the Text number format: never a formula */
    b->title = new_format(b->wb, NULL);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    b->count = new_format(b->wb, "0");
    b->whole = new_format(b->wb, "#,##0");
    b->fraction = new_format(b->wb, "#,##0.0##");
    b->ratio = new_format(b->wb, "0.000");
    b->p = new_format(b->wb, "0.0000");
    b->percent = new_format(b->wb, "0.0%");
    b->precision = new_format(b->wb, "0.00%"); /* a half-width as the documents print it */
    b->date = new_format(b->wb, "yyyy-mm-dd hh:mm:ss");
    /* The colours of templates/style.css's .v-* badges: background, text. */
    static const lxw_color_t colours[TONES][2] = {[VERDICT_TONE_GOOD] = {0xDAFBE1, 0x116329},
                                                  [VERDICT_TONE_BAD] = {0xFFEBE9, 0xA40E26},
                                                  [VERDICT_TONE_MID] = {0xFFF8C5, 0x7D4E00},
                                                  [VERDICT_TONE_NONE] = {0xEAEEF2, 0x424A53}};
    for (int i = 0; i < TONES; i++) {
        b->verdict[i] = new_format(b->wb, NULL);
        format_set_bold(b->verdict[i]);
        format_set_bg_color(b->verdict[i], colours[i][0]);
        format_set_font_color(b->verdict[i], colours[i][1]);
    }
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

void xlsx_put_str(const book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  lxw_format *f)
{
    if (*s)
        worksheet_write_string(ws, r, c, s, esc_xlsx_needs_quote(s) ? b->quoted : f);
}

/* Header row, column widths, frozen header. */
lxw_worksheet *xlsx_new_sheet(const book *b, const char *name, const column *cols, size_t n,
                              lxw_row_t at)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return NULL;
    for (size_t c = 0; c < n; c++) {
        xlsx_put_str(b, ws, at, (lxw_col_t)c, cols[c].title, b->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
    }
    worksheet_freeze_panes(ws, at + 1, 0);
    return ws;
}

void xlsx_finish_sheet(lxw_worksheet *ws, lxw_row_t at, lxw_row_t last, size_t ncols)
{
    if (last > at)
        worksheet_autofilter(ws, at, 0, last, (lxw_col_t)(ncols - 1));
}

static int samples_sheet(const book *b, const report *r)
{
    static const column cols[] = {{"table", 7},  {"env", 12},         {"bench", 18},
                                  {"metric", 16}, {"unit", 12},        {"rep", 5},
                                  {"value [unit]", 16}, {"round", 7}, {"disturbed", 10}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = xlsx_new_sheet(b, "Samples", cols, nc, 0);
    if (!ws)
        return -1;
    for (size_t i = 0; i < r->nsamples; i++) {
        const rep_sample *x = &r->samples[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        xlsx_put_str(b, ws, row, 0, r->tables[x->table].id, NULL);
        xlsx_put_str(b, ws, row, 1, r->envs[x->env].name, NULL);
        xlsx_put_str(b, ws, row, 2, x->bench, NULL);
        xlsx_put_str(b, ws, row, 3, fmt_metric_name(x->unit), NULL);
        xlsx_put_str(b, ws, row, 4, x->unit, NULL);
        xlsx_put_num(ws, row, 5, x->rep, b->count);
        xlsx_put_num(ws, row, 6, x->value, xlsx_value_format(b, x->value));
        if (x->round > 0) { /* the run order, and the machine's flag on its round */
            xlsx_put_num(ws, row, 7, (double)x->round, b->count);
            xlsx_put_str(b, ws, row, 8, x->disturbed ? "yes" : "", NULL);
        }
    }
    xlsx_finish_sheet(ws, 0, (lxw_row_t)r->nsamples, nc);
    return 0;
}

/* One column per environment; rows: status, reason, description and flags, then every key of
 * meta.tsv in first-seen order. */
static int environments_sheet(const book *b, const report *r)
{
    column *cols = xcalloc(r->nenvs + 1, sizeof *cols);
    cols[0] = (column){"key", 28};
    for (size_t e = 0; e < r->nenvs; e++)
        cols[e + 1] = (column){r->envs[e].name, 44};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Environments", cols, r->nenvs + 1, 0);
    free(cols);
    if (!ws)
        return -1;
    worksheet_freeze_panes(ws, 1, 1);
    static const char *const fields[] = {"status", "reason", "what", "flags"};
    size_t row = 0;
    for (size_t f = 0; f < 4; f++) {
        xlsx_put_str(b, ws, (lxw_row_t)++row, 0, fields[f], NULL);
        for (size_t e = 0; e < r->nenvs; e++) {
            const rep_env *v = &r->envs[e];
            char *flags = v->emulated
                              ? xasprintf("emulated CPU (TCG): not comparable (%s)", v->emulated)
                              : xstrdup("");
            const char *text[] = {v->status, v->reason, v->what, flags};
            xlsx_put_str(b, ws, (lxw_row_t)row, (lxw_col_t)(e + 1), text[f], b->wrap);
            free(flags);
        }
    }
    for (size_t k = 0; k < r->nmeta; k++) {
        xlsx_put_str(b, ws, (lxw_row_t)++row, 0, r->meta[k].key, NULL);
        for (size_t e = 0; e < r->nenvs; e++)
            xlsx_put_str(b, ws, (lxw_row_t)row, (lxw_col_t)(e + 1), r->meta[k].values[e], b->wrap);
    }
    row = xlsx_posture_rows(b, ws, r, (lxw_row_t)row);
    xlsx_finish_sheet(ws, 0, (lxw_row_t)row, r->nenvs + 1);
    return 0;
}

/* What went wrong in the run, one row each (the documents' "problems in this run"). */
static int problems_sheet(const book *b, const report *r)
{
    static const column cols[] = {{"problem", 110}};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Problems", cols, 1, 0);
    if (!ws)
        return -1;
    for (size_t i = 0; i < r->nproblems; i++)
        xlsx_put_str(b, ws, (lxw_row_t)(i + 1), 0, r->problems[i].text, b->wrap);
    if (!r->nproblems)
        xlsx_put_str(b, ws, 1, 0, "none", NULL);
    return 0;
}

/* "2026-11-27T08:29:50Z" -> broken-down UTC time; 0, or -1 when s is not such a time. */
static int parse_utc(const char *s, struct tm *tm)
{
    memset(tm, 0, sizeof *tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", tm);
    return end && !*end ? 0 : -1;
}

static int run_sheet(const book *b, const report *rp)
{
    static const column cols[] = {{"key", 22}, {"value", 60}, {"as a date (UTC)", 20}};
    lxw_worksheet *ws = xlsx_new_sheet(b, "Run", cols, 3, 0);
    if (!ws)
        return -1;
    for (size_t r = 0; r < rp->nrun; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        const char *key = rp->run[r].key, *value = rp->run[r].value;
        xlsx_put_str(b, ws, row, 0, key, NULL);
        xlsx_put_str(b, ws, row, 1, value, NULL);
        struct tm tm;
        if (parse_utc(value, &tm) == 0) {
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                               tm.tm_hour,        tm.tm_min,     tm.tm_sec};
            worksheet_write_datetime(ws, row, 2, &dt, b->date);
        }
    }
    xlsx_finish_sheet(ws, 0, (lxw_row_t)rp->nrun, 3);
    return 0;
}

int render_xlsx(const report *m, const char *out_path)
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
    if (parse_utc(report_run(m, "started_utc"), &started) == 0)
        created = timegm(&started);
    else
        log_warn("run.tsv has no started_utc: the workbook is dated 1980-01-01");
    char *title =
        xasprintf("Go in WSL2 vs Docker: the article's tables measured, run %s", m->set.run_id);
    lxw_doc_properties props = {.title = title,
                                .subject = "claims, measurements and verdicts",
                                .author = "repro",
                                .comments = "rendered by repro-render from the report model",
                                .created = created};
    workbook_set_properties(b.wb, &props);

    int rc = xlsx_summary_sheet(&b, m);
    for (size_t t = 0; t < m->ntables && rc == 0; t++)
        rc = xlsx_table_sheet(&b, m, &m->tables[t]);
    if (rc == 0)
        rc = samples_sheet(&b, m) || xlsx_runorder_sheet(&b, m) || environments_sheet(&b, m) ||
                     problems_sheet(&b, m) || run_sheet(&b, m)
                 ? -1
                 : 0;
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

static int write_xlsx(const render_input *in, const char *out_path)
{
    return render_xlsx(in->r, out_path);
}

static const render_format xlsx = {"report.xlsx", write_xlsx};
RENDER_FORMAT(xlsx)
