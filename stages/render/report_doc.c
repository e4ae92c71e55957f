/* report_doc.c - the report document from templates/report.tmpl: the answer first (the
 * headline claim, this machine's answer with its numbers, the verdict tally and every claim),
 * the run's problems, the settings it was analysed with, then the machine, the environments,
 * every article table (report_doc_table.c) and what each environment looked like inside.
 * Placeholders: {{answer}}, {{problems}}, {{settings}}, {{how-to-read}}, {{machine}},
 * {{envs}}, {{tables}}, {{meta}}, and inside text {{run KEY}}, {{level}}, {{adjust}}. */
#include "report_doc.h"
#include "report_doc_budget.h"
#include "report_doc_regime.h"
#include "report_doc_why.h"

#include "format.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "[-1.4%, +5.4%]" of a ratio's interval [0.986, 1.054], or what an unbounded one lacks. */
static void pct_ci(double lo, double hi, char *buf, size_t len)
{
    if (lo > 0 && isfinite(hi))
        snprintf(buf, len, "[%+.1f%%, %+.1f%%]", (lo - 1) * 100, (hi - 1) * 100);
    else
        snprintf(buf, len, "[interval unbounded: too few samples]");
}

/* A bounded ratio interval that holds 1: no difference can be told, only the bound it rules
 * out (verdict.h words it, for analyze's details too). */
static int holds_one(const rep_claim *c)
{
    return c->lo > 0 && isfinite(c->hi) && c->lo <= 1 && 1 <= c->hi;
}

void report_answer(const report *r, const rep_claim *c, doc_inline *in)
{
    char n[64];
    report_claim_n(c, 1, n, sizeof n);
    const rep_table *t = &r->tables[c->table];
    const char *base =
        *c->baseline_bench && !strcmp(c->baseline, c->env) ? c->baseline_bench : c->baseline;
    char level[32];
    if (isfinite(c->level)) /* the family's level, stated where it is used */
        snprintf(level, sizeof level, "%.4g%%", c->level * 100);
    else
        snprintf(level, sizeof level, "%s", r->set.level);
    if (!isfinite(c->measured)) {
        doc_textf(in, "not measured here: %s. ", c->detail);
    } else if (!(c->lo > 0 && isfinite(c->hi))) { /* a point estimate alone says no direction */
        doc_textf(in,
                  "%s against %s: too few samples to bound the interval, so no difference can "
                  "be told yet (%s, Hodges–Lehmann ratio %.3gx, interval unbounded at %s, "
                  "%s): ",
                  c->env, base, fmt_metric_name(c->metric), c->measured, level, n);
    } else if (holds_one(c)) {
        char words[256];
        verdict_no_difference_words(c->measured, c->lo, c->hi,
                                    c->claimed > 1   ? 1
                                    : c->claimed < 1 ? -1
                                                     : 0,
                                    c->metric, words, sizeof words);
        doc_textf(in, "%s against %s: %s (%s, Hodges–Lehmann ratio at %s, %s): ", c->env, base,
                  words, fmt_metric_name(c->metric), level, n);
    } else {
        int time = report_is_time(c->metric);
        const char *more = time ? "slower" : "higher", *less = time ? "faster" : "lower";
        char ci[64], ratio[96];
        pct_ci(c->lo, c->hi, ci, sizeof ci);
        fmt_ratio_ci(c->measured, c->lo, c->hi, ratio, sizeof ratio);
        doc_textf(in,
                  "%s is %.1f%% %s than %s %s (%s, Hodges–Lehmann ratio %s at %s, %s): ", c->env,
                  fabs(c->measured - 1) * 100, c->measured >= 1 ? more : less, base, ci,
                  fmt_metric_name(c->metric), ratio, level, n);
    }
    doc_textf(in, "the article's “%s” is ", c->claimed_text);
    doc_verdict(in, c->verdict);
    doc_textf(in, " (%s).", t->id);
}

