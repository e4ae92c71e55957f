/* pull.c - `repro-archive pull [REMOTE]`: every machine's runs from the shared remote into this
 * results repository, validated first (a pulled run is untrusted input: validate.c), our own
 * unpushed runs kept on top (sync.c), so fleet, history and compare see all machines. A pull
 * that fails leaves no repository it created behind (an empty one would look like an archive
 * with no runs). */
#define _XOPEN_SOURCE 700
#include "archive.h"

#include "cli.h"
#include "fsutil.h"
#include "log.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes what a failed pull created: the whole directory, or only the .git it added to an
 * existing one. */
static void undo_create(const char *path, int existed)
{
    char *what = existed ? xasprintf("%s/.git", path) : xstrdup(path);
    if (nftw(what, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        log_warn("%s: could not remove the repository this failed pull created", what);
    free(what);
}

int cmd_pull(int argc, char **argv)
{
    const char *repo_path = "data/results";
    archive_repo_option(
        argc, argv, &repo_path,
        "usage: repro-archive pull [REMOTE] [--repo PATH]\n"
        "Brings every run of REMOTE's branch main (a remote configured in the results\n"
        "repository [origin], or a URL: file://, a path, ssh://, https://) into the\n"
        "results repository [data/results], creating it if needed. Each new run is\n"
        "checked first (names, file kinds and sizes, run.tsv, tables and samples that\n"
        "parse); a new run that fails is skipped and named (the others come in, exit 1),\n"
        "a run here that the remote changed or lacks stops the pull. Unpushed runs\n"
        "of this machine stay, on top. Prints how many runs came in. A failed pull\n"
        "leaves no repository it created.\n");
    cli_operands(argc, argv, 0, 1, "at most one REMOTE");
    git_repository *repo = NULL;
    archive_remote r = {0};
    sync_stats st = {0};
    int lock = -1, rc = 1, synced = 0, existed = fs_exists(repo_path);
    int created = git_repository_open_ext(NULL, repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0;
    if (archive_open(repo_path, 1, &repo) == 0 && (lock = remote_lock(repo)) >= 0 &&
        remote_open(repo, optind < argc ? argv[optind] : NULL, &r) == 0 &&
        sync_in(repo, &r, &st) == 0) {
        cli_done("pulled from %s: %zu new run%s%s%s", r.url, st.pulled, st.pulled == 1 ? "" : "s",
                 st.skipped ? ", some runs skipped (each above): exit 1" : "",
                 st.replayed ? " (this machine's unpushed runs put on top: repro push)" : "");
        rc = st.skipped ? 1 : 0;
        synced = 1; /* what came in stays, also when some runs were skipped */
    }
    remote_close(&r);
    if (lock >= 0)
        close(lock);
    git_repository_free(repo);
    if (rc != 0 && !synced && created && (repo != NULL || !existed))
        undo_create(repo_path, existed);
    return rc;
}
