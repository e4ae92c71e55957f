/* archive.h - the results repository: one commit and one tag (run/<id>) per run, written with
 * libgit2 so any past run can be re-rendered. One file per subcommand, as git does it. */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include "schema_run.h"

#include <git2.h>
#include <stddef.h>

/* Opens the repository at path, creating it (non-bare) when absent. -1 after logging. */
int archive_open(const char *path, int create, git_repository **repo);
/* The options of a subcommand that takes only --repo PATH (and cli.h's): returns with optind
 * at the first operand; help, --version and usage errors exit (cli.h). */
void archive_repo_option(int argc, char **argv, const char **repo_path, const char *usage);
/* Logs libgit2's last error after "what". */
void archive_git_error(const char *what);
/* Writes <dir>/archive.tsv: the archive commit and tag of a run and, when judged is not NULL,
 * the judged_with line (judged_statement); analyze appends them to the report's run facts. */
int archive_write_info(const char *dir, const char *run_id, const git_oid *commit,
                       const char *judged);
/* 1 when id can name a run: letters, digits, '-', '_', '.', not starting with '.'. */
int archive_valid_id(const char *id);
/* 1 when id is a run id as collect makes them, YYYYMMDD-HHMMSS (docs/formats.md): what a
 * results repository written elsewhere may hold under runs/ and tag as run/<id>. */
int archive_run_id_ok(const char *id);
/* 1 when name may be a file or directory name from an untrusted tree: one path component,
 * not "." or "..", no '/', '\\' or control character. */
int archive_safe_name(const char *name);

/* Where commit puts a run's files: the results work tree and the index. */
typedef struct {
    git_index *index;
    const char *workdir;    /* <work tree>/runs/<id> */
    const char *index_root; /* runs/<id> */
} archive_stage;
/* Copies src (a file, or a directory recursively, skipping *.tmp) to rel under the run's
 * directory and stages it; a missing src adds nothing. 0 or -1 after logging. */
int archive_add(const archive_stage *st, const char *src, const char *rel);

/* Provenance (judged.c): what judged a run, archived under runs/<id>/judged-with/. */
#define JUDGED_DIR "judged-with"
typedef struct {
    const char *claims, *tables, *templates; /* what analyze and render were given */
    const char *revision;                    /* the tool's git revision, [-dirty] */
} judged_with;
/* Archives jw's files and revision under JUDGED_DIR; -1 after logging when one is missing. */
int judged_add(const archive_stage *st, const judged_with *jw);
/* 1 for a 40 or 64 digit lowercase hex object name, optionally "-dirty", or "unknown". */
int judged_valid_revision(const char *rev);
/* The judged_with sentence: archived is the revision archived with the run (NULL: none was),
 * today the revision judging it with today's files (NULL: the archived files are used). */
char *judged_statement(const char *archived, const char *today);
/* Checks an extracted run's JUDGED_DIR: only claims/, tables.tsv, templates/, revision, the
 * revision one valid line. *archived gets the revision (NULL when the run has no JUDGED_DIR).
 * 0, or -1 after logging what is wrong. */
int judged_check(const char *dir, char **archived);

/* Machine identity (machine.c): a stable id (MACHINE_ID_LEN characters, a valid run id) from
 * /etc/machine-id, the CPU model, the core count and the memory, or REPRO_MACHINE_ID; and a
 * human label (the host name, or REPRO_MACHINE_LABEL). 0, or -1 after logging. */
#define MACHINE_ID_LEN 14
int machine_identity(char *id, size_t idlen, char *label, size_t labellen);
/* The machine a run directory's run.tsv names (machine_id), else this machine's id: a malloc'd
 * string, or NULL after logging. */
char *machine_of_run(const tsv_table *run);

/* Layout (layout.c): a run lives at machines/<machine>/runs/<id>/, tagged run/<machine>/<id>;
 * single-machine archives had runs/<id>/ and run/<id> (migrate.c moves them, once). A run is
 * named "<machine>/<id>", or "<id>" where that names one run. */
#define LAYOUT_LEGACY_DIR "runs"
char *layout_run_path(const char *machine, const char *id);
char *layout_run_tag(const char *machine, const char *id);
/* 1 when spec is "<id>" or "<machine>/<id>": a valid machine name, the id YYYYMMDD-HHMMSS. */
int layout_valid_spec(const char *spec);
/* Finds the run spec names: *tag the tag's name (run/...), *path the run's directory in that
 * commit's tree (the machines/ path, or runs/<id> for a commit made before migration), *name
 * "<machine>/<id>" (or "<id>" for an unmigrated run). 0, or -1 after logging. */
