/* Fuzzes the TSV reader (stages/common/tsv.c) and checks the round trip: a table it reads,
 * written with tsv_put_row, reads back with the same header, rows and fields. */
#include "fuzz.h"
#include "tsv.h"

FUZZ_QUIET_LOGS

static void same_or_abort(const tsv_table *a, const tsv_table *b)
{
    if (a->ncols != b->ncols || a->nrows != b->nrows)
        abort();
    for (size_t c = 0; c < a->ncols; c++)
        if (strcmp(a->cols[c], b->cols[c]) != 0)
            abort();
    for (size_t r = 0; r < a->nrows; r++)
        for (size_t c = 0; c < a->ncols; c++)
            if (strcmp(a->rows[r].fields[c], b->rows[r].fields[c]) != 0)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    tsv_table t;
    if (tsv_parse("fuzz.tsv", text, &t) == 0) {
        strbuf sb = {0};
        tsv_put_row(&sb, t.ncols, (const char *const *)t.cols);
        for (size_t r = 0; r < t.nrows; r++)
            tsv_put_row(&sb, t.ncols, (const char *const *)t.rows[r].fields);
        tsv_table back;
        if (tsv_parse("again.tsv", sb_str(&sb), &back) != 0)
            abort();
        same_or_abort(&t, &back);
        static const char *const want[] = {"env", "status"};
        if (tsv_require(&t, 2, want) == 0)
            for (size_t r = 0; r < t.nrows; r++)
                tsv_get(&t, r, "env");
        tsv_free(&back);
        tsv_free(&t);
        sb_free(&sb);
    }
    free(text);
    return 0;
}
