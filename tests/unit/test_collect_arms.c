/* Claims about the ablation arms' self-check (stages/collect/arm_factor.c): an arm passes only
 * when the posture read from inside it shows its factor applied and nothing else changed; an
 * arm whose factor did not take effect fails (and so judges nothing). Status texts are the
 * shapes /proc/self/status has on this kernel (6.18) and on older ones. */
#include "check.h"
#include "collect/arm.h"
#include "collect/env.h"
#include "fsutil.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char host_status[] = "Name:\tcat\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
                                  "Speculation_Store_Bypass:\tvulnerable\n"
                                  "SpeculationIndirectBranch:\talways enabled\n"
                                  "CapEff:\t000001ffffffffff\n";
static const char filtered_status[] =
    "Name:\tcat\nNoNewPrivs:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n"
    "Speculation_Store_Bypass:\tvulnerable\n"
    "SpeculationIndirectBranch:\talways enabled\n"
    "CapEff:\t000001ffffffffff\n";

static arm_view parsed(const char *text)
{
    arm_view v;
    memset(&v, 0, sizeof v);
    CHECK(arm_view_parse(text, &v) == 0);
    return v;
}

static void test_a_filter_that_took_passes(void)
{
    arm_view ref = parsed(host_status), arm = parsed(filtered_status);
    char why[512] = "";
    CHECK(arm_check(arm_factor_find("seccomp"), &ref, &arm, why, sizeof why) == 0);
}

static void test_a_filter_that_did_not_take_fails_and_says_so(void)
{
    arm_view ref = parsed(host_status), arm = parsed(host_status);
    char why[512] = "";
    CHECK(arm_check(arm_factor_find("seccomp"), &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "Seccomp") != NULL);
}

static void test_a_factor_that_changed_something_else_fails(void)
{
    arm_view ref = parsed(host_status), arm = parsed(filtered_status);
    arm.p.cap_eff = 0x20000420ULL; /* a container's capability set: not this factor's business */
    char why[512] = "";
    CHECK(arm_check(arm_factor_find("seccomp"), &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "CapEff") != NULL);
}

static void test_removing_the_filter_must_leave_mode_0(void)
{
    arm_view with = parsed(filtered_status), without = parsed(host_status);
    char why[512] = "";
    const arm_factor *f = arm_factor_find("no-seccomp");
    CHECK(f && f->drops && !strcmp(f->drops, "seccomp"));
    CHECK(arm_check(f, &with, &without, why, sizeof why) == 0);
    CHECK(arm_check(f, &with, &with, why, sizeof why) == -1);
}

static void test_ssbd_needs_force_mitigated(void)
{
    arm_view ref = parsed(host_status), arm = parsed(host_status);
    char why[512] = "";
    const arm_factor *f = arm_factor_find("ssbd");
    CHECK(f && f->confine && !strcmp(f->confine, "--ssbd"));
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    strcpy(arm.p.ssb, "thread force mitigated");
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == 0);
    strcpy(arm.p.ib, "conditional force disabled"); /* STIBP too: not this arm's factor */
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
}

static void test_an_old_kernel_without_the_filter_count_still_checks_the_mode(void)
{
    arm_view ref = parsed("Seccomp:\t0\nCapEff:\t0\n"), arm = parsed("Seccomp:\t2\nCapEff:\t0\n");
    char why[512] = "";
    CHECK(arm_check(arm_factor_find("seccomp"), &ref, &arm, why, sizeof why) == 0);
    CHECK(arm_check(arm_factor_find("seccomp"), &ref, &ref, why, sizeof why) == -1);
}

static void test_removing_the_limits_must_leave_none_and_change_nothing_else(void)
{
    char limited[600], unlimited[600];
    snprintf(limited, sizeof limited,
             "%scgroup\tv1\ncpu_limit\t2.00\nmemory_limit_bytes\t4294967296\n", filtered_status);
    snprintf(unlimited, sizeof unlimited,
             "%scgroup\tv1\ncpu_limit\tunlimited\nmemory_limit_bytes\tunlimited\n",
             filtered_status);
    arm_view oci = parsed(limited), arm = parsed(unlimited);
    char why[512] = "";
    const arm_factor *f = arm_factor_find("no-limits");
    CHECK(f && f->drops && !strcmp(f->drops, "limits"));
    CHECK(arm_check(f, &oci, &arm, why, sizeof why) == 0);
    CHECK(arm_check(f, &oci, &oci, why, sizeof why) == -1 && strstr(why, "want both unlimited"));
    char open_[600]; /* no filter and no limits: two factors at once */
    snprintf(open_, sizeof open_,
             "%scgroup\tv1\ncpu_limit\tunlimited\nmemory_limit_bytes\tunlimited\n", host_status);
    arm_view both = parsed(open_);
    CHECK(arm_check(arm_factor_find("no-seccomp"), &oci, &both, why, sizeof why) == -1);
    CHECK(strstr(why, "limits cpu 2.00") != NULL); /* the seccomp arm may not touch the limits */
}

