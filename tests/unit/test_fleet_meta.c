/* The fleet's pooling (stages/fleet/meta.c, pool.c): DerSimonian-Laird against a published
 * reference (the BCG vaccine trials, metafor's rma(method = "DL"): estimate -0.7141, se 0.1787,
 * tau^2 0.3088, I^2 92.12%, Q 152.23), homogeneous machines (tau^2 = 0), an interval turned into
 * a standard error, and pooled verdicts from the decision table. */
#include "check.h"
#include "fleet/fleet.h"
#include "fleet/meta.h"
#include "fleet/pool.h"

#include <math.h>

static const double bcg[13][2] = {
    {-0.8893113339, 0.5706003549}, {-1.5853886572, 0.4411135017}, {-1.3480731483, 0.6444904696},
    {-1.4415511900, 0.1414568199}, {-0.2175473222, 0.2262966464}, {-0.7861155858, 0.0831000509},
    {-1.6208982236, 0.4722470197}, {0.0119523335, 0.0629410780},  {-0.4694176487, 0.2375588568},
    {-1.3713448035, 0.2702310005}, {-0.3393588283, 0.1114101161}, {0.4459134006, 0.7297299810},
    {-0.0173139482, 0.2672165034}};

static void test_dersimonian_laird_matches_metafor_on_the_bcg_trials(void)
{
    double y[13], se[13];
    for (int i = 0; i < 13; i++)
        y[i] = bcg[i][0], se[i] = bcg[i][1];
    meta_result m;
    CHECK(meta_dersimonian_laird(y, se, 13, 0.95, &m) == 0);
    CHECK(m.k == 13);
    CHECK_NEAR(log(m.est), -0.7141, 2e-4);
    CHECK_NEAR(m.se, 0.1787, 1e-3);
    CHECK_NEAR(m.tau2, 0.3088, 1e-3);
    CHECK_NEAR(m.i2, 0.9212, 1e-3);
    CHECK_NEAR(m.q, 152.23, 1e-4);
    CHECK_NEAR(log(m.lo), -1.0644, 1e-3);
    CHECK_NEAR(log(m.hi), -0.3638, 2e-3);
}

static void test_agreeing_machines_have_no_heterogeneity(void)
{
    double y[] = {log(1.02), log(1.02), log(1.02)}, se[] = {0.01, 0.02, 0.03};
    meta_result m;
    meta_dersimonian_laird(y, se, 3, 0.95, &m);
    CHECK_NEAR(m.est, 1.02, 1e-12);
    CHECK(m.tau2 == 0 && m.i2 == 0);
    CHECK(m.lo < 1.02 && m.hi > 1.02);
}

static void test_unbounded_intervals_carry_no_weight(void)
{
    CHECK(isnan(meta_se_from_ci(0, INFINITY, 0.95)));
    CHECK_NEAR(meta_se_from_ci(exp(-1.959963984540054), exp(1.959963984540054), 0.95), 1, 1e-9);
    double y[] = {log(1.5), NAN}, se[] = {NAN, NAN};
    meta_result m;
    CHECK(meta_dersimonian_laird(y, se, 2, 0.95, &m) == -1 && !m.ok);
}

static void test_machines_that_each_refute_pool_to_a_refutation(void)
{
    /* Three machines measure ~1.01 with tight intervals; the article claims 1.385. */
    machine_judgment j[] = {{"refuted", 1.01, 0.98, 1.04, 0.983},
                            {"refuted", 1.00, 0.97, 1.03, 0.983},
                            {"inconclusive", 1.03, 0.90, 1.40, 0.983}};
    pooled_claim p;
    pool_claim(j, 3, 1, 1.385, 0.05, 0.95, &p);
    CHECK(p.counts[VERDICT_REFUTED] == 2 && p.counts[VERDICT_INCONCLUSIVE] == 1);
    CHECK(p.meta.k == 3 && p.meta.hi < 1.05);
    CHECK_STR(verdict_word(p.pooled), "refuted");
}

static void test_machines_that_reproduce_pool_to_a_reproduction(void)
{
    machine_judgment j[] = {{"reproduced", 1.40, 1.30, 1.50, 0.95},
                            {"reproduced", 1.36, 1.25, 1.48, 0.95}};
    pooled_claim p;
    pool_claim(j, 2, 1, 1.385, 0.05, 0.95, &p);
    CHECK_STR(verdict_word(p.pooled), "reproduced");
}

/* A quick run's smoke sample answers no claim: its verdict is counted, its numbers never pooled
 * (the quiet run's T2.4.openat.slower became a pooled "inconclusive" from one smoke sample). */
static void test_a_smoke_sample_is_counted_never_pooled(void)
{
    machine_judgment smoke = {"smoke run", 1.421, 0.831, 2.429, 0.975};
    pooled_claim p;
    pool_claim(&smoke, 1, 1, 1.32, 0.05, 0.95, &p);
    CHECK(p.counts[VERDICT_SMOKE] == 1);
    CHECK(p.judged == 0);
    CHECK(p.meta.k == 0);
    CHECK(p.pooled == VERDICT_NOT_MEASURED);
    machine_judgment two[] = {{"refuted", 1.01, 0.95, 1.07, 0.99}, smoke};
    pool_claim(two, 2, 1, 1.385, 0.05, 0.95, &p);
    CHECK(p.judged == 1 && p.meta.k == 1); /* the full run's alone */
    CHECK_NEAR(p.meta.est, 1.01, 1e-9);
}

/* A machine is judged on its latest run of a profile other than quick, else its latest. */
static void test_a_quick_run_does_not_replace_a_full_one(void)
{
    const char *full_then_quick[] = {"quick", "full", "quick"};
    CHECK(fleet_pick_run(full_then_quick, 3) == 1);
    const char *only_quick[] = {"quick", "quick"};
    CHECK(fleet_pick_run(only_quick, 2) == 1);
    const char *why_last[] = {"full", "why"};
    CHECK(fleet_pick_run(why_last, 2) == 1);
    const char *unrecorded[] = {"", "quick"}; /* a run from before profiles were recorded */
    CHECK(fleet_pick_run(unrecorded, 2) == 0);
}

int main(void)
{
    RUN(test_dersimonian_laird_matches_metafor_on_the_bcg_trials);
    RUN(test_agreeing_machines_have_no_heterogeneity);
    RUN(test_unbounded_intervals_carry_no_weight);
    RUN(test_machines_that_each_refute_pool_to_a_refutation);
    RUN(test_machines_that_reproduce_pool_to_a_reproduction);
    RUN(test_a_smoke_sample_is_counted_never_pooled);
    RUN(test_a_quick_run_does_not_replace_a_full_one);
    return check_main("fleet_meta");
}
