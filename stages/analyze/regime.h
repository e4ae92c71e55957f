/* regime.h - where the article's headline could hold: the known regimes of "a seccomp filter
 * forces SSBD/STIBP on" (data/regimes.tsv) evaluated for each environment of a run from the
 * posture its benchmark process recorded (samples/posture.tsv). docs/mechanisms.md. */
#ifndef REGIME_H
#define REGIME_H

#include "tsv.h"

#include <stddef.h>

/* What decides the regime, as far as the run recorded it: -1 / NULL = not recorded. */
typedef struct {
    int kmajor, kminor;  /* kernel release */
    const char *ssb;     /* the CPU's state: "vulnerable", "not-affected" */
    int control;         /* the per-thread SSBD control exists: 1, 0 */
    int seccomp;         /* the benchmark process's mode: 0, 1, 2 */
    const char *cmdline; /* the kernel command line's mitigation words, space-separated */
} regime_facts;

/* data/regimes.tsv, loaded and checked: every error is logged as file:line; -1 if any. */
int regime_load(const char *path, tsv_table *regimes);
/* The same on text already read (path names it in errors). */
int regime_parse(const char *path, const char *text, tsv_table *regimes);
/* The first row whose conditions all hold (a fact not recorded holds only for `any`), or -1. */
long regime_match(const tsv_table *regimes, const regime_facts *f);
/* The row marked `article` "stated: ..." (the platform the article names; `yes` in old files). */
long regime_article(const tsv_table *regimes);
/* The words of an `article` value of kind "stated" or "unstated", NULL when of another kind. */
const char *regime_article_words(const char *value, const char *kind);

/* One environment's facts from posture.tsv rows (env, key, value) and, for the kernel when the
 * posture lacks it, meta.tsv's inside.kernel. Strings point into the tables. */
void regime_facts_of(const tsv_table *posture, const tsv_table *meta, const char *env,
                     regime_facts *f);

/* A run's posture as one phrase, to group runs by (repro fleet --by posture, repro compare):
 * the regime of its first environment that ran under a seccomp filter (else of its first
 * environment with a posture) and the states that decide it, not the kernel's exact version:
 * "since-5.16 (SSB vulnerable, SSBD control no, seccomp filter)". envs is the run's envs.tsv
 * (those with status ok, in order); "posture not recorded" when none has a posture. */
void regime_posture_group(const tsv_table *regimes, const tsv_table *posture,
                          const tsv_table *meta, const tsv_table *envs, char *buf, size_t len);

/* Writes <out>/posture.tsv (run_dir/samples/posture.tsv checked: env listed, each (env, key)
 * once; header only when the run recorded none) and <out>/regimes.tsv (one row per environment
 * of envs.tsv that ran, and the article's). 0, or -1 after logging file:line. */
int regime_write(const char *regimes_path, const char *run_dir, const tsv_table *envs,
                 const tsv_table *meta, const char *out);

#endif
