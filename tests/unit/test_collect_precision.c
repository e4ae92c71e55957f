/* test_collect_precision.c - the precision target's decisions, on a model directory written
 * here: which cells want another sample, when a comparison is met, stalled, capped or cannot
 * get there within its cap. */
#include "check.h"
#include "collect/precision.h"
#include "fsutil.h"
#include "log.h"
#include "schema_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/repro-precision-XXXXXX";

static void put(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    CHECK(fs_mkparent(path) == 0 && fs_write_atomic(path, text, strlen(text)) == 0);
    free(path);
}

/* samples.tsv with n values per env around center[env], spread +-spread/2. */
static void samples(size_t n, double host, double oci, double spread)
{
    strbuf sb = {0};
    sb_puts(&sb, "table\tenv\tbench\tunit\trep\tvalue\n");
    const char *envs[] = {"host", "oci", "vm"};
    double centre[] = {host, oci, 5 * host};
    for (size_t e = 0; e < 3; e++)
        for (size_t i = 0; i < n; i++)
            sb_printf(&sb, "T1\t%s\tBenchmarkFib40\tns/op\t%zu\t%.17g\n", envs[e], i + 1,
                      centre[e] * (1 + spread * ((double)((i * 7) % n) / (double)n - 0.5)));
    for (size_t i = 0; i < n; i++) /* a within-environment pair: bench:Own vs Fuse in host */
        sb_printf(&sb, "T2.1\thost\tRead/fs=%s\tns/op\t%zu\t%d\nT2.1\thost\tRead/fs=%s\tns/op\t%zu\t%d\n",
                  "own", i + 1, 100, "fuse", i + 1, 900);
    put("model/samples.tsv", sb_str(&sb));
    sb_free(&sb);
}

/* The claims files precision reads through analyze's loader, and claims.tsv as analyze judged
 * them (the level and environment of each). */
#define CLAIMS_HEADER                                                                              \
    "id\ttable\tarticle_env\tkind\tmetric\tenv\tbaseline\tclaimed\tclaimed_text\tmargin\t"     \
    "tolerance\tlower\tupper\tbound\tbound_why\ttext\tbench\tcomparability\tcomparability_"     \
    "why\n"
#define T1_SLOWER(base) "T1.slower\tT1\tWSL2\tratio\tns/op\toci\t" base "\t1.3\t30%\t\t\t\t\t\t\tx\t\t\t\n"
#define T1_NS "T1.ns\tT1\tWSL2\tabsolute\tns/op\toci\t\t1000\t1 us\t\t\t\t\t\t\tx\t\t\t\n"
#define T21_READ                                                                                   \
    "T2.1.read\tT2.1\tWSL1\tratio\tns/op\thost\tbench:Read/fs=own\t9\t9x\t\t\t\t\t\t\tx\t"  \
    "Read/fs=fuse\t\t\n"
#define TABLES_HEADER "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
#define T1_ROW "T1\tt\ts\thost\tns/op\ta\tn\tmeasured\t\n"
#define T21_ROW "T2.1\tt\ts\thost\tns/op\ta\tn\tmeasured\t\n"

/* claims.tsv as analyze wrote it (by its declaration): the columns precision reads set (the
 * claim, and the environment and level it was judged at), the rest empty. */
static void judged_claims(void)
{
    static const char *const rows[][4] = {{"T1.slower", "T1", "oci", "0.99"},
                                          {"T1.ns", "T1", "oci", "0.99"},
                                          {"T2.1.read", "T2.1", "host", "0.95"}};
    strbuf sb = {0};
    tsv_put_header(&sb, &verdicts_schema);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const char *f[VERDICTS_NCOLS];
        for (size_t k = 0; k < VERDICTS_NCOLS; k++)
            f[k] = "";
        f[VERDICTS_ID] = rows[i][0];
        f[VERDICTS_TABLE] = rows[i][1];
        f[VERDICTS_ENV] = rows[i][2];
        f[VERDICTS_LEVEL] = rows[i][3];
        tsv_put_fields(&sb, &verdicts_schema, f);
    }
    put("model/claims.tsv", sb_str(&sb));
    sb_free(&sb);
}

