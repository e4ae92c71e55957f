/* matrix.c - runs the matrix: repetitions x tables x environments, interleaved in rounds so
 * that drift on a noisy machine hits all environments alike; inside a round the environments
 * run in an order drawn from the run's seed (order.h), so no environment always runs first or
 * always after the same neighbour, and cells.tsv records each cell's position in its round.
 *
 * Every cell's raw output is written to a temp name and renamed when complete, fsynced, and
 * the cell recorded in the journal (journal.c); envs.tsv and cells.tsv are rewritten atomically
 * after each cell, so an interrupted run keeps all it did, and --resume skips what it holds.
 * A failed cell is recorded and the run goes on; three failures in a row retire that workload
 * in that environment, with the reason, as does a workload that cannot run there at all. */
#include "matrix.h"

#include "cell.h"
#include "fsutil.h"
#include "journal.h"
#include "log.h"
#include "machstate.h"
#include "model.h"
#include "order.h"
#include "precision.h"
#include "tsv.h"
#include "workload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A steady table (counts, yes/no) takes at most 6 samples: the fewest for which a median has a
 * 95% interval (the binomial order statistics need n >= 6). */
enum { EMULATED_REPS = 3, STEADY_REPS = 6 };

typedef struct {
    env_status status;
    int consecutive_failures;
} env_progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_envs(const collect_ctx *ctx, env *envs, const env_progress *p, size_t n)
{
    strbuf sb = {0}, meta = {0};
    const char *hdr[] = {"env", "status", "reason", "what"};
    tsv_put_row(&sb, 4, hdr);
    const char *mhdr[] = {"env", "key", "value"};
    tsv_put_row(&meta, 3, mhdr);
    for (size_t i = 0; i < n; i++) {
        const char *row[] = {envs[i].drv->name, env_status_word(p[i].status), envs[i].reason,
                             envs[i].drv->what};
        tsv_put_row(&sb, 4, row);
        const char *line = sb_str(&envs[i].meta);
        while (*line) {
            size_t len = strcspn(line, "\n");
            char *copy = xasprintf("%.*s", (int)len, line);
            char *tab = strchr(copy, '\t');
            if (tab) {
                *tab = '\0';
                const char *mrow[] = {envs[i].drv->name, copy, tab + 1};
                tsv_put_row(&meta, 3, mrow);
            }
            free(copy);
            line += len + (line[len] == '\n');
        }
    }
    char *path = xasprintf("%s/envs.tsv", ctx->run_dir);
    fs_save(path, sb.buf, sb.len);
    free(path);
    path = xasprintf("%s/meta.tsv", ctx->run_dir);
    fs_save(path, meta.buf, meta.len);
    free(path);
    sb_free(&sb);
    sb_free(&meta);
}

static void record_envinfo(env *e, const collect_ctx *ctx)
{
    workload_cmd cmd = {0};
    workload_envinfo(e, &cmd);
    char *base = xasprintf("%s/raw/envinfo/%s", ctx->run_dir, e->drv->name);
    proc_result r;
    char detail[256];
    if (cell_run(e, &cmd, base, 120, &r, detail, sizeof detail) == 0) {
        char *path = xasprintf("%s.out", base);
        char *text = fs_read_file(path, NULL);
        for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
            char *tab = strchr(line, '\t');
            if (!tab)
                continue;
            *tab = '\0';
            char *key = xasprintf("inside.%s", line);
            env_meta(e, key, tab + 1);
            free(key);
        }
        free(text);
        free(path);
    } else {
        env_meta(e, "inside", "the probe could not run inside");
    }
    workload_free(&cmd);
    free(base);
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
    double elapsed = now_s() - started;
    double eta = done && total > done ? elapsed / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "collect: [%s %s %s %d/%d] cell %zu/%zu, elapsed %.0fs, ETA %dm%02ds\n", table,
            e->drv->name, rep > 0 ? "rep" : "warm-up", rep > 0 ? rep : reps + rep + 1, reps,
            done + 1, total, elapsed, (int)eta / 60, (int)eta % 60);
}

