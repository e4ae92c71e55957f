/* Fuzzes the default normalizer (norm_benchfmt.c): our probes' output, wrk's Lua report and the
 * gRPC load generator's, all Go's benchmark format with "# unsupported case: why" notes; two
 * samples of one table (split at a form feed) share one state, as an environment's reps do.
 * What it writes must read back, and the notes must be a valid notes.tsv body. */
#include "fuzz.h"
#include "normalize/normalizer.h"
#include "tsv.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *part[2];
    fuzz_split(text, part, 2);
    norm_state st = {0};
    strbuf out = {0};
    int rc = 0;
    for (size_t i = 0; i < 2; i++)
        rc |= norm_benchfmt_text("f.out", part[i], &out, &st);
    if (rc == 0)
        fuzz_reads_back("norm_benchfmt", &st.units, &out);
    strbuf notes = {0};
    sb_puts(&notes, "case\twhy\n");
    sb_puts(&notes, sb_str(&st.notes));
    tsv_table t;
    if (tsv_parse("notes", notes.buf, &t) != 0)
        abort();
    tsv_free(&t);
    sb_free(&notes);
    sb_free(&out);
    norm_state_free(&st);
    free(text);
    return 0;
}
