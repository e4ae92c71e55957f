/* claims_load.c - reads data/claims/<table>.tsv and refuses what it cannot judge.
 *
 * A claim that is silently skipped is a claim the report never mentions, so every problem is an
 * error naming file:line: a missing or misspelled column, an unknown kind, table, metric or
 * environment, a bad number, a number a kind needs but lacks, a duplicate id. The row still
 * reaches claims.tsv (as "not measured", with the reason), and analyze exits non-zero. */
#include "analyze/claims.h"

#include "envnames.h"
#include "log.h"
#include "numfmt.h"
#include "schema_data.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns are schema_data.h's CLAIMDEF_COLS, exactly, in order. Files written before
 * comparability (archived runs' judged-with/claims, fixtures) end at bench: every claim of
 * theirs is judged as the article's thing, as it was. */
#define NCLAIM_COLUMNS ((size_t)CLAIMDEF_NCOLS)
#define NCLAIM_COLUMNS_OLD ((size_t)CLAIMDEF_COMPARABILITY)
_Static_assert(CLAIMDEF_COMPARABILITY_WHY == CLAIMDEF_NCOLS - 1 &&
                   CLAIMDEF_COMPARABILITY == CLAIMDEF_NCOLS - 2,
               "only the last two columns may be left out together");

static const char *const comparability_words[COMPARABILITIES] = {
    [COMPARABLE_SAME] = "same",
    [COMPARABLE_ANALOGUE] = "analogue",
    [COMPARABLE_OTHER_HARDWARE] = "other-hardware",
    [COMPARABLE_OTHER_SETUP] = "other-setup",
    [COMPARABLE_CONDITION_ABSENT] = "condition-absent"};

const char *claim_comparability_word(comparability k)
{
    return k < COMPARABILITIES ? comparability_words[k] : "?";
}

static void reject(claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reject(claim *c, const char *fmt, ...)
{
    if (c->invalid[0])
        return; /* the first problem of a row is the one reported */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->invalid, sizeof c->invalid, fmt, ap);
    va_end(ap);
    log_error_at(c->path, c->line, "%s", c->invalid);
}

/* "" when the header is the documented one, else why not (logged). */
static void check_header(const tsv_table *t, char *why, size_t len)
{
    why[0] = '\0';
    size_t want = t->ncols <= NCLAIM_COLUMNS_OLD ? NCLAIM_COLUMNS_OLD : NCLAIM_COLUMNS;
    for (size_t i = 0; i < want && !why[0]; i++)
        if (i >= t->ncols || strcmp(t->cols[i], claimdef_schema.cols[i].name) != 0)
            snprintf(why, len,
                     "the header's column %zu is \"%s\", expected \"%s\" "
                     "(docs/formats.md)",
                     i + 1, i < t->ncols ? t->cols[i] : "(missing)", claimdef_schema.cols[i].name);
    if (!why[0] && t->ncols != want)
        snprintf(why, len, "the header has %zu columns, expected %zu (or %zu without "
                 "comparability)", t->ncols, NCLAIM_COLUMNS, NCLAIM_COLUMNS_OLD);
    if (why[0])
        log_error_at(t->path, 1, "%s", why);
}

static double number(claim *c, const char *field, const char *name)
{
    double v;
    if (num_parse(field, &v) != 0 || isinf(v)) {
        reject(c, "%s \"%s\" is not a number", name, field);
        return NAN;
    }
    return v;
}

static long table_row(const tsv_table *tables, const char *table)
{
    return tables_row(tables, table);
}

/* Is metric one of the table's comma-separated metrics? */
static int metric_of_table(const tsv_table *tables, long row, const char *metric)
{
    const char *list = tables_at(tables, (size_t)row, TABLES_METRICS);
    size_t len = strlen(metric);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, metric, len))
            return 1;
        p += n + (end != NULL);
    }
    return 0;
}

static void check_envs(claim *c)
{
    char *copy = xstrdup(c->env), *save;
    for (char *e = strtok_r(copy, "|", &save); e; e = strtok_r(NULL, "|", &save))
        if (!env_name_known(e, 1))
            reject(c, "unknown env \"%s\" (known: %s, and wsl2)", e, env_names_list());
    free(copy);
}

