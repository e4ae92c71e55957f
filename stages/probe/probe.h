/* probe.h - the subcommands of repro-probe, the static program that runs inside every
 * environment. Each subcommand is one file with one entry point (git's builtin pattern); a
 * measuring subcommand prints Go's benchmark format so normalize can pass it through. */
#ifndef PROBE_H
#define PROBE_H

#include <stddef.h>

/* argv holds the subcommand's arguments (argv[0] is the first of them, not its name); each
 * returns the exit status. */
#include <sys/resource.h>

/* Runs argv to its end (who names the caller in errors); its shell-style exit status. ru, when
 * not NULL, gets the child's resource usage from wait4. */
int probe_run(const char *who, char **argv, struct rusage *ru);

int probe_envinfo(int argc, char **argv);
int probe_rusage(int argc, char **argv);
int probe_pagecache(int argc, char **argv);
int probe_tfo(int argc, char **argv);
int probe_shellenv(int argc, char **argv);
int probe_goversions(int argc, char **argv);
int probe_overlay(int argc, char **argv);
int probe_throttle(int argc, char **argv);
int probe_strace(int argc, char **argv);
int probe_controls(int argc, char **argv);
int probe_fsio(int argc, char **argv);
int probe_devices(int argc, char **argv);
int probe_memsources(int argc, char **argv);
int probe_cache(int argc, char **argv);
int probe_treerss(int argc, char **argv);
int probe_seq(int argc, char **argv);
int probe_confine(int argc, char **argv);
int probe_syscost(int argc, char **argv);

/* cgroup.c: the cgroup path that the text of /proc/PID/cgroup gives for a v1 controller (the
 * line whose list names it exactly), or for v2 (controller ""); -1 when no line does. */
int probe_cgroup_of(const char *proc_cgroup, const char *controller, char *path, size_t len);
/* The file of this process's own cgroup under mount, else at the mount root as a container sees
 * it; the path into path. 0 when readable, -1 when neither is. */
int probe_cgroup_file(const char *mount, const char *controller, const char *file, char *path,
                      size_t len);
/* memsources.c: the value of a "Key:   N kB" line of /proc/PID/status or smaps_rollup text, in
 * bytes; -1 when there is no such line. */
long long probe_kib_field(const char *text, const char *key);
/* scratch.c: mkdir -p (mode 0755), 0 or -1 with errno; rm -rf, not following symlinks. */
int probe_mkdirs(const char *path);
void probe_rmtree(const char *path);
/* shellenv.c: the three 0/1 values of the "repro-shellenv A B C" line in a shell's output
 * (profile files may print other lines around it); 0, or -1 when there is no such line. */
int probe_shellenv_answer(const char *out, int seen[3]);
/* treerss.c: the pids of a /proc/PID/task/TID/children text ("12 34 "), at most cap; the
 * resident pages of a /proc/PID/statm text (-1 when unreadable); the parent pid of a
 * /proc/PID/stat text (-1 when unreadable). */
size_t probe_parse_pids(const char *text, long *out, size_t cap);
long long probe_statm_resident(const char *text);
long probe_stat_ppid(const char *text);
/* goversions.c: the release series of a Go version, "go1.22.3" -> "1.22", into out. */
void probe_go_series(const char *version, char *out, size_t len);

/* confine.c: the exit status of `confine` when a factor cannot be applied here (its stderr says
 * why: the errno, the vulnerability file's text). */
#define CONFINE_UNAVAILABLE 3
struct sock_filter;
/* The default container filter as a classic BPF program into prog (cap instructions): its
 * length, or -1 when this architecture has no list (only x86_64 has) or cap is too small. */
int probe_seccomp_default(struct sock_filter *prog, size_t cap);
/* Applies one factor ("--seccomp", "--ssbd", "--stibp") to this process: 0, or -1 with why
 * filled (the call, its errno, for speculation controls the vulnerability file's text). */
int probe_confine_apply(const char *flag, char *why, size_t len);

#endif
