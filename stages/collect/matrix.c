/* matrix.c - runs the matrix: repetitions x tables x environments, interleaved in rounds so
 * that drift on a noisy machine hits all environments alike; inside a round the environments
 * run in an order drawn from the run's seed (order.h), so no environment always runs first or
 * always after the same neighbour, and cells.tsv records each cell's position in its round.
 *
 * Every cell's raw output is written to a temp name and renamed when complete, fsynced, and
 * the cell recorded in the journal (journal.c); cells.tsv is rewritten atomically after each
 * cell (envs.tsv and meta.tsv as each environment gets ready and at the end: matrix_envs.c), so
 * an interrupted run keeps all it did, and --resume skips what it holds. A failed cell is
 * recorded and the run goes on; three failures in a row retire that workload in that
 * environment, with the reason, as does a workload that cannot run there at all. */
#include "matrix.h"
#include "matrix_envs.h"

#include "cell.h"
#include "fsutil.h"
#include "journal.h"
#include "log.h"
#include "machstate.h"
#include "model.h"
#include "order.h"
#include "precision.h"
#include "schema_run.h"
#include "workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A steady table (counts, yes/no) takes at most 6 samples: the fewest for which a median has a
 * 95% interval (the binomial order statistics need n >= 6). */
enum { EMULATED_REPS = 3, STEADY_REPS = 6 };

/* One cell of the matrix, a table in an environment, over the rounds. */
typedef struct {
    int retired;   /* unsupported there, or three failures in a row: it runs no more */
    int fails;     /* its failures in a row */
    double last_s; /* the seconds its latest sample took */
} cell_state;

/* cells.tsv as the run writes it, and the journal each of its rows is recorded in first. */
typedef struct {
    strbuf rows;
    char *path;
    journal *j;
    double started;   /* the run's start on this attempt's clock (earlier attempts included) */
    int write_failed; /* a record or cells.tsv could not be written: the run stops */
    unsigned long long seed; /* the round orders' seed */
    size_t nenvs;            /* the environments a round orders */
} cells_file;

/* One run of the matrix: what every round reads and updates. */
typedef struct {
    const collect_ctx *ctx;
    matrix_opts *o;
    env *envs;
    size_t n;             /* environments */
    env_status *status;   /* per environment */
    cell_state *cells;    /* per table and environment: cell_of */
    cells_file cf;
    netlab nl;            /* the load's network namespaces (a served table) */
    size_t total, done;   /* cells in the plan (for the progress line), cells visited */
    size_t ran;           /* cells actually run */
    int failed;           /* failed cells, the journal's included */
} matrix;

/* The cell of table k in environment i. */
static cell_state *cell_of(const matrix *m, size_t k, size_t i)
{
    return &m->cells[k * m->n + i];
}

static void write_daemon(env *e, const char *path)
{
    strbuf sb = {0}, desc = {0};
    double bytes = 0;
    int rc = e->drv->daemon_rss(e, &bytes, &desc);
    sb_printf(&sb, "daemon_rss_bytes\t%.0f\nstatus\t%s\nprocesses\t%s\n", bytes,
              rc == 0 ? "ok" : "unmeasured", sb_str(&desc));
    fs_save(path, sb.buf, sb.len);
    sb_free(&sb);
    sb_free(&desc);
}

static void print_progress(const char *table, const env *e, int rep, int reps, size_t done,
                           size_t total, double started)
{
    double elapsed = matrix_now() - started;
    double eta = done && total > done ? elapsed / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "collect: [%s %s %s %d/%d] cell %zu/%zu, elapsed %.0fs, ETA %dm%02ds\n", table,
            e->drv->name, rep > 0 ? "rep" : "warm-up", rep > 0 ? rep : reps + rep + 1, reps,
            done + 1, total, elapsed, (int)eta / 60, (int)eta % 60);
}

/* cells.tsv's header, in the run directory of ctx; the rows come from the journal and as the
 * cells finish. */
static void cells_open(cells_file *cf, const collect_ctx *ctx, const matrix_opts *o, size_t n)
{
    *cf = (cells_file){.path = xasprintf("%s/cells.tsv", ctx->run_dir),
                       .j = o->journal,
                       .seed = o->seed,
                       .nenvs = n};
    tsv_put_header(&cf->rows, &cells_schema);
}

