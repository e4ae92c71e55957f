/* replay.c - puts this repository's unpushed commits on top of the remote's, as `git rebase`
 * would: each run commit only adds its own machines/<m>/runs/<id>/, so replaying it is a
 * three-way merge of trees (its parent, the new base, itself) that never conflicts unless two
 * sides wrote the same run differently, which is refused. A commit whose run the remote already
 * holds (the same tree after the merge) is dropped, so a run is never in the history twice.
 * The tags of replayed commits follow them; the branch and the work tree are moved last. */
#include "archive.h"

#include "log.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    git_oid from, to;
} moved_commit;

/* The commits reachable from head and not from base, oldest first. */
static git_oid *unpushed(git_repository *repo, const git_oid *head, const git_oid *base, size_t *n)
{
    git_revwalk *walk = NULL;
    git_oid *list = NULL, oid;
    size_t cap = 0;
    *n = 0;
    if (git_revwalk_new(&walk, repo) != 0 || git_revwalk_push(walk, head) != 0 ||
        git_revwalk_hide(walk, base) != 0) {
        archive_git_error("walking the unpushed commits");
        git_revwalk_free(walk);
        return NULL;
    }
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    while (git_revwalk_next(&oid, walk) == 0) {
        if (*n == cap)
            list = xrealloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
        list[(*n)++] = oid;
    }
    git_revwalk_free(walk);
    return list ? list : xmalloc(1);
}

/* Replays commit c onto *base; *base becomes the new commit (unchanged if c adds nothing new). */
static int replay_one(git_repository *repo, const git_oid *c, git_oid *base, int *dropped)
{
    git_commit *commit = NULL, *parent = NULL, *onto = NULL;
    git_tree *ptree = NULL, *btree = NULL, *ctree = NULL;
    git_index *merged = NULL;
    git_oid tree_id;
    int rc = -1;
    if (git_commit_lookup(&commit, repo, c) != 0 || git_commit_lookup(&onto, repo, base) != 0 ||
        git_commit_tree(&ctree, commit) != 0 || git_commit_tree(&btree, onto) != 0 ||
        (git_commit_parentcount(commit) > 0 &&
         (git_commit_parent(&parent, commit, 0) != 0 || git_commit_tree(&ptree, parent) != 0)) ||
        git_merge_trees(&merged, repo, ptree, btree, ctree, NULL) != 0) {
        archive_git_error("replaying a commit");
    } else if (git_index_has_conflicts(merged)) {
        log_error("commit \"%s\" and the remote wrote the same run differently: not pushed",
                  git_commit_summary(commit));
    } else if (git_index_write_tree_to(&tree_id, merged, repo) == 0) {
        *dropped = git_oid_equal(&tree_id, git_tree_id(btree));
        git_tree *tree = NULL;
        const git_commit *parents[] = {onto};
        rc = *dropped ? 0
                      : git_tree_lookup(&tree, repo, &tree_id) ||
                            git_commit_create(base, repo, NULL, git_commit_author(commit),
                                              git_commit_committer(commit), NULL,
                                              git_commit_message(commit), tree, 1, parents);
        if (rc)
            archive_git_error("the replayed commit");
        git_tree_free(tree);
    }
    git_index_free(merged);
    git_tree_free(ptree);
    git_tree_free(btree);
    git_tree_free(ctree);
    git_commit_free(commit);
    git_commit_free(parent);
    git_commit_free(onto);
    return rc ? -1 : 0;
}

/* Every run/... tag on a replayed commit moves to its replacement. */
static int move_tags(git_repository *repo, const moved_commit *moved, size_t n)
{
    git_strarray tags = {0};
    if (n == 0)
        return 0;
    if (git_tag_list_match(&tags, "run/*", repo) != 0) {
        archive_git_error("listing tags");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < tags.count && rc == 0; i++) {
        char *ref = xasprintf("refs/tags/%s", tags.strings[i]);
        git_oid target, id;
        git_object *obj = NULL;
        for (size_t k = 0; git_reference_name_to_id(&target, repo, ref) == 0 && k < n; k++)
            if (git_oid_equal(&target, &moved[k].from) &&
                (git_object_lookup(&obj, repo, &moved[k].to, GIT_OBJECT_COMMIT) != 0 ||
                 git_tag_create_lightweight(&id, repo, tags.strings[i], obj, 1) != 0)) {
                archive_git_error(tags.strings[i]);
                rc = -1;
            }
        git_object_free(obj);
        free(ref);
    }
    git_strarray_dispose(&tags);
    return rc;
}

int replay_onto(git_repository *repo, const git_oid *head, const git_oid *onto, git_oid *out,
                size_t *replayed, size_t *dropped)
{
    *replayed = *dropped = 0;
    *out = *head;
    if (git_oid_equal(head, onto) || git_graph_descendant_of(repo, head, onto) == 1)
        return 0; /* nothing of the remote's is missing here */
    *out = *onto;
    if (git_graph_descendant_of(repo, onto, head) == 1)
        return 0; /* nothing of ours is missing there */
    size_t n;
    git_oid *list = unpushed(repo, head, onto, &n);
    if (!list)
        return -1;
    moved_commit *moved = xcalloc(n ? n : 1, sizeof *moved);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int was_dropped = 0;
        rc = replay_one(repo, &list[i], out, &was_dropped);
        moved[i] = (moved_commit){list[i], *out};
        *dropped += was_dropped;
        *replayed += !was_dropped;
    }
    if (rc == 0)
        rc = move_tags(repo, moved, n);
    free(moved);
    free(list);
    return rc;
}

int replay_move_head(git_repository *repo, const git_oid *to)
{
    git_reference *head = NULL, *branch = NULL, *moved = NULL;
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    int rc = git_reference_lookup(&head, repo, "HEAD") != 0 ||
             git_reference_resolve(&branch, head) != 0
                 ? git_reference_create(&moved, repo, git_reference_symbolic_target(head), to, 0,
                                        "repro: first results from the remote")
                 : git_reference_set_target(&moved, branch, to, "repro: on top of the remote");
    if (rc == 0)
        rc = git_checkout_head(repo, &co);
    if (rc)
        archive_git_error("moving the results branch");
    git_reference_free(moved);
    git_reference_free(branch);
    git_reference_free(head);
    return rc ? -1 : 0;
}