static void check_kind_fields(claim *c, const tsv_table *tables)
{
    int has_lower = !isnan(c->lower), has_upper = !isnan(c->upper);
    switch (c->kind) {
    case CLAIM_RATIO:
    case CLAIM_ABSOLUTE:
        if (!(c->claimed > 0))
            reject(c, "a %s claim needs a claimed value > 0", claim_kind_word(c->kind));
        break;
    case CLAIM_COUNT:
        if (isnan(c->claimed))
            reject(c, "a count claim needs a claimed value");
        break;
    case CLAIM_CHECK:
        if (strchr(c->bench, '>') && (!isnan(c->claimed) || has_lower || has_upper || *c->baseline ||
                                      c->bench[0] == '>' || strstr(c->bench, ">>")))
            reject(c, "a check of an ordering needs bench \"A>B[>C...]\" and no claimed value, "
                      "band or baseline");
        else if (!strchr(c->bench, '>') && isnan(c->claimed) == (!has_lower && !has_upper))
            reject(c, "a check needs either a claimed value, a band (lower, upper) or an "
                      "ordering (bench \"A>B\")");
        break;
    case CLAIM_RANGE:
        if (!has_lower || !has_upper || !(c->lower < c->upper))
            reject(c, "a range claim needs lower < upper");
        break;
    case CLAIM_THRESHOLD:
        if (has_lower == has_upper)
            reject(c, "a threshold claim needs exactly one of lower and upper");
        break;
    case CLAIM_ORDER:
        if (!strchr(c->bench, '>') || c->bench[0] == '>' || strstr(c->bench, ">>"))
            reject(c, "an order claim needs bench \"A>B[>C...]\", not \"%s\"", c->bench);
        break;
    case CLAIM_SPREAD:
        if (strncmp(c->baseline, "table:", 6) != 0 || table_row(tables, c->baseline + 6) < 0)
            reject(c, "a spread claim needs baseline \"table:<an article table>\", not \"%s\"",
                   c->baseline);
        break;
    default: break;
    }
    if (c->kind == CLAIM_RATIO && strncmp(c->baseline, "bench:", 6) != 0 &&
        !env_name_known(c->baseline, 1))
        reject(c, "a ratio claim needs baseline \"<env>\" or \"bench:<name>\", not \"%s\"",
               c->baseline);
    if (c->kind == CLAIM_CHECK && *c->baseline && (!env_name_known(c->baseline, 1) || !(c->claimed > 0)))
        reject(c, "a check between environments needs baseline \"<env>\" and a claimed ratio > 0");
    if (!isnan(c->margin) && !(c->margin > 0 && c->margin < 1))
        reject(c, "margin %g is not in (0, 1)", c->margin);
    if (!isnan(c->tolerance) && !(c->tolerance > 0 && c->tolerance < 1))
        reject(c, "tolerance %g is not in (0, 1)", c->tolerance);
    if (!isnan(c->bound) != (c->bound_why[0] != '\0'))
        reject(c, "bound and bound_why go together: a bound needs its physical argument");
    if (!isnan(c->bound) && !(c->bound > 1))
        reject(c, "bound %g is not a factor > 1", c->bound);
}

/* comparability: absent or empty is "same" (today's judgment); any other word needs its reason,
 * and only a claim the decision table judges can have one (a check is our own set-up). */
static void check_comparability(claim *c, const char *word)
{
    c->comparability = COMPARABLE_SAME;
    if (!*word)
        return;
    int k = 0;
    while (k < COMPARABILITIES && strcmp(comparability_words[k], word) != 0)
        k++;
    if (k == COMPARABILITIES) {
        reject(c, "unknown comparability \"%s\" (same, analogue, other-hardware, other-setup, "
                  "condition-absent)", word);
        return;
    }
    c->comparability = (comparability)k;
    if (k != COMPARABLE_SAME && !*c->comparability_why)
        reject(c, "comparability %s needs its reason (comparability_why)", word);
    if (k != COMPARABLE_SAME && (c->kind == CLAIM_CHECK || c->kind == CLAIM_NONE))
        reject(c, "a %s row is judged as it is: comparability %s has no meaning for it",
               claim_kind_word(c->kind), word);
}

