/* Claims about collect's catalog of environments (stages/collect/env_common.c): every row of
 * data/envs.tsv finds a driver that registered itself, with the row's name, text and caps, and
 * code asks the caps rather than names. */
#include "check.h"
#include "collect/env.h"
#include "fsutil.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

static void test_every_row_of_the_projects_file_has_its_driver(void)
{
    CHECK(env_catalog_load(ENVS_FILE) == 0);
    const env_driver *host = env_catalog_find("host"), *aa = env_catalog_find("host-aa");
    const env_driver *crun = env_catalog_find("oci-crun"), *oci = env_catalog_find("oci");
    CHECK(host && aa && crun && oci);
    if (!host || !aa || !crun || !oci)
        return;
    CHECK(host->probe == aa->probe && !host->only_table && !strcmp(aa->only_table, "T1"));
    CHECK(crun->exec == oci->exec && crun->arg != oci->arg);
    CHECK(!strncmp(host->what, "a plain process", 15));
    CHECK(!strncmp(env_catalog_names(","), "host,host-aa,oci,oci-crun,", 26));
    env e = {.drv = host};
    CHECK(env_can(&e, CAP_PRIVILEGED) && !env_can(&e, CAP_OWN_NETNS) && !env_emulated(&e));
    e.caps |= CAP_EMULATED; /* what the vm's driver does under TCG */
    CHECK(env_emulated(&e));
}

static void test_a_row_whose_driver_no_file_registers_is_an_error(void)
{
    char path[] = "/tmp/test-envcatalog.XXXXXX";
    close(mkstemp(path));
    static const char text[] = "env\tdriver\twhat\tcaps\tonly_table\treference\tfactor\n"
                               "toy\tnosuchdriver\tx\t\t\t\t\n";
    fs_save(path, text, sizeof text - 1);
    CHECK(env_catalog_load(path) == -1);
    CHECK(env_catalog_find("host") == NULL); /* a load replaces the catalog */
    unlink(path);
}

int main(void)
{
    RUN(test_every_row_of_the_projects_file_has_its_driver);
    RUN(test_a_row_whose_driver_no_file_registers_is_an_error);
    return check_main("collect-envcatalog");
}
