/* verdict.c - verdict words, tones and meanings: the table behind verdict.h. */
#include "verdict.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *word;
    verdict_tone tone;
    const char *meaning;
} verdicts[VERDICT_COUNT] = {
    [VERDICT_REPRODUCED] = {"reproduced", VERDICT_TONE_GOOD,
                            "the interval holds the claimed value and rules out no difference"},
    [VERDICT_REFUTED] = {"refuted", VERDICT_TONE_BAD,
                         "the interval rules the claimed value out: no detectable effect at all "
                         "(\"refuted: no effect\"), or an effect of another size (\"refuted: "
                         "smaller/larger effect\"); the tally counts them apart"},
    [VERDICT_CONTRADICTED] = {"contradicted", VERDICT_TONE_BAD,
                              "the interval lies wholly on the other side of no difference"},
    [VERDICT_INCONCLUSIVE] = {"inconclusive", VERDICT_TONE_MID,
                              "the interval holds both the claim and its alternative, or is "
                              "unbounded; the detail says how many samples would decide it"},
    [VERDICT_NOT_MEASURED] = {"not measured", VERDICT_TONE_NONE,
                              "no samples to judge by; the reason is given"},
    [VERDICT_NOT_REPRODUCIBLE] = {"not reproducible", VERDICT_TONE_NONE,
                                  "nothing here re-runs it: the article describes no "
                                  "experiment, or one this project does not run (the detail "
                                  "says which, and why)"},
    [VERDICT_EQUAL] = {"equal", VERDICT_TONE_GOOD,
                       "at least 3 samples, every one equal to the claimed count"},
    [VERDICT_DIFFERS] = {"differs", VERDICT_TONE_BAD,
                         "a count: some sample differs from the claim; an absolute figure: the "
                         "interval lies wholly outside the claim's tolerance band"},
    [VERDICT_CONSISTENT] = {"consistent", VERDICT_TONE_GOOD,
                            "the whole interval lies inside the claim's tolerance band"},
    [VERDICT_OTHER_HARDWARE] = {"other hardware", VERDICT_TONE_MID,
                                "an absolute figure from the article's machine: shown as the "
                                "factor ours / theirs with its interval, not judged"},
    [VERDICT_IMPLAUSIBLE] = {"implausible", VERDICT_TONE_BAD,
                             "the whole interval lies beyond a physical bound the claims file "
                             "states with its argument"},
    [VERDICT_PASS] = {"pass", VERDICT_TONE_NONE,
                      "a harness check: our own set-up did what it should"},
    [VERDICT_FAIL] = {"fail", VERDICT_TONE_BAD,
                      "a harness check: our own set-up did not take effect"},
    [VERDICT_SMOKE] = {"smoke run", VERDICT_TONE_NONE,
                       "the quick profile ran this table as one sample per cell: the values "
                       "show it runs, no verdict is drawn from them"},
    [VERDICT_DIRECTION] = {"direction reproduced", VERDICT_TONE_GOOD,
                           "measured on a stand-in (the claims file says which and why): the "
                           "interval excludes no difference on the claim's side; its size cannot "
                           "be compared with the article's"},
    [VERDICT_NOT_APPLICABLE] = {"not applicable", VERDICT_TONE_NONE,
                                "the claim's condition is absent here (no such hardware, no such "
                                "network): the reason is given, nothing is judged"},
    [VERDICT_NOT_COMPARABLE] = {"not comparable", VERDICT_TONE_MID,
                                "a quantity of another set-up (another Go version or package, "
                                "another tool, a size the article does not give): shown as the "
                                "factor ours / theirs, not judged"},
};

const char *verdict_word(verdict_kind v)
{
    return v < VERDICT_COUNT ? verdicts[v].word : "?";
}

int verdict_parse(const char *word, verdict_kind *v)
{
    for (int i = 0; i < VERDICT_COUNT; i++)
        if (!strcmp(verdicts[i].word, word)) {
            *v = (verdict_kind)i;
            return 0;
        }
    return -1;
}

verdict_tone verdict_tone_of(verdict_kind v)
{
    return v < VERDICT_COUNT ? verdicts[v].tone : VERDICT_TONE_NONE;
}

const char *verdict_meaning(verdict_kind v)
{
    return v < VERDICT_COUNT ? verdicts[v].meaning : "";
}

static const char *const effect_words[] = {[EFFECT_UNSAID] = "", [EFFECT_NONE] = "none",
                                           [EFFECT_SMALLER] = "smaller", [EFFECT_LARGER] = "larger"};

const char *verdict_effect_word(verdict_effect e)
{
    return e <= EFFECT_LARGER ? effect_words[e] : "";
}

int verdict_effect_parse(const char *word, verdict_effect *e)
{
    for (int i = EFFECT_UNSAID; i <= EFFECT_LARGER; i++)
        if (!strcmp(effect_words[i], word)) {
            *e = (verdict_effect)i;
            return 0;
        }
    return -1;
}

const char *verdict_effect_tally(verdict_effect e)
{
    return e == EFFECT_NONE                            ? ": no effect"
           : e == EFFECT_SMALLER || e == EFFECT_LARGER ? ": smaller/larger effect"
                                                       : "";
}

int verdict_unit_is_time(const char *unit)
{
    size_t n = strlen(unit);
    /* "typical-ns/op" too: T1's median run is a time like its fastest */
    return (n >= 5 && !strcmp(unit + n - 5, "ns/op")) || !strcmp(unit, "sec/op") ||
           (n > 3 && !strcmp(unit + n - 3, "-ns"));
}

int verdict_no_difference_words(double r, double lo, double hi, int side, const char *unit,
                                char *buf, size_t len)
{
    int time = verdict_unit_is_time(unit);
    /* with its article: "an increase", never "a increase" */
    const char *up = time ? "a slowdown" : "an increase", *down = time ? "a speedup" : "a decrease";
    double above = (hi - 1) * 100, below = (1 - lo) * 100;
    int n = snprintf(buf, len, "no detectable difference (%+.1f%%, [%+.1f%%, %+.1f%%]); ",
                     (r - 1) * 100, (lo - 1) * 100, above);
    if (n < 0 || (size_t)n >= len)
        return n;
    if (side > 0)
        return n + snprintf(buf + n, len - (size_t)n, "%s above %.1f%% is ruled out", up, above);
    if (side < 0)
        return n + snprintf(buf + n, len - (size_t)n, "%s above %.1f%% is ruled out", down,
                            below);
    return n + snprintf(buf + n, len - (size_t)n, "%s above %.1f%% and %s above %.1f%% are "
                        "ruled out", up, above, down, below);
}
