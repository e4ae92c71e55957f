/* push.c - `repro-archive push [REMOTE]`: this machine's runs into the shared remote, where many
 * machines push at the same time. A push that finds the remote moved is not an error but the
 * normal case: fetch, put our commits on top (runs live in disjoint paths, sync.c), try again,
 * a bounded number of times with a random pause. The remote's main only ever moves by
 * compare-and-swap from the tip we built on, so no push can drop another's run: a network
 * remote's receive-pack does that check; for a file:// or path remote (which libgit2 updates
 * in-process, without it) the objects go to a private ref and main moves by
 * git_reference_create_matching. */
#include "archive.h"

#include "cli.h"
#include "log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PUSH_REJECTED 1 /* the remote moved meanwhile: sync and try again */

/* The checked-out branch's full name ("refs/heads/master"), malloc'd. */
static char *branch_name(git_repository *repo)
{
    git_reference *head = NULL;
    char *name = NULL;
    if (git_reference_lookup(&head, repo, "HEAD") == 0)
        name = xstrdup(git_reference_type(head) == GIT_REFERENCE_SYMBOLIC
                           ? git_reference_symbolic_target(head)
                           : "HEAD");
    git_reference_free(head);
    return name;
}

/* The remote's answer per ref: a status is a refusal (receive-pack's "fetch first"). */
static int on_update(const char *refname, const char *status, void *data)
{
    archive_remote *r = data;
    if (status) {
        log_warn("%s: %s", refname, status);
        r->rejected = 1;
    }
    return 0;
}

/* git_remote_push of refspecs; PUSH_REJECTED when the remote refused an update. */
static int upload(archive_remote *r, char **specs, size_t n)
{
    git_push_options po;
    git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
    remote_callbacks(r, &po.callbacks);
    po.callbacks.push_update_reference = on_update;
    r->rejected = 0;
    git_strarray arr = {specs, n};
    int rc = git_remote_push(r->remote, &arr, &po);
    if (rc == GIT_ENONFASTFORWARD || (rc == 0 && r->rejected))
        return PUSH_REJECTED;
    if (rc != 0)
        archive_git_error(r->url);
    return rc ? -1 : 0;
}

/* Every local run/... tag, as "refs/tags/X:refs/tags/X" refspecs appended to *specs. */
static size_t tag_specs(git_repository *repo, char ***specs, size_t n)
{
    git_strarray tags = {0};
    if (git_tag_list_match(&tags, "run/*", repo) == 0) {
        *specs = xrealloc(*specs, (n + tags.count + 1) * sizeof **specs);
        for (size_t i = 0; i < tags.count; i++)
            (*specs)[n++] = xasprintf("refs/tags/%s:refs/tags/%s", tags.strings[i], tags.strings[i]);
    }
    git_strarray_dispose(&tags);
    return n;
}

/* A network remote: its receive-pack refuses a main that moved since we fetched. */
static int push_network(git_repository *repo, archive_remote *r, const char *branch)
{
    char **specs = xmalloc(sizeof *specs);
    specs[0] = xasprintf("%s:" REMOTE_BRANCH, branch);
    size_t n = tag_specs(repo, &specs, 1);
    int rc = upload(r, specs, n);
    for (size_t i = 0; i < n; i++)
        free(specs[i]);
    free(specs);
    return rc;
}

/* The remote's tags for our runs, and its HEAD on main for a later clone. */
static void local_tags(git_repository *repo, git_repository *remote)
{
    git_strarray tags = {0};
    if (git_tag_list_match(&tags, "run/*", repo) == 0)
        for (size_t i = 0; i < tags.count; i++) {
            char *ref = xasprintf("refs/tags/%s", tags.strings[i]);
            git_oid id;
            git_reference *out = NULL;
            if (git_reference_name_to_id(&id, repo, ref) == 0)
                git_reference_create(&out, remote, ref, &id, 0, NULL); /* there already: fine */
            git_reference_free(out);
            free(ref);
        }
    git_strarray_dispose(&tags);
    if (git_repository_head_unborn(remote) == 1)
        git_repository_set_head(remote, REMOTE_BRANCH);
}

