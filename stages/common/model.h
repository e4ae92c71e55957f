/* model.h - the run model's vocabularies, each one enum with one word table (model.c): an
 * environment's status (envs.tsv), a cell's status (cells.tsv) and a claim's kind (claims files,
 * claims.tsv). Code compares the enums, so a misspelled word fails to compile instead of never
 * matching; the words are parsed and written only through here. docs/formats.md has the files. */
#ifndef MODEL_H
#define MODEL_H

/* envs.tsv's status. */
typedef enum {
    ENV_STATUS_OK,          /* prepared; its cells ran */
    ENV_STATUS_UNAVAILABLE, /* its probe said it cannot run here (the reason says why) */
    ENV_STATUS_FAILED,      /* prepare failed, or three cells in a row failed */
    ENV_STATUSES
} env_status;

/* cells.tsv's status (the journal's warm-up rows never reach cells.tsv). */
typedef enum {
    CELL_OK,
    CELL_FAILED,
    CELL_UNSUPPORTED, /* rep 0: the table does not run in that environment, and why */
    CELL_STATUSES
} cell_status;

/* A claim's kind (docs/verdicts.md). */
typedef enum {
    CLAIM_RATIO,     /* env / baseline (or bench / bench:<name>) against the claimed ratio */
    CLAIM_ABSOLUTE,  /* a figure from the article's hardware */
    CLAIM_COUNT,     /* an exact count */
    CLAIM_RANGE,     /* lower <= x < upper */
    CLAIM_THRESHOLD, /* x > lower, or x < upper */
    CLAIM_ORDER,     /* bench "A>B>C": each adjacent ratio of the values above 1 (a probe
                      * reports values, never an ordering's verdict: T4.2) */
    CLAIM_SPREAD,    /* this table's dispersion against baseline "table:<T>"'s: below 1 */
    CLAIM_CHECK,     /* a harness self-check: every sample equals claimed, or the median's
                      * interval lies inside [lower, upper], or an ordering (bench "A>B") holds
                      * as an order claim would; pass or fail, not an article claim */
    CLAIM_NONE,      /* the table describes no experiment */
    CLAIM_KINDS
} claim_kind;

/* Each value's word ("?" out of range), and the value of a word: 0, or -1 when no value has it
 * (*out untouched). */
const char *env_status_word(env_status s);
int env_status_parse(const char *word, env_status *out);
const char *cell_status_word(cell_status s);
int cell_status_parse(const char *word, cell_status *out);
const char *claim_kind_word(claim_kind k);
int claim_kind_parse(const char *word, claim_kind *out);
/* 1 when word is that value's word:
 * env_status_is(envs_at(envs, r, ENVS_STATUS), ENV_STATUS_OK). */
int env_status_is(const char *word, env_status s);
int cell_status_is(const char *word, cell_status s);

#endif
