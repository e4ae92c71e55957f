/* Claims about the schema declarations (stages/common/schema.h): every file's columns declared
 * once, read and written by the declaration, old files still read, and no stage going around
 * it with a column named in a string. */
#include "check.h"
#include "schema.h"
#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"

#include "fsutil.h"
#include "log.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* 1 when f(t) aborts in a child process. */
static int aborts(void (*f)(const tsv_table *), const tsv_table *t)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(2);
        f(t);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* Every declared file: a row whose every field is different and needs escaping, written by the
 * declaration and read back by it, gives back each field in its own column. */
static void test_every_declared_file_round_trips_every_column(void)
{
    size_t nschemas = 0;
    for (const tsv_schema *const *s = schema_all; *s; s++, nschemas++) {
        strbuf sb = {0};
        const char **f = calloc((*s)->ncols, sizeof *f);
        char **owned = calloc((*s)->ncols, sizeof *owned);
        for (size_t i = 0; i < (*s)->ncols; i++)
            f[i] = owned[i] = xasprintf("#%s\tof %s\n%zu", (*s)->cols[i].name, (*s)->file, i);
        tsv_put_header(&sb, *s);
        tsv_put_fields(&sb, *s, f);
        tsv_table t;
        CHECK(tsv_parse_as((*s)->file, sb_str(&sb), *s, &t) == 0);
        CHECK(t.nrows == 1 && t.ncols == (*s)->ncols);
        for (size_t i = 0; i < (*s)->ncols && t.nrows == 1; i++) {
            CHECK(*(*s)->cols[i].name);
            CHECK_STR(tsv_at_in(&t, *s, 0, (int)i), f[i]);
        }
        tsv_free(&t);
        for (size_t i = 0; i < (*s)->ncols; i++)
            free(owned[i]);
        free(owned);
        free(f);
        sb_free(&sb);
    }
    CHECK(nschemas >= 20);
}

static void test_a_missing_required_column_is_an_error_a_missing_optional_one_reads_empty(void)
{
    tsv_table t;
    /* cells.tsv from before randomised rounds: no position; columns in another order */
    CHECK(tsv_parse_as("old/cells.tsv",
                       "env\ttable\trep\tstatus\tseconds\tdetail\textra\nhost\tT1\t1\tok\t2\t\tx\n",
                       &cells_schema, &t) == 0);
    CHECK_STR(cells_at(&t, 0, CELLS_TABLE), "T1");
    CHECK_STR(cells_at(&t, 0, CELLS_ENV), "host");
    CHECK_STR(cells_at(&t, 0, CELLS_POSITION), "");
    CHECK(!tsv_has(&t, CELLS_POSITION) && tsv_has(&t, CELLS_DETAIL));
    tsv_free(&t);
    CHECK(tsv_parse_as("bad/cells.tsv", "table\tenv\trep\tstatus\tdetail\nT1\thost\t1\tok\t\n",
                       &cells_schema, &t) == -1);
    CHECK(t.path == NULL); /* freed */
}

/* The files of older runs and models (tests/fixtures: a model analysed before effect, design,
 * pairs, round and disturbed existed; runs collected before cells.tsv's position) read by
 * today's declarations, their missing optional columns as "", and data/'s own files too. */
