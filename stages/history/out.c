/* out.c - what history writes per machine: series.tsv (run x series: median and interval),
 * steps.tsv (each step: where, the levels before and after, what metadata changed),
 * verdicts.tsv (run x claim) and history.md / history.html / history.xlsx, a document like
 * the report's (render_page) with a gnuplot chart per series (chart.c). */
#include "history/history.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "render/format.h"
#include "render/gnuplot.h"
#include "render/page.h"
#include "schema_results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static int save(const char *dir, const char *name, strbuf *sb)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = fs_save(path, sb->buf ? sb->buf : "", sb->len);
    free(path);
    sb_free(sb);
    return rc;
}

static int write_series(const machine_history *h, const char *dir)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &hseries_schema);
    for (size_t i = 0; i < h->ns; i++)
        for (size_t r = 0; r < h->nruns; r++) {
            const series *s = &h->s[i];
            if (!isfinite(s->median[r]))
                continue;
            char bufs[24][64], n[24];
            size_t nb = 0;
            snprintf(n, sizeof n, "%zu", s->n[r]);
            const char *row[HSERIES_NCOLS] = {[HSERIES_MACHINE] = h->machine,
                                              [HSERIES_RUN] = h->runs[r]->id,
                                              [HSERIES_TABLE] = s->table,
                                              [HSERIES_UNIT] = s->unit,
                                              [HSERIES_ENV] = s->env,
                                              [HSERIES_N] = n,
                                              [HSERIES_MEDIAN] = NUM(s->median[r]),
                                              [HSERIES_CI_LO] = NUM(s->lo[r]),
                                              [HSERIES_CI_HI] = NUM(s->hi[r])};
            tsv_put_fields(&sb, &hseries_schema, row);
        }
    return save(dir, "series.tsv", &sb);
}

/* One row per step of every series, into sb (steps.tsv's columns) and the page. */
static void steps_rows(const machine_history *h, strbuf *sb, doc_block *p)
{
    for (size_t i = 0; i < h->ns; i++) {
        const series *s = &h->s[i];
        for (size_t k = 0; s->fitted && k < s->fit.nsteps; k++) {
            size_t before = s->index[s->fit.at[k] - 1], after = s->index[s->fit.at[k]];
            char *changed = history_changed(h, s, before, after);
            char bufs[24][64], lv[2][64], ratio[32];
            size_t nb = 0;
            double a = exp(s->fit.level[k]), b = exp(s->fit.level[k + 1]);
            fmt_value(s->unit, a, lv[0], sizeof lv[0]);
            fmt_value(s->unit, b, lv[1], sizeof lv[1]);
            snprintf(ratio, sizeof ratio, "%.3fx", b / a);
            const char *row[HSTEPS_NCOLS] = {[HSTEPS_MACHINE] = h->machine,
                                             [HSTEPS_TABLE] = s->table,
                                             [HSTEPS_UNIT] = s->unit,
                                             [HSTEPS_ENV] = s->env,
                                             [HSTEPS_LAST_BEFORE] = h->runs[before]->id,
                                             [HSTEPS_FIRST_AFTER] = h->runs[after]->id,
                                             [HSTEPS_BEFORE] = NUM(a),
                                             [HSTEPS_AFTER] = NUM(b),
                                             [HSTEPS_RATIO] = NUM(b / a),
                                             [HSTEPS_CHANGED] = changed};
            tsv_put_fields(sb, &hsteps_schema, row);
            const char *prow[] = {s->table, fmt_metric_name(s->unit), s->env, h->runs[after]->id,
                                  lv[0], lv[1], ratio, changed};
            doc_row_words(p, prow);
            free(changed);
        }
    }
}

