/* md.c - the Markdown report (GitHub-renderable GFM tables) from templates/report.md.tmpl.
 *
 * Placeholders it fills: {{run KEY}}, {{machine}}, {{envs}}, {{meta}}, {{tables}} (every
 * article table from table.md.tmpl or table-unmeasured.md.tmpl), and per table (the argument
 * defaults to the table being expanded): {{id}}, {{title}}, {{section}}, {{note}},
 * {{article-envs}}, {{table}}, {{claims}}, {{comparisons}}, {{reason}}, and {{figures}} (links to
 * the PNG charts under fig/; html.c inlines the SVG twins).
 * Every data string goes through esc_md_cell. */
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

#define MAX_METRICS 16

static long table_row(const report_model *m, const char *table)
{
    for (size_t r = 0; r < m->tables.nrows; r++)
        if (strcmp(tsv_get(&m->tables, r, "table"), table) == 0)
            return (long)r;
    return -1;
}

static void cell(strbuf *sb, const char *s)
{
    sb_puts(sb, " ");
    esc_md_cell(sb, s);
    sb_puts(sb, " |");
}

static void header(strbuf *sb, size_t n, const char *const *cols)
{
    sb_puts(sb, "|");
    for (size_t i = 0; i < n; i++)
        cell(sb, cols[i]);
    sb_puts(sb, "\n|");
    for (size_t i = 0; i < n; i++)
        sb_puts(sb, "---|");
    sb_puts(sb, "\n");
}

static void spread_note(const report_model *m, size_t row, const char *metric, strbuf *note)
{
    double cv = model_num(&m->summary, row, "cv");
    long mild = atol(tsv_get(&m->summary, row, "outliers_mild"));
    long extreme = atol(tsv_get(&m->summary, row, "outliers_extreme"));
    if (!isnan(cv))
        sb_printf(note, "spread of %s: CV %.1f%%", fmt_metric_name(metric), cv * 100);
    if (mild || extreme)
        sb_printf(note, "; outliers (Tukey, kept): %ld mild, %ld extreme", mild, extreme);
}

/* The benchmarks of a table, in the order analyze met them (at most max). */
static size_t table_benches(const report_model *m, const char *table, const char **out,
                            size_t max)
{
    size_t n = 0;
    for (size_t r = 0; r < m->summary.nrows && n < max; r++) {
        if (strcmp(tsv_get(&m->summary, r, "table"), table) != 0)
            continue;
        const char *b = tsv_get(&m->summary, r, "bench");
        int seen = 0;
        for (size_t k = 0; k < n && !seen; k++)
            seen = !strcmp(out[k], b);
        if (!seen)
            out[n++] = b;
    }
    return n;
}

/* "BenchmarkRead4K/fs=own" -> "Read4K/fs=own": the row label of one benchmark. */
static const char *short_bench(const char *bench)
{
    return strncmp(bench, "Benchmark", 9) == 0 && bench[9] ? bench + 9 : bench;
}

static long summary_row(const report_model *m, const char *table, const char *metric,
                        const char *env, const char *bench)
{
    for (size_t r = 0; r < m->summary.nrows; r++)
        if (!strcmp(tsv_get(&m->summary, r, "table"), table) &&
            !strcmp(tsv_get(&m->summary, r, "unit"), metric) &&
            !strcmp(tsv_get(&m->summary, r, "env"), env) &&
            (!bench || !strcmp(tsv_get(&m->summary, r, "bench"), bench)))
            return (long)r;
    return -1;
}

