/* Comparability (docs/verdicts.md "Comparability"): every claim of data/claims states whether it
 * measures the article's thing, with its reason; the decision table's last rule turns a stand-in's
 * verdict into what it can show (direction only, never refuted on size), an absent condition into
 * "not applicable", a figure of other hardware or another set-up into a factor; and a claims file
 * written before the columns existed is judged as it was. */
#include "analyze/claims.h"
#include "check.h"
#include "claims_fixture.h"

#include <dirent.h>
#include <math.h>
#include <string.h>

#define COMP_HEADER                                                                                \
    "id\ttable\tarticle_env\tkind\tmetric\tenv\tbaseline\tclaimed\tclaimed_text\tmargin\t"         \
    "tolerance\tlower\tupper\tbound\tbound_why\ttext\tbench\tcomparability\tcomparability_why\n"
#define V(j, r) tsv_get(&(j).out, (r), "verdict")
#define D(j, r) tsv_get(&(j).out, (r), "detail")

/* Every row of every data/claims file: it loads, and each claim that is judged says how its
 * measurement compares with the article's, with a reason when it is not the same thing. */
static void test_every_claim_of_data_claims_states_its_comparability(void)
{
    tsv_table tables;
    CHECK(tsv_load("data/tables.tsv", &tables) == 0 && tables_validate(&tables) == 0);
    DIR *d = opendir("data/claims");
    CHECK(d != NULL);
    size_t files = 0, rows = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "data/claims/%s", e->d_name);
        claims_file f;
        CHECK(claims_load(path, &tables, &f) == 0);
        CHECK(tsv_col(&f.file, "comparability") >= 0);
        for (size_t r = 0; r < f.n && tsv_col(&f.file, "comparability") >= 0; r++, rows++) {
            const char *word = tsv_get(&f.file, r, "comparability");
            if (f.claims[r].kind == CLAIM_NONE)
                continue;
            if (!*word)
                fprintf(stderr, "  %s:%ld: claim %s states no comparability\n", path,
                        f.claims[r].line, f.claims[r].id);
            CHECK(*word != '\0');
            CHECK(!strcmp(word, "same") || *tsv_get(&f.file, r, "comparability_why"));
            /* an absolute figure without a tolerance says whose quantity it is: "other
             * hardware" is never the default of a software quantity */
            if (f.claims[r].kind == CLAIM_ABSOLUTE && isnan(f.claims[r].tolerance) &&
                strcmp(word, "other-hardware") != 0 && strcmp(word, "other-setup") != 0) {
                fprintf(stderr, "  %s:%ld: absolute claim %s is neither other-hardware nor "
                                "other-setup\n", path, f.claims[r].line, f.claims[r].id);
                CHECK(!"an absolute claim states whose quantity it is");
            }
        }
        claims_file_free(&f);
        files++;
    }
    if (d)
        closedir(d);
    CHECK(files >= 16 && rows > 100);
    tsv_free(&tables);
}

/* A field of claim id in data/claims/<file> ("" when the claim is not there). */
static char *data_field(const char *file, const char *id, const char *col)
{
    char path[256];
    snprintf(path, sizeof path, "data/claims/%s", file);
    tsv_table t;
    char *v = xstrdup("");
    if (tsv_load(path, &t) != 0)
        return v;
    for (size_t r = 0; r < t.nrows; r++)
        if (!strcmp(tsv_get(&t, r, "id"), id) && tsv_col(&t, col) >= 0) {
            free(v);
            v = xstrdup(tsv_get(&t, r, col));
        }
    tsv_free(&t);
    return v;
}

static void expect(const char *file, const char *id, const char *col, const char *want)
{
    char *v = data_field(file, id, col);
    if (strcmp(v, want) != 0)
        fprintf(stderr, "  %s %s: %s is \"%s\", expected \"%s\"\n", file, id, col, v, want);
    CHECK_STR(v, want);
    free(v);
}

