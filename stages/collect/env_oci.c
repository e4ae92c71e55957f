/* env_oci.c - an OCI container run by runc or crun with no daemon: the Docker analogue without
 * Docker. One file, two drivers: "oci" (runc) and "oci-crun" (crun), told apart by the runtime
 * each registers with (e->drv->arg).
 *
 * The bundle's root is an overlayfs mount (lower: the read-only image layer, upper: this run's
 * directory), with the article's Docker Desktop limits (2 CPUs, 4 GiB) as cgroup resources and
 * no network. The runtime keeps its state under the run directory (--root), so teardown (and
 * `repro-collect --cleanup`) finds and removes every container this run made.
 *
 * crun refuses hybrid cgroups (v1 controllers plus a cgroup2 mount at /sys/fs/cgroup/unified
 * that lists controllers). There crun runs in a private mount namespace of its own without the
 * unified mount, so it sees, and drives, plain cgroup v1; the host's mounts stay untouched. */
#include "env.h"

#include "arm.h"

#include "fsutil.h"
#include "log.h"
#include "seccomp_json.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

typedef struct {
    const char *binary;  /* runc or crun, searched in PATH */
    const char *package; /* the Debian package that has it */
    int rejects_hybrid;  /* refuses hybrid cgroups with controllers on the v2 side */
} oci_runtime;

static const oci_runtime runc_runtime = {"runc", "runc", 0}, crun_runtime = {"crun", "crun", 1};

/* The runtime the driver variant was registered with (oci: runc, oci-crun: crun). */
static const oci_runtime *runtime_of(const env *e)
{
    return e->drv->arg;
}

typedef struct {
    char dir[600], upper[700], work[700], merged[700], bundle[700], state[700], cache[800];
    /* The v2 controllers of hybrid cgroups that crun refuses, e.g. "hugetlb"; when set, crun
     * runs without /sys/fs/cgroup/unified ("" for runc, or when the host is not hybrid). */
    char hybrid[256];
    unsigned serial;
} oci_state;

/* "" unless cgroups are hybrid with controllers on the v2 side, which crun rejects; then the
 * controllers, e.g. "hugetlb". */
static void hybrid_controllers(char *buf, size_t len)
{
    struct statfs root, unified;
    buf[0] = '\0';
    if (statfs("/sys/fs/cgroup", &root) != 0 || root.f_type != TMPFS_MAGIC ||
        statfs("/sys/fs/cgroup/unified", &unified) != 0 || unified.f_type != CGROUP2_SUPER_MAGIC)
        return;
    char *ctrl = fs_read_file("/sys/fs/cgroup/unified/cgroup.controllers", NULL);
    if (ctrl)
        snprintf(buf, len, "%.*s", (int)strcspn(ctrl, "\n"), ctrl);
    free(ctrl);
}

static oci_state *st(env *e)
{
    if (!e->priv) {
        oci_state *s = xcalloc(1, sizeof *s);
        snprintf(s->dir, sizeof s->dir, "%s/env/%s", e->ctx->run_dir, e->drv->name);
        snprintf(s->upper, sizeof s->upper, "%s/upper", s->dir);
        snprintf(s->work, sizeof s->work, "%s/work", s->dir);
        snprintf(s->merged, sizeof s->merged, "%s/merged", s->dir);
        snprintf(s->bundle, sizeof s->bundle, "%s/bundle", s->dir);
        snprintf(s->state, sizeof s->state, "%s/state", s->dir);
        if (runtime_of(e)->rejects_hybrid)
            hybrid_controllers(s->hybrid, sizeof s->hybrid);
        e->priv = s;
    }
    return e->priv;
}

/* Run by sh -c in crun's own mount namespace: $0 is crun, "$@" its arguments. */
#define HIDE_UNIFIED_SH "umount /sys/fs/cgroup/unified && exec \"$0\" \"$@\""

