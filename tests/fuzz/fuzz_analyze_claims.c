/* Fuzzes the loaders of the article's tables and claims (stages/analyze/claims_load.c):
 * data/tables.tsv through tables_validate, then a form feed, then a claims file through
 * claims_load (which reads a path: the part is written to a file in /dev/shm first). */
#include "analyze/claims.h"
#include "fsutil.h"
#include "fuzz.h"

#include <unistd.h>

FUZZ_QUIET_LOGS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *part[2];
    fuzz_split(text, part, 2);
    tsv_table tables;
    if (tsv_parse("tables.tsv", part[0], &tables) == 0) {
        if (tables_validate(&tables) == 0) {
            char path[64];
            snprintf(path, sizeof path, "/dev/shm/repro-fuzz-claims-%d.tsv", (int)getpid());
            if (fs_write_atomic(path, part[1], strlen(part[1])) != 0)
                abort();
            claims_file cf;
            claims_load(path, &tables, &cf);
            bench_pair *pairs = NULL;
            size_t npairs = 0;
            if (cf.file.path)
                claims_pairs(cf.claims, cf.n, &pairs, &npairs);
            claims_pairs_free(pairs, npairs);
            claims_file_free(&cf);
            unlink(path);
        }
        tsv_free(&tables);
    }
    free(text);
    return 0;
}
