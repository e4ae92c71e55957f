/* raw_gotest.c - `go test -bench -benchmem` output (Go's benchmark format already) plus the
 * "# repro-rusage maxrss_kib=N ..." line that collect's wrapper prints after the benchmark
 * binary exits (and, for T4.1, the "# repro-controls ..." line of the noise controls). A result line that is cut short or holds a bad number is an error with its
 * file:line; so is output with no result (go test failed) or no rusage line. */
#include "raw.h"

#include "benchfmt.h"
#include "log.h"

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

static void copy_config(const bf_file *f, const bf_result *r, const char *key, char *buf,
                        size_t len)
{
    const char *v = bf_config_get(f, r, key);
    snprintf(buf, len, "%s", v ? v : "");
}

int raw_parse_gotest(const char *path, const char *text, raw_gotest *out)
{
    memset(out, 0, sizeof *out);
    bf_file f;
    if (bf_parse(path, text, &f) != 0)
        return -1;
    long lines = 0, rusage_line = 0;
    long maxrss_kib = -1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    if (text[0] && text[strlen(text) - 1] != '\n')
        lines++;
    long lineno = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        static const char ctag[] = "# repro-controls ";
        if (strncmp(p, ctag, sizeof ctag - 1) == 0) {
            int cpu;
            if (sscanf(p + sizeof ctag - 1, "pinned=%d cpu=%d gogc_off=%d governor=%63s",
                       &out->pinned, &cpu, &out->gogc_off, out->governor) != 4) {
                log_error_at(path, lineno, "bad repro-controls line");
                bf_free(&f);
                return -1;
            }
            out->has_controls = 1;
        }
        static const char tag[] = "# repro-rusage maxrss_kib=";
        if (len > sizeof tag - 1 && strncmp(p, tag, sizeof tag - 1) == 0) {
            char *end;
            maxrss_kib = strtol(p + sizeof tag - 1, &end, 10);
            if (end == p + sizeof tag - 1 || maxrss_kib < 0 || (*end != ' ' && *end != '\n')) {
                log_error_at(path, lineno, "bad repro-rusage line");
                bf_free(&f);
                return -1;
            }
            rusage_line = lineno;
        }
        p += len + (nl ? 1 : 0);
    }
    int rc = -1;
    if (f.nresults != 1) {
        log_error_at(path, f.nresults ? f.results[1].line : lines ? lines : 1,
                     f.nresults ? "more than one benchmark result; expected -count=1"
                                : "no benchmark result (did go test fail? see the .err file)");
    } else if (!rusage_line) {
        log_error_at(path, lines ? lines : 1,
                     "no \"# repro-rusage\" line: the benchmark did not run under repro-rusage");
    } else {
        const bf_result *r = &f.results[0];
        if (measure(r, "ns/op", &out->ns_op) || measure(r, "B/op", &out->b_op) ||
            measure(r, "allocs/op", &out->allocs_op)) {
            log_error_at(path, r->line, "result lacks ns/op, B/op or allocs/op (-benchmem?)");
        } else {
            snprintf(out->name, sizeof out->name, "%s", r->name);
            out->iters = r->iters;
            out->peak_rss_bytes = (double)maxrss_kib * 1024.0;
            copy_config(&f, r, "goos", out->goos, sizeof out->goos);
            copy_config(&f, r, "goarch", out->goarch, sizeof out->goarch);
            copy_config(&f, r, "pkg", out->pkg, sizeof out->pkg);
            copy_config(&f, r, "cpu", out->cpu, sizeof out->cpu);
            rc = 0;
        }
    }
    bf_free(&f);
    return rc;
}
