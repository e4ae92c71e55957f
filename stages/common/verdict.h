/* verdict.h - the one list of verdict words, shared by analyze (which decides them) and render
 * (which shows them). A verdict is an enum everywhere in C; its word appears only here, so the
 * vocabulary of docs/verdicts.md cannot drift between the stages. */
#ifndef VERDICT_H
#define VERDICT_H

#include <stddef.h>

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
    VERDICT_DIRECTION,        /* an analogue: the direction holds, its size is not comparable */
    VERDICT_NOT_APPLICABLE,   /* the claim's condition is absent here: the reason is given */
    VERDICT_NOT_COMPARABLE,   /* a figure of another set-up (software, sizes, tools): a factor */
    VERDICT_COUNT
} verdict_kind;

/* How a report colours a verdict: the data agree with the article, disagree, or neither. */
typedef enum {
    VERDICT_TONE_GOOD,
    VERDICT_TONE_BAD,
    VERDICT_TONE_MID,
    VERDICT_TONE_NONE
} verdict_tone;

/* How a refuted claim missed (claims.tsv `effect`): the tally keeps "no effect" apart from an
 * effect of another size. UNSAID: not refuted, or a model written before the column. */
typedef enum { EFFECT_UNSAID, EFFECT_NONE, EFFECT_SMALLER, EFFECT_LARGER } verdict_effect;

const char *verdict_word(verdict_kind v);
/* 0 and *v set, or -1 when word is not a verdict. */
int verdict_parse(const char *word, verdict_kind *v);
verdict_tone verdict_tone_of(verdict_kind v);
/* One sentence for a report's "how to read" section. */
const char *verdict_meaning(verdict_kind v);

/* claims.tsv's word for an effect ("", "none", "smaller", "larger"); parse: 0, or -1 when word
 * is none of them. */
const char *verdict_effect_word(verdict_effect e);
int verdict_effect_parse(const char *word, verdict_effect *e);
/* What the tally adds after "refuted": ": no effect" or ": smaller/larger effect" ("" unsaid). */
const char *verdict_effect_tally(verdict_effect e);

/* The words for a ratio interval [lo, hi] that holds 1 (point r): "no detectable difference
 * (+2.1%, [-1.9%, +7.2%]); a slowdown above 7.2% is ruled out". side > 0: the claim lies above 1
 * (the bound above is stated), < 0 below, 0 both bounds; a ratio of times (unit) says
 * slowdown/speedup, of anything else increase/decrease. Returns snprintf's count. */
int verdict_no_difference_words(double r, double lo, double hi, int side, const char *unit,
                                char *buf, size_t len);
/* Is unit a time (ns/op, typical-ns/op, sec/op, *-ns)? Then a ratio above 1 is a slowdown. */
int verdict_unit_is_time(const char *unit);

#endif
