/* benchscan.c - the benchmark format's line grammar, driving a sink (benchscan.h).
 *
 * Lines are split in place in a buffer the scan owns (a chunk of the file, or a copy of one
 * line of text), numbers go through num_parse_finite (exact, with a fast path for the short
 * decimals samples are), and nothing is allocated per line: reading is linear in the input
 * and its memory is one chunk plus the Unit metadata. */
#include "benchscan.h"

#include "benchfmt.h"

#include "log.h"
#include "numfmt.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FIELDS (2 + 2 * BF_MAX_MEASURES)

struct bf_scan {
    const char *path;
    const bf_sink *sink;
    long line;
    strmap unit_meta; /* "unit\tkey" -> value */
    long *unit_lines; /* the line each was declared on */
};

const char *bf_scan_path(const bf_scan *s)
{
    return s->path;
}

const char *bf_scan_unit_meta(const bf_scan *s, const char *unit, const char *key)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s\t%s", unit, key);
    char *both = (size_t)n < sizeof buf ? buf : xasprintf("%s\t%s", unit, key);
    const char *v = strmap_get(&s->unit_meta, both);
    if (both != buf)
        free(both);
    return v;
}

/* The bytes that end a run of field bytes: NUL, the controls, space (0x00-0x20), and DEL. */
static const unsigned char not_field[256] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                             [0x7f] = 1};

/* Fields separated by blanks (space, tab), split in place; max + 1 when there are more.
 * *control is set when a field holds a control character (below ' ', or DEL), noted on the
 * way so that a line without one costs no second pass. */
static size_t split_ws(char *s, char **f, size_t max, int *control)
{
    size_t n = 0;
    *control = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            return n;
        if (n == max)
            return max + 1;
        f[n++] = s;
        for (;;) {
            while (!not_field[(unsigned char)*s])
                s++;
            if (*s == ' ' || *s == '\t' || !*s)
                break;
            *control = 1;
            s++;
        }
        if (!*s)
            return n;
        *s++ = '\0';
    }
}

