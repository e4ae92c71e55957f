/* journal.c - journal.tsv, the append-only record of a run's finished cells, so a run killed at
 * any moment (a laptop's sleep, the OOM killer, a reboot) can be continued by --resume.
 *
 * One TSV line per cell, written by one write() and fsynced, after the cell's own files were
 * fsynced; its last field is the CRC-32 of the rest of the line. On resume a bad last line is
 * what the crash tore (dropped: its cell runs again) and a bad line before a good one is damage
 * (refused with file:line). The files of cells the journal lacks are removed before going on. */
#include "journal.h"

#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "numfmt.h"
#include "schema_run.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* journal.tsv's columns are schema_run.h's JOURNAL_COLS; the crc, over the line before it, is
 * the last. */
_Static_assert(JOURNAL_CRC == JOURNAL_NCOLS - 1, "the crc closes each line");

static uint32_t crc32(const char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
    }
    return ~c;
}

/* Whether line (n bytes, no newline) ends in "\t<crc of what precedes it>". */
static int line_intact(const char *line, size_t n)
{
    char want[16];
    if (n < 9 || line[n - 9] != '\t')
        return 0;
    snprintf(want, sizeof want, "%08x", (unsigned)crc32(line, n - 9));
    return memcmp(line + n - 8, want, 8) == 0;
}

/* Whether name is one of the comma-separated list. */
static int in_list(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, ",");
        if (l == len && !strncmp(p, name, len))
            return 1;
        p += l + (p[l] == ',');
    }
    return 0;
}

/* The length of text's intact records after the header; a torn last line is left out (with a
 * warning), a bad line with a good one after it is an error: -1. */
static long intact_prefix(const char *path, const char *text, size_t len)
{
    strbuf header = {0};
    tsv_put_header(&header, &journal_schema);
    size_t hlen = header.len, at = hlen;
    int ours = len >= hlen && memcmp(text, header.buf, hlen) == 0;
    if (!ours)
        log_error_at(path, 1, "not a journal of repro-collect (its header is \"%.*s\")",
                     (int)hlen - 1, header.buf);
    sb_free(&header);
    if (!ours)
        return -1;
    for (long line = 2; at < len; line++) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (!nl || !line_intact(text + at, end - at) || memchr(text + at, '\0', end - at)) {
            if (nl && end + 1 < len) {
                log_error_at(path, line,
                             "the record's checksum does not match: the journal is damaged, so "
                             "the run cannot be resumed (start a new one: RESUME=no)");
                return -1;
            }
            log_warn("%s:%ld: a record cut short by the crash: that cell runs again", path, line);
            break;
        }
        at = end + 1;
    }
    return (long)at;
}

static void push(journal *j, const char *const *f, int rep, double elapsed)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? 2 * j->cap : 64;
        j->recs = xrealloc(j->recs, j->cap * sizeof *j->recs);
    }
    j->recs[j->n++] = (journal_rec){.table = xstrdup(f[JOURNAL_TABLE]),
                                    .env = xstrdup(f[JOURNAL_ENV]),
                                    .status = xstrdup(f[JOURNAL_STATUS]),
                                    .seconds = xstrdup(f[JOURNAL_SECONDS]),
                                    .detail = xstrdup(f[JOURNAL_DETAIL]),
                                    .rep = rep,
                                    .elapsed = elapsed};
}

/* Checks row r of t and adds it to j; -1 after logging file:line. */
static int add_row(journal *j, const tsv_table *t, size_t r, const char *tables, const char *envs,
                   int warmups)
{
    const char *f[JOURNAL_NCOLS];
    for (int i = 0; i < JOURNAL_NCOLS; i++)
        f[i] = journal_at(t, r, (journal_col)i);
    const char *table = f[JOURNAL_TABLE], *env = f[JOURNAL_ENV], *repno = f[JOURNAL_REP];
    const char *status = f[JOURNAL_STATUS];
    long line = t->rows[r].line;
    char *end;
    long rep = strtol(repno, &end, 10);
    double secs, elapsed;
    const char *why = NULL;
    if (!in_list(tables, table))
        why = "a table this run does not have";
    else if (!in_list(envs, env))
        why = "an environment this run does not have";
    else if (!*repno || *end || rep < -warmups || rep > 100000)
        why = "a rep that is not a sample or warm-up number of this run";
    else if (strcmp(status, rep < 0    ? "warmup"
                            : rep == 0 ? "unsupported"
                                       : "ok") &&
             !(rep > 0 && cell_status_is(status, CELL_FAILED)))
        why = "a status that does not fit its rep (warmup, unsupported, ok or failed)";
    else if (num_parse_finite(f[JOURNAL_SECONDS], &secs) != 0 ||
             num_parse_finite(f[JOURNAL_ELAPSED], &elapsed) != 0 || elapsed < 0)
        why = "seconds or elapsed that are not numbers";
    else if (journal_find(j, table, env, (int)rep))
        why = "a cell recorded twice";
    if (why) {
        log_error_at(t->path, line, "%s (%s %s %s)", why, table, env, repno);
        return -1;
    }
    push(j, f, (int)rep, elapsed);
    return 0;
}

