/* repro-render - the report model -> the charts, out/report.md, out/report.html and
 * out/report.xlsx: loaded once (report_load), written by one renderer per format. Every format
 * that can be written is written even when another fails; the previous run's report files and
 * charts are removed first, so nothing stale looks current. Only wiring here. */
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
                "      (gnuplot, from forest.gp, bar.gp and strip.gp)\n"
                "  OUT/report.md    GitHub-flavoured Markdown; links the PNG charts under fig/\n"
                "  OUT/report.html  one self-contained file: CSS and the SVG charts inlined\n"
                "  OUT/report.xlsx  sheets Summary (the answer, the tally, every claim), one per\n"
                "                   article table, Samples, Environments, Problems, Run\n"
                "Each document opens with the answer: the headline claim (the first ratio claim\n"
                "of the first table in tables.tsv that has one), this machine's answer with its\n"
                "numbers, the verdict tally, then the run's problems. The words and the layout\n"
                "come from the templates directory [templates]: report.tmpl, table.tmpl,\n"
                "table-unmeasured.tmpl, report.html.tmpl, style.css, forest.gp, bar.gp,\n"
                "strip.gp. gnuplot must be on PATH; a chart it cannot draw says why in its\n"
                "place and the rest is written. The same model renders to the same bytes.\n"
                "Exit status: 0, 1 when a file or chart could not be written, 2 usage.\n");
}

/* The previous run's report files and charts: gone before anything is written. */
static void remove_stale(const char *out)
{
    static const char *const files[] = {"report.md", "report.html", "report.xlsx"};
    for (size_t i = 0; i < 3; i++) {
        char *path = xasprintf("%s/%s", out, files[i]);
        if (unlink(path) != 0 && errno != ENOENT)
            log_warn("%s: %s", path, strerror(errno));
        free(path);
    }
    char *fig = xasprintf("%s/fig", out);
    size_t n = 0;
    char **names = fs_is_dir(fig) ? fs_list_dir(fig, &n) : NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len > 4 &&
            (!strcmp(names[i] + len - 4, ".svg") || !strcmp(names[i] + len - 4, ".png"))) {
            char *path = xasprintf("%s/%s", fig, names[i]);
            if (unlink(path) != 0)
                log_warn("%s: %s", path, strerror(errno));
            free(path);
        }
    }
    fs_free_list(names, n);
    free(fig);
}

static int render(report *r, const char *templates, const char *out)
{
    char *md = xasprintf("%s/report.md", out), *html = xasprintf("%s/report.html", out);
    char *xlsx = xasprintf("%s/report.xlsx", out), *fig = xasprintf("%s/fig", out);
    remove_stale(out);
    /* The charts first: the documents say in its place why one was not drawn. */
    int rc = render_plots(r, templates, out) != 0;
    doc d = {0};
    if (report_doc_build(r, templates, &d) != 0) {
        log_error("%s: the report document could not be built: no report.md or report.html",
                  templates);
        rc = 1;
    } else {
        rc |= render_md(&d, md) != 0;
        rc |= render_html(&d, templates, fig, html) != 0;
    }
    rc |= render_xlsx(r, xlsx) != 0;
    doc_free(&d);
    free(md);
    free(html);
    free(xlsx);
    free(fig);
    return rc;
}

int main(int argc, char **argv)
{
    log_set_program("repro-render");
    const char *model_dir = NULL, *out = NULL, *templates = "templates";
    static const struct option opts[] = {{"model", 1, 0, 'm'},
                                         {"out", 1, 0, 'o'},
                                         {"templates", 1, 0, 't'},
                                         {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model_dir = optarg; break;
        case 'o': out = optarg; break;
        case 't': templates = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!model_dir || !out || optind != argc) {
        usage(stderr);
        return 2;
    }
    report r;
    if (report_load(model_dir, &r) != 0) {
        report_free(&r);
        return 1;
    }
    int rc = render(&r, templates, out);
    report_free(&r);
    return rc;
}
