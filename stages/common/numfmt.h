/* numfmt.h - numbers in interchange files: %.15g, or more digits only where needed to read back
 * the same double, "inf"/"-inf" for unbounded intervals, "" for not-a-number. Same input, same
 * bytes; and the reader takes exactly that, so nothing strtod also accepts ("nan", hex, leading
 * spaces, "infinity") slips through a file as a number. */
#ifndef NUMFMT_H
#define NUMFMT_H

#include <stddef.h>

const char *num_format(double v, char *buf, size_t len);
/* Parses what num_format writes ("" -> NAN, "inf", "-inf", a decimal number). 0, or -1 when s
 * is not such a number (also when a decimal overflows to infinity). */
int num_parse(const char *s, double *v);
/* A measurement in raw tool output or a samples file: a non-empty decimal number
 * ([-+]digits[.digits][e[-+]digits]) that is finite. 0, or -1. */
int num_parse_finite(const char *s, double *v);

/* Formats into one of a caller's rotating buffers: NUM(v) inside a function that declares
 * `char bufs[24][64]; size_t nb = 0;` can be used up to 24 times in one expression. */
#define NUM(v) num_format((v), bufs[nb++ % 24], sizeof bufs[0])

#endif