/* A 2-CPU quota on a 2-CPU machine never throttles: the limits arm says so and that it judges
 * no CPU throttling; on a 4-CPU machine the quota can bind and it says nothing. */
static void test_a_quota_that_cannot_bind_is_said(void)
{
    char two[700], four[700], unl[700];
    snprintf(two, sizeof two,
             "%scpu_limit\t2.00\nmemory_limit_bytes\t4294967296\ncpus_online\t2\n",
             filtered_status);
    snprintf(four, sizeof four,
             "%scpu_limit\t2.00\nmemory_limit_bytes\t4294967296\ncpus_online\t4\n",
             filtered_status);
    snprintf(unl, sizeof unl, "%scpu_limit\tunlimited\ncpus_online\t2\n", filtered_status);
    arm_view on2 = parsed(two), on4 = parsed(four), open_ = parsed(unl);
    const arm_factor *lim = arm_factor_find("no-limits");
    char buf[400] = "";
    CHECK(arm_caveat(lim, &on2, buf, sizeof buf) == 1);
    CHECK(strstr(buf, "CPU quota cannot bind") && strstr(buf, "2.00 CPUs") &&
          strstr(buf, "machine's 2 CPUs online") && strstr(buf, "judges none") &&
          strstr(buf, "4294967296 bytes"));
    CHECK(arm_caveat(lim, &on4, buf, sizeof buf) == 0);
    CHECK(arm_caveat(lim, &open_, buf, sizeof buf) == 0);
    CHECK(arm_caveat(arm_factor_find("no-seccomp"), &on2, buf, sizeof buf) == 0);
}

static void test_the_rootfs_arm_must_not_run_on_overlayfs(void)
{
    char over[600], disk[600];
    snprintf(over, sizeof over, "%srootfs\toverlayfs\n", filtered_status);
    snprintf(disk, sizeof disk, "%srootfs\text2/ext3\n", filtered_status);
    arm_view oci = parsed(over), arm = parsed(disk);
    char why[512] = "";
    const arm_factor *f = arm_factor_find("no-overlay");
    CHECK(f && f->drops && !strcmp(f->drops, "overlay"));
    CHECK(arm_check(f, &arm, &arm, why, sizeof why) == 0); /* its reference runs on its root */
    CHECK(arm_check(f, &oci, &oci, why, sizeof why) == -1 && strstr(why, "want a disk"));
    char host_disk[600]; /* a filter arm whose root changed too */
    snprintf(host_disk, sizeof host_disk, "%srootfs\text2/ext3\n", host_status);
    arm_view host = parsed(host_disk);
    CHECK(arm_check(arm_factor_find("seccomp"), &host, &oci, why, sizeof why) == -1);
    CHECK(strstr(why, "root filesystem ext2/ext3 in the reference, overlayfs") != NULL);
}

static void test_the_netns_arm_must_share_the_hosts_network(void)
{
    char own[600], shared[600];
    snprintf(own, sizeof own, "%snetns\tnet:[4026532247]\n", filtered_status);
    snprintf(shared, sizeof shared, "%snetns\tnet:[4026531833]\n", filtered_status);
    arm_view oci = parsed(own), arm = parsed(shared), other = parsed(own);
    strcpy(oci.host_netns, "net:[4026531833]");
    strcpy(arm.host_netns, "net:[4026531833]");
    strcpy(other.host_netns, "net:[4026531833]");
    strcpy(other.netns, "net:[4026532999]"); /* another start, another namespace of its own */
    char why[512] = "";
    const arm_factor *f = arm_factor_find("no-netns");
    CHECK(f && f->drops && !strcmp(f->drops, "netns"));
    CHECK(arm_check(f, &oci, &arm, why, sizeof why) == 0);
    CHECK(arm_check(f, &oci, &other, why, sizeof why) == -1 && strstr(why, "want the host's"));
    /* a seccomp arm whose container got a new namespace of its own changed nothing */
    other.p.seccomp = 0, other.p.seccomp_filters = 0;
    CHECK(arm_check(arm_factor_find("no-seccomp"), &oci, &other, why, sizeof why) == 0);
    arm.p.seccomp = 0, arm.p.seccomp_filters = 0;
    CHECK(arm_check(arm_factor_find("no-seccomp"), &oci, &arm, why, sizeof why) == -1);
}

/* Dropping the capabilities must leave exactly Docker's default set of what the reference had,
 * and nothing else may change (a filter with it fails). */
static void test_the_caps_arm_must_leave_dockers_default_set(void)
{
    const arm_factor *f = arm_factor_find("no-capabilities");
    CHECK(f && f->confine && !strcmp(f->confine, "--caps"));
    if (!f)
        return;
    arm_view ref = parsed(host_status), arm = parsed(host_status);
    char why[512] = "";
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1); /* not dropped */
    CHECK(strstr(why, "CapEff is 000001ffffffffff inside the arm, want 00000000a80425fb") != NULL);
    arm.p.cap_eff = 0xa80425fbULL;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == 0);
    arm.p.cap_eff = 0x20000420ULL; /* fewer than Docker's: runc's own default */
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    arm = parsed(filtered_status);
    arm.p.cap_eff = 0xa80425fbULL;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "changed something else: Seccomp") != NULL);
    ref.p.cap_eff = 0xa80425fbULL; /* a reference already at that set has nothing to drop */
    arm = ref;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "no capability to drop") != NULL);
}

