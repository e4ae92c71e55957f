/* out.c - what compare writes: compare.tsv (one row per metric), claims.tsv (one row per claim:
 * its verdict in A and in B) and compare.md / compare.html / compare.xlsx (the same, for
 * people). Formats:
 * docs/formats.md. */
#include "compare/out.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "render/format.h"
#include "render/page.h"
#include "schema_results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double median_of(const cell *c)
{
    stats_summary s;
    return stats_summarize(c->x, c->n, 0.95, &s) == 0 ? s.median : NAN;
}


static int write_metrics(const char *dir, const run_diff *d)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &cmprun_schema);
    for (size_t i = 0; i < d->n; i++) {
        const metric_change *m = &d->m[i];
        char bufs[24][64];
        size_t nb = 0;
        char na[32], nbb[32], fam[32];
        snprintf(na, sizeof na, "%zu", m->a->n);
        snprintf(nbb, sizeof nbb, "%zu", m->b->n);
        snprintf(fam, sizeof fam, "%zu", m->family);
        const stats_ratio *r = &m->row.ratio;
        const char *row[CMPRUN_NCOLS] = {
            [CMPRUN_TABLE] = m->a->table,
            [CMPRUN_UNIT] = m->a->unit,
            [CMPRUN_BETTER] = m->a->better,
            [CMPRUN_ENV] = m->a->env,
            [CMPRUN_BENCH] = m->a->bench,
            [CMPRUN_N_A] = na,
            [CMPRUN_N_B] = nbb,
            [CMPRUN_MEDIAN_A] = NUM(median_of(m->a)),
            [CMPRUN_MEDIAN_B] = NUM(median_of(m->b)),
            [CMPRUN_RATIO] = NUM(r->ratio),
            [CMPRUN_RATIO_LO] = NUM(r->lo),
            [CMPRUN_RATIO_HI] = NUM(r->hi),
            [CMPRUN_LEVEL] = NUM(m->level),
            [CMPRUN_FAMILY] = fam,
            [CMPRUN_P] = NUM(m->row.mwu.p),
            [CMPRUN_P_ADJ] = NUM(m->row.p_adj),
            [CMPRUN_CHANGE] = change_word(m->row.change),
            [CMPRUN_NOTE] = m->row.identical ? "identical samples"
                            : !r->ok ? "no ratio: a median of 0 against values that are not all 0"
                                     : ""};
        tsv_put_fields(&sb, &cmprun_schema, row);
    }
    char *path = xasprintf("%s/compare.tsv", dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}

static int write_claims(const char *dir, const claim_move *mv, size_t n)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &cmpclaim_schema);
    for (size_t i = 0; i < n; i++) {
        const char *row[CMPCLAIM_NCOLS] = {[CMPCLAIM_ID] = mv[i].id,
                                           [CMPCLAIM_TABLE] = mv[i].table,
                                           [CMPCLAIM_VERDICT_A] = mv[i].verdict_a,
                                           [CMPCLAIM_VERDICT_B] = mv[i].verdict_b,
                                           [CMPCLAIM_MOVED] = mv[i].moved ? "yes" : "no",
                                           [CMPCLAIM_TEXT] = mv[i].text};
        tsv_put_fields(&sb, &cmpclaim_schema, row);
    }
    char *path = xasprintf("%s/claims.tsv", dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}

static void metrics_section(doc *p, const run_diff *d)
{
    static const char *const hdr[] = {"table", "env", "metric", "bench", "A", "B",
                                      "B/A [CI]", "level", "p (Holm)", "change"};
    const char *table = NULL;
    doc_block *tb = NULL;
    for (size_t i = 0; i < d->n; i++) {
        const metric_change *m = &d->m[i];
        if (!table || strcmp(table, m->a->table)) {
            table = m->a->table;
            tb = doc_table(p, 10);
            doc_header(tb, hdr);
        }
        char va[64], vb[64], ratio[96], level[32], pv[32];
        const stats_ratio *r = &m->row.ratio;
        fmt_value(m->a->unit, median_of(m->a), va, sizeof va);
        fmt_value(m->a->unit, median_of(m->b), vb, sizeof vb);
        fmt_ratio_ci(r->ratio, r->lo, r->hi, ratio, sizeof ratio);
        snprintf(level, sizeof level, "%.4g%%", 100 * m->level);
        fmt_p(m->row.p_adj, pv, sizeof pv);
        const char *row[] = {m->a->table, m->a->env, fmt_metric_name(m->a->unit), m->a->bench,
                             va, vb, ratio, level, pv, change_word(m->row.change)};
        doc_row_words(tb, row);
    }
}

int compare_write(const char *dir, const compare_input *in, const run_diff *d,
                  const claim_move *mv, size_t nmv)
{
    if (fs_mkdirs(dir) != 0) {
        log_error("%s: cannot create", dir);
        return -1;
    }
    doc p = {0};
    char *title = xasprintf("Compare %s with %s", in->name_a, in->name_b);
    doc_text(doc_heading(&p, 1, NULL), title);
    char *intro = xasprintf(
        "A = %s (%s, kernel %s), B = %s (%s, kernel %s). For every metric both runs measured: the "
        "ratio B/A (Hodges-Lehmann, with its interval at the table's family level) and a change "
        "verdict: no change when the interval lies inside 1 +/- %g%%, faster or slower when it "
        "lies wholly beyond that band (faster = better on the metric's better= side), else "
        "inconclusive (docs/results.md).",
        in->name_a, in->label_a, in->kernel_a, in->name_b, in->label_b, in->kernel_b,
        100 * in->margin);
    doc_text(doc_para(&p), intro);
    int same = !strcmp(in->posture_a, in->posture_b); /* regime_posture_group's phrase */
    doc_textf(doc_para(&p), "Posture: A %s; B %s. %s", in->posture_a, in->posture_b,
              same ? "The same posture group: the seccomp-forced SSBD regime does not separate them."
                   : "Different posture groups: a difference between them may be the regime's "
                     "(docs/mechanisms.md, \"Regimes\").");
    doc_text(doc_heading(&p, 2, NULL), "Metrics");
    metrics_section(&p, d);
    doc_text(doc_heading(&p, 2, NULL), "Claims: verdict in A and in B");
    static const char *const hdr[] = {"claim", "A", "B", "moved", "text"};
    doc_block *tb = doc_table(&p, 5);
    doc_header(tb, hdr);
    for (size_t i = 0; i < nmv; i++) {
        if (!mv[i].moved && (!strcmp(mv[i].verdict_a, "not measured") ||
                             !strcmp(mv[i].verdict_a, "not reproducible")))
            continue; /* claims.tsv has every claim; the page the ones either run judged */
        const char *row[] = {mv[i].id, mv[i].verdict_a, mv[i].verdict_b,
                             mv[i].moved ? "moved" : "", mv[i].text};
        doc_row_words(tb, row);
    }
    int rc = write_metrics(dir, d) | write_claims(dir, mv, nmv) |
             render_page(&p, render_templates(), dir, "compare");
    doc_free(&p);
    free(title);
    free(intro);
    return rc ? -1 : 0;
}