/* The runtime's command line for args (NULL-terminated, at most 5), into argv[16]. */
static void runtime_argv(env *e, const char *const args[], char *argv[16])
{
    oci_state *s = st(e);
    size_t n = 0;
    if (*s->hybrid) {
        static const char *const hide_unified[] = {"unshare", "--mount", "--propagation", "private",
                                                   "sh",      "-c",      HIDE_UNIFIED_SH, NULL};
        for (size_t i = 0; hide_unified[i]; i++)
            argv[n++] = (char *)hide_unified[i];
    }
    argv[n++] = (char *)runtime_of(e)->binary;
    argv[n++] = "--root";
    argv[n++] = s->state;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
}

static void runtime_quiet(env *e, const char *const args[])
{
    char *argv[16];
    runtime_argv(e, args, argv);
    proc_opts quiet = {.stdout_path = "/dev/null", .stderr_path = "/dev/null", .timeout_s = 30};
    proc_result r;
    proc_run(argv, &quiet, &r);
}

static int oci_probe(env *e)
{
    const oci_runtime *rt = runtime_of(e);
    oci_state *s = st(e);
    char buf[256];
    /* With --root: crun creates its default state directory (/run/crun) otherwise. */
    char *ver[] = {(char *)rt->binary, "--root", s->state, "--version", NULL};
    if (geteuid() != 0) {
        snprintf(e->reason, sizeof e->reason,
                 "%s needs root to mount overlayfs and create cgroups; run as root", rt->binary);
        return -1;
    }
    if (!*env_host_line(ver, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason, "%s is not installed (Debian package %s)", rt->binary,
                 rt->package);
        return -1;
    }
    char *fs = fs_read_file("/proc/filesystems", NULL);
    int overlay = fs && strstr(fs, "\toverlay\n") != NULL;
    free(fs);
    if (!overlay) {
        snprintf(e->reason, sizeof e->reason, "the kernel has no overlayfs");
        return -1;
    }
    if (*s->hybrid) { /* can this process hide the unified mount from crun? */
        static const char *const args[] = {"--version", NULL};
        char *argv[16];
        runtime_argv(e, args, argv);
        proc_opts quiet = {.stdout_path = "/dev/null", .stderr_path = "/dev/null", .timeout_s = 20};
        proc_result r;
        if (proc_run(argv, &quiet, &r) != 0 || !proc_ok(&r)) {
            snprintf(e->reason, sizeof e->reason,
                     "cgroups are hybrid and cgroup2 at /sys/fs/cgroup/unified lists "
                     "controllers (%s), which crun refuses (\"cgroups in hybrid mode not "
                     "supported\"); unmounting it in a private mount namespace for crun "
                     "failed (unshare, from util-linux, and CAP_SYS_ADMIN are needed)",
                     s->hybrid);
            return -1;
        }
    }
    return 0;
}

static int oci_prepare(env *e)
{
    const oci_runtime *rt = runtime_of(e);
    oci_state *s = st(e);
    char buf[512], opts[2400];
    char *ver[] = {(char *)rt->binary, "--root", s->state, "--version", NULL};
    env_kept_cache(e, s->cache, sizeof s->cache);
    if (fs_mkdirs(s->upper) || fs_mkdirs(s->work) || fs_mkdirs(s->merged) || fs_mkdirs(s->bundle) ||
        fs_mkdirs(s->state) || fs_mkdirs(s->cache)) {
        snprintf(e->reason, sizeof e->reason, "cannot create %s: %s", s->dir, strerror(errno));
        return -1;
    }
    snprintf(opts, sizeof opts, "lowerdir=%s/rootfs,upperdir=%s,workdir=%s", e->ctx->image_dir,
             s->upper, s->work);
    if (e->drops && str_list_has(e->drops, "overlay")) { /* the rootfs arm (env_arm.c) */
        snprintf(opts, sizeof opts, "%s/rootfs", e->ctx->image_dir);
        if (arm_bind_root(opts, s->upper, s->merged, e->reason, sizeof e->reason) != 0)
            return -1;
    } else if (mount("overlay", s->merged, "overlay", 0, opts) != 0) {
        snprintf(e->reason, sizeof e->reason, "mounting overlayfs on %s: %s", s->merged,
                 strerror(errno));
        return -1;
    }
    snprintf(e->work_dir, sizeof e->work_dir, "/work");
    snprintf(e->bin_dir, sizeof e->bin_dir, "/usr/local/bin");
    snprintf(e->cache_dir, sizeof e->cache_dir, "/cache");
    snprintf(e->share_dir, sizeof e->share_dir, "/share");
    env_meta(e, "runtime", env_host_line(ver, buf, sizeof buf));
    snprintf(buf, sizeof buf, "none (%s called directly, no daemon)", rt->binary);
    env_meta(e, "engine", buf);
    env_meta(e, "storage",
             e->drops && str_list_has(e->drops, "overlay")
                 ? "a private copy of the image layer, bind-mounted as the root "
                   "(no overlayfs)"
                 : "overlayfs: lower = image layer (read-only), upper = run directory");
    if (*s->hybrid) {
        snprintf(buf, sizeof buf,
                 "hybrid cgroups with controllers on the v2 side (%s), which crun refuses: crun "
                 "runs in a private mount namespace without /sys/fs/cgroup/unified and drives "
                 "the v1 controllers; the host is not changed",
                 s->hybrid);
        env_meta(e, "cgroup_workaround", buf);
    }
    snprintf(buf, sizeof buf, "%.2f CPUs, %lld bytes (requested)", e->ctx->cpus, e->ctx->memory);
    env_meta(e, "limits_requested", buf);
    return 0;
}

