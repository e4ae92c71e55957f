/* runset.h - the archived runs of every machine as data, for the commands that ask questions
 * across them (compare, history, fleet). Runs are read straight from the results repository's
 * HEAD tree (machines/<machine>/runs/<id>/), never from a work tree, and judged in-process with
 * the analyze stage's own statistics and decision table (linked, not copied). The commands'
 * pages are documents written by render (render_page). */
#ifndef RUNSET_H
#define RUNSET_H

#include "analyze/claims.h"
#include "strbuf.h"
#include "tsv.h"

#include <git2.h>

typedef struct {
    char *machine, *id;
    git_oid tree; /* the run's directory */
} run_ref;

typedef struct {
    git_repository *repo;
    char *path;
    run_ref *runs; /* by machine, then id (ids are UTC start times: oldest first) */
    size_t n;
} runset;

/* Opens the results repository at path and lists the runs of its HEAD (migrated layout). */
int runset_open(const char *path, runset *rs);
void runset_close(runset *rs);
/* The run spec names ("<machine>/<id>", or "<id>" when one machine has it), or NULL after
 * logging why. */
const run_ref *runset_find(const runset *rs, const char *spec);
/* A value of run r's run.tsv, read from its blob alone (nothing judged), into buf; "" when
 * absent. */
void runset_fact(const runset *rs, const run_ref *r, const char *key, char *buf, size_t len);
/* The machine id a user names by its id or by its label (its latest run's machine_label, as
 * compare prints it), or NULL after logging the ids and labels there are. */
const char *runset_machine(const runset *rs, const char *name);

/* What runs are judged with, loaded and validated once: tables.tsv and the claims files. */
typedef struct {
    tsv_table tables;
    claims_set claims;
    double conf;
} judge_set;
int judge_open(const char *claims_dir, const char *tables_path, judge_set *j);
void judge_close(judge_set *j);

typedef struct {
    const run_ref *ref;
    tsv_table run, envs, meta, cells;
    tsv_table posture; /* samples/posture.tsv; no rows when the run recorded none */
    cellset cs;
    analysis a;
    tsv_table claims; /* claims.tsv's columns (VERDICTS_COLS), one row per claim */
} run_data;
/* Loads run r (its tables and samples), analyses it and judges every claim. 0, or -1 after
 * logging "<machine>/<id>/<file>:line: why". */
int run_load(runset *rs, const run_ref *r, judge_set *j, run_data *d);
void run_free(run_data *d);
/* A value of the run's run.tsv, "" when absent. */
const char *run_fact(const run_data *d, const char *key);

#endif
