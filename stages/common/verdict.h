/* verdict.h - the one list of verdict words, shared by analyze (which decides them) and render
 * (which shows them). A verdict is an enum everywhere in C; its word appears only here, so the
 * vocabulary of docs/verdicts.md cannot drift between the stages. */
#ifndef VERDICT_H
#define VERDICT_H

typedef enum {
    VERDICT_REPRODUCED,       /* ratio, range, threshold, order, spread */
    VERDICT_REFUTED,          /* the data rule the claim out, without pointing the other way */
    VERDICT_CONTRADICTED,     /* the data point the other way */
    VERDICT_INCONCLUSIVE,     /* the interval holds the claim and its alternative alike */
    VERDICT_NOT_MEASURED,     /* no samples (or an invalid claim row): the reason is given */
    VERDICT_NOT_REPRODUCIBLE, /* the table describes no experiment */
    VERDICT_EQUAL,            /* count */
    VERDICT_DIFFERS,          /* count, absolute */
    VERDICT_CONSISTENT,       /* absolute, with a tolerance */
    VERDICT_OTHER_HARDWARE,   /* absolute, without a tolerance: shown as a factor */
    VERDICT_IMPLAUSIBLE,      /* absolute, beyond a stated physical bound */
    VERDICT_PASS,             /* harness check */
    VERDICT_FAIL,             /* harness check */
    VERDICT_SMOKE,            /* a table run as a smoke sample (PROFILE=quick): no verdict */
    VERDICT_COUNT
} verdict_kind;

/* How a report colours a verdict: the data agree with the article, disagree, or neither. */
typedef enum {
    VERDICT_TONE_GOOD,
    VERDICT_TONE_BAD,
    VERDICT_TONE_MID,
    VERDICT_TONE_NONE
} verdict_tone;

const char *verdict_word(verdict_kind v);
/* 0 and *v set, or -1 when word is not a verdict. */
int verdict_parse(const char *word, verdict_kind *v);
verdict_tone verdict_tone_of(verdict_kind v);
/* One sentence for a report's "how to read" section. */
const char *verdict_meaning(verdict_kind v);

#endif