/* "Harness checks: 16: 13 passed, 3 not measured": "not passed" would call a check that had
 * nothing to read a failure. */
static void checks_tally(const report *r, doc_inline *in)
{
    size_t by[VERDICT_COUNT] = {0}, checks = 0;
    for (size_t i = 0; i < r->nclaims; i++)
        if (r->claims[i].kind == CLAIM_CHECK)
            checks++, by[r->claims[i].verdict]++;
    doc_textf(in, ". Harness checks: %zu", checks);
    const char *sep = ": ";
    if (by[VERDICT_PASS])
        doc_textf(in, "%s%zu passed", sep, by[VERDICT_PASS]), sep = ", ";
    if (by[VERDICT_FAIL])
        doc_textf(in, "%s%zu failed", sep, by[VERDICT_FAIL]), sep = ", ";
    for (int v = 0; v < VERDICT_COUNT; v++)
        if (by[v] && v != VERDICT_PASS && v != VERDICT_FAIL)
            doc_textf(in, "%s%zu %s", sep, by[v], verdict_word((verdict_kind)v)), sep = ", ";
    doc_text(in, ".");
}

void report_tally_split(const report *r, verdict_kind v, size_t by[EFFECT_LARGER + 1])
{
    memset(by, 0, (EFFECT_LARGER + 1) * sizeof *by);
    for (size_t i = 0; i < r->nclaims; i++) /* older models: effect unsaid */
        if (r->claims[i].kind != CLAIM_CHECK && r->claims[i].verdict == v)
            by[v == VERDICT_REFUTED ? r->claims[i].effect : EFFECT_UNSAID]++;
    by[EFFECT_SMALLER] += by[EFFECT_LARGER];
    by[EFFECT_LARGER] = 0;
}

void report_tally_sentence(const report *r, doc_inline *in)
{
    size_t n = 0;
    for (int v = 0; v < VERDICT_COUNT; v++)
        n += r->tally[v];
    doc_strong(in, "Verdicts");
    doc_textf(in, " of the article's %zu claims: ", n);
    int first = 1;
    for (int v = 0; v < VERDICT_COUNT; v++) {
        size_t by_effect[EFFECT_LARGER + 1];
        report_tally_split(r, (verdict_kind)v, by_effect);
        for (int e = EFFECT_UNSAID; e <= EFFECT_SMALLER; e++) {
            if (!by_effect[e])
                continue;
            doc_textf(in, "%s%zu ", first ? "" : ", ", by_effect[e]);
            doc_verdict(in, (verdict_kind)v);
            doc_text(in, verdict_effect_tally((verdict_effect)e));
            first = 0;
        }
    }
    checks_tally(r, in);
}

static void tally(const report *r, doc *d)
{
    report_tally_sentence(r, doc_para(d));
}

/* Every article claim: claim, claimed, measured [CI], verdict, link to its section. */
static void claims_summary(const report *r, doc *d)
{
    static const char *const cols[] = {"Claim", "Table", "Article says", "Measured [interval]",
                                       "Verdict"};
    doc_block *tb = doc_table(d, 5);
    doc_header(tb, cols);
    for (size_t i = 0; i < r->nclaims; i++) {
        const rep_claim *c = &r->claims[i];
        if (c->kind == CLAIM_CHECK)
            continue;
        char measured[200];
        report_claim_measured(c, measured, sizeof measured);
        doc_row_add(tb, NULL, NULL);
        doc_link(doc_cell(tb, 0), c->text, c->anchor);
        doc_link(doc_cell(tb, 1), r->tables[c->table].id, r->tables[c->table].claims_anchor);
        doc_text(doc_cell(tb, 2), c->claimed_text);
        doc_text(doc_cell(tb, 3), measured);
        doc_verdict(doc_cell(tb, 4), c->verdict);
    }
}

/* The A/A control: the check on the headline's table and metric against the headline's
 * baseline (the baseline measured again as a second arm), found by what it compares, never by
 * an environment's name. */
