/* env_vm_teardown.c - the vm driver's teardown phase: stop qemu (the guest syncs first), remove
 * the control socket and the job directories. Also run by `repro-collect --cleanup` in a new
 * process, which finds qemu by its pidfile and checks that it is this run's by its -name. */
#include "env_vm.h"

#include "fsutil.h"
#include "log.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void vm_stop_qemu(vm_state *s, long pid)
{
    if (pid <= 0)
        return;
    if (s->chan.fd >= 0 && vm_chan_send(&s->chan, "quit") == 0) { /* the guest syncs first */
        for (double end = vm_now() + 5; vm_now() < end;) {
            if (waitpid((pid_t)pid, NULL, WNOHANG) == (pid_t)pid || kill((pid_t)pid, 0) != 0)
                break;
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    proc_stop(pid, 10);
    vm_chan_close(&s->chan);
    unlink(s->pidfile);
}

/* For --cleanup: the pid in the pidfile, if that process is this run's qemu. */
static long pid_from_pidfile(vm_state *s, const char *run_id)
{
    char *text = fs_read_file(s->pidfile, NULL);
    long pid = text ? atol(text) : 0;
    free(text);
    if (pid <= 0)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
    size_t n;
    char *cmdline = fs_read_file(path, &n);
    char *name = xasprintf("repro-vm-%s", run_id);
    int ours = 0;
    for (size_t i = 0; cmdline && i < n; i += strlen(cmdline + i) + 1)
        ours |= strcmp(cmdline + i, name) == 0;
    free(cmdline);
    free(name);
    return ours ? pid : 0;
}

void vm_teardown(env *e)
{
    vm_state *s = vm_st(e);
    long pid = s->pid > 0 ? s->pid : pid_from_pidfile(s, e->ctx->run_id);
    vm_stop_qemu(s, pid);
    unlink(s->sock);
    size_t n;
    char **jobs = fs_list_dir(s->jobs, &n);
    for (size_t i = 0; jobs && i < n; i++) {
        char *dir = xasprintf("%s/%s", s->jobs, jobs[i]);
        vm_remove_job(dir);
        free(dir);
    }
    if (jobs)
        fs_free_list(jobs, n);
    rmdir(s->jobs);
    free(e->priv);
    e->priv = NULL;
}
