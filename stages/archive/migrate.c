/* migrate.c - single-machine archives (runs/<id>/, tag run/<id>) become machine archives
 * (machines/<machine>/runs/<id>/, tag run/<machine>/<id>) in place, once, in one commit whose
 * message says so. The run's own run.tsv names its machine; a run from before machine
 * identities was measured here (the archive is local), so it gets this machine's id. Tags keep
 * pointing at the runs' original commits: a re-rendered report names the same commit as before.
 * commit, push and pull migrate first, so no command ever sees both layouts in HEAD. */
#include "archive.h"

#include "cli.h"
#include "log.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The machine of the run stored in tree `run` (its run.tsv), or this machine's. */
static char *machine_in_tree(git_repository *repo, const git_tree *run, const char *id)
{
    const git_tree_entry *e = git_tree_entry_byname(run, "run.tsv");
    git_blob *blob = NULL;
    tsv_table t;
    char *machine = NULL, *where = xasprintf(LAYOUT_LEGACY_DIR "/%s/run.tsv", id);
    if (!e || git_blob_lookup(&blob, repo, git_tree_entry_id(e)) != 0) {
        log_error("%s: missing in the archive", where);
    } else {
        char *text =
            xasprintf("%.*s", (int)git_blob_rawsize(blob), (const char *)git_blob_rawcontent(blob));
        if (tsv_parse_as(where, text, &facts_schema, &t) == 0) {
            machine = machine_of_run(&t);
            tsv_free(&t);
        }
        free(text);
    }
    git_blob_free(blob);
    free(where);
    return machine;
}

/* The tree of HEAD with every runs/<id> moved under machines/; *n the runs moved. */
static int moved_tree(git_repository *repo, git_tree *head, git_oid *out, size_t *n)
{
    const git_tree_entry *runs = git_tree_entry_byname(head, LAYOUT_LEGACY_DIR);
    git_tree *rt = NULL;
    *n = 0;
    if (!runs)
        return 0;
    if (git_tree_lookup(&rt, repo, git_tree_entry_id(runs)) != 0) {
        archive_git_error(LAYOUT_LEGACY_DIR "/");
        return -1;
    }
    size_t count = git_tree_entrycount(rt);
    git_tree_update *up = xcalloc(count + 1, sizeof *up);
    char **paths = xcalloc(count + 1, sizeof *paths);
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(rt, i);
        const char *id = git_tree_entry_name(e);
        git_tree *sub = NULL;
        char *machine = NULL;
        if (!archive_valid_id(id) || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
            git_tree_lookup(&sub, repo, git_tree_entry_id(e)) != 0 ||
            !(machine = machine_in_tree(repo, sub, id))) {
            log_error(LAYOUT_LEGACY_DIR "/%s: not a run directory; nothing migrated", id);
            rc = -1;
        } else {
            paths[i] = layout_run_path(machine, id);
            up[i] = (git_tree_update){GIT_TREE_UPDATE_UPSERT, *git_tree_entry_id(e),
                                      GIT_FILEMODE_TREE, paths[i]};
        }
        free(machine);
        git_tree_free(sub);
    }
    up[count] = (git_tree_update){.action = GIT_TREE_UPDATE_REMOVE, .path = LAYOUT_LEGACY_DIR};
    if (rc == 0 && git_tree_create_updated(out, repo, head, count + 1, up) != 0) {
        archive_git_error("moving runs/ to machines/");
        rc = -1;
    }
    *n = rc == 0 ? count : 0;
    for (size_t i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
    free(up);
    git_tree_free(rt);
    return rc;
}