const rep_claim *report_aa_claim(const report *r)
{
    if (r->headline < 0)
        return NULL;
    const rep_claim *h = &r->claims[r->headline];
    for (size_t i = 0; i < r->nclaims; i++) {
        const rep_claim *c = &r->claims[i];
        if (c->kind == CLAIM_CHECK && c->table == h->table && !strcmp(c->metric, h->metric) &&
            (!*c->baseline || !*h->baseline || !strcmp(c->baseline, h->baseline)) &&
            strcmp(c->env, h->env) && strcmp(c->env, h->baseline) && !isnan(c->measured))
            return c;
    }
    return NULL;
}

void report_aa_sentence(const report *r, const rep_claim *c, doc_inline *in)
{
    /* its own baseline (older models: none, then the headline's, as report_aa_claim found it) */
    const char *base = *c->baseline ? c->baseline : r->claims[r->headline].baseline;
    int unbounded = !(c->lo > 0 && isfinite(c->hi)), bad = !unbounded && c->verdict != VERDICT_PASS;
    doc_strong(in, bad ? "Unreliable run" : "The noise floor");
    if (unbounded) {
        doc_textf(in,
                  ": the A/A control, the baseline measured twice (%s / %s), is %.4g with "
                  "its interval unbounded at %.4g%%: too few samples to tell the noise floor.",
                  c->env, base, c->measured, c->level * 100);
        return;
    }
    char width[64] = ""; /* whether its interval is as narrow as the target asks */
    if (*c->precision && isfinite(c->half_width))
        snprintf(width, sizeof width, ", ±%.2f%% (target ±%g%%)", c->half_width * 100,
                 c->target * 100);
    char rounds[64] = ""; /* the A/A arm takes the headline's rounds: say how many */
    if (c->pairs > 0) {
        rounds[0] = ',', rounds[1] = ' ';
        report_claim_n(c, 1, rounds + 2, sizeof rounds - 2);
    }
    /* an interval that holds 1 is no detectable difference, its numbers the evidence */
    const char *said = !bad && holds_one(c) ? ": no detectable difference," : ", is";
    doc_textf(in, ": the baseline measured twice (%s / %s)%s %.4g [%.4g, %.4g] at %.4g%%%s%s%s",
              c->env, base, said, c->measured, c->lo, c->hi, c->level * 100, rounds, width,
              bad ? ": it excludes 1, so differences of this size are not to be trusted." : ".");
}

void report_precision_sentence(const rep_claim *c, doc_inline *in)
{
    if (!*c->precision)
        return;
    if (isfinite(c->half_width))
        doc_textf(in, "Its interval's half-width: ±%.2f%% (target ±%.2f%%): %s.",
                  c->half_width * 100, c->target * 100, c->precision);
    else
        doc_textf(in, "Its interval is unbounded (target ±%.2f%%): %s.", c->target * 100,
                  c->precision);
}

/* The headline claim judged again on each sample's median run (T1: `typical-` + its metric,
 * docs/verdicts.md "Table 1's time sample"), where the claims have one; NULL otherwise. */
static const rep_claim *typical_claim(const report *r, const rep_claim *h)
{
    char metric[128];
    snprintf(metric, sizeof metric, "typical-%s", h->metric);
    for (size_t i = 0; i < r->nclaims; i++) {
        const rep_claim *c = &r->claims[i];
        if (c->kind == CLAIM_RATIO && c->table == h->table && !strcmp(c->metric, metric) &&
            !strcmp(c->env, h->env) && !isnan(c->measured))
            return c;
    }
    return NULL;
}

void report_typical_sentence(const report *r, const rep_claim *h, doc_inline *in)
{
    const rep_claim *t = typical_claim(r, h);
    if (!t) /* the fastest run's answer beside the median run's: a stall now and then */
        return;
    char said[256];
    if (holds_one(t)) /* as the answer words it: never the point estimate as a finding */
        verdict_no_difference_words(t->measured, t->lo, t->hi,
                                    t->claimed > 1   ? 1
                                    : t->claimed < 1 ? -1
                                                     : 0,
                                    t->metric, said, sizeof said);
    else
        fmt_ratio_ci(t->measured, t->lo, t->hi, said, sizeof said);
    doc_textf(in,
              " The time above is each sample's fastest run; on its median run (%s): %s at "
              "%.4g%%: ",
              t->id, said, t->level * 100);
    doc_verdict(in, t->verdict);
    doc_text(in, ".");
}

