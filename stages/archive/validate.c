/* validate.c - a pulled run is untrusted input: anyone who can push to the shared remote can put
 * anything there, and what comes in is later extracted to disk, parsed and rendered into pages.
 * So before a fetched tree becomes ours, every run it adds must look like a run (safe names, only
 * files and directories, bounded sizes, run.tsv naming the machine and id it is filed under,
 * tables and samples that parse), no run we hold may change, and none may disappear. Every
 * problem is logged as "<remote>: <path>: why". A new run that is not well formed is skipped
 * (listed for sync.c to leave out), so one bad run on a shared remote does not stop every
 * machine's pull; a changed run of ours or a tree that is not a results repository stops it. */
#include "archive.h"

#include "benchfmt.h"
#include "log.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BLOB (64u << 20) /* a raw output larger than this is not a benchmark's */
#define MAX_DEPTH 6          /* runs/<id>/raw/<table>/<env>/<file> is the deepest */
#define MAX_FILES 100000

typedef struct {
    git_repository *repo;
    const git_tree *known;
    const char *origin;
    const char *machine, *id;
    size_t files, fresh;
    int bad;     /* the whole tree is refused */
    int run_bad; /* the run being checked is skipped */
    strbuf skipped;
} check_ctx;

static void problem(check_ctx *c, const char *path, const char *why)
{
    log_error("%s: %s: %s", c->origin, path, why);
    if (c->id)
        c->run_bad = 1;
    else
        c->bad = 1;
}

static char *blob_text(git_repository *repo, const git_oid *id)
{
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, repo, id) != 0)
        return NULL;
    char *s = xasprintf("%.*s", (int)git_blob_rawsize(blob), (const char *)git_blob_rawcontent(blob));
    git_blob_free(blob);
    return s;
}

/* A file the run's directory holds, parsed by what reads it later. */
static void check_file(check_ctx *c, const char *path, const char *rel, const git_oid *id)
{
    size_t n = strlen(rel);
    int is_tsv = !strchr(rel, '/') && n > 4 && !strcmp(rel + n - 4, ".tsv");
    int is_samples = !strncmp(rel, "samples/", 8) && n > 4 && !strcmp(rel + n - 4, ".txt");
    if (!is_tsv && !is_samples && strcmp(rel, "run.tsv"))
        return;
    char *text = blob_text(c->repo, id);
    tsv_table t = {0};
    bf_file bf = {0};
    if (!text)
        problem(c, path, "unreadable");
    else if (is_samples && bf_parse(path, text, &bf) != 0)
        problem(c, path, "not in Go's benchmark format (above)");
    else if (is_tsv && tsv_parse(path, text, &t) != 0)
        problem(c, path, "not a TSV table (above)");
    else if (!strcmp(rel, "run.tsv") && tsv_bind(&t, &facts_schema) != 0)
        problem(c, path, "not run.tsv's columns (above)");
    else if (!strcmp(rel, "run.tsv"))
        for (size_t r = 0; r < t.nrows; r++) {
            const char *k = facts_at(&t, r, FACTS_KEY), *v = facts_at(&t, r, FACTS_VALUE);
            if ((!strcmp(k, "run_id") && strcmp(v, c->id)) ||
                (!strcmp(k, "machine_id") && strcmp(v, c->machine)))
                problem(c, path, "names another run or machine than the directory it is in");
        }
    bf_free(&bf);
    tsv_free(&t);
    free(text);
}

static int walk_entry(const char *root, const git_tree_entry *e, void *payload)
{
    check_ctx *c = payload;
    const char *name = git_tree_entry_name(e);
    git_filemode_t mode = git_tree_entry_filemode(e);
    char *rel = xasprintf("%s%s", root, name);
    char *path = xasprintf("machines/%s/runs/%s/%s", c->machine, c->id, rel);
    size_t depth = 1;
    for (const char *p = rel; *p; p++)
        depth += *p == '/';
    git_odb *odb = NULL;
    size_t size = 0;
    git_object_t type;
    if (!*name || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '\\'))
        problem(c, path, "a name that could leave the run's directory");
    else if (mode == GIT_FILEMODE_TREE) {
        if (depth > MAX_DEPTH)
            problem(c, path, "nested deeper than a run is");
    } else if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
        problem(c, path, "a symbolic link or submodule, neither file nor directory");
    else if (++c->files > MAX_FILES)
        problem(c, path, "more files than a run has");
    else if (git_repository_odb(&odb, c->repo) != 0 ||
             git_odb_read_header(&size, &type, odb, git_tree_entry_id(e)) != 0)
        problem(c, path, "missing from what was fetched");
    else if (size > MAX_BLOB)
        problem(c, path, "larger than any output of a run (64 MiB)");
    else
        check_file(c, path, rel, git_tree_entry_id(e));
    git_odb_free(odb);
    free(rel);
    free(path);
    return c->run_bad && c->files > MAX_FILES ? -1 : 0;
}

