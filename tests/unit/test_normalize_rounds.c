/* test_normalize_rounds.c - which rounds are disturbed (norm_rounds.c): a round one of whose
 * cells lost clearly more CPU to others than its environment's cells usually do, judged against
 * that environment's own median (a machine busy all along flags nothing, nor does an engine
 * whose own processes count as others'), and rounds without a record never. */
#include "check.h"
#include "fsutil.h"
#include "normalize/norm_rounds.h"
#include "schema_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void an_excursion_is_flagged_a_busy_baseline_is_not(void)
{
    /* a shared machine: about 1.2 CPUs taken all along, round 4 (index 3) 2.1 */
    double lost[] = {1.20, 1.25, 1.18, 2.10, 1.22, 1.19, 1.24, 1.21};
    unsigned char flag[8];
    norm_disturbed(lost, 8, flag);
    for (size_t i = 0; i < 8; i++)
        CHECK(flag[i] == (i == 3));
}

static void small_excursions_stay_below_the_floor(void)
{
    /* a quiet machine: 0.01-0.05 CPUs, one round at 0.2: above 3 MADs, below the 0.25 floor */
    double lost[] = {0.01, 0.03, 0.02, 0.20, 0.05, 0.02};
    unsigned char flag[6];
    norm_disturbed(lost, 6, flag);
    for (size_t i = 0; i < 6; i++)
        CHECK(flag[i] == 0);
    lost[3] = 0.40; /* beyond both */
    norm_disturbed(lost, 6, flag);
    CHECK(flag[3] == 1 && flag[2] == 0);
}

static void rounds_without_a_record_are_never_flagged(void)
{
    double lost[] = {NAN, 0.1, NAN, 3.0, 0.1, 0.12};
    unsigned char flag[6];
    norm_disturbed(lost, 6, flag);
    CHECK(!flag[0] && !flag[2] && flag[3] && !flag[1]);
    norm_disturbed(lost, 0, flag); /* nothing at all: no crash */
}

/* raw/T1/<env>/<rep>.state under dir, as collect writes it, with other_cpus = other. */
static void write_state(const char *dir, const char *env, int rep, double other)
{
    char path[512], text[160];
    snprintf(path, sizeof path, "%s/raw/T1/%s/%03d.state", dir, env, rep);
    snprintf(text, sizeof text,
             "wall_s\t9.4\nsteal_pct\t0.00\niowait_pct\t0.10\nother_cpus\t%.3f\n"
             "load1\t1.5\ncpus\t2\ntick_hz\t100\n",
             other);
    CHECK(fs_mkparent(path) == 0 && fs_write_atomic(path, text, strlen(text)) == 0);
}

/* A container engine's processes are not collect's children, so its cells read about one CPU
 * "taken by others" in every round (docker's in the runs of 2026-12-07). Against the round's
 * most, that hid every other cell's excursion; against its own cells it hides none. */
static void an_engines_own_cpu_hides_no_other_cells_excursion(void)
{
    char dir[] = "/tmp/repro-rounds.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    for (int rep = 1; rep <= 8; rep++) {
        write_state(dir, "docker", rep, 1.0 + 0.01 * (rep % 3));
        if (rep != 5) /* host has no record of round 5, docker has */
            write_state(dir, "host", rep, rep == 3 ? 0.45 : 0.0);
    }
    write_state(dir, "docker", 7, 1.6); /* the engine's own excursion counts too */
    char envs_path[600];
    snprintf(envs_path, sizeof envs_path, "%s/envs.tsv", dir);
    const char *envs_text = "env\tstatus\treason\twhat\nhost\tok\t\tx\ndocker\tok\t\ty\n";
    CHECK(fs_write_atomic(envs_path, envs_text, strlen(envs_text)) == 0);
    tsv_table envs;
    CHECK(tsv_load_as(envs_path, &envs_schema, &envs) == 0);
    strmap flags = {0};
    norm_round_flags(dir, "T1", &envs, &flags);
    CHECK(flags.n == 8);
    for (int rep = 1; rep <= 8; rep++) {
        char key[16];
        snprintf(key, sizeof key, "%d", rep);
        const char *got = strmap_get(&flags, key);
        CHECK_STR(got ? got : "(absent)", rep == 3 || rep == 7 ? "yes" : "no");
    }
    strmap_free(&flags);
    tsv_free(&envs);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    RUN(an_excursion_is_flagged_a_busy_baseline_is_not);
    RUN(small_excursions_stay_below_the_floor);
    RUN(rounds_without_a_record_are_never_flagged);
    RUN(an_engines_own_cpu_hides_no_other_cells_excursion);
    return check_main("normalize-rounds");
}
