/* Fuzzes Table 1's normalizer (norm_gotest.c over raw_gotest.c and raw_daemon.c): go test
 * -bench output with the repro-rusage and repro-controls lines, then a form feed, then the
 * .daemon file (none when the input has no form feed). What it writes must read back. */
#include "fuzz.h"
#include "normalize/normalizer.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *part[2];
    size_t n = fuzz_split(text, part, 2);
    norm_state st = {0};
    strbuf out = {0};
    if (norm_gotest_text("f.out", part[0], "f.daemon", n > 1 ? part[1] : NULL, &out, &st) == 0)
        fuzz_reads_back("norm_gotest", &st.units, &out);
    sb_free(&out);
    norm_state_free(&st);
    free(text);
    return 0;
}