/* The claims issue 21 re-judged carry the comparability (or kind) it gives them. */
static void test_the_claims_the_referee_named_are_judged_for_what_they_can_show(void)
{
    /* FUSE is slower than the direct path by construction; WSL1 translates in the kernel */
    expect("T2.1.tsv", "T2.1.read.ratio", "comparability", "other-setup");
    expect("T2.1.tsv", "T2.1.stat.ratio", "comparability", "other-setup");
    expect("T2.1.tsv", "T2.1.wsl2.stat", "comparability", "other-setup"); /* a cached stat */
    expect("T2.3.tsv", "T2.3.serial", "comparability", "condition-absent");
    expect("T2.3.tsv", "T2.3.gpu", "comparability", "condition-absent");
    expect("T2.3.tsv", "T2.3.gpio", "comparability", "condition-absent");      /* no controller */
    expect("T2.5.tsv", "T2.5.tfo.ratio", "comparability", "condition-absent"); /* no LAN */
    expect("T2.5.tsv", "T2.5.tfo.ratio.delay", "comparability", "analogue");
    expect("T2.5.tsv", "T2.5.hit", "kind", "threshold"); /* "can be as low as": a bound */
    expect("T2.5.tsv", "T2.5.hit", "comparability", "other-hardware");
    expect("T2.5.tsv", "T2.5.miss", "comparability", "other-hardware");
    expect("T2.4.tsv", "T2.4.openat.slower", "comparability", "analogue");
    expect("T2.4.tsv", "T2.4.build.openat", "comparability", "other-setup"); /* counts */
    expect("T1.tsv", "T1.daemon", "comparability", "other-setup");
    expect("T1.tsv", "T1.docker.rss", "comparability", "other-setup");
    expect("T1.tsv", "T1.rss.ratio", "comparability", "other-setup");       /* another toolchain */
    expect("T1.tsv", "T1.rss.ratio.daemon", "metric", "tree-daemon-RSS-B"); /* reading 2 */
    /* reading 2 carries the daemon's memory that T1.daemon calls not comparable: it cannot be
     * refuted on it */
    expect("T1.tsv", "T1.rss.ratio.daemon", "comparability", "other-setup");
    expect("T2.2b.tsv", "T2.2b.copyup.amp", "comparability", "other-setup");
    expect("T2.2c.tsv", "T2.2c.delay", "kind", "check"); /* our quota forces it */
    expect("T2.2a.tsv", "T2.2a.setup.runc", "metric", "setup-cost-x"); /* stands out */
    expect("T4.2.tsv", "T4.2.vmrss.host", "comparability", "condition-absent");
    expect("T4.2.tsv", "T4.2.vmrss.approx.host", "claimed", "1"); /* an approximation */
    expect("T4.4.tsv", "T4.4.grpc.vs.http", "comparability", "other-setup"); /* generators */
    expect("T4.4.tsv", "T4.4.order", "kind", ""); /* its pairs are the two ratios: once */
    /* "other hardware" only for a figure of the article's machine measured our way (R7): a
     * stand-in's latency, the emulated vm's 9p share and a page-cache read are not */
    expect("T2.1.tsv", "T2.1.wsl1.read", "comparability", "other-setup"); /* FUSE for WSL1 */
    expect("T2.1.tsv", "T2.1.wsl1.stat", "comparability", "other-setup");
    expect("T2.1.tsv", "T2.1.wsl2.read.9p", "comparability", "other-setup"); /* qemu's 9p */
    expect("T2.1.tsv", "T2.1.wsl2.stat.9p", "comparability", "other-setup");
    expect("T2.1.tsv", "T2.1.wsl2.read", "comparability", "other-setup"); /* page cache */
    /* the cause T2.4 names, overlayfs, is judged on the arm that removes it (R6) */
    expect("T2.4.tsv", "T2.4.openat.overlay", "baseline", "oci-nooverlay");
    expect("T2.4.tsv", "T2.4.openat.overlay", "comparability", "analogue");
}

