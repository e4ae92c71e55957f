/* norm_rounds.c - disturbed rounds (norm_rounds.h): each environment's cells judged against
 * its own other cells, by the CPUs others took from them, and a round disturbed when any of its
 * cells was. Against its own cells, so a machine busy all along (a shared host) flags its
 * excursions, not every round, and a container engine's processes, which collect cannot tell
 * from others', set that environment's level instead of hiding every other cell's excursion. */
#include "norm_rounds.h"

#include "fsutil.h"
#include "log.h"
#include "schema_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, by_value);
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

void norm_disturbed(const double *lost, size_t n, unsigned char *flag)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; v && i < n; i++)
        if (!isnan(lost[i]))
            v[m++] = lost[i];
    double med = m ? median(v, m) : NAN;
    for (size_t i = 0; i < m; i++)
        v[i] = fabs(v[i] - med);
    double mad = m ? 1.4826 * median(v, m) : NAN;
    double limit = med + (3 * mad > NORM_DISTURBED_MIN_CPUS ? 3 * mad : NORM_DISTURBED_MIN_CPUS);
    for (size_t i = 0; i < n; i++)
        flag[i] = m > 0 && !isnan(lost[i]) && lost[i] > limit;
    free(v);
}

/* The CPUs others took during one cell, from its .state text; NaN when it lacks the keys. */
static double lost_cpus(const char *text)
{
    double other = NAN, steal = NAN, cpus = NAN;
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (!strncmp(p, "other_cpus\t", 11))
            other = strtod(p + 11, NULL);
        else if (!strncmp(p, "steal_pct\t", 10))
            steal = strtod(p + 10, NULL);
        else if (!strncmp(p, "cpus\t", 5))
            cpus = strtod(p + 5, NULL);
    }
    return other + steal / 100 * cpus;
}

/* One environment's .state files as lost[rep] (NaN where a round has none); *n grows to cover
 * the highest round read, and every slot it adds is NaN. */
static void env_states(const char *dir, double **lost, size_t *n)
{
    size_t count;
    char **names = fs_list_dir(dir, &count);
    for (size_t i = 0; names && i < count; i++) {
        size_t digits = strspn(names[i], "0123456789");
        if (!digits || digits > 9 || strcmp(names[i] + digits, ".state"))
            continue;
        size_t rep = (size_t)atol(names[i]);
        char *path = xasprintf("%s/%s", dir, names[i]), *text = fs_read_file(path, NULL);
        double v = text ? lost_cpus(text) : NAN;
        if (isnan(v)) /* collect writes them whole (atomically): a damaged one is said */
            log_warn("%s: no other_cpus, steal_pct and cpus: its round is judged without this "
                     "cell",
                     path);
        free(text);
        free(path);
        if (rep >= *n) {
            *lost = xrealloc(*lost, (rep + 1) * sizeof **lost);
            for (size_t k = *n; k <= rep; k++)
                (*lost)[k] = NAN;
            *n = rep + 1;
        }
        (*lost)[rep] = v;
    }
    if (names)
        fs_free_list(names, count);
}

/* Folds one environment's verdicts into the rounds': recorded[rep] when it has a state there,
 * disturbed[rep] when that cell lost clearly more than the environment's cells usually do. */
static void fold_env(const char *dir, unsigned char **recorded, unsigned char **disturbed,
                     size_t *nrounds)
{
    double *lost = NULL;
    size_t n = 0;
    env_states(dir, &lost, &n);
    unsigned char *flag = xcalloc(n ? n : 1, 1);
    norm_disturbed(lost, n, flag);
    if (n > *nrounds) {
        *recorded = xrealloc(*recorded, n);
        *disturbed = xrealloc(*disturbed, n);
        memset(*recorded + *nrounds, 0, n - *nrounds);
        memset(*disturbed + *nrounds, 0, n - *nrounds);
        *nrounds = n;
    }
    for (size_t rep = 0; rep < n; rep++) {
        (*recorded)[rep] |= !isnan(lost[rep]);
        (*disturbed)[rep] |= flag[rep];
    }
    free(flag);
    free(lost);
}

void norm_round_flags(const char *run_dir, const char *table, const tsv_table *envs, strmap *flags)
{
    unsigned char *recorded = NULL, *disturbed = NULL;
    size_t n = 0;
    for (size_t r = 0; r < envs->nrows; r++) {
        char *dir = xasprintf("%s/raw/%s/%s", run_dir, table, envs_at(envs, r, ENVS_ENV));
        fold_env(dir, &recorded, &disturbed, &n);
        free(dir);
    }
    for (size_t rep = 1; rep < n; rep++) {
        if (!recorded[rep])
            continue;
        char key[24];
        snprintf(key, sizeof key, "%zu", rep);
        strmap_add(flags, key, disturbed[rep] ? "yes" : "no", NULL);
    }
    free(recorded);
    free(disturbed);
}
