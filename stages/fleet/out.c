/* out.c - what fleet writes: machines.tsv, verdicts.tsv (claim x machine), pooled.tsv (per
 * claim, over all machines and per group (of CPU model and kernel, or of posture: --by) when
 * there is more than one),
 * and fleet.md / fleet.html / fleet.xlsx. Formats: docs/formats.md. */
#include "fleet/fleet.h"

#include "fsutil.h"
#include "log.h"
#include "numfmt.h"
#include "render/format.h"
#include "render/page.h"
#include "schema_model.h"
#include "schema_results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Visits every claim of the judge set with its global index (its row in each claims table). */
#define EACH_CLAIM(f, c, g)                                                                        \
    for (size_t fi_ = 0, g = 0; fi_ < (f)->judge->claims.n; fi_++)                                 \
        for (size_t ci_ = 0; ci_ < (f)->judge->claims.files[fi_].n; ci_++, g++)                    \
            for (const claim *c = &(f)->judge->claims.files[fi_].claims[ci_]; c; c = NULL)

/* Claims some machine judged (not only "not measured"), never the harness checks. */
static int shown(const claim *c, const pooled_claim *p)
{
    return c->kind != CLAIM_NONE && c->kind != CLAIM_CHECK && p->judged > 0;
}

static size_t ngroups(const fleet *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t k = 0;
        while (k < i && strcmp(f->m[k].group, f->m[i].group))
            k++;
        n += k == i;
    }
    return n;
}

static void pooled_row(strbuf *sb, const claim *c, const char *group, const pooled_claim *p)
{
    char bufs[24][64];
    size_t nb = 0;
    char counts[5][24];
    const verdict_kind kinds[] = {VERDICT_REPRODUCED, VERDICT_REFUTED, VERDICT_CONTRADICTED,
                                  VERDICT_INCONCLUSIVE};
    for (size_t i = 0; i < 4; i++)
        snprintf(counts[i], sizeof counts[i], "%zu", p->counts[kinds[i]]);
    snprintf(counts[4], sizeof counts[4], "%zu", p->meta.k);
    char judged[24];
    snprintf(judged, sizeof judged, "%zu", p->judged);
    const char *row[FPOOLED_NCOLS] = {[FPOOLED_CLAIM] = c->id,
                                      [FPOOLED_GROUP] = group,
                                      [FPOOLED_JUDGED] = judged,
                                      [FPOOLED_REPRODUCED] = counts[0],
                                      [FPOOLED_REFUTED] = counts[1],
                                      [FPOOLED_CONTRADICTED] = counts[2],
                                      [FPOOLED_INCONCLUSIVE] = counts[3],
                                      [FPOOLED_K] = counts[4],
                                      [FPOOLED_ESTIMATE] = NUM(p->meta.est),
                                      [FPOOLED_LO] = NUM(p->meta.lo),
                                      [FPOOLED_HI] = NUM(p->meta.hi),
                                      [FPOOLED_I2] = NUM(p->meta.i2),
                                      [FPOOLED_TAU2] = NUM(p->meta.tau2),
                                      [FPOOLED_Q] = NUM(p->meta.q),
                                      [FPOOLED_VERDICT] =
                                          p->meta.ok ? verdict_word(p->pooled) : ""};
    tsv_put_fields(sb, &fpooled_schema, row);
}

