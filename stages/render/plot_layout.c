/* plot_layout.c - the x axis of plot.c's charts over the rows report_rows.c laid out: one bar
 * per environment, or for a table of several benchmarks one group of bars per benchmark,
 * labelled briefly enough to stay readable with 3 environments x 6 benchmarks in the templates'
 * 760 pixels; and claims' labels that do not cover each other. */
#include "plot.h"

#include "format.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SEGS 8
/* About the plot area of the templates' 760 x 460 pixel charts, and the average width and the
 * height of a (boxed) line of their 12-point SVG font: what text fits where is estimated. */
#define PLOT_WIDTH_PX 650.0
#define PLOT_HEIGHT_PX 330.0
#define CHAR_PX 7.6
#define LINE_PX 18.0
/* The right margin a claim's label may reach into. */
#define MARGIN_PX 24.0
/* A claim's label starts this far from its point (the templates' offset char 1.2, less the
 * margin of its box). */
#define LABEL_GAP_PX 6.0

/* A benchmark's name without "Benchmark", cut at every '/': "Read4K", "fs=own". */
typedef struct {
    const char *s[MAX_SEGS];
    size_t len[MAX_SEGS], n;
} segments;

/* What one segment position is across the benchmarks of a chart. */
enum { SEG_VARIES, SEG_COMMON, SEG_KEYED };

static void split(const char *bench, segments *g)
{
    const char *p = strncmp(bench, "Benchmark", 9) == 0 && bench[9] ? bench + 9 : bench;
    g->n = 0;
    for (;;) {
        size_t len = g->n + 1 < MAX_SEGS ? strcspn(p, "/") : strlen(p);
        g->s[g->n] = p;
        g->len[g->n++] = len;
        if (!p[len])
            return;
        p += len + 1;
    }
}

/* The length of the "key=" a segment starts with, or 0. */
static size_t key_len(const char *s, size_t len)
{
    const char *eq = memchr(s, '=', len);
    return eq ? (size_t)(eq - s) + 1 : 0;
}

static void put(strbuf *sb, const char *s, size_t len)
{
    strbuf part = {0};
    sb_add(&part, s, len);
    esc_gnuplot(sb, sb_str(&part));
    sb_free(&part);
}

/* Per segment position: the same in every name (left out of the labels), the same "key=" in the
 * one segment that varies (the labels show the value) or varying. 0 when there is one name or
 * they differ in length. */
static size_t roles(const segments *g, size_t n, int *role)
{
    if (n < 2)
        return 0;
    for (size_t j = 1; j < n; j++)
        if (g[j].n != g[0].n)
            return 0;
    for (size_t i = 0; i < g[0].n; i++) {
        size_t k = key_len(g[0].s[i], g[0].len[i]);
        int same = 1, keyed = k > 0;
        for (size_t j = 1; j < n; j++) {
            same &= g[j].len[i] == g[0].len[i] && !memcmp(g[j].s[i], g[0].s[i], g[0].len[i]);
            keyed &= key_len(g[j].s[i], g[j].len[i]) == k && !memcmp(g[j].s[i], g[0].s[i], k);
        }
        role[i] = same ? SEG_COMMON : keyed ? SEG_KEYED : SEG_VARIES;
    }
    /* The key is left out only where one segment tells the names apart: "Read4K/fs=own". */
    size_t differ = 0;
    for (size_t i = 0; i < g[0].n; i++)
        differ += role[i] != SEG_COMMON;
    for (size_t i = 0; i < g[0].n && differ > 1; i++)
        role[i] = role[i] == SEG_KEYED ? SEG_VARIES : role[i];
    return g[0].n;
}

/* A group's label: what tells its benchmark from the others ("Read4K/fs=own", "vmrss"). */
static void group_label(const segments *g, const int *role, size_t nseg, strbuf *text)
{
    for (size_t i = 0; i < g->n; i++) {
        if (nseg && role[i] == SEG_COMMON)
            continue;
        size_t k = nseg && role[i] == SEG_KEYED ? key_len(g->s[i], g->len[i]) : 0;
        sb_puts(text, text->len ? "/" : "");
        sb_add(text, g->s[i] + k, g->len[i] - k);
    }
}