static void setup_claims(void)
{
    put("tables.tsv", TABLES_HEADER T1_ROW T21_ROW);
    put("claims/T1.tsv", CLAIMS_HEADER T1_SLOWER("host") T1_NS);
    put("claims/T2.1.tsv", CLAIMS_HEADER T21_READ);
    judged_claims();
    /* the run as analyze copied it: bare metal, the vm not under KVM (wsl2 has no stand-in) */
    put("model/run.tsv", "key\tvalue\nhost_wsl\tno\nhost_is_vm_guest\tno (test)\n");
    put("model/envs.tsv", "env\tstatus\treason\twhat\nhost\tok\t\th\noci\tok\t\to\nvm\tok\t\tv\n");
    put("model/meta.tsv", "env\tkey\tvalue\nvm\taccel\ttcg\n");
}

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
    setup_claims();
}

static void rename_claims(const char *from, const char *to)
{
    char *a = xasprintf("%s/%s", dir, from), *b = xasprintf("%s/%s", dir, to);
    CHECK(rename(a, b) == 0);
    free(a);
    free(b);
}

static precision fresh(double target)
{
    char *claims = xasprintf("%s/claims", dir), *tables = xasprintf("%s/tables.tsv", dir);
    precision_opts o = {.target = target, .bin_dir = "/nonexistent", .claims = claims,
                        .tables = tables, .run_dir = dir};
    precision p;
    precision_init(&p, &o);
    return p; /* claims and tables leak into p.o: freed by done() */
}

static int update(precision *p)
{
    char *model = xasprintf("%s/model", dir);
    int rc = precision_update(p, model, "vm,");
    free(model);
    return rc;
}

static void done(precision *p)
{
    free((char *)p->o.claims);
    free((char *)p->o.tables);
    precision_free(p);
}

static void test_a_wide_interval_wants_more_samples_of_both_its_cells(void)
{
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(p.ncmp == 2); /* oci/host of T1 (vm is emulated: left out), fuse/own of T2.1 */
    CHECK(precision_wants(&p, "T1", "oci", 11, 10));
    CHECK(precision_wants(&p, "T1", "host", 11, 10));
    CHECK(!precision_wants(&p, "T1", "vm", 11, 10));
    CHECK(!precision_wants(&p, "T2.1", "host", 11, 10)); /* identical samples: met at once */
    /* the headline's (T1.slower, the first ratio claim) cap is 12x the minimum, not 4x */
    CHECK(precision_wants(&p, "T1", "oci", 41, 10));
    CHECK(!precision_wants(&p, "T1", "oci", 121, 10));
    CHECK(p.cmp[0].rank == PREC_RANK_HEADLINE && p.cmp[1].rank == PREC_RANK_REST);
    done(&p);
}

static void test_a_narrow_interval_stops_at_the_minimum(void)
{
    samples(10, 1000, 1030, 0.001);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(!precision_wants(&p, "T1", "oci", 11, 10));
    CHECK(!precision_wants(&p, "T1", "host", 11, 10));
    CHECK(p.cmp[0].half <= 0.02 && p.cmp[0].state == PREC_MET);
    CHECK_NEAR(p.cmp[0].level, 0.99, 0);
    done(&p);
}

/* The rule is on width: a difference that is plainly significant but still wide goes on. */
static void test_significance_does_not_stop_sampling(void)
{
    samples(10, 1000, 1400, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(p.cmp[0].lo > 1);
    CHECK(precision_wants(&p, "T1", "oci", 11, 10));
    done(&p);
}

static void test_a_comparison_without_new_samples_is_stalled(void)
{
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0 && update(&p) == 0); /* a round went by, no sample came */
    CHECK(p.cmp[0].state == PREC_STALLED);
    CHECK(!precision_wants(&p, "T1", "host", 12, 10));
    done(&p);
}

static void test_precision_tsv_says_how_sampling_ended(void)
{
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    strbuf extra = {0};
    CHECK(precision_write(&p, 1, 0, &extra) == 0);
    char *path = xasprintf("%s/precision.tsv", dir);
    char *text = fs_read_file(path, NULL);
    CHECK(text && strstr(text, "\tbudget ran out\theadline\n") && strstr(text, "\tmet\trest\n"));
    CHECK(strstr(sb_str(&extra), "never at whether it excludes 1") != NULL);
    free(text);
    free(path);
    sb_free(&extra);
    done(&p);
}

