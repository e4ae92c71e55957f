/* env_docker.c - a real Docker engine: the one at DOCKER_HOST or the default socket, else (as
 * root, with Debian's dockerd installed) a private engine started for this run only, said so.
 *
 * The engine is named from `docker info` (OperatingSystem, Name, KernelVersion, recorded): Docker
 * Desktop (WSL2 integration) is the article's own engine. When Desktop's CLI is here but its
 * engine does not answer, the environment is unavailable with that reason: no private dockerd
 * stands in for it. Desktop's daemons live in its own VM distro, outside our PID namespace:
 * their memory is read by a helper container in the engine's PID namespace (--pid=host), else
 * "not measurable from this distro", never summed from daemons that happen to run here.
 *
 * The private engine has its own exec-root, pidfile and socket, no iptables and no bridge; its
 * data-root is the image store kept beside the image layer (env_kept_dir), so the layer is
 * imported once, not in every run. Teardown stops the engine, removes this run's containers
 * and files, also when collect is interrupted or `repro-collect --cleanup` runs after a crash. The
 * client is /usr/bin/docker (Debian's, or Desktop's integration), named explicitly because another
 * `docker` may come first in PATH (REPRO_DOCKER_CLIENT overrides it: tests' fake Desktop); its
 * version is recorded. */
#include "env.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char client[256];
    char host[800]; /* -H value */
    char dir[600];  /* private engine: data-root etc. */
    char exec_root[700], pidfile[700];
    char data_root[800], store_note[700]; /* the store in use, and the file naming it */
    char cache[800];                      /* the host directory mounted at /cache */
    int private_engine;
    int desktop;                 /* the engine says it is Docker Desktop */
    char desktop_cli[300];       /* why Desktop is expected (its CLI), or "" */
    char engine[3][160];         /* docker info: OperatingSystem, Name, KernelVersion */
    long pid;
    char image[128];
    unsigned serial;
} docker_state;

static docker_state *st(env *e)
{
    if (!e->priv) {
        docker_state *s = xcalloc(1, sizeof *s);
        const char *c = getenv("REPRO_DOCKER_CLIENT");
        snprintf(s->client, sizeof s->client, "%s",
                 c && *c                                ? c
                 : access("/usr/bin/docker", X_OK) == 0 ? "/usr/bin/docker"
                                                         : "docker");
        snprintf(s->dir, sizeof s->dir, "%s/env/docker", e->ctx->run_dir);
        /* Unix socket paths are limited to 108 bytes: containerd's sockets live under the
         * exec-root, so a deep run directory gets a short exec-root under /run instead. */
        if (strlen(s->dir) < 48)
            snprintf(s->exec_root, sizeof s->exec_root, "%s/exec", s->dir);
        else
            snprintf(s->exec_root, sizeof s->exec_root, "/run/repro-%s", e->ctx->run_id);
        snprintf(s->pidfile, sizeof s->pidfile, "%s/dockerd.pid", s->dir);
        snprintf(s->store_note, sizeof s->store_note, "%s/store-in-use", s->dir);
        snprintf(s->image, sizeof s->image, "repro-layer:%s", e->ctx->image_id);
        e->priv = s;
    }
    return e->priv;
}

static int docker_cmd(docker_state *s, const char *const args[], strbuf *out, double timeout)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = s->client;
    argv[n++] = "-H";
    argv[n++] = s->host;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    strbuf ignored = {0};
    int rc = proc_capture(argv, timeout, out ? out : &ignored);
    sb_free(&ignored);
    return rc;
}

static int engine_answers(docker_state *s)
{
    const char *args[] = {"version", "--format", "{{.Server.Version}}", NULL};
    return docker_cmd(s, args, NULL, 15) == 0;
}

/* Docker Desktop's WSL2 integration links the client into its own distro's mount. */
static void desktop_expected(docker_state *s)
{
    char real[PATH_MAX];
    if (!realpath(s->client, real))
        return;
    if (strstr(real, "/mnt/wsl/docker-desktop") || strstr(real, "Docker/resources/bin"))
        snprintf(s->desktop_cli, sizeof s->desktop_cli, "the docker client %.120s is Docker "
                 "Desktop's (%.120s)", s->client, real);
}

/* The engine's own account of itself: OperatingSystem, Name, KernelVersion. */
static void identify_engine(docker_state *s)
{
    strbuf out = {0};
    const char *info[] = {"info", "--format", "{{.OperatingSystem}}\t{{.Name}}\t{{.KernelVersion}}",
                          NULL};
    if (docker_cmd(s, info, &out, 15) == 0) {
        char *save, *f = strtok_r(out.buf ? out.buf : "", "\t\n", &save);
        for (int i = 0; i < 3 && f; i++, f = strtok_r(NULL, "\t\n", &save))
            snprintf(s->engine[i], sizeof s->engine[i], "%s", f);
    }
    sb_free(&out);
    s->desktop = strstr(s->engine[0], "Docker Desktop") != NULL;
}

