/* list.c - `repro-archive list`: the archived runs, one line each: id, commit, summary. */
#include "archive.h"

#include "cli.h"
#include "log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_list(int argc, char **argv)
{
    const char *repo_path = "data/results";
    archive_repo_option(argc, argv, &repo_path,
                        "usage: repro list [--repo PATH]\n"
                        "Lists the archived runs (tags run/<id>): id, commit, first line.\n");
    cli_operands(argc, argv, 0, 0, "no operands");
    git_repository *repo;
    if (archive_open(repo_path, 0, &repo) != 0)
        return 1;
    git_strarray tags = {0};
    int rc = 0;
    if (git_tag_list_match(&tags, "run/*", repo) != 0) {
        archive_git_error("listing tags");
        rc = 1;
    }
    for (size_t i = 0; i < tags.count; i++) {
        git_object *obj;
        char *ref = tags.strings[i];
        if (git_revparse_single(&obj, repo, ref) != 0)
            continue;
        git_commit *commit;
        if (git_commit_lookup(&commit, repo, git_object_id(obj)) == 0) {
            char sha[GIT_OID_HEXSZ + 1];
            printf("%s\t%s\t%s\n", ref + 4, git_oid_tostr(sha, sizeof sha, git_object_id(obj)),
                   git_commit_summary(commit));
            git_commit_free(commit);
        }
        git_object_free(obj);
    }
    git_strarray_dispose(&tags);
    git_repository_free(repo);
    return rc;
}
