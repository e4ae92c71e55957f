/* norm_start.c - Table 2.2a: a trivial container's start-to-exit latency is the cell's wall time
 * that collect measured from the host (<rep>.wall, in seconds), "BenchmarkStart 1 <ns> ns/op";
 * on the samples where the driver traced its runtime (<rep>.runtime: strace -f -c -w's summary)
 * the latency is not used (tracing slows it) and the summary becomes
 * "BenchmarkRuntimeSyscalls 1 <calls> syscalls <n> namespace-calls ... <p> setup-time-%":
 * the calls that set up namespaces, capabilities and mounts, and their share of the time. */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const namespace_calls[] = {"clone", "clone3", "unshare", "setns", NULL};
static const char *const capability_calls[] = {"capget", "capset", "prctl", NULL};
static const char *const mount_calls[] = {"mount",         "umount2",   "pivot_root",
                                          "mount_setattr", "open_tree", "move_mount",
                                          "fsopen",        "fsmount",   NULL};

static int in(const char *const list[], const char *name)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

/* strace -c's table: "% time seconds usecs/call calls [errors] syscall", dashes, "total". */
static int runtime_sample(const char *path, const char *text, strbuf *out, norm_state *st)
{
    if (!strncmp(text, "# unsupported ", 14)) {
        norm_notes(st, text);
        return 0;
    }
    double calls = 0, ns = 0, caps = 0, mounts = 0, secs = 0, setup_secs = 0;
    int rows = 0, total = 0;
    long lineno = 0;
    for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        lineno++;
        char line[512], *tok[8], *save;
        size_t nt = 0;
        snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
        for (char *t = strtok_r(line, " \t", &save); t && nt < 8; t = strtok_r(NULL, " \t", &save))
            tok[nt++] = t;
        if (nt && !strcmp(tok[nt - 1], "total")) {
            total = 1;
            continue;
        }
        char *end;
        double s = nt >= 5 ? strtod(tok[1], &end) : 0;
        if (nt < 5 || *end) /* the header and the dashes */
            continue;
        double n = strtod(tok[3], &end); /* % time, seconds, usecs/call, calls */
        if (*end)
            continue;
        const char *name = tok[nt - 1];
        rows++;
        calls += n;
        secs += s;
        int is_ns = in(namespace_calls, name), is_cap = in(capability_calls, name),
            is_mount = in(mount_calls, name);
        ns += is_ns ? n : 0;
        caps += is_cap ? n : 0;
        mounts += is_mount ? n : 0;
        setup_secs += is_ns || is_cap || is_mount ? s : 0;
    }
    if (!rows || !total || !(calls > 0)) {
        log_error_at(path, lineno ? lineno : 1, "no strace -c summary with a total row");
        return -1;
    }
    static const char *const units[] = {"syscalls", "namespace-calls", "capability-calls",
                                        "mount-calls", "setup-time-%"};
    double values[] = {calls, ns, caps, mounts, secs > 0 ? 100 * setup_secs / secs : 0};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        norm_unit(st, units[i], "better", "lower");
    bf_put_result(out, "BenchmarkRuntimeSyscalls", 1, sizeof units / sizeof *units, units, values);
    return 0;
}

static int start_sample(const char *base, strbuf *out, norm_state *st)
{
    char *trace = xasprintf("%s.runtime", base);
    char *ttext = fs_read_file(trace, NULL);
    if (ttext) {
        int rc = runtime_sample(trace, ttext, out, st);
        free(ttext);
        free(trace);
        return rc;
    }
    free(trace);
    char *path = xasprintf("%s.wall", base);
    char *text = fs_read_file(path, NULL);
    int rc = -1;
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
    } else {
        char *end;
        errno = 0;
        double seconds = strtod(text, &end);
        while (*end == '\n' || *end == ' ')
            end++;
        if (end == text || *end != '\0' || errno != 0 || !(seconds > 0)) {
            log_error_at(path, 1, "not a wall time in seconds");
        } else {
            static const char *const units[] = {"ns/op"};
            double ns = seconds * 1e9;
            norm_unit(st, "ns/op", "better", "lower");
            bf_put_result(out, "BenchmarkStart", 1, 1, units, &ns);
            rc = 0;
        }
    }
    free(text);
    free(path);
    return rc;
}

const normalizer norm_start = {.table = "T2.2a", .sample = start_sample};