static void json_str(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_printf(sb, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            sb_printf(sb, "\\u%04x", (unsigned char)*s);
        else
            sb_putc(sb, *s);
    }
    sb_putc(sb, '"');
}

static void json_list(strbuf *sb, char *const items[])
{
    sb_putc(sb, '[');
    for (size_t i = 0; items[i]; i++) {
        if (i)
            sb_putc(sb, ',');
        json_str(sb, items[i]);
    }
    sb_putc(sb, ']');
}

/* The runtime spec: runc's defaults (namespaces, masked paths, capabilities) plus our root,
 * process, cache bind mount and the article's resource limits. */
static char *config_json(env *e, char *const argv[], char *const envv[], const char *cwd)
{
    oci_state *s = st(e);
    strbuf sb = {0};
    long long period = 100000, quota = (long long)(e->ctx->cpus * (double)period);
    sb_puts(&sb, "{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,"
                 "\"user\":{\"uid\":0,\"gid\":0},\"args\":");
    json_list(&sb, argv);
    sb_puts(&sb, ",\"env\":");
    json_list(&sb, envv);
    sb_puts(&sb, ",\"cwd\":");
    json_str(&sb, cwd);
    sb_puts(&sb, ",\"capabilities\":{");
    static const char *const sets[] = {"bounding", "effective", "permitted"};
    for (int i = 0; i < 3; i++)
        sb_printf(&sb, "%s\"%s\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]",
                  i ? "," : "", sets[i]);
    sb_puts(&sb, "},\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
                 "\"noNewPrivileges\":true},\"root\":{\"path\":");
    json_str(&sb, s->merged);
    sb_puts(&sb, ",\"readonly\":false},\"hostname\":\"repro-oci\",\"mounts\":["
                 "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
                 "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                 "\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]},"
                 "{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\","
                 "\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\","
                 "\"mode=0620\"]},"
                 "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},"
                 "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]},"
                 "{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]},"
                 "{\"destination\":\"/share\",\"type\":\"bind\",\"source\":");
    char share[800];
    json_str(&sb, env_share_host(e, share, sizeof share));
    sb_puts(&sb, ",\"options\":[\"rbind\",\"rw\"]},"
                 "{\"destination\":\"/cache\",\"type\":\"bind\",\"source\":");
    json_str(&sb, s->cache);
    sb_puts(&sb, ",\"options\":[\"rbind\",\"rw\"]}],\"linux\":{\"resources\":{"
                 "\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]");
    if (!e->drops || !str_list_has(e->drops, "limits")) /* the article's limits (arms: no-limits) */
        sb_printf(&sb, ",\"memory\":{\"limit\":%lld},\"cpu\":{\"quota\":%lld,\"period\":%lld}",
                  e->ctx->memory, quota, period);
    sb_puts(&sb, "},");
    if (!e->drops || !str_list_has(e->drops, "seccomp")) { /* the default filter a container gets */
        seccomp_json_default(&sb);
        sb_putc(&sb, ',');
    }
    sb_puts(&sb, "\"namespaces\":[{\"type\":\"pid\"},");
    if (!e->drops || !str_list_has(e->drops, "netns")) /* the netns arm: the host's network */
        sb_puts(&sb, "{\"type\":\"network\"},");
    sb_puts(&sb, "{\"type\":\"ipc\"},"
                 "{\"type\":\"uts\"},{\"type\":\"mount\"}],"
                 "\"maskedPaths\":[\"/proc/acpi\",\"/proc/kcore\",\"/proc/keys\","
                 "\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
                 "\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\"],"
                 "\"readonlyPaths\":[\"/proc/asound\",\"/proc/bus\",\"/proc/fs\",\"/proc/irq\","
                 "\"/proc/sys\",\"/proc/sysrq-trigger\"]}}\n");
    return sb_detach(&sb);
}