/* The article's rows: one per article environment (and benchmark, where claims name one). */
static void article_rows(const report_model *m, const char *table, const char **metrics,
                         size_t nm, strbuf *sb)
{
    for (size_t r = 0; r < m->claims.nrows; r++) {
        const tsv_table *c = &m->claims;
        const char *ae = tsv_get(c, r, "article_env"), *bench = tsv_get(c, r, "bench");
        if (!*ae || strcmp(tsv_get(c, r, "table"), table) != 0)
            continue;
        int seen = 0; /* the first claim of each (article env, bench) opens its row */
        for (size_t q = 0; q < r && !seen; q++)
            seen = !strcmp(tsv_get(c, q, "table"), table) &&
                   !strcmp(tsv_get(c, q, "article_env"), ae) &&
                   !strcmp(tsv_get(c, q, "bench"), bench);
        if (seen)
            continue;
        char label[300];
        snprintf(label, sizeof label, "article: %s%s%s", ae, *bench ? " — " : "",
                 *bench ? short_bench(bench) : "");
        sb_puts(sb, "|");
        cell(sb, label);
        cell(sb, "");
        for (size_t i = 0; i < nm; i++) {
            const char *v = "";
            for (size_t q = 0; q < c->nrows; q++)
                if (!strcmp(tsv_get(c, q, "article_env"), ae) &&
                    !strcmp(tsv_get(c, q, "table"), table) &&
                    !strcmp(tsv_get(c, q, "bench"), bench) &&
                    !strcmp(tsv_get(c, q, "metric"), metrics[i]) &&
                    strcmp(tsv_get(c, q, "kind"), "ratio") != 0)
                    v = tsv_get(c, q, "claimed_text");
            cell(sb, *v ? v : "–");
        }
        cell(sb, "claimed");
        sb_puts(sb, "\n");
    }
}

/* Why an environment has no samples of a table: the workload's own reason (cells.tsv), else
 * the failed cells' ends. */
static void why_no_samples(const report_model *m, const char *table, const char *env,
                           strbuf *note)
{
    const char *failed = NULL;
    for (size_t r = 0; r < m->cells.nrows; r++) {
        if (strcmp(tsv_get(&m->cells, r, "table"), table) ||
            strcmp(tsv_get(&m->cells, r, "env"), env))
            continue;
        const char *status = tsv_get(&m->cells, r, "status");
        if (!strcmp(status, "unsupported")) {
            sb_printf(note, "not run here: %s", tsv_get(&m->cells, r, "detail"));
            return;
        }
        if (!strcmp(status, "failed") && !failed)
            failed = tsv_get(&m->cells, r, "detail");
    }
    if (failed)
        sb_printf(note, "every cell failed (first: %s; see cells.tsv)", failed);
    else
        sb_puts(note, "no samples");
}

static int env_has_samples(const report_model *m, const char *table, const char *env)
{
    for (size_t r = 0; r < m->summary.nrows; r++)
        if (!strcmp(tsv_get(&m->summary, r, "table"), table) &&
            !strcmp(tsv_get(&m->summary, r, "env"), env))
            return 1;
    return 0;
}

/* One environment's row for one benchmark (bench NULL: the table's only one). */
static void env_row(const report_model *m, const char *table, size_t e, const char *bench,
                    int label_bench, const char **metrics, size_t nm, strbuf *sb)
{
    const char *env = tsv_get(&m->envs, e, "env"), *status = tsv_get(&m->envs, e, "status");
    char label[300];
    snprintf(label, sizeof label, "%s%s%s", env, label_bench ? " — " : "",
             label_bench ? short_bench(bench) : "");
    sb_puts(sb, "|");
    cell(sb, label);
    long first = -1;
    size_t first_metric = 0;
    for (size_t i = 0; i < nm && first < 0; i++)
        if ((first = summary_row(m, table, metrics[i], env, bench)) >= 0)
            first_metric = i;
    cell(sb, first >= 0 ? tsv_get(&m->summary, (size_t)first, "n") : "0");
    for (size_t i = 0; i < nm; i++) {
        long r = summary_row(m, table, metrics[i], env, bench);
        char buf[160] = "–";
        if (r >= 0)
            fmt_value_ci(metrics[i], model_num(&m->summary, (size_t)r, "median"),
                         model_num(&m->summary, (size_t)r, "ci_lo"),
                         model_num(&m->summary, (size_t)r, "ci_hi"), buf, sizeof buf);
        cell(sb, buf);
    }
    strbuf note = {0};
    if (strcmp(status, "ok") != 0)
        sb_printf(&note, "%s: %s", status, tsv_get(&m->envs, e, "reason"));
    else if (first < 0 && label_bench)
        sb_puts(&note, "no samples of this benchmark here");
    else if (first < 0)
        why_no_samples(m, table, env, &note);
    else /* the spread of the first metric, and outliers labelled (never removed) */
        spread_note(m, (size_t)first, metrics[first_metric], &note);
    cell(sb, sb_str(&note));
    sb_free(&note);
    sb_puts(sb, "\n");
}