/* Met holds only while it stays met: cells that sampled on for another comparison and widened
 * its interval past the target make it open again (run 20261207-124639's A/A: +-0.77% at 6 + 6,
 * +-2.23% over 21 + 21), so its rank takes the rounds first; one they leave narrow stays met. */
static void test_a_met_comparison_widened_by_later_samples_is_open_again(void)
{
    samples(10, 1000, 1030, 0.001);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(p.cmp[0].state == PREC_MET && p.cmp[1].state == PREC_MET);
    samples(20, 1000, 1030, 0.3);
    CHECK(update(&p) == 0);
    CHECK(p.cmp[0].state == PREC_OPEN && p.cmp[0].half > 0.02 && p.cmp[0].n == 20);
    CHECK(precision_wants(&p, "T1", "oci", 21, 10));
    CHECK(p.cmp[1].state == PREC_MET && p.cmp[1].n == 20); /* T2.1's pair: identical still */
    done(&p);
}

/* A met headline comparison is not said to have stopped: its cells go on while an open
 * comparison wants them, and the headline's comparisons sample together (prec_wants). */
static void test_a_met_headline_comparison_is_said_to_go_on_with_the_headline(void)
{
    samples(10, 1000, 1030, 0.001);
    precision p = fresh(0.02);
    precision_cap(&p, "T1", 10);
    CHECK(update(&p) == 0);
    CHECK(p.cmp[0].state == PREC_MET && p.cmp[0].rank == PREC_RANK_HEADLINE);
    strbuf extra = {0};
    CHECK(precision_write(&p, 1, 0, &extra) == 0);
    CHECK(strstr(sb_str(&extra), "; the headline oci/host ") != NULL);
    CHECK(strstr(sb_str(&extra),
                 "met there; its cells sampled on only while a comparison still "
                 "open wanted them (the headline's comparisons go together)") != NULL);
    CHECK(strstr(sb_str(&extra), "its sampling stopped") == NULL);
    sb_free(&extra);
    done(&p);
}

