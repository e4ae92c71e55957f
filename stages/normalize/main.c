/* repro-normalize - raw tool output of a run -> samples in Go's benchmark format.
 *
 * One samples file per article table (samples/<table>.txt), readable by benchstat and by our
 * analyzer alike. envs.tsv and cells.tsv are checked first (runfiles.h): a malformed one stops
 * the stage. A malformed raw file is reported as file:line and skipped; every other file is
 * still processed, outputs are written atomically, and the exit status is 1 at the end. */
#include "benchfmt.h"
#include "cli.h"
#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "norm_rounds.h"
#include "normalizer.h"
#include "runfiles.h"
#include "strmap.h"
#include "tsv.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-normalize --run-dir DIR\n"
                "\n"
                "Reads DIR/envs.tsv, DIR/cells.tsv and DIR/raw/<table>/<env>/<rep>.* and writes\n"
                "DIR/samples/<table>.txt in Go's benchmark format (docs/formats.md): config lines\n"
                "run:, table:, env: (and go test's goos:, cpu: ...), Unit lines with better=,\n"
                "one result line per measurement. T1 (go test output + repro-rusage + daemon\n"
                "memory) has its own normalizer; our probes' output is checked and passed\n"
                "through. `benchstat -col env DIR/samples/T1.txt` reads the same files.\n"
                "Cells that collect recorded as failed are skipped (they are in cells.tsv).\n"
                "DIR/samples/<table>.notes.tsv keeps the reasons probes gave for measurements\n"
                "they could not make (\"# unsupported <case>: why\" lines): table, env, case,\n"
                "reason. DIR/samples/errors.tsv lists every malformed raw file as file, line,\n"
                "message (paths relative to DIR), for the report's problems.\n"
                "DIR/samples/posture.tsv: env, key, value, samples from T1's posture- lines.\n"
                "A cell cells.tsv records as ok whose raw output is missing is an error there\n"
                "too (cells.tsv:line), so no sample is dropped without a word.\n"
                "Exit status 1 also when a raw file was malformed (named as file:line).\n");
}

/* cells.tsv as "table<TAB>env<TAB>rep" -> "status<TAB>position", so each raw file's cell is
 * found at once; position is empty in a run collected before rounds were randomised. */
static void index_cells(const tsv_table *cells, strmap *index)
{
    for (size_t r = 0; r < cells->nrows; r++) {
        char *key = xasprintf("%s\t%s\t%ld", cells_at(cells, r, CELLS_TABLE),
                              cells_at(cells, r, CELLS_ENV), atol(cells_at(cells, r, CELLS_REP)));
        char *value = xasprintf("%s\t%s", cells_at(cells, r, CELLS_STATUS),
                                cells_at(cells, r, CELLS_POSITION));
        strmap_add(index, key, value, NULL);
        free(value);
        free(key);
    }
}

/* The rep of a sample's raw file "<digits>.out" (warm-ups and other files: 0), -1 when a .out
 * file is neither. */
static long sample_rep(const char *name)
{
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".out") != 0 || !strncmp(name, "warmup-", 7))
        return 0;
    size_t digits = strspn(name, "0123456789");
    return digits == len - 4 && digits <= 9 ? atol(name) : -1;
}

/* Whether the cell of a raw file is to be read: recorded ok in cells.tsv; *position gets its
 * position in its round ("" when the run did not record one). */
static int cell_ok(const strmap *cells, const char *dir, const char *table, const char *env,
                   long rep, const char **position)
{
    char *key = xasprintf("%s\t%s\t%ld", table, env, rep);
    const char *status = strmap_get(cells, key);
    free(key);
    if (!status)
        log_warn("%s/%03ld.out: no row in cells.tsv (an interrupted cell?): not read", dir, rep);
    *position = status ? strchr(status, '\t') + 1 : "";
    char *word = status ? xasprintf("%.*s", (int)strcspn(status, "\t"), status) : NULL;
    int ok = word && cell_status_is(word, CELL_OK);
    free(word);
    return ok;
}

/* The sample's round and position as configuration lines before its results, when the run
 * recorded positions (its rounds were randomised): what the blocked analysis pairs by; and
 * whether its round was disturbed, when the run recorded the machine's state (norm_rounds.h). */
static void put_round(strbuf *body, long rep, const char *position, const strmap *disturbed)
{
    if (!*position)
        return;
    char round[24];
    snprintf(round, sizeof round, "%ld", rep);
    bf_put_config(body, "round", round);
    bf_put_config(body, "position", position);
    const char *flag = strmap_get(disturbed, round);
    if (flag)
        bf_put_config(body, "disturbed", flag);
}

/* Every cell recorded ok (rep > 0) has its raw output raw/<table>/<env>/<rep>.out, else an
 * error naming cells.tsv:line (and so a row of errors.tsv: a problem of the report), one per
 * table and env with how many cells lack it, not one line per cell. Returns how many lack it. */
