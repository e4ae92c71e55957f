/* env_common.c - what the environment drivers share: the registry the drivers put themselves
 * in and the catalog of environments made from data/envs.tsv's rows over it, metadata lines,
 * and reading the resident memory of host processes (for the runtimes' daemons). */
#include "env.h"

#include "fsutil.h"
#include "log.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The registered drivers, and one environment per row of the catalog file. */
static const env_driver *drivers[32];
static size_t ndrivers;
static env_driver *catalog;
static size_t ncatalog;

void env_driver_register(const env_driver *d)
{
    for (size_t i = 0; i < ndrivers; i++)
        if (!strcmp(drivers[i]->driver, d->driver))
            die("two environment drivers are named \"%s\"", d->driver);
    if (ndrivers == sizeof drivers / sizeof *drivers)
        die("more than %zu environment drivers", ndrivers);
    drivers[ndrivers++] = d;
}

static const env_driver *driver_find(const char *name)
{
    for (size_t i = 0; i < ndrivers; i++)
        if (!strcmp(drivers[i]->driver, name))
            return drivers[i];
    return NULL;
}

/* Forgets the catalog a previous load made (its strings are the catalog's own). */
static void catalog_free(void)
{
    for (size_t i = 0; i < ncatalog; i++) {
        free((char *)catalog[i].name);
        free((char *)catalog[i].what);
        free((char *)catalog[i].only_table);
        free((char *)catalog[i].reference);
        free((char *)catalog[i].factor);
    }
    free(catalog);
    catalog = NULL;
    ncatalog = 0;
}

int env_catalog_load(const char *path)
{
    env_rows rows;
    catalog_free();
    if (env_rows_load(path, &rows) != 0) {
        env_rows_free(&rows);
        return -1;
    }
    int rc = 0;
    catalog = xcalloc(rows.n, sizeof *catalog);
    for (size_t i = 0; i < rows.n; i++) {
        const env_row *r = &rows.rows[i];
        const env_driver *d = driver_find(r->driver);
        if (!d) {
            log_error_at(path, r->line, "env \"%s\": no driver \"%s\" (stages/collect/env_*.c)",
                         r->name, r->driver);
            rc = -1;
            continue;
        }
        env_driver *e = &catalog[ncatalog++];
        *e = *d;
        e->name = xstrdup(r->name);
        e->what = xstrdup(r->what);
        e->only_table = *r->only_table ? xstrdup(r->only_table) : NULL;
        e->caps = r->caps;
        e->reference = *r->reference ? xstrdup(r->reference) : NULL;
        e->factor = *r->factor ? xstrdup(r->factor) : NULL;
        char why[512];
        if (e->check_row && e->check_row(e, why, sizeof why) != 0) {
            log_error_at(path, r->line, "env \"%s\": %s", r->name, why);
            rc = -1;
        }
    }
    env_rows_free(&rows);
    return rc;
}

const env_driver *env_catalog_find(const char *name)
{
    for (size_t i = 0; i < ncatalog; i++)
        if (!strcmp(catalog[i].name, name))
            return &catalog[i];
    return NULL;
}

const char *env_catalog_names(const char *sep)
{
    static strbuf names;
    sb_reset(&names);
    for (size_t i = 0; i < ncatalog; i++)
        sb_printf(&names, "%s%s", i ? sep : "", catalog[i].name);
    return sb_str(&names);
}

void env_meta(env *e, const char *key, const char *value)
{
    sb_puts(&e->meta, key);
    sb_putc(&e->meta, '\t');
    for (const char *s = value && *value ? value : "unknown"; *s; s++)
        sb_putc(&e->meta, *s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s);
    sb_putc(&e->meta, '\n');
}

const char *env_host_line(char *const argv[], char *buf, size_t len)
{
    strbuf out = {0};
    buf[0] = '\0';
    if (proc_capture(argv, 20, &out) == 0) {
        const char *s = sb_str(&out);
        size_t n = strcspn(s, "\n");
        snprintf(buf, len, "%.*s", (int)n, s);
    }
    sb_free(&out);
    return buf;
}

const char *env_share_host(const env *e, char *buf, size_t len)
{
    snprintf(buf, len, "%s/share", e->ctx->run_dir);
    fs_mkdirs(buf);
    return buf;
}

