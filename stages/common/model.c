/* model.c - the one word table of each vocabulary in model.h. */
#include "model.h"

#include <string.h>

static const char *const env_words[ENV_STATUSES] = {
    [ENV_STATUS_OK] = "ok", [ENV_STATUS_UNAVAILABLE] = "unavailable",
    [ENV_STATUS_FAILED] = "failed"};

static const char *const cell_words[CELL_STATUSES] = {
    [CELL_OK] = "ok", [CELL_FAILED] = "failed", [CELL_UNSUPPORTED] = "unsupported"};

static const char *const kind_words[CLAIM_KINDS] = {
    [CLAIM_RATIO] = "ratio",   [CLAIM_ABSOLUTE] = "absolute",   [CLAIM_COUNT] = "count",
    [CLAIM_RANGE] = "range",   [CLAIM_THRESHOLD] = "threshold", [CLAIM_ORDER] = "order",
    [CLAIM_SPREAD] = "spread", [CLAIM_CHECK] = "check",         [CLAIM_NONE] = "none"};

static int parse(const char *const *words, int n, const char *word)
{
    for (int i = 0; word && i < n; i++)
        if (!strcmp(words[i], word))
            return i;
    return -1;
}

const char *env_status_word(env_status s)
{
    return (unsigned)s < ENV_STATUSES ? env_words[s] : "?";
}

int env_status_parse(const char *word, env_status *out)
{
    int i = parse(env_words, ENV_STATUSES, word);
    if (i >= 0)
        *out = (env_status)i;
    return i >= 0 ? 0 : -1;
}

int env_status_is(const char *word, env_status s)
{
    env_status got;
    return env_status_parse(word, &got) == 0 && got == s;
}

const char *cell_status_word(cell_status s)
{
    return (unsigned)s < CELL_STATUSES ? cell_words[s] : "?";
}

int cell_status_parse(const char *word, cell_status *out)
{
    int i = parse(cell_words, CELL_STATUSES, word);
    if (i >= 0)
        *out = (cell_status)i;
    return i >= 0 ? 0 : -1;
}

int cell_status_is(const char *word, cell_status s)
{
    cell_status got;
    return cell_status_parse(word, &got) == 0 && got == s;
}

const char *claim_kind_word(claim_kind k)
{
    return (unsigned)k < CLAIM_KINDS ? kind_words[k] : "?";
}

int claim_kind_parse(const char *word, claim_kind *out)
{
    int i = parse(kind_words, CLAIM_KINDS, word);
    if (i >= 0)
        *out = (claim_kind)i;
    return i >= 0 ? 0 : -1;
}
