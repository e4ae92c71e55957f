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
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* runc makes its namespaces with unshare (nsexec) and joins them with setns; its clone and
 * clone3 start Go threads and its init's children, and under strace -f each one's time includes
 * attaching to the new task, so counting them would make thread creation "namespace set-up"
 * (it did: 1.85x against 0.96x without them on tests/fixtures/raw/runtime-trace-oci.runtime).
 * crun passes namespace flags to clone, which strace -c cannot see: its namespace calls are
 * undercounted here, and crun is not claimed. */
static const char *const namespace_calls[] = {"unshare", "setns", NULL};
static const char *const capability_calls[] = {"capget", "capset", "prctl", NULL};
static const char *const mount_calls[] = {"mount",         "umount2",   "pivot_root",
                                          "mount_setattr", "open_tree", "move_mount",
                                          "fsopen",        "fsmount",   NULL};

/* Calls that wait (on a lock, a pipe, a timer, an event) rather than work: strace -w counts their
 * wall time, so they are reported apart ("wait-time-%") and left out of the active time the
 * setup calls are set against (issue 21: the article's "stand out", 凸显, is about cost). */
static const char *const waiting_calls[] = {"futex", "read", "nanosleep", "clock_nanosleep",
                                            "epoll_pwait", "epoll_wait", "wait4", "waitid",
                                            "ppoll", "pselect6", "poll", "select", NULL};

static int in(const char *const list[], const char *name)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

/* strace -c's table: "% time seconds usecs/call calls [errors] syscall", dashes, "total". A
 * row's seconds and calls are finite decimals, so what is written reads back. */
int norm_runtime_text(const char *path, const char *text, strbuf *out, norm_state *st)
{
    if (!strncmp(text, "# unsupported ", 14)) {
        norm_notes(st, text);
        return 0;
    }
    double calls = 0, ns = 0, caps = 0, mounts = 0, secs = 0, setup_secs = 0, wait_secs = 0,
           wait_calls = 0;
    int rows = 0, total = 0;
    long lineno = 0;
    for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        lineno++;
        char line[512], *tok[8], *save;
        size_t nt = 0;
        if (strcspn(p, "\n") >= sizeof line) {
            log_error_at(path, lineno, "a line longer than strace -c writes");
            return -1;
        }
        snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
        for (char *t = strtok_r(line, " \t", &save); t && nt < 8; t = strtok_r(NULL, " \t", &save))
            tok[nt++] = t;
        if (nt && !strcmp(tok[nt - 1], "total")) {
            total = 1;
            continue;
        }
        double s, n;                                     /* % time, seconds, usecs/call, calls */
        if (nt < 5 || num_parse_finite(tok[1], &s) != 0) /* the header and the dashes */
            continue;
        if (num_parse_finite(tok[3], &n) != 0 || s < 0 || n < 0) {
            log_error_at(path, lineno, "not a row of strace's summary (seconds and calls)");
            return -1;
        }
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
        wait_secs += in(waiting_calls, name) ? s : 0;
        wait_calls += in(waiting_calls, name) ? n : 0;
    }
    if (!rows || !total || !(calls > 0) || !isfinite(calls) || !isfinite(secs)) {
        log_error_at(path, lineno ? lineno : 1, "no strace -c summary with a total row");
        return -1;
    }
    /* setup-cost-x: the setup calls' time per call over the other active calls' (no waiting) */
    static const char *const units[] = {"syscalls",     "namespace-calls", "capability-calls",
                                        "mount-calls",  "setup-time-%",    "wait-time-%",
                                        "setup-active-time-%", "setup-cost-x"};
    double setup_calls = ns + caps + mounts, active = secs - wait_secs;
    double other_calls = calls - wait_calls - setup_calls, other_secs = active - setup_secs;
    double values[] = {calls,
                       ns,
                       caps,
                       mounts,
                       secs > 0 ? 100 * setup_secs / secs : 0,
                       secs > 0 ? 100 * wait_secs / secs : 0,
                       active > 0 ? 100 * setup_secs / active : 0,
                       setup_calls > 0 && other_calls > 0 && other_secs > 0
                           ? (setup_secs / setup_calls) / (other_secs / other_calls)
                           : 0};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        norm_unit(st, units[i], "better", "lower");
    return norm_put_result(path, lineno ? lineno : 1, out, "BenchmarkRuntimeSyscalls", 1,
                           sizeof units / sizeof *units, units, values);
}

/* A .wall file: one positive decimal number of seconds, then blanks. */
int norm_wall_text(const char *path, const char *text, strbuf *out, norm_state *st)
{
    size_t len = strcspn(text, " \n");
    char *word = xasprintf("%.*s", (int)len, text);
    double seconds;
    int ok = num_parse_finite(word, &seconds) == 0 && seconds > 0 && seconds < 1e9 &&
             text[len + strspn(text + len, " \n")] == '\0';
    free(word);
    if (!ok) {
        log_error_at(path, 1, "not a wall time in seconds");
        return -1;
    }
    static const char *const units[] = {"ns/op"};
    double ns = seconds * 1e9;
    norm_unit(st, "ns/op", "better", "lower");
    return norm_put_result(path, 1, out, "BenchmarkStart", 1, 1, units, &ns);
}

static int start_sample(const char *base, strbuf *out, norm_state *st)
{
    char *trace = xasprintf("%s.runtime", base), *wall = xasprintf("%s.wall", base);
    const char *path = fs_exists(trace) ? trace : wall;
    char *text = norm_read(path);
    int rc = -1;
    if (text)
        rc = path == trace ? norm_runtime_text(trace, text, out, st)
                           : norm_wall_text(wall, text, out, st);
    free(text);
    free(trace);
    free(wall);
    return rc;
}

const normalizer norm_start = {.table = "T2.2a", .sample = start_sample};
