/* Claims about the report model (stages/render/report_load.c, report_rows.c) and the document
 * built from it (report_doc*.c, doc_template.c): loaded once from tests/fixtures/model, every
 * fact a renderer shows is already decided there — rows with reasons, claims linked to their
 * comparisons by key, the headline, the tally, the settings — and the templates' small Markdown
 * becomes blocks and spans. */
#include "check.h"
#include "render/doc.h"
#include "render/render.h"
#include "render/report.h"
#include "render/report_doc.h"

#include "fsutil.h"
#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL "tests/fixtures/model"

static const rep_table *table(const report *r, const char *id)
{
    for (size_t t = 0; t < r->ntables; t++)
        if (!strcmp(r->tables[t].id, id))
            return &r->tables[t];
    return NULL;
}

static const rep_claim *claim(const report *r, const char *id)
{
    for (size_t i = 0; i < r->nclaims; i++)
        if (!strcmp(r->claims[i].id, id))
            return &r->claims[i];
    return NULL;
}

static void test_the_headline_is_the_first_ratio_claim_of_the_first_table(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    CHECK(r.headline >= 0);
    CHECK_STR(r.claims[r.headline].id, "T1.slower");
    CHECK(r.claims[r.headline].kind == CLAIM_RATIO);
    report_free(&r);
}

static void test_a_ratio_claim_is_linked_to_its_comparison_by_key(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    const rep_claim *c = claim(&r, "T1.slower");
    const rep_table *t = table(&r, "T1");
    CHECK(c && t && c->cmp >= 0);
    if (c && t && c->cmp >= 0) {
        const rep_cmp *k = &t->cmps[c->cmp];
        CHECK_STR(k->env, "docker");
        CHECK_STR(k->baseline, "host");
        CHECK_STR(k->unit, "ns/op");
        CHECK(k->claim == c - r.claims);
    }
    const rep_claim *within = claim(&r, "T2.1.read.ratio"); /* two benchmarks of one env */
    const rep_table *t2 = table(&r, "T2.1");
    CHECK(within && t2 && within->cmp >= 0 && t2->cmps[within->cmp].within);
    report_free(&r);
}

static void test_the_tally_counts_article_claims_and_not_checks(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    size_t n = 0, checks = 0;
    for (int v = 0; v < VERDICT_COUNT; v++)
        n += r.tally[v];
    for (size_t i = 0; i < r.nclaims; i++)
        checks += r.claims[i].kind == CLAIM_CHECK;
    CHECK(checks == 2); /* T1.aa (the A/A control, data/claims/T1.tsv) and T2.1.own.check */
    CHECK(n + checks == r.nclaims);
    CHECK(r.tally[VERDICT_REFUTED] == 2);
    CHECK(r.tally[VERDICT_PASS] == 0);
    report_free(&r);
}

static void test_settings_are_the_runs_not_constants(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    CHECK_STR(r.set.level, "95%");
    CHECK_STR(r.set.adjust_name, "Holm");
    CHECK_STR(r.set.alpha_text, "0.05");
    CHECK_STR(r.set.reps, "8");
    CHECK(r.set.is_vm_guest);
    report_free(&r);
}

static void test_every_environment_has_a_row_and_an_empty_row_says_why(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    const rep_table *t = table(&r, "T2.1");
    CHECK(t && t->nbenches == 3);
    int docker = 0;
    for (size_t k = 0; t && k < t->nrows; k++) {
        const rep_row *w = &t->rows[k];
        if (!strcmp(r.envs[w->env].name, "docker")) {
            docker = 1;
            CHECK(w->n == 0 && w->why != WHY_NONE && *w->reason && strstr(w->note, w->reason));
        }
        if (w->n > 0)
            CHECK(w->why == WHY_NONE && !*w->reason);
    }
    CHECK(docker);
    report_free(&r);
}

