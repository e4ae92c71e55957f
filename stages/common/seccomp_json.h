/* seccomp_json.h - the default container filter (seccomp_default.def) as the "seccomp" member of
 * an OCI runtime spec's "linux" object, for the oci environments. */
#ifndef SECCOMP_JSON_H
#define SECCOMP_JSON_H

#include "strbuf.h"

/* Appends `"seccomp":{...}`: default action EPERM, x86_64 (and its x86, x32 ABIs, as Docker
 * lists them), every call of the list allowed. */
void seccomp_json_default(strbuf *sb);
/* How many calls the default filter allows (the list's length). */
int seccomp_default_count(void);

#endif
