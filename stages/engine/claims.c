/* claims.c - every claim of one article table judged as one family (docs/verdicts.md).
 *
 * The family is the table's interval judgments, nothing else: a verdict must not change when
 * other tables are run or left out. Each verdict's interval gets the family's simultaneous level
 * (Bonferroni for Holm, the false-coverage-rate level for Benjamini-Hochberg), so the interval
 * that decides has the same coverage as the adjusted test beside it. Environments are resolved
 * here: "a|b" takes the first with samples, "wsl2" maps to the baseline (host) or a VM (vm, an
 * environment with its own kernel: data/envs.tsv), said out loud. */
#include "engine/claims.h"

#include "envnames.h"
#include "log.h"
#include "numfmt.h"
#include "schema_data.h"
#include "schema_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *run_value(const tsv_table *run, const char *key)
{
    const char *v = run ? kv_value(run, key) : NULL;
    return v ? v : "";
}

static const char *meta_of(const tsv_table *meta, const char *env, const char *key)
{
    const char *v = meta ? meta_value(meta, env, key) : NULL;
    return v ? v : "";
}

static void say(strbuf *note, const char *why)
{
    if (note)
        sb_puts(note, why);
}

const char *claims_wsl2_env(const claim_context *ctx, strbuf *note)
{
    const char *base = ctx->plain_env;
    const char *wsl = run_value(ctx->run, "host_wsl"); /* "WSL2 (kernel ...)", platform.c */
    if (!strncmp(wsl, "WSL2 ", 5)) {
        if (note)
            sb_printf(note, "wsl2 = %s: this is %s; ", base, wsl);
        return base;
    }
    if (!strncmp(run_value(ctx->run, "host_is_vm_guest"), "yes", 3)) {
        if (note)
            sb_printf(note, "wsl2 = %s: this host is itself a VM guest, the WSL2 situation; ", base);
        return base;
    }
    for (size_t r = 0; r < ctx->envs->nrows; r++) {
        const char *vm = envs_at(ctx->envs, r, ENVS_ENV);
        if (ctx->env_caps && (ctx->env_caps(vm) & CAP_OWN_KERNEL) &&
            !strncmp(meta_of(ctx->meta, vm, "accel"), "kvm", 3)) {
            if (note)
                sb_printf(note, "wsl2 = %s: the host is bare metal and the %s ran under KVM; ", vm,
                          vm);
            return vm;
        }
    }
    say(note, "wsl2: no light VM here (the host is bare metal and the vm did not run under "
              "KVM); ");
    return NULL;
}

static const char *env_status_reason(const tsv_table *envs, const char *env)
{
    for (size_t r = 0; r < envs->nrows; r++)
        if (!strcmp(envs_at(envs, r, ENVS_ENV), env)) {
            if (env_status_is(envs_at(envs, r, ENVS_STATUS), ENV_STATUS_OK))
                return NULL;
            const char *why = envs_at(envs, r, ENVS_REASON);
            return *why ? why : "no samples (every cell failed; see cells.tsv)";
        }
    return "not part of this run";
}

static const char *unsupported_reason(const tsv_table *cells, const char *table, const char *env)
{
    for (size_t r = 0; r < cells->nrows; r++)
        if (!strcmp(cells_at(cells, r, CELLS_TABLE), table) &&
            !strcmp(cells_at(cells, r, CELLS_ENV), env) &&
            cell_status_is(cells_at(cells, r, CELLS_STATUS), CELL_UNSUPPORTED))
            return cells_at(cells, r, CELLS_DETAIL);
    return NULL;
}

