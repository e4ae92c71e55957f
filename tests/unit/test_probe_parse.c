/* Claims about the probe's parsers of /proc text (stages/probe/cgroup.c, memsources.c), on files
 * captured from this machine (tests/fixtures/raw/) and on the shapes other machines write. */
#include "check.h"
#include "fsutil.h"
#include "probe/probe.h"

#include <stdlib.h>

#define FIXTURES "tests/fixtures/raw/"

static void test_cgroup_v1_memory_line_of_this_host_gives_its_path(void)
{
    char *text = fs_read_file(FIXTURES "proc-cgroup-v1-host.txt", NULL);
    char path[256];
    CHECK(text && probe_cgroup_of(text, "memory", path, sizeof path) == 0);
    CHECK_STR(path, "/process_api/ef13eae3d4b601f1c469abfa88c6b8b5");
    free(text);
}

static void test_cgroup_v1_cpu_is_not_taken_from_the_cpuset_line(void)
{
    char path[64];
    CHECK(probe_cgroup_of("3:cpuset:/a\n2:cpu,cpuacct:/b\n", "cpu", path, sizeof path) == 0);
    CHECK_STR(path, "/b");
}

static void test_cgroup_v2_is_the_line_without_controllers(void)
{
    char path[64];
    CHECK(probe_cgroup_of("0::/user.slice/session-1.scope\n", "", path, sizeof path) == 0);
    CHECK_STR(path, "/user.slice/session-1.scope");
    char *text = fs_read_file(FIXTURES "proc-cgroup-v1-host.txt", NULL);
    CHECK(text && probe_cgroup_of(text, "", path, sizeof path) == 0);
    CHECK_STR(path, "/");
    free(text);
}

static void test_cgroup_without_the_controller_says_so(void)
{
    char path[64] = "unchanged";
    CHECK(probe_cgroup_of("1:name=systemd:/\n0::/\n", "memory", path, sizeof path) == -1);
    CHECK_STR(path, "");
}

static void test_smaps_rollup_fields_are_bytes(void)
{
    char *text = fs_read_file(FIXTURES "smaps_rollup-64mib.txt", NULL);
    CHECK(text != NULL);
    CHECK(text && probe_kib_field(text, "Rss") == 79048LL * 1024);
    CHECK(text && probe_kib_field(text, "Pss") == 77291LL * 1024);
    CHECK(text && probe_kib_field(text, "Shared_Clean") == 2124LL * 1024);
    free(text);
}

static void test_status_vmrss_is_bytes(void)
{
    char *text = fs_read_file(FIXTURES "proc-status-64mib.txt", NULL);
    CHECK(text && probe_kib_field(text, "VmRSS") == 79044LL * 1024);
    free(text);
}

static void test_kib_key_matches_the_whole_name(void)
{
    CHECK(probe_kib_field("Pss_Dirty:  5 kB\nPss:  7 kB\n", "Pss") == 7 * 1024);
    CHECK(probe_kib_field("Rss: 1 kB\n", "VmRSS") == -1);
    CHECK(probe_kib_field("", "Rss") == -1);
}

/* Found by fuzz_probe_parsers: %lld overflowed on a huge value (undefined), and sscanf read a
 * number from the next line when the key's own line had none. */
static void test_a_kib_field_that_overflows_or_has_no_number_on_its_line_is_absent(void)
{
    CHECK(probe_kib_field("VmRSS: 9223372036854775807 kB\n", "VmRSS") == -1);
    CHECK(probe_kib_field("VmRSS: 99999999999999999999 kB\n", "VmRSS") == -1);
    CHECK(probe_kib_field("VmRSS:\n5 kB\n", "VmRSS") == -1);
    CHECK(probe_kib_field("VmRSS: -5 kB\n", "VmRSS") == -1);
    CHECK(probe_kib_field("VmRSS:\t  12 kB\n", "VmRSS") == 12 * 1024);
}

int main(void)
{
    RUN(test_cgroup_v1_memory_line_of_this_host_gives_its_path);
    RUN(test_cgroup_v1_cpu_is_not_taken_from_the_cpuset_line);
    RUN(test_cgroup_v2_is_the_line_without_controllers);
    RUN(test_cgroup_without_the_controller_says_so);
    RUN(test_smaps_rollup_fields_are_bytes);
    RUN(test_status_vmrss_is_bytes);
    RUN(test_kib_key_matches_the_whole_name);
    RUN(test_a_kib_field_that_overflows_or_has_no_number_on_its_line_is_absent);
    return check_main("probe-parse");
}
