/* norm_benchfmt.c - the default: our own probes print Go's benchmark format already (result
 * lines and Unit metadata), so a sample is checked line by line and passed through, and the
 * probe's "# unsupported <case>: why" lines are kept as the reasons for what is missing. */
#include "normalizer.h"

#include "benchfmt.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

int norm_benchfmt_text(const char *path, const char *text, strbuf *out, norm_state *st)
{
    norm_notes(st, text);
    bf_file f;
    if (bf_parse(path, text, &f) != 0)
        return -1;
    int rc = 0;
    if (f.nresults == 0) {
        log_error_at(path, 1, "no benchmark result (see the .err file)");
        rc = -1;
    }
    for (size_t i = 0; i < f.nunits && rc == 0; i++)
        if (norm_unit(st, f.units[i].unit, f.units[i].key, f.units[i].value) != 0) {
            log_error_at(path, f.units[i].line,
                         "Unit %s %s=%s contradicts an earlier sample of this table",
                         f.units[i].unit, f.units[i].key, f.units[i].value);
            rc = -1;
        }
    for (size_t i = 0; i < f.nresults && rc == 0; i++) {
        const bf_result *r = &f.results[i];
        const char *units[64];
        double values[64];
        for (size_t k = 0; k < r->nm; k++) { /* at most 31: bf_parse reads 64 fields */
            units[k] = r->m[k].unit;
            values[k] = r->m[k].value;
        }
        bf_put_result(out, r->name, r->iters, r->nm, units, values);
    }
    bf_free(&f);
    return rc;
}

static int benchfmt_sample(const char *base, strbuf *out, norm_state *st)
{
    char *path = xasprintf("%s.out", base);
    char *text = norm_read(path);
    int rc = text ? norm_benchfmt_text(path, text, out, st) : -1;
    free(text);
    free(path);
    return rc;
}

const normalizer norm_benchfmt = {.table = NULL, .sample = benchfmt_sample};
