/* proc.h - running external programs with a time limit, output to files, and rusage.
 *
 * Every command the pipeline runs (go, runc, docker, ...) goes through here, so timeouts,
 * Ctrl-C and resource accounting behave the same everywhere. Children get their own process
 * group; a timeout or an interrupt kills the whole group. */
#ifndef PROC_H
#define PROC_H

#include "strbuf.h"

#include <sys/resource.h>

typedef struct {
    const char *stdout_path; /* NULL: inherit */
    const char *stderr_path; /* NULL: inherit; may equal stdout_path */
    const char *cwd;         /* NULL: inherit */
    char *const *env;        /* NULL: inherit */
    double timeout_s;        /* <= 0: none */
} proc_opts;

typedef struct {
    int exited, code;    /* normal exit and its status */
    int signaled, sig;   /* killed by a signal */
    int timed_out;       /* we killed it at the timeout */
    double wall_s;       /* start to reap */
    struct rusage ru;    /* of the child and its waited-for descendants */
} proc_result;

/* Runs argv[0] (searched in PATH). Returns 0 when it could be started (look at *r), -1 when
 * not (errno-based message logged). */
int proc_run(char *const argv[], const proc_opts *o, proc_result *r);
/* Runs argv capturing stdout (stderr discarded) into out; returns the exit code, or -1 when it
 * could not start or did not exit normally. */
int proc_capture(char *const argv[], double timeout_s, strbuf *out);
/* 1 when r describes a clean exit with status 0. */
int proc_ok(const proc_result *r);
/* Describes how the process ended ("exit 1", "killed by signal 9", "timed out after 30 s"). */
const char *proc_describe(const proc_result *r, char *buf, size_t len);
/* Starts argv in the background (own process group, output to o's files); its pid or -1. */
long proc_spawn(char *const argv[], const proc_opts *o);
/* Stops a background process: SIGTERM, then SIGKILL after grace_s; reaps it if it is ours. */
void proc_stop(long pid, double grace_s);
/* Kills the process group of the child currently being waited for (safe in signal handlers). */
void proc_interrupt(void);
/* Set by proc_interrupt; stages check it to stop starting new work. */
extern volatile int proc_interrupted;

#endif
