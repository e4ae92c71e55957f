/* samples_out.c - samples.tsv written while the samples are read: each row is the cell's
 * escaped table, env, bench and unit (made once per cell), its sample number and the value as
 * the samples file wrote it, so a million samples cost neither a copy in memory nor a second
 * formatting of their numbers. The file appears whole or not at all (fs_stream). */
#include "analyze.h"

#include "schema_model.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_AT (256 * 1024)

/* Rows are written field by field below, in the declaration's order: a column moved or added
 * there fails to compile here until this writer follows. */
_Static_assert(SAMPLES_TABLE == 0 && SAMPLES_ENV == 1 && SAMPLES_BENCH == 2 && SAMPLES_UNIT == 3 &&
                   SAMPLES_REP == 4 && SAMPLES_VALUE == 5 && SAMPLES_ROUND == 6 &&
                   SAMPLES_DISTURBED == 7 && SAMPLES_NCOLS == 8,
               "samples_out.c writes samples.tsv's columns in this order");

struct samples_out {
    fs_stream file;
    strbuf buf;
    char **prefix; /* per cell index: "table\tenv\tbench\tunit\t", escaped */
    size_t *prefix_len, nprefix;
    cells_sample_sink sink;
    char *path;
};

static const char *prefix_of(samples_out *o, const cellset *cs, size_t ci, size_t *len)
{
    if (ci >= o->nprefix) {
        size_t n = o->nprefix ? o->nprefix : 64;
        while (n <= ci)
            n *= 2;
        o->prefix = xrealloc(o->prefix, n * sizeof *o->prefix);
        o->prefix_len = xrealloc(o->prefix_len, n * sizeof *o->prefix_len);
        memset(o->prefix + o->nprefix, 0, (n - o->nprefix) * sizeof *o->prefix);
        o->nprefix = n;
    }
    if (!o->prefix[ci]) {
        const cell *c = &cs->cells[ci];
        const char *fields[] = {c->table, c->env, c->bench, c->unit};
        strbuf sb = {0};
        for (size_t i = 0; i < 4; i++) {
            tsv_put(&sb, fields[i]);
            sb_putc(&sb, '\t');
        }
        o->prefix[ci] = xstrdup(sb_str(&sb));
        o->prefix_len[ci] = sb.len;
        sb_free(&sb);
    }
    *len = o->prefix_len[ci];
    return o->prefix[ci];
}

static void flush(samples_out *o)
{
    fs_stream_write(&o->file, o->buf.buf, o->buf.len); /* a failure sticks: commit reports it */
    sb_reset(&o->buf);
}

/* n in decimal followed by a tab, written backwards into the end of buf; returns its start. */
static char *decimal_tab(size_t n, char *buf, size_t len)
{
    char *p = buf + len;
    *--p = '\t';
    do
        *--p = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    return p;
}

static void on_sample(void *ctx, const cellset *cs, size_t ci, const char *token)
{
    samples_out *o = ctx;
    char rep[24];
    char *digits = decimal_tab(cs->cells[ci].n, rep, sizeof rep);
    size_t plen, dlen = (size_t)(rep + sizeof rep - digits), tlen = strlen(token);
    const char *prefix = prefix_of(o, cs, ci, &plen);
    const cell *c = &cs->cells[ci];
    int with_round = c->round && c->round[c->n - 1] > 0;
    /* one growth check per row, a million rows: the pieces are copied into place */
    char *p = sb_extend(&o->buf, plen + dlen + tlen + (with_round ? 0 : 3));
    memcpy(p, prefix, plen);
    memcpy(p + plen, digits, dlen);
    memcpy(p + plen + dlen, token, tlen); /* a finite decimal: nothing to escape */
    if (with_round) /* its round and whether it was disturbed */
        sb_printf(&o->buf, "\t%ld\t%s\n", c->round[c->n - 1],
                  c->disturbed[c->n - 1] ? "yes" : "");
    else
        memcpy(p + plen + dlen + tlen, "\t\t\n", 3);
    if (o->buf.len >= FLUSH_AT)
        flush(o);
}

samples_out *samples_out_open(const char *dir)
{
    samples_out *o = xcalloc(1, sizeof *o);
    o->path = xasprintf("%s/samples.tsv", dir);
    if (fs_stream_open(&o->file, o->path) != 0) {
        log_error("%s: %s", o->path, strerror(errno));
        free(o->path);
        free(o);
        return NULL;
    }
    tsv_put_header(&o->buf, &samples_schema);
    o->sink = (cells_sample_sink){o, on_sample};
    return o;
}

const cells_sample_sink *samples_out_sink(samples_out *o)
{
    return o ? &o->sink : NULL;
}

int samples_out_close(samples_out *o)
{
    if (!o)
        return -1;
    flush(o);
    int rc = fs_stream_commit(&o->file);
    if (rc != 0)
        log_error("%s: %s", o->path, strerror(errno));
    for (size_t i = 0; i < o->nprefix; i++)
        free(o->prefix[i]);
    free(o->prefix);
    free(o->prefix_len);
    sb_free(&o->buf);
    free(o->path);
    free(o);
    return rc;
}