static void test_a_metric_no_environment_measured_is_a_problem_with_its_reason(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    const rep_table *t = table(&r, "T1");
    int found = 0;
    for (size_t i = 0; t && i < t->nmetrics; i++)
        if (!strcmp(t->metrics[i].unit, "tree-peak-RSS-B"))
            found = !t->metrics[i].measured && t->metrics[i].reason &&
                    strstr(t->metrics[i].reason, "not measured");
    CHECK(found);
    int problem = 0;
    for (size_t p = 0; p < r.nproblems; p++)
        problem |= r.problems[p].kind == PROBLEM_METRIC_UNMEASURED &&
                   strstr(r.problems[p].text, "tree-peak-RSS-B") != NULL;
    CHECK(problem);
    report_free(&r);
}

static void test_a_table_with_comparisons_gets_a_forest_plot_first(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    for (size_t t = 0; t < r.ntables; t++) {
        CHECK(r.tables[t].nfigs > 0);
        if (r.tables[t].nfigs)
            CHECK(r.tables[t].figs[0].kind == FIG_FOREST);
    }
    report_free(&r);
}

/* A template in a temp file, expanded with a callback that knows {{x}} (text) and {{b}}. */
static int fill(void *ctx, const char *name, const char *arg, doc *d, doc_inline *in)
{
    (void)ctx;
    (void)arg;
    if (!strcmp(name, "x") && in)
        doc_text(in, "X");
    else if (!strcmp(name, "b") && !in)
        doc_text(doc_para(d), "block");
    else
        return -1;
    return 0;
}

static void test_a_template_becomes_headings_paragraphs_and_spans(void)
{
    char path[] = "/tmp/test-render-tmpl-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    const char *text = "## Title {x} {#a-{{x}}}\n\nSome **bold** and `code {{x}}`\nnext line\n"
                       "{{b}}\n";
    CHECK(fs_write_atomic(path, text, strlen(text)) == 0);
    doc d = {0};
    CHECK(doc_template(path, fill, NULL, &d) == 0);
    cmark_node *h = cmark_node_first_child(d.root), *p = h ? cmark_node_next(h) : NULL;
    CHECK(h && cmark_node_get_type(h) == CMARK_NODE_HEADING && cmark_node_get_heading_level(h) == 2);
    const doc_typed *a = h ? doc_typed_of(cmark_node_first_child(h)) : NULL;
    CHECK(a && a->kind == DOC_ANCHOR && !a->generated);
    CHECK_STR(a ? a->id : "", "a-X");
    CHECK(p && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH); /* lines join with a space */
    char *plain = p ? doc_plain(p) : NULL;
    CHECK_STR(plain ? plain : "", "Some bold and code X next line");
    free(plain);
    cmark_node *strong = p ? cmark_node_next(cmark_node_first_child(p)) : NULL;
    CHECK(strong && cmark_node_get_type(strong) == CMARK_NODE_STRONG);
    cmark_node *code = strong ? cmark_node_next(cmark_node_next(strong)) : NULL;
    CHECK(code && cmark_node_get_type(code) == CMARK_NODE_CODE);
    CHECK_STR(code ? cmark_node_get_literal(code) : "", "code X");
    CHECK(p && cmark_node_next(p) && !cmark_node_next(cmark_node_next(p))); /* {{b}}: a block */
    doc_free(&d);
    const char *bad = "{{nope}}\n";
    CHECK(fs_write_atomic(path, bad, strlen(bad)) == 0);
    CHECK(doc_template(path, fill, NULL, &d) != 0); /* logged as path:1 */
    doc_free(&d);
    unlink(path);
}

/* The answer's text; *refuted: it shows the verdict refuted. */
static void answer_text(const report *r, const rep_claim *c, strbuf *sb, int *refuted)
{
    doc_inline *in = doc_loose();
    report_answer(r, c, in);
    *refuted = 0;
    for (cmark_node *n = cmark_node_first_child(in); n; n = cmark_node_next(n)) {
        const doc_typed *t = doc_typed_of(n);
        *refuted |= t && t->kind == DOC_VERDICT && t->verdict == VERDICT_REFUTED;
    }
    char *text = doc_plain(in);
    sb_puts(sb, text);
    free(text);
    doc_loose_free(in);
}

