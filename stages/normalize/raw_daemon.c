/* raw_daemon.c - the .daemon files collect writes before each sample: the resident memory of
 * the runtime's daemons (dockerd + containerd; 0 for runc and the host). Read line by line and
 * strictly: exactly the keys collect writes, each once, a known status, a plain decimal byte
 * count (strtod would also take nan, inf and hex, which the samples reader then refuses). */
#include "raw.h"

#include "log.h"
#include "numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"daemon_rss_bytes", "status", "processes"};
enum { NKEYS = sizeof keys / sizeof *keys };

/* Splits text into the values of keys[] (NULL when absent), with the line of each. */
static int read_lines(const char *path, const char *text, char *value[NKEYS], long line[NKEYS])
{
    long lineno = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        lineno++;
        const char *tab = memchr(p, '\t', len);
        size_t k = 0;
        while (
            tab && k < NKEYS &&
            (strlen(keys[k]) != (size_t)(tab - p) || strncmp(p, keys[k], (size_t)(tab - p)) != 0))
            k++;
        if (!tab || k == NKEYS) {
            log_error_at(path, lineno,
                         "not a line of a .daemon file (daemon_rss_bytes, status, "
                         "processes, each <TAB> its value)");
            return -1;
        }
        if (value[k]) {
            log_error_at(path, lineno, "%s again (first on line %ld)", keys[k], line[k]);
            return -1;
        }
        value[k] = xasprintf("%.*s", (int)(len - (size_t)(tab + 1 - p)), tab + 1);
        line[k] = lineno;
        p += len + (p[len] == '\n');
    }
    return 0;
}

/* 0 with *bytes, 1 for status unmeasured, -1 (logged) when the values are not what collect
 * writes. */
static int judge(const char *path, char *const value[NKEYS], const long line[NKEYS], double *bytes)
{
    const char *rss = value[0], *status = value[1];
    if (!rss || !status) {
        log_error_at(path, 1, "needs daemon_rss_bytes and status lines");
        return -1;
    }
    if (strcmp(status, "ok") != 0 && strcmp(status, "unmeasured") != 0) {
        log_error_at(path, line[1], "status \"%s\" is neither ok nor unmeasured", status);
        return -1;
    }
    if (num_parse_finite(rss, bytes) != 0 || *bytes < 0) {
        log_error_at(path, line[0], "bad daemon_rss_bytes \"%s\" (a decimal byte count)", rss);
        return -1;
    }
    return strcmp(status, "ok") == 0 ? 0 : 1;
}

int raw_parse_daemon(const char *path, const char *text, double *bytes)
{
    char *value[NKEYS] = {0};
    long line[NKEYS] = {0};
    int rc = read_lines(path, text, value, line) == 0 ? judge(path, value, line, bytes) : -1;
    for (size_t k = 0; k < NKEYS; k++)
        free(value[k]);
    return rc;
}
