/* regime.c - evaluates data/regimes.tsv for each environment of a run: which known regime of
 * "a seccomp filter forces SSBD/STIBP on" its benchmark process is in, and whether its own
 * Speculation_Store_Bypass line agrees. The rules are data (one row per regime, with its
 * source); this file only checks them and matches facts against them, in order. */
#include "analyze/regime.h"

#include "fsutil.h"
#include "log.h"
#include "posture.h"
#include "runfiles.h"
#include "schema_run.h"
#include "schema_why.h"
#include "strbuf.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "major.minor" (digits) into *maj, *min; "" is unbounded (1). 0 ok, -1 malformed. */
static int parse_version(const char *s, int *maj, int *min)
{
    int a, b, n = 0;
    if (sscanf(s, "%3d.%3d%n", &a, &b, &n) != 2 || a < 0 || b < 0 ||
        !(s[n] == '\0' || s[n] == '.' || s[n] == '-'))
        return -1;
    *maj = a;
    *min = b;
    return 0;
}

static int one_of(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (!strcmp(v, *words))
            return 1;
    return 0;
}

/* The words of an `article` value of the kind "stated" or "unstated" ("stated: <words>"), ""
 * for the old `yes` when kind is "stated", NULL when the value is not of that kind. */
const char *regime_article_words(const char *value, const char *kind)
{
    size_t n = strlen(kind);
    if (!strcmp(kind, "stated") && !strcmp(value, "yes"))
        return "";
    return !strncmp(value, kind, n) && !strncmp(value + n, ": ", 2) && value[n + 2] ? value + n + 2
                                                                                     : NULL;
}

