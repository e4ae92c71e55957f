/* env.h - one execution environment behind one interface (git's builtin/ pattern for drivers).
 *
 * An environment is a row of data/envs.tsv (its name, what it is, what it can do) run by a
 * driver: a file env_<driver>.c that registers itself (ENV_DRIVER) and answers the same
 * questions: can you run here (probe), get ready (prepare), run this command inside you
 * (exec), how much memory do your daemons hold (daemon_rss), and clean up everything you
 * started (teardown). Nothing outside a driver asks which environment it is: it asks what the
 * environment can do (env_can). docs/adding-an-environment.md has the steps. */
#ifndef ENV_H
#define ENV_H

#include "envnames.h"
#include "proc.h"
#include "strbuf.h"

#include <stddef.h>

typedef struct {
    char *run_dir; /* data/runs/<id>, absolute */
    char *run_id;
    char *image_dir;  /* the layer in use: <image root>/layers/<id>, holds rootfs/, absolute */
    char *image_root; /* what pipeline/image.sh built into (build/image), absolute */
    char *image_id;
    char *bin_dir;       /* the project's build/bin, absolute (repro-probe, repro-rusage) */
    char *workloads_dir; /* stages/collect/workloads, absolute */
    double cpus;         /* the article's Docker Desktop limits: 2 CPUs */
    long long memory;    /* 4 GiB */
} collect_ctx;

typedef struct env env;

/* A driver file registers one with driver, arg and the functions set; collect makes one per
 * row of data/envs.tsv from its driver's, with the row's name, what, only_table and caps. */
typedef struct env_driver env_driver;
struct env_driver {
    const char *name;       /* the environment's name (its row's env) */
    const char *what;       /* one line for the report: what this environment is */
    const char *only_table; /* NULL: runs every table; else the ones it runs, comma-separated
                               (a control arm: host-aa T1; an ablation arm T1,S1) */
    unsigned caps;          /* env_cap bits, as its row declares them */
    const char *driver;     /* the name the driver registered, a row's driver column */
    const void *arg;        /* the driver's own settings for this variant (oci: runc or crun) */
    const char *reference;  /* an ablation arm's reference environment and factor (its row's), */
    const char *factor;     /* NULL for a plain environment (env_arm.c runs them) */
    /* NULL, or checks the row the catalog made this entry from (an arm: its factor is known):
     * 0, or -1 with why, which collect reports at the row's file:line. */
    int (*check_row)(const env_driver *row, char *why, size_t len);
    /* 0 when the environment can run here; otherwise fills e->reason and returns -1. */
    int (*probe)(env *e);
    /* Starts daemons, mounts the layer, imports the image; -1 with e->reason on failure. */
    int (*prepare)(env *e);
    /* NULL, or waits for what prepare started in the background (the vm's boot): collect
     * prepares such environments first and calls ready once the others are prepared; -1 with
     * e->reason on failure. */
    int (*ready)(env *e);
    /* Runs argv with the environment variables envv (NULL-terminated "K=V") in cwd (paths as
     * seen inside the environment); stdout and stderr to files on the host. */
    int (*exec)(env *e, char *const argv[], char *const envv[], const char *cwd,
                const char *out_path, const char *err_path, double timeout_s, proc_result *r);
    /* Resident memory of the runtime's own daemons right now, in bytes; desc says which
     * processes ("dockerd 51234 kB, containerd 30120 kB" or "none: no daemon"). */
    int (*daemon_rss)(env *e, double *bytes, strbuf *desc);
    /* Stops and removes everything prepare started; safe to call after a failed prepare. */
    void (*teardown)(env *e);
};