static int ok_cells_have_raw(const char *run_dir, const tsv_table *cells)
{
    size_t *first = xcalloc(cells->nrows, sizeof *first), *count = xcalloc(cells->nrows, sizeof *count);
    strmap groups = {0}; /* "table<TAB>env" -> its index among the groups */
    size_t ngroups = 0;
    int missing = 0;
    for (size_t r = 0; r < cells->nrows; r++) {
        long rep = atol(cells_at(cells, r, CELLS_REP));
        if (rep <= 0 || !cell_status_is(cells_at(cells, r, CELLS_STATUS), CELL_OK))
            continue;
        char *out = xasprintf("%s/raw/%s/%s/%03ld.out", run_dir, cells_at(cells, r, CELLS_TABLE),
                              cells_at(cells, r, CELLS_ENV), rep);
        if (!fs_exists(out)) {
            char *key =
                xasprintf("%s\t%s", cells_at(cells, r, CELLS_TABLE), cells_at(cells, r, CELLS_ENV));
            int added;
            size_t g = strmap_add(&groups, key, NULL, &added);
            if (added)
                first[ngroups++] = r;
            count[g]++;
            missing++;
            free(key);
        }
        free(out);
    }
    for (size_t g = 0; g < ngroups; g++) {
        size_t r = first[g];
        const char *table = cells_at(cells, r, CELLS_TABLE), *env = cells_at(cells, r, CELLS_ENV);
        log_error_at(cells->path, cells->rows[r].line,
                     "%zu cell%s of %s in %s recorded ok here (the first: rep %s) ha%s no raw "
                     "output %s/raw/%s/%s/<rep>.out: no sample",
                     count[g], count[g] == 1 ? "" : "s", table, env, cells_at(cells, r, CELLS_REP),
                     count[g] == 1 ? "s" : "ve", run_dir, table, env);
    }
    strmap_free(&groups);
    free(first);
    free(count);
    return missing;
}

/* The run's id as run.tsv records it (not the directory's name: a copy may be called anything),
 * malloc'd; NULL after logging. */
static char *run_id_of(const char *run_dir)
{
    tsv_table run;
    char *id = NULL;
    if (run_load_facts(run_dir, &run) != 0)
        return NULL;
    const char *v = kv_value(&run, "run_id");
    if (v)
        id = xstrdup(v);
    if (!id)
        log_error("%s: no run_id", run.path);
    tsv_free(&run);
    return id;
}

/* Appends one environment's samples of a table; returns the number of malformed files. */
static int normalize_env(const char *run_dir, const char *table, const char *env,
                         const strmap *cells, const strmap *disturbed, const normalizer *nz,
                         norm_state *st, strbuf *out, strbuf *notes)
{
    char *dir = xasprintf("%s/raw/%s/%s", run_dir, table, env);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    int bad = 0;
    strbuf body = {0};
    for (size_t i = 0; names && i < n; i++) {
        long rep = sample_rep(names[i]);
        if (rep < 0) {
            log_error("%s/%s: not <rep>.out, and no sample of cells.tsv", dir, names[i]);
            bad++;
        }
        const char *position;
        if (rep <= 0 || !cell_ok(cells, dir, table, env, rep, &position))
            continue;
        put_round(&body, rep, position, disturbed);
        char *base = xasprintf("%s/%.*s", dir, (int)(strlen(names[i]) - 4), names[i]);
        if (nz->sample(base, &body, st) != 0)
            bad++;
        free(base);
    }
    if (body.len) {
        bf_put_config(out, "env", env);
        sb_add(out, body.buf, body.len);
    }
    /* table, env, then the probe's case and reason (norm_state's rows, already escaped) */
    _Static_assert(NOTES_TABLE == 0 && NOTES_ENV == 1 && NOTES_CASE == 2 && NOTES_REASON == 3 &&
                       NOTES_NCOLS == 4,
                   "normalize writes notes.tsv's columns in this order");
    for (const char *l = sb_str(&st->notes); *l; l = strchr(l, '\n') + 1) {
        tsv_put(notes, table);
        sb_putc(notes, '\t');
        tsv_put(notes, env);
        sb_printf(notes, "\t%.*s\n", (int)(strchr(l, '\n') - l), l); /* case, why: escaped */
    }
    norm_notes_reset(st);
    sb_free(&body);
    if (names)
        fs_free_list(names, n);
    free(dir);
    return bad;
}

/* Every raw/<table>/<env> directory is an environment of envs.tsv. */
static int raw_envs_listed(const char *run_dir, const char *table, const tsv_table *envs)
{
    char *dir = xasprintf("%s/raw/%s", run_dir, table);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    int bad = 0;
    for (size_t i = 0; names && i < n; i++)
        if (!run_env_listed(envs, names[i])) {
            log_error("%s/%s: env \"%s\" is not in envs.tsv", dir, names[i], names[i]);
            bad++;
        }
    if (names)
        fs_free_list(names, n);
    free(dir);
    return bad;
}

