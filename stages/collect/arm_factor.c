/* arm_factor.c - the ablation arms' factors: how each is applied (a repro-probe confine flag in
 * front of the command, or a part the reference's driver leaves out of its container) and how
 * an arm checks from its read-back posture that its factor, and only it, took effect. A new
 * factor is one row here; which arms use it is data (data/envs.tsv). */
#include "arm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int filter_added(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (arm->p.seccomp != 2) {
        snprintf(why, len, "Seccomp is %d inside the arm, want 2 (a filter)", arm->p.seccomp);
        return -1;
    }
    /* Seccomp_filters (5.9+): exactly one more filter than the reference has. */
    if (arm->p.seccomp_filters >= 0 && ref->p.seccomp_filters >= 0 &&
        arm->p.seccomp_filters != ref->p.seccomp_filters + 1) {
        snprintf(why, len, "Seccomp_filters is %d inside the arm, want %d (the reference's + 1)",
                 arm->p.seccomp_filters, ref->p.seccomp_filters + 1);
        return -1;
    }
    return 0;
}

static int filter_removed(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (ref->p.seccomp != 2) {
        snprintf(why, len, "Seccomp is %d in the reference: it has no filter to remove",
                 ref->p.seccomp);
        return -1;
    }
    if (arm->p.seccomp != 0) {
        snprintf(why, len, "Seccomp is %d inside the arm, want 0 (no filter)", arm->p.seccomp);
        return -1;
    }
    return 0;
}

static int forced(const char *field, const char *text, char *why, size_t len)
{
    if (posture_spec_class(text) == POSTURE_SPEC_FORCED)
        return 0;
    snprintf(why, len,
             "%s is \"%s\" inside the arm, want forced (\"thread force mitigated\", "
             "\"conditional force disabled\")",
             field, text);
    return -1;
}

static int ssbd_forced(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    (void)ref;
    return forced("Speculation_Store_Bypass", arm->p.ssb, why, len);
}

static int stibp_forced(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    (void)ref;
    return forced("SpeculationIndirectBranch", arm->p.ib, why, len);
}

static int limits_removed(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (!strcmp(ref->cpu_limit, "unlimited") && !strcmp(ref->memory_limit, "unlimited")) {
        snprintf(why, len, "the reference has no limits to remove (cpu %s, memory %s)",
                 ref->cpu_limit, ref->memory_limit);
        return -1;
    }
    if (strcmp(arm->cpu_limit, "unlimited") != 0 || strcmp(arm->memory_limit, "unlimited") != 0) {
        snprintf(why, len,
                 "inside the arm cpu_limit is \"%s\", memory_limit_bytes \"%s\", want "
                 "both unlimited",
                 arm->cpu_limit, arm->memory_limit);
        return -1;
    }
    return 0;
}

/* The root is made once, when the arm prepares: its reference reading runs on the same root, so
 * only the arm's root is checked (the reference's overlay is the reference's own check). */
static int overlay_removed(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    (void)ref;
    if (!*arm->rootfs || !strcmp(arm->rootfs, "overlayfs")) {
        snprintf(why, len, "the arm's root is \"%s\", want a disk filesystem", arm->rootfs);
        return -1;
    }
    return 0;
}

/* The reference's capabilities dropped to Docker's default set (of what it had): confine --caps. */
static int caps_dropped(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    unsigned long long want = ref->p.cap_eff & POSTURE_CAPS_DOCKER;
    if (ref->p.cap_eff == want) {
        snprintf(why, len, "the reference's CapEff %016llx holds nothing beyond Docker's default "
                 "set: no capability to drop", ref->p.cap_eff);
        return -1;
    }
    if (arm->p.cap_eff != want) {
        snprintf(why, len, "CapEff is %016llx inside the arm, want %016llx (the reference's "
                 "within Docker's default set)", arm->p.cap_eff, want);
        return -1;
    }
    return 0;
}

static int nnp_set(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (ref->p.no_new_privs != 0) {
        snprintf(why, len, "NoNewPrivs is %d in the reference: nothing to set", ref->p.no_new_privs);
        return -1;
    }
    if (arm->p.no_new_privs != 1) {
        snprintf(why, len, "NoNewPrivs is %d inside the arm, want 1", arm->p.no_new_privs);
        return -1;
    }
    return 0;
}

/* Whether the view was read in the host's network namespace (each container start makes a new
 * one, so only this is comparable between two readings). */
static int on_host_net(const arm_view *v)
{
    return *v->netns && !strcmp(v->netns, v->host_netns);
}

static int on_host_pid(const arm_view *v)
{
    return *v->pidns && !strcmp(v->pidns, v->host_pidns);
}

/* The arm in namespaces of its own (PID, and with it mount, IPC, UTS, network), its reference
 * in the host's. */
