/* repro-fleet - the answers of many machines: every claim's verdict on every machine (its
 * latest run), how many machines reproduce, refute or contradict it, and one pooled estimate
 * per ratio claim across machines. Only wiring: gather.c reads, pool.c and meta.c pool, out.c
 * writes. */
#include "fleet/fleet.h"

#include "cli.h"
#include "log.h"

#include <gsl/gsl_errno.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-fleet [--repo PATH] [--out DIR] [--claims DIR] [--tables FILE]\n"
                "                   [--site-index DIR]\n"
                "Judges the latest run of every machine in the results repository [data/results]\n"
                "with the claims [data/claims] and writes into DIR [out/fleet]: machines.tsv,\n"
                "verdicts.tsv (claim x machine), pooled.tsv (per claim: machines per verdict and,\n"
                "for ratio claims, the DerSimonian-Laird pooled ratio with its 95%% interval, I²\n"
                "and tau²; also per group of CPU model and kernel), fleet.md, fleet.html\n"
                "and fleet.xlsx. --site-index DIR also writes DIR/index.md, index.html and\n"
                "index.xlsx, the front page of the site pipeline/site.sh builds.\n"
                "repro pull first brings in the other machines' runs.\n");
}

int main(int argc, char **argv)
{
    cli_begin("fleet", usage);
    const char *repo = "data/results", *out = "out/fleet", *claims = "data/claims",
               *tables = "data/tables.tsv", *site_index = NULL;
    static const struct option opts[] = {{"repo", 1, 0, 'R'},   {"out", 1, 0, 'o'},
                                         {"claims", 1, 0, 'c'}, {"tables", 1, 0, 't'},
                                         {"site-index", 1, 0, 'I'}, CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'R': repo = optarg; break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        case 't': tables = optarg; break;
        case 'I': site_index = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    gsl_set_error_handler_off();
    git_libgit2_init();
    runset rs = {0};
    judge_set j = {0}; /* closed on every path, also when runset_open failed before it */
    fleet f = {0};
    int rc = 1;
    if (runset_open(repo, &rs) == 0 && judge_open(claims, tables, &j) == 0 &&
        fleet_gather(&rs, &j, &f) == 0 && fleet_write(&f, out) == 0 &&
        (!site_index || fleet_site_index(&rs, site_index) == 0)) {
        cli_done("wrote %s/fleet.md, fleet.html, fleet.xlsx (%zu machine%s)", out, f.n,
                 f.n == 1 ? "" : "s");
        rc = 0;
    }
    fleet_free(&f);
    judge_close(&j);
    runset_close(&rs);
    git_libgit2_shutdown();
    return rc;
}
