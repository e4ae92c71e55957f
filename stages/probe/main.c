/* repro-probe - the project's eyes inside every environment (host, containers, the VM).
 *
 * Static, no dependencies, copied into the image layer; one subcommand per file (probe.h).
 * Also answers to the name repro-rusage (a symlink), as `go test -exec` needs one program. */
#include "probe.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"envinfo", probe_envinfo, "key<TAB>value lines: kernel, virtualization, CPUs, cgroup "
                               "limits, Go version"},
    {"rusage", probe_rusage, "PROG [ARGS...]: run PROG, then print \"# repro-rusage "
                             "maxrss_kib=N utime_us=N stime_us=N wall_us=N\""},
    {"pagecache", probe_pagecache, "DIR: 4 KiB read latency, page cache warm and after "
                                   "POSIX_FADV_DONTNEED (T2.5)"},
    {"tfo", probe_tfo, "connect-to-first-byte latency with and without TCP Fast Open, in "
                       "network namespaces of its own (T2.5; needs CAP_SYS_ADMIN)"},
    {"shellenv", probe_shellenv, "which profile file takes effect in which kind of shell "
                                 "(T3.1)"},
    {"goversions", probe_goversions, "GOROOT...: several Go toolchains sharing one GOPATH "
                                     "(T3.2)"},
    {"overlay", probe_overlay, "[--dir DIR] [--reads N]: overlayfs read latency per layer and "
                               "copy-up write amplification, on an overlay of its own (root)"},
    {"throttle", probe_throttle, "[--seconds S]: lateness of a periodic task, without and with "
                                 "a CFS quota of its own cgroup, and cpu.stat's throttling"},
    {"strace", probe_strace, "NAME [--prime] [--remove PATH] -- CMD... [; NAME ...]: CMD "
                             "under strace -f -C: its execve, PROT_EXEC mmap lines and summary"},
    {"controls", probe_controls, "PROG [ARGS...]: run PROG pinned to one CPU with GOGC=off, "
                                 "then print \"# repro-controls pinned=0|1 cpu=N gogc_off=0|1 "
                                 "governor=NAME\""},
    {"fsio", probe_fsio, "[--quick] [--share DIR] OWN_DIR...: read(4 KiB) and stat() ns per call "
                         "on the own filesystem, a shared directory and a FUSE passthrough"},
    {"devices", probe_devices, "serial, GPU, GPIO and KVM device nodes: how many are visible "
                               "and openable"},
    {"memsources", probe_memsources, "one process's memory from VmRSS, smaps_rollup and its "
                                     "cgroup"},
    {"cache", probe_cache, "[--quick]: ns per element of sequential and strided (64 int64s) "
                           "access, with cache misses where a PMU is visible"},
    {"treerss", probe_treerss, "NAME [--prime] [--interval-ms N] -- CMD...: peak resident "
                               "memory of CMD's whole process tree (sampled sum) and of its "
                               "largest process (wait4)"},
    {"confine", probe_confine, "[--seccomp] [--ssbd] [--stibp] [--ns] [--caps] [--nnp] -- "
                               "PROG [ARGS...]: apply a container's factor to itself (its "
                               "default seccomp filter, SSBD or STIBP forced on, namespaces of "
                               "its own, Docker's default capabilities, no_new_privs), then "
                               "exec PROG (the ablation arms)"},
    {"syscost", probe_syscost, "[--quick]: ns per call of cheap system calls (getpid, a 1-byte "
                               "read of /dev/zero, clock_gettime without the vDSO)"},
    {"seq", probe_seq, "CMD... [; CMD...]: run each command in turn, stopping at the first "
                       "that fails (its exit status)"},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-probe <command> [args]   (runs inside each environment)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(to, "\nrepro-rusage PROG [ARGS...] is repro-probe rusage PROG [ARGS...].\n");
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strcmp(base, "repro-rusage") == 0)
        return probe_rusage(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 2, argv + 2);
    usage(stderr);
    return 2;
}
