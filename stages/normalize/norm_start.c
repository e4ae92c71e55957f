/* norm_start.c - Table 2.2a: a trivial container's start-to-exit latency is the cell's wall time
 * that collect measured from the host (<rep>.wall, in seconds), not anything the command printed;
 * each sample becomes "BenchmarkStart 1 <ns> ns/op". */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int start_sample(const char *base, strbuf *out, norm_state *st)
{
    char *path = xasprintf("%s.wall", base);
    char *text = fs_read_file(path, NULL);
    int rc = -1;
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
    } else {
        char *end;
        errno = 0;
        double seconds = strtod(text, &end);
        while (*end == '\n' || *end == ' ')
            end++;
        if (end == text || *end != '\0' || errno != 0 || !(seconds > 0)) {
            log_error_at(path, 1, "not a wall time in seconds");
        } else {
            static const char *const units[] = {"ns/op"};
            double ns = seconds * 1e9;
            norm_unit(st, "ns/op", "better", "lower");
            bf_put_result(out, "BenchmarkStart", 1, 1, units, &ns);
            rc = 0;
        }
    }
    free(text);
    free(path);
    return rc;
}

const normalizer norm_start = {.table = "T2.2a", .sample = start_sample};
