/* schema_decl.c - the one definition of every declared file's columns (schema_run.h,
 * schema_model.h, schema_data.h, schema_results.h; schema_why.h's are in schema_why.c), and the
 * lookups they share. */
#include "schema_data.h"
#include "schema_model.h"
#include "schema_results.h"
#include "schema_run.h"
#include "schema_why.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TSV_SCHEMA_DEFINE(facts, FACTS, "run.tsv");
TSV_SCHEMA_DEFINE(envs, ENVS, "envs.tsv");
TSV_SCHEMA_DEFINE(meta, META, "meta.tsv");
TSV_SCHEMA_DEFINE(cells, CELLS, "cells.tsv");
TSV_SCHEMA_DEFINE(journal, JOURNAL, "journal.tsv");
TSV_SCHEMA_DEFINE(archived, ARCHIVED, "archive.tsv");
TSV_SCHEMA_DEFINE(errors, ERRORS, "errors.tsv");
TSV_SCHEMA_DEFINE(notes, NOTES, "notes.tsv");
TSV_SCHEMA_DEFINE(precision, PRECISION, "precision.tsv");
TSV_SCHEMA_DEFINE(vmmemo, VMMEMO, "kvm-failed.tsv");
TSV_SCHEMA_DEFINE(machineid, MACHINEID, "repro machine's output");

TSV_SCHEMA_DEFINE(summary, SUMMARY, "summary.tsv");
TSV_SCHEMA_DEFINE(cmp, CMP, "comparisons.tsv");
TSV_SCHEMA_DEFINE(verdicts, VERDICTS, "claims.tsv");
TSV_SCHEMA_DEFINE(samples, SAMPLES, "samples.tsv");

TSV_SCHEMA_DEFINE(tables, TABLES, "tables.tsv");
TSV_SCHEMA_DEFINE(claimdef, CLAIMDEF, "data/claims/<table>.tsv");
TSV_SCHEMA_DEFINE(envdef, ENVDEF, "data/envs.tsv");

TSV_SCHEMA_DEFINE(cmprun, CMPRUN, "compare.tsv");
TSV_SCHEMA_DEFINE(cmpclaim, CMPCLAIM, "compare/claims.tsv");
TSV_SCHEMA_DEFINE(hseries, HSERIES, "series.tsv");
TSV_SCHEMA_DEFINE(hsteps, HSTEPS, "steps.tsv");
TSV_SCHEMA_DEFINE(hverdicts, HVERDICTS, "history verdicts.tsv");
TSV_SCHEMA_DEFINE(fmachines, FMACHINES, "machines.tsv");
TSV_SCHEMA_DEFINE(fverdicts, FVERDICTS, "fleet verdicts.tsv");
TSV_SCHEMA_DEFINE(fpooled, FPOOLED, "pooled.tsv");

/* clang-format off */
const tsv_schema *const schema_all[] = {
    &facts_schema, &envs_schema, &meta_schema, &cells_schema, &journal_schema, &archived_schema,
    &errors_schema, &notes_schema, &precision_schema, &vmmemo_schema, &machineid_schema,
    &summary_schema, &cmp_schema, &verdicts_schema, &samples_schema,
    &tables_schema, &claimdef_schema, &envdef_schema,
    &cmprun_schema, &cmpclaim_schema, &hseries_schema, &hsteps_schema, &hverdicts_schema,
    &fmachines_schema, &fverdicts_schema, &fpooled_schema,
    &posture_schema, &regimes_schema, &envregime_schema, &attrib_schema, NULL};
/* clang-format on */

/* The key/value files share one shape: key first, value second. */
_Static_assert(FACTS_KEY == 0 && FACTS_VALUE == 1 && ARCHIVED_KEY == 0 && ARCHIVED_VALUE == 1 &&
                   VMMEMO_KEY == 0 && VMMEMO_VALUE == 1,
               "a key/value file's key is its first column, its value its second");

void facts_put(strbuf *sb, const char *key, const char *value)
{
    const char *f[FACTS_NCOLS] = {[FACTS_KEY] = key, [FACTS_VALUE] = value ? value : ""};
    tsv_put_fields(sb, &facts_schema, f);
}

void facts_putf(strbuf *sb, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *value;
    if (vasprintf(&value, fmt, ap) < 0)
        abort();
    va_end(ap);
    facts_put(sb, key, value);
    free(value);
}

const char *kv_value(const tsv_table *t, const char *key)
{
    if (!t->schema && !t->nrows)
        return NULL; /* a table that failed to load */
    if (t->schema != &facts_schema && t->schema != &archived_schema && t->schema != &vmmemo_schema)
        abort(); /* a reader's bug: not a key/value file */
    long r = tsv_find(t, 0, key);
    return r < 0 ? NULL : tsv_at_in(t, t->schema, (size_t)r, 1);
}

const char *meta_value(const tsv_table *meta, const char *env, const char *key)
{
    for (size_t r = 0; r < meta->nrows; r++)
        if (!strcmp(meta_at(meta, r, META_ENV), env) && !strcmp(meta_at(meta, r, META_KEY), key))
            return meta_at(meta, r, META_VALUE);
    return NULL;
}

long tables_row(const tsv_table *tables, const char *id)
{
    return tsv_find(tables, TABLES_TABLE, id);
}
