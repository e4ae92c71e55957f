/* Fuzzes the .daemon file parser (raw_daemon.c): a value it returns is a finite byte count. */
#include "fuzz.h"
#include "normalize/raw.h"

#include <math.h>

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    double bytes = -1;
    if (raw_parse_daemon("f.daemon", text, &bytes) == 0 && !(isfinite(bytes) && bytes >= 0))
        abort();
    free(text);
    return 0;
}
