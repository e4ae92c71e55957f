/* Fuzzes Table 2.2a's normalizer (norm_start.c): the same input as a cell's .wall file and as
 * a runtime's strace -c -f -w summary (.runtime). What either writes must read back. */
#include "fuzz.h"
#include "normalize/normalizer.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    int (*const parse[])(const char *, const char *, strbuf *, norm_state *) = {norm_wall_text,
                                                                                norm_runtime_text};
    for (size_t i = 0; i < 2; i++) {
        norm_state st = {0};
        strbuf out = {0};
        if (parse[i](i ? "f.runtime" : "f.wall", text, &out, &st) == 0)
            fuzz_reads_back(i ? "norm_runtime" : "norm_wall", &st.units, &out);
        sb_free(&out);
        norm_state_free(&st);
    }
    free(text);
    return 0;
}
