/* fsutil.h - file operations that never leave a half-written file behind.
 *
 * Every output of every stage goes through fs_write_atomic: a temp file in the same
 * directory, fsync, then rename, so a crash or a bad input never destroys data already there. */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stddef.h>

/* A file written in pieces and made visible whole: data goes to path.tmp.<pid>; commit fsyncs
 * and renames it over path, abort (or a failed commit) removes it. 0 or -1 (errno set); after
 * a failed write every later write fails too, and so does commit. */
typedef struct {
    int fd, failed;
    char *path, *tmp;
} fs_stream;
int fs_stream_open(fs_stream *s, const char *path);
int fs_stream_write(fs_stream *s, const void *data, size_t len);
int fs_stream_commit(fs_stream *s);
void fs_stream_abort(fs_stream *s);
/* Writes len bytes to path atomically, creating parent directories. 0 or -1 (errno set). */
int fs_write_atomic(const char *path, const char *data, size_t len);
/* fs_write_atomic, and on failure a "path: why" error logged; 0 or -1. Every stage's outputs
 * go through this, so no failed write passes silently. */
int fs_save(const char *path, const char *data, size_t len);
/* Reads a whole file; NULL on error (errno set). *len may be NULL. Result is NUL-terminated. */
char *fs_read_file(const char *path, size_t *len);
/* mkdir -p; 0 or -1. */
int fs_mkdirs(const char *path);
/* Creates the directories above path (mkdir -p of its dirname). */
int fs_mkparent(const char *path);
int fs_is_dir(const char *path);
int fs_exists(const char *path);
/* Sorted names (no "." or "..") of the entries in dir; *n gets the count. NULL on error. */
char **fs_list_dir(const char *dir, size_t *n);
void fs_free_list(char **names, size_t n);
/* Copies a file atomically. */
int fs_copy_file(const char *from, const char *to);

#endif