/* Reads and checks the journal; *keep gets the length of its intact part. */
static int load(journal *j, const char *tables, const char *envs, int warmups, long *keep)
{
    size_t len;
    char *text = fs_read_file(j->path, &len);
    if (!text) {
        log_error("%s: %s (a run without a journal cannot be resumed)", j->path, strerror(errno));
        return -1;
    }
    *keep = intact_prefix(j->path, text, len);
    tsv_table t = {0};
    int rc = -1;
    if (*keep >= 0) {
        text[*keep] = '\0'; /* the intact records only */
        rc = tsv_parse_as(j->path, text, &journal_schema, &t);
    }
    for (size_t r = 0; rc == 0 && r < t.nrows; r++)
        rc = add_row(j, &t, r, tables, envs, warmups);
    tsv_free(&t);
    free(text);
    return rc;
}

int journal_open(journal *j, const char *run_dir, enum journal_mode mode, const char *tables,
                 const char *envs, int warmups)
{
    *j = (journal){.path = xasprintf("%s/journal.tsv", run_dir), .fd = -1};
    long keep = 0;
    int resume = mode != JOURNAL_NEW;
    if (resume && load(j, tables, envs, warmups, &keep) != 0)
        return -1;
    if (mode == JOURNAL_CHECK)
        return 0;
    if (!resume && fs_exists(j->path)) {
        log_error("%s: a journal exists already: resume that run (--resume) or use a new "
                  "directory",
                  j->path);
        return -1;
    }
    strbuf header = {0};
    tsv_put_header(&header, &journal_schema);
    int saved = resume || fs_save(j->path, header.buf, header.len) == 0;
    sb_free(&header);
    if (!saved)
        return -1;
    j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (j->fd < 0 || (resume && (ftruncate(j->fd, keep) != 0 || fsync(j->fd) != 0))) {
        log_error("%s: %s", j->path, strerror(errno));
        return -1;
    }
    return 0;
}

int journal_append(journal *j, const char *table, const char *env, int rep, const char *status,
                   double seconds, const char *detail, double elapsed)
{
    char secs[32], repno[16], el[32];
    snprintf(secs, sizeof secs, "%.3f", seconds);
    snprintf(repno, sizeof repno, "%d", rep);
    snprintf(el, sizeof el, "%.3f", elapsed);
    strbuf sb = {0};
    const char *f[JOURNAL_CRC] = {
        [JOURNAL_TABLE] = table,   [JOURNAL_ENV] = env,      [JOURNAL_REP] = repno,
        [JOURNAL_STATUS] = status, [JOURNAL_SECONDS] = secs, [JOURNAL_ELAPSED] = el,
        [JOURNAL_DETAIL] = detail};
    for (size_t i = 0; i < JOURNAL_CRC; i++) {
        tsv_put(&sb, f[i]);
        sb_putc(&sb, '\t');
    }
    sb_printf(&sb, "%08x\n", (unsigned)crc32(sb.buf, sb.len - 1));
    off_t before = lseek(j->fd, 0, SEEK_END);
    ssize_t w = write(j->fd, sb.buf, sb.len);
    int rc = w == (ssize_t)sb.len && fsync(j->fd) == 0 ? 0 : -1;
    if (rc != 0) {
        int saved = w < 0 || w == (ssize_t)sb.len ? errno : ENOSPC; /* a short write: no room */
        if (before >= 0 && ftruncate(j->fd, before) == 0) /* no torn line before later ones */
            fsync(j->fd);
        log_error("%s: %s", j->path, strerror(saved));
    }
    sb_free(&sb);
    if (rc == 0)
        push(j, f, rep, elapsed);
    return rc;
}

const journal_rec *journal_find(const journal *j, const char *table, const char *env, int rep)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->recs[i].rep == rep && !strcmp(j->recs[i].table, table) &&
            !strcmp(j->recs[i].env, env))
            return &j->recs[i];
    return NULL;
}

