/* attrib.c - attribution of a difference to the factors the ablation arms isolate.
 *
 * An arm (meta.tsv arm_reference, arm_factor) differs from its reference in one factor; its
 * ratio "with the factor / without" is arm / reference, or reference / arm for a factor that
 * removes one ("no-seccomp" removes "seccomp"). A total is an environment against its table's
 * baseline (oci / host, docker / host). Under it come the factors that separate the pair, as the
 * run recorded them (posture: a filter, no_new_privs, SSBD or STIBP forced, the capabilities;
 * meta: the limits read inside, an overlay root, a pid 1 of its own, its own kernel; a daemon's
 * RSS), each with the ratio from an arm that changes it alone (the environment's own, else the
 * baseline's, else another's, said in the note), or none. What they leave is total / product of
 * the factors, on the log scale: 1 inside its interval means they can account for the whole
 * difference. It is a number only when every factor separating the pair was measured; else
 * "not closed", naming the factors no arm isolated (never a product over some of them). The
 * arithmetic (ratios, the product, its interval) is the engine's: engine/attrib.c. */
#include "attrib.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "posture.h"
#include "schema_data.h"
#include "schema_run.h"
#include "schema_why.h"
#include "verdict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return meta_value(meta, env, key);
}

static const char *posture_of(const attrib_ctx *a, const char *env, const char *key)
{
    return a->have_posture ? posture_value(&a->posture, env, key) : NULL;
}

/* The mechanism a factor adds or removes ("no-seccomp" removes "seccomp"). */
static const char *mechanism(const char *factor, int *removes)
{
    *removes = !strncmp(factor, "no-", 3);
    return *removes ? factor + 3 : factor;
}

/* A posture.tsv value of env into buf: 0, or -1 when the run did not record it. */
static int posture_state(const attrib_ctx *a, const char *env, const char *key, char *buf,
                         size_t len)
{
    const char *v = posture_of(a, env, key);
    if (!v)
        return -1;
    snprintf(buf, len, "%s", v);
    return 0;
}

/* "1" when the speculation line (ssb, ib) says forced, else "0". */
static int forced_state(const attrib_ctx *a, const char *env, const char *key, char *buf,
                        size_t len)
{
    const char *v = posture_of(a, env, key);
    if (!v)
        return -1;
    snprintf(buf, len, "%d", posture_spec_class(v) == POSTURE_SPEC_FORCED);
    return 0;
}

static int st_seccomp(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    const char *v = posture_of(a, env, "seccomp");
    if (!v)
        return -1;
    snprintf(buf, len, "%d", !strcmp(v, "2"));
    return 0;
}

static int st_ssbd(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    return forced_state(a, env, "ssb", buf, len);
}

static int st_stibp(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    return forced_state(a, env, "ib", buf, len);
}

static int st_nnp(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    return posture_state(a, env, "no-new-privs", buf, len);
}

static int st_caps(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    return posture_state(a, env, "cap-eff", buf, len);
}

/* The limits envinfo read inside (meta inside.*): "1" when either is set. */
static int st_limits(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    const char *cpu = meta_of(a->meta, env, "inside.cpu_limit");
    const char *mem = meta_of(a->meta, env, "inside.memory_limit_bytes");
    if (!cpu || !mem)
        return -1;
    snprintf(buf, len, "%d", strcmp(cpu, "unlimited") != 0 || strcmp(mem, "unlimited") != 0);
    return 0;
}

/* The driver's storage line: overlayfs, docker's overlay2. */
static int st_overlay(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    const char *storage = meta_of(a->meta, env, "storage");
    if (!storage)
        return -1;
    snprintf(buf, len, "%d", strstr(storage, "overlay") != NULL);
    return 0;
}

/* Its own namespaces show as a pid 1 of its own inside (envinfo's inside.pid1). */
static int st_namespaces(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    const char *pid1 = meta_of(a->meta, env, "inside.pid1");
    if (!pid1)
        return -1;
    snprintf(buf, len, "%s", pid1);
    return 0;
}

