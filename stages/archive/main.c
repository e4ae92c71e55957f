/* repro-archive - the results repository (libgit2): one entry point, one file per subcommand. */
#include "archive.h"

#include "cli.h"
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
                "log` shows one commit per run. `repro-archive <command> --help` for details.\n"
                "push, pull, list and machine are also `repro push` ... (their messages say so).\n");
}

int main(int argc, char **argv)
{
    cli_begin("archive", usage);
    if (argc < 2)
        cli_usage_error("no command given (commit, extract, list, machine, migrate, push, pull)");
    if (!strcmp(argv[1], "--version"))
        cli_default(CLI_VERSION, argv);
    if (cli_is_help(argv[1])) {
        if (argc == 2)
            cli_help();
        argv[1] = argv[2]; /* repro-archive help CMD: CMD --help */
        argv[2] = "--help";
        argc = 3;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"commit", cmd_commit}, {"extract", cmd_extract}, {"list", cmd_list},
                  {"machine", cmd_machine}, {"migrate", cmd_migrate},
                  {"push", cmd_push}, {"pull", cmd_pull}};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        if (strcmp(argv[1], cmds[i].name) == 0) {
            /* push, pull, list and machine are repro's own commands too: named so */
            int top = i >= 5 || !strcmp(argv[1], "list") || !strcmp(argv[1], "machine");
            char *name = xasprintf("%s%s", top ? "" : "archive ", argv[1]);
            cli_begin(name, NULL);
            if (argc > 2 && cli_is_help(argv[2]))
                argv[2] = "--help"; /* `repro push help`: help, never a remote named help */
            git_libgit2_init();
            int rc = cmds[i].fn(argc - 1, argv + 1);
            git_libgit2_shutdown();
            free(name);
            return rc;
        }
    }
    cli_usage_error("\"%s\" is not an archive command (commit, extract, list, machine, migrate, "
                    "push, pull)", argv[1]);
}