static void test_old_runs_and_models_and_the_data_files_read_by_todays_declarations(void)
{
    static const struct {
        const char *path;
        const tsv_schema *schema;
        int col; /* an optional column the file lacks, or -1 */
    } files[] = {
        {"tests/fixtures/model/summary.tsv", &summary_schema, -1},
        {"tests/fixtures/model/comparisons.tsv", &cmp_schema, CMP_DESIGN},
        {"tests/fixtures/model/claims.tsv", &verdicts_schema, VERDICTS_EFFECT},
        {"tests/fixtures/model/samples.tsv", &samples_schema, SAMPLES_ROUND},
        {"tests/fixtures/model/notes.tsv", &notes_schema, -1},
        {"tests/fixtures/model/cells.tsv", &cells_schema, CELLS_POSITION},
        {"tests/fixtures/model/envs.tsv", &envs_schema, -1},
        {"tests/fixtures/model/meta.tsv", &meta_schema, -1},
        {"tests/fixtures/model/run.tsv", &facts_schema, -1},
        {"tests/fixtures/model/tables.tsv", &tables_schema, -1},
        {"tests/fixtures/run-t1/cells.tsv", &cells_schema, CELLS_POSITION},
        {"tests/fixtures/run-t1/envs.tsv", &envs_schema, -1},
        {"tests/fixtures/run-t1/meta.tsv", &meta_schema, -1},
        {"tests/fixtures/run-t1/run.tsv", &facts_schema, -1},
        {"tests/fixtures/run-others/T2.1.notes.tsv", &notes_schema, -1},
        {"data/tables.tsv", &tables_schema, -1},
        {"data/envs.tsv", &envdef_schema, -1},
        {"data/claims/T1.tsv", &claimdef_schema, -1},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        tsv_table t;
        int ok = tsv_load_as(files[i].path, files[i].schema, &t) == 0;
        if (!ok)
            fprintf(stderr, "  %s does not read as %s\n", files[i].path, files[i].schema->file);
        CHECK(ok);
        if (ok && files[i].col >= 0) {
            CHECK(!tsv_has(&t, files[i].col));
            CHECK(t.nrows == 0 || !*tsv_at_in(&t, files[i].schema, 0, files[i].col));
        }
        if (ok)
            tsv_free(&t);
    }
}

/* pipeline/report.sh and deps.sh read a few columns by position with awk ($1 is column 0): they
 * hold only while the declarations keep these columns where the scripts look. */
static void test_the_columns_the_shell_reads_by_position_are_where_it_looks(void)
{
    CHECK(TABLES_TABLE == 0 && TABLES_BASELINE == 3);       /* report.sh: $1, $4 */
    CHECK(ENVDEF_ENV == 0 && ENVDEF_DRIVER == 1);           /* report.sh, deps.sh: $1, $2 */
    CHECK(ENVDEF_ONLY_TABLE == 4 && ENVDEF_REFERENCE == 5); /* report.sh (why): $5, $6 */
    CHECK(MACHINEID_KEY == 0 && MACHINEID_VALUE == 1);      /* report.sh: machine_id */
    CHECK(ARCHIVED_KEY == 0 && ARCHIVED_VALUE == 1);        /* report.sh: archive_tag */
    CHECK(!strcmp(envdef_schema.cols[ENVDEF_REFERENCE].name, "reference"));
}

static void read_summary_as_cells(const tsv_table *t)
{
    (void)cells_at(t, 0, (cells_col)SUMMARY_TABLE); /* the cast hides it from the compiler */
}

static void read_unbound(const tsv_table *t)
{
    tsv_table copy = *t;
    copy.schema = NULL;
    (void)cells_at(&copy, 0, CELLS_TABLE);
}

/* A reader using another file's columns, or reading before binding, is a bug: it aborts. */
static void test_reading_a_table_by_another_files_columns_aborts(void)
{
    tsv_table t;
    tsv_empty_as("s.tsv", &summary_schema, &t);
    CHECK(t.nrows == 0 && t.schema == &summary_schema);
    CHECK(aborts(read_summary_as_cells, &t));
    CHECK(aborts(read_unbound, &t));
    tsv_free(&t);
}

static void write_with_a_column_unset(const tsv_table *t)
{
    (void)t;
    strbuf sb = {0};
    const char *f[NOTES_NCOLS] = {[NOTES_TABLE] = "T1", [NOTES_ENV] = "host", [NOTES_CASE] = "c"};
    tsv_put_fields(&sb, &notes_schema, f);
}

