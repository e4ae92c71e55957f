/* arm.h - the ablation arms: environments that differ from a reference environment in one
 * factor (docs/mechanisms.md, "arms"). Which arms exist, their reference and their tables are
 * data (data/envs.tsv: reference, factor); this is the factors' vocabulary, how each is applied,
 * and how an arm checks, from the posture it reads back, that its factor took effect and nothing
 * else changed. */
#ifndef ARM_H
#define ARM_H

#include "posture.h"

#include <stddef.h>

/* What an arm reads back inside, as its reference and as itself: the posture of
 * /proc/self/status, the limits `repro-probe envinfo` sees (cpu_limit, memory_limit_bytes) and
 * the root's filesystem type (a "rootfs<TAB>type" line); "" when not read. */
typedef struct {
    struct posture p;
    char cpu_limit[32], memory_limit[32];
    char cpus_online[16]; /* envinfo's cpus_online: the machine's CPUs, "" when not read */
    char rootfs[32];     /* stat -f -c %T / inside: "overlayfs", "ext2/ext3" */
    char netns[64];      /* readlink /proc/self/ns/net inside (a "netns<TAB>net:[N]" line) */
    char host_netns[64]; /* collect's own, filled by the caller: whether it is the host's */
    char pidns[64];      /* readlink /proc/self/ns/pid inside (a "pidns<TAB>pid:[N]" line) */
    char host_pidns[64]; /* collect's own, as host_netns */
} arm_view;

/* The text of `cat /proc/self/status; repro-probe envinfo` into v: 0, or -1 when it holds no
 * status file. */
int arm_view_parse(const char *text, arm_view *v);

typedef struct {
    const char *name;    /* as data/envs.tsv's factor column names it: "seccomp" */
    const char *what;    /* what the arm changes, one line for the report */
    const char *confine; /* the repro-probe confine flag that applies it, or NULL */
    const char *drops;   /* what the reference's driver leaves out instead ("seccomp"), or NULL */
    /* 0 when arm (read from inside the arm) shows the factor applied relative to ref (read
     * from inside the reference); else -1 with why. */
    int (*took)(const arm_view *ref, const arm_view *arm, char *why, size_t len);
    unsigned own;        /* the ARM_FIELD_* the factor itself changes */
    unsigned may_change; /* ARM_FIELD_* bits it may change besides (a filter's SSBD before 5.16) */
} arm_factor;

enum {
    ARM_FIELD_SECCOMP = 1u << 0, /* Seccomp and Seccomp_filters */
    ARM_FIELD_NNP = 1u << 1,     /* NoNewPrivs */
    ARM_FIELD_SSB = 1u << 2,     /* Speculation_Store_Bypass */
    ARM_FIELD_IB = 1u << 3,      /* SpeculationIndirectBranch */
    ARM_FIELD_CAPS = 1u << 4,    /* CapEff */
    ARM_FIELD_LIMITS = 1u << 5,  /* the cgroup's CPU and memory limits */
    ARM_FIELD_ROOTFS = 1u << 6,  /* the root filesystem's type */
    ARM_FIELD_NETNS = 1u << 7,   /* whether it runs in the host's network namespace */
    ARM_FIELD_PIDNS = 1u << 8,   /* whether it runs in the host's PID namespace */
};

/* The factor of that name, or NULL. */
const arm_factor *arm_factor_find(const char *name);
/* The comma-separated factor names, for messages. */
const char *arm_factor_names(void);
/* The arm's self-check: its factor took effect (f->took) and no posture field outside the
 * factor's own and f->may_change differs from the reference's. 0 = pass; -1 = fail, why says
 * which field and both values: a failed check is a harness failure and the arm judges nothing. */
int arm_check(const arm_factor *f, const arm_view *ref, const arm_view *arm, char *why, size_t len);

/* What an arm whose check passed cannot show on this machine, as one clause into buf (1), or 0:
 * the limits arm where the reference's CPU quota is not below the CPUs online (it cannot
 * throttle) says so, and that the memory limit binds only on a workload that uses more. */
int arm_caveat(const arm_factor *f, const arm_view *ref, char *buf, size_t len);

/* The rootfs arm's root: a private copy of the image layer (cp -a into copy) bind-mounted on
 * root, so the container's root is the disk's own filesystem, not overlayfs. 0, or -1 with why. */
int arm_bind_root(const char *layer, const char *copy, const char *root, char *why, size_t len);

#endif
