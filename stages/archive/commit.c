/* commit.c - `repro-archive commit`: copies a run's raw output, samples and metadata into the
 * results repository under runs/<id>/ and commits them, one commit per run, with the run's
 * metadata in the message and a tag run/<id>. The commit's time is the run's finish time, so
 * the same run archived twice gives the same tree. Docker's data-root, caches and other
 * by-products of a run are not archived. With the judging options it also archives what the
 * run is judged with (judged.c), so the report can be rendered again after a claim changed. */
#include "archive.h"

#include "fsutil.h"
#include "cli.h"
#include "log.h"
#include "strbuf.h"
#include "tsv.h"

#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An unfinished file: a cell's "<name>.tmp" or fs_write_atomic's "<name>.tmp.<pid>" (and not
 * a template's ".tmpl"). */
static int is_temp(const char *name)
{
    size_t n = strlen(name);
    return (n >= 4 && !strcmp(name + n - 4, ".tmp")) || strstr(name, ".tmp.") != NULL;
}

int archive_add(const archive_stage *st, const char *src, const char *rel)
{
    int rc = 0;
    if (fs_is_dir(src)) {
        size_t n;
        char **names = fs_list_dir(src, &n);
        for (size_t i = 0; names && i < n && rc == 0; i++) {
            if (is_temp(names[i]))
                continue;
            char *child_src = xasprintf("%s/%s", src, names[i]);
            char *child = xasprintf("%s/%s", rel, names[i]);
            rc = archive_add(st, child_src, child);
            free(child_src);
            free(child);
        }
        if (names)
            fs_free_list(names, n);
    } else if (fs_exists(src)) {
        char *dest = xasprintf("%s/%s", st->workdir, rel);
        char *in_index = xasprintf("%s/%s", st->index_root, rel);
        if (fs_copy_file(src, dest) != 0) {
            log_error("copying %s to %s failed: %s", src, dest, strerror(errno));
            rc = -1;
        } else if (git_index_add_bypath(st->index, in_index) != 0) {
            archive_git_error(in_index);
            rc = -1;
        }
        free(dest);
        free(in_index);
    }
    return rc;
}

static time_t parse_utc(const char *s)
{
    struct tm tm = {0};
    if (!strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 0;
    return timegm(&tm);
}

/* "run <machine>/<id>: env=status ...", then the run's facts. */
static char *commit_message(const tsv_table *run, const tsv_table *envs, const char *name,
                            const char *revision)
{
    strbuf sb = {0};
    sb_printf(&sb, "run %s:", name);
    for (size_t r = 0; r < envs->nrows; r++)
        sb_printf(&sb, " %s=%s", envs_at(envs, r, ENVS_ENV), envs_at(envs, r, ENVS_STATUS));
    sb_puts(&sb, "\n\n");
    for (size_t r = 0; r < run->nrows; r++)
        sb_printf(&sb, "%s: %s\n", facts_at(run, r, FACTS_KEY), facts_at(run, r, FACTS_VALUE));
    if (revision)
        sb_printf(&sb, "judged_with: " JUDGED_DIR "/, tool revision %s\n", revision);
    return sb_detach(&sb);
}

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-archive commit --run-dir DIR [--repo PATH]\n"
                "           [--claims DIR --tables FILE --templates DIR --revision REV]\n"
                "Commits DIR's run.tsv, envs.tsv, meta.tsv, cells.tsv, raw/, samples/ (and\n"
                "precision.tsv, regimes.tsv when present) to the results repository\n"
                "[data/results] under machines/<machine>/runs/<id>/ (the\n"
                "machine run.tsv's machine_id names, else this one; the id is run.tsv's\n"
                "run_id, YYYYMMDD-HHMMSS, whatever DIR is called), tags it\n"
                "run/<machine>/<id>, and writes DIR/archive.tsv (the commit and tag).\n"
                "Prints one line: the run, the commit and the tag.\n"
                "With the four judging options (all or none), the commit also holds what the\n"
                "run is judged with, under runs/<id>/" JUDGED_DIR "/: claims/ (the claims\n"
                "directory), tables.tsv, templates/ and revision (REV: the tool's git revision,\n"
                "[-dirty]), and archive.tsv says so in its judged_with line.\n");
}

