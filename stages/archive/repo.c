/* repo.c - what every archive subcommand needs: opening (or creating) the results repository,
 * reporting libgit2 errors, recording which commit holds a run and what judged it, and the
 * names an untrusted repository (one another machine wrote) may use. */
#include "archive.h"

#include "cli.h"
#include "fsutil.h"
#include "log.h"
#include "strbuf.h"
#include "tsv.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int archive_run_id_ok(const char *id)
{
    static const char shape[] = "dddddddd-dddddd";
    for (size_t i = 0; i < sizeof shape; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)id[i]) : id[i] != shape[i])
            return 0; /* the last round compares the terminating NULs */
    int month = (id[4] - '0') * 10 + id[5] - '0', day = (id[6] - '0') * 10 + id[7] - '0';
    int hour = (id[9] - '0') * 10 + id[10] - '0', min = (id[11] - '0') * 10 + id[12] - '0';
    int sec = (id[13] - '0') * 10 + id[14] - '0';
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && min < 60 && sec < 61;
}

int archive_safe_name(const char *name)
{
    if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

void archive_git_error(const char *what)
{
    const git_error *e = git_error_last();
    log_error("%s: the git operation failed (libgit2: %s)", what,
              e && e->message ? e->message : "no reason given");
}

int archive_open(const char *path, int create, git_repository **repo)
{
    if (git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0)
        return 0;
    if (!create) {
        log_error("%s: no results repository here (make report creates it)", path);
        return -1;
    }
    if (fs_mkdirs(path) != 0) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    if (git_repository_init(repo, path, 0) != 0) {
        archive_git_error(path);
        return -1;
    }
    return 0;
}

int archive_write_info(const char *dir, const char *run_id, const git_oid *commit,
                       const char *judged)
{
    char sha[GIT_OID_HEXSZ + 1];
    git_oid_tostr(sha, sizeof sha, commit);
    strbuf sb = {0};
    char *tag = xasprintf("run/%s", run_id);
    const char *rows[][ARCHIVED_NCOLS] = {
        {"archive_commit", sha}, {"archive_tag", tag}, {"judged_with", judged}};
    tsv_put_header(&sb, &archived_schema);
    for (size_t i = 0; i < (judged ? 3u : 2u); i++)
        tsv_put_fields(&sb, &archived_schema, rows[i]);
    char *path = xasprintf("%s/archive.tsv", dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    free(tag);
    sb_free(&sb);
    return rc;
}

void archive_repo_option(int argc, char **argv, const char **repo_path, const char *usage)
{
    static const struct option opts[] = {{"repo", 1, 0, 'R'}, CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    cli_help_text(usage);
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        if (c != 'R')
            cli_default(c, argv);
        *repo_path = optarg;
    }
}
