/* report_doc_why.c - says why a difference exists, as far as the ablation arms isolate it: each
 * environment's total against the baseline, the ratio of each factor present in it (with /
 * without, from the arm that changes it alone), and what they leave unexplained (attrib.tsv,
 * docs/formats.md); and which arms could not run here, with the reason (the errno, the
 * vulnerability file), so a factor never vanishes silently. Reads the model's attrib.tsv itself
 * (an optional file: older models have none). */
#include "report_doc_why.h"

#include "format.h"
#include "log.h"
#include "numfmt.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* attrib.tsv of the model directory (the one run.tsv was loaded from); -1 when absent or bad. */
static int load_attrib(const report *r, tsv_table *t)
{
    const char *run = r->files[RF_RUN].path;
    const char *slash = run ? strrchr(run, '/') : NULL;
    char *path =
        slash ? xasprintf("%.*s/attrib.tsv", (int)(slash - run), run) : xstrdup("attrib.tsv");
    static const char *const cols[] = {"table",  "unit", "bench", "part", "env", "baseline",
                                       "factor", "arm",  "ratio", "lo",   "hi",  "conf", "note"};
    int rc = access(path, R_OK) == 0 ? tsv_load(path, t) : -1;
    if (rc == 0 && tsv_require(t, sizeof cols / sizeof *cols, cols) != 0) {
        tsv_free(t);
        rc = -1;
    }
    free(path);
    return rc;
}

static const char *ratio_text(const tsv_table *t, size_t i, char *buf, size_t len)
{
    double v, lo, hi;
    if (num_parse(tsv_get(t, i, "ratio"), &v) != 0 || isnan(v))
        return "not measured";
    num_parse(tsv_get(t, i, "lo"), &lo);
    num_parse(tsv_get(t, i, "hi"), &hi);
    return fmt_ratio_ci(v, lo, hi, buf, len);
}

static int row_is(const tsv_table *t, size_t i, const char *table, const char *unit,
                  const char *bench)
{
    return !strcmp(tsv_get(t, i, "table"), table) &&
           (!unit || !strcmp(tsv_get(t, i, "unit"), unit)) &&
           (!bench || !*bench || !strcmp(tsv_get(t, i, "bench"), bench));
}

/* One total's sentence: "oci / host 1.02 [..]: seccomp 1.01 [..] (oci-noseccomp), unexplained
 * 1.01 [..]" from row i (a total) and the factor and unexplained rows after it. */
static size_t total_sentence(const tsv_table *t, size_t i, strbuf *sb)
{
    char buf[128];
    sb_printf(sb, "%s / %s %s", tsv_get(t, i, "env"), tsv_get(t, i, "baseline"),
              ratio_text(t, i, buf, sizeof buf));
    size_t j = i + 1;
    for (; j < t->nrows && !strcmp(tsv_get(t, j, "part"), "factor"); j++)
        sb_printf(sb, "%s the %s factor %s (arm %s%s%s)", j == i + 1 ? ":" : ";",
                  tsv_get(t, j, "factor"), ratio_text(t, j, buf, sizeof buf),
                  *tsv_get(t, j, "arm") ? tsv_get(t, j, "arm") : "none",
                  *tsv_get(t, j, "note") ? ", " : "", tsv_get(t, j, "note"));
    if (j < t->nrows && !strcmp(tsv_get(t, j, "part"), "unexplained"))
        sb_printf(sb, "; unexplained %s", ratio_text(t, j++, buf, sizeof buf));
    return j;
}

/* Whether environment i is an ablation arm: it recorded its factor (meta arm_factor). */
static int is_arm(const report *r, size_t i)
{
    for (size_t k = 0; k < r->nmeta; k++)
        if (!strcmp(r->meta[k].key, "arm_factor"))
            return *r->meta[k].values[i] != '\0';
    return 0;
}

/* The arms that did not run, with their reasons: "host-ssbd (unavailable: ...)". */
static void arms_missing(const report *r, strbuf *sb)
{
    int first = 1;
    for (size_t i = 0; i < r->nenvs; i++) {
        const rep_env *e = &r->envs[i];
        if (e->ok || !e->reason || !is_arm(r, i))
            continue;
        sb_printf(sb, "%s%s (%s: %s)", first ? " Arms this machine could not run: " : "; ", e->name,
                  e->status, e->reason);
        first = 0;
    }
    if (!first)
        sb_puts(sb, ".");
}

