/* strmap.h - a map from strings to strings, in insertion order, found through a hash.
 *
 * What every "seen this one already?" question of a parser asks (configuration keys, Unit
 * metadata, notes, duplicate ids): answered in constant time, so reading a file stays linear in
 * its size whatever an adversarial input repeats. */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>

typedef struct {
    char **keys, **values; /* entry i, in insertion order; a value may be NULL */
    size_t n, cap;
    size_t *slots; /* open addressing into keys (SIZE_MAX = empty) */
    size_t nslots;
} strmap;

/* The index of key, adding it with a copy of value (NULL stays NULL) when absent; *added (when
 * not NULL) says whether it was added. An existing key keeps its value. */
size_t strmap_add(strmap *m, const char *key, const char *value, int *added);
/* The index of key, or -1. */
long strmap_find(const strmap *m, const char *key);
/* The value of key, or NULL when absent (or stored as NULL). */
const char *strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);

#endif
