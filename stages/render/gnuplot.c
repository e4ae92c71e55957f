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

int gnuplot_draw_all(const char *tmp, const char *const *stems, size_t n, const strbuf *script,
                     const strbuf *data, const char *out_dir, char *why, size_t len)
{
    if (!n)
        return 0;
    char *gp = gnuplot_path(tmp, stems[0], "gp"), *log_path = gnuplot_path(tmp, stems[0], "log");
    int rc = write_file(gp, script);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *dat = gnuplot_path(tmp, stems[i], "dat");
        rc = write_file(dat, &data[i]);
        free(dat);
    }
    if (rc != 0)
        snprintf(why, len, "its data could not be written in %s", tmp);
    else
        rc = run_gnuplot(gp, log_path, why, len);
    char *fig = xasprintf("%s/fig", out_dir);
    if (rc == 0 && fs_mkdirs(fig) != 0)
        rc = -1, snprintf(why, len, "%s: %s", fig, strerror(errno));
    static const char *const ext[] = {"svg", "png", "dat"};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < 3; k++) {
            char *from = gnuplot_path(tmp, stems[i], ext[k]);
            char *to = xasprintf("%s/%s.%s", fig, stems[i], ext[k]);
            if (rc == 0 && k < 2 && fs_copy_file(from, to) != 0) {
                snprintf(why, len, "%s: %s", to, strerror(errno));
                rc = -1;
            }
            unlink(from);
            free(from);
            free(to);
        }
    unlink(gp);
    unlink(log_path);
    free(gp);
    free(log_path);
    free(fig);
    return rc;
}

int gnuplot_draw(const char *tmp, const char *stem, const strbuf *script, const strbuf *data,
                 const char *out_dir, char *why, size_t len)
{
    return gnuplot_draw_all(tmp, &stem, 1, script, data, out_dir, why, len);
}
