/* fleet.h - the fleet command's data: each machine's latest run (its facts and judged claims),
 * gathered once (gather.c) and written as TSV, Markdown and HTML (out.c). */
#ifndef FLEET_H
#define FLEET_H

#include "fleet/pool.h"
#include "runset/runset.h"

typedef struct {
    const char *machine, *latest; /* into the runset; latest: the run judged (fleet_pick_run) */
    char profile[32];             /* that run's profile ("" when it records none) */
    size_t runs;
    tsv_table facts, claims; /* the latest run's run.tsv and judged claims */
    char *group;             /* "<CPU model> / <kernel>", or its posture (--by posture) */
} fleet_machine;

typedef struct {
    fleet_machine *m;
    size_t n;
    judge_set *judge;
    double conf;
    const char *grouped_by; /* "CPU model and kernel" or "posture" */
} fleet;

/* Loads and judges the latest run of every machine in rs, grouped by CPU model and kernel, or
 * by posture when regimes is given (regime_posture_group: the regime of the run's filtered
 * environment and the states that decide it). -1 when any cannot be read. */
int fleet_gather(runset *rs, judge_set *j, const tsv_table *regimes, fleet *f);
void fleet_free(fleet *f);
/* Which of a machine's n runs (profiles[i] of each, oldest first) the fleet judges: the latest
 * whose profile is not quick (a quick run has fewer environments and smoke samples), else the
 * latest. */
size_t fleet_pick_run(const char *const *profiles, size_t n);
/* A fact of machine m's latest run ("" when absent). */
const char *fleet_fact(const fleet_machine *m, const char *key);
/* Machine m's row of claim id (NULL when it has none). */
long fleet_claim_row(const fleet_machine *m, const char *id, size_t hint);
/* Pools claim c over the machines whose group is `group` (NULL: all). */
void fleet_pool(const fleet *f, const claim *c, size_t index, const char *group, pooled_claim *p);

/* Writes machines.tsv, verdicts.tsv, pooled.tsv, fleet.md and fleet.html into dir. */
int fleet_write(const fleet *f, const char *dir);
/* The site's front page (index.c): dir/index.md, index.html and index.xlsx, linking the fleet
 * page, each machine's history and each run's report and comparison with the run before, as
 * pipeline/site.sh lays the site out. */
int fleet_site_index(const runset *rs, const char *dir);

#endif