static int write_tsvs(const fleet *f, const char *dir)
{
    strbuf ms = {0}, vs = {0}, ps = {0};
    tsv_put_header(&ms, &fmachines_schema);
    tsv_put_header(&vs, &fverdicts_schema);
    tsv_put_header(&ps, &fpooled_schema);
    for (size_t i = 0; i < f->n; i++) {
        const fleet_machine *m = &f->m[i];
        char runs[24];
        snprintf(runs, sizeof runs, "%zu", m->runs);
        const char *row[FMACHINES_NCOLS] = {[FMACHINES_MACHINE] = m->machine,
                                            [FMACHINES_LABEL] = fleet_fact(m, "machine_label"),
                                            [FMACHINES_CPU] = fleet_fact(m, "host_cpu_model"),
                                            [FMACHINES_CPUS] = fleet_fact(m, "host_cpus"),
                                            [FMACHINES_KERNEL] = fleet_fact(m, "host_kernel"),
                                            [FMACHINES_GROUP] = m->group,
                                            [FMACHINES_RUNS] = runs,
                                            [FMACHINES_LATEST] = m->latest};
        tsv_put_fields(&ms, &fmachines_schema, row);
    }
    size_t groups = ngroups(f);
    EACH_CLAIM(f, c, g)
    {
        pooled_claim p;
        fleet_pool(f, c, g, NULL, &p);
        if (!shown(c, &p))
            continue;
        pooled_row(&ps, c, "all", &p);
        for (size_t i = 0; i < f->n; i++) {
            const fleet_machine *m = &f->m[i];
            long r = fleet_claim_row(m, c->id, g);
            const char *row[FVERDICTS_NCOLS] = {
                [FVERDICTS_CLAIM] = c->id,
                [FVERDICTS_MACHINE] = m->machine,
                [FVERDICTS_RUN] = m->latest,
                [FVERDICTS_VERDICT] =
                    r < 0 ? "" : verdicts_at(&m->claims, (size_t)r, VERDICTS_VERDICT),
                [FVERDICTS_MEASURED] =
                    r < 0 ? "" : verdicts_at(&m->claims, (size_t)r, VERDICTS_MEASURED),
                [FVERDICTS_LO] = r < 0 ? "" : verdicts_at(&m->claims, (size_t)r, VERDICTS_LO),
                [FVERDICTS_HI] = r < 0 ? "" : verdicts_at(&m->claims, (size_t)r, VERDICTS_HI),
                [FVERDICTS_LEVEL] =
                    r < 0 ? "" : verdicts_at(&m->claims, (size_t)r, VERDICTS_LEVEL)};
            tsv_put_fields(&vs, &fverdicts_schema, row);
            int first_of_group = 1;
            for (size_t k = 0; k < i && first_of_group; k++)
                first_of_group = strcmp(f->m[k].group, m->group) != 0;
            if (groups > 1 && first_of_group && c->kind == CLAIM_RATIO) {
                pooled_claim gp;
                fleet_pool(f, c, g, m->group, &gp);
                pooled_row(&ps, c, m->group, &gp);
            }
        }
    }
    const char *names[] = {"machines.tsv", "verdicts.tsv", "pooled.tsv"};
    strbuf *bufs[] = {&ms, &vs, &ps};
    int rc = 0;
    for (size_t i = 0; i < 3; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        rc |= fs_save(path, bufs[i]->buf, bufs[i]->len);
        free(path);
        sb_free(bufs[i]);
    }
    return rc ? -1 : 0;
}

static void pooled_section(doc *pg, const fleet *f)
{
    static const char *const hdr[] = {"claim",        "claimed",        "machines",
                                      "reproduced",   "refuted",        "contradicted",
                                      "inconclusive", "other verdicts", "pooled ratio [95% CI]",
                                      "I²",           "pooled verdict"};
    doc_block *tb = doc_table(pg, 11);
    doc_header(tb, hdr);
    EACH_CLAIM(f, c, g)
    {
        pooled_claim p;
        fleet_pool(f, c, g, NULL, &p);
        if (!shown(c, &p))
            continue;
        char n[6][24], ratio[96] = "", i2[24] = "";
        const verdict_kind kinds[] = {VERDICT_REPRODUCED, VERDICT_REFUTED, VERDICT_CONTRADICTED,
                                      VERDICT_INCONCLUSIVE};
        snprintf(n[4], sizeof n[4], "%zu", p.judged);
        size_t listed = 0;
        for (size_t i = 0; i < 4; i++) {
            snprintf(n[i], sizeof n[i], "%zu", p.counts[kinds[i]]);
            listed += p.counts[kinds[i]];
        }
        snprintf(n[5], sizeof n[5], "%zu", p.judged - listed);
        if (p.meta.ok) {
            fmt_ratio_ci(p.meta.est, p.meta.lo, p.meta.hi, ratio, sizeof ratio);
            snprintf(i2, sizeof i2, "%.0f%% (k = %zu)", 100 * p.meta.i2, p.meta.k);
        }
        const char *row[] = {c->id,
                             c->claimed_text,
                             n[4],
                             n[0],
                             n[1],
                             n[2],
                             n[3],
                             n[5],
                             ratio,
                             i2,
                             p.meta.ok ? verdict_word(p.pooled) : ""};
        doc_row_words(tb, row);
    }
}