static int check_row(const tsv_table *t, size_t r, strmap *ids, int *articles)
{
    static const char *const ssb[] = {"vulnerable", "not-affected", "any", NULL};
    static const char *const control[] = {"yes", "no", "any", NULL};
    static const char *const seccomp[] = {"filter", "none", "any", NULL};
    static const char *const effect[] = {"ssbd-forced", "ssbd-global", "none", "unknown", NULL};
    const char *path = t->path;
    long line = t->rows[r].line;
    int bad = 0, maj, min, added;
#define BAD(...) (log_error_at(path, line, __VA_ARGS__), bad = -1)
    const char *id = regimes_at(t, r, REGIMES_ID);
    if (!*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789.-") != strlen(id))
        BAD("id \"%s\": lower-case letters, digits, '.' and '-' only", id);
    strmap_add(ids, id, "", &added);
    if (!added)
        BAD("id \"%s\" twice", id);
    long bound[2] = {-1, -1};
    for (int k = 0; k < 2; k++) {
        const char *v = regimes_at(t, r, k ? REGIMES_KERNEL_TO : REGIMES_KERNEL_FROM);
        if (*v && parse_version(v, &maj, &min) != 0)
            BAD("%s \"%s\": major.minor or empty", k ? "kernel_to" : "kernel_from", v);
        else if (*v)
            bound[k] = maj * 1000L + min;
    }
    if (bound[0] >= 0 && bound[1] >= 0 && bound[0] >= bound[1])
        BAD("kernel_from %s is not below kernel_to %s: an empty range",
            regimes_at(t, r, REGIMES_KERNEL_FROM), regimes_at(t, r, REGIMES_KERNEL_TO));
    if (!one_of(regimes_at(t, r, REGIMES_SSB), ssb))
        BAD("ssb \"%s\": vulnerable, not-affected or any", regimes_at(t, r, REGIMES_SSB));
    if (!one_of(regimes_at(t, r, REGIMES_CONTROL), control))
        BAD("control \"%s\": yes, no or any", regimes_at(t, r, REGIMES_CONTROL));
    if (!one_of(regimes_at(t, r, REGIMES_SECCOMP), seccomp))
        BAD("seccomp \"%s\": filter, none or any", regimes_at(t, r, REGIMES_SECCOMP));
    const char *cmd = regimes_at(t, r, REGIMES_CMDLINE);
    if (!*cmd || strchr(cmd, ' '))
        BAD("cmdline \"%s\": one word, `default` or `any`", cmd);
    if (!one_of(regimes_at(t, r, REGIMES_EFFECT), effect))
        BAD("effect \"%s\": ssbd-forced, ssbd-global, none or unknown",
            regimes_at(t, r, REGIMES_EFFECT));
    const char *article = regimes_at(t, r, REGIMES_ARTICLE);
    int stated = regime_article_words(article, "stated") != NULL;
    if (*article && !stated && !regime_article_words(article, "unstated"))
        BAD("article \"%s\": \"stated: <words>\", \"unstated: <words>\" or empty", article);
    *articles += stated;
    if (!*regimes_at(t, r, REGIMES_TEXT) || !*regimes_at(t, r, REGIMES_SOURCE))
        BAD("a regime needs its text and its source");
#undef BAD
    return bad;
}

static int check_all(tsv_table *t)
{
    strmap ids = {0};
    int rc = 0, articles = 0;
    for (size_t r = 0; r < t->nrows; r++)
        rc |= check_row(t, r, &ids, &articles);
    strmap_free(&ids);
    if (articles != 1) {
        log_error_at(t->path, 1, "%d rows with article \"stated: ...\": exactly one is the platform "
                     "the article names",
                     articles);
        rc = -1;
    }
    return rc;
}

int regime_parse(const char *path, const char *text, tsv_table *regimes)
{
    if (tsv_parse_as(path, text, &regimes_schema, regimes) != 0)
        return -1;
    if (check_all(regimes) != 0) {
        tsv_free(regimes);
        return -1;
    }
    return 0;
}

int regime_load(const char *path, tsv_table *regimes)
{
    if (tsv_load_as(path, &regimes_schema, regimes) != 0)
        return -1;
    if (check_all(regimes) != 0) {
        tsv_free(regimes);
        return -1;
    }
    return 0;
}

/* The words of the command line that set SSB's mitigation: none of them is `default`. */
static int cmdline_holds(const char *want, const char *cmdline)
{
    if (!strcmp(want, "any"))
        return 1;
    if (!cmdline)
        return 0;
    size_t wl = strlen(want);
    for (const char *w = cmdline; *w; w += strcspn(w, " "), w += *w == ' ') {
        size_t n = strcspn(w, " ");
        if (!strcmp(want, "default")) {
            if (!strncmp(w, "spec_store_bypass_disable=", 26) ||
                (n == 27 && !strncmp(w, "nospec_store_bypass_disable", 27)) ||
                (n == 15 && !strncmp(w, "mitigations=off", 15)))
                return 0;
        } else if (n == wl && !strncmp(w, want, n)) {
            return 1;
        }
    }
    return !strcmp(want, "default");
}

static int kernel_holds(const char *from, const char *to, const regime_facts *f)
{
    int maj, min;
    if (!*from && !*to)
        return 1;
    if (f->kmajor < 0)
        return 0;
    long k = f->kmajor * 1000L + f->kminor;
    if (*from && parse_version(from, &maj, &min) == 0 && k < maj * 1000L + min)
        return 0;
    if (*to && parse_version(to, &maj, &min) == 0 && k >= maj * 1000L + min)
        return 0;
    return 1;
}

long regime_match(const tsv_table *t, const regime_facts *f)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *ssb = regimes_at(t, r, REGIMES_SSB), *ctl = regimes_at(t, r, REGIMES_CONTROL),
                   *sec = regimes_at(t, r, REGIMES_SECCOMP);
        if (!kernel_holds(regimes_at(t, r, REGIMES_KERNEL_FROM),
                          regimes_at(t, r, REGIMES_KERNEL_TO), f))
            continue;
        if (strcmp(ssb, "any") != 0 && (!f->ssb || strcmp(ssb, f->ssb) != 0))
            continue;
        if (strcmp(ctl, "any") != 0 && (f->control < 0 || f->control != !strcmp(ctl, "yes")))
            continue;
        if (strcmp(sec, "any") != 0 &&
            (f->seccomp < 0 || (f->seccomp == 2) != !strcmp(sec, "filter")))
            continue;
        if (!cmdline_holds(regimes_at(t, r, REGIMES_CMDLINE), f->cmdline))
            continue;
        return (long)r;
    }
    return -1;
}

