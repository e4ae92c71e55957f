/* check.h - the smallest test harness that still reads like a claim.
 *
 * Each test is a function named after what it proves; CHECK records a failure with file:line
 * and keeps going, so one run lists every broken claim. check_main() prints the closing
 * "N passed, N failed" line that CI reads and returns the exit status. */
#ifndef CHECK_H
#define CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failed_in_test;
static int check_tests_passed, check_tests_failed;

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);         \
            check_failed_in_test = 1;                                                          \
        }                                                                                      \
    } while (0)

/* Relative closeness, with an absolute floor for values near zero. */
#define CHECK_NEAR(got, want, rel)                                                             \
    do {                                                                                       \
        double g_ = (got), w_ = (want);                                                        \
        double tol_ = (rel) * (fabs(w_) > 1e-300 ? fabs(w_) : 1.0);                            \
        if (!(fabs(g_ - w_) <= tol_ || (isinf(g_) && isinf(w_) && (g_ > 0) == (w_ > 0)))) {     \
            fprintf(stderr, "  %s:%d: %s = %.17g, want %.17g (rel %g)\n", __FILE__, __LINE__,   \
                    #got, g_, w_, (double)(rel));                                              \
            check_failed_in_test = 1;                                                          \
        }                                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                                   \
    do {                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                  \
        if (!g_ || strcmp(g_, w_) != 0) {                                                      \
            fprintf(stderr, "  %s:%d: %s = \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,    \
                    g_ ? g_ : "(null)", w_);                                                   \
            check_failed_in_test = 1;                                                          \
        }                                                                                      \
    } while (0)

#define RUN(test)                                                                              \
    do {                                                                                       \
        check_failed_in_test = 0;                                                              \
        test();                                                                                \
        if (check_failed_in_test) {                                                            \
            fprintf(stderr, "FAIL %s\n", #test);                                               \
            check_tests_failed++;                                                              \
        } else {                                                                               \
            check_tests_passed++;                                                              \
        }                                                                                      \
    } while (0)

static inline int check_main(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_tests_passed, check_tests_failed);
    return check_tests_failed ? 1 : 0;
}

#endif
