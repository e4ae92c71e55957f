/* schema_why.c - the one definition of schema_why.h's files' columns. */
#include "schema_why.h"

#include <string.h>

TSV_SCHEMA_DEFINE(posture, POSTURE, "posture.tsv");
TSV_SCHEMA_DEFINE(regimes, REGIMES, "data/regimes.tsv");
TSV_SCHEMA_DEFINE(envregime, ENVREGIME, "regimes.tsv");
TSV_SCHEMA_DEFINE(attrib, ATTRIB, "attrib.tsv");

const char *posture_value(const tsv_table *p, const char *env, const char *key)
{
    for (size_t r = 0; r < p->nrows; r++)
        if (!strcmp(posture_at(p, r, POSTURE_ENV), env) &&
            !strcmp(posture_at(p, r, POSTURE_KEY), key))
            return posture_at(p, r, POSTURE_VALUE);
    return NULL;
}
