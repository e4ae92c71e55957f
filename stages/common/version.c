/* version.c - the revision every command's --version prints: the checkout's git revision when
 * it was built (with -dirty for uncommitted changes), passed in by the Makefile, so a result can
 * be traced to the code that produced it. Alone in its file so only it is rebuilt on a new
 * revision. */
#include "cli.h"

#ifndef REPRO_REVISION
#define REPRO_REVISION "unknown"
#endif

const char *repro_revision(void)
{
    return REPRO_REVISION;
}
