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
 * version is recorded. This file probes and prepares; a cell runs in env_docker_exec.c, and
 * env_docker_teardown.c cleans up. */
#include "env_docker.h"

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

docker_state *docker_st(env *e)
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

int docker_cmd(docker_state *s, const char *const args[], strbuf *out, double timeout)
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
    docker_state *s = docker_st(e);
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
    docker_state *s = docker_st(e);
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

static const env_driver docker_driver = {
    .driver = "docker",
    .probe = docker_probe,
    .prepare = docker_prepare,
    .exec = docker_exec,
    .daemon_rss = docker_daemon_rss,
    .teardown = docker_teardown,
};
ENV_DRIVER(docker_driver)
