/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Monte Carlo's distributions, copula and sort: parameters checked once,
 * turned into the form the samplers use, and draws made in blocks. */
#ifndef FPA_MODEL_DRAWS_H
#define FPA_MODEL_DRAWS_H
#include "model_internal.h"

#include <gsl/gsl_rng.h>

enum { MDL_MAX_VARS = 256 };

/* 2 for normal, lognormal and uniform, 3 for triangular and PERT. */
size_t mdl__nparams(int dist);
fpa_status mdl__check_dist(int dist);
/* One period's parameters; `where` is "" or " of period N". */
fpa_status mdl__check_params(int dist, double a, double b, double c, const char *where);

/* Parameters in the samplers' form: normal (mean, sd), lognormal (mu,
 * sigma), uniform (a, b - a), triangular (min, max - min, mode - min,
 * max - mode), PERT (min, max - min, alpha, beta). */
typedef struct {
    double a, b, c, d;
} mdl__par;
mdl__par mdl__derive(int dist, const double p[3]);

/* L'Ecuyer's maximally equidistributed combined Tausworthe generator
 * (Math. Comp. 65 (1996), 203-213; "taus2" with GSL's improved seeding):
 * GSL's gsl_rng_taus2, the same seeding and the same stream (checked
 * against GSL's in tests/internal/test_taus2.c), with the state in a struct
 * of ours so that block loops draw inline, without GSL's indirect call. A
 * gsl_rng of type mdl__taus2 on the same state feeds GSL's samplers, which
 * then continue the same stream. */
typedef struct {
    unsigned long s1, s2, s3;
} mdl__taus;
extern const gsl_rng_type mdl__taus2;

static inline unsigned long mdl__taus_get(mdl__taus *s)
{
#define MDL_TAUS(x, a, b, c, d) \
    ((((x) & (c)) << (d)) & 0xffffffffUL) ^ (((((x) << (a)) & 0xffffffffUL) ^ (x)) >> (b))
    s->s1 = MDL_TAUS(s->s1, 13, 19, 4294967294UL, 12);
    s->s2 = MDL_TAUS(s->s2, 2, 25, 4294967288UL, 4);
    s->s3 = MDL_TAUS(s->s3, 3, 11, 4294967280UL, 17);
#undef MDL_TAUS
    return s->s1 ^ s->s2 ^ s->s3;
}

/* A uniform in [0, 1), as gsl_rng_uniform() on taus2. */
static inline double mdl__taus_uniform(mdl__taus *s)
{
    return (double)mdl__taus_get(s) / 4294967296.0;
}

/* A generator for the draws: GSL's view and the inline state. */
typedef struct {
    gsl_rng r;
    mdl__taus s;
} mdl__gen;
/* Point g's gsl_rng at its state and seed it as gsl_rng_set() does. */
void mdl__gen_init(mdl__gen *g, unsigned long seed);

/* A value from a standard normal score z (once-per-path and correlated
 * draws): the distribution's quantile at Phi(z). */
fpa_status mdl__from_score(double *out, int dist, const mdl__par *q, double z);
/* n standard normal scores (GSL's ziggurat). */
void mdl__normals(double *out, size_t n, mdl__gen *g);
/* n independent draws of one distribution, in the order a draw-by-draw
 * loop of GSL's samplers would make them: the random part for the whole
 * block first (GSL's ziggurat and beta, or inline uniforms), then the
 * transform of the block in one vectorisable loop. */
void mdl__draws(double *out, size_t n, int dist, const mdl__par *q, mdl__gen *g);

/* The lower Cholesky factor (k x k, row-major) of a correlation matrix,
 * checked first: symmetric, unit diagonal, entries in [-1, 1], positive
 * definite (smallest eigenvalue >= 1e-10 by GSL's gsl_eigen_symm on
 * scratch from `mem`), and no correlation between variables drawn once
 * per path and each period (when[i]). */
fpa_status mdl__cholesky(double *chol, const double *corr, size_t k, const int *when,
                         const fpa_mem *mem);

/* Sort n doubles ascending (LSD radix sort on order-preserving keys);
 * tmp holds n, hist MDL_SORT_HIST. */
enum { MDL_SORT_HIST = 6 * 2048 };
void mdl__sort(double *x, uint64_t *tmp, size_t *hist, size_t n);

static inline uint64_t mdl__splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}
#endif
