/* Claims about the numbers of interchange files (stages/common/numfmt.c): what num_format
 * writes is all num_parse reads, and raw tool output is read as plain finite decimals. */
#include "check.h"
#include "numfmt.h"

static void test_num_parse_reads_exactly_what_num_format_writes(void)
{
    double v;
    CHECK(num_parse("", &v) == 0 && isnan(v));
    CHECK(num_parse("inf", &v) == 0 && isinf(v) && v > 0);
    CHECK(num_parse("-inf", &v) == 0 && isinf(v) && v < 0);
    CHECK(num_parse("-2.5e-07", &v) == 0 && v == -2.5e-07);
    CHECK(num_parse("653012982", &v) == 0 && v == 653012982);
    CHECK(num_parse("0.3333333333333333", &v) == 0 && v == 1.0 / 3);
}

/* strtod also takes these; none of them is a number num_format writes. */
static void test_num_parse_refuses_nan_hex_spaces_and_overflow(void)
{
    double v;
    const char *bad[] = {"nan",   "NaN", "0x10", "0x1p3", " 1", "1 ",  "infinity", "Inf",
                         "1e999", "+",   ".",    "e5",    "1e", "--1", "1.5x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (num_parse(bad[i], &v) != -1)
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
        CHECK(num_parse(bad[i], &v) == -1);
    }
}

static void test_a_finite_number_is_a_nonempty_decimal(void)
{
    double v;
    CHECK(num_parse_finite("12.5", &v) == 0 && v == 12.5);
    CHECK(num_parse_finite("1e-300", &v) == 0);
    CHECK(num_parse_finite("", &v) == -1);
    CHECK(num_parse_finite("inf", &v) == -1);
    CHECK(num_parse_finite("-inf", &v) == -1);
    CHECK(num_parse_finite("nan", &v) == -1);
    CHECK(num_parse_finite("0x10", &v) == -1);
}

int main(void)
{
    RUN(test_num_parse_reads_exactly_what_num_format_writes);
    RUN(test_num_parse_refuses_nan_hex_spaces_and_overflow);
    RUN(test_a_finite_number_is_a_nonempty_decimal);
    return check_main("numfmt");
}
