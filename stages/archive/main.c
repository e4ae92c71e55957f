/* repro-archive - the results repository (libgit2): one entry point, one file per subcommand. */
#include "archive.h"

#include "log.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *to)
{
    fprintf(to, "usage: repro-archive <command> [options]\n"
                "\n"
                "  commit  --run-dir DIR [--repo PATH]   archive a run: one commit, tag run/<id>\n"
                "  extract --run ID --to DIR [--repo PATH]  write an archived run into DIR\n"
                "  (commit and extract also keep what judged a run: the claims, tables, templates)\n"
                "  list    [--repo PATH]                 the archived runs\n"
                "  machine                               this machine's id and label\n"
                "  migrate [--repo PATH]                 runs/<id>/ -> machines/<m>/runs/<id>/\n"
                "  push    [REMOTE] [--repo PATH]        this machine's runs to a shared remote\n"
                "  pull    [REMOTE] [--repo PATH]        every machine's runs from it\n"
                "\n"
                "The repository [data/results] is an ordinary git repository: `git -C data/results\n"
                "log` shows one commit per run. `repro-archive <command> --help` for details.\n");
}

int main(int argc, char **argv)
{
    log_set_program("repro-archive");
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"commit", cmd_commit}, {"extract", cmd_extract}, {"list", cmd_list},
                  {"machine", cmd_machine}, {"migrate", cmd_migrate},
                  {"push", cmd_push}, {"pull", cmd_pull}};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        if (strcmp(argv[1], cmds[i].name) == 0) {
            git_libgit2_init();
            int rc = cmds[i].fn(argc - 1, argv + 1);
            git_libgit2_shutdown();
            return rc;
        }
    }
    log_error("unknown command \"%s\"", argv[1]);
    usage(stderr);
    return 2;
}