long regime_article(const tsv_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (regime_article_words(regimes_at(t, r, REGIMES_ARTICLE), "stated"))
            return (long)r;
    return -1;
}

static const char *posture_get(const tsv_table *p, const char *env, const char *key)
{
    return p ? posture_value(p, env, key) : NULL;
}

void regime_facts_of(const tsv_table *p, const tsv_table *meta, const char *env, regime_facts *f)
{
    *f = (regime_facts){.kmajor = -1, .kminor = -1, .control = -1, .seccomp = -1};
    const char *k = posture_get(p, env, "kernel");
    if (!k && meta)
        k = meta_value(meta, env, "inside.kernel");
    if (k && parse_version(k, &f->kmajor, &f->kminor) != 0)
        f->kmajor = f->kminor = -1;
    const char *v = posture_get(p, env, "vuln-spec_store_bypass");
    if (v && !strcmp(v, "Not affected"))
        f->ssb = "not-affected";
    else if (v && (!strncmp(v, "Vulnerable", 10) || !strncmp(v, "Mitigation", 10)))
        f->ssb = "vulnerable";
    const char *c = posture_get(p, env, "ssbd-control");
    if (c)
        f->control = !strncmp(c, "prctl", 5);
    const char *s = posture_get(p, env, "seccomp");
    if (s && (!strcmp(s, "0") || !strcmp(s, "1") || !strcmp(s, "2")))
        f->seccomp = s[0] - '0';
    f->cmdline = posture_get(p, env, "cmdline");
}

void regime_posture_group(const tsv_table *rg, const tsv_table *p, const tsv_table *meta,
                          const tsv_table *envs, char *buf, size_t len)
{
    const char *env = NULL;
    for (size_t r = 0; r < envs->nrows; r++) {
        const char *e = envs_at(envs, r, ENVS_ENV), *sec = posture_get(p, e, "seccomp");
        if (strcmp(envs_at(envs, r, ENVS_STATUS), "ok") != 0 || !sec)
            continue;
        if (!env || !strcmp(sec, "2"))
            env = e;
        if (!strcmp(sec, "2"))
            break;
    }
    if (!env) {
        snprintf(buf, len, "posture not recorded");
        return;
    }
    regime_facts f;
    regime_facts_of(p, meta, env, &f);
    long r = regime_match(rg, &f);
    snprintf(buf, len, "%s (SSB %s, SSBD control %s, seccomp %s)",
             r >= 0 ? regimes_at(rg, (size_t)r, REGIMES_ID) : "no regime",
             f.ssb ? f.ssb : "not recorded",
             f.control < 0 ? "not recorded"
             : f.control   ? "yes"
                           : "no",
             f.seccomp == 2  ? "filter"
             : f.seccomp < 0 ? "not recorded"
                             : "none");
}

