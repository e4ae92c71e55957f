/* platform.c - WSL2/WSL1, VM guest and container detection from the files Linux and WSL leave,
 * each read under a root prefix (platform.h). The evidence is kept beside each answer: a report
 * must say why it calls a host WSL2 or a VM guest, and "a VM guest" alone says nothing about
 * WSL2 (every cloud VM is one). */
#include "platform.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char *platform_root(void)
{
    const char *r = getenv("REPRO_ROOT");
    return r ? r : "";
}

/* Reads up to len-1 bytes of root/rel; NUL bytes (device-tree lists, environ) become spaces
 * when flat, the text is trimmed at the end. Returns 0 when it cannot be read. */
static int read_under(const char *root, const char *rel, char *buf, size_t len, int flat)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", root, rel);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, len - 1, f);
    fclose(f);
    buf[n] = '\0';
    for (size_t i = 0; flat && i < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    return 1;
}

static int exists_under(const char *root, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", root, rel);
    return access(path, F_OK) == 0;
}

static void add_why(char *why, size_t len, const char *fmt, const char *arg)
{
    size_t used = strlen(why);
    if (used + 3 >= len)
        return;
    if (used)
        used += (size_t)snprintf(why + used, len - used, "; ");
    snprintf(why + used, len - used, fmt, arg);
}

/* WSL2's kernels are "...-microsoft-standard-WSL2" (older ones "...-microsoft-standard"), WSL1
 * reports Windows' build as "4.4.0-19041-Microsoft"; WSL registers its interop binfmt either way. */
static void detect_wsl(const char *root, platform_info *p)
{
    char version[512];
    read_under(root, "/proc/sys/kernel/osrelease", p->kernel, sizeof p->kernel, 0);
    read_under(root, "/proc/version", version, sizeof version, 0);
    const char *k = *p->kernel ? p->kernel : version;
    if (strstr(k, "microsoft-standard") || strstr(k, "-WSL2")) {
        p->wsl = 2;
        add_why(p->wsl_why, sizeof p->wsl_why, "kernel %s", p->kernel);
    } else if (strstr(k, "Microsoft")) {
        p->wsl = 1;
        add_why(p->wsl_why, sizeof p->wsl_why, "kernel %s (Windows' own, translated)", p->kernel);
    }
    int interop = exists_under(root, "/proc/sys/fs/binfmt_misc/WSLInterop") ||
                  exists_under(root, "/proc/sys/fs/binfmt_misc/WSLInterop-late");
    if (interop) {
        if (!p->wsl) /* a custom kernel under WSL: the interop still says WSL, and WSL1 has none */
            p->wsl = strstr(version, "Microsoft") ? 1 : 2;
        add_why(p->wsl_why, sizeof p->wsl_why, "%s", "WSL's interop is registered in binfmt_misc");
    }
}

/* DMI vendors and products of hypervisors (sys_vendor or product_name contains one). */
static const char *const dmi_virtual[] = {
    "QEMU", "KVM", "VMware", "innotek", "VirtualBox", "Xen", "Amazon EC2", "Google Compute",
    "Virtual Machine", "Parallels", "Bochs", "OpenStack", "BHYVE", "Apple Virtualization", NULL};

