/* report_doc_claims.c - the verdicts in the document: per table its article claims (each row
 * an anchor the summary links to) and, apart from them, its harness checks (what our own set-up
 * forces is no finding of the article's); and the "how to read" section, written from the
 * decision table (verdict.h) and the settings the run was analysed with, so the report never
 * states a level or a method it did not use. */
#include "report_doc.h"

#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void report_claim_measured(const rep_claim *c, char *buf, size_t len)
{
    double v = c->measured;
    char at[32] = "";
    if (c->kind == CLAIM_RATIO || c->kind == CLAIM_ORDER || c->kind == CLAIM_SPREAD)
        fmt_ratio_ci(v, c->lo, c->hi, buf, len);
    else if (c->kind == CLAIM_COUNT || c->kind == CLAIM_CHECK)
        snprintf(buf, len, isnan(v) ? "–" : "%g (range %g to %g)", v, c->lo, c->hi);
    else
        fmt_value_ci(c->metric, v, c->lo, c->hi, c->level, buf, len);
    if (!isnan(c->level) && !isnan(v) && c->kind != CLAIM_COUNT && c->kind != CLAIM_CHECK)
        snprintf(at, sizeof at, " at %.4g%%", c->level * 100);
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s", at);
}

void report_claim_n(const rep_claim *c, int sentence, char *buf, size_t len)
{
    if (c->pairs > 0)
        snprintf(buf, len, sentence ? "paired over %ld rounds" : "%ld rounds, paired", c->pairs);
    else if (c->n_base || sentence)
        snprintf(buf, len, "%s%ld + %ld", sentence ? "n = " : "", c->n, c->n_base);
    else
        snprintf(buf, len, "%ld", c->n);
}

void report_doc_claims(const report *r, const rep_table *t, doc *d)
{
    if (!t->nclaims) {
        doc_text(doc_para(d), "The model holds no claim of this table (claims.tsv has none).");
        return;
    }
    static const char *const cols[] = {
        "Claim",      "Article says", "Env", "Measured [interval]", "n", "Measured / claimed",
        "Adjusted p", "Verdict",      "Why"};
    doc_block *tb = doc_table(d, 9);
    doc_header(tb, cols);
    for (size_t j = 0; j < t->nclaims; j++) {
        const rep_claim *c = &r->claims[t->claims[j]];
        char measured[200], factor[64], p[32], nn[96];
        report_claim_measured(c, measured, sizeof measured);
        snprintf(factor, sizeof factor, isnan(c->factor) ? "–" : "%.3gx", c->factor);
        report_claim_n(c, 0, nn, sizeof nn);
        int at = (int)strlen(nn);
        if (*c->precision) { /* sampled to a target: the width reached, how sampling ended */
            char width[32] = "unbounded";
            if (isfinite(c->half_width))
                snprintf(width, sizeof width, "±%.2f%%", c->half_width * 100);
            snprintf(nn + at, sizeof nn - (size_t)at, "; %s: %.*s", width,
                     (int)strcspn(c->precision, ":"), c->precision);
        }
        doc_row_add(tb, c->anchor, NULL);
        doc_text(doc_cell(tb, 0), c->text);
        doc_text(doc_cell(tb, 1), c->claimed_text);
        doc_inline *env = doc_cell(tb, 2);
        doc_text(env, c->env);
        if (*c->env_note)
            doc_textf(env, " (%s)", c->env_note);
        doc_text(doc_cell(tb, 3), measured);
        doc_text(doc_cell(tb, 4), nn);
        doc_text(doc_cell(tb, 5), factor);
        doc_text(doc_cell(tb, 6), fmt_p(c->p_adj, p, sizeof p));
        doc_verdict(doc_cell(tb, 7), c->verdict);
        doc_text(doc_cell(tb, 8), c->detail);
    }
}

void report_doc_checks(const report *r, const rep_table *t, doc *d)
{
    if (!t->nchecks)
        return;
    doc_text(doc_para(d), "Harness checks (our own set-up, not the article's findings):");
    doc_block *list = doc_list(d);
    for (size_t j = 0; j < t->nchecks; j++) {
        const rep_claim *c = &r->claims[t->checks[j]];
        doc_inline *in = doc_item(list);
        doc_verdict(in, c->verdict);
        const char *why = *c->detail ? c->detail : "no detail";
        if (*c->env)
            doc_textf(in, " — %s (%s: %s)", c->text, c->env, why);
        else /* not measured: the detail names every environment tried */
            doc_textf(in, " — %s (%s)", c->text, why);
    }
}