static int st_kernel(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    const char *k = meta_of(a->meta, env, "inside.kernel");
    if (!k)
        return -1;
    snprintf(buf, len, "%s", k);
    return 0;
}

/* A resident daemon: its RSS, measured beside T1's benchmark (0 where there is none). */
static int st_daemon(const attrib_ctx *a, const char *env, char *buf, size_t len)
{
    for (size_t i = 0; i < a->cs->n; i++) {
        const cell *c = &a->cs->cells[i];
        if (!strcmp(c->unit, "daemon-RSS-B") && !strcmp(c->env, env) && c->n > 0) {
            snprintf(buf, len, "%d", c->x[c->n - 1] > 0);
            return 0;
        }
    }
    return -1;
}

/* Every factor the run can tell apart between two environments, as arms name their mechanism
 * (arm_factor.c) where an arm can change it. A factor whose state is "1"/"0" has a side; the
 * capabilities (a CapEff mask, bits: 1) have one too: the side that holds the other's set and
 * more has them; the others (pid 1, kernel) only differ. */
static const struct {
    const char *name;
    int (*state)(const attrib_ctx *a, const char *env, char *buf, size_t len);
    int bits;
} factors[] = {
    {"seccomp", st_seccomp, 0},     {"ssbd", st_ssbd, 0},
    {"stibp", st_stibp, 0},         {"no_new_privs", st_nnp, 0},
    {"capabilities", st_caps, 1},   {"limits", st_limits, 0},
    {"overlay", st_overlay, 0},     {"namespaces", st_namespaces, 0},
    {"daemon", st_daemon, 0},       {"kernel", st_kernel, 0},
};
#define NFACTORS (sizeof factors / sizeof *factors)

/* Whether factor k separates env from baseline: 1 (sign +1: env has it, -1: the baseline), 0
 * when both have the same, -1 when the run did not record it for one of them. */
static int separates(const attrib_ctx *a, size_t k, const char *env, const char *base, int *sign)
{
    char e[128], b[128];
    if (factors[k].state(a, env, e, sizeof e) != 0 || factors[k].state(a, base, b, sizeof b) != 0)
        return -1;
    if (factors[k].bits) { /* env holds a subset of the baseline's: the baseline has them */
        unsigned long long ev = strtoull(e, NULL, 16), bv = strtoull(b, NULL, 16);
        *sign = (ev & ~bv) == 0 ? -1 : 1;
    } else {
        *sign = !strcmp(b, "1") ? -1 : 1;
    }
    return strcmp(e, b) != 0;
}

static void put(attrib_ctx *a, const cell *b, const char *part, const char *env, const char *base,
                const char *factor, const char *arm, size_t n, size_t nb, attrib_ratio r,
                const char *note)
{
    char v[4][40], ns[2][24];
    snprintf(ns[0], sizeof ns[0], "%zu", n);
    snprintf(ns[1], sizeof ns[1], "%zu", nb);
    const char *f[ATTRIB_NCOLS];
    f[ATTRIB_TABLE] = b->table, f[ATTRIB_UNIT] = b->unit, f[ATTRIB_BENCH] = b->bench;
    f[ATTRIB_PART] = part, f[ATTRIB_ENV] = env, f[ATTRIB_BASELINE] = base;
    f[ATTRIB_FACTOR] = factor, f[ATTRIB_ARM] = arm, f[ATTRIB_N] = ns[0],
    f[ATTRIB_N_BASELINE] = ns[1];
    f[ATTRIB_RATIO] = num_format(r.ok ? r.ratio : NAN, v[0], sizeof v[0]);
    f[ATTRIB_LO] = num_format(r.ok ? r.lo : NAN, v[1], sizeof v[1]);
    f[ATTRIB_HI] = num_format(r.ok ? r.hi : NAN, v[2], sizeof v[2]);
    f[ATTRIB_CONF] = num_format(a->conf, v[3], sizeof v[3]), f[ATTRIB_NOTE] = note;
    tsv_put_fields(&a->rows, &attrib_schema, f);
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
    return attrib_ratio_of(*without, *with, a->conf);
}

