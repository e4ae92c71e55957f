/* index.c - the site's front page (pipeline/site.sh lays the site out): the fleet page, then
 * per machine its history and its runs, newest first, each linked to its report and to its
 * comparison with the run before it. A document like every other page (render_page: the
 * report's stylesheet, one escaping); its links are built from the archive's machine and run
 * ids, which the archive validated (letters, digits, - _ .), never from a run's text. */
#include "fleet/fleet.h"

#include "log.h"
#include "render/page.h"

#include <stdlib.h>
#include <string.h>

/* Runs [first, end) of one machine, newest first, each with its report and comparison. */
static void machine_runs(doc *d, const runset *rs, size_t first, size_t end)
{
    const char *m = rs->runs[first].machine;
    doc_inline *h = doc_para(d);
    char *href = xasprintf("history/%s/history.html", m);
    doc_link_to(h, "history", href);
    free(href);
    doc_block *list = doc_list(d);
    for (size_t i = end; i-- > first;) {
        const run_ref *r = &rs->runs[i];
        doc_inline *item = doc_item(list);
        char *text = xasprintf("run %s", r->id);
        href = xasprintf("runs/%s/%s/report.html", m, r->id);
        doc_link_to(item, text, href);
        free(text);
        free(href);
        if (i > first) {
            const char *prev = rs->runs[i - 1].id;
            doc_text(item, ", ");
            text = xasprintf("compared with %s", prev);
            href = xasprintf("compare/%s/%s..%s/compare.html", m, prev, r->id);
            doc_link_to(item, text, href);
            free(text);
            free(href);
        }
    }
}

int fleet_site_index(const runset *rs, const char *dir)
{
    doc d = {0};
    doc_text(doc_heading(&d, 1, NULL), "repro results");
    doc_link_to(doc_para(&d), "The fleet: every claim on every machine, pooled",
                "fleet/fleet.html");
    for (size_t i = 0, end; i < rs->n; i = end) {
        for (end = i + 1; end < rs->n && !strcmp(rs->runs[end].machine, rs->runs[i].machine);)
            end++;
        char *title = xasprintf("machine %s", rs->runs[i].machine);
        doc_text(doc_heading(&d, 2, NULL), title);
        free(title);
        machine_runs(&d, rs, i, end);
    }
    int rc = render_page(&d, render_templates(), dir, "index");
    doc_free(&d);
    return rc;
}