int layout_resolve(git_repository *repo, const char *spec, char **tag, char **path, char **name);

/* Calls cb for every machines/<machine>/runs/<id> entry of tree, in name order; stops at and
 * returns cb's first nonzero result. */
typedef int (*layout_run_cb)(const char *machine, const char *id, const git_tree_entry *run,
                             void *payload);
int layout_each_run(git_repository *repo, const git_tree *tree, layout_run_cb cb, void *payload);

/* Migration (migrate.c): moves every runs/<id>/ of HEAD to machines/<machine>/runs/<id>/ (the
 * machine its run.tsv names, else this one) in one commit that says so, and renames the tags
 * run/<id> to run/<machine>/<id> (same commits). Nothing to do: 0, *moved = 0. -1 after logging. */
int archive_migrate(git_repository *repo, size_t *moved);

/* The shared remote (remote.c). Results meet on its branch main; a fetch lands in a private ref. */
#define REMOTE_BRANCH "refs/heads/main"
#define REMOTE_FETCHED "refs/repro/fetched"
typedef struct {
    git_repository *repo;
    git_remote *remote;
    char *url;
    char *local_path;  /* a file:// URL or a path: pushed to in-process (remote_cas) */
    unsigned offered;  /* the kinds of credential already offered */
    int rejected;      /* the remote refused a ref update of the last push */
} archive_remote;
/* 1 for file://, an absolute or relative path; 0 for ssh://, https://, host:path. */
int remote_is_local(const char *url);
/* spec: a remote configured in the repository, or a URL; NULL or "" is origin. */
int remote_open(git_repository *repo, const char *spec, archive_remote *r);
void remote_close(archive_remote *r);
void remote_callbacks(archive_remote *r, git_remote_callbacks *cb);
/* Fetches the remote's main into REMOTE_FETCHED; *have_tip is 0 when the remote has none. */
int remote_fetch(archive_remote *r, git_oid *tip, int *have_tip);
/* Waits for this repository's push/pull lock; a file descriptor to close, or -1 after logging. */
int remote_lock(git_repository *repo);

/* Replay (replay.c): *out gets head's commits that onto lacks, replayed on top of onto (a run
 * onto already holds is dropped); their tags move with them. */
int replay_onto(git_repository *repo, const git_oid *head, const git_oid *onto, git_oid *out,
                size_t *replayed, size_t *dropped);
/* Points the checked-out branch at `to` and checks it out (index and work tree). */
int replay_move_head(git_repository *repo, const git_oid *to);

/* What push and pull share (sync.c): migrate, fetch, validate what came in, replay our unpushed
 * commits on top of the remote's, move our branch there, tag the pulled runs. */
typedef struct {
    git_oid remote_tip, head;     /* the remote's main as fetched; our branch afterwards */
    int have_remote, have_head;   /* 0: the remote (our branch) has no commit yet */
    size_t pulled;                /* runs new to us that came in */
    size_t replayed, dropped;     /* our commits put on top; ours the remote already held */
    size_t skipped;               /* the remote's runs that failed validation, left out */
} sync_stats;
int sync_in(git_repository *repo, archive_remote *r, sync_stats *st);

/* Untrusted input (validate.c): every run of incoming (a fetched tree) that known lacks must be
 * a well-formed run (names, file kinds and sizes, run.tsv naming the same machine and id,
 * parseable tables and samples); one that is not is logged and its path (machines/<m>/runs/
 * <id>) appended to skipped, one a line. A run known holds must be unchanged and the top level
 * only machines/. origin names the remote in messages. *fresh gets how many good runs are new.
 * 0 (also with runs skipped), or -1 after logging when the tree as a whole is refused. */
int validate_incoming(git_repository *repo, const git_tree *incoming, const git_tree *known,
                      const char *origin, size_t *fresh, strbuf *skipped);
/* 0 when every run of before is in after with the same content; else -1 after logging. */
int validate_keeps(git_repository *repo, const git_tree *before, const git_tree *after);

int cmd_commit(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_machine(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_push(int argc, char **argv);
int cmd_pull(int argc, char **argv);

#endif
