/* env_podman.c - rootful podman, the daemonless Docker look-alike: `podman run --network=none
 * --cpus=2 --memory=4g` on an image imported from the image layer (tagged by the layer's id).
 *
 * Its storage (--root, with the imported layer) and network config are the image store kept
 * beside the image layer (env_kept_dir), so the layer is imported once, not in every run;
 * its run root and tmpdir are fixed paths under /run (podman insists they never change for one
 * storage), removed by teardown. When another run holds the store, all of it lives under the
 * run directory instead and goes at teardown. cgroupfs manager, runc (crun refuses hybrid cgroups),
 * a cgroup parent named after the run, ulimits capped by this session's hard limits. Teardown also
 * stops stray conmon and `podman container cleanup` processes and removes the host paths podman
 * made outside its storage (env_podman_teardown.c: the teardown phase). */
#include "env_podman.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* What rootful podman sets when not told otherwise (containers/common): RLIMIT_NOFILE 1048576,
 * RLIMIT_NPROC the kernel's pid_max. */
#define PODMAN_NOFILE 1048576ULL

/* The paths of one store: the shared one, or one under the run directory. */
static void use_store(podman_state *s, const env *e, const char *store)
{
    s->own_store = strncmp(store, e->ctx->run_dir, strlen(e->ctx->run_dir)) == 0;
    snprintf(s->root, sizeof s->root, "%s/root", store);
    snprintf(s->netdir, sizeof s->netdir, "%s/net", store);
    /* podman refuses a run root longer than 50 characters; a kept store's is named after the
     * store's path (FNV-1a), so two checkouts' stores never share one. */
    unsigned long long h = 1469598103934665603ULL;
    for (const char *c = store; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    if (s->own_store)
        snprintf(s->runroot, sizeof s->runroot, "/run/repro-%s-podman", e->ctx->run_id);
    else
        snprintf(s->runroot, sizeof s->runroot, "/run/repro-podman-%016llx", h);
    snprintf(s->tmpdir, sizeof s->tmpdir, "%s/tmp", s->runroot);
}

podman_state *podman_st(env *e)
{
    if (!e->priv) {
        podman_state *s = xcalloc(1, sizeof *s);
        snprintf(s->dir, sizeof s->dir, "%s/env/podman", e->ctx->run_dir);
        snprintf(s->store_note, sizeof s->store_note, "%s/store-in-use", s->dir);
        char *store = fs_read_file(s->store_note, NULL); /* set when a run prepared */
        if (store)
            use_store(s, e, store);
        free(store);
        snprintf(s->created, sizeof s->created, "%s/created-host-paths", s->dir);
        snprintf(s->image, sizeof s->image, "localhost/repro-layer:%s", e->ctx->image_id);
        snprintf(s->cgroup_parent, sizeof s->cgroup_parent, "/repro-%s-podman", e->ctx->run_id);
        e->priv = s;
    }
    return e->priv;
}

/* podman with this run's storage and settings, then args; the caller frees the array. */
static char **podman_argv(podman_state *s, const char *const args[])
{
    const char *global[] = {"podman",   "--root",           s->root,    "--runroot",
                            s->runroot, "--tmpdir",         s->tmpdir,  "--network-config-dir",
                            s->netdir,  "--cgroup-manager", "cgroupfs", "--runtime",
                            "runc",     "--storage-driver", "overlay",  "--events-backend",
                            "file"};
    size_t ng = sizeof global / sizeof *global, na = 0;
    while (args[na])
        na++;
    char **argv = xmalloc((ng + na + 1) * sizeof *argv);
    for (size_t i = 0; i < ng; i++)
        argv[i] = (char *)global[i];
    for (size_t i = 0; i < na; i++)
        argv[ng + i] = (char *)args[i];
    argv[ng + na] = NULL;
    return argv;
}

int podman_cmd(podman_state *s, const char *const args[], strbuf *out, double timeout)
{
    char **argv = podman_argv(s, args);
    strbuf ignored = {0};
    int rc = proc_capture(argv, timeout, out ? out : &ignored);
    sb_free(&ignored);
    free(argv);
    return rc;
}

/* The output up to its first newline (podman's templates end with one). */
static const char *first_line(strbuf *out)
{
    if (!out->buf)
        return "";
    out->len = strcspn(out->buf, "\n");
    out->buf[out->len] = '\0';
    return out->buf;
}

static unsigned long long hard_limit(int resource)
{
    struct rlimit rl;
    return getrlimit(resource, &rl) == 0 ? (unsigned long long)rl.rlim_max : 0;
}

static int podman_probe(env *e)
{
    char buf[256];
    char *ver[] = {"podman", "--version", NULL}, *runc[] = {"runc", "--version", NULL};
    if (geteuid() != 0) {
        snprintf(e->reason, sizeof e->reason, "rootful podman needs root; run as root");
        return -1;
    }
    if (!*env_host_line(ver, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason, "podman is not installed (Debian package podman)");
        return -1;
    }
    if (!*env_host_line(runc, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason,
                 "podman here runs containers with runc, which is "
                 "not installed (Debian package runc)");
        return -1;
    }
    return 0;
}

static int import_image(env *e, podman_state *s)
{
    const char *exists[] = {"image", "exists", s->image, NULL};
    int rc = podman_cmd(s, exists, NULL, 60); /* 0 there, 1 absent, else podman failed */
    if (rc == 0)
        return 0;
    if (rc != 1 && !s->own_store) {
        /* A kept store podman cannot open (an interrupted run, a podman upgrade, a changed
         * setting): emptied, and the layer imported again. */
        log_warn("podman cannot use its kept store %s (exit %d): emptying it", s->root, rc);
        podman_unmount_below(s->root);
        char *rmrf[] = {"rm", "-rf", s->root, s->netdir, NULL};
        proc_result rr;
        proc_run(rmrf, NULL, &rr);
        fs_mkdirs(s->root);
        fs_mkdirs(s->netdir);
    }
    /* The store keeps one layer: older ones go before the new one comes in. */
    const char *prune[] = {"rmi", "--all", "--force", NULL};
    podman_cmd(s, prune, NULL, 120);
    const char *import[] = {"import", "--quiet", "-", s->image, NULL};
    char **podman = podman_argv(s, import);
    char *rootfs = xasprintf("%s/rootfs", e->ctx->image_dir);
    size_t n = 0;
    while (podman[n])
        n++;
    char **argv = xmalloc((n + 6) * sizeof *argv);
    argv[0] = "sh";
    argv[1] = "-c";
    argv[2] = "dir=$1; shift; tar -C \"$dir\" -cf - . | \"$@\"";
    argv[3] = "sh";
    argv[4] = rootfs;
    memcpy(argv + 5, podman, (n + 1) * sizeof *argv);
    proc_opts o = {.stdout_path = "/dev/null", .timeout_s = 600};
    proc_result r;
    rc = proc_run(argv, &o, &r);
    free(argv);
    free(podman);
    free(rootfs);
    if (rc != 0 || !proc_ok(&r)) {
        snprintf(e->reason, sizeof e->reason, "podman import of the image layer failed");
        return -1;
    }
    return 0;
}

static int podman_prepare(env *e)
{
    podman_state *s = podman_st(e);
    char buf[512], store_dir[800];
    use_store(s, e, env_kept_dir(e, "engines/podman", store_dir, sizeof store_dir));
    env_kept_cache(e, s->cache, sizeof s->cache);
    if (fs_mkdirs(s->dir) || fs_write_atomic(s->store_note, store_dir, strlen(store_dir)) != 0 ||
        fs_mkdirs(s->root) || fs_mkdirs(s->runroot) || fs_mkdirs(s->tmpdir) ||
        fs_mkdirs(s->netdir) || fs_mkdirs(s->cache)) {
        snprintf(e->reason, sizeof e->reason, "cannot create %s: %s", s->dir, strerror(errno));
        return -1;
    }
    podman_note_missing_host_paths(s);
    if (import_image(e, s) != 0)
        return -1;
    snprintf(e->work_dir, sizeof e->work_dir, "/work");
    snprintf(e->bin_dir, sizeof e->bin_dir, "/usr/local/bin");
    snprintf(e->cache_dir, sizeof e->cache_dir, "/cache");
    snprintf(e->share_dir, sizeof e->share_dir, "/share");

    unsigned long long nofile = hard_limit(RLIMIT_NOFILE), nproc = hard_limit(RLIMIT_NPROC);
    char *pid_max_text = fs_read_file("/proc/sys/kernel/pid_max", NULL);
    unsigned long long pid_max = pid_max_text ? strtoull(pid_max_text, NULL, 10) : 0;
    free(pid_max_text);
    if (nofile > PODMAN_NOFILE)
        nofile = PODMAN_NOFILE;
    if (pid_max > 0 && nproc > pid_max)
        nproc = pid_max;
    snprintf(s->nofile, sizeof s->nofile, "nofile=%llu:%llu", nofile, nofile);
    snprintf(s->nproc, sizeof s->nproc, "nproc=%llu:%llu", nproc, nproc);

    strbuf out = {0};
    const char *info[] = {"info", "--format",
                          "podman {{.Version.Version}} (no daemon); {{.Host.Conmon.Version}}",
                          NULL};
    podman_cmd(s, info, &out, 30);
    env_meta(e, "engine", first_line(&out));
    sb_reset(&out);
    char *runc[] = {"runc", "--version", NULL};
    env_meta(e, "runtime", env_host_line(runc, buf, sizeof buf));
    const char *store[] = {"info", "--format",
                           "{{.Store.GraphDriverName}} storage (kept between runs); cgroup "
                           "manager {{.Host.CgroupManager}}, cgroup {{.Host.CgroupsVersion}}",
                           NULL};
    podman_cmd(s, store, &out, 30);
    env_meta(e, "storage", first_line(&out));
    sb_free(&out);
    env_meta(e, "image", s->image);
    snprintf(buf, sizeof buf,
             "--ulimit %s --ulimit %s (podman would ask nofile=%llu and nproc=pid_max; this "
             "session's hard limits are nofile %llu, nproc %llu)",
             s->nofile, s->nproc, PODMAN_NOFILE, hard_limit(RLIMIT_NOFILE),
             hard_limit(RLIMIT_NPROC));
    env_meta(e, "ulimits", buf);
    snprintf(buf, sizeof buf, "--cpus=%.2f --memory=%lld --cgroup-parent=%s", e->ctx->cpus,
             e->ctx->memory, s->cgroup_parent);
    env_meta(e, "limits_requested", buf);
    return 0;
}

static int podman_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                       const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    podman_state *s = podman_st(e);
    char name[128], cpus[32], mem[32], vol[820], label[200], parent[220];
    snprintf(name, sizeof name, "repro-%s-podman-%u", e->ctx->run_id, ++s->serial);
    snprintf(cpus, sizeof cpus, "--cpus=%.2f", e->ctx->cpus);
    snprintf(mem, sizeof mem, "--memory=%lld", e->ctx->memory);
    snprintf(vol, sizeof vol, "%s:/cache", s->cache);
    char share[800], share_vol[820];
    snprintf(share_vol, sizeof share_vol, "%s:/share", env_share_host(e, share, sizeof share));
    snprintf(label, sizeof label, "repro.run=%s", e->ctx->run_id);
    snprintf(parent, sizeof parent, "--cgroup-parent=%s", s->cgroup_parent);
    const char *fixed[] = {"run",    "--rm",   "--pull=never", "--network=none", cpus,
                           mem,      parent,   "--ulimit",     s->nofile,        "--ulimit",
                           s->nproc, "--name", name,           "--label",        label,
                           "-v",     vol,      "-v",           share_vol,        "-w",
                           cwd};
    const char **args = env_run_argv(fixed, sizeof fixed / sizeof *fixed, envv, s->image, argv);
    char **full = podman_argv(s, args);
    proc_opts o = {.stdout_path = out_path, .stderr_path = err_path, .timeout_s = timeout_s};
    /* T2.2a: podman has no daemon, so strace -f follows it into conmon and the runtime. */
    char **traced = env_traced(e, full);
    int rc = proc_run(traced, &o, r);
    free(traced);
    free(full);
    free(args);
    if (rc != 0 || !proc_ok(r)) {
        const char *rm[] = {"rm", "--force", "--time", "0", name, NULL};
        podman_cmd(s, rm, NULL, 60);
    }
    return rc;
}

static int podman_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    (void)e;
    *bytes = 0;
    sb_puts(desc, "none: podman has no daemon (conmon runs per container, only while it runs)");
    return 0;
}

static const env_driver podman_driver = {
    .driver = "podman",
    .probe = podman_probe,
    .prepare = podman_prepare,
    .exec = podman_exec,
    .daemon_rss = podman_daemon_rss,
    .teardown = podman_teardown,
};
ENV_DRIVER(podman_driver)
