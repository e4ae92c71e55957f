/* pull.c - `repro-archive pull [REMOTE]`: every machine's runs from the shared remote into this
 * results repository, validated first (a pulled run is untrusted input: validate.c), our own
 * unpushed runs kept on top (sync.c), so fleet, history and compare see all machines. */
#include "archive.h"

#include "log.h"

#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

int cmd_pull(int argc, char **argv)
{
    const char *repo_path = "data/results";
    int status = archive_repo_option(
        argc, argv, &repo_path,
        "usage: repro-archive pull [REMOTE] [--repo PATH]\n"
        "Brings every run of REMOTE's branch main (a remote configured in the results\n"
        "repository [origin], or a URL: file://, a path, ssh://, https://) into the\n"
        "results repository [data/results], creating it if needed. Each new run is\n"
        "checked first (names, file kinds and sizes, run.tsv, tables and samples that\n"
        "parse); a run here that the remote changed or lacks is refused. Unpushed runs\n"
        "of this machine stay, on top. Prints how many runs came in.\n");
    if (status >= 0)
        return status;
    if (argc - optind > 1)
        return 2;
    git_repository *repo = NULL;
    archive_remote r = {0};
    sync_stats st = {0};
    int lock = -1, rc = 1;
    if (archive_open(repo_path, 1, &repo) == 0 && (lock = remote_lock(repo)) >= 0 &&
        remote_open(repo, optind < argc ? argv[optind] : NULL, &r) == 0 &&
        sync_in(repo, &r, &st) == 0) {
        printf("pulled from %s: %zu new run%s%s\n", r.url, st.pulled, st.pulled == 1 ? "" : "s",
               st.replayed ? " (this machine's unpushed runs put on top: repro push)" : "");
        rc = 0;
    }
    remote_close(&r);
    if (lock >= 0)
        close(lock);
    git_repository_free(repo);
    return rc;
}
