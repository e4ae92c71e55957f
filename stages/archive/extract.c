/* extract.c - `repro-archive extract`: writes runs/<id>/ of the commit tagged run/<id> into a
 * directory, exactly as archived (from the commit, not from any work tree), so a past run can
 * be analysed and rendered again without collecting. */
#include "archive.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    git_repository *repo;
    const char *to;
    int rc;
} walk_ctx;

static int write_blob(const char *root, const git_tree_entry *entry, void *payload)
{
    walk_ctx *w = payload;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
        return 0;
    git_blob *blob;
    if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(entry)) != 0) {
        archive_git_error(git_tree_entry_name(entry));
        w->rc = -1;
        return -1;
    }
    char *path = xasprintf("%s/%s%s", w->to, root, git_tree_entry_name(entry));
    if (fs_write_atomic(path, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob)) != 0) {
        log_error("%s: %s", path, strerror(errno));
        w->rc = -1;
    }
    free(path);
    git_blob_free(blob);
    return w->rc;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-archive extract --run ID --to DIR [--repo PATH]\n"
                "Writes the files of run ID (tag run/ID in the results repository [data/results])\n"
                "into DIR, plus DIR/archive.tsv. Prints the commit id.\n");
}

int cmd_extract(int argc, char **argv)
{
    const char *id = NULL, *to = NULL, *repo_path = "data/results";
    static const struct option opts[] = {{"run", 1, 0, 'i'},
                                         {"to", 1, 0, 't'},
                                         {"repo", 1, 0, 'R'},
                                         {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'i')
            id = optarg;
        else if (c == 't')
            to = optarg;
        else if (c == 'R')
            repo_path = optarg;
        else {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (!id || !to || optind != argc) {
        usage(stderr);
        return 2;
    }
    git_repository *repo = NULL;
    git_object *obj = NULL;
    git_commit *commit = NULL;
    git_tree *tree = NULL, *sub = NULL;
    git_tree_entry *entry = NULL;
    int rc = 1;
    char *spec = xasprintf("refs/tags/run/%s", id), *path = xasprintf("runs/%s", id);
    if (archive_open(repo_path, 0, &repo) != 0)
        goto done;
    if (git_revparse_single(&obj, repo, spec) != 0) {
        log_error("%s: no archived run \"%s\" (see repro-archive list)", repo_path, id);
        goto done;
    }
    if (git_commit_lookup(&commit, repo, git_object_id(obj)) != 0 ||
        git_commit_tree(&tree, commit) != 0 || git_tree_entry_bypath(&entry, tree, path) != 0 ||
        git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) != 0) {
        archive_git_error(spec);
        goto done;
    }
    walk_ctx w = {repo, to, 0};
    if (fs_mkdirs(to) != 0 || git_tree_walk(sub, GIT_TREEWALK_PRE, write_blob, &w) != 0 || w.rc)
        goto done;
    if (archive_write_info(to, id, git_commit_id(commit)) != 0)
        goto done;
    char sha[GIT_OID_HEXSZ + 1];
    printf("%s\n", git_oid_tostr(sha, sizeof sha, git_commit_id(commit)));
    rc = 0;
done:
    git_tree_entry_free(entry);
    git_tree_free(sub);
    git_tree_free(tree);
    git_commit_free(commit);
    git_object_free(obj);
    git_repository_free(repo);
    free(spec);
    free(path);
    return rc;
}
