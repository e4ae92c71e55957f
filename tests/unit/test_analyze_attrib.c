/* Claims about attrib.tsv (stages/analyze/attrib.c): an environment whose CPU is emulated is
 * not split into container factors on a time, while one that runs natively is. */
#include "analyze/attrib.h"
#include "check.h"
#include "fsutil.h"
#include "log.h"
#include "schema_data.h"
#include "schema_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *tables_text =
    "table\ttitle\tsection\tbaseline\tmetrics\tarticle_envs\tnote\tstatus\treason\n"
    "T1\tt\ts\thost\tns/op\ta\tn\tmeasured\t\n";
static const char *envs_text = "env\tstatus\treason\twhat\nhost\tok\t\th\noci\tok\t\to\n"
                               "oci-nolimits\tok\t\ta\nvm\tok\t\tv\nvm2\tok\t\tv\n";
/* oci and both VMs run under limits the host has not; the arm removes oci's; vm's CPU is
 * emulated, vm2's is not */
static const char *meta_text =
    "env\tkey\tvalue\n"
    "host\tinside.cpu_limit\tunlimited\nhost\tinside.memory_limit_bytes\tunlimited\n"
    "oci\tinside.cpu_limit\t2\noci\tinside.memory_limit_bytes\t4294967296\n"
    "oci-nolimits\tinside.cpu_limit\tunlimited\noci-nolimits\tinside.memory_limit_"
    "bytes\tunlimited\n"
    "oci-nolimits\tarm_reference\toci\noci-nolimits\tarm_factor\tno-limits\n"
    "vm\tinside.cpu_limit\t2\nvm\tinside.memory_limit_bytes\t4294967296\n"
    "vm\temulated\tyes (TCG: no /dev/kvm)\n"
    "vm2\tinside.cpu_limit\t2\nvm2\tinside.memory_limit_bytes\t4294967296\n";

static void fill(cellset *cs, const char *env, double centre)
{
    for (long r = 1; r <= 8; r++)
        cell_push(cells_get(cs, "T1", "ns/op", env, "BenchmarkFib40", "lower"),
                  centre * (1 + 0.002 * (double)(r % 3)), r, 0);
}

/* The attrib.tsv rows of env, one per line, into buf. */
static void rows_of(const char *text, const char *env, char *buf, size_t len)
{
    char key[64];
    snprintf(key, sizeof key, "\t%s\thost\t", env);
    buf[0] = '\0';
    for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n')
        if (strstr(l, key) && strstr(l, key) < l + strcspn(l, "\n"))
            snprintf(buf + strlen(buf), len - strlen(buf), "%.*s\n", (int)strcspn(l, "\n"), l);
}

static void test_an_emulated_cpu_is_not_split_into_container_factors(void)
{
    cellset cs = {0};
    static const struct {
        const char *env;
        double centre;
    } cells[] = {
        {"host", 500e6}, {"oci", 505e6}, {"oci-nolimits", 503e6}, {"vm", 4600e6}, {"vm2", 520e6}};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
        fill(&cs, cells[i].env, cells[i].centre);
    cells_sort(&cs);
    tsv_table tables, envs, meta;
    CHECK(tsv_parse_as("tables", tables_text, &tables_schema, &tables) == 0);
    CHECK(tsv_parse_as("envs", envs_text, &envs_schema, &envs) == 0);
    CHECK(tsv_parse_as("meta", meta_text, &meta_schema, &meta) == 0);
    char dir[] = "/tmp/attrib-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(attrib_write(&cs, &tables, &envs, &meta, dir, 0.95, dir) == 0);
    char *path = xasprintf("%s/attrib.tsv", dir);
    char *text = fs_read_file(path, NULL);
    CHECK(text != NULL);
    char vm[2048], vm2[2048];
    rows_of(text ? text : "", "vm", vm, sizeof vm);
    rows_of(text ? text : "", "vm2", vm2, sizeof vm2);
    CHECK(strstr(vm, "\ttotal\tvm\thost\t") != NULL);
    CHECK(strstr(vm, "\tfactor\t") == NULL);
    CHECK(strstr(vm, "not closed: its CPU is emulated (TCG)") != NULL);
    /* the same pair natively: its limits come from the arm */
    CHECK(strstr(vm2, "\tfactor\tvm2\thost\tlimits\toci-nolimits\t") != NULL);
    CHECK(strstr(vm2, "emulated") == NULL);
    free(text);
    unlink(path);
    free(path);
    rmdir(dir);
    tsv_free(&tables);
    tsv_free(&envs);
    tsv_free(&meta);
    cells_free(&cs);
}

int main(void)
{
    RUN(test_an_emulated_cpu_is_not_split_into_container_factors);
    return check_main("analyze_attrib");
}
