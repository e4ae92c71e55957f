/* gather.c - the fleet's input: every machine's latest run (of a profile other than quick, where
 * it has one: fleet_pick_run), judged with one set of claims (so "the same claim" means the same
 * row everywhere), kept as its facts and claims only. */
#include "fleet/fleet.h"

#include "analyze/regime.h"
#include "log.h"
#include "schema_model.h"
#include "schema_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fleet_fact(const fleet_machine *m, const char *key)
{
    const char *v = kv_value(&m->facts, key);
    return v ? v : "";
}

size_t fleet_pick_run(const char *const *profiles, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (strcmp(profiles[i], "quick") != 0)
            return i;
    return n - 1;
}

/* Which of a machine's runs (runs[0..n), oldest first) the fleet judges: fleet_pick_run on their
 * profiles. */
static const run_ref *pick(runset *rs, const run_ref *runs, size_t n, char *profile, size_t len)
{
    char(*p)[32] = xcalloc(n, sizeof *p);
    const char **names = xcalloc(n, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        runset_fact(rs, &runs[i], "profile", p[i], sizeof p[i]);
        names[i] = p[i];
    }
    size_t k = fleet_pick_run(names, n);
    snprintf(profile, len, "%s", p[k]);
    free(names);
    free(p);
    return &runs[k];
}

int fleet_gather(runset *rs, judge_set *j, const tsv_table *regimes, fleet *f)
{
    memset(f, 0, sizeof *f);
    f->judge = j;
    f->conf = j->conf;
    f->grouped_by = regimes ? "posture" : "CPU model and kernel";
    f->m = xcalloc(rs->n ? rs->n : 1, sizeof *f->m);
    int rc = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const run_ref *r = &rs->runs[i];
        if (f->n && !strcmp(f->m[f->n - 1].machine, r->machine)) {
            f->m[f->n - 1].runs++;
            continue;
        }
        f->m[f->n++] = (fleet_machine){.machine = r->machine, .runs = 1};
    }
    for (size_t i = 0, first = 0; i < f->n; first += f->m[i].runs, i++) {
        fleet_machine *m = &f->m[i];
        /* ids sort by start time */
        const run_ref *latest = pick(rs, &rs->runs[first], m->runs, m->profile, sizeof m->profile);
        run_data d;
        m->latest = latest->id;
        if (run_load(rs, latest, j, &d) != 0)
            rc = -1;
        m->facts = d.run, m->claims = d.claims; /* kept; the rest is freed */
        char posture[256];
        if (regimes)
            regime_posture_group(regimes, &d.posture, &d.meta, &d.envs, posture, sizeof posture);
        memset(&d.run, 0, sizeof d.run);
        memset(&d.claims, 0, sizeof d.claims);
        run_free(&d);
        m->group = regimes ? xstrdup(posture)
                           : xasprintf("%s / %s", fleet_fact(m, "host_cpu_model"),
                                       fleet_fact(m, "host_kernel"));
    }
    return rc;
}

void fleet_free(fleet *f)
{
    for (size_t i = 0; i < f->n; i++) {
        tsv_free(&f->m[i].facts);
        tsv_free(&f->m[i].claims);
        free(f->m[i].group);
    }
    free(f->m);
    memset(f, 0, sizeof *f);
}

long fleet_claim_row(const fleet_machine *m, const char *id, size_t hint)
{
    if (hint < m->claims.nrows && !strcmp(verdicts_at(&m->claims, hint, VERDICTS_ID), id))
        return (long)hint; /* the same claims files give the same order */
    for (size_t r = 0; r < m->claims.nrows; r++)
        if (!strcmp(verdicts_at(&m->claims, r, VERDICTS_ID), id))
            return (long)r;
    return -1;
}

static double num_at(const tsv_table *t, size_t r, verdicts_col col)
{
    const char *s = verdicts_at(t, r, col);
    return *s ? strtod(s, NULL) : NAN;
}

void fleet_pool(const fleet *f, const claim *c, size_t index, const char *group, pooled_claim *p)
{
    machine_judgment *j = xcalloc(f->n ? f->n : 1, sizeof *j);
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const fleet_machine *m = &f->m[i];
        long r = fleet_claim_row(m, c->id, index);
        if (r < 0 || (group && strcmp(m->group, group)))
            continue;
        const tsv_table *t = &m->claims;
        j[n++] = (machine_judgment){
            verdicts_at(t, (size_t)r, VERDICTS_VERDICT), num_at(t, (size_t)r, VERDICTS_MEASURED),
            num_at(t, (size_t)r, VERDICTS_LO), num_at(t, (size_t)r, VERDICTS_HI),
            num_at(t, (size_t)r, VERDICTS_LEVEL)};
    }
    pool_claim(j, n, c->kind == CLAIM_RATIO, c->claimed, c->margin, f->conf, p);
    if (c->kind == CLAIM_RATIO && p->pooled != VERDICT_NOT_MEASURED) { /* what a stand-in can show */
        decision d = decide_ratio(c->claimed, p->meta.lo, p->meta.hi,
                                  isnan(c->margin) ? DECIDE_DEFAULT_MARGIN : c->margin);
        p->pooled = decide_comparability(c->comparability, d.verdict, decide_effect(d.how), 1);
    }
    free(j);
}
