/* seq.c - `repro-probe seq CMD [ARGS...] [\; CMD [ARGS...] ...]`: runs the commands one after
 * another with this process's stdout and stderr, as `CMD1 && CMD2` would without a shell (the
 * images need none). One cell can so hold two measurements, e.g. Table 1's prebuilt benchmark
 * and then the article's whole go test command. Exit status: the first failing command's. */
#include "probe.h"

#include <stdio.h>
#include <string.h>

int probe_seq(int argc, char **argv)
{
    int i = 0;
    if (argc < 1) {
        fprintf(stderr, "usage: repro-probe seq CMD [ARGS...] [\\; CMD [ARGS...] ...]\n");
        return 2;
    }
    while (i < argc) {
        int start = i;
        while (i < argc && strcmp(argv[i], ";") != 0)
            i++;
        char *end = argv[i]; /* ";" or NULL */
        argv[i] = NULL;
        int rc = start < i ? probe_run("repro-probe seq", argv + start, NULL) : 0;
        argv[i] = end;
        if (rc != 0)
            return rc;
        i += i < argc;
    }
    return 0;
}
