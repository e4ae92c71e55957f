/* repro-compare - two archived runs, benchstat's `old new` with verdicts: every metric both
 * measured with its ratio B/A, interval, test and change verdict, and how each claim's verdict
 * moved. A and B may come from different machines. Only wiring: runset reads and judges the
 * runs, diff.c compares them, out.c writes. */
#include "compare/out.h"

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
    fprintf(to,
            "usage: repro-compare [options] A B\n"
            "A and B name archived runs: <id> (when one machine has it) or <machine>/<id>\n"
            "(repro list). Writes into the out directory [out/compare]:\n"
            "  compare.tsv   per table, unit, env, benchmark: medians, ratio B/A with its\n"
            "                interval at the table's family level, Mann-Whitney p, Holm p,\n"
            "                and the change: faster, slower, no change, inconclusive\n"
            "  claims.tsv    every claim's verdict in A and in B, and whether it moved\n"
            "  compare.md, compare.html, compare.xlsx   the same for people\n"
            "options:\n"
            "  --repo PATH     the results repository [data/results]\n"
            "  --out DIR       [out/compare]\n"
            "  --claims DIR    the claims both runs are judged with [data/claims]\n"
            "  --tables FILE   [data/tables.tsv]\n"
            "  --margin X      no change means inside 1 +/- X [0.05]\n"
            "  --conf X        the family's confidence [0.95]\n"
            "  --regimes FILE  the regimes each run's posture group is named by\n"
            "                  [data/regimes.tsv] (docs/mechanisms.md)\n"
            "Prints one line naming the pages it wrote.\n");
}

typedef struct {
    const char *repo, *out, *claims, *tables, *regimes, *a, *b;
    double margin, conf;
} opts;

static void parse(int argc, char **argv, opts *o)
{
    static const struct option lo[] = {{"repo", 1, 0, 'R'},   {"out", 1, 0, 'o'},
                                       {"claims", 1, 0, 'c'}, {"tables", 1, 0, 't'},
                                       {"margin", 1, 0, 'm'}, {"conf", 1, 0, 'C'},
                                       {"regimes", 1, 0, 'g'}, CLI_LONGOPTS,
                                       {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, lo, NULL)) != -1) {
        switch (c) {
        case 'R': o->repo = optarg; break;
        case 'o': o->out = optarg; break;
        case 'c': o->claims = optarg; break;
        case 't': o->tables = optarg; break;
        case 'm': o->margin = cli_double("--margin", optarg, 0, 1); break;
        case 'C': o->conf = cli_double("--conf", optarg, 0, 1); break;
        case 'g': o->regimes = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 2, 2, "the two runs A B");
    o->a = argv[optind];
    o->b = argv[optind + 1];
}

int main(int argc, char **argv)
{
    cli_begin("compare", usage);
    opts o = {"data/results", "out/compare", "data/claims", "data/tables.tsv", "data/regimes.tsv",
              NULL, NULL, 0.05, 0.95};
    parse(argc, argv, &o);
    gsl_set_error_handler_off();
    git_libgit2_init();
    runset rs = {0};
    judge_set j = {0}; /* closed on every path, also when runset_open failed before it */
    run_data da = {0}, db = {0};
    const run_ref *ra = NULL, *rb = NULL;
    tsv_table rg = {0};
    int rc = 1;
    if (regime_load(o.regimes, &rg) == 0 && runset_open(o.repo, &rs) == 0 &&
        judge_open(o.claims, o.tables, &j) == 0 &&
        (ra = runset_find(&rs, o.a)) && (rb = runset_find(&rs, o.b)) &&
        run_load(&rs, ra, &j, &da) == 0 && run_load(&rs, rb, &j, &db) == 0) {
        j.conf = o.conf;
        run_diff d;
        diff_runs(&da.cs, &db.cs, o.conf, o.margin, &d);
        size_t nmv;
        claim_move *mv = diff_claims(&da.claims, &db.claims, &nmv);
        char *na = xasprintf("%s/%s", ra->machine, ra->id), *nb = xasprintf("%s/%s", rb->machine, rb->id);
        char pa[256], pb[256];
        regime_posture_group(&rg, &da.posture, &da.meta, &da.envs, pa, sizeof pa);
        regime_posture_group(&rg, &db.posture, &db.meta, &db.envs, pb, sizeof pb);
        compare_input in = {na, nb, run_fact(&da, "machine_label"), run_fact(&db, "machine_label"),
                            run_fact(&da, "host_kernel"), run_fact(&db, "host_kernel"), pa, pb,
                            o.margin};
        if (compare_write(o.out, &in, &d, mv, nmv) == 0) {
            cli_done("wrote %s/compare.md, compare.html, compare.xlsx (%s -> %s)", o.out, na, nb);
            rc = 0;
        }
        free(na);
        free(nb);
        free(mv);
        diff_free(&d);
    }
    run_free(&da);
    run_free(&db);
    tsv_free(&rg);
    judge_close(&j);
    runset_close(&rs);
    git_libgit2_shutdown();
    return rc;
}
