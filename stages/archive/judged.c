/* judged.c - provenance: what a run was judged with. A verdict depends on the claims, the
 * tables, the templates and the tool as much as on the samples, so the archive commit of a run
 * also holds them, under runs/<id>/judged-with/ (claims/, tables.tsv, templates/, revision):
 * RUN=<id> then renders the original report again after a claim changed. archive.tsv's
 * judged_with line, shown in the report, says which files a report was judged with. */
#include "archive.h"

#include "fsutil.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int judged_valid_revision(const char *rev)
{
    if (!strcmp(rev, "unknown"))
        return 1;
    size_t n = strspn(rev, "0123456789abcdef");
    if (n != 40 && n != 64) /* SHA-1 or SHA-256 object names */
        return 0;
    return rev[n] == '\0' || !strcmp(rev + n, "-dirty");
}

int archive_valid_id(const char *id)
{
    /* Becomes a path component (runs/<id>, the extract directory) and a tag name. */
    if (!*id || *id == '.' || strlen(id) > 64)
        return 0;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return 0;
    return 1;
}

int judged_add(const archive_stage *st, const judged_with *jw)
{
    if (!judged_valid_revision(jw->revision)) {
        log_error("--revision \"%s\" is not a git object name (with -dirty) or \"unknown\"",
                  jw->revision);
        return -1;
    }
    if (!fs_is_dir(jw->claims) || !fs_is_dir(jw->templates) || !fs_exists(jw->tables) ||
        fs_is_dir(jw->tables)) {
        log_error("%s, %s, %s: the claims and templates directories and the tables file must "
                  "exist",
                  jw->claims, jw->tables, jw->templates);
        return -1;
    }
    if (archive_add(st, jw->claims, JUDGED_DIR "/claims") != 0 ||
        archive_add(st, jw->tables, JUDGED_DIR "/tables.tsv") != 0 ||
        archive_add(st, jw->templates, JUDGED_DIR "/templates") != 0)
        return -1;
    char *path = xasprintf("%s/" JUDGED_DIR "/revision", st->workdir);
    char *line = xasprintf("%s\n", jw->revision);
    int rc = fs_save(path, line, strlen(line));
    free(path);
    free(line);
    if (rc != 0)
        return -1;
    char *in_index = xasprintf("%s/" JUDGED_DIR "/revision", st->index_root);
    rc = git_index_add_bypath(st->index, in_index);
    if (rc != 0)
        archive_git_error(in_index);
    free(in_index);
    return rc ? -1 : 0;
}

char *judged_statement(const char *archived, const char *today)
{
    if (archived && !today)
        return xasprintf("the claims, tables and templates archived with this run "
                         "(tool revision %s)",
                         archived);
    if (archived)
        return xasprintf("re-judged with today's claims, tables and templates (tool revision "
                         "%s) instead of the ones archived with this run (tool revision %s)",
                         today, archived);
    if (today)
        return xasprintf("today's claims, tables and templates (tool revision %s): this run "
                         "was archived without the ones that judged it",
                         today);
    return NULL;
}

/* 0 when dir/name is what it must be: a directory (want_dir) or a regular file. */
static int member_ok(const char *dir, const char *name, int want_dir)
{
    char *path = xasprintf("%s/%s", dir, name);
    int ok = want_dir ? fs_is_dir(path) : fs_exists(path) && !fs_is_dir(path);
    if (!ok)
        log_error("%s: missing or not a %s in the archived run", path,
                  want_dir ? "directory" : "file");
    free(path);
    return ok ? 0 : -1;
}

/* The revision file: one line, a git object name (with -dirty) or "unknown". */
static int read_revision(const char *path, char **rev)
{
    char *text = fs_read_file(path, NULL);
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    size_t len = strcspn(text, "\n");
    int one_line = text[len] == '\n' && text[len + 1] == '\0';
    text[len] = '\0';
    if (!one_line || !judged_valid_revision(text)) {
        log_error_at(path, 1,
                     "not one line holding a git object name (with -dirty) or "
                     "\"unknown\"");
        free(text);
        return -1;
    }
    *rev = text;
    return 0;
}

int judged_check(const char *dir, char **archived)
{
    *archived = NULL;
    char *jdir = xasprintf("%s/" JUDGED_DIR, dir);
    if (!fs_exists(jdir)) {
        free(jdir);
        return 0; /* archived before provenance was recorded */
    }
    int rc = 0;
    static const char *const dirs[] = {"claims", "templates"}, *const files[] = {"tables.tsv",
                                                                                 "revision"};
    size_t n;
    char **names = fs_list_dir(jdir, &n);
    for (size_t i = 0; names && i < n; i++)
        if (strcmp(names[i], dirs[0]) && strcmp(names[i], dirs[1]) && strcmp(names[i], files[0]) &&
            strcmp(names[i], files[1])) {
            log_error("%s/%s: not part of what judges a run (claims/, tables.tsv, templates/, "
                      "revision)",
                      jdir, names[i]);
            rc = -1;
        }
    if (names)
        fs_free_list(names, n);
    for (size_t i = 0; i < 2; i++)
        rc |= member_ok(jdir, dirs[i], 1) | member_ok(jdir, files[i], 0);
    if (rc == 0) {
        char *path = xasprintf("%s/revision", jdir);
        rc = read_revision(path, archived);
        free(path);
    }
    free(jdir);
    return rc;
}
