/* claims.h - the article's claims as analyze reads and writes them: loaded and validated from
 * data/claims/<table>.tsv (claims_load.c, claims_set.c), judged by the engine
 * (engine/claims.h), written as claims.tsv's rows (claims_out.c). Format and kinds:
 * docs/formats.md and docs/verdicts.md. */
#ifndef CLAIMS_H
#define CLAIMS_H

#include "analyze/analyze.h"
#include "engine/claims.h"

typedef struct {
    tsv_table file;
    claim *claims;
    size_t n;
} claims_file;

/* Loads and validates one claims file against tables.tsv. Every row becomes a claim (an invalid
 * one keeps its reason, already logged as file:line); -1 when the file cannot be read or any
 * row or the header is invalid. */
int claims_load(const char *path, const tsv_table *tables, claims_file *out);
void claims_file_free(claims_file *f);
/* A comparability's word in claims files and claims.tsv ("same", "analogue", ...). */
const char *claim_comparability_word(comparability k);
/* Binds tables.tsv to its declaration (schema_data.h) and validates it: its columns, known
 * baselines and statuses, each table once; -1 (logged) if not. */
int tables_validate(tsv_table *tables);

/* Every claims file of a directory (claims_set.c), loaded and validated once, with the
 * within-environment pairs the comparisons must include; judged per run. */
typedef struct {
    claims_file *files;
    size_t n;
    bench_pair *pairs;
    size_t npairs;
} claims_set;
/* -1 when the directory cannot be read or a file is invalid (logged as file:line); the valid
 * rows and the invalid ones (with their reasons) are loaded either way. */
int claims_set_load(const char *dir, const tsv_table *tables, claims_set *s);
void claims_set_free(claims_set *s);

/* The engine's verdicts for every claim of one file (one article table, one family of interval
 * judgments), appended to out as claims.tsv's rows (VERDICTS_COLS, claims_out.c). */
void claims_judge_file(const claims_file *f, const claim_context *ctx, strbuf *out);
/* The same for every file of the set. */
void claims_set_judge(const claims_set *s, const claim_context *ctx, strbuf *out);

#endif