/* A file:// or path remote: objects to a private ref, then main by compare-and-swap. */
static int push_local(git_repository *repo, archive_remote *r, const char *branch,
                      const sync_stats *st)
{
    char *incoming = xasprintf("refs/repro/incoming/%ld-%lx", (long)getpid(), (long)random());
    char *spec = xasprintf("%s:%s", branch, incoming);
    int rc = upload(r, &spec, 1);
    git_repository *remote = NULL;
    git_reference *ref = NULL;
    if (rc == 0 && git_repository_open_ext(&remote, r->local_path, GIT_REPOSITORY_OPEN_NO_SEARCH,
                                           NULL) != 0) {
        archive_git_error(r->local_path);
        rc = -1;
    }
    if (rc == 0) {
        int e = st->have_remote
                    ? git_reference_create_matching(&ref, remote, REMOTE_BRANCH, &st->head, 1,
                                                    &st->remote_tip, "repro push")
                    : git_reference_create(&ref, remote, REMOTE_BRANCH, &st->head, 0, "repro push");
        rc = e == GIT_EMODIFIED || e == GIT_EEXISTS || e == GIT_ELOCKED ? PUSH_REJECTED : e ? -1 : 0;
        if (rc < 0)
            archive_git_error(REMOTE_BRANCH);
        if (rc == 0)
            local_tags(repo, remote);
        git_reference *tmp = NULL;
        if (git_reference_lookup(&tmp, remote, incoming) == 0)
            git_reference_delete(tmp);
        git_reference_free(tmp);
    }
    git_reference_free(ref);
    git_repository_free(remote);
    free(spec);
    free(incoming);
    return rc;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-archive push [REMOTE] [--repo PATH] [--attempts N]\n"
                "Puts the results repository's runs [data/results] on REMOTE's branch main (a\n"
                "remote configured there [origin], or a URL: file://, a path, ssh://, https://).\n"
                "When another machine pushed meanwhile, fetches, validates its runs, puts ours\n"
                "on top and tries again, up to N times [30]. Credentials: ssh-agent, or git's\n"
                "credential helper; nothing is stored. Prints what was pushed.\n");
}

static void parse(int argc, char **argv, const char **repo_path, const char **spec, int *attempts)
{
    static const struct option opts[] = {
        {"repo", 1, 0, 'R'}, {"attempts", 1, 0, 'a'}, CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    cli_begin("push", usage);
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1) {
        if (c == 'R')
            *repo_path = optarg;
        else if (c == 'a')
            *attempts = (int)cli_long("--attempts", optarg, 1, 1000);
        else
            cli_default(c, argv);
    }
    cli_operands(argc, argv, 0, 1, "at most one REMOTE");
    *spec = optind < argc ? argv[optind] : NULL;
}

/* One attempt: sync, then push; 0, PUSH_REJECTED, or -1. */
static int attempt(git_repository *repo, archive_remote *r, sync_stats *st)
{
    if (sync_in(repo, r, st) != 0)
        return -1;
    if (!st->have_head) {
        log_info("nothing to push: no run archived yet");
        return 0;
    }
    char *branch = branch_name(repo);
    int rc = r->local_path ? push_local(repo, r, branch, st) : push_network(repo, r, branch);
    free(branch);
    return rc;
}

int cmd_push(int argc, char **argv)
{
    const char *repo_path = "data/results", *spec = NULL;
    int attempts = 30;
    parse(argc, argv, &repo_path, &spec, &attempts);
    git_repository *repo = NULL;
    archive_remote r = {0};
    int lock = -1, rc = -1, n = 0;
    sync_stats st = {0};
    srandom((unsigned)(getpid() ^ time(NULL)));
    if (archive_open(repo_path, 0, &repo) == 0 && (lock = remote_lock(repo)) >= 0 &&
        remote_open(repo, spec, &r) == 0)
        for (rc = PUSH_REJECTED; rc == PUSH_REJECTED && n < attempts; n++) {
            if (n > 0) /* another machine won the race: let it finish, then build on it */
                usleep((useconds_t)(20000 + random() % 100000) * (n < 5 ? n : 5));
            rc = attempt(repo, &r, &st);
        }
    if (rc == PUSH_REJECTED)
        log_error("%s: the remote kept moving; gave up after %d attempts (try again)", r.url, n);
    else if (rc == 0)
        cli_done("pushed to %s after %d attempt%s: %zu run%s pulled in, %zu commit%s put on top, "
                 "%zu already there%s",
                 r.url, n, n == 1 ? "" : "s", st.pulled, st.pulled == 1 ? "" : "s", st.replayed,
                 st.replayed == 1 ? "" : "s", st.dropped,
                 st.skipped ? "; the remote's runs that failed validation (above) left out" : "");
    remote_close(&r);
    if (lock >= 0)
        close(lock);
    git_repository_free(repo);
    return rc == 0 && !st.skipped ? 0 : 1;
}