/* The claim's cell: the first environment of "a|b|c" with samples. */
static const cell *resolve_env(const claim_context *ctx, const claim *c, judgment *j)
{
    char *copy = xstrdup(c->env), *save, first[256];
    const cell *found = NULL;
    int skipped = 0;
    strbuf note = {0};
    snprintf(first, sizeof first, "%s", c->bench);
    first[strcspn(first, ">")] = '\0'; /* an ordering is found by its first benchmark */
    for (char *e = strtok_r(copy, "|", &save); e && !found; e = strtok_r(NULL, "|", &save)) {
        const char *env = !strcmp(e, ENV_WSL2) ? claims_wsl2_env(ctx, &note) : e;
        const cell *x = env ? claim_cell(ctx, c, env, first) : NULL;
        const char *why;
        if (!env)
            continue;
        if (x && x->n) {
            found = x;
            if (skipped)
                sb_printf(&note, "%s stands in", env);
            continue;
        }
        skipped = 1;
        if ((why = unsupported_reason(ctx->cells, c->table, env))) {
            sb_printf(&note, "%s: not run: %s; ", env, why);
        } else if ((why = env_status_reason(ctx->envs, env))) {
            sb_printf(&note, "%s: %s; ", env, why);
        } else {
            sb_printf(&note, "%s: no %s samples in this table; ", env, c->metric);
        }
    }
    if (found && c->kind == CLAIM_RATIO && !strcmp(c->baseline, ENV_WSL2)) {
        sb_puts(&note, note.len ? "; baseline " : "baseline ");
        claims_wsl2_env(ctx, &note);
    }
    snprintf(j->env_note, sizeof j->env_note, "%s", sb_str(&note));
    size_t len = strlen(j->env_note);
    if (len >= 2 && j->env_note[len - 2] == ';')
        j->env_note[len - 2] = '\0';
    sb_free(&note);
    free(copy);
    return found;
}

static const char *table_reason(const tsv_table *tables, const char *table)
{
    long r = tables_row(tables, table);
    return r < 0 ? "" : tables_at(tables, (size_t)r, TABLES_REASON);
}

/* Within-environment pairs the comparisons table shows beside the claims: bench:<name>
 * baselines and each adjacent pair of an ordering. */
static void add_pair(bench_pair **pairs, size_t *n, const claim *c, const char *env,
                     const char *bench, const char *base_bench)
{
    *pairs = xrealloc(*pairs, (*n + 1) * sizeof **pairs);
    (*pairs)[(*n)++] = (bench_pair){xstrdup(c->table), xstrdup(c->metric), xstrdup(env),
                                    xstrdup(bench), xstrdup(base_bench)};
}

void claims_pairs(const claim *claims, size_t nclaims, bench_pair **pairs, size_t *n)
{
    for (size_t i = 0; i < nclaims; i++) {
        const claim *c = &claims[i];
        if (c->invalid[0] || (c->kind != CLAIM_RATIO && c->kind != CLAIM_ORDER))
            continue;
        if (c->kind == CLAIM_RATIO && strncmp(c->baseline, "bench:", 6) != 0)
            continue;
        char *envs = xstrdup(c->env), *save;
        for (char *e = strtok_r(envs, "|", &save); e; e = strtok_r(NULL, "|", &save)) {
            if (!strcmp(e, ENV_WSL2))
                continue; /* wsl2 resolves per run: its pair is judged, not tabled */
            if (c->kind == CLAIM_RATIO) {
                add_pair(pairs, n, c, e, c->bench, c->baseline + 6);
                continue;
            }
            char *benches = xstrdup(c->bench), *s2, *prev = NULL;
            for (char *b = strtok_r(benches, ">", &s2); b; prev = b, b = strtok_r(NULL, ">", &s2))
                if (prev)
                    add_pair(pairs, n, c, e, prev, b);
            free(benches);
        }
        free(envs);
    }
}

void claims_pairs_free(bench_pair *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(pairs[i].table);
        free(pairs[i].unit);
        free(pairs[i].env);
        free(pairs[i].bench);
        free(pairs[i].base_bench);
    }
    free(pairs);
}

