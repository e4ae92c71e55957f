/* schema_data.h - the data files people write and the pipeline reads (docs/formats.md):
 * data/tables.tsv (also the model's copy and an archived run's judged-with/tables.tsv),
 * data/claims/<table>.tsv and data/envs.tsv. */
#ifndef SCHEMA_DATA_H
#define SCHEMA_DATA_H

#include "schema.h"

/* clang-format off */ /* the lists are laid out by hand, one declaration per file */
/* tables.tsv: one row per article table. */
#define TABLES_COLS(X)                                                                         \
    X(TABLES_TABLE, "table", 0) X(TABLES_TITLE, "title", 0) X(TABLES_SECTION, "section", 0)    \
    X(TABLES_BASELINE, "baseline", 0) X(TABLES_METRICS, "metrics", 0)                          \
    X(TABLES_ARTICLE_ENVS, "article_envs", 0) X(TABLES_NOTE, "note", 0)                        \
    X(TABLES_STATUS, "status", 0) X(TABLES_REASON, "reason", 0)                                \
    X(TABLES_RETIRED_METRICS, "retired_metrics", 1)
TSV_SCHEMA_DECLARE(tables, TABLES)

/* data/claims/<table>.tsv: exactly these columns in this order; the last two (comparability)
 * absent together in files written before them (archived runs' judged-with/claims). */
#define CLAIMDEF_COLS(X)                                                                       \
    X(CLAIMDEF_ID, "id", 0) X(CLAIMDEF_TABLE, "table", 0)                                      \
    X(CLAIMDEF_ARTICLE_ENV, "article_env", 0) X(CLAIMDEF_KIND, "kind", 0)                      \
    X(CLAIMDEF_METRIC, "metric", 0) X(CLAIMDEF_ENV, "env", 0)                                  \
    X(CLAIMDEF_BASELINE, "baseline", 0) X(CLAIMDEF_CLAIMED, "claimed", 0)                      \
    X(CLAIMDEF_CLAIMED_TEXT, "claimed_text", 0) X(CLAIMDEF_MARGIN, "margin", 0)                \
    X(CLAIMDEF_TOLERANCE, "tolerance", 0) X(CLAIMDEF_LOWER, "lower", 0)                        \
    X(CLAIMDEF_UPPER, "upper", 0) X(CLAIMDEF_BOUND, "bound", 0)                                \
    X(CLAIMDEF_BOUND_WHY, "bound_why", 0) X(CLAIMDEF_TEXT, "text", 0)                          \
    X(CLAIMDEF_BENCH, "bench", 0) X(CLAIMDEF_COMPARABILITY, "comparability", 1)                \
    X(CLAIMDEF_COMPARABILITY_WHY, "comparability_why", 1)
TSV_SCHEMA_DECLARE(claimdef, CLAIMDEF)

/* data/envs.tsv: the environments, one row each, in report order. */
#define ENVDEF_COLS(X)                                                                         \
    X(ENVDEF_ENV, "env", 0) X(ENVDEF_DRIVER, "driver", 0) X(ENVDEF_WHAT, "what", 0)            \
    X(ENVDEF_CAPS, "caps", 0) X(ENVDEF_ONLY_TABLE, "only_table", 0)                            \
    X(ENVDEF_REFERENCE, "reference", 0) X(ENVDEF_FACTOR, "factor", 0)
TSV_SCHEMA_DECLARE(envdef, ENVDEF)

/* The row of tables.tsv whose table is id, or -1. */
long tables_row(const tsv_table *tables, const char *id);
/* clang-format on */

#endif
