/* raw_daemon.c - the .daemon files collect writes before each sample: the resident memory of
 * the runtime's daemons (dockerd + containerd; 0 for runc and the host). */
#include "raw.h"

#include "log.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

int raw_parse_daemon(const char *path, const char *text, double *bytes)
{
    char *with_header = xasprintf("key\tvalue\n%s", text);
    tsv_table t;
    int rc = tsv_parse(path, with_header, &t);
    free(with_header);
    if (rc != 0)
        return -1;
    const char *value = NULL, *status = NULL;
    long line = 1;
    for (size_t r = 0; r < t.nrows; r++) {
        const char *k = t.rows[r].fields[0];
        if (strcmp(k, "daemon_rss_bytes") == 0) {
            value = t.rows[r].fields[1];
            line = t.rows[r].line - 1;
        } else if (strcmp(k, "status") == 0) {
            status = t.rows[r].fields[1];
        }
    }
    rc = -1;
    char *end = NULL;
    if (!value || !status) {
        log_error_at(path, 1, "needs daemon_rss_bytes and status lines");
    } else if (strcmp(status, "ok") != 0) {
        rc = 1;
    } else if ((*bytes = strtod(value, &end)) < 0 || end == value || *end) {
        log_error_at(path, line, "bad daemon_rss_bytes \"%s\"", value);
    } else {
        rc = 0;
    }
    tsv_free(&t);
    return rc;
}
