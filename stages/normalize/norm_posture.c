/* norm_posture.c - the posture each environment's benchmark process printed about itself (the
 * "posture-<key>: <value>" configuration lines of Table 1's benchmark: seccomp, speculation
 * controls, capabilities, cgroup limits, GOMAXPROCS, the kernel's mitigations) gathered into
 * samples/posture.tsv, one row per environment and key, for analyze's posture and regimes.
 *
 * The value is the first good sample's; `samples` counts the samples that printed the same, so a
 * posture that changed within a cell shows (and is warned about) instead of being averaged away.
 * A run collected before the lines existed has none: the file then has its header only. */
#include "normalizer.h"

#include "fsutil.h"
#include "log.h"
#include "schema_run.h"
#include "schema_why.h"
#include "tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POSTURE_TABLE "T1"
#define MAX_KEYS 96
#define MAX_KEYS_TEXT "96"

typedef struct {
    size_t n;
    char *key[MAX_KEYS], *value[MAX_KEYS];
    long same[MAX_KEYS], samples;
} env_posture;

/* Each "posture-<key>: <value>" line of one sample's output. */
static void take_sample(env_posture *p, const char *text, const char *path)
{
    static const char tag[] = "posture-";
    int first = p->samples++ == 0;
    for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n') {
        size_t len = strcspn(l, "\n"), klen = strcspn(l, ":\n");
        if (strncmp(l, tag, sizeof tag - 1) != 0 || klen >= len || klen == sizeof tag - 1 ||
            l[klen + 1] != ' ')
            continue;
        char *key = xasprintf("%.*s", (int)(klen - (sizeof tag - 1)), l + sizeof tag - 1);
        char *value = xasprintf("%.*s", (int)(len - klen - 2), l + klen + 2);
        size_t i = 0;
        while (i < p->n && strcmp(p->key[i], key) != 0)
            i++;
        if (i == p->n && first && p->n < MAX_KEYS) {
            p->key[p->n] = key;
            p->value[p->n] = value;
            p->same[p->n++] = 1;
            continue;
        }
        if (i == p->n)
            log_warn("%s: posture-%s left out: %s", path, key,
                     first ? "more posture keys than " MAX_KEYS_TEXT : "not in the first sample");
        if (i < p->n && !strcmp(p->value[i], value))
            p->same[i]++;
        else if (i < p->n)
            log_warn("%s: posture-%s is \"%s\", the first sample's \"%s\"", path, key, value,
                     p->value[i]);
        free(key);
        free(value);
    }
}

static void put_env(strbuf *rows, const char *env, env_posture *p)
{
    for (size_t i = 0; i < p->n; i++) {
        char samples[32];
        snprintf(samples, sizeof samples, "%ld", p->same[i]);
        const char *f[POSTURE_NCOLS] = {[POSTURE_ENV] = env,
                                        [POSTURE_KEY] = p->key[i],
                                        [POSTURE_VALUE] = p->value[i],
                                        [POSTURE_SAMPLES] = samples};
        tsv_put_fields(rows, &posture_schema, f);
        free(p->key[i]);
        free(p->value[i]);
    }
}

/* One environment's good samples in rep order (the directory lists names sorted). */
static void read_env(const char *run_dir, const char *env, const strmap *cells, strbuf *rows)
{
    char *dir = xasprintf("%s/raw/%s/%s", run_dir, POSTURE_TABLE, env);
    size_t n;
    char **names = fs_is_dir(dir) ? fs_list_dir(dir, &n) : NULL;
    env_posture p = {0};
    for (size_t i = 0; names && i < n; i++) {
        size_t len = strlen(names[i]), digits = strspn(names[i], "0123456789");
        if (len < 5 || digits != len - 4 || strcmp(names[i] + digits, ".out") != 0)
            continue;
        char *key = xasprintf("%s\t%s\t%ld", POSTURE_TABLE, env, atol(names[i]));
        const char *status = strmap_get(cells, key);
        free(key);
        if (!status || strncmp(status, "ok", 2) != 0 || (status[2] && status[2] != '\t'))
            continue; /* the index's value is the status, then a tab and more (main.c) */
        char *path = xasprintf("%s/%s", dir, names[i]);
        char *text = fs_read_file(path, NULL);
        if (text)
            take_sample(&p, text, path);
        free(text);
        free(path);
    }
    put_env(rows, env, &p);
    if (names)
        fs_free_list(names, n);
    free(dir);
}

int norm_posture(const char *run_dir, const tsv_table *envs, const strmap *cells)
{
    strbuf rows = {0};
    tsv_put_header(&rows, &posture_schema);
    for (size_t r = 0; r < envs->nrows; r++)
        read_env(run_dir, envs_at(envs, r, ENVS_ENV), cells, &rows);
    char *path = xasprintf("%s/samples/posture.tsv", run_dir);
    int rc = fs_save(path, rows.buf, rows.len);
    free(path);
    sb_free(&rows);
    return rc;
}
