/* Claims about the answer's "Why" (stages/render/report_doc_why.c): from a model's attrib.tsv it
 * is one small table on the headline's metric, the same for every format (report_why_view):
 * the totals of the claim's environment and of each arm's reference, each arm's ratio with /
 * without its factor, and what the factors leave: a number when the attribution closes, else
 * "not closed" naming the factors no arm isolated; then one line naming what was not measured,
 * grouped by why (an arm that could not run here, no arm on this table). */
#include "check.h"
#include "render/doc.h"
#include "render/render.h"
#include "render/report.h"
#include "render/report_doc_why.h"

#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL "tests/fixtures/model"

static const char attrib[] =
    "table\tunit\tbench\tpart\tenv\tbaseline\tfactor\tarm\tn\tn_baseline\tratio\tlo\thi\tconf\tnote\n"
    "T1\tns/op\tBenchmarkFib40\tarm\thost-seccomp\thost\tseccomp\thost-seccomp\t8\t8\t1.01\t0.95\t1.07"
    "\t0.95\twith the factor / without\n"
    "T1\tns/op\tBenchmarkFib40\tarm\toci-noseccomp\toci\tno-seccomp\toci-noseccomp\t8\t8\t0.99\t0.9"
    "\t1.1\t0.95\twith the factor / without\n"
    "T1\tns/op\tBenchmarkFib40\ttotal\toci\thost\t\t\t8\t8\t1.02\t0.97\t1.08\t0.95\t\n"
    "T1\tns/op\tBenchmarkFib40\tfactor\toci\thost\tseccomp\toci-noseccomp\t8\t8\t0.99\t0.9\t1.1\t0.95\t\n"
    "T1\tns/op\tBenchmarkFib40\tunexplained\toci\thost\t\t\t8\t8\t1.03\t0.92\t1.15\t0.95\ttotal / "
    "product of the factors\n"
    "T1\tns/op\tBenchmarkFib40\ttotal\tdocker\thost\t\t\t8\t8\t1.05\t0.98\t1.12\t0.95\t\n"
    "T1\tns/op\tBenchmarkFib40\tfactor\tdocker\thost\tseccomp\thost-seccomp\t8\t8\t1.01\t0.95\t1.07"
    "\t0.95\tmeasured on host: no arm of docker changes it\n"
    "T1\tns/op\tBenchmarkFib40\tfactor\tdocker\thost\tcapabilities\t\t0\t0\t\t\t\t0.95\tno arm "
    "isolates it on T1\n"
    "T1\tns/op\tBenchmarkFib40\tfactor\tdocker\thost\tdaemon\t\t0\t0\t\t\t\t0.95\tno arm isolates it "
    "on T1\n"
    "T1\tns/op\tBenchmarkFib40\tunexplained\tdocker\thost\t\t\t8\t8\t\t\t\t0.95\tnot closed: "
    "capabilities, daemon not isolated\n";