struct env {
    const env_driver *drv;
    const collect_ctx *ctx;
    char reason[1024]; /* why it is unavailable or failed */
    int prepared;
    strbuf meta; /* "key\tvalue\n" lines: versions, limits, storage */
    /* Paths as seen from inside the environment. */
    char work_dir[512];  /* the workloads */
    char bin_dir[512];   /* repro-probe and repro-rusage */
    char cache_dir[512]; /* a writable GOCACHE that survives between runs of this env */
    char share_dir[512]; /* a host directory shared into the environment (bind mount, 9p):
                            <run>/share on the host; "" when the driver shares none */
    /* Set by collect for one exec (T2.2a's traced samples): run the runtime itself under
     * `strace -f -c -w` writing its syscall summary to this host file, or write there
     * "# unsupported runtime-trace: why". "" = no tracing. */
    char runtime_trace[700];
    void *priv; /* driver state */
    /* What the driver leaves out of its container for an ablation arm (arm.h: "seccomp"), NULL
     * for none: set by env_arm.c on the reference environment it runs. */
    const char *drops;
    unsigned caps; /* env_cap bits the driver found while preparing (the vm: emulated by TCG) */
};

/* Whether the environment can do cap: its row declares it, or its driver found it. */
static inline int env_can(const env *e, env_cap cap)
{
    return ((e->drv->caps | e->caps) & cap) != 0;
}
/* Whether the environment emulates the CPU (the vm under qemu's TCG). */
static inline int env_emulated(const env *e)
{
    return env_can(e, CAP_EMULATED);
}

/* Registers a driver (run before main by ENV_DRIVER); a second driver of the same name dies. */
void env_driver_register(const env_driver *d);
#define ENV_DRIVER(d)                                                                          \
    __attribute__((constructor)) static void env_register_##d(void)                           \
    {                                                                                          \
        env_driver_register(&d);                                                               \
    }
/* Loads path (data/envs.tsv) and makes each row's environment from its driver, replacing what
 * an earlier load made: 0, or -1 after logging file:line for a bad row or one whose driver no
 * env_*.c registers. */
int env_catalog_load(const char *path);
/* The environment of that name, or NULL. */
const env_driver *env_catalog_find(const char *name);
/* Every environment's name in the file's order, joined by sep. */
const char *env_catalog_names(const char *sep);

/* Adds "key\tvalue" to e->meta (the value's whitespace runs are kept, newlines become spaces). */
void env_meta(env *e, const char *key, const char *value);
/* Runs argv on the host capturing the first line of its stdout into buf; "" on failure. */
const char *env_host_line(char *const argv[], char *buf, size_t len);
/* The host directory shared into every environment that can share one (<run>/share, created):
 * the "host directory seen from inside" of the I/O tables, as WSL2's /mnt/c. */
const char *env_share_host(const env *e, char *buf, size_t len);
/* A directory kept between runs beside the image layer, <image root>/<what>, and locked by this
 * process for the run: an engine's image store ("engines/docker": the layer imported once) or
 * an environment's cache directory ("cache/oci": a GOCACHE that stays warm). When another run
 * holds it, one of this run's own instead: <run>/env/<what>. */
const char *env_kept_dir(const env *e, const char *what, char *buf, size_t len);
/* The environment's cache directory on the host: env_kept_dir's "cache/<env>", cleared of the
 * scratch files a killed probe left behind. */
const char *env_kept_cache(const env *e, char *buf, size_t len);
/* argv under `strace -f -c -w -o <e->runtime_trace>` when a trace is asked for, else argv
 * itself; free the result with free() (the strings are argv's). */
/* A container engine's `run` command line: its nfixed options, then "-e" before each of envv,
 * the image and argv, NULL-terminated (docker's and podman's cells). The caller frees the array
 * (not the strings). */
const char **env_run_argv(const char *const fixed[], size_t nfixed, char *const envv[],
                          const char *image, char *const argv[]);
char **env_traced(const env *e, char *const argv[]);
/* Writes "# unsupported runtime-trace: why" to the trace file when a trace is asked for. */
void env_trace_unsupported(const env *e, const char *why);
/* Resident set (VmRSS) in bytes of pid; -1 when unreadable. */
double env_pid_rss(long pid);
/* Sum of VmRSS over all host processes whose comm equals one of names (NULL-terminated),
 * describing each in desc. Returns the number of processes found. */
int env_rss_by_name(const char *const names[], double *bytes, strbuf *desc);

#endif