/* No comparison is counted twice: an ordering's adjacent pair is never also a ratio claim of
 * the same file (T4.4's order and its gRPC-vs-HTTP ratio were one comparison, tallied twice).
 * A claim whose condition is absent here is left out: it is "not applicable" whatever the
 * comparison shows, no second finding on it (T4.2's VmRSS > Rss beside its VmRSS ~ Rss). */
static void test_no_comparison_of_a_claims_file_is_claimed_twice(void)
{
    tsv_table tables;
    CHECK(tsv_load("data/tables.tsv", &tables) == 0 && tables_validate(&tables) == 0);
    DIR *d = opendir("data/claims");
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strstr(e->d_name, ".tsv"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "data/claims/%s", e->d_name);
        claims_file f;
        CHECK(claims_load(path, &tables, &f) == 0);
        bench_pair *pairs = NULL;
        size_t n = 0, judged = 0;
        claim *c = xcalloc(f.n ? f.n : 1, sizeof *c);
        for (size_t r = 0; r < f.n; r++)
            if (f.claims[r].comparability != COMPARABLE_CONDITION_ABSENT)
                c[judged++] = f.claims[r];
        claims_pairs(c, judged, &pairs, &n);
        free(c);
        for (size_t i = 0; i < n; i++)
            for (size_t k = i + 1; k < n; k++)
                if (!strcmp(pairs[i].env, pairs[k].env) && !strcmp(pairs[i].bench, pairs[k].bench) &&
                    !strcmp(pairs[i].base_bench, pairs[k].base_bench) &&
                    !strcmp(pairs[i].unit, pairs[k].unit)) {
                    fprintf(stderr, "  %s: %s / %s claimed twice\n", path, pairs[i].bench,
                            pairs[i].base_bench);
                    CHECK(!"one comparison, one claim");
                }
        claims_pairs_free(pairs, n);
        claims_file_free(&f);
    }
    if (d)
        closedir(d);
    tsv_free(&tables);
}

static void test_the_rule_of_comparability(void)
{
    /* an analogue: never refuted on size, the direction is what it shows */
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_REFUTED, EFFECT_LARGER, 1) ==
          VERDICT_DIRECTION);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_REFUTED, EFFECT_SMALLER, 1) ==
          VERDICT_DIRECTION);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_REPRODUCED, EFFECT_UNSAID, 1) ==
          VERDICT_DIRECTION);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_REFUTED, EFFECT_NONE, 1) ==
          VERDICT_INCONCLUSIVE); /* holds 1: no direction shown, none refuted */
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_CONTRADICTED, EFFECT_UNSAID, 1) ==
          VERDICT_CONTRADICTED);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_INCONCLUSIVE, EFFECT_UNSAID, 1) ==
          VERDICT_INCONCLUSIVE);
    /* a size that has no direction (a range, an absolute figure) is not comparable */
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_REFUTED, EFFECT_SMALLER, 0) ==
          VERDICT_NOT_COMPARABLE);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_DIFFERS, EFFECT_UNSAID, 0) ==
          VERDICT_NOT_COMPARABLE);
    CHECK(decide_comparability(COMPARABLE_ANALOGUE, VERDICT_EQUAL, EFFECT_UNSAID, 0) ==
          VERDICT_EQUAL); /* a behaviour, not a size */
    /* an absent condition: not applicable, measured or not */
    CHECK(decide_comparability(COMPARABLE_CONDITION_ABSENT, VERDICT_DIFFERS, EFFECT_UNSAID, 0) ==
          VERDICT_NOT_APPLICABLE);
    CHECK(decide_comparability(COMPARABLE_CONDITION_ABSENT, VERDICT_NOT_MEASURED, EFFECT_UNSAID,
                               1) == VERDICT_NOT_APPLICABLE);
    /* other hardware only for hardware; a software quantity of another set-up: not comparable */
    CHECK(decide_comparability(COMPARABLE_OTHER_HARDWARE, VERDICT_REFUTED, EFFECT_SMALLER, 0) ==
          VERDICT_OTHER_HARDWARE);
    CHECK(decide_comparability(COMPARABLE_OTHER_SETUP, VERDICT_OTHER_HARDWARE, EFFECT_UNSAID, 0) ==
          VERDICT_NOT_COMPARABLE);
    CHECK(decide_comparability(COMPARABLE_OTHER_SETUP, VERDICT_IMPLAUSIBLE, EFFECT_UNSAID, 0) ==
          VERDICT_IMPLAUSIBLE); /* a physical bound holds on any machine */
    CHECK(decide_comparability(COMPARABLE_OTHER_HARDWARE, VERDICT_NOT_MEASURED, EFFECT_UNSAID,
                               0) == VERDICT_NOT_MEASURED);
    CHECK(decide_comparability(COMPARABLE_SAME, VERDICT_REFUTED, EFFECT_LARGER, 1) ==
          VERDICT_REFUTED);
}

