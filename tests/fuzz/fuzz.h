/* fuzz.h - what every libFuzzer harness shares: the input as NUL-terminated text, split into
 * parts where one input stands for several files, quiet logging, and the property every
 * normalizer must keep (what it writes, the benchmark-format reader accepts).
 *
 * Each harness is tests/fuzz/fuzz_<stage>_<what>.c with one LLVMFuzzerTestOneInput; `make
 * fuzz` and `make test` run them (tests/fuzz/run.sh). A failed property calls abort(), which
 * libFuzzer reports as a crash with the input that caused it. */
#ifndef FUZZ_H
#define FUZZ_H

#include "benchfmt.h"
#include "log.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parsers log every error they find; a fuzzer finds millions. REPRO_FUZZ_VERBOSE=1 keeps them
 * (to read why an input was refused). Sanitizer reports write to fd 2, not through stderr. */
#define FUZZ_QUIET_LOGS                                                                            \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                              \
    {                                                                                              \
        (void)argc;                                                                                \
        (void)argv;                                                                                \
        if (!getenv("REPRO_FUZZ_VERBOSE"))                                                         \
            stderr = fopen("/dev/null", "w");                                                      \
        return 0;                                                                                  \
    }

/* The input as text: a NUL inside ends it, as a loader refuses such a file. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = xmalloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Splits text in place at form feeds into at most max parts (the rest stays in the last);
 * returns how many. One input then stands for several files (tables + claims, a model's). */
static inline size_t fuzz_split(char *text, char **parts, size_t max)
{
    size_t n = 0;
    parts[n++] = text;
    for (char *p = text; n < max && (p = strchr(p, '\f')) != NULL;) {
        *p++ = '\0';
        parts[n++] = p;
    }
    for (size_t i = n; i < max; i++)
        parts[i] = "";
    return n;
}

/* A normalizer's output, with its Unit lines, must read back: else abort (a finding). */
static inline void fuzz_reads_back(const char *what, const strbuf *units, const strbuf *out)
{
    strbuf all = {0};
    sb_puts(&all, units->buf ? units->buf : "");
    sb_puts(&all, out->buf ? out->buf : "");
    bf_file f;
    if (bf_parse(what, sb_str(&all), &f) != 0) {
        fprintf(stdout, "%s wrote what bf_parse refuses:\n%s\n", what, sb_str(&all));
        abort();
    }
    bf_free(&f);
    sb_free(&all);
}

#endif
