/* doc_template.c - reads a prose template (doc.h's small Markdown) into document blocks, so the
 * report's words live in templates/ once for every document format, and C fills the
 * placeholders with blocks or spans from the model. */
#include "doc.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *path;
    long line;
    doc_template_fn fn;
    void *ctx;
    doc *d;
    int rc;
} tmpl;

static void placeholder(tmpl *t, const char *inner, size_t len, doc_inline *in)
{
    char *name = xasprintf("%.*s", (int)len, inner);
    char *arg = strchr(name, ' ');
    if (arg)
        *arg++ = '\0';
    if (t->fn(t->ctx, name, arg ? arg : "", t->d, in) != 0) {
        log_error_at(t->path, t->line, "unknown placeholder {{%s%s%s}}", name, arg ? " " : "",
                     arg ? arg : "");
        t->rc = -1;
    }
    free(name);
}

/* Text with **strong**, *em*, `code` and {{placeholders}} into spans. */
static void inline_text(tmpl *t, const char *s, size_t len, doc_inline *in)
{
    const char *end = s + len;
    strbuf plain = {0};
    while (s < end) {
        static const char *const marks[] = {"{{", "**", "*", "`"};
        static const char *const closes[] = {"}}", "**", "*", "`"};
        size_t m = 0, ml = 0;
        for (; m < 4; m++)
            if (!strncmp(s, marks[m], ml = strlen(marks[m])))
                break;
        const char *close = m < 4 ? strstr(s + ml, closes[m]) : NULL;
        if (!close || close >= end) {
            sb_putc(&plain, *s++);
            continue;
        }
        doc_text(in, sb_str(&plain));
        sb_reset(&plain);
        char *inner = xasprintf("%.*s", (int)(close - s - ml), s + ml);
        if (m == 0) {
            placeholder(t, inner, strlen(inner), in);
        } else { /* the marked text, its placeholders expanded, as one span */
            doc_inline *sub = doc_loose();
            inline_text(t, inner, strlen(inner), sub);
            char *joined = doc_plain(sub);
            (m == 1 ? doc_strong : m == 2 ? doc_em : doc_code)(in, joined);
            free(joined);
            doc_loose_free(sub);
        }
        free(inner);
        s = close + strlen(closes[m]);
    }
    doc_text(in, sb_str(&plain));
    sb_free(&plain);
}

/* "## text {#anchor}": the anchor may be a placeholder, expanded to its text. */
static void heading(tmpl *t, const char *line, size_t len)
{
    int level = 0;
    while (level < (int)len && line[level] == '#')
        level++;
    const char *text = line + level + (level < (int)len && line[level] == ' ');
    const char *anchor = NULL;
    for (const char *p = text; p + 2 < line + len; p++)
        if (!strncmp(p, " {#", 3) && line[len - 1] == '}')
            anchor = p;
    char *id = NULL;
    if (anchor) {
        doc_inline *in = doc_loose();
        inline_text(t, anchor + 3, (size_t)(line + len - 1 - (anchor + 3)), in);
        id = doc_plain(in);
        doc_loose_free(in);
    }
    size_t text_len = (size_t)((anchor ? anchor : line + len) - text);
    inline_text(t, text, text_len, doc_heading(t->d, level, id));
    free(id);
}

int doc_template(const char *path, doc_template_fn fn, void *ctx, doc *d)
{
    char *text = fs_read_file(path, NULL);
    if (!text) {
        log_error("%s: %s", path, strerror(errno));
        return -1;
    }
    tmpl t = {path, 0, fn, ctx, d, 0};
    doc_inline *para = NULL;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        t.line++;
        if (len == 0) {
            para = NULL;
        } else if (p[0] == '#') {
            heading(&t, p, len);
            para = NULL;
        } else if (len > 4 && !strncmp(p, "{{", 2) && !strncmp(p + len - 2, "}}", 2) &&
                   !memmem(p + 2, len - 4, "}}", 2)) {
            placeholder(&t, p + 2, len - 4, NULL);
            para = NULL;
        } else {
            if (para)
                doc_text(para, " ");
            else
                para = doc_para(d);
            inline_text(&t, p, len, para);
        }
        p += len + (p[len] == '\n');
    }
    free(text);
    return t.rc;
}
