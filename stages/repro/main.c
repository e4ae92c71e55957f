/* repro - one command line for the whole tool, dispatching git-style: `repro compare A B` runs
 * repro-compare from the same directory, `repro push` runs `repro-archive push`, `repro report`
 * runs pipeline/report.sh with this directory's programs. Each command keeps its own --help;
 * this file only knows the table below, `repro help [CMD]`, and that `repro CMD help` and
 * `repro CMD --version` mean the same for every command (cli.h). */
#include "cli.h"
#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *name, *program, *subcommand; /* program: a file next to repro, or a script */
    const char *summary;
} command;

static const command commands[] = {
    {"report", "pipeline/report.sh", NULL, "collect, normalize, archive, analyze, render a run"},
    {"collect", "repro-collect", NULL, "run the benchmarks in each environment"},
    {"normalize", "repro-normalize", NULL, "raw output -> samples in Go's benchmark format"},
    {"analyze", "repro-analyze", NULL, "samples -> statistics and verdicts (the report model)"},
    {"render", "repro-render", NULL, "the report model -> Markdown, HTML, XLSX"},
    {"archive", "repro-archive", NULL, "the results repository (commit, extract, list, ...)"},
    {"compare", "repro-compare", NULL, "two archived runs: per-metric change and claim moves"},
    {"history", "repro-history", NULL, "a machine's runs as series, with steps found"},
    {"fleet", "repro-fleet", NULL, "every claim on every machine, pooled across machines"},
    {"push", "repro-archive", "push", "this machine's runs to the shared remote"},
    {"pull", "repro-archive", "pull", "every machine's runs from the shared remote"},
    {"list", "repro-archive", "list", "the archived runs"},
    {"machine", "repro-archive", "machine", "this machine's id and label"},
    {"site", "pipeline/site.sh", NULL, "a static site of every run, compare, history, fleet"},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *to)
{
    fprintf(to, "usage: repro <command> [options]      repro help [COMMAND] | --version\n\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n`repro help <command>` (or `repro <command> --help`) for each; every command\n"
                "also takes --version. report and site are scripts of the checkout, run from it\n"
                "(relative paths in their variables are taken from the current directory).\n");
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name))
            return &commands[i];
    return NULL;
}

/* The directory this executable is in. */
static char *own_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        die("/proc/self/exe: %s", strerror(errno));
    buf[n] = '\0';
    return xstrdup(dirname(buf));
}

/* The checkout holding the scripts: $REPRO_HOME, else the nearest parent of bin holding it. */
static char *checkout_of(const char *bin, const char *script)
{
    const char *home = getenv("REPRO_HOME");
    if (home && *home)
        return xstrdup(home);
    char *dir = xstrdup(bin);
    for (int up = 0; up < 6; up++) {
        char *path = xasprintf("%s/%s", dir, script);
        int found = fs_exists(path);
        free(path);
        if (found)
            return dir;
        char *parent = xasprintf("%s/..", dir);
        free(dir);
        dir = parent;
    }
    free(dir);
    die("%s: not found above %s (set REPRO_HOME to the checkout)", script, bin);
}

static void report_help(FILE *to)
{
    fprintf(to,
            "usage: repro report [PROFILE [RUN [STAGE]]]\n"
            "The pipeline (pipeline/report.sh): a new run with PROFILE full or quick, or\n"
            "RUN=<id> re-rendered from the archive; STAGE one of collect normalize archive\n"
            "analyze render. `make report` calls it. Environment (relative paths are taken\n"
            "from the current directory; the defaults are the checkout's):\n"
            "  RUNS [data/runs]  RESULTS [data/results]  OUT [out]  CLAIMS [data/claims]\n"
            "  TABLES [data/tables.tsv]  TEMPLATES [templates]\n"
            "  REJUDGE=1   judge RUN with today's claims instead of its archived ones\n"
            "  PUSH=URL    push to this remote after archiving\n"
            "  RESUME      unset: continue an unfinished run of the same settings;\n"
            "              no: start a new one; yes (with RUN): continue that run\n"
            "  REPRO_ENVS, REPRO_TABLES   the environments and tables (comma lists)\n"
            "  REPRO_REPS      samples per cell      REPRO_BUDGET    the time budget\n"
            "  REPRO_PRECISION the precision target in %% (empty: off)\n"
            "  REPRO_BENCH     the benchmark options of Table 1\n"
            "  REPRO_MACHINE_ID, REPRO_MACHINE_LABEL   this machine's id and label\n"
            "A stage that fails stops the pipeline with exit 1; the previous report stays.\n");
}

