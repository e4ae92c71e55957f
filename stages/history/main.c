/* repro-history - each machine's archived runs as series: the headline figures per environment
 * with their intervals, a chart per series, the steps found in it and what changed there, and
 * every claim's verdict per run. Only wiring: gather.c reads and fits, out.c writes. */
#include "history/history.h"

#include "cli.h"
#include "log.h"

#include <gsl/gsl_errno.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-history [--machine M] [--repo PATH] [--out DIR] [--claims DIR]\n"
                "                     [--tables FILE]\n"
                "For machine M, its id or its label (default: every machine) of the results\n"
                "repository [data/results]\n"
                "writes DIR/<machine>/ [out/history]: series.tsv, steps.tsv, verdicts.tsv,\n"
                "history.md, history.html and history.xlsx. Prints one line: DIR and how\n"
                "many machines were written.\n");
}

int main(int argc, char **argv)
{
    cli_begin("history", usage);
    const char *repo = "data/results", *out = "out/history", *claims = "data/claims",
               *tables = "data/tables.tsv", *only = NULL;
    static const struct option opts[] = {{"machine", 1, 0, 'm'}, {"repo", 1, 0, 'R'},
                                         {"out", 1, 0, 'o'},     {"claims", 1, 0, 'c'},
                                         {"tables", 1, 0, 't'},  CLI_LONGOPTS,
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'm': only = optarg; break;
        case 'R': repo = optarg; break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        case 't': tables = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    gsl_set_error_handler_off();
    git_libgit2_init();
    runset rs = {0};
    judge_set j = {0}; /* closed on every path, also when runset_open failed before it */
    int rc = runset_open(repo, &rs) != 0 || judge_open(claims, tables, &j) != 0;
    if (!rc && only && !(only = runset_machine(&rs, only)))
        rc = 1; /* neither an id nor a label: the error lists both */
    size_t shown = 0;
    const char *last = NULL;
    for (size_t first = 0, n; !rc && first < rs.n; first += n) {
        for (n = 1; first + n < rs.n && !strcmp(rs.runs[first + n].machine, rs.runs[first].machine);)
            n++;
        if (only && strcmp(only, rs.runs[first].machine))
            continue;
        machine_history h;
        rc |= history_gather(&rs, &j, first, n, &h) != 0 || history_write(&h, &j, out) != 0;
        history_free(&h);
        shown++;
        last = rs.runs[first].machine;
    }
    if (!rc && shown == 1)
        cli_done("wrote %s/%s/history.md, history.html, history.xlsx (1 machine)", out, last);
    else if (!rc)
        cli_done("wrote %s/<machine id>/history.md, history.html, history.xlsx for %zu machines",
                 out, shown);
    judge_close(&j);
    runset_close(&rs);
    git_libgit2_shutdown();
    return rc ? 1 : 0;
}