static int docker_probe(env *e)
{
    docker_state *s = st(e);
    char buf[256];
    char *ver[] = {s->client, "--version", NULL};
    if (!*env_host_line(ver, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason, "no docker client (Debian package docker.io)");
        return -1;
    }
    const char *dh = getenv("DOCKER_HOST");
    snprintf(s->host, sizeof s->host, "%s", dh && *dh ? dh : "unix:///var/run/docker.sock");
    desktop_expected(s);
    if (engine_answers(s)) {
        identify_engine(s);
        return 0;
    }
    if (*s->desktop_cli) {
        snprintf(e->reason, sizeof e->reason,
                 "Docker Desktop is expected (%s) but its engine does not answer at %.200s: start "
                 "Docker Desktop and enable its WSL integration for this distro; no private "
                 "dockerd is started in its place",
                 s->desktop_cli, s->host);
        return -1;
    }
    char *dv[] = {"dockerd", "--version", NULL};
    if (geteuid() != 0 || !*env_host_line(dv, buf, sizeof buf)) {
        snprintf(e->reason, sizeof e->reason,
                 "no Docker engine answers at %s, and a private one needs root and dockerd "
                 "(Debian package docker.io)",
                 s->host);
        return -1;
    }
    log_warn("docker: no engine answers at %s: a private dockerd is started for this run "
             "(meta.tsv engine_origin says so)", s->host);
    s->private_engine = 1;
    snprintf(s->host, sizeof s->host, "unix://%s/docker.sock", s->exec_root);
    return 0;
}

