/* claims_fixture.h - judging a claims file given as text against constructed cells, for the
 * claims tests (test_analyze_claims.c, test_analyze_verdict_props.c). */
#ifndef CLAIMS_FIXTURE_H
#define CLAIMS_FIXTURE_H

#include "analyze/claims.h"
#include "check.h"
#include "envnames.h"
#include "log.h"
#include "schema_data.h"
#include "schema_model.h"
#include "schema_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define HEADER                                                                                     \
    "id\ttable\tarticle_env\tkind\tmetric\tenv\tbaseline\tclaimed\tclaimed_text\tmargin\t"         \
    "tolerance\tlower\tupper\tbound\tbound_why\ttext\tbench\n"

/* n samples around center, spread +-spread/2 evenly. */
static inline void add_cell_n(cellset *cs, const char *table, const char *unit, const char *env,
                              const char *bench, double center, double spread, size_t n)
{
    cs->cells = xrealloc(cs->cells, (cs->n + 1) * sizeof *cs->cells);
    cell *c = &cs->cells[cs->n++];
    *c = (cell){.table = xstrdup(table),
                .unit = xstrdup(unit),
                .env = xstrdup(env),
                .bench = xstrdup(bench),
                .better = xstrdup("lower"),
                .x = xmalloc((n ? n : 1) * sizeof(double)),
                .n = n,
                .cap = n};
    for (size_t i = 0; i < n; i++)
        c->x[i] = center * (1 + spread * ((double)i / (double)(n > 1 ? n - 1 : 1) - 0.5));
}

static inline void add_cell(cellset *cs, const char *unit, const char *env, double center)
{
    add_cell_n(cs, "T1", unit, env, "BenchmarkFib40", center, 0.02, 10);
}

static const char *tables_text =
    "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
    "T1\tt\ts\thost\tns/op,allocs/op,peak-RSS-B\ta\tn\tmeasured\t\n"
    "T4.1\tt\ts\thost\tns/op\ta\tn\tmeasured\t\n"
    "T5\tt\ts\thost\t\ta\tn\tnot reproducible\tno experiment is described\n";
static const char *envs_text = "env\tstatus\treason\twhat\nhost\tok\t\th\noci\tok\t\to\n"
                               "docker\tunavailable\tno engine answers\td\nvm\tok\t\tv\n";

typedef struct {
    tsv_table out;
    int load_rc;
} judged;

/* Judges a claims file of header + body against cs; run, meta and precision (precision.tsv's
 * text) may be NULL. */
static inline judged judge_text_prec(const cellset *cs, const char *header, const char *body,
                                     const char *run, const char *meta, const char *precision)
{
    char path[] = "/tmp/claims-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "%s%s", header, body);
    fclose(f);
    tsv_table tables, envs, cells, runt, metat, prec = {0};
    CHECK(tsv_parse_as("tables", tables_text, &tables_schema, &tables) == 0);
    CHECK(tsv_parse_as("envs", envs_text, &envs_schema, &envs) == 0);
    tsv_empty_as("cells", &cells_schema, &cells);
    CHECK(tsv_parse_as("run", run ? run : "key\tvalue\n", &facts_schema, &runt) == 0);
    CHECK(tsv_parse_as("meta", meta ? meta : "env\tkey\tvalue\n", &meta_schema, &metat) == 0);
    if (precision)
        CHECK(tsv_parse_as("precision", precision, &precision_schema, &prec) == 0);
    judged j = {0};
    claims_file cf;
    j.load_rc = claims_load(path, &tables, &cf);
    analysis a;
    compare_all(cs, &tables, NULL, 0, 0.95, 0.05, ADJUST_HOLM, &a);
    claim_context ctx = {&a,
                         cs,
                         &envs,
                         &cells,
                         &tables,
                         &runt,
                         &metat,
                         precision ? &prec : NULL,
                         env_baseline(),
                         env_name_caps};
    strbuf sb = {0};
    tsv_put_header(&sb, &verdicts_schema);
    if (cf.file.path)
        claims_judge_file(&cf, &ctx, &sb);
    CHECK(tsv_parse("out", sb.buf, &j.out) == 0);
    sb_free(&sb);
    claims_file_free(&cf);
    analysis_free(&a);
    tsv_free(&tables);
    tsv_free(&envs);
    tsv_free(&cells);
    tsv_free(&runt);
    tsv_free(&metat);
    if (precision)
        tsv_free(&prec);
    unlink(path);
    return j;
}

static inline judged judge_text(const cellset *cs, const char *header, const char *body,
                                const char *run, const char *meta)
{
    return judge_text_prec(cs, header, body, run, meta, NULL);
}

static inline judged judge(const cellset *cs, const char *body)
{
    return judge_text(cs, HEADER, body, NULL, NULL);
}

#endif