/* no_new_privs must go from 0 in the reference to 1 in the arm, and nothing else may change. */
static void test_the_nnp_arm_must_set_no_new_privs_alone(void)
{
    const arm_factor *f = arm_factor_find("no_new_privs");
    CHECK(f && f->confine && !strcmp(f->confine, "--nnp"));
    if (!f)
        return;
    arm_view ref = parsed(host_status), arm = parsed(host_status);
    char why[512] = "";
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "NoNewPrivs is 0 inside the arm, want 1") != NULL);
    arm.p.no_new_privs = 1;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == 0);
    arm.p.cap_eff = 0xa80425fbULL;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "changed something else: CapEff") != NULL);
}

/* The namespaces arm must leave the host's PID and network namespaces, its reference be in them,
 * and nothing else change. */
static void test_the_namespaces_arm_must_leave_the_hosts_namespaces(void)
{
    const arm_factor *f = arm_factor_find("namespaces");
    CHECK(f && f->confine && !strcmp(f->confine, "--ns"));
    if (!f)
        return;
    arm_view ref = parsed(host_status), arm = parsed(host_status);
    snprintf(ref.pidns, sizeof ref.pidns, "pid:[1]");
    snprintf(ref.netns, sizeof ref.netns, "net:[2]");
    snprintf(ref.host_pidns, sizeof ref.host_pidns, "pid:[1]");
    snprintf(ref.host_netns, sizeof ref.host_netns, "net:[2]");
    arm = ref;
    char why[512] = "";
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1); /* still the host's */
    CHECK(strstr(why, "want its own") != NULL);
    snprintf(arm.pidns, sizeof arm.pidns, "pid:[3]");
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1); /* a PID namespace alone */
    snprintf(arm.netns, sizeof arm.netns, "net:[4]");
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == 0);
    arm.p.seccomp = 2;
    CHECK(arm_check(f, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "changed something else: Seccomp") != NULL);
    /* another factor may not move the PID namespace */
    const arm_factor *nnp = arm_factor_find("no_new_privs");
    arm = ref;
    arm.p.no_new_privs = 1;
    snprintf(arm.pidns, sizeof arm.pidns, "pid:[3]");
    CHECK(nnp && arm_check(nnp, &ref, &arm, why, sizeof why) == -1);
    CHECK(strstr(why, "PID namespace") != NULL);
}

static void test_unknown_factors_are_not_found(void)
{
    CHECK(arm_factor_find("turbo") == NULL);
    CHECK(strstr(arm_factor_names(), "seccomp") != NULL);
}

static char last_error[600];
static long last_line;

static void sink(void *ctx, const char *file, long line, const char *message)
{
    (void)ctx, (void)file;
    last_line = line;
    snprintf(last_error, sizeof last_error, "%s", message);
}

static void test_an_arm_row_with_an_unknown_factor_is_an_error_at_its_line(void)
{
    char path[] = "/tmp/repro-arms-envs.XXXXXX";
    int fd = mkstemp(path);
    static const char text[] = "env\tdriver\twhat\tcaps\tonly_table\treference\tfactor\n"
                               "host\thost\tthe host\tprivileged\t\t\t\n"
                               "host-turbo\tarm\tan arm\tprivileged\tT1\thost\tturbo\n";
    CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    log_set_error_sink(sink, NULL);
    CHECK(env_catalog_load(path) == -1);
    log_set_error_sink(NULL, NULL);
    CHECK(last_line == 3);
    CHECK(strstr(last_error, "host-turbo") && strstr(last_error, "\"turbo\" is none"));
    unlink(path);
}

int main(void)
{
    RUN(test_a_filter_that_took_passes);
    RUN(test_a_filter_that_did_not_take_fails_and_says_so);
    RUN(test_a_factor_that_changed_something_else_fails);
    RUN(test_removing_the_filter_must_leave_mode_0);
    RUN(test_ssbd_needs_force_mitigated);
    RUN(test_an_old_kernel_without_the_filter_count_still_checks_the_mode);
    RUN(test_removing_the_limits_must_leave_none_and_change_nothing_else);
    RUN(test_a_quota_that_cannot_bind_is_said);
    RUN(test_the_rootfs_arm_must_not_run_on_overlayfs);
    RUN(test_the_netns_arm_must_share_the_hosts_network);
    RUN(test_the_caps_arm_must_leave_dockers_default_set);
    RUN(test_the_nnp_arm_must_set_no_new_privs_alone);
    RUN(test_the_namespaces_arm_must_leave_the_hosts_namespaces);
    RUN(test_unknown_factors_are_not_found);
    RUN(test_an_arm_row_with_an_unknown_factor_is_an_error_at_its_line);
    return check_main("collect_arms");
}
