/* xlsx_summary.c - the workbook's first sheet answers first, as the documents do: the headline
 * claim and this machine's answer in the same sentence (report_answer), the settings, the
 * tally of verdicts, then every claim with its numbers, the verdict cells coloured by tone and
 * the table filterable. */
#include "xlsx.h"

#include "doc.h"
#include "format.h"
#include "log.h"
#include "report_doc.h"
#include "report_doc_regime.h"
#include "report_doc_why.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A labelled row (label in column 0, text in column 2) holding the spans of in, freed. */
static void sentence_row(const book *b, lxw_worksheet *ws, lxw_row_t row, const char *label,
                         doc_inline *in)
{
    char *text = doc_plain(in);
    xlsx_put_str(b, ws, row, 0, label, b->header);
    xlsx_put_str(b, ws, row, 2, text, NULL);
    free(text);
    doc_loose_free(in);
}

/* The answer's Why (report_doc_why.c's view, as the documents show it) from row on: its intro,
 * its table (ratio, what it measures, value in columns 2-4) and what was not measured. Returns
 * the last row written (row - 2 when there is none). */
static lxw_row_t why_rows(const book *b, lxw_worksheet *ws, lxw_row_t row, const report *r,
                          const rep_claim *c)
{
    why_view v;
    if (!report_why_view(r, c, &v))
        return row - 2;
    xlsx_put_str(b, ws, row, 0, "why", b->header);
    xlsx_put_str(b, ws, row, 2, v.intro, NULL);
    if (v.n) {
        row++;
        for (size_t k = 0; k < 3; k++)
            xlsx_put_str(b, ws, row, 2 + (lxw_col_t)k, report_why_cols[k], b->header);
    }
    for (size_t i = 0; i < v.n; i++) {
        const char *cells[] = {v.lines[i].pair, v.lines[i].what, v.lines[i].value};
        row++;
        for (size_t k = 0; k < 3; k++)
            xlsx_put_str(b, ws, row, 2 + (lxw_col_t)k, cells[k], NULL);
    }
    if (*v.missing)
        xlsx_put_str(b, ws, ++row, 2, v.missing, NULL);
    report_why_view_free(&v);
    return row;
}

/* Rows 0-5: title, claim, answer (with its precision), the A/A control, settings, where it
 * would hold (report_doc_regime.c); then the tally, as the documents' answer box has them
 * (report_doc.c): one row per verdict (refuted split by effect) and the documents' tally
 * sentence with the harness checks. Returns the next free row. */
static lxw_row_t answer(const book *b, lxw_worksheet *ws, const report *r)
{
    char *title = xasprintf("What run %s found", r->set.run_id);
    xlsx_put_str(b, ws, 0, 0, title, b->title);
    free(title);
    if (r->headline >= 0) {
        const rep_claim *c = &r->claims[r->headline];
        doc_inline *in = doc_loose();
        char *claim = xasprintf("%s (%s): %s — “%s”", c->id, r->tables[c->table].section, c->text,
                                c->claimed_text);
        xlsx_put_str(b, ws, 1, 0, "the article's headline claim", b->header);
        xlsx_put_str(b, ws, 1, 2, claim, NULL);
        free(claim);
        report_answer(r, c, in);
        if (*c->precision)
            doc_text(in, " ");
        report_precision_sentence(c, in);
        report_typical_sentence(r, c, in);
        report_also_sentence(r, c, in);
        sentence_row(b, ws, 2, "on this machine", in);
        doc_inline *where = doc_loose();
        if (report_regime_sentence(r, c, where))
            sentence_row(b, ws, 5, "where it would hold", where);
        else
            doc_loose_free(where);
    }
    const rep_claim *aa = report_aa_claim(r);
    if (aa) {
        doc_inline *in = doc_loose();
        report_aa_sentence(r, aa, in);
        sentence_row(b, ws, 3, aa->verdict == VERDICT_PASS ? "noise floor" : "unreliable run", in);
    }
    char *settings = xasprintf("confidence level: %s (claims at their table's simultaneous "
                               "level); comparisons: p-values adjusted by %s, significant below "
                               "α = %s; samples per cell: %s; host is a VM guest: %s; host "
                               "platform: %s",
                               r->set.level, r->set.adjust_name, r->set.alpha_text, r->set.samples,
                               r->set.host_vm_guest, report_run(r, "host_platform"));
    xlsx_put_str(b, ws, 4, 0, "settings", b->header);
    xlsx_put_str(b, ws, 4, 2, settings, NULL);
    free(settings);
    lxw_row_t row = 6;
    xlsx_put_str(b, ws, row, 0, "verdict", b->header);
    xlsx_put_str(b, ws, row, 1, "claims", b->header);
    for (int v = 0; v < VERDICT_COUNT; v++) { /* refuted split by effect, as the documents */
        size_t by[EFFECT_LARGER + 1];
        report_tally_split(r, (verdict_kind)v, by);
        for (int e = EFFECT_UNSAID; e <= EFFECT_SMALLER; e++) {
            if (!by[e])
                continue;
            char *word = xasprintf("%s%s", verdict_word((verdict_kind)v),
                                   verdict_effect_tally((verdict_effect)e));
            xlsx_put_str(b, ws, ++row, 0, word, b->verdict[verdict_tone_of((verdict_kind)v)]);
            xlsx_put_num(ws, row, 1, (double)by[e], b->count);
            free(word);
        }
    }
    doc_inline *sum = doc_loose(); /* the documents' tally sentence, with the harness checks */
    report_tally_sentence(r, sum);
    sentence_row(b, ws, row += 2, "tally", sum);
    if (r->headline >= 0)
        row = why_rows(b, ws, row + 2, r, &r->claims[r->headline]);
    return row + 2;
}

