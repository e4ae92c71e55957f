/* cli.c - the conventions of cli.h in one place: help, version, usage errors and whole-number
 * option values, so every command fails the same way and says what was wrong in one line. */
#include "cli.h"

#include "log.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char program[128] = "repro";
static cli_help_fn help_fn;
static const char *help_text;

void cli_begin(const char *cmd, cli_help_fn help)
{
    snprintf(program, sizeof program, "repro%s%s", cmd ? " " : "", cmd ? cmd : "");
    log_set_program(program);
    help_fn = help;
    help_text = NULL;
    opterr = 0; /* getopt's own messages would be a second style: cli_default says it */
    static int flush_registered;
    if (!flush_registered && atexit(log_flush_errors) == 0)
        flush_registered = 1;
    log_set_error_limit(CLI_ERROR_LIMIT);
}

void cli_help_text(const char *text)
{
    help_text = text;
    help_fn = NULL;
}

void cli_help(void)
{
    if (help_text)
        fputs(help_text, stdout);
    if (help_fn)
        help_fn(stdout);
    fputs(CLI_EXIT_TEXT, stdout);
    exit(0);
}

void cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", program);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", program);
    exit(CLI_EXIT_USAGE);
}

void cli_default(int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    switch (c) {
    case 'h': cli_help();
    case CLI_VERSION:
        printf("%s %s\n", program, repro_revision());
        exit(0);
    case ':': cli_usage_error("option %s needs a value", arg);
    default:
        if (optopt > 0 && optopt < 0x100 && arg[0] == '-' && arg[1] != '-')
            cli_usage_error("unknown option -%c", optopt);
        cli_usage_error("unknown option %s", arg);
    }
}

double cli_double(const char *opt, const char *arg, double lo, double hi)
{
    char *end;
    errno = 0;
    double x = strtod(arg, &end);
    if (end == arg || *end || errno || !isfinite(x) || !(x > lo && x < hi))
        cli_usage_error("%s \"%s\": expected a number greater than %g and less than %g", opt, arg,
                        lo, hi);
    return x;
}

long cli_long(const char *opt, const char *arg, long lo, long hi)
{
    char *end;
    errno = 0;
    long x = strtol(arg, &end, 10);
    if (end == arg || *end || errno || x < lo || x > hi)
        cli_usage_error("%s \"%s\": expected a whole number from %ld to %ld", opt, arg, lo, hi);
    return x;
}

int cli_operands(int argc, char **argv, int min, int max, const char *what)
{
    int n = argc - optind;
    if (n < min)
        cli_usage_error("missing %s", what);
    if (n > max)
        cli_usage_error("unexpected operand \"%s\" (expected %s)", argv[optind + max], what);
    return n;
}

void cli_done(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s: ", program);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

int cli_is_help(const char *arg)
{
    return arg && (!strcmp(arg, "help") || !strcmp(arg, "-h") || !strcmp(arg, "--help"));
}

/* The defaults the commands share (each main.c names its own) and the option that overrides
 * each, for the hint below. */
static const struct {
    const char *path, *opt;
} shared_defaults[] = {{"data/regimes.tsv", "--regimes"},
                       {"data/tables.tsv", "--tables (collect: --tables-file)"},
                       {"data/claims", "--claims"},
                       {"data/envs.tsv", "--envs-file"},
                       {"data/results", "--repo"},
                       {"templates", "--templates"}};

const char *cli_path_hint(const char *path, int err)
{
    static char hint[192];
    if (err != ENOENT || !path || path[0] == '/')
        return "";
    for (size_t i = 0; i < sizeof shared_defaults / sizeof *shared_defaults; i++) {
        size_t n = strlen(shared_defaults[i].path);
        if (!strncmp(path, shared_defaults[i].path, n) && (path[n] == '\0' || path[n] == '/') &&
            access(shared_defaults[i].path, F_OK) != 0) {
            snprintf(hint, sizeof hint,
                     " (default paths are relative to the current directory: run from the "
                     "checkout or pass %s)",
                     shared_defaults[i].opt);
            return hint;
        }
    }
    return "";
}
