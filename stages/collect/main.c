/* repro-collect - runs the experiment matrix and stores raw output and metadata per run.
 *
 * Flags only: the matrix lives in matrix.c, the environments in env_*.c, the workloads in
 * workload_*.c. See --help for the files written. */
#include "cli.h"
#include "env.h"
#include "fsutil.h"
#include "journal.h"
#include "log.h"
#include "matrix.h"
#include "netlab.h"
#include "order.h"
#include "schema_run.h"
#include "workload.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-collect --run-dir DIR [options]\n"
                "\n"
                "Runs the article's tables (one workload each) in every environment, interleaved\n"
                "in rounds (each round's order drawn from --seed), and writes into DIR (see\n"
                "docs/formats.md):\n"
                "  run.tsv    the machine and the run (key, value)\n"
                "  envs.tsv   one row per environment: ok | unavailable | failed, and why\n"
                "  meta.tsv   per environment: versions, storage, limits read back from inside\n"
                "  cells.tsv  one row per cell: table, env, rep, status, seconds\n"
                "  raw/<table>/<env>/<rep>.out|.err|.daemon   raw output, daemon memory\n"
                "\n"
                "options:\n"
                "  --run-dir DIR     where the run's files go (required; its name is the run id)\n"
                "  --image DIR       the image layer (rootfs/ and id) from pipeline/image.sh\n"
                "                    [build/image]\n"
                "  --bin DIR         where repro-probe and repro-rusage are [this program's dir]\n"
                "  --workloads DIR   workload sources [stages/collect/workloads]\n"
                "  --envs LIST       comma-separated environments [every row of --envs-file]\n"
                "  --envs-file F     the environments: name, driver, caps [data/envs.tsv]\n"
                "  --tables LIST     comma-separated tables [all that have a workload]\n"
                "  --bench NAME      the Go benchmark for T1 [BenchmarkFib40]\n"
                "  --quick           workloads do fewer iterations per sample (PROFILE=quick)\n"
                "  --smoke           Table 1 takes --reps samples, every other table one smoke\n"
                "                    sample (run.tsv smoke_tables); an emulated vm is left out\n"
                "                    (PROFILE=quick)\n"
                "  --benchtime D     T1's -test.benchtime (make bench) [1x]\n"
                "  --bench-runs N    T1's runs per sample (-test.count); the sample's time is\n"
                "                    the fastest run's (docs/verdicts.md) [6; quick: 3; 1\n"
                "                    where the CPU is emulated]\n"
                "  --no-go-command   T1 without the article's whole go command (make bench)\n"
                "  --reps N          recorded samples per environment [10]\n"
                "  --seed N          the seed of every round's environment order (run.tsv seed)\n"
                "                    [--resume: the run's; else a hash of the run id]\n"
                "  --warmups N       unrecorded rounds of every cell first [0]\n"
                "  --timeout S       limit per cell in seconds [600]\n"
                "  --budget MIN      start no round (one sample of every cell) that would end\n"
                "                    after MIN minutes; run.tsv says how many rounds ran [none]\n"
                "  --precision P     past its minimum, a cell takes more rounds while a ratio\n"
                "                    interval a verdict uses is wider than +-P%% (at most %dx the\n"
                "                    minimum, within --budget); writes precision.tsv [off]\n"
                "  --claims DIR      the claims judged for --precision [data/claims]\n"
                "  --tables-file F   tables.tsv for --precision [data/tables.tsv]\n"
                "  --set KEY=VALUE   an extra line for run.tsv (e.g. profile=quick); repeatable\n"
                "  --cleanup         stop and remove whatever a crashed run in DIR left behind\n"
                "  --resume          continue DIR's unfinished run (same settings): clean up\n"
                "                    what the crash left, keep every cell journal.tsv holds,\n"
                "                    run the others\n"
                "  --check-resume    only say whether --resume could continue DIR's run: exit 0,\n"
                "                    or 1 and why\n"
                "  --help            this text\n"
                "Exit status: 0 when every cell ran, 1 when some failed (the rest is kept) or a\n"
                "file could not be written, 2 on bad usage, 130 when interrupted.\n",
            PRECISION_MAX_FACTOR);
}

