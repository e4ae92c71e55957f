/* schema_run.h - the run directory's tables (docs/formats.md, "The run directory"): written by
 * collect and normalize, read by normalize, analyze (which copies envs, meta and cells into the
 * model for render), archive and the commands over the archive. One declaration per file. */
#ifndef SCHEMA_RUN_H
#define SCHEMA_RUN_H

#include "schema.h"

/* clang-format off */ /* the lists are laid out by hand, one declaration per file */
/* run.tsv: the run's facts, one key each (collect's meta.c; analyze appends to the model's). */
#define FACTS_COLS(X) X(FACTS_KEY, "key", 0) X(FACTS_VALUE, "value", 0)
TSV_SCHEMA_DECLARE(facts, FACTS)

/* envs.tsv: each environment's status. */
#define ENVS_COLS(X)                                                                           \
    X(ENVS_ENV, "env", 0) X(ENVS_STATUS, "status", 0) X(ENVS_REASON, "reason", 0)              \
    X(ENVS_WHAT, "what", 0)
TSV_SCHEMA_DECLARE(envs, ENVS)

/* meta.tsv: what each driver recorded, one (env, key) each. */
#define META_COLS(X) X(META_ENV, "env", 0) X(META_KEY, "key", 0) X(META_VALUE, "value", 0)
TSV_SCHEMA_DECLARE(meta, META)

/* cells.tsv: one row per finished cell; position absent before randomised rounds. */
#define CELLS_COLS(X)                                                                          \
    X(CELLS_TABLE, "table", 0) X(CELLS_ENV, "env", 0) X(CELLS_REP, "rep", 0)                   \
    X(CELLS_STATUS, "status", 0) X(CELLS_SECONDS, "seconds", 0) X(CELLS_DETAIL, "detail", 0)   \
    X(CELLS_POSITION, "position", 1)
TSV_SCHEMA_DECLARE(cells, CELLS)

/* journal.tsv: collect's append-only record of finished cells, each line's crc over the one
 * before it. */
#define JOURNAL_COLS(X)                                                                        \
    X(JOURNAL_TABLE, "table", 0) X(JOURNAL_ENV, "env", 0) X(JOURNAL_REP, "rep", 0)             \
    X(JOURNAL_STATUS, "status", 0) X(JOURNAL_SECONDS, "seconds", 0)                            \
    X(JOURNAL_ELAPSED, "elapsed", 0) X(JOURNAL_DETAIL, "detail", 0) X(JOURNAL_CRC, "crc", 0)
TSV_SCHEMA_DECLARE(journal, JOURNAL)

/* archive.tsv: archive_commit, archive_tag, judged_with (archive's repo.c). */
#define ARCHIVED_COLS(X) X(ARCHIVED_KEY, "key", 0) X(ARCHIVED_VALUE, "value", 0)
TSV_SCHEMA_DECLARE(archived, ARCHIVED)

/* samples/errors.tsv: what normalize could not read; copied into the model as errors.tsv. */
#define ERRORS_COLS(X)                                                                         \
    X(ERRORS_FILE, "file", 0) X(ERRORS_LINE, "line", 0) X(ERRORS_MESSAGE, "message", 0)
TSV_SCHEMA_DECLARE(errors, ERRORS)

/* samples/<table>.notes.tsv: what a probe could not measure and why; the model's notes.tsv is
 * every table's rows under one header. */
#define NOTES_COLS(X)                                                                          \
    X(NOTES_TABLE, "table", 0) X(NOTES_ENV, "env", 0) X(NOTES_CASE, "case", 0)                 \
    X(NOTES_REASON, "reason", 0)
TSV_SCHEMA_DECLARE(notes, NOTES)

/* precision.tsv (collect --precision): one row per claim-relevant comparison; analyze reads
 * table, unit, env, bench, baseline, baseline_bench and status, the rest is optional on read. */
#define PRECISION_COLS(X)                                                                      \
    X(PRECISION_TABLE, "table", 0) X(PRECISION_UNIT, "unit", 0) X(PRECISION_ENV, "env", 0)     \
    X(PRECISION_BENCH, "bench", 0) X(PRECISION_BASELINE, "baseline", 0)                        \
    X(PRECISION_BASELINE_BENCH, "baseline_bench", 0) X(PRECISION_CLAIM, "claim", 1)            \
    X(PRECISION_LEVEL, "level", 1) X(PRECISION_N, "n", 1) X(PRECISION_N_BASELINE, "n_baseline", 1) \
    X(PRECISION_RATIO, "ratio", 1) X(PRECISION_LO, "lo", 1) X(PRECISION_HI, "hi", 1)           \
    X(PRECISION_HALF_WIDTH, "half_width", 1) X(PRECISION_TARGET, "target", 1)                  \
    X(PRECISION_STATUS, "status", 0) X(PRECISION_RANK, "rank", 1)
TSV_SCHEMA_DECLARE(precision, PRECISION)

/* collect's memo that KVM failed on this machine (vm_memo.c): key, why, since. */
#define VMMEMO_COLS(X) X(VMMEMO_KEY, "key", 0) X(VMMEMO_VALUE, "value", 0)
TSV_SCHEMA_DECLARE(vmmemo, VMMEMO)

/* What `repro machine` prints for pipeline/report.sh: machine_id, machine_label. */
#define MACHINEID_COLS(X) X(MACHINEID_KEY, "key", 0) X(MACHINEID_VALUE, "value", 0)
TSV_SCHEMA_DECLARE(machineid, MACHINEID)

/* Appends one run.tsv row (key, value) through the declaration; facts_putf formats the value. */
void facts_put(strbuf *sb, const char *key, const char *value);
void facts_putf(strbuf *sb, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The value of key in a key/value table (run.tsv, archive.tsv, the vm memo), or NULL. */
const char *kv_value(const tsv_table *t, const char *key);
/* meta.tsv's value of (env, key), or NULL. */
const char *meta_value(const tsv_table *meta, const char *env, const char *key);
/* clang-format on */

#endif
