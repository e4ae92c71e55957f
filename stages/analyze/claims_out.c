/* claims_out.c - the engine's judgments as claims.tsv's rows (docs/formats.md): the one place
 * its columns are listed and a judgment is formatted. analyze writes them to the model;
 * runset (compare, history, fleet) reads them back as it reads an analysed run. */
#include "analyze/claims.h"

#include "numfmt.h"

#include <math.h>
#include <stdio.h>

const char *const claims_header[] = {
    "id",      "table",        "article_env", "kind",      "metric",    "env",   "env_note",
    "claimed", "claimed_text", "margin",      "measured",  "lo",        "hi",    "level",
    "n",       "n_baseline",   "factor",      "factor_lo", "factor_hi", "p_adj", "family",
    "verdict", "needed_n",     "detail",      "text",      "bench",     "lower", "upper",
    "baseline", "baseline_bench", "half_width", "target", "precision", "effect", "comparability", "comparability_why"};
const size_t claims_ncols = sizeof claims_header / sizeof *claims_header;

/* One judgment as claims.tsv's row (claims_header's columns), appended to the strbuf ctx. */
static void write_row(void *ctx, const claim *c, const judgment *j, size_t family)
{
    char bufs[24][64], n[32], nb[32], fam[32], need[32];
    size_t nbuf = 0;
#define NUM_(v) num_format((v), bufs[nbuf++ % 24], sizeof bufs[0])
    snprintf(n, sizeof n, "%zu", j->n);
    snprintf(nb, sizeof nb, "%zu", j->n_base);
    snprintf(fam, sizeof fam, "%zu", family);
    snprintf(need, sizeof need, "%zu", j->needed_n);
    const char *row[] = {c->id,
                         c->table,
                         c->article_env,
                         claim_kind_word(c->kind),
                         c->metric,
                         j->env,
                         j->env_note,
                         NUM_(c->claimed),
                         c->claimed_text,
                         NUM_(c->kind == CLAIM_RATIO || c->kind == CLAIM_ORDER
                                  ? (isnan(c->margin) ? DECIDE_DEFAULT_MARGIN : c->margin)
                                  : NAN),
                         NUM_(j->measured),
                         NUM_(j->lo),
                         NUM_(j->hi),
                         NUM_(j->level),
                         n,
                         nb,
                         NUM_(j->factor),
                         NUM_(j->factor_lo),
                         NUM_(j->factor_hi),
                         NUM_(j->p_adj),
                         fam,
                         verdict_word(j->verdict),
                         j->needed_n ? need : "",
                         j->detail,
                         c->text,
                         c->bench,
                         NUM_(c->lower),
                         NUM_(c->upper),
                         j->base_env,
                         j->base_bench,
                         NUM_(j->half),
                         j->target,
                         j->precision,
                         verdict_effect_word(j->effect),
                         claim_comparability_word(c->comparability),
                         c->comparability_why};
#undef NUM_
    tsv_put_row(ctx, claims_ncols, row);
}

void claims_judge_file(const claims_file *f, const claim_context *ctx, strbuf *out)
{
    judgment_sink sink = {out, write_row};
    claims_judge(f->claims, f->n, ctx, &sink);
}

void claims_set_judge(const claims_set *s, const claim_context *ctx, strbuf *out)
{
    for (size_t i = 0; i < s->n; i++)
        claims_judge_file(&s->files[i], ctx, out);
}