static void parse_row(const tsv_table *t, size_t r, const tsv_table *tables, claim *c)
{
#define F(col) claimdef_at(t, r, CLAIMDEF_##col)
    *c = (claim){.path = t->path,
                 .line = t->rows[r].line,
                 .id = F(ID),
                 .table = F(TABLE),
                 .article_env = F(ARTICLE_ENV),
                 .metric = F(METRIC),
                 .env = F(ENV),
                 .baseline = F(BASELINE),
                 .claimed_text = F(CLAIMED_TEXT),
                 .text = F(TEXT),
                 .bench = F(BENCH),
                 .bound_why = F(BOUND_WHY),
                 .comparability_why = F(COMPARABILITY_WHY)};
    if (!*c->id)
        reject(c, "empty id");
    long trow = table_row(tables, c->table);
    if (trow < 0)
        reject(c, "table \"%s\" is not in %s", c->table, tables->path);
    if (claim_kind_parse(F(KIND), &c->kind) != 0) {
        reject(c, "unknown kind \"%s\"", F(KIND));
        c->kind = CLAIM_NONE;
    }
    c->claimed = number(c, F(CLAIMED), "claimed");
    c->margin = number(c, F(MARGIN), "margin");
    c->tolerance = number(c, F(TOLERANCE), "tolerance");
    c->lower = number(c, F(LOWER), "lower");
    c->upper = number(c, F(UPPER), "upper");
    c->bound = number(c, F(BOUND), "bound");
    if (c->kind != CLAIM_NONE) {
        if (trow >= 0 && !metric_of_table(tables, trow, c->metric))
            reject(c, "metric \"%s\" is not one of %s's metrics in %s", c->metric, c->table,
                   tables->path);
        if (!*c->env)
            reject(c, "no env");
        check_envs(c);
    }
    check_kind_fields(c, tables);
    check_comparability(c, F(COMPARABILITY));
#undef F
}

int claims_load(const char *path, const tsv_table *tables, claims_file *out)
{
    memset(out, 0, sizeof *out);
    if (tsv_load(path, &out->file) != 0)
        return -1;
    char header_wrong[256];
    check_header(&out->file, header_wrong, sizeof header_wrong);
    tsv_map(&out->file, &claimdef_schema); /* a column the header lacks reads as "" */
    int rc = header_wrong[0] ? -1 : 0;
    out->claims = xcalloc(out->file.nrows ? out->file.nrows : 1, sizeof *out->claims);
    for (size_t r = 0; r < out->file.nrows; r++) {
        claim *c = &out->claims[out->n++];
        parse_row(&out->file, r, tables, c);
        if (header_wrong[0] && !c->invalid[0]) /* already logged once, for line 1 */
            snprintf(c->invalid, sizeof c->invalid, "%s", header_wrong);
        for (size_t k = 0; k + 1 < out->n; k++)
            if (!strcmp(out->claims[k].id, c->id))
                reject(c, "duplicate id \"%s\" (first on line %ld)", c->id, out->claims[k].line);
        rc |= c->invalid[0] ? -1 : 0;
    }
    return rc ? -1 : 0;
}

void claims_file_free(claims_file *f)
{
    free(f->claims);
    tsv_free(&f->file);
    memset(f, 0, sizeof *f);
}

int tables_validate(tsv_table *tables)
{
    int rc = tsv_bind(tables, &tables_schema);
    for (size_t r = 0; r < tables->nrows && rc == 0; r++) {
        const char *status = tables_at(tables, r, TABLES_STATUS);
        const char *base = tables_at(tables, r, TABLES_BASELINE);
        long line = tables->rows[r].line;
        if (strcmp(status, "measured") != 0 && strcmp(status, "not reproducible") != 0) {
            log_error_at(tables->path, line,
                         "status \"%s\" is neither \"measured\" nor \"not "
                         "reproducible\"",
                         status);
            rc = -1;
        } else if (!env_name_known(base, 0)) {
            log_error_at(tables->path, line, "unknown baseline env \"%s\"", base);
            rc = -1;
        }
        for (size_t k = 0; k < r; k++)
            if (!strcmp(tables_at(tables, k, TABLES_TABLE), tables_at(tables, r, TABLES_TABLE))) {
                log_error_at(tables->path, line, "duplicate table \"%s\"",
                             tables_at(tables, r, TABLES_TABLE));
                rc = -1;
            }
    }
    return rc;
}
