/* raw_gotest.c - `go test -bench -benchmem` output (Go's benchmark format already) plus the
 * "# repro-rusage maxrss_kib=N ..." line that collect's wrapper prints after the benchmark
 * binary exits (and, for T4.1, the "# repro-controls ..." line of the noise controls). A sample
 * holds the cell's K runs of the benchmark (-test.count=K), combined here into one. A result
 * line that is cut short or holds a bad number is an error with its file:line; so is output with
 * no result (go test failed) or no rusage line, and a rusage or controls line that is not
 * exactly what repro-probe prints: each is read word by word within its own line (sscanf once
 * read past the newline, and %d overflowed), every number checked for range. */
#include "raw.h"

#include "benchfmt.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int measure(const bf_result *r, const char *unit, double *v)
{
    for (size_t i = 0; i < r->nm; i++)
        if (strcmp(r->m[i].unit, unit) == 0) {
            *v = r->m[i].value;
            return 0;
        }
    return -1;
}

/* A configuration value into buf; -1 when it does not fit (never silently cut). */
static int copy_config(const bf_file *f, const bf_result *r, const char *key, char *buf, size_t len)
{
    const char *v = bf_config_get(f, r, key);
    return (size_t)snprintf(buf, len, "%s", v ? v : "") < len ? 0 : -1;
}

/* The next word of a line as key=value: 0 with the value copied (at most cap - 1 bytes), -1
 * when the next word is not key= or its value is empty or too long. */
static int word(const char **p, const char *end, const char *key, char *value, size_t cap)
{
    while (*p < end && **p == ' ')
        (*p)++;
    size_t klen = strlen(key), n = 0;
    if ((size_t)(end - *p) < klen + 1 || strncmp(*p, key, klen) != 0 || (*p)[klen] != '=')
        return -1;
    *p += klen + 1;
    while (*p + n < end && (*p)[n] != ' ')
        n++;
    if (n == 0 || n >= cap)
        return -1;
    memcpy(value, *p, n);
    value[n] = '\0';
    *p += n;
    return 0;
}

/* A decimal integer in [lo, hi], digits only. */
static int integer(const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return isdigit((unsigned char)*s) && !*end && errno == 0 && *v >= lo && *v <= hi ? 0 : -1;
}

/* "pinned=0|1 cpu=N gogc_off=0|1 governor=WORD" (repro-probe controls), p..end one line. */
static int parse_controls(const char *p, const char *end, raw_gotest *out)
{
    char v[4][64];
    long pinned, cpu, gogc;
    if (word(&p, end, "pinned", v[0], sizeof v[0]) || word(&p, end, "cpu", v[1], sizeof v[1]) ||
        word(&p, end, "gogc_off", v[2], sizeof v[2]) ||
        word(&p, end, "governor", v[3], sizeof v[3]) || integer(v[0], 0, 1, &pinned) ||
        integer(v[1], 0, 1 << 20, &cpu) || integer(v[2], 0, 1, &gogc) ||
        strspn(v[3], "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(v[3]))
        return -1;
    while (p < end && *p == ' ')
        p++;
    if (p != end)
        return -1;
    out->pinned = (int)pinned;
    out->gogc_off = (int)gogc;
    snprintf(out->governor, sizeof out->governor, "%s", v[3]);
    out->has_controls = 1;
    return 0;
}

/* "maxrss_kib=N ..." (repro-rusage): the peak RSS, the words after it not needed here. */
static int parse_rusage(const char *p, const char *end, long *maxrss_kib)
{
    char v[32];
    return word(&p, end, "maxrss_kib", v, sizeof v) == 0 &&
                   integer(v, 0, 1L << 40, maxrss_kib) == 0 && (p == end || *p == ' ')
               ? 0
               : -1;
}

/* The two "# repro-..." lines, each at most once: *rusage_line and *maxrss_kib set. */
static int parse_tool_lines(const char *path, const char *text, raw_gotest *out, long *rusage_line,
                            long *maxrss_kib, long *lines)
{
    static const char ctag[] = "# repro-controls ", rtag[] = "# repro-rusage ";
    long lineno = 0, controls_line = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        const char *end = len && p[len - 1] == '\r' ? p + len - 1 : p + len;
        lineno++;
        int controls = !strncmp(p, ctag, sizeof ctag - 1),
            rusage = !strncmp(p, rtag, sizeof rtag - 1);
        long *seen = controls ? &controls_line : rusage_line;
        if ((controls || rusage) && *seen) {
            log_error_at(path, lineno, "a second %s line (the first is line %ld)",
                         controls ? "repro-controls" : "repro-rusage", *seen);
            return -1;
        }
        if (controls && parse_controls(p + sizeof ctag - 1, end, out) != 0) {
            log_error_at(path, lineno,
                         "bad repro-controls line (pinned=0|1 cpu=N gogc_off=0|1 "
                         "governor=WORD)");
            return -1;
        }
        if (rusage && parse_rusage(p + sizeof rtag - 1, end, maxrss_kib) != 0) {
            log_error_at(path, lineno, "bad repro-rusage line (maxrss_kib=N ...)");
            return -1;
        }
        if (controls || rusage)
            *seen = lineno;
        p += len + (p[len] == '\n');
    }
    *lines = lineno;
    return 0;
}

/* The cell's runs (-test.count=K): the same benchmark, one result each, in the order they ran.
 * 0 with *runs set, or -1 after logging why. */
static int check_runs(const char *path, const bf_file *f, long lines, size_t *runs)
{
    if (f->nresults == 0) {
        log_error_at(path, lines ? lines : 1,
                     "no benchmark result (did go test fail? see the .err file)");
        return -1;
    }
    if (f->nresults > RAW_GOTEST_MAX_RUNS) {
        log_error_at(path, f->results[RAW_GOTEST_MAX_RUNS].line,
                     "more than %d benchmark results in one sample", RAW_GOTEST_MAX_RUNS);
        return -1;
    }
    for (size_t i = 1; i < f->nresults; i++)
        if (strcmp(f->results[i].name, f->results[0].name) != 0) {
            log_error_at(path, f->results[i].line, "a second benchmark (%s after %s)",
                         f->results[i].name, f->results[0].name);
            return -1;
        }
    *runs = f->nresults;
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The lower median of n sorted values: a value one of them has (a whole number where they are). */
static double lower_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, by_value);
    return v[(n - 1) / 2];
}