void report_doc_how_to_read(const report *r, doc *d)
{
    const rep_settings *s = &r->set;
    doc_inline *in = doc_para(d);
    doc_text(in, "Every measured value is the ");
    doc_strong(in, "median");
    doc_text(in, " of the samples of one environment, with its ");
    char ci[64];
    snprintf(ci, sizeof ci, "%s confidence interval", s->level);
    doc_strong(in, ci);
    doc_text(in, " from the binomial order statistics of the sample (docs/median-ci.md); where "
                 "too few samples bound no interval the report says so. Environments are "
                 "compared with the baseline by the ");
    doc_strong(in, "Hodges–Lehmann ratio");
    doc_textf(in,
              " (the median of every pairwise ratio, env / baseline) with its %s interval "
              "from the same pairs, and a two-sided ",
              s->level);
    doc_strong(in, "Mann–Whitney U");
    doc_text(in, " test; in the comparisons tables the p-values are adjusted over the run's "
                 "comparisons by ");
    doc_strong(in, s->adjust_name);
    doc_textf(in,
              " and called significant below α = %s. Where two environments ran in the same "
              "rounds (this run's tables run in rounds, one sample of every cell each, in an "
              "order drawn afresh per round) the ratio and its interval are paired by round "
              "instead: the Hodges–Lehmann estimate of the rounds' log ratios with its "
              "Wilcoxon signed-rank interval, so a disturbance that slows a whole round "
              "cancels. Such a claim reads \"paired over k rounds\", the rounds both ran "
              "(claims.tsv `pairs`); a comparisons table's n = a + b still counts each side's "
              "samples (comparisons.tsv `design`, `pairs`; docs/verdicts.md, \"Blocked "
              "rounds\").",
              s->alpha_text);
    size_t tested = 0; /* the comparisons the adjustment runs over */
    for (size_t t = 0; t < r->ntables; t++)
        for (size_t i = 0; i < r->tables[t].ncmps; i++)
            tested += isfinite(r->tables[t].cmps[i].p) && !r->tables[t].cmps[i].geomean;
    doc_textf(in,
              " A paired interval needs enough rounds to be bounded at its level (6 at 95%%, 7 "
              "at 97.5%%, 8 at 99%%); a claim judged at its family's level on fewer takes the two "
              "samples' interval instead, which can differ from its comparisons row at %s. "
              "With few samples no p-value is small: at 6 + 6 the smallest Mann–Whitney p is "
              "0.0022, and %s over this run's %zu tested comparisons can raise it up to %zu "
              "times, so such a comparison is never called significant however large its "
              "ratio: read its interval, not that column.",
              s->level, s->adjust_name, tested, tested);
    const char *runs = report_run(r, "bench_runs");
    if (*runs) /* runs of before it took one result a sample */
        doc_textf(in,
                  " Table 1's time per op is each sample's fastest of its %s one-op runs, and "
                  "“time/op, median run” the median one's (docs/verdicts.md, \"Table 1's "
                  "time sample\").",
                  runs);
    doc_text(in, " The forest plot of each table draws those ratios on a log axis with the "
                 "article's claimed ratio marked; an environment whose CPU was emulated is kept "
                 "off its axis.");
    in = doc_para(d);
    doc_textf(in,
              "The claims of one claims file are one family: an article table's, or the causal "
              "claims the ablation arms judge on a table, which are a file of their own (T1.why). "
              "Each claim's interval is taken "
              "at the family's simultaneous level — %s — shown beside it, and its p-value is "
              "adjusted within the family by %s; other tables do not change it. A verdict "
              "follows from that interval alone, by one decision table (docs/verdicts.md); a "
              "p-value never decides:",
              s->adjust == REP_ADJUST_BH
                  ? "the false-coverage-rate level 1 − R(1 − c)/m, c the confidence level, for "
                    "m judgments of which R are discoveries"
                  : "Bonferroni's 1 − (1 − c)/m, c the confidence level, for its m interval "
                    "judgments",
              s->adjust_name);
    static const char *const cols[] = {"Verdict", "When"};
    doc_block *tb = doc_table(d, 2);
    doc_header(tb, cols);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        doc_row_add(tb, NULL, NULL);
        doc_verdict(doc_cell(tb, 0), (verdict_kind)v);
        doc_text(doc_cell(tb, 1), verdict_meaning((verdict_kind)v));
    }
}
