/* Claims about the TSV tables every stage exchanges (stages/common/tsv.c). */
#include "check.h"
#include "fsutil.h"
#include "tsv.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_fields_with_tabs_and_newlines_survive_a_round_trip(void)
{
    strbuf sb = {0};
    const char *hdr[] = {"key", "value"};
    const char *row[] = {"a\tb", "line1\nline2 \\ end"};
    tsv_put_row(&sb, 2, hdr);
    tsv_put_row(&sb, 2, row);
    tsv_table t;
    CHECK(tsv_parse("x.tsv", sb.buf, &t) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(tsv_get(&t, 0, "key"), "a\tb");
    CHECK_STR(tsv_get(&t, 0, "value"), "line1\nline2 \\ end");
    tsv_free(&t);
    sb_free(&sb);
}

static void test_comment_lines_and_blank_lines_are_skipped_and_lines_counted(void)
{
    tsv_table t;
    CHECK(tsv_parse("x.tsv", "# note\nk\tv\n\na\t1\n# more\nb\t2\n", &t) == 0);
    CHECK(t.nrows == 2);
    CHECK(t.rows[1].line == 6);
    CHECK_STR(tsv_get(&t, 1, "v"), "2");
    tsv_free(&t);
}

static void test_row_with_wrong_field_count_is_rejected(void)
{
    tsv_table t;
    CHECK(tsv_parse("x.tsv", "k\tv\na\t1\nb\n", &t) == -1);
    CHECK(tsv_parse("x.tsv", "", &t) == -1);
}

/* Issue 13: a field "#tag" at the start of a row was written as is and read back as a comment. */
static void test_a_row_whose_first_field_starts_with_hash_survives_a_round_trip(void)
{
    strbuf sb = {0};
    const char *hdr[] = {"tag", "n"}, *row[] = {"#tag", "#1"};
    tsv_put_row(&sb, 2, hdr);
    tsv_put_row(&sb, 2, row);
    tsv_table t;
    CHECK(tsv_parse("h.tsv", sb.buf, &t) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(tsv_get(&t, 0, "tag"), "#tag");
    CHECK_STR(tsv_get(&t, 0, "n"), "#1");
    tsv_free(&t);
    sb_free(&sb);
}

/* Issue 13: a one-column row with an empty field was written as an empty line and skipped. */
static void test_a_one_column_row_with_an_empty_field_survives_a_round_trip(void)
{
    strbuf sb = {0};
    const char *hdr[] = {"only"}, *empty[] = {""}, *full[] = {"x"};
    tsv_put_row(&sb, 1, hdr);
    tsv_put_row(&sb, 1, empty);
    tsv_put_row(&sb, 1, full);
    tsv_table t;
    CHECK(tsv_parse("o.tsv", sb.buf, &t) == 0);
    CHECK(t.nrows == 2);
    CHECK_STR(tsv_get(&t, 0, "only"), "");
    CHECK_STR(tsv_get(&t, 1, "only"), "x");
    CHECK(t.nrows == 2 && t.rows[1].line == 3);
    tsv_free(&t);
    sb_free(&sb);
}

static void test_require_names_each_missing_column_at_line_1(void)
{
    tsv_table t;
    CHECK(tsv_parse("r.tsv", "env\tstatus\nhost\tok\n", &t) == 0);
    static const char *const ok[] = {"env", "status"}, *const bad[] = {"env", "reason"};
    CHECK(tsv_require(&t, 2, ok) == 0);
    CHECK(tsv_require(&t, 2, bad) == -1);
    tsv_free(&t);
}

/* A column nobody checked for is a bug in the caller: it must not read as "". */
static void test_asking_for_a_column_the_table_lacks_aborts(void)
{
    tsv_table t;
    CHECK(tsv_parse("a.tsv", "k\tv\na\t1\n", &t) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        tsv_get(&t, 0, "missing");
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    tsv_free(&t);
}

static void test_a_file_with_a_nul_byte_is_an_error_not_cut_short(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/test-tsv-%d.tsv", (int)getpid());
    static const char text[] = "k\tv\na\t1\n\0b\n";
    CHECK(fs_write_atomic(path, text, sizeof text - 1) == 0);
    tsv_table t;
    CHECK(tsv_load(path, &t) == -1);
    unlink(path);
}

int main(void)
{
    RUN(test_fields_with_tabs_and_newlines_survive_a_round_trip);
    RUN(test_comment_lines_and_blank_lines_are_skipped_and_lines_counted);
    RUN(test_row_with_wrong_field_count_is_rejected);
    RUN(test_a_row_whose_first_field_starts_with_hash_survives_a_round_trip);
    RUN(test_a_one_column_row_with_an_empty_field_survives_a_round_trip);
    RUN(test_require_names_each_missing_column_at_line_1);
    RUN(test_asking_for_a_column_the_table_lacks_aborts);
    RUN(test_a_file_with_a_nul_byte_is_an_error_not_cut_short);
    return check_main("tsv");
}
