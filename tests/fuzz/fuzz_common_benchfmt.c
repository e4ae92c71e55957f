/* Fuzzes the benchmark-format reader (stages/common/benchfmt.c) with its accessors, and checks
 * that every result it reads, written back with the writer, reads back the same. */
#include "fuzz.h"

FUZZ_QUIET_LOGS

static void round_trip(const bf_file *f)
{
    strbuf sb = {0};
    for (size_t i = 0; i < f->nunits; i++)
        bf_put_unit(&sb, f->units[i].unit, f->units[i].key, f->units[i].value);
    for (size_t i = 0; i < f->nresults; i++) {
        const bf_result *r = &f->results[i];
        const char *units[32];
        double values[32];
        for (size_t k = 0; k < r->nm; k++) {
            units[k] = r->m[k].unit;
            values[k] = r->m[k].value;
        }
        bf_put_result(&sb, r->name, r->iters, r->nm, units, values);
    }
    bf_file g;
    if (bf_parse("again", sb_str(&sb), &g) != 0 || g.nresults != f->nresults)
        abort();
    for (size_t i = 0; i < g.nresults; i++)
        for (size_t k = 0; k < g.results[i].nm; k++)
            if (g.results[i].m[k].value != f->results[i].m[k].value ||
                strcmp(g.results[i].m[k].unit, f->results[i].m[k].unit) != 0)
                abort();
    bf_free(&g);
    sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    bf_file f;
    if (bf_parse("fuzz.txt", text, &f) == 0) {
        char buf[256];
        for (size_t i = 0; i < f.nresults; i++) {
            const bf_result *r = &f.results[i];
            bf_config_get(&f, r, "env");
            bf_config_get(&f, r, "table");
            bf_base_name(r->name, buf, sizeof buf);
            for (size_t k = 0; k < r->nm; k++)
                bf_unit_meta(&f, r->m[k].unit, "better");
        }
        round_trip(&f);
        bf_free(&f);
    }
    free(text);
    return 0;
}
