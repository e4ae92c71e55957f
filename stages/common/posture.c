/* posture.c - reads a process's posture from its /proc/<pid>/status text. Self-contained (libc
 * only), so a static program that runs inside an environment can link it as well as the stages. */
#include "posture.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small non-negative decimal: the whole value, nothing else. */
static int parse_int(const char *v, int *out)
{
    if (!isdigit((unsigned char)*v))
        return -1;
    long n = 0;
    for (; isdigit((unsigned char)*v); v++) {
        n = n * 10 + (*v - '0');
        if (n > 1000000)
            return -1;
    }
    if (*v)
        return -1;
    *out = (int)n;
    return 0;
}

static int parse_hex(const char *v, unsigned long long *out)
{
    size_t n = strlen(v);
    if (n == 0 || n > 16 || strspn(v, "0123456789abcdefABCDEF") != n)
        return -1;
    *out = strtoull(v, NULL, 16);
    return 0;
}

static int copy_text(const char *v, char *dst, size_t cap)
{
    size_t n = strlen(v);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(dst, v, n + 1);
    return 0;
}

/* One "Key:<blanks>value" line (value trimmed, in place); 0 if it is not a line we read. */
static int take_line(char *key, char *value, struct posture *p, int *have_cap)
{
    if (!strcmp(key, "Seccomp"))
        return parse_int(value, &p->seccomp);
    if (!strcmp(key, "Seccomp_filters"))
        return parse_int(value, &p->seccomp_filters);
    if (!strcmp(key, "NoNewPrivs"))
        return parse_int(value, &p->no_new_privs);
    if (!strcmp(key, "Speculation_Store_Bypass"))
        return copy_text(value, p->ssb, sizeof p->ssb);
    if (!strcmp(key, "SpeculationIndirectBranch"))
        return copy_text(value, p->ib, sizeof p->ib);
    if (!strcmp(key, "CapEff")) {
        *have_cap = 1;
        return parse_hex(value, &p->cap_eff);
    }
    return 0;
}

int posture_parse(const char *status_text, struct posture *out)
{
    struct posture p = {.seccomp = -1, .seccomp_filters = -1, .no_new_privs = -1};
    int have_cap = 0;
    const char *s = status_text;
    while (*s) {
        const char *end = strchr(s, '\n');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        char line[256];
        const char *colon = memchr(s, ':', len);
        if (colon && len < sizeof line) {
            memcpy(line, s, len);
            line[len] = '\0';
            char *value = line + (colon - s) + 1;
            line[colon - s] = '\0';
            value += strspn(value, " \t");
            size_t vl = strlen(value);
            while (vl && isspace((unsigned char)value[vl - 1]))
                value[--vl] = '\0';
            if (take_line(line, value, &p, &have_cap) != 0)
                return -1;
        }
        s += len + (end != NULL);
    }
    if (!have_cap)
        return -1;
    *out = p;
    return 0;
}

int posture_read(const char *path, struct posture *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        errno = EIO;
        return -1;
    }
    buf[n] = '\0';
    return posture_parse(buf, out);
}

enum posture_spec posture_spec_class(const char *text)
{
    static const struct {
        const char *text;
        enum posture_spec spec;
    } words[] = {
        {"unknown", POSTURE_SPEC_UNKNOWN},
        {"unsupported", POSTURE_SPEC_UNKNOWN},
        {"not vulnerable", POSTURE_SPEC_NOT_AFFECTED},
        {"not affected", POSTURE_SPEC_NOT_AFFECTED},
        {"vulnerable", POSTURE_SPEC_VULNERABLE},
        {"thread vulnerable", POSTURE_SPEC_VULNERABLE},
        {"always enabled", POSTURE_SPEC_VULNERABLE},
        {"conditional enabled", POSTURE_SPEC_VULNERABLE},
        {"thread mitigated", POSTURE_SPEC_MITIGATED},
        {"globally mitigated", POSTURE_SPEC_MITIGATED},
        {"always disabled", POSTURE_SPEC_MITIGATED},
        {"conditional disabled", POSTURE_SPEC_MITIGATED},
        {"thread force mitigated", POSTURE_SPEC_FORCED},
        {"conditional force disabled", POSTURE_SPEC_FORCED},
    };
    if (!text || !*text)
        return POSTURE_SPEC_ABSENT;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(text, words[i].text))
            return words[i].spec;
    return POSTURE_SPEC_OTHER;
}

const char *posture_spec_name(enum posture_spec s)
{
    static const char *const names[] = {"absent",    "unknown", "not affected", "vulnerable",
                                        "mitigated", "forced",  "other"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "other";
}
