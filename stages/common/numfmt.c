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

static size_t digits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    return n;
}

/* 1 when s is [-+]digits[.digits][e[-+]digits] with at least one mantissa digit. */
static int is_decimal(const char *s)
{
    s += *s == '-' || *s == '+';
    size_t whole = digits(s), frac = 0;
    s += whole;
    if (*s == '.') {
        frac = digits(++s);
        s += frac;
    }
    if (whole + frac == 0)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        s += *s == '-' || *s == '+';
        size_t exp = digits(s);
        if (!exp)
            return 0;
        s += exp;
    }
    return *s == '\0';
}

int num_parse_finite(const char *s, double *v)
{
    if (!is_decimal(s))
        return -1;
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