static int write_verdicts(const machine_history *h, const judge_set *j, const char *dir, doc *p)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &hverdicts_schema);
    const char **hdr = xcalloc(h->nruns + 1, sizeof *hdr), **row = xcalloc(h->nruns + 1, sizeof *row);
    hdr[0] = "claim";
    for (size_t r = 0; r < h->nruns; r++)
        hdr[r + 1] = h->runs[r]->id;
    doc_block *tb = doc_table(p, h->nruns + 1);
    doc_header(tb, hdr);
    for (size_t fi = 0, g = 0; fi < j->claims.n; fi++)
        for (size_t ci = 0; ci < j->claims.files[fi].n; ci++, g++) {
            const claim *c = &j->claims.files[fi].claims[ci];
            int judged = 0;
            row[0] = c->id;
            for (size_t r = 0; r < h->nruns; r++) {
                row[r + 1] = g < h->nclaims && h->verdicts[r][g] ? h->verdicts[r][g] : "";
                judged |= strcmp(row[r + 1], "not measured") && strcmp(row[r + 1], "not reproducible");
                const char *trow[HVERDICTS_NCOLS] = {[HVERDICTS_MACHINE] = h->machine,
                                                     [HVERDICTS_RUN] = h->runs[r]->id,
                                                     [HVERDICTS_CLAIM] = c->id,
                                                     [HVERDICTS_VERDICT] = row[r + 1]};
                tsv_put_fields(&sb, &hverdicts_schema, trow);
            }
            if (judged && c->kind != CLAIM_CHECK)
                doc_row_words(tb, row);
        }
    free(hdr);
    free(row);
    return save(dir, "verdicts.tsv", &sb);
}

/* The charts of every series, drawn in one gnuplot run in a temp dir; figs[i] is series i's. */
static rep_figure *charts(const machine_history *h, const char *dir)
{
    rep_figure *figs = xcalloc(h->ns ? h->ns : 1, sizeof *figs);
    const char *base = getenv("TMPDIR");
    char *tmp = xasprintf("%s/repro-history-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        for (size_t i = 0; i < h->ns; i++) {
            figs[i] = (rep_figure){.kind = FIG_BARS};
            figs[i].failed = xasprintf("no temporary directory %s: %s", tmp, strerror(errno));
        }
        free(tmp);
        return figs;
    }
    strbuf script = {0}, *data = xcalloc(h->ns ? h->ns : 1, sizeof *data);
    const char **stems = xcalloc(h->ns ? h->ns : 1, sizeof *stems);
    size_t n = 0;
    for (size_t i = 0; i < h->ns; i++)
        if (history_chart(h, i, render_templates(), tmp, &script, &data[n], &figs[i]) == 0)
            stems[n++] = figs[i].stem;
    char why[256] = "";
    if (gnuplot_draw_all(tmp, stems, n, &script, data, dir, why, sizeof why) != 0) {
        log_error("the charts of machine %s not drawn: %s", h->machine, why);
        for (size_t i = 0; i < h->ns; i++)
            if (!figs[i].failed)
                figs[i].failed = xstrdup(why);
    }
    if (rmdir(tmp) != 0)
        log_warn("%s: %s", tmp, strerror(errno));
    for (size_t i = 0; i < h->ns; i++)
        sb_free(&data[i]);
    sb_free(&script);
    free(data);
    free(stems);
    free(tmp);
    return figs;
}

int history_write(const machine_history *h, const judge_set *j, const char *out)
{
    char *dir = xasprintf("%s/%s", out, h->machine);
    if (fs_mkdirs(dir) != 0) {
        log_error("%s: cannot create", dir);
        free(dir);
        return -1;
    }
    doc p = {0};
    char *title = xasprintf("History of machine %s", h->machine);
    doc_text(doc_heading(&p, 1, NULL), title);
    char *intro = xasprintf(
        "%zu runs, oldest first. A step is where a penalised piecewise-constant fit of the log "
        "medians (noise from successive differences, penalty 4 ln n per segment, segments of at "
        "least 3 runs) puts a boundary and the two segments' medians differ by more than 5%% "
        "(docs/results.md).",
        h->nruns);
    doc_text(doc_para(&p), intro);
    doc_text(doc_heading(&p, 2, NULL), "Steps");
    static const char *const shdr[] = {"table", "metric", "env", "from run", "before", "after",
                                       "after/before", "what changed there"};
    strbuf steps = {0};
    tsv_put_header(&steps, &hsteps_schema);
    doc_block *tb = doc_table(&p, 8);
    doc_header(tb, shdr);
    steps_rows(h, &steps, tb);
    doc_text(doc_heading(&p, 2, NULL), "Charts");
    rep_figure *figs = charts(h, dir);
    for (size_t i = 0; i < h->ns; i++)
        doc_figure(&p, &figs[i]);
    doc_text(doc_heading(&p, 2, NULL), "Verdicts per run");
    int rc = write_series(h, dir) | save(dir, "steps.tsv", &steps) | write_verdicts(h, j, dir, &p);
    rc |= render_page(&p, render_templates(), dir, "history");
    doc_free(&p);
    for (size_t i = 0; i < h->ns; i++)
        free(figs[i].failed);
    free(figs);
    free(title);
    free(intro);
    free(dir);
    return rc ? -1 : 0;
}
