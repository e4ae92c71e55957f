/* plot.c - the charts, drawn by gnuplot from templates/bar.gp, strip.gp and forest.gp: per
 * table the forest plot of its ratios (plot_forest.c), and per measured metric the medians with
 * their CIs (at the run's level) and the article's claims, and the raw samples, per environment
 * and benchmark as plot_layout.c places the table's rows. C only computes numbers and escapes
 * strings; gnuplot runs in a temp dir, never in OUT. A chart gnuplot cannot draw keeps its
 * reason in the model, and the other charts are still drawn. */
#include "render.h"

#include "plot.h"
#include "plot_chart.h"
#include "gnuplot.h"

#include "format.h"
#include "fsutil.h"
#include "log.h"
#include "template.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Beyond this ratio between the largest and smallest value shown, the y axis is logarithmic. */
#define LOG_SCALE_SPAN 10.0
/* One line of plot_layout.c's label boxes in characters of the templates' font. */
#define LINE_CHARS 1.3

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

/* Where a bar chart marks claim k: an absolute figure or a count of this metric, at the slot of
 * its environment and benchmark; -1 when it is not drawn. */
static long claim_slot(const report *r, const rep_table *t, const plot_layout *l, size_t k,
                       size_t m)
{
    const rep_claim *c = &r->claims[t->claims[k]];
    if (strcmp(c->metric, t->metrics[m].unit) || c->kind == CLAIM_RATIO || c->kind == CLAIM_CHECK ||
        !isfinite(c->claimed)) /* a harness check is no claim of the article's */
        return -1;
    return plot_layout_find(l, r, c->env, c->bench);
}

/* The claims' labels: "article (WSL2): 23 µs", placed so that none covers another or a point. */
static void bar_claims(const report *r, const rep_table *t, size_t m, chart *c, fmt_scale s)
{
    const plot_layout *l = c->layout;
    plot_labels placed = {0};
    for (size_t i = 0; i < l->n; i++) { /* the medians' labels, as bar.gp writes them */
        const rep_cell *cell = l->slots[i].cell;
        char v[32];
        if (cell->has && isfinite(cell->median))
            plot_value_label(&placed, l, l->slots[i].x, y_fraction(c, cell->median / s.divisor),
                             (size_t)snprintf(v, sizeof v, "%.3g", cell->median / s.divisor));
    }
    for (size_t k = 0; k < t->nclaims; k++) {
        long slot = claim_slot(r, t, l, k, m);
        if (slot >= 0)
            plot_claim_point(&placed, l, l->slots[slot].x,
                             y_fraction(c, r->claims[t->claims[k]].claimed / s.divisor));
    }
    strbuf text = {0};
    for (size_t k = 0; k < t->nclaims; k++) {
        long slot = claim_slot(r, t, l, k, m);
        if (slot < 0)
            continue;
        const rep_claim *cl = &r->claims[t->claims[k]];
        const char *who = cl->article_env;
        sb_reset(&text);
        if (!l->benches || !*who)
            sb_puts(&text, "article");
        sb_printf(&text, "%s%s%s: ", *who && !l->benches ? " (" : "", who,
                  *who && !l->benches ? ")" : "");
        size_t prefix = text.len; /* "article (WSL2): " may go: the mark stands at its env */
        sb_puts(&text, cl->claimed_text);
        double x = l->slots[slot].x, y = cl->claimed / s.divisor;
        /* A label reads away from the nearer edge: rightwards in the left half. */
        int lines;
        int rightwards = plot_claim_label(&placed, l, x, y_fraction(c, y), 2 * x <= l->xmax, &text,
                                          prefix, &lines);
        sb_printf(&c->claims, "set label %zu \"", ++c->nclaims);
        esc_gnuplot(&c->claims, sb_str(&text));
        sb_puts(&c->claims, "\" at ");
        plot_num(&c->claims, x);
        sb_puts(&c->claims, ", ");
        plot_num(&c->claims, y);
        /* bar.gp's claim_left/right, and the line the label moved to (a line is 1.3 chars) */
        sb_printf(&c->claims, " %s offset char %s1.2,%.2f\n",
                  rightwards ? "@claim_left" : "@claim_right", rightwards ? "" : "-",
                  lines * LINE_CHARS);
    }
    sb_free(&text);
    free(placed.boxes);
}

