/* envnames.c - data/envs.tsv loaded and checked, and the names this process knows (envnames.h).
 * The file is the one list of environments: collect's drivers register themselves and are found
 * through it, the pipeline's default list is its rows, analyze's claims are checked against it. */
#include "envnames.h"

#include "log.h"
#include "schema_data.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The caps column's words, one per env_cap bit. */
static const struct {
    const char *word;
    env_cap cap;
} cap_words[] = {
    {"emulated", CAP_EMULATED},     {"privileged", CAP_PRIVILEGED},
    {"host_tools", CAP_HOST_TOOLS}, {"own_root", CAP_OWN_ROOT},
    {"own_netns", CAP_OWN_NETNS},   {"net_reachable", CAP_NET_REACHABLE},
    {"own_kernel", CAP_OWN_KERNEL},
};

long env_caps_parse(const char *list, char *bad)
{
    unsigned long caps = 0;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        size_t k = 0, nwords = sizeof cap_words / sizeof *cap_words;
        while (k < nwords && !(strlen(cap_words[k].word) == n && !strncmp(cap_words[k].word, p, n)))
            k++;
        if (k == nwords) {
            snprintf(bad, 64, "%.*s", (int)(n < 63 ? n : 63), p);
            return -1;
        }
        caps |= cap_words[k].cap;
        p += n + (p[n] == ',');
    }
    return (long)caps;
}

static int name_ok(const char *s)
{
    return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                     strlen(s);
}

/* One row of t into r; -1 after logging what is wrong with it. */
static int row_load(const tsv_table *t, size_t i, const env_rows *done, env_row *r)
{
    const char *name = envdef_at(t, i, ENVDEF_ENV), *driver = envdef_at(t, i, ENVDEF_DRIVER);
    const char *ref = envdef_at(t, i, ENVDEF_REFERENCE), *factor = envdef_at(t, i, ENVDEF_FACTOR);
    long line = t->rows[i].line;
    char bad[64];
    long caps = env_caps_parse(envdef_at(t, i, ENVDEF_CAPS), bad);
    int rc = -1;
    if (!name_ok(name) || !strcmp(name, ENV_WSL2))
        log_error_at(t->path, line, "env \"%s\" is not a name (letters, digits, . _ -; not %s)",
                     name, ENV_WSL2);
    else if (env_rows_find(done, name))
        log_error_at(t->path, line, "env \"%s\" is given twice", name);
    else if (!name_ok(driver))
        log_error_at(t->path, line, "env \"%s\" has no driver", name);
    else if (caps < 0)
        log_error_at(t->path, line, "unknown cap \"%s\" (docs/formats.md lists them)", bad);
    else if (!*ref != !*factor)
        log_error_at(t->path, line, "reference and factor go together: an arm needs both");
    else if (*ref && (!strcmp(ref, name) || !env_rows_find(done, ref)))
        log_error_at(t->path, line, "reference \"%s\" is not an environment of an earlier row",
                     ref);
    else
        rc = 0;
    if (rc == 0)
        *r = (env_row){xstrdup(name),
                       xstrdup(driver),
                       xstrdup(envdef_at(t, i, ENVDEF_WHAT)),
                       xstrdup(envdef_at(t, i, ENVDEF_ONLY_TABLE)),
                       xstrdup(ref),
                       xstrdup(factor),
                       (unsigned)caps,
                       line};
    return rc;
}

int env_rows_load(const char *path, env_rows *out)
{
    *out = (env_rows){xstrdup(path), NULL, 0};
    tsv_table t;
    if (tsv_load(path, &t) != 0)
        return -1;
    int rc = tsv_bind(&t, &envdef_schema);
    out->rows = xcalloc(t.nrows ? t.nrows : 1, sizeof *out->rows);
    for (size_t i = 0; rc == 0 && i < t.nrows; i++) {
        if (row_load(&t, i, out, &out->rows[out->n]) == 0)
            out->n++;
        else
            rc = -1;
    }
    if (rc == 0 && out->n == 0) {
        log_error_at(path, 1, "no environment");
        rc = -1;
    }
    tsv_free(&t);
    return rc;
}

void env_rows_free(env_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        env_row *e = &r->rows[i];
        free(e->name);
        free(e->driver);
        free(e->what);
        free(e->only_table);
        free(e->reference);
        free(e->factor);
    }
    free(r->rows);
    free(r->path);
    *r = (env_rows){0};
}

const env_row *env_rows_find(const env_rows *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->rows[i].name, name))
            return &r->rows[i];
    return NULL;
}

/* The process's known names: ENVS_FILE's rows (loaded at the first question that needs them)
 * and those env_name_add gave, each as ", name, " finds it. */
static env_rows file_rows;
static strbuf from_file, added;
static int loaded;

static void load_known(void)
{
    if (loaded)
        return;
    loaded = 1;
    if (env_rows_load(ENVS_FILE, &file_rows) != 0)
        die("%s: the environments cannot be read (run from the repository's top)", ENVS_FILE);
    for (size_t i = 0; i < file_rows.n; i++)
        sb_printf(&from_file, ", %s", file_rows.rows[i].name);
    sb_puts(&from_file, ", ");
}

const char *env_baseline(void)
{
    load_known();
    return file_rows.rows[0].name;
}

unsigned env_name_caps(const char *name)
{
    load_known();
    const env_row *r = env_rows_find(&file_rows, name);
    return r ? r->caps : 0;
}

static int listed(strbuf *names, const char *name)
{
    char *needle = xasprintf(", %s, ", name);
    int found = *name && strstr(sb_str(names), needle) != NULL;
    free(needle);
    return found;
}

int env_name_known(const char *name, int pseudo)
{
    if ((pseudo && !strcmp(name, ENV_WSL2)) || listed(&added, name))
        return 1;
    load_known();
    return listed(&from_file, name);
}

void env_name_add(const char *name)
{
    if (!name_ok(name) || listed(&added, name))
        return;
    sb_printf(&added, "%s%s, ", added.len ? "" : ", ", name);
}

const char *env_names_list(void)
{
    static strbuf list;
    load_known();
    sb_reset(&list);
    char *all = xasprintf("%s%s", sb_str(&from_file), sb_str(&added)), *save;
    for (char *name = strtok_r(all, ", ", &save); name; name = strtok_r(NULL, ", ", &save))
        sb_printf(&list, "%s%s", list.len ? ", " : "", name);
    free(all);
    return sb_str(&list);
}
