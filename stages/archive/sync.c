/* sync.c - what push and pull share: bring the remote's runs in. Migrate this repository if it
 * is still single-machine, fetch the remote's main, validate every run it adds (untrusted), put
 * our unpushed commits on top of it, check that nothing we had is lost, move our branch there
 * and tag the runs that came in (run/<machine>/<id> on the commit that added each), so extract
 * and `make report RUN=` find pulled runs like our own. */
#include "archive.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

static git_tree *tree_of(git_repository *repo, const git_oid *commit_id)
{
    git_commit *c = NULL;
    git_tree *t = NULL;
    if (git_commit_lookup(&c, repo, commit_id) != 0 || git_commit_tree(&t, c) != 0)
        archive_git_error("reading a commit");
    git_commit_free(c);
    return t;
}

/* The subtree at path of t, or NULL. */
static git_tree *subtree(git_repository *repo, const git_tree *t, const char *path)
{
    git_tree_entry *e = NULL;
    git_tree *sub = NULL;
    if (t && git_tree_entry_bypath(&e, t, path) == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
        git_tree_lookup(&sub, repo, git_tree_entry_id(e));
    git_tree_entry_free(e);
    return sub;
}

/* Tags the runs commit c adds to its first parent, where no tag names them yet. */
static void tag_added(git_repository *repo, git_commit *c)
{
    git_commit *parent = NULL;
    git_tree *tree = NULL, *ptree = NULL;
    git_commit_tree(&tree, c);
    if (git_commit_parentcount(c) && git_commit_parent(&parent, c, 0) == 0)
        git_commit_tree(&ptree, parent);
    git_tree *machines = subtree(repo, tree, "machines"), *pm = subtree(repo, ptree, "machines");
    for (size_t i = 0; machines && i < git_tree_entrycount(machines); i++) {
        const git_tree_entry *m = git_tree_entry_byindex(machines, i);
        const git_tree_entry *old = pm ? git_tree_entry_byname(pm, git_tree_entry_name(m)) : NULL;
        if (old && git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(m)))
            continue;
        char *rp = xasprintf("%s/runs", git_tree_entry_name(m));
        git_tree *runs = subtree(repo, machines, rp), *pruns = subtree(repo, pm, rp);
        for (size_t r = 0; runs && r < git_tree_entrycount(runs); r++) {
            const char *id = git_tree_entry_name(git_tree_entry_byindex(runs, r));
            char *tag = layout_run_tag(git_tree_entry_name(m), id), *ref = NULL;
            git_oid oid;
            if (!pruns || !git_tree_entry_byname(pruns, id)) {
                ref = xasprintf("refs/tags/%s", tag);
                if (git_reference_name_to_id(&oid, repo, ref) != 0)
                    git_tag_create_lightweight(&oid, repo, tag, (const git_object *)c, 0);
            }
            free(tag);
            free(ref);
        }
        git_tree_free(runs);
        git_tree_free(pruns);
        free(rp);
    }
    git_tree_free(machines);
    git_tree_free(pm);
    git_tree_free(ptree);
    git_tree_free(tree);
    git_commit_free(parent);
}

/* Tags the runs of every commit reachable from to and not from from (NULL: from nothing). */
static void tag_pulled(git_repository *repo, const git_oid *to, const git_oid *from)
{
    git_revwalk *walk = NULL;
    git_oid oid;
    if (git_revwalk_new(&walk, repo) != 0 || git_revwalk_push(walk, to) != 0 ||
        (from && git_revwalk_hide(walk, from) != 0)) {
        git_revwalk_free(walk);
        return;
    }
    while (git_revwalk_next(&oid, walk) == 0) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, repo, &oid) == 0)
            tag_added(repo, c);
        git_commit_free(c);
    }
    git_revwalk_free(walk);
}

/* Validates the fetched tip and replays head onto it into *out. */
static int integrate(git_repository *repo, archive_remote *r, const git_oid *tip,
                     const git_oid *head, git_oid *out, sync_stats *st)
{
    git_tree *theirs = tree_of(repo, tip), *ours = head ? tree_of(repo, head) : NULL, *merged = NULL;
    int rc = -1;
    if (theirs && (!head || ours) &&
        validate_incoming(repo, theirs, ours, r->url, &st->pulled) == 0) {
        rc = head ? replay_onto(repo, head, tip, out, &st->replayed, &st->dropped) : 0;
        if (!head)
            *out = *tip;
        if (rc == 0 && ours && (!(merged = tree_of(repo, out)) || validate_keeps(repo, ours, merged)))
            rc = -1;
    }
    git_tree_free(merged);
    git_tree_free(ours);
    git_tree_free(theirs);
    return rc;
}

int sync_in(git_repository *repo, archive_remote *r, sync_stats *st)
{
    size_t migrated;
    git_oid head;
    memset(st, 0, sizeof *st);
    if (archive_migrate(repo, &migrated) != 0 || remote_fetch(r, &st->remote_tip, &st->have_remote))
        return -1;
    st->have_head = git_reference_name_to_id(&head, repo, "HEAD") == 0;
    st->head = head;
    if (!st->have_remote)
        return 0;
    git_oid out;
    if (integrate(repo, r, &st->remote_tip, st->have_head ? &head : NULL, &out, st) != 0)
        return -1;
    if (st->have_head && git_oid_equal(&out, &head))
        return 0;
    if (replay_move_head(repo, &out) != 0)
        return -1;
    tag_pulled(repo, &st->remote_tip, st->have_head ? &head : NULL);
    st->head = out;
    st->have_head = 1;
    return 0;
}
