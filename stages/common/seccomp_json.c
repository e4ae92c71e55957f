/* seccomp_json.c - the default container filter's call list written as an OCI runtime spec's
 * seccomp section (runc and crun compile it with libseccomp). The list itself is
 * seccomp_default.def, which the probe's own filter (the host-seccomp arm) also compiles, so a
 * container and the arm that emulates it allow the same calls. */
#include "seccomp_json.h"

static const char *const names[] = {
#define SECCOMP_ALLOW(name) #name,
#include "seccomp_default.def"
#undef SECCOMP_ALLOW
};

int seccomp_default_count(void)
{
    return (int)(sizeof names / sizeof *names);
}

void seccomp_json_default(strbuf *sb)
{
    sb_puts(sb, "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
                "\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"],"
                "\"syscalls\":[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[");
    for (int i = 0; i < seccomp_default_count(); i++)
        sb_printf(sb, "%s\"%s\"", i ? "," : "", names[i]);
    sb_puts(sb, "]}]}");
}