/* The measured table: the article's rows (claimed values), then one row per environment, or
 * per environment and benchmark when the table has several. */
static void measured_table(const report_model *m, const char *table, strbuf *sb)
{
    long tr = table_row(m, table);
    if (tr < 0)
        return;
    const char *metrics[MAX_METRICS], *benches[64];
    char *storage;
    size_t nm = model_metrics(m, (size_t)tr, metrics, MAX_METRICS, &storage);
    size_t nb = table_benches(m, table, benches, 64);
    const char *cols[MAX_METRICS + 3];
    char names[MAX_METRICS][96];
    cols[0] = nb > 1 ? "Environment — benchmark" : "Environment";
    cols[1] = "n";
    for (size_t i = 0; i < nm; i++) {
        snprintf(names[i], sizeof names[i], "%s median [95%% CI]", fmt_metric_name(metrics[i]));
        cols[i + 2] = names[i];
    }
    cols[nm + 2] = "Notes";
    header(sb, nm + 3, cols);
    article_rows(m, table, metrics, nm, sb);
    for (size_t e = 0; e < m->envs.nrows; e++) {
        if (nb <= 1 || strcmp(tsv_get(&m->envs, e, "status"), "ok") != 0 ||
            !env_has_samples(m, table, tsv_get(&m->envs, e, "env"))) {
            env_row(m, table, e, nb == 1 ? benches[0] : NULL, 0, metrics, nm, sb);
            continue;
        }
        for (size_t b = 0; b < nb; b++)
            env_row(m, table, e, benches[b], 1, metrics, nm, sb);
    }
    free(storage);
    int any = 0; /* what the probes could not measure, and why */
    for (size_t r = 0; r < m->notes.nrows; r++) {
        if (strcmp(tsv_get(&m->notes, r, "table"), table) != 0)
            continue;
        sb_puts(sb, any ? "\n- " : "\nNot measured:\n\n- ");
        esc_md_cell(sb, tsv_get(&m->notes, r, "env"));
        sb_puts(sb, ", ");
        esc_md_cell(sb, tsv_get(&m->notes, r, "case"));
        sb_puts(sb, ": ");
        esc_md_cell(sb, tsv_get(&m->notes, r, "reason"));
        any = 1;
    }
    if (any)
        sb_puts(sb, "\n");
}

static void claims_table(const report_model *m, const char *table, strbuf *sb)
{
    size_t n = 0;
    for (size_t r = 0; r < m->claims.nrows; r++)
        n += !strcmp(tsv_get(&m->claims, r, "table"), table);
    if (!n) {
        sb_puts(sb, "No claim of this table is in data/claims/ yet.\n");
        return;
    }
    static const char *const cols[] = {"Claim", "Article says", "Env", "Measured [95% CI]",
                                       "Measured / claimed", "Adjusted p", "Verdict", "Why"};
    header(sb, 8, cols);
    for (size_t r = 0; r < m->claims.nrows; r++) {
        const tsv_table *c = &m->claims;
        if (strcmp(tsv_get(c, r, "table"), table) != 0)
            continue;
        const char *kind = tsv_get(c, r, "kind"), *metric = tsv_get(c, r, "metric");
        char measured[160], factor[64], p[32], env[256];
        double v = model_num(c, r, "measured"), lo = model_num(c, r, "lo"),
               hi = model_num(c, r, "hi"), f = model_num(c, r, "factor");
        if (!strcmp(kind, "ratio"))
            fmt_ratio_ci(v, lo, hi, measured, sizeof measured);
        else if (!strcmp(kind, "count"))
            snprintf(measured, sizeof measured, isnan(v) ? "–" : "%g (range %g to %g)", v, lo,
                     hi);
        else
            fmt_value_ci(metric, v, lo, hi, measured, sizeof measured);
        if (isnan(f))
            snprintf(factor, sizeof factor, "–");
        else
            snprintf(factor, sizeof factor, "%.3gx", f);
        snprintf(env, sizeof env, "%s%s%s%s", tsv_get(c, r, "env"),
                 *tsv_get(c, r, "env_note") ? " (" : "", tsv_get(c, r, "env_note"),
                 *tsv_get(c, r, "env_note") ? ")" : "");
        sb_puts(sb, "|");
        cell(sb, tsv_get(c, r, "text"));
        cell(sb, tsv_get(c, r, "claimed_text"));
        cell(sb, env);
        cell(sb, measured);
        cell(sb, factor);
        cell(sb, fmt_p(model_num(c, r, "p_adj"), p, sizeof p));
        sb_puts(sb, " **");
        esc_md_cell(sb, tsv_get(c, r, "verdict"));
        sb_puts(sb, "** |");
        cell(sb, tsv_get(c, r, "detail"));
        sb_puts(sb, "\n");
    }
}

