/* extract.c - `repro-archive extract`: writes runs/<id>/ of the commit tagged run/<id> into a
 * directory, exactly as archived (from the commit, not from any work tree), so a past run can
 * be analysed and rendered again without collecting. The repository may come from another
 * machine: the id must be YYYYMMDD-HHMMSS, every tree entry a file or directory with a safe
 * name (no "..", "/", link or submodule), and the directory new or empty, so nothing it writes
 * can leave that directory; archive.tsv says what the run is to be judged with (judged.c). */
#include "archive.h"

#include "fsutil.h"
#include "cli.h"
#include "log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    git_repository *repo;
    const char *to, *id;
    int rc;
} walk_ctx;

static int write_blob(const char *root, const git_tree_entry *entry, void *payload)
{
    walk_ctx *w = payload;
    const char *name = git_tree_entry_name(entry);
    git_filemode_t mode = git_tree_entry_filemode(entry);
    int file = mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
    if (!archive_safe_name(name) || (!file && mode != GIT_FILEMODE_TREE)) {
        log_error("run/%s: runs/%s/%s%s: %s: not extracted", w->id, w->id, root, name,
                  !archive_safe_name(name)
                      ? "a name that could leave the run's directory"
                      : "a symbolic link or submodule, neither file nor directory");
        w->rc = -1;
        return -1;
    }
    if (mode == GIT_FILEMODE_TREE)
        return 0;
    git_blob *blob;
    if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(entry)) != 0) {
        archive_git_error(name);
        w->rc = -1;
        return -1;
    }
    char *path = xasprintf("%s/%s%s", w->to, root, name);
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
                "           [--revision REV [--rejudge]]\n"
                "Writes the files of run ID (tag run/ID in the results repository [data/results])\n"
                "into DIR, plus DIR/archive.tsv. Prints the commit id. Refuses a name that could\n"
                "leave DIR, a symbolic link, and a malformed DIR/" JUDGED_DIR "/.\n"
                "archive.tsv's judged_with line says what the run is to be judged with: the\n"
                "claims, tables and templates archived in DIR/" JUDGED_DIR "/; or, with\n"
                "--rejudge, or when the run was archived without them, today's, of the tool\n"
                "revision REV (the caller passes today's files to analyze and render).\n");
}

typedef struct {
    const char *id, *to, *repo_path, *revision;
    int rejudge;
} extract_opts;

/* Returns when the options are good; help and usage errors exit (cli.h). */
static void parse_opts(int argc, char **argv, extract_opts *o)
{
    static const struct option opts[] = {
        {"run", 1, 0, 'i'},     {"to", 1, 0, 't'},   {"repo", 1, 0, 'R'}, {"revision", 1, 0, 'v'},
        {"rejudge", 0, 0, 'j'}, CLI_LONGOPTS,        {0, 0, 0, 0}};
    int c;
    cli_begin("archive extract", usage);
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'i': o->id = optarg; break;
        case 't': o->to = optarg; break;
        case 'R': o->repo_path = optarg; break;
        case 'v': o->revision = optarg; break;
        case 'j': o->rejudge = 1; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    if (!o->id || !o->to)
        cli_usage_error("%s is required", o->id ? "--to DIR" : "--run ID");
    if (o->rejudge && !o->revision)
        cli_usage_error("--rejudge needs --revision");
    if (o->revision && !judged_valid_revision(o->revision))
        cli_usage_error("--revision \"%s\" is not a git object name (with -dirty) or \"unknown\"",
                        o->revision);
    if (!layout_valid_spec(o->id))
        cli_usage_error("--run \"%s\" is not a run id (YYYYMMDD-HHMMSS, as collect names runs, or "
                        "<machine>/<id>)", o->id);
}

/* 1 for a directory with nothing in it (and not a symbolic link to one): what extract writes
 * into, so no link already there can lead a write outside it. */
static int empty_dir(const char *dir)
{
    struct stat st;
    size_t n = 1;
    char **names = lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? fs_list_dir(dir, &n) : NULL;
    if (names)
        fs_free_list(names, n);
    return names && n == 0;
}

/* Writes the run's directory of the tagged commit into o->to; *commit_id gets the commit, *name
 * the run's full name (layout_resolve). */
static int write_run(git_repository *repo, const extract_opts *o, git_oid *commit_id, char **name)
{
    git_object *obj = NULL;
    git_commit *commit = NULL;
    git_tree *tree = NULL, *sub = NULL;
    git_tree_entry *entry = NULL;
    int rc = -1;
    char *tag = NULL, *path = NULL, *spec = NULL;
    if (layout_resolve(repo, o->id, &tag, &path, name) != 0)
        return -1;
    spec = xasprintf("refs/tags/%s", tag);
    if (git_revparse_single(&obj, repo, spec) != 0) {
        log_error("%s: no archived run \"%s\" (see repro-archive list)", o->repo_path, o->id);
    } else if (git_commit_lookup(&commit, repo, git_object_id(obj)) != 0 ||
               git_commit_tree(&tree, commit) != 0 ||
               git_tree_entry_bypath(&entry, tree, path) != 0 ||
               git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) != 0) {
        archive_git_error(spec);
    } else {
        walk_ctx w = {repo, o->to, o->id, 0};
        *commit_id = *git_commit_id(commit);
        if (fs_mkdirs(o->to) != 0)
            log_error("%s: %s", o->to, strerror(errno));
        else if (!empty_dir(o->to))
            log_error("%s: not an empty directory: extract writes only into a new one", o->to);
        else if (git_tree_walk(sub, GIT_TREEWALK_PRE, write_blob, &w) == 0 && !w.rc)
            rc = 0;
    }
    git_tree_entry_free(entry);
    git_tree_free(sub);
    git_tree_free(tree);
    git_commit_free(commit);
    git_object_free(obj);
    free(spec);
    free(path);
    free(tag);
    return rc;
}

int cmd_extract(int argc, char **argv)
{
    extract_opts o = {.repo_path = "data/results"};
    parse_opts(argc, argv, &o);
    git_repository *repo = NULL;
    git_oid commit_id;
    char *archived = NULL, *judged = NULL, *name = NULL;
    int rc = 1;
    if (archive_open(o.repo_path, 0, &repo) == 0 && write_run(repo, &o, &commit_id, &name) == 0 &&
        judged_check(o.to, &archived) == 0) {
        const char *today = o.rejudge || !archived ? o.revision : NULL;
        judged = judged_statement(archived, today);
        if (archive_write_info(o.to, name, &commit_id, judged) == 0) {
            char sha[GIT_OID_HEXSZ + 1];
            printf("%s\n", git_oid_tostr(sha, sizeof sha, &commit_id));
            rc = 0;
        }
    }
    git_repository_free(repo);
    free(archived);
    free(judged);
    free(name);
    return rc;
}