static cellset fuse_and_own(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFib40", 100, 0.02, 10);
    add_cell_n(&cs, "T1", "ns/op", "host", "BenchmarkFuse", 8600, 0.02, 10);
    return cs;
}

static void test_an_analogue_ratio_is_judged_by_direction_with_its_reason(void)
{
    cellset cs = fuse_and_own();
    const char *row = "r\tT1\t\tratio\tns/op\thost\tbench:BenchmarkFib40\t5.5\t5.5x\t\t\t\t\t\t\tt"
                      "\tBenchmarkFuse\t%s\tFUSE is our stand-in for WSL1's layer\n";
    char body[512];
    snprintf(body, sizeof body, row, "analogue");
    judged j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK(j.load_rc == 0);
    CHECK_STR(V(j, 0), "direction reproduced"); /* 86x against 5.5x: never "refuted" on size */
    CHECK(strstr(D(j, 0), "direction reproduced, size not comparable: FUSE is our stand-in for "
                          "WSL1's layer; a larger effect") == D(j, 0));
    CHECK_STR(tsv_get(&j.out, 0, "comparability"), "analogue");
    CHECK_STR(tsv_get(&j.out, 0, "effect"), "");
    tsv_free(&j.out);
    snprintf(body, sizeof body, row, "other-setup"); /* a ratio of a software quantity */
    j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK_STR(V(j, 0), "not comparable"); /* not refuted, and not judged in its words either */
    CHECK(strstr(D(j, 0), "not comparable: FUSE is our stand-in for WSL1's layer; measured ratio ") ==
          D(j, 0));
    CHECK(strstr(D(j, 0), "effect than claimed") == NULL);
    tsv_free(&j.out);
    snprintf(body, sizeof body, row, "same"); /* the same numbers as the article's thing */
    j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK_STR(V(j, 0), "refuted");
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_an_absent_condition_is_not_applicable_even_without_samples(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "allocs/op", "host", "BenchmarkFib40", 0, 0, 6);
    judged j = judge_text(&cs, COMP_HEADER,
                          "g\tT1\tWSL2\tcount\tallocs/op\thost\t\t1\tyes\t\t\t\t\t\t\tt\t\t"
                          "condition-absent\tno GPU here\n"
                          "h\tT1\tWSL2\tcount\tallocs/op\tdocker\t\t1\tyes\t\t\t\t\t\t\tt\t\t"
                          "condition-absent\tno GPU here\n",
                          NULL, NULL);
    CHECK(j.load_rc == 0);
    CHECK_STR(V(j, 0), "not applicable"); /* not "differs": 0 of 6 samples equal 1 */
    CHECK(strstr(D(j, 0), "not applicable here: no GPU here; measured anyway: ") == D(j, 0));
    CHECK_STR(V(j, 1), "not applicable"); /* docker has no samples: still not applicable */
    tsv_free(&j.out);
    cells_free(&cs);
}