static void answer(const report *r, doc *d)
{
    doc_group(d, "answer");
    if (r->headline >= 0) {
        const rep_claim *c = &r->claims[r->headline];
        doc_inline *in = doc_para(d);
        doc_strong(in, "The article's headline claim");
        doc_textf(in, " (%s, %s): %s — “%s”.", c->id, r->tables[c->table].section, c->text,
                  c->claimed_text);
        in = doc_para(d);
        doc_strong(in, "On this machine");
        doc_text(in, ": ");
        report_answer(r, c, in);
        if (*c->precision)
            doc_text(in, " ");
        report_precision_sentence(c, in);
        report_typical_sentence(r, c, in);
        report_also_sentence(r, c, in);
    } else {
        doc_text(doc_para(d), "No ratio claim was judged: the run has no headline answer.");
    }
    /* the noise floor every other difference is read against; unreliable said up front */
    const rep_claim *aa = report_aa_claim(r);
    if (aa)
        report_aa_sentence(r, aa, doc_para(d));
    tally(r, d);
    doc_group_end(d);
    report_doc_regime(r, r->headline >= 0 ? &r->claims[r->headline] : NULL, d);
    report_doc_why(r, r->headline >= 0 ? &r->claims[r->headline] : NULL, d);
    claims_summary(r, d);
}

static void problems(const report *r, doc *d)
{
    if (!r->nproblems) {
        doc_text(doc_para(d), "None: every environment ran, no cell failed, every metric of "
                              "the measured tables has samples and every claim was judged.");
        return;
    }
    doc_group(d, "problems");
    doc_block *list = doc_list(d);
    for (size_t i = 0; i < r->nproblems; i++)
        doc_text(doc_item(list), r->problems[i].text);
    doc_group_end(d);
}

static void settings(const report *r, doc *d)
{
    const rep_settings *s = &r->set;
    doc_block *list = doc_list(d);
    doc_textf(doc_item(list),
              "confidence level: %s (each claim's interval at its table's "
              "simultaneous level, shown beside it)",
              s->level);
    doc_textf(doc_item(list), "comparisons: p-values adjusted by %s, significant below α = %s",
              s->adjust_name, s->alpha_text);
    doc_textf(doc_item(list), "samples per cell: %s (profile %s; each row states its n)",
              s->samples, *s->profile ? s->profile : "(not recorded)");
    doc_textf(doc_item(list), "host is a VM guest: %s",
              *s->host_vm_guest ? s->host_vm_guest : "(not recorded)");
    if (*report_run(r, "host_platform")) /* WSL2/WSL1, inside a container (platform.c) */
        doc_textf(doc_item(list), "host platform: %s", report_run(r, "host_platform"));
    doc_textf(doc_item(list), "run: %s; tool revision: %s", s->run_id,
              *s->tool_revision ? s->tool_revision : "(not recorded)");
    if (*s->judged_with)
        doc_textf(doc_item(list), "judged with: %s", s->judged_with);
    if (*report_run(r, "precision_rule")) {
        doc_inline *in = doc_item(list);
        size_t met, all;
        doc_textf(in, "when sampling stopped: %s", report_run(r, "precision_rule"));
        if (sscanf(report_run(r, "precision_met"), "%zu of %zu", &met, &all) == 2 && met <= all)
            doc_textf(in,
                      " (the target was met by %zu of the %zu comparisons followed, missed "
                      "by %zu)",
                      met, all, all - met);
    }
    report_doc_budget(r, list);
}

