/* env_vm.h - what the vm driver's three files share: its state, stopping qemu and removing a
 * job's directory (env_vm.c probes, boots and waits for the guest, env_vm_exec.c runs a cell in
 * it and measures it, env_vm_teardown.c stops it and removes what the run left). */
#ifndef ENV_VM_H
#define ENV_VM_H

#include "env.h"
#include "vm_channel.h"

#define QEMU "qemu-system-x86_64"

typedef struct {
    char dir[600];   /* <run>/env/vm: console log, pidfile, socket, jobs */
    char build[600]; /* vmlinuz, initramfs.gz, info (beside the image layer: build/vm) */
    char jobs[700], cache[800], pidfile[700], console[700], sock[700];
    char memo[700];  /* the KVM memo, in the kept cache */
    long pid;        /* qemu, when this process started it */
    int kvm;         /* the boot under way is KVM's */
    double started;  /* when it started */
    vm_channel chan;
    unsigned serial;
    int vcpus;
    long long memory;
} vm_state;

/* The driver's state for e, made at first use (also by a teardown in a new process). */
vm_state *vm_st(env *e);
/* Stops qemu (process pid; <= 0: none): asks the guest to sync and quit, then signals it;
 * closes the channel and removes the pidfile. */
void vm_stop_qemu(vm_state *s, long pid);
/* Removes a job's directory (<jobs>/<n>: cmd, out, err). */
void vm_remove_job(const char *dir);

/* The phases in their own files. */
int vm_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
            const char *out_path, const char *err_path, double timeout_s, proc_result *r);
int vm_daemon_rss(env *e, double *bytes, strbuf *desc);
void vm_teardown(env *e);

#endif
