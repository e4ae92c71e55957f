/* raw_treerss.c - the "# repro-treerss name=NAME tree_peak_kib=N max_process_kib=N ..." line
 * that `repro-probe treerss` prints after a whole command's run (Table 1's
 * BenchmarkGoTestCommand): its key=value fields, checked. Absent in samples that do not run the
 * command; a line cut short, with a bad number or a second one is an error with its file:line. */
#include "raw.h"

#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char tag[] = "# repro-treerss ";

/* One "key=value" field of the line into out; 0, or -1 for a bad value (key names it). */
static int take_field(const char *key, const char *value, raw_treerss *out, const char **bad)
{
    static const char *const numeric[] = {"tree_peak_kib", "max_process_kib", "peak_processes",
                                          "wall_ns", "interval_us", "scans"};
    double *slots[] = {&out->tree_peak_bytes, &out->max_process_bytes, &out->peak_processes,
                       &out->wall_ns, &out->interval_us, &out->scans};
    if (!strcmp(key, "name")) {
        snprintf(out->name, sizeof out->name, "%s", value);
        return *value ? 0 : (*bad = key, -1);
    }
    if (!strcmp(key, "walk")) {
        snprintf(out->walk, sizeof out->walk, "%s", value);
        return 0;
    }
    for (size_t i = 0; i < sizeof numeric / sizeof *numeric; i++) {
        if (strcmp(key, numeric[i]) != 0)
            continue;
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (end == value || *end || errno || v < 0) {
            *bad = key;
            return -1;
        }
        *slots[i] = i < 2 ? v * 1024.0 : v; /* KiB -> bytes */
        return 0;
    }
    return 0; /* a field added later: ignored */
}

static int parse_line(const char *path, long lineno, const char *line, raw_treerss *out)
{
    char *copy = xstrdup(line + sizeof tag - 1), *save;
    const char *bad = NULL;
    memset(out, 0, sizeof *out);
    out->tree_peak_bytes = out->max_process_bytes = out->wall_ns = -1;
    int rc = 0;
    for (char *f = strtok_r(copy, " ", &save); f && rc == 0; f = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(f, '=');
        if (!eq) {
            bad = f;
            rc = -1;
            break;
        }
        *eq = '\0';
        rc = take_field(f, eq + 1, out, &bad);
    }
    if (rc == 0 && (!out->name[0] || out->tree_peak_bytes < 0 || out->max_process_bytes < 0 ||
                    out->wall_ns < 0)) {
        log_error_at(path, lineno,
                     "repro-treerss line lacks name, tree_peak_kib, max_process_kib or wall_ns");
        rc = -1;
    } else if (rc != 0) {
        log_error_at(path, lineno, "bad repro-treerss line: bad field \"%s\"", bad);
    }
    free(copy);
    return rc;
}

int raw_parse_treerss(const char *path, const char *text, raw_treerss *out)
{
    int found = 0;
    long lineno = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        lineno++;
        if (!strncmp(p, tag, sizeof tag - 1)) {
            if (found) {
                log_error_at(path, lineno, "a second repro-treerss line; expected one per sample");
                return -1;
            }
            char *line = xasprintf("%.*s", (int)len, p);
            int rc = parse_line(path, lineno, line, out);
            free(line);
            if (rc != 0)
                return -1;
            found = 1;
        }
        p += len + (p[len] == '\n');
    }
    if (!found)
        memset(out, 0, sizeof *out);
    return found ? 0 : 1;
}