/* Row of a cell: k and i its table's and environment's numbers (for its position in the
 * round; a rep-0 "unsupported" row has none). */
static void cells_row(cells_file *cf, const journal_rec *c, size_t k, size_t i)
{
    char repno[16], pos[16] = "";
    snprintf(repno, sizeof repno, "%d", c->rep);
    if (c->rep > 0)
        snprintf(pos, sizeof pos, "%zu", order_position(cf->seed, k, c->rep, cf->nenvs, i));
    const char *row[CELLS_NCOLS] = {[CELLS_TABLE] = c->table,     [CELLS_ENV] = c->env,
                                    [CELLS_REP] = repno,          [CELLS_STATUS] = c->status,
                                    [CELLS_SECONDS] = c->seconds, [CELLS_DETAIL] = c->detail,
                                    [CELLS_POSITION] = pos};
    tsv_put_fields(&cf->rows, &cells_schema, row);
}

/* Records a finished cell (rep < 0: a warm-up, journal only) of table k in environment i; -1
 * when the journal could not. */
static int cells_add(cells_file *cf, const char *table, const char *env, size_t k, size_t i,
                     int rep, const char *status, double seconds, const char *detail)
{
    double elapsed = matrix_now() - cf->started;
    if (journal_append(cf->j, table, env, rep, status, seconds, detail, elapsed)) {
        cf->write_failed = 1;
        return -1;
    }
    if (rep >= 0) {
        cells_row(cf, &cf->j->recs[cf->j->n - 1], k, i);
        if (fs_save(cf->path, cf->rows.buf, cf->rows.len) != 0)
            cf->write_failed = 1; /* the journal has it: a resume writes cells.tsv again */
    }
    return 0;
}

/* Records a cell that ran, once its files are on disk; one that cannot be recorded (a full
 * disk) is removed, so no cut-short output stays behind as if finished, and the run stops. */
static void finish_cell(cells_file *cf, const char *base, const char *table, const char *env,
                        size_t k, size_t i, int rep, int rc, double seconds, const char *detail)
{
    const char *status = rep < 0 ? "warmup" : rc ? "failed" : "ok";
    if (journal_sync_cell(base) != 0 ||
        cells_add(cf, table, env, k, i, rep, status, seconds, detail)) {
        journal_remove_cell(base);
        cf->write_failed = 1;
    }
}

/* Table k and environment i of a journal's cell (journal_open checked that the run has both). */
static void cell_index(const matrix *m, const journal_rec *c, size_t *k, size_t *i)
{
    *k = 0;
    while (*k + 1 < m->o->nworkloads && strcmp(m->o->workloads[*k]->table, c->table))
        ++*k;
    *i = 0;
    while (*i + 1 < m->n && strcmp(m->envs[*i].drv->name, c->env))
        ++*i;
}

/* The state the journal's cells left (a resumed run's): cells.tsv's rows, retired cells,
 * failures in a row and each cell's latest seconds. Returns the failed cells among them. */
static int restore_from_journal(matrix *m)
{
    int failed = 0;
    for (size_t r = 0; r < m->cf.j->n; r++) {
        const journal_rec *c = &m->cf.j->recs[r];
        size_t k, i;
        cell_index(m, c, &k, &i);
        cell_state *s = cell_of(m, k, i);
        if (c->rep >= 0)
            cells_row(&m->cf, c, k, i);
        if (c->rep == 0) {
            s->retired = 1;
            continue;
        }
        s->last_s = strtod(c->seconds, NULL);
        int bad = cell_status_is(c->status, CELL_FAILED);
        failed += bad;
        s->fails = bad ? s->fails + 1 : 0;
    }
    return failed;
}

/* Whether workload w runs in environment i; when it cannot, the reason is recorded once as an
 * "unsupported" row of cells.tsv, so the report can say why that cell is empty. */