/* Data: x, median, CI low, CI high per slot; the claims as labels. */
static void bar_chart(const report *r, const rep_table *t, size_t m, chart *c, strbuf *data)
{
    const plot_layout *l = c->layout;
    value_range vr = {0};
    double largest_median = 0;
    int any_bounded = 0;
    for (size_t i = 0; i < l->n; i++) {
        const rep_cell *cell = l->slots[i].cell;
        if (!cell->has)
            continue;
        if (isfinite(cell->median) && cell->median > largest_median)
            largest_median = cell->median;
        any_bounded |= isfinite(cell->lo) && isfinite(cell->hi);
        range_add(&vr, cell->median);
        range_add(&vr, cell->lo);
        range_add(&vr, cell->hi);
    }
    for (size_t k = 0; k < t->nclaims; k++)
        if (claim_slot(r, t, l, k, m) >= 0)
            range_add(&vr, r->claims[t->claims[k]].claimed);
    char what[160];
    snprintf(what, sizeof what, "median per %s%s%s%s",
             l->benches ? "environment and benchmark" : "environment",
             any_bounded ? " with " : " (too few samples for a ", r->set.level,
             any_bounded ? " CI" : " CI)");
    fmt_scale s = set_axis(c, t->id, t->metrics[m].unit, vr, largest_median, what);
    for (size_t i = 0; i < l->n; i++) {
        const rep_cell *cell = l->slots[i].cell;
        int bounded = cell->has && isfinite(cell->lo) && isfinite(cell->hi);
        c->bounded_cis |= bounded;
        plot_num(data, l->slots[i].x);
        sb_putc(data, ' ');
        plot_num(data, cell->has ? cell->median / s.divisor : NAN);
        sb_putc(data, ' ');
        plot_num(data, bounded ? cell->lo / s.divisor : NAN);
        sb_putc(data, ' ');
        plot_num(data, bounded ? cell->hi / s.divisor : NAN);
        sb_putc(data, '\n');
    }
    bar_claims(r, t, m, c, s);
}

/* Sideways offset of the k-th sample of a slot: the golden-ratio sequence spreads any number of
 * points evenly over [-0.25, 0.25) without a random generator. */
static double jitter(size_t k)
{
    return (fmod(0.5 + (double)k * 0.6180339887498949, 1.0) - 0.5) * 0.5;
}

/* A sample of slot i's row in the chart's table and metric. */
static int in_slot(const report *r, const rep_sample *x, size_t table, const char *unit,
                   const plot_slot *slot)
{
    return x->table == table && !strcmp(x->unit, unit) && x->env == slot->row->env &&
           (!*slot->row->bench || !strcmp(x->bench, slot->row->bench)) && r;
}

/* Data: block 0 = every sample at its slot's x plus its offset, block 1 = the medians. */
static void strip_chart(const report *r, const rep_table *t, size_t m, chart *c, strbuf *data)
{
    const plot_layout *l = c->layout;
    size_t table = (size_t)(t - r->tables);
    const char *unit = t->metrics[m].unit;
    value_range vr = {0};
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < r->nsamples; k++)
            if (in_slot(r, &r->samples[k], table, unit, &l->slots[i]))
                range_add(&vr, r->samples[k].value);
    fmt_scale s = set_axis(c, t->id, unit, vr, vr.hi,
                           l->benches ? "every sample per environment and benchmark, bar = median"
                                      : "every sample per environment, bar = median");
    for (size_t i = 0; i < l->n; i++) {
        size_t n = 0;
        for (size_t k = 0; k < r->nsamples; k++) {
            if (!in_slot(r, &r->samples[k], table, unit, &l->slots[i]))
                continue;
            plot_num(data, l->slots[i].x + jitter(n++));
            sb_putc(data, ' ');
            plot_num(data, r->samples[k].value / s.divisor);
            sb_putc(data, '\n');
        }
    }
    sb_puts(data, "\n\n");
    for (size_t i = 0; i < l->n; i++) {
        if (!l->slots[i].cell->has)
            continue;
        plot_num(data, l->slots[i].x);
        sb_putc(data, ' ');
        plot_num(data, l->slots[i].cell->median / s.divisor);
        sb_putc(data, '\n');
    }
}

