/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numerical helpers of the forecast module: classical decomposition,
 * autocorrelation, least squares, quantiles and seeded random numbers. */
#include "fc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdalign.h>
#include <string.h>

/* Centred moving average at t (half <= t < n - half): 2 x m for even m
 * (R's filter(x, c(0.5, rep(1, m - 1), 0.5) / m)), plain m-term for odd m. */
static double centred_ma(const double *y, size_t m, size_t t)
{
    size_t half = m / 2;
    double s = 0;
    if (m % 2 == 0) {
        s = 0.5 * (y[t - half] + y[t + half]);
        for (size_t j = t - half + 1; j < t + half; j++) s += y[j];
    } else {
        for (size_t j = t - half; j <= t + half; j++) s += y[j];
    }
    return s / (double)m;
}

fpa_status fc_decompose(double *figure, double *trend, const double *y,
                        size_t n, size_t m, bool multiplicative,
                        const fpa_mem *mem)
{
    (void)mem;
    if (m < 2 || n < 2 * m)
        return fpa__fail(FPA_EDATA, "decomposition needs two full seasons "
                         "(%zu values, period %zu)", n, m);
    size_t half = m / 2;
    double sum[FPA_FORECAST_MAX_PERIOD], cnt[FPA_FORECAST_MAX_PERIOD];
    memset(sum, 0, m * sizeof *sum);
    memset(cnt, 0, m * sizeof *cnt);
    for (size_t t = 0; t < n; t++) {
        double tr = NAN;
        if (t >= half && t + half < n) {
            tr = centred_ma(y, m, t);
            sum[t % m] += multiplicative ? y[t] / tr : y[t] - tr;
            cnt[t % m] += 1;
        }
        if (trend) trend[t] = tr;
    }
    double mean = 0;
    for (size_t i = 0; i < m; i++) {
        figure[i] = sum[i] / cnt[i];
        mean += figure[i] / (double)m;
    }
    for (size_t i = 0; i < m; i++) {
        figure[i] = multiplicative ? figure[i] / mean : figure[i] - mean;
        if (!fpa__finite(figure[i]))
            return fpa__fail(FPA_EDATA, "decomposition failed (the trend "
                             "is zero somewhere)");
    }
    return FPA_OK;
}

double fc_seasonal_strength(const double *y, size_t n, size_t m)
{
    double fig[FPA_FORECAST_MAX_PERIOD];
    if (m < 2 || m > FPA_FORECAST_MAX_PERIOD || n < 2 * m ||
        fc_decompose(fig, NULL, y, n, m, false, NULL) != FPA_OK)
        return NAN;
    /* variances of the detrended series and of its remainder (Welford) */
    double md = 0, mr = 0, vd = 0, vr = 0, k = 0;
    for (size_t t = m / 2; t + m / 2 < n; t++) {
        double d = y[t] - centred_ma(y, m, t), r = d - fig[t % m];
        k += 1;
        double dd = d - md, dr = r - mr;
        md += dd / k;
        mr += dr / k;
        vd += dd * (d - md);
        vr += dr * (r - mr);
    }
    if (!(vd > 0)) return NAN;
    double f = 1 - vr / vd;
    return f > 0 ? (f < 1 ? f : 1) : 0;
}

void fc_acf(double *r, const double *y, size_t n, size_t k)
{
    /* on y / max|y|: the sums of squares of huge data must not overflow */
    double big = 0, mean = 0, c0 = 0;
    for (size_t t = 0; t < n; t++)
        if (fabs(y[t]) > big) big = fabs(y[t]);
    if (!(big > 0)) big = 1;
    for (size_t t = 0; t < n; t++) mean += y[t] / big;
    mean /= (double)n;
    for (size_t t = 0; t < n; t++) c0 += (y[t] / big - mean) * (y[t] / big - mean);
    for (size_t lag = 1; lag <= k; lag++) {
        double c = 0;
        for (size_t t = 0; t + lag < n; t++)
            c += (y[t] / big - mean) * (y[t + lag] / big - mean);
        r[lag - 1] = c / c0;
    }
}

bool fc_seasonal_test(const double *y, size_t n, size_t m)
{
    if (m < 2 || m > FPA_FORECAST_MAX_PERIOD || n < 3 * m) return false;
    double r[FPA_FORECAST_MAX_PERIOD], s = 1;
    fc_acf(r, y, n, m);
    for (size_t k = 0; k + 1 < m; k++) s += 2 * r[k] * r[k];
    double lim = 1.645 / sqrt((double)n) * sqrt(s);
    return fabs(r[m - 1]) > lim;  /* false when NaN (constant series) */
}