/* "key: value" where key starts lower case and has no spaces or upper case. */
static int is_config_line(const char *s, size_t *keylen)
{
    if (!islower((unsigned char)s[0]))
        return 0;
    size_t i = 0;
    while (s[i] && s[i] != ':') {
        if (isspace((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return 0;
        i++;
    }
    if (s[i] != ':' || (s[i + 1] != ' ' && s[i + 1] != '\t' && s[i + 1] != '\0'))
        return 0;
    *keylen = i;
    return 1;
}

static int is_result_line(const char *s)
{
    if (strncmp(s, "Benchmark", 9) != 0)
        return 0;
    char c = s[9];
    return c == '\0' || c == ' ' || c == '\t' || isupper((unsigned char)c) ||
           isdigit((unsigned char)c) || c == '/' || c == '_' || c == '-';
}

/* A positive decimal count without sign or blanks; -1 when s is not one. */
static long parse_count(const char *s)
{
    long v = 0;
    if (!isdigit((unsigned char)*s))
        return -1;
    for (; isdigit((unsigned char)*s); s++) {
        if (v > (__LONG_MAX__ - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return *s || v <= 0 ? -1 : v;
}

/* A name or unit is printable: a control character (a stray \r of a CRLF file, say) would be
 * written back as part of it and read back as something else. */
static int printable(const char *t)
{
    for (; *t; t++)
        if ((unsigned char)*t < 0x20 || *t == 0x7f)
            return 0;
    return 1;
}

static int scan_result(bf_scan *s, char *line)
{
    char *fld[MAX_FIELDS + 1];
    int control;
    size_t n = split_ws(line, fld, MAX_FIELDS, &control);
    if (n > MAX_FIELDS) {
        log_error_at(s->path, s->line, "more than %d value-unit pairs in a result line",
                     BF_MAX_MEASURES);
        return -1;
    }
    if (n < 4 || (n - 2) % 2 != 0) {
        log_error_at(s->path, s->line,
                     "result line needs a name, an iteration count and value-unit pairs; got "
                     "%zu fields",
                     n);
        return -1;
    }
    bf_event r; /* not zeroed: its arrays are long and only nm entries are read */
    r.name = fld[0];
    r.iters = parse_count(fld[1]);
    r.nm = (n - 2) / 2;
    r.line = s->line;
    if (r.iters < 0) {
        log_error_at(s->path, s->line, "bad iteration count \"%s\"", fld[1]);
        return -1;
    }
    if (control && !printable(r.name)) {
        log_error_at(s->path, s->line, "a control character in the benchmark name");
        return -1;
    }
    for (size_t i = 0; i < r.nm; i++) {
        r.tokens[i] = fld[2 + 2 * i];
        r.units[i] = fld[3 + 2 * i];
        if (control && !printable(r.units[i])) {
            log_error_at(s->path, s->line, "a control character in unit \"%s\"", r.units[i]);
            return -1;
        }
        if (num_parse_finite(r.tokens[i], &r.values[i]) != 0) {
            log_error_at(s->path, s->line, "bad value \"%s\" (a finite decimal number)",
                         r.tokens[i]);
            return -1;
        }
        const char *why = bf_value_problem(r.units[i], r.values[i]);
        if (why) {
            log_error_at(s->path, s->line, "value %s %s: %s", r.tokens[i], r.units[i], why);
            return -1;
        }
    }
    return s->sink->result(s->sink->ctx, s, &r);
}

/* One key=value of a Unit line: new, the same again (nothing to add), or a conflict. */
static int unit_meta(bf_scan *s, const char *unit, const char *key, const char *value)
{
    if (!strcmp(key, "better") && strcmp(value, "lower") != 0 && strcmp(value, "higher") != 0) {
        log_error_at(s->path, s->line, "Unit %s better=%s: better is lower or higher", unit,
                     value);
        return -1;
    }
    char *both = xasprintf("%s\t%s", unit, key);
    int added;
    size_t i = strmap_add(&s->unit_meta, both, value, &added);
    free(both);
    if (!added) {
        if (strcmp(s->unit_meta.values[i], value) == 0)
            return 0;
        log_error_at(s->path, s->line, "Unit %s %s=%s conflicts with %s=%s on line %ld", unit,
                     key, value, key, s->unit_meta.values[i], s->unit_lines[i]);
        return -1;
    }
    if ((i & (i - 1)) == 0) /* indices grow one by one: double at each power of two */
        s->unit_lines = xrealloc(s->unit_lines, (i ? 2 * i : 1) * sizeof *s->unit_lines);
    s->unit_lines[i] = s->line;
    if (s->sink->unit)
        s->sink->unit(s->sink->ctx, unit, key, value, s->line);
    return 0;
}

static int scan_unit(bf_scan *s, char *line)
{
    char *fld[MAX_FIELDS + 1];
    int control;
    size_t n = split_ws(line, fld, MAX_FIELDS, &control);
    if (n < 3 || n > MAX_FIELDS) {
        log_error_at(s->path, s->line, "Unit line needs a unit and key=value pairs");
        return -1;
    }
    for (size_t i = 2; i < n; i++) {
        char *eq = strchr(fld[i], '=');
        if (!eq || eq == fld[i]) {
            log_error_at(s->path, s->line, "Unit metadata \"%s\" is not key=value", fld[i]);
            return -1;
        }
        *eq = '\0';
        if (unit_meta(s, fld[1], fld[i], eq + 1) != 0)
            return -1;
    }
    return 0;
}

/* A "key: value" line: the value without the blanks around it. */
static void scan_config(bf_scan *s, char *line, size_t keylen)
{
    line[keylen] = '\0';
    char *v = line + keylen + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        v[--vl] = '\0';
    s->sink->config(s->sink->ctx, line, v);
}

/* One line (no newline, writable, len bytes followed by a NUL the caller placed). */
static int scan_line(bf_scan *s, char *line, size_t len)
{
    s->line++;
    if (memchr(line, '\0', len)) {
        log_error_at(s->path, s->line, "a NUL byte: not a text file");
        return -1;
    }
    if (len && line[len - 1] == '\r')
        line[len - 1] = '\0';
    size_t keylen;
    if (is_result_line(line))
        return scan_result(s, line);
    if (strncmp(line, "Unit", 4) == 0 && (line[4] == ' ' || line[4] == '\t'))
        return scan_unit(s, line);
    if (is_config_line(line, &keylen))
        scan_config(s, line, keylen);
    return 0;
}

static void scan_end(bf_scan *s)
{
    strmap_free(&s->unit_meta);
    free(s->unit_lines);
}

int bf_scan_text(const char *path, const char *text, size_t len, const bf_sink *sink)
{
    bf_scan s = {.path = path, .sink = sink};
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    for (size_t off = 0; off < len && rc == 0;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
        if (n + 1 > cap) {
            cap = 2 * (n + 1);
            line = xrealloc(line, cap);
        }
        memcpy(line, text + off, n);
        line[n] = '\0';
        rc = scan_line(&s, line, n);
        off += n + (nl != NULL);
    }
    free(line);
    scan_end(&s);
    return rc;
}

/* Scans the complete lines of buf[0..*used), moving a partial last one to the front; at the end
 * of the file the last line needs no newline. */
static int scan_lines(bf_scan *s, char *buf, size_t *used, int at_end)
{
    size_t off = 0;
    while (off < *used) {
        char *nl = memchr(buf + off, '\n', *used - off);
        if (!nl && !at_end)
            break;
        size_t n = nl ? (size_t)(nl - (buf + off)) : *used - off;
        buf[off + n] = '\0';
        if (scan_line(s, buf + off, n) != 0)
            return -1;
        off += n + 1;
    }
    off = off > *used ? *used : off;
    memmove(buf, buf + off, *used - off);
    *used -= off;
    return 0;
}

int bf_scan_file(const char *path, const bf_sink *sink)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    bf_scan s = {.path = path, .sink = sink};
    char *buf = xmalloc(BF_MAX_LINE + 1);
    size_t used = 0;
    int rc = 0;
    for (;;) {
        ssize_t got = read(fd, buf + used, BF_MAX_LINE - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            log_error("%s: %s", path, strerror(errno));
            rc = -1;
            break;
        }
        used += (size_t)got;
        if ((rc = scan_lines(&s, buf, &used, got == 0)) != 0 || got == 0)
            break;
        if (used == BF_MAX_LINE) {
            log_error_at(path, s.line + 1, "a line longer than %d bytes", BF_MAX_LINE);
            rc = -1;
            break;
        }
    }
    free(buf);
    close(fd);
    scan_end(&s);
    return rc;
}
