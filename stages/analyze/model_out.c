/* model_out.c - writes the numeric part of the report model: summary.tsv (one row per cell)
 * and comparisons.tsv (one row per environment against its baseline). Formats in
 * docs/formats.md; numbers in shortest round-trip form so re-analysis gives the same bytes. */
#include "analyze.h"

#include "schema_model.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_file(const char *dir, const char *name, strbuf *sb)
{
    char *path = xasprintf("%s/%s", dir, name);
    int rc = fs_save(path, sb->buf, sb->len);
    free(path);
    return rc;
}

static void summary_rows(strbuf *sb, const analysis *a)
{
    tsv_put_header(sb, &summary_schema);
    char bufs[24][64];
    size_t nb = 0;
    for (size_t i = 0; i < a->nrows; i++) {
        const summary_row *r = &a->rows[i];
        const stats_summary *s = &r->s;
        char n[32], mild[32], extreme[32];
        snprintf(n, sizeof n, "%zu", s->n);
        snprintf(mild, sizeof mild, "%zu", s->outliers_mild);
        snprintf(extreme, sizeof extreme, "%zu", s->outliers_extreme);
        const char *warn = !s->warn_unbounded_ci ? ""
                           : isinf(s->ci_lo) && isinf(s->ci_hi)
                               ? "the median's CI is unbounded at this level"
                               : "the median's CI is bounded on one side only at this level";
        const char *row[SUMMARY_NCOLS] = {[SUMMARY_TABLE] = r->c->table,
                                          [SUMMARY_UNIT] = r->c->unit,
                                          [SUMMARY_BETTER] = r->c->better,
                                          [SUMMARY_ENV] = r->c->env,
                                          [SUMMARY_BENCH] = r->c->bench,
                                          [SUMMARY_N] = n,
                                          [SUMMARY_MEDIAN] = NUM(s->median),
                                          [SUMMARY_CI_LO] = NUM(s->ci_lo),
                                          [SUMMARY_CI_HI] = NUM(s->ci_hi),
                                          [SUMMARY_CI_LEVEL] = NUM(s->conf),
                                          [SUMMARY_CI_COVERAGE] = NUM(s->ci_coverage),
                                          [SUMMARY_MEAN] = NUM(s->mean),
                                          [SUMMARY_SD] = NUM(s->sd),
                                          [SUMMARY_CV] = NUM(s->cv),
                                          [SUMMARY_MIN] = NUM(s->min),
                                          [SUMMARY_MAX] = NUM(s->max),
                                          [SUMMARY_MEAN_CI_LO] = NUM(s->mean_ci_lo),
                                          [SUMMARY_MEAN_CI_HI] = NUM(s->mean_ci_hi),
                                          [SUMMARY_OUTLIERS_MILD] = mild,
                                          [SUMMARY_OUTLIERS_EXTREME] = extreme,
                                          [SUMMARY_WARNINGS] = warn};
        tsv_put_fields(sb, &summary_schema, row);
    }
}

static void comparison_rows(strbuf *sb, const analysis *a)
{
    tsv_put_header(sb, &cmp_schema);
    char bufs[24][64];
    size_t nb = 0;
    const char *adjust = a->adjust == ADJUST_BH ? "benjamini-hochberg" : "holm";
    for (size_t i = 0; i < a->ncmp; i++) {
        const comparison *c = &a->cmp[i];
        char n[32], nbase[32], pairs[32] = "";
        snprintf(n, sizeof n, "%zu", c->c->n);
        if (c->ratio.paired)
            snprintf(pairs, sizeof pairs, "%zu", c->ratio.pairs);
        snprintf(nbase, sizeof nbase, "%zu", c->base->n);
        strbuf warn = {0};
        if (c->zero_over_zero)
            sb_puts(&warn, "all values 0 on both sides: ratio counted as 1; ");
        else if (!c->ratio.ok)
            sb_puts(&warn, "the baseline's median is 0: no ratio; ");
        else if (!c->ratio.log_scale)
            sb_puts(&warn, "a value <= 0: the ratio is the shift over the baseline's median; ");
        if (c->mwu.all_equal)
            sb_puts(&warn, "all values equal: p = 1; ");
        if (c->mwu.warn_no_significance)
            sb_printf(&warn,
                      "no p below 0.05 is possible with these sizes and ties (the least "
                      "is %.3g); ",
                      c->mwu.min_p);
        if (warn.len >= 2)
            warn.buf[warn.len -= 2] = '\0';
        int sig = c->p_adj < a->alpha;
        const char *row[CMP_NCOLS] = {
            [CMP_TABLE] = c->c->table,
            [CMP_UNIT] = c->c->unit,
            [CMP_ENV] = c->c->env,
            [CMP_BASELINE] = c->base->env,
            [CMP_BENCH] = c->c->bench,
            [CMP_BASELINE_BENCH] = c->base->bench,
            [CMP_N] = n,
            [CMP_N_BASELINE] = nbase,
            [CMP_RATIO] = NUM(c->ratio.ok ? c->ratio.ratio : NAN),
            [CMP_RATIO_LO] = NUM(c->ratio.ok ? c->ratio.lo : NAN),
            [CMP_RATIO_HI] = NUM(c->ratio.ok ? c->ratio.hi : NAN),
            [CMP_MEDIAN_RATIO] = NUM(c->ratio.ok ? c->ratio.median_ratio : NAN),
            [CMP_P] = NUM(c->mwu.p),
            [CMP_P_ADJ] = NUM(c->p_adj),
            [CMP_ADJUST] = adjust,
            [CMP_TEST] = c->mwu.exact ? "mann-whitney exact" : "mann-whitney normal",
            [CMP_WELCH_P] = NUM(c->welch.p),
            [CMP_SIGNIFICANT] = sig ? "yes" : "no",
            [CMP_WARNINGS] = sb_str(&warn),
            [CMP_DESIGN] = c->ratio.paired ? "paired" : "two-sample",
            [CMP_PAIRS] = pairs};
        tsv_put_fields(sb, &cmp_schema, row);
        sb_free(&warn);
    }
    for (size_t i = 0; i < a->ngeo; i++) { /* summary rows: no test of their own */
        const geomean_row *g = &a->geo[i];
        char n[32];
        snprintf(n, sizeof n, "%zu", g->nratios);
        const char *warn = g->rows_differ ? "the benchmarks differ between the environment and "
                                            "the baseline"
                                          : "";
        const char *row[CMP_NCOLS];
        for (size_t k = 0; k < CMP_NCOLS; k++)
            row[k] = ""; /* no test, no interval, no design of its own */
        row[CMP_TABLE] = g->c->table;
        row[CMP_UNIT] = g->c->unit;
        row[CMP_ENV] = g->c->env;
        row[CMP_BASELINE] = g->baseline;
        row[CMP_BENCH] = "geomean";
        row[CMP_N] = row[CMP_N_BASELINE] = n;
        row[CMP_RATIO] = NUM(g->geomean);
        row[CMP_WARNINGS] = warn;
        tsv_put_fields(sb, &cmp_schema, row);
    }
}

int model_write(const char *dir, const analysis *a)
{
    strbuf sb = {0};
    summary_rows(&sb, a);
    int rc = write_file(dir, "summary.tsv", &sb);
    sb_reset(&sb);
    comparison_rows(&sb, a);
    rc |= write_file(dir, "comparisons.tsv", &sb);
    sb_free(&sb);
    return rc;
}
