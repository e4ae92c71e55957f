/* env_vm_exec.c - the vm driver's phase that runs a cell: the command as a dash script in a
 * 9p-shared job directory, "run N" over the control channel, "done N STATUS" back (or a kill on
 * timeout or Ctrl-C, and the VM stopped when the guest no longer answers), its output copied
 * out; and the VM's own resident memory beside each sample (WSL2's vmmem). */
#include "env_vm.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A space and s as one single-quoted dash word. */
static void sh_word(strbuf *sb, const char *s)
{
    sb_puts(sb, " '");
    for (; *s; s++) {
        if (*s == '\'')
            sb_puts(sb, "'\\''");
        else
            sb_putc(sb, *s);
    }
    sb_putc(sb, '\'');
}

/* Waits for "done N STATUS"; the status, or a VM_CHAN_ code. */
static int wait_done(vm_state *s, unsigned n, double deadline, int interruptible)
{
    char line[256];
    for (;;) {
        int rc = vm_chan_read_line(&s->chan, line, sizeof line, deadline, interruptible);
        if (rc != VM_CHAN_OK)
            return rc;
        unsigned got;
        int status;
        if (sscanf(line, "done %u %d", &got, &status) == 2 && got == n)
            return status;
    }
}

void vm_remove_job(const char *dir)
{
    static const char *const names[] = {"cmd", "out", "err"};
    for (size_t i = 0; i < 3; i++) {
        char *p = xasprintf("%s/%s", dir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

int vm_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
            const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    vm_state *s = vm_st(e);
    memset(r, 0, sizeof *r);
    env_trace_unsupported(e, "the vm runs commands through its own init, not a container "
                             "runtime");
    if (s->chan.fd < 0) {
        log_error("vm: the VM is not running");
        return -1;
    }
    unsigned n = ++s->serial;
    char *dir = xasprintf("%s/%u", s->jobs, n), *cmd = xasprintf("%s/cmd", dir);
    strbuf sb = {0};
    sb_puts(&sb, "cd");
    sh_word(&sb, cwd);
    sb_puts(&sb, " || exit 126\nexec env -i");
    for (size_t i = 0; envv[i]; i++)
        sh_word(&sb, envv[i]);
    for (size_t i = 0; argv[i]; i++)
        sh_word(&sb, argv[i]);
    sb_puts(&sb, " </dev/null\n");
    int rc = fs_write_atomic(cmd, sb_str(&sb), sb.len);
    sb_free(&sb);
    char msg[64];
    snprintf(msg, sizeof msg, "run %u", n);
    double start = vm_now();
    if (rc != 0 || vm_chan_send(&s->chan, msg) != 0) {
        log_error("vm: cannot start job %u: %s", n, rc ? strerror(errno) : "channel closed");
        vm_remove_job(dir);
        free(dir);
        free(cmd);
        return -1;
    }
    int status = wait_done(s, n, timeout_s > 0 ? start + timeout_s : start + 1e9, 1);
    if (status == VM_CHAN_TIMEOUT || status == VM_CHAN_INTERRUPTED) {
        r->timed_out = status == VM_CHAN_TIMEOUT;
        snprintf(msg, sizeof msg, "kill %u", n);
        vm_chan_send(&s->chan, msg);
        if (wait_done(s, n, vm_now() + 15, 0) < 0) { /* the guest does not answer: stop it all */
            log_error("vm: job %u could not be killed; stopping the VM", n);
            vm_stop_qemu(s, s->pid);
            s->pid = 0;
        }
        r->signaled = 1;
        r->sig = SIGKILL;
    } else if (status < 0) {
        log_error("vm: the VM went away during job %u (see %s)", n, s->console);
        vm_stop_qemu(s, s->pid);
        s->pid = 0;
        r->signaled = 1;
        r->sig = SIGKILL;
    } else {
        r->exited = 1;
        r->code = status;
    }
    r->wall_s = vm_now() - start;
    char *out = xasprintf("%s/out", dir), *err = xasprintf("%s/err", dir);
    if (fs_copy_file(out, out_path) != 0)
        fs_write_atomic(out_path, "", 0);
    if (fs_copy_file(err, err_path) != 0)
        fs_write_atomic(err_path, "", 0);
    vm_remove_job(dir);
    free(out);
    free(err);
    free(dir);
    free(cmd);
    return 0;
}

/* The VM's own resident memory (the vmmem process of WSL2): qemu with all guest memory it has
 * touched. */
int vm_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    vm_state *s = vm_st(e);
    *bytes = s->pid > 0 ? env_pid_rss(s->pid) : -1;
    if (*bytes < 0) {
        *bytes = 0;
        sb_puts(desc, "qemu is not running");
        return -1;
    }
    sb_printf(desc, QEMU "(pid %ld) %.0f kB: the whole VM, guest memory included", s->pid,
              *bytes / 1024.0);
    return 0;
}
