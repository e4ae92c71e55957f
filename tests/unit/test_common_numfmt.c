/* Claims about the numbers of interchange files (stages/common/numfmt.c): what num_format
 * writes is all num_parse reads, and raw tool output is read as plain finite decimals. */
#include "check.h"
#include "numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
/* Short decimals take Clinger's fast path, everything else strtod: the double must be the one
 * strtod gives, to the last bit, across both paths and their border (15 significant digits,
 * 10^22), signs and zeros. */
static void test_the_fast_path_gives_strtods_double_bit_for_bit(void)
{
    unsigned long long state = 1;
    char buf[64];
    long bad = 0;
    for (long i = 0; i < 300000; i++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned long long r = state >> 11;
        switch (i % 4) {
        case 0: num_format((double)(r >> 20) / 1000.0, buf, sizeof buf); break;
        case 1: snprintf(buf, sizeof buf, "%.*f", (int)(r % 9), (double)(r >> 30) / 7.0); break;
        case 2: snprintf(buf, sizeof buf, "-%llu.%0*llu", r >> 36, (int)(r % 22 + 1), r % 1000); break;
        default: snprintf(buf, sizeof buf, "%.17g", (double)r * 1e-9); break;
        }
        double got, want = strtod(buf, NULL);
        bad += num_parse_finite(buf, &got) != 0 || memcmp(&got, &want, sizeof got) != 0;
    }
    CHECK(bad == 0);
    const char *edge[] = {"0", "-0", "0.000", "123456789012345", "1234567890123456",
                          "0.0000000000000000000001", "0.00000000000000000000001", "00012.50",
                          "9007199254740993", "+7.25", "1e22", "4.9e-324"};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        double got, want = strtod(edge[i], NULL);
        CHECK(num_parse_finite(edge[i], &got) == 0 && memcmp(&got, &want, sizeof got) == 0);
    }
}

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
    RUN(test_the_fast_path_gives_strtods_double_bit_for_bit);
    RUN(test_num_parse_refuses_nan_hex_spaces_and_overflow);
    RUN(test_a_finite_number_is_a_nonempty_decimal);
    return check_main("numfmt");
}