/* A copy of the fixture model with attrib.tsv and one arm this machine could not run. */
static char *model_with_attrib(void)
{
    char *dir = xstrdup("/tmp/test-render-why-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    size_t n;
    char **names = fs_list_dir(MODEL, &n);
    for (size_t i = 0; names && i < n; i++) {
        char *from = xasprintf("%s/%s", MODEL, names[i]), *to = xasprintf("%s/%s", dir, names[i]);
        CHECK(fs_copy_file(from, to) == 0);
        free(from);
        free(to);
    }
    fs_free_list(names, n);
    char *path = xasprintf("%s/attrib.tsv", dir);
    CHECK(fs_save(path, attrib, strlen(attrib)) == 0);
    free(path);
    path = xasprintf("%s/envs.tsv", dir);
    FILE *f = fopen(path, "a");
    CHECK(f != NULL);
    if (f) {
        fputs("host-ssbd\tunavailable\tprctl: ENXIO\tan arm of host\n", f);
        /* an arm that ran, and says what it cannot show here */
        fputs("oci-nolimits\tok\there its CPU quota cannot bind: 2 CPUs\tan arm of oci\n", f);
        fclose(f);
    }
    free(path);
    path = xasprintf("%s/meta.tsv", dir);
    f = fopen(path, "a");
    CHECK(f != NULL);
    if (f) {
        fputs("host-ssbd\tarm_factor\tssbd\noci-nolimits\tarm_factor\tno-limits\n", f);
        fclose(f);
    }
    free(path);
    return dir;
}

static void drop(char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(dir);
}

static void test_the_answers_why_is_one_table_on_the_headlines_metric(void)
{
    char *dir = model_with_attrib();
    report r;
    CHECK(report_load(dir, &r) == 0);
    why_view v;
    CHECK(report_why_view(&r, &r.claims[r.headline], &v) == 1);
    static const char *const want[][2] = {
        {"docker / host", "the whole difference"},    {"oci / host", "the whole difference"},
        {"host-seccomp / host", "seccomp"},           {"oci / oci-noseccomp", "seccomp"},
        {"docker / host", "what the factors leave"},  {"oci / host", "what the factors leave"},
    };
    CHECK(v.n == 6);
    for (size_t i = 0; i < v.n && i < 6; i++) {
        CHECK_STR(v.lines[i].pair, want[i][0]);
        CHECK_STR(v.lines[i].what, want[i][1]);
    }
    if (v.n == 6) {
        /* the headline's own pair shows the answer's numbers, not a second docker / host */
        const rep_claim *h = &r.claims[r.headline];
        char want0[64];
        snprintf(want0, sizeof want0, "%.3f", h->measured);
        CHECK(strstr(v.lines[0].value, want0) && strstr(v.lines[0].value, "(the answer's interval)"));
        /* an interval that holds 1 reads as no detectable difference, never as an effect */
        CHECK(!strncmp(v.lines[1].value, "no detectable difference: 1.02", 30));
        CHECK(!strncmp(v.lines[2].value, "no detectable difference: 1.01", 30));
        /* the attribution that does not close names what no arm isolated, never a number */
        CHECK_STR(v.lines[4].value, "not closed: capabilities, daemon not isolated");
        CHECK(!strncmp(v.lines[5].value, "no detectable difference: 1.03", 30));
    }
    CHECK_STR(v.missing, "Not measured here: ssbd (their arms could not run on this machine: see "
                         "Problems in this run); capabilities, daemon (no arm isolates them on "
                         "T1). oci-nolimits: here its CPU quota cannot bind: 2 CPUs.");
    CHECK(strstr(v.intro, "95% intervals") != NULL);
    report_why_view_free(&v);
    report_free(&r);
    drop(dir);
}

/* The documents show that view as a table of three columns, not a paragraph. */
static void test_the_documents_show_it_as_a_table(void)
{
    char *dir = model_with_attrib();
    report r;
    CHECK(report_load(dir, &r) == 0);
    doc d = {0};
    report_doc_why(&r, &r.claims[r.headline], &d);
    char *md = xasprintf("%s/why.md", dir);
    CHECK(render_md(&d, md) == 0);
    char *m = fs_read_file(md, NULL);
    CHECK(m != NULL);
    if (m) {
        CHECK(strstr(m, "| Ratio of | What it measures | Value \\[interval\\] |") != NULL);
        CHECK(strstr(m, "| docker / host | what the factors leave | not closed: capabilities, "
                        "daemon not isolated |") != NULL);
        CHECK(strstr(m, "\nNot measured here: ssbd") != NULL);
    }
    free(m);
    free(md);
    doc_free(&d);
    report_free(&r);
    drop(dir);
}

int main(void)
{
    RUN(test_the_answers_why_is_one_table_on_the_headlines_metric);
    RUN(test_the_documents_show_it_as_a_table);
    return check_main("render_why");
}
