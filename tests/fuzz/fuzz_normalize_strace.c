/* Fuzzes Table 2.4's normalizer (norm_strace.c): repro-probe strace's sections of strace -f
 * lines and -c summaries. What it writes must read back. */
#include "fuzz.h"
#include "normalize/normalizer.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    norm_state st = {0};
    strbuf out = {0};
    if (norm_strace_text("f.out", text, &out, &st) == 0)
        fuzz_reads_back("norm_strace", &st.units, &out);
    sb_free(&out);
    norm_state_free(&st);
    free(text);
    return 0;
}
