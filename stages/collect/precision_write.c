/* precision_write.c - what the precision target says at the end of a run: precision.tsv (its
 * columns: precision_schema, schema_run.h), one row per comparison with how its sampling ended
 * and its rank, and run.tsv's lines (the target,
 * the rule in words, how many met it, and per table what the budget bought it: the sentence the
 * report's settings list, report_doc_budget.c). */
#include "precision.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "schema_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a comparison's sampling ended (buf holds the unreachable one's projection). */
static const char *ending(const precision *p, const prec_cmp *c, int stopped_by_budget,
                          int interrupted, char *buf, size_t size)
{
    if (!prec_measurable(c))
        return "not measurable: one side has no samples in this run (its environment was not "
               "run), so it took no rounds";
    if (c->state == PREC_MET)
        return "met";
    if (c->state == PREC_BUDGET)
        return "budget ran out: its cells left the rounds to higher-ranked comparisons";
    if (c->state == PREC_UNREACHABLE && !isfinite(c->half)) {
        snprintf(buf, size,
                 "unreachable: a bounded interval at its level needs %.0f samples a side, over "
                 "the cap of %d",
                 c->need, c->cap);
        return buf;
    }
    if (c->state == PREC_UNREACHABLE) {
        snprintf(buf, size,
                 "unreachable: +-%.2f%% at n = %zu + %zu projects %.0f a side for +-%g%%, over "
                 "%dx the cap of %d",
                 c->half * 100, c->n, c->n_base, c->need, p->o.target * 100,
                 PRECISION_UNREACHABLE_MARGIN, c->cap);
        return buf;
    }
    if (c->state == PREC_STALLED)
        return "stalled: its cells took no new samples of it (retired, failed or capped, or a "
               "metric some of their samples do not measure)";
    if (interrupted)
        return "interrupted";
    return stopped_by_budget ? "budget ran out" : "sample cap reached";
}

void precision_spent(precision *p, const char *table, int rounds, double seconds)
{
    for (size_t i = 0; i < p->ncaps; i++)
        if (!strcmp(p->caps[i].table, table)) {
            p->caps[i].rounds_past = rounds;
            p->caps[i].seconds_past = seconds;
        }
}

/* "<env>/<base_env>" or, between benchmarks, "<bench>/<base_bench>". */
static void cmp_name(const prec_cmp *c, strbuf *sb)
{
    if (!strcmp(c->env, c->base_env))
        sb_printf(sb, "%s/%s", c->bench, c->base_bench);
    else
        sb_printf(sb, "%s/%s", c->env, c->base_env);
    if (strcmp(c->unit, "ns/op"))
        sb_printf(sb, " (%s)", c->unit);
}

/* One sentence per table, into extra: the rounds and seconds it took past its minimum, how many
 * of its comparisons met the target, and where its headline (else its widest) comparison
 * ended. */
static void bought(const precision *p, const prec_cap *t, int budget_rounds, int interrupted,
                   strbuf *extra)
{
    if (t->rounds_past > 0)
        sb_printf(extra, "%d round%s past its minimum of %d (%.0f s of its cells)", t->rounds_past,
                  t->rounds_past == 1 ? "" : "s", t->min, t->seconds_past);
    else if (budget_rounds > 0 && budget_rounds < t->min)
        sb_printf(extra, "not even its minimum: the budget ended the run after %d of its %d rounds",
                  budget_rounds, t->min);
    else
        sb_printf(extra, "its minimum of %d samples only", t->min);
    size_t n = 0, met = 0, headline = 0;
    const prec_cmp *show = NULL;
    for (size_t i = 0; i < p->ncmp; i++) {
        const prec_cmp *c = &p->cmp[i];
        if (strcmp(c->table, t->table) || !prec_measurable(c))
            continue;
        n++;
        met += c->state == PREC_MET;
        headline += c->rank == PREC_RANK_HEADLINE;
        if (!show || c->rank < show->rank || (c->rank == show->rank && !(c->half <= show->half)))
            show = c;
    }
    if (!show) {
        sb_puts(extra, ": no ratio claim to sharpen");
        return;
    }
    char why[200], num[40];
    int ranked = show->rank == PREC_RANK_HEADLINE;
    sb_printf(extra, ": %zu of %zu comparison%s met +-%g%%; %s ", met, n, n == 1 ? "" : "s",
              p->o.target * 100,
              !ranked        ? "the widest"
              : headline > 1 ? "the widest of the headline's comparisons (the headline and its "
                               "A/A control)"
                             : "the headline");
    cmp_name(show, extra);
    /* a met comparison's cells go on while another open comparison wants them (the headline's
     * sample together: prec_wants), so "its sampling stopped" would not be true of it */
    sb_printf(extra, " %s at n = %zu + %zu (%s)",
              isfinite(show->half) ? (snprintf(num, sizeof num, "+-%.2f%%", show->half * 100), num)
                                   : "unbounded",
              show->n, show->n_base,
              show->state != PREC_MET
                  ? ending(p, show, budget_rounds > 0, interrupted, why, sizeof why)
              : ranked ? "met there; its cells sampled on only while a comparison still open "
                         "wanted them (the headline's comparisons go together), and the report's "
                         "interval is of every round they ran"
                       : "met there; its cells sampled on only while a comparison still open "
                         "wanted them, and the report's interval is of every round they ran");
}