/* Probes and prepares one environment, timing each step into t[0] (probe) and t[1] (prepare). */
static void prepare_one(env *e, env_progress *p, double *t)
{
    double t0 = now_s();
    fprintf(stderr, "collect: preparing %s%s\n", e->drv->name,
            e->drv->ready ? " (it boots in the background)" : "");
    if (e->drv->probe(e) != 0) {
        p->status = ENV_STATUS_UNAVAILABLE;
    } else {
        t[0] = now_s() - t0;
        if (e->drv->prepare(e) != 0)
            p->status = ENV_STATUS_FAILED;
        e->prepared = 1; /* also partly: teardown must still run */
    }
    t[1] = now_s() - t0 - t[0];
}

/* The quick profile leaves out an environment that emulates the CPU: its samples would say
 * nothing in minutes, and an idle TCG guest takes CPU from every other cell. */
static void leave_out_emulated(env *e, env_progress *p)
{
    snprintf(e->reason, sizeof e->reason,
             "left out of the quick profile: the CPU is emulated (TCG) here, so its timings are "
             "not comparable, and the idle guest would take CPU from the other environments");
    e->drv->teardown(e);
    e->prepared = 0;
    p->status = ENV_STATUS_UNAVAILABLE;
}

/* Prepares every environment, those that boot in the background (the vm) first so they boot
 * while the others prepare; prints and records (meta prepare_seconds) each step's time.
 * Returns how many are ready. */
static size_t prepare_all(const collect_ctx *ctx, env *envs, env_progress *p, size_t n, int smoke)
{
    double(*t)[4] = xcalloc(n ? n : 1, sizeof *t); /* probe, prepare, ready, envinfo */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && !proc_interrupted; i++)
            if ((envs[i].drv->ready != NULL) == (pass == 0))
                prepare_one(&envs[i], &p[i], t[i]);
    size_t ready = 0;
    for (size_t i = 0; i < n && !proc_interrupted; i++) {
        env *e = &envs[i];
        double t0 = now_s();
        if (p[i].status == ENV_STATUS_OK && e->prepared && e->drv->ready && e->drv->ready(e) != 0)
            p[i].status = ENV_STATUS_FAILED;
        t[i][2] = now_s() - t0;
        if (p[i].status == ENV_STATUS_OK && smoke && env_emulated(e))
            leave_out_emulated(e, &p[i]);
        if (p[i].status == ENV_STATUS_OK && e->prepared) {
            record_envinfo(e, ctx);
            ready++;
        }
        t[i][3] = now_s() - t0 - t[i][2];
        char secs[160];
        snprintf(secs, sizeof secs, "probe %.1f, prepare %.1f, waiting for it %.1f, envinfo %.1f",
                 t[i][0], t[i][1], t[i][2], t[i][3]);
        env_meta(e, "prepare_seconds", secs);
        if (p[i].status != ENV_STATUS_OK)
            fprintf(stderr, "collect: %s %s: %s\n", e->drv->name, env_status_word(p[i].status),
                    e->reason);
        else
            fprintf(stderr, "collect: %s ready (seconds: %s)\n", e->drv->name, secs);
        write_envs(ctx, envs, p, n);
    }
    free(t);
    return ready;
}

typedef struct {
    strbuf rows;
    char *path;
    journal *j;
    double started;   /* the run's start on this attempt's clock (earlier attempts included) */
    int write_failed; /* a record or cells.tsv could not be written: the run stops */
    unsigned long long seed; /* the round orders' seed */
    size_t nenvs;            /* the environments a round orders */
} cells_file;

/* Row of a cell: k and i its table's and environment's numbers (for its position in the
 * round; a rep-0 "unsupported" row has none). */
static void cells_row(cells_file *cf, const journal_rec *c, size_t k, size_t i)
{
    char repno[16], pos[16] = "";
    snprintf(repno, sizeof repno, "%d", c->rep);
    if (c->rep > 0)
        snprintf(pos, sizeof pos, "%zu", order_position(cf->seed, k, c->rep, cf->nenvs, i));
    const char *row[] = {c->table, c->env, repno, c->status, c->seconds, c->detail, pos};
    tsv_put_row(&cf->rows, 7, row);
}

/* Records a finished cell (rep < 0: a warm-up, journal only) of table k in environment i; -1
 * when the journal could not. */
