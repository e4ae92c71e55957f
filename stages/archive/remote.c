/* remote.c - the shared remote that many machines' results meet in, through libgit2: a
 * configured remote's name or a URL (file://, a path, ssh://, https://), credentials asked of
 * the ssh agent or git's credential helper on demand and never written anywhere, and a fetch
 * of the remote's results branch into a private ref. One push or pull at a time per local
 * repository (a lock file), so concurrent commands on one checkout queue instead of racing. */
#include "archive.h"

#include "fsutil.h"
#include "log.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int remote_is_local(const char *url)
{
    if (!strncmp(url, "file://", 7))
        return 1;
    if (strstr(url, "://"))
        return 0;
    const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
    return !colon || (slash && slash < colon); /* "host:path" is ssh's scp form */
}

/* A username and password from `git credential fill` (the user's helper), or -1. */
static int helper_credential(git_credential **out, const char *url)
{
    char tmpl[] = "/tmp/repro-cred-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    dprintf(fd, "url=%s\n\n", url);
    close(fd);
    char *const argv[] = {"sh", "-c", "GIT_TERMINAL_PROMPT=0 exec git credential fill <\"$0\"",
                          tmpl, NULL};
    strbuf sb = {0};
    int rc = proc_capture(argv, 30, &sb);
    unlink(tmpl);
    char user[256] = "", pass[1024] = "";
    for (char *line = sb.buf; rc == 0 && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (!strncmp(line, "username=", 9))
            snprintf(user, sizeof user, "%s", line + 9);
        else if (!strncmp(line, "password=", 9))
            snprintf(pass, sizeof pass, "%s", line + 9);
        line = nl ? nl + 1 : NULL;
    }
    rc = rc == 0 && *user ? git_credential_userpass_plaintext_new(out, user, pass) : -1;
    memset(pass, 0, sizeof pass);
    sb_free(&sb);
    return rc;
}

/* libgit2 asks again after a refused credential: one offer of each kind, then give up. */
static int credentials(git_credential **out, const char *url, const char *user,
                       unsigned int allowed, void *payload)
{
    archive_remote *r = payload;
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !(r->offered & GIT_CREDENTIAL_SSH_KEY)) {
        r->offered |= GIT_CREDENTIAL_SSH_KEY;
        return git_credential_ssh_key_from_agent(out, user ? user : getenv("USER"));
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
        !(r->offered & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) {
        r->offered |= GIT_CREDENTIAL_USERPASS_PLAINTEXT;
        if (helper_credential(out, url) == 0)
            return 0;
    }
    log_error("%s: no credentials (ssh-agent, or a git credential helper)", url);
    return GIT_EUSER;
}

void remote_callbacks(archive_remote *r, git_remote_callbacks *cb)
{
    git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
    cb->credentials = credentials;
    cb->payload = r;
}

int remote_open(git_repository *repo, const char *spec, archive_remote *r)
{
    memset(r, 0, sizeof *r);
    r->repo = repo;
    if (!spec || !*spec)
        spec = "origin";
    if (git_remote_lookup(&r->remote, repo, spec) != 0 &&
        git_remote_create_anonymous(&r->remote, repo, spec) != 0) {
        archive_git_error(spec);
        return -1;
    }
    r->url = xstrdup(git_remote_url(r->remote));
    if (remote_is_local(r->url))
        r->local_path = xstrdup(strncmp(r->url, "file://", 7) ? r->url : r->url + 7);
    if (r->local_path && !fs_is_dir(r->local_path)) { /* libgit2 would say "unsupported URL" */
        log_error("%s: no such remote (neither a remote configured in the results repository "
                  "nor a directory holding a git repository)", spec);
        return -1;
    }
    return 0;
}

void remote_close(archive_remote *r)
{
    git_remote_free(r->remote);
    free(r->url);
    free(r->local_path);
    memset(r, 0, sizeof *r);
}

int remote_fetch(archive_remote *r, git_oid *tip, int *have_tip)
{
    git_reference *old = NULL;
    if (git_reference_lookup(&old, r->repo, REMOTE_FETCHED) == 0)
        git_reference_delete(old); /* a stale tip must not stand for an empty remote */
    git_reference_free(old);
    char *spec = "+" REMOTE_BRANCH ":" REMOTE_FETCHED;
    git_strarray specs = {&spec, 1};
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    remote_callbacks(r, &fo.callbacks);
    fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE; /* tags are derived from validated runs */
    if (git_remote_fetch(r->remote, &specs, &fo, NULL) != 0) {
        archive_git_error(r->url);
        return -1;
    }
    *have_tip = git_reference_name_to_id(tip, r->repo, REMOTE_FETCHED) == 0;
    return 0;
}

int remote_lock(git_repository *repo)
{
    char *path = xasprintf("%srepro-sync.lock", git_repository_path(repo));
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        log_error("%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}