/* Whether the arm changes factor k between the states the pair has: a factor with a side (1/0)
 * always; a set (the capabilities) only when the arm's two sets are the pair's two (host-nocaps
 * takes host's set to Docker's default: docker / host's capabilities, not another set's). */
static int arm_matches(const attrib_ctx *a, size_t k, const arm_row *arm, const char *env,
                       const char *base)
{
    if (!factors[k].bits)
        return 1;
    char s[4][128];
    if (factors[k].state(a, arm->env, s[0], sizeof s[0]) != 0 ||
        factors[k].state(a, arm->reference, s[1], sizeof s[1]) != 0 ||
        factors[k].state(a, env, s[2], sizeof s[2]) != 0 ||
        factors[k].state(a, base, s[3], sizeof s[3]) != 0)
        return 0;
    unsigned long long v[4];
    for (size_t i = 0; i < 4; i++)
        v[i] = strtoull(s[i], NULL, 16);
    return (v[0] == v[2] && v[1] == v[3]) || (v[0] == v[3] && v[1] == v[2]);
}

/* The arm that measures factor k on b's table, unit and benchmark for environment env: the one
 * whose reference it is, else the one on the baseline, else any other; NULL when none has
 * samples there or changes what separates the pair (then *other names one that changes
 * another state of it, else NULL). */
static const arm_row *arm_for(const attrib_ctx *a, const cell *b, size_t k, const char *env,
                              const arm_row **other)
{
    const arm_row *pick = NULL;
    int rank = 0;
    *other = NULL;
    for (size_t i = 0; i < a->narms; i++) {
        int removes;
        const arm_row *arm = &a->arms[i];
        if (strcmp(mechanism(arm->factor, &removes), factors[k].name) != 0 ||
            !cells_find(a->cs, b->table, b->unit, arm->env, b->bench) ||
            !cells_find(a->cs, b->table, b->unit, arm->reference, b->bench))
            continue;
        if (!arm_matches(a, k, arm, env, b->env)) {
            *other = arm;
            continue;
        }
        int r = !strcmp(arm->reference, env) ? 3 : !strcmp(arm->reference, b->env) ? 2 : 1;
        if (r > rank)
            pick = arm, rank = r;
    }
    return pick;
}

/* One environment's total against the baseline cell b, the factors that separate them and the
 * rest, or why it does not close. */
