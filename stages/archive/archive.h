/* archive.h - the results repository: one commit and one tag (run/<id>) per run, written with
 * libgit2 so any past run can be re-rendered. One file per subcommand, as git does it. */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <git2.h>

/* Opens the repository at path, creating it (non-bare) when absent. -1 after logging. */
int archive_open(const char *path, int create, git_repository **repo);
/* Logs libgit2's last error after "what". */
void archive_git_error(const char *what);
/* Writes <dir>/archive.tsv: the archive commit and tag of a run, read by analyze and render. */
int archive_write_info(const char *dir, const char *run_id, const git_oid *commit);

int cmd_commit(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif
