/* norm_strace.c - Table 2.4: `repro-probe strace` output, i.e. strace -f -C lines (execve, mmap
 * with PROT_EXEC, the -c summary table) in one section per traced command, becomes one result
 * per command: BenchmarkSyscalls/cmd=<name> with the counts the article names, the futex share
 * of all calls and openat's mean system time per call. */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "# repro-probe strace name="

static const char *const units[] = {"openat-calls", "mmap-exec-calls", "execve-calls",
                                    "futex-%",      "openat-ns",       "syscalls"};
enum { NUNITS = sizeof units / sizeof *units };

typedef struct {
    char name[128];
    long header_line;
    int in_summary, has_total;
    double mmap_exec, openat, openat_s, execve, futex, total;
} section;

/* A count or a time of the summary: a finite decimal >= 0 (strtod also took nan and inf). */
static int parse_number(const char *s, double *v)
{
    return num_parse_finite(s, v) == 0 && *v >= 0 ? 0 : -1;
}

/* One row of the summary: "% time, seconds, usecs/call, calls, [errors,] syscall". */
static int summary_row(const char *path, long lineno, char *line, section *s)
{
    char *tok[8];
    int n = 0;
    for (char *save, *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
        if (n < 8)
            tok[n++] = t;
    double pct, seconds, usecs, calls, errors = 0;
    if ((n != 5 && n != 6) || parse_number(tok[0], &pct) || parse_number(tok[1], &seconds) ||
        parse_number(tok[2], &usecs) || parse_number(tok[3], &calls) ||
        (n == 6 && parse_number(tok[4], &errors))) {
        log_error_at(path, lineno,
                     "not a row of strace's summary (%% time, seconds, "
                     "usecs/call, calls, errors, syscall)");
        return -1;
    }
    const char *name = tok[n - 1];
    if (!strcmp(name, "total")) {
        s->total = calls;
        s->has_total = 1;
        s->in_summary = 0;
    } else if (!strcmp(name, "openat")) {
        s->openat = calls;
        s->openat_s = seconds;
    } else if (!strcmp(name, "execve") || !strcmp(name, "execveat")) {
        s->execve += calls;
    } else if (!strcmp(name, "futex")) {
        s->futex = calls;
    }
    return 0;
}

static int emit(const char *path, const section *s, strbuf *out)
{
    if (!s->has_total || s->total <= 0) {
        log_error_at(path, s->header_line, "no strace summary for \"%s\" (see the .err file)",
                     s->name);
        return -1;
    }
    char bench[160];
    snprintf(bench, sizeof bench, "BenchmarkSyscalls/cmd=%s", s->name);
    double values[] = {s->openat,
                       s->mmap_exec,
                       s->execve,
                       100 * s->futex / s->total,
                       s->openat > 0 ? s->openat_s * 1e9 / s->openat : 0,
                       s->total};
    const char *u[NUNITS];
    double v[NUNITS];
    size_t n = 0;
    for (size_t i = 0; i < NUNITS; i++)
        if (strcmp(units[i], "openat-ns") != 0 || s->openat > 0) { /* no openat: no latency */
            u[n] = units[i];
            v[n++] = values[i];
        }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) {
            log_error_at(path, s->header_line, "\"%s\": the summary's counts overflow", s->name);
            return -1;
        }
    return norm_put_result(path, s->header_line, out, bench, 1, n, u, v);
}

/* The section's name from its header: it becomes part of a benchmark name, so letters, digits,
 * '_', '.', '-' only. */
static int section_name(const char *path, long lineno, const char *name, section *s)
{
    size_t len = strcspn(name, " :");
    if (len == 0 || len >= sizeof s->name ||
        strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") < len) {
        log_error_at(path, lineno,
                     "a traced command's name is letters, digits, _ . - "
                     "(at most %zu)",
                     sizeof s->name - 1);
        return -1;
    }
    snprintf(s->name, sizeof s->name, "%.*s", (int)len, name);
    s->header_line = lineno;
    return 0;
}

int norm_strace_text(const char *path, const char *raw, strbuf *out, norm_state *st)
{
    char *text = xstrdup(raw); /* cut into lines in place */
    int rc = 0, sections = 0;
    section s = {0};
    strbuf results = {0};
    long lineno = 0;
    for (char *line = text, *next; line && *line && rc == 0; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!strncmp(line, HEADER, strlen(HEADER))) {
            if (sections++ && emit(path, &s, &results) != 0)
                rc = -1;
            memset(&s, 0, sizeof s);
            if (rc == 0)
                rc = section_name(path, lineno, line + strlen(HEADER), &s);
        } else if (line[0] == '#') {
            continue;
        } else if (!sections) {
            log_error_at(path, lineno, "strace output before a \"%s\" line", HEADER);
            rc = -1;
        } else if (!strncmp(line, "% time", 6)) {
            s.in_summary = 1;
        } else if (s.in_summary) {
            if (strncmp(line, "------", 6) != 0)
                rc = summary_row(path, lineno, line, &s);
        } else if (!strncmp(line + strspn(line, "0123456789 "), "mmap(", 5) &&
                   strstr(line, "PROT_EXEC")) { /* "[pid] mmap(..., PROT_READ|PROT_EXEC, ..." */
            s.mmap_exec++;
        }
    }
    if (rc == 0 && !sections) {
        log_error_at(path, 1, "no traced command (see the .err file)");
        rc = -1;
    }
    if (rc == 0 && emit(path, &s, &results) != 0)
        rc = -1;
    if (rc == 0) {
        for (size_t i = 0; i < NUNITS; i++)
            norm_unit(st, units[i], "better", "lower");
        sb_puts(out, sb_str(&results));
    }
    sb_free(&results);
    free(text);
    return rc;
}

static int strace_sample(const char *base, strbuf *out, norm_state *st)
{
    char *path = xasprintf("%s.out", base);
    char *text = norm_read(path);
    int rc = text ? norm_strace_text(path, text, out, st) : -1;
    free(text);
    free(path);
    return rc;
}

const normalizer norm_strace = {.table = "T2.4", .sample = strace_sample};
