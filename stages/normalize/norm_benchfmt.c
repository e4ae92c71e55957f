/* norm_benchfmt.c - the default: our own probes print Go's benchmark format already (result
 * lines and Unit metadata), so a sample is checked line by line and passed through, and the
 * probe's "# unsupported <case>: why" lines are kept as the reasons for what is missing. */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int benchfmt_sample(const char *base, strbuf *out, norm_state *st)
{
    char *path = xasprintf("%s.out", base);
    char *text = fs_read_file(path, NULL);
    if (text)
        norm_notes(st, text);
    free(text);
    bf_file f;
    int rc = bf_load(path, &f);
    if (rc == 0 && f.nresults == 0) {
        log_error_at(path, 1, "no benchmark result (see the .err file)");
        rc = -1;
    }
    if (rc == 0) {
        for (size_t i = 0; i < f.nunits; i++)
            norm_unit(st, f.units[i].unit, f.units[i].key, f.units[i].value);
        for (size_t i = 0; i < f.nresults; i++) {
            const bf_result *r = &f.results[i];
            const char *units[64];
            double values[64];
            for (size_t k = 0; k < r->nm && k < 64; k++) {
                units[k] = r->m[k].unit;
                values[k] = r->m[k].value;
            }
            bf_put_result(out, r->name, r->iters, r->nm < 64 ? r->nm : 64, units, values);
        }
        bf_free(&f);
    }
    free(path);
    return rc;
}

const normalizer norm_benchfmt = {.table = NULL, .sample = benchfmt_sample};