bool fc_lsq(double *beta, double *X, const double *y, size_t n, size_t p,
            double *work, double *sse)
{
    if (n < p) return false;
    gsl_matrix_view A = gsl_matrix_view_array(X, n, p);
    gsl_vector_view tau = gsl_vector_view_array(work, p);
    gsl_vector_view res = gsl_vector_view_array(work + p, n);
    gsl_vector_view b = gsl_vector_view_array(beta, p);
    gsl_vector_const_view yv = gsl_vector_const_view_array(y, n);
    gsl_linalg_QR_decomp(&A.matrix, &tau.vector);
    double big = 0;
    for (size_t j = 0; j < p; j++)
        if (fabs(X[j * p + j]) > big) big = fabs(X[j * p + j]);
    for (size_t j = 0; j < p; j++)
        if (!(fabs(X[j * p + j]) > 1e-10 * big)) return false;
    gsl_linalg_QR_lssolve(&A.matrix, &tau.vector, &yv.vector, &b.vector,
                          &res.vector);
    double s = 0;
    for (size_t t = 0; t < n; t++) s += work[p + t] * work[p + t];
    *sse = s;
    for (size_t j = 0; j < p; j++)
        if (!fpa__finite(beta[j])) return false;
    return true;
}

fpa_status fc_minimise(double *x, double *fmin, const double *step, size_t dim,
                       nlopt_func f, void *ctx, fc_nm_stop stop)
{
    /* The paths on which NLopt formats a message, whose allocation aborts
     * the process when it fails, are closed here: a start outside the
     * bounds, equal bounds, a zero or tiny step or one the bounds leave no
     * room for (a degenerate first simplex), and NLopt allocating the
     * steps itself inside nlopt_optimize(). */
    for (size_t i = 0; i < dim; i++) {
        bool ok = fpa__finite(x[i]) && fpa__finite(step[i]) &&
                  fabs(step[i]) > 1e-10 * fabs(x[i]);
        if (ok && stop.lo)
            ok = x[i] >= stop.lo[i] && x[i] <= stop.hi[i] &&
                 stop.hi[i] - stop.lo[i] > 2 * fabs(step[i]);
        if (!ok)
            return fpa__fail(FPA_ENOCONV, "minimiser start %zu: x = %g, step = %g",
                             i, x[i], step[i]);
    }
    nlopt_opt opt = nlopt_create(NLOPT_LN_NELDERMEAD, (unsigned)dim);
    if (!opt) return fpa__fail(FPA_ENOMEM, "out of memory creating NLopt's minimiser");
    nlopt_result r = nlopt_set_min_objective(opt, f, ctx);
    if (r > 0 && stop.lo) r = nlopt_set_lower_bounds(opt, stop.lo);
    if (r > 0 && stop.lo) r = nlopt_set_upper_bounds(opt, stop.hi);
    if (r > 0) r = nlopt_set_initial_step(opt, step);
    if (r > 0) r = nlopt_set_ftol_abs(opt, stop.ftol_abs);
    if (r > 0) r = nlopt_set_xtol_rel(opt, stop.xtol_rel);
    if (r > 0) r = nlopt_set_maxeval(opt, stop.maxeval);
    if (r > 0) r = nlopt_optimize(opt, x, fmin);
    nlopt_destroy(opt);
    if (r == NLOPT_OUT_OF_MEMORY)
        return fpa__fail(FPA_ENOMEM, "NLopt's minimiser ran out of memory");
    if (r < 0) return fpa__fail(FPA_ENOCONV, "NLopt's minimiser failed (code %d)", (int)r);
    return FPA_OK;
}

double fc_quantile8(const double *x, size_t n, double p)
{
    /* Hyndman & Fan (1996) definition 8: h = (n + 1/3) p + 1/3 */
    double h = ((double)n + 1.0 / 3) * p + 1.0 / 3;
    if (h <= 1) return x[0];
    if (h >= (double)n) return x[n - 1];
    size_t j = (size_t)floor(h);
    double g = h - (double)j;
    return x[j - 1] + g * (x[j] - x[j - 1]);
}

double fc_normal_quantile(double p) { return gsl_cdf_ugaussian_Pinv(p); }

/* SplitMix64 (Steele, Lea & Flood 2014): independent seeds per stream. */
static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

fpa_status fc_rng_new(fc_rng *out, uint64_t seed, uint64_t stream,
                      const fpa_mem *mem)
{
    /* gsl_rng_alloc() would malloc and reach GSL's aborting handler on
     * failure; the generator struct is public API, so build it here.
     * taus2 (L'Ecuyer 1996): 24 bytes of state, seeded in a few steps,
     * where the Mersenne Twister's 2.5 kB cost more than short paths. */
    const gsl_rng_type *T = gsl_rng_taus2;
    size_t head = (sizeof(gsl_rng) + alignof(max_align_t) - 1) /
                  alignof(max_align_t) * alignof(max_align_t);
    size_t bytes = head + T->size;
    unsigned char *b = fpa__alloc(mem, bytes, 1, false);
    if (!b) return FPA_ENOMEM;
    gsl_rng *r = (gsl_rng *)(void *)b;
    r->type = T;
    r->state = b + head;
    gsl_rng_set(r, (unsigned long)(mix(mix(seed) ^ stream) & 0xffffffffUL));
    *out = (fc_rng){r, b, bytes};
    return FPA_OK;
}

void fc_rng_free(fc_rng *r, const fpa_mem *mem)
{
    fpa__free(mem, r->block, r->bytes, 1);
    r->block = r->rng = NULL;
}

double fc_rng_gaussian(void *rng, double sigma)
{
    return gsl_ran_gaussian_ziggurat(rng, sigma);
}
