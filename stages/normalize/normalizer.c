/* normalizer.c - which normalizer reads which table's raw output, and what they share. */
#include "normalizer.h"

#include "benchfmt.h"
#include "log.h"

#include <stdlib.h>

#include <string.h>

const normalizer *normalizer_for(const char *table)
{
    static const normalizer *const specific[] = {&norm_gotest, &norm_gotest_controls, &norm_start,
                                                 &norm_strace};
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


void norm_notes(norm_state *st, const char *text)
{
    static const char tag[] = "# unsupported ";
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, tag, sizeof tag - 1) != 0)
            continue;
        const char *c = p + sizeof tag - 1, *colon = strstr(c, ": ");
        size_t end = strcspn(c, "\n");
        if (!colon || colon > c + end)
            continue;
        char *line = xasprintf("%.*s\t%.*s\n", (int)(colon - c), c, (int)(c + end - colon - 2),
                               colon + 2);
        if (!strstr(sb_str(&st->notes), line))
            sb_puts(&st->notes, line);
        free(line);
    }
}
