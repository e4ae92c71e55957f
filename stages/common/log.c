/* log.c - error reporting and allocation helpers shared by every stage.
 *
 * Kept tiny on purpose: stages print what went wrong and where, and keep going when they can.
 * One prefix for every message: "repro <cmd>: error: [file:line: ]what". */
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "repro";

void log_set_program(const char *name)
{
    program = name;
}

static unsigned error_limit, errors_shown, errors_hidden; /* errors and warnings */

void log_set_error_limit(unsigned limit)
{
    error_limit = limit;
}

void log_flush_errors(void)
{
    if (errors_hidden)
        fprintf(stderr, "%s: error: ... and %u more error%s and warning%s like these (not shown)\n",
                program, errors_hidden, errors_hidden == 1 ? "" : "s", errors_hidden == 1 ? "" : "s");
    errors_hidden = 0;
}

/* 1 when this error is to be printed; else it is counted. */
static int error_shown(void)
{
    if (error_limit && errors_shown >= error_limit) {
        errors_hidden++;
        return 0;
    }
    errors_shown++;
    return 1;
}

static void emit(const char *level, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", program, level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (error_shown())
        emit("warning: ", fmt, ap);
    va_end(ap);
}

static log_error_sink error_sink;
static void *error_sink_ctx;

void log_set_error_sink(log_error_sink sink, void *ctx)
{
    error_sink = sink;
    error_sink_ctx = ctx;
}

/* The error's message to the sink, when there is one (file NULL: none named). */
static void to_sink(const char *file, long line, const char *fmt, va_list ap)
{
    if (!error_sink)
        return;
    char message[1024];
    vsnprintf(message, sizeof message, fmt, ap);
    error_sink(error_sink_ctx, file, line, message);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (error_shown())
        emit("error: ", fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    to_sink(NULL, 0, fmt, ap);
    va_end(ap);
}

void log_error_at(const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (error_shown()) {
        fprintf(stderr, "%s: error: %s:%ld: ", program, file, line);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
    va_start(ap, fmt);
    to_sink(file, line, fmt, ap);
    va_end(ap);
}

void die(const char *fmt, ...)
{
    va_list ap;
    log_flush_errors();
    va_start(ap, fmt);
    emit("error: ", fmt, ap);
    va_end(ap);
    exit(1); /* a runtime failure; 2 is for bad usage (cli.h) */
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        die("out of memory");
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        die("out of memory");
    va_end(ap);
    return s;
}