/* The family's interval level: Bonferroni over its m judgments for Holm; for
 * Benjamini-Hochberg the false-coverage-rate level 1 - R(1 - conf)/m of Benjamini and
 * Yekutieli, R the number of its tests BH rejects (at least 1). */
static double family_level(const analysis *a, size_t m, size_t rejected)
{
    if (m <= 1)
        return a->conf;
    double share =
        a->adjust == ADJUST_BH ? (double)(rejected ? rejected : 1) / (double)m : 1.0 / (double)m;
    return 1 - (1 - a->conf) * share;
}

/* Whether c compares two cells by a ratio interval: a ratio claim, or a check between
 * environments (the A/A control). */
static int ratio_like(const claim *c)
{
    return c->kind == CLAIM_RATIO || (c->kind == CLAIM_CHECK && *c->baseline);
}

/* How collect's sampling of the claim's comparison ended (precision.tsv's status): the one
 * place that knows, e.g., that it was unreachable. NULL for a run without precision.tsv. */
static const char *sampling_ended(const tsv_table *prec, const claim *c, const judgment *j)
{
    /* a check (the A/A control) names its baseline environment in the claims file itself */
    const char *base = *j->base_env ? j->base_env : c->baseline;
    const char *bench = *c->bench ? c->bench : j->base_bench; /* "" (a check): its only one */
    for (size_t r = 0; prec && r < prec->nrows; r++)
        if (!strcmp(precision_at(prec, r, PRECISION_TABLE), c->table) &&
            !strcmp(precision_at(prec, r, PRECISION_UNIT), c->metric) &&
            !strcmp(precision_at(prec, r, PRECISION_ENV), j->env) &&
            !strcmp(precision_at(prec, r, PRECISION_BASELINE), base) &&
            (!*j->base_bench ||
             !strcmp(precision_at(prec, r, PRECISION_BASELINE_BENCH), j->base_bench)) &&
            (!*bench || !strcmp(precision_at(prec, r, PRECISION_BENCH), bench)))
            return precision_at(prec, r, PRECISION_STATUS);
    return prec && prec->nrows ? "not one of the comparisons the precision rounds followed"
                               : NULL;
}

/* A ratio claim's precision against the run's target (collect --precision): its interval's
 * half-width, and "met", or why sampling ended short of it. */
static const char *precision_of(const claim_context *ctx, const claim *c, const judgment *j,
                                double *half, const char **target)
{
    stats_ratio r = {.ratio = j->measured, .lo = j->lo, .hi = j->hi, .ok = !isnan(j->measured),
                     .log_scale = !(j->lo < 0)};
    *half = ratio_like(c) && j->verdict != VERDICT_NOT_MEASURED && !isnan(j->measured)
                ? stats_ratio_half_width(&r)
                : NAN;
    *target = run_value(ctx->run, "precision_target");
    double t;
    if (isnan(*half) || num_parse_finite(*target, &t) != 0)
        return "";
    if (*half <= t)
        return "met";
    const char *ended = sampling_ended(ctx->precision, c, j);
    if (ended && !strcmp(ended, "met")) /* collect's interval met it; the run's later rounds
                                         * (another comparison's) widened it again */
        return "met while sampling, wider over every round its cells ran";
    if (ended)
        return ended;
    if (*run_value(ctx->run, "stopped_by_budget"))
        return "budget ran out";
    return !strcmp(run_value(ctx->run, "interrupted"), "yes") ? "interrupted" : "sample cap reached";
}

/* The decision table's last rule (decide_comparability): a claim measured on a stand-in, on
 * other hardware or another set-up, or whose condition is absent here, says only what it can;
 * the detail opens with why, then what was measured. */
