/* SPDX-License-Identifier: GPL-3.0-or-later */
/* White-box tests of src/core helpers that the public API reaches only in
 * situations a caller cannot arrange (the safety nets around GSL, size
 * overflow). Linked against the static library, the only place outside
 * src/ that includes private headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/core/internal.h"
#include "../../src/core/roots.h"

static double cubic(double x, void *ctx)
{
    (void)ctx;
    return (x - 1) * (x + 2) * (x - 3);  /* roots -2, 1, 3 */
}

static double blows_up(double x, void *ctx)
{
    (void)ctx;
    return x > 0.5 ? INFINITY : x - 0.75;  /* non-finite inside the bracket */
}

static double flat(double x, void *ctx)
{
    (void)ctx;
    (void)x;
    return 1;
}

static int evaluations;
static double slow(double x, void *ctx)
{
    (void)ctx;
    evaluations++;
    return x - 0.123456789;
}

static void brent_guards_every_gsl_precondition(void **state)
{
    (void)state;
    double r = 42;
    /* reversed, empty and non-finite brackets, no sign change */
    assert_int_equal(fpa__brent(&r, cubic, NULL, 2, 0, cubic(2, NULL), cubic(0, NULL), 0, 1e-12, 50),
                     FPA_ENOCONV);
    assert_int_equal(fpa__brent(&r, cubic, NULL, 0, 0, 1, 1, 0, 1e-12, 50), FPA_ENOCONV);
    assert_int_equal(fpa__brent(&r, cubic, NULL, 0, 2, NAN, 1, 0, 1e-12, 50), FPA_ENOCONV);
    assert_int_equal(fpa__brent(&r, cubic, NULL, 1.5, 2.5, cubic(1.5, NULL), cubic(2.5, NULL),
                                0, 1e-12, 50), FPA_ENOCONV);
    assert_string_equal(fpa_error_last(), "root finder: no sign change in bracket");
    assert_true(r == 42);
    /* a root at an end is returned without iterating */
    assert_int_equal(fpa__brent(&r, cubic, NULL, 1, 2, 0, cubic(2, NULL), 0, 1e-12, 50), FPA_OK);
    assert_true(r == 1);
    assert_int_equal(fpa__brent(&r, cubic, NULL, 0, 1, cubic(0, NULL), 0, 0, 1e-12, 50), FPA_OK);
    assert_true(r == 1);
    /* an ordinary root */
    assert_int_equal(fpa__brent(&r, cubic, NULL, 2, 4, cubic(2, NULL), cubic(4, NULL), 0, 1e-14, 100),
                     FPA_OK);
    assert_true(fabs(r - 3) < 1e-12);
    /* a function that overflows inside the bracket fails the call, and GSL
     * (whose default handler aborts) never sees the infinity */
    assert_int_equal(fpa__brent(&r, blows_up, NULL, 0, 0.6, -0.75, 1, 0, 1e-14, 100),
                     FPA_EOVERFLOW);
    /* too few iterations */
    evaluations = 0;
    assert_int_equal(fpa__brent(&r, slow, NULL, -1e6, 1e6, slow(-1e6, NULL), slow(1e6, NULL),
                                0, 1e-15, 2), FPA_ENOCONV);
    assert_true(evaluations <= 6);
}

static void bracket_search(void **state)
{
    (void)state;
    fpa__bracket b;
    const double brk[] = {0.0, 2.0};
    /* the suggested point brackets at once */
    assert_int_equal(fpa__find_bracket(&b, cubic, NULL, 0.5, cubic(0.5, NULL), 1.5, -10, 10,
                                       0.1, NULL, 0), FPA_OK);
    assert_true(b.lo <= 1 && 1 <= b.hi);
    /* walking to the suggested point stops at each break point */
    assert_int_equal(fpa__find_bracket(&b, cubic, NULL, -1.5, cubic(-1.5, NULL), 2.5, -10, 10,
                                       0.1, brk, 2), FPA_OK);
    assert_true(b.lo == 0 && b.hi == 2);  /* f(-1.5), f(0) > 0 > f(2) */
    /* the search widens on both sides, nearest first */
    assert_int_equal(fpa__find_bracket(&b, cubic, NULL, 2.4, cubic(2.4, NULL), NAN, -10, 10,
                                       0.01, brk, 2), FPA_OK);
    assert_true((b.lo <= 3 && 3 <= b.hi) || (b.lo <= 1 && 1 <= b.hi));
    assert_true(!(b.lo < 2 && 2 < b.hi));  /* never straddles a break */
    /* a suggested point outside the range is clamped */
    assert_int_equal(fpa__find_bracket(&b, cubic, NULL, -1.9, cubic(-1.9, NULL), -100, -2.5, 10,
                                       0.1, NULL, 0), FPA_OK);
    assert_true(b.lo <= -2 && -2 <= b.hi);
    /* a root at the start point */
    assert_int_equal(fpa__find_bracket(&b, cubic, NULL, 1, 0, NAN, -10, 10, 0.1, NULL, 0), FPA_OK);
    assert_true(b.lo == 1 && b.hi == 1);
    /* nothing to find */
    assert_int_equal(fpa__find_bracket(&b, flat, NULL, 0, 1, 5, -10, 10, 0.1, brk, 2), FPA_ENOCONV);
}

static void allocation_sizes_are_checked(void **state)
{
    (void)state;
    fpa_mem m = fpa__mem_default();
    fpa_error_clear();
    assert_null(fpa__alloc(&m, SIZE_MAX / 2, 4, false));
    assert_int_equal(fpa_error_last_status(), FPA_ENOMEM);
    void *p = fpa__alloc(&m, 0, 8, true);  /* empty arrays still get a block */
    assert_non_null(p);
    assert_null(fpa__realloc(&m, p, 0, SIZE_MAX / 2, 4));
    void *q = fpa__realloc(&m, p, 0, 16, 8);
    assert_non_null(q);
    fpa__free(&m, q, 16, 8);
    fpa__free(&m, NULL, 0, 8);
    double v = 0;
    assert_int_equal(fpa__store(&v, NAN, "x"), FPA_EOVERFLOW);
    assert_int_equal(fpa__store(&v, INFINITY, "x"), FPA_EOVERFLOW);
    assert_int_equal(fpa__check_value(-INFINITY, "y"), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "y is -Inf");
    assert_int_equal(fpa__check_finite((double[]){1, -INFINITY}, 2, 1, "z"), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "z[1] is -Inf");
    assert_int_equal(fpa__check_finite(NULL, 3, 1, "z"), FPA_EINVAL);
    assert_int_equal(fpa__check_finite((double[]){1}, 1, 2, "z"), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "z has 1 value, needs at least 2");
    /* an option read from the table by an unknown key is NaN, never garbage */
    assert_true(isnan(fpa__opt(NULL, 999999)));
}

/* Found by valgrind: a detail that quotes the previous detail (a wrapper
 * prefixing a deeper failure) must not format over its own argument. */
static void detail_can_quote_the_previous_detail(void **state)
{
    (void)state;
    fpa__fail(FPA_ENOCONV, "inner problem %d", 7);
    fpa__fail(FPA_ENOCONV, "outer: %s", fpa_error_last());
    assert_string_equal(fpa_error_last(), "outer: inner problem 7");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brent_guards_every_gsl_precondition),
        cmocka_unit_test(bracket_search),
        cmocka_unit_test(allocation_sizes_are_checked),
        cmocka_unit_test(detail_can_quote_the_previous_detail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
