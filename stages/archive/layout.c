/* layout.c - where a run lives in the results repository. Many machines push into one
 * repository and two of them can start a run in the same second, so a run is named by its
 * machine and its id: machines/<machine>/runs/<id>/ in the tree, tag run/<machine>/<id>.
 * Archives from before machines had runs/<id>/ and run/<id>; migrate.c moves them, keeping each
 * tag on its original commit (so a re-rendered report still names that commit), which is why a
 * migrated tag's commit may hold the run at the old path. */
#include "archive.h"

#include "log.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

char *layout_run_path(const char *machine, const char *id)
{
    return machine && *machine ? xasprintf("machines/%s/runs/%s", machine, id)
                               : xasprintf(LAYOUT_LEGACY_DIR "/%s", id);
}

char *layout_run_tag(const char *machine, const char *id)
{
    return machine && *machine ? xasprintf("run/%s/%s", machine, id) : xasprintf("run/%s", id);
}

int layout_valid_spec(const char *spec)
{
    const char *slash = strchr(spec, '/');
    if (!slash)
        return archive_run_id_ok(spec);
    char *machine = xasprintf("%.*s", (int)(slash - spec), spec);
    int ok = archive_valid_id(machine) && archive_run_id_ok(slash + 1);
    free(machine);
    return ok;
}

/* The tags run/<machine>/<id> for any machine; how many, the first in *tag. */
static size_t tags_of_id(git_repository *repo, const char *id, char **tag)
{
    git_strarray tags = {0};
    char *pattern = xasprintf("run/*/%s", id);
    size_t n = 0;
    if (git_tag_list_match(&tags, pattern, repo) == 0)
        for (size_t i = 0; i < tags.count; i++) {
            const char *rest = tags.strings[i] + 4; /* <machine>/<id> */
            const char *slash = strchr(rest, '/');
            if (!slash || strcmp(slash + 1, id) != 0 || strchr(slash + 1, '/'))
                continue;
            if (n++ == 0)
                *tag = xstrdup(tags.strings[i]);
        }
    git_strarray_dispose(&tags);
    free(pattern);
    return n;
}

/* Is path a directory in the tree of the commit refs/tags/<tag> points at? */
static int holds_dir(git_repository *repo, const char *tag, const char *path)
{
    git_object *obj = NULL;
    git_commit *commit = NULL;
    git_tree *tree = NULL;
    git_tree_entry *entry = NULL;
    char *ref = xasprintf("refs/tags/%s", tag);
    int ok = git_revparse_single(&obj, repo, ref) == 0 &&
             git_commit_lookup(&commit, repo, git_object_id(obj)) == 0 &&
             git_commit_tree(&tree, commit) == 0 && git_tree_entry_bypath(&entry, tree, path) == 0 &&
             git_tree_entry_type(entry) == GIT_OBJECT_TREE;
    git_tree_entry_free(entry);
    git_tree_free(tree);
    git_commit_free(commit);
    git_object_free(obj);
    free(ref);
    return ok;
}

int layout_resolve(git_repository *repo, const char *spec, char **tag, char **path, char **name)
{
    *tag = *path = *name = NULL;
    if (!layout_valid_spec(spec)) {
        log_error("\"%s\" cannot name a run (<id> or <machine>/<id>)", spec);
        return -1;
    }
    const char *slash = strchr(spec, '/');
    const char *id = slash ? slash + 1 : spec;
    size_t n = 0;
    if (slash)
        *tag = xasprintf("run/%s", spec), n = 1;
    else if ((n = tags_of_id(repo, id, tag)) > 1) {
        log_error("run %s was measured on %zu machines: name it <machine>/%s (repro-archive "
                  "list)",
                  id, n, id);
        free(*tag);
        *tag = NULL;
        return -1;
    }
    if (n == 0)
        *tag = xasprintf("run/%s", id); /* an unmigrated single-machine archive */
    char *machine = xasprintf("%.*s", (int)(strlen(*tag) - 4 - strlen(id)), *tag + 4);
    if (*machine)
        machine[strlen(machine) - 1] = '\0'; /* drop the '/' before the id */
    *path = layout_run_path(machine, id);
    if (*machine && !holds_dir(repo, *tag, *path)) { /* migrated: the commit predates machines/ */
        free(*path);
        *path = layout_run_path(NULL, id);
    }
    *name = *machine ? xasprintf("%s/%s", machine, id) : xstrdup(id);
    free(machine);
    return 0;
}

int layout_each_run(git_repository *repo, const git_tree *tree, layout_run_cb cb, void *payload)
{
    const git_tree_entry *me = git_tree_entry_byname(tree, "machines");
    git_tree *machines = NULL;
    if (!me || git_tree_entry_type(me) != GIT_OBJECT_TREE)
        return 0;
    if (git_tree_lookup(&machines, repo, git_tree_entry_id(me)) != 0) {
        archive_git_error("machines/");
        return -1;
    }
    int rc = 0;
    for (size_t m = 0; m < git_tree_entrycount(machines) && rc == 0; m++) {
        const git_tree_entry *mach = git_tree_entry_byindex(machines, m);
        git_tree *mt = NULL, *runs = NULL;
        const git_tree_entry *re = NULL;
        if (git_tree_entry_type(mach) == GIT_OBJECT_TREE &&
            git_tree_lookup(&mt, repo, git_tree_entry_id(mach)) == 0 &&
            (re = git_tree_entry_byname(mt, "runs")) && git_tree_entry_type(re) == GIT_OBJECT_TREE &&
            git_tree_lookup(&runs, repo, git_tree_entry_id(re)) == 0)
            for (size_t r = 0; r < git_tree_entrycount(runs) && rc == 0; r++) {
                const git_tree_entry *run = git_tree_entry_byindex(runs, r);
                rc = cb(git_tree_entry_name(mach), git_tree_entry_name(run), run, payload);
            }
        git_tree_free(runs);
        git_tree_free(mt);
    }
    git_tree_free(machines);
    return rc;
}