static void detect_vm(const char *root, platform_info *p)
{
    char buf[4096], vendor[128], product[128];
    if (p->wsl == 2) {
        p->vm_guest = 1;
        add_why(p->vm_why, sizeof p->vm_why, "%s", "WSL2 runs its kernel in a Hyper-V VM");
        return;
    }
    if (p->wsl == 1) {
        add_why(p->vm_why, sizeof p->vm_why, "%s", "WSL1 runs on Windows' kernel, no VM");
        return;
    }
    if (read_under(root, "/proc/cpuinfo", buf, sizeof buf, 0)) {
        for (char *line = strstr(buf, "\nflags"); line; line = strstr(line + 1, "\nflags")) {
            char *end = strchr(line + 1, '\n');
            if (end)
                *end = '\0';
            int hv = strstr(line, " hypervisor") != NULL;
            if (end)
                *end = '\n';
            if (hv) {
                p->vm_guest = 1;
                add_why(p->vm_why, sizeof p->vm_why, "%s", "the CPU reports the hypervisor flag");
                break;
            }
        }
    }
    if (read_under(root, "/sys/hypervisor/type", buf, sizeof buf, 0) && *buf) {
        p->vm_guest = 1;
        add_why(p->vm_why, sizeof p->vm_why, "/sys/hypervisor/type is %s", buf);
    }
    read_under(root, "/sys/class/dmi/id/sys_vendor", vendor, sizeof vendor, 0);
    read_under(root, "/sys/class/dmi/id/product_name", product, sizeof product, 0);
    for (const char *const *v = dmi_virtual; *v; v++)
        if (strstr(vendor, *v) || strstr(product, *v)) {
            p->vm_guest = 1;
            snprintf(buf, sizeof buf, "DMI says %s %s", vendor, product);
            add_why(p->vm_why, sizeof p->vm_why, "%s", buf);
            break;
        }
    /* arm64 without DMI: qemu's virt machine and Xen name themselves in the device tree */
    if (read_under(root, "/proc/device-tree/compatible", buf, sizeof buf, 1) &&
        strstr(buf, "linux,dummy-virt")) {
        p->vm_guest = 1;
        add_why(p->vm_why, sizeof p->vm_why, "%s", "the device tree is qemu's virt machine");
    }
    if (exists_under(root, "/proc/device-tree/hypervisor")) {
        p->vm_guest = 1;
        add_why(p->vm_why, sizeof p->vm_why, "%s", "the device tree has a hypervisor node");
    }
    if (!p->vm_guest) {
        snprintf(buf, sizeof buf, "no hypervisor flag, /sys/hypervisor or device-tree node; DMI %s",
                 *vendor ? vendor : "unreadable");
        add_why(p->vm_why, sizeof p->vm_why, "%s", buf);
    }
}

/* Process 1 of a container is its workload (or a small init like tini), not a system init. */
static const char *const inits[] = {"init", "systemd", "openrc-init", "runit", "s6-svscan",
                                    "launchd", NULL};

static void detect_container(const char *root, platform_info *p)
{
    char buf[4096];
    if (exists_under(root, "/.dockerenv"))
        add_why(p->container_why, sizeof p->container_why, "%s", "/.dockerenv exists");
    if (exists_under(root, "/run/.containerenv"))
        add_why(p->container_why, sizeof p->container_why, "%s", "/run/.containerenv exists");
    if (read_under(root, "/proc/1/environ", buf, sizeof buf, 1)) {
        char *c = strstr(buf, "container=");
        if (c && (c == buf || c[-1] == ' ')) {
            c[strcspn(c, " ")] = '\0';
            add_why(p->container_why, sizeof p->container_why, "PID 1's environment has %s", c);
        }
    }
    if (read_under(root, "/proc/1/comm", buf, sizeof buf, 0) && *buf) {
        int is_init = 0;
        for (const char *const *i = inits; *i; i++)
            is_init |= strcmp(buf, *i) == 0;
        if (!is_init)
            add_why(p->container_why, sizeof p->container_why, "PID 1 is %s, not an init", buf);
    }
    p->container = *p->container_why != '\0';
}

void platform_detect(const char *root, platform_info *p)
{
    memset(p, 0, sizeof *p);
    if (!root)
        root = "";
    detect_wsl(root, p);
    detect_vm(root, p);
    detect_container(root, p);
}

const char *platform_describe(const platform_info *p, char *buf, size_t len)
{
    if (p->wsl)
        snprintf(buf, len, "WSL%d (%s)", p->wsl, p->wsl_why);
    else
        snprintf(buf, len, "Linux, not WSL (kernel %s)", *p->kernel ? p->kernel : "unreadable");
    if (p->container) {
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "; inside a container (%s)", p->container_why);
    }
    return buf;
}