static void matrix_section(doc *pg, const fleet *f)
{
    const char **hdr = xcalloc(f->n + 1, sizeof *hdr), **row = xcalloc(f->n + 1, sizeof *row);
    hdr[0] = "claim";
    for (size_t i = 0; i < f->n; i++)
        hdr[i + 1] = f->m[i].machine;
    doc_block *tb = doc_table(pg, f->n + 1);
    doc_header(tb, hdr);
    EACH_CLAIM(f, c, g)
    {
        pooled_claim p;
        fleet_pool(f, c, g, NULL, &p);
        if (!shown(c, &p))
            continue;
        row[0] = c->id;
        for (size_t i = 0; i < f->n; i++) {
            long r = fleet_claim_row(&f->m[i], c->id, g);
            row[i + 1] = r < 0 ? "" : verdicts_at(&f->m[i].claims, (size_t)r, VERDICTS_VERDICT);
        }
        doc_row_words(tb, row);
    }
    free(hdr);
    free(row);
}

static void machines_section(doc *pg, const fleet *f)
{
    static const char *const hdr[] = {"machine", "label", "CPU",       "cores",
                                      "kernel",  "runs",  "run judged (profile)"};
    doc_block *tb = doc_table(pg, 7);
    doc_header(tb, hdr);
    for (size_t i = 0; i < f->n; i++) {
        const fleet_machine *m = &f->m[i];
        char runs[24];
        snprintf(runs, sizeof runs, "%zu", m->runs);
        char *judged = xasprintf("%s (%s)", m->latest, *m->profile ? m->profile : "not recorded");
        const char *row[] = {m->machine,
                             fleet_fact(m, "machine_label"),
                             fleet_fact(m, "host_cpu_model"),
                             fleet_fact(m, "host_cpus"),
                             fleet_fact(m, "host_kernel"),
                             runs,
                             judged};
        doc_row_words(tb, row);
        free(judged);
    }
}

int fleet_write(const fleet *f, const char *dir)
{
    if (fs_mkdirs(dir) != 0) {
        log_error("%s: cannot create", dir);
        return -1;
    }
    doc pg = {0};
    doc_text(doc_heading(&pg, 1, NULL), "The fleet: every claim on every machine");
    char *intro = xasprintf(
        "%zu machines (%zu groups of %s), each judged on its latest run of a profile other "
        "than quick (its latest run where it has no other: the machines table names the run and "
        "its profile), with the same claims; a smoke sample's claim (verdict \"smoke run\") is "
        "counted, never pooled. A ratio claim's pooled ratio is the DerSimonian-Laird random-effects mean of "
        "the machines' log ratios (each weighted by the inverse of its variance, read from its "
        "interval, plus the between-machine variance tau²), judged by the same decision table as "
        "one machine's interval; I² is the share of the spread between machines that is not "
        "noise (docs/results.md). pooled.tsv also pools each group.",
        f->n, ngroups(f), f->grouped_by);
    doc_text(doc_para(&pg), intro);
    doc_text(doc_heading(&pg, 2, NULL), "Pooled answer per claim");
    pooled_section(&pg, f);
    doc_text(doc_heading(&pg, 2, NULL), "Machines");
    machines_section(&pg, f);
    doc_text(doc_heading(&pg, 2, NULL), "Verdicts: claims x machines");
    matrix_section(&pg, f);
    int rc = write_tsvs(f, dir) | render_page(&pg, render_templates(), dir, "fleet");
    doc_free(&pg);
    free(intro);
    return rc ? -1 : 0;
}
