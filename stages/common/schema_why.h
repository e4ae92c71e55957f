/* schema_why.h - the files of issue 20's "why" (docs/formats.md): the posture each environment's
 * benchmark recorded (normalize writes samples/posture.tsv, analyze copies it into the model),
 * the known regimes (data/regimes.tsv) and each environment's regime (the model's regimes.tsv),
 * and the attribution (attrib.tsv). Declared in common because analyze writes them and render,
 * fleet and compare read them. */
#ifndef SCHEMA_WHY_H
#define SCHEMA_WHY_H

#include "schema.h"

/* posture.tsv: one (env, key) each, with the samples that printed the value. */
#define POSTURE_COLS(X)                                                                            \
    X(POSTURE_ENV, "env", 0)                                                                       \
    X(POSTURE_KEY, "key", 0) X(POSTURE_VALUE, "value", 0) X(POSTURE_SAMPLES, "samples", 0)
TSV_SCHEMA_DECLARE(posture, POSTURE)

/* data/regimes.tsv: one known regime per row, evaluated in order (docs/mechanisms.md). */
#define REGIMES_COLS(X)                                                                            \
    X(REGIMES_ID, "id", 0)                                                                         \
    X(REGIMES_KERNEL_FROM, "kernel_from", 0)                                                       \
    X(REGIMES_KERNEL_TO, "kernel_to", 0) X(REGIMES_SSB, "ssb", 0) X(REGIMES_CONTROL, "control", 0) \
        X(REGIMES_SECCOMP, "seccomp", 0) X(REGIMES_CMDLINE, "cmdline", 0)                          \
            X(REGIMES_EFFECT, "effect", 0) X(REGIMES_ARTICLE, "article", 0)                        \
                X(REGIMES_TEXT, "text", 0) X(REGIMES_SOURCE, "source", 0)
TSV_SCHEMA_DECLARE(regimes, REGIMES)

/* The model's regimes.tsv: each environment's regime, and the article's. */
#define ENVREGIME_COLS(X)                                                                          \
    X(ENVREGIME_SUBJECT, "subject", 0)                                                             \
    X(ENVREGIME_ENV, "env", 0)                                                                     \
    X(ENVREGIME_REGIME, "regime", 0) X(ENVREGIME_EFFECT, "effect", 0)                              \
        X(ENVREGIME_OBSERVED, "observed", 0) X(ENVREGIME_AGREES, "agrees", 0)                      \
            X(ENVREGIME_KERNEL, "kernel", 0) X(ENVREGIME_TEXT, "text", 0)                          \
                X(ENVREGIME_SOURCE, "source", 0)
TSV_SCHEMA_DECLARE(envregime, ENVREGIME)

/* attrib.tsv: the ablation arms' ratios, each total, its factors and what they leave. */
#define ATTRIB_COLS(X)                                                                             \
    X(ATTRIB_TABLE, "table", 0)                                                                    \
    X(ATTRIB_UNIT, "unit", 0)                                                                      \
    X(ATTRIB_BENCH, "bench", 0) X(ATTRIB_PART, "part", 0) X(ATTRIB_ENV, "env", 0)                  \
        X(ATTRIB_BASELINE, "baseline", 0) X(ATTRIB_FACTOR, "factor", 0) X(ATTRIB_ARM, "arm", 0)    \
            X(ATTRIB_N, "n", 0) X(ATTRIB_N_BASELINE, "n_baseline", 0) X(ATTRIB_RATIO, "ratio", 0)  \
                X(ATTRIB_LO, "lo", 0) X(ATTRIB_HI, "hi", 0) X(ATTRIB_CONF, "conf", 0)              \
                    X(ATTRIB_NOTE, "note", 0)
TSV_SCHEMA_DECLARE(attrib, ATTRIB)

/* posture.tsv's value of (env, key), or NULL. */
const char *posture_value(const tsv_table *posture, const char *env, const char *key);

#endif
