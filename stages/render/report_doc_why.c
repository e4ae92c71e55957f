/* report_doc_why.c - says why a difference exists, as far as the ablation arms isolate it. In
 * the answer: one small table on the headline's metric (report_why_view, which every format
 * shows): the totals, each arm's ratio with / without its factor, what the factors leave (or
 * "not closed", naming the factors no arm isolated), and one line naming what was not measured
 * and why. In each armed table's section: every row of attrib.tsv (docs/formats.md) and which
 * arms could not run here, with the reason (the errno, the vulnerability file), so a factor never
 * vanishes silently. Reads the model's attrib.tsv itself (an optional file: older models have
 * none). */
#include "report_doc_why.h"

#include "format.h"
#include "log.h"
#include "numfmt.h"
#include "schema_why.h"
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
    int rc = access(path, R_OK) == 0 ? tsv_load_as(path, &attrib_schema, t) : -1;
    free(path);
    return rc;
}

/* A ratio and its interval; one that holds 1 reads as no detectable difference, never as an
 * effect (docs/verdicts.md). */
static const char *holds_one_text(double v, double lo, double hi, char *buf, size_t len)
{
    char ci[96];
    fmt_ratio_ci(v, lo, hi, ci, sizeof ci);
    snprintf(buf, len, "%s%s", isfinite(lo) && isfinite(hi) && lo <= 1 && hi >= 1
                                   ? "no detectable difference: " : "", ci);
    return buf;
}

static const char *ratio_text(const tsv_table *t, size_t i, char *buf, size_t len)
{
    double v, lo, hi;
    if (num_parse(attrib_at(t, i, ATTRIB_RATIO), &v) != 0 || isnan(v))
        return "not measured";
    num_parse(attrib_at(t, i, ATTRIB_LO), &lo);
    num_parse(attrib_at(t, i, ATTRIB_HI), &hi);
    return holds_one_text(v, lo, hi, buf, len);
}

static int row_is(const tsv_table *t, size_t i, const char *table, const char *unit,
                  const char *bench)
{
    return !strcmp(attrib_at(t, i, ATTRIB_TABLE), table) &&
           (!unit || !strcmp(attrib_at(t, i, ATTRIB_UNIT), unit)) &&
           (!bench || !*bench || !strcmp(attrib_at(t, i, ATTRIB_BENCH), bench));
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
    if (t->nrows == 0 || num_parse(attrib_at(t, 0, ATTRIB_CONF), &c) != 0 || isnan(c))
        return "?";
    snprintf(buf, sizeof buf, "%g", c * 100);
    return buf;
}

const char *const report_why_cols[3] = {"Ratio of", "What it measures", "Value [interval]"};

static void add_line(why_view *v, const char *pair, const char *what, const char *value)
{
    v->lines = xrealloc(v->lines, (v->n + 1) * sizeof *v->lines);
    v->lines[v->n++] = (why_line){xstrdup(pair), xstrdup(what), xstrdup(value)};
}

/* Appends name to the comma-separated list sb unless it is there. */
static void add_name(strbuf *sb, const char *name)
{
    const char *s = sb_str(sb);
    size_t n = strlen(name);
    for (const char *p = s; (p = strstr(p, name)) != NULL; p += n)
        if ((p == s || (p - s >= 2 && p[-2] == ',')) && (p[n] == ',' || p[n] == '\0'))
            return;
    sb_printf(sb, "%s%s", sb->len ? ", " : "", name);
}

/* The row of attrib.tsv with this part and env among rows [from, to), or -1. */
static long find_part(const tsv_table *t, size_t from, size_t to, const char *part,
                      const char *env)
{
    for (size_t i = from; i < to; i++)
        if (!strcmp(attrib_at(t, i, ATTRIB_PART), part) &&
            (!env || !strcmp(attrib_at(t, i, ATTRIB_ENV), env)))
            return (long)i;
    return -1;
}

/* A total's line and, after the arms, what its factors leave: the number when every factor
 * separating the pair was measured, else the note ("not closed: capabilities, daemon not
 * isolated"); its factors no arm measured go into unisolated. */
