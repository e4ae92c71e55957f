/* vm_qemu.c - qemu's command line (a bounded argv that owns its formatted strings) and the tail
 * of a log for a boot failure's reason; split from env_vm.c, which holds the VM's state. */
#include "vm_qemu.h"

#include "fsutil.h"
#include "log.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Appends the arguments up to NULL. */
void qemu_add(qemu_cmd *c, ...)
{
    va_list ap;
    va_start(ap, c);
    for (char *arg = va_arg(ap, char *); arg; arg = va_arg(ap, char *)) {
        if (c->n + 1 == sizeof c->argv / sizeof *c->argv)
            die("vm: too many qemu arguments");
        c->argv[c->n++] = arg;
    }
    va_end(ap);
    c->argv[c->n] = NULL;
}

char *qemu_own(qemu_cmd *c, char *s)
{
    if (c->n_owned == sizeof c->owned / sizeof *c->owned)
        die("vm: too many qemu arguments");
    return c->owned[c->n_owned++] = s;
}

/* A path inside an option value: qemu splits values at commas, so a comma is written twice. */
char *qemu_path_opt(qemu_cmd *c, const char *prefix, const char *path, const char *suffix)
{
    strbuf sb = {0};
    sb_puts(&sb, prefix);
    for (; *path; path++) {
        sb_putc(&sb, *path);
        if (*path == ',')
            sb_putc(&sb, ',');
    }
    sb_puts(&sb, suffix);
    return qemu_own(c, sb_detach(&sb));
}

/* The end of a file with newlines as " | ": why a boot failed, for e->reason. */
void vm_file_tail(const char *path, char *buf, size_t len)
{
    size_t n;
    char *text = fs_read_file(path, &n);
    buf[0] = '\0';
    if (!text)
        return;
    const char *from = n > 300 ? text + n - 300 : text;
    size_t k = 0;
    for (; *from && k + 4 < len; from++) {
        if (*from == '\r')
            continue;
        if (*from == '\n') {
            k += (size_t)snprintf(buf + k, len - k, " | ");
            continue;
        }
        buf[k++] = *from;
    }
    buf[k] = '\0';
    free(text);
}
