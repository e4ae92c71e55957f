/* workload_runtime.c - the article's sections 2.2 and 2.4, what a container runtime costs: a
 * trivial container's start-to-exit latency (T2.2a), overlayfs reads and copy-up (T2.2b), a CPU
 * quota's throttling (T2.2c), and the syscall profiles of go build and go test (T2.4). Each is
 * one command per sample inside the environment; all but T2.2a are repro-probe subcommands. */
#include "workload.h"

#include "log.h"

#include <stdio.h>
#include <string.h>

static const char *const plain_path = "PATH=/usr/local/bin:/usr/bin:/bin";

/* T2.2a: the command is /bin/true; its sample is the cell's wall time measured by collect
 * (.wall), so the latency is the runtime's: setting up, starting and tearing down. */
static void start_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)e;
    (void)o;
    char *argv[] = {xstrdup("/bin/true")};
    char *envv[] = {xstrdup(plain_path)};
    c->argv = workload_list(1, argv);
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
}

const workload workload_start = {
    .table = "T2.2a",
    .trace_runtime = 1,
    .rep_factor = 2, /* half the samples are traced: the other half still reaches --reps */
    .what =
        "start-to-exit latency of /bin/true, from the host: the runtime's own cost (odd "
        "samples); on even samples the runtime runs under strace -f -c -w: its syscall summary, "
        "with namespace, capability and mount calls picked out",
    .command = start_command,
};

/* An overlay mount of one's own needs CAP_SYS_ADMIN and an upper layer on a disk filesystem
 * like the one a container engine keeps its layers on: only a privileged environment (the
 * host) has both. */
static int overlay_unsupported(const env *e, char *why, size_t len)
{
    if (env_can(e, CAP_PRIVILEGED))
        return 0;
    snprintf(why, len,
             "the probe builds its own overlay mount, which needs CAP_SYS_ADMIN (a "
             "container does not get it by default) and an upper layer on a disk "
             "filesystem (the VM's writable directories are 9p and overlayfs); the "
             "article's layers are measured on the host");
    return 1;
}

static void overlay_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *args[] = {xstrdup("overlay"), xstrdup("--dir"), xasprintf("%s/overlay", e->cache_dir),
                    xstrdup("--reads"), xstrdup(o->quick ? "5000" : "20000")};
    workload_probe(e, c, sizeof args / sizeof *args, args);
}

const workload workload_overlay = {
    .table = "T2.2b",
    .what = "overlayfs: open+read(4 KiB)+close of a file in the lower layer, the upper layer, a "
            "merged directory, and no overlay; upper-layer growth per byte written (new file vs "
            "copy-up) for 4 KiB, 1 MiB, 16 MiB",
    .unsupported = overlay_unsupported,
    .command = overlay_command,
};

static void throttle_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *args[] = {xstrdup("throttle"), xstrdup("--seconds"), xstrdup(o->quick ? "1" : "3")};
    workload_probe(e, c, sizeof args / sizeof *args, args);
}

const workload workload_throttle = {
    .table = "T2.2c",
    .what = "a task that burns 3 ms of CPU every 10 ms: lateness p50/p99/max and cpu.stat "
            "throttling, in the environment's cgroup and (where cgroups are writable) under a "
            "20 ms per 100 ms quota",
    .command = throttle_command,
};

/* Three traced commands: the build (`go test -c`: fib has only test files) and the whole `go
 * test`, both on a warm GOCACHE (--prime: once untraced first, so the traces show the go
 * command's own work - loading packages, hashing, linking, vet - rather than compiling the
 * standard library, which a cold cache adds and which dwarfs everything else; the build's
 * output is removed after priming, so it is linked again); and the test binary that build
 * wrote, run alone: the article's "test helper". */
static void strace_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)o;
    char *argv[] = {
        xasprintf("%s/repro-probe", e->bin_dir),
        xstrdup("strace"),
        xstrdup("build"),
        xstrdup("--prime"),
        xstrdup("--remove"),
        xasprintf("%s/fib.test", e->cache_dir),
        xstrdup("--"),
        xstrdup("go"),
        xstrdup("test"),
        xstrdup("-c"),
        xstrdup("-o"),
        xasprintf("%s/fib.test", e->cache_dir),
        xstrdup("."),
        xstrdup(";"),
        xstrdup("test"),
        xstrdup("--prime"),
        xstrdup("--"),
        xstrdup("go"),
        xstrdup("test"),
        xstrdup("-count=1"),
        xstrdup("-run=^$"),
        xstrdup("-bench=^BenchmarkFib20$"),
        xstrdup("-benchtime=2000x"),
        xstrdup("."),
        xstrdup(";"),
        xstrdup("testbin"),
        xstrdup("--"),
        xasprintf("%s/fib.test", e->cache_dir),
        xstrdup("-test.run=^$"),
        xstrdup("-test.bench=^BenchmarkFib20$"),
        xstrdup("-test.benchtime=2000x"),
    };
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_go_env(e);
    c->cwd = xasprintf("%s/fib", e->work_dir);
}

const workload workload_strace = {
    .table = "T2.4",
    .steady = 1,
    .what = "strace -f -C of go test -c (the build: fib has only test files) and go test "
            "-bench=BenchmarkFib20 -benchtime=2000x on a warm GOCACHE, and of the test binary "
            "alone: openat, PROT_EXEC mmap and execve counts, futex share of all calls, openat "
            "system time per call",
    .command = strace_command,
};
