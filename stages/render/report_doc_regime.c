/* report_doc_regime.c - says which regime of data/regimes.tsv this run is in, beside the
 * headline verdict: whether the mechanism that can make a container's CPU-bound code slower
 * (its seccomp filter forcing SSBD/STIBP on, before Linux 5.16) acts here, and what the regimes
 * file expects on the platform the article names and on those of its time it does not name
 * (expectations: a run cannot observe them); and shows
 * each environment's posture. Reads the model's regimes.tsv
 * and posture.tsv itself (optional files: older models have neither). */
#include "report_doc_regime.h"

#include "log.h"
#include "schema_why.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A file of the model directory (the one run.tsv was loaded from); -1 when absent or bad. */
static int load_model_file(const report *r, const tsv_schema *s, tsv_table *t)
{
    const char *run = r->files[RF_RUN].path, *name = s->file;
    const char *slash = run ? strrchr(run, '/') : NULL;
    char *path = slash ? xasprintf("%.*s/%s", (int)(slash - run), run, name) : xstrdup(name);
    int rc = access(path, R_OK) == 0 ? tsv_load_as(path, s, t) : -1;
    free(path);
    return rc;
}

static long find_row(const tsv_table *t, const char *subject, const char *env)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(envregime_at(t, i, ENVREGIME_SUBJECT), subject) &&
            (!env || !strcmp(envregime_at(t, i, ENVREGIME_ENV), env)))
            return (long)i;
    return -1;
}

/* The headline's environment row, else the first environment under a seccomp filter, else the
 * first. */
static long env_row(const tsv_table *t, const rep_claim *c)
{
    long e = c && c->env ? find_row(t, "env", c->env) : -1;
    for (size_t i = 0; e < 0 && i < t->nrows; i++)
        if (!strcmp(envregime_at(t, i, ENVREGIME_SUBJECT), "env") &&
            strstr(envregime_at(t, i, ENVREGIME_OBSERVED), "Seccomp 2"))
            e = (long)i;
    return e >= 0 ? e : find_row(t, "env", NULL);
}

/* The posture's ssbd-control value (PR_GET_SPECULATION_CTRL of PR_SPEC_STORE_BYPASS, as the fib
 * benchmark words it: "none (0x2)", "global (0x..)", ...) in words. */
static const char *control_words(const char *ctl)
{
    return !strncmp(ctl, "none", 4) ? "the CPU or hypervisor offers no per-thread control, so "
                                      "setting it fails with ENXIO"
           : !strncmp(ctl, "global", 6) ? "the kernel command line sets it for every task"
           : !strncmp(ctl, "not affected", 12) ? "the CPU is not affected"
                                              : "the kernel would not say";
}

static int acts(const char *effect)
{
    return !strcmp(effect, "ssbd-forced") || !strcmp(effect, "ssbd-global");
}

/* What the regimes file expects on the platform the article names (row `article`, its words in
 * `observed`) and on those of its time it does not name (`article-unstated`): expectations, not
 * observations. here: the regime environment row e is in, said already. */
static void article_expects(const tsv_table *t, const char *claimed, const char *here,
                            strbuf *sb)
{
    long a = find_row(t, "article", NULL);
    if (a < 0)
        return;
    const char *words = envregime_at(t, (size_t)a, ENVREGIME_OBSERVED),
               *rg = envregime_at(t, (size_t)a, ENVREGIME_REGIME),
               *text = envregime_at(t, (size_t)a, ENVREGIME_TEXT);
    int act = acts(envregime_at(t, (size_t)a, ENVREGIME_EFFECT));
    if (!*words) /* a model from before the regimes file said what the article names */
        sb_printf(sb,
                  " On the platform the regimes file assumed for the article (regime %s) it "
                  "expects it %s: %s; this run cannot observe it.",
                  rg, act ? "to act" : "not to act", text);
    else if (act)
        sb_printf(sb,
                  " On the platform the article names, %s (regime %s), the regimes file "
                  "expects it to act: %s; this run cannot observe it.",
                  words, rg, text);
    else
        sb_printf(sb,
                  " The article names its own platform: %s. There (regime %s) %s, so this "
                  "mechanism cannot explain the article's “%s” on the platform it "
                  "states.",
                  words, rg, text, *claimed ? claimed : "headline figure");
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(envregime_at(t, i, ENVREGIME_SUBJECT), "article-unstated") != 0)
            continue;
        const char *r = envregime_at(t, i, ENVREGIME_REGIME);
        sb_printf(sb, " It would %s on %s (regime %s)",
                  acts(envregime_at(t, i, ENVREGIME_EFFECT)) ? "act" : "not act",
                  envregime_at(t, i, ENVREGIME_OBSERVED), r);
        if (!strcmp(r, here))
            sb_puts(sb, ", as it does here.");
        else
            sb_printf(sb, ": %s; this run cannot observe it.", envregime_at(t, i, ENVREGIME_TEXT));
    }
}

/* Whether the mechanism acts in environment row e, worded as what the data show: first the
 * answer, then the environment's regime and why, then what the regimes file expects on the
 * article's platform. */