/* Characters of UTF-8 text: every byte but the 10xxxxxx ones starts one. */
static size_t chars(const strbuf *text)
{
    size_t n = 0;
    for (size_t b = 0; b < text->len; b++)
        n += ((unsigned char)text->buf[b] & 0xC0) != 0x80;
    return n;
}

/* Cuts text to at most max characters, the last one "…". */
static void cut(strbuf *text, size_t max)
{
    if (chars(text) <= max)
        return;
    size_t keep = max > 1 ? max - 1 : 1, n = 0, b = 0;
    for (; b < text->len; b++)
        if (((unsigned char)text->buf[b] & 0xC0) != 0x80 && n++ == keep)
            break;
    text->buf[text->len = b] = '\0';
    sb_puts(text, "…");
}

static void tic(strbuf *xtics, const char *label, double x)
{
    sb_puts(xtics, xtics->len ? ", \"" : "\"");
    sb_puts(xtics, label);
    sb_printf(xtics, "\" %.9g", x);
}

static void add_slot(plot_layout *l, const rep_row *row, size_t m, double x)
{
    l->slots[l->n++] = (plot_slot){.row = row, .cell = &row->cells[m], .x = x};
}

/* "benchmark Memory/source=<label>; in each group, left to right: host, oci" */
static void note(const report *r, const segments *g, const int *role, size_t nseg,
                 const size_t *envs, size_t ne, strbuf *out)
{
    int leaves_out = 0;
    for (size_t i = 0; i < nseg; i++)
        leaves_out |= role[i] != SEG_VARIES;
    for (size_t i = 0; i < nseg && leaves_out; i++) {
        sb_puts(out, i ? "/" : "benchmark ");
        if (role[i] != SEG_VARIES)
            put(out, g->s[i], role[i] == SEG_COMMON ? g->len[i] : key_len(g->s[i], g->len[i]));
        sb_puts(out, role[i] == SEG_COMMON ? "" : "<label>");
    }
    sb_puts(out,
            leaves_out ? "; in each group, left to right: " : "in each group, left to right: ");
    for (size_t e = 0; e < ne; e++) {
        sb_puts(out, e ? ", " : "");
        esc_gnuplot(out, r->envs[envs[e]].name);
    }
}

/* The row of (env, bench) in t, or NULL. */
static const rep_row *row_of(const rep_table *t, size_t env, const char *bench)
{
    for (size_t k = 0; k < t->nrows; k++)
        if (t->rows[k].env == env && !strcmp(t->rows[k].bench, bench))
            return &t->rows[k];
    return NULL;
}

/* A row that gets a place on the axis of metric m. */
static int on_axis(const rep_table *t, const rep_row *w, size_t m)
{
    return !(w->not_comparable && report_is_time(t->metrics[m].unit));
}

/* Several benchmarks: a group per benchmark with samples of the metric, and in each group a bar
 * per environment with samples of it in the table, always in the same order (an environment
 * without this benchmark leaves its place empty). The tics are single lines, as gnuplot makes
 * room under the axis for one: the group's label at its centre. */
