/* Fuzzes render's report model through its public entry point, report_load(dir)
 * (stages/render/report_load.c): the input is the analysis directory's files, separated by form
 * feeds in the order below, written to a directory in /dev/shm. Loading builds the whole model
 * (rows, reasons, links, problems), so every lookup the renderers rely on is exercised. */
#include "fsutil.h"
#include "fuzz.h"
#include "render/report.h"

#include <unistd.h>

FUZZ_QUIET_LOGS

static const char *const files[] = {"run.tsv",     "envs.tsv",    "meta.tsv",        "cells.tsv",
                                    "tables.tsv",  "summary.tsv", "comparisons.tsv", "claims.tsv",
                                    "samples.tsv", "notes.tsv"};
enum { NFILES = sizeof files / sizeof *files };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *part[NFILES], dir[64], path[128];
    fuzz_split(text, part, NFILES);
    snprintf(dir, sizeof dir, "/dev/shm/repro-fuzz-model-%d", (int)getpid());
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (fs_write_atomic(path, part[i], strlen(part[i])) != 0)
            abort();
    }
    report r;
    if (report_load(dir, &r) == 0)
        report_free(&r);
    for (size_t i = 0; i < NFILES; i++) { /* nothing left in /dev/shm */
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    free(text);
    return 0;
}
