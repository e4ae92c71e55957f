/* archive.h - the results repository: one commit and one tag (run/<id>) per run, written with
 * libgit2 so any past run can be re-rendered. One file per subcommand, as git does it. */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <git2.h>

/* Opens the repository at path, creating it (non-bare) when absent. -1 after logging. */
int archive_open(const char *path, int create, git_repository **repo);
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

int cmd_commit(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif
