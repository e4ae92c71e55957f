/* attrib.c - attribution's arithmetic (engine/attrib.h): a ratio of two cells, and what the
 * factors separating a pair leave of its total, on the log scale with an interval. The
 * factors, the arms that measure them and attrib.tsv are analyze's (stages/analyze/attrib.c);
 * this reads no file. */
#include "engine/attrib.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

attrib_ratio attrib_unexplained(const attrib_ratio *total, const attrib_ratio *f, size_t n,
                                double conf)
{
    attrib_ratio out = {NAN, NAN, NAN, 0};
    if (!total->ok || !(total->ratio > 0))
        return out;
    double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2), u = log(total->ratio), var = 0;
    int unbounded = 0;
    const attrib_ratio *all[64];
    size_t m = 0;
    all[m++] = total;
    for (size_t i = 0; i < n && m < 64; i++) {
        if (!f[i].ok || !(f[i].ratio > 0))
            return out;
        u -= log(f[i].ratio);
        all[m++] = &f[i];
    }
    for (size_t i = 0; i < m; i++) {
        if (!(all[i]->lo > 0) || isinf(all[i]->hi)) {
            unbounded = 1;
            continue;
        }
        double se = (log(all[i]->hi) - log(all[i]->lo)) / (2 * z);
        var += se * se;
    }
    out.ratio = exp(u);
    out.lo = unbounded ? 0 : exp(u - z * sqrt(var));
    out.hi = unbounded ? INFINITY : exp(u + z * sqrt(var));
    out.ok = 1;
    return out;
}

/* 1 / r with its interval's ends swapped (an unbounded end becomes 0 or inf). */
static attrib_ratio inverse(attrib_ratio r)
{
    return (attrib_ratio){1 / r.ratio, isinf(r.hi) ? 0 : 1 / r.hi,
                          r.lo > 0 ? 1 / r.lo : INFINITY, r.ok};
}

attrib_ratio attrib_close(const attrib_ratio *total, const attrib_factor *f, size_t n,
                          double conf, char *missing, size_t len)
{
    attrib_ratio g[ATTRIB_MAX_FACTORS];
    size_t m = 0;
    missing[0] = '\0';
    for (size_t i = 0; i < n && i < ATTRIB_MAX_FACTORS; i++) {
        if (!f[i].r.ok || !(f[i].r.ratio > 0)) {
            size_t at = strlen(missing);
            snprintf(missing + at, len - at, "%s%s", at ? ", " : "", f[i].name);
            continue;
        }
        g[m++] = f[i].sign < 0 ? inverse(f[i].r) : f[i].r;
    }
    if (*missing)
        return (attrib_ratio){NAN, NAN, NAN, 0};
    return attrib_unexplained(total, g, m, conf);
}

attrib_ratio attrib_ratio_of(const cell *base, const cell *x, double conf)
{
    stats_ratio r;
    attrib_ratio out = {NAN, NAN, NAN, 0};
    if (base && x &&
        stats_ratio_blocked(base->x, base->round, base->n, x->x, x->round, x->n, conf, &r) == 0 &&
        r.ok)
        out = (attrib_ratio){r.ratio, r.lo, r.hi, 1};
    return out;
}
