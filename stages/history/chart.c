/* chart.c - one series as an inline SVG chart: each run's median with its interval (a bar),
 * each segment's level (a line) and each step (a dashed line), the axis ends labelled in the
 * metric's display scale. Self-contained: no scripts, no fonts, nothing loaded. */
#include "history/history.h"

#include "log.h"
#include "render/format.h"

#include <math.h>
#include <stdlib.h>

#define W 640.0
#define H 180.0
#define PADL 70.0
#define PADR 10.0
#define PADT 20.0
#define PADB 20.0

typedef struct {
    double lo, hi;
    size_t n;
} scale;

static double x_of(const scale *sx, size_t r)
{
    return PADL + (sx->n > 1 ? (W - PADL - PADR) * (double)r / (double)(sx->n - 1) : 0);
}

static double y_of(const scale *sy, double v)
{
    double f = sy->hi > sy->lo ? (v - sy->lo) / (sy->hi - sy->lo) : 0.5;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return H - PADB - f * (H - PADT - PADB);
}

/* The y range: the medians and the finite interval ends, a little wider. */
static scale y_range(const series *s, size_t nruns)
{
    scale sy = {INFINITY, -INFINITY, 0};
    for (size_t r = 0; r < nruns; r++) {
        double v[] = {s->median[r], s->lo[r], s->hi[r]};
        for (size_t k = 0; k < 3; k++)
            if (isfinite(v[k]))
                sy.lo = fmin(sy.lo, v[k]), sy.hi = fmax(sy.hi, v[k]);
    }
    double pad = (sy.hi - sy.lo) * 0.05 + fabs(sy.hi) * 1e-3;
    sy.lo -= pad, sy.hi += pad;
    return sy;
}

static void segments(strbuf *sb, const series *s, const scale *sx, const scale *sy)
{
    for (size_t i = 0; s->fitted && i <= s->fit.nsteps; i++) {
        size_t a = i ? s->fit.at[i - 1] : 0, b = i < s->fit.nsteps ? s->fit.at[i] : s->nindex;
        double y = y_of(sy, exp(s->fit.level[i]));
        sb_printf(sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2a7\"/>",
                  x_of(sx, s->index[a]), y, x_of(sx, s->index[b - 1]), y);
        if (i < s->fit.nsteps) {
            double x = (x_of(sx, s->index[b - 1]) + x_of(sx, s->index[b])) / 2;
            sb_printf(sb, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#c33\" "
                          "stroke-dasharray=\"4 3\"/>",
                      x, PADT, x, H - PADB);
        }
    }
}

char *chart_svg(const machine_history *h, const series *s)
{
    strbuf sb = {0};
    scale sx = {0, 0, h->nruns}, sy = y_range(s, h->nruns);
    char top[64], bottom[64];
    fmt_value(s->unit, sy.hi, top, sizeof top);
    fmt_value(s->unit, sy.lo, bottom, sizeof bottom);
    sb_printf(&sb, "<svg width=\"%.0f\" height=\"%.0f\" "
                   "viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
              W, H, W, H);
    sb_puts(&sb, "<text x=\"4\" y=\"14\" font-size=\"12\">");
    esc_html(&sb, fmt_metric_name(s->unit));
    sb_puts(&sb, ", ");
    esc_html(&sb, s->env);
    sb_printf(&sb, "</text><text x=\"4\" y=\"%.0f\" font-size=\"10\">", PADT + 10);
    esc_html(&sb, top);
    sb_printf(&sb, "</text><text x=\"4\" y=\"%.0f\" font-size=\"10\">", H - PADB);
    esc_html(&sb, bottom);
    sb_puts(&sb, "</text>");
    for (size_t r = 0; r < h->nruns; r++) {
        if (!isfinite(s->median[r]))
            continue;
        double x = x_of(&sx, r), lo = isfinite(s->lo[r]) ? s->lo[r] : sy.lo;
        double hi = isfinite(s->hi[r]) ? s->hi[r] : sy.hi;
        sb_printf(&sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                       "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#236\"/>",
                  x, y_of(&sy, lo), x, y_of(&sy, hi), x, y_of(&sy, s->median[r]));
    }
    segments(&sb, s, &sx, &sy);
    sb_puts(&sb, "</svg>");
    return sb_detach(&sb);
}
