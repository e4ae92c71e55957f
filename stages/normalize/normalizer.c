/* normalizer.c - which normalizer reads which table's raw output, and what they share. */
#include "normalizer.h"

#include "benchfmt.h"

#include <string.h>

const normalizer *normalizer_for(const char *table)
{
    static const normalizer *const specific[] = {&norm_gotest};
    for (size_t i = 0; i < sizeof specific / sizeof *specific; i++)
        if (strcmp(specific[i]->table, table) == 0)
            return specific[i];
    return &norm_benchfmt;
}

void norm_unit(norm_state *st, const char *unit, const char *key, const char *value)
{
    strbuf line = {0};
    bf_put_unit(&line, unit, key, value);
    if (!strstr(sb_str(&st->units), line.buf))
        sb_puts(&st->units, line.buf);
    sb_free(&line);
}

