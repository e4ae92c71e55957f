/* Claims about the small parsers of repro-probe shellenv and goversions: the answer line a
 * shell prints among whatever its profile files print, and a Go version's release series. */
#include "check.h"
#include "probe/probe.h"

static void test_the_answer_line_is_found_among_other_output(void)
{
    int seen[3] = {-1, -1, -1};
    CHECK(probe_shellenv_answer("welcome to the machine\nrepro-shellenv 1 0 1\nbye\n", seen) == 0);
    CHECK(seen[0] == 1 && seen[1] == 0 && seen[2] == 1);
    CHECK(probe_shellenv_answer("repro-shellenv 0 0 1", seen) == 0 && seen[2] == 1);
}

static void test_no_answer_or_a_garbled_one_is_refused(void)
{
    int seen[3];
    CHECK(probe_shellenv_answer("", seen) == -1);
    CHECK(probe_shellenv_answer("bash: no job control in this shell\n", seen) == -1);
    CHECK(probe_shellenv_answer("repro-shellenv 1 yes 0\n", seen) == -1);
    CHECK(probe_shellenv_answer("repro-shellenv 1 0\n", seen) == -1);
    CHECK(probe_shellenv_answer("repro-shellenv 1 0 10\n", seen) == -1);
    CHECK(probe_shellenv_answer("say repro-shellenv 1 1 1\n", seen) == -1);
}

static void test_a_go_version_names_its_release_series(void)
{
    char s[16];
    probe_go_series("go1.19.8", s, sizeof s);
    CHECK_STR(s, "1.19");
    probe_go_series("go1.22.3", s, sizeof s);
    CHECK_STR(s, "1.22");
    probe_go_series("go1.21rc2", s, sizeof s);
    CHECK_STR(s, "1.21rc2");
}

int main(void)
{
    RUN(test_the_answer_line_is_found_among_other_output);
    RUN(test_no_answer_or_a_garbled_one_is_refused);
    RUN(test_a_go_version_names_its_release_series);
    return check_main("probe-netshell");
}
