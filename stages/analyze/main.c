/* repro-analyze - samples of a run -> the report model: summaries with CIs, comparisons against
 * the baseline with Holm-adjusted p-values, and a verdict for every claim of the article.
 * Only wiring here: cells.c groups, compare.c and stats_*.c compute, claims.c judges,
 * model_out.c writes. */
#include "analyze/claims.h"
#include "analyze/attrib.h"
#include "analyze/regime.h"

#include "cli.h"
#include "envnames.h"
#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "numfmt.h"
#include "runfiles.h"
#include "schema_model.h"
#include "schema_run.h"

#include <gsl/gsl_errno.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to,
            "usage: repro-analyze --run-dir DIR --out DIR [options]\n"
            "\n"
            "Reads DIR/samples/*.txt (Go benchmark format) and the run's metadata, and writes\n"
            "the report model into the out directory (docs/formats.md):\n"
            "  summary.tsv      per table, unit, env: n, median and its CI, mean, sd, outliers\n"
            "  comparisons.tsv  per env and benchmark against the table's baseline: ratio of\n"
            "                   medians and its CI, Mann-Whitney p, adjusted p, Welch p; and a\n"
            "                   geomean row per table, unit and env\n"
            "  claims.tsv       a verdict for every claim in the claims file\n"
            "  samples.tsv      every sample (table, env, unit, rep, value, round)\n"
            "  notes.tsv        why a probe could not measure something (table, env, case,\n"
            "                   reason), from samples/*.notes.tsv\n"
            "  run.tsv          the run's metadata, plus archive.tsv's commit and tag if any\n"
            "  posture.tsv      each environment's posture (samples/posture.tsv)\n"
            "  regimes.tsv      each environment's regime of data/regimes.tsv\n"
            "  attrib.tsv       each difference split into the factors the arms isolate\n"
            "  envs.tsv meta.tsv cells.tsv tables.tsv   copied for render\n"
            "options:\n"
            "  --claims DIR    the article's claims, one TSV file per table [data/claims]\n"
            "  --tables FILE   the article's tables [data/tables.tsv]\n"
            "  --regimes FILE  the known regimes of seccomp-forced SSBD [data/regimes.tsv]\n"
            "  --conf X        confidence level of every interval [0.95]\n"
            "  --alpha X       significance level after adjustment [0.05]\n"
            "  --adjust M      multiple-comparison adjustment: holm or bh (Benjamini-Hochberg)\n"
            "                  [holm]\n"
            "  -h, --help      this text      --version   the revision\n"
            "Same input, same bytes: nothing here depends on the clock or a random seed.\n"
            "--out may not be a run directory (one holding samples/ or raw/).\n");
}

static int copy_into(const char *from_dir, const char *name, const char *to_dir)
{
    char *from = xasprintf("%s/%s", from_dir, name), *to = xasprintf("%s/%s", to_dir, name);
    int rc = fs_copy_file(from, to);
    if (rc != 0)
        log_error("copying %s to %s: %s", from, to, strerror(errno));
    free(from);
    free(to);
    return rc;
}

/* samples/errors.tsv (what normalize could not read, as file, line, message) into the model as
 * errors.tsv, for the report's problems; a run normalized before it existed has none. */
static int write_input_errors(const char *run_dir, const char *out)
{
    char *from = xasprintf("%s/samples/errors.tsv", run_dir);
    char *to = xasprintf("%s/errors.tsv", out);
    tsv_table t;
    int rc;
    if (!fs_exists(from)) {
        strbuf none = {0};
        tsv_put_header(&none, &errors_schema);
        rc = fs_save(to, none.buf, none.len);
        sb_free(&none);
    } else if (tsv_load_as(from, &errors_schema, &t) != 0) {
        rc = -1;
    } else {
        rc = fs_copy_file(from, to);
        tsv_free(&t);
    }
    free(from);
    free(to);
    return rc;
}

/* Appends every row of a key/value table (run.tsv, archive.tsv) as the model's run.tsv rows. */
static void put_facts(strbuf *sb, const tsv_table *t, const tsv_schema *s)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *f[FACTS_NCOLS] = {
            [FACTS_KEY] = tsv_at_in(t, s, r, 0), [FACTS_VALUE] = tsv_at_in(t, s, r, 1)};
        tsv_put_fields(sb, &facts_schema, f);
    }
}

