/* env_podman.h - what the podman driver's two files share: its state, its command line, and
 * the host paths podman makes outside its storage (env_podman.c prepares and runs,
 * env_podman_teardown.c removes everything again). */
#ifndef ENV_PODMAN_H
#define ENV_PODMAN_H

#include "env.h"

typedef struct {
    char dir[600], root[900], runroot[200], tmpdir[900], netdir[900], cache[800];
    char store_note[700]; /* names the store in use, for a teardown in another process */
    int own_store;        /* the store is this run's own: teardown removes it */
    char created[700];    /* the host paths this run created, one per line */
    char image[128], cgroup_parent[200], nofile[64], nproc[64];
    unsigned serial;
} podman_state;

/* The driver's state for e, made at first use (also by a teardown in a new process). */
podman_state *podman_st(env *e);
/* Runs podman with this run's storage and settings, then args; stdout into out (NULL: drop). */
int podman_cmd(podman_state *s, const char *const args[], strbuf *out, double timeout);
/* Before podman first runs: which of the host paths podman makes do not exist yet. */
void podman_note_missing_host_paths(podman_state *s);
/* Unmounts every mount at or below dir, deepest first. */
void podman_unmount_below(const char *dir);
void podman_teardown(env *e);

#endif