/* The attribution's confidence level as a percentage ("95"), from its first row. */
static const char *conf_text(const tsv_table *t)
{
    static char buf[32];
    double c;
    if (t->nrows == 0 || num_parse(tsv_get(t, 0, "conf"), &c) != 0 || isnan(c))
        return "?";
    snprintf(buf, sizeof buf, "%g", c * 100);
    return buf;
}

/* The sentence for claim c (NULL: the headline's table is unknown) into sb; 0 when the model
 * has no attrib.tsv. */
static int why_text(const report *r, const rep_claim *c, strbuf *sb)
{
    tsv_table t;
    if (!c || load_attrib(r, &t) != 0)
        return 0;
    const char *table = r->tables[c->table].id;
    for (size_t i = 0; i < t.nrows;) {
        if (!row_is(&t, i, table, c->metric, c->bench) || strcmp(tsv_get(&t, i, "part"), "total")) {
            i++;
            continue;
        }
        sb_puts(sb, sb->len ? ". " : "");
        i = total_sentence(&t, i, sb);
    }
    if (sb->len)
        sb_printf(sb, " (ratios with / without each factor, each from the arm that changes it "
                      "alone; 'unexplained' is the total over the factors' product: 1 inside its "
                      "interval means they can account for the whole difference; intervals %s%%, "
                      "two-sample Hodges-Lehmann over all samples, so they differ from a claim's "
                      "within-round interval at its family's level for the same ratio).",
                  conf_text(&t));
    else
        sb_printf(sb, "no ablation arm ran on %s's %s here, so no factor is isolated.", table,
                  c->metric);
    arms_missing(r, sb);
    tsv_free(&t);
    return 1;
}

int report_why_sentence(const report *r, const rep_claim *c, doc_inline *in)
{
    strbuf sb = {0};
    int any = why_text(r, c, &sb);
    if (any)
        doc_text(in, sb_str(&sb));
    sb_free(&sb);
    return any;
}

void report_doc_why(const report *r, const rep_claim *c, doc *d)
{
    strbuf sb = {0};
    if (why_text(r, c, &sb)) {
        doc_inline *in = doc_para(d);
        doc_strong(in, "Why");
        doc_text(in, ": ");
        doc_text(in, sb_str(&sb));
    }
    sb_free(&sb);
}

void report_doc_why_table(const report *r, const rep_table *rt, doc *d)
{
    tsv_table t;
    if (load_attrib(r, &t) != 0)
        return;
    static const char *const cols[] = {"Metric",           "Benchmark", "Part",
                                       "Env / baseline",   "Factor",    "Arm",
                                       "Ratio [interval]", "Note"};
    doc_block *tb = NULL;
    for (size_t i = 0; i < t.nrows; i++) {
        if (!row_is(&t, i, rt->id, NULL, NULL))
            continue;
        if (!tb) {
            doc_inline *in = doc_para(d);
            doc_strong(in, "Why");
            doc_text(in, ": each factor an ablation arm isolates, with / without it, and what "
                         "the factors present in each environment leave of its difference from "
                         "the baseline (docs/mechanisms.md, \"arms\").");
            tb = doc_table(d, 8);
            doc_header(tb, cols);
        }
        char buf[128];
        doc_row_add(tb, NULL, NULL);
        doc_text(doc_cell(tb, 0), tsv_get(&t, i, "unit"));
        doc_text(doc_cell(tb, 1), tsv_get(&t, i, "bench"));
        doc_text(doc_cell(tb, 2), tsv_get(&t, i, "part"));
        const char *env = tsv_get(&t, i, "env"), *base = tsv_get(&t, i, "baseline");
        const char *factor = tsv_get(&t, i, "factor");
        /* an arm's ratio is with / without its factor: reference / arm when the arm removes
         * it (no-seccomp), so the label names the pair in the ratio's order */
        int removes = !strcmp(tsv_get(&t, i, "part"), "arm") && !strncmp(factor, "no-", 3);
        doc_textf(doc_cell(tb, 3), "%s / %s", removes ? base : env, removes ? env : base);
        doc_text(doc_cell(tb, 4), removes ? factor + 3 : factor);
        doc_text(doc_cell(tb, 5), tsv_get(&t, i, "arm"));
        doc_text(doc_cell(tb, 6), ratio_text(&t, i, buf, sizeof buf));
        doc_text(doc_cell(tb, 7), tsv_get(&t, i, "note"));
    }
    if (tb) {
        strbuf sb = {0};
        arms_missing(r, &sb);
        if (sb.len)
            doc_text(doc_para(d), sb_str(&sb) + 1);
        sb_free(&sb);
    }
    tsv_free(&t);
}