static void sentence(const tsv_table *t, const tsv_table *p, long e, const char *claimed,
                     strbuf *sb)
{
    const char *env = e >= 0 ? envregime_at(t, (size_t)e, ENVREGIME_ENV) : "";
    const char *effect = e >= 0 ? envregime_at(t, (size_t)e, ENVREGIME_EFFECT) : "unknown";
    const char *regime = e >= 0 ? envregime_at(t, (size_t)e, ENVREGIME_REGIME) : "";
    int forced = !strcmp(effect, "ssbd-forced"), known = strcmp(effect, "unknown") != 0;
    if (!known) {
        sb_printf(sb,
                  "Unknown here: %s's posture was not recorded (a run from before the "
                  "benchmark printed it).",
                  *env ? env : "no environment");
        article_expects(t, claimed, regime, sb);
        return;
    }
    int agrees = strcmp(envregime_at(t, (size_t)e, ENVREGIME_AGREES), "no") != 0;
    sb_puts(sb, !forced ? "The mechanism does not act here: "
                : agrees ? "The mechanism applies here: "
                         : "The rules say the mechanism acts here, but SSBD was not forced, so "
                           "the regime is not confirmed: ");
    sb_printf(sb, "%s (kernel %s, regime %s): %s", env,
              envregime_at(t, (size_t)e, ENVREGIME_KERNEL), regime,
              envregime_at(t, (size_t)e, ENVREGIME_TEXT));
    const char *ssb = posture_value(p, env, "ssb");
    if (forced && ssb)
        sb_printf(sb, "; its status says Speculation_Store_Bypass: %s", ssb);
    sb_puts(sb, ".");
    article_expects(t, claimed, agrees ? regime : "", sb);
    if (forced)
        return;
    const char *ctl = posture_value(p, env, "ssbd-control");
    if (ctl && strncmp(ctl, "prctl", 5) != 0 && strcmp(regime, "no-control") != 0)
        sb_printf(sb,
                  " It cannot be emulated here either: PR_GET_SPECULATION_CTRL says %s for SSBD: "
                  "%s.",
                  ctl, control_words(ctl));
}

int report_regime_sentence(const report *r, const rep_claim *c, doc_inline *in)
{
    tsv_table t, p = {0};
    if (load_model_file(r, &envregime_schema, &t) != 0)
        return 0;
    if (load_model_file(r, &posture_schema, &p) != 0)
        memset(&p, 0, sizeof p);
    strbuf sb = {0};
    sentence(&t, &p, env_row(&t, c), c && c->claimed_text ? c->claimed_text : "", &sb);
    doc_text(in, sb_str(&sb));
    sb_free(&sb);
    tsv_free(&t);
    tsv_free(&p);
    return 1;
}

void report_doc_regime(const report *r, const rep_claim *c, doc *d)
{
    doc_inline *tmp = doc_loose();
    if (!report_regime_sentence(r, c, tmp)) {
        doc_loose_free(tmp);
        return;
    }
    doc_inline *in = doc_para(d);
    doc_strong(in, "Where it would hold");
    doc_text(in, ": ");
    char *text = doc_plain(tmp);
    doc_text(in, text);
    free(text);
    doc_loose_free(tmp);
}

int report_posture_grid(const report *r, posture_grid *g)
{
    memset(g, 0, sizeof *g);
    if (load_model_file(r, &posture_schema, &g->p) != 0)
        return 0;
    if (load_model_file(r, &envregime_schema, &g->t) != 0)
        memset(&g->t, 0, sizeof g->t);
    g->ncols = r->nenvs + 1;
    g->cells = xcalloc((g->p.nrows + 1) * g->ncols, sizeof *g->cells);
    for (size_t i = 0; i < g->p.nrows; i++) {
        const char *key = posture_at(&g->p, i, POSTURE_KEY);
        int first = 1; /* each key once, in the order first recorded */
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(posture_at(&g->p, j, POSTURE_KEY), key) != 0;
        if (!first)
            continue;
        const char **row = g->cells + g->nrows++ * g->ncols;
        row[0] = key;
        for (size_t e = 0; e < r->nenvs; e++) {
            const char *v = posture_value(&g->p, r->envs[e].name, key);
            row[e + 1] = v ? v : "";
        }
    }
    const char **row = g->cells + g->nrows++ * g->ncols;
    row[0] = "regime";
    for (size_t e = 0; e < r->nenvs; e++) {
        long k = find_row(&g->t, "env", r->envs[e].name);
        row[e + 1] = k >= 0 ? envregime_at(&g->t, (size_t)k, ENVREGIME_REGIME) : "";
    }
    return 1;
}

void report_posture_grid_free(posture_grid *g)
{
    free(g->cells);
    tsv_free(&g->p);
    tsv_free(&g->t);
}

void report_doc_posture(const report *r, doc *d)
{
    posture_grid g;
    if (!report_posture_grid(r, &g))
        return;
    doc_text(doc_para(d), "Posture of each environment's benchmark process, as it read itself "
                          "(/proc/self/status, its cgroup, GOMAXPROCS, its kernel: posture.tsv), "
                          "and the regime of data/regimes.tsv it is in (regimes.tsv):");
    doc_block *tb = doc_table(d, g.ncols);
    doc_row_add(tb, NULL, NULL);
    doc_text(doc_cell(tb, 0), "posture");
    for (size_t e = 0; e < r->nenvs; e++)
        doc_text(doc_cell(tb, e + 1), r->envs[e].name);
    for (size_t i = 0; i < g.nrows; i++) {
        doc_row_add(tb, NULL, NULL);
        for (size_t c = 0; c < g.ncols; c++)
            doc_text(doc_cell(tb, c), g.cells[i * g.ncols + c]);
    }
    report_posture_grid_free(&g);
}
