/* fsutil.c - atomic writes (temp + fsync + rename), whole-file reads, mkdir -p, sorted listings.
 *
 * Sorted listings matter: every stage walks directories in the same order on every machine,
 * which keeps outputs deterministic. */
#include "fsutil.h"

#include "cli.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = (mkdir(p, 0755) != 0 && errno != EEXIST) ? -1 : 0;
    free(p);
    return rc;
}

int fs_mkparent(const char *path)
{
    char *d = xstrdup(path);
    char *slash = strrchr(d, '/');
    int rc = 0;
    if (slash && slash != d) {
        *slash = '\0';
        rc = fs_mkdirs(d);
    }
    free(d);
    return rc;
}

int fs_stream_open(fs_stream *s, const char *path)
{
    *s = (fs_stream){.fd = -1};
    if (fs_mkparent(path) != 0)
        return -1;
    s->path = xstrdup(path);
    s->tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (s->fd < 0) {
        int saved = errno;
        fs_stream_abort(s);
        errno = saved;
        return -1;
    }
    return 0;
}

int fs_stream_write(fs_stream *s, const void *data, size_t len)
{
    const char *p = data;
    for (size_t off = 0; off < len && !s->failed;) {
        ssize_t w = write(s->fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            s->failed = errno;
            break;
        }
        off += (size_t)w;
    }
    errno = s->failed;
    return s->failed ? -1 : 0;
}

int fs_stream_commit(fs_stream *s)
{
    int rc = s->failed ? -1 : fsync(s->fd);
    int saved = s->failed ? s->failed : errno;
    if (close(s->fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    s->fd = -1;
    if (rc == 0 && rename(s->tmp, s->path) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlink(s->tmp);
    free(s->tmp);
    free(s->path);
    *s = (fs_stream){.fd = -1};
    errno = rc ? saved : 0;
    return rc;
}

void fs_stream_abort(fs_stream *s)
{
    if (s->fd >= 0)
        close(s->fd);
    if (s->tmp)
        unlink(s->tmp);
    free(s->tmp);
    free(s->path);
    *s = (fs_stream){.fd = -1};
}

int fs_write_atomic(const char *path, const char *data, size_t len)
{
    fs_stream s;
    if (fs_stream_open(&s, path) != 0)
        return -1;
    if (fs_stream_write(&s, data, len) != 0) {
        int saved = errno;
        fs_stream_abort(&s);
        errno = saved;
        return -1;
    }
    return fs_stream_commit(&s);
}

int fs_save(const char *path, const char *data, size_t len)
{
    if (fs_write_atomic(path, data ? data : "", len) == 0)
        return 0;
    int err = errno;
    log_error("%s: %s%s", path, strerror(err), cli_path_hint(path, err));
    return -1;
}

char *fs_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    /* One allocation of the file's size (plus room for files that grow or report 0, as /proc). */
    size_t cap = fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 2 : 4096;
    size_t n = 0, r;
    char *buf = xmalloc(cap);
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fs_list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t cap = 16, count = 0;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (count == cap) {
            cap *= 2;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[count++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof *names, cmp_names);
    *n = count;
    return names;
}

void fs_free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int fs_copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = fs_read_file(from, &len);
    if (!data)
        return -1;
    int rc = fs_write_atomic(to, data, len);
    free(data);
    return rc;
}
