/* Claims about the regime rules (stages/analyze/regime.c on data/regimes.tsv): which regime the
 * article's platform, this machine and the cases between are in, and that a malformed regimes
 * file is refused naming file:line. */
#include "analyze/regime.h"
#include "check.h"
#include "log.h"
#include "schema_run.h"
#include "schema_why.h"

#include <stdio.h>
#include <string.h>

static tsv_table rg;

static const char *regime_of(int maj, int min, const char *ssb, int control, int seccomp,
                             const char *cmdline)
{
    regime_facts f = {maj, min, ssb, control, seccomp, cmdline};
    long r = regime_match(&rg, &f);
    return r < 0 ? "(none)" : tsv_get(&rg, (size_t)r, "id");
}

static void test_the_data_file_loads(void)
{
    CHECK(regime_load("data/regimes.tsv", &rg) == 0);
    CHECK(rg.nrows >= 8);
    /* The platform the article names: WSL2's linux-msft-wsl-6.6.18+ (source-article.txt line
     * 37), a kernel after 5.16, where a filter no longer forces SSBD. */
    long a = regime_article(&rg);
    CHECK(a >= 0);
    CHECK_STR(tsv_get(&rg, (size_t)a, "id"), "since-5.16");
    CHECK_STR(tsv_get(&rg, (size_t)a, "effect"), "none");
    const char *words = regime_article_words(tsv_get(&rg, (size_t)a, "article"), "stated");
    CHECK(words && strstr(words, "linux-msft-wsl-6.6.18+") && strstr(words, "line 37"));
    /* The 5.15 kernels WSL2 shipped until 2025, which the article does not name: forced. */
    int unstated = 0;
    for (size_t r = 0; r < rg.nrows; r++)
        if (regime_article_words(tsv_get(&rg, r, "article"), "unstated")) {
            unstated++;
            CHECK_STR(tsv_get(&rg, r, "id"), "pre-5.16-seccomp-filter");
            CHECK_STR(tsv_get(&rg, r, "effect"), "ssbd-forced");
        }
    CHECK(unstated == 1);
}

static void test_article_words(void)
{
    CHECK_STR(regime_article_words("stated: WSL2 6.6", "stated"), "WSL2 6.6");
    CHECK_STR(regime_article_words("yes", "stated"), ""); /* files from before the words */
    CHECK(regime_article_words("yes", "unstated") == NULL);
    CHECK(regime_article_words("stated: ", "stated") == NULL);
    CHECK(regime_article_words("unstated: 5.15", "stated") == NULL);
    CHECK_STR(regime_article_words("unstated: 5.15", "unstated"), "5.15");
}

static void test_wsl2_515_container_is_forced(void)
{
    /* The article's platform: 5.15, SSB vulnerable, SSBD offered, Docker's filter, no words. */
    CHECK_STR(regime_of(5, 15, "vulnerable", 1, 2, "none"), "pre-5.16-seccomp-filter");
    /* The same kernel without a filter (WSL2's own processes): nothing forces SSBD. */
    CHECK_STR(regime_of(5, 15, "vulnerable", 1, 0, "none"), "pre-5.16-no-filter");
    /* 5.10 and 4.19 too. */
    CHECK_STR(regime_of(4, 19, "vulnerable", 1, 2, "quiet"), "pre-5.16-seccomp-filter");
}

static void test_this_machine_is_not(void)
{
    /* Linux 6.18, an AMD guest whose hypervisor offers no SSBD, a container's filter. */
    CHECK_STR(regime_of(6, 18, "vulnerable", 0, 2, "mitigations=auto,no_guest_host"), "since-5.16");
    /* 5.16 is the first kernel with the prctl default. */
    CHECK_STR(regime_of(5, 16, "vulnerable", 1, 2, "none"), "since-5.16");
}

static void test_cpu_and_command_line_decide_before_the_kernel(void)
{
    CHECK_STR(regime_of(5, 15, "not-affected", 0, 2, "none"), "not-affected");
    CHECK_STR(regime_of(5, 15, "vulnerable", 0, 2, "none"), "no-control");
    CHECK_STR(regime_of(5, 15, "vulnerable", 1, 2, "mitigations=off"), "cmdline-mitigations-off");
    CHECK_STR(regime_of(5, 15, "vulnerable", 1, 2, "nospec_store_bypass_disable"),
              "cmdline-ssb-off");
    CHECK_STR(regime_of(6, 1, "vulnerable", 1, 2, "spec_store_bypass_disable=seccomp"),
              "cmdline-seccomp-filter");
    CHECK_STR(regime_of(6, 1, "vulnerable", 1, 0, "spec_store_bypass_disable=on"),
              "cmdline-ssbd-on");
    /* prctl on the command line of an old kernel: its filter forces nothing. */
    CHECK_STR(regime_of(5, 10, "vulnerable", 1, 2, "spec_store_bypass_disable=prctl"), "unmatched");
}

static void test_unrecorded_facts_match_only_any(void)
{
    /* A run from before posture was recorded: the kernel from meta, nothing else. */
    CHECK_STR(regime_of(6, 18, NULL, -1, -1, NULL), "unmatched");
    CHECK_STR(regime_of(-1, -1, "vulnerable", 1, 2, "none"), "unmatched");
}

static char last_error[512];
static void keep(void *ctx, const char *file, long line, const char *message)
{
    (void)ctx;
    snprintf(last_error, sizeof last_error, "%s:%ld: %s", file ? file : "", line, message);
}

