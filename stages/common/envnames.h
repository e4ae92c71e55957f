/* envnames.h - the execution environments the project knows, by name: collect's drivers, and
 * the one pseudo environment of the claims files. One list, so a claims file naming an
 * environment that does not exist is an error rather than a claim that is never measured. */
#ifndef ENVNAMES_H
#define ENVNAMES_H

extern const char *const env_names[]; /* NULL-terminated, in collect's driver order */
/* The article's WSL2: host where the host is a VM guest, else a vm under KVM (docs/verdicts.md). */
#define ENV_WSL2 "wsl2"

/* 1 when name is a driver's name (or, with pseudo, also ENV_WSL2). */
int env_name_known(const char *name, int pseudo);

#endif
