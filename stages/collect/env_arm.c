/* env_arm.c - the ablation arms' one driver: an environment that is its reference environment
 * (data/envs.tsv `reference`) with one factor changed (`factor`, arm.h). It runs the reference's
 * own driver under the arm's name (its own directories, containers, cache), and applies the
 * factor either in front of every command (repro-probe confine: a filter, a speculation
 * control) or by having the reference's driver leave a part out (e->drops: oci's seccomp
 * section). Nothing here knows an arm's name: a new arm is a row of data.
 *
 * Before its first sample an arm reads its posture (/proc/self/status and repro-probe envinfo's
 * limits, inside) as
 * the reference and as the arm, keeps both in the run (env/<arm>/posture-*.txt), and checks
 * that its factor took effect and nothing else changed (arm_check); an arm that fails judges
 * nothing (it is "failed", with the check's words). A factor this machine cannot apply (prctl:
 * ENXIO) makes the arm "unavailable", with confine's reason. */
#include "arm.h"
#include "env.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

typedef struct {
    env ref;            /* the reference environment, run by its own driver */
    env_driver ref_drv; /* the reference's catalog entry under the arm's name */
    const arm_factor *f;
} arm_state;

static arm_state *st(env *e)
{
    return e->priv;
}

/* The factor applied on this host: a speculation control the CPU does not offer is missing in
 * every environment of this kernel. 0, or -1 with confine's reason in e->reason. */
static int factor_here(env *e, const arm_factor *f)
{
    if (!f->confine)
        return 0;
    char probe[600], err[700];
    snprintf(probe, sizeof probe, "%s/repro-probe", e->ctx->bin_dir);
    snprintf(err, sizeof err, "%s/arm-%s.err", e->ctx->run_dir, e->drv->name);
    char *argv[] = {probe, "confine", (char *)f->confine, "--", "true", NULL};
    proc_opts o = {.stdout_path = "/dev/null", .stderr_path = err, .timeout_s = 20};
    proc_result r;
    int rc = proc_run(argv, &o, &r);
    char *text = fs_read_file(err, NULL);
    remove(err);
    if (rc == 0 && proc_ok(&r)) {
        free(text);
        return 0;
    }
    const char *why = text ? strstr(text, "unavailable: ") : NULL;
    snprintf(e->reason, sizeof e->reason, "factor %s cannot be applied here: %.*s", f->name,
             why ? (int)strcspn(why + 13, "\n") : 40,
             why ? why + 13 : "repro-probe confine failed");
    free(text);
    return -1;
}

/* The arm's state over its reference's driver: NULL (e->reason filled) when its row names no
 * known reference or factor. Also what --cleanup and a resume tear down. */
static arm_state *setup(env *e)
{
    if (e->priv)
        return e->priv;
    const env_driver *ref = e->drv->reference ? env_catalog_find(e->drv->reference) : NULL;
    const arm_factor *f = e->drv->factor ? arm_factor_find(e->drv->factor) : NULL;
    if (!ref || !f) {
        snprintf(e->reason, sizeof e->reason,
                 "an arm needs a reference environment of data/envs.tsv (\"%s\") and a factor "
                 "(\"%s\"; known: %s)",
                 e->drv->reference ? e->drv->reference : "", e->drv->factor ? e->drv->factor : "",
                 arm_factor_names());
        return NULL;
    }
    arm_state *s = xcalloc(1, sizeof *s);
    s->ref_drv = *ref;
    s->ref_drv.name = e->drv->name; /* its own state directory, container ids and cache */
    s->ref.drv = &s->ref_drv;
    s->ref.ctx = e->ctx;
    s->ref.drops = f->drops;
    s->f = f;
    e->priv = s;
    env_meta(e, "arm_reference", e->drv->reference);
    env_meta(e, "arm_factor", f->name);
    env_meta(e, "arm_changes", f->what);
    return s;
}

static int arm_probe(env *e)
{
    arm_state *s = setup(e);
    if (!s)
        return -1;
    if (s->ref_drv.probe(&s->ref) != 0) {
        snprintf(e->reason, sizeof e->reason, "its reference %s cannot run: %.900s",
                 e->drv->reference, s->ref.reason);
        return -1;
    }
    return factor_here(e, s->f);
}

/* argv with the factor's confine flag in front (a new array over argv's strings). */
static char **confined(const env *e, const arm_factor *f, char *const argv[], char *probe,
                       size_t len)
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **out = xmalloc((n + 5) * sizeof *out);
    snprintf(probe, len, "%s/repro-probe", e->bin_dir);
    out[0] = probe;
    out[1] = "confine";
    out[2] = (char *)f->confine;
    out[3] = "--";
    memcpy(out + 4, argv, (n + 1) * sizeof *out);
    return out;
}

static int arm_exec(env *e, char *const argv[], char *const envv[], const char *cwd,
                    const char *out_path, const char *err_path, double timeout_s, proc_result *r)
{
    arm_state *s = st(e);
    memcpy(s->ref.runtime_trace, e->runtime_trace, sizeof e->runtime_trace);
    if (!s->f->confine)
        return s->ref_drv.exec(&s->ref, argv, envv, cwd, out_path, err_path, timeout_s, r);
    char probe[600];
    char **full = confined(e, s->f, argv, probe, sizeof probe);
    int rc = s->ref_drv.exec(&s->ref, full, envv, cwd, out_path, err_path, timeout_s, r);
    free(full);
    return rc;
}

/* What `cat /proc/self/status; repro-probe envinfo` shows run by the reference (factor 0) or
 * the arm (1), kept in <run>/env/<arm>/posture-<which>.txt. 0, or -1 with why. */