/* A count claim's lo/hi are the samples' range: its CI is its row's. */
static const rep_cell *claim_cell(const report *r, const rep_claim *c)
{
    const rep_table *t = &r->tables[c->table];
    for (size_t m = 0; m < t->nmetrics; m++)
        for (size_t k = 0; k < t->nrows && !strcmp(t->metrics[m].unit, c->metric); k++) {
            const rep_row *w = &t->rows[k];
            if (!strcmp(r->envs[w->env].name, c->env) && w->cells[m].has &&
                (!*c->bench || !strcmp(w->bench, c->bench)))
                return &w->cells[m];
        }
    return NULL;
}

static void claim_row(const book *b, lxw_worksheet *ws, lxw_row_t row, const report *r,
                      const rep_claim *c)
{
    int ratio = c->kind == CLAIM_RATIO;
    char *env = xasprintf("%s%s%s%s", c->env, *c->env_note ? " (" : "", c->env_note,
                          *c->env_note ? ")" : "");
    char measured[200];
    report_claim_measured(c, measured, sizeof measured);
    const char *texts[] = {c->id, r->tables[c->table].id, c->text, c->claimed_text,
                           ratio                   ? "ratio"
                           : c->kind == CLAIM_CHECK ? "check"
                                                   : c->metric};
    for (size_t i = 0; i < 4; i++)
        xlsx_put_str(b, ws, row, (lxw_col_t)i, texts[i], i == 2 ? b->wrap : NULL);
    xlsx_put_str(b, ws, row, 5, fmt_metric_name(c->metric), NULL);
    xlsx_put_str(b, ws, row, 6, ratio ? "ratio" : c->metric, NULL);
    xlsx_put_str(b, ws, row, 7, env, NULL);
    xlsx_put_str(b, ws, row, 8, c->bench, NULL);
    xlsx_put_num(ws, row, 9, c->claimed, ratio ? b->ratio : xlsx_value_format(b, c->claimed));
    if (ratio) {
        xlsx_put_num(ws, row, 13, c->measured, b->ratio);
        xlsx_put_num(ws, row, 14, c->lo, b->ratio);
        xlsx_put_num(ws, row, 15, c->hi, b->ratio);
        if (c->cmp >= 0)
            xlsx_put_num(ws, row, 17, r->tables[c->table].cmps[c->cmp].p, b->p);
    } else {
        const rep_cell *cell = c->kind == CLAIM_COUNT ? claim_cell(r, c) : NULL;
        double lo = cell ? cell->lo : c->lo, hi = cell ? cell->hi : c->hi;
        xlsx_put_num(ws, row, 10, c->measured, xlsx_value_format(b, c->measured));
        xlsx_put_num(ws, row, 11, lo, xlsx_value_format(b, lo));
        xlsx_put_num(ws, row, 12, hi, xlsx_value_format(b, hi));
    }
    xlsx_put_num(ws, row, 16, c->factor, b->ratio);
    xlsx_put_num(ws, row, 18, c->p_adj, b->p);
    xlsx_put_str(b, ws, row, 19, verdict_word(c->verdict), b->verdict[verdict_tone_of(c->verdict)]);
    xlsx_put_str(b, ws, row, 20, c->detail, b->wrap);
    xlsx_put_str(b, ws, row, 21, measured, NULL);
    if (*c->precision) {
        xlsx_put_num(ws, row, 22, c->half_width, b->precision);
        xlsx_put_str(b, ws, row, 23, c->precision, b->wrap);
    }
    free(env);
}

int xlsx_summary_sheet(const book *b, const report *r)
{
    char padj[64], lo[96], hi[96];
    snprintf(padj, sizeof padj, "p (%s, in the table's family)", r->set.adjust_name);
    snprintf(lo, sizeof lo, "CI low [unit] (at the claim's level)");
    snprintf(hi, sizeof hi, "CI high [unit] (at the claim's level)");
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
                           {lo, 14},
                           {hi, 14},
                           {"measured ratio [x]", 11},
                           {"ratio CI low [x] (at the claim's level)", 11},
                           {"ratio CI high [x] (at the claim's level)", 11},
                           {"measured / claimed [x]", 12},
                           {"p (Mann-Whitney)", 11},
                           {padj, 10},
                           {"verdict", 16},
                           {"why", 70},
                           {"measured [interval] (as the report shows it)", 30},
                           {"half-width reached (with a precision target)", 12},
                           {"precision: how sampling ended", 30}};
    const size_t nc = sizeof cols / sizeof *cols;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
    if (!ws)
        return -1;
    lxw_row_t at = answer(b, ws, r);
    for (size_t c = 0; c < nc; c++) {
        xlsx_put_str(b, ws, at, (lxw_col_t)c, cols[c].title, b->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
    }
    worksheet_freeze_panes(ws, at + 1, 0);
    for (size_t i = 0; i < r->nclaims; i++)
        claim_row(b, ws, at + 1 + (lxw_row_t)i, r, &r->claims[i]);
    xlsx_finish_sheet(ws, at, at + (lxw_row_t)r->nclaims, nc);
    return 0;
}
