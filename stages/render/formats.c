/* formats.c - the report's document formats, each added by its own file (RENDER_FORMAT in
 * md.c, html.c, xlsx.c, ...), so a new format is one new file and no list to edit; written in
 * the order of their file names, so the same formats always run in the same order. */
#include "render.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

static const render_format **formats;
static size_t nformats;

void render_format_add(const render_format *f)
{
    formats = xrealloc(formats, (nformats + 1) * sizeof *formats);
    size_t i = nformats++;
    for (; i > 0 && strcmp(formats[i - 1]->file, f->file) > 0; i--)
        formats[i] = formats[i - 1];
    formats[i] = f;
}

size_t render_formats(const render_format *const **list)
{
    *list = formats;
    return nformats;
}

int render_documents(doc *d, const report *r, const char *templates, const char *dir)
{
    char *fig = xasprintf("%s/fig", dir);
    render_input in = {d, r, templates, fig};
    int rc = 0;
    for (size_t i = 0; i < nformats; i++) {
        char *path = xasprintf("%s/%s", dir, formats[i]->file);
        rc |= formats[i]->write(&in, path) != 0;
        free(path);
    }
    free(fig);
    return rc ? -1 : 0;
}
