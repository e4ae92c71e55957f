/* md_table.c - the measured table of one article table in Markdown: the article's rows with its
 * claimed values, then one row per environment (and benchmark, where a table has several), each
 * cell a median with its CI (at the run's level), and the notes that say why a cell is empty or not comparable. */
#include "md.h"

#include "format.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long md_table_row(const report_model *m, const char *table)
{
    for (size_t r = 0; r < m->tables.nrows; r++)
        if (strcmp(tsv_get(&m->tables, r, "table"), table) == 0)
            return (long)r;
    return -1;
}

void md_cell(strbuf *sb, const char *s)
{
    sb_puts(sb, " ");
    esc_md_cell(sb, s);
    sb_puts(sb, " |");
}

void md_header(strbuf *sb, size_t n, const char *const *cols)
{
    sb_puts(sb, "|");
    for (size_t i = 0; i < n; i++)
        md_cell(sb, cols[i]);
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

/* "BenchmarkRead4K/fs=own" -> "Read4K/fs=own": the row label of one benchmark. */
static const char *short_bench(const char *bench)
{
    return strncmp(bench, "Benchmark", 9) == 0 && bench[9] ? bench + 9 : bench;
}

/* The article's rows: one per article environment (and benchmark, where claims name one). */
static void article_rows(const report_model *m, const char *table, const char **metrics, size_t nm,
                         strbuf *sb)
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
        md_cell(sb, label);
        md_cell(sb, "");
        for (size_t i = 0; i < nm; i++) {
            const char *v = "";
            for (size_t q = 0; q < c->nrows; q++)
                if (!strcmp(tsv_get(c, q, "article_env"), ae) &&
                    !strcmp(tsv_get(c, q, "table"), table) &&
                    !strcmp(tsv_get(c, q, "bench"), bench) &&
                    !strcmp(tsv_get(c, q, "metric"), metrics[i]) &&
                    strcmp(tsv_get(c, q, "kind"), "ratio") != 0)
                    v = tsv_get(c, q, "claimed_text");
            md_cell(sb, *v ? v : "–");
        }
        md_cell(sb, "claimed");
        sb_puts(sb, "\n");
    }
}

/* An environment whose CPU was emulated (the vm under TCG): its timings are not comparable. */
int md_env_emulated(const report_model *m, const char *env)
{
    return strncmp(model_meta(m, env, "emulated"), "yes", 3) == 0;
}

/* Why an environment has no samples of a table: the workload's own reason (cells.tsv), else
 * the failed cells' ends. */
static void why_no_samples(const report_model *m, const char *table, const char *env, strbuf *note)
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
    md_cell(sb, label);
    long first = -1;
    size_t first_metric = 0;
    for (size_t i = 0; i < nm && first < 0; i++)
        if ((first = model_summary_row_bench(m, table, metrics[i], env, bench)) >= 0)
            first_metric = i;
    md_cell(sb, first >= 0 ? tsv_get(&m->summary, (size_t)first, "n") : "0");
    for (size_t i = 0; i < nm; i++) {
        long r = model_summary_row_bench(m, table, metrics[i], env, bench);
        char buf[160] = "–";
        if (r >= 0)
            fmt_value_ci(metrics[i], model_num(&m->summary, (size_t)r, "median"),
                         model_num(&m->summary, (size_t)r, "ci_lo"),
                         model_num(&m->summary, (size_t)r, "ci_hi"), buf, sizeof buf);
        md_cell(sb, buf);
    }
    strbuf note = {0};
    if (md_env_emulated(m, env))
        sb_puts(&note, "EMULATED CPU (TCG): timings not comparable; ");
    if (strcmp(status, "ok") != 0)
        sb_printf(&note, "%s: %s", status, tsv_get(&m->envs, e, "reason"));
    else if (first < 0 && label_bench)
        sb_puts(&note, "no samples of this benchmark here");
    else if (first < 0)
        why_no_samples(m, table, env, &note);
    else /* the spread of the first metric, and outliers labelled (never removed) */
        spread_note(m, (size_t)first, metrics[first_metric], &note);
    md_cell(sb, sb_str(&note));
    sb_free(&note);
    sb_puts(sb, "\n");
}

/* The measured table: the article's rows (claimed values), then one row per environment, or
 * per environment and benchmark when the table has several. */
void md_measured_table(const report_model *m, const char *table, strbuf *sb)
{
    long tr = md_table_row(m, table);
    if (tr < 0)
        return;
    const char *metrics[MAX_METRICS], *benches[64];
    char *storage;
    size_t nm = model_metrics(m, (size_t)tr, metrics, MAX_METRICS, &storage);
    size_t nb = model_benches(m, table, benches, 64);
    const char *cols[MAX_METRICS + 3];
    char names[MAX_METRICS][96], level[32];
    model_level(m, level, sizeof level);
    cols[0] = nb > 1 ? "Environment — benchmark" : "Environment";
    cols[1] = "n";
    for (size_t i = 0; i < nm; i++) {
        snprintf(names[i], sizeof names[i], "%s median [%s CI]", fmt_metric_name(metrics[i]),
                 level);
        cols[i + 2] = names[i];
    }
    cols[nm + 2] = "Notes";
    md_header(sb, nm + 3, cols);
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
