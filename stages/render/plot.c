/* plot.c - the charts, drawn by gnuplot from templates/bar.gp and strip.gp: per metric of every
 * article table, the medians with their CIs (at the run's level) and the article's claims, and the raw samples,
 * per environment (and benchmark: plot_layout.c places them). C only computes numbers and
 * escapes strings; gnuplot runs in a temp dir, never in OUT. */
#include "render.h"

#include "plot.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"
#include "proc.h"
#include "template.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_METRICS 16
/* Beyond this ratio between the largest and smallest value shown, the y axis is logarithmic. */
#define LOG_SCALE_SPAN 10.0
#define GNUPLOT_TIMEOUT_S 60.0

/* What the placeholders of one chart's template expand to. Strings are escaped already. */
typedef struct {
    const char *svg, *png, *data; /* paths in the temp dir */
    char level[32];               /* the run's confidence level, "95%" */
    const plot_layout *layout;
    strbuf title, ylabel, claims;
    size_t nclaims;
    int log, bounded_cis;
    double ymin, ymax; /* in the display scale */
} chart;

/* The smallest positive and the largest of the values a chart shows (sample unit). */
typedef struct {
    double lo_pos, hi;
    int nonpos; /* some value is <= 0: no log scale */
    int any;
} value_range;

static void range_add(value_range *r, double v)
{
    if (!isfinite(v))
        return;
    if (!r->any || v > r->hi)
        r->hi = v;
    if (v <= 0)
        r->nonpos = 1;
    else if (r->lo_pos == 0 || v < r->lo_pos)
        r->lo_pos = v;
    r->any = 1;
}

static int has_data(const report_model *m, const char *table, const char *unit)
{
    for (size_t r = 0; r < m->summary.nrows; r++)
        if (!strcmp(tsv_get(&m->summary, r, "table"), table) &&
            !strcmp(tsv_get(&m->summary, r, "unit"), unit) &&
            isfinite(model_num(&m->summary, r, "median")))
            return 1;
    return 0;
}

static void stem(const char *table, const char *unit, const char *kind, char *buf, size_t len)
{
    char t[64], u[64];
    fmt_slug(table, t, sizeof t);
    fmt_slug(fmt_metric_name(unit), u, sizeof u);
    snprintf(buf, len, "%s-%s-%s", t, u, kind);
}

size_t render_figures(const report_model *m, const char *table, render_figure *out, size_t max)
{
    const char *benches[2];
    const char *each =
        model_benches(m, table, benches, 2) > 1 ? "environment and benchmark" : "environment";
    size_t n = 0;
    for (size_t t = 0; t < m->tables.nrows; t++) {
        if (strcmp(tsv_get(&m->tables, t, "table"), table) != 0)
            continue;
        const char *metrics[MAX_METRICS];
        char *storage;
        size_t nm = model_metrics(m, t, metrics, MAX_METRICS, &storage);
        for (size_t i = 0; i < nm && n + 2 <= max; i++) {
            if (!has_data(m, table, metrics[i]))
                continue;
            const char *name = fmt_metric_name(metrics[i]);
            stem(table, metrics[i], "bars", out[n].stem, sizeof out[n].stem);
            char level[32];
            snprintf(out[n++].alt, sizeof out->alt,
                     "%s, %s: the median of each %s with its %s CI and the article's claims",
                     table, name, each, model_level(m, level, sizeof level));
            stem(table, metrics[i], "samples", out[n].stem, sizeof out[n].stem);
            snprintf(out[n++].alt, sizeof out->alt,
                     "%s, %s: every sample of each %s, with the median", table, name, each);
        }
        free(storage);
    }
    return n;
}

static void num(strbuf *sb, double v)
{
    if (isfinite(v))
        sb_printf(sb, "%.9g", v);
    else
        sb_puts(sb, "NaN");
}

/* Axis and title shared by both kinds of chart: the scale fits a typical measured value, the axis
 * is logarithmic when the values span more than LOG_SCALE_SPAN (so an article's figure 100x off
 * does not flatten the measurements), and the title says so, and what the benchmark groups'
 * labels leave out. */
