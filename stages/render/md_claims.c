/* md_claims.c - the verdicts in Markdown: per table its article claims and, apart from them, its
 * harness checks (what our own set-up forces is no finding of the article's); and the "how to
 * read" section, written from the decision table (verdict.h) and the settings the run was
 * analysed with, so the report never states a level or a method it did not use. */
#include "md.h"

#include "format.h"
#include "verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int is_check(const tsv_table *c, size_t r)
{
    return !strcmp(tsv_get(c, r, "kind"), "check");
}

static void measured_cell(const tsv_table *c, size_t r, char *buf, size_t len)
{
    const char *kind = tsv_get(c, r, "kind"), *metric = tsv_get(c, r, "metric");
    double v = model_num(c, r, "measured"), lo = model_num(c, r, "lo"), hi = model_num(c, r, "hi");
    double level = model_num(c, r, "level");
    char at[32] = "";
    if (!strcmp(kind, "ratio") || !strcmp(kind, "order") || !strcmp(kind, "spread"))
        fmt_ratio_ci(v, lo, hi, buf, len);
    else if (!strcmp(kind, "count") || !strcmp(kind, "check"))
        snprintf(buf, len, isnan(v) ? "–" : "%g (range %g to %g)", v, lo, hi);
    else
        fmt_value_ci(metric, v, lo, hi, buf, len);
    if (!isnan(level) && !isnan(v) && strcmp(kind, "count") && strcmp(kind, "check"))
        snprintf(at, sizeof at, " at %.4g%%", level * 100);
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s", at);
}

void md_claims_table(const report_model *m, const char *table, strbuf *sb)
{
    const tsv_table *c = &m->claims;
    size_t n = 0;
    for (size_t r = 0; r < c->nrows; r++)
        n += !strcmp(tsv_get(c, r, "table"), table) && !is_check(c, r);
    if (!n) {
        sb_puts(sb, "No claim of this table is in data/claims/ yet.\n");
        return;
    }
    static const char *const cols[] = {
        "Claim",      "Article says", "Env", "Measured [interval]", "n", "Measured / claimed",
        "Adjusted p", "Verdict",      "Why"};
    md_header(sb, 9, cols);
    for (size_t r = 0; r < c->nrows; r++) {
        if (strcmp(tsv_get(c, r, "table"), table) != 0 || is_check(c, r))
            continue;
        char measured[200], factor[64], p[32], env[640], nn[64];
        double f = model_num(c, r, "factor");
        measured_cell(c, r, measured, sizeof measured);
        snprintf(factor, sizeof factor, isnan(f) ? "–" : "%.3gx", f);
        const char *note = tsv_get(c, r, "env_note"), *nb = tsv_get(c, r, "n_baseline");
        snprintf(env, sizeof env, "%s%s%s%s", tsv_get(c, r, "env"), *note ? " (" : "", note,
                 *note ? ")" : "");
        snprintf(nn, sizeof nn, "%s%s%s", tsv_get(c, r, "n"), strcmp(nb, "0") && *nb ? " + " : "",
                 strcmp(nb, "0") && *nb ? nb : "");
        sb_puts(sb, "|");
        md_cell(sb, tsv_get(c, r, "text"));
        md_cell(sb, tsv_get(c, r, "claimed_text"));
        md_cell(sb, env);
        md_cell(sb, measured);
        md_cell(sb, nn);
        md_cell(sb, factor);
        md_cell(sb, fmt_p(model_num(c, r, "p_adj"), p, sizeof p));
        sb_puts(sb, " **");
        esc_md_cell(sb, tsv_get(c, r, "verdict"));
        sb_puts(sb, "** |");
        md_cell(sb, tsv_get(c, r, "detail"));
        sb_puts(sb, "\n");
    }
}

void md_checks_list(const report_model *m, const char *table, strbuf *sb)
{
    const tsv_table *c = &m->claims;
    size_t n = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        if (strcmp(tsv_get(c, r, "table"), table) != 0 || !is_check(c, r))
            continue;
        if (!n++)
            sb_puts(sb, "Harness checks (our own set-up, not the article's findings):\n\n");
        sb_puts(sb, "- ");
        esc_md_cell(sb, tsv_get(c, r, "verdict"));
        sb_puts(sb, " — ");
        esc_md_cell(sb, tsv_get(c, r, "text"));
        sb_puts(sb, " (");
        esc_md_cell(sb, tsv_get(c, r, "env"));
        sb_puts(sb, ": ");
        esc_md_cell(sb, *tsv_get(c, r, "detail") ? tsv_get(c, r, "detail") : "no detail");
        sb_puts(sb, ")\n");
    }
}

void md_how_to_read(const report_model *m, strbuf *sb)
{
    char level[32];
    model_level(m, level, sizeof level);
    const char *method = model_adjust_name(m);
    int bh = !strcmp(model_run(m, "analysis_adjust"), "bh");
    sb_printf(sb,
              "Every measured value is the **median** of the samples of one environment, with its "
              "**%s confidence interval** from the binomial order statistics of the sample "
              "(docs/median-ci.md); where too few samples bound no interval the report says so. "
              "Environments are compared with the baseline by the **Hodges–Lehmann ratio** (the "
              "median of every pairwise ratio, env / baseline) with its %s interval from the "
              "same pairs, and a two-sided **Mann–Whitney U** test; in the comparisons tables the "
              "p-values are adjusted over the run's comparisons by **%s** and called significant "
              "below α = %s.\n\n",
              level, level, method, model_run(m, "analysis_alpha"));
    sb_printf(sb,
              "The claims of one article table are one family. Each claim's interval is taken at "
              "the family's simultaneous level — %s — shown beside it, and its p-value is "
              "adjusted within the family by %s; other tables do not change it. A verdict "
              "follows from that interval alone, by one decision table (docs/verdicts.md); a "
              "p-value never decides:\n\n",
              bh ? "the false-coverage-rate level 1 − R(1 − c)/m, c the confidence level, for m "
                   "judgments of which R are discoveries"
                 : "Bonferroni's 1 − (1 − c)/m, c the confidence level, for its m interval "
                   "judgments",
              method);
    static const char *const cols[] = {"Verdict", "When"};
    md_header(sb, 2, cols);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        sb_puts(sb, "| **");
        esc_md_cell(sb, verdict_word((verdict_kind)v));
        sb_puts(sb, "** |");
        md_cell(sb, verdict_meaning((verdict_kind)v));
        sb_puts(sb, "\n");
    }
}