static int namespaces_added(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (!on_host_pid(ref) || !on_host_net(ref)) {
        snprintf(why, len, "the reference does not run in the host's PID and network namespaces "
                 "(%s, %s)", ref->pidns, ref->netns);
        return -1;
    }
    if (!*arm->pidns || on_host_pid(arm) || !*arm->netns || on_host_net(arm)) {
        snprintf(why, len, "the arm's namespaces are %s, %s, want its own, not the host's %s, %s",
                 *arm->pidns ? arm->pidns : "unread", *arm->netns ? arm->netns : "unread",
                 arm->host_pidns, arm->host_netns);
        return -1;
    }
    return 0;
}

static int netns_removed(const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    if (on_host_net(ref)) {
        snprintf(why, len, "the reference already runs in the host's network namespace (%s)",
                 ref->netns);
        return -1;
    }
    if (!on_host_net(arm)) {
        snprintf(why, len, "the arm's network namespace is %s, want the host's %s",
                 *arm->netns ? arm->netns : "unread", arm->host_netns);
        return -1;
    }
    return 0;
}

/* A filter may bring SSBD and STIBP with it: kernels before 5.16 forced both on for every
 * filtered thread (spec_store_bypass_disable=seccomp): that is part of the filter's effect
 * there. Without CAP_SYS_ADMIN the filter needs no_new_privs first. */
static const arm_factor factors[] = {
    {"seccomp",
     "the default seccomp filter a container gets, installed by repro-probe confine "
     "--seccomp before exec",
     "--seccomp", NULL, filter_added, ARM_FIELD_SECCOMP,
     ARM_FIELD_NNP | ARM_FIELD_SSB | ARM_FIELD_IB},
    {"no-seccomp",
     "the container without its seccomp filter (the runtime spec's seccomp section "
     "left out)",
     NULL, "seccomp", filter_removed, ARM_FIELD_SECCOMP, ARM_FIELD_SSB | ARM_FIELD_IB},
    {"ssbd",
     "Speculative Store Bypass disabled for the process (prctl PR_SPEC_STORE_BYPASS, "
     "PR_SPEC_FORCE_DISABLE), as a filter forced it before Linux 5.16",
     "--ssbd", NULL, ssbd_forced, ARM_FIELD_SSB, 0},
    {"stibp",
     "indirect branch speculation restricted for the process (STIBP: prctl "
     "PR_SPEC_INDIRECT_BRANCH, PR_SPEC_FORCE_DISABLE), as a filter forced it before 5.16",
     "--stibp", NULL, stibp_forced, ARM_FIELD_IB, 0},
    {"no-limits",
     "the container without its cgroup limits (no CPU quota, no memory limit in the "
     "runtime spec's resources)",
     NULL, "limits", limits_removed, ARM_FIELD_LIMITS, 0},
    {"no-overlay",
     "the container on a private copy of the image layer, bind-mounted as its root, "
     "instead of overlayfs over it",
     NULL, "overlay", overlay_removed, ARM_FIELD_ROOTFS, 0},
    {"no-capabilities",
     "the process's capabilities dropped to Docker's default set (repro-probe confine --caps: "
     "bounding and ambient sets, then capset, before exec)",
     "--caps", NULL, caps_dropped, ARM_FIELD_CAPS, 0},
    {"no_new_privs",
     "no_new_privs set for the process (repro-probe confine --nnp: prctl PR_SET_NO_NEW_PRIVS "
     "before exec), as runc sets it for oci",
     "--nnp", NULL, nnp_set, ARM_FIELD_NNP, 0},
    {"namespaces",
     "the process in PID, mount, IPC, UTS and network namespaces of its own, with a /proc of "
     "its own (repro-probe confine --ns: unshare, fork, mount proc, before exec), as a "
     "container's",
     "--ns", NULL, namespaces_added, ARM_FIELD_PIDNS | ARM_FIELD_NETNS, 0},
    {"no-netns",
     "the container in the host's network namespace instead of its own (no "
     "network namespace in the runtime spec)",
     NULL, "netns", netns_removed, ARM_FIELD_NETNS, 0},
};
#define NFACTORS (sizeof factors / sizeof *factors)

/* The value of envinfo's "key<TAB>value" line into buf ("" when absent). */
static void envinfo_value(const char *text, const char *key, char *buf, size_t len)
{
    size_t kl = strlen(key);
    buf[0] = '\0';
    for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n')
        if (!strncmp(l, key, kl) && l[kl] == '\t')
            snprintf(buf, len, "%.*s", (int)strcspn(l + kl + 1, "\n"), l + kl + 1);
}

int arm_view_parse(const char *text, arm_view *v)
{
    memset(v, 0, sizeof *v);
    if (posture_parse(text, &v->p) != 0)
        return -1;
    envinfo_value(text, "cpu_limit", v->cpu_limit, sizeof v->cpu_limit);
    envinfo_value(text, "memory_limit_bytes", v->memory_limit, sizeof v->memory_limit);
    envinfo_value(text, "cpus_online", v->cpus_online, sizeof v->cpus_online);
    envinfo_value(text, "rootfs", v->rootfs, sizeof v->rootfs);
    envinfo_value(text, "netns", v->netns, sizeof v->netns);
    envinfo_value(text, "pidns", v->pidns, sizeof v->pidns);
    return 0;
}