static void comparisons_table(const report_model *m, const char *table, strbuf *sb)
{
    static const char *const cols[] = {"Metric", "Benchmark", "Env", "vs",
                                       "Ratio of medians [95% CI]", "p (Mann–Whitney)",
                                       "p (adjusted)", "Significant", "Notes"};
    header(sb, 9, cols);
    for (size_t r = 0; r < m->cmp.nrows; r++) {
        const tsv_table *c = &m->cmp;
        if (strcmp(tsv_get(c, r, "table"), table) != 0)
            continue;
        char ratio[96], p[32], padj[32];
        sb_puts(sb, "|");
        cell(sb, fmt_metric_name(tsv_get(c, r, "unit")));
        cell(sb, tsv_get(c, r, "bench"));
        cell(sb, tsv_get(c, r, "env"));
        /* Against another environment, or (a claim's pair) another benchmark of the same one. */
        const char *base = tsv_get(c, r, "baseline"), *base_bench = tsv_get(c, r, "baseline_bench");
        cell(sb, !strcmp(base, tsv_get(c, r, "env")) && *base_bench ? base_bench : base);
        cell(sb, fmt_ratio_ci(model_num(c, r, "ratio"), model_num(c, r, "ratio_lo"),
                              model_num(c, r, "ratio_hi"), ratio, sizeof ratio));
        cell(sb, fmt_p(model_num(c, r, "p"), p, sizeof p));
        cell(sb, fmt_p(model_num(c, r, "p_adj"), padj, sizeof padj));
        cell(sb, tsv_get(c, r, "significant"));
        cell(sb, tsv_get(c, r, "warnings"));
        sb_puts(sb, "\n");
    }
}

static void envs_table(const report_model *m, strbuf *sb)
{
    static const char *const cols[] = {"Env", "What it is", "Status", "Reason"};
    header(sb, 4, cols);
    for (size_t r = 0; r < m->envs.nrows; r++) {
        sb_puts(sb, "|");
        cell(sb, tsv_get(&m->envs, r, "env"));
        cell(sb, tsv_get(&m->envs, r, "what"));
        cell(sb, tsv_get(&m->envs, r, "status"));
        cell(sb, tsv_get(&m->envs, r, "reason"));
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
    header(sb, ne + 1, cols);
    for (size_t r = 0; r < m->meta.nrows; r++) {
        const char *key = tsv_get(&m->meta, r, "key");
        int first = 1;
        for (size_t q = 0; q < r && first; q++)
            first = strcmp(tsv_get(&m->meta, q, "key"), key) != 0;
        if (!first)
            continue;
        sb_puts(sb, "|");
        cell(sb, key);
        for (size_t e = 0; e < ne; e++) {
            const char *v = "";
            for (size_t q = 0; q < m->meta.nrows; q++)
                if (!strcmp(tsv_get(&m->meta, q, "key"), key) &&
                    !strcmp(tsv_get(&m->meta, q, "env"), cols[e + 1]))
                    v = tsv_get(&m->meta, q, "value");
            cell(sb, v);
        }
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
        char *path = xasprintf("%s/%s", c->templates,
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
    long tr = *t ? table_row(m, t) : -1;
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
    else if (tr < 0)
        return -1;
    else if (!strcmp(name, "id"))
        esc_md_cell(out, t);
    else if (!strcmp(name, "table"))
        measured_table(m, t, out);
    else if (!strcmp(name, "claims"))
        claims_table(m, t, out);
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
    if (rc == 0 && fs_write_atomic(out_path, sb.buf, sb.len) != 0) {
        log_error("%s: %s", out_path, strerror(errno));
        rc = -1;
    }
    sb_free(&sb);
    return rc;
}