/* samples/posture.tsv checked (absent: a run collected before posture was recorded). */
static int load_posture(const char *run_dir, const tsv_table *envs, tsv_table *p, int *have)
{
    char *path = xasprintf("%s/samples/posture.tsv", run_dir);
    *have = fs_exists(path);
    int rc = 0;
    if (*have)
        rc = tsv_load_as(path, &posture_schema, p);
    else
        tsv_empty_as(path, &posture_schema, p);
    free(path);
    if (rc != 0)
        return -1;
    strmap seen = {0};
    for (size_t r = 0; r < p->nrows; r++) {
        const char *env = posture_at(p, r, POSTURE_ENV);
        char *key = xasprintf("%s\t%s", env, posture_at(p, r, POSTURE_KEY));
        int added;
        strmap_add(&seen, key, "", &added);
        free(key);
        if (!run_env_listed(envs, env)) {
            log_error_at(p->path, p->rows[r].line, "env \"%s\" is not in envs.tsv", env);
            rc = -1;
        }
        if (!added) {
            log_error_at(p->path, p->rows[r].line, "env \"%s\" key \"%s\" twice", env,
                         posture_at(p, r, POSTURE_KEY));
            rc = -1;
        }
    }
    strmap_free(&seen);
    return rc;
}

/* Whether the thread's own Speculation_Store_Bypass line agrees with the regime's effect. */
static const char *agrees(const char *effect, const char *ssb)
{
    if (!ssb || !strcmp(ssb, "absent") || !strcmp(effect, "unknown"))
        return "";
    enum posture_spec s = posture_spec_class(ssb);
    if (!strcmp(effect, "ssbd-forced"))
        return s == POSTURE_SPEC_FORCED ? "yes" : "no";
    if (!strcmp(effect, "ssbd-global"))
        return s == POSTURE_SPEC_MITIGATED ? "yes" : "no";
    return s == POSTURE_SPEC_FORCED ? "no" : "yes";
}

/* Whether the run recorded env's posture: a run that has posture.tsv but no line of env ran env
 * on no table whose benchmark prints posture (oci-nooverlay: T2.1/T2.4 only). */
static int posture_recorded(const tsv_table *p, const char *env)
{
    for (size_t r = 0; r < p->nrows; r++)
        if (!strcmp(posture_at(p, r, POSTURE_ENV), env))
            return 1;
    return 0;
}

static void put_unrecorded_row(strbuf *sb, const tsv_table *meta, const char *env)
{
    const char *arm = meta ? meta_value(meta, env, "arm_factor") : NULL;
    char *text = xasprintf("not recorded (this %s runs no table that prints posture)",
                           arm && *arm ? "arm" : "environment");
    const char *f[ENVREGIME_NCOLS] = {
        [ENVREGIME_SUBJECT] = "env",    [ENVREGIME_ENV] = env,     [ENVREGIME_REGIME] = text,
        [ENVREGIME_EFFECT] = "unknown", [ENVREGIME_OBSERVED] = "", [ENVREGIME_AGREES] = "",
        [ENVREGIME_KERNEL] = "",        [ENVREGIME_TEXT] = text,   [ENVREGIME_SOURCE] = ""};
    tsv_put_fields(sb, &envregime_schema, f);
    free(text);
}

static void put_env_row(strbuf *sb, const tsv_table *rg, const tsv_table *p, const tsv_table *meta,
                        const char *env, int have)
{
    if (have && !posture_recorded(p, env)) {
        put_unrecorded_row(sb, meta, env);
        return;
    }
    regime_facts f;
    regime_facts_of(p, meta, env, &f);
    long r = regime_match(rg, &f);
    const char *ssb = posture_get(p, env, "ssb"), *ib = posture_get(p, env, "ib"),
               *sec = posture_get(p, env, "seccomp"), *nf = posture_get(p, env, "seccomp-filters");
    strbuf obs = {0};
    if (ssb)
        sb_printf(&obs,
                  "Seccomp %s, Seccomp_filters %s, Speculation_Store_Bypass: %s, "
                  "SpeculationIndirectBranch: %s",
                  sec ? sec : "absent", nf ? nf : "absent", ssb, ib ? ib : "absent");
    char kernel[32] = "";
    if (f.kmajor >= 0)
        snprintf(kernel, sizeof kernel, "%d.%d", f.kmajor, f.kminor);
    const char *effect = r >= 0 ? regimes_at(rg, (size_t)r, REGIMES_EFFECT) : "unknown";
    const char *row[ENVREGIME_NCOLS] = {
        [ENVREGIME_SUBJECT] = "env",
        [ENVREGIME_ENV] = env,
        [ENVREGIME_REGIME] = r >= 0 ? regimes_at(rg, (size_t)r, REGIMES_ID) : "",
        [ENVREGIME_EFFECT] = effect,
        [ENVREGIME_OBSERVED] = sb_str(&obs),
        [ENVREGIME_AGREES] = agrees(effect, ssb),
        [ENVREGIME_KERNEL] = kernel,
        [ENVREGIME_TEXT] = r >= 0 ? regimes_at(rg, (size_t)r, REGIMES_TEXT) : "no regime matches",
        [ENVREGIME_SOURCE] = r >= 0 ? regimes_at(rg, (size_t)r, REGIMES_SOURCE) : ""};
    tsv_put_fields(sb, &envregime_schema, row);
    sb_free(&obs);
}