static void site_help(FILE *to)
{
    fprintf(to, "usage: repro site\n"
                "Writes $OUT/site/ [out/site] from the results repository $RESULTS\n"
                "[data/results]: index, every run's report, compare pages of consecutive runs,\n"
                "each machine's history and the fleet page; relative links, nothing external.\n"
                "Relative paths are taken from the current directory.\n");
}

/* A script's relative path variables made absolute from the caller's directory, before the
 * dispatcher moves to the checkout home: OUT=x means ./x where the user is, not in the
 * checkout. Run from the checkout (make), nothing changes. */
static void absolute_vars(const char *home)
{
    static const char *const vars[] = {"RUNS", "RESULTS", "OUT", "CLAIMS", "TABLES", "TEMPLATES"};
    char cwd[PATH_MAX], there[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        die("the current directory: %s", strerror(errno));
    if (realpath(home, there) && !strcmp(there, cwd))
        return;
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v && *v != '/') {
            char *abs = xasprintf("%s/%s", cwd, v);
            setenv(vars[i], abs, 1);
            free(abs);
        }
    }
}

/* `repro CMD -h|--help|help` and `repro CMD --version` for the scripts, which have no
 * options of their own; 1 when handled. */
static int script_option(const command *c, int argc, char **argv)
{
    if (argc > 2 && cli_is_help(argv[2])) {
        cli_begin(c->name, !strcmp(c->name, "report") ? report_help : site_help);
        cli_help();
    }
    if (argc > 2 && !strcmp(argv[2], "--version")) {
        printf("repro %s %s\n", c->name, repro_revision());
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    cli_begin(NULL, usage);
    if (argc < 2)
        cli_usage_error("no command given (repro help lists them)");
    if (cli_is_help(argv[1]) && argc == 2)
        cli_help();
    if (!strcmp(argv[1], "--version")) {
        printf("repro %s\n", repro_revision());
        return 0;
    }
    int help = cli_is_help(argv[1]); /* repro help CMD: repro CMD --help */
    if (help && argc > 3)
        cli_usage_error("repro help takes one command, not \"%s\"", argv[3]);
    const char *name = help ? argv[2] : argv[1];
    const command *c = find_command(name);
    if (!c)
        cli_usage_error("\"%s\" is not a repro command (repro help lists them)", name);
    char *help_argv[] = {argv[0], (char *)c->name, "--help", NULL};
    if (help) {
        argc = 3;
        argv = help_argv;
    }
    int script = strchr(c->program, '/') != NULL;
    if (script && script_option(c, argc, argv))
        return 0;
    char *bin = own_dir(), *program;
    if (script) { /* the scripts use the checkout's relative paths and this directory's programs */
        char *home = checkout_of(bin, c->program);
        absolute_vars(home);
        if (chdir(home) != 0)
            die("%s: %s", home, strerror(errno));
        setenv("BIN", bin, 0);
        program = xasprintf("%s", c->program);
        free(home);
    } else {
        program = xasprintf("%s/%s", bin, c->program);
    }
    char **args = xcalloc((size_t)argc + 2, sizeof *args);
    size_t n = 0;
    args[n++] = program;
    if (c->subcommand)
        args[n++] = (char *)c->subcommand;
    for (int i = 2; i < argc; i++) /* `repro CMD help` is `repro CMD --help`, as in git */
        args[n++] = i == 2 && cli_is_help(argv[i]) ? "--help" : argv[i];
    execv(program, args);
    die("%s: %s", program, strerror(errno));
}
