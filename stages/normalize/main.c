/* repro-normalize - raw tool output of a run -> samples in Go's benchmark format.
 *
 * One samples file per article table (samples/<table>.txt), readable by benchstat and by our
 * analyzer alike. A malformed raw file is reported as file:line and skipped; every other file is
 * still processed, outputs are written atomically, and the exit status is 1 at the end. */
#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"
#include "raw.h"
#include "tsv.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-normalize --run-dir DIR\n"
                "\n"
                "Reads DIR/envs.tsv, DIR/cells.tsv and DIR/raw/T1/<env>/<rep>.out|.daemon and\n"
                "writes DIR/samples/T1.txt in Go's benchmark format (docs/formats.md):\n"
                "config lines run:, table:, env:, goos:, cpu: ...; Unit lines with better=lower;\n"
                "one result line per sample with ns/op, B/op, allocs/op, peak-RSS-B and\n"
                "daemon-RSS-B. `benchstat -col env DIR/samples/T1.txt` reads it too.\n"
                "Cells that collect recorded as failed are skipped (they are in cells.tsv).\n"
                "Exit status: 0, or 1 when a raw file was malformed (named as file:line).\n");
}

static const char *const units[] = {"ns/op", "B/op", "allocs/op", "peak-RSS-B", "daemon-RSS-B"};

static int cell_failed(const tsv_table *cells, const char *table, const char *env, int rep)
{
    for (size_t r = 0; r < cells->nrows; r++)
        if (strcmp(tsv_get(cells, r, "table"), table) == 0 &&
            strcmp(tsv_get(cells, r, "env"), env) == 0 &&
            atoi(tsv_get(cells, r, "rep")) == rep)
            return strcmp(tsv_get(cells, r, "status"), "ok") != 0;
    return 0;
}

/* Appends the samples of one environment; returns the number of malformed files. */
static int normalize_env(const char *run_dir, const char *table, const char *env,
                         const tsv_table *cells, strbuf *sb, raw_gotest *last)
{
    char *dir = xasprintf("%s/raw/%s/%s", run_dir, table, env);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    int bad = 0, wrote_env = 0;
    for (size_t i = 0; names && i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 5 || strcmp(names[i] + len - 4, ".out") != 0 ||
            strncmp(names[i], "warmup", 6) == 0)
            continue;
        int rep = atoi(names[i]);
        if (cell_failed(cells, table, env, rep))
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        char *dpath = xasprintf("%s/%.*s.daemon", dir, (int)(len - 4), names[i]);
        char *text = fs_read_file(path, NULL), *dtext = fs_read_file(dpath, NULL);
        raw_gotest g;
        double daemon = 0;
        int drc = dtext ? raw_parse_daemon(dpath, dtext, &daemon) : 1;
        if (!text) {
            log_error("%s: %s", path, strerror(errno));
            bad++;
        } else if (raw_parse_gotest(path, text, &g) != 0 || drc < 0) {
            bad++;
        } else {
            /* Configuration lines only where they change, as go test writes them. */
            struct {
                const char *key;
                char *now, *before;
                size_t len;
            } cfg[] = {{"goos", g.goos, last->goos, sizeof g.goos},
                       {"goarch", g.goarch, last->goarch, sizeof g.goarch},
                       {"pkg", g.pkg, last->pkg, sizeof g.pkg},
                       {"cpu", g.cpu, last->cpu, sizeof g.cpu}};
            for (size_t k = 0; k < sizeof cfg / sizeof *cfg; k++)
                if (strcmp(cfg[k].now, cfg[k].before) != 0) {
                    bf_put_config(sb, cfg[k].key, cfg[k].now);
                    snprintf(cfg[k].before, cfg[k].len, "%s", cfg[k].now);
                }
            if (!wrote_env) {
                bf_put_config(sb, "env", env);
                wrote_env = 1;
            }
            double values[] = {g.ns_op, g.b_op, g.allocs_op, g.peak_rss_bytes, daemon};
            bf_put_result(sb, g.name, g.iters, drc == 0 ? 5 : 4, units, values);
        }
        free(text);
        free(dtext);
        free(path);
        free(dpath);
    }
    if (names)
        fs_free_list(names, n);
    free(dir);
    return bad;
}

int main(int argc, char **argv)
{
    log_set_program("repro-normalize");
    const char *run_dir = NULL;
    static const struct option opts[] = {
        {"run-dir", 1, 0, 'r'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            run_dir = optarg;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!run_dir || optind != argc) {
        usage(stderr);
        return 2;
    }
    char *envs_path = xasprintf("%s/envs.tsv", run_dir);
    char *cells_path = xasprintf("%s/cells.tsv", run_dir);
    tsv_table envs, cells;
    if (tsv_load(envs_path, &envs) != 0 || tsv_load(cells_path, &cells) != 0)
        return 1;
    const char *run_id = strrchr(run_dir, '/') ? strrchr(run_dir, '/') + 1 : run_dir;

    const char *table = "T1";
    strbuf sb = {0};
    bf_put_config(&sb, "run", run_id);
    bf_put_config(&sb, "table", table);
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        bf_put_unit(&sb, units[i], "better", "lower");
    int bad = 0;
    raw_gotest last = {0};
    for (size_t r = 0; r < envs.nrows; r++)
        bad += normalize_env(run_dir, table, tsv_get(&envs, r, "env"), &cells, &sb, &last);
    char *out = xasprintf("%s/samples/%s.txt", run_dir, table);
    if (fs_write_atomic(out, sb.buf, sb.len) != 0) {
        log_error("%s: %s", out, strerror(errno));
        bad++;
    }
    free(out);
    sb_free(&sb);
    tsv_free(&envs);
    tsv_free(&cells);
    free(envs_path);
    free(cells_path);
    if (bad)
        log_error("%d raw file(s) could not be read; the other samples were written", bad);
    return bad ? 1 : 0;
}
