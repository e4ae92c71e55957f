/* md.c - the Markdown report (GitHub-renderable GFM tables) from templates/report.md.tmpl.
 *
 * Placeholders it fills: {{run KEY}}, {{machine}}, {{envs}}, {{meta}}, {{how-to-read}}
 * (md_claims.c), {{tables}} (every
 * article table from table.md.tmpl or table-unmeasured.md.tmpl), and per table (the argument
 * defaults to the table being expanded): {{id}}, {{title}}, {{section}}, {{note}},
 * {{article-envs}}, {{table}}, {{claims}} and {{checks}} (md_claims.c), {{comparisons}},
 * {{reason}}, and {{figures}} (links to
 * the PNG charts under fig/; html.c inlines the SVG twins).
 * Every data string goes through esc_md_cell. */
#include "md.h"
#include "render.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"
#include "template.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void comparisons_table(const report_model *m, const char *table, strbuf *sb)
{
    char level[32], ratio_col[96], adj_col[96];
    snprintf(ratio_col, sizeof ratio_col, "Ratio (Hodges–Lehmann) [%s CI]",
             model_level(m, level, sizeof level));
    snprintf(adj_col, sizeof adj_col, "p (%s)", model_adjust_name(m));
    const char *const cols[] = {"Metric",           "Benchmark", "Env",         "vs",   ratio_col,
                                "p (Mann–Whitney)", adj_col,     "Significant", "Notes"};
    md_header(sb, 9, cols);
    for (size_t r = 0; r < m->cmp.nrows; r++) {
        const tsv_table *c = &m->cmp;
        if (strcmp(tsv_get(c, r, "table"), table) != 0)
            continue;
        char ratio[96], p[32], padj[32];
        sb_puts(sb, "|");
        md_cell(sb, fmt_metric_name(tsv_get(c, r, "unit")));
        md_cell(sb, tsv_get(c, r, "bench"));
        md_cell(sb, tsv_get(c, r, "env"));
        /* Against another environment, or (a claim's pair) another benchmark of the same one. */
        const char *base = tsv_get(c, r, "baseline"), *base_bench = tsv_get(c, r, "baseline_bench");
        md_cell(sb, !strcmp(base, tsv_get(c, r, "env")) && *base_bench ? base_bench : base);
        md_cell(sb, fmt_ratio_ci(model_num(c, r, "ratio"), model_num(c, r, "ratio_lo"),
                                 model_num(c, r, "ratio_hi"), ratio, sizeof ratio));
        md_cell(sb, fmt_p(model_num(c, r, "p"), p, sizeof p));
        md_cell(sb, fmt_p(model_num(c, r, "p_adj"), padj, sizeof padj));
        md_cell(sb, tsv_get(c, r, "significant"));
        strbuf notes = {0};
        if (md_env_emulated(m, tsv_get(c, r, "env")))
            sb_puts(&notes, "emulated CPU (TCG): not comparable; ");
        sb_puts(&notes, tsv_get(c, r, "warnings"));
        md_cell(sb, sb_str(&notes));
        sb_free(&notes);
        sb_puts(sb, "\n");
    }
}

static void envs_table(const report_model *m, strbuf *sb)
{
    static const char *const cols[] = {"Env", "What it is", "Status", "Reason"};
    md_header(sb, 4, cols);
    for (size_t r = 0; r < m->envs.nrows; r++) {
        sb_puts(sb, "|");
        md_cell(sb, tsv_get(&m->envs, r, "env"));
        md_cell(sb, tsv_get(&m->envs, r, "what"));
        md_cell(sb, tsv_get(&m->envs, r, "status"));
        md_cell(sb, tsv_get(&m->envs, r, "reason"));
        sb_puts(sb, "\n");
    }
}

/* Metadata as a wide table: one row per key, one column per environment. */
static void meta_table(const report_model *m, strbuf *sb)
{
    size_t ne = m->envs.nrows;
    const char **cols = xmalloc((ne + 1) * sizeof *cols);
    cols[0] = "";
    for (size_t e = 0; e < ne; e++)
        cols[e + 1] = tsv_get(&m->envs, e, "env");
    md_header(sb, ne + 1, cols);
    for (size_t r = 0; r < m->meta.nrows; r++) {
        if (!model_meta_key_first(m, r))
            continue;
        const char *key = tsv_get(&m->meta, r, "key");
        sb_puts(sb, "|");
        md_cell(sb, key);
        for (size_t e = 0; e < ne; e++)
            md_cell(sb, model_meta(m, cols[e + 1], key));
        sb_puts(sb, "\n");
    }
    free(cols);
}

static void machine_list(const report_model *m, strbuf *sb)
{
    for (size_t r = 0; r < m->run.nrows; r++) {
        sb_puts(sb, "- ");
        esc_md_cell(sb, tsv_get(&m->run, r, "key"));
        sb_puts(sb, ": ");
        esc_md_cell(sb, tsv_get(&m->run, r, "value"));
        sb_puts(sb, "\n");
    }
}

