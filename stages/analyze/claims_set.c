/* claims_set.c - every claims file of a directory, loaded once and judged per run (by the
 * engine, through claims_out.c). Both repro-analyze and the commands that judge archived runs
 * (stages/runset) go through here, so a claim is loaded, paired and judged the same way
 * wherever a verdict comes from. */
#include "analyze/claims.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int claims_set_load(const char *dir, const tsv_table *tables, claims_set *s)
{
    memset(s, 0, sizeof *s);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    if (!names) {
        log_error("%s: %s", dir, strerror(errno));
        return -1;
    }
    s->files = xcalloc(n ? n : 1, sizeof *s->files);
    int rc = 0;
    for (size_t i = 0; i < n; i++) { /* fs_list_dir sorts: the files' order is stable */
        size_t len = strlen(names[i]);
        if (len < 5 || strcmp(names[i] + len - 4, ".tsv") != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        if (claims_load(path, tables, &s->files[s->n]) != 0)
            rc = -1; /* its rows still reach claims.tsv, each invalid one with its reason */
        if (s->files[s->n].file.path) {
            claims_pairs(s->files[s->n].claims, s->files[s->n].n, &s->pairs, &s->npairs);
            s->n++;
        }
        free(path);
    }
    fs_free_list(names, n);
    return rc;
}

void claims_set_free(claims_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        claims_file_free(&s->files[i]);
    free(s->files);
    claims_pairs_free(s->pairs, s->npairs);
    memset(s, 0, sizeof *s);
}