static fmt_scale set_axis(chart *c, const char *table, const char *unit, value_range r,
                          double typical, const char *what)
{
    fmt_scale s = fmt_scale_for(unit, typical);
    c->log = !r.nonpos && r.lo_pos > 0 && r.hi / r.lo_pos > LOG_SCALE_SPAN;
    if (c->log) {
        c->ymin = pow(10, floor(log10(r.lo_pos / s.divisor)));
        c->ymax = pow(10, ceil(log10(r.hi * 1.5 / s.divisor)));
    } else {
        c->ymin = 0;
        c->ymax = r.hi > 0 ? r.hi * 1.15 / s.divisor : 1;
    }
    esc_gnuplot(&c->title, table);
    sb_puts(&c->title, ", ");
    esc_gnuplot(&c->title, fmt_metric_name(unit));
    sb_printf(&c->title, ": %s", what);
    if (c->layout->note.len)
        sb_printf(&c->title, "\\n%s", c->layout->note.buf);
    if (c->log)
        sb_printf(&c->title, "\\nlog scale: the values shown span a factor of %.0f",
                  r.hi / r.lo_pos);
    esc_gnuplot(&c->ylabel, fmt_metric_name(unit));
    if (*s.label) {
        sb_puts(&c->ylabel, " (");
        esc_gnuplot(&c->ylabel, s.label);
        sb_puts(&c->ylabel, c->log ? ", log scale)" : ")");
    }
    return s;
}

/* Where y (display scale) is between the bottom (0) and the top (1) of the plot. */
static double y_fraction(const chart *c, double y)
{
    double f = c->log ? (log10(y) - log10(c->ymin)) / (log10(c->ymax) - log10(c->ymin))
                      : (y - c->ymin) / (c->ymax - c->ymin);
    return isfinite(f) ? fmin(fmax(f, 0), 1) : 0;
}

/* Where a bar chart marks claim r: an absolute figure or a count of this metric, at the slot of
 * its environment and benchmark; -1 when it is not drawn. */
static long claim_slot(const report_model *m, const plot_layout *l, size_t r, const char *table,
                       const char *unit)
{
    const tsv_table *c = &m->claims;
    if (strcmp(tsv_get(c, r, "table"), table) || strcmp(tsv_get(c, r, "metric"), unit) ||
        !strcmp(tsv_get(c, r, "kind"), "ratio") || !isfinite(model_num(c, r, "claimed")))
        return -1;
    return plot_layout_find(l, m, table, unit, tsv_get(c, r, "env"), tsv_get(c, r, "bench"));
}

/* Data: x, median, CI low, CI high per slot; the claims as labels. */
static void bar_chart(const report_model *m, const char *table, const char *unit, chart *c,
                      strbuf *data)
{
    const plot_layout *l = c->layout;
    const tsv_table *sm = &m->summary;
    value_range r = {0};
    double largest_median = 0;
    int any_bounded = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->slots[i].row < 0)
            continue;
        size_t row = (size_t)l->slots[i].row;
        double med = model_num(sm, row, "median");
        if (isfinite(med) && med > largest_median)
            largest_median = med;
        double lo = model_num(sm, row, "ci_lo"), hi = model_num(sm, row, "ci_hi");
        any_bounded |= isfinite(lo) && isfinite(hi);
        range_add(&r, med);
        range_add(&r, lo);
        range_add(&r, hi);
    }
    for (size_t k = 0; k < m->claims.nrows; k++)
        if (claim_slot(m, l, k, table, unit) >= 0)
            range_add(&r, model_num(&m->claims, k, "claimed"));
    char what[160], level[32];
    model_level(m, level, sizeof level);
    snprintf(what, sizeof what, "median per %s%s%s%s",
             l->benches ? "environment and benchmark" : "environment",
             any_bounded ? " with " : " (too few samples for a ", level,
             any_bounded ? " CI" : " CI)");
    fmt_scale s = set_axis(c, table, unit, r, largest_median, what);

    for (size_t i = 0; i < l->n; i++) {
        long row = l->slots[i].row;
        double med = row < 0 ? NAN : model_num(sm, (size_t)row, "median");
        double lo = row < 0 ? NAN : model_num(sm, (size_t)row, "ci_lo");
        double hi = row < 0 ? NAN : model_num(sm, (size_t)row, "ci_hi");
        int bounded = isfinite(lo) && isfinite(hi);
        c->bounded_cis |= bounded;
        num(data, l->slots[i].x);
        sb_putc(data, ' ');
        num(data, med / s.divisor);
        sb_putc(data, ' ');
        num(data, bounded ? lo / s.divisor : NAN);
        sb_putc(data, ' ');
        num(data, bounded ? hi / s.divisor : NAN);
        sb_putc(data, '\n');
    }
    /* With several benchmarks claims crowd: a label says "WSL1: 127 µs" (the key says whose
     * figures the marks are), and may turn or be cut where it would cover another. */
    plot_labels placed = {0};
    for (size_t k = 0; k < m->claims.nrows && l->benches; k++) {
        long slot = claim_slot(m, l, k, table, unit);
        if (slot >= 0)
            plot_claim_point(&placed, l, l->slots[slot].x,
                             y_fraction(c, model_num(&m->claims, k, "claimed") / s.divisor));
    }
    strbuf text = {0};
    for (size_t k = 0; k < m->claims.nrows; k++) {
        long slot = claim_slot(m, l, k, table, unit);
        if (slot < 0)
            continue;
        const char *who = tsv_get(&m->claims, k, "article_env");
        sb_reset(&text);
        if (!l->benches || !*who)
            sb_puts(&text, "article");
        sb_printf(&text, "%s%s%s: ", *who && !l->benches ? " (" : "", who,
                  *who && !l->benches ? ")" : "");
        size_t prefix = text.len;
        sb_puts(&text, tsv_get(&m->claims, k, "claimed_text"));
        double x = l->slots[slot].x, y = model_num(&m->claims, k, "claimed") / s.divisor;
        /* A label reads away from the nearer edge: rightwards in the left half. */
        int rightwards = 2 * x <= l->xmax;
        if (l->benches)
            rightwards =
                plot_claim_label(&placed, l, x, y_fraction(c, y), rightwards, &text, prefix);
        sb_printf(&c->claims, "set label %zu \"", ++c->nclaims);
        esc_gnuplot(&c->claims, sb_str(&text));
        sb_puts(&c->claims, "\" at ");
        num(&c->claims, x);
        sb_puts(&c->claims, ", ");
        num(&c->claims, y);
        sb_puts(&c->claims, rightwards ? " @claim_left\n" : " @claim_right\n");
    }
    sb_free(&text);
    free(placed.boxes);
}