static void grouped(const report *r, const rep_table *t, size_t m, plot_layout *l)
{
    size_t *envs = xcalloc(r->nenvs + 1, sizeof *envs), ne = 0, ng = 0;
    for (size_t e = 0; e < r->nenvs; e++) {
        int any = 0;
        for (size_t k = 0; k < t->nrows; k++)
            any |= t->rows[k].env == e && t->rows[k].cells[m].has && on_axis(t, &t->rows[k], m);
        if (any)
            envs[ne++] = e;
    }
    segments *names = xcalloc(t->nbenches + 1, sizeof *names);
    for (size_t b = 0; b < t->nbenches; b++) {
        int any = 0;
        for (size_t k = 0; k < ne; k++) {
            const rep_row *w = row_of(t, envs[k], t->benches[b]);
            any |= w && w->cells[m].has;
        }
        if (!any) /* a benchmark without samples of this unit gets no group */
            continue;
        for (size_t k = 0; k < ne; k++) {
            const rep_row *w = row_of(t, envs[k], t->benches[b]);
            if (w)
                add_slot(l, w, m, (double)(ng * (ne + 1) + k));
        }
        split(t->benches[b], &names[ng++]);
    }
    l->xmax = l->n ? l->slots[l->n - 1].x : 0;
    int role[MAX_SEGS];
    size_t nseg = roles(names, ng, role);
    if (ng)
        note(r, &names[0], role, nseg, envs, ne, &l->note);
    /* A label may take the room of its group and gap (span characters) and what its neighbours
     * leave of theirs: two neighbours do not touch while their lengths add up to 2 * span. */
    double unit_px = PLOT_WIDTH_PX / (l->xmax + 1.2);
    size_t span = (size_t)(((double)(ne + 1) * unit_px - 8) / CHAR_PX);
    strbuf *texts = xcalloc(ng + 1, sizeof *texts), label = {0};
    for (size_t g = 0; g < ng; g++)
        group_label(&names[g], role, nseg, &texts[g]);
    for (size_t g = 0; g < ng; g++) {
        size_t left = g ? chars(&texts[g - 1]) : span;
        size_t right = g + 1 < ng ? chars(&texts[g + 1]) : span;
        size_t neighbour = left > right ? left : right;
        cut(&texts[g], 2 * span - (neighbour < span ? neighbour : span));
    }
    for (size_t g = 0; g < ng; g++) {
        sb_reset(&label);
        esc_gnuplot(&label, sb_str(&texts[g]));
        tic(&l->xtics, sb_str(&label), (double)(g * (ne + 1)) + (double)(ne - 1) / 2);
        sb_free(&texts[g]);
    }
    free(texts);
    sb_free(&label);
    free(names);
    free(envs);
}

/* The environments kept off the axis, for the chart's note. */
static void left_off(const report *r, const rep_table *t, size_t m, plot_layout *l)
{
    int any = 0;
    for (size_t e = 0; e < r->nenvs; e++) {
        int off = 0;
        for (size_t k = 0; k < t->nrows; k++)
            off |= t->rows[k].env == e && !on_axis(t, &t->rows[k], m);
        if (!off)
            continue;
        sb_puts(&l->note, any ? ", " : l->note.len ? "\\nnot drawn: " : "not drawn: ");
        esc_gnuplot(&l->note, r->envs[e].name);
        any = 1;
    }
    if (any)
        sb_puts(&l->note, " (emulated CPU, TCG: timings not comparable; see the table)");
}

void plot_layout_make(const report *r, const rep_table *t, size_t m, plot_layout *l)
{
    memset(l, 0, sizeof *l);
    l->benches = t->nbenches > 1;
    l->slots = xcalloc(t->nrows + 1, sizeof *l->slots);
    if (l->benches) {
        grouped(r, t, m, l);
    } else {
        strbuf label = {0};
        for (size_t k = 0; k < t->nrows; k++) {
            if (!on_axis(t, &t->rows[k], m))
                continue;
            double x = (double)l->n;
            add_slot(l, &t->rows[k], m, x);
            sb_reset(&label);
            esc_gnuplot(&label, r->envs[t->rows[k].env].name);
            tic(&l->xtics, sb_str(&label), x);
        }
        sb_free(&label);
        l->xmax = l->n ? (double)(l->n - 1) : 0;
    }
    left_off(r, t, m, l);
}

void plot_layout_free(plot_layout *l)
{
    free(l->slots);
    sb_free(&l->xtics);
    sb_free(&l->note);
    memset(l, 0, sizeof *l);
}

long plot_layout_find(const plot_layout *l, const report *r, const char *env, const char *bench)
{
    for (size_t s = 0; s < l->n; s++) {
        const rep_row *w = l->slots[s].row;
        if (strcmp(r->envs[w->env].name, env) != 0)
            continue;
        if (!l->benches || !strcmp(w->bench, bench) || (!*bench && l->slots[s].cell->has))
            return (long)s;
    }
    return -1;
}

/* The pixels free from the label's start towards its side before it meets a placed box that
 * shares its line, or the plot's edge. */
