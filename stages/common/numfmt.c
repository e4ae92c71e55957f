/* numfmt.c - shortest round-trip formatting and its parser, which checks the syntax itself
 * before strtod converts, since strtod alone takes far more than a decimal number. */
#include "numfmt.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *num_format(double v, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "%s", "");
    else if (isinf(v))
        snprintf(buf, len, "%s", v > 0 ? "inf" : "-inf");
    else if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, len, "%.0f", v);
    else /* %g trims trailing zeros, so the first precision that round-trips is short */
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    return buf;
}

/* One pass over [-+]digits[.digits][e[-+]digits] (at least one mantissa digit): 0 when s is
 * not that. *fast says whether Clinger's fast path gives the value exactly: at most 15
 * significant digits and a power of ten up to 22, so m / 10^k of two exact doubles is one IEEE
 * operation, rounded correctly, the same double strtod gives. */
static int scan_decimal(const char *s, double *fast_value, int *fast)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int negative = *s == '-';
    s += *s == '-' || *s == '+';
    unsigned long long m = 0;
    int significant = 0, scale = 0, mantissa_digits = 0;
    for (; isdigit((unsigned char)*s); s++, mantissa_digits++) { /* from the first non-zero */
        m = m * 10 + (unsigned)(*s - '0');
        significant += m != 0;
    }
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++, scale--, mantissa_digits++) {
            m = m * 10 + (unsigned)(*s - '0');
            significant += m != 0;
        }
    if (!mantissa_digits)
        return 0;
    *fast = *s == '\0' && significant <= 15 && scale >= -22;
    if (*s == 'e' || *s == 'E') {
        s++;
        s += *s == '-' || *s == '+';
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (*s != '\0')
        return 0;
    if (*fast) {
        double d = scale ? (double)m / pow10[-scale] : (double)m;
        *fast_value = negative ? -d : d;
    }
    return 1;
}

int num_parse_finite(const char *s, double *v)
{
    int fast;
    if (!scan_decimal(s, v, &fast))
        return -1;
    if (fast)
        return 0;
    errno = 0;
    *v = strtod(s, NULL);
    return isinf(*v) ? -1 : 0; /* an underflow (ERANGE, a subnormal or 0) still reads back */
}

int num_parse(const char *s, double *v)
{
    if (!*s) {
        *v = NAN;
        return 0;
    }
    if (!strcmp(s, "inf") || !strcmp(s, "-inf")) {
        *v = *s == '-' ? -INFINITY : INFINITY;
        return 0;
    }
    return num_parse_finite(s, v);
}