static void apply_comparability(const claim *c, judgment *j)
{
    int directional = c->kind == CLAIM_RATIO || c->kind == CLAIM_ORDER || c->kind == CLAIM_SPREAD;
    verdict_kind v = decide_comparability(c->comparability, j->verdict, j->effect, directional);
    if (c->comparability == COMPARABLE_SAME ||
        (v == j->verdict && (v == VERDICT_NOT_MEASURED || v == VERDICT_SMOKE)))
        return; /* no samples: the detail says why, the comparability changes nothing */
    const char *lead = v == VERDICT_DIRECTION        ? "direction reproduced, size not comparable: "
                       : v == VERDICT_NOT_APPLICABLE ? "not applicable here: "
                       : v == VERDICT_OTHER_HARDWARE ? "a figure of the article's hardware: "
                       : v == VERDICT_NOT_COMPARABLE ? "not comparable: "
                       : c->comparability == COMPARABLE_ANALOGUE
                           ? "an analogue, judged by direction only: "
                           : "";
    /* a size not judged says what was measured, not ratio_detail's "a larger effect than
     * claimed: " */
    const char *what = j->detail, *effect = strstr(what, " effect than claimed: ");
    int unjudged = v == VERDICT_NOT_COMPARABLE || v == VERDICT_OTHER_HARDWARE;
    if (unjudged && c->kind == CLAIM_RATIO && effect &&
        (j->effect == EFFECT_SMALLER || j->effect == EFFECT_LARGER))
        what = effect + strlen(" effect than claimed: ");
    strbuf sb = {0};
    sb_printf(&sb, "%s%s", lead, c->comparability_why);
    if (*what)
        sb_printf(&sb, "; %s%s",
                  v == VERDICT_NOT_APPLICABLE && j->verdict != VERDICT_NOT_MEASURED
                      ? "measured anyway: "
                  : what != j->detail ? "measured "
                                      : "",
                  what);
    snprintf(j->detail, sizeof j->detail, "%s", sb_str(&sb));
    sb_free(&sb);
    if (v != j->verdict) {
        j->verdict = v;
        j->effect = v == VERDICT_REFUTED ? j->effect : EFFECT_UNSAID;
        j->needed_n = v == VERDICT_INCONCLUSIVE ? j->needed_n : 0;
    }
}

/* A table the quick profile ran as one smoke sample per cell (run.tsv smoke_tables): what was
 * measured is shown, but no verdict is claimed from it. */
static void mark_smoke(const claim_context *ctx, const claim *c, judgment *j)
{
    if (!str_list_has(run_value(ctx->run, "smoke_tables"), c->table) || j->verdict == VERDICT_NOT_MEASURED || j->verdict == VERDICT_NOT_REPRODUCIBLE)
        return;
    /* the reason said once: "it would read "not comparable": a software quantity", never
     * "... "not comparable": not comparable: ..." */
    const char *word = verdict_word(j->verdict), *why = j->detail;
    size_t wn = strlen(word);
    if (!strncmp(why, word, wn) && !strncmp(why + wn, ": ", 2))
        why += wn + 2;
    strbuf sb = {0};
    sb_printf(&sb, "smoke run: one sample per cell (PROFILE=quick), no verdict; it would read "
                   "\"%s\": %s",
              word, why);
    snprintf(j->detail, sizeof j->detail, "%s", sb_str(&sb));
    sb_free(&sb);
    j->verdict = VERDICT_SMOKE;
    j->effect = EFFECT_UNSAID;
    j->needed_n = 0;
}

#define TESTS_PER_CLAIM 8

static void start_judgment(const claim_context *ctx, const claim *c, judgment *j)
{
    *j = (judgment){.verdict = VERDICT_NOT_MEASURED,
                    .measured = NAN,
                    .lo = NAN,
                    .hi = NAN,
                    .level = NAN,
                    .factor = NAN,
                    .factor_lo = NAN,
                    .factor_hi = NAN,
                    .p_adj = NAN,
                    .env = "",
                    .base_env = "",
                    .base_bench = ""};
    if (c->invalid[0])
        snprintf(j->detail, sizeof j->detail, "invalid claim row (%s:%ld): %s", c->path, c->line,
                 c->invalid);
    else if (c->kind == CLAIM_NONE) { /* the table's reason, or in a measured table the row's */
        const char *why = table_reason(ctx->tables, c->table);
        j->verdict = VERDICT_NOT_REPRODUCIBLE;
        snprintf(j->detail, sizeof j->detail, "%s", *why ? why : c->text);
    }
}

