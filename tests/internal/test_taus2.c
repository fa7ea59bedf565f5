/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Monte Carlo's inline generator (src/model/draws.h) is GSL's taus2:
 * for many seeds (the Monte Carlo seeds block b with hash(seed) + b), the
 * same stream as GSL's gsl_rng_taus2, raw and through GSL's ziggurat and
 * beta samplers, and the same block draws as GSL's samplers called one
 * draw at a time. Linked against the static library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/model/draws.h"

#include <gsl/gsl_randist.h>

/* GSL's own taus2, its state in our memory (GSL's gsl_rng_alloc is not
 * used anywhere). */
typedef struct {
    gsl_rng r;
    unsigned char state[64];
} gsl_gen;

static void gsl_gen_init(gsl_gen *g, unsigned long seed)
{
    assert_true(gsl_rng_taus2->size <= sizeof g->state);
    g->r = (gsl_rng){gsl_rng_taus2, g->state};
    gsl_rng_set(&g->r, seed);
}

static void same_stream_as_gsl(void **state)
{
    (void)state;
    static const unsigned long seeds[] = {0, 1, 2, 7, 42, 69069, 4294967295UL, 123456789,
                                          2718281828UL};
    for (size_t k = 0; k < sizeof seeds / sizeof *seeds; k++) {
        gsl_gen a;
        mdl__gen b;
        gsl_gen_init(&a, seeds[k]);
        mdl__gen_init(&b, seeds[k]);
        for (int i = 0; i < 100000; i++) assert_int_equal(gsl_rng_get(&a.r), mdl__taus_get(&b.s));
        for (int i = 0; i < 10000; i++) {
            assert_true(gsl_rng_uniform(&a.r) == mdl__taus_uniform(&b.s));
            assert_true(gsl_ran_gaussian_ziggurat(&a.r, 1) == gsl_ran_gaussian_ziggurat(&b.r, 1));
            assert_true(gsl_ran_beta(&a.r, 2.6, 3.4) == gsl_ran_beta(&b.r, 2.6, 3.4));
        }
    }
}

static void block_draws_are_gsl_draws(void **state)
{
    (void)state;
    static const double p[5][3] = {{1, 0.05, 0}, {0, 0.04, 0}, {25, 35, 0}, {40, 45, 60},
                                   {30, 40, 55}};
    double block[1000];
    for (int dist = FPA_DIST_NORMAL; dist <= FPA_DIST_PERT; dist++) {
        mdl__par q = mdl__derive(dist, p[dist]);
        gsl_gen a;
        mdl__gen b;
        gsl_gen_init(&a, 99);
        mdl__gen_init(&b, 99);
        mdl__draws(block, 1000, dist, &q, &b);
        for (int i = 0; i < 1000; i++) {
            double x;
            switch (dist) {
            case FPA_DIST_NORMAL: x = 1 + 0.05 * gsl_ran_gaussian_ziggurat(&a.r, 1); break;
            case FPA_DIST_LOGNORMAL: x = exp(0 + 0.04 * gsl_ran_gaussian_ziggurat(&a.r, 1)); break;
            case FPA_DIST_UNIFORM: x = 25 + 10 * gsl_rng_uniform(&a.r); break;
            case FPA_DIST_TRIANGULAR: {
                double u = gsl_rng_uniform(&a.r);  /* the inverse CDF (Vose, appendix III) */
                x = u < 0.25 ? 40 + sqrt(u * 20 * 5) : 60 - sqrt((1 - u) * 20 * 15);
                break;
            }
            default: x = 30 + 25 * gsl_ran_beta(&a.r, 1 + 4 * 10 / 25.0, 1 + 4 * 15 / 25.0);
            }
            assert_true(fabs(block[i] - x) <= 1e-12 * fabs(x));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_stream_as_gsl),
        cmocka_unit_test(block_draws_are_gsl_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