static int cell_supported(const workload *w, env *e, int *retired, cells_file *cf)
{
    char why[512] = "";
    if (*retired)
        return 0;
    if (e->drv->only_table && !str_list_has(e->drv->only_table, w->table)) {
        snprintf(why, sizeof why, "%s is an arm of %s only: %s", e->drv->name,
                 e->drv->only_table,
                 e->drv->factor ? "the tables where its factor acts" : "the baseline measured twice");
        cells_add(cf, w->table, e->drv->name, 0, 0, 0, "unsupported", 0, why);
        *retired = 1;
        return 0;
    }
    if (env_emulated(e) && !w->runs_emulated) {
        snprintf(why, sizeof why,
                 "an emulated CPU (TCG) makes every timing incomparable and "
                 "takes minutes per cell: only Table 1 and the count tables run "
                 "here");
        cells_add(cf, w->table, e->drv->name, 0, 0, 0, "unsupported", 0, why);
        *retired = 1;
        return 0;
    }
    if (w->unsupported && w->unsupported(e, why, sizeof why)) {
        cells_add(cf, w->table, e->drv->name, 0, 0, 0, "unsupported", 0, why);
        *retired = 1;
        return 0;
    }
    return 1;
}

/* The samples a workload takes: --reps, times its own factor; a steady one at most six; in the
 * quick profile one smoke sample, but for the tables it answers in full (Table 1). */
static int reps_of(const workload *w, const matrix_opts *o)
{
    if (o->smoke && !w->quick_full)
        return 1;
    int reps = o->reps * (w->rep_factor > 1 ? w->rep_factor : 1);
    return w->steady && reps > STEADY_REPS ? STEADY_REPS : reps;
}

/* Whether cell (w, e) of repetition rep is to run at all (samples left, emulated cap). */
static int cell_due(const workload *w, const env *e, env_status status, int rep,
                    const matrix_opts *o)
{
    int min = reps_of(w, o);
    /* A smoke sample answers no claim (its verdict is "smoke run"), so no round sharpens it. */
    int sharpened = o->prec && !(o->smoke && !w->quick_full);
    if (rep > min && !(sharpened && precision_wants(o->prec, w->table, e->drv->name, rep, min)))
        return 0;
    /* An emulated environment gives at most EMULATED_REPS samples: its timings are flagged as
     * not comparable anyway, and each cell takes many seconds. */
    return !(rep > EMULATED_REPS && status == ENV_STATUS_OK && env_emulated(e));
}

/* The seconds round rep will take, from the last time each of its cells took. */
static double round_estimate(const matrix *m, int rep)
{
    double sum = 0;
    for (size_t k = 0; k < m->o->nworkloads; k++)
        for (size_t i = 0; i < m->n; i++)
            if (cell_due(m->o->workloads[k], &m->envs[i], m->status[i], rep, m->o))
                sum += cell_of(m, k, i)->last_s;
    return sum;
}

/* The raw output's path without its extension: raw/<table>/<env>/<rep> (warmup-<n>). */
static char *cell_base(const matrix *m, const workload *w, const env *e, int rep)
{
    return rep > 0 ? xasprintf("%s/raw/%s/%s/%03d", m->ctx->run_dir, w->table, e->drv->name, rep)
                   : xasprintf("%s/raw/%s/%s/warmup-%d", m->ctx->run_dir, w->table, e->drv->name,
                               m->o->warmups + rep + 1);
}

/* Runs cell (table k, environment i) of round rep (< 0: a warm-up) and records it (unless
 * interrupted: a resume redoes it): its daemon memory and the machine's state beside it.
 * Returns the cell's status (0 ok), its wall time in *wall_s and how it ended in detail. */
static int run_cell(matrix *m, size_t k, size_t i, int rep, double *wall_s, char *detail,
                    size_t dlen)
{
    matrix_opts *o = m->o;
    const workload *w = o->workloads[k];
    env *e = &m->envs[i];
    char *base = cell_base(m, w, e, rep);
    if (rep > 0 && w->daemon_memory) {
        char *dpath = xasprintf("%s.daemon", base);
        write_daemon(e, dpath);
        free(dpath);
    }
    workload_cmd cmd = {0};
    o->wopts.rep = rep;
    w->command(e, &o->wopts, &cmd);
    /* Tracing slows the start it would time: even samples trace, odd ones time. */
    if (w->trace_runtime && rep > 0 && rep % 2 == 0)
        snprintf(e->runtime_trace, sizeof e->runtime_trace, "%s.runtime", base);
    proc_result r;
    machstate ms;
    int have_state = rep > 0 && machstate_take(&ms) == 0;
    int rc = w->load ? cell_run_served(e, w, &o->wopts, &cmd, base, o->timeout_s, &m->nl, &r,
                                       detail, dlen)
                     : cell_run(e, &cmd, base, o->timeout_s, &r, detail, dlen);
    e->runtime_trace[0] = '\0';
    if (have_state) { /* the machine's state over the cell: <rep>.state */
        char *spath = xasprintf("%s.state", base);
        machstate_write(&ms, spath);
        free(spath);
    }
    workload_free(&cmd);
    if (!proc_interrupted) /* an interrupted cell is unfinished: a resume redoes it */
        finish_cell(&m->cf, base, w->table, e->drv->name, k, i, rep, rc, r.wall_s, detail);
    free(base);
    *wall_s = r.wall_s;
    return rc;
}

