/* meta.c - what the report must say about the machine a run was measured on: kernel, CPU,
 * whether it is WSL2 (then `host` is the article's environment itself), another VM guest (the
 * WSL2 situation's analogue) or itself inside a container (platform.c), Go and runtime
 * versions. Written to run.tsv (atomically) when the run begins, with its settings, and again
 * when it ends, with how it ended (meta_write_run). */
#include "matrix.h"

#include "fsutil.h"
#include "log.h"
#include "platform.h"
#include "schema_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static void put(strbuf *sb, const char *key, const char *value)
{
    const char *row[FACTS_NCOLS] = {
        [FACTS_KEY] = key, [FACTS_VALUE] = value && *value ? value : "unknown"};
    tsv_put_fields(sb, &facts_schema, row);
}

static const char *file_line(const char *path, const char *prefix, char *buf, size_t len)
{
    char *text = fs_read_file(path, NULL);
    buf[0] = '\0';
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
        if (strncmp(line, prefix, strlen(prefix)) == 0) {
            const char *v = line + strlen(prefix);
            while (*v == ' ' || *v == '\t')
                v++;
            snprintf(buf, len, "%s", v);
            break;
        }
    free(text);
    return buf;
}

int meta_write_run(const collect_ctx *ctx, const char *extra)
{
    strbuf sb = {0};
    char buf[1024];
    struct utsname u;
    tsv_put_header(&sb, &facts_schema);
    put(&sb, "run_id", ctx->run_id);
    if (uname(&u) == 0) {
        snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
        put(&sb, "host_kernel", buf);
    }
    /* x86 names its CPU in /proc/cpuinfo; arm64 does not (implementer and part numbers only),
     * lscpu decodes them */
    char *lscpu[] = {"sh", "-c", "lscpu 2>/dev/null | sed -n 's/^Model name: *//p'", NULL};
    if (!*file_line("/proc/cpuinfo", "model name\t: ", buf, sizeof buf))
        env_host_line(lscpu, buf, sizeof buf);
    put(&sb, "host_cpu_model", buf);
    char *nproc[] = {"nproc", "--all", NULL};
    put(&sb, "host_cpus", env_host_line(nproc, buf, sizeof buf));
    put(&sb, "host_memory", file_line("/proc/meminfo", "MemTotal:", buf, sizeof buf));
    /* WSL2/WSL1, VM guest, container: from the files under REPRO_ROOT (fixtures) or / */
    platform_info p;
    const char *root = platform_root();
    platform_detect(root, &p);
    if (*root)
        put(&sb, "platform_root", root);
    put(&sb, "host_platform", platform_describe(&p, buf, sizeof buf));
    if (p.wsl)
        snprintf(buf, sizeof buf, "WSL%d (kernel %s)", p.wsl, p.kernel);
    put(&sb, "host_wsl", p.wsl ? buf : "no");
    snprintf(buf, sizeof buf, "%s (%s)", p.vm_guest ? "yes" : "no", p.vm_why);
    put(&sb, "host_is_vm_guest", buf);
    snprintf(buf, sizeof buf, "yes (%s)", p.container_why);
    put(&sb, "host_in_container", p.container ? buf : "no");
    char *virt[] = {"systemd-detect-virt", "--vm", NULL};
    if (*root) {
        put(&sb, "host_hypervisor", "not asked: the platform was read under REPRO_ROOT");
    } else if (p.vm_guest && *env_host_line(virt, buf, sizeof buf)) {
        char said[1100];
        snprintf(said, sizeof said, "%s (as systemd-detect-virt names it)", buf);
        put(&sb, "host_hypervisor", said);
    } else {
        put(&sb, "host_hypervisor", p.vm_guest ? "unidentified" : "none");
    }
    char *gov[] = {"go", "version", NULL};
    put(&sb, "go_version", env_host_line(gov, buf, sizeof buf));
    put(&sb, "image_layer", ctx->image_id);
    /* the caller's own rows, written by facts_put (--set, the resume facts, precision's) */
    _Static_assert(FACTS_KEY == 0 && FACTS_VALUE == 1 && FACTS_NCOLS == 2, "extra's rows");
    sb_puts(&sb, extra ? extra : "");
    char *path = xasprintf("%s/run.tsv", ctx->run_dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    return rc;
}