/* Sideways offset of the k-th sample of a slot: the golden-ratio sequence spreads any number of
 * points evenly over [-0.25, 0.25) without a random generator. */
static double jitter(size_t k)
{
    return (fmod(0.5 + (double)k * 0.6180339887498949, 1.0) - 0.5) * 0.5;
}

/* Data: block 0 = every sample at its slot's x plus its offset, block 1 = the medians. */
static void strip_chart(const report_model *m, const char *table, const char *unit, chart *c,
                        strbuf *data)
{
    const plot_layout *l = c->layout;
    const tsv_table *sm = &m->samples;
    value_range r = {0};
    for (size_t k = 0; k < sm->nrows; k++)
        if (!strcmp(tsv_get(sm, k, "table"), table) && !strcmp(tsv_get(sm, k, "unit"), unit))
            range_add(&r, model_num(sm, k, "value"));
    fmt_scale s = set_axis(c, table, unit, r, r.hi,
                           l->benches ? "every sample per environment and benchmark, bar = median"
                                      : "every sample per environment, bar = median");

    for (size_t i = 0; i < l->n; i++) {
        const char *env = tsv_get(&m->envs, l->slots[i].env, "env"), *bench = l->slots[i].bench;
        size_t n = 0;
        for (size_t k = 0; k < sm->nrows; k++) {
            if (strcmp(tsv_get(sm, k, "table"), table) || strcmp(tsv_get(sm, k, "unit"), unit) ||
                strcmp(tsv_get(sm, k, "env"), env) ||
                (bench && strcmp(tsv_get(sm, k, "bench"), bench)))
                continue;
            num(data, l->slots[i].x + jitter(n++));
            sb_putc(data, ' ');
            num(data, model_num(sm, k, "value") / s.divisor);
            sb_putc(data, '\n');
        }
    }
    sb_puts(data, "\n\n");
    for (size_t i = 0; i < l->n; i++) {
        if (l->slots[i].row < 0)
            continue;
        num(data, l->slots[i].x);
        sb_putc(data, ' ');
        num(data, model_num(&m->summary, (size_t)l->slots[i].row, "median") / s.divisor);
        sb_putc(data, '\n');
    }
}

static int expand(void *ctx, const char *name, const char *arg, strbuf *out)
{
    chart *c = ctx;
    (void)arg;
    if (!strcmp(name, "svg"))
        esc_gnuplot(out, c->svg);
    else if (!strcmp(name, "png"))
        esc_gnuplot(out, c->png);
    else if (!strcmp(name, "data"))
        esc_gnuplot(out, c->data);
    else if (!strcmp(name, "title"))
        sb_puts(out, sb_str(&c->title));
    else if (!strcmp(name, "ylabel"))
        sb_puts(out, sb_str(&c->ylabel));
    else if (!strcmp(name, "xtics"))
        sb_puts(out, c->layout->xtics.buf ? c->layout->xtics.buf : "");
    else if (!strcmp(name, "claims"))
        sb_puts(out, sb_str(&c->claims));
    else if (!strcmp(name, "claims_count"))
        sb_printf(out, "%zu", c->nclaims);
    else if (!strcmp(name, "bounded_cis"))
        sb_printf(out, "%d", c->bounded_cis);
    else if (!strcmp(name, "log"))
        sb_printf(out, "%d", c->log);
    else if (!strcmp(name, "level"))
        esc_gnuplot(out, c->level);
    else if (!strcmp(name, "xmax"))
        sb_printf(out, "%.9g", c->layout->xmax);
    else if (!strcmp(name, "ymin"))
        sb_printf(out, "%.9g", c->ymin);
    else if (!strcmp(name, "ymax"))
        sb_printf(out, "%.9g", c->ymax);
    else
        return -1;
    return 0;
}

