/* attrib.c - attribution of a difference to the factors the ablation arms isolate.
 *
 * An arm (meta.tsv arm_reference, arm_factor) differs from its reference in one factor; its
 * ratio "with the factor / without" is arm / reference, or reference / arm for a factor that
 * removes one ("no-seccomp" removes "seccomp"). A total is an environment against its table's
 * baseline (oci / host, docker / host). The factors present in that environment (its posture:
 * a filter, SSBD or STIBP forced; limits read inside) are listed under its total, each from the arm
 * whose reference it is, else from the arm on the baseline (host-seccomp for docker). What they
 * leave is total / product of factors, on the log scale: 1 inside its interval means the factors
 * can account for the whole difference; the interval treats the estimates as independent normal
 * ones on the log scale (their variances add), an approximation written beside it. */
#include "attrib.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "posture.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

attrib_ratio attrib_unexplained(const attrib_ratio *total, const attrib_ratio *f, size_t n,
                                double conf)
{
    attrib_ratio out = {NAN, NAN, NAN, 0};
    if (!total->ok || !(total->ratio > 0))
        return out;
    double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2), u = log(total->ratio), var = 0;
    int unbounded = 0;
    const attrib_ratio *all[64];
    size_t m = 0;
    all[m++] = total;
    for (size_t i = 0; i < n && m < 64; i++) {
        if (!f[i].ok || !(f[i].ratio > 0))
            return out;
        u -= log(f[i].ratio);
        all[m++] = &f[i];
    }
    for (size_t i = 0; i < m; i++) {
        if (!(all[i]->lo > 0) || isinf(all[i]->hi)) {
            unbounded = 1;
            continue;
        }
        double se = (log(all[i]->hi) - log(all[i]->lo)) / (2 * z);
        var += se * se;
    }
    out.ratio = exp(u);
    out.lo = unbounded ? 0 : exp(u - z * sqrt(var));
    out.hi = unbounded ? INFINITY : exp(u + z * sqrt(var));
    out.ok = 1;
    return out;
}

typedef struct {
    const char *env, *reference, *factor;
} arm_row;

typedef struct {
    arm_row arms[32];
    size_t narms;
    tsv_table posture; /* env, key, value; no rows when the run recorded none */
    int have_posture;
    const cellset *cs;
    const tsv_table *meta;
    double conf;
    strbuf rows;
} attrib_ctx;

static const char *meta_of(const tsv_table *meta, const char *env, const char *key)
{
    for (size_t r = 0; r < meta->nrows; r++)
        if (!strcmp(tsv_get(meta, r, "env"), env) && !strcmp(tsv_get(meta, r, "key"), key))
            return tsv_get(meta, r, "value");
    return NULL;
}

static const char *posture_of(const attrib_ctx *a, const char *env, const char *key)
{
    for (size_t r = 0; a->have_posture && r < a->posture.nrows; r++)
        if (!strcmp(tsv_get(&a->posture, r, "env"), env) &&
            !strcmp(tsv_get(&a->posture, r, "key"), key))
            return tsv_get(&a->posture, r, "value");
    return NULL;
}

/* The mechanism a factor adds or removes ("no-seccomp" removes "seccomp"). */
static const char *mechanism(const char *factor, int *removes)
{
    *removes = !strncmp(factor, "no-", 3);
    return *removes ? factor + 3 : factor;
}

/* 1 when the environment's posture shows the mechanism at work, 0 when it shows it absent,
 * -1 when the run did not record what would tell. */
static int present(const attrib_ctx *a, const char *env, const char *mech)
{
    if (!strcmp(mech, "overlay")) { /* the driver's storage line: overlayfs, docker's overlay2 */
        const char *storage = meta_of(a->meta, env, "storage");
        return storage ? strstr(storage, "overlay") != NULL : -1;
    }
    if (!strcmp(mech, "limits")) { /* the limits envinfo read inside (meta inside.*) */
        const char *cpu = meta_of(a->meta, env, "inside.cpu_limit");
        const char *mem = meta_of(a->meta, env, "inside.memory_limit_bytes");
        if (!cpu || !mem)
            return -1;
        return strcmp(cpu, "unlimited") != 0 || strcmp(mem, "unlimited") != 0;
    }
    const char *key = !strcmp(mech, "seccomp") ? "seccomp"
                      : !strcmp(mech, "ssbd")  ? "ssb"
                      : !strcmp(mech, "stibp") ? "ib"
                                               : NULL;
    const char *v = key ? posture_of(a, env, key) : NULL;
    if (!v)
        return -1;
    if (!strcmp(key, "seccomp"))
        return !strcmp(v, "2");
    return posture_spec_class(v) == POSTURE_SPEC_FORCED;
}