static void test_the_answer_states_the_numbers_and_the_verdict(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    strbuf sb = {0};
    int verdict;
    answer_text(&r, &r.claims[r.headline], &sb, &verdict);
    CHECK(verdict);
    /* [0.896, 1.003] holds 1: no point estimate stated as a finding, the bound it rules out */
    CHECK(strstr(sb_str(&sb), "docker against host: no detectable difference (-3.7%, [-10.4%, "
                              "+0.3%]); a slowdown above 0.3% is ruled out") != NULL);
    CHECK(strstr(sb_str(&sb), "faster") == NULL);
    CHECK(strstr(sb_str(&sb), "at 98.33%, n = 3 + 8") != NULL);
    sb_free(&sb);
    /* an interval that excludes 1 states the difference */
    rep_claim moved = r.claims[r.headline];
    moved.measured = 1.10, moved.lo = 1.05, moved.hi = 1.16;
    answer_text(&r, &moved, &sb, &verdict);
    CHECK(strstr(sb_str(&sb), "docker is 10.0% slower than host [+5.0%, +16.0%]") != NULL);
    CHECK(strstr(sb_str(&sb), "no detectable") == NULL);
    sb_free(&sb);
    /* an interval paired by round says over how many rounds, not each side's n */
    moved.pairs = 14;
    answer_text(&r, &moved, &sb, &verdict);
    CHECK(strstr(sb_str(&sb), "at 98.33%, paired over 14 rounds)") != NULL);
    CHECK(strstr(sb_str(&sb), "n = ") == NULL);
    sb_free(&sb);
    moved.pairs = 0;
    /* an unbounded interval (too few samples) states no direction: not "20.0% faster" */
    moved.measured = 0.80, moved.lo = 0, moved.hi = INFINITY;
    answer_text(&r, &moved, &sb, &verdict);
    CHECK(strstr(sb_str(&sb), "docker against host: too few samples to bound the interval, so "
                              "no difference can be told yet") != NULL);
    CHECK(strstr(sb_str(&sb), "faster") == NULL);
    sb_free(&sb);
    /* the A/A control is found by what it compares (a check of the headline's table and metric),
     * never by its name, and its sentence names its arms from the model */
    CHECK(report_aa_claim(&r) == NULL); /* the fixture's T1.aa was not measured */
    for (size_t i = 0; i < r.nclaims; i++)
        if (r.claims[i].kind == CLAIM_CHECK && r.claims[i].table == r.claims[r.headline].table) {
            r.claims[i].env = "my-aa";
            r.claims[i].measured = 1.003, r.claims[i].lo = 0.98, r.claims[i].hi = 1.02;
            r.claims[i].level = 0.99;
            r.claims[i].verdict = VERDICT_PASS; /* it holds 1 */
        }
    const rep_claim *aa = report_aa_claim(&r);
    CHECK(aa != NULL);
    if (aa) {
        doc_inline *in = doc_loose();
        report_aa_sentence(&r, aa, in);
        char *text = doc_plain(in);
        CHECK(strstr(text, "(my-aa / host): no detectable difference, 1.003 [0.98, 1.02] at 99%") !=
              NULL);
        free(text);
        doc_loose_free(in);
        r.claims[aa - r.claims].pairs = 14; /* the A/A arm took the headline's rounds: how many */
        in = doc_loose();
        report_aa_sentence(&r, aa, in);
        text = doc_plain(in);
        CHECK(strstr(text, " 1.003 [0.98, 1.02] at 99%, paired over 14 rounds") != NULL);
        free(text);
        doc_loose_free(in);
    }
    report_free(&r);
}

/* Run text is text in every format; a verdict is a badge; a link cmark writes only to a target
 * fmt_url_allowed takes. */