static int cells_add(cells_file *cf, const char *table, const char *env, size_t k, size_t i,
                     int rep, const char *status, double seconds, const char *detail)
{
    if (journal_append(cf->j, table, env, rep, status, seconds, detail, now_s() - cf->started)) {
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
    if (journal_sync_cell(base) != 0 || cells_add(cf, table, env, k, i, rep, status, seconds, detail)) {
        journal_remove_cell(base);
        cf->write_failed = 1;
    }
}

/* The state the journal's cells left: cells.tsv's rows, retired cells, failures in a row and
 * each cell's latest seconds. Returns the failed cells among them. */
static int replay(cells_file *cf, const matrix_opts *o, const env *envs, size_t n, int *retired,
                  int *fails, double *last)
{
    int failed = 0;
    for (size_t r = 0; r < cf->j->n; r++) {
        const journal_rec *c = &cf->j->recs[r];
        size_t x = 0; /* journal_open checked the table and env: x is found */
        while (x + 1 < o->nworkloads * n && (strcmp(o->workloads[x / n]->table, c->table) ||
                                             strcmp(envs[x % n].drv->name, c->env)))
            x++;
        if (c->rep >= 0)
            cells_row(cf, c, x / n, x % n);
        if (c->rep == 0) {
            retired[x] = 1;
            continue;
        }
        last[x] = strtod(c->seconds, NULL);
        int bad = cell_status_is(c->status, CELL_FAILED);
        failed += bad;
        fails[x] = bad ? fails[x] + 1 : 0;
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
static int cell_due(const workload *w, const env *e, const env_progress *p, int rep,
                    const matrix_opts *o)
{
    int min = reps_of(w, o);
    if (rep > min && !(o->prec && precision_wants(o->prec, w->table, e->drv->name, rep, min)))
        return 0;
    /* An emulated environment gives at most EMULATED_REPS samples: its timings are flagged as
     * not comparable anyway, and each cell takes many seconds. */
    return !(rep > EMULATED_REPS && p->status == ENV_STATUS_OK && env_emulated(e));
}

/* The seconds round rep will take, from the last time each of its cells took. */
static double round_estimate(const matrix_opts *o, const env *envs, const env_progress *p, size_t n,
                             const double *last, int rep)
{
    double sum = 0;
    for (size_t k = 0; k < o->nworkloads; k++)
        for (size_t i = 0; i < n; i++)
            if (cell_due(o->workloads[k], &envs[i], &p[i], rep, o))
                sum += last[k * n + i];
    return sum;
}

/* Runs cell (table k, environment e, number i) of round rep (< 0: a warm-up) and records it
 * (unless interrupted: a resume redoes it): its daemon memory and the machine's state beside
 * it. Returns the cell's status (0 ok), its wall time in *wall_s and how it ended in detail. */
static int run_cell(const collect_ctx *ctx, matrix_opts *o, netlab *nl, cells_file *cf,
                    size_t k, env *e, size_t i, int rep, double *wall_s, char *detail,
                    size_t dlen)
{
    const workload *w = o->workloads[k];
    char *base = rep > 0 ? xasprintf("%s/raw/%s/%s/%03d", ctx->run_dir, w->table, e->drv->name,
                                     rep)
                         : xasprintf("%s/raw/%s/%s/warmup-%d", ctx->run_dir, w->table,
                                     e->drv->name, o->warmups + rep + 1);
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
    int rc = w->load ? cell_run_served(e, w, &o->wopts, &cmd, base, o->timeout_s, nl, &r, detail,
                                       dlen)
                     : cell_run(e, &cmd, base, o->timeout_s, &r, detail, dlen);
    e->runtime_trace[0] = '\0';
    if (have_state) { /* the machine's state over the cell: <rep>.state */
        char *spath = xasprintf("%s.state", base);
        machstate_write(&ms, spath);
        free(spath);
    }
    workload_free(&cmd);
    if (!proc_interrupted) /* an interrupted cell is unfinished: a resume redoes it */
        finish_cell(cf, base, w->table, e->drv->name, k, i, rep, rc, r.wall_s, detail);
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
static int round_fits(matrix_opts *o, const env *envs, const env_progress *p, size_t n,
                      const double *last, int rep, double started)
{
    double left = o->budget_s - (now_s() - started);
    while (round_estimate(o, envs, p, n, last, rep) > left) {
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

int matrix_run(const collect_ctx *ctx, env *envs, size_t n, matrix_opts *o)
{
    env_progress *p = xcalloc(n, sizeof *p);
    size_t ready = prepare_all(ctx, envs, p, n, o->smoke);
    /* Per workload and environment: retired (unsupported, or three failures in a row). */
    int *retired = xcalloc(o->nworkloads * n, sizeof *retired);
    int *fails = xcalloc(o->nworkloads * n, sizeof *fails);
    double *last = xcalloc(o->nworkloads * n, sizeof *last); /* each cell's latest seconds */
    cells_file cf = {.path = xasprintf("%s/cells.tsv", ctx->run_dir),
                     .j = o->journal,
                     .seed = o->seed,
                     .nenvs = n};
    const char *hdr[] = {"table", "env", "rep", "status", "seconds", "detail", "position"};
    tsv_put_row(&cf.rows, 7, hdr);
    int failed = replay(&cf, o, envs, n, retired, fails, last);
    size_t total = 0, done = 0, ran = 0; /* ran: cells actually run */
    int max_reps = plan(o, ready, &total);
    netlab nl = {0};
    for (size_t k = 0; k < o->nworkloads && !nl.ns[0]; k++)
        if (o->workloads[k]->load && netlab_open(&nl, ctx->run_id, nl.why, sizeof nl.why) != 0)
            log_warn("no network namespace for the load: %s", nl.why);
    /* The budget counts the time of earlier attempts too; a round they began goes on. */
    double started = cf.started = now_s() - journal_elapsed(o->journal);
    /* With a precision target, rounds past max_reps run only the cells that still want one. */
    int last_rep = o->prec ? max_reps * PRECISION_RANKED_FACTOR : max_reps;
    for (int rep = -o->warmups; rep <= last_rep && !proc_interrupted && !cf.write_failed; rep++) {
        size_t ran_before = ran;
        if (rep == 0)
            continue;
        if (rep > 1 && o->budget_s > 0 && !journal_round_begun(o->journal, rep) &&
            !round_fits(o, envs, p, n, last, rep, started)) {
            o->stopped_early = 1;
            fprintf(stderr, "collect: the time budget (%.0f s) ends the run after %d rounds\n",
                    o->budget_s, o->rounds_done);
            break;
        }
        for (size_t k = 0; k < o->nworkloads && !proc_interrupted && !cf.write_failed; k++) {
            const workload *w = o->workloads[k];
            size_t perm[ORDER_MAX_ENVS];
            order_round(o->seed, k, rep, n, perm);
            for (size_t slot = 0; slot < n && !proc_interrupted && !cf.write_failed; slot++) {
                size_t i = perm[slot];
                env *e = &envs[i];
                if (!cell_due(w, e, &p[i], rep, o))
                    continue;
                if (p[i].status != ENV_STATUS_OK ||
                    journal_find(o->journal, w->table, e->drv->name, rep) ||
                    !cell_supported(w, e, &retired[k * n + i], &cf)) {
                    done += p[i].status == ENV_STATUS_OK;
                    continue;
                }
                print_progress(w->table, e, rep, rep > 0 ? reps_of(w, o) : o->warmups, done, total,
                               started);
                char detail[256];
                double wall_s;
                int rc = run_cell(ctx, o, &nl, &cf, k, e, i, rep, &wall_s, detail, sizeof detail);
                done++;
                ran++;
                if (proc_interrupted || cf.write_failed)
                    break;
                last[k * n + i] = wall_s;
                failed += rc != 0;
                fails[k * n + i] = rc != 0 ? fails[k * n + i] + 1 : 0;
                if (fails[k * n + i] >= 3)
                    retire(&cf, w, e, detail, &retired[k * n + i]);
            }
        }
        if (rep > max_reps && ran == ran_before)
            break; /* no cell wanted another sample */
        if (rep > 0 && !proc_interrupted && !cf.write_failed)
            o->rounds_done = rep;
        if (rep > 0 && o->prec && !proc_interrupted)
            precision_round(o->prec, envs, n);
    }
    if (fs_save(cf.path, cf.rows.buf, cf.rows.len) != 0)
        cf.write_failed = 1;
    o->write_failed = cf.write_failed;
    if (o->prec)
        report_spent(o);
    if (proc_interrupted)
        fprintf(stderr, "collect: interrupted; tearing down\n");
    for (size_t i = n; i-- > 0;)
        if (envs[i].prepared)
            envs[i].drv->teardown(&envs[i]);
    netlab_close(&nl);
    write_envs(ctx, envs, p, n);
    free(cf.path);
    sb_free(&cf.rows);
    free(retired);
    free(fails);
    free(last);
    free(p);
    return failed;
}