static attrib_ratio ratio_of(const cell *base, const cell *x, double conf)
{
    stats_ratio r;
    attrib_ratio out = {NAN, NAN, NAN, 0};
    if (base && x && stats_ratio_of_medians(base->x, base->n, x->x, x->n, conf, &r) == 0 && r.ok)
        out = (attrib_ratio){r.ratio, r.lo, r.hi, 1};
    return out;
}

static void put(attrib_ctx *a, const cell *b, const char *part, const char *env, const char *base,
                const char *factor, const char *arm, size_t n, size_t nb, attrib_ratio r,
                const char *note)
{
    char v[4][40], ns[2][24];
    snprintf(ns[0], sizeof ns[0], "%zu", n);
    snprintf(ns[1], sizeof ns[1], "%zu", nb);
    const char *f[] = {b->table,
                       b->unit,
                       b->bench,
                       part,
                       env,
                       base,
                       factor,
                       arm,
                       ns[0],
                       ns[1],
                       num_format(r.ok ? r.ratio : NAN, v[0], sizeof v[0]),
                       num_format(r.ok ? r.lo : NAN, v[1], sizeof v[1]),
                       num_format(r.ok ? r.hi : NAN, v[2], sizeof v[2]),
                       num_format(a->conf, v[3], sizeof v[3]),
                       note};
    tsv_put_row(&a->rows, 15, f);
}

/* The arm's ratio with / without its factor for (table, unit, bench) of b. */
static attrib_ratio arm_ratio(const attrib_ctx *a, const cell *b, const arm_row *arm,
                              const cell **with, const cell **without)
{
    int removes;
    mechanism(arm->factor, &removes);
    const cell *ac = cells_find(a->cs, b->table, b->unit, arm->env, b->bench);
    const cell *rc = cells_find(a->cs, b->table, b->unit, arm->reference, b->bench);
    *with = removes ? rc : ac;
    *without = removes ? ac : rc;
    return ratio_of(*without, *with, a->conf);
}

/* The arm that measures mech for environment env: the one whose reference it is, else the one
 * on the baseline. */
static const arm_row *arm_for(const attrib_ctx *a, const char *mech, const char *env,
                              const char *baseline)
{
    const arm_row *on_base = NULL;
    for (size_t i = 0; i < a->narms; i++) {
        int removes;
        if (strcmp(mechanism(a->arms[i].factor, &removes), mech) != 0)
            continue;
        if (!strcmp(a->arms[i].reference, env))
            return &a->arms[i];
        if (!strcmp(a->arms[i].reference, baseline))
            on_base = &a->arms[i];
    }
    return on_base;
}

/* One environment's total against the baseline cell b, its factors and the rest. */
static void total_of(attrib_ctx *a, const cell *b, const cell *c)
{
    const char *mechs[32];
    size_t nm = 0;
    for (size_t i = 0; i < a->narms && nm < 32; i++) {
        int removes, dup = 0;
        const char *m = mechanism(a->arms[i].factor, &removes);
        for (size_t k = 0; k < nm; k++)
            dup |= !strcmp(mechs[k], m);
        if (!dup && present(a, c->env, m) == 1)
            mechs[nm++] = m;
    }
    if (nm == 0)
        return; /* no factor an arm isolates acts there */
    attrib_ratio total = ratio_of(b, c, a->conf), f[32];
    put(a, b, "total", c->env, b->env, "", "", c->n, b->n, total, "");
    for (size_t k = 0; k < nm; k++) {
        const arm_row *arm = arm_for(a, mechs[k], c->env, b->env);
        const cell *with = NULL, *without = NULL;
        f[k] = arm ? arm_ratio(a, b, arm, &with, &without) : (attrib_ratio){NAN, NAN, NAN, 0};
        char note[200] = "";
        if (arm && strcmp(arm->reference, c->env) != 0)
            snprintf(note, sizeof note, "measured on %s: no arm of %s changes it", arm->reference,
                     c->env);
        put(a, b, "factor", c->env, b->env, mechs[k], arm ? arm->env : "", with ? with->n : 0,
            without ? without->n : 0, f[k], arm ? note : "no arm measured it in this run");
    }
    put(a, b, "unexplained", c->env, b->env, "", "", c->n, b->n,
        attrib_unexplained(&total, f, nm, a->conf),
        "total / product of the factors; interval: log-scale variances added (independent, "
        "normal approximation)");
}

