/* env_host.c - the baseline: a plain process on this machine, no namespaces, no limits. It also
 * runs host-aa (data/envs.tsv), the same baseline again as a second interleaved arm of Table 1
 * (an A/A control): their ratio is the noise floor every other difference is read against. */
#include "env.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int host_probe(env *e)
{
    char path[600];
    snprintf(path, sizeof path, "%s/repro-rusage", e->ctx->bin_dir);
    if (access(path, X_OK) != 0) {
        snprintf(e->reason, sizeof e->reason, "%s is missing: run make first", path);
        return -1;
    }
    return 0;
}

static int host_prepare(env *e)
{
    snprintf(e->work_dir, sizeof e->work_dir, "%s", e->ctx->workloads_dir);
    snprintf(e->bin_dir, sizeof e->bin_dir, "%s", e->ctx->bin_dir);
    env_kept_cache(e, e->cache_dir, sizeof e->cache_dir);
    env_share_host(e, e->share_dir, sizeof e->share_dir);
    env_meta(e, "runtime", "none (plain process)");
    env_meta(e, "storage", "host filesystem");
    return 0;
}

static int host_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                     const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    env_trace_unsupported(e, "a plain process has no container runtime to trace");
    /* The host keeps its own PATH (the Go toolchain is where the host has it); every other
     * variable of the workload replaces the host's. */
    size_t n = 0, m = 0;
    while (environ[n])
        n++;
    while (envv[m])
        m++;
    char **full = xmalloc((n + m + 1) * sizeof *full);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int replaced = 0;
        for (size_t j = 0; j < m; j++) {
            size_t kl = strcspn(envv[j], "=") + 1;
            if (strncmp(envv[j], "PATH=", 5) != 0 && strncmp(environ[i], envv[j], kl) == 0)
                replaced = 1;
        }
        if (!replaced)
            full[k++] = environ[i];
    }
    for (size_t j = 0; j < m; j++)
        if (strncmp(envv[j], "PATH=", 5) != 0)
            full[k++] = envv[j];
    full[k] = NULL;
    proc_opts o = {.stdout_path = out_path,
                   .stderr_path = err_path,
                   .cwd = cwd,
                   .env = full,
                   .timeout_s = timeout_s};
    int rc = proc_run(argv, &o, r);
    free(full);
    return rc;
}

static int host_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    (void)e;
    *bytes = 0;
    sb_puts(desc, "none: a plain process has no runtime daemon");
    return 0;
}

static void host_teardown(env *e)
{
    (void)e;
}

static const env_driver host_driver = {
    .driver = "host",
    .probe = host_probe,
    .prepare = host_prepare,
    .exec = host_exec,
    .daemon_rss = host_daemon_rss,
    .teardown = host_teardown,
};
ENV_DRIVER(host_driver)
