/* cells.c - reads samples files into the engine's cells (engine/engine.h: table x unit x
 * environment). Reads Go benchmark format files as a stream (benchscan.h), one pass, telling a
 * sink of each sample as it goes (samples.tsv is written from it), so neither the text nor a
 * copy of it is ever held whole. */
#include "analyze.h"

#include "benchfmt.h"
#include "benchscan.h"
#include "fsutil.h"
#include "log.h"
#include "schema_data.h"
#include "schema_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cells_scope_init(cells_scope *s, const tsv_table *tables, const tsv_table *envs)
{
    memset(s, 0, sizeof *s);
    for (size_t r = 0; r < tables->nrows; r++)
    {
        strmap_add(&s->tables, tables_at(tables, r, TABLES_TABLE),
                   tables_at(tables, r, TABLES_METRICS), NULL);
        strmap_add(&s->retired, tables_at(tables, r, TABLES_TABLE),
                   tables_at(tables, r, TABLES_RETIRED_METRICS), NULL);
    }
    for (size_t r = 0; r < envs->nrows; r++)
        strmap_add(&s->envs, envs_at(envs, r, ENVS_ENV), NULL, NULL);
}

void cells_scope_free(cells_scope *s)
{
    strmap_free(&s->tables);
    strmap_free(&s->envs);
    strmap_free(&s->retired);
}

/* What the scan of one file keeps: the table and env in effect, and the cells the previous
 * result went to (consecutive results usually name the same benchmark and units). */
typedef struct {
    const cells_scope *scope;
    cellset *cs;
    const cells_sample_sink *samples;
    char *table, *env;
    long round;        /* the "round:" in effect (0: none; reset with the table or env) */
    int disturbed;     /* the "disturbed:" in effect is yes (reset with the round) */
    int scope_checked; /* the table and env in effect were checked against the scope */
    int retired_said;  /* a result in retired units was left out, and said so */
    char last_name[256];
    size_t last_nm, last_cell[BF_MAX_MEASURES];
    const char *last_unit[BF_MAX_MEASURES]; /* the units of those cells (in the cells) */
} loader;

static void on_config(void *ctx, const char *key, const char *value)
{
    loader *l = ctx;
    if (!strcmp(key, "round")) { /* normalize writes a positive decimal; anything else: none */
        char *end;
        long r = strtol(value, &end, 10);
        l->round = *value && !*end && r > 0 ? r : 0;
        l->disturbed = 0;
        return;
    }
    if (!strcmp(key, "disturbed")) {
        l->disturbed = !strcmp(value, "yes");
        return;
    }
    char **slot = !strcmp(key, "table") ? &l->table : !strcmp(key, "env") ? &l->env : NULL;
    if (!slot)
        return;
    free(*slot);
    *slot = *value ? xstrdup(value) : NULL;
    l->round = 0;
    l->scope_checked = 0;
    l->last_name[0] = '\0';
}

/* The result's table and env: named before it, and known to tables.tsv and envs.tsv. */
static int check_scope(loader *l, const bf_scan *s, long line)
{
    const char *path = bf_scan_path(s);
    if (!l->table || !l->env) {
        log_error_at(path, line, "result without a \"table:\" and an \"env:\" line before it");
        return -1;
    }
    if (strmap_find(&l->scope->tables, l->table) < 0) {
        log_error_at(path, line, "table \"%s\" is not in tables.tsv", l->table);
        return -1;
    }
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t stem = strlen(file) > 4 ? strlen(file) - 4 : 0; /* samples/<table>.txt */
    if (!strcmp(file + stem, ".txt") && (strlen(l->table) != stem || strncmp(file, l->table, stem))) {
        log_error_at(path, line, "a result of table \"%s\" in the samples file of table "
                     "\"%.*s\" (a table's file holds only its own results)", l->table, (int)stem, file);
        return -1;
    }
    if (strmap_find(&l->scope->envs, l->env) < 0) {
        log_error_at(path, line, "env \"%s\" is not in the run's envs.tsv", l->env);
        return -1;
    }
    l->scope_checked = 1;
    return 0;
}

/* The previous result's cells serve this one when it names the same benchmark and units. */
static int same_as_last(const loader *l, const bf_event *e)
{
    if (e->nm != l->last_nm || strcmp(e->name, l->last_name) != 0)
        return 0;
    for (size_t k = 0; k < e->nm; k++)
        if (strcmp(e->units[k], l->last_unit[k]) != 0)
            return 0;
    return 1;
}

