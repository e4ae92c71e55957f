/* history.h - a machine's archived runs as series (gather.c): per environment the headline
 * figures (T1's time/op, peak RSS and daemon RSS, and each table's first metric) with their
 * medians' intervals, the steps found in each (steps.h) with what metadata changed there, and
 * every claim's verdict per run; charts (chart.c, through gnuplot) and pages (out.c). */
#ifndef HISTORY_H
#define HISTORY_H

#include "history/steps.h"
#include "render/figure.h"
#include "runset/runset.h"

typedef struct {
    char *table, *unit, *env;
    double *median, *lo, *hi; /* per run; NAN where the run lacks it */
    size_t *n;
    step_fit fit;   /* over the runs that have it */
    size_t *index;  /* the runs that have it (fit.at refers to positions in this list) */
    size_t nindex;
    int fitted;
} series;

typedef struct {
    const char *machine;
    const run_ref **runs; /* oldest first */
    size_t nruns;
    tsv_table *facts, *meta; /* each run's run.tsv and meta.tsv */
    char ***verdicts;        /* [run][claim], claims in judge order */
    series *s;
    size_t ns;
    size_t nclaims;
} machine_history;

/* Loads, judges and fits every run of machine (its runs in rs[first, first + n)). */
int history_gather(runset *rs, judge_set *j, size_t first, size_t n, machine_history *h);
void history_free(machine_history *h);
/* "key: old -> new; ..." for what differs between runs a and b of h in series s's env, or
 * "no recorded change" (malloc'd). */
char *history_changed(const machine_history *h, const series *s, size_t a, size_t b);

/* Series i of h as a gnuplot chart (templates/history.gp): appends its script to script and
 * its data to dat, to be drawn with the machine's other charts by gnuplot_draw_all into
 * <dir>/fig/<f->stem>.svg and .png (tmp: where gnuplot works): medians with their intervals over
 * runs, segment levels, steps. 0, or -1 with why in f->failed (malloc'd). */
int history_chart(const machine_history *h, size_t i, const char *templates, const char *tmp,
                  strbuf *script, strbuf *dat, rep_figure *f);

/* Writes dir/<machine>/{series,steps,verdicts}.tsv and history.md/html. */
int history_write(const machine_history *h, const judge_set *j, const char *dir);

#endif
