/* meta.c - DerSimonian-Laird random-effects pooling of log ratios (the formulas are in meta.h). */
#include "fleet/meta.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <string.h>

double meta_se_from_ci(double lo, double hi, double level)
{
    if (!(lo > 0) || !isfinite(hi) || !(hi >= lo) || !(level > 0 && level < 1))
        return NAN;
    double z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
    return (log(hi) - log(lo)) / (2 * z);
}

static int usable(double y, double se)
{
    return isfinite(y) && isfinite(se) && se > 0;
}

int meta_dersimonian_laird(const double *y, const double *se, size_t k, double conf,
                           meta_result *out)
{
    memset(out, 0, sizeof *out);
    out->est = out->lo = out->hi = out->se = out->q = out->tau2 = out->i2 = NAN;
    double sw = 0, sw2 = 0, swy = 0;
    for (size_t i = 0; i < k; i++) {
        if (!usable(y[i], se[i]))
            continue;
        double w = 1 / (se[i] * se[i]);
        sw += w, sw2 += w * w, swy += w * y[i];
        out->k++;
    }
    if (out->k == 0)
        return -1;
    double fixed = swy / sw, q = 0;
    for (size_t i = 0; i < k; i++)
        if (usable(y[i], se[i]))
            q += (y[i] - fixed) * (y[i] - fixed) / (se[i] * se[i]);
    double df = (double)out->k - 1, c = sw - sw2 / sw;
    double tau2 = out->k > 1 && c > 0 && q > df ? (q - df) / c : 0;
    double rw = 0, rwy = 0;
    for (size_t i = 0; i < k; i++)
        if (usable(y[i], se[i])) {
            double w = 1 / (se[i] * se[i] + tau2);
            rw += w, rwy += w * y[i];
        }
    double m = rwy / rw, s = sqrt(1 / rw), z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
    out->est = exp(m);
    out->lo = exp(m - z * s);
    out->hi = exp(m + z * s);
    out->se = s;
    out->q = q;
    out->tau2 = tau2;
    out->i2 = q > df && q > 0 ? (q - df) / q : 0;
    out->ok = 1;
    return 0;
}
