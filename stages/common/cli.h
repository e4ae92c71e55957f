/* cli.h - one set of command-line conventions for every command and stage, git's and
 * coreutils' as the model, so no main.c invents its own:
 *   -h/--help     the command's help on stdout, then the exit statuses; exit 0
 *   --version     "repro <cmd> <revision>"; exit 0
 *   a usage error one line, "repro <cmd>: error: <what was wrong>", then where help is; exit 2
 *   a failure     "repro <cmd>: error: ..." (log.h), exit 1 (die() too)
 * Numbers are taken whole: "--conf 0.9x" and "--conf 95" are errors naming the option. */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdio.h>

/* Errors shown before the rest are only counted (log_set_error_limit): a missing templates
 * directory or gnuplot is a few lines and a count, not hundreds. */
#define CLI_ERROR_LIMIT 12
#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_USAGE 2
/* What every --help ends with. */
#define CLI_EXIT_TEXT                                                                      \
    "exit status: 0 done; 1 failed (the error names the file and line where there is one,\n" \
    "and the last good output is left as it was); 2 bad usage (the error says what)\n"     \
    "Relative paths, and the defaults in [], are taken from the current directory.\n"

/* getopt_long's option string and the long options every command takes; put CLI_LONGOPTS
 * before the terminating {0}. */
#define CLI_OPTSTRING ":h"
enum { CLI_VERSION = 0x100 };
#define CLI_LONGOPTS {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, CLI_VERSION}

typedef void (*cli_help_fn)(FILE *to);
/* Names the command ("compare", "archive commit"; NULL for repro itself) for every message
 * (log_set_program("repro <cmd>")) and keeps its help printer. Call first in main. */
void cli_begin(const char *cmd, cli_help_fn help);
/* The help as a fixed text instead of a printer (the later call wins). */
void cli_help_text(const char *text);
/* The cases every getopt_long loop shares: 'h' (help, exit 0), CLI_VERSION (exit 0), '?' (an
 * unknown option) and ':' (an option without its value): usage errors. Never returns. */
_Noreturn void cli_default(int c, char **argv);
/* The help (help printer, then CLI_EXIT_TEXT) on stdout, exit 0. */
_Noreturn void cli_help(void);
/* "repro <cmd>: error: <message>" and "Try 'repro <cmd> --help'." on stderr; exit 2. */
_Noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* arg as a whole number strictly between lo and hi, else a usage error naming opt. */
double cli_double(const char *opt, const char *arg, double lo, double hi);
/* arg as a whole integer in [lo, hi], else a usage error naming opt. */
long cli_long(const char *opt, const char *arg, long lo, long hi);
/* The operands after the options: between min and max of them (what names them in the error),
 * else a usage error. Returns how many there are. */
int cli_operands(int argc, char **argv, int min, int max, const char *what);
/* The one success line of a command, on stdout: "repro <cmd>: <what it did>". */
void cli_done(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What an error about path (errno err) adds when path is one of the commands' shared defaults
 * (data/regimes.tsv, data/claims, ...) missing from the current directory: " (default paths are
 * relative to the current directory: run from the checkout or pass --regimes)"; else "". */
const char *cli_path_hint(const char *path, int err);
/* 1 when arg asks for help the way git's users do: "help", "-h", "--help". */
int cli_is_help(const char *arg);

/* The revision this program was built from (version.c). */
const char *repro_revision(void);

#endif
