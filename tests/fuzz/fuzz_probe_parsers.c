/* Fuzzes the probe's parsers of text other programs write (stages/probe): /proc/PID/cgroup
 * (cgroup.c), "Key: N kB" lines of status and smaps_rollup (memsources.c), and the answer line
 * among a shell's profile output (shellenv.c). */
#include "fuzz.h"
#include "probe/probe.h"

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), path[256];
    static const char *const controllers[] = {"", "memory", "cpu", "cpu,cpuacct"};
    for (size_t i = 0; i < sizeof controllers / sizeof *controllers; i++)
        if (probe_cgroup_of(text, controllers[i], path, sizeof path) == 0 &&
            strlen(path) >= sizeof path)
            abort();
    probe_kib_field(text, "VmRSS");
    probe_kib_field(text, "Rss");
    int seen[3];
    if (probe_shellenv_answer(text, seen) == 0)
        for (size_t i = 0; i < 3; i++)
            if (seen[i] != 0 && seen[i] != 1)
                abort();
    free(text);
    return 0;
}
