/* Claims about which units a samples file may carry (stages/analyze/cells.c): a table's declared
 * metrics and Go's own units (ns/op, B/op, allocs/op, MB/s) load; any other unit is an error at
 * its line. T4.1's Fib40 under the article's controls runs with -benchmem, so its lines carry
 * B/op and allocs/op that tables.tsv does not list: refusing them stopped every full run. */
#include "analyze/analyze.h"
#include "check.h"
#include "log.h"
#include "schema_data.h"
#include "schema_run.h"

#include <stdlib.h>

static const char tables_text[] =
    "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
    "T4.1\tt\t4.1\thost\tns/op,peak-RSS-B,pinned\tWSL2\t\tmeasured\t\n";
static const char envs_text[] = "env\tstatus\treason\twhat\nhost\tok\t\t\n";

/* 0 when the samples text loads into cells, -1 when it is refused. */
static int load(const char *benchmark_line)
{
    char text[512];
    snprintf(text, sizeof text, "table: T4.1\nenv: host\n%s\n", benchmark_line);
    tsv_table tables, envs;
    if (tsv_parse_as("tables", tables_text, &tables_schema, &tables) ||
        tsv_parse_as("envs", envs_text, &envs_schema, &envs))
        abort();
    cells_scope scope;
    cells_scope_init(&scope, &tables, &envs);
    cellset cs = {0};
    int rc = cells_add_text("T4.1.txt", text, &scope, &cs);
    cells_free(&cs);
    cells_scope_free(&scope);
    tsv_free(&tables);
    tsv_free(&envs);
    return rc;
}

static void test_go_benchmem_units_load_in_a_table_that_does_not_list_them(void)
{
    CHECK(load("BenchmarkFib40\t2\t695255002 ns/op\t0 B/op\t0 allocs/op\t3260416 peak-RSS-B\t"
               "1 pinned") == 0);
    CHECK(load("BenchmarkCopy\t10\t100 ns/op\t12.5 MB/s") == 0);
}

static void test_a_unit_neither_declared_nor_gos_own_is_refused(void)
{
    CHECK(load("BenchmarkFib40\t2\t0.69 sec/op") != 0);
    CHECK(load("BenchmarkFib40\t2\t695 ms/op") != 0);
    CHECK(load("BenchmarkFib40\t2\t695255002 ns/op\t3 widgets") != 0);
}

int main(void)
{
    RUN(test_go_benchmem_units_load_in_a_table_that_does_not_list_them);
    RUN(test_a_unit_neither_declared_nor_gos_own_is_refused);
    return check_main("analyze_units");
}
