/* arm_factor.c - the ablation arms' factors: how each is applied (a repro-probe confine flag in
 * front of the command, or a part the reference's driver leaves out of its container) and how
 * an arm checks from its read-back posture that its factor, and only it, took effect. A new
 * factor is one row here; which arms use it is data (data/envs.tsv). */
#include "arm.h"

#include <stdio.h>
#include <string.h>

static int filter_added(const struct posture *ref, const struct posture *arm, char *why, size_t len)
{
    if (arm->seccomp != 2) {
        snprintf(why, len, "Seccomp is %d inside the arm, want 2 (a filter)", arm->seccomp);
        return -1;
    }
    /* Seccomp_filters (5.9+): exactly one more filter than the reference has. */
    if (arm->seccomp_filters >= 0 && ref->seccomp_filters >= 0 &&
        arm->seccomp_filters != ref->seccomp_filters + 1) {
        snprintf(why, len, "Seccomp_filters is %d inside the arm, want %d (the reference's + 1)",
                 arm->seccomp_filters, ref->seccomp_filters + 1);
        return -1;
    }
    return 0;
}

static int filter_removed(const struct posture *ref, const struct posture *arm, char *why,
                          size_t len)
{
    if (ref->seccomp != 2) {
        snprintf(why, len, "Seccomp is %d in the reference: it has no filter to remove",
                 ref->seccomp);
        return -1;
    }
    if (arm->seccomp != 0) {
        snprintf(why, len, "Seccomp is %d inside the arm, want 0 (no filter)", arm->seccomp);
        return -1;
    }
    return 0;
}

static int forced(const char *field, const char *text, char *why, size_t len)
{
    if (posture_spec_class(text) == POSTURE_SPEC_FORCED)
        return 0;
    snprintf(why, len, "%s is \"%s\" inside the arm, want forced (\"thread force mitigated\", "
                       "\"conditional force disabled\")",
             field, text);
    return -1;
}

static int ssbd_forced(const struct posture *ref, const struct posture *arm, char *why, size_t len)
{
    (void)ref;
    return forced("Speculation_Store_Bypass", arm->ssb, why, len);
}

static int stibp_forced(const struct posture *ref, const struct posture *arm, char *why, size_t len)
{
    (void)ref;
    return forced("SpeculationIndirectBranch", arm->ib, why, len);
}

/* A filter may bring SSBD and STIBP with it: kernels before 5.16 forced both on for every
 * filtered thread (spec_store_bypass_disable=seccomp): that is part of the filter's effect
 * there. Without CAP_SYS_ADMIN the filter needs no_new_privs first. */
static const arm_factor factors[] = {
    {"seccomp", "the default seccomp filter a container gets, installed by repro-probe confine "
                "--seccomp before exec",
     "--seccomp", NULL, filter_added, ARM_FIELD_SECCOMP, ARM_FIELD_NNP | ARM_FIELD_SSB | ARM_FIELD_IB},
    {"no-seccomp", "the container without its seccomp filter (the runtime spec's seccomp section "
                   "left out)",
     NULL, "seccomp", filter_removed, ARM_FIELD_SECCOMP, ARM_FIELD_SSB | ARM_FIELD_IB},
    {"ssbd", "Speculative Store Bypass disabled for the process (prctl PR_SPEC_STORE_BYPASS, "
             "PR_SPEC_FORCE_DISABLE), as a filter forced it before Linux 5.16",
     "--ssbd", NULL, ssbd_forced, ARM_FIELD_SSB, 0},
    {"stibp", "indirect branch speculation restricted for the process (STIBP: prctl "
              "PR_SPEC_INDIRECT_BRANCH, PR_SPEC_FORCE_DISABLE), as a filter forced it before 5.16",
     "--stibp", NULL, stibp_forced, ARM_FIELD_IB, 0},
};
#define NFACTORS (sizeof factors / sizeof *factors)

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
static int unchanged(const arm_factor *f, const struct posture *ref, const struct posture *arm,
                     char *why, size_t len)
{
    unsigned may = f->own | f->may_change;
    if (!(may & ARM_FIELD_SECCOMP) &&
        (ref->seccomp != arm->seccomp || ref->seccomp_filters != arm->seccomp_filters))
        snprintf(why, len, "Seccomp %d/%d in the reference, %d/%d inside the arm", ref->seccomp,
                 ref->seccomp_filters, arm->seccomp, arm->seccomp_filters);
    else if (!(may & ARM_FIELD_NNP) && ref->no_new_privs != arm->no_new_privs)
        snprintf(why, len, "NoNewPrivs %d in the reference, %d inside the arm", ref->no_new_privs,
                 arm->no_new_privs);
    else if (!(may & ARM_FIELD_SSB) && strcmp(ref->ssb, arm->ssb) != 0)
        snprintf(why, len, "Speculation_Store_Bypass \"%s\" in the reference, \"%s\" inside the arm",
                 ref->ssb, arm->ssb);
    else if (!(may & ARM_FIELD_IB) && strcmp(ref->ib, arm->ib) != 0)
        snprintf(why, len, "SpeculationIndirectBranch \"%s\" in the reference, \"%s\" inside the arm",
                 ref->ib, arm->ib);
    else if (!(may & ARM_FIELD_CAPS) && ref->cap_eff != arm->cap_eff)
        snprintf(why, len, "CapEff %016llx in the reference, %016llx inside the arm", ref->cap_eff,
                 arm->cap_eff);
    else
        return 0;
    return -1;
}

int arm_check(const arm_factor *f, const struct posture *ref, const struct posture *arm, char *why,
              size_t len)
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
