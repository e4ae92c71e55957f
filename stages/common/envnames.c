/* envnames.c - the list behind envnames.h (tests/unit/test_collect_envnames.c checks that it
 * names collect's drivers, in order). */
#include "envnames.h"

#include <string.h>

const char *const env_names[] = {"host", "host-aa", "oci", "oci-crun", "docker", "podman", "vm", NULL};

int env_name_known(const char *name, int pseudo)
{
    if (pseudo && !strcmp(name, ENV_WSL2))
        return 1;
    for (size_t i = 0; env_names[i]; i++)
        if (!strcmp(env_names[i], name))
            return 1;
    return 0;
}