/* run/<id> -> run/<machine>/<id> on the same commit, the machine read from the new tree. */
static int rename_tags(git_repository *repo, git_tree *moved)
{
    git_strarray tags = {0};
    int rc = git_tag_list_match(&tags, "run/*", repo) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < tags.count; i++) {
        const char *id = tags.strings[i] + 4;
        const git_tree_entry *machines = git_tree_entry_byname(moved, "machines");
        git_tree *mt = NULL;
        if (strchr(id, '/') || !machines || git_tree_lookup(&mt, repo, git_tree_entry_id(machines)))
            continue;
        for (size_t m = 0; m < git_tree_entrycount(mt); m++) {
            const char *machine = git_tree_entry_name(git_tree_entry_byindex(mt, m));
            char *path = xasprintf("%s/runs/%s", machine, id), *tag = layout_run_tag(machine, id);
            git_tree_entry *e = NULL;
            git_object *target = NULL;
            git_oid oid;
            if (git_tree_entry_bypath(&e, mt, path) == 0 &&
                (git_revparse_single(&target, repo, tags.strings[i]) != 0 ||
                 git_tag_create_lightweight(&oid, repo, tag, target, 0) != 0 ||
                 git_tag_delete(repo, tags.strings[i]) != 0)) {
                archive_git_error(tags.strings[i]);
                rc = -1;
            }
            git_object_free(target);
            git_tree_entry_free(e);
            free(path);
            free(tag);
        }
        git_tree_free(mt);
    }
    git_strarray_dispose(&tags);
    return rc;
}

static int commit_moved(git_repository *repo, git_commit *head, const git_oid *tree_id, size_t n)
{
    git_tree *tree = NULL;
    git_signature *sig = NULL;
    git_oid id;
    char *msg = xasprintf("migrate: %zu run%s from runs/<id>/ to machines/<machine>/runs/<id>/\n\n"
                          "Once: the results repository now holds runs of many machines. Tags\n"
                          "run/<id> are now run/<machine>/<id>, on the same commits.\n",
                          n, n == 1 ? "" : "s");
    const git_commit *parents[] = {head};
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    int rc = git_tree_lookup(&tree, repo, tree_id) != 0 ||
             git_signature_new(&sig, "repro", "repro@localhost", time(NULL), 0) != 0 ||
             git_commit_create(&id, repo, "HEAD", sig, sig, NULL, msg, tree, 1, parents) != 0 ||
             git_checkout_head(repo, &co) != 0 || rename_tags(repo, tree) != 0;
    if (rc)
        archive_git_error("the migration commit");
    git_signature_free(sig);
    git_tree_free(tree);
    free(msg);
    return rc ? -1 : 0;
}

int archive_migrate(git_repository *repo, size_t *moved)
{
    git_commit *head = NULL;
    git_tree *tree = NULL;
    git_oid head_id, new_tree;
    *moved = 0;
    if (git_reference_name_to_id(&head_id, repo, "HEAD") != 0)
        return 0; /* an empty repository: nothing to migrate */
    int rc = -1;
    if (git_commit_lookup(&head, repo, &head_id) != 0 || git_commit_tree(&tree, head) != 0)
        archive_git_error("HEAD");
    else if (moved_tree(repo, tree, &new_tree, moved) == 0)
        rc = *moved ? commit_moved(repo, head, &new_tree, *moved) : 0;
    git_tree_free(tree);
    git_commit_free(head);
    if (rc == 0 && *moved)
        log_info("migrated %zu run%s to machines/<machine>/runs/ (once)", *moved,
                 *moved == 1 ? "" : "s");
    return rc;
}

int cmd_migrate(int argc, char **argv)
{
    const char *repo_path = "data/results";
    archive_repo_option(
        argc, argv, &repo_path,
        "usage: repro-archive migrate [--repo PATH]\n"
        "Moves a single-machine archive's runs/<id>/ to machines/<machine>/runs/<id>/\n"
        "in one commit, and its tags run/<id> to run/<machine>/<id>. Once: nothing to\n"
        "do the second time. commit, push and pull do it on their own.\n");
    cli_operands(argc, argv, 0, 0, "no operands");
    git_repository *repo;
    size_t moved;
    if (archive_open(repo_path, 0, &repo) != 0)
        return 1;
    int rc = archive_migrate(repo, &moved);
    git_repository_free(repo);
    printf("%zu\n", moved);
    return rc ? 1 : 0;
}
