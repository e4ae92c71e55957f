/* template.h - templates/ hold the prose and layout; C fills in "{{name arg}}" placeholders. */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include "strbuf.h"

/* Called for each placeholder with its name and (possibly empty) argument; appends the
 * replacement to out and returns 0, or returns -1 for an unknown placeholder. */
typedef int (*template_fn)(void *ctx, const char *name, const char *arg, strbuf *out);

/* Expands the template file at path into out. Errors name path:line. */
int template_expand(const char *path, template_fn fn, void *ctx, strbuf *out);

#endif
