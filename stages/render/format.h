/* format.h - how numbers and text look in the report, in one place for every format.
 *
 * Numbers: a metric's unit decides the display scale (ns/op -> ms, bytes -> MiB), three
 * significant digits, a CI as "[lo, hi]". Text: escaping for HTML, Markdown table cells, gnuplot
 * strings and spreadsheet text lives here and only here, so no renderer forgets it. */
#ifndef FORMAT_H
#define FORMAT_H

#include "strbuf.h"
#include "verdict.h"

#include <stddef.h>

/* Display scale of a sample unit: label ("ms", "MiB", "allocs") and divisor. */
typedef struct {
    const char *label;
    double divisor;
} fmt_scale;

/* A scale fitting value v of unit (e.g. "ns/op" 6.5e8 -> {"s", 1e9}). */
fmt_scale fmt_scale_for(const char *unit, double v);
/* A human name for a sample unit ("ns/op" -> "time/op", "peak-RSS-B" -> "peak RSS"). */
const char *fmt_metric_name(const char *unit);
/* v in unit, scaled and with its label: "653 ms", "86.0 MiB", "0". */
const char *fmt_value(const char *unit, double v, char *buf, size_t len);
/* "653 ms [641, 668]" with lo/hi in the value's scale; a median interval unbounded at level
 * says how many samples would bound it, "653 ms [CI needs n ≥ 6]" at 95% ("[CI unbounded]"
 * when level is not recorded). */
const char *fmt_value_ci(const char *unit, double v, double lo, double hi, double level, char *buf,
                         size_t len);
/* A ratio with its CI: "1.040x [0.980, 1.100]"; a bound that excludes 1 gets up to six decimals
 * rather than print as 1.000 ("1.002x [1.0004, 1.0040]"). */
const char *fmt_ratio_ci(double r, double lo, double hi, char *buf, size_t len);
/* A p-value: "0.0012", "< 0.0001", "1". */
const char *fmt_p(double p, char *buf, size_t len);

/* A file-name-safe form of s: ASCII letters and digits kept, every other run becomes one '-'
 * ("time/op" -> "time-op", "peak RSS" -> "peak-RSS"). */
void fmt_slug(const char *s, char *buf, size_t len);
/* The colour class of a verdict's tone, shared by the HTML badges and the workbook's cells:
 * "v-good", "v-bad", "v-mid", "v-none". */
const char *fmt_tone_class(verdict_tone tone);

/* HTML text and double-quoted attribute values (the only kind the report writes): & < > ". */
void esc_html(strbuf *sb, const char *s);
/* Markdown table cell: escapes | \ and HTML-special characters, newlines become spaces. */
void esc_md_cell(strbuf *sb, const char *s);
/* Inside a gnuplot double-quoted string (plots use `noenhanced` text, so only " and \, and
 * the backquote, which gnuplot would otherwise run as a shell command). */
void esc_gnuplot(strbuf *sb, const char *s);
/* The same for a tic label of `set xtics ("label" pos)`, which gnuplot reads as a format. */
void esc_gnuplot_tic(strbuf *sb, const char *s);

/* Whether href may be a link's target: a relative path or "#anchor", or an http(s) URL; any
 * other scheme (javascript:, data:, file:, ...), "//host", blanks, control characters and
 * backslashes (which browsers drop or read as /) are refused: the writers show the text alone. */
int fmt_url_allowed(const char *href);

/* A workbook string a spreadsheet would read as a formula if typed in ("=", "+", "-", "@" first,
 * after any blanks): the workbook writes it as a text cell in the Text format. */
int esc_xlsx_needs_quote(const char *s);

#endif
