/* load.c - one archived run read into memory and judged, the same way repro-analyze judges a
 * fresh run: its run, envs, meta and cells tables parsed from the commit's blobs, its samples
 * grouped into cells straight from their blobs (analyze's cells_add_text), every environment
 * compared with its baseline (compare_all) and every claim judged by the decision table
 * (claims_set_judge). Claims and tables are loaded once for all runs (judge_open). */
#include "runset.h"

#include "envnames.h"
#include "fsutil.h"
#include "log.h"
#include "schema_model.h"
#include "schema_run.h"
#include "schema_why.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int judge_open(const char *claims_dir, const char *tables_path, judge_set *j)
{
    memset(j, 0, sizeof *j);
    j->conf = 0.95;
    if (tsv_load(tables_path, &j->tables) != 0 || tables_validate(&j->tables) != 0)
        return -1;
    return claims_set_load(claims_dir, &j->tables, &j->claims);
}

void judge_close(judge_set *j)
{
    claims_set_free(&j->claims);
    tsv_free(&j->tables);
    memset(j, 0, sizeof *j);
}

static char *blob_at(git_repository *repo, const git_tree *t, const char *path, size_t *len)
{
    git_tree_entry *e = NULL;
    git_blob *b = NULL;
    char *text = NULL;
    if (git_tree_entry_bypath(&e, t, path) == 0 && git_blob_lookup(&b, repo, git_tree_entry_id(e)) == 0) {
        *len = (size_t)git_blob_rawsize(b);
        text = xmalloc(*len + 1);
        memcpy(text, git_blob_rawcontent(b), *len);
        text[*len] = '\0';
    }
    git_blob_free(b);
    git_tree_entry_free(e);
    return text;
}

/* A table of the run, parsed from its blob; named "<machine>/<id>/<name>" in errors. */
static int load_table(runset *rs, const git_tree *t, const run_ref *r, const tsv_schema *s,
                      tsv_table *out)
{
    size_t len;
    char *text = blob_at(rs->repo, t, s->file, &len);
    char *where = xasprintf("%s/%s/%s", r->machine, r->id, s->file);
    int rc = text ? tsv_parse_as(where, text, s, out) : -1;
    if (!text)
        log_error("%s: missing in the archive", where);
    free(where);
    free(text);
    return rc;
}

/* The run's samples (*.txt), each read from its blob straight into cells; a result whose table
 * or environment the run does not have is an error naming the file. */
static int load_samples(runset *rs, const git_tree *t, const run_ref *r, const judge_set *j,
                        const tsv_table *envs, cellset *cs)
{
    memset(cs, 0, sizeof *cs);
    git_tree_entry *e = NULL;
    git_tree *st = NULL;
    cells_scope scope;
    cells_scope_init(&scope, &j->tables, envs);
    int rc = 0;
    if (git_tree_entry_bypath(&e, t, "samples") == 0 &&
        git_tree_lookup(&st, rs->repo, git_tree_entry_id(e)) == 0)
        for (size_t i = 0; i < git_tree_entrycount(st); i++) {
            const char *name = git_tree_entry_name(git_tree_entry_byindex(st, i));
            size_t n = strlen(name), len;
            if (n < 5 || strcmp(name + n - 4, ".txt") || strchr(name, '/') || name[0] == '.')
                continue;
            char *rel = xasprintf("samples/%s", name);
            char *where = xasprintf("%s/%s/%s", r->machine, r->id, rel);
            char *text = blob_at(rs->repo, t, rel, &len);
            if (!text || strlen(text) != len || cells_add_text(where, text, &scope, cs) != 0)
                rc = -1;
            free(text);
            free(where);
            free(rel);
        }
    git_tree_free(st);
    git_tree_entry_free(e);
    cells_scope_free(&scope);
    return rc;
}

int run_load(runset *rs, const run_ref *r, judge_set *j, run_data *d)
{
    memset(d, 0, sizeof *d);
    d->ref = r;
    git_tree *t = NULL;
    if (git_tree_lookup(&t, rs->repo, &r->tree) != 0) {
        log_error("%s/%s: missing in the archive", r->machine, r->id);
        return -1;
    }
    int rc = load_table(rs, t, r, &facts_schema, &d->run) |
             load_table(rs, t, r, &envs_schema, &d->envs) |
             load_table(rs, t, r, &meta_schema, &d->meta) |
             load_table(rs, t, r, &cells_schema, &d->cells) |
             load_samples(rs, t, r, j, &d->envs, &d->cs);
    size_t plen; /* the posture is optional: a run collected before it was recorded has none */
    char *posture = blob_at(rs->repo, t, "samples/posture.tsv", &plen);
    char *pwhere = xasprintf("%s/%s/samples/posture.tsv", r->machine, r->id);
    if (posture)
        rc |= tsv_parse_as(pwhere, posture, &posture_schema, &d->posture);
    else
        tsv_empty_as(pwhere, &posture_schema, &d->posture);
    free(pwhere);
    free(posture);
    git_tree_free(t);
    compare_all(&d->cs, &j->tables, j->claims.pairs, j->claims.npairs, j->conf, 0.05, ADJUST_HOLM,
                &d->a);
    strbuf sb = {0};
    tsv_put_header(&sb, &verdicts_schema);
    /* precision.tsv is not read: compare and history use the ratios, not how sampling ended */
    claim_context ctx = {&d->a,    &d->cs,   &d->envs, &d->cells,     &j->tables,
                         &d->run,  &d->meta, NULL,     env_baseline(), env_name_caps};
    if (rc == 0)
        claims_set_judge(&j->claims, &ctx, &sb);
    if (tsv_parse_as("claims", sb_str(&sb), &verdicts_schema, &d->claims) != 0)
        rc = -1;
    sb_free(&sb);
    return rc ? -1 : 0;
}

void run_free(run_data *d)
{
    tsv_free(&d->run);
    tsv_free(&d->envs);
    tsv_free(&d->meta);
    tsv_free(&d->cells);
    tsv_free(&d->posture);
    tsv_free(&d->claims);
    analysis_free(&d->a);
    cells_free(&d->cs);
    memset(d, 0, sizeof *d);
}

const char *run_fact(const run_data *d, const char *key)
{
    const char *v = kv_value(&d->run, key);
    return v ? v : "";
}