/* A budget that ends the run before a table's minimum says so, not "its minimum only". */
static void test_a_budget_cut_before_the_minimum_is_said(void)
{
    samples(3, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    precision_cap(&p, "T1", 10);
    CHECK(update(&p) == 0);
    strbuf extra = {0};
    CHECK(precision_write(&p, 3, 0, &extra) == 0);
    CHECK(strstr(sb_str(&extra), "precision_bought_T1\tnot even its minimum: the budget ended the "
                                 "run after 3 of its 10 rounds") != NULL);
    CHECK(strstr(sb_str(&extra), "its minimum of 10 samples only") == NULL);
    sb_free(&extra);
    done(&p);
}

/* The half-width h at n = 10 a side projects 10 (h/t)^2 samples a side for target t: open at
 * t = h/1.5 (22.5) and at t = h/2.5 (62.5: over the cap of 40, within the margin of 2x),
 * unreachable at t = h/3 (90, over 80). */
static precision at_target(double target, int min)
{
    precision p = fresh(target);
    precision_cap(&p, "T1", min);
    CHECK(update(&p) == 0);
    return p;
}

/* T2.1 the first table: its ratio claim is the headline, and T1's oci/host one of the rest. */
static void setup_claims_t21_first(void)
{
    put("tables.tsv", TABLES_HEADER T21_ROW T1_ROW);
}

/* T1's comparison (oci/host) among p's. */
static prec_cmp *t1(precision *p)
{
    for (size_t i = 0; i < p->ncmp; i++)
        if (!strcmp(p->cmp[i].table, "T1"))
            return &p->cmp[i];
    static prec_cmp none;
    CHECK(!"T1 has a comparison");
    return &none;
}

static void test_a_target_beyond_the_cap_is_unreachable_and_stops(void)
{
    setup_claims_t21_first();
    samples(10, 1000, 1030, 0.2);
    precision probe = fresh(0.02);
    CHECK(update(&probe) == 0);
    double h = t1(&probe)->half;
    done(&probe);
    CHECK(h > 0 && h < 1);

    precision p = at_target(h / 1.5, 10);
    CHECK(t1(&p)->state == PREC_OPEN);
    CHECK_NEAR(t1(&p)->need, 22.5, 1e-9);
    CHECK(precision_wants(&p, "T1", "oci", 11, 10));
    done(&p);

    p = at_target(h / 2.5, 10); /* over the cap, but a projection from 10 samples runs high */
    CHECK(t1(&p)->state == PREC_OPEN && t1(&p)->need > 40);
    done(&p);

    p = at_target(h / 3, 10);
    CHECK(t1(&p)->state == PREC_UNREACHABLE && t1(&p)->rank == PREC_RANK_REST);
    CHECK_NEAR(t1(&p)->need, 90, 1e-9);
    CHECK(!precision_wants(&p, "T1", "oci", 11, 10));
    CHECK(!precision_wants(&p, "T1", "host", 11, 10)); /* T2.1's host pair is met */
    strbuf extra = {0};
    CHECK(precision_write(&p, 0, 0, &extra) == 0);
    char *path = xasprintf("%s/precision.tsv", dir);
    char *text = fs_read_file(path, NULL);
    CHECK(text && strstr(text, "\tunreachable: +-") && strstr(text, "projects 90 a side") &&
          strstr(text, "over 2x the cap of 40\trest\n"));
    free(text);
    free(path);
    sb_free(&extra);
    done(&p);
    setup_claims();
}

/* The headline is the first ratio claim of the first table in tables.tsv's order, whatever the
 * order of the claims (here T2.1's file, A.tsv, comes before T1's). */
static void test_the_headline_follows_the_tables_order(void)
{
    rename_claims("claims/T2.1.tsv", "claims/A.tsv");
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(t1(&p)->rank == PREC_RANK_HEADLINE);
    done(&p);
    rename_claims("claims/A.tsv", "claims/T2.1.tsv");
}

/* The headline is never given up as unreachable: only the budget stops it. */
static void test_the_headline_is_never_unreachable(void)
{
    samples(10, 1000, 1030, 0.2);
    precision probe = fresh(0.02);
    CHECK(update(&probe) == 0);
    double h = probe.cmp[0].half;
    done(&probe);
    precision p = at_target(h / 3, 10);
    CHECK(p.cmp[0].rank == PREC_RANK_HEADLINE && p.cmp[0].state == PREC_OPEN);
    CHECK(precision_wants(&p, "T1", "oci", 11, 10) && precision_wants(&p, "T1", "oci", 120, 10));
    done(&p);
}

/* When the budget cannot fit a round the lowest ranks leave first, for good; a comparison that
 * stopped keeps its state and numbers when its cells go on for another. */
static void test_the_budget_leaves_the_lowest_rank_and_stops_stay_stopped(void)
{
    setup_claims_t21_first();
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    CHECK(t1(&p)->rank == PREC_RANK_REST && t1(&p)->state == PREC_OPEN);
    precision_limit(&p, PREC_RANK_HEADLINE);
    CHECK(t1(&p)->state == PREC_BUDGET);
    CHECK(!precision_wants(&p, "T1", "oci", 11, 10));
    samples(12, 1000, 1030, 0.2); /* its cells took more samples: it stays stopped */
    CHECK(update(&p) == 0);
    CHECK(t1(&p)->state == PREC_BUDGET && t1(&p)->n == 10);
    strbuf extra = {0};
    CHECK(precision_write(&p, 0, 0, &extra) == 0);
    char *path = xasprintf("%s/precision.tsv", dir);
    char *text = fs_read_file(path, NULL);
    CHECK(text && strstr(text, "\tbudget ran out: its cells left the rounds to higher-ranked "
                               "comparisons\trest\n"));
    free(text);
    free(path);
    sb_free(&extra);
    done(&p);

    setup_claims(); /* (a met one widened by later samples is open again: below) */
}

/* Too few samples for a bounded interval at 99% (n = 3): no width to project from, so the
 * comparison stays open, unless bounding it needs more samples than the cap. */
static void test_an_unbounded_interval_stays_open_within_the_cap(void)
{
    setup_claims_t21_first();
    samples(3, 1000, 1030, 0.2);
    precision p = at_target(0.02, 3);
    CHECK(!isfinite(t1(&p)->half) && t1(&p)->state == PREC_OPEN);
    CHECK(!precision_wants(&p, "T1", "oci", 4, 3)); /* the headline (T2.1's, open) goes first */
    for (size_t i = 0; i < p.ncmp; i++)
        if (p.cmp[i].rank == PREC_RANK_HEADLINE)
            p.cmp[i].state = PREC_MET;
    CHECK(precision_wants(&p, "T1", "oci", 4, 3)); /* then T1's, open while unbounded */
    done(&p);
    p = at_target(0.02, 1); /* a cap of 4: a bounded 99% interval needs more */
    CHECK(t1(&p)->state == PREC_UNREACHABLE);
    done(&p);
    setup_claims();
}

/* A claim whose baseline is wsl2 is compared against what wsl2 stands for in this run, as its
 * verdict resolves it (the engine's claim_baseline): the vm on a bare-metal host where the vm
 * ran under KVM; no comparison at all where wsl2 has no stand-in (never the table's baseline
 * instead). */
static void test_comparisons_use_the_baseline_the_claim_is_judged_against(void)
{
    put("claims/T1.tsv", CLAIMS_HEADER T1_SLOWER("wsl2") T1_NS);
    put("model/meta.tsv", "env\tkey\tvalue\nvm\taccel\tkvm\n");
    samples(10, 1000, 1030, 0.2);
    precision p = fresh(0.02);
    CHECK(update(&p) == 0);
    size_t against_vm = 0;
    for (size_t i = 0; i < p.ncmp; i++)
        against_vm += !strcmp(p.cmp[i].table, "T1") && !strcmp(p.cmp[i].base_env, "vm") &&
                      strcmp(p.cmp[i].env, "vm");
    CHECK(against_vm == 2); /* host/vm and oci/vm: vm, emulated, is skipped as a side only */
    done(&p);

    put("model/meta.tsv", "env\tkey\tvalue\nvm\taccel\ttcg\n"); /* no light VM: no baseline */
    p = fresh(0.02);
    CHECK(update(&p) == 0);
    for (size_t i = 0; i < p.ncmp; i++)
        CHECK(strcmp(p.cmp[i].table, "T1") != 0);
    CHECK(!precision_wants(&p, "T1", "oci", 11, 10) && !precision_wants(&p, "T1", "host", 11, 10));
    done(&p);
    setup_claims();
}

static void test_no_model_wants_nothing_beyond_the_minimum(void)
{
    precision p = fresh(0.02);
    CHECK(precision_update(&p, "/nonexistent", "") != 0);
    CHECK(!precision_wants(&p, "T1", "host", 11, 10));
    done(&p);
}

int main(void)
{
    log_set_program("test");
    setup();
    RUN(test_a_wide_interval_wants_more_samples_of_both_its_cells);
    RUN(test_a_narrow_interval_stops_at_the_minimum);
    RUN(test_significance_does_not_stop_sampling);
    RUN(test_a_comparison_without_new_samples_is_stalled);
    RUN(test_precision_tsv_says_how_sampling_ended);
    RUN(test_a_met_comparison_widened_by_later_samples_is_open_again);
    RUN(test_a_met_headline_comparison_is_said_to_go_on_with_the_headline);
    RUN(test_a_budget_cut_before_the_minimum_is_said);
    RUN(test_a_target_beyond_the_cap_is_unreachable_and_stops);
    RUN(test_the_headline_is_never_unreachable);
    RUN(test_the_headline_follows_the_tables_order);
    RUN(test_the_budget_leaves_the_lowest_rank_and_stops_stay_stopped);
    RUN(test_an_unbounded_interval_stays_open_within_the_cap);
    RUN(test_comparisons_use_the_baseline_the_claim_is_judged_against);
    RUN(test_no_model_wants_nothing_beyond_the_minimum);
    char *rm = xasprintf("rm -rf '%s'", dir);
    CHECK(system(rm) == 0);
    free(rm);
    return check_main("collect-precision");
}