static void test_old_claims_files_are_judged_as_they_were_and_bad_words_are_errors(void)
{
    cellset cs = fuse_and_own();
    const char *row = "r\tT1\t\tratio\tns/op\thost\tbench:BenchmarkFib40\t5.5\t5.5x\t\t\t\t\t\t\tt"
                      "\tBenchmarkFuse";
    char body[512];
    snprintf(body, sizeof body, "%s\n", row);
    judged j = judge_text(&cs, HEADER, body, NULL, NULL); /* 17 columns: no comparability */
    CHECK(j.load_rc == 0);
    CHECK_STR(V(j, 0), "refuted");
    CHECK_STR(tsv_get(&j.out, 0, "comparability"), "same");
    tsv_free(&j.out);
    snprintf(body, sizeof body, "%s\tstand-in\tx\n", row);
    j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK(j.load_rc != 0 && strstr(D(j, 0), "unknown comparability \"stand-in\""));
    tsv_free(&j.out);
    snprintf(body, sizeof body, "%s\tanalogue\t\n", row);
    j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK(j.load_rc != 0 && strstr(D(j, 0), "needs its reason"));
    tsv_free(&j.out);
    j = judge_text(&cs, COMP_HEADER, "c\tT1\t\tcheck\tns/op\thost\t\t1\t1\t\t\t\t\t\t\tt\t\t"
                                     "analogue\tx\n", NULL, NULL);
    CHECK(j.load_rc != 0 && strstr(D(j, 0), "has no meaning"));
    tsv_free(&j.out);
    cells_free(&cs);
}

/* A software quantity of another set-up reads as one sentence: "not comparable: <why>; measured
 * ..." with no word of the article's hardware, and a smoke run says the reason once. */
static void test_a_software_quantity_says_its_reason_once_and_no_hardware(void)
{
    cellset cs = {0};
    add_cell_n(&cs, "T1", "ns/op", "docker", "BenchmarkFib40", 100, 0.02, 10);
    const char *body = "d\tT1\tDocker\tabsolute\tns/op\tdocker\t\t50\t50\t\t\t\t\t\t\tt\t"
                       "BenchmarkFib40\tother-setup\ta software quantity: our daemon's\n";
    judged j = judge_text(&cs, COMP_HEADER, body, NULL, NULL);
    CHECK(j.load_rc == 0);
    CHECK_STR(V(j, 0), "not comparable");
    CHECK(strstr(D(j, 0), "not comparable: a software quantity: our daemon's; measured ") ==
          D(j, 0));
    CHECK(strstr(D(j, 0), "hardware") == NULL);
    tsv_free(&j.out);
    j = judge_text(&cs, COMP_HEADER, body, "key\tvalue\nsmoke_tables\tT1\n", NULL);
    CHECK_STR(V(j, 0), "smoke run");
    CHECK(strstr(D(j, 0), "it would read \"not comparable\": a software quantity: our daemon's; "
                          "measured ") != NULL);
    CHECK(strstr(D(j, 0), "not comparable: not comparable") == NULL);
    CHECK(strstr(D(j, 0), "hardware") == NULL);
    tsv_free(&j.out);
    cells_free(&cs);
}

int main(void)
{
    RUN(test_every_claim_of_data_claims_states_its_comparability);
    RUN(test_the_claims_the_referee_named_are_judged_for_what_they_can_show);
    RUN(test_no_comparison_of_a_claims_file_is_claimed_twice);
    RUN(test_the_rule_of_comparability);
    RUN(test_an_analogue_ratio_is_judged_by_direction_with_its_reason);
    RUN(test_an_absent_condition_is_not_applicable_even_without_samples);
    RUN(test_old_claims_files_are_judged_as_they_were_and_bad_words_are_errors);
    RUN(test_a_software_quantity_says_its_reason_once_and_no_hardware);
    return check_main("comparability");
}