static int oci_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                    const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    oci_state *s = st(e);
    char path[800], id[128];
    char *json = config_json(e, argv, envv, cwd);
    snprintf(path, sizeof path, "%s/config.json", s->bundle);
    int rc = fs_write_atomic(path, json, strlen(json));
    free(json);
    if (rc != 0) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    snprintf(id, sizeof id, "repro-%s-%s-%u", e->ctx->run_id, runtime_of(e)->binary, ++s->serial);
    const char *args[] = {"run", "--bundle", s->bundle, id, NULL};
    char *run[16];
    runtime_argv(e, args, run);
    proc_opts o = {.stdout_path = out_path, .stderr_path = err_path, .timeout_s = timeout_s};
    char **traced = env_traced(e, run); /* T2.2a: the runtime itself under strace */
    rc = proc_run(traced, &o, r);
    free(traced);
    if (rc != 0 || !proc_ok(r)) { /* a killed runtime can leave its container behind */
        const char *del[] = {"delete", "--force", id, NULL};
        runtime_quiet(e, del);
    }
    return rc;
}

static int oci_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    *bytes = 0;
    sb_printf(desc, "none: %s is not a daemon", runtime_of(e)->binary);
    return 0;
}

static void oci_teardown(env *e)
{
    oci_state *s = st(e);
    size_t n;
    char **ids = fs_list_dir(s->state, &n);
    for (size_t i = 0; ids && i < n; i++) {
        const char *del[] = {"delete", "--force", ids[i], NULL};
        runtime_quiet(e, del);
    }
    if (ids)
        fs_free_list(ids, n);
    /* A runtime killed while it made a container (a crash, a SIGKILL) leaves no state for
     * delete to find, but its cgroups: remove this run's, deepest first (they are empty now). */
    char *pattern = xasprintf("repro-%s-%s-*", e->ctx->run_id, runtime_of(e)->binary);
    char *find[] = {"find", "/sys/fs/cgroup", "-depth", "-type", "d", "-name", pattern,
                    "-exec", "rmdir", "{}", "+", NULL};
    proc_result fr;
    proc_run(find, NULL, &fr);
    free(pattern);
    if (umount2(s->merged, 0) != 0 && errno != EINVAL && errno != ENOENT)
        umount2(s->merged, MNT_DETACH);
    char *rm[] = {"rm", "-rf", s->upper, s->work, NULL};
    proc_result rr;
    proc_run(rm, NULL, &rr);
    free(e->priv);
    e->priv = NULL;
}

static const env_driver oci_driver = {
    .driver = "oci",
    .arg = &runc_runtime,
    .probe = oci_probe,
    .prepare = oci_prepare,
    .exec = oci_exec,
    .daemon_rss = oci_daemon_rss,
    .teardown = oci_teardown,
};
ENV_DRIVER(oci_driver)

static const env_driver oci_crun_driver = {
    .driver = "oci-crun",
    .arg = &crun_runtime,
    .probe = oci_probe,
    .prepare = oci_prepare,
    .exec = oci_exec,
    .daemon_rss = oci_daemon_rss,
    .teardown = oci_teardown,
};
ENV_DRIVER(oci_crun_driver)
