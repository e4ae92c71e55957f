/* resume.c - whether a run directory holds a run that --resume may continue: only an
 * unfinished one, and only with the settings that defined its matrix, so a resumed run is the
 * run it would have been; and what run.tsv says of its earlier attempts. */
#include "journal.h"

#include "log.h"
#include "runfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const matrix_keys[] = {"profile", "envs",  "tables",     "bench",    "reps",
                                          "warmups", "quick", "budget_min", "timeout_s",
                                          "seed",    "bench_runs"};

/* The value of key among run.tsv rows without their header (facts_put's), copied; NULL when
 * absent. */
static char *setting(const char *rows, const char *key)
{
    strbuf text = {0};
    tsv_put_header(&text, &facts_schema);
    sb_puts(&text, rows);
    tsv_table t;
    char *v = NULL;
    if (tsv_parse_as("collect's settings", sb_str(&text), &facts_schema, &t) == 0) {
        const char *found = kv_value(&t, key);
        v = found ? xstrdup(found) : NULL;
        tsv_free(&t);
    }
    sb_free(&text);
    return v;
}

/* Row of key in run.tsv, or -1. */
static long fact_row(const tsv_table *run, const char *key)
{
    return tsv_find(run, FACTS_KEY, key);
}

static const char *fact(const tsv_table *run, const char *key)
{
    return kv_value(run, key);
}

/* 0 when every matrix key is the same in run.tsv and settings, else -1 (logged). */
static int same_matrix(const tsv_table *run, const char *settings)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof matrix_keys / sizeof *matrix_keys; i++) {
        char *want = setting(settings, matrix_keys[i]);
        long r = fact_row(run, matrix_keys[i]);
        const char *have = r < 0 ? NULL : facts_at(run, (size_t)r, FACTS_VALUE);
        if (!want != !have || (want && strcmp(want, have))) {
            log_error_at(run->path, r < 0 ? 1 : run->rows[r].line,
                         "%s is %s%s%s there but %s%s%s here: not the same run", matrix_keys[i],
                         have ? "\"" : "", have ? have : "unset", have ? "\"" : "",
                         want ? "\"" : "", want ? want : "unset", want ? "\"" : "");
            rc = -1;
        }
        free(want);
    }
    return rc;
}

int resume_check(const char *run_dir, const char *settings, resume_info *ri)
{
    *ri = (resume_info){0};
    tsv_table run;
    if (run_load_facts(run_dir, &run) != 0)
        return -1;
    const char *finished = fact(&run, "finished_utc"), *interrupted = fact(&run, "interrupted");
    int rc = same_matrix(&run, settings);
    if (finished && !(interrupted && !strcmp(interrupted, "yes"))) {
        log_error_at(run.path, run.rows[fact_row(&run, "finished_utc")].line,
                     "the run finished at %s: a finished run is never resumed", finished);
        rc = -1;
    }
    const char *started = fact(&run, "started_utc"), *resumed = fact(&run, "resumed_utc");
    const char *redone = fact(&run, "cells_redone"), *times = fact(&run, "resumes");
    if (rc == 0 && !started) {
        log_error_at(run.path, 1, "no started_utc: not a run repro-collect began");
        rc = -1;
    }
    if (rc == 0) {
        ri->started_utc = xstrdup(started);
        ri->resumed_utc = xstrdup(resumed ? resumed : "");
        ri->resumes = times ? atoi(times) : 0;
        ri->cells_redone = redone ? atol(redone) : 0;
    }
    tsv_free(&run);
    return rc;
}

int resume_seed(const char *run_dir, unsigned long long *seed)
{
    tsv_table run;
    if (run_load_facts(run_dir, &run) != 0)
        return -1;
    const char *v = fact(&run, "seed");
    char *end = NULL;
    int rc = v && *v && *v != '-' ? 0 : -1;
    if (rc == 0)
        *seed = strtoull(v, &end, 10);
    rc = rc == 0 && !*end ? 0 : -1;
    tsv_free(&run);
    return rc;
}

void resume_free(resume_info *ri)
{
    free(ri->started_utc);
    free(ri->resumed_utc);
    *ri = (resume_info){0};
}