/* One paragraph per chart of the table, as render_plots names them: ![what it shows](fig/x.png) */
static void figures(const report_model *m, const char *table, strbuf *sb)
{
    render_figure figs[2 * MAX_METRICS];
    size_t n = render_figures(m, table, figs, sizeof figs / sizeof *figs);
    for (size_t i = 0; i < n; i++) {
        sb_puts(sb, i ? "\n\n![" : "![");
        esc_md_cell(sb, figs[i].alt);
        sb_printf(sb, "](fig/%s.png)", figs[i].stem);
    }
}

typedef struct {
    const report_model *m;
    const char *templates;
    const char *table; /* inside a table's section: the placeholders' default argument */
    int rc;
} md_ctx;

static int has_samples(const report_model *m, const char *table)
{
    for (size_t r = 0; r < m->summary.nrows; r++)
        if (!strcmp(tsv_get(&m->summary, r, "table"), table))
            return 1;
    return 0;
}

static int in_run(const report_model *m, const char *table)
{
    char *list = xasprintf(",%s,", model_run(m, "tables"));
    char *needle = xasprintf(",%s,", table);
    int found = strstr(list, needle) != NULL;
    free(list);
    free(needle);
    return found;
}

/* Why a table has no numbers: the article's own reason, or this run's. */
static void unmeasured_reason(const report_model *m, const char *table, size_t tr, strbuf *out)
{
    if (!strcmp(tsv_get(&m->tables, tr, "status"), "not reproducible")) {
        sb_puts(out, "**not reproducible**: ");
        esc_md_cell(out, tsv_get(&m->tables, tr, "reason"));
        return;
    }
    sb_puts(out, "**not measured** in this run: ");
    if (!in_run(m, table)) {
        sb_puts(out, *model_run(m, "tables") ? "this version of repro has no workload for this "
                                               "table yet, or the run did not select it"
                                             : "the run did not record which tables it ran");
        return;
    }
    int any = 0;
    for (size_t r = 0; r < m->cells.nrows; r++)
        if (!strcmp(tsv_get(&m->cells, r, "table"), table) &&
            strcmp(tsv_get(&m->cells, r, "status"), "ok") != 0) {
            sb_puts(out, any ? "; " : "");
            esc_md_cell(out, tsv_get(&m->cells, r, "env"));
            sb_puts(out, ": ");
            esc_md_cell(out, tsv_get(&m->cells, r, "detail"));
            any = 1;
            if (any && r > 8) /* the first few reasons say it; cells.tsv has them all */
                break;
        }
    if (!any)
        sb_puts(out, "no environment produced samples");
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out);

/* Every table of tables.tsv, each from templates/table.md.tmpl, or table-unmeasured.md.tmpl
 * when it has no samples. */
static void all_tables(md_ctx *c, strbuf *out)
{
    for (size_t r = 0; r < c->m->tables.nrows; r++) {
        const char *id = tsv_get(&c->m->tables, r, "table");
        md_ctx sub = *c;
        sub.table = id;
        char *path =
            xasprintf("%s/%s", c->templates,
                      has_samples(c->m, id) ? "table.md.tmpl" : "table-unmeasured.md.tmpl");
        if (template_expand(path, expand, &sub, out) != 0)
            c->rc = -1;
        free(path);
    }
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out)
{
    md_ctx *c = vctx;
    const report_model *m = c->m;
    const char *t = *arg ? arg : c->table ? c->table : "";
    long tr = *t ? md_table_row(m, t) : -1;
    if (!strcmp(name, "run"))
        esc_md_cell(out, model_run(m, arg));
    else if (!strcmp(name, "machine"))
        machine_list(m, out);
    else if (!strcmp(name, "envs"))
        envs_table(m, out);
    else if (!strcmp(name, "meta"))
        meta_table(m, out);
    else if (!strcmp(name, "tables"))
        all_tables(c, out);
    else if (!strcmp(name, "how-to-read"))
        md_how_to_read(m, out);
    else if (tr < 0)
        return -1;
    else if (!strcmp(name, "id"))
        esc_md_cell(out, t);
    else if (!strcmp(name, "table"))
        md_measured_table(m, t, out);
    else if (!strcmp(name, "claims"))
        md_claims_table(m, t, out);
    else if (!strcmp(name, "checks"))
        md_checks_list(m, t, out);
    else if (!strcmp(name, "comparisons"))
        comparisons_table(m, t, out);
    else if (!strcmp(name, "figures"))
        figures(m, t, out);
    else if (!strcmp(name, "reason"))
        unmeasured_reason(m, t, (size_t)tr, out);
    else if (!strcmp(name, "title") || !strcmp(name, "section") || !strcmp(name, "note") ||
             !strcmp(name, "article-envs"))
        esc_md_cell(out, tsv_get(&m->tables, (size_t)tr,
                                 !strcmp(name, "article-envs") ? "article_envs" : name));
    else
        return -1;
    return 0;
}

int render_md(const report_model *m, const char *templates, const char *out_path)
{
    char *path = xasprintf("%s/report.md.tmpl", templates);
    strbuf sb = {0};
    md_ctx c = {.m = m, .templates = templates};
    int rc = template_expand(path, expand, &c, &sb);
    if (c.rc)
        rc = -1;
    free(path);
    if (rc == 0 && fs_save(out_path, sb.buf, sb.len) != 0)
        rc = -1;
    sb_free(&sb);
    return rc;
}
