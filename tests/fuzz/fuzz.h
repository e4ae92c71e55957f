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
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where a crash, leak or timeout input goes when the harness is run by hand without
 * -artifact_prefix: next to the binary, in build/fuzz/artifacts/, never the current directory
 * (where one was once committed). Adds the option to argv; leaks nothing the run outlives. */
static inline void fuzz_default_artifacts(int *argc, char ***argv)
{
    for (int i = 1; i < *argc; i++)
        if (!strncmp((*argv)[i], "-artifact_prefix=", 17))
            return;
    const char *bin = (*argv)[0], *slash = strrchr(bin, '/');
    static char prefix[4096];
    snprintf(prefix, sizeof prefix, "-artifact_prefix=%.*sartifacts/%s-",
             slash ? (int)(slash - bin + 1) : 0, bin, slash ? slash + 1 : bin);
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*sartifacts", slash ? (int)(slash - bin + 1) : 0, bin);
    mkdir(dir, 0755);
    static char **args;
    args = xcalloc((size_t)*argc + 2, sizeof *args);
    memcpy(args, *argv, (size_t)*argc * sizeof *args);
    args[(*argc)++] = prefix;
    *argv = args;
}

/* Parsers log every error they find; a fuzzer finds millions. REPRO_FUZZ_VERBOSE=1 keeps them
 * (to read why an input was refused). Sanitizer reports write to fd 2, not through stderr. */
#define FUZZ_QUIET_LOGS                                                                            \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                              \
    {                                                                                              \
        fuzz_default_artifacts(argc, argv);                                                        \
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
