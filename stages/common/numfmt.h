/* numfmt.h - numbers in interchange files: %.15g, or more digits only where needed to read back
 * the same double,
 * "inf"/"-inf" for unbounded intervals, "" for not-a-number. Same input, same bytes. */
#ifndef NUMFMT_H
#define NUMFMT_H

#include <stddef.h>

const char *num_format(double v, char *buf, size_t len);
/* Parses what num_format writes ("" -> NAN). 0, or -1 when s is not a number. */
int num_parse(const char *s, double *v);

/* Formats into one of a caller's rotating buffers: NUM(v) inside a function that declares
 * `char bufs[24][64]; size_t nb = 0;` can be used up to 24 times in one expression. */
#define NUM(v) num_format((v), bufs[nb++ % 24], sizeof bufs[0])

#endif