/* The platform the article names (subject `article`) and those of its time it does not name
 * (`article-unstated`), each with the article column's words as `observed`. */
static void put_article_rows(strbuf *sb, const tsv_table *rg)
{
    for (size_t r = 0; r < rg->nrows; r++) {
        const char *v = regimes_at(rg, r, REGIMES_ARTICLE),
                   *stated = regime_article_words(v, "stated"),
                   *unstated = regime_article_words(v, "unstated");
        if (!stated && !unstated)
            continue;
        const char *f[ENVREGIME_NCOLS] = {[ENVREGIME_SUBJECT] =
                                              stated ? "article" : "article-unstated",
                                          [ENVREGIME_ENV] = "",
                                          [ENVREGIME_REGIME] = regimes_at(rg, r, REGIMES_ID),
                                          [ENVREGIME_EFFECT] = regimes_at(rg, r, REGIMES_EFFECT),
                                          [ENVREGIME_OBSERVED] = stated ? stated : unstated,
                                          [ENVREGIME_AGREES] = "",
                                          [ENVREGIME_KERNEL] = "",
                                          [ENVREGIME_TEXT] = regimes_at(rg, r, REGIMES_TEXT),
                                          [ENVREGIME_SOURCE] = regimes_at(rg, r, REGIMES_SOURCE)};
        tsv_put_fields(sb, &envregime_schema, f);
    }
}

int regime_write(const char *regimes_path, const char *run_dir, const tsv_table *envs,
                 const tsv_table *meta, const char *out)
{
    tsv_table rg, p = {0};
    int have = 0;
    if (regime_load(regimes_path, &rg) != 0)
        return -1;
    int rc = load_posture(run_dir, envs, &p, &have);
    strbuf sb = {0};
    tsv_put_header(&sb, &envregime_schema);
    for (size_t r = 0; rc == 0 && r < envs->nrows; r++)
        if (!strcmp(envs_at(envs, r, ENVS_STATUS), "ok"))
            put_env_row(&sb, &rg, &p, meta, envs_at(envs, r, ENVS_ENV), have);
    put_article_rows(&sb, &rg);
    char *rpath = xasprintf("%s/regimes.tsv", out), *ppath = xasprintf("%s/posture.tsv", out);
    if (rc == 0) {
        strbuf ps = {0};
        tsv_put_header(&ps, &posture_schema);
        for (size_t r = 0; r < p.nrows; r++) {
            const char *f[POSTURE_NCOLS];
            for (int c = 0; c < POSTURE_NCOLS; c++)
                f[c] = posture_at(&p, r, (posture_col)c);
            tsv_put_fields(&ps, &posture_schema, f);
        }
        rc = fs_save(ppath, ps.buf, ps.len) | fs_save(rpath, sb.buf, sb.len);
        sb_free(&ps);
    }
    free(rpath);
    free(ppath);
    sb_free(&sb);
    tsv_free(&p);
    tsv_free(&rg);
    return rc;
}
