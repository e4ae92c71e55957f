/* normalize_fixture.h - what the normalizer tests share: one captured raw sample through the
 * default (benchmark-format) normalizer and parsed back, and lookups in the result. */
#ifndef NORMALIZE_FIXTURE_H
#define NORMALIZE_FIXTURE_H

#include "benchfmt.h"
#include "normalize/normalizer.h"

#include <math.h>
#include <string.h>

#define FIXTURES "tests/fixtures/raw/"

/* base is a raw sample without its suffix ("tests/fixtures/raw/probe-fsio-host"). */
static inline int normalize(const char *base, bf_file *f, norm_state *st)
{
    strbuf out = {0};
    memset(st, 0, sizeof *st);
    int rc = norm_benchfmt.sample(base, &out, st);
    if (rc == 0)
        rc = bf_parse(base, sb_str(&out), f);
    sb_free(&out);
    return rc;
}

static inline const bf_result *result(const bf_file *f, const char *name)
{
    for (size_t i = 0; i < f->nresults; i++)
        if (strcmp(f->results[i].name, name) == 0)
            return &f->results[i];
    return NULL;
}

static inline double value(const bf_result *r, const char *unit)
{
    for (size_t k = 0; r && k < r->nm; k++)
        if (!strcmp(r->m[k].unit, unit))
            return r->m[k].value;
    return NAN;
}

#endif
