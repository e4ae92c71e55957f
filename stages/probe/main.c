/* repro-probe - the project's eyes inside every environment (host, containers, the VM).
 *
 * Static, no dependencies, copied into the image layer; one subcommand per file (probe.h).
 * Also answers to the name repro-rusage (a symlink), as `go test -exec` needs one program. */
#include "probe.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"envinfo", probe_envinfo, "key<TAB>value lines: kernel, virtualization, CPUs, cgroup "
                               "limits, Go version"},
    {"rusage", probe_rusage, "PROG [ARGS...]: run PROG, then print \"# repro-rusage "
                             "maxrss_kib=N utime_us=N stime_us=N wall_us=N\""},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-probe <command> [args]   (runs inside each environment)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(to, "\nrepro-rusage PROG [ARGS...] is repro-probe rusage PROG [ARGS...].\n");
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strcmp(base, "repro-rusage") == 0)
        return probe_rusage(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 2, argv + 2);
    usage(stderr);
    return 2;
}
