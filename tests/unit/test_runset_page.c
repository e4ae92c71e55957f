/* test_runset_page.c - what a compare/history/fleet page records for its workbook: sheet names
 * Excel accepts (short, no []:*?/\, no apostrophe at an end, not History, unique ignoring
 * case, whole UTF-8 characters), tables under one heading sharing a sheet. */
#include "check.h"
#include "log.h"
#include "runset/runset.h"

#include <string.h>

static const char *const two[] = {"a", "b"};

static const char *sheet_after(page *p, const char *heading)
{
    page_heading(p, 2, heading);
    page_table(p, 2, two);
    page_row(p, two);
    page_table_end(p);
    return p->sheets[p->nsheets - 1].name;
}

static void test_sheet_names_are_ones_excel_accepts(void)
{
    page p;
    page_begin(&p, "t");
    CHECK(!strcmp(sheet_after(&p, "Claims: verdict in A and in B"), "Claims verdict in A and in B"));
    CHECK(!strcmp(sheet_after(&p, "History"), "Table"));
    CHECK(!strcmp(sheet_after(&p, "Claims: verdict in A and in B"), "Claims verdict in A and in B 2"));
    CHECK(!strcmp(sheet_after(&p, "The claims of every machine, pooled"),
                  "The claims of every machine, po"));
    CHECK(!strcmp(sheet_after(&p, "History"), "Table 2"));
    CHECK(!strcmp(sheet_after(&p, "about"), "about 2"));
    CHECK(!strcmp(sheet_after(&p, "'quoted'"), "quoted"));
    CHECK(!strcmp(sheet_after(&p, "TABLE"), "TABLE 3"));
    /* 16 two-byte characters: the 16th would end at byte 32, past 31 */
    const char *mu = sheet_after(&p, "µµµµµµµµµµµµµµµµ");
    CHECK(strlen(mu) == 30 && !strncmp(mu, "µµµµµµµµµµµµµµµ", 30));
    page_record_free(&p);
    sb_free(&p.md);
    sb_free(&p.html);
}

static void test_tables_under_one_heading_with_one_header_share_a_sheet(void)
{
    page p;
    page_begin(&p, "t");
    page_heading(&p, 2, "Metrics");
    for (int t = 0; t < 3; t++) {
        page_table(&p, 2, two);
        page_row(&p, two);
        page_table_end(&p);
    }
    CHECK(p.nsheets == 1 && p.sheets[0].ncells == 2 * 4); /* one header, three rows */
    static const char *const other[] = {"a", "c"};
    page_table(&p, 2, other);
    page_table_end(&p);
    CHECK(p.nsheets == 2 && !strcmp(p.sheets[1].name, "Metrics 2"));
    page_record_free(&p);
    sb_free(&p.md);
    sb_free(&p.html);
}

/* A run's text is untrusted: a cell shaped like a Markdown link stays text in every format. */
static void test_a_cell_shaped_like_a_link_is_text(void)
{
    static const char *const evil[] = {"[click me](javascript:alert(document.domain))", "x"};
    page p;
    page_begin(&p, "t");
    page_table(&p, 2, two);
    page_row(&p, evil);
    page_table_end(&p);
    CHECK(!strstr(sb_str(&p.html), "href") &&
          strstr(sb_str(&p.html), "<td>[click me](javascript:alert(document.domain))</td>"));
    CHECK(strstr(sb_str(&p.md), "| \\[click me\\](javascript:alert(document.domain)) |"));
    CHECK(!strcmp(p.sheets[0].cells[2], evil[0])); /* the workbook's cell: the text, whole */
    page_record_free(&p);
    sb_free(&p.md);
    sb_free(&p.html);
}

int main(void)
{
    log_set_program("test");
    RUN(test_sheet_names_are_ones_excel_accepts);
    RUN(test_tables_under_one_heading_with_one_header_share_a_sheet);
    RUN(test_a_cell_shaped_like_a_link_is_text);
    return check_main("runset-page");
}
