/* format.c - display scales for the sample units, CIs and p-values, and all escaping. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

fmt_scale fmt_scale_for(const char *unit, double v)
{
    double a = fabs(v);
    if (strcmp(unit, "ns/op") == 0 || strcmp(unit, "typical-ns/op") == 0 ||
        strcmp(unit, "sec/op") == 0 || ends_with(unit, "-ns")) {
        double ns = strcmp(unit, "sec/op") == 0 ? a * 1e9 : a;
        double mul = strcmp(unit, "sec/op") == 0 ? 1e-9 : 1;
        if (ns >= 1e9)
            return (fmt_scale){"s", 1e9 * mul};
        if (ns >= 1e6)
            return (fmt_scale){"ms", 1e6 * mul};
        if (ns >= 1e3)
            return (fmt_scale){"µs", 1e3 * mul};
        return (fmt_scale){"ns", 1 * mul};
    }
    if (ends_with(unit, "-B") || strcmp(unit, "B/op") == 0 || strcmp(unit, "B") == 0) {
        const char *suffix = strcmp(unit, "B/op") == 0 ? "/op" : "";
        if (a >= 1024.0 * 1024 * 1024)
            return (fmt_scale){*suffix ? "GiB/op" : "GiB", 1024.0 * 1024 * 1024};
        if (a >= 1024.0 * 1024)
            return (fmt_scale){*suffix ? "MiB/op" : "MiB", 1024.0 * 1024};
        if (a >= 1024.0)
            return (fmt_scale){*suffix ? "KiB/op" : "KiB", 1024.0};
        return (fmt_scale){*suffix ? "B/op" : "B", 1};
    }
    if (strcmp(unit, "allocs/op") == 0)
        return (fmt_scale){"", 1};
    return (fmt_scale){unit, 1};
}

const char *fmt_metric_name(const char *unit)
{
    static const char *const names[][2] = {{"ns/op", "time/op"},
                                           {"typical-ns/op", "time/op, median run"},
                                           {"B/op", "bytes allocated/op"},
                                           {"allocs/op", "allocs/op"},
                                           {"peak-RSS-B", "peak RSS"},
                                           {"daemon-RSS-B", "daemon RSS"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i][0], unit) == 0)
            return names[i][1];
    return unit;
}

static void three_sig(double v, char *buf, size_t len)
{
    double a = fabs(v);
    if (v == floor(v) && a < 1000)
        snprintf(buf, len, "%.0f", v);
    else if (a >= 100)
        snprintf(buf, len, "%.0f", v);
    else if (a >= 10)
        snprintf(buf, len, "%.1f", v);
    else
        snprintf(buf, len, "%.2f", v);
}

const char *fmt_value(const char *unit, double v, char *buf, size_t len)
{
    if (isnan(v)) {
        snprintf(buf, len, "–");
        return buf;
    }
    fmt_scale s = fmt_scale_for(unit, v);
    char num[64];
    three_sig(v / s.divisor, num, sizeof num);
    snprintf(buf, len, "%s%s%s", num, *s.label ? " " : "", s.label);
    return buf;
}

/* The fewest samples whose median interval is bounded at level: the smallest n with the
 * binomial coverage of [x(1), x(n)], 1 - 2 / 2^n, at least level (6 at 95%, 7 at 98.33%, 8 at
 * 99%: docs/median-ci.md); 0 when level is not in (0,1). */
static int median_ci_min_n(double level)
{
    if (!(level > 0 && level < 1))
        return 0;
    int n = 1;
    while (n < 64 && 1 - ldexp(1, 1 - n) < level)
        n++;
    return n;
}

const char *fmt_value_ci(const char *unit, double v, double lo, double hi, double level, char *buf,
                         size_t len)
{
    char val[64], l[64], h[64];
    fmt_value(unit, v, val, sizeof val);
    int min_n = median_ci_min_n(level);
    if (isnan(v))
        snprintf(buf, len, "%s", val);
    else if ((isinf(lo) || isinf(hi) || isnan(lo) || isnan(hi)) && min_n)
        snprintf(buf, len, "%s [CI needs n ≥ %d]", val, min_n);
    else if (isinf(lo) || isinf(hi) || isnan(lo) || isnan(hi))
        snprintf(buf, len, "%s [CI unbounded]", val);
    else {
        fmt_scale s = fmt_scale_for(unit, v);
        three_sig(lo / s.divisor, l, sizeof l);
        three_sig(hi / s.divisor, h, sizeof h);
        snprintf(buf, len, "%s [%s, %s]", val, l, h);
    }
    return buf;
}

