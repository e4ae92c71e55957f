/* Claims about the raw output of the issue #7 tables going through the default normalizer
 * (norm_benchfmt.c), on output captured on this machine (tests/fixtures/raw/): repro-probe
 * pagecache and tfo (T2.5), shellenv (T3.1) and the Go RPC workload (T4.4). Their "# ..."
 * comments (what was set up, the delay the line really gave) stay out of the samples. */
#include "benchfmt.h"
#include "check.h"
#include "normalize/normalizer.h"
#include "normalize_fixture.h"

#include <stdlib.h>

static void test_pagecache_in_a_container_gives_warm_and_cold_reads_only(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-pagecache-oci", &f, &st) == 0);
    CHECK(f.nresults == 2);
    const bf_result *warm = result(&f, "BenchmarkRead4K/cache=warm");
    const bf_result *cold = result(&f, "BenchmarkRead4K/cache=cold");
    CHECK(warm && warm->iters == 4096 && cold && cold->iters == 64);
    CHECK(value(cold, "page-cached") == 0);
    CHECK(value(warm, "page-cached") > 0.9 && value(warm, "page-cached") <= 1);
    CHECK(value(cold, "ns/op") > value(warm, "ns/op"));
    CHECK(strstr(sb_str(&st.units), "Unit page-cached better=higher") != NULL);
    bf_free(&f);
    norm_state_free(&st);
}

static void test_the_host_adds_six_first_byte_results_and_the_real_delay(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-pagecache-tfo-host", &f, &st) == 0);
    CHECK(f.nresults == 8);
    const bf_result *on = result(&f, "BenchmarkFirstByte/path=delay/tfo=on");
    const bf_result *off = result(&f, "BenchmarkFirstByte/path=delay/tfo=off");
    CHECK(on && off && on->iters == 100 && on->nm == 3);
    CHECK(value(on, "syn-data") == 1 && value(off, "syn-data") == 0);
    CHECK(value(on, "ns/op") < value(off, "ns/op")); /* one round trip saved */
    CHECK(value(on, "oneway-delay-ns") >= 500000);   /* at least what was set */
    CHECK(isnan(value(result(&f, "BenchmarkFirstByte/path=loopback/tfo=on"), "oneway-delay-ns")));
    bf_free(&f);
    norm_state_free(&st);
}

static void test_shellenv_gives_a_yes_no_per_file_and_shell(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-shellenv-host", &f, &st) == 0);
    CHECK(f.nresults == 18);
    CHECK(value(result(&f, "BenchmarkShellEnv/file=profile.d/shell=bash-login"), "set") == 1);
    CHECK(value(result(&f, "BenchmarkShellEnv/file=bashrc/shell=bash-interactive"), "set") == 1);
    CHECK(value(result(&f, "BenchmarkShellEnv/file=bashrc/shell=env-i-bash"), "set") == 0);
    bf_free(&f);
    norm_state_free(&st);
    /* The image layer has no /etc/profile: no login shell in the container reads profile.d. */
    CHECK(normalize(FIXTURES "probe-shellenv-oci", &f, &st) == 0);
    CHECK(value(result(&f, "BenchmarkShellEnv/file=profile.d/shell=bash-login"), "set") == 0);
    CHECK(value(result(&f, "BenchmarkShellEnv/file=profile/shell=bash-login"), "set") == 1);
    bf_free(&f);
    norm_state_free(&st);
}

static void test_rpc_gives_throughput_and_percentiles_per_protocol(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "rpc-oci", &f, &st) == 0);
    CHECK(f.nresults == 3);
    const bf_result *grpc = result(&f, "BenchmarkRPC/proto=grpc/conns=100/payload=1024B");
    CHECK(grpc && grpc->nm == 5);
    CHECK(value(grpc, "req/s") > 0 && value(grpc, "errors") == 0);
    CHECK(value(grpc, "p50-ns") <= value(grpc, "p99-ns"));
    CHECK(strstr(sb_str(&st.units), "Unit req/s better=higher") != NULL);
    bf_free(&f);
    norm_state_free(&st);
}

int main(void)
{
    RUN(test_pagecache_in_a_container_gives_warm_and_cold_reads_only);
    RUN(test_the_host_adds_six_first_byte_results_and_the_real_delay);
    RUN(test_shellenv_gives_a_yes_no_per_file_and_shell);
    RUN(test_rpc_gives_throughput_and_percentiles_per_protocol);
    return check_main("normalize-netshell");
}
