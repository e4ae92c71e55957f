/* workload.h - what runs inside an environment for one cell of an article table. */
#ifndef WORKLOAD_H
#define WORKLOAD_H

#include "env.h"

typedef struct {
    char **argv; /* NULL-terminated */
    char **envv; /* NULL-terminated "K=V" */
    char *cwd;   /* as seen inside the environment */
} workload_cmd;

/* Table T1: `go test -bench=^<bench>$ -benchmem` on the fib workload, with the benchmark binary
 * run under repro-rusage (go test -exec) for its peak RSS. */
void workload_gobench(const env *e, const char *bench, workload_cmd *c);
/* `repro-probe envinfo` inside the environment. */
void workload_envinfo(const env *e, workload_cmd *c);
void workload_free(workload_cmd *c);

#endif