/* The cells' total (for the progress line) and each table's cap for the precision target;
 * returns the most samples any cell takes before precision rounds. */
static int plan(const matrix_opts *o, size_t ready, size_t *total)
{
    int max_reps = o->reps;
    for (size_t k = 0; k < o->nworkloads; k++) {
        int min = reps_of(o->workloads[k], o);
        *total += (size_t)(min + o->warmups) * ready;
        max_reps = min > max_reps ? min : max_reps;
        if (o->prec)
            precision_cap(o->prec, o->workloads[k]->table, min);
    }
    return max_reps;
}

/* Three failures in a row retire a cell, with the reason as an "unsupported" row. */
static void retire(cells_file *cf, const workload *w, const env *e, const char *detail,
                   int *retired)
{
    char why[512];
    snprintf(why, sizeof why, "three cells in a row failed (last: %s); see raw/%s/%s/*.err",
             detail, w->table, e->drv->name);
    cells_add(cf, w->table, e->drv->name, 0, 0, 0, "unsupported", 0, why);
    *retired = 1;
}

/* Whether round rep fits in what is left of the budget. With a precision target the budget
 * goes by rank: while the round would not fit, the lowest-ranked comparisons still sampling
 * leave it (for good), so the headline is the last to go and takes what is left. */
static int round_fits(const matrix *m, int rep)
{
    matrix_opts *o = m->o;
    double left = o->budget_s - (matrix_now() - m->cf.started);
    while (round_estimate(m, rep) > left) {
        if (!o->prec || o->prec->rank_limit <= PREC_RANK_HEADLINE)
            return 0;
        precision_limit(o->prec, (prec_rank)(o->prec->rank_limit - 1));
        fprintf(stderr, "collect: the budget's %.0f s left cannot fit every cell: %s\n", left,
                o->prec->rank_limit == PREC_RANK_TABLE
                    ? "the comparisons outside the headline's table stop"
                    : "only the headline comparison goes on");
    }
    return 1;
}

/* Tells the precision target what each table's cells took past their minimum (the journal's
 * cells, earlier attempts included): what the budget bought it, for the report. */
static void report_spent(const matrix_opts *o)
{
    for (size_t k = 0; k < o->nworkloads; k++) {
        int min = reps_of(o->workloads[k], o), last = min;
        double seconds = 0;
        for (size_t r = 0; r < o->journal->n; r++) {
            const journal_rec *c = &o->journal->recs[r];
            if (c->rep > min && !strcmp(c->table, o->workloads[k]->table)) {
                seconds += strtod(c->seconds, NULL);
                last = c->rep > last ? c->rep : last;
            }
        }
        precision_spent(o->prec, o->workloads[k]->table, last - min, seconds);
    }
}

/* Slot of round rep: cell (table k, environment i) runs when it is due, its environment is
 * ready, the journal lacks it and the table runs there; three failures in a row retire it. */
static void visit_cell(matrix *m, size_t k, size_t i, int rep)
{
    const workload *w = m->o->workloads[k];
    env *e = &m->envs[i];
    cell_state *s = cell_of(m, k, i);
    if (!cell_due(w, e, m->status[i], rep, m->o))
        return;
    if (m->status[i] != ENV_STATUS_OK ||
        journal_find(m->o->journal, w->table, e->drv->name, rep) ||
        !cell_supported(w, e, &s->retired, &m->cf)) {
        m->done += m->status[i] == ENV_STATUS_OK;
        return;
    }
    print_progress(w->table, e, rep, rep > 0 ? reps_of(w, m->o) : m->o->warmups, m->done,
                   m->total, m->cf.started);
    char detail[256];
    double wall_s;
    int rc = run_cell(m, k, i, rep, &wall_s, detail, sizeof detail);
    m->done++;
    m->ran++;
    if (proc_interrupted || m->cf.write_failed)
        return;
    s->last_s = wall_s;
    m->failed += rc != 0;
    s->fails = rc != 0 ? s->fails + 1 : 0;
    if (s->fails >= 3)
        retire(&m->cf, w, e, detail, &s->retired);
}

