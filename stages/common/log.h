/* log.h - one way to report errors for every stage.
 *
 * Messages go to stderr prefixed with the program name; errors about input name the file and
 * line ("file:line: message") so a user can open the exact spot. */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stddef.h>

void log_set_program(const char *name);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<program>: error: file:line: message" */
void log_error_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Where errors also go (log_error: file NULL, line 0), e.g. a stage that keeps them for the
 * report; NULL: stderr only. The message is cut at 1 KiB. */
typedef void (*log_error_sink)(void *ctx, const char *file, long line, const char *message);
void log_set_error_sink(log_error_sink sink, void *ctx);
/* A runtime failure: the error, then exit 1 (usage errors are cli.h's, exit 2). */
/* A failure of many files said once: after limit errors and warnings on stderr (0: no limit), the rest are
 * only counted (the sink still gets each); log_flush_errors() then prints "... and N more
 * errors" once. cli_begin sets a limit and flushes at exit. */
void log_set_error_limit(unsigned limit);
void log_flush_errors(void);
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that never returns NULL: out of memory ends the program with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