/* A writer that forgets a column fails in the first test that writes a row. */
static void test_a_writer_leaving_a_column_unset_aborts(void)
{
    CHECK(aborts(write_with_a_column_unset, NULL));
}

static void test_key_value_lookups(void)
{
    tsv_table run, arch;
    CHECK(tsv_parse_as("run.tsv", "key\tvalue\nrun_id\t20261206-1\nreps\t10\n", &facts_schema,
                       &run) == 0);
    CHECK(tsv_parse_as("archive.tsv", "key\tvalue\narchive_tag\trun/x\n", &archived_schema,
                       &arch) == 0);
    CHECK_STR(kv_value(&run, "reps"), "10");
    CHECK(kv_value(&run, "nope") == NULL);
    CHECK_STR(kv_value(&arch, "archive_tag"), "run/x");
    tsv_free(&run);
    tsv_free(&arch);
}

/* Files that still name columns in strings, and how many such calls each may keep: the ones
 * other helpers convert (attrib, regimes, posture: issue 20's; precision: the engine's) and
 * the generic readers that check any TSV file (archive's validate and migrate). A file not
 * listed may have none: a `tsv_get(t, r, "column")` added back anywhere fails here. */
static const struct {
    const char *path;
    int allowed;
} unconverted[] = {
#include "schema_unconverted.h"
};

static int count_in(const char *text, const char *token)
{
    int n = 0;
    for (const char *p = strstr(text, token); p; p = strstr(p + 1, token))
        n++;
    return n;
}

static void test_no_stage_reads_or_writes_a_tsv_column_by_its_name(void)
{
    static const char *const tokens[] = {"tsv_get(",     "tsv_require(", "tsv_col(",
                                         "tsv_put_row(", ".fields[",     "->fields["};
    static const char *const dirs[] = {"analyze",   "archive", "collect", "common",
                                       "compare",   "engine",  "fleet",   "history",
                                       "normalize", "render",  "runset"};
    size_t files = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        char *dir = xasprintf("stages/%s", dirs[d]);
        size_t n;
        char **names = fs_list_dir(dir, &n);
        CHECK(names != NULL);
        for (size_t i = 0; names && i < n; i++) {
            size_t len = strlen(names[i]);
            if (len < 3 || strcmp(names[i] + len - 2, ".c") != 0)
                continue;
            char *path = xasprintf("%s/%s", dir, names[i]);
            if (!strcmp(path, "stages/common/tsv.c") || !strcmp(path, "stages/common/schema.c")) {
                free(path);
                continue;
            }
            char *text = fs_read_file(path, NULL);
            int count = 0, allowed = 0;
            for (size_t k = 0; text && k < sizeof tokens / sizeof *tokens; k++)
                count += count_in(text, tokens[k]);
            for (size_t k = 0; k < sizeof unconverted / sizeof *unconverted; k++)
                if (!strcmp(unconverted[k].path, path))
                    allowed = unconverted[k].allowed;
            if (count > allowed)
                fprintf(stderr,
                        "  %s: %d calls naming TSV columns in strings (allowed %d): "
                        "read and write it through its schema (stages/common/schema.h)\n",
                        path, count, allowed);
            CHECK(text && count <= allowed);
            files++;
            free(text);
            free(path);
        }
        if (names)
            fs_free_list(names, n);
        free(dir);
    }
    CHECK(files > 100);
}

int main(void)
{
    RUN(test_every_declared_file_round_trips_every_column);
    RUN(test_a_missing_required_column_is_an_error_a_missing_optional_one_reads_empty);
    RUN(test_old_runs_and_models_and_the_data_files_read_by_todays_declarations);
    RUN(test_the_columns_the_shell_reads_by_position_are_where_it_looks);
    RUN(test_reading_a_table_by_another_files_columns_aborts);
    RUN(test_a_writer_leaving_a_column_unset_aborts);
    RUN(test_key_value_lookups);
    RUN(test_no_stage_reads_or_writes_a_tsv_column_by_its_name);
    return check_main("schema");
}
