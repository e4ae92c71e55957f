/* platform.h - what kind of Linux this is, said with its evidence: WSL2 or WSL1 (the article's
 * own environment), a VM guest (x86's hypervisor flag, DMI, /sys/hypervisor, an arm64 device
 * tree), and whether this "host" is itself inside a container.
 *
 * Every file is read under a root prefix (REPRO_ROOT, "" = the real /), so fixtures of a WSL2
 * /proc and /sys drive the tests without a WSL2 machine. */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stddef.h>

typedef struct {
    int wsl;               /* 2: WSL2, 1: WSL1, 0: not WSL */
    char kernel[128];      /* /proc/sys/kernel/osrelease ("" when unreadable) */
    char wsl_why[256];     /* the evidence for wsl, or "" */
    int vm_guest;          /* 1: this kernel runs in a VM */
    char vm_why[256];      /* the evidence either way */
    int container;         /* 1: this "host" is itself inside a container */
    char container_why[256];
} platform_info;

/* The root prefix every detection reads under: $REPRO_ROOT, or "". */
const char *platform_root(void);
/* Fills *p from the files under root ("" = /). Never fails: what cannot be read is said. */
void platform_detect(const char *root, platform_info *p);
/* One sentence for run.tsv and the report: "WSL2 (kernel 5.15...-WSL2; ...)" or
 * "Linux, not WSL", then "; inside a container (...)" when it is. */
const char *platform_describe(const platform_info *p, char *buf, size_t len);

#endif