/* docs/verdicts.md "Table 1's time sample": ns/op is the fastest run's, typical_ns_op the median
 * run's; B/op and allocs/op the lower median run's, whole numbers as go test prints them per run
 * (a runtime allocation that lands in one one-op run of several is not spread over the others). */
static int combine_runs(const char *path, const bf_file *f, size_t runs, raw_gotest *out)
{
    double ns[RAW_GOTEST_MAX_RUNS], bytes[RAW_GOTEST_MAX_RUNS], allocs[RAW_GOTEST_MAX_RUNS];
    long ops = 0;
    for (size_t i = 0; i < runs; i++) {
        const bf_result *r = &f->results[i];
        if (measure(r, "ns/op", &ns[i]) || measure(r, "B/op", &bytes[i]) ||
            measure(r, "allocs/op", &allocs[i])) {
            log_error_at(path, r->line, "result lacks ns/op, B/op or allocs/op (-benchmem?)");
            return -1;
        }
        ops += r->iters;
    }
    qsort(ns, runs, sizeof *ns, by_value);
    out->ns_op = ns[0];
    out->typical_ns_op = runs % 2 ? ns[runs / 2] : (ns[runs / 2 - 1] + ns[runs / 2]) / 2;
    out->b_op = lower_median(bytes, runs);
    out->allocs_op = lower_median(allocs, runs);
    out->iters = ops;
    out->runs = (int)runs;
    return 0;
}

/* The runs' result, with the peak RSS of the rusage line. */
static int take_result(const char *path, const bf_file *f, long rusage_line, long maxrss_kib,
                       long lines, raw_gotest *out)
{
    size_t runs;
    if (check_runs(path, f, lines, &runs) != 0)
        return -1;
    if (!rusage_line) {
        log_error_at(path, lines ? lines : 1,
                     "no \"# repro-rusage\" line: the benchmark did not run under repro-rusage");
        return -1;
    }
    const bf_result *r = &f->results[0];
    if (combine_runs(path, f, runs, out) != 0)
        return -1;
    out->peak_rss_bytes = (double)maxrss_kib * 1024.0;
    if ((size_t)snprintf(out->name, sizeof out->name, "%s", r->name) >= sizeof out->name ||
        copy_config(f, r, "goos", out->goos, sizeof out->goos) ||
        copy_config(f, r, "goarch", out->goarch, sizeof out->goarch) ||
        copy_config(f, r, "pkg", out->pkg, sizeof out->pkg) ||
        copy_config(f, r, "cpu", out->cpu, sizeof out->cpu)) {
        log_error_at(path, r->line, "the benchmark's name, goos, goarch, pkg or cpu is too long");
        return -1;
    }
    return 0;
}

int raw_parse_gotest(const char *path, const char *text, raw_gotest *out)
{
    memset(out, 0, sizeof *out);
    bf_file f;
    if (bf_parse(path, text, &f) != 0)
        return -1;
    long lines = 0, rusage_line = 0, maxrss_kib = -1;
    int rc = parse_tool_lines(path, text, out, &rusage_line, &maxrss_kib, &lines);
    if (rc == 0)
        rc = take_result(path, &f, rusage_line, maxrss_kib, lines, out);
    bf_free(&f);
    return rc;
}
