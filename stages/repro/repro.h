/* repro.h - the dispatcher's pieces: the revision it was built from (version.c). */
#ifndef REPRO_H
#define REPRO_H

const char *repro_revision(void);

#endif
