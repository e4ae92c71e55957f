/* devices.c - `repro-probe devices`: which device nodes of the article's 2.3 table this
 * environment can see and open: serial ports, GPU nodes, GPIO chips (and /dev/kvm).
 *
 * Per class, the character-device nodes matching its patterns are counted as visible, and as
 * openable when open(O_RDWR | O_NONBLOCK | O_NOCTTY) succeeds (closed at once, nothing is
 * written); "supported" is 1 when at least one opens. Each node's outcome is a comment line. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *name;
    const char *patterns[4];
} classes[] = {
    {"serial", {"/dev/ttyS*", NULL}},
    {"gpu", {"/dev/dri/*", "/dev/nvidia*", "/dev/dxg", NULL}},
    {"gpio", {"/dev/gpiochip*", NULL}},
    {"kvm", {"/dev/kvm", NULL}},
};

int probe_devices(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("Unit visible better=higher\n");
    printf("Unit openable better=higher\n");
    printf("Unit supported better=higher\n");
    for (size_t c = 0; c < sizeof classes / sizeof *classes; c++) {
        int visible = 0, openable = 0;
        for (size_t p = 0; classes[c].patterns[p]; p++) {
            glob_t g;
            if (glob(classes[c].patterns[p], 0, NULL, &g) != 0)
                continue; /* no match (or unreadable /dev): nothing visible */
            for (size_t i = 0; i < g.gl_pathc; i++) {
                const char *node = g.gl_pathv[i];
                struct stat st;
                if (lstat(node, &st) != 0 || !S_ISCHR(st.st_mode))
                    continue; /* e.g. /dev/dri/by-path, a directory */
                visible++;
                int fd = open(node, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
                if (fd >= 0) {
                    openable++;
                    close(fd);
                    printf("# device %s class=%s open=ok\n", node, classes[c].name);
                } else {
                    printf("# device %s class=%s open=%s\n", node, classes[c].name,
                           strerror(errno));
                }
            }
            globfree(&g);
        }
        printf("BenchmarkDevice/class=%s\t1\t%d visible\t%d openable\t%d supported\n",
               classes[c].name, visible, openable, openable > 0);
    }
    return 0;
}