static char *absolute(const char *path)
{
    char buf[PATH_MAX];
    if (realpath(path, buf))
        return xstrdup(buf);
    return xstrdup(path);
}

static void free_ctx(collect_ctx *ctx)
{
    free(ctx->run_dir);
    free(ctx->run_id);
    free(ctx->image_dir);
    free(ctx->image_root);
    free(ctx->image_id);
    free(ctx->bin_dir);
    free(ctx->workloads_dir);
}

static void on_signal(int sig)
{
    (void)sig;
    proc_interrupt();
}

/* What every environment is given: the run, the image layer in use, where the binaries and the
 * workload sources are (absolute). */
static void init_ctx(collect_ctx *ctx, const char *run_dir, const char *image, const char *bin,
                     const char *workloads_dir)
{
    ctx->run_dir = absolute(run_dir);
    ctx->run_id = xstrdup(strrchr(ctx->run_dir, '/') ? strrchr(ctx->run_dir, '/') + 1 : run_dir);
    /* The layer in use is pinned by its id: image.sh keeps one directory per layer, so a
     * rebuild during this run cannot pull the lower layer from under a mounted overlay. */
    char *image_root = absolute(image);
    char *id_path = xasprintf("%s/id", image_root);
    char *id = fs_read_file(id_path, NULL);
    ctx->image_id = xstrdup(id ? strtok(id, "\n") ? id : "none" : "none");
    ctx->image_dir = xasprintf("%s/layers/%s", image_root, ctx->image_id);
    ctx->image_root = image_root;
    free(id);
    free(id_path);
    if (bin) {
        ctx->bin_dir = absolute(bin);
    } else {
        char *self = absolute("/proc/self/exe");
        *strrchr(self, '/') = '\0';
        ctx->bin_dir = self;
    }
    ctx->workloads_dir = absolute(workloads_dir);
}

/* The environments of the comma list, from the catalog (data/envs.tsv), into envs[max]; an
 * unknown name ends the program naming the known ones. Their number. */
static size_t select_envs(const char *list, const char *envs_file, const collect_ctx *ctx,
                          env *envs, size_t max)
{
    size_t n = 0;
    char *copy = xstrdup(list), *save;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        const env_driver *d = env_catalog_find(name);
        if (!d)
            die("unknown environment \"%s\" (known, from %s: %s)", name, envs_file,
                env_catalog_names(", "));
        if (n == max)
            die("more than %zu environments", max);
        envs[n++] = (env){.drv = d, .ctx = ctx};
    }
    free(copy);
    return n;
}

static void add_smoke_tables(const matrix_opts *mo, strbuf *extra)
{
    strbuf list = {0};
    for (size_t i = 0; i < mo->nworkloads; i++)
        if (!mo->workloads[i]->quick_full)
            sb_printf(&list, "%s%s", list.len ? "," : "", mo->workloads[i]->table);
    facts_put(extra, "smoke_tables", sb_str(&list));
    sb_free(&list);
}

static char *utc_now(void)
{
    char buf[64];
    time_t t = time(NULL);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    return xstrdup(buf);
}

/* The --cleanup logic: stops and removes whatever a run in ctx->run_dir left running. */
static void cleanup_envs(env *envs, size_t n, const collect_ctx *ctx)
{
    for (size_t i = 0; i < n; i++)
        envs[i].drv->teardown(&envs[i]);
    netlab_cleanup(ctx->run_id);
}

/* Opens the run's journal and writes its first run.tsv (settings, start, earlier attempts):
 * a new run, or with resume the unfinished one, after removing what its crash left. With
 * check only says whether it could resume. 0, or -1 after logging why. */