int journal_round_begun(const journal *j, int rep)
{
    for (size_t i = 0; i < j->n; i++)
        if (j->recs[i].rep == rep)
            return 1;
    return 0;
}

double journal_elapsed(const journal *j)
{
    return j->n ? j->recs[j->n - 1].elapsed : 0;
}

void journal_close(journal *j)
{
    for (size_t i = 0; i < j->n; i++) {
        journal_rec *r = &j->recs[i];
        free(r->table);
        free(r->env);
        free(r->status);
        free(r->seconds);
        free(r->detail);
    }
    free(j->recs);
    if (j->fd >= 0)
        close(j->fd);
    free(j->path);
    *j = (journal){.fd = -1};
}

static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (rc != 0)
        log_error("%s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Whether name is a file of the cell whose files are named <prefix>.* (temp files are not). */
static int of_cell(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    return !strncmp(name, prefix, n) && name[n] == '.' && !strstr(name + n, ".tmp");
}

int journal_sync_cell(const char *base)
{
    char *dir = xstrdup(base);
    char *slash = strrchr(dir, '/');
    *slash = '\0';
    size_t n;
    char **names = fs_list_dir(dir, &n);
    int rc = names ? 0 : -1;
    for (size_t i = 0; names && i < n && rc == 0; i++) {
        if (!of_cell(names[i], slash + 1))
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        rc = sync_path(path, 0);
        free(path);
    }
    if (names)
        fs_free_list(names, n);
    struct statvfs vfs;
    if (rc == 0 && statvfs(dir, &vfs) == 0 && (geteuid() == 0 ? vfs.f_bfree : vfs.f_bavail) == 0) {
        log_error("%s: %s: the cell's output may be cut short, so it is not recorded", base,
                  strerror(ENOSPC));
        rc = -1;
    }
    /* The cell's directory entries, up to raw/ (a first cell creates raw/<table>/<env>). */
    for (int up = 0; up < 3 && rc == 0 && (slash = strrchr(dir, '/')); up++) {
        rc = sync_path(dir, O_DIRECTORY);
        *slash = '\0';
    }
    free(dir);
    return rc;
}

void journal_remove_cell(const char *base)
{
    char *dir = xstrdup(base);
    char *slash = strrchr(dir, '/');
    *slash = '\0';
    size_t n;
    char **names = fs_list_dir(dir, &n);
    size_t len = strlen(slash + 1);
    for (size_t i = 0; names && i < n; i++)
        if (!strncmp(names[i], slash + 1, len) && names[i][len] == '.') {
            char *path = xasprintf("%s/%s", dir, names[i]);
            unlink(path);
            free(path);
        }
    if (names)
        fs_free_list(names, n);
    free(dir);
}

/* The cell a raw file belongs to: its rep (warm-ups < 0); 0 when the name is no cell's. */
static int rep_of_file(const char *name, int warmups)
{
    if (!strncmp(name, "warmup-", 7)) {
        int w = atoi(name + 7);
        return w >= 1 && w <= warmups ? w - warmups - 1 : 0;
    }
    return atoi(name);
}

/* Removes the files in DIR/raw/<table>/<env> of cells j lacks; returns how many cells had some. */
static int remove_in(const journal *j, const char *run_dir, const char *table, const char *env,
                     int warmups)
{
    char *dir = xasprintf("%s/raw/%s/%s", run_dir, table, env);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    int cells = 0, last = 0; /* the rep of the last file removed: a cell's files are adjacent */
    for (size_t i = 0; names && i < n; i++) {
        int rep = rep_of_file(names[i], warmups);
        int finished = rep && journal_find(j, table, env, rep);
        if (!rep || (finished && !strstr(names[i], ".tmp")))
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        if (unlink(path) == 0 && !finished && rep != last) {
            cells++;
            last = rep;
        }
        free(path);
    }
    if (names)
        fs_free_list(names, n);
    free(dir);
    return cells;
}

int journal_remove_unfinished(const journal *j, const char *run_dir, const char *tables,
                              const char *envs, int warmups)
{
    int cells = 0;
    char *tl = xstrdup(tables), *ts, *el = NULL, *es;
    for (char *t = strtok_r(tl, ",", &ts); t; t = strtok_r(NULL, ",", &ts)) {
        free(el);
        el = xstrdup(envs);
        for (char *e = strtok_r(el, ",", &es); e; e = strtok_r(NULL, ",", &es))
            cells += remove_in(j, run_dir, t, e, warmups);
    }
    free(el);
    free(tl);
    return cells;
}
