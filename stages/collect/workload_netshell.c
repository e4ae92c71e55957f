/* workload_netshell.c - the tables of issue #7: page cache and TCP Fast Open (T2.5), profile
 * files per shell (T3.1), Go versions sharing a GOPATH (T3.2), and HTTP/JSON, JSON-RPC and gRPC
 * throughput (T4.4). Each prints Go's benchmark format, so normalize passes it through. */
#include "workload.h"

#include "log.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* T2.5: page cache everywhere; TCP Fast Open only where a process may make network namespaces
 * (CAP_PRIVILEGED: the host; the containers run without CAP_SYS_ADMIN and CAP_NET_ADMIN). */
static void cachenet_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    int cold = o->quick ? 64 : 256, warm = o->quick ? 4096 : 16384, conns = o->quick ? 100 : 300;
    if (!env_can(e, CAP_PRIVILEGED)) {
        char *args[] = {xstrdup("pagecache"),    xstrdup("--cold-reads"), xasprintf("%d", cold),
                        xstrdup("--warm-reads"), xasprintf("%d", warm),   xstrdup(e->cache_dir)};
        workload_probe(e, c, sizeof args / sizeof *args, args);
        return;
    }
    char *argv[] = {xstrdup("/bin/sh"), xstrdup("-c"),
                    xasprintf("\"$0\" pagecache --cold-reads %d --warm-reads %d \"$1\" && "
                              "exec \"$0\" tfo --connections %d",
                              cold, warm, conns),
                    xasprintf("%s/repro-probe", e->bin_dir), xstrdup(e->cache_dir)};
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
}

const workload workload_cachenet = {
    .table = "T2.5",
    .what = "repro-probe pagecache: 4 KiB pread latency on a 64 MiB file in the cache directory, "
            "page cache warm vs after POSIX_FADV_DONTNEED (readahead off; mincore checks each "
            "read hit or missed); host only, repro-probe tfo: connect-to-first-byte latency "
            "with and without TCP Fast Open over loopback, a veth pair and a TUN delay line "
            "(500 us each way, netem's job) between two network namespaces of its own",
    .command = cachenet_command,
};

/* T3.1: the host's /etc is never written (the probe uses a private mount namespace there);
 * a root of the environment's own (CAP_OWN_ROOT: a container's writable layer) the probe may
 * write, and then removes what it wrote. */
static void shellenv_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)o;
    char *args[3];
    size_t n = 0;
    args[n++] = xstrdup("shellenv");
    if (env_can(e, CAP_OWN_ROOT))
        args[n++] = xstrdup("--may-write-etc");
    args[n++] = xstrdup(e->cache_dir);
    workload_probe(e, c, n, args);
}

const workload workload_shellenv = {
    .table = "T3.1",
    .steady = 1,
    .what = "repro-probe shellenv: /etc/profile.d/repro-go.sh, ~/.profile and ~/.bashrc each "
            "export a variable; bash -l, bash -i, bash -c, sh -c, sh -l and env -i bash -c "
            "report which they see (1/0)",
    .command = shellenv_command,
};

/* T3.2: the Go toolchains installed side by side, Debian style (/usr/lib/go-1.N). */
static size_t toolchains(glob_t *g)
{
    if (glob("/usr/lib/go-1.*/bin/go", 0, NULL, g) != 0)
        g->gl_pathc = 0;
    return g->gl_pathc;
}

static int goversions_unsupported(const env *e, char *why, size_t len)
{
    glob_t g;
    size_t n = toolchains(&g);
    if (n < 2) {
        char found[64] = "none";
        if (n == 1) /* /usr/lib/go-1.19/bin/go -> go1.19 */
            snprintf(found, sizeof found, "go%.*s", (int)strcspn(g.gl_pathv[0] + 12, "/"),
                     g.gl_pathv[0] + 12);
        snprintf(why, len,
                 "only one Go toolchain is installed (%s): gvm-style version "
                 "switching cannot be tested",
                 found);
    } else if (!env_can(e, CAP_HOST_TOOLS)) {
        snprintf(why, len,
                 "the toolchains installed side by side are the host's; the image "
                 "layer carries one: measured in host only");
    }
    if (n)
        globfree(&g);
    return n < 2 || !env_can(e, CAP_HOST_TOOLS);
}

static void goversions_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    (void)o;
    glob_t g;
    size_t n = toolchains(&g);
    char **args = xmalloc((n + 3) * sizeof *args);
    args[0] = xstrdup("goversions");
    args[1] = xstrdup("--dir");
    args[2] = xstrdup(e->cache_dir);
    for (size_t i = 0; i < n; i++) /* the GOROOT: /usr/lib/go-1.N */
        args[i + 3] = xasprintf("%.*s", (int)(strlen(g.gl_pathv[i]) - 7), g.gl_pathv[i]);
    if (n)
        globfree(&g);
    workload_probe(e, c, n + 3, args);
    free(args);
}