static int begin_run(collect_ctx *ctx, env *envs, size_t n, matrix_opts *mo, strbuf *extra,
                     int resume, int check, const char *tables, const char *envs_arg)
{
    resume_info ri = {0};
    if ((resume || check) && resume_check(ctx->run_dir, sb_str(extra), &ri) != 0)
        return -1;
    if (journal_open(mo->journal, ctx->run_dir,
                     check    ? JOURNAL_CHECK
                     : resume ? JOURNAL_RESUME
                              : JOURNAL_NEW,
                     tables, envs_arg, mo->warmups))
        return -1;
    char *now = utc_now();
    if (resume && !check) {
        cleanup_envs(envs, n, ctx);
        int redone =
            journal_remove_unfinished(mo->journal, ctx->run_dir, tables, envs_arg, mo->warmups);
        fprintf(stderr, "collect: resuming run %s: %zu cells recorded, %d cut short by the crash\n",
                ctx->run_id, mo->journal->n, redone);
        facts_put(extra, "started_utc", ri.started_utc);
        facts_putf(extra, "resumed_utc", "%s%s%s", ri.resumed_utc, *ri.resumed_utc ? "," : "",
                   now);
        facts_putf(extra, "resumes", "%d", ri.resumes + 1);
        facts_putf(extra, "cells_redone", "%ld", ri.cells_redone + redone);
    } else {
        facts_put(extra, "started_utc", now);
    }
    free(now);
    resume_free(&ri);
    return check ? 0 : meta_write_run(ctx, sb_str(extra));
}

/* What the command line asks for, besides the matrix's own options (matrix_opts). */
typedef struct {
    const char *run_dir, *image, *bin, *workloads_dir, *envs_arg, *envs_file;
    const char *tables_arg, *claims, *tables_file, *seed;
    double target; /* --precision, as a fraction; 0: off */
    int cleanup, resume, check;
    strbuf extra; /* run.tsv's extra rows (facts_put): --set's, then the settings' */
} collect_args;

/* The options into a and mo; a usage error exits 2. */
static void parse_args(int argc, char **argv, collect_args *a, matrix_opts *mo)
{
    static const struct option opts[] = {
        {"run-dir", 1, 0, 'r'},     {"image", 1, 0, 'i'},          {"bin", 1, 0, 'b'},
        {"workloads", 1, 0, 'w'},   {"envs", 1, 0, 'e'},           {"bench", 1, 0, 'B'},
        {"reps", 1, 0, 'n'},        {"warmups", 1, 0, 'W'},        {"timeout", 1, 0, 't'},
        {"budget", 1, 0, 'm'},      {"set", 1, 0, 's'},            {"cleanup", 0, 0, 'c'},
        CLI_LONGOPTS,               {"tables", 1, 0, 'T'},         {"quick", 0, 0, 'q'},
        {"resume", 0, 0, 'R'},      {"check-resume", 0, 0, 'K'},   {"precision", 1, 0, 'P'},
        {"claims", 1, 0, 'C'},      {"tables-file", 1, 0, 'F'},    {"benchtime", 1, 0, 'D'},
        {"no-go-command", 0, 0, 'G'}, {"smoke", 0, 0, 'S'},        {"envs-file", 1, 0, 'E'},
        {"seed", 1, 0, 'X'},        {"bench-runs", 1, 0, 'N'},
        {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'r': a->run_dir = optarg; break;
        case 'i': a->image = optarg; break;
        case 'b': a->bin = optarg; break;
        case 'w': a->workloads_dir = optarg; break;
        case 'e': a->envs_arg = optarg; break;
        case 'E': a->envs_file = optarg; break;
        case 'B': mo->wopts.bench = optarg; break;
        case 'T': a->tables_arg = optarg; break;
        case 'q': mo->wopts.quick = 1; break;
        case 'n': mo->reps = (int)cli_long("--reps", optarg, 1, 100000); break;
        case 'W': mo->warmups = (int)cli_long("--warmups", optarg, 0, 1000); break;
        case 't': mo->timeout_s = cli_double("--timeout", optarg, 0, 1e6); break;
        case 'm': mo->budget_s = cli_double("--budget", optarg, 0, 1e5) * 60; break;
        case 'P': a->target = cli_double("--precision", optarg, 0, 100) / 100; break;
        case 'D': mo->wopts.benchtime = optarg; break;
        case 'G': mo->wopts.no_gocmd = 1; break;
        case 'N': mo->wopts.bench_runs = (int)cli_long("--bench-runs", optarg, 1, 64); break;
        case 'S': mo->smoke = 1; break;
        case 'X': a->seed = optarg; break;
        case 'C': a->claims = optarg; break;
        case 'F': a->tables_file = optarg; break;
        case 's': {
            const char *eq = strchr(optarg, '=');
            if (!eq)
                cli_usage_error("--set wants KEY=VALUE, got \"%s\"", optarg);
            char *key = xasprintf("%.*s", (int)(eq - optarg), optarg);
            facts_put(&a->extra, key, eq + 1);
            free(key);
            break;
        }
        case 'c': a->cleanup = 1; break;
        case 'R': a->resume = 1; break;
        case 'K': a->check = 1; break;
        default: cli_default(c, argv);
        }
    }
    char *seed_end = NULL;
    if (a->seed)
        mo->seed = strtoull(a->seed, &seed_end, 10);
    cli_operands(argc, argv, 0, 0, "no operands");
    if (!a->run_dir)
        cli_usage_error("--run-dir DIR is required");
    if (a->seed && (!*a->seed || *seed_end || *a->seed == '-'))
        cli_usage_error("--seed \"%s\": expected a whole number", a->seed);
}