/* Adjusts the family's p-values in place (m hypotheses: the ones without a test of their own
 * count as p = 1, so the adjustment matches the intervals' Bonferroni level); returns how many
 * are rejected at alpha. */
static size_t adjust_family(const analysis *a, double *p, size_t np, size_t m)
{
    size_t total = m > np ? m : np;
    double *all = xmalloc((total ? total : 1) * sizeof *all),
           *adj = xmalloc((total ? total : 1) * sizeof *adj);
    for (size_t i = 0; i < total; i++)
        all[i] = i < np ? p[i] : 1;
    if (a->adjust == ADJUST_BH)
        stats_bh(all, total, adj);
    else
        stats_holm(all, total, adj);
    size_t rejected = 0;
    for (size_t i = 0; i < np; i++) {
        p[i] = adj[i];
        rejected += adj[i] < a->alpha;
    }
    free(all);
    free(adj);
    return rejected;
}

void claims_judge(const claim *claims, size_t nclaims, const claim_context *ctx,
                  const judgment_sink *out)
{
    size_t n = nclaims ? nclaims : 1, m = 0, np = 0;
    judgment *j = xcalloc(n, sizeof *j);
    const cell **x = xcalloc(n, sizeof *x);
    size_t *members = xcalloc(n, sizeof *members), *first = xcalloc(n, sizeof *first),
           *tests = xcalloc(n, sizeof *tests);
    double *p = xmalloc(n * TESTS_PER_CLAIM * sizeof *p);
    for (size_t i = 0; i < nclaims; i++) {
        const claim *c = &claims[i];
        start_judgment(ctx, c, &j[i]);
        if (c->invalid[0] || c->kind == CLAIM_NONE)
            continue;
        if (!(x[i] = resolve_env(ctx, c, &j[i]))) { /* the note is the whole story */
            snprintf(j[i].detail, sizeof j[i].detail, "%s", j[i].env_note);
            j[i].env_note[0] = '\0';
            continue;
        }
        m += members[i] = claim_family_size(ctx, c, x[i]);
        first[i] = np;
        np += tests[i] = claim_tests(ctx, c, x[i], p + np, TESTS_PER_CLAIM);
    }
    size_t rejected = adjust_family(ctx->a, p, np, m);
    double level = family_level(ctx->a, m, rejected);
    for (size_t i = 0; i < nclaims; i++) {
        if (x[i]) {
            double p_adj = NAN;
            for (size_t t = 0; t < tests[i]; t++)
                p_adj = isnan(p_adj) || p[first[i] + t] > p_adj ? p[first[i] + t] : p_adj;
            /* the A/A check is read against the family's verdicts: at their level */
            int at_family = members[i] || ratio_like(&claims[i]);
            claim_judge(ctx, &claims[i], x[i], at_family ? level : ctx->a->conf, p_adj, &j[i]);
            apply_comparability(&claims[i], &j[i]);
            mark_smoke(ctx, &claims[i], &j[i]);
        } else if (!claims[i].invalid[0] &&
                   claims[i].comparability == COMPARABLE_CONDITION_ABSENT) {
            apply_comparability(&claims[i], &j[i]); /* no samples: still not applicable */
        }
        j[i].precision = precision_of(ctx, &claims[i], &j[i], &j[i].half, &j[i].target);
        if (!*j[i].precision)
            j[i].target = "";
        out->judged(out->ctx, &claims[i], &j[i], m);
    }
    free(j);
    free(x);
    free(members);
    free(first);
    free(tests);
    free(p);
}