static void total_lines(const tsv_table *t, size_t i, const rep_claim *c, why_view *v,
                        why_view *rest, strbuf *unisolated)
{
    char buf[192], pair[160];
    snprintf(pair, sizeof pair, "%s / %s", attrib_at(t, i, ATTRIB_ENV),
             attrib_at(t, i, ATTRIB_BASELINE));
    /* the claim's own pair: the answer's numbers, so the first screen has one docker / host */
    int answer = c->baseline && !strcmp(attrib_at(t, i, ATTRIB_ENV), c->env) &&
                 !strcmp(attrib_at(t, i, ATTRIB_BASELINE), c->baseline) && isfinite(c->measured);
    if (answer) {
        char ci[128];
        holds_one_text(c->measured, c->lo, c->hi, ci, sizeof ci);
        snprintf(buf, sizeof buf, "%s at %.4g%% (the answer's interval)", ci, 100 * c->level);
    }
    add_line(v, pair, "the whole difference", answer ? buf : ratio_text(t, i, buf, sizeof buf));
    size_t j = i + 1;
    for (; j < t->nrows && !strcmp(attrib_at(t, j, ATTRIB_PART), "factor"); j++)
        if (!*attrib_at(t, j, ATTRIB_ARM))
            add_name(unisolated, attrib_at(t, j, ATTRIB_FACTOR));
    if (j >= t->nrows || strcmp(attrib_at(t, j, ATTRIB_PART), "unexplained") != 0)
        return;
    double u;
    const char *value = num_parse(attrib_at(t, j, ATTRIB_RATIO), &u) == 0 && !isnan(u)
                            ? ratio_text(t, j, buf, sizeof buf)
                        : !strncmp(attrib_at(t, j, ATTRIB_NOTE), "not closed", 10)
                            ? attrib_at(t, j, ATTRIB_NOTE)
                            : "not measured";
    add_line(rest, pair, "what the factors leave", value);
}

/* The arms that did not run: "ssbd, stibp" into sb. */
static void factors_not_run(const report *r, strbuf *sb)
{
    size_t k = 0;
    while (k < r->nmeta && strcmp(r->meta[k].key, "arm_factor") != 0)
        k++;
    for (size_t i = 0; k < r->nmeta && i < r->nenvs; i++) {
        const char *f = r->meta[k].values[i];
        if (!r->envs[i].ok && *f)
            add_name(sb, !strncmp(f, "no-", 3) ? f + 3 : f);
    }
}

/* The view's lines for claim c's table, metric and benchmark: the totals of the claim's
 * environment and of each arm's reference that is not the baseline, each arm's ratio, then
 * what each total's factors leave. */
static void view_lines(const tsv_table *t, const char *table, const rep_claim *c, why_view *v,
                       strbuf *unisolated)
{
    size_t from = t->nrows, to = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (row_is(t, i, table, c->metric, c->bench))
            from = from < i ? from : i, to = i + 1;
    if (from >= to)
        return;
    strbuf envs = {0};
    why_view rest = {0};
    add_name(&envs, c->env);
    for (size_t i = from; i < to; i++)
        if (!strcmp(attrib_at(t, i, ATTRIB_PART), "arm"))
            add_name(&envs, attrib_at(t, i, ATTRIB_BASELINE));
    char *list = xstrdup(sb_str(&envs));
    for (char *e = strtok(list, ", "); e; e = strtok(NULL, ", ")) {
        long i = find_part(t, from, to, "total", e);
        if (i >= 0)
            total_lines(t, (size_t)i, c, v, &rest, unisolated);
    }
    free(list);
    char buf[128], pair[160];
    for (size_t i = from; i < to; i++) {
        if (strcmp(attrib_at(t, i, ATTRIB_PART), "arm") != 0)
            continue;
        const char *arm = attrib_at(t, i, ATTRIB_ENV), *ref = attrib_at(t, i, ATTRIB_BASELINE);
        const char *factor = attrib_at(t, i, ATTRIB_FACTOR);
        int removes = !strncmp(factor, "no-", 3); /* then reference / arm is with / without */
        snprintf(pair, sizeof pair, "%s / %s", removes ? ref : arm, removes ? arm : ref);
        add_line(v, pair, removes ? factor + 3 : factor, ratio_text(t, i, buf, sizeof buf));
    }
    for (size_t i = 0; i < rest.n; i++)
        add_line(v, rest.lines[i].pair, rest.lines[i].what, rest.lines[i].value);
    report_why_view_free(&rest);
    sb_free(&envs);
}

