/* model_out.c - writes the numeric part of the report model: summary.tsv (one row per cell)
 * and comparisons.tsv (one row per environment against its baseline). Formats in
 * docs/formats.md; numbers in shortest round-trip form so re-analysis gives the same bytes. */
#include "analyze.h"

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
    static const char *const hdr[] = {
        "table",      "unit",       "better",        "env",
        "bench",      "n",          "median",        "ci_lo",
        "ci_hi",      "ci_level",   "ci_coverage",   "mean",
        "sd",         "cv",         "min",           "max",
        "mean_ci_lo", "mean_ci_hi", "outliers_mild", "outliers_extreme",
        "warnings"};
    tsv_put_row(sb, sizeof hdr / sizeof *hdr, hdr);
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
        const char *row[] = {r->c->table,
                             r->c->unit,
                             r->c->better,
                             r->c->env,
                             r->c->bench,
                             n,
                             NUM(s->median),
                             NUM(s->ci_lo),
                             NUM(s->ci_hi),
                             NUM(s->conf),
                             NUM(s->ci_coverage),
                             NUM(s->mean),
                             NUM(s->sd),
                             NUM(s->cv),
                             NUM(s->min),
                             NUM(s->max),
                             NUM(s->mean_ci_lo),
                             NUM(s->mean_ci_hi),
                             mild,
                             extreme,
                             warn};
        tsv_put_row(sb, sizeof row / sizeof *row, row);
    }
}

static void comparison_rows(strbuf *sb, const analysis *a)
{
    static const char *const hdr[] = {"table",   "unit",           "env",      "baseline",
                                      "bench",   "baseline_bench", "n",        "n_baseline",
                                      "ratio",   "ratio_lo",       "ratio_hi", "median_ratio",
                                      "p",       "p_adj",          "adjust",   "test",
                                      "welch_p", "significant",    "warnings", "design",
                                      "pairs"};
    tsv_put_row(sb, sizeof hdr / sizeof *hdr, hdr);
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
        const char *row[] = {c->c->table,
                             c->c->unit,
                             c->c->env,
                             c->base->env,
                             c->c->bench,
                             c->base->bench,
                             n,
                             nbase,
                             NUM(c->ratio.ok ? c->ratio.ratio : NAN),
                             NUM(c->ratio.ok ? c->ratio.lo : NAN),
                             NUM(c->ratio.ok ? c->ratio.hi : NAN),
                             NUM(c->ratio.ok ? c->ratio.median_ratio : NAN),
                             NUM(c->mwu.p),
                             NUM(c->p_adj),
                             adjust,
                             c->mwu.exact ? "mann-whitney exact" : "mann-whitney normal",
                             NUM(c->welch.p),
                             sig ? "yes" : "no",
                             sb_str(&warn),
                             c->ratio.paired ? "paired" : "two-sample",
                             pairs};
        tsv_put_row(sb, sizeof row / sizeof *row, row);
        sb_free(&warn);
    }
    for (size_t i = 0; i < a->ngeo; i++) { /* summary rows: no test of their own */
        const geomean_row *g = &a->geo[i];
        char n[32];
        snprintf(n, sizeof n, "%zu", g->nratios);
        const char *warn = g->rows_differ ? "the benchmarks differ between the environment and "
                                            "the baseline"
                                          : "";
        const char *row[] = {
            g->c->table, g->c->unit, g->c->env, g->baseline, "geomean", "", n,  n,  NUM(g->geomean),
            "",          "",         "",        "",          "",        "", "", "", "",
            warn,        "",         ""};
        tsv_put_row(sb, sizeof row / sizeof *row, row);
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
