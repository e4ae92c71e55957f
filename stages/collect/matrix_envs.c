/* matrix_envs.c - the matrix's environments before and around the rounds (matrix_envs.h):
 * prepared all at once, the slow booter first, each one's steps timed and what it is read from
 * inside it, and envs.tsv and meta.tsv rewritten as each becomes ready, so a crash during the
 * preparation still leaves the reasons on disk. */
#include "matrix_envs.h"

#include "cell.h"
#include "fsutil.h"
#include "log.h"
#include "schema_run.h"
#include "workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double matrix_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void matrix_write_envs(const collect_ctx *ctx, env *envs, const env_status *status, size_t n)
{
    strbuf sb = {0}, meta = {0};
    tsv_put_header(&sb, &envs_schema);
    tsv_put_header(&meta, &meta_schema);
    for (size_t i = 0; i < n; i++) {
        const char *row[ENVS_NCOLS] = {[ENVS_ENV] = envs[i].drv->name,
                                       [ENVS_STATUS] = env_status_word(status[i]),
                                       [ENVS_REASON] = envs[i].reason,
                                       [ENVS_WHAT] = envs[i].drv->what ? envs[i].drv->what : ""};
        tsv_put_fields(&sb, &envs_schema, row);
        const char *line = sb_str(&envs[i].meta);
        while (*line) {
            size_t len = strcspn(line, "\n");
            char *copy = xasprintf("%.*s", (int)len, line);
            char *tab = strchr(copy, '\t');
            if (tab) {
                *tab = '\0';
                const char *mrow[META_NCOLS] = {
                    [META_ENV] = envs[i].drv->name, [META_KEY] = copy, [META_VALUE] = tab + 1};
                tsv_put_fields(&meta, &meta_schema, mrow);
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

/* Probes and prepares one environment, timing each step into t[0] (probe) and t[1] (prepare). */
static void prepare_one(env *e, env_status *status, double *t)
{
    double t0 = matrix_now();
    fprintf(stderr, "collect: preparing %s%s\n", e->drv->name,
            e->drv->ready ? " (it boots in the background)" : "");
    if (e->drv->probe(e) != 0) {
        *status = ENV_STATUS_UNAVAILABLE;
    } else {
        t[0] = matrix_now() - t0;
        if (e->drv->prepare(e) != 0)
            *status = ENV_STATUS_FAILED;
        e->prepared = 1; /* also partly: teardown must still run */
    }
    t[1] = matrix_now() - t0 - t[0];
}

/* The quick profile leaves out an environment that emulates the CPU: its samples would say
 * nothing in minutes, and an idle TCG guest takes CPU from every other cell. */
static void leave_out_emulated(env *e, env_status *status)
{
    snprintf(e->reason, sizeof e->reason,
             "left out of the quick profile: the CPU is emulated (TCG) here, so its timings are "
             "not comparable, and the idle guest would take CPU from the other environments");
    e->drv->teardown(e);
    e->prepared = 0;
    *status = ENV_STATUS_UNAVAILABLE;
}

/* Waits for environment e to be ready (one that boots in the background), leaves it out when
 * smoke asks, records what it is inside, and says how each step went (t: probe, prepare, ready,
 * envinfo); 1 when it is ready. */
static int finish_one(const collect_ctx *ctx, env *e, env_status *status, double *t, int smoke)
{
    double t0 = matrix_now();
    int ready = 0;
    if (*status == ENV_STATUS_OK && e->prepared && e->drv->ready && e->drv->ready(e) != 0)
        *status = ENV_STATUS_FAILED;
    t[2] = matrix_now() - t0;
    if (*status == ENV_STATUS_OK && smoke && env_emulated(e))
        leave_out_emulated(e, status);
    if (*status == ENV_STATUS_OK && e->prepared) {
        record_envinfo(e, ctx);
        ready = 1;
    }
    t[3] = matrix_now() - t0 - t[2];
    char secs[160];
    snprintf(secs, sizeof secs, "probe %.1f, prepare %.1f, waiting for it %.1f, envinfo %.1f", t[0],
             t[1], t[2], t[3]);
    env_meta(e, "prepare_seconds", secs);
    if (*status != ENV_STATUS_OK)
        fprintf(stderr, "collect: %s %s: %s\n", e->drv->name, env_status_word(*status), e->reason);
    else
        fprintf(stderr, "collect: %s ready (seconds: %s)\n", e->drv->name, secs);
    return ready;
}

size_t matrix_prepare(const collect_ctx *ctx, env *envs, env_status *status, size_t n, int smoke)
{
    double(*t)[4] = xcalloc(n ? n : 1, sizeof *t); /* probe, prepare, ready, envinfo */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && !proc_interrupted; i++)
            if ((envs[i].drv->ready != NULL) == (pass == 0))
                prepare_one(&envs[i], &status[i], t[i]);
    size_t ready = 0;
    for (size_t i = 0; i < n && !proc_interrupted; i++) {
        ready += (size_t)finish_one(ctx, &envs[i], &status[i], t[i], smoke);
        matrix_write_envs(ctx, envs, status, n);
    }
    free(t);
    return ready;
}