/* run.tsv, with the archive's commit and tag (archive.tsv) appended when the run is archived,
 * and the settings this analysis used, which the report states. */
static int write_run(const char *run_dir, const tsv_table *run, const char *out, double conf,
                     double alpha, adjust_method adjust)
{
    _Static_assert((int)ARCHIVED_KEY == (int)FACTS_KEY && (int)ARCHIVED_VALUE == (int)FACTS_VALUE,
                   "archive.tsv's rows are run.tsv's");
    char *arch = xasprintf("%s/archive.tsv", run_dir);
    tsv_table archive = {0};
    int rc = fs_exists(arch) && tsv_load_as(arch, &archived_schema, &archive) != 0 ? -1 : 0;
    free(arch);
    if (rc != 0)
        return -1;
    strbuf sb = {0};
    tsv_put_header(&sb, &facts_schema);
    put_facts(&sb, run, &facts_schema);
    if (archive.path) {
        put_facts(&sb, &archive, &archived_schema);
        tsv_free(&archive);
    }
    char c[64], a[64];
    const char *settings[][FACTS_NCOLS] = {
        {"analysis_conf", num_format(conf, c, sizeof c)},
        {"analysis_alpha", num_format(alpha, a, sizeof a)},
        {"analysis_adjust", adjust == ADJUST_BH ? "bh" : "holm"}};
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
        tsv_put_fields(&sb, &facts_schema, settings[i]);
    char *path = xasprintf("%s/run.tsv", out);
    rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}

/* notes.tsv: every samples/<table>.notes.tsv of the run (the reasons probes gave for what they
 * could not measure), one header; a notes file without its columns is an error. */
static int write_notes(const char *samples_dir, const char *out)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &notes_schema);
    size_t n;
    char **names = fs_list_dir(samples_dir, &n);
    int rc = 0;
    for (size_t i = 0; names && i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 11 || strcmp(names[i] + len - 10, ".notes.tsv") != 0)
            continue;
        char *path = xasprintf("%s/%s", samples_dir, names[i]);
        tsv_table t;
        if (tsv_load_as(path, &notes_schema, &t) != 0) {
            rc = -1;
        } else {
            for (size_t r = 0; r < t.nrows; r++) {
                const char *f[NOTES_NCOLS];
                for (int c = 0; c < NOTES_NCOLS; c++)
                    f[c] = notes_at(&t, r, (notes_col)c);
                tsv_put_fields(&sb, &notes_schema, f);
            }
            tsv_free(&t);
        }
        free(path);
    }
    if (names)
        fs_free_list(names, n);
    char *path = xasprintf("%s/notes.tsv", out);
    rc |= fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}

/* 1 when a row of the TSV file at path (if any, of schema s) has in column col text: the whole
 * value (how 0), its start (1) or anywhere in it (2). */
static int any_row(const char *path, const tsv_schema *s, int col, const char *text, int how)
{
    tsv_table t;
    int found = 0;
    if (!fs_exists(path) || tsv_load_as(path, s, &t) != 0)
        return 0;
    for (size_t r = 0; r < t.nrows && !found; r++) {
        const char *v = tsv_at_in(&t, s, r, col);
        found = how == 0   ? !strcmp(v, text)
                : how == 1 ? !strncmp(v, text, strlen(text))
                           : strstr(v, text) != NULL;
    }
    tsv_free(&t);
    return found;
}

/* Every cell collect recorded as ok reached the samples: each table and env with an ok cell
 * (rep > 0) in cells.tsv has a result in the samples, or normalize said why not (errors.tsv
 * names a raw file of it: the report lists it among the problems; or the table's notes.tsv
 * gives a probe's reason). Else an error naming cells.tsv:line, once per table and env: an
 * empty or lost samples file must not read as "not measured". 0, or 1 after logging. */
