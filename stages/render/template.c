/* template.c - expands "{{name}}" and "{{name arg}}" placeholders; everything else is copied
 * verbatim, so the words of the report live in templates/ and a user edits them without C. */
#include "template.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int template_expand(const char *path, template_fn fn, void *ctx, strbuf *out)
{
    char *text = fs_read_file(path, NULL);
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    long line = 1;
    const char *p = text;
    while (*p) {
        const char *open = strstr(p, "{{");
        if (!open) {
            sb_puts(out, p);
            break;
        }
        for (const char *q = p; q < open; q++)
            line += *q == '\n';
        sb_add(out, p, (size_t)(open - p));
        const char *close = strstr(open + 2, "}}");
        if (!close) {
            log_error_at(path, line, "\"{{\" without \"}}\"");
            rc = -1;
            break;
        }
        char *inner = xasprintf("%.*s", (int)(close - open - 2), open + 2);
        char *arg = strchr(inner, ' ');
        if (arg)
            *arg++ = '\0';
        if (fn(ctx, inner, arg ? arg : "", out) != 0) {
            log_error_at(path, line, "unknown placeholder {{%s%s%s}}", inner, arg ? " " : "",
                         arg ? arg : "");
            rc = -1;
        }
        free(inner);
        p = close + 2;
    }
    free(text);
    return rc;
}