static int normalize_table(const char *run_dir, const char *run_id, const char *table,
                           const tsv_table *envs, const strmap *cells)
{
    const normalizer *nz = normalizer_for(table);
    norm_state st = {0};
    strbuf body = {0}, out = {0}, notes = {0};
    int bad = raw_envs_listed(run_dir, table, envs);
    strmap disturbed = {0};
    norm_round_flags(run_dir, table, envs, &disturbed);
    tsv_put_header(&notes, &notes_schema);
    for (size_t r = 0; r < envs->nrows; r++)
        bad += normalize_env(run_dir, table, envs_at(envs, r, ENVS_ENV), cells, &disturbed, nz, &st,
                             &body, &notes);
    strmap_free(&disturbed);
    bf_put_config(&out, "run", run_id);
    bf_put_config(&out, "table", table);
    sb_puts(&out, sb_str(&st.units));
    sb_puts(&out, sb_str(&body));
    char *path = xasprintf("%s/samples/%s.txt", run_dir, table);
    if (fs_save(path, out.buf, out.len) != 0)
        bad++;
    free(path);
    path = xasprintf("%s/samples/%s.notes.tsv", run_dir, table);
    if (fs_save(path, notes.buf, notes.len) != 0)
        bad++;
    free(path);
    sb_free(&body);
    sb_free(&out);
    sb_free(&notes);
    norm_state_free(&st);
    return bad;
}

/* The errors of this run, for samples/errors.tsv: the report lists them among the run's
 * problems, so a malformed raw file is not only a line on a terminal. */
typedef struct {
    const char *run_dir;
    strbuf rows;
} error_log;

/* text with every "<run dir>/" taken out: paths as the run directory has them. */
static void put_relative(strbuf *sb, const char *run_dir, const char *text)
{
    size_t k = strlen(run_dir);
    while (k > 1 && run_dir[k - 1] == '/') /* "runs/x/" names the same directory */
        k--;
    strbuf plain = {0};
    for (const char *at = text; (at = strstr(at, run_dir)) != NULL;) {
        if (at[k] != '/') {
            at++;
            continue;
        }
        sb_add(&plain, text, (size_t)(at - text));
        text = at = at + k + 1;
    }
    sb_puts(&plain, text);
    tsv_put(sb, sb_str(&plain));
    sb_free(&plain);
}

/* Field by field, in errors.tsv's order. */
_Static_assert(ERRORS_FILE == 0 && ERRORS_LINE == 1 && ERRORS_MESSAGE == 2 && ERRORS_NCOLS == 3,
               "keep_error writes errors.tsv's columns in this order");
static void keep_error(void *ctx, const char *file, long line, const char *message)
{
    error_log *e = ctx;
    put_relative(&e->rows, e->run_dir, file ? file : "");
    if (file)
        sb_printf(&e->rows, "\t%ld\t", line);
    else
        sb_puts(&e->rows, "\t\t");
    put_relative(&e->rows, e->run_dir, message);
    sb_putc(&e->rows, '\n');
}

static int write_errors(const error_log *e)
{
    strbuf sb = {0};
    tsv_put_header(&sb, &errors_schema);
    sb_puts(&sb, sb_str((strbuf *)&e->rows));
    char *path = xasprintf("%s/samples/errors.tsv", e->run_dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}

int main(int argc, char **argv)
{
    cli_begin("normalize", usage);
    const char *run_dir = NULL;
    static const struct option opts[] = {{"run-dir", 1, 0, 'r'}, CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        if (c != 'r')
            cli_default(c, argv);
        run_dir = optarg;
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    if (!run_dir)
        cli_usage_error("--run-dir DIR is required");
    char *raw = xasprintf("%s/raw", run_dir);
    tsv_table envs, cells;
    strmap index = {0};
    int bad = 0;
    if (run_load_envs(run_dir, &envs) != 0 || run_load_cells(run_dir, &envs, &cells) != 0)
        return 1;
    char *run_id = run_id_of(run_dir);
    if (!run_id)
        return 1;
    index_cells(&cells, &index);
    error_log errors = {.run_dir = run_dir};
    log_set_error_sink(keep_error, &errors);
    bad += ok_cells_have_raw(run_dir, &cells);
    size_t n;
    char **tables = fs_list_dir(raw, &n);
    for (size_t i = 0; tables && i < n; i++)
        if (strcmp(tables[i], "envinfo") != 0)
            bad += normalize_table(run_dir, run_id, tables[i], &envs, &index);
    if (tables)
        fs_free_list(tables, n);
    if (norm_posture(run_dir, &envs, &index) != 0)
        bad++;
    strmap_free(&index);
    tsv_free(&envs);
    tsv_free(&cells);
    free(raw);
    free(run_id);
    log_set_error_sink(NULL, NULL);
    if (write_errors(&errors) != 0)
        bad++;
    sb_free(&errors.rows);
    if (bad)
        log_error("%d raw file(s) or cell(s) could not be read (each above, and in "
                  "samples/errors.tsv for the report); the other samples were written", bad);
    else
        cli_done("wrote %s/samples/", run_dir);
    return bad ? 1 : 0;
}
