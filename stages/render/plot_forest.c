/* plot_forest.c - the chart a reader of a comparison wants: per table, each environment's
 * Hodges–Lehmann ratio to the baseline (and each within-environment pair a claim asks for) with
 * its CI on a log axis, a line at 1 (no difference) and the article's claimed ratio marked on
 * the row of the comparison that judges it. One row per comparison, its label on the left and
 * its numbers on the right of its own line, so no two labels can meet. Comparisons an emulated
 * CPU makes not comparable stay off the axis: the chart's title lists them with their ratios. */
#include "plot_chart.h"

#include "format.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* About the templates' forest.gp: pixels per row and for the title, key and axis. */
#define ROW_PX 26
#define FRAME_PX 150
#define NOTE_LINE_PX 16
/* What the templates' margins hold (forest.gp's lmargin and rmargin, in characters). */
#define LEFT_CHARS 36
#define RIGHT_CHARS 44

static const char *short_bench(const char *bench)
{
    return strncmp(bench, "Benchmark", 9) == 0 && bench[9] ? bench + 9 : bench;
}

/* Cuts UTF-8 text to at most max characters, the last one "…": a label stays in its margin. */
static void fit(strbuf *s, size_t max)
{
    size_t n = 0, b = 0, cut = 0;
    for (; b < s->len; b++)
        if (((unsigned char)s->buf[b] & 0xC0) != 0x80 && n++ == max - 1)
            cut = b;
    if (n > max) {
        s->buf[s->len = cut] = '\0';
        sb_puts(s, "…");
    }
}

/* "time/op: docker", and the benchmark where the table has several. */
static void row_label(const rep_table *t, const rep_cmp *c, strbuf *out)
{
    strbuf s = {0};
    sb_printf(&s, "%s: %s", fmt_metric_name(c->unit), c->env);
    if (c->within)
        sb_printf(&s, " %s ÷ %s", short_bench(c->bench), short_bench(c->baseline_bench));
    else if (t->nbenches > 1)
        sb_printf(&s, " %s", short_bench(c->bench));
    fit(&s, LEFT_CHARS - 2);
    esc_gnuplot_tic(out, sb_str(&s));
    sb_free(&s);
}

static int drawn(const rep_cmp *c)
{
    return !c->geomean && isfinite(c->ratio) && c->ratio > 0 && !c->not_comparable;
}

