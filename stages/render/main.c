/* repro-render - the report model -> out/report.md and out/report.html (charts and the workbook
 * come from their own renderers over the same model). Only wiring here. */
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
                "writes OUT/report.md (GitHub-flavoured Markdown) and OUT/report.html (one\n"
                "self-contained file). The words and the layout come from the templates\n"
                "directory [templates]: report.md.tmpl, report.html.tmpl, style.css.\n"
                "The same model renders to the same bytes.\n");
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
    int rc = render_md(&m, templates, md) != 0 || render_html(md, templates, html) != 0;
    free(md);
    free(html);
    model_free(&m);
    return rc;
}
