/* cgroup.c - finds a file of this process's own cgroup, for probes that read cgroup figures.
 * The path comes from /proc/self/cgroup (v1: the line whose controller list names the
 * controller; v2: the "0::" line); a container without a cgroup namespace sees its own cgroup at
 * the mount root, so that is tried second. */
#include "probe.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Whether the comma-separated list names controller exactly ("cpu" is not "cpuset"). */
static int lists(const char *list, size_t len, const char *controller)
{
    size_t clen = strlen(controller);
    for (const char *p = list, *end = list + len; p < end;) {
        size_t n = strcspn(p, ",");
        if (n > (size_t)(end - p))
            n = (size_t)(end - p);
        if (n == clen && strncmp(p, controller, n) == 0)
            return 1;
        p += n + 1;
    }
    return 0;
}

int probe_cgroup_of(const char *proc_cgroup, const char *controller, char *path, size_t len)
{
    for (const char *line = proc_cgroup; *line;) {
        size_t n = strcspn(line, "\n");
        const char *c1 = memchr(line, ':', n);
        const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(line + n - c1 - 1)) : NULL;
        if (c2) {
            size_t clen = (size_t)(c2 - c1 - 1);
            int match = *controller ? lists(c1 + 1, clen, controller) : clen == 0;
            if (match) {
                snprintf(path, len, "%.*s", (int)(line + n - c2 - 1), c2 + 1);
                return 0;
            }
        }
        line += n + (line[n] == '\n');
    }
    path[0] = '\0';
    return -1;
}

int probe_cgroup_file(const char *mount, const char *controller, const char *file, char *path,
                      size_t len)
{
    char text[4096] = "", cg[1024] = "";
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    /* Own cgroup first (when /proc/self/cgroup names one), then the mount root. */
    for (int at_root = probe_cgroup_of(text, controller, cg, sizeof cg) != 0; at_root < 2;
         at_root++) {
        snprintf(path, len, "%s%s/%s", mount, at_root || !strcmp(cg, "/") ? "" : cg, file);
        if (access(path, R_OK) == 0)
            return 0;
    }
    return -1;
}