typedef struct {
    const char *run_dir, *repo_path;
    judged_with jw;
} commit_opts;

/* -1 to go on, else the exit status. */
static void parse_opts(int argc, char **argv, commit_opts *o)
{
    static const struct option opts[] = {{"run-dir", 1, 0, 'r'},   {"repo", 1, 0, 'R'},
                                         {"claims", 1, 0, 'c'},    {"tables", 1, 0, 't'},
                                         {"templates", 1, 0, 'T'}, {"revision", 1, 0, 'v'},
                                         CLI_LONGOPTS,             {0, 0, 0, 0}};
    int c;
    cli_begin("archive commit", usage);
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        switch (c) {
        case 'r': o->run_dir = optarg; break;
        case 'R': o->repo_path = optarg; break;
        case 'c': o->jw.claims = optarg; break;
        case 't': o->jw.tables = optarg; break;
        case 'T': o->jw.templates = optarg; break;
        case 'v': o->jw.revision = optarg; break;
        default: cli_default(c, argv);
        }
    }
    cli_operands(argc, argv, 0, 0, "no operands");
    int njw = !!o->jw.claims + !!o->jw.tables + !!o->jw.templates + !!o->jw.revision;
    if (!o->run_dir)
        cli_usage_error("--run-dir DIR is required");
    if (njw != 0 && njw != 4)
        cli_usage_error("--claims, --tables, --templates and --revision go together");
}

/* The run's id: run.tsv's run_id, in the id syntax collect writes (YYYYMMDD-HHMMSS), whatever
 * the directory is called (a copy may be named anything): what extract, compare and a puller
 * accept, so the archive never holds a run it cannot give back. NULL after logging. */
static const char *run_id_of(const tsv_table *run, const char *run_dir)
{
    for (size_t r = 0; r < run->nrows; r++) {
        if (strcmp(facts_at(run, r, FACTS_KEY), "run_id"))
            continue;
        const char *id = facts_at(run, r, FACTS_VALUE);
        if (archive_run_id_ok(id))
            return id;
        log_error_at(run->path, run->rows[r].line,
                     "run_id \"%s\" is not a run id (YYYYMMDD-HHMMSS, as collect names runs)", id);
        return NULL;
    }
    log_error("%s/run.tsv: no run_id: not a run directory collect wrote", run_dir);
    return NULL;
}

/* Copies the run (and what judges it) into the work tree, stages it and writes the tree. */
static int stage_run(git_repository *repo, const commit_opts *o, const char *machine,
                     const char *id, git_oid *tree)
{
    /* regimes.tsv: the regimes the run is judged with (pipeline/report.sh copies them in) */
    static const char *const archived[] = {"run.tsv", "envs.tsv",      "meta.tsv",
                                           "cells.tsv", "raw",         "samples",
                                           "precision.tsv", "regimes.tsv"};
    git_index *index;
    if (git_repository_index(&index, repo) != 0) {
        archive_git_error("index");
        return -1;
    }
    char *index_root = layout_run_path(machine, id);
    char *workdir = xasprintf("%s%s", git_repository_workdir(repo), index_root);
    archive_stage st = {index, workdir, index_root};
    int rc = 0;
    for (size_t i = 0; i < sizeof archived / sizeof *archived && !rc; i++) {
        char *src = xasprintf("%s/%s", o->run_dir, archived[i]);
        rc = archive_add(&st, src, archived[i]);
        free(src);
    }
    if (!rc && o->jw.revision)
        rc = judged_add(&st, &o->jw);
    if (!rc && (git_index_write(index) != 0 || git_index_write_tree(tree, index) != 0)) {
        archive_git_error("staging the run");
        rc = -1;
    }
    free(workdir);
    free(index_root);
    git_index_free(index);
    return rc;
}