/* Whether an arm has samples of b's table, unit and benchmark. */
static int arm_measured(const attrib_ctx *a, const cell *b)
{
    for (size_t k = 0; k < a->narms; k++)
        if (cells_find(a->cs, b->table, b->unit, a->arms[k].env, b->bench))
            return 1;
    return 0;
}

static const char *baseline_of(const tsv_table *tables, const char *table)
{
    for (size_t r = 0; r < tables->nrows; r++)
        if (!strcmp(tsv_get(tables, r, "table"), table))
            return tsv_get(tables, r, "baseline");
    return NULL;
}

static void load_arms(attrib_ctx *a, const tsv_table *envs, const tsv_table *meta)
{
    for (size_t r = 0; r < envs->nrows && a->narms < 32; r++) {
        const char *env = tsv_get(envs, r, "env");
        const char *ref = meta_of(meta, env, "arm_reference");
        const char *factor = meta_of(meta, env, "arm_factor");
        if (ref && factor)
            a->arms[a->narms++] = (arm_row){env, ref, factor};
    }
}

int attrib_write(const cellset *cs, const tsv_table *tables, const tsv_table *envs,
                 const tsv_table *meta, const char *run_dir, double conf, const char *out)
{
    attrib_ctx a = {.cs = cs, .meta = meta, .conf = conf};
    load_arms(&a, envs, meta);
    char *ppath = xasprintf("%s/samples/posture.tsv", run_dir);
    static const char *const pcols[] = {"env", "key", "value"};
    if (fs_exists(ppath) && tsv_load(ppath, &a.posture) == 0) {
        a.have_posture = tsv_require(&a.posture, 3, pcols) == 0;
        if (!a.have_posture)
            tsv_free(&a.posture);
    }
    free(ppath);
    sb_puts(&a.rows, "table\tunit\tbench\tpart\tenv\tbaseline\tfactor\tarm\tn\tn_baseline\tratio"
                     "\tlo\thi\tconf\tnote\n");
    for (size_t i = 0; i < cs->n; i++) {
        const cell *b = &cs->cells[i];
        const char *baseline = baseline_of(tables, b->table);
        if (!baseline || strcmp(b->env, baseline) != 0 || !arm_measured(&a, b))
            continue;
        for (size_t k = 0; k < a.narms; k++) { /* every arm's own ratio first */
            const cell *with, *without;
            attrib_ratio r = arm_ratio(&a, b, &a.arms[k], &with, &without);
            if (with && without)
                put(&a, b, "arm", a.arms[k].env, a.arms[k].reference, a.arms[k].factor,
                    a.arms[k].env, with->n, without->n, r, "with the factor / without");
        }
        for (size_t j = 0; j < cs->n; j++) {
            const cell *c = &cs->cells[j];
            int is_arm = 0;
            for (size_t k = 0; k < a.narms; k++)
                is_arm |= !strcmp(a.arms[k].env, c->env);
            if (!is_arm && c != b && !strcmp(c->table, b->table) && !strcmp(c->unit, b->unit) &&
                !strcmp(c->bench, b->bench) && strcmp(c->env, b->env) != 0)
                total_of(&a, b, c);
        }
    }
    char *path = xasprintf("%s/attrib.tsv", out);
    int rc = fs_save(path, a.rows.buf, a.rows.len);
    if (rc != 0)
        log_error("%s: cannot write", path);
    free(path);
    sb_free(&a.rows);
    if (a.have_posture)
        tsv_free(&a.posture);
    return rc;
}