static int posture_of(env *e, int factor, arm_view *p, char *why, size_t len)
{
    arm_state *s = st(e);
    char dir[600], out[700], err[700];
    snprintf(dir, sizeof dir, "%s/env/%s", e->ctx->run_dir, e->drv->name);
    fs_mkdirs(dir);
    const char *which = factor ? "arm" : "reference";
    snprintf(out, sizeof out, "%s/posture-%s.txt", dir, which);
    snprintf(err, sizeof err, "%s/posture-%s.err", dir, which);
    char probe[600];
    snprintf(probe, sizeof probe, "%s/repro-probe", e->bin_dir);
    char *argv[] = {
        "sh", "-c",
        "cat /proc/self/status && \"$0\" envinfo && printf 'rootfs\\t%s\\nnetns\\t%s\\npidns\\t%s\\n' "
        "\"$(stat -f -c %T /)\" \"$(readlink /proc/self/ns/net)\" \"$(readlink /proc/self/ns/pid)\"",
        probe, NULL};
    char *envv[] = {"PATH=/usr/local/bin:/usr/bin:/bin", NULL};
    proc_result r;
    s->ref.drops = factor ? s->f->drops : NULL;
    int rc = factor ? arm_exec(e, argv, envv, "/", out, err, 60, &r)
                    : s->ref_drv.exec(&s->ref, argv, envv, "/", out, err, 60, &r);
    s->ref.drops = s->f->drops;
    char *text = fs_read_file(out, NULL);
    int ok = rc == 0 && proc_ok(&r) && text && arm_view_parse(text, p) == 0;
    ssize_t n = ok ? readlink("/proc/self/ns/net", p->host_netns, sizeof p->host_netns - 1) : 0;
    p->host_netns[n > 0 ? n : 0] = '\0';
    n = ok ? readlink("/proc/self/ns/pid", p->host_pidns, sizeof p->host_pidns - 1) : 0;
    p->host_pidns[n > 0 ? n : 0] = '\0';
    free(text);
    if (!ok)
        snprintf(why, len,
                 "could not read the %s's posture (/proc/self/status and envinfo: %.500s)", which,
                 out);
    return ok ? 0 : -1;
}

static int arm_prepare(env *e)
{
    arm_state *s = st(e);
    if (s->ref_drv.prepare(&s->ref) != 0 || (s->ref_drv.ready && s->ref_drv.ready(&s->ref) != 0)) {
        snprintf(e->reason, sizeof e->reason, "its reference %s: %.900s", e->drv->reference,
                 s->ref.reason);
        return -1;
    }
    memcpy(e->work_dir, s->ref.work_dir, sizeof e->work_dir);
    memcpy(e->bin_dir, s->ref.bin_dir, sizeof e->bin_dir);
    memcpy(e->cache_dir, s->ref.cache_dir, sizeof e->cache_dir);
    memcpy(e->share_dir, s->ref.share_dir, sizeof e->share_dir);
    e->caps |= s->ref.caps;
    sb_puts(&e->meta, sb_str(&s->ref.meta));
    arm_view ref, arm;
    char why[768];
    int rc =
        posture_of(e, 0, &ref, why, sizeof why) == 0 && posture_of(e, 1, &arm, why, sizeof why) == 0
            ? arm_check(s->f, &ref, &arm, why, sizeof why)
            : -1;
    char line[1300], caveat[400];
    int cav = rc == 0 && arm_caveat(s->f, &ref, caveat, sizeof caveat);
    snprintf(line, sizeof line, "%s: %s%s%s", rc == 0 ? "pass" : "fail", why, cav ? "; " : "",
             cav ? caveat : "");
    env_meta(e, "arm_check", line);
    if (cav) /* an arm that ran: its reason says what it cannot show here */
        snprintf(e->reason, sizeof e->reason, "%s", caveat);
    if (rc != 0)
        snprintf(e->reason, sizeof e->reason, "arm check failed, so it judges nothing: %s", why);
    return rc;
}

static int arm_daemon_rss(env *e, double *bytes, strbuf *desc)
{
    return st(e)->ref_drv.daemon_rss(&st(e)->ref, bytes, desc);
}

static void arm_teardown(env *e)
{
    arm_state *s = setup(e);
    if (!s)
        return;
    s->ref_drv.teardown(&s->ref);
    sb_free(&s->ref.meta);
    free(s);
    e->priv = NULL;
}

int arm_bind_root(const char *layer, const char *copy, const char *root, char *why, size_t len)
{
    char *from = xasprintf("%s/.", layer);
    char *cp[] = {"cp", "-a", from, (char *)copy, NULL};
    proc_opts o = {.stdout_path = "/dev/null", .stderr_path = "/dev/null", .timeout_s = 300};
    proc_result r;
    int rc = proc_run(cp, &o, &r) == 0 && proc_ok(&r) ? 0 : -1;
    free(from);
    if (rc != 0)
        snprintf(why, len, "copying the image layer %s into %s failed", layer, copy);
    else if (mount(copy, root, NULL, MS_BIND, NULL) != 0) {
        snprintf(why, len, "bind-mounting %s on %s: %s", copy, root, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* An arm's row names a factor arm_factor.c knows (its reference is checked with the file). */
static int arm_check_row(const env_driver *row, char *why, size_t len)
{
    if (row->factor && arm_factor_find(row->factor))
        return 0;
    snprintf(why, len, "an arm needs a factor: \"%s\" is none (known: %s)",
             row->factor ? row->factor : "", arm_factor_names());
    return -1;
}

static const env_driver env_arm_driver = {
    .driver = "arm",
    .check_row = arm_check_row,
    .probe = arm_probe,
    .prepare = arm_prepare,
    .exec = arm_exec,
    .daemon_rss = arm_daemon_rss,
    .teardown = arm_teardown,
};
ENV_DRIVER(env_arm_driver)