/* Runs round rep (< 0: a warm-up): every table's due cells, the environments in the round's
 * drawn order. 1 when the run ends here: the budget cannot fit the round, or past max_reps no
 * cell wanted another sample. */
static int run_round(matrix *m, int rep, int max_reps)
{
    matrix_opts *o = m->o;
    size_t ran_before = m->ran;
    if (rep > 1 && o->budget_s > 0 && !journal_round_begun(o->journal, rep) &&
        !round_fits(m, rep)) {
        o->stopped_early = 1;
        fprintf(stderr, "collect: the time budget (%.0f s) ends the run after %d rounds\n",
                o->budget_s, o->rounds_done);
        return 1;
    }
    for (size_t k = 0; k < o->nworkloads && !proc_interrupted && !m->cf.write_failed; k++) {
        size_t perm[ORDER_MAX_ENVS];
        order_round(o->seed, k, rep, m->n, perm);
        for (size_t slot = 0; slot < m->n && !proc_interrupted && !m->cf.write_failed; slot++)
            visit_cell(m, k, perm[slot], rep);
    }
    if (rep > max_reps && m->ran == ran_before)
        return 1; /* no cell wanted another sample */
    if (rep > 0 && !proc_interrupted && !m->cf.write_failed)
        o->rounds_done = rep;
    if (rep > 0 && o->prec && !proc_interrupted)
        precision_round(o->prec, m->envs, m->n);
    return 0;
}

/* The network namespaces a served table's load needs (once, for every such table). */
static void open_netlab(matrix *m)
{
    for (size_t k = 0; k < m->o->nworkloads && !m->nl.ns[0]; k++)
        if (m->o->workloads[k]->load &&
            netlab_open(&m->nl, m->ctx->run_id, m->nl.why, sizeof m->nl.why) != 0)
            log_warn("no network namespace for the load: %s", m->nl.why);
}

/* After the last round: cells.tsv saved, what the budget bought told, every environment torn
 * down, envs.tsv and meta.tsv written. */
static void finish_run(matrix *m)
{
    if (fs_save(m->cf.path, m->cf.rows.buf, m->cf.rows.len) != 0)
        m->cf.write_failed = 1;
    m->o->write_failed = m->cf.write_failed;
    if (m->o->prec)
        report_spent(m->o);
    if (proc_interrupted)
        fprintf(stderr, "collect: interrupted; tearing down\n");
    for (size_t i = m->n; i-- > 0;)
        if (m->envs[i].prepared)
            m->envs[i].drv->teardown(&m->envs[i]);
    netlab_close(&m->nl);
    matrix_write_envs(m->ctx, m->envs, m->status, m->n);
}

int matrix_run(const collect_ctx *ctx, env *envs, size_t n, matrix_opts *o)
{
    matrix m = {.ctx = ctx, .o = o, .envs = envs, .n = n};
    m.status = xcalloc(n, sizeof *m.status); /* ENV_STATUS_OK until a step fails */
    size_t ready = matrix_prepare(ctx, envs, m.status, n, o->smoke);
    m.cells = xcalloc(o->nworkloads * n, sizeof *m.cells);
    cells_open(&m.cf, ctx, o, n);
    m.failed = restore_from_journal(&m);
    int max_reps = plan(o, ready, &m.total);
    open_netlab(&m);
    /* The budget counts the time of earlier attempts too; a round they began goes on. */
    m.cf.started = matrix_now() - journal_elapsed(o->journal);
    /* With a precision target, rounds past max_reps run only the cells that still want one. */
    int last_rep = o->prec ? max_reps * PRECISION_RANKED_FACTOR : max_reps;
    for (int rep = -o->warmups; rep <= last_rep && !proc_interrupted && !m.cf.write_failed; rep++)
        if (rep != 0 && run_round(&m, rep, max_reps))
            break;
    finish_run(&m);
    free(m.cf.path);
    sb_free(&m.cf.rows);
    free(m.cells);
    free(m.status);
    return m.failed;
}
