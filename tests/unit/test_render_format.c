/* Claims about how the report shows numbers and text (stages/render/format.c): display scales,
 * CIs and p-values read the same in every format, and every escaping function leaves nothing
 * that its target (HTML, a Markdown table cell, a gnuplot string) would interpret. */
#include "check.h"
#include "render/format.h"

#include <math.h>
#include <stdlib.h>

static char *escaped(void (*esc)(strbuf *, const char *), const char *s) {
    strbuf sb = {0};
    sb_puts(&sb, ""); /* an empty result is still a string */
    esc(&sb, s);
    return sb_detach(&sb);
}

#define CHECK_ESC(esc, in, want)                                                                   \
    do {                                                                                           \
        char *got_ = escaped(esc, in);                                                             \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_html_escaping_leaves_no_markup_and_no_attribute_breakout(void) {
    CHECK_ESC(esc_html, "<script>alert(\"x\")</script>",
              "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    CHECK_ESC(esc_html, "a & b 'c'", "a &amp; b 'c'"); /* every attribute is double-quoted */
    CHECK_ESC(esc_html, "µs ≥ 6", "µs ≥ 6");
    CHECK_ESC(esc_html, "", "");
}

static void test_markdown_cell_escaping_keeps_one_cell_on_one_line(void) {
    CHECK_ESC(esc_md_cell, "a | b", "a \\| b");
    CHECK_ESC(esc_md_cell, "line1\nline2\r\tend", "line1 line2  end");
    CHECK_ESC(esc_md_cell, "*bold* _it_ `code` [link]",
              "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]");
    CHECK_ESC(esc_md_cell, "back\\slash", "back\\\\slash");
    CHECK_ESC(esc_md_cell, "<b>&", "&lt;b&gt;&amp;");
}

static void test_a_link_target_is_a_relative_path_or_http(void) {
    const char *ok[] = {"#claim-T1", "fig/a.png", "../m/history.html", "x?y:z", "a/b:c",
                        "http://example.org/", "HTTPS://example.org/a?b#c", ""};
    const char *refused[] = {"javascript:alert(document.domain)", "JavaScript:x", "data:text/html,x",
                             "file:///etc/passwd", "vbscript:x", " javascript:x", "java\tscript:x",
                             "java\nscript:x", "//evil.example/", "\\\\evil/x", "mailto:a@b",
                             "https:\\\\x", "ftp://x/", "a:b/../x"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        CHECK(fmt_url_allowed(ok[i]));
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        CHECK(!fmt_url_allowed(refused[i]));
}

static void test_gnuplot_escaping_ends_no_string_early(void) {
    CHECK_ESC(esc_gnuplot, "say \"hi\"", "say \\\"hi\\\"");
    CHECK_ESC(esc_gnuplot, "C:\\dir", "C:\\\\dir");
    CHECK_ESC(esc_gnuplot, "two\nlines", "two lines");
    CHECK_ESC(esc_gnuplot, "a_b^c {x} @m", "a_b^c {x} @m"); /* noenhanced: literal */
}

static void test_gnuplot_escaping_runs_no_shell_command(void) {
    CHECK_ESC(esc_gnuplot, "`touch /tmp/x`", "\\`touch /tmp/x\\`");
}

static void test_time_scale_follows_the_magnitude(void) {
    CHECK_STR(fmt_scale_for("ns/op", 6.5e8).label, "ms");
    CHECK_NEAR(fmt_scale_for("ns/op", 6.5e8).divisor, 1e6, 1e-12);
    CHECK_STR(fmt_scale_for("ns/op", 1.5e9).label, "s");
    CHECK_STR(fmt_scale_for("ns/op", 33446.5).label, "µs");
    CHECK_STR(fmt_scale_for("ns/op", 12).label, "ns");
    CHECK_STR(fmt_scale_for("typical-ns/op", 4.77e8).label, "ms"); /* T1's median run */
    CHECK_STR(fmt_metric_name("typical-ns/op"), "time/op, median run");
    CHECK_STR(fmt_scale_for("sec/op", 0.65).label, "ms");
    CHECK_NEAR(fmt_scale_for("sec/op", 0.65).divisor, 1e-3, 1e-12);
}

static void test_byte_scale_uses_binary_prefixes(void) {
    CHECK_STR(fmt_scale_for("peak-RSS-B", 3520512).label, "MiB");
    CHECK_NEAR(fmt_scale_for("peak-RSS-B", 3520512).divisor, 1048576, 1e-12);
    CHECK_STR(fmt_scale_for("peak-RSS-B", 2048).label, "KiB");
    CHECK_STR(fmt_scale_for("daemon-RSS-B", 3.0 * 1024 * 1024 * 1024).label, "GiB");
    CHECK_STR(fmt_scale_for("B/op", 4096).label, "KiB/op");
    CHECK_STR(fmt_scale_for("B/op", 0).label, "B/op");
    CHECK_STR(fmt_scale_for("allocs/op", 5).label, "");
}

static void test_values_show_three_significant_digits_and_their_unit(void) {
    char buf[64];
    CHECK_STR(fmt_value("ns/op", 653e6, buf, sizeof buf), "653 ms");
    CHECK_STR(fmt_value("ns/op", 33446.5, buf, sizeof buf), "33.4 µs");
    CHECK_STR(fmt_value("peak-RSS-B", 3520512, buf, sizeof buf), "3.36 MiB");
    CHECK_STR(fmt_value("allocs/op", 0, buf, sizeof buf), "0");
    CHECK_STR(fmt_value("allocs/op", 2, buf, sizeof buf), "2");
    CHECK_STR(fmt_value("ns/op", NAN, buf, sizeof buf), "–");
}

static void test_a_ci_is_shown_in_the_scale_of_its_median(void) {
    char buf[96];
    CHECK_STR(fmt_value_ci("ns/op", 653e6, 641e6, 668e6, 0.95, buf, sizeof buf),
              "653 ms [641, 668]");
    CHECK_STR(fmt_value_ci("peak-RSS-B", 3520512, 3510272, 3526656, 0.95, buf, sizeof buf),
              "3.36 MiB [3.35, 3.36]");
}

static void test_an_unbounded_ci_says_why_instead_of_showing_infinity(void) {
    char buf[96];
    CHECK_STR(fmt_value_ci("ns/op", 31820, -INFINITY, INFINITY, 0.95, buf, sizeof buf),
              "31.8 µs [CI needs n ≥ 6]");
    CHECK_STR(fmt_value_ci("ns/op", 31820, NAN, NAN, 0.95, buf, sizeof buf),
              "31.8 µs [CI needs n ≥ 6]");
    /* the samples it takes grow with the level: a family's 98.33%, a 99% */
    CHECK_STR(fmt_value_ci("ns/op", 31820, NAN, NAN, 1 - 0.05 / 3, buf, sizeof buf),
              "31.8 µs [CI needs n ≥ 7]");
    CHECK_STR(fmt_value_ci("ns/op", 31820, NAN, NAN, 0.99, buf, sizeof buf),
              "31.8 µs [CI needs n ≥ 8]");
    CHECK_STR(fmt_value_ci("ns/op", 31820, NAN, NAN, NAN, buf, sizeof buf),
              "31.8 µs [CI unbounded]");
    CHECK_STR(fmt_ratio_ci(0.947, 0, INFINITY, buf, sizeof buf), "0.947x [CI unbounded]");
    CHECK_STR(fmt_ratio_ci(1.04, 0.98, 1.10, buf, sizeof buf), "1.040x [0.980, 1.100]");
    CHECK_STR(fmt_ratio_ci(NAN, 0, 0, buf, sizeof buf), "–");
}

/* An interval that excludes 1 never prints a bound as 1.000: the digits that show its side. */
static void test_a_bound_beside_one_shows_its_side(void)
{
    char buf[96];
    CHECK_STR(fmt_ratio_ci(1.002, 1.0004, 1.004, buf, sizeof buf), "1.002x [1.0004, 1.0040]");
    CHECK_STR(fmt_ratio_ci(0.998, 0.996, 0.99996, buf, sizeof buf), "0.998x [0.99600, 0.99996]");
    CHECK_STR(fmt_ratio_ci(1.0, 0.9996, 1.0004, buf, sizeof buf), "1.000x [1.000, 1.000]");
}

static void test_p_values_are_never_shown_as_zero(void) {
    char buf[32];
    CHECK_STR(fmt_p(0.0012, buf, sizeof buf), "0.0012");
    CHECK_STR(fmt_p(1e-9, buf, sizeof buf), "< 0.0001");
    CHECK_STR(fmt_p(0.9999, buf, sizeof buf), "1");
    CHECK_STR(fmt_p(NAN, buf, sizeof buf), "–");
}

static void test_metric_names_are_human_and_unknown_units_pass_through(void) {
    CHECK_STR(fmt_metric_name("ns/op"), "time/op");
    CHECK_STR(fmt_metric_name("peak-RSS-B"), "peak RSS");
    CHECK_STR(fmt_metric_name("MB/s"), "MB/s");
}

static void test_slugs_are_safe_file_names(void) {
    char buf[64];
    fmt_slug("time/op", buf, sizeof buf);
    CHECK_STR(buf, "time-op");
    fmt_slug("peak RSS", buf, sizeof buf);
    CHECK_STR(buf, "peak-RSS");
    fmt_slug("../../etc/passwd", buf, sizeof buf);
    CHECK_STR(buf, "etc-passwd");
    fmt_slug(" <T1> ", buf, sizeof buf);
    CHECK_STR(buf, "T1");
    fmt_slug("abcdef", buf, 4);
    CHECK_STR(buf, "abc");
    fmt_slug("ab cd", buf, 4);
    CHECK_STR(buf, "ab");
}

static void test_every_verdict_has_a_colour_class(void) {
    CHECK_STR(fmt_tone_class(verdict_tone_of(VERDICT_REPRODUCED)), "v-good");
    CHECK_STR(fmt_tone_class(verdict_tone_of(VERDICT_IMPLAUSIBLE)), "v-bad");
    CHECK_STR(fmt_tone_class(verdict_tone_of(VERDICT_INCONCLUSIVE)), "v-mid");
    CHECK_STR(fmt_tone_class(verdict_tone_of(VERDICT_NOT_MEASURED)), "v-none");
    for (int v = 0; v < VERDICT_COUNT; v++)
        CHECK(fmt_tone_class(verdict_tone_of((verdict_kind)v)) != NULL);
}

static void test_workbook_text_that_reads_as_a_formula_is_quoted(void) {
    CHECK(esc_xlsx_needs_quote("=HYPERLINK(\"http://x\")"));
    CHECK(esc_xlsx_needs_quote("+1"));
    CHECK(esc_xlsx_needs_quote("-2+3"));
    CHECK(esc_xlsx_needs_quote("@SUM(A1)"));
    CHECK(esc_xlsx_needs_quote("  =1"));
    CHECK(!esc_xlsx_needs_quote("host"));
    CHECK(!esc_xlsx_needs_quote("a=b"));
    CHECK(!esc_xlsx_needs_quote(""));
}

/* Found on a real run: T2.4's "futex-%" as a forest plot's tic label made gnuplot stop with
 * "Bad format character" (tic labels are formats). */
static void test_a_tic_label_doubles_its_percent_signs(void)
{
    strbuf sb = {0};
    esc_gnuplot_tic(&sb, "futex-% \"x\"");
    CHECK_STR(sb_str(&sb), "futex-%% \\\"x\\\"");
    sb_free(&sb);
}

int main(void) {
    RUN(test_html_escaping_leaves_no_markup_and_no_attribute_breakout);
    RUN(test_markdown_cell_escaping_keeps_one_cell_on_one_line);
    RUN(test_a_link_target_is_a_relative_path_or_http);
    RUN(test_gnuplot_escaping_ends_no_string_early);
    RUN(test_gnuplot_escaping_runs_no_shell_command);
    RUN(test_time_scale_follows_the_magnitude);
    RUN(test_byte_scale_uses_binary_prefixes);
    RUN(test_values_show_three_significant_digits_and_their_unit);
    RUN(test_a_ci_is_shown_in_the_scale_of_its_median);
    RUN(test_an_unbounded_ci_says_why_instead_of_showing_infinity);
    RUN(test_a_bound_beside_one_shows_its_side);
    RUN(test_p_values_are_never_shown_as_zero);
    RUN(test_metric_names_are_human_and_unknown_units_pass_through);
    RUN(test_slugs_are_safe_file_names);
    RUN(test_every_verdict_has_a_colour_class);
    RUN(test_workbook_text_that_reads_as_a_formula_is_quoted);
    RUN(test_a_tic_label_doubles_its_percent_signs);
    return check_main("render_format");
}