/* The workloads of --tables (every one without it) into selected[max], in mo; an unknown table
 * ends the program. */
static void select_workloads(const char *tables_arg, matrix_opts *mo, const workload **selected,
                             size_t max)
{
    mo->workloads = selected;
    if (!tables_arg) {
        for (size_t i = 0; workloads[i] && mo->nworkloads < max; i++)
            selected[mo->nworkloads++] = workloads[i];
        return;
    }
    char *tl = xstrdup(tables_arg), *tsave;
    for (char *t = strtok_r(tl, ",", &tsave); t; t = strtok_r(NULL, ",", &tsave)) {
        const workload *w = workload_find(t);
        if (!w)
            die("no workload for table \"%s\" (see --help)", t);
        if (mo->nworkloads < max)
            selected[mo->nworkloads++] = w;
    }
    free(tl);
}

/* The settings that define the matrix (a resumed run must have the same), as run.tsv lines in
 * a->extra, and the tables' comma list into tables; draws the seed when --seed is not given:
 * a resumed run's own, else a hash of the run id. */
static void add_settings(collect_args *a, matrix_opts *mo, const collect_ctx *ctx, strbuf *tables)
{
    strbuf *extra = &a->extra;
    if (mo->smoke) /* the tables answered by one smoke sample: analyze says so per claim */
        add_smoke_tables(mo, extra);
    for (size_t i = 0; i < mo->nworkloads; i++)
        sb_printf(tables, "%s%s", i ? "," : "", mo->workloads[i]->table);
    facts_put(extra, "tables", sb_str(tables));
    facts_put(extra, "bench", mo->wopts.bench);
    facts_putf(extra, "reps", "%d", mo->reps);
    if (!mo->wopts.bench_runs)
        mo->wopts.bench_runs = mo->wopts.quick ? GOBENCH_RUNS_QUICK : GOBENCH_RUNS_FULL;
    facts_putf(extra, "bench_runs", "%d", mo->wopts.bench_runs);
    facts_putf(extra, "warmups", "%d", mo->warmups);
    facts_put(extra, "envs", a->envs_arg);
    facts_put(extra, "quick", mo->wopts.quick ? "yes" : "no");
    if (mo->budget_s > 0)
        facts_putf(extra, "budget_min", "%g", mo->budget_s / 60);
    facts_putf(extra, "timeout_s", "%g", mo->timeout_s);
    if (!a->seed && !((a->resume || a->check) && resume_seed(ctx->run_dir, &mo->seed) == 0))
        mo->seed = order_default_seed(ctx->run_id);
    facts_putf(extra, "seed", "%llu", mo->seed);
}

static void catch_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* Runs the matrix (to the precision target, when there is one) and writes run.tsv's final
 * lines: finish time, rounds, what stopped it, and precision.tsv. Returns the failed cells;
 * *unwritten is set when a file of the run could not be written. */
