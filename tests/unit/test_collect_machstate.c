/* test_collect_machstate.c - the machine's state over a cell (machstate.c): /proc/stat's
 * aggregate line read right, and the shares and the other processes' CPUs computed from two
 * readings, the cell's own CPU taken out. */
#include "check.h"
#include "collect/machstate.h"

#include <stdlib.h>

static double value(const char *text, const char *key)
{
    const char *at = strstr(text, key);
    return at ? strtod(at + strlen(key) + 1, NULL) : NAN;
}

static void the_aggregate_cpu_line_is_read(void)
{
    machstate m;
    const char *stat = "cpu  100 5 20 1000 7 3 2 9 0 0\ncpu0 50 2 10 500 3 1 1 4 0 0\n";
    CHECK(machstate_parse_stat(stat, &m) == 0);
    CHECK(m.busy == 100 + 5 + 20 + 3 + 2 && m.idle == 1000 && m.iowait == 7 && m.steal == 9);
    CHECK(machstate_parse_stat("cpu0 1 2 3 4 5 6 7 8\n", &m) == -1); /* no aggregate line */
    CHECK(machstate_parse_stat("cpu  1 2 3\n", &m) == -1);          /* cut short */
}

/* Over 2 s on 2 CPUs at 100 ticks/s (400 ticks): 250 busy, 100 idle, 20 iowait, 30 steal;
 * the cell itself used 1.5 CPU-s, so others kept (2.5 - 1.5) / 2 = 0.5 CPUs busy. */
static void shares_and_other_cpus(void)
{
    machstate a = {.busy = 1000, .idle = 5000, .iowait = 10, .steal = 0, .own_s = 3, .at_s = 10};
    machstate b = {.busy = 1250, .idle = 5100, .iowait = 30, .steal = 30, .own_s = 4.5,
                   .at_s = 12};
    char buf[512];
    machstate_format(&a, &b, 1.25, 2, 100, buf, sizeof buf);
    CHECK_NEAR(value(buf, "wall_s"), 2, 1e-9);
    CHECK_NEAR(value(buf, "steal_pct"), 100.0 * 30 / 400, 1e-3);
    CHECK_NEAR(value(buf, "iowait_pct"), 100.0 * 20 / 400, 1e-3);
    CHECK_NEAR(value(buf, "other_cpus"), 0.5, 1e-9);
    CHECK_NEAR(value(buf, "load1"), 1.25, 1e-9);
    b.own_s = 9; /* the cell's own CPU above the machine's busy time (rounding): never negative */
    machstate_format(&a, &b, 0, 2, 100, buf, sizeof buf);
    CHECK(value(buf, "other_cpus") == 0);
}

static void a_reading_of_this_machine(void)
{
    machstate m;
    CHECK(machstate_take(&m) == 0 && m.busy + m.idle > 0 && m.at_s > 0);
}

int main(void)
{
    RUN(the_aggregate_cpu_line_is_read);
    RUN(shares_and_other_cpus);
    RUN(a_reading_of_this_machine);
    return check_main("collect-machstate");
}