static void machine(const report *r, doc *d)
{
    doc_block *list = doc_list(d);
    for (size_t i = 0; i < r->nrun; i++)
        doc_textf(doc_item(list), "%s: %s", r->run[i].key, r->run[i].value);
}

static void envs(const report *r, doc *d)
{
    static const char *const cols[] = {"Env", "What it is", "Status", "Reason", "Flags"};
    doc_block *tb = doc_table(d, 5);
    doc_header(tb, cols);
    for (size_t e = 0; e < r->nenvs; e++) {
        const rep_env *v = &r->envs[e];
        doc_row_add(tb, NULL, v->emulated ? "not-comparable" : NULL);
        doc_text(doc_cell(tb, 0), v->name);
        doc_text(doc_cell(tb, 1), v->what);
        doc_text(doc_cell(tb, 2), v->status);
        doc_text(doc_cell(tb, 3), v->reason);
        if (v->emulated)
            doc_textf(doc_cell(tb, 4), "emulated CPU (TCG): not comparable (%s)", v->emulated);
    }
    report_doc_posture(r, d);
}

/* meta.tsv as a wide table: one row per key, one column per environment. */
static void meta(const report *r, doc *d)
{
    doc_block *tb = doc_table(d, r->nenvs + 1);
    doc_row_add(tb, NULL, NULL);
    for (size_t e = 0; e < r->nenvs; e++)
        doc_text(doc_cell(tb, e + 1), r->envs[e].name);
    for (size_t k = 0; k < r->nmeta; k++) {
        doc_row_add(tb, NULL, NULL);
        doc_text(doc_cell(tb, 0), r->meta[k].key);
        for (size_t e = 0; e < r->nenvs; e++)
            doc_text(doc_cell(tb, e + 1), r->meta[k].values[e]);
    }
}

static int expand(void *vctx, const char *name, const char *arg, doc *d, doc_inline *in);

/* Every table of tables.tsv from table.tmpl, or table-unmeasured.tmpl without samples. */
static void tables(doc_ctx *c, doc *d)
{
    for (size_t t = 0; t < c->r->ntables; t++) {
        doc_ctx sub = *c;
        sub.table = &c->r->tables[t];
        char *path = xasprintf("%s/%s", c->templates,
                               sub.table->measured ? "table.tmpl" : "table-unmeasured.tmpl");
        if (doc_template(path, expand, &sub, d) != 0 || sub.rc)
            c->rc = -1;
        free(path);
    }
}

static int expand(void *vctx, const char *name, const char *arg, doc *d, doc_inline *in)
{
    doc_ctx *c = vctx;
    const report *r = c->r;
    if (in) { /* inside text */
        if (!strcmp(name, "run"))
            doc_text(in, report_run(r, arg));
        else if (!strcmp(name, "level"))
            doc_text(in, r->set.level);
        else if (!strcmp(name, "adjust"))
            doc_text(in, r->set.adjust_name);
        else
            return c->table ? report_doc_table_part(c, name, d, in) : -1;
        return 0;
    }
    if (!strcmp(name, "answer"))
        answer(r, d);
    else if (!strcmp(name, "problems"))
        problems(r, d);
    else if (!strcmp(name, "settings"))
        settings(r, d);
    else if (!strcmp(name, "how-to-read"))
        report_doc_how_to_read(r, d);
    else if (!strcmp(name, "machine"))
        machine(r, d);
    else if (!strcmp(name, "envs"))
        envs(r, d);
    else if (!strcmp(name, "meta"))
        meta(r, d);
    else if (!strcmp(name, "tables"))
        tables(c, d);
    else
        return c->table ? report_doc_table_part(c, name, d, NULL) : -1;
    return 0;
}

int report_doc_build(const report *r, const char *templates, doc *d)
{
    doc_ctx c = {.r = r, .templates = templates};
    char *path = xasprintf("%s/report.tmpl", templates);
    int rc = doc_template(path, expand, &c, d);
    free(path);
    return rc || c.rc ? -1 : 0;
}