/* The units Go's testing package writes itself: ns/op first in every result (T4.4's load lines
 * carry it beside the req/s they report), B/op and allocs/op with -benchmem (T4.1's Fib40 under
 * its controls), MB/s with SetBytes. */
static const char GO_OWN_UNITS[] = "ns/op,B/op,allocs/op,MB/s";

/* Every unit of a new result is one its table declares (tables.tsv metrics) or one of Go's own:
 * a time in sec/op or ms/op is an error, never a cell of its own. */
static int units_declared(const loader *l, const bf_scan *s, const bf_event *e)
{
    const char *metrics = strmap_get(&l->scope->tables, l->table);
    for (size_t k = 0; metrics && *metrics && k < e->nm; k++)
        if (!str_list_has(GO_OWN_UNITS, e->units[k]) && !str_list_has(metrics, e->units[k])) {
            log_error_at(bf_scan_path(s), e->line,
                         "unit \"%s\" is not one table %s measures in (tables.tsv: %s)",
                         e->units[k], l->table, metrics);
            return -1;
        }
    return 0;
}

/* Whether every unit of a result is one its table measures no more (tables.tsv retired_metrics):
 * it is left out, said once per file. */
static int units_retired(loader *l, const bf_scan *s, const bf_event *e)
{
    const char *retired = strmap_get(&l->scope->retired, l->table);
    for (size_t k = 0; k < e->nm; k++)
        if (!retired || !str_list_has(retired, e->units[k]))
            return 0;
    if (!l->retired_said)
        log_info("%s: results in %s left out: table %s measures them no more (tables.tsv "
                 "retired_metrics)", bf_scan_path(s), retired, l->table);
    l->retired_said = 1;
    return 1;
}

static void remember(loader *l, const bf_scan *s, const bf_event *e)
{
    char bench[256];
    bf_base_name(e->name, bench, sizeof bench);
    for (size_t k = 0; k < e->nm; k++) {
        cell *c = cells_get(l->cs, l->table, e->units[k], l->env, bench,
                            bf_scan_unit_meta(s, e->units[k], "better"));
        l->last_cell[k] = (size_t)(c - l->cs->cells);
    }
    for (size_t k = 0; k < e->nm; k++) /* after every add: the cells array may have moved */
        l->last_unit[k] = l->cs->cells[l->last_cell[k]].unit;
    l->last_nm = e->nm;
    snprintf(l->last_name, sizeof l->last_name, "%s", strlen(e->name) < 255 ? e->name : "");
}

static int on_result(void *ctx, const bf_scan *s, const bf_event *e)
{
    loader *l = ctx;
    if (!l->scope_checked && check_scope(l, s, e->line) != 0)
        return -1;
    if (!same_as_last(l, e)) { /* the last result's units were neither retired nor undeclared */
        if (units_retired(l, s, e))
            return 0;
        if (units_declared(l, s, e) != 0)
            return -1;
        remember(l, s, e);
    }
    for (size_t k = 0; k < e->nm; k++) {
        cell_push(&l->cs->cells[l->last_cell[k]], e->values[k], l->round, l->disturbed);
        if (l->samples)
            l->samples->sample(l->samples->ctx, l->cs, l->last_cell[k], e->tokens[k]);
    }
    return 0;
}

static int scan(const char *path, const char *text, const cells_scope *scope,
                const cells_sample_sink *samples, cellset *cs)
{
    loader l = {.scope = scope, .cs = cs, .samples = samples};
    bf_sink sink = {&l, on_config, NULL, on_result};
    int rc = text ? bf_scan_text(path, text, strlen(text), &sink) : bf_scan_file(path, &sink);
    free(l.table);
    free(l.env);
    return rc;
}

int cells_add_text(const char *path, const char *text, const cells_scope *scope, cellset *cs)
{
    int rc = scan(path, text, scope, NULL, cs);
    cells_sort(cs);
    return rc;
}

int cells_load_dir(const char *dir, const cells_scope *scope, const cells_sample_sink *samples,
                   cellset *cs)
{
    memset(cs, 0, sizeof *cs);
    size_t n;
    char **names = fs_list_dir(dir, &n);
    if (!names) {
        log_error("%s: no samples directory (run normalize first)", dir);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 5 || strcmp(names[i] + len - 4, ".txt") != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, names[i]);
        if (scan(path, NULL, scope, samples, cs) != 0)
            rc = -1;
        free(path);
    }
    fs_free_list(names, n);
    cells_sort(cs);
    return rc;
}
