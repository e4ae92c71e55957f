/* env_docker_exec.c - the docker driver's phase that runs a cell: one `docker run --rm` per
 * command, no network, the run's limits, cache and share mounted, labelled with the run so a
 * teardown finds what a crash left; and the daemons' memory beside each sample (Docker
 * Desktop's from a helper container in its engine's PID namespace). */
#include "env_docker.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int docker_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    docker_state *s = docker_st(e);
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
    const char *fixed[] = {s->client, "-H", s->host,  "run",     "--rm",    "--network=none",
                           cpus,      mem,  "--name", name,      "--label", label,
                           "-v",      vol,  "-v",     share_vol, "-w",      cwd};
    char **full = (char **)env_run_argv(fixed, sizeof fixed / sizeof *fixed, envv, s->image, argv);
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
int docker_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    static const char *const names[] = {"dockerd", "containerd", NULL};
    docker_state *s = docker_st(e);
    if (s->desktop)
        return desktop_daemon_rss(e, s, bytes, desc);
    if (env_rss_by_name(names, bytes, desc) == 0) {
        sb_puts(desc, "no dockerd or containerd process visible from the host");
        return -1;
    }
    return 0;
}