const workload workload_goversions = {
    .table = "T3.2",
    .steady = 1,
    .what = "repro-probe goversions: each installed Go toolchain in turn (GOROOT and PATH, as "
            "gvm use sets them) over one shared GOPATH: go env GOPATH, go install and run",
    .unsupported = goversions_unsupported,
    .command = goversions_command,
};

/* T4.4: the server runs inside the environment, the load comes from the host (wrk for HTTP/JSON
 * and JSON-RPC, the project's own generator for gRPC), over loopback on the host and over a veth
 * pair into every other environment's network namespace (cell.c). Every port is the kernel's
 * choice, printed by the server. */
static const int rpc_conns = 100, rpc_payload = 1024;

/* Seconds of load per protocol, measured and (unmeasured, before it) warm-up. */
static int rpc_seconds(const workload_opts *o)
{
    return o->quick ? 1 : 2;
}

static int rpc_warmup(const workload_opts *o)
{
    return o->quick ? 0 : 1;
}

static void rpc_command(const env *e, const workload_opts *o, workload_cmd *c)
{
    /* A bound on the server's life: three loads with their warm-ups, and a margin. */
    int lifetime = 3 * (rpc_seconds(o) + rpc_warmup(o)) + 60;
    char *argv[] = {xasprintf("%s/repro-rpc", e->bin_dir),
                    xstrdup("serve"),
                    xstrdup("-addr"),
                    xstrdup(env_can(e, CAP_OWN_NETNS) ? "0.0.0.0" : "127.0.0.1"),
                    xstrdup("-http-port=0"),
                    xstrdup("-rpc-port=0"),
                    xstrdup("-grpc-port=0"),
                    xasprintf("-lifetime=%ds", lifetime)};
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin"), xstrdup("GOMAXPROCS=2")};
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_list(sizeof envv / sizeof *envv, envv);
    c->cwd = xstrdup("/");
}

/* One protocol's load: its warm-up (a run whose output is dropped), then the measured run. */
static int rpc_load(const workload_opts *o, const collect_ctx *ctx, const char *name,
                    const char *addr, workload_cmd *c)
{
    int d = rpc_seconds(o), warm = rpc_warmup(o);
    char *script;
    if (strcmp(name, "grpc") == 0)
        script = xasprintf("exec \"$0\" load -proto grpc -addr %s -c %d -size %d -d %ds "
                           "-warmup %ds",
                           addr, rpc_conns, rpc_payload, d, warm);
    else if (strcmp(name, "http-json") == 0 || strcmp(name, "json-rpc") == 0)
        script = xasprintf("url=http://%s/%s; lua=%s/rpc/wrk-rpc.lua; args='%s %d %d'; "
                           "if [ %d -gt 0 ]; then wrk -t2 -c%d -d%ds -s \"$lua\" \"$url\" "
                           "-- $args >/dev/null || exit; fi; "
                           "exec wrk -t2 -c%d -d%ds --latency -s \"$lua\" \"$url\" -- $args",
                           addr, name[0] == 'h' ? "echo" : "rpc", ctx->workloads_dir, name,
                           rpc_payload, rpc_conns, warm, rpc_conns, warm, rpc_conns, d);
    else
        return -1;
    char *argv[] = {xstrdup("/bin/sh"), xstrdup("-c"), script,
                    xasprintf("%s/repro-rpc", ctx->bin_dir)};
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = workload_list(sizeof argv / sizeof *argv, argv);
    c->envv = workload_list(1, envv);
    c->cwd = xstrdup("/");
    return 0;
}

/* Only where a load from the host reaches a server inside (CAP_NET_REACHABLE): the VM has no
 * network device (qemu's user networking would put its own TCP stack between the load and the
 * server, measuring that rather than the VM). */
static int rpc_unsupported(const env *e, char *why, size_t len)
{
    if (env_can(e, CAP_NET_REACHABLE))
        return 0;
    snprintf(why, len,
             "the VM has no network device, so a load from the host cannot reach a "
             "server in it (qemu's user networking would measure its own TCP stack)");
    return 1;
}

const workload workload_rpc = {
    .table = "T4.4",
    .unsupported = rpc_unsupported,
    .what = "repro-rpc serve inside the environment: HTTP/JSON, JSON-RPC 2.0 over HTTP and gRPC, "
            "each on its own port; from the host, over loopback or a veth pair into the "
            "environment's network namespace: wrk (wrk-rpc.lua posts the body) and repro-rpc "
            "load for gRPC, 100 connections, 1 KiB payloads, 2 s measured after 1 s of warm-up "
            "(quick: 1 s, no warm-up); requests/s and p50/p99 latency",
    .command = rpc_command,
    .load = rpc_load,
};
