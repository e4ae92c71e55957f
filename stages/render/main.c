/* repro-render - the report model -> the charts, out/report.md, out/report.html and
 * out/report.xlsx: loaded once (report_load), written by one renderer per format. Every format
 * that can be written is written even when a chart fails; the report is staged and then
 * replaces the previous one as a whole, so nothing stale looks current and a failed write (a
 * full disk) leaves the previous report intact. Only wiring here. */
#include "cli.h"
#include "doc.h"
#include "fsutil.h"
#include "log.h"
#include "render.h"
#include "report_doc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-render --model DIR --out DIR [--templates DIR]\n"
                "\n"
                "Reads the report model that repro-analyze wrote into DIR (docs/formats.md) and\n"
                "writes, in this order:\n"
                "  OUT/fig/<table>-ratios-forest.svg/.png     each environment's ratio to the\n"
                "                                             baseline with its CI, log axis,\n"
                "                                             the claimed ratios marked\n"
                "  OUT/fig/<table>-<metric>-bars.svg/.png     medians per environment, CI error\n"
                "                                             bars at the run's level, the claims\n"
                "  OUT/fig/<table>-<metric>-samples.svg/.png  every raw sample per environment\n"
                "  OUT/fig/<table>-<metric>-runorder.svg/.png  the first metric's samples in\n"
                "                                             run order (round), disturbed\n"
                "                                             rounds' samples circled\n"
                "      (gnuplot, from forest.gp, bar.gp, strip.gp and runorder.gp)\n"
                "  OUT/report.md    GitHub-flavoured Markdown; links the PNG charts under fig/\n"
                "  OUT/report.html  one self-contained file: CSS and the SVG charts inlined\n"
                "  OUT/report.xlsx  sheets Summary (the answer, the tally, every claim), one per\n"
                "                   article table, Samples, Environments, Problems, Run\n"
                "Each document opens with the answer: the headline claim (the first ratio claim\n"
                "of the first table in tables.tsv that has one), this machine's answer with its\n"
                "numbers, the verdict tally, then the run's problems. The words and the layout\n"
                "come from the templates directory [templates]: report.tmpl, table.tmpl,\n"
                "table-unmeasured.tmpl, report.html.tmpl, style.css, forest.gp, bar.gp,\n"
                "strip.gp, runorder.gp. gnuplot must be on PATH; a chart it cannot draw says why in its\n"
                "place and the rest is written. The same model renders to the same bytes.\n"
                "The previous report is replaced only when every document was written.\n");
}

/* The chart files (*.svg, *.png) of dir/fig, sorted; NULL when there is none. */
static char **chart_files(const char *dir, size_t *n)
{
    char *fig = xasprintf("%s/fig", dir);
    char **names = fs_is_dir(fig) ? fs_list_dir(fig, n) : NULL;
    free(fig);
    if (!names)
        *n = 0;
    return names;
}

static int is_chart(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && (!strcmp(name + len - 4, ".svg") || !strcmp(name + len - 4, ".png"));
}

/* Moves what the staging directory holds into out, after removing the previous report's
 * documents and charts, so no earlier file stays looking current; removes the stage. */
static int install(const char *stage, const char *out)
{
    int rc = 0;
    size_t n, m;
    char **old = chart_files(out, &n), **made = chart_files(stage, &m);
    for (size_t i = 0; i < n; i++)
        if (is_chart(old[i])) {
            char *path = xasprintf("%s/fig/%s", out, old[i]);
            if (unlink(path) != 0)
                log_warn("%s: %s", path, strerror(errno));
            free(path);
        }
    char *fig = xasprintf("%s/fig", out);
    if (m && fs_mkdirs(fig) != 0) {
        log_error("%s: %s", fig, strerror(errno));
        rc = -1;
    }
    for (size_t i = 0; i < m && rc == 0; i++) {
        char *from = xasprintf("%s/fig/%s", stage, made[i]), *to = xasprintf("%s/%s", fig, made[i]);
        if (rename(from, to) != 0) {
            log_error("%s -> %s: %s", from, to, strerror(errno));
            rc = -1;
        }
        free(from);
        free(to);
    }
    const render_format *const *f;
    for (size_t i = 0, nf = render_formats(&f); i < nf; i++) {
        char *from = xasprintf("%s/%s", stage, f[i]->file), *to = xasprintf("%s/%s", out, f[i]->file);
        if (rc == 0 && rename(from, to) != 0) {
            log_error("%s -> %s: %s", from, to, strerror(errno));
            rc = -1;
        }
        unlink(from);
        free(from);
        free(to);
    }
    if (old)
        fs_free_list(old, n);
    if (made)
        fs_free_list(made, m);
    free(fig);
    return rc;
}