/* Whether bound b, on the side of 1 that side gives (-1 below, +1 above), prints as 1 at d
 * decimals though it excludes 1. */
static int shows_as_one(double b, int side, int d)
{
    char t[32];
    snprintf(t, sizeof t, "%.*f", d, b);
    return side * (b - 1) > 0 && atof(t) == 1;
}

const char *fmt_ratio_ci(double r, double lo, double hi, char *buf, size_t len)
{
    if (isnan(r)) {
        snprintf(buf, len, "–");
    } else if (!(lo > 0) || isinf(hi) || isnan(lo)) {
        snprintf(buf, len, "%.3fx [CI unbounded]", r);
    } else {
        /* an interval that excludes 1 never reads [1.000, ...]: more decimals until it shows */
        int d = 3;
        while (d < 6 && (shows_as_one(lo, 1, d) || shows_as_one(hi, -1, d)))
            d++;
        snprintf(buf, len, "%.3fx [%.*f, %.*f]", r, d, lo, d, hi);
    }
    return buf;
}

const char *fmt_p(double p, char *buf, size_t len)
{
    if (isnan(p))
        snprintf(buf, len, "–");
    else if (p < 0.0001)
        snprintf(buf, len, "< 0.0001");
    else if (p >= 0.9995)
        snprintf(buf, len, "1");
    else
        snprintf(buf, len, "%.4f", p);
    return buf;
}

void fmt_slug(const char *s, char *buf, size_t len)
{
    size_t n = 0;
    int gap = 0;
    for (; *s && n + 1 < len; s++) {
        char c = *s;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!keep) {
            gap = 1;
            continue;
        }
        if (gap && n) {
            if (n + 2 >= len)
                break;
            buf[n++] = '-';
        }
        buf[n++] = c;
        gap = 0;
    }
    if (len)
        buf[n] = '\0';
}

const char *fmt_tone_class(verdict_tone tone)
{
    static const char *const classes[] = {[VERDICT_TONE_GOOD] = "v-good",
                                          [VERDICT_TONE_BAD] = "v-bad",
                                          [VERDICT_TONE_MID] = "v-mid",
                                          [VERDICT_TONE_NONE] = "v-none"};
    return classes[tone];
}

void esc_html(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(sb, "&amp;"); break;
        case '<': sb_puts(sb, "&lt;"); break;
        case '>': sb_puts(sb, "&gt;"); break;
        case '"': sb_puts(sb, "&quot;"); break;
        default: sb_putc(sb, *s);
        }
    }
}

void esc_md_cell(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '|': sb_puts(sb, "\\|"); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '*': sb_puts(sb, "\\*"); break;
        case '_': sb_puts(sb, "\\_"); break;
        case '`': sb_puts(sb, "\\`"); break;
        case '[': sb_puts(sb, "\\["); break;
        case ']': sb_puts(sb, "\\]"); break;
        case '&': sb_puts(sb, "&amp;"); break;
        case '<': sb_puts(sb, "&lt;"); break;
        case '>': sb_puts(sb, "&gt;"); break;
        case '\n':
        case '\r':
        case '\t': sb_putc(sb, ' '); break;
        default: sb_putc(sb, *s);
        }
    }
}

void esc_gnuplot(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        /* gnuplot runs `...` as a shell command even inside a double-quoted string. */
        if (*s == '"' || *s == '\\' || *s == '`')
            sb_putc(sb, '\\');
        sb_putc(sb, *s == '\n' || *s == '\r' ? ' ' : *s);
    }
}

void esc_gnuplot_tic(strbuf *sb, const char *s)
{
    strbuf t = {0};
    for (; *s; s++) { /* a tic label is a format for the tic's value: a lone % is a conversion */
        if (*s == '%')
            sb_putc(&t, '%');
        sb_putc(&t, *s);
    }
    esc_gnuplot(sb, sb_str(&t));
    sb_free(&t);
}

int fmt_url_allowed(const char *href)
{
    for (const char *p = href; *p; p++) /* browsers drop blanks and controls, read \ as / */
        if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '\\')
            return 0;
    if (!strncmp(href, "//", 2)) /* another host, in whatever scheme the page has */
        return 0;
    size_t colon = strcspn(href, ":");
    if (!href[colon] || colon > strcspn(href, "/?#"))
        return 1; /* no scheme: a relative path */
    return (colon == 4 && !strncasecmp(href, "http", 4)) ||
           (colon == 5 && !strncasecmp(href, "https", 5));
}

int esc_xlsx_needs_quote(const char *s)
{
    s += strspn(s, " \t\r\n");
    return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}
