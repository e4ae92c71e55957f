/* probe.h - the subcommands of repro-probe, the static program that runs inside every
 * environment. Each subcommand is one file with one entry point (git's builtin pattern); a
 * measuring subcommand prints Go's benchmark format so normalize can pass it through. */
#ifndef PROBE_H
#define PROBE_H

/* argv[0] is the subcommand's name; returns the exit status. */
int probe_envinfo(int argc, char **argv);
int probe_rusage(int argc, char **argv);

#endif
