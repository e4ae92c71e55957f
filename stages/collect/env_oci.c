/* env_oci.c - an OCI container run by runc with no daemon: the Docker analogue without Docker.
 *
 * The bundle's root is an overlayfs mount (lower: the read-only image layer, upper: this run's
 * directory), with the article's Docker Desktop limits (2 CPUs, 4 GiB) as cgroup resources and
 * no network. runc keeps its state under the run directory (--root), so teardown (and
 * `repro-collect --cleanup`) finds and removes every container this run made. */
#include "env.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

typedef struct {
    char dir[600], upper[700], work[700], merged[700], bundle[700], state[700];
    unsigned serial;
} oci_state;

static oci_state *st(env *e)
{
    if (!e->priv) {
        oci_state *s = xcalloc(1, sizeof *s);
        snprintf(s->dir, sizeof s->dir, "%s/env/oci", e->ctx->run_dir);
        snprintf(s->upper, sizeof s->upper, "%s/upper", s->dir);
        snprintf(s->work, sizeof s->work, "%s/work", s->dir);
        snprintf(s->merged, sizeof s->merged, "%s/merged", s->dir);
        snprintf(s->bundle, sizeof s->bundle, "%s/bundle", s->dir);
        snprintf(s->state, sizeof s->state, "%s/state", s->dir);
        e->priv = s;
    }
    return e->priv;
}

static int oci_probe(env *e)
{
    char buf[256];
    char *ver[] = {"runc", "--version", NULL};
    if (geteuid() != 0) {
        snprintf(e->reason, sizeof e->reason, "runc needs root to mount overlayfs and create "
                                              "cgroups; run as root");
        return -1;
    }
    if (!*env_host_line(ver, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason, "runc is not installed (Debian package runc)");
        return -1;
    }
    char *fs = fs_read_file("/proc/filesystems", NULL);
    int overlay = fs && strstr(fs, "\toverlay\n") != NULL;
    free(fs);
    if (!overlay) {
        snprintf(e->reason, sizeof e->reason, "the kernel has no overlayfs");
        return -1;
    }
    return 0;
}

static int oci_prepare(env *e)
{
    oci_state *s = st(e);
    char buf[256], opts[2400];
    char *ver[] = {"runc", "--version", NULL};
    if (fs_mkdirs(s->upper) || fs_mkdirs(s->work) || fs_mkdirs(s->merged) ||
        fs_mkdirs(s->bundle) || fs_mkdirs(s->state)) {
        snprintf(e->reason, sizeof e->reason, "cannot create %s: %s", s->dir, strerror(errno));
        return -1;
    }
    snprintf(opts, sizeof opts, "lowerdir=%s/rootfs,upperdir=%s,workdir=%s", e->ctx->image_dir,
             s->upper, s->work);
    if (mount("overlay", s->merged, "overlay", 0, opts) != 0) {
        snprintf(e->reason, sizeof e->reason, "mounting overlayfs on %s: %s", s->merged,
                 strerror(errno));
        return -1;
    }
    snprintf(e->work_dir, sizeof e->work_dir, "/work");
    snprintf(e->bin_dir, sizeof e->bin_dir, "/usr/local/bin");
    snprintf(e->cache_dir, sizeof e->cache_dir, "/cache");
    char cache[700];
    snprintf(cache, sizeof cache, "%s/cache/oci", e->ctx->run_dir);
    fs_mkdirs(cache);
    env_meta(e, "runtime", env_host_line(ver, buf, sizeof buf));
    env_meta(e, "engine", "none (runc called directly, no daemon)");
    env_meta(e, "storage", "overlayfs: lower = image layer (read-only), upper = run directory");
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
    char cache[700];
    snprintf(cache, sizeof cache, "%s/cache/oci", e->ctx->run_dir);
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
                 "{\"destination\":\"/cache\",\"type\":\"bind\",\"source\":");
    json_str(&sb, cache);
    sb_puts(&sb, ",\"options\":[\"rbind\",\"rw\"]}],\"linux\":{\"resources\":{"
                 "\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],");
    sb_printf(&sb, "\"memory\":{\"limit\":%lld},\"cpu\":{\"quota\":%lld,\"period\":%lld}},",
              e->ctx->memory, quota, period);
    sb_puts(&sb, "\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},"
                 "{\"type\":\"uts\"},{\"type\":\"mount\"}],"
                 "\"maskedPaths\":[\"/proc/acpi\",\"/proc/kcore\",\"/proc/keys\","
                 "\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
                 "\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\"],"
                 "\"readonlyPaths\":[\"/proc/asound\",\"/proc/bus\",\"/proc/fs\",\"/proc/irq\","
                 "\"/proc/sys\",\"/proc/sysrq-trigger\"]}}\n");
    return sb_detach(&sb);
}

static int oci_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                    const char *out_path, const char *err_path, double timeout_s,
                    proc_result *r)
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
    snprintf(id, sizeof id, "repro-%s-%u", e->ctx->run_id, ++s->serial);
    char *run[] = {"runc", "--root", s->state, "run", "--bundle", s->bundle, id, NULL};
    proc_opts o = {.stdout_path = out_path, .stderr_path = err_path, .timeout_s = timeout_s};
    rc = proc_run(run, &o, r);
    if (rc != 0 || !proc_ok(r)) { /* a killed runc can leave its container behind */
        char *del[] = {"runc", "--root", s->state, "delete", "--force", id, NULL};
        proc_opts quiet = {.stdout_path = "/dev/null", .stderr_path = "/dev/null",
                           .timeout_s = 30};
        proc_result dr;
        proc_run(del, &quiet, &dr);
    }
    return rc;
}

static int oci_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    (void)e;
    *bytes = 0;
    sb_puts(desc, "none: runc is not a daemon");
    return 0;
}

static void oci_teardown(env *e)
{
    oci_state *s = st(e);
    size_t n;
    char **ids = fs_list_dir(s->state, &n);
    for (size_t i = 0; ids && i < n; i++) {
        char *del[] = {"runc", "--root", s->state, "delete", "--force", ids[i], NULL};
        proc_opts quiet = {.stdout_path = "/dev/null", .stderr_path = "/dev/null",
                           .timeout_s = 30};
        proc_result dr;
        proc_run(del, &quiet, &dr);
    }
    if (ids)
        fs_free_list(ids, n);
    if (umount2(s->merged, 0) != 0 && errno != EINVAL && errno != ENOENT)
        umount2(s->merged, MNT_DETACH);
    char *rm[] = {"rm", "-rf", s->upper, s->work, NULL};
    proc_result rr;
    proc_run(rm, NULL, &rr);
    free(e->priv);
    e->priv = NULL;
}

const env_driver env_oci_driver = {
    .name = "oci",
    .what = "runc, no daemon: overlayfs root over the image layer, 2 CPUs / 4 GiB cgroup limits, "
            "no network",
    .probe = oci_probe,
    .prepare = oci_prepare,
    .exec = oci_exec,
    .daemon_rss = oci_daemon_rss,
    .teardown = oci_teardown,
};
