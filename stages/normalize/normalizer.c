/* normalizer.c - which normalizer reads which table's raw output, and what they share: the Unit
 * lines and the probes' notes, each kept once through a hash (a substring search both hid "a"
 * behind "xa" and made many notes quadratic). */
#include "normalizer.h"

#include "benchfmt.h"
#include "fsutil.h"
#include "log.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
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

int norm_unit(norm_state *st, const char *unit, const char *key, const char *value)
{
    char *both = xasprintf("%s\t%s", unit, key);
    int added;
    size_t i = strmap_add(&st->unit_seen, both, value, &added);
    free(both);
    if (added)
        bf_put_unit(&st->units, unit, key, value);
    return added || !strcmp(st->unit_seen.values[i], value) ? 0 : -1;
}

/* Keeps one "# unsupported <case>: <why>" line (line, len bytes) unless seen before. */
static void note(norm_state *st, const char *line, size_t len)
{
    static const char tag[] = "# unsupported ";
    if (len < sizeof tag - 1 || strncmp(line, tag, sizeof tag - 1) != 0)
        return;
    const char *c = line + sizeof tag - 1, *end = line + len;
    const char *colon = memmem(c, (size_t)(end - c), ": ", 2);
    if (!colon)
        return;
    char *what = xasprintf("%.*s", (int)(colon - c), c);
    char *why = xasprintf("%.*s", (int)(end - colon - 2), colon + 2);
    strbuf row = {0};
    const char *fields[] = {what, why};
    tsv_put_row(&row, 2, fields);
    int added;
    strmap_add(&st->note_seen, sb_str(&row), NULL, &added);
    if (added)
        sb_add(&st->notes, row.buf, row.len);
    sb_free(&row);
    free(what);
    free(why);
}

void norm_notes(norm_state *st, const char *text)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        note(st, p, len && p[len - 1] == '\r' ? len - 1 : len);
        p += len + (p[len] == '\n');
    }
}

void norm_notes_reset(norm_state *st)
{
    sb_reset(&st->notes);
    strmap_free(&st->note_seen);
}

char *norm_read(const char *path)
{
    size_t len;
    char *text = fs_read_file(path, &len);
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    if (strlen(text) != len) {
        long line = 1;
        for (const char *p = text; *p; p++)
            line += *p == '\n';
        log_error_at(path, line, "a NUL byte: not the text a tool prints");
        free(text);
        return NULL;
    }
    return text;
}

void norm_state_free(norm_state *st)
{
    sb_free(&st->units);
    sb_free(&st->notes);
    strmap_free(&st->unit_seen);
    strmap_free(&st->note_seen);
}

int norm_put_result(const char *path, long line, strbuf *out, const char *name, long iters,
                    size_t n, const char *const *units, const double *values)
{
    for (size_t i = 0; i < n; i++) {
        const char *why = bf_value_problem(units[i], values[i]);
        if (why) {
            char v[64];
            snprintf(v, sizeof v, "%.17g", values[i]);
            log_error_at(path, line, "%s: value %s %s: %s", name, v, units[i], why);
            return -1;
        }
    }
    bf_put_result(out, name, iters, n, units, values);
    return 0;
}
