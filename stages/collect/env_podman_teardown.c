/* env_podman_teardown.c - the podman driver's teardown phase: remove the containers, stop the
 * conmon and `podman container cleanup` processes left of this storage, unmount what is mounted
 * below it, remove the run's cgroups and the host paths podman made outside its storage (only
 * those this run created). Also run by `repro-collect --cleanup` in a new process. */
#include "env_podman.h"

#include "fsutil.h"
#include "log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* Created by podman or runc outside --root when missing; removed again when this run made
 * them (files only when named here, directories only when empty). */
static const char *const host_paths[] = {"/var/lib/containers/cache/blob-info-cache-v1.boltdb",
                                         "/var/lib/containers/cache", "/var/lib/containers",
                                         "/run/runc"};
enum { N_HOST_PATHS = sizeof host_paths / sizeof *host_paths };

/* Remembers which of host_paths do not exist yet, before podman first runs. */
void podman_note_missing_host_paths(podman_state *s)
{
    strbuf sb = {0};
    for (size_t i = 0; i < N_HOST_PATHS; i++)
        if (!fs_exists(host_paths[i]))
            sb_printf(&sb, "%s\n", host_paths[i]);
    fs_write_atomic(s->created, sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
}

/* Host processes whose command line mentions path (conmon and `podman container cleanup` of
 * this storage); stops them. */
static void stop_processes_using(const char *path)
{
    size_t n;
    char **ents = fs_list_dir("/proc", &n);
    for (size_t i = 0; ents && i < n; i++) {
        if (!isdigit((unsigned char)ents[i][0]) || atol(ents[i]) == (long)getpid())
            continue;
        char file[300];
        size_t len;
        snprintf(file, sizeof file, "/proc/%s/cmdline", ents[i]);
        char *cmdline = fs_read_file(file, &len);
        int uses = 0;
        for (size_t k = 0; cmdline && k < len; k += strlen(cmdline + k) + 1)
            uses |= strstr(cmdline + k, path) != NULL;
        free(cmdline);
        if (uses)
            proc_stop(atol(ents[i]), 10);
    }
    if (ents)
        fs_free_list(ents, n);
}

/* Unmounts every mount at or below dir, deepest first. */
void podman_unmount_below(const char *dir)
{
    char *mounts = fs_read_file("/proc/self/mounts", NULL);
    size_t dl = strlen(dir), n = 0;
    char **points = NULL;
    for (char *line = mounts ? strtok(mounts, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char *point = strchr(line, ' ');
        if (!point)
            continue;
        point++;
        point[strcspn(point, " ")] = '\0';
        if (strncmp(point, dir, dl) == 0 && (point[dl] == '/' || point[dl] == '\0')) {
            points = xrealloc(points, (n + 1) * sizeof *points);
            points[n++] = point;
        }
    }
    for (size_t done = 0; done < n; done++) { /* the longest path left is the deepest */
        size_t deepest = 0;
        for (size_t i = 1; i < n; i++)
            if (points[i] && (!points[deepest] || strlen(points[i]) > strlen(points[deepest])))
                deepest = i;
        if (umount2(points[deepest], 0) != 0)
            umount2(points[deepest], MNT_DETACH);
        points[deepest] = NULL;
    }
    free(points);
    free(mounts);
}

/* Removes the cgroup directory tree at path (bottom-up; each must be empty of processes). */
static void remove_cgroup_tree(const char *path)
{
    size_t n;
    char **ents = fs_list_dir(path, &n);
    for (size_t i = 0; ents && i < n; i++) {
        char *child = xasprintf("%s/%s", path, ents[i]);
        if (fs_is_dir(child))
            remove_cgroup_tree(child);
        free(child);
    }
    if (ents)
        fs_free_list(ents, n);
    rmdir(path);
}

/* The run's cgroup parent in every mounted cgroup hierarchy. */
static void remove_run_cgroups(const char *parent)
{
    char *mounts = fs_read_file("/proc/self/mounts", NULL);
    for (char *line = mounts ? strtok(mounts, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char dev[64], point[512], type[32];
        if (sscanf(line, "%63s %511s %31s", dev, point, type) != 3 ||
            (strcmp(type, "cgroup") != 0 && strcmp(type, "cgroup2") != 0))
            continue;
        char *path = xasprintf("%s%s", point, parent);
        remove_cgroup_tree(path);
        free(path);
    }
    free(mounts);
}

static void remove_created_host_paths(podman_state *s)
{
    char *list = fs_read_file(s->created, NULL);
    for (size_t i = 0; list && i < N_HOST_PATHS; i++) { /* in host_paths' order: files first */
        char line[300];
        snprintf(line, sizeof line, "%s\n", host_paths[i]);
        if (!strstr(list, line))
            continue;
        if (fs_is_dir(host_paths[i]))
            rmdir(host_paths[i]); /* only when empty: someone else may use it by now */
        else
            unlink(host_paths[i]);
    }
    free(list);
    unlink(s->created);
}

void podman_teardown(env *e)
{
    podman_state *s = podman_st(e);
    if (s->root[0] && fs_is_dir(s->root)) {
        const char *rm[] = {"rm", "--all", "--force", "--time", "0", NULL};
        podman_cmd(s, rm, NULL, 120);
        stop_processes_using(s->root);
        podman_unmount_below(s->dir);
        podman_unmount_below(s->root);
        podman_unmount_below(s->runroot);
        char *rmrf[] = {
            "rm", "-rf", s->runroot, s->own_store ? s->root : NULL, s->own_store ? s->netdir : NULL,
            NULL};
        proc_result rr;
        proc_run(rmrf, NULL, &rr);
        unlink(s->store_note);
    }
    remove_run_cgroups(s->cgroup_parent);
    remove_created_host_paths(s);
    free(e->priv);
    e->priv = NULL;
}