static void extend(double *lo, double *hi, double v)
{
    if (isfinite(v) && v > 0) {
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* The numbers on the right of a row: its ratio with CI and the claim it judges. */
static void right_label(const report *r, const rep_cmp *c, size_t y, chart *ch)
{
    strbuf s = {0};
    if (c->lo > 0 && isfinite(c->hi))
        sb_printf(&s, "%#.3gx [%#.3g, %#.3g]", c->ratio, c->lo, c->hi);
    else
        sb_printf(&s, "%#.3gx [CI unbounded]", c->ratio);
    if (c->claim >= 0) {
        const rep_claim *k = &r->claims[c->claim];
        sb_printf(&s, "; claimed %.3g: %s", k->claimed, verdict_word(k->verdict));
    }
    fit(&s, RIGHT_CHARS - 2);
    sb_printf(&ch->labels, "set label %zu \"", y + 1);
    esc_gnuplot(&ch->labels, sb_str(&s));
    sb_printf(&ch->labels, "\" at graph 1.02, first %zu left front\n", y);
    sb_free(&s);
}

/* The comparisons kept off the axis, for the title: "vm time/op 16.2x [15.9, 16.6]". */
static size_t left_off(const rep_table *t, strbuf *note)
{
    size_t n = 0;
    for (size_t i = 0; i < t->ncmps; i++) {
        const rep_cmp *c = &t->cmps[i];
        if (c->geomean || !c->not_comparable)
            continue;
        char ratio[96];
        strbuf s = {0};
        sb_printf(&s, "%s%s %s%s%s %s", n ? "; " : "", c->env, fmt_metric_name(c->unit),
                  *c->bench ? " " : "", c->bench,
                  fmt_ratio_ci(c->ratio, c->lo, c->hi, ratio, sizeof ratio));
        esc_gnuplot(note, sb_str(&s));
        sb_free(&s);
        n++;
    }
    return n;
}

/* The x axis's tics: round ratios inside its range (gnuplot puts few on a short log axis), 1
 * always, the others at least a ninth of the axis from their neighbours, so none cover another. */
static void ratio_tics(chart *c)
{
    static const double nice[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 1,   1.1, 1.25,
                                  1.5,  2,    3,    5,   10,  20,  50,  100, 200, 500, 1000};
    const size_t n = sizeof nice / sizeof *nice, one = 8;
    double gap = (log10(c->xmax) - log10(c->xmin)) / 9;
    sb_puts(&c->ticks, "1");
    for (int dir = -1; dir <= 1; dir += 2) { /* outwards from 1, each way */
        double last = 1;
        for (size_t i = one + (size_t)(dir > 0); i<n; i = dir> 0 ? i + 1 : i - 1) {
            if (nice[i] >= c->xmin && nice[i] <= c->xmax &&
                fabs(log10(nice[i]) - log10(last)) >= gap) {
                sb_printf(&c->ticks, ", %g", nice[i]);
                last = nice[i];
            }
            if (i == 0)
                break;
        }
    }
}

void plot_forest(const report *r, const rep_table *t, chart *c, strbuf *data)
{
    double lo = 1, hi = 1;
    size_t y = 0;
    for (size_t m = 0; m < t->nmetrics; m++)
        for (size_t i = 0; i < t->ncmps; i++) {
            const rep_cmp *k = &t->cmps[i];
            if (strcmp(k->unit, t->metrics[m].unit) || !drawn(k))
                continue;
            double claimed = k->claim >= 0 ? r->claims[k->claim].claimed : NAN;
            int bounded = k->lo > 0 && isfinite(k->hi);
            extend(&lo, &hi, k->ratio);
            extend(&lo, &hi, claimed);
            if (bounded) {
                extend(&lo, &hi, k->lo);
                extend(&lo, &hi, k->hi);
            }
            sb_printf(data, "%zu ", y);
            plot_num(data, k->ratio);
            sb_putc(data, ' ');
            plot_num(data, bounded ? k->lo : NAN);
            sb_putc(data, ' ');
            plot_num(data, bounded ? k->hi : NAN);
            sb_putc(data, ' ');
            plot_num(data, claimed);
            sb_putc(data, '\n');
            c->nclaims += k->claim >= 0;
            sb_puts(&c->ytics, y ? ", \"" : "\"");
            row_label(t, k, &c->ytics);
            sb_printf(&c->ytics, "\" %zu", y);
            right_label(r, k, y, c);
            y++;
        }
    if (!y) /* nothing comparable to draw: an empty axis, the title says why */
        sb_puts(data, "0 NaN NaN NaN NaN\n");
    c->xmin = lo / 1.25;
    c->xmax = hi * 1.25;
    ratio_tics(c);
    c->ymin = -0.6;
    c->ymax = (y ? (double)y : 1) - 0.4;
    esc_gnuplot(&c->title, t->id);
    sb_printf(&c->title, ": ratio to %s", t->baseline);
    sb_printf(&c->title, " (Hodges–Lehmann, %s CI), log axis; 1 = no difference", c->level);
    strbuf note = {0};
    size_t off = left_off(t, &note);
    if (off)
        sb_printf(&c->title, "\\nnot drawn, emulated CPU (TCG), not comparable: %s", sb_str(&note));
    if (!y)
        sb_puts(&c->title, "\\nno comparable ratio to draw");
    sb_free(&note);
    c->height = FRAME_PX + ROW_PX * (int)(y ? y : 1) + NOTE_LINE_PX * (off > 0);
}

void chart_free(chart *c)
{
    sb_free(&c->title);
    sb_free(&c->ylabel);
    sb_free(&c->claims);
    sb_free(&c->ytics);
    sb_free(&c->labels);
    sb_free(&c->ticks);
}
