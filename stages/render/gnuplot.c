/* gnuplot.c - one chart through gnuplot (gnuplot.h): script and data in a temp dir, the SVG
 * and PNG copied out, whatever gnuplot says passed on, and why a chart was not drawn in words a
 * reader can act on (not installed, timed out, failed). */
#include "gnuplot.h"

#include "fsutil.h"
#include "log.h"
#include "proc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GNUPLOT_TIMEOUT_S 60.0

void plot_num(strbuf *sb, double v)
{
    if (isfinite(v))
        sb_printf(sb, "%.9g", v);
    else
        sb_puts(sb, "NaN");
}

char *gnuplot_path(const char *tmp, const char *stem, const char *ext)
{
    return xasprintf("%s/%s.%s", tmp, stem, ext);
}

static int write_file(const char *path, const strbuf *sb)
{
    if (fs_write_atomic(path, sb->buf ? sb->buf : "", sb->len) == 0)
        return 0;
    log_error("%s: %s", path, strerror(errno));
    return -1;
}

/* Runs gnuplot on the script; whatever it says on stderr is passed on. 0, or -1 with why. */
static int run_gnuplot(const char *script, const char *log_path, char *why, size_t len)
{
    char *argv[] = {"gnuplot", "-d", (char *)script, NULL}; /* -d: no ~/.gnuplot */
    proc_opts o = {
        .stdout_path = log_path, .stderr_path = log_path, .timeout_s = GNUPLOT_TIMEOUT_S};
    proc_result pr;
    if (proc_run(argv, &o, &pr) != 0) {
        snprintf(why, len, "gnuplot could not be started: %s", strerror(errno));
        return -1;
    }
    char *said = fs_read_file(log_path, NULL);
    if (said && *said)
        log_warn("gnuplot %s:\n%s", script, said);
    free(said);
    if (pr.exited && pr.code == 127) { /* the child could not exec it */
        snprintf(why, len,
                 "gnuplot is not installed here (not found on PATH; Debian package "
                 "gnuplot-nox)");
        return -1;
    }
    if (!proc_ok(&pr)) {
        char how[96];
        snprintf(why, len, "gnuplot %s", proc_describe(&pr, how, sizeof how));
        return -1;
    }
    return 0;
}

int gnuplot_draw(const char *tmp, const char *stem, const strbuf *script, const strbuf *data,
                 const char *out_dir, char *why, size_t len)
{
    static const char *const ext[] = {"svg", "png", "dat", "gp", "log"};
    char *paths[5];
    for (size_t i = 0; i < 5; i++)
        paths[i] = gnuplot_path(tmp, stem, ext[i]);
    int rc = 0;
    if (write_file(paths[2], data) || write_file(paths[3], script))
        rc = -1, snprintf(why, len, "its data could not be written in %s", tmp);
    else
        rc = run_gnuplot(paths[3], paths[4], why, len);
    char *fig = xasprintf("%s/fig", out_dir);
    if (rc == 0 && fs_mkdirs(fig) != 0)
        rc = -1, snprintf(why, len, "%s: %s", fig, strerror(errno));
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        char *to = xasprintf("%s/%s.%s", fig, stem, ext[i]);
        if (fs_copy_file(paths[i], to) != 0) {
            snprintf(why, len, "%s: %s", to, strerror(errno));
            rc = -1;
        }
        free(to);
    }
    free(fig);
    for (size_t i = 0; i < 5; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    return rc;
}
