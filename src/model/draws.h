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

/* A value from a standard normal score z (once-per-path and correlated
 * draws): the distribution's quantile at Phi(z). */
fpa_status mdl__from_score(double *out, int dist, const mdl__par *q, double z);
/* n standard normal scores (GSL's ziggurat). */
void mdl__normals(double *out, size_t n, gsl_rng *r);
/* n independent draws from GSL's samplers. */
void mdl__draws(double *out, size_t n, int dist, const mdl__par *q, gsl_rng *r);

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
