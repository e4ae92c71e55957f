/* vm_qemu.h - building qemu's command line for the vm environment, and reading why it failed:
 * the parts of env_vm.c that know nothing of the VM's state. */
#ifndef VM_QEMU_H
#define VM_QEMU_H

#include <stddef.h>

/* qemu's command line, and the strings it owns. */
typedef struct {
    char *argv[96];
    size_t n;
    char *owned[24];
    size_t n_owned;
} qemu_cmd;

/* Appends the arguments up to NULL. */
void qemu_add(qemu_cmd *c, ...);
/* Takes s over (freed with the command) and returns it. */
char *qemu_own(qemu_cmd *c, char *s);
/* A path inside an option value: qemu splits values at commas, so a comma is written twice. */
char *qemu_path_opt(qemu_cmd *c, const char *prefix, const char *path, const char *suffix);
/* The end of a file with newlines as " | ": why a boot failed, for e->reason. */
void vm_file_tail(const char *path, char *buf, size_t len);

#endif
