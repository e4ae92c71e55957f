/* test_render_pages.c - the workbook of a page (xlsx_doc.c): sheet names Excel accepts (short,
 * no []:*?/\\, no apostrophe at an end, not History, unique ignoring case, whole UTF-8
 * characters). */
#include "check.h"
#include "log.h"
#include "render/xlsx.h"

#include <stdlib.h>
#include <string.h>

static char *names[16];
static size_t n;

static const char *next(const char *want)
{
    names[n] = xlsx_sheet_name(want, names, n);
    return names[n++];
}

static void test_sheet_names_are_ones_excel_accepts(void)
{
    CHECK(!strcmp(next("Claims: verdict in A and in B"), "Claims verdict in A and in B"));
    CHECK(!strcmp(next("History"), "Table"));
    CHECK(!strcmp(next("Claims: verdict in A and in B"), "Claims verdict in A and in B 2"));
    CHECK(!strcmp(next("The claims of every machine, pooled"), "The claims of every machine, po"));
    CHECK(!strcmp(next("History"), "Table 2"));
    CHECK(!strcmp(next("about"), "about 2"));
    CHECK(!strcmp(next("'quoted'"), "quoted"));
    CHECK(!strcmp(next("TABLE"), "TABLE 3"));
    /* 16 two-byte characters: the 16th would end at byte 32, past 31 */
    const char *mu = next("µµµµµµµµµµµµµµµµ");
    CHECK(strlen(mu) == 30 && !strncmp(mu, "µµµµµµµµµµµµµµµ", 30));
    for (size_t i = 0; i < n; i++)
        free(names[i]);
}

int main(void)
{
    log_set_program("test");
    RUN(test_sheet_names_are_ones_excel_accepts);
    return check_main("render-pages");
}