int report_why_view(const report *r, const rep_claim *c, why_view *v)
{
    tsv_table t;
    memset(v, 0, sizeof *v);
    if (!c || load_attrib(r, &t) != 0)
        return 0;
    const char *table = r->tables[c->table].id;
    strbuf intro = {0}, missing = {0}, unisolated = {0}, not_run = {0};
    view_lines(&t, table, c, v, &unisolated);
    if (v->n)
        sb_printf(&intro,
                  "the %s of %s, split into the factors the ablation arms isolate, each "
                  "with / without it (%s%% intervals, Hodges-Lehmann within the rounds "
                  "both ran, as every ratio is, but the answer's own pair with the "
                  "answer's interval); one "
                  "that holds 1 reads as no detectable difference; what "
                  "the factors leave is a number only when every factor separating the "
                  "pair was measured (docs/mechanisms.md).",
                  fmt_metric_name(c->metric), *c->bench ? c->bench : table, conf_text(&t));
    else
        sb_printf(&intro, "no ablation arm ran on %s's %s here, so no factor is isolated.", table,
                  c->metric);
    factors_not_run(r, &not_run);
    if (not_run.len || unisolated.len)
        sb_puts(&missing, "Not measured here: ");
    if (not_run.len)
        sb_printf(&missing, "%s (their arms could not run on this machine: see Problems in this "
                            "run)%s",
                  sb_str(&not_run), unisolated.len ? "; " : ".");
    if (unisolated.len)
        sb_printf(&missing, "%s (no arm isolates them on %s).", sb_str(&unisolated), table);
    for (size_t i = 0; v->n && i < r->nenvs; i++) /* an arm that ran but cannot show all */
        if (r->envs[i].ok && r->envs[i].reason && *r->envs[i].reason && is_arm(r, i))
            sb_printf(&missing, "%s%s: %s.", missing.len ? " " : "", r->envs[i].name,
                      r->envs[i].reason);
    v->intro = xstrdup(sb_str(&intro));
    v->missing = xstrdup(sb_str(&missing));
    sb_free(&intro);
    sb_free(&missing);
    sb_free(&unisolated);
    sb_free(&not_run);
    tsv_free(&t);
    return 1;
}

void report_why_view_free(why_view *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->lines[i].pair);
        free(v->lines[i].what);
        free(v->lines[i].value);
    }
    free(v->lines);
    free(v->intro);
    free(v->missing);
    memset(v, 0, sizeof *v);
}

void report_doc_why(const report *r, const rep_claim *c, doc *d)
{
    why_view v;
    if (!report_why_view(r, c, &v))
        return;
    doc_inline *in = doc_para(d);
    doc_strong(in, "Why");
    doc_text(in, ": ");
    doc_text(in, v.intro);
    if (v.n) {
        doc_block *tb = doc_table(d, 3);
        doc_header(tb, report_why_cols);
        for (size_t i = 0; i < v.n; i++) {
            doc_row_add(tb, NULL, NULL);
            doc_text(doc_cell(tb, 0), v.lines[i].pair);
            doc_text(doc_cell(tb, 1), v.lines[i].what);
            doc_text(doc_cell(tb, 2), v.lines[i].value);
        }
    }
    if (*v.missing)
        doc_text(doc_para(d), v.missing);
    report_why_view_free(&v);
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
            doc_text(in, ": each factor an ablation arm isolates, with / without it; under each "
                         "environment's difference from the baseline every factor that separates "
                         "them and what they leave, a number only when all were measured "
                         "(docs/mechanisms.md, \"Attribution\").");
            tb = doc_table(d, 8);
            doc_header(tb, cols);
        }
        char buf[128];
        doc_row_add(tb, NULL, NULL);
        doc_text(doc_cell(tb, 0), attrib_at(&t, i, ATTRIB_UNIT));
        doc_text(doc_cell(tb, 1), attrib_at(&t, i, ATTRIB_BENCH));
        doc_text(doc_cell(tb, 2), attrib_at(&t, i, ATTRIB_PART));
        const char *env = attrib_at(&t, i, ATTRIB_ENV), *base = attrib_at(&t, i, ATTRIB_BASELINE);
        const char *factor = attrib_at(&t, i, ATTRIB_FACTOR);
        /* an arm's ratio is with / without its factor: reference / arm when the arm removes
         * it (no-seccomp), so the label names the pair in the ratio's order */
        int removes = !strcmp(attrib_at(&t, i, ATTRIB_PART), "arm") && !strncmp(factor, "no-", 3);
        doc_textf(doc_cell(tb, 3), "%s / %s", removes ? base : env, removes ? env : base);
        doc_text(doc_cell(tb, 4), removes ? factor + 3 : factor);
        doc_text(doc_cell(tb, 5), attrib_at(&t, i, ATTRIB_ARM));
        doc_text(doc_cell(tb, 6), ratio_text(&t, i, buf, sizeof buf));
        doc_text(doc_cell(tb, 7), attrib_at(&t, i, ATTRIB_NOTE));
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
