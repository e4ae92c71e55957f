/* workload.c - the registry of table workloads and what every workload shares. */
#include "workload.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

/* The probe-measured tables (workload_probes.c). */
extern const workload workload_fsio, workload_devices, workload_memsources, workload_cache;
/* Sections 2.2 and 2.4, what a container runtime costs (workload_runtime.c). */
extern const workload workload_start, workload_overlay, workload_throttle, workload_strace;
/* Page cache and TCP Fast Open, shells, Go versions, RPC throughput (workload_netshell.c). */
extern const workload workload_cachenet, workload_shellenv, workload_goversions, workload_rpc;
/* What one system call costs, with and without a seccomp filter (workload_syscost.c). */
extern const workload workload_syscost;

const workload *const workloads[] = {&workload_gobench,    &workload_fsio,     &workload_start,
                                     &workload_overlay,    &workload_throttle, &workload_devices,
                                     &workload_strace,     &workload_cachenet, &workload_shellenv,
                                     &workload_goversions, &workload_controls, &workload_memsources,
                                     &workload_cache,      &workload_rpc,      &workload_syscost,
                                     NULL};

const workload *workload_find(const char *table)
{
    for (size_t i = 0; workloads[i]; i++)
        if (strcmp(workloads[i]->table, table) == 0)
            return workloads[i];
    return NULL;
}

char **workload_list(size_t n, char *items[])
{
    char **l = xmalloc((n + 1) * sizeof *l);
    for (size_t i = 0; i < n; i++)
        l[i] = items[i];
    l[n] = NULL;
    return l;
}

void workload_probe(const env *e, workload_cmd *c, size_t n, char *args[])
{
    char **argv = xmalloc((n + 2) * sizeof *argv);
    argv[0] = xasprintf("%s/repro-probe", e->bin_dir);
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    argv[n + 1] = NULL;
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = argv;
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
}

char **workload_go_env(const env *e)
{
    char *envv[] = {
        xstrdup("PATH=/usr/local/bin:/usr/bin:/bin"),
        xasprintf("HOME=%s", e->cache_dir),
        xasprintf("GOCACHE=%s/go-build", e->cache_dir),
        xasprintf("GOPATH=%s/gopath", e->cache_dir),
        xstrdup("CGO_ENABLED=0"),
        xstrdup("GOFLAGS=-mod=mod"),
        xstrdup("GOPROXY=off"),
        xstrdup("GO111MODULE=on"),
    };
    return workload_list(sizeof envv / sizeof *envv, envv);
}

void workload_envinfo(const env *e, workload_cmd *c)
{
    char *args[] = {xstrdup("envinfo")};
    workload_probe(e, c, 1, args);
}

void workload_free(workload_cmd *c)
{
    for (size_t i = 0; c->argv && c->argv[i]; i++)
        free(c->argv[i]);
    for (size_t i = 0; c->envv && c->envv[i]; i++)
        free(c->envv[i]);
    free(c->argv);
    free(c->envv);
    free(c->cwd);
}
