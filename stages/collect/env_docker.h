/* env_docker.h - what the docker driver's three files share: its state and its client's command
 * line (env_docker.c probes and prepares, env_docker_exec.c runs a cell and measures the
 * daemons, env_docker_teardown.c removes everything again). */
#ifndef ENV_DOCKER_H
#define ENV_DOCKER_H

#include "env.h"

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

/* The driver's state for e, made at first use (also by a teardown in a new process). */
docker_state *docker_st(env *e);
/* Runs the client against this run's engine (-H) with args; stdout into out (NULL: drop). */
int docker_cmd(docker_state *s, const char *const args[], strbuf *out, double timeout);

/* The phases in their own files. */
int docker_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                const char *out_path, const char *err_path, double timeout_s, proc_result *r);
int docker_daemon_rss(env *e, double *bytes, strbuf *desc);
void docker_teardown(env *e);

#endif