static int refused_at(const char *body, const char *where)
{
    static const char head[] =
        "id\tkernel_from\tkernel_to\tssb\tcontrol\tseccomp\tcmdline\teffect"
        "\tarticle\ttext\tsource\n"
        "a\t\t5.16\tvulnerable\tyes\tfilter\tdefault\tssbd-forced\tyes\tt\ts\n";
    char text[2048];
    snprintf(text, sizeof text, "%s%s", head, body);
    tsv_table t;
    last_error[0] = '\0';
    log_set_error_sink(keep, NULL);
    int rc = regime_parse("r.tsv", text, &t);
    log_set_error_sink(NULL, NULL);
    if (rc == 0)
        tsv_free(&t);
    if (rc != -1 || !strstr(last_error, where))
        fprintf(stderr, "  got rc %d, \"%s\", want an error at %s\n", rc, last_error, where);
    return rc == -1 && strstr(last_error, where) != NULL;
}

static void test_malformed_rows_name_file_and_line(void)
{
    CHECK(refused_at("b\t5\t\tany\tany\tany\tany\tnone\t\tt\ts\n", "r.tsv:3:"));
    CHECK(refused_at("b\t5.16\t5.16\tany\tany\tany\tany\tnone\t\tt\ts\n",
                     "r.tsv:3: kernel_from 5.16"));
    CHECK(refused_at("b\t\t\tmaybe\tany\tany\tany\tnone\t\tt\ts\n", "r.tsv:3: ssb"));
    CHECK(refused_at("a\t\t\tany\tany\tany\tany\tnone\t\tt\ts\n", "r.tsv:3: id \"a\" twice"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tslower\t\tt\ts\n", "r.tsv:3: effect"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tnone\t\tt\t\n", "r.tsv:3: a regime needs"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tnone\tyes\tt\ts\n", "r.tsv:1: 2 rows"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tnone\tstated: x\tt\ts\n", "r.tsv:1: 2 rows"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tnone\tmaybe\tt\ts\n", "r.tsv:3: article"));
    CHECK(refused_at("b\t\t\tany\tany\tany\tany\tnone\tunstated: \tt\ts\n",
                     "r.tsv:3: article"));
    CHECK(refused_at("b\t\t\tany\tany\tany\ta b\tnone\t\tt\ts\n", "r.tsv:3: cmdline"));
}

/* The posture group of a run whose environments host (no filter) and docker (a filter) ran on
 * kernel k, with SSB vulnerable and the SSBD control offered (control) or not. */
static void group_of(const tsv_table *envs, const char *k, const char *control, char *buf,
                     size_t len)
{
    char text[1024];
    tsv_table p, meta = {0};
    snprintf(text, sizeof text,
             "env\tkey\tvalue\tsamples\n"
             "host\tseccomp\t0\t1\nhost\tkernel\t%s\t1\n"
             "host\tvuln-spec_store_bypass\tVulnerable\t1\nhost\tssbd-control\t%s\t1\n"
             "docker\tseccomp\t2\t1\ndocker\tkernel\t%s\t1\n"
             "docker\tvuln-spec_store_bypass\tVulnerable\t1\ndocker\tssbd-control\t%s\t1\n"
             "docker\tcmdline\tquiet\t1\n",
             k, control, k, control);
    CHECK(tsv_parse_as("posture.tsv", text, &posture_schema, &p) == 0);
    regime_posture_group(&rg, &p, &meta, envs, buf, len);
    tsv_free(&p);
}

/* A run's posture group is its filtered environment's regime and the states that decide it, not
 * the kernel's exact version: 6.18 and 6.1 group together, the article's 5.15 apart; a run with
 * no filtered environment takes its first one's; a run without posture says so. */
static void test_runs_group_by_their_filtered_environments_regime(void)
{
    tsv_table envs, p;
    CHECK(tsv_parse("envs.tsv", "env\tstatus\nhost\tok\nhost-x\tfailed\ndocker\tok\n", &envs) ==
          0);
    tsv_map(&envs, &envs_schema); /* reason and what read as "" */
    char a[128], b[128], c[128];
    group_of(&envs, "6.18.44", "prctl (0x1)", a, sizeof a);
    group_of(&envs, "6.1.0-13-amd64", "prctl (0x1)", b, sizeof b);
    group_of(&envs, "5.15.153.1-microsoft-standard-WSL2", "prctl (0x1)", c, sizeof c);
    CHECK_STR(a, "since-5.16 (SSB vulnerable, SSBD control yes, seccomp filter)");
    CHECK_STR(b, a);
    CHECK_STR(c, "pre-5.16-seccomp-filter (SSB vulnerable, SSBD control yes, seccomp filter)");
    group_of(&envs, "5.15.0", "none (0x2)", c, sizeof c);
    CHECK_STR(c, "no-control (SSB vulnerable, SSBD control no, seccomp filter)");
    CHECK(tsv_parse_as("p", "env\tkey\tvalue\tsamples\nhost\tseccomp\t0\t1\n", &posture_schema,
                       &p) == 0);
    regime_posture_group(&rg, &p, NULL, &envs, c, sizeof c);
    CHECK(strstr(c, ", seccomp none)") != NULL);
    tsv_free(&p);
    tsv_empty_as("p", &posture_schema, &p);
    regime_posture_group(&rg, &p, NULL, &envs, c, sizeof c);
    CHECK_STR(c, "posture not recorded");
    tsv_free(&p);
    tsv_free(&envs);
}

int main(void)
{
    RUN(test_the_data_file_loads);
    RUN(test_article_words);
    RUN(test_wsl2_515_container_is_forced);
    RUN(test_this_machine_is_not);
    RUN(test_cpu_and_command_line_decide_before_the_kernel);
    RUN(test_unrecorded_facts_match_only_any);
    RUN(test_malformed_rows_name_file_and_line);
    RUN(test_runs_group_by_their_filtered_environments_regime);
    tsv_free(&rg);
    return check_main("analyze_regime");
}
