/* Claims about the TSV tables every stage exchanges (stages/common/tsv.c). */
#include "check.h"
#include "tsv.h"

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
    CHECK_STR(tsv_get(&t, 0, "missing"), "");
    tsv_free(&t);
}

static void test_row_with_wrong_field_count_is_rejected(void)
{
    tsv_table t;
    CHECK(tsv_parse("x.tsv", "k\tv\na\t1\nb\n", &t) == -1);
    CHECK(tsv_parse("x.tsv", "", &t) == -1);
}

int main(void)
{
    RUN(test_fields_with_tabs_and_newlines_survive_a_round_trip);
    RUN(test_comment_lines_and_blank_lines_are_skipped_and_lines_counted);
    RUN(test_row_with_wrong_field_count_is_rejected);
    return check_main("tsv");
}
