/* workload_gobench.c - the article's Table 1 benchmark as a command for any environment.
 *
 * Literally `go test -bench=^BenchmarkFib40$ -benchmem -count=1`, one process per sample so that
 * samples of different environments can be interleaved. `-exec repro-rusage` makes go test start
 * the benchmark binary under our wait4 wrapper, so peak RSS is the benchmark's own, not the
 * compiler's. GOCACHE persists per environment, so only the warm-up run compiles. */
#include "workload.h"

#include "log.h"

#include <stdlib.h>

static char **list(size_t n, char *items[])
{
    char **l = xmalloc((n + 1) * sizeof *l);
    for (size_t i = 0; i < n; i++)
        l[i] = items[i];
    l[n] = NULL;
    return l;
}

void workload_gobench(const env *e, const char *bench, workload_cmd *c)
{
    char *argv[] = {
        xstrdup("go"),
        xstrdup("test"),
        xstrdup("-run=^$"),
        xasprintf("-bench=^%s$", bench),
        xstrdup("-benchmem"),
        xstrdup("-count=1"),
        xstrdup("-exec"),
        xasprintf("%s/repro-rusage", e->bin_dir),
        xstrdup("."),
    };
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
    c->argv = list(sizeof argv / sizeof *argv, argv);
    c->envv = list(sizeof envv / sizeof *envv, envv);
    c->cwd = xasprintf("%s/fib", e->work_dir);
}

void workload_envinfo(const env *e, workload_cmd *c)
{
    char *argv[] = {xasprintf("%s/repro-probe", e->bin_dir), xstrdup("envinfo")};
    char *envv[] = {xstrdup("PATH=/usr/local/bin:/usr/bin:/bin")};
    c->argv = list(2, argv);
    c->envv = list(1, envv);
    c->cwd = xstrdup("/");
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
