/* pool.c - many machines' verdicts on one claim, counted and, for ratio claims, pooled. */
#include "fleet/pool.h"

#include "engine/decide.h"
#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pool_claim(const machine_judgment *j, size_t n, int is_ratio, double claimed, double margin,
                double conf, pooled_claim *out)
{
    memset(out, 0, sizeof *out);
    out->pooled = VERDICT_NOT_MEASURED;
    out->meta = (meta_result){.est = NAN, .lo = NAN, .hi = NAN, .se = NAN, .q = NAN,
                              .tau2 = NAN, .i2 = NAN};
    double *y = xcalloc(n ? n : 1, sizeof *y), *se = xcalloc(n ? n : 1, sizeof *se);
    for (size_t i = 0; i < n; i++) {
        verdict_kind v;
        if (verdict_parse(j[i].verdict, &v) != 0)
            continue;
        out->counts[v]++;
        /* a smoke sample answers no claim (its run refused to judge it): counted, never pooled */
        int answers = v != VERDICT_NOT_MEASURED && v != VERDICT_SMOKE;
        out->judged += answers;
        y[i] = answers && is_ratio && j[i].measured > 0 ? log(j[i].measured) : NAN;
        se[i] = is_ratio ? meta_se_from_ci(j[i].lo, j[i].hi, j[i].level) : NAN;
    }
    if (is_ratio && meta_dersimonian_laird(y, se, n, conf, &out->meta) == 0)
        out->pooled = decide_ratio(claimed, out->meta.lo, out->meta.hi,
                                   isnan(margin) ? DECIDE_DEFAULT_MARGIN : margin)
                          .verdict;
    free(y);
    free(se);
}
