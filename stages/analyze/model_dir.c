/* model_dir.c - the model is replaced whole or not at all: analyze writes into a staging
 * directory next to the model's (<out>.stage.<pid>), and only when every file was written and
 * no input was bad does the stage take the model's place (two renames: the old model aside,
 * the stage in, then the old one removed). A failed analysis leaves the last good model as it
 * was, so render never shows a half-written or stale-looking model as current; what the failed
 * analysis wrote is kept in <out>.failed/ (replacing an earlier one) for a look. */
#include "analyze.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Removes a model directory: files only (the model has no subdirectories), then itself. */
static void remove_flat(const char *dir)
{
    size_t n;
    char **names = fs_list_dir(dir, &n);
    for (size_t i = 0; names && i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        if (unlink(path) != 0)
            log_warn("%s: %s", path, strerror(errno));
        free(path);
    }
    if (names)
        fs_free_list(names, n);
    rmdir(dir);
}

char *model_stage_open(const char *out)
{
    size_t len = strlen(out);
    while (len > 1 && out[len - 1] == '/')
        len--;
    char *stage = xasprintf("%.*s.stage.%ld", (int)len, out, (long)getpid());
    remove_flat(stage); /* a stage a killed analysis of the same pid left */
    if (fs_mkdirs(stage) != 0) {
        log_error("cannot create %s: %s", stage, strerror(errno));
        free(stage);
        return NULL;
    }
    return stage;
}

void model_stage_discard(char *stage)
{
    if (stage)
        remove_flat(stage);
    free(stage);
}

void model_stage_fail(char *stage, const char *out)
{
    size_t len = strlen(out);
    while (len > 1 && out[len - 1] == '/')
        len--;
    char *failed = xasprintf("%.*s.failed", (int)len, out);
    remove_flat(failed);
    if (rename(stage, failed) == 0)
        log_error("%.*s: nothing written, the previous model is left as it was; what this "
                  "analysis wrote is in %s/", (int)len, out, failed);
    else
        log_error("%.*s: nothing written, the previous model is left as it was", (int)len, out);
    model_stage_discard(stage);
    free(failed);
}

int model_stage_commit(char *stage, const char *out)
{
    char *old = xasprintf("%s.old", stage);
    int had = fs_exists(out), rc = 0;
    if (fs_mkparent(out) != 0 || (had && rename(out, old) != 0)) {
        log_error("cannot move %s aside: %s", out, strerror(errno));
        rc = -1;
    } else if (rename(stage, out) != 0) {
        log_error("cannot move %s to %s: %s", stage, out, strerror(errno));
        if (had && rename(old, out) != 0)
            log_error("%s: the previous model is left in %s", out, old);
        rc = -1;
    } else if (had) {
        remove_flat(old);
    }
    free(old);
    if (rc != 0)
        model_stage_discard(stage);
    else
        free(stage);
    return rc;
}
