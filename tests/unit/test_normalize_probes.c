/* Claims about our probes' raw output going through the default normalizer (norm_benchfmt.c):
 * output of repro-probe fsio, devices, memsources and cache captured in host, oci and docker on
 * this machine (tests/fixtures/raw/probe-*.out) becomes the expected result lines, and the
 * "# unsupported <case>: why" comments stay comments. */
#include "benchfmt.h"
#include "check.h"
#include "normalize/normalizer.h"
#include "normalize_fixture.h"

#include <stdlib.h>

static void test_fsio_on_the_host_gives_own_and_fuse_read_and_stat(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-fsio-host", &f, &st) == 0);
    CHECK(f.nresults == 4);
    const bf_result *fuse = result(&f, "BenchmarkStat/fs=fuse");
    CHECK(fuse && fuse->iters == 2000 && fuse->nm == 1 && !strcmp(fuse->m[0].unit, "ns/op"));
    CHECK(fuse && fuse->m[0].value > 1000);
    CHECK(result(&f, "BenchmarkRead4K/fs=own") && !result(&f, "BenchmarkRead4K/fs=share"));
    CHECK(strstr(sb_str(&st.units), "Unit ns/op better=lower") != NULL);
    bf_free(&f);
    norm_state_free(&st);
}

static void test_fsio_in_a_container_has_no_fuse_result(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-fsio-oci", &f, &st) == 0);
    CHECK(f.nresults == 2);
    CHECK(result(&f, "BenchmarkRead4K/fs=own") && !result(&f, "BenchmarkRead4K/fs=fuse"));
    bf_free(&f);
    norm_state_free(&st);
}

static void test_devices_gives_counts_and_yes_no_per_class(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-devices-host", &f, &st) == 0);
    CHECK(f.nresults == 4);
    const bf_result *serial = result(&f, "BenchmarkDevice/class=serial");
    CHECK(serial && serial->nm == 3);
    CHECK(serial && !strcmp(serial->m[0].unit, "visible") && serial->m[0].value == 1);
    CHECK(serial && !strcmp(serial->m[2].unit, "supported") && serial->m[2].value == 1);
    const bf_result *gpio = result(&f, "BenchmarkDevice/class=gpio");
    CHECK(gpio && gpio->nm == 3 && gpio->m[0].value == 0 && gpio->m[2].value == 0);
    CHECK(strstr(sb_str(&st.units), "Unit supported better=higher") != NULL);
    bf_free(&f);
    norm_state_free(&st);
}

/* The probe reports values only: the article's orderings are order claims on them (T4.2.tsv). */
static void test_memsources_gives_bytes_per_source(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-memsources-oci", &f, &st) == 0);
    CHECK(f.nresults == 6);
    const bf_result *vmrss = result(&f, "BenchmarkMemory/source=vmrss");
    CHECK(vmrss && !strcmp(vmrss->m[0].unit, "B") && vmrss->m[0].value == 67506176);
    const bf_result *cgroup = result(&f, "BenchmarkMemory/source=cgroup");
    CHECK(cgroup && !strcmp(cgroup->m[0].unit, "B") && cgroup->m[0].value == 67747840);
    bf_free(&f);
    norm_state_free(&st);
}

static void test_cache_without_perf_gives_time_only(void)
{
    bf_file f;
    norm_state st;
    CHECK(normalize(FIXTURES "probe-cache-docker", &f, &st) == 0);
    CHECK(f.nresults == 2);
    const bf_result *strided = result(&f, "BenchmarkAccess/pattern=strided");
    CHECK(strided && strided->nm == 1 && !strcmp(strided->m[0].unit, "ns/op"));
    CHECK(strided && strided->iters == 1048576);
    bf_free(&f);
    norm_state_free(&st);
}

/* Issue 13: notes were de-duplicated by substring, so "xa" hid a later "a". */
static void test_a_note_whose_case_ends_another_case_is_still_kept(void)
{
    norm_state st = {0};
    norm_notes(&st, "# unsupported xa: why\n# unsupported a: why\n# unsupported xa: why\n");
    CHECK_STR(sb_str(&st.notes), "xa\twhy\na\twhy\n");
    norm_state_free(&st);
}

/* A samples file declaring one unit both better=lower and better=higher is unreadable: the
 * sample that contradicts what is already declared is the error, named by its raw file. */
static void test_a_probe_contradicting_a_units_better_is_rejected(void)
{
    norm_state st = {0};
    CHECK(norm_unit(&st, "ns/op", "better", "lower") == 0);
    CHECK(norm_unit(&st, "ns/op", "better", "lower") == 0);
    CHECK(norm_unit(&st, "ns/op", "better", "higher") == -1);
    CHECK_STR(sb_str(&st.units), "Unit ns/op better=lower\n");
    norm_state_free(&st);
}

int main(void)
{
    RUN(test_fsio_on_the_host_gives_own_and_fuse_read_and_stat);
    RUN(test_fsio_in_a_container_has_no_fuse_result);
    RUN(test_devices_gives_counts_and_yes_no_per_class);
    RUN(test_memsources_gives_bytes_per_source);
    RUN(test_cache_without_perf_gives_time_only);
    RUN(test_a_note_whose_case_ends_another_case_is_still_kept);
    RUN(test_a_probe_contradicting_a_units_better_is_rejected);
    return check_main("normalize-probes");
}