const char *env_kept_dir(const env *e, const char *what, char *buf, size_t len)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", e->ctx->image_root, what);
    char *lock = xasprintf("%s.lock", path);
    fs_mkparent(lock);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock);
    /* Held until this process exits: the descriptor is never closed on purpose. */
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && fs_mkdirs(path) == 0) {
        snprintf(buf, len, "%s", path);
        return buf;
    }
    if (fd >= 0)
        close(fd);
    snprintf(buf, len, "%s/env/%s", e->ctx->run_dir, what);
    fs_mkdirs(buf);
    return buf;
}

const char *env_kept_cache(const env *e, char *buf, size_t len)
{
    char what[128];
    snprintf(what, sizeof what, "cache/%s", e->drv->name);
    env_kept_dir(e, what, buf, len);
    /* What a probe killed mid-sample left: its scratch names (fixed or by PID, which is 1 in
     * every container) would collide with the next run's. Nothing else uses it: it is locked. */
    char *script = xasprintf("cd '%s' && for f in repro-* shellenv-home.* goversions-gopath.*; do "
                             "[ -e \"$f\" ] || continue; grep -o \" $PWD/$f[^ ]*\" /proc/mounts | "
                             "sort -r | xargs -r -n1 umount -l; rm -rf \"$f\"; done",
                             buf);
    char *argv[] = {"sh", "-c", script, NULL};
    proc_opts o = {.stdout_path = "/dev/null", .stderr_path = "/dev/null", .timeout_s = 60};
    proc_result r;
    proc_run(argv, &o, &r);
    free(script);
    return buf;
}

char **env_traced(const env *e, char *const argv[])
{
    static char *const prefix[] = {"strace", "-f", "-c", "-w", "-o"};
    size_t np = *e->runtime_trace ? sizeof prefix / sizeof *prefix + 1 : 0, n = 0;
    while (argv[n])
        n++;
    char **out = xmalloc((np + n + 1) * sizeof *out);
    for (size_t i = 0; np && i + 1 < np; i++)
        out[i] = prefix[i];
    if (np)
        out[np - 1] = (char *)e->runtime_trace;
    for (size_t i = 0; i <= n; i++)
        out[np + i] = argv[i];
    return out;
}

void env_trace_unsupported(const env *e, const char *why)
{
    if (!*e->runtime_trace)
        return;
    char *text = xasprintf("# unsupported runtime-trace: %s\n", why);
    fs_save(e->runtime_trace, text, strlen(text));
    free(text);
}

double env_pid_rss(long pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    double kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtod(line + 6, NULL);
    fclose(f);
    return kib < 0 ? -1 : kib * 1024.0;
}

int env_rss_by_name(const char *const names[], double *bytes, strbuf *desc)
{
    size_t n;
    char **ents = fs_list_dir("/proc", &n);
    int found = 0;
    *bytes = 0;
    for (size_t i = 0; ents && i < n; i++) {
        if (!isdigit((unsigned char)ents[i][0]))
            continue;
        char path[300], comm[64] = "";
        snprintf(path, sizeof path, "/proc/%s/comm", ents[i]);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(comm, sizeof comm, f))
            comm[strcspn(comm, "\n")] = '\0';
        fclose(f);
        for (size_t k = 0; names[k]; k++) {
            if (strcmp(comm, names[k]) != 0)
                continue;
            double rss = env_pid_rss(atol(ents[i]));
            if (rss < 0)
                continue;
            *bytes += rss;
            sb_printf(desc, "%s%s(pid %s) %.0f kB", found ? ", " : "", comm, ents[i], rss / 1024.0);
            found++;
        }
    }
    if (ents)
        fs_free_list(ents, n);
    return found;
}

const char **env_run_argv(const char *const fixed[], size_t nfixed, char *const envv[],
                          const char *image, char *const argv[])
{
    size_t n = 0, cap = nfixed + 2;
    for (size_t i = 0; envv[i]; i++)
        cap += 2;
    for (size_t i = 0; argv[i]; i++)
        cap++;
    const char **full = xmalloc(cap * sizeof *full);
    for (size_t i = 0; i < nfixed; i++)
        full[n++] = fixed[i];
    for (size_t i = 0; envv[i]; i++) {
        full[n++] = "-e";
        full[n++] = envv[i];
    }
    full[n++] = image;
    for (size_t i = 0; argv[i]; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    return full;
}
