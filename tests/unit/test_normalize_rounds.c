/* test_normalize_rounds.c - which rounds are disturbed (norm_rounds.c): a round whose cells lost
 * clearly more CPU to others than the table's rounds usually do, judged against the table's own
 * median (a machine busy all along flags nothing), and rounds without a record never. */
#include "check.h"
#include "normalize/norm_rounds.h"

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

int main(void)
{
    RUN(an_excursion_is_flagged_a_busy_baseline_is_not);
    RUN(small_excursions_stay_below_the_floor);
    RUN(rounds_without_a_record_are_never_flagged);
    return check_main("normalize-rounds");
}
