/* chart.c - one series of a machine's history as a gnuplot chart from templates/history.gp,
 * drawn like the report's charts (render's gnuplot.c: SVG inlined in history.html, PNG linked
 * from history.md; a machine's charts in one gnuplot run): each run's median with its
 * interval, each segment's level and each step as a dashed line, in the metric's display
 * scale. C only computes numbers and escapes strings. */
#include "history/history.h"

#include "log.h"
#include "render/format.h"
#include "render/gnuplot.h"
#include "render/template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const machine_history *h;
    const series *s;
    char *svg, *png, *dat;
    fmt_scale scale;
} chart_ctx;

/* The median of the medians: the value the display scale is chosen for. */
static double typical(const machine_history *h, const series *s)
{
    double best = NAN;
    size_t below = 0;
    for (size_t r = 0; r < h->nruns; r++)
        if (isfinite(s->median[r]))
            below++;
    for (size_t r = 0, k = 0; r < h->nruns && isnan(best); r++)
        if (isfinite(s->median[r]) && k++ == below / 2)
            best = s->median[r];
    return best;
}

static void data(const chart_ctx *c, strbuf *sb)
{
    const series *s = c->s;
    double d = c->scale.divisor;
    for (size_t r = 0; r < c->h->nruns; r++) {
        if (!isfinite(s->median[r]))
            continue;
        int bounded = isfinite(s->lo[r]) && isfinite(s->hi[r]);
        sb_printf(sb, "%zu ", r);
        plot_num(sb, s->median[r] / d);
        sb_puts(sb, " ");
        plot_num(sb, (bounded ? s->lo[r] : s->median[r]) / d);
        sb_puts(sb, " ");
        plot_num(sb, (bounded ? s->hi[r] : s->median[r]) / d);
        sb_puts(sb, "\n");
    }
    sb_puts(sb, "\n\n");
    for (size_t i = 0; s->fitted && i <= s->fit.nsteps; i++) {
        size_t a = i ? s->fit.at[i - 1] : 0, b = i < s->fit.nsteps ? s->fit.at[i] : s->nindex;
        double y = exp(s->fit.level[i]) / d;
        sb_printf(sb, "%zu ", s->index[a]);
        plot_num(sb, y);
        sb_printf(sb, "\n%zu ", s->index[b - 1]);
        plot_num(sb, y);
        sb_puts(sb, "\n\n");
    }
}

/* A y range of its own only where every value is the same (gnuplot would warn of an empty
 * range): that value in the middle. */
static void yrange(const chart_ctx *c, strbuf *out)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < c->h->nruns; r++) {
        double v[] = {c->s->median[r], c->s->lo[r], c->s->hi[r]};
        for (size_t k = 0; k < 3; k++)
            if (isfinite(v[k]))
                lo = fmin(lo, v[k] / c->scale.divisor), hi = fmax(hi, v[k] / c->scale.divisor);
    }
    if (!(lo < hi)) {
        double pad = isfinite(lo) && lo != 0 ? fabs(lo) * 0.1 : 1;
        double mid = isfinite(lo) ? lo : 0;
        sb_printf(out, "set yrange [%.9g:%.9g]", mid - pad, mid + pad);
    }
}

/* At most 8 run ids on the x axis, evenly spaced, the last always. */
static void xtics(const chart_ctx *c, strbuf *out)
{
    size_t n = c->h->nruns, every = n > 8 ? (n + 7) / 8 : 1;
    for (size_t r = 0; r < n; r++) {
        if (r % every && r + 1 != n)
            continue;
        sb_puts(out, r ? ", \"" : "\"");
        esc_gnuplot_tic(out, c->h->runs[r]->id);
        sb_printf(out, "\" %zu", r);
    }
}

static int expand(void *vctx, const char *name, const char *arg, strbuf *out)
{
    const chart_ctx *c = vctx;
    const series *s = c->s;
    (void)arg;
    if (!strcmp(name, "svg") || !strcmp(name, "png") || !strcmp(name, "data")) {
        esc_gnuplot(out, !strcmp(name, "svg") ? c->svg : !strcmp(name, "png") ? c->png : c->dat);
    } else if (!strcmp(name, "title")) {
        char *t = xasprintf("%s %s in %s", s->table, fmt_metric_name(s->unit), s->env);
        esc_gnuplot(out, t);
        free(t);
    } else if (!strcmp(name, "ylabel")) {
        char *t = xasprintf("%s (%s)", fmt_metric_name(s->unit), c->scale.label);
        esc_gnuplot(out, t);
        free(t);
    } else if (!strcmp(name, "xmax")) {
        sb_printf(out, "%zu", c->h->nruns ? c->h->nruns - 1 : 0);
    } else if (!strcmp(name, "xtics")) {
        xtics(c, out);
    } else if (!strcmp(name, "steps")) {
        for (size_t k = 0; s->fitted && k < s->fit.nsteps; k++) /* between the two runs */
            sb_printf(out,
                      "set arrow from %.1f, graph 0 to %.1f, graph 1 nohead dt 2 lc rgb "
                      "\"#c62828\"\n",
                      (double)(s->index[s->fit.at[k] - 1] + s->index[s->fit.at[k]]) / 2,
                      (double)(s->index[s->fit.at[k] - 1] + s->index[s->fit.at[k]]) / 2);
    } else if (!strcmp(name, "yrange")) {
        yrange(c, out);
    } else if (!strcmp(name, "segments")) {
        if (s->fitted)
            sb_puts(out, ", \"\" index 1 using 1:2 with lines lw 2 lc rgb \"#2a7a4b\" "
                         "title \"level of each segment\"");
    } else {
        return -1;
    }
    return 0;
}

int history_chart(const machine_history *h, size_t i, const char *templates, const char *tmp,
                  strbuf *script, strbuf *dat, rep_figure *f)
{
    const series *s = &h->s[i];
    char slug[96];
    char *name = xasprintf("%s-%s-%s", s->table, fmt_metric_name(s->unit), s->env);
    fmt_slug(name, slug, sizeof slug);
    free(name);
    *f = (rep_figure){.kind = FIG_BARS}; /* drawn in place, not folded like the sample strips */
    snprintf(f->stem, sizeof f->stem, "history-%zu-%s", i, slug);
    snprintf(f->alt, sizeof f->alt, "%s %s in %s over %zu runs", s->table,
             fmt_metric_name(s->unit), s->env, h->nruns);
    chart_ctx c = {h, s, gnuplot_path(tmp, f->stem, "svg"), gnuplot_path(tmp, f->stem, "png"),
                   gnuplot_path(tmp, f->stem, "dat"), fmt_scale_for(s->unit, typical(h, s))};
    strbuf one = {0};
    char *tmpl = xasprintf("%s/history.gp", templates);
    int rc = template_expand(tmpl, expand, &c, &one);
    if (rc != 0) {
        f->failed = xasprintf("%s could not be expanded", tmpl);
        log_error("chart %s not drawn: %s", f->stem, f->failed);
    } else {
        sb_puts(script, "reset\n"); /* each chart from gnuplot's defaults: no arrow of another */
        sb_puts(script, sb_str(&one));
        data(&c, dat);
    }
    free(tmpl);
    free(c.svg);
    free(c.png);
    free(c.dat);
    sb_free(&one);
    return rc;
}
