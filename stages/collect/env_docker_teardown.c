/* env_docker_teardown.c - the docker driver's teardown phase: remove this run's containers (by
 * their label), stop a private engine, unmount what it mounted and remove its exec-root, and its
 * store when the store was this run's own (the kept one stays). Also run by `repro-collect
 * --cleanup` in a new process, which finds a private engine by its pidfile. */
#include "env_docker.h"

#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void docker_teardown(env *e)
{
    docker_state *s = docker_st(e);
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
