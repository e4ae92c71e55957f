/* report_doc_table.c - one article table's section of the document, from the rows report_rows.c
 * laid out: the measured table (the article's rows, then one per environment and benchmark,
 * each cell a median with its CI at the run's level, the notes that say why a cell is empty or
 * not comparable), what was not measured and why, the charts, the claims and the comparisons.
 * Placeholders of table.tmpl and table-unmeasured.tmpl: in text {{id}}, {{title}},
 * {{section}}, {{note}}, {{article-envs}}, {{anchor}}, {{claims-anchor}}; blocks {{table}},
 * {{not-measured}}, {{figures}}, {{claims}}, {{checks}}, {{comparisons}}, {{reason}}. */
#include "report_doc.h"
#include "report_doc_why.h"

#include "format.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void measured_table(const report *r, const rep_table *t, doc *d)
{
    doc_block *tb = doc_table(d, t->nmetrics + 3);
    doc_row_add(tb, NULL, NULL);
    doc_text(doc_cell(tb, 0), t->nbenches > 1 ? "Environment — benchmark" : "Environment");
    doc_text(doc_cell(tb, 1), "n");
    for (size_t i = 0; i < t->nmetrics; i++)
        doc_textf(doc_cell(tb, i + 2), "%s median [%s CI]", t->metrics[i].name, r->set.level);
    doc_text(doc_cell(tb, t->nmetrics + 2), "Notes");
    for (size_t a = 0; a < t->narows; a++) {
        doc_row_add(tb, NULL, "article");
        doc_text(doc_cell(tb, 0), t->arows[a].label);
        for (size_t i = 0; i < t->nmetrics; i++)
            doc_text(doc_cell(tb, i + 2), *t->arows[a].claimed[i] ? t->arows[a].claimed[i] : "–");
        doc_text(doc_cell(tb, t->nmetrics + 2), "claimed");
    }
    for (size_t k = 0; k < t->nrows; k++) {
        const rep_row *w = &t->rows[k];
        doc_row_add(tb, NULL, w->not_comparable ? "not-comparable" : NULL);
        doc_text(doc_cell(tb, 0), w->label);
        doc_textf(doc_cell(tb, 1), "%ld", w->n);
        for (size_t i = 0; i < t->nmetrics; i++) {
            const rep_cell *c = &w->cells[i];
            char buf[160] = "–";
            if (c->has)
                fmt_value_ci(t->metrics[i].unit, c->median, c->lo, c->hi, r->set.conf, buf,
                             sizeof buf);
            doc_text(doc_cell(tb, i + 2), buf);
        }
        doc_text(doc_cell(tb, t->nmetrics + 2), w->note);
    }
}

/* What the probes could not measure, and the table's metrics without samples, with why. */
static void not_measured(const rep_table *t, doc *d)
{
    size_t n = t->nnotes;
    for (size_t i = 0; i < t->nmetrics; i++)
        n += t->metrics[i].reason != NULL;
    if (!n)
        return;
    doc_text(doc_para(d), "Not measured:");
    doc_block *list = doc_list(d);
    for (size_t i = 0; i < t->nmetrics; i++)
        if (t->metrics[i].reason)
            doc_text(doc_item(list), t->metrics[i].reason);
    for (size_t i = 0; i < t->nnotes; i++)
        doc_textf(doc_item(list), "%s, %s: %s", t->notes[i].env, t->notes[i].what,
                  t->notes[i].reason);
}

static void comparisons(const report *r, const rep_table *t, doc *d)
{
    char ratio_col[96], adj_col[96];
    snprintf(ratio_col, sizeof ratio_col, "Ratio (Hodges–Lehmann) [%s CI]", r->set.level);
    snprintf(adj_col, sizeof adj_col, "p (%s)", r->set.adjust_name);
    const char *const cols[] = {"Metric",           "Benchmark", "Env",         "vs",   ratio_col,
                                "p (Mann–Whitney)", adj_col,     "Significant", "Notes"};
    doc_block *tb = doc_table(d, 9);
    doc_header(tb, cols);
    for (size_t k = 0; k < t->ncmps; k++) {
        const rep_cmp *c = &t->cmps[k];
        char ratio[96], p[32], padj[32];
        doc_row_add(tb, NULL, c->not_comparable ? "not-comparable" : NULL);
        doc_text(doc_cell(tb, 0), fmt_metric_name(c->unit));
        doc_text(doc_cell(tb, 1), c->bench);
        doc_text(doc_cell(tb, 2), c->env);
        /* Against another environment, or (a claim's pair) another benchmark of the same one. */
        doc_text(doc_cell(tb, 3),
                 c->within && *c->baseline_bench ? c->baseline_bench : c->baseline);
        doc_text(doc_cell(tb, 4), fmt_ratio_ci(c->ratio, c->lo, c->hi, ratio, sizeof ratio));
        doc_text(doc_cell(tb, 5), fmt_p(c->p, p, sizeof p));
        doc_text(doc_cell(tb, 6), fmt_p(c->p_adj, padj, sizeof padj));
        doc_text(doc_cell(tb, 7), c->significant);
        doc_inline *notes = doc_cell(tb, 8);
        if (c->not_comparable)
            doc_text(notes, "emulated CPU (TCG): not comparable; ");
        if (c->claim >= 0)
            doc_link(notes, r->claims[c->claim].id, r->claims[c->claim].anchor),
                doc_text(notes, " ");
        doc_text(notes, c->warnings);
    }
}

static void figures(const rep_table *t, doc *d)
{
    for (size_t i = 0; i < t->nfigs; i++)
        doc_figure(d, &t->figs[i]);
}

int report_doc_table_part(doc_ctx *c, const char *name, doc *d, doc_inline *in)
{
    const report *r = c->r;
    const rep_table *t = c->table;
    static const char *const text_names[] = {"id",     "title",        "section",      "note",
                                             "anchor", "article-envs", "claims-anchor"};
    const char *texts[] = {t->id,     t->title,        t->section,      t->note,
                           t->anchor, t->article_envs, t->claims_anchor};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (!strcmp(name, text_names[i])) {
            if (in)
                doc_text(in, texts[i]);
            else
                doc_text(doc_para(d), texts[i]);
            return 0;
        }
    if (in)
        return -1;
    if (!strcmp(name, "table"))
        measured_table(r, t, d);
    else if (!strcmp(name, "not-measured"))
        not_measured(t, d);
    else if (!strcmp(name, "figures"))
        figures(t, d);
    else if (!strcmp(name, "claims"))
        report_doc_claims(r, t, d);
    else if (!strcmp(name, "checks"))
        report_doc_checks(r, t, d);
    else if (!strcmp(name, "comparisons"))
        comparisons(r, t, d);
    else if (!strcmp(name, "why"))
        report_doc_why_table(r, t, d);
    else if (!strcmp(name, "reason"))
        doc_text(doc_para(d), t->reason ? t->reason : "");
    else
        return -1;
    return 0;
}
