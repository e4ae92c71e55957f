/* test_collect_vmmemo.c - the KVM memo: a recorded failure skips KVM only under the same key. */
#include "check.h"
#include "collect/vm_memo.h"
#include "fsutil.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/repro-vmmemo-XXXXXX";

static void test_a_recorded_failure_holds_for_its_key_only(void)
{
    char *path = xasprintf("%s/cache/vm-kvm.tsv", dir), why[512] = "";
    CHECK(!vm_memo_kvm_failed(path, "kernel a; qemu 7; image x", why, sizeof why));
    CHECK(vm_memo_record(path, "kernel a; qemu 7; image x", "failed to set MSR 0x10a") == 0);
    CHECK(vm_memo_kvm_failed(path, "kernel a; qemu 7; image x", why, sizeof why));
    CHECK(strstr(why, "MSR 0x10a (since 20") == why + strlen("failed to set "));
    CHECK(!vm_memo_kvm_failed(path, "kernel b; qemu 7; image x", why, sizeof why));
    vm_memo_clear(path);
    CHECK(!vm_memo_kvm_failed(path, "kernel a; qemu 7; image x", why, sizeof why));
    free(path);
}

static void test_the_key_names_kernel_qemu_and_image(void)
{
    char *build = xasprintf("%s/vm", dir), *id = xasprintf("%s/vm/id", dir), key[1024];
    CHECK(fs_mkdirs(build) == 0 && fs_write_atomic(id, "abc123\n", 7) == 0);
    vm_memo_key(build, key, sizeof key);
    CHECK(strncmp(key, "kernel ", 7) == 0);
    CHECK(strstr(key, "; qemu ") != NULL);
    CHECK(strstr(key, "; image abc123") != NULL);
    free(build);
    free(id);
}

int main(void)
{
    log_set_program("test");
    CHECK(mkdtemp(dir) != NULL);
    RUN(test_a_recorded_failure_holds_for_its_key_only);
    RUN(test_the_key_names_kernel_qemu_and_image);
    char *rm = xasprintf("rm -rf '%s'", dir);
    CHECK(system(rm) == 0);
    free(rm);
    return check_main("collect-vmmemo");
}
