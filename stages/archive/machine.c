/* machine.c - which machine a run was measured on. Runs from many machines share one results
 * repository (machines/<machine>/runs/<id>/), so each machine needs a name that stays the same
 * across runs and reboots and differs between machines: a hash of /etc/machine-id, the CPU
 * model, the core count and the memory in GiB (a reinstall or a new CPU is a new machine, as
 * its figures are not comparable anyway). The label is for people: the host name.
 * REPRO_MACHINE_ID and REPRO_MACHINE_LABEL override both (tests; a chosen name). */
#include "archive.h"

#include "fsutil.h"
#include "cli.h"
#include "log.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The value of the first "key<sep>value" line starting with key in path, trimmed; "" if none. */
static void read_field(const char *path, const char *key, char *out, size_t len)
{
    out[0] = '\0';
    char *text = fs_read_file(path, NULL);
    if (!text)
        return;
    size_t klen = strlen(key);
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, key, klen) != 0)
            continue;
        char *v = line + klen + strspn(line + klen, " \t:");
        size_t n = strcspn(v, "\n");
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        snprintf(out, len, "%.*s", (int)n, v);
        break;
    }
    free(text);
}

static int derived_id(char *id, size_t idlen)
{
    char machine_id[128] = "", cpu[256] = "", mem[64] = "";
    char *text = fs_read_file("/etc/machine-id", NULL);
    if (text) {
        snprintf(machine_id, sizeof machine_id, "%.*s", (int)strcspn(text, "\n"), text);
        free(text);
    }
    read_field("/proc/cpuinfo", "model name", cpu, sizeof cpu);
    read_field("/proc/meminfo", "MemTotal", mem, sizeof mem);
    long cores = sysconf(_SC_NPROCESSORS_CONF);
    double gib = atof(mem) / (1024.0 * 1024.0); /* kB -> GiB, rounded: boots differ by a few kB */
    char *basis = xasprintf("machine-id %s\ncpu %s\ncores %ld\nmemory %.0f GiB\n", machine_id,
                            cpu, cores, gib);
    git_oid oid;
    int rc = git_odb_hash(&oid, basis, strlen(basis), GIT_OBJECT_BLOB);
    free(basis);
    if (rc != 0) {
        archive_git_error("hashing the machine's identity");
        return -1;
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &oid);
    snprintf(id, idlen, "m-%.*s", MACHINE_ID_LEN - 2, hex);
    return 0;
}

int machine_identity(char *id, size_t idlen, char *label, size_t labellen)
{
    const char *fixed = getenv("REPRO_MACHINE_ID"), *fixed_label = getenv("REPRO_MACHINE_LABEL");
    if (fixed && *fixed) {
        if (!archive_valid_id(fixed)) {
            log_error("REPRO_MACHINE_ID=\"%s\" cannot name a machine (letters, digits, -, _, .)",
                      fixed);
            return -1;
        }
        snprintf(id, idlen, "%s", fixed);
    } else if (derived_id(id, idlen) != 0) {
        return -1;
    }
    if (fixed_label && *fixed_label)
        snprintf(label, labellen, "%s", fixed_label);
    else if (gethostname(label, labellen) != 0)
        snprintf(label, labellen, "%s", id);
    label[labellen - 1] = '\0';
    return 0;
}

char *machine_of_run(const tsv_table *run)
{
    for (size_t r = 0; r < run->nrows; r++)
        if (!strcmp(facts_at(run, r, FACTS_KEY), "machine_id")) {
            const char *m = facts_at(run, r, FACTS_VALUE);
            if (archive_valid_id(m))
                return xstrdup(m);
            log_error_at(run->path, run->rows[r].line, "machine_id \"%s\" cannot name a machine",
                         m);
            return NULL;
        }
    char id[64], label[256];
    return machine_identity(id, sizeof id, label, sizeof label) == 0 ? xstrdup(id) : NULL;
}

int cmd_machine(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS, {0, 0, 0, 0}};
    int c;
    cli_help_text("usage: repro machine\n"
                  "Prints this machine's identity as key<TAB>value lines: machine_id (a hash of\n"
                  "/etc/machine-id, the CPU model, the core count and the memory in GiB; or\n"
                  "REPRO_MACHINE_ID) and machine_label (the host name; or REPRO_MACHINE_LABEL).\n");
    while ((c = getopt_long(argc, argv, CLI_OPTSTRING, opts, NULL)) != -1)
        cli_default(c, argv);
    cli_operands(argc, argv, 0, 0, "no operands");
    char id[64], label[256];
    if (machine_identity(id, sizeof id, label, sizeof label) != 0)
        return 1;
    strbuf sb = {0};
    const char *rows[][MACHINEID_NCOLS] = {{"machine_id", id}, {"machine_label", label}};
    tsv_put_header(&sb, &machineid_schema);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        tsv_put_fields(&sb, &machineid_schema, rows[i]);
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
    return 0;
}
