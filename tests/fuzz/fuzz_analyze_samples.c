/* Fuzzes analyze on a samples file (stages/analyze/cells.c, then compare.c and stats_*.c):
 * the samples are grouped into cells against fixed tables and environments, and every summary
 * and comparison is computed. Finite samples never abort (issue 13: 1e78 ns/op overflowed the
 * Welch variance and GSL's default handler called abort()). */
#include "analyze/analyze.h"
#include "fuzz.h"
#include "schema_data.h"
#include "schema_run.h"

#include <gsl/gsl_errno.h>

FUZZ_QUIET_LOGS

static const char tables_text[] =
    "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
    "T1\tt\t1\thost\tns/op,B/op\tWSL2\t\tmeasured\t\n"
    "T2.1\tt\t2\toci\tns/op\t\t\tmeasured\t\n";
static const char envs_text[] = "env\tstatus\treason\twhat\nhost\tok\t\t\noci\tok\t\t\n"
                                "docker\tfailed\twhy\t\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    char *text = fuzz_text(data, size);
    tsv_table tables, envs;
    if (tsv_parse_as("tables", tables_text, &tables_schema, &tables) ||
        tsv_parse_as("envs", envs_text, &envs_schema, &envs))
        abort();
    cells_scope scope;
    cells_scope_init(&scope, &tables, &envs);
    cellset cs = {0};
    if (cells_add_text("T1.txt", text, &scope, &cs) == 0) {
        analysis a;
        compare_all(&cs, &tables, NULL, 0, 0.95, 0.05, ADJUST_HOLM, &a);
        analysis_free(&a);
    }
    cells_free(&cs);
    cells_scope_free(&scope);
    tsv_free(&tables);
    tsv_free(&envs);
    free(text);
    return 0;
}