/* Removes the staging directory and whatever is left in it. */
static void discard(const char *stage)
{
    size_t n;
    char **made = chart_files(stage, &n);
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/fig/%s", stage, made[i]);
        unlink(path);
        free(path);
    }
    if (made)
        fs_free_list(made, n);
    const render_format *const *f;
    for (size_t i = 0, nf = render_formats(&f); i < nf; i++) {
        char *path = xasprintf("%s/%s", stage, f[i]->file);
        unlink(path);
        free(path);
    }
    char *fig = xasprintf("%s/fig", stage);
    rmdir(fig);
    rmdir(stage);
    free(fig);
}

/* Writes the report into out/.render.<pid>/ first. When every document was written, they and
 * the charts replace the previous report as a whole (a chart gnuplot could not draw says why in
 * the documents, and the exit status is 1); when a document could not be written (a full disk)
 * out/ is left exactly as it was. */
static int render(report *r, const char *templates, const char *out)
{
    char *stage = xasprintf("%s/.render.%ld", out, (long)getpid());
    int charts = 0, docs = fs_mkdirs(stage) != 0;
    if (docs)
        log_error("%s: %s", stage, strerror(errno));
    else
        charts = render_plots(r, templates, stage) != 0; /* first: the documents say why */
    doc d = {0};
    if (!docs && report_doc_build(r, templates, &d) != 0) {
        log_error("%s: the report document could not be built: no report.md or report.html",
                  templates);
        docs = 1;
    } else if (!docs) {
        docs |= render_documents(&d, r, templates, stage) != 0;
    }
    doc_free(&d);
    if (!docs && install(stage, out) != 0)
        docs = 1;
    if (docs)
        log_error("%s: the previous report is left as it was", out);
    discard(stage);
    free(stage);
    return docs || charts;
}

/* The templates render needs, checked before anything is drawn: a missing directory or file
 * is one line naming what is missing, not an error per chart and document. */
static int templates_present(const char *dir)
{
    static const char *const need[] = {"report.tmpl",      "table.tmpl", "table-unmeasured.tmpl",
                                       "report.html.tmpl", "style.css",  "forest.gp",
                                       "bar.gp",           "strip.gp",   "runorder.gp"};
    strbuf missing = {0};
    size_t n = 0;
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        char *path = xasprintf("%s/%s", dir, need[i]);
        if (!fs_exists(path))
            sb_printf(&missing, "%s%s", n++ ? ", " : "", need[i]);
        free(path);
    }
    if (n)
        log_error("%s: %zu of the %zu templates missing (%s): nothing rendered, the previous "
                  "report is left as it was%s",
                  dir, n, sizeof need / sizeof *need, sb_str(&missing),
                  n == sizeof need / sizeof *need ? cli_path_hint(dir, ENOENT) : "");
    sb_free(&missing);
    return n == 0;
}

/* 1 when gnuplot is on PATH; else one line says the charts will be missing. */
static int gnuplot_present(void)
{
    const char *path = getenv("PATH");
    char *dirs = xstrdup(path ? path : "/usr/bin:/bin"), *save = NULL;
    int found = 0;
    for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *exe = xasprintf("%s/gnuplot", *d ? d : ".");
        found = access(exe, X_OK) == 0;
        free(exe);
    }
    free(dirs);
    if (!found)
        log_error("gnuplot is not on PATH (apt-get install gnuplot-nox): every chart is missing, "
                  "each says so in its place");
    return found;
}

int main(int argc, char **argv)
{
    cli_begin("render", usage);
    const char *model_dir = NULL, *out = NULL, *templates = "templates";
    static const struct option opts[] = {{"model", 1, 0, 'm'},
                                         {"out", 1, 0, 'o'},
                                         {"templates", 1, 0, 't'},
                                         CLI_LONGOPTS,
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'm': model_dir = optarg; break;
        case 'o': out = optarg; break;
        case 't': templates = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    if (!model_dir || !out)
        cli_usage_error("%s is required", model_dir ? "--out DIR" : "--model DIR");
    if (fs_exists(out) && !fs_is_dir(out))
        cli_usage_error("--out %s is a file, not a directory", out);
    if (!templates_present(templates))
        return 1;
    report r;
    if (report_load(model_dir, &r) != 0) {
        report_free(&r);
        return 1;
    }
    int charts = !gnuplot_present();
    int rc = render(&r, templates, out);
    report_free(&r);
    if (!rc && !charts) {
        strbuf files = {0};
        const render_format *const *f;
        for (size_t i = 0, nf = render_formats(&f); i < nf; i++)
            sb_printf(&files, "%s%s", i ? ", " : "", f[i]->file);
        cli_done("wrote %s/%s", out, sb_str(&files));
        sb_free(&files);
    }
    return rc || charts;
}
