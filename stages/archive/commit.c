/* commit.c - `repro-archive commit`: copies a run's raw output, samples and metadata into the
 * results repository under runs/<id>/ and commits them, one commit per run, with the run's
 * metadata in the message and a tag run/<id>. The commit's time is the run's finish time, so
 * the same run archived twice gives the same tree. Docker's data-root, caches and other
 * by-products of a run are not archived. */
#include "archive.h"

#include "fsutil.h"
#include "log.h"
#include "strbuf.h"
#include "tsv.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const archived_files[] = {"run.tsv", "envs.tsv", "meta.tsv", "cells.tsv"};
static const char *const archived_dirs[] = {"raw", "samples"};

/* Copies dir (relative to run_dir) recursively into the work tree and stages every file. */
static int add_tree(const char *run_dir, const char *rel, const char *dest_root,
                    const char *index_root, git_index *index)
{
    char *src = xasprintf("%s/%s", run_dir, rel);
    int rc = 0;
    if (fs_is_dir(src)) {
        size_t n;
        char **names = fs_list_dir(src, &n);
        for (size_t i = 0; names && i < n && rc == 0; i++) {
            if (strstr(names[i], ".tmp"))
                continue; /* an unfinished cell's output */
            char *child = xasprintf("%s/%s", rel, names[i]);
            rc = add_tree(run_dir, child, dest_root, index_root, index);
            free(child);
        }
        if (names)
            fs_free_list(names, n);
    } else if (fs_exists(src)) {
        char *dest = xasprintf("%s/%s", dest_root, rel);
        char *in_index = xasprintf("%s/%s", index_root, rel);
        if (fs_copy_file(src, dest) != 0) {
            log_error("copying %s to %s failed", src, dest);
            rc = -1;
        } else if (git_index_add_bypath(index, in_index) != 0) {
            archive_git_error(in_index);
            rc = -1;
        }
        free(dest);
        free(in_index);
    }
    free(src);
    return rc;
}

static time_t parse_utc(const char *s)
{
    struct tm tm = {0};
    if (!strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 0;
    return timegm(&tm);
}

static char *commit_message(const tsv_table *run, const tsv_table *envs, const char *id)
{
    strbuf sb = {0};
    sb_printf(&sb, "run %s:", id);
    for (size_t r = 0; r < envs->nrows; r++)
        sb_printf(&sb, " %s=%s", tsv_get(envs, r, "env"), tsv_get(envs, r, "status"));
    sb_puts(&sb, "\n\n");
    for (size_t r = 0; r < run->nrows; r++)
        sb_printf(&sb, "%s: %s\n", tsv_get(run, r, "key"), tsv_get(run, r, "value"));
    return sb_detach(&sb);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-archive commit --run-dir DIR [--repo PATH]\n"
                "Commits DIR's run.tsv, envs.tsv, meta.tsv, cells.tsv, raw/ and samples/ to the\n"
                "results repository [data/results] under runs/<id>/, tags it run/<id>, and\n"
                "writes DIR/archive.tsv (the commit and tag). Prints the commit id.\n");
}

int cmd_commit(int argc, char **argv)
{
    const char *run_dir = NULL, *repo_path = "data/results";
    static const struct option opts[] = {
        {"run-dir", 1, 0, 'r'}, {"repo", 1, 0, 'R'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            run_dir = optarg;
        else if (c == 'R')
            repo_path = optarg;
        else {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (!run_dir || optind != argc) {
        usage(stderr);
        return 2;
    }
    const char *id = strrchr(run_dir, '/') ? strrchr(run_dir, '/') + 1 : run_dir;
    tsv_table run, envs;
    char *run_path = xasprintf("%s/run.tsv", run_dir), *envs_path = xasprintf("%s/envs.tsv", run_dir);
    int ok = tsv_load(run_path, &run) == 0 && tsv_load(envs_path, &envs) == 0;
    free(run_path);
    free(envs_path);
    if (!ok)
        return 1;

    git_repository *repo = NULL;
    git_index *index = NULL;
    git_tree *tree = NULL;
    git_commit *parent = NULL;
    git_signature *sig = NULL;
    git_object *target = NULL;
    git_reference *existing = NULL;
    int rc = 1;
    char *tag = xasprintf("run/%s", id), *tag_ref = xasprintf("refs/tags/run/%s", id);
    char *index_root = xasprintf("runs/%s", id), *msg = NULL;
    if (archive_open(repo_path, 1, &repo) != 0)
        goto done;
    if (git_reference_lookup(&existing, repo, tag_ref) == 0) {
        log_error("%s: run %s is already archived (tag %s)", repo_path, id, tag);
        goto done;
    }
    char *dest_root = xasprintf("%s/%s", git_repository_workdir(repo), index_root);
    if (git_repository_index(&index, repo) != 0) {
        archive_git_error("index");
        free(dest_root);
        goto done;
    }
    int add_rc = 0;
    for (size_t i = 0; i < sizeof archived_files / sizeof *archived_files && !add_rc; i++)
        add_rc = add_tree(run_dir, archived_files[i], dest_root, index_root, index);
    for (size_t i = 0; i < sizeof archived_dirs / sizeof *archived_dirs && !add_rc; i++)
        add_rc = add_tree(run_dir, archived_dirs[i], dest_root, index_root, index);
    free(dest_root);
    git_oid tree_id, commit_id, parent_id;
    if (add_rc || git_index_write(index) != 0 || git_index_write_tree(&tree_id, index) != 0 ||
        git_tree_lookup(&tree, repo, &tree_id) != 0) {
        archive_git_error("staging the run");
        goto done;
    }
    int have_parent = git_reference_name_to_id(&parent_id, repo, "HEAD") == 0 &&
                      git_commit_lookup(&parent, repo, &parent_id) == 0;
    const char *finished = "";
    for (size_t r = 0; r < run.nrows; r++)
        if (!strcmp(tsv_get(&run, r, "key"), "finished_utc"))
            finished = tsv_get(&run, r, "value");
    time_t when = parse_utc(finished);
    if (git_signature_new(&sig, "repro", "repro@localhost", when ? when : time(NULL), 0) != 0) {
        archive_git_error("signature");
        goto done;
    }
    msg = commit_message(&run, &envs, id);
    const git_commit *parents[] = {parent};
    if (git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL, msg, tree,
                          have_parent ? 1 : 0, parents) != 0 ||
        git_object_lookup(&target, repo, &commit_id, GIT_OBJECT_COMMIT) != 0) {
        archive_git_error("commit");
        goto done;
    }
    git_oid tag_id;
    if (git_tag_create_lightweight(&tag_id, repo, tag, target, 0) != 0) {
        archive_git_error(tag);
        goto done;
    }
    if (archive_write_info(run_dir, id, &commit_id) != 0)
        goto done;
    char sha[GIT_OID_HEXSZ + 1];
    printf("%s\n", git_oid_tostr(sha, sizeof sha, &commit_id));
    rc = 0;
done:
    git_reference_free(existing);
    git_object_free(target);
    git_signature_free(sig);
    git_commit_free(parent);
    git_tree_free(tree);
    git_index_free(index);
    git_repository_free(repo);
    free(tag);
    free(tag_ref);
    free(index_root);
    free(msg);
    tsv_free(&run);
    tsv_free(&envs);
    return rc;
}