static int check_run(const char *machine, const char *id, const git_tree_entry *run, void *payload)
{
    check_ctx *c = payload;
    char *path = layout_run_path(machine, id);
    git_tree_entry *mine = NULL;
    git_tree *tree = NULL;
    c->machine = machine, c->id = id, c->files = 0, c->run_bad = 0;
    if (!archive_valid_id(machine) || !archive_run_id_ok(id))
        problem(c, path, "not a machine and run id (letters, digits, -, _, .)");
    else if (git_tree_entry_type(run) != GIT_OBJECT_TREE)
        problem(c, path, "not a directory");
    else if (c->known && git_tree_entry_bypath(&mine, c->known, path) == 0) {
        if (!git_oid_equal(git_tree_entry_id(mine), git_tree_entry_id(run)))
            problem(c, path, "differs from the run of that name already here: runs never change");
        c->bad |= c->run_bad; /* ours would be lost: never skipped, the pull stops */
    } else if (git_tree_lookup(&tree, c->repo, git_tree_entry_id(run)) != 0)
        problem(c, path, "missing from what was fetched");
    else if (!git_tree_entry_byname(tree, "run.tsv"))
        problem(c, path, "has no run.tsv: not a run");
    else
        git_tree_walk(tree, GIT_TREEWALK_PRE, walk_entry, c);
    if (c->run_bad && !c->bad) {
        log_error("%s: %s: skipped, not pulled (the problems above); the other runs are", c->origin,
                  path);
        sb_printf(&c->skipped, "%s\n", path);
    } else if (tree && !c->run_bad) {
        c->fresh++;
    }
    c->id = NULL;
    git_tree_free(tree);
    git_tree_entry_free(mine);
    free(path);
    return 0;
}

/* Only machines/<m>/runs/ at the top: nothing else is ever written there. Anything else under
 * machines/<m>/ is left out like a bad run (named, skipped). */
static void check_shape(check_ctx *c, const git_tree *incoming)
{
    for (size_t i = 0; i < git_tree_entrycount(incoming); i++) {
        const git_tree_entry *e = git_tree_entry_byindex(incoming, i);
        if (strcmp(git_tree_entry_name(e), "machines") || git_tree_entry_type(e) != GIT_OBJECT_TREE)
            problem(c, git_tree_entry_name(e), "not part of a results repository (machines/)");
    }
    git_tree_entry *me = NULL;
    git_tree *machines = NULL, *m = NULL;
    if (git_tree_entry_bypath(&me, incoming, "machines") == 0)
        git_tree_lookup(&machines, c->repo, git_tree_entry_id(me));
    for (size_t i = 0; machines && i < git_tree_entrycount(machines); i++, git_tree_free(m), m = NULL) {
        const git_tree_entry *e = git_tree_entry_byindex(machines, i);
        if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
            git_tree_lookup(&m, c->repo, git_tree_entry_id(e)) != 0)
            continue;
        for (size_t k = 0; k < git_tree_entrycount(m); k++) {
            const char *name = git_tree_entry_name(git_tree_entry_byindex(m, k));
            if (strcmp(name, "runs") != 0) {
                char *path = xasprintf("machines/%s/%s", git_tree_entry_name(e), name);
                log_error("%s: %s: not a run (machines/<machine>/runs/<id>): skipped, not pulled",
                          c->origin, path);
                sb_printf(&c->skipped, "%s\n", path);
                free(path);
            }
        }
    }
    git_tree_free(machines);
    git_tree_entry_free(me);
}

int validate_incoming(git_repository *repo, const git_tree *incoming, const git_tree *known,
                      const char *origin, size_t *fresh, strbuf *skipped)
{
    check_ctx c = {.repo = repo, .known = known, .origin = origin};
    check_shape(&c, incoming);
    if (layout_each_run(repo, incoming, check_run, &c) != 0)
        c.bad = 1;
    *fresh = c.fresh;
    sb_puts(skipped, sb_str(&c.skipped));
    sb_free(&c.skipped);
    return c.bad ? -1 : 0;
}

typedef struct {
    const git_tree *after;
    int lost;
} keep_ctx;

static int kept(const char *machine, const char *id, const git_tree_entry *run, void *payload)
{
    keep_ctx *k = payload;
    char *path = layout_run_path(machine, id);
    git_tree_entry *e = NULL;
    if (git_tree_entry_bypath(&e, k->after, path) != 0 ||
        !git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(run))) {
        log_error("%s: the remote removed or changed this run; refusing to drop it here", path);
        k->lost = 1;
    }
    git_tree_entry_free(e);
    free(path);
    return 0;
}

int validate_keeps(git_repository *repo, const git_tree *before, const git_tree *after)
{
    keep_ctx k = {after, 0};
    return layout_each_run(repo, before, kept, &k) != 0 || k.lost ? -1 : 0;
}
