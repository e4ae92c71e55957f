/* strbuf.h - a growable byte buffer, the way every stage builds text before writing it. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>

typedef struct {
    char *buf; /* always NUL-terminated once anything was added */
    size_t len, cap;
} strbuf;

void sb_add(strbuf *sb, const char *data, size_t n);
/* Makes room for n more bytes at the end and returns where they go (the caller fills all n):
 * one growth check for a row written in pieces. */
char *sb_extend(strbuf *sb, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_putc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents (never NULL) and leaves the buffer empty; the caller frees it. */
char *sb_detach(strbuf *sb);
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);
const char *sb_str(strbuf *sb);
/* 1 when name is an item of the comma-separated list ("a,b,"; NULL or "": none). */
int str_list_has(const char *list, const char *name);

#endif
