/* repro-render - the report model -> the charts, out/report.md, out/report.html and
 * out/report.xlsx, each from its own renderer over the same model. Only wiring here. */
#include "log.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-render --model DIR --out DIR [--templates DIR]\n"
                "\n"
                "Reads the report model that repro-analyze wrote into DIR (docs/formats.md) and\n"
                "writes, in this order:\n"
                "  OUT/fig/<table>-<metric>-bars.svg/.png     medians per environment, CI error\n"
                "                                             bars at the run's level, the claims\n"
                "  OUT/fig/<table>-<metric>-samples.svg/.png  every raw sample per environment\n"
                "      (gnuplot, from bar.gp and strip.gp; one pair per metric of every table)\n"
                "  OUT/report.md    GitHub-flavoured Markdown; links the PNG charts under fig/\n"
                "  OUT/report.html  one self-contained file: CSS and the SVG charts inlined\n"
                "  OUT/report.xlsx  sheets Summary (claims, verdicts), one per article table,\n"
                "                   Samples, Environments, Run\n"
                "The words and the layout come from the templates directory [templates]:\n"
                "report.md.tmpl, report.html.tmpl, style.css, bar.gp, strip.gp. gnuplot must be\n"
                "on PATH. The same model renders to the same bytes in every file.\n");
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
    report_model m;
    if (model_load(model_dir, &m) != 0)
        return 1;
    char *md = xasprintf("%s/report.md", out), *html = xasprintf("%s/report.html", out);
    char *xlsx = xasprintf("%s/report.xlsx", out);
    /* The charts first: the HTML inlines their SVG. */
    int rc = render_plots(&m, templates, out) != 0 || render_md(&m, templates, md) != 0 ||
             render_html(md, templates, html) != 0 || render_xlsx(&m, xlsx) != 0;
    free(md);
    free(html);
    free(xlsx);
    model_free(&m);
    return rc;
}
