/* Claims about platform detection (stages/common/platform.c), driven by fixture roots of a
 * WSL2, WSL1, bare-metal, arm64 and container /proc and /sys (tests/fixtures/platform/). */
#include "check.h"
#include "fsutil.h"
#include "platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FIX "tests/fixtures/platform/"

static void test_wsl2_is_said_with_its_kernel_and_is_a_vm_guest(void)
{
    platform_info p;
    char buf[1024];
    platform_detect(FIX "wsl2", &p);
    CHECK(p.wsl == 2);
    CHECK_STR(p.kernel, "5.15.153.1-microsoft-standard-WSL2");
    CHECK(p.vm_guest == 1);
    CHECK(strstr(p.vm_why, "Hyper-V") != NULL);
    CHECK(p.container == 0);
    CHECK_STR(platform_describe(&p, buf, sizeof buf),
              "WSL2 (kernel 5.15.153.1-microsoft-standard-WSL2; WSL's interop is registered in "
              "binfmt_misc)");
}

static void test_wsl1_is_not_a_vm(void)
{
    platform_info p;
    platform_detect(FIX "wsl1", &p);
    CHECK(p.wsl == 1);
    CHECK(p.vm_guest == 0);
    CHECK(strstr(p.vm_why, "WSL1") != NULL);
}

static void test_a_custom_kernel_under_wsl2_is_known_by_its_interop(void)
{
    char dir[] = "/tmp/repro-platform-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/proc/sys/kernel/osrelease", dir);
    CHECK(fs_write_atomic(path, "6.6.36-custom\n", 14) == 0);
    snprintf(path, sizeof path, "%s/proc/sys/fs/binfmt_misc/WSLInterop-late", dir);
    CHECK(fs_write_atomic(path, "enabled\n", 8) == 0);
    platform_info p;
    platform_detect(dir, &p);
    CHECK(p.wsl == 2);
    CHECK_STR(p.wsl_why, "WSL's interop is registered in binfmt_misc");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

static void test_bare_metal_is_neither_wsl_nor_vm_and_says_its_dmi_vendor(void)
{
    platform_info p;
    char buf[1024];
    platform_detect(FIX "bare-x86", &p);
    CHECK(p.wsl == 0);
    CHECK(p.vm_guest == 0);
    CHECK(strstr(p.vm_why, "DMI Dell Inc.") != NULL);
    CHECK_STR(platform_describe(&p, buf, sizeof buf), "Linux, not WSL (kernel 6.1.0-28-amd64)");
}

static void test_arm64_guests_are_found_without_a_cpu_flag(void)
{
    platform_info p;
    platform_detect(FIX "arm64-qemu-virt", &p);
    CHECK(p.vm_guest == 1);
    CHECK_STR(p.vm_why, "the device tree is qemu's virt machine");
    platform_detect(FIX "arm64-uefi-kvm", &p);
    CHECK(p.vm_guest == 1);
    CHECK_STR(p.vm_why, "DMI says QEMU KVM Virtual Machine");
    platform_detect(FIX "arm64-bare", &p);
    CHECK(p.vm_guest == 0);
}

static void test_a_host_inside_a_container_is_said_with_its_evidence(void)
{
    platform_info p;
    char buf[1024];
    platform_detect(FIX "container", &p);
    CHECK(p.container == 1);
    CHECK_STR(p.container_why, "/.dockerenv exists; PID 1's environment has container=docker; "
                               "PID 1 is process_api, not an init");
    CHECK(strstr(platform_describe(&p, buf, sizeof buf), "; inside a container (/.dockerenv") !=
          NULL);
    platform_detect(FIX "wsl2", &p); /* WSL's PID 1 is its own init */
    CHECK(p.container == 0);
}

static void test_a_missing_root_says_unreadable_and_nothing_else(void)
{
    platform_info p;
    char buf[1024];
    platform_detect("/nonexistent-repro-root", &p);
    CHECK(p.wsl == 0 && p.vm_guest == 0 && p.container == 0);
    CHECK_STR(platform_describe(&p, buf, sizeof buf), "Linux, not WSL (kernel unreadable)");
}

int main(void)
{
    RUN(test_wsl2_is_said_with_its_kernel_and_is_a_vm_guest);
    RUN(test_wsl1_is_not_a_vm);
    RUN(test_a_custom_kernel_under_wsl2_is_known_by_its_interop);
    RUN(test_bare_metal_is_neither_wsl_nor_vm_and_says_its_dmi_vendor);
    RUN(test_arm64_guests_are_found_without_a_cpu_flag);
    RUN(test_a_host_inside_a_container_is_said_with_its_evidence);
    RUN(test_a_missing_root_says_unreadable_and_nothing_else);
    return check_main("platform");
}
