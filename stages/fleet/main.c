/* repro-fleet - the answers of many machines: every claim's verdict on every machine (its
 * latest run, of a profile other than quick where it has one), how many machines reproduce,
 * refute or contradict it, and one pooled estimate per ratio claim across machines. Only wiring: gather.c reads, pool.c and meta.c pool, out.c
 * writes. */
#include "fleet/fleet.h"

#include "analyze/regime.h"
#include "cli.h"
#include "log.h"

#include <gsl/gsl_errno.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-fleet [--repo PATH] [--out DIR] [--claims DIR] [--tables FILE]\n"
                "                   [--by hardware|posture] [--regimes FILE] [--site-index DIR]\n"
                "Judges the latest run of every machine in the results repository [data/results]\n"
                "(its latest of a profile other than quick, where it has one; a smoke sample's\n"
                "claim is counted, never pooled)\n"
                "with the claims [data/claims] and writes into DIR [out/fleet]: machines.tsv,\n"
                "verdicts.tsv (claim x machine), pooled.tsv (per claim: machines per verdict and,\n"
                "for ratio claims, the DerSimonian-Laird pooled ratio with its 95%% interval, I²\n"
                "and tau²; also per group), fleet.md, fleet.html\n"
                "and fleet.xlsx. --site-index DIR also writes DIR/index.md, index.html and\n"
                "index.xlsx, the front page of the site pipeline/site.sh builds.\n"
                "Groups: --by hardware [default], the CPU model and kernel; --by posture, the\n"
                "regime (--regimes [data/regimes.tsv]) of each run's environment under a\n"
                "seccomp filter and the SSB, SSBD control and seccomp states that decide it.\n"
                "repro pull first brings in the other machines' runs.\n");
}

int main(int argc, char **argv)
{
    cli_begin("fleet", usage);
    const char *repo = "data/results", *out = "out/fleet", *claims = "data/claims",
               *tables = "data/tables.tsv", *site_index = NULL, *regimes = "data/regimes.tsv";
    int by_posture = 0;
    static const struct option opts[] = {{"repo", 1, 0, 'R'},   {"out", 1, 0, 'o'},
                                         {"claims", 1, 0, 'c'}, {"tables", 1, 0, 't'},
                                         {"site-index", 1, 0, 'I'}, {"by", 1, 0, 'b'},
                                         {"regimes", 1, 0, 'g'},    CLI_LONGOPTS,
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'R': repo = optarg; break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        case 't': tables = optarg; break;
        case 'I': site_index = optarg; break;
        case 'b':
            if (strcmp(optarg, "hardware") != 0 && strcmp(optarg, "posture") != 0)
                cli_usage_error("--by %s: hardware or posture", optarg);
            by_posture = !strcmp(optarg, "posture");
            break;
        case 'g': regimes = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    gsl_set_error_handler_off();
    git_libgit2_init();
    runset rs = {0};
    judge_set j = {0}; /* closed on every path, also when runset_open failed before it */
    fleet f = {0};
    tsv_table rg = {0};
    int rc = 1;
    if ((!by_posture || regime_load(regimes, &rg) == 0) && runset_open(repo, &rs) == 0 &&
        judge_open(claims, tables, &j) == 0 &&
        fleet_gather(&rs, &j, by_posture ? &rg : NULL, &f) == 0 && fleet_write(&f, out) == 0 &&
        (!site_index || fleet_site_index(&rs, site_index) == 0)) {
        cli_done("wrote %s/fleet.md, fleet.html, fleet.xlsx (%zu machine%s)", out, f.n,
                 f.n == 1 ? "" : "s");
        rc = 0;
    }
    fleet_free(&f);
    tsv_free(&rg);
    judge_close(&j);
    runset_close(&rs);
    git_libgit2_shutdown();
    return rc;
}
