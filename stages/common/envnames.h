/* envnames.h - the execution environments, as data: data/envs.tsv, one row per environment
 * (its name, the collect driver that runs it, what it is, what it can do), loaded and checked
 * here for every stage. Environment names come from that file and from the runs being read,
 * never from a list in C: a claims file naming an environment neither knows is an error rather
 * than a claim that is never measured. docs/formats.md has the file; docs/adding-an-environment.md
 * the steps. */
#ifndef ENVNAMES_H
#define ENVNAMES_H

#include <stddef.h>

/* What an environment can do; code asks these (env_can in collect), never an environment's name.
 * A row's caps column names them by their words (env_cap_words). */
typedef enum {
    CAP_EMULATED = 1u << 0,      /* the CPU is emulated: timings are not comparable */
    CAP_PRIVILEGED = 1u << 1,    /* a process may make its own namespaces and overlay mounts on a
                                    disk filesystem (CAP_SYS_ADMIN, CAP_NET_ADMIN): TFO, overlay */
    CAP_HOST_TOOLS = 1u << 2,    /* runs the host's own installed files (its Go toolchains) */
    CAP_OWN_ROOT = 1u << 3,      /* a root filesystem of its own, writable scratch (its /etc) */
    CAP_OWN_NETNS = 1u << 4,     /* its own network namespace: a server there listens on all
                                    addresses for the host's load */
    CAP_NET_REACHABLE = 1u << 5, /* a load from the host reaches a server inside it */
    CAP_OWN_KERNEL = 1u << 6,    /* a VM: its own kernel (the article's WSL2 is one, under KVM) */
} env_cap;

typedef struct {
    char *name;       /* "oci-crun" */
    char *driver;     /* the registered collect driver that runs it: "oci-crun" */
    char *what;       /* one line for the report */
    char *only_table; /* "" runs every table; else the tables it runs, comma-separated (an arm) */
    char *reference;  /* an ablation arm: the environment it differs from ("" for a plain one) */
    char *factor;     /* an ablation arm: the one factor it changes ("" for a plain one) */
    unsigned caps;    /* env_cap bits */
    long line;        /* its line in the file, for messages */
} env_row;

typedef struct {
    char *path;
    env_row *rows; /* in the file's order: the report's */
    size_t n;
} env_rows;

/* The file the stages read when told no other: relative to the repository's top, where every
 * stage runs (as data/claims and data/tables.tsv). */
#define ENVS_FILE "data/envs.tsv"
/* The article's WSL2, a pseudo environment of the claims files: host where the host is a VM
 * guest, else a vm under KVM (docs/verdicts.md). No row may take its name. */
#define ENV_WSL2 "wsl2"

/* Loads and checks path (columns env, driver, what, caps, only_table, reference, factor):
 * names unique and made of [A-Za-z0-9._-], known caps, reference and factor both empty or
 * both set with reference another row. 0, or -1 after logging each error as file:line. */
int env_rows_load(const char *path, env_rows *out);
void env_rows_free(env_rows *r);
const env_row *env_rows_find(const env_rows *r, const char *name);
/* The bits of a comma list of cap words; -1 naming the first unknown word in bad (64 bytes). */
long env_caps_parse(const char *list, char *bad);

/* The environments this process knows: ENVS_FILE's rows (loaded at first use; unreadable or
 * invalid, the program stops saying why) and every name env_name_add gave (a run's own). */
/* 1 when name is known (or, with pseudo, is ENV_WSL2). */
int env_name_known(const char *name, int pseudo);
/* Makes name known: an environment a run being read has, though ENVS_FILE lacks it. */
void env_name_add(const char *name);
/* The known names, ", "-separated, for messages. */
const char *env_names_list(void);
/* The baseline: ENVS_FILE's first row, the plain process on this machine every other
 * environment is compared with. */
const char *env_baseline(void);
/* The caps ENVS_FILE's row of name declares; 0 for a name it lacks. */
unsigned env_name_caps(const char *name);

#endif