static int expand(void *ctx, const char *name, const char *arg, strbuf *out)
{
    chart *c = ctx;
    (void)arg;
    const char *text[][2] = {
        {"svg", c->svg}, {"png", c->png}, {"data", c->data}, {"level", c->level}};
    const struct {
        const char *name;
        const strbuf *sb;
    } built[] = {{"title", &c->title}, {"ylabel", &c->ylabel}, {"claims", &c->claims},
                 {"ytics", &c->ytics}, {"labels", &c->labels}, {"ratio_tics", &c->ticks}};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (!strcmp(name, text[i][0])) {
            esc_gnuplot(out, text[i][1]);
            return 0;
        }
    for (size_t i = 0; i < sizeof built / sizeof *built; i++)
        if (!strcmp(name, built[i].name)) {
            sb_puts(out, built[i].sb->buf ? built[i].sb->buf : ""); /* escaped when built */
            return 0;
        }
    if (!strcmp(name, "xtics"))
        sb_puts(out, c->layout && c->layout->xtics.buf ? c->layout->xtics.buf : "");
    else if (!strcmp(name, "claims_count"))
        sb_printf(out, "%zu", c->nclaims);
    else if (!strcmp(name, "series") || !strcmp(name, "flagged"))
        sb_printf(out, "%zu", !strcmp(name, "series") ? c->nseries : c->nflagged);
    else if (!strcmp(name, "bounded_cis"))
        sb_printf(out, "%d", c->bounded_cis);
    else if (!strcmp(name, "log"))
        sb_printf(out, "%d", c->log);
    else if (!strcmp(name, "xmax") && c->layout)
        sb_printf(out, "%.9g", c->layout->xmax);
    else if (!strcmp(name, "xmin") || !strcmp(name, "xmax"))
        sb_printf(out, "%.9g", !strcmp(name, "xmin") ? c->xmin : c->xmax);
    else if (!strcmp(name, "ymin") || !strcmp(name, "ymax"))
        sb_printf(out, "%.9g", !strcmp(name, "ymin") ? c->ymin : c->ymax);
    else if (!strcmp(name, "height"))
        sb_printf(out, "%d", c->height);
    else
        return -1;
    return 0;
}

static void fill(const report *r, const rep_table *t, const rep_figure *f, chart *c, strbuf *data)
{
    if (f->kind == FIG_FOREST)
        plot_forest(r, t, c, data);
    else if (f->kind == FIG_BARS)
        bar_chart(r, t, f->metric, c, data);
    else if (f->kind == FIG_RUNORDER)
        plot_runorder(r, t, f->metric, c, data);
    else
        strip_chart(r, t, f->metric, c, data);
}

/* Draws one figure in tmp and copies its SVG and PNG to out_dir/fig/; -1 with why in
 * f->failed. */
static int draw(const report *r, const rep_table *t, rep_figure *f, const char *templates,
                const char *tmp, const char *out_dir)
{
    static const char *const gp[] = {
        [FIG_FOREST] = "forest.gp", [FIG_BARS] = "bar.gp", [FIG_SAMPLES] = "strip.gp",
        [FIG_RUNORDER] = "runorder.gp"};
    char *tmpl = xasprintf("%s/%s", templates, gp[f->kind]);
    char *svg = gnuplot_path(tmp, f->stem, "svg"), *png = gnuplot_path(tmp, f->stem, "png"),
         *dat = gnuplot_path(tmp, f->stem, "dat");
    plot_layout layout = {0};
    int laid_out = f->kind == FIG_BARS || f->kind == FIG_SAMPLES;
    if (laid_out)
        plot_layout_make(r, t, f->metric, &layout);
    chart c = {.svg = svg, .png = png, .data = dat};
    c.layout = laid_out ? &layout : NULL;
    snprintf(c.level, sizeof c.level, "%s", r->set.level);
    strbuf data = {0}, script = {0};
    fill(r, t, f, &c, &data);
    char why[256] = "";
    int rc = template_expand(tmpl, expand, &c, &script);
    if (rc != 0)
        snprintf(why, sizeof why, "%s could not be expanded", tmpl);
    else
        rc = gnuplot_draw(tmp, f->stem, &script, &data, out_dir, why, sizeof why);
    if (rc != 0) {
        log_error("chart %s not drawn: %s", f->stem, why);
        f->failed = xstrdup(why);
    }
    free(svg);
    free(png);
    free(dat);
    sb_free(&data);
    sb_free(&script);
    chart_free(&c);
    plot_layout_free(&layout);
    free(tmpl);
    return rc;
}

int render_plots(report *r, const char *templates, const char *out_dir)
{
    const char *base = getenv("TMPDIR");
    char *tmp = xasprintf("%s/repro-plot-XXXXXX", base && *base ? base : "/tmp");
    char *no_tmp =
        mkdtemp(tmp) ? NULL : xasprintf("no temporary directory %s: %s", tmp, strerror(errno));
    int rc = no_tmp ? -1 : 0;
    for (size_t t = 0; t < r->ntables; t++)
        for (size_t i = 0; i < r->tables[t].nfigs; i++) {
            rep_figure *f = &r->tables[t].figs[i];
            if (no_tmp)
                f->failed = xstrdup(no_tmp);
            else if (draw(r, &r->tables[t], f, templates, tmp, out_dir) != 0)
                rc = -1;
        }
    if (no_tmp)
        log_error("charts not drawn: %s", no_tmp);
    else if (rmdir(tmp) != 0)
        log_warn("%s: %s", tmp, strerror(errno));
    free(no_tmp);
    free(tmp);
    return rc;
}