static double room(const plot_labels *p, double start, double bottom, int rightwards)
{
    double free_px = rightwards ? PLOT_WIDTH_PX + MARGIN_PX - start : start;
    for (size_t i = 0; i < p->n; i++) {
        const double *b = p->boxes[i];
        if (b[2] >= bottom + LINE_PX || b[3] <= bottom)
            continue;
        double d = rightwards ? b[0] - start : start - b[1];
        if (d < free_px && (rightwards ? b[1] > start : b[0] < start))
            free_px = d > 0 ? d : 0;
    }
    return free_px;
}

static void add_box(plot_labels *p, double left, double right, double bottom)
{
    p->boxes = xrealloc(p->boxes, (p->n + 1) * sizeof *p->boxes);
    double *b = p->boxes[p->n++];
    b[0] = left;
    b[1] = right;
    b[2] = bottom;
    b[3] = bottom + LINE_PX;
}

static double x_px(const plot_layout *l, double x)
{
    return (x + 0.6) * PLOT_WIDTH_PX / (l->xmax + 1.2);
}

void plot_value_label(plot_labels *placed, const plot_layout *l, double x, double y_frac,
                      size_t nchars)
{
    double px = x_px(l, x), half = (double)nchars * CHAR_PX / 2 + 2;
    /* bar.gp: "offset char 0,0.8" above the bar's top */
    add_box(placed, px - half, px + half, y_frac * PLOT_HEIGHT_PX + 0.3 * LINE_PX);
}

void plot_claim_point(plot_labels *placed, const plot_layout *l, double x, double y_frac)
{
    double px = x_px(l, x);
    add_box(placed, px - LINE_PX / 3, px + LINE_PX / 3, y_frac * PLOT_HEIGHT_PX - LINE_PX / 2);
}

/* Whether a label of width fits beside px on the line at bottom, on the side asked for or else
 * the other (*rightwards set to the side it fits on). */
static int fits(const plot_labels *placed, double px, double bottom, double width, int *rightwards)
{
    double want[2] = {room(placed, px - LABEL_GAP_PX, bottom, 0),
                      room(placed, px + LABEL_GAP_PX, bottom, 1)};
    if (want[*rightwards] < width && want[!*rightwards] >= width)
        *rightwards = !*rightwards;
    return want[*rightwards] >= width;
}

/* Whether a label line from bottom stays between the axes: a point on an axis may have its
 * label centred on it, never moved past it onto the tick labels or the title. */
static int within_plot(double bottom)
{
    return bottom >= -LINE_PX / 2 - 1e-9 && bottom + LINE_PX <= PLOT_HEIGHT_PX + LINE_PX / 2 + 1e-9;
}

int plot_claim_label(plot_labels *placed, const plot_layout *l, double x, double y_frac,
                     int rightwards, strbuf *text, size_t prefix, int *lines)
{
    static const int shifts[] = {0, 1, -1};
    double px = x_px(l, x), bottom = y_frac * PLOT_HEIGHT_PX - LINE_PX / 2;
    int side = rightwards, found = 0;
    *lines = 0;
    for (int pass = 0; pass < 2 && !found; pass++) { /* the whole text, then without prefix */
        for (size_t s = 0; s < 3 && !found; s++) {
            double line = bottom + shifts[s] * LINE_PX;
            if (!within_plot(line))
                continue;
            side = rightwards;
            found = fits(placed, px, line, (double)chars(text) * CHAR_PX, &side);
            *lines = found ? shifts[s] : 0;
        }
        if (!found && prefix && prefix <= text->len) { /* "WSL2: 23 µs" -> "23 µs" */
            memmove(text->buf, text->buf + prefix, text->len - prefix + 1);
            text->len -= prefix;
            prefix = 0;
        } else if (!found) {
            break;
        }
    }
    if (!found) { /* the side with more room on the point's own line, cut to it */
        double want[2] = {room(placed, px - LABEL_GAP_PX, bottom, 0),
                          room(placed, px + LABEL_GAP_PX, bottom, 1)};
        side = want[rightwards] >= want[!rightwards] ? rightwards : !rightwards;
        size_t fit = (size_t)(want[side] / CHAR_PX);
        cut(text, fit > 4 ? fit : 4);
    }
    double width = (double)chars(text) * CHAR_PX;
    double start = side ? px + LABEL_GAP_PX : px - LABEL_GAP_PX - width;
    add_box(placed, start, start + width, bottom + *lines * LINE_PX);
    return side;
}