static int start_private_engine(env *e, docker_state *s)
{
    char log_path[700];
    snprintf(log_path, sizeof log_path, "%s/dockerd.log", s->dir);
    env_kept_dir(e, "engines/docker", s->data_root, sizeof s->data_root);
    if (fs_mkdirs(s->exec_root) ||
        fs_write_atomic(s->store_note, s->data_root, strlen(s->data_root)) != 0) {
        snprintf(e->reason, sizeof e->reason, "cannot create %s: %s", s->dir, strerror(errno));
        return -1;
    }
    char *argv[] = {"dockerd",
                    "--data-root",
                    s->data_root,
                    "--exec-root",
                    s->exec_root,
                    "--pidfile",
                    s->pidfile,
                    "-H",
                    s->host,
                    "--iptables=false",
                    "--ip-masq=false",
                    "--bridge=none",
                    "--storage-driver=overlay2",
                    NULL};
    proc_opts o = {.stdout_path = log_path, .stderr_path = log_path};
    s->pid = proc_spawn(argv, &o);
    if (s->pid < 0) {
        snprintf(e->reason, sizeof e->reason, "cannot start dockerd");
        return -1;
    }
    for (int i = 0; i < 120; i++) { /* up to 60 s */
        if (engine_answers(s))
            return 0;
        if (kill((pid_t)s->pid, 0) != 0)
            break;
        struct timespec ts = {0, 500 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    snprintf(e->reason, sizeof e->reason,
             "the private dockerd did not answer within 60 s "
             "(see its log in the run directory: env/docker/dockerd.log)");
    return -1;
}

static int import_image(env *e, docker_state *s)
{
    const char *inspect[] = {"image", "inspect", "--format", "{{.Id}}", s->image, NULL};
    if (docker_cmd(s, inspect, NULL, 30) == 0)
        return 0;
    char *cmd = xasprintf("tar -C '%s/rootfs' -cf - . | '%s' -H '%s' import - '%s'",
                          e->ctx->image_dir, s->client, s->host, s->image);
    char *argv[] = {"sh", "-c", cmd, NULL};
    proc_opts o = {.stdout_path = "/dev/null", .timeout_s = 600};
    proc_result r;
    int rc = proc_run(argv, &o, &r);
    free(cmd);
    if (rc != 0 || !proc_ok(&r)) {
        snprintf(e->reason, sizeof e->reason, "docker import of the image layer failed");
        return -1;
    }
    /* The store keeps one layer: older ones go once the new one is in. */
    const char *ls[] = {"image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "repro-layer", NULL};
    strbuf tags = {0};
    if (docker_cmd(s, ls, &tags, 30) == 0) {
        char *save;
        for (char *t = strtok_r(tags.buf ? tags.buf : "", "\n", &save); t;
             t = strtok_r(NULL, "\n", &save))
            if (strcmp(t, s->image) != 0) {
                const char *rmi[] = {"rmi", "-f", t, NULL};
                docker_cmd(s, rmi, NULL, 60);
            }
    }
    sb_free(&tags);
    return 0;
}

static int docker_prepare(env *e)
{
    docker_state *s = st(e);
    if (s->private_engine && start_private_engine(e, s) != 0)
        return -1;
    if (import_image(e, s) != 0)
        return -1;
    env_kept_cache(e, s->cache, sizeof s->cache);
    snprintf(e->work_dir, sizeof e->work_dir, "/work");
    snprintf(e->bin_dir, sizeof e->bin_dir, "/usr/local/bin");
    snprintf(e->cache_dir, sizeof e->cache_dir, "/cache");
    snprintf(e->share_dir, sizeof e->share_dir, "/share");
    strbuf out = {0};
    const char *ver[] = {"version", "--format",
                         "client {{.Client.Version}} ("
                         "{{.Client.GoVersion}}), server "
                         "{{.Server.Version}}",
                         NULL};
    docker_cmd(s, ver, &out, 15);
    env_meta(e, "engine", sb_str(&out));
    sb_reset(&out);
    const char *info[] = {"info", "--format",
                          "{{.Driver}} storage, cgroup {{.CgroupVersion}} ({{.CgroupDriver}}), "
                          "runtime {{.DefaultRuntime}}",
                          NULL};
    docker_cmd(s, info, &out, 15);
    env_meta(e, "storage", sb_str(&out));
    sb_free(&out);
    env_meta(e, "client", s->client);
    if (s->private_engine)
        identify_engine(s);
    env_meta(e, "engine_os", s->engine[0]);
    env_meta(e, "engine_name", s->engine[1]);
    env_meta(e, "engine_kernel", s->engine[2]);
    if (s->desktop) {
        char *is = xasprintf("Docker Desktop (%s, kernel %s)", s->engine[1], s->engine[2]);
        env_meta(e, "engine_is", is);
        free(is);
    } else {
        env_meta(e, "engine_is", *s->engine[0] ? s->engine[0] : "unidentified (docker info failed)");
    }
    env_meta(e, "engine_origin",
             s->private_engine ? "private engine started for this run "
                                 "(--iptables=false --bridge=none)"
                               : s->host);
    char buf[128];
    snprintf(buf, sizeof buf, "--cpus=%.2f --memory=%lld", e->ctx->cpus, e->ctx->memory);
    env_meta(e, "limits_requested", buf);
    return 0;
}

static int docker_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                       const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    docker_state *s = st(e);
    env_trace_unsupported(e, "docker run only asks dockerd: containerd and the runtime it "
                             "starts are not children of the client, so strace -f of it shows "
                             "none of the container's set-up");
    char name[128], cpus[32], mem[32], vol[820], label[200];
    snprintf(name, sizeof name, "repro-%s-%u", e->ctx->run_id, ++s->serial);
    snprintf(cpus, sizeof cpus, "--cpus=%.2f", e->ctx->cpus);
    snprintf(mem, sizeof mem, "--memory=%lld", e->ctx->memory);
    snprintf(vol, sizeof vol, "%s:/cache", s->cache);
    char share[800], share_vol[820];
    snprintf(share_vol, sizeof share_vol, "%s:/share", env_share_host(e, share, sizeof share));
    snprintf(label, sizeof label, "repro.run=%s", e->ctx->run_id);
    size_t n = 0, cap = 32;
    for (size_t i = 0; envv[i]; i++)
        cap += 2;
    for (size_t i = 0; argv[i]; i++)
        cap++;
    char **full = xmalloc(cap * sizeof *full);
    char *fixed[] = {s->client, "-H", s->host,  "run",     "--rm",    "--network=none",
                     cpus,      mem,  "--name", name,      "--label", label,
                     "-v",      vol,  "-v",     share_vol, "-w",      (char *)cwd};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        full[n++] = fixed[i];
    for (size_t i = 0; envv[i]; i++) {
        full[n++] = "-e";
        full[n++] = envv[i];
    }
    full[n++] = s->image;
    for (size_t i = 0; argv[i]; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    proc_opts o = {.stdout_path = out_path, .stderr_path = err_path, .timeout_s = timeout_s};
    int rc = proc_run(full, &o, r);
    free(full);
    if (rc != 0 || !proc_ok(r)) {
        const char *rm[] = {"rm", "-f", name, NULL};
        docker_cmd(s, rm, NULL, 30);
    }
    return rc;
}

/* Desktop's dockerd and containerd, seen from a helper container in the engine's PID
 * namespace: "name pid VmRSS-kB" lines. The layer has dash and no sed: a read loop. */
static int desktop_daemon_rss(env *e, docker_state *s, double *bytes, strbuf *desc)
{
    static const char script[] =
        "for d in /proc/[0-9]*; do read c <$d/comm 2>/dev/null || continue; case $c in "
        "dockerd|containerd) while read k v u; do [ \"$k\" = VmRSS: ] && echo \"$c ${d#/proc/} "
        "$v\"; done <$d/status ;; esac; done";
    char label[200];
    snprintf(label, sizeof label, "repro.run=%s", e->ctx->run_id);
    const char *run[] = {"run", "--rm", "--pid=host", "--label", label, s->image, "/bin/sh", "-c",
                         script, NULL};
    strbuf out = {0};
    int found = 0;
    *bytes = 0;
    if (docker_cmd(s, run, &out, 60) == 0) {
        char *save, *line = strtok_r(out.buf ? out.buf : "", "\n", &save);
        for (; line; line = strtok_r(NULL, "\n", &save)) {
            char name[32];
            long pid;
            double kb;
            if (sscanf(line, "%31s %ld %lf", name, &pid, &kb) != 3 || kb < 0)
                continue;
            *bytes += kb * 1024;
            sb_printf(desc, "%s%s(pid %ld in the engine's PID namespace) %.0f kB", found ? ", " : "",
                      name, pid, kb);
            found++;
        }
    }
    sb_free(&out);
    if (!found)
        sb_puts(desc, "not measurable from this distro: Docker Desktop's dockerd and containerd "
                      "run in its own VM distro, outside this PID namespace, and a helper "
                      "container with --pid=host saw neither");
    return found ? 0 : -1;
}

/* dockerd and the containerd it started (or, for an engine we did not start, every dockerd
 * and containerd on the machine); Docker Desktop's only from its own PID namespace. */
static int docker_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    static const char *const names[] = {"dockerd", "containerd", NULL};
    docker_state *s = st(e);
    if (s->desktop)
        return desktop_daemon_rss(e, s, bytes, desc);
    if (env_rss_by_name(names, bytes, desc) == 0) {
        sb_puts(desc, "no dockerd or containerd process visible from the host");
        return -1;
    }
    return 0;
}

static void docker_teardown(env *e)
{
    docker_state *s = st(e);
    if (!*s->host && fs_exists(s->pidfile)) /* --cleanup after a crash: only the pidfile */
        snprintf(s->host, sizeof s->host, "unix://%s/docker.sock", s->exec_root);
    if (*s->host) {
        char filter[200];
        snprintf(filter, sizeof filter, "label=repro.run=%s", e->ctx->run_id);
        const char *ps[] = {"ps", "-aq", "--filter", filter, NULL};
        strbuf ids = {0};
        if (docker_cmd(s, ps, &ids, 20) == 0) {
            char *save, *line = strtok_r(ids.buf ? ids.buf : "", "\n", &save);
            for (; line; line = strtok_r(NULL, "\n", &save)) {
                const char *rm[] = {"rm", "-f", line, NULL};
                docker_cmd(s, rm, NULL, 30);
            }
        }
        sb_free(&ids);
    }
    char *pid_text = fs_read_file(s->pidfile, NULL);
    long pid = s->pid > 0 ? s->pid : pid_text ? atol(pid_text) : 0;
    free(pid_text);
    if (pid > 0) {
        proc_stop(pid, 30);
        unlink(s->pidfile);
        /* The store stays when it is the one kept between runs, not when it was this run's. */
        char *store = fs_read_file(s->store_note, NULL);
        const char *data_root = store ? store : "/nonexistent";
        int own = strncmp(data_root, e->ctx->run_dir, strlen(e->ctx->run_dir)) == 0;
        char *rm_store = own ? xasprintf("'%s'", data_root) : xstrdup("");
        char *umount_all = xasprintf("for d in '%s' '%s'; do grep -o \" $d[^ ]*\" /proc/mounts; "
                                     "done | sort -r | xargs -r -n1 umount -l; rm -rf '%s' %s",
                                     data_root, s->exec_root, s->exec_root, rm_store);
        char *sh[] = {"sh", "-c", umount_all, NULL};
        proc_result r;
        proc_run(sh, NULL, &r);
        free(umount_all);
        free(store);
        free(rm_store);
        unlink(s->store_note);
    }
    free(e->priv);
    e->priv = NULL;
}

static const env_driver docker_driver = {
    .driver = "docker",
    .probe = docker_probe,
    .prepare = docker_prepare,
    .exec = docker_exec,
    .daemon_rss = docker_daemon_rss,
    .teardown = docker_teardown,
};
ENV_DRIVER(docker_driver)
