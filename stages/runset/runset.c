/* runset.c - which runs the results repository holds: every machines/<machine>/runs/<id>/ of
 * HEAD, in (machine, id) order, and finding one by the name a user gives. */
#include "runset.h"

#include "archive/archive.h"
#include "log.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int collect_run(const char *machine, const char *id, const git_tree_entry *e, void *payload)
{
    runset *rs = payload;
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE || !archive_valid_id(machine) ||
        !archive_valid_id(id)) {
        log_warn("%s: machines/%s/runs/%s: not a run directory, skipped", rs->path, machine, id);
        return 0;
    }
    if (rs->n % 256 == 0)
        rs->runs = xrealloc(rs->runs, (rs->n + 256) * sizeof *rs->runs);
    rs->runs[rs->n++] = (run_ref){xstrdup(machine), xstrdup(id), *git_tree_entry_id(e)};
    return 0;
}

int runset_open(const char *path, runset *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->path = xstrdup(path);
    git_commit *head = NULL;
    git_tree *tree = NULL;
    git_oid id;
    if (archive_open(path, 0, &rs->repo) != 0)
        return -1;
    if (git_reference_name_to_id(&id, rs->repo, "HEAD") != 0)
        return 0; /* no run archived yet */
    int rc = -1;
    if (git_commit_lookup(&head, rs->repo, &id) != 0 || git_commit_tree(&tree, head) != 0)
        archive_git_error(path);
    else if (git_tree_entry_byname(tree, LAYOUT_LEGACY_DIR))
        log_error("%s: a single-machine archive (runs/): repro-archive migrate --repo %s", path,
                  path);
    else
        rc = layout_each_run(rs->repo, tree, collect_run, rs);
    git_tree_free(tree);
    git_commit_free(head);
    return rc;
}

void runset_close(runset *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->runs[i].machine);
        free(rs->runs[i].id);
    }
    free(rs->runs);
    free(rs->path);
    git_repository_free(rs->repo);
    memset(rs, 0, sizeof *rs);
}

const run_ref *runset_find(const runset *rs, const char *spec)
{
    const char *slash = strchr(spec, '/');
    const char *id = slash ? slash + 1 : spec;
    size_t mlen = slash ? (size_t)(slash - spec) : 0;
    const run_ref *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const run_ref *r = &rs->runs[i];
        if (strcmp(r->id, id) || (slash && (strlen(r->machine) != mlen ||
                                            strncmp(r->machine, spec, mlen))))
            continue;
        found = found ? found : r;
        n++;
    }
    if (n == 1)
        return found;
    if (n == 0)
        log_error("%s: no run \"%s\" (repro list)", rs->path, spec);
    else
        log_error("%s: run %s was measured on %zu machines: name it <machine>/%s", rs->path, id, n,
                  id);
    return NULL;
}

void runset_fact(const runset *rs, const run_ref *r, const char *key, char *buf, size_t len)
{
    git_tree *t = NULL;
    git_tree_entry *e = NULL;
    git_blob *b = NULL;
    buf[0] = '\0';
    if (git_tree_lookup(&t, rs->repo, &r->tree) == 0 &&
        git_tree_entry_bypath(&e, t, "run.tsv") == 0 &&
        git_blob_lookup(&b, rs->repo, git_tree_entry_id(e)) == 0) {
        size_t klen = strlen(key);
        const char *s = git_blob_rawcontent(b), *end = s + git_blob_rawsize(b);
        for (const char *l = s; l < end;) { /* key<TAB>value lines: run.tsv is key, value */
            const char *nl = memchr(l, '\n', (size_t)(end - l));
            size_t n = (size_t)((nl ? nl : end) - l);
            if (n > klen && !memcmp(l, key, klen) && l[klen] == '\t') {
                snprintf(buf, len, "%.*s", (int)(n - klen - 1), l + klen + 1);
                break;
            }
            l += n + 1;
        }
    }
    git_blob_free(b);
    git_tree_entry_free(e);
    git_tree_free(t);
}

const char *runset_machine(const runset *rs, const char *name)
{
    const char *found = NULL;
    size_t n = 0;
    strbuf known = {0};
    for (size_t i = 0; i < rs->n; i++) {
        const run_ref *r = &rs->runs[i];
        if (i + 1 < rs->n && !strcmp(rs->runs[i + 1].machine, r->machine))
            continue; /* each machine once, at its latest run */
        char label[128];
        runset_fact(rs, r, "machine_label", label, sizeof label);
        if (!strcmp(r->machine, name))
            return r->machine;
        if (!strcmp(label, name))
            found = found ? found : r->machine, n++;
        sb_printf(&known, "%s%s (%s)", known.len ? ", " : "", r->machine,
                  *label ? label : "no label");
    }
    if (n == 1) {
        sb_free(&known);
        return found;
    }
    if (n == 0)
        log_error("%s: no machine \"%s\": give one of its ids or labels: %s", rs->path, name,
                  known.len ? sb_str(&known) : "(no runs archived)");
    else
        log_error("%s: %zu machines are labelled \"%s\": give its id: %s", rs->path, n, name,
                  sb_str(&known));
    sb_free(&known);
    return NULL;
}