static int ok_cells_sampled(const char *run_dir, const tsv_table *cells, const cellset *cs)
{
    strmap seen = {0}, told = {0};
    for (size_t i = 0; i < cs->n; i++) {
        char *key = xasprintf("%s\t%s", cs->cells[i].table, cs->cells[i].env);
        strmap_add(&seen, key, NULL, NULL);
        free(key);
    }
    char *errors = xasprintf("%s/samples/errors.tsv", run_dir);
    int bad = 0;
    for (size_t r = 0; r < cells->nrows; r++) {
        const char *table = cells_at(cells, r, CELLS_TABLE), *env = cells_at(cells, r, CELLS_ENV);
        if (!cell_status_is(cells_at(cells, r, CELLS_STATUS), CELL_OK) ||
            atol(cells_at(cells, r, CELLS_REP)) <= 0)
            continue;
        char *key = xasprintf("%s\t%s", table, env), *raw = xasprintf("raw/%s/%s/", table, env);
        char *notes = xasprintf("%s/samples/%s.notes.tsv", run_dir, table);
        if (strmap_find(&seen, key) < 0 && strmap_find(&told, key) < 0) {
            strmap_add(&told, key, NULL, NULL);
            if (!any_row(errors, &errors_schema, ERRORS_FILE, raw, 1) &&
                !any_row(errors, &errors_schema, ERRORS_MESSAGE, raw, 2) &&
                !any_row(notes, &notes_schema, NOTES_ENV, env, 0)) {
                log_error_at(cells->path, cells->rows[r].line,
                             "%s in %s is ok, but samples/%s.txt has no result of env %s and "
                             "normalize reported no problem with it (normalize the run again)",
                             table, env, table, env);
                bad = 1;
            }
        }
        free(key);
        free(raw);
        free(notes);
    }
    free(errors);
    strmap_free(&seen);
    strmap_free(&told);
    return bad;
}

typedef struct {
    const char *run_dir, *claims_dir, *tables_path, *regimes_path;
    double conf, alpha;
    adjust_method adjust;
} analyze_opts;

/* Samples, notes and normalize's errors into out; 0 or -1 after logging. */
static int read_samples(const analyze_opts *o, const tsv_table *tables, const tsv_table *envs,
                        const char *out, cellset *cs)
{
    char *samples_dir = xasprintf("%s/samples", o->run_dir);
    cells_scope scope;
    cells_scope_init(&scope, tables, envs);
    samples_out *samples = samples_out_open(out);
    int rc = cells_load_dir(samples_dir, &scope, samples_out_sink(samples), cs) != 0;
    rc |= samples_out_close(samples) != 0;
    cells_scope_free(&scope);
    rc |= write_notes(samples_dir, out) != 0 || write_input_errors(o->run_dir, out) != 0;
    free(samples_dir);
    return rc ? -1 : 0;
}

/* The whole model of the run into out (a staging directory); 0, or 1 when any input was bad
 * or any file could not be written. */
static int analyze_into(const analyze_opts *o, const char *out)
{
    int rc = 0;
    tsv_table tables, envs, cells, run, meta, precision;
    /* Every input checked against docs/formats.md first: an error names file:line. */
    if (run_load_envs(o->run_dir, &envs) || tsv_load(o->tables_path, &tables) ||
        tables_validate(&tables) || run_load_cells(o->run_dir, &envs, &cells) ||
        run_load_facts(o->run_dir, &run) || run_load_meta(o->run_dir, &envs, &meta) ||
        run_load_precision(o->run_dir, &precision))
        return 1;
    cellset cs;
    if (read_samples(o, &tables, &envs, out, &cs) != 0 || ok_cells_sampled(o->run_dir, &cells, &cs))
        rc = 1;

    /* Claims first: their within-environment pairs are comparisons too. */
    claims_set claims;
    if (claims_set_load(o->claims_dir, &tables, &claims) != 0)
        rc = 1;
    analysis a;
    compare_all(&cs, &tables, claims.pairs, claims.npairs, o->conf, o->alpha, o->adjust, &a);
    if (model_write(out, &a) != 0)
        rc = 1;
    strbuf verdicts = {0};
    tsv_put_header(&verdicts, &verdicts_schema);
    /* the environments as data/envs.tsv names them (envnames.h) */
    claim_context ctx = {&a,    &cs,   &envs,      &cells, &tables, &run, &meta, &precision,
                         env_baseline(), env_name_caps};
    claims_set_judge(&claims, &ctx, &verdicts);
    claims_set_free(&claims);
    char *vpath = xasprintf("%s/claims.tsv", out);
    if (fs_save(vpath, verdicts.buf, verdicts.len) != 0)
        rc = 1;
    free(vpath);
    static const char *const copied[] = {"envs.tsv", "meta.tsv", "cells.tsv"};
    for (size_t i = 0; i < sizeof copied / sizeof *copied; i++)
        rc |= copy_into(o->run_dir, copied[i], out) != 0;
    rc |= write_run(o->run_dir, &run, out, o->conf, o->alpha, o->adjust) != 0;
    rc |= regime_write(o->regimes_path, o->run_dir, &envs, &meta, out) != 0;
    rc |= attrib_write(&cs, &tables, &envs, &meta, o->run_dir, o->conf, out) != 0; /* arms */
    char *tables_to = xasprintf("%s/tables.tsv", out);
    rc |= fs_copy_file(o->tables_path, tables_to) != 0;
    free(tables_to);

    sb_free(&verdicts);
    analysis_free(&a);
    cells_free(&cs);
    tsv_free(&tables);
    tsv_free(&envs);
    tsv_free(&cells);
    tsv_free(&run);
    tsv_free(&meta);
    tsv_free(&precision);
    return rc;
}

