/* diff.c - pairs the cells of two runs, judges each pair's change as one family per table, and
 * lines up the two runs' claim verdicts. */
#include "compare/diff.h"

#include "log.h"
#include "schema_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The pairs of one table, starting at m[from]: [from, to). */
static size_t table_end(const run_diff *d, size_t from)
{
    size_t to = from;
    while (to < d->n && !strcmp(d->m[to].a->table, d->m[from].a->table))
        to++;
    return to;
}

static void judge_family(run_diff *d, size_t from, size_t to, double conf, double margin)
{
    size_t m = to - from;
    double level = 1 - (1 - conf) / (double)m;
    double *p = xmalloc(m * sizeof *p), *adj = xmalloc(m * sizeof *adj);
    for (size_t i = from; i < to; i++) {
        metric_change *c = &d->m[i];
        c->level = level;
        c->family = m;
        int higher = !strcmp(c->a->better, "higher");
        change_compare(c->a->x, c->a->n, c->b->x, c->b->n, level, margin, higher, &c->row);
        p[i - from] = c->row.mwu.all_equal ? NAN : c->row.mwu.p;
    }
    stats_holm(p, m, adj);
    for (size_t i = from; i < to; i++)
        d->m[i].row.p_adj = adj[i - from];
    free(p);
    free(adj);
}

void diff_runs(const cellset *a, const cellset *b, double conf, double margin, run_diff *out)
{
    out->m = xcalloc(a->n ? a->n : 1, sizeof *out->m);
    out->n = 0;
    /* Grouped by table (cells come in file order: a table's cells are together). */
    for (size_t i = 0; i < a->n; i++) {
        const cell *ca = &a->cells[i];
        const cell *cb = cells_find(b, ca->table, ca->unit, ca->env, ca->bench);
        if (cb && ca->n && cb->n)
            out->m[out->n++] = (metric_change){.a = ca, .b = cb};
    }
    for (size_t from = 0; from < out->n;) {
        size_t to = table_end(out, from);
        judge_family(out, from, to, conf, margin);
        from = to;
    }
}

void diff_free(run_diff *d)
{
    free(d->m);
    d->m = NULL;
    d->n = 0;
}

static long find_claim(const tsv_table *t, const char *id)
{
    return tsv_find(t, VERDICTS_ID, id);
}

claim_move *diff_claims(const tsv_table *a, const tsv_table *b, size_t *n)
{
    claim_move *out = xcalloc(a->nrows + b->nrows + 1, sizeof *out);
    *n = 0;
    for (int side = 0; side < 2; side++) {
        const tsv_table *t = side ? b : a, *other = side ? a : b;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *id = verdicts_at(t, r, VERDICTS_ID);
            long o = find_claim(other, id);
            if (side && o >= 0)
                continue; /* already listed from a */
            claim_move *m = &out[(*n)++];
            m->id = id;
            m->table = verdicts_at(t, r, VERDICTS_TABLE);
            m->text = verdicts_at(t, r, VERDICTS_TEXT);
            const char *mine = verdicts_at(t, r, VERDICTS_VERDICT);
            const char *theirs = o >= 0 ? verdicts_at(other, (size_t)o, VERDICTS_VERDICT) : "";
            m->verdict_a = side ? theirs : mine;
            m->verdict_b = side ? mine : theirs;
            m->moved = strcmp(m->verdict_a, m->verdict_b) != 0;
        }
    }
    return out;
}
