/* sync.c - what push and pull share: bring the remote's runs in. Migrate this repository if it
 * is still single-machine, fetch the remote's main, validate every run it adds (untrusted), put
 * our unpushed commits on top of it, check that nothing we had is lost, move our branch there
 * and tag the runs that came in (run/<machine>/<id> on the commit that added each), so extract
 * and `make report RUN=` find pulled runs like our own. A run that fails validation is left
 * out: the remote's tip gets one commit on top that removes it (said in its message), ours go
 * on top of that, so every other run still comes in and a later push heals the remote. */
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

/* Tags the runs commit c adds to its first parent, where no tag names them yet and the final
 * tree holds them (a skipped run is never tagged). */
static void tag_added(git_repository *repo, git_commit *c, const git_tree *final)
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
            char *path = layout_run_path(git_tree_entry_name(m), id);
            git_tree_entry *kept = NULL;
            git_oid oid;
            int in_final = git_tree_entry_bypath(&kept, final, path) == 0;
            git_tree_entry_free(kept);
            free(path);
            if (in_final && (!pruns || !git_tree_entry_byname(pruns, id))) {
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

/* Tags the runs of every commit reachable from to and not from from (NULL: from nothing) that
 * the final tree holds. */
static void tag_pulled(git_repository *repo, const git_oid *to, const git_oid *from,
                       const git_tree *final)
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
            tag_added(repo, c, final);
        git_commit_free(c);
    }
    git_revwalk_free(walk);
}

/* *base gets a commit on top of tip whose tree is tip's without the runs listed in skipped
 * (one path a line), saying which and why. 0, or -1 after logging. */
static int leave_out(git_repository *repo, const git_oid *tip, const char *skipped, const char *url,
                     git_oid *base)
{
    git_index *idx = NULL;
    git_tree *tree = tree_of(repo, tip), *filtered = NULL;
    git_commit *parent = NULL;
    git_signature *sig = NULL;
    git_oid tree_id;
    strbuf msg = {0};
    sb_printf(&msg, "runs of %s left out: they failed validation when pulled\n\n%s", url, skipped);
    int rc = -1;
    if (tree && git_index_new(&idx) == 0 && git_index_read_tree(idx, tree) == 0) {
        rc = 0;
        for (const char *p = skipped; *p && rc == 0; p = strchr(p, '\n') + 1) {
            char *path = xasprintf("%.*s", (int)(strchr(p, '\n') - p), p);
            rc = git_index_remove_directory(idx, path, 0);
            free(path);
        }
        if (rc == 0 && (git_index_write_tree_to(&tree_id, idx, repo) != 0 ||
                        git_tree_lookup(&filtered, repo, &tree_id) != 0 ||
                        git_commit_lookup(&parent, repo, tip) != 0 ||
                        git_signature_now(&sig, "repro", "repro@localhost") != 0 ||
                        git_commit_create(base, repo, NULL, sig, sig, NULL, sb_str(&msg), filtered, 1,
                                          (const git_commit **)&parent) != 0))
            rc = -1;
    }
    if (rc != 0)
        archive_git_error("leaving out the runs that failed validation");
    sb_free(&msg);
    git_signature_free(sig);
    git_commit_free(parent);
    git_tree_free(filtered);
    git_tree_free(tree);
    git_index_free(idx);
    return rc;
}

/* Validates the fetched tip, leaves out its bad runs and replays head onto it into *out. */
static int integrate(git_repository *repo, archive_remote *r, const git_oid *tip,
                     const git_oid *head, git_oid *out, sync_stats *st)
{
    git_tree *theirs = tree_of(repo, tip), *ours = head ? tree_of(repo, head) : NULL, *merged = NULL;
    strbuf skipped = {0};
    git_oid base = *tip;
    int rc = -1;
    if (theirs && (!head || ours) &&
        validate_incoming(repo, theirs, ours, r->url, &st->pulled, &skipped) == 0 &&
        (!skipped.len || leave_out(repo, tip, sb_str(&skipped), r->url, &base) == 0)) {
        for (const char *p = sb_str(&skipped); *p; p = strchr(p, '\n') + 1)
            st->skipped++;
        rc = head ? replay_onto(repo, head, &base, out, &st->replayed, &st->dropped) : 0;
        if (!head)
            *out = base;
        if (rc == 0 && ours && (!(merged = tree_of(repo, out)) || validate_keeps(repo, ours, merged)))
            rc = -1;
    }
    git_tree_free(merged);
    git_tree_free(ours);
    git_tree_free(theirs);
    sb_free(&skipped);
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
    git_tree *final = tree_of(repo, &out);
    if (final)
        tag_pulled(repo, &st->remote_tip, st->have_head ? &head : NULL, final);
    git_tree_free(final);
    st->head = out;
    st->have_head = 1;
    return 0;
}