int precision_write(const precision *p, int budget_rounds, int interrupted, strbuf *extra)
{
    static const char *const ranks[] = {"headline", "table", "rest"};
    strbuf sb = {0};
    tsv_put_header(&sb, &precision_schema);
    size_t met = 0, measured = 0;
    for (size_t i = 0; i < p->ncmp; i++) {
        const prec_cmp *c = &p->cmp[i];
        char b[6][40], n[24], nb[24], why[160];
        snprintf(n, sizeof n, "%zu", c->n);
        snprintf(nb, sizeof nb, "%zu", c->n_base);
        const char *f[PRECISION_NCOLS];
        f[PRECISION_TABLE] = c->table;
        f[PRECISION_UNIT] = c->unit;
        f[PRECISION_ENV] = c->env;
        f[PRECISION_BENCH] = c->bench;
        f[PRECISION_BASELINE] = c->base_env;
        f[PRECISION_BASELINE_BENCH] = c->base_bench;
        f[PRECISION_CLAIM] = c->claim;
        f[PRECISION_LEVEL] = num_format(c->level, b[0], 40);
        f[PRECISION_N] = n;
        f[PRECISION_N_BASELINE] = nb;
        f[PRECISION_RATIO] = num_format(c->ratio, b[1], 40);
        f[PRECISION_LO] = num_format(c->lo, b[2], 40);
        f[PRECISION_HI] = num_format(c->hi, b[3], 40);
        f[PRECISION_HALF_WIDTH] = num_format(c->half, b[4], 40);
        f[PRECISION_TARGET] = num_format(p->o.target, b[5], 40);
        f[PRECISION_STATUS] = ending(p, c, budget_rounds > 0, interrupted, why, sizeof why);
        f[PRECISION_RANK] = ranks[c->rank];
        tsv_put_fields(&sb, &precision_schema, f);
        met += prec_measurable(c) && c->state == PREC_MET;
        measured += prec_measurable(c);
    }
    char *path = xasprintf("%s/precision.tsv", p->o.run_dir), t[40];
    int rc = fs_save(path, sb.buf, sb.len);
    free(path);
    sb_free(&sb);
    facts_put(extra, "precision_target", num_format(p->o.target, t, sizeof t));
    facts_putf(extra, "precision_met", "%zu of %zu comparisons", met, measured);
    facts_putf(extra, "precision_rule",
               "adaptive: after its minimum a cell takes more samples only while a ratio interval "
               "a verdict uses is wider than +-%g%%; the headline's table until the budget (or "
               "%dx the minimum) stops it, the budget going to the headline first, then its "
               "table, then the rest; other tables while they can still get there (at most %dx "
               "the minimum); the rule looks at the interval's width, never at whether it "
               "excludes 1, as stopping once a result turns significant would bias it",
               p->o.target * 100, PRECISION_RANKED_FACTOR, PRECISION_MAX_FACTOR);
    for (size_t i = 0; i < p->ncaps; i++) {
        strbuf said = {0};
        bought(p, &p->caps[i], budget_rounds, interrupted, &said);
        char *key = xasprintf("precision_bought_%s", p->caps[i].table);
        facts_put(extra, key, sb_str(&said));
        free(key);
        sb_free(&said);
    }
    return rc;
}