static time_t finish_time(const tsv_table *run)
{
    const char *v = kv_value(run, "finished_utc");
    return v ? parse_utc(v) : 0;
}

/* The commit on HEAD (the run's finish time as its time) and the tag run/<id>. */
static int create_commit(git_repository *repo, const git_oid *tree_id, const char *msg, time_t when,
                         const char *tag, git_oid *commit_id)
{
    git_tree *tree = NULL;
    git_commit *parent = NULL;
    git_signature *sig = NULL;
    git_object *target = NULL;
    git_oid parent_id, tag_id;
    int rc = -1;
    int have_parent = git_reference_name_to_id(&parent_id, repo, "HEAD") == 0 &&
                      git_commit_lookup(&parent, repo, &parent_id) == 0;
    const git_commit *parents[] = {parent};
    if (git_tree_lookup(&tree, repo, tree_id) != 0 ||
        git_signature_new(&sig, "repro", "repro@localhost", when ? when : time(NULL), 0) != 0 ||
        git_commit_create(commit_id, repo, "HEAD", sig, sig, NULL, msg, tree, have_parent ? 1 : 0,
                          parents) != 0 ||
        git_object_lookup(&target, repo, commit_id, GIT_OBJECT_COMMIT) != 0)
        archive_git_error("commit");
    else if (git_tag_create_lightweight(&tag_id, repo, tag, target, 0) != 0)
        archive_git_error(tag);
    else
        rc = 0;
    git_object_free(target);
    git_signature_free(sig);
    git_commit_free(parent);
    git_tree_free(tree);
    return rc;
}

int cmd_commit(int argc, char **argv)
{
    commit_opts o = {.repo_path = "data/results"};
    parse_opts(argc, argv, &o);
    tsv_table run = {0}, envs = {0};
    char *run_path = xasprintf("%s/run.tsv", o.run_dir);
    char *envs_path = xasprintf("%s/envs.tsv", o.run_dir);
    int ok = tsv_load_as(run_path, &facts_schema, &run) == 0 &&
             tsv_load_as(envs_path, &envs_schema, &envs) == 0;
    const char *id = ok ? run_id_of(&run, o.run_dir) : NULL;
    free(run_path);
    free(envs_path);
    if (!id) {
        tsv_free(&run);
        tsv_free(&envs);
        return 1;
    }
    git_repository *repo = NULL;
    git_reference *existing = NULL;
    char *machine = machine_of_run(&run), *tag = machine ? layout_run_tag(machine, id) : NULL;
    char *tag_ref = tag ? xasprintf("refs/tags/%s", tag) : NULL, *msg = NULL, *judged = NULL;
    char *name = machine ? xasprintf("%s/%s", machine, id) : NULL;
    git_oid tree_id, commit_id;
    size_t migrated;
    int rc = 1;
    if (!machine || archive_open(o.repo_path, 1, &repo) != 0 || archive_migrate(repo, &migrated))
        goto done;
    if (git_reference_lookup(&existing, repo, tag_ref) == 0) {
        log_error("%s: run %s is already archived (tag %s)", o.repo_path, id, tag);
        goto done;
    }
    msg = commit_message(&run, &envs, name, o.jw.revision);
    judged = o.jw.revision ? judged_statement(o.jw.revision, NULL) : NULL;
    if (stage_run(repo, &o, machine, id, &tree_id) != 0 ||
        create_commit(repo, &tree_id, msg, finish_time(&run), tag, &commit_id) != 0 ||
        archive_write_info(o.run_dir, name, &commit_id, judged) != 0)
        goto done;
    char sha[GIT_OID_HEXSZ + 1];
    cli_done("archived %s in %s as commit %s, tag %s", name, o.repo_path,
             git_oid_tostr(sha, sizeof sha, &commit_id), tag);
    rc = 0;
done:
    git_reference_free(existing);
    git_repository_free(repo);
    free(tag_ref);
    free(tag);
    free(name);
    free(machine);
    free(msg);
    free(judged);
    tsv_free(&run);
    tsv_free(&envs);
    return rc;
}