static int write_file(const char *path, const strbuf *sb)
{
    if (fs_write_atomic(path, sb->buf ? sb->buf : "", sb->len) == 0)
        return 0;
    log_error("%s: %s", path, strerror(errno));
    return -1;
}

/* Runs gnuplot on the chart's script; whatever it says on stderr is passed on. */
static int run_gnuplot(const char *script, const char *log_path)
{
    char *argv[] = {"gnuplot", "-d", (char *)script, NULL}; /* -d: no ~/.gnuplot */
    proc_opts o = {
        .stdout_path = log_path, .stderr_path = log_path, .timeout_s = GNUPLOT_TIMEOUT_S};
    proc_result r;
    if (proc_run(argv, &o, &r) != 0)
        return -1;
    char *said = fs_read_file(log_path, NULL);
    if (said && *said)
        log_warn("gnuplot %s:\n%s", script, said);
    free(said);
    if (!proc_ok(&r)) {
        char why[96];
        log_error("gnuplot %s: %s", script, proc_describe(&r, why, sizeof why));
        return -1;
    }
    return 0;
}

/* Draws one chart in tmp and copies its SVG and PNG to out_dir/fig/<name>.{svg,png}. */
static int draw(const report_model *m, const char *templates, const char *tmp, const char *out_dir,
                const char *table, const char *unit, int bars)
{
    char name[192];
    stem(table, unit, bars ? "bars" : "samples", name, sizeof name);
    char *tmpl = xasprintf("%s/%s", templates, bars ? "bar.gp" : "strip.gp");
    char *svg = xasprintf("%s/%s.svg", tmp, name), *png = xasprintf("%s/%s.png", tmp, name);
    char *dat = xasprintf("%s/%s.dat", tmp, name), *gp = xasprintf("%s/%s.gp", tmp, name);
    char *log_path = xasprintf("%s/%s.log", tmp, name);
    plot_layout layout;
    plot_layout_make(m, table, unit, &layout);
    chart c = {.svg = svg, .png = png, .data = dat, .layout = &layout};
    model_level(m, c.level, sizeof c.level);
    strbuf data = {0}, script = {0};
    if (bars)
        bar_chart(m, table, unit, &c, &data);
    else
        strip_chart(m, table, unit, &c, &data);

    int rc = template_expand(tmpl, expand, &c, &script);
    if (rc == 0)
        rc = write_file(dat, &data) || write_file(gp, &script) || run_gnuplot(gp, log_path);
    const char *made[] = {svg, png};
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        char *to = xasprintf("%s/fig/%s%s", out_dir, name, i ? ".png" : ".svg");
        if (fs_copy_file(made[i], to) != 0) {
            log_error("%s -> %s: %s", made[i], to, strerror(errno));
            rc = -1;
        }
        free(to);
    }
    const char *tmp_files[] = {svg, png, dat, gp, log_path};
    for (size_t i = 0; i < sizeof tmp_files / sizeof *tmp_files; i++)
        unlink(tmp_files[i]);
    sb_free(&data);
    sb_free(&script);
    sb_free(&c.title);
    sb_free(&c.ylabel);
    plot_layout_free(&layout);
    sb_free(&c.claims);
    free(tmpl);
    free(svg);
    free(png);
    free(dat);
    free(gp);
    free(log_path);
    return rc;
}

int render_plots(const report_model *m, const char *templates, const char *out_dir)
{
    const char *base = getenv("TMPDIR");
    char *tmp = xasprintf("%s/repro-plot-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        log_error("%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = 0;
    for (size_t t = 0; t < m->tables.nrows; t++) {
        const char *table = tsv_get(&m->tables, t, "table");
        const char *metrics[MAX_METRICS];
        char *storage;
        size_t nm = model_metrics(m, t, metrics, MAX_METRICS, &storage);
        for (size_t i = 0; i < nm; i++) {
            if (!has_data(m, table, metrics[i]))
                continue;
            if (draw(m, templates, tmp, out_dir, table, metrics[i], 1) != 0 ||
                draw(m, templates, tmp, out_dir, table, metrics[i], 0) != 0)
                rc = -1;
        }
        free(storage);
    }
    if (rmdir(tmp) != 0)
        log_warn("%s: %s", tmp, strerror(errno));
    free(tmp);
    return rc;
}
