/* vm_memo.h - what this machine has shown about booting the vm under KVM, kept between runs.
 *
 * Where /dev/kvm exists but cannot boot a stock kernel (nested KVM that trips over an MSR), each
 * run spent up to a minute finding out again. The memo remembers the failure under a key of
 * everything it depends on (the host kernel, qemu's version, the VM image's id) and the attempt
 * is skipped until the key changes. */
#ifndef VM_MEMO_H
#define VM_MEMO_H

#include <stddef.h>

/* The key for this machine now: "kernel <release> <version>; qemu <version>; image <id>",
 * the image id read from build_dir/id. */
void vm_memo_key(const char *build_dir, char *key, size_t len);

/* 1 when the memo at path records a KVM failure under this key, with its reason and date in
 * why; 0 when there is none, or it is for another key. */
int vm_memo_kvm_failed(const char *path, const char *key, char *why, size_t len);

/* Records that KVM could not boot under key, and why (atomically); 0 or -1. */
int vm_memo_record(const char *path, const char *key, const char *why);

/* Forgets a recorded failure (KVM booted). */
void vm_memo_clear(const char *path);

#endif
