/* envinfo.c - `repro-probe envinfo`: what this environment looks like from inside, as
 * "key<TAB>value" lines: kernel, virtualization markers, CPUs, cgroup version and the CPU and
 * memory limits in effect, Go version. Collect records them per environment. */
#include "probe.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static int read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    if (!fgets(buf, (int)len, f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* Finds "prefix" at the start of a line in a text file and copies the rest of that line. */
static int grep_first(const char *path, const char *prefix, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, prefix, strlen(prefix)) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(buf, len, "%s", line + strlen(prefix));
            fclose(f);
            return 0;
        }
    }
    fclose(f);
    return -1;
}

static void kv(const char *key, const char *value)
{
    printf("%s\t%s\n", key, value && *value ? value : "unknown");
}

/* Reads a cgroup file of this process's own cgroup, else at the mount root (cgroup.c's rule:
 * exact v1 controller names, "cpu" is not "cpuset"). */
static int cgroup_read(const char *mount, const char *controller, const char *file, char *buf,
                       size_t len)
{
    char path[2048];
    if (probe_cgroup_file(mount, controller, file, path, sizeof path) != 0)
        return -1;
    return read_line(path, buf, len);
}

static void limits(void)
{
    char a[256], b[256], out[256];
    int v2 = access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0;
    int hybrid = !v2 && access("/sys/fs/cgroup/unified", F_OK) == 0;
    kv("cgroup", v2 ? "v2" : hybrid ? "v1 (hybrid, v2 at /sys/fs/cgroup/unified)" : "v1");
    if (v2) {
        if (cgroup_read("/sys/fs/cgroup", "", "cpu.max", a, sizeof a) == 0) {
            long quota, period;
            if (sscanf(a, "%ld %ld", &quota, &period) == 2 && period > 0)
                snprintf(out, sizeof out, "%.2f", (double)quota / (double)period);
            else
                snprintf(out, sizeof out, "unlimited");
            kv("cpu_limit", out);
        } else
            kv("cpu_limit", "unreadable");
        kv("memory_limit_bytes",
           cgroup_read("/sys/fs/cgroup", "", "memory.max", a, sizeof a) == 0
               ? (strcmp(a, "max") == 0 ? "unlimited" : a)
               : "unreadable");
        return;
    }
    if (cgroup_read("/sys/fs/cgroup/cpu", "cpu", "cpu.cfs_quota_us", a, sizeof a) == 0 &&
        cgroup_read("/sys/fs/cgroup/cpu", "cpu", "cpu.cfs_period_us", b, sizeof b) == 0) {
        long quota = atol(a), period = atol(b);
        if (quota > 0 && period > 0)
            snprintf(out, sizeof out, "%.2f", (double)quota / (double)period);
        else
            snprintf(out, sizeof out, "unlimited");
        kv("cpu_limit", out);
    } else
        kv("cpu_limit", "unreadable");
    if (cgroup_read("/sys/fs/cgroup/memory", "memory", "memory.limit_in_bytes", a, sizeof a) ==
        0)
        kv("memory_limit_bytes", strtoull(a, NULL, 10) >= (1ULL << 62) ? "unlimited" : a);
    else
        kv("memory_limit_bytes", "unreadable");
}

/* Container markers found from inside, e.g. "/.dockerenv" or "none". Only markers: a VM image
 * built from a container may carry /.dockerenv too, so the report shows them as found. */
static void container_markers(char *buf, size_t len)
{
    static const char *const files[] = {"/.dockerenv", "/run/.containerenv"};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (access(files[i], F_OK) == 0)
            snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? " " : "", files[i]);
    if (getenv("container"))
        snprintf(buf + strlen(buf), len - strlen(buf), "%scontainer=%s", *buf ? " " : "",
                 getenv("container"));
    if (!*buf)
        snprintf(buf, len, "none");
}

int probe_envinfo(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct utsname u;
    char buf[1024];
    if (uname(&u) == 0) {
        kv("kernel", u.release);
        kv("arch", u.machine);
    }
    kv("cpu_model", grep_first("/proc/cpuinfo", "model name\t: ", buf, sizeof buf) == 0 ? buf
                                                                                         : NULL);
    int hv = grep_first("/proc/cpuinfo", "flags", buf, sizeof buf) == 0 &&
             strstr(buf, " hypervisor") != NULL;
    kv("hypervisor_flag", hv ? "yes" : "no");
    kv("dmi_vendor", read_line("/sys/class/dmi/id/sys_vendor", buf, sizeof buf) == 0 ? buf
                                                                                    : "none");
    container_markers(buf, sizeof buf);
    kv("container_markers", buf);
    kv("pid1", read_line("/proc/1/comm", buf, sizeof buf) == 0 ? buf : "unreadable");
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        snprintf(buf, sizeof buf, "%d", CPU_COUNT(&set));
        kv("cpus_visible", buf);
    }
    snprintf(buf, sizeof buf, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    kv("cpus_online", buf);
    if (grep_first("/proc/meminfo", "MemTotal:", buf, sizeof buf) == 0) {
        char *s = buf;
        while (*s == ' ')
            s++;
        kv("mem_total", s);
    }
    limits();
    kv("go_version", read_line("/usr/lib/go/VERSION", buf, sizeof buf) == 0 ? buf : "none");
    return 0;
}