static void total_of(attrib_ctx *a, const cell *b, const cell *c)
{
    attrib_factor f[ATTRIB_MAX_FACTORS];
    const arm_row *arms[ATTRIB_MAX_FACTORS], *others[ATTRIB_MAX_FACTORS];
    int recorded[ATTRIB_MAX_FACTORS];
    size_t nf = 0;
    for (size_t k = 0; k < NFACTORS && nf < ATTRIB_MAX_FACTORS; k++) {
        int sign = 1, sep = separates(a, k, c->env, b->env, &sign);
        if (sep == 0)
            continue;
        recorded[nf] = sep == 1;
        others[nf] = NULL;
        arms[nf] = sep == 1 ? arm_for(a, b, k, c->env, &others[nf]) : NULL;
        f[nf++] = (attrib_factor){factors[k].name, {NAN, NAN, NAN, 0}, sign};
    }
    int any_arm = 0;
    for (size_t k = 0; k < nf; k++)
        any_arm |= arms[k] != NULL;
    if (!any_arm)
        return; /* no factor an arm isolates separates them */
    attrib_ratio total = attrib_ratio_of(b, c, a->conf);
    put(a, b, "total", c->env, b->env, "", "", c->n, b->n, total, "");
    const char *emulated = meta_of(a->meta, c->env, "emulated");
    if (emulated && !strncmp(emulated, "yes", 3) && verdict_unit_is_time(b->unit)) {
        /* a TCG vm's time is the emulator's: no container factor accounts for it */
        put(a, b, "unexplained", c->env, b->env, "", "", c->n, b->n,
            (attrib_ratio){NAN, NAN, NAN, 0},
            "not closed: its CPU is emulated (TCG), which no factor an arm isolates accounts for");
        return;
    }
    for (size_t k = 0; k < nf; k++) {
        const cell *with = NULL, *without = NULL;
        char note[200];
        if (arms[k])
            f[k].r = arm_ratio(a, b, arms[k], &with, &without);
        if (!recorded[k])
            snprintf(note, sizeof note, "the run did not record it for %s or %s", c->env,
                     b->env);
        else if (!arms[k] && others[k])
            snprintf(note, sizeof note,
                     "no arm isolates it on %s: %s changes another set of it "
                     "than %s's",
                     b->table, others[k]->env, c->env);
        else if (!arms[k])
            snprintf(note, sizeof note, "no arm isolates it on %s", b->table);
        else if (strcmp(arms[k]->reference, c->env) != 0)
            snprintf(note, sizeof note, "measured on %s: no arm of %s changes it",
                     arms[k]->reference, c->env);
        else
            note[0] = '\0';
        if (f[k].sign < 0 && arms[k])
            snprintf(note + strlen(note), sizeof note - strlen(note),
                     "%s%s has it, %s not: it counts inverted", *note ? "; " : "", b->env,
                     c->env);
        put(a, b, "factor", c->env, b->env, f[k].name, arms[k] ? arms[k]->env : "",
            with ? with->n : 0, without ? without->n : 0, f[k].r, note);
    }
    char missing[400], note[600];
    attrib_ratio rest = attrib_close(&total, f, nf, a->conf, missing, sizeof missing);
    strbuf unisolated = {0}, unformed = {0}; /* no arm; an arm whose samples give no ratio */
    for (size_t k = 0; *missing && k < nf; k++)
        if (!f[k].r.ok)
            sb_printf(arms[k] ? &unformed : &unisolated, "%s%s",
                      (arms[k] ? unformed.len : unisolated.len) ? ", " : "", f[k].name);
    if (*missing)
        snprintf(note, sizeof note, "not closed: %s%s%s%s", sb_str(&unisolated),
                 unisolated.len ? " not isolated" : "", unisolated.len && unformed.len ? "; " : "",
                 unformed.len ? "no ratio for " : "");
    if (unformed.len)
        snprintf(note + strlen(note), sizeof note - strlen(note), "%s (its samples give none)",
                 sb_str(&unformed));
    if (!*missing)
        snprintf(note, sizeof note, "%s",
                 total.ok ? "total / product of the factors; interval: log-scale variances added "
                            "(independent, normal approximation)"
                          : "no ratio for the total (its samples give none)");
    sb_free(&unisolated);
    sb_free(&unformed);
    put(a, b, "unexplained", c->env, b->env, "", "", c->n, b->n, rest, note);
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
    long r = tables_row(tables, table);
    return r < 0 ? NULL : tables_at(tables, (size_t)r, TABLES_BASELINE);
}

static void load_arms(attrib_ctx *a, const tsv_table *envs, const tsv_table *meta)
{
    for (size_t r = 0; r < envs->nrows && a->narms < 32; r++) {
        const char *env = envs_at(envs, r, ENVS_ENV);
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
    /* checked by regime_write before (file:line errors there); absent in older runs */
    a.have_posture = fs_exists(ppath) && tsv_load_as(ppath, &posture_schema, &a.posture) == 0;
    free(ppath);
    tsv_put_header(&a.rows, &attrib_schema);
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
