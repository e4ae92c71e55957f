/* The step rule of repro history (stages/history/steps.c): a planted 20% step in noisy data is
 * found where it was planted, a flat noisy series has none, a single outlier is no step, a step
 * smaller than the minimum shift is merged away, and two steps are both found. */
#include "check.h"
#include "history/steps.h"

#include <math.h>

/* Deterministic noise in [-1, 1] (an LCG), so the test never flakes. */
static double jitter(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) % 20001) / 10000.0 - 1;
}

static void series(double *y, size_t n, double noise, unsigned seed, size_t step_at, double step)
{
    for (size_t i = 0; i < n; i++)
        y[i] = log(1e8) + noise * jitter(&seed) + (i >= step_at ? log(step) : 0);
}

static step_fit fit(const double *y, size_t n)
{
    step_fit f;
    steps_find(y, n, steps_default_penalty(n), 3, log(1.05), 1e-3, &f);
    return f;
}

static void test_a_planted_step_is_found_where_it_was_planted(void)
{
    double y[20];
    series(y, 20, 0.02, 7, 12, 1.20);
    step_fit f = fit(y, 20);
    CHECK(f.nsteps == 1);
    CHECK(f.at[0] == 12);
    CHECK_NEAR(exp(f.level[1] - f.level[0]), 1.20, 0.03);
}

static void test_flat_noisy_series_have_no_step(void)
{
    for (unsigned seed = 1; seed <= 200; seed++) {
        double y[20];
        series(y, 20, 0.02, seed, 20, 1);
        step_fit f = fit(y, 20);
        CHECK(f.nsteps == 0);
    }
}

static void test_one_outlier_run_is_not_a_step(void)
{
    double y[20];
    series(y, 20, 0.01, 3, 20, 1);
    y[9] += log(1.3);
    CHECK(fit(y, 20).nsteps == 0);
}

static void test_a_step_below_the_minimum_shift_is_merged(void)
{
    double y[20];
    series(y, 20, 0.001, 5, 10, 1.03); /* clear to the fit, but 3% < 5% */
    CHECK(fit(y, 20).nsteps == 0);
}

static void test_two_steps_are_both_found(void)
{
    double y[30];
    series(y, 30, 0.01, 11, 10, 1.25);
    for (size_t i = 20; i < 30; i++)
        y[i] -= log(1.25) + log(1.15);
    step_fit f = fit(y, 30);
    CHECK(f.nsteps == 2);
    CHECK(f.at[0] == 10 && f.at[1] == 20);
}

static void test_a_constant_series_is_fine(void)
{
    double y[5] = {1, 1, 1, 1, 1};
    step_fit f;
    CHECK(steps_find(y, 5, steps_default_penalty(5), 2, log(1.05), 1e-3, &f) == 0);
    CHECK(f.nsteps == 0);
    y[2] = NAN;
    CHECK(steps_find(y, 5, 1, 2, 0.05, 1e-3, &f) == -1);
}

int main(void)
{
    RUN(test_a_planted_step_is_found_where_it_was_planted);
    RUN(test_flat_noisy_series_have_no_step);
    RUN(test_one_outlier_run_is_not_a_step);
    RUN(test_a_step_below_the_minimum_shift_is_merged);
    RUN(test_two_steps_are_both_found);
    RUN(test_a_constant_series_is_fine);
    return check_main("history_steps");
}