/* 1 when dir is a run directory collect wrote, with its samples/ and raw/ (the model, which
 * copies cells.tsv and run.tsv, would mix into it and overwrite them). */
static int is_run_dir(const char *dir)
{
    char *raw = xasprintf("%s/raw", dir), *samples = xasprintf("%s/samples", dir);
    int yes = fs_is_dir(raw) || fs_is_dir(samples);
    free(raw);
    free(samples);
    return yes;
}

int main(int argc, char **argv)
{
    cli_begin("analyze", usage);
    const char *run_dir = NULL, *out = NULL, *claims_dir = "data/claims";
    const char *tables_path = "data/tables.tsv", *regimes_path = "data/regimes.tsv";
    double conf = 0.95, alpha = 0.05;
    adjust_method adjust = ADJUST_HOLM;
    static const struct option opts[] = {
        {"run-dir", 1, 0, 'r'}, {"out", 1, 0, 'o'},   {"claims", 1, 0, 'c'},
        {"tables", 1, 0, 't'},  {"conf", 1, 0, 'C'},  {"alpha", 1, 0, 'a'},
        {"adjust", 1, 0, 'j'},  {"regimes", 1, 0, 'R'}, CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'r': run_dir = optarg; break;
        case 'o': out = optarg; break;
        case 'c': claims_dir = optarg; break;
        case 't': tables_path = optarg; break;
        case 'R': regimes_path = optarg; break;
        case 'C': conf = cli_double("--conf", optarg, 0, 1); break;
        case 'a': alpha = cli_double("--alpha", optarg, 0, 1); break;
        case 'j':
            if (!strcmp(optarg, "holm"))
                adjust = ADJUST_HOLM;
            else if (!strcmp(optarg, "bh"))
                adjust = ADJUST_BH;
            else
                cli_usage_error("--adjust takes holm or bh, not \"%s\"", optarg);
            break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    if (!run_dir || !out)
        cli_usage_error("%s is required", run_dir ? "--out DIR" : "--run-dir DIR");
    if (is_run_dir(out))
        cli_usage_error("--out %s is a run directory: the model goes elsewhere (out/analysis)", out);
    if (fs_exists(out) && !fs_is_dir(out))
        cli_usage_error("--out %s is a file, not a directory", out);
    gsl_set_error_handler_off(); /* a domain error is a NaN to report, never an abort() */
    analyze_opts o = {run_dir, claims_dir, tables_path, regimes_path, conf, alpha, adjust};
    char *stage = model_stage_open(out);
    if (!stage)
        return 1;
    if (analyze_into(&o, stage) != 0) {
        model_stage_fail(stage, out);
        return 1;
    }
    if (model_stage_commit(stage, out) != 0)
        return 1;
    cli_done("wrote the model of %s into %s", run_dir, out);
    return 0;
}