static void test_untrusted_text_stays_text_and_typed_nodes_get_their_markup(void)
{
    char dir[] = "/tmp/test-render-doc-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *evil = "[click me](javascript:alert(1)) <script>x</script> | *a*";
    doc d = {0};
    doc_text(doc_heading(&d, 1, NULL), "Title");
    doc_group(&d, "answer");
    doc_text(doc_para(&d), evil);
    doc_group_end(&d);
    doc_block *t = doc_table(&d, 2);
    static const char *const cols[] = {"a", "b"};
    doc_header(t, cols);
    doc_row_add(t, "row-1", "article");
    doc_text(doc_cell(t, 0), evil);
    doc_verdict(doc_cell(t, 1), VERDICT_REFUTED);
    doc_inline *in = doc_para(&d);
    doc_link(in, "ok", "claim-1");
    doc_link(in, "bad", "x");
    cmark_node_set_url(cmark_node_last_child(in), "javascript:alert(1)");
    doc_inline *to = doc_para(&d);
    doc_link_to(to, "site", "runs/m/1/report.html");
    doc_link_to(to, "evil", "JavaScript:alert(1)"); /* refused when built: its text alone */
    char *md = xasprintf("%s/r.md", dir), *html = xasprintf("%s/r.html", dir);
    CHECK(render_md(&d, md) == 0 && render_html(&d, "templates", dir, html) == 0);
    char *m = fs_read_file(md, NULL), *h = fs_read_file(html, NULL);
    CHECK(m && h);
    if (m && h) {
        CHECK(strstr(m, "\\[click me\\](javascript:alert(1))") && !strstr(m, "(javascript:alert(1))\n"));
        CHECK(strstr(m, "| <a id=\"row-1\"></a>\\[click me") && strstr(m, "**refuted**"));
        CHECK(strstr(m, "[ok](#claim-1)bad\n") && !strstr(m, "[bad]"));
        CHECK(strstr(m, "[site](runs/m/1/report.html)evil\n") && !strstr(m, "[evil]"));
        CHECK(strstr(h, "[click me](javascript:alert(1)) &lt;script&gt;x&lt;/script&gt;") &&
              !strstr(h, "<script>x") && !strstr(h, "href=\"javascript"));
        CHECK(strstr(h, "<div class=\"answer\">") && strstr(h, "<div class=\"table-wrap\">"));
        CHECK(strstr(h, "<td><span class=\"row-article\"></span><a id=\"row-1\"></a>[click"));
        CHECK(strstr(h, "<span class=\"badge v-bad\">refuted</span>"));
        CHECK(strstr(h, "<a href=\"#claim-1\">ok</a>bad</p>"));
        CHECK(strstr(h, "<a href=\"runs/m/1/report.html\">site</a>evil</p>"));
    }
    free(m);
    free(h);
    unlink(md);
    unlink(html);
    rmdir(dir);
    free(md);
    free(html);
    doc_free(&d);
}

/* The claims table's n: each side's samples, or the rounds of an interval paired by round. */
static void test_the_claims_table_says_when_an_interval_is_paired(void)
{
    report r;
    CHECK(report_load(MODEL, &r) == 0);
    char dir[] = "/tmp/test-render-pairs-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *md = xasprintf("%s/r.md", dir);
    for (long pairs = 0; pairs <= 14; pairs += 14) {
        r.claims[r.headline].pairs = pairs;
        doc d = {0};
        report_doc_claims(&r, &r.tables[r.claims[r.headline].table], &d);
        CHECK(render_md(&d, md) == 0);
        char *m = fs_read_file(md, NULL);
        CHECK(m && strstr(m, pairs ? "| 14 rounds, paired |" : "| 3 + 8 |"));
        CHECK(m && !strstr(m, pairs ? "| 3 + 8 |" : "rounds, paired"));
        free(m);
        doc_free(&d);
    }
    unlink(md);
    rmdir(dir);
    free(md);
    report_free(&r);
}

int main(void)
{
    RUN(test_untrusted_text_stays_text_and_typed_nodes_get_their_markup);
    RUN(test_the_claims_table_says_when_an_interval_is_paired);
    RUN(test_the_headline_is_the_first_ratio_claim_of_the_first_table);
    RUN(test_a_ratio_claim_is_linked_to_its_comparison_by_key);
    RUN(test_the_tally_counts_article_claims_and_not_checks);
    RUN(test_settings_are_the_runs_not_constants);
    RUN(test_every_environment_has_a_row_and_an_empty_row_says_why);
    RUN(test_a_metric_no_environment_measured_is_a_problem_with_its_reason);
    RUN(test_a_table_with_comparisons_gets_a_forest_plot_first);
    RUN(test_a_template_becomes_headings_paragraphs_and_spans);
    RUN(test_the_answer_states_the_numbers_and_the_verdict);
    return check_main("render_report");
}
