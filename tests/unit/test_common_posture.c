/* Claims about the posture parser (stages/common/posture.c) on status text of old and new
 * kernels: lines that came later are absent, not zero; every speculation word is classified. */
#include "check.h"
#include "posture.h"

#include <stdio.h>
#include <unistd.h>

/* This machine's host shell (Linux 6.18, AMD EPYC guest without SSBD): every line present. */
static const char new_host[] = "Name:\tcat\nUmask:\t0022\nPid:\t18960\n"
                               "CapPrm:\t000001fffeffffff\nCapEff:\t000001fffeffffff\n"
                               "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
                               "Speculation_Store_Bypass:\tvulnerable\n"
                               "SpeculationIndirectBranch:\talways enabled\n"
                               "Cpus_allowed_list:\t0-1\n";

/* A container on WSL2's 5.15 kernel (the article's platform): Docker's default filter, and with
 * it SSBD and STIBP forced on for the thread (spec_store_bypass_disable=seccomp). */
static const char wsl2_container[] = "Name:\tfib.test\nPid:\t1\nCapEff:\t00000000a80425fb\n"
                                     "NoNewPrivs:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n"
                                     "Speculation_Store_Bypass:\tthread force mitigated\n"
                                     "SpeculationIndirectBranch:\tconditional force disabled\n";

/* A 5.4 kernel: no Seccomp_filters line yet (it came with 5.9). */
static const char pre59[] = "Name:\tsh\nPid:\t7\nCapEff:\t0000003fffffffff\nNoNewPrivs:\t1\n"
                            "Seccomp:\t2\nSpeculation_Store_Bypass:\tthread mitigated\n"
                            "SpeculationIndirectBranch:\tconditional disabled\n";

/* A 4.4 kernel: neither speculation line nor NoNewPrivs; CRLF-free but trailing blanks. */
static const char old44[] = "Name:\tsh\nPid:\t7\nCapEff:\t0000003fffffffff  \nSeccomp:\t0\n";

static void test_new_kernel_host_reads_every_line(void)
{
    struct posture p;
    CHECK(posture_parse(new_host, &p) == 0);
    CHECK(p.seccomp == 0 && p.seccomp_filters == 0 && p.no_new_privs == 0);
    CHECK_STR(p.ssb, "vulnerable");
    CHECK_STR(p.ib, "always enabled");
    CHECK(p.cap_eff == 0x1fffeffffffULL);
    CHECK(posture_spec_class(p.ssb) == POSTURE_SPEC_VULNERABLE);
}

static void test_wsl2_container_is_forced_by_its_filter(void)
{
    struct posture p;
    CHECK(posture_parse(wsl2_container, &p) == 0);
    CHECK(p.seccomp == 2 && p.seccomp_filters == 1);
    CHECK(p.cap_eff == 0xa80425fbULL);
    CHECK(posture_spec_class(p.ssb) == POSTURE_SPEC_FORCED);
    CHECK(posture_spec_class(p.ib) == POSTURE_SPEC_FORCED);
    CHECK_STR(posture_spec_name(posture_spec_class(p.ssb)), "forced");
}

static void test_pre_5_9_kernel_has_no_filter_count(void)
{
    struct posture p;
    CHECK(posture_parse(pre59, &p) == 0);
    CHECK(p.seccomp == 2);
    CHECK(p.seccomp_filters == -1); /* absent, not zero filters */
    CHECK(p.no_new_privs == 1);
    CHECK(posture_spec_class(p.ssb) == POSTURE_SPEC_MITIGATED);
    CHECK(posture_spec_class(p.ib) == POSTURE_SPEC_MITIGATED);
}

static void test_old_kernel_lacks_speculation_lines(void)
{
    struct posture p;
    CHECK(posture_parse(old44, &p) == 0);
    CHECK(p.seccomp == 0 && p.seccomp_filters == -1 && p.no_new_privs == -1);
    CHECK_STR(p.ssb, "");
    CHECK(posture_spec_class(p.ssb) == POSTURE_SPEC_ABSENT);
    CHECK(p.cap_eff == 0x3fffffffffULL);
}

static void test_every_kernel_word_is_classified(void)
{
    CHECK(posture_spec_class("globally mitigated") == POSTURE_SPEC_MITIGATED);
    CHECK(posture_spec_class("not vulnerable") == POSTURE_SPEC_NOT_AFFECTED);
    CHECK(posture_spec_class("not affected") == POSTURE_SPEC_NOT_AFFECTED);
    CHECK(posture_spec_class("vulnerable") == POSTURE_SPEC_VULNERABLE);
    CHECK(posture_spec_class("thread vulnerable") == POSTURE_SPEC_VULNERABLE);
    CHECK(posture_spec_class("conditional enabled") == POSTURE_SPEC_VULNERABLE);
    CHECK(posture_spec_class("thread mitigated") == POSTURE_SPEC_MITIGATED);
    CHECK(posture_spec_class("always disabled") == POSTURE_SPEC_MITIGATED);
    CHECK(posture_spec_class("thread force mitigated") == POSTURE_SPEC_FORCED);
    CHECK(posture_spec_class("conditional force disabled") == POSTURE_SPEC_FORCED);
    CHECK(posture_spec_class("unknown") == POSTURE_SPEC_UNKNOWN);
    CHECK(posture_spec_class("unsupported") == POSTURE_SPEC_UNKNOWN);
    CHECK(posture_spec_class("Vulnerable") == POSTURE_SPEC_OTHER); /* the sysfs word, not status's */
    CHECK(posture_spec_class(NULL) == POSTURE_SPEC_ABSENT);
}

static void test_not_a_status_file_is_refused(void)
{
    struct posture p = {.seccomp = 42};
    CHECK(posture_parse("", &p) == -1);
    CHECK(posture_parse("Seccomp:\t2\nSeccomp_filters:\t1\n", &p) == -1); /* no CapEff */
    CHECK(posture_parse("CapEff:\tzz\n", &p) == -1);
    CHECK(posture_parse("CapEff:\t0\nSeccomp:\ttwo\n", &p) == -1);
    CHECK(posture_parse("CapEff:\t0\nSeccomp:\t-1\n", &p) == -1);
    CHECK(posture_parse("CapEff:\t0\nSpeculation_Store_Bypass:\t\n", &p) == -1);
    CHECK(posture_parse("CapEff:\t0\nSpeculation_Store_Bypass:\t"
                        "0123456789012345678901234567890123456789012345678901234567890123\n",
                        &p) == -1);
    CHECK(p.seccomp == 42); /* a refused text leaves *out alone */
}

static void test_reads_its_own_status(void)
{
    struct posture p;
    CHECK(posture_read("/proc/self/status", &p) == 0);
    CHECK(p.seccomp >= 0); /* every kernel this project runs on has the line */
    CHECK(posture_read("/nonexistent/status", &p) == -1);
}

int main(void)
{
    RUN(test_new_kernel_host_reads_every_line);
    RUN(test_wsl2_container_is_forced_by_its_filter);
    RUN(test_pre_5_9_kernel_has_no_filter_count);
    RUN(test_old_kernel_lacks_speculation_lines);
    RUN(test_every_kernel_word_is_classified);
    RUN(test_not_a_status_file_is_refused);
    RUN(test_reads_its_own_status);
    return check_main("common_posture");
}
