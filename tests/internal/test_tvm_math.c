/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The annuity kernels' own log1p, e^x and e^x - 1 (src/tvm/tvm_math.h)
 * against the C library's (glibc's log1p, exp and expm1, themselves within
 * one ulp), on random arguments over the ranges the annuity formulas use,
 * and on the edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "../../src/tvm/tvm_math.h"

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static double uniform(double lo, double hi)
{
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return lo + (hi - lo) * (double)(state >> 11) * 0x1p-53;
}

/* Distance in ulps of `got` from `want` (the ulp of want). */
static double ulps(double got, double want)
{
    if (got == want) return 0;
    if (!isfinite(want) || !isfinite(got)) return INFINITY;
    if (want == 0) return fabs(got) / DBL_TRUE_MIN;
    int e;
    frexp(want, &e);
    return fabs(got - want) / ldexp(1, e - 53);
}

static void log1p_within_two_ulps(void **state_)
{
    (void)state_;
    double worst = 0, at = 0;
    for (int i = 0; i < 2000000; i++) {
        /* rates from -99.9999 % to 10^6, most between -50 % and +100 % */
        double x = i % 4 == 0 ? expm1(uniform(-14, 14)) : i % 4 == 1 ? uniform(-0.5, 1)
                 : i % 4 == 2 ? uniform(-1e-6, 1e-6) : uniform(-1e-15, 1e-15);
        double u = ulps(fpa__log1p(x), log1p(x));
        if (u > worst) worst = u, at = x;
    }
    print_message("log1p: worst %.2f ulp at %.17g\n", worst, at);
    assert_true(worst <= 2);
    assert_true(fpa__log1p(0) == 0);
    assert_true(fpa__log1p(-0.0) == 0);
}

static void exp_and_expm1_within_two_ulps(void **state_)
{
    (void)state_;
    double worst_e = 0, worst_m = 0, at_e = 0, at_m = 0;
    for (int i = 0; i < 2000000; i++) {
        double x = i % 3 == 0 ? uniform(-745, 709) : i % 3 == 1 ? uniform(-1, 1)
                 : uniform(-1e-8, 1e-8);
        double e, m = fpa__expm1_exp(x, &e);
        double ue = ulps(e, exp(x)), um = ulps(m, expm1(x));
        if (exp(x) >= DBL_MIN && ue > worst_e) worst_e = ue, at_e = x;
        if (um > worst_m) worst_m = um, at_m = x;
    }
    print_message("exp: worst %.2f ulp at %.17g; expm1: worst %.2f ulp at %.17g\n",
                  worst_e, at_e, worst_m, at_m);
    assert_true(worst_e <= 2);
    assert_true(worst_m <= 2);
    double e, m = fpa__expm1_exp(0, &e);
    assert_true(m == 0 && e == 1);
    m = fpa__expm1_exp(710, &e);  /* overflow */
    assert_true(isinf(e) && isinf(m));
    m = fpa__expm1_exp(1e300, &e);
    assert_true(isinf(e) && isinf(m));
    m = fpa__expm1_exp(-800, &e);  /* underflow */
    assert_true(e == 0 && m == -1);
    m = fpa__expm1_exp(-1e300, &e);
    assert_true(e == 0 && m == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log1p_within_two_ulps),
        cmocka_unit_test(exp_and_expm1_within_two_ulps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
