/* Fuzzes the posture parser (stages/common/posture.c): any text either parses into a posture
 * whose strings fit and whose absent lines are -1, or is refused leaving the output untouched;
 * every classification is total. */
#include "fuzz.h"
#include "posture.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct posture p = {.seccomp = 12345};
    if (posture_parse(text, &p) == 0) {
        if (strlen(p.ssb) >= sizeof p.ssb || strlen(p.ib) >= sizeof p.ib)
            abort();
        if (p.seccomp < -1 || p.seccomp_filters < -1 || p.no_new_privs < -1)
            abort();
        if (!strstr(text, "Seccomp:") && p.seccomp != -1)
            abort();
        (void)posture_spec_name(posture_spec_class(p.ssb));
        (void)posture_spec_name(posture_spec_class(p.ib));
    } else if (p.seccomp != 12345) {
        abort();
    }
    free(text);
    return 0;
}
