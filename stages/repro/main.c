/* repro - one command line for the whole tool, dispatching git-style: `repro compare A B` runs
 * repro-compare from the same directory, `repro push` runs `repro-archive push`, `repro report`
 * runs pipeline/report.sh with this directory's programs. Each command keeps its own --help;
 * this file only knows the table below. */
#include "repro/repro.h"

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
    fprintf(to, "usage: repro <command> [options]      repro --version | --help\n\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n`repro <command> --help` for each. report and site are scripts of the checkout\n"
                "(run from it); report takes PROFILE [RUN [STAGE]] and the variables of\n"
                "pipeline/report.sh (RUNS=, RESULTS=, OUT=, PUSH=, REPRO_ENVS=, ...).\n");
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

static void script_help(const command *c)
{
    if (!strcmp(c->name, "report"))
        printf("usage: repro report [PROFILE [RUN [STAGE]]]\n"
               "The pipeline (pipeline/report.sh): a new run with PROFILE full or quick, or\n"
               "RUN=<id> re-rendered from the archive; STAGE one of collect normalize archive\n"
               "analyze render. Environment: RUNS, RESULTS, OUT, CLAIMS, TABLES, TEMPLATES,\n"
               "REJUDGE, PUSH (push to this remote after archiving), REPRO_ENVS, REPRO_TABLES,\n"
               "REPRO_REPS, REPRO_MACHINE_ID, REPRO_MACHINE_LABEL. `make report` calls it.\n");
    else
        printf("usage: repro site\n"
               "Writes $OUT/site/ [out/site] from the results repository $RESULTS\n"
               "[data/results]: index, every run's report, compare pages of consecutive runs,\n"
               "each machine's history and the fleet page; relative links, nothing external.\n");
}

int main(int argc, char **argv)
{
    log_set_program("repro");
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("repro %s\n", repro_revision());
        return 0;
    }
    const command *c = NULL;
    for (size_t i = 0; i < NCOMMANDS && !c; i++)
        if (!strcmp(argv[1], commands[i].name))
            c = &commands[i];
    if (!c) {
        log_error("\"%s\" is not a repro command", argv[1]);
        usage(stderr);
        return 2;
    }
    int script = strchr(c->program, '/') != NULL;
    if (script && argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        script_help(c);
        return 0;
    }
    char *bin = own_dir(), *program;
    if (script) { /* the scripts use the checkout's relative paths and this directory's programs */
        char *home = checkout_of(bin, c->program);
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
    for (int i = 2; i < argc; i++)
        args[n++] = argv[i];
    execv(program, args);
    die("%s: %s", program, strerror(errno));
}