const arm_factor *arm_factor_find(const char *name)
{
    for (size_t i = 0; i < NFACTORS; i++)
        if (strcmp(factors[i].name, name) == 0)
            return &factors[i];
    return NULL;
}

const char *arm_factor_names(void)
{
    static char names[256];
    if (!*names)
        for (size_t i = 0; i < NFACTORS; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     factors[i].name);
    return names;
}

/* -1 with why when a field the factor may not change differs. */
static int unchanged(const arm_factor *f, const arm_view *ref, const arm_view *arm, char *why,
                     size_t len)
{
    unsigned may = f->own | f->may_change;
    if (!(may & ARM_FIELD_SECCOMP) &&
        (ref->p.seccomp != arm->p.seccomp || ref->p.seccomp_filters != arm->p.seccomp_filters))
        snprintf(why, len, "Seccomp %d/%d in the reference, %d/%d inside the arm", ref->p.seccomp,
                 ref->p.seccomp_filters, arm->p.seccomp, arm->p.seccomp_filters);
    else if (!(may & ARM_FIELD_NNP) && ref->p.no_new_privs != arm->p.no_new_privs)
        snprintf(why, len, "NoNewPrivs %d in the reference, %d inside the arm", ref->p.no_new_privs,
                 arm->p.no_new_privs);
    else if (!(may & ARM_FIELD_SSB) && strcmp(ref->p.ssb, arm->p.ssb) != 0)
        snprintf(why, len,
                 "Speculation_Store_Bypass \"%s\" in the reference, \"%s\" inside the arm",
                 ref->p.ssb, arm->p.ssb);
    else if (!(may & ARM_FIELD_IB) && strcmp(ref->p.ib, arm->p.ib) != 0)
        snprintf(why, len,
                 "SpeculationIndirectBranch \"%s\" in the reference, \"%s\" inside the arm",
                 ref->p.ib, arm->p.ib);
    else if (!(may & ARM_FIELD_CAPS) && ref->p.cap_eff != arm->p.cap_eff)
        snprintf(why, len, "CapEff %016llx in the reference, %016llx inside the arm",
                 ref->p.cap_eff, arm->p.cap_eff);
    else if (!(may & ARM_FIELD_LIMITS) && (strcmp(ref->cpu_limit, arm->cpu_limit) != 0 ||
                                           strcmp(ref->memory_limit, arm->memory_limit) != 0))
        snprintf(why, len,
                 "limits cpu %s / memory %s in the reference, cpu %s / memory %s inside "
                 "the arm",
                 ref->cpu_limit, ref->memory_limit, arm->cpu_limit, arm->memory_limit);
    else if (!(may & ARM_FIELD_NETNS) && on_host_net(ref) != on_host_net(arm))
        snprintf(why, len, "the reference %s the host's network namespace, the arm %s",
                 on_host_net(ref) ? "runs in" : "does not run in",
                 on_host_net(arm) ? "does" : "does not");
    else if (!(may & ARM_FIELD_PIDNS) && on_host_pid(ref) != on_host_pid(arm))
        snprintf(why, len, "the reference %s the host's PID namespace, the arm %s",
                 on_host_pid(ref) ? "runs in" : "does not run in",
                 on_host_pid(arm) ? "does" : "does not");
    else if (!(may & ARM_FIELD_ROOTFS) && strcmp(ref->rootfs, arm->rootfs) != 0)
        snprintf(why, len, "root filesystem %s in the reference, %s inside the arm", ref->rootfs,
                 arm->rootfs);
    else
        return 0;
    return -1;
}

int arm_check(const arm_factor *f, const arm_view *ref, const arm_view *arm, char *why, size_t len)
{
    char took[384] = "", other[384] = "";
    if (f->took(ref, arm, took, sizeof took) != 0) {
        snprintf(why, len, "factor %s did not take effect: %s", f->name, took);
        return -1;
    }
    if (unchanged(f, ref, arm, other, sizeof other) != 0) {
        snprintf(why, len, "factor %s changed something else: %s", f->name, other);
        return -1;
    }
    snprintf(why, len, "factor %s took effect, nothing else changed", f->name);
    return 0;
}

int arm_caveat(const arm_factor *f, const arm_view *ref, char *buf, size_t len)
{
    char *end;
    double quota = strtod(ref->cpu_limit, &end), cpus = atof(ref->cpus_online);
    if (!(f->own & ARM_FIELD_LIMITS) || end == ref->cpu_limit || *end || cpus <= 0 ||
        quota < cpus)
        return 0;
    snprintf(buf, len,
             "here its CPU quota cannot bind: the reference's quota (%s CPUs) is not below the "
             "machine's %s CPUs online, so it never throttles, and this arm shows no CPU "
             "throttling cost and judges none; what is left is the cgroup itself and the memory "
             "limit (%s bytes), which binds only on a workload that uses more memory than that",
             ref->cpu_limit, ref->cpus_online, ref->memory_limit);
    return 1;
}
