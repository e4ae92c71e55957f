/* vm_memo.c - the KVM memo of vm_memo.h: a small TSV file (key, value) in the kept cache beside
 * the image layer, rows "key", "why" and "since", written atomically. */
#include "vm_memo.h"

#include "env.h"
#include "fsutil.h"
#include "log.h"
#include "schema_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

void vm_memo_key(const char *build_dir, char *key, size_t len)
{
    struct utsname u;
    char qemu[256];
    char *ver[] = {"qemu-system-x86_64", "--version", NULL};
    char *id_path = xasprintf("%s/id", build_dir);
    char *id = fs_read_file(id_path, NULL);
    if (uname(&u) != 0)
        memset(&u, 0, sizeof u);
    snprintf(key, len, "kernel %s %s; qemu %s; image %.*s", u.release, u.version,
             env_host_line(ver, qemu, sizeof qemu), id ? (int)strcspn(id, "\n") : 0,
             id ? id : "");
    free(id);
    free(id_path);
}

static const char *memo_value(const tsv_table *t, const char *key)
{
    const char *v = kv_value(t, key);
    return v ? v : "";
}

int vm_memo_kvm_failed(const char *path, const char *key, char *why, size_t len)
{
    tsv_table t;
    if (!fs_exists(path) || tsv_load_as(path, &vmmemo_schema, &t) != 0)
        return 0;
    int failed = !strcmp(memo_value(&t, "key"), key);
    if (failed)
        snprintf(why, len, "%s (since %s)", memo_value(&t, "why"), memo_value(&t, "since"));
    tsv_free(&t);
    return failed;
}

int vm_memo_record(const char *path, const char *key, const char *why)
{
    char since[64];
    time_t now = time(NULL);
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    strbuf sb = {0};
    const char *rows[][VMMEMO_NCOLS] = {{"key", key}, {"why", why}, {"since", since}};
    tsv_put_header(&sb, &vmmemo_schema);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        tsv_put_fields(&sb, &vmmemo_schema, rows[i]);
    int rc = fs_mkparent(path) == 0 && fs_write_atomic(path, sb.buf, sb.len) == 0 ? 0 : -1;
    sb_free(&sb);
    return rc;
}

void vm_memo_clear(const char *path)
{
    unlink(path);
}
