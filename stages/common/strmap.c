/* strmap.c - open addressing over FNV-1a hashes, doubled at half load, so each lookup is
 * constant time on average and a parser's duplicate checks never make it quadratic. */
#include "strmap.h"

#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    size_t h = (size_t)1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

static size_t slot_of(const strmap *m, const char *key)
{
    size_t h = hash(key) & (m->nslots - 1);
    while (m->slots[h] != SIZE_MAX && strcmp(m->keys[m->slots[h]], key) != 0)
        h = (h + 1) & (m->nslots - 1);
    return h;
}

static void grow(strmap *m)
{
    free(m->slots);
    m->nslots = m->nslots ? m->nslots * 2 : 16;
    m->slots = xmalloc(m->nslots * sizeof *m->slots);
    for (size_t i = 0; i < m->nslots; i++)
        m->slots[i] = SIZE_MAX;
    for (size_t i = 0; i < m->n; i++)
        m->slots[slot_of(m, m->keys[i])] = i;
}

size_t strmap_add(strmap *m, const char *key, const char *value, int *added)
{
    if (2 * (m->n + 1) > m->nslots)
        grow(m);
    size_t h = slot_of(m, key);
    if (added)
        *added = m->slots[h] == SIZE_MAX;
    if (m->slots[h] != SIZE_MAX)
        return m->slots[h];
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->keys = xrealloc(m->keys, m->cap * sizeof *m->keys);
        m->values = xrealloc(m->values, m->cap * sizeof *m->values);
    }
    m->keys[m->n] = xstrdup(key);
    m->values[m->n] = value ? xstrdup(value) : NULL;
    m->slots[h] = m->n;
    return m->n++;
}

long strmap_find(const strmap *m, const char *key)
{
    if (!m->nslots)
        return -1;
    size_t h = slot_of(m, key);
    return m->slots[h] == SIZE_MAX ? -1 : (long)m->slots[h];
}

const char *strmap_get(const strmap *m, const char *key)
{
    long i = strmap_find(m, key);
    return i < 0 ? NULL : m->values[i];
}

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