static int run_matrix(collect_ctx *ctx, env *envs, size_t n, matrix_opts *mo, collect_args *a,
                      int *unwritten)
{
    precision prec;
    char *claims_abs = absolute(a->claims), *tables_abs = absolute(a->tables_file);
    precision_opts po = {.target = a->target, .bin_dir = ctx->bin_dir, .claims = claims_abs,
                         .tables = tables_abs, .run_dir = ctx->run_dir};
    precision_init(&prec, &po);
    mo->prec = a->target > 0 ? &prec : NULL;
    int failed = matrix_run(ctx, envs, n, mo);
    journal_close(mo->journal);
    char *finished = utc_now();
    /* A run stopped by a failed write is unfinished too: resumable once there is room. */
    facts_put(&a->extra, "finished_utc", finished);
    facts_put(&a->extra, "interrupted", proc_interrupted || mo->write_failed ? "yes" : "no");
    facts_putf(&a->extra, "rounds", "%d", mo->rounds_done);
    if (mo->stopped_early)
        facts_putf(&a->extra, "stopped_by_budget",
                   "after round %d: the time budget of %.0f min ran out", mo->rounds_done,
                   mo->budget_s / 60);
    if (mo->prec && precision_write(&prec, mo->stopped_early ? mo->rounds_done : 0,
                                       proc_interrupted, &a->extra) != 0)
        log_error("cannot write %s/precision.tsv", ctx->run_dir);
    precision_free(&prec);
    free(claims_abs);
    free(tables_abs);
    free(finished);
    *unwritten = meta_write_run(ctx, sb_str(&a->extra)) != 0 || mo->write_failed;
    return failed;
}

int main(int argc, char **argv)
{
    cli_begin("collect", usage);
    collect_args a = {.image = "build/image",
                      .workloads_dir = "stages/collect/workloads",
                      .envs_file = ENVS_FILE,
                      .claims = "data/claims",
                      .tables_file = "data/tables.tsv"};
    matrix_opts mo = {
        .wopts = {.bench = "BenchmarkFib40"}, .reps = 10, .warmups = 0, .timeout_s = 600};
    parse_args(argc, argv, &a, &mo);
    if (env_catalog_load(a.envs_file) != 0)
        return 2;
    if (!a.envs_arg)
        a.envs_arg = env_catalog_names(",");
    if (fs_mkdirs(a.run_dir) != 0)
        die("cannot create %s", a.run_dir);

    collect_ctx ctx = {.cpus = 2.0, .memory = 4LL << 30};
    init_ctx(&ctx, a.run_dir, a.image, a.bin, a.workloads_dir);
    env envs[32] = {0};
    size_t n = select_envs(a.envs_arg, a.envs_file, &ctx, envs, sizeof envs / sizeof *envs);
    if (a.cleanup) {
        cleanup_envs(envs, n, &ctx);
        free_ctx(&ctx);
        sb_free(&a.extra);
        return 0;
    }
    const workload *selected[64];
    select_workloads(a.tables_arg, &mo, selected, sizeof selected / sizeof *selected);
    strbuf tables = {0};
    add_settings(&a, &mo, &ctx, &tables);
    catch_signals();

    journal jr = {.fd = -1};
    mo.journal = &jr;
    int rc =
        begin_run(&ctx, envs, n, &mo, &a.extra, a.resume, a.check, sb_str(&tables), a.envs_arg);
    sb_free(&tables);
    if (rc != 0 || a.check) {
        journal_close(&jr);
        sb_free(&a.extra);
        free_ctx(&ctx);
        return rc ? 1 : 0;
    }
    int unwritten = 0, failed = run_matrix(&ctx, envs, n, &mo, &a, &unwritten);
    for (size_t i = 0; i < n; i++)
        sb_free(&envs[i].meta);
    sb_free(&a.extra);
    if (unwritten)
        log_error("the run's files could not all be written (see above); it stopped, and "
                  "--resume continues it");
    else if (failed && !proc_interrupted)
        log_error("%d cell(s) failed; see %s/cells.tsv", failed, ctx.run_dir);
    free_ctx(&ctx);
    return proc_interrupted ? 130 : failed || unwritten ? 1 : 0;
}
