/* repo.c - what every archive subcommand needs: opening (or creating) the results repository,
 * reporting libgit2 errors, and recording which commit holds a run and what judged it. */
#include "archive.h"

#include "fsutil.h"
#include "log.h"
#include "strbuf.h"
#include "tsv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void archive_git_error(const char *what)
{
    const git_error *e = git_error_last();
    log_error("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
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
    const char *hdr[] = {"key", "value"};
    const char *r1[] = {"archive_commit", sha};
    char *tag = xasprintf("run/%s", run_id);
    const char *r2[] = {"archive_tag", tag};
    tsv_put_row(&sb, 2, hdr);
    tsv_put_row(&sb, 2, r1);
    tsv_put_row(&sb, 2, r2);
    const char *r3[] = {"judged_with", judged};
    if (judged)
        tsv_put_row(&sb, 2, r3);
    char *path = xasprintf("%s/archive.tsv", dir);
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    free(tag);
    sb_free(&sb);
    return rc;
}
