/* norm_gotest.c - Table 1: go test -bench -benchmem output (the cell's K runs, combined by
 * raw_gotest.c: ns/op the fastest run's, typical-ns/op the median run's) plus repro-rusage's peak
 * RSS and the .daemon file's daemon memory, as one result line per sample with six units; Table 4.1 (the
 * same benchmark under noise controls) adds which controls took effect, as 1/0 units. A sample
 * that also ran the article's whole command (repro-probe treerss) gets a second result line
 * after it: BenchmarkGoTestCommand 1 <wall> ns/op <sum> tree-peak-RSS-B <max> max-process-RSS-B;
 * a sample where it could not run says why ("# unsupported ...", kept in the notes). */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"
#include "raw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const units[] = {"ns/op",      "typical-ns/op", "B/op",
                                    "allocs/op",  "peak-RSS-B",    "daemon-RSS-B"};

/* go test's configuration lines, written again only when they change. */
static void put_config(const raw_gotest *g, strbuf *out, norm_state *st)
{
    char config[1024];
    snprintf(config, sizeof config, "goos: %s\ngoarch: %s\npkg: %s\ncpu: %s\n", g->goos, g->goarch,
             g->pkg, g->cpu);
    if (strcmp(config, st->last_config) != 0) {
        sb_puts(out, config);
        snprintf(st->last_config, sizeof st->last_config, "%s", config);
    }
}

/* The whole command's result line, after the benchmark's (so a table's first benchmark stays
 * the benchmark). 0 when there is none or it was written, -1 for a bad treerss line. */
static int put_command(const char *path, const char *text, const double *daemon, strbuf *out,
                       norm_state *st)
{
    raw_treerss t;
    int rc = raw_parse_treerss(path, text, &t);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    norm_unit(st, "tree-peak-RSS-B", "better", "lower");
    norm_unit(st, "max-process-RSS-B", "better", "lower");
    /* tree-daemon-RSS-B: the article's second reading of its peak RSS, the tree plus the
     * resident daemon the sample measured (0 where there is none); without a .daemon, absent */
    const char *u[] = {"ns/op", "tree-peak-RSS-B", "max-process-RSS-B", "tree-daemon-RSS-B"};
    double values[] = {t.wall_ns, t.tree_peak_bytes, t.max_process_bytes,
                       daemon ? t.tree_peak_bytes + *daemon : 0};
    if (daemon)
        norm_unit(st, "tree-daemon-RSS-B", "better", "lower");
    return norm_put_result(path, 1, out, t.name, 1, daemon ? 4 : 3, u, values);
}

int norm_gotest_text(const char *path, const char *text, const char *dpath, const char *dtext,
                     strbuf *out, norm_state *st)
{
    raw_gotest g;
    double daemon = 0;
    int drc = dtext ? raw_parse_daemon(dpath, dtext, &daemon) : 1;
    if (raw_parse_gotest(path, text, &g) != 0 || drc < 0)
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        norm_unit(st, units[i], "better", "lower"); /* fixed units: they cannot conflict */
    put_config(&g, out, st);
    const char *u[10] = {units[0], units[1], units[2], units[3], units[4]};
    double values[10] = {g.ns_op, g.typical_ns_op, g.b_op, g.allocs_op, g.peak_rss_bytes};
    size_t n = 5;
    if (drc == 0) {
        u[n] = units[5];
        values[n++] = daemon;
    }
    if (g.has_controls) { /* which of T4.1's controls took effect: 1 yes, 0 no */
        norm_unit(st, "pinned", "better", "higher");
        norm_unit(st, "gogc-off", "better", "higher");
        u[n] = "pinned";
        values[n++] = g.pinned;
        u[n] = "gogc-off";
        values[n++] = g.gogc_off;
        if (strcmp(g.governor, "none") != 0) {
            norm_unit(st, "governor-performance", "better", "higher");
            u[n] = "governor-performance";
            values[n++] = strcmp(g.governor, "performance") == 0;
        }
    }
    strbuf cmd = {0};
    int rc = put_command(path, text, drc == 0 ? &daemon : NULL, &cmd, st);
    if (rc == 0)
        rc = norm_put_result(path, 1, out, g.name, g.iters, n, u, values);
    if (rc == 0) {
        sb_puts(out, sb_str(&cmd));
        norm_notes(st, text);
    }
    sb_free(&cmd);
    return rc;
}

static int gotest_sample(const char *base, strbuf *out, norm_state *st)
{
    char *path = xasprintf("%s.out", base), *dpath = xasprintf("%s.daemon", base);
    char *text = norm_read(path), *dtext = NULL;
    int rc = -1;
    if (text && (!fs_exists(dpath) || (dtext = norm_read(dpath)) != NULL))
        rc = norm_gotest_text(path, text, dpath, dtext, out, st);
    free(text);
    free(dtext);
    free(path);
    free(dpath);
    return rc;
}

const normalizer norm_gotest = {.table = "T1", .sample = gotest_sample};
const normalizer norm_gotest_controls = {.table = "T4.1", .sample = gotest_sample};
