/* workload_probes.c - the tables that one repro-probe subcommand measures (T2.1, T2.3, T4.2,
 * T4.3): the static probe, run inside the environment with the arguments below, prints Go's
 * benchmark format itself, so normalize passes it through. One process per sample. */
#include "workload.h"

#include "log.h"

#include <stdlib.h>
#include <unistd.h>

/* `repro-probe <args...>` with a plain PATH, from /; args (n of them) are taken over. */
/* own: the cache directory where it lies on the environment's root filesystem (the host), else
 * /tmp (a container's overlayfs root); share: the driver's shared host directory, if any. */
/* A Windows drive under WSL for T2.1's fs=drvfs case: REPRO_DRVFS_DIR, else C:\Users\Public
 * (writable by every Windows user) when /mnt/c is there; NULL elsewhere. The host only: the
 * containers do not bind-mount it (not yet). */
static const char *drvfs_dir(const env *e)
{
    const char *d = getenv("REPRO_DRVFS_DIR");
    if (!env_can(e, CAP_HOST_TOOLS))
        return NULL;
    if (d && *d)
        return d;
    return access("/mnt/c/Users/Public", W_OK) == 0 ? "/mnt/c/Users/Public" : NULL;
}

static void fsio_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *args[9];
    size_t n = 0;
    args[n++] = xstrdup("fsio");
    if (o->quick || env_emulated(e)) /* TCG: 20000 calls a case would take minutes a cell */
        args[n++] = xstrdup("--quick");
    if (*e->share_dir) {
        args[n++] = xstrdup("--share");
        args[n++] = xstrdup(e->share_dir);
    }
    if (drvfs_dir(e)) {
        args[n++] = xstrdup("--drvfs");
        args[n++] = xstrdup(drvfs_dir(e));
    }
    args[n++] = xstrdup(e->cache_dir);
    args[n++] = xstrdup("/tmp");
    workload_probe(e, c, n, args);
}

static void devices_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)o;
    char *args[] = {xstrdup("devices")};
    workload_probe(e, c, 1, args);
}

static void memsources_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)o;
    char *args[] = {xstrdup("memsources")};
    workload_probe(e, c, 1, args);
}

static void cache_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    char *args[2] = {xstrdup("cache"), NULL};
    size_t n = 1;
    if (o->quick)
        args[n++] = xstrdup("--quick");
    workload_probe(e, c, n, args);
}

const workload workload_fsio = {
    .table = "T2.1",
    /* Under TCG too (with --quick's 2000 calls): the vm's 9p share (the .9p claims) is
     * measured nowhere else; the timing is flagged as emulated, as Table 1's is. */
    .runs_emulated = 1,
    .what = "repro-probe fsio: read(4 KiB) and stat() ns per call on the environment's own root "
            "filesystem, on the host directory its driver shares into it (a bind mount or 9p; "
            "absent where the driver shares none) and, where /dev/fuse and bindfs are there, "
            "through a bindfs FUSE mirror with direct_io and zero cache timeouts (every call "
            "crosses a userspace daemon, as in WSL1)",
    .command = fsio_command,
};

const workload workload_devices = {
    .table = "T2.3",
    .steady = 1,
    .runs_emulated = 1,
    .what = "repro-probe devices: serial (/dev/ttyS*), GPU (/dev/dri, /dev/nvidia*, /dev/dxg), "
            "GPIO (/dev/gpiochip*) and /dev/kvm nodes visible and openable (O_RDWR|O_NONBLOCK)",
    .command = devices_command,
};

const workload workload_memsources = {
    .table = "T4.2",
    .steady = 1,
    .runs_emulated = 1,
    .what = "repro-probe memsources: a child touches 64 MiB; its VmRSS, smaps_rollup Rss/Pss/"
            "Shared_Clean, and its cgroup's memory usage (whole group, and growth across the "
            "allocation)",
    .command = memsources_command,
};

const workload workload_cache = {
    .table = "T4.3",
    .what = "repro-probe cache: ns per element of sequential and strided (64 int64s) passes over "
            "256 MiB; cache misses from perf_event_open where a hardware PMU is visible",
    .command = cache_command,
};
