/* claims_out.c - the engine's judgments as claims.tsv's rows (docs/formats.md): the one place a
 * judgment is formatted, by schema_model.h's VERDICTS_COLS. analyze writes them to the model;
 * runset (compare, history, fleet) reads them back as it reads an analysed run. */
#include "analyze/claims.h"

#include "numfmt.h"
#include "schema_model.h"

#include <math.h>
#include <stdio.h>

/* One judgment as claims.tsv's row (VERDICTS_COLS), appended to the strbuf ctx. */
static void write_row(void *ctx, const claim *c, const judgment *j, size_t family)
{
    char bufs[24][64], n[32], nb[32], fam[32], need[32], pairs[32] = "";
    size_t nbuf = 0;
#define NUM_(v) num_format((v), bufs[nbuf++ % 24], sizeof bufs[0])
    snprintf(n, sizeof n, "%zu", j->n);
    snprintf(nb, sizeof nb, "%zu", j->n_base);
    snprintf(fam, sizeof fam, "%zu", family);
    snprintf(need, sizeof need, "%zu", j->needed_n);
    if (j->pairs)
        snprintf(pairs, sizeof pairs, "%zu", j->pairs);
    const char *row[VERDICTS_NCOLS] = {
        [VERDICTS_ID] = c->id,
        [VERDICTS_TABLE] = c->table,
        [VERDICTS_ARTICLE_ENV] = c->article_env,
        [VERDICTS_KIND] = claim_kind_word(c->kind),
        [VERDICTS_METRIC] = c->metric,
        [VERDICTS_ENV] = j->env,
        [VERDICTS_ENV_NOTE] = j->env_note,
        [VERDICTS_CLAIMED] = NUM_(c->claimed),
        [VERDICTS_CLAIMED_TEXT] = c->claimed_text,
        [VERDICTS_MARGIN] = NUM_(c->kind == CLAIM_RATIO || c->kind == CLAIM_ORDER
                                     ? (isnan(c->margin) ? DECIDE_DEFAULT_MARGIN : c->margin)
                                     : NAN),
        [VERDICTS_MEASURED] = NUM_(j->measured),
        [VERDICTS_LO] = NUM_(j->lo),
        [VERDICTS_HI] = NUM_(j->hi),
        [VERDICTS_LEVEL] = NUM_(j->level),
        [VERDICTS_N] = n,
        [VERDICTS_N_BASELINE] = nb,
        [VERDICTS_FACTOR] = NUM_(j->factor),
        [VERDICTS_FACTOR_LO] = NUM_(j->factor_lo),
        [VERDICTS_FACTOR_HI] = NUM_(j->factor_hi),
        [VERDICTS_P_ADJ] = NUM_(j->p_adj),
        [VERDICTS_FAMILY] = fam,
        [VERDICTS_VERDICT] = verdict_word(j->verdict),
        [VERDICTS_NEEDED_N] = j->needed_n ? need : "",
        [VERDICTS_DETAIL] = j->detail,
        [VERDICTS_TEXT] = c->text,
        [VERDICTS_BENCH] = c->bench,
        [VERDICTS_LOWER] = NUM_(c->lower),
        [VERDICTS_UPPER] = NUM_(c->upper),
        [VERDICTS_BASELINE] = j->base_env,
        [VERDICTS_BASELINE_BENCH] = j->base_bench,
        [VERDICTS_HALF_WIDTH] = NUM_(j->half),
        [VERDICTS_TARGET] = j->target,
        [VERDICTS_PRECISION] = j->precision,
        [VERDICTS_EFFECT] = verdict_effect_word(j->effect),
        [VERDICTS_COMPARABILITY] = claim_comparability_word(c->comparability),
        [VERDICTS_COMPARABILITY_WHY] = c->comparability_why,
        [VERDICTS_PAIRS] = pairs};
#undef NUM_
    tsv_put_fields(ctx, &verdicts_schema, row);
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
