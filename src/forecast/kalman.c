/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Seasonal ARIMA in state-space form, as R's arima() builds it
 * (makeARIMA): the ARMA part in Harvey's form with r = max(p, q + 1)
 * states, y_t = Z a_t, a_t = T a_(t-1) + R e_t, R = (1, theta_1, ...), and
 * d + mD further states holding past values for the differencing, with a
 * diffuse prior. Everything is in units of the innovation variance, which
 * the likelihood concentrates out.
 *
 * Two likelihoods: the estimation's, on the differenced series by the
 * Chandrasekhar recursions, O(n r) per evaluation; and R's Kalman filter
 * on the full state (ARIMA_Like), O(n (r + d)^2), run once per fitted
 * model for its residuals, variance and final state. R's filter gives the
 * differencing states variance 1e6 and drops the observations whose
 * innovation variance exceeds 1e4, which is the likelihood of the
 * differenced series in the limit; the two agree to about 1e-6 of the
 * log-likelihood (tests/test_forecast_arima.c).
 *
 * The stationary covariance of the ARMA states (R's getQ0, by Gardner,
 * Harvey & Phillips 1980) comes from the autocovariances of the process
 * (one (p + 1) x (p + 1) linear system, GSL's LU on a view), its first
 * column directly and the rest from the Lyapunov equation
 * P = T P T' + R R' element by element: O(r^2) after the solve. */
#include "arima.h"

#include <complex.h>
#include <gsl/gsl_linalg.h>
#include <string.h>

/* ---- parameters ----------------------------------------------------------- */

void fc_arima_partrans(double *out, const double *raw, size_t p)
{
    double work[FC_ARIMA_MAX_ORDER];
    for (size_t j = 0; j < p; j++) work[j] = out[j] = tanh(raw[j]);
    for (size_t j = 1; j < p; j++) {  /* Durbin-Levinson, order j + 1 */
        double k = out[j];
        for (size_t i = 0; i < j; i++) work[i] -= k * out[j - i - 1];
        memcpy(out, work, j * sizeof *out);
    }
}

/* The step-down recursion: the partial autocorrelations of an AR(p), in
 * place; false as soon as one is not inside (-1, 1). */
static bool step_down(double *c, size_t p)
{
    double work[FC_ARIMA_MAX_R + 1];
    for (size_t j = p; j-- > 1;) {
        double k = c[j], den = 1 - k * k;
        if (!(fabs(k) < 1)) return false;
        for (size_t i = 0; i < j; i++) work[i] = (c[i] + k * c[j - i - 1]) / den;
        memcpy(c, work, j * sizeof *c);
    }
    return p == 0 || fabs(c[0]) < 1;
}

bool fc_arima_invpartrans(double *out, const double *phi, size_t p)
{
    memcpy(out, phi, p * sizeof *out);
    if (!step_down(out, p)) return false;
    for (size_t j = 0; j < p; j++) out[j] = atanh(out[j]);
    return true;
}

bool fc_arima_roots_outside(const double *c, size_t n, int sign, double rho)
{
    /* p(z) = 1 - sum a_i z^i has its roots outside rho exactly when
     * p(rho z) is stationary, i.e. its partial autocorrelations are
     * inside (-1, 1) */
    double a[FC_ARIMA_MAX_R + 1], s = 1;
    while (n > 0 && !(fabs(c[n - 1]) > 1e-8)) n--;
    if (n > FC_ARIMA_MAX_R) return false;
    for (size_t i = 0; i < n; i++) {
        s *= rho;
        a[i] = sign * c[i] * s;
    }
    return step_down(a, n);
}

void fc_arima_expand(double *phi, double *theta, const double *ar, size_t p,
                     const double *ma, size_t q, const double *sar, size_t P,
                     const double *sma, size_t Q, size_t m)
{
    size_t np = p + m * P, nq = q + m * Q;
    memset(phi, 0, np * sizeof *phi);
    memset(theta, 0, nq * sizeof *theta);
    memcpy(phi, ar, p * sizeof *phi);
    memcpy(theta, ma, q * sizeof *theta);
    for (size_t j = 0; j < P; j++) {  /* (1 - ar(B)) (1 - sar(B^m)) */
        phi[(j + 1) * m - 1] += sar[j];
        for (size_t i = 0; i < p; i++) phi[(j + 1) * m + i] -= ar[i] * sar[j];
    }
    for (size_t j = 0; j < Q; j++) {  /* (1 + ma(B)) (1 + sma(B^m)) */
        theta[(j + 1) * m - 1] += sma[j];
        for (size_t i = 0; i < q; i++) theta[(j + 1) * m + i] += ma[i] * sma[j];
    }
}

/* Roots of 1 + c_1 z + ... + c_n z^n (c_n != 0) by the Aberth-Ehrlich
 * iteration (simultaneous Newton steps with repulsion), from points on a
 * circle of the roots' geometric mean modulus. false without convergence. */
static bool poly_roots(double complex *z, const double *c, size_t n)
{
    double complex a[FC_ARIMA_MAX_ORDER + 1];
    a[0] = 1;
    for (size_t i = 1; i <= n; i++) a[i] = c[i - 1];
    double rad = pow(1 / fabs(c[n - 1]), 1.0 / (double)n);
    for (size_t i = 0; i < n; i++)
        z[i] = rad * cexp(I * (2 * M_PI * (double)i / (double)n + 0.4));
    for (int it = 0; it < 500; it++) {
        double moved = 0;
        for (size_t i = 0; i < n; i++) {
            double complex f = a[n], df = 0;
            for (size_t k = n; k-- > 0;) {  /* Horner for p and p' */
                df = df * z[i] + f;
                f = f * z[i] + a[k];
            }
            double complex ratio = f / df, rep = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i) rep += 1 / (z[i] - z[j]);
            double complex step = ratio / (1 - ratio * rep);
            if (!isfinite(creal(step)) || !isfinite(cimag(step))) return false;
            z[i] -= step;
            double rel = cabs(step) / (cabs(z[i]) + 1e-300);
            if (rel > moved) moved = rel;
        }
        if (moved < 1e-14) return true;
    }
    return false;
}

bool fc_arima_ma_invert(double *ma, size_t q)
{
    size_t q0 = q;
    while (q0 > 0 && ma[q0 - 1] == 0) q0--;
    if (q0 == 0) return true;
    double complex z[FC_ARIMA_MAX_ORDER];
    if (!poly_roots(z, ma, q0)) return false;
    bool inside = false;
    for (size_t i = 0; i < q0; i++) inside = inside || cabs(z[i]) < 1;
    if (!inside) return true;
    if (q0 == 1) {
        ma[0] = 1 / ma[0];
        return true;
    }
    /* prod (1 - z / root) with the inside roots inverted */
    double complex x[FC_ARIMA_MAX_ORDER + 1] = {1};
    for (size_t i = 0; i < q0; i++) {
        double complex root = cabs(z[i]) < 1 ? 1 / z[i] : z[i];
        for (size_t k = i + 1; k > 0; k--) x[k] -= x[k - 1] / root;
    }
    for (size_t i = 0; i < q0; i++) ma[i] = creal(x[i + 1]);
    return true;
}

/* ---- the stationary ARMA ---------------------------------------------------- */

size_t fc_arma_work(size_t r)
{
    return (r + 2) * (r + 2) + 12 * (r + 2);
}

static double phi_at(const fc_arma *a, size_t i)  /* phi_i, 1-based */
{
    return i >= 1 && i <= a->p ? a->phi[i - 1] : 0;
}

static double theta_at(const fc_arma *a, size_t i)  /* theta_0 = 1 */
{
    return i == 0 ? 1 : i <= a->q ? a->theta[i - 1] : 0;
}

/* The nonzero coefficients: a seasonal model has few of its p + mP and
 * q + mQ, and the sums below run over them only. */
typedef struct {
    size_t np, nq;
    size_t ip[FC_ARIMA_MAX_R], iq[FC_ARIMA_MAX_R];  /* lags i >= 1 */
    double cp[FC_ARIMA_MAX_R], cq[FC_ARIMA_MAX_R];
} nonzero;

static void nonzeros(nonzero *z, const fc_arma *a)
{
    z->np = z->nq = 0;
    for (size_t i = 0; i < a->p && i < FC_ARIMA_MAX_R; i++)
        if (a->phi[i] != 0) z->ip[z->np] = i + 1, z->cp[z->np++] = a->phi[i];
    for (size_t i = 0; i < a->q && i < FC_ARIMA_MAX_R; i++)
        if (a->theta[i] != 0) z->iq[z->nq] = i + 1, z->cq[z->nq++] = a->theta[i];
}

/* psi (r values, MA(infinity) weights) and the autocovariances
 * gamma(0..r) of the ARMA with unit innovation variance. The AR part's
 * autocovariances by the Levinson recursions, O(p^2): down to the partial
 * autocorrelations kappa_k, then gamma_u(0) = 1 / prod(1 - kappa_k^2) and
 * gamma_u(k) = sum_(i<=k) phi^(k)_i gamma_u(k - i) with the AR(k)
 * coefficients met on the way down (Brockwell & Davis, "Time Series:
 * Theory and Methods", 2nd ed., 1991, sections 3.3 and 5.2); then the MA
 * part: gamma(k) = sum_l g(|l|) gamma_u(|k + l|), g(l) = sum_i theta_i
 * theta_(i+l). false when the AR part is not stationary. */
static bool autocov(const fc_arma *a, const nonzero *z, double *gam, double *psi, size_t r,
                    double *work)
{
    size_t p = a->p, q = a->q, L = r + q + 1;
    size_t npsi = (q + 1 > r ? q + 1 : r);
    for (size_t j = 0; j < npsi; j++) {
        double v = theta_at(a, j);
        for (size_t k = 0; k < z->np && z->ip[k] <= j; k++) v += z->cp[k] * psi[j - z->ip[k]];
        psi[j] = v;
    }
    double *poly = work, *gu = poly + p * p, *g = gu + L + 1;
    gu[0] = 1;
    if (p) {
        double prod = 1;
        memcpy(poly + (p - 1) * p, a->phi, p * sizeof *poly);
        for (size_t k = p; k >= 1; k--) {  /* row k - 1: the AR(k) coefficients */
            const double *cur = poly + (k - 1) * p;
            double kap = cur[k - 1], den = 1 - kap * kap;
            if (!(fabs(kap) < 1)) return false;
            prod *= den;
            if (k == 1) break;
            double *prev = poly + (k - 2) * p;
            for (size_t i = 0; i + 1 < k; i++) prev[i] = (cur[i] + kap * cur[k - 2 - i]) / den;
        }
        gu[0] = 1 / prod;
        for (size_t k = 1; k <= L; k++) {
            double v = 0;
            if (k <= p) {
                const double *c = poly + (k - 1) * p;
                for (size_t i = 1; i <= k; i++) v += c[i - 1] * gu[k - i];
            } else {
                for (size_t i = 0; i < z->np; i++) v += z->cp[i] * gu[k - z->ip[i]];
            }
            gu[k] = v;
        }
    } else {
        for (size_t k = 1; k <= L; k++) gu[k] = 0;
    }
    /* g over the pairs of nonzero theta_i (theta_0 = 1) */
    memset(g, 0, (q + 1) * sizeof *g);
    g[0] = 1;
    for (size_t i = 0; i < z->nq; i++) {
        g[z->iq[i]] += z->cq[i];
        for (size_t j = i; j < z->nq; j++)
            g[z->iq[j] - z->iq[i]] += z->cq[i] * z->cq[j];
    }
    size_t lag[FC_ARIMA_MAX_R], nl = 0;  /* the nonzero g(l), l >= 1 */
    for (size_t l = 1; l <= q && nl < FC_ARIMA_MAX_R; l++)
        if (g[l] != 0) lag[nl++] = l;
    for (size_t k = 0; k <= r; k++) {
        double v = g[0] * gu[k];
        for (size_t i = 0; i < nl; i++) {
            size_t l = lag[i];
            v += g[l] * (gu[k + l] + gu[k > l ? k - l : l - k]);
        }
        gam[k] = v;
    }
    return gam[0] > 0 && fpa__finite(gam[0]);
}

/* c_k = Cov(w_t, a_t[k]), k < r: the first column of the stationary
 * covariance. a_t[k] = sum_(j < r - k) phi_(k+j+1) w_(t-1-j) +
 * theta_(k+j) e_(t-j), so c_k = sum_(i > k) phi_i gamma(i - k) +
 * sum_(i >= k) theta_i psi_(i - k) over the nonzero coefficients. */
static bool first_column(const fc_arma *a, double *c, size_t r, double *work)
{
    nonzero z;
    nonzeros(&z, a);
    double *gam = work, *psi = work + r + 2;
    if (!autocov(a, &z, gam, psi, r, work + 2 * r + 4)) return false;
    c[0] = gam[0];
    for (size_t k = 1; k < r; k++) {
        double v = 0;
        for (size_t i = 0; i < z.np; i++)
            if (z.ip[i] > k) v += z.cp[i] * gam[z.ip[i] - k];
        for (size_t i = 0; i < z.nq; i++)
            if (z.iq[i] >= k) v += z.cq[i] * psi[z.iq[i] - k];
        c[k] = v;
    }
    for (size_t k = 0; k < r; k++)
        if (!fpa__finite(c[k])) return false;
    return true;
}

/* The ARMA state's mean after the first nd values under R's prior:
 * sum_(k=1..nd) zeta_(nd-k) T^k c, by Horner's rule T(zeta_(nd-1) c +
 * T(zeta_(nd-2) c + ...)); ph holds phi_1..phi_r, b is scratch (r + 1). */
static void diffuse_mean(double *st, const double *ph, const double *c,
                         const double *zeta, size_t nd, double *b, size_t r)
{
    memset(b, 0, (r + 1) * sizeof *b);
    for (size_t k = 0; k < nd; k++) {  /* b <- T (b + zeta_k c) */
        for (size_t i = 0; i < r; i++) b[i] += zeta[k] * c[i];
        double b0 = b[0];
        for (size_t i = 0; i < r; i++) b[i] = ph[i] * b0 + b[i + 1];
    }
    memcpy(st, b, r * sizeof *st);
}

double fc_arma_objective(const fc_arma *a, const double *w, size_t n,
                         const double *zeta, size_t nd, double *work)
{
    size_t r = fc_arma_r(a);
    double *c = work, *K = c + r + 1, *W = K + r + 1, *st = W + r + 1,
           *ph = st + r + 1, *TW = ph + r + 1;
    if (!first_column(a, c, r, TW + r + 1)) return INFINITY;
    c[r] = 0;
    double F = c[0], M = -F;
    for (size_t i = 0; i < r; i++) {
        ph[i] = phi_at(a, i + 1);
        K[i] = W[i] = (ph[i] * c[0] + c[i + 1]) / F;
    }
    st[r] = W[r] = 0;  /* sentinels: a[r] and W[r] of the shift are 0 */
    if (nd) diffuse_mean(st, ph, c, zeta, nd, TW, r);
    else memset(st, 0, r * sizeof *st);
    /* sum log F as a product, taken to the log when it leaves [1e-100,
     * 1e100]; once the change of P, W M W', is negligible (the filter has
     * reached its steady state) F and K stay as they are */
    double ssq = 0, lsum = 0, pf = 1;
    size_t nu = 0;
    bool steady = false;
    for (size_t t = 0; t < n; t++) {
        double v = w[t] - st[0];
        if (!(F > 0)) return INFINITY;
        if (F < FC_DIFFUSE_GAIN) {
            ssq += v * v / F;
            pf *= F;
            if (FPA_UNLIKELY(pf > 1e100 || pf < 1e-100)) {
                lsum += log(pf);
                pf = 1;
            }
            nu++;
        }
        double a0 = st[0];
        if (steady) {
            for (size_t i = 0; i < r; i++) st[i] = ph[i] * a0 + st[i + 1] + K[i] * v;
            continue;
        }
        /* a <- T a + K v, and the Chandrasekhar step: P changes by the
         * rank-one W M W' */
        double zw = W[0], Fn = F + M * zw * zw, g = M * zw / Fn, keep = F / Fn, w2 = 0;
        for (size_t i = 0; i < r; i++) {
            double k = K[i], tw = ph[i] * zw + W[i + 1];
            st[i] = ph[i] * a0 + st[i + 1] + k * v;
            k = k * keep + tw * g;
            K[i] = k;
            W[i] = tw - k * zw;
            w2 += W[i] * W[i];
        }
        M += M * M * zw * zw / F;
        F = Fn;
        steady = fabs(M) * w2 < 1e-15 * F;
    }
    if (nu == 0 || !(ssq > 0)) return INFINITY;
    double obj = 0.5 * (log(ssq / (double)nu) + (lsum + log(pf)) / (double)nu);
    return fpa__finite(obj) ? obj : INFINITY;
}

double fc_arma_css(const fc_arma *a, const double *w, size_t n, size_t ncond,
                   double *resid)
{
    /* the nonzero lags only: a seasonal model has few of its p + mP */
    size_t ip[FC_ARIMA_MAX_R], iq[FC_ARIMA_MAX_R], np = 0, nq = 0;
    double cp[FC_ARIMA_MAX_R], cq[FC_ARIMA_MAX_R];
    for (size_t j = 0; j < a->p && j < FC_ARIMA_MAX_R; j++)
        if (a->phi[j] != 0) ip[np] = j + 1, cp[np++] = a->phi[j];
    for (size_t j = 0; j < a->q && j < FC_ARIMA_MAX_R; j++)
        if (a->theta[j] != 0) iq[nq] = j + 1, cq[nq++] = a->theta[j];
    double ssq = 0;
    for (size_t t = 0; t < ncond && t < n; t++) resid[t] = 0;
    for (size_t t = ncond; t < n; t++) {
        double v = w[t];
        for (size_t j = 0; j < np; j++) v -= cp[j] * w[t - ip[j]];
        size_t back = t - ncond;  /* residuals before ncond count as 0 */
        for (size_t j = 0; j < nq && iq[j] <= back; j++) v -= cq[j] * resid[t - iq[j]];
        resid[t] = v;
        ssq += v * v;
    }
    return n > ncond ? ssq / (double)(n - ncond) : NAN;
}

/* ---- linear systems ----------------------------------------------------------- */

bool fc_arima_lu(double *A, size_t n, size_t *perm, double tol)
{
    gsl_matrix_view Av = gsl_matrix_view_array(A, n, n);
    gsl_permutation pv = {n, perm};
    int sgn;
    gsl_linalg_LU_decomp(&Av.matrix, &pv, &sgn);
    double big = 0;
    for (size_t i = 0; i < n; i++) big = fmax(big, fabs(A[i * n + i]));
    for (size_t i = 0; i < n; i++)  /* GSL's solve aborts when singular */
        if (!(fabs(A[i * n + i]) > tol * big) || !fpa__finite(A[i * n + i])) return false;
    return true;
}

void fc_arima_lu_solve(double *LU, size_t n, size_t *perm, double *b, double *x)
{
    gsl_matrix_view Av = gsl_matrix_view_array(LU, n, n);
    gsl_permutation pv = {n, perm};
    gsl_vector_view bv = gsl_vector_view_array(b, n), xv = gsl_vector_view_array(x, n);
    gsl_linalg_LU_solve(&Av.matrix, &pv, &bv.vector, &xv.vector);
}

/* ---- R's finite diffuse prior ------------------------------------------------
 * The first nd values are y = H x + u: x the nd initial values of the
 * differencing states (prior N(0, kappa I)), H their homogeneous response
 * and u the integrated ARMA started from zero. The ARMA state after them
 * has mean Cov(alpha, u) (kappa H H' + Cov(u))^-1 y, to first order
 * Cov(alpha, u) (H H')^-1 y / kappa. With u_t = sum_(s<=t) g_(t-s) w_s
 * (g the impulse response of the differencing) and Cov(alpha_(nd+1), w_s)
 * = T^(nd+1-s) P0[:, 0], that is sum_s zeta_s T^(nd+1-s) P0[:, 0] with
 * zeta_s = sum_(t>=s) g_(t-s) z_t, z = (H H')^-1 y / kappa: zeta depends
 * on the data and the differencing only, so it is computed once per
 * model (and per regressor, the mean being linear in the data). */

size_t fc_arima_diffuse_work(size_t nd)
{
    return 2 * nd * nd + 3 * nd + 1;
}

bool fc_arima_diffuse_weights(double *out, const double *x, size_t stride,
                              size_t k, const double *delta, size_t nd,
                              double *work)
{
    double *H = work, *A = H + nd * nd, *g = A + nd * nd, *z = g + nd, *b = z + nd;
    for (size_t j = 0; j < nd; j++)  /* column j: the unit initial value j */
        for (size_t t = 0; t < nd; t++) {
            double v = 0;
            for (size_t i = 0; i < nd; i++)
                v += delta[i] * (t >= i + 1 ? H[(t - 1 - i) * nd + j] : (i - t == j));
            H[t * nd + j] = v;
        }
    for (size_t i = 0; i < nd; i++)
        for (size_t j = 0; j < nd; j++) {
            double v = 0;
            for (size_t l = 0; l < nd; l++) v += H[i * nd + l] * H[j * nd + l];
            A[i * nd + j] = v;
        }
    g[0] = 1;
    for (size_t t = 1; t < nd; t++) {
        double v = 0;
        for (size_t i = 0; i < nd && i < t; i++) v += delta[i] * g[t - 1 - i];
        g[t] = v;
    }
    size_t perm[FC_ARIMA_MAX_DIFF];
    if (!fc_arima_lu(A, nd, perm, 1e-13)) return false;
    for (size_t c = 0; c < k; c++) {
        for (size_t t = 0; t < nd; t++) b[t] = x[t * stride + c];
        fc_arima_lu_solve(A, nd, perm, b, z);
        for (size_t s = 0; s < nd; s++) {
            double v = 0;
            for (size_t t = s; t < nd; t++) v += g[t - s] * z[t];
            out[c * nd + s] = v / FC_KAPPA;
        }
    }
    return true;
}

/* ---- the full state space (R's makeARIMA / ARIMA_Like / KalmanFore) ------- */

size_t fc_ssm_work(const fc_ssm *s)
{
    size_t r = fc_arma_r(&s->arma), rd = r + s->nd;
    return 3 * rd * rd + 4 * rd + fc_arma_work(r);
}

/* The stationary covariance of the ARMA states (r x r into the top-left
 * of P, whose row length is ld): first column from the autocovariances,
 * the rest from P[i][k] = P[i+1][k+1] + phi_(i+1) phi_(k+1) P00 +
 * phi_(i+1) P[0][k+1] + phi_(k+1) P[i+1][0] + R_i R_k, from the bottom
 * right up. */
static bool stationary_cov(const fc_arma *a, double *P, size_t ld,
                           double *work)
{
    size_t r = fc_arma_r(a);
    double *c = work;
    if (!first_column(a, c, r, work + r + 1)) return false;
    c[r] = 0;
    for (size_t i = r; i-- > 1;)
        for (size_t k = r; k-- > i;) {
            double next = i + 1 < r && k + 1 < r ? P[(i + 1) * ld + k + 1] : 0;
            double v = next + phi_at(a, i + 1) * phi_at(a, k + 1) * c[0] +
                       phi_at(a, i + 1) * c[k + 1] + phi_at(a, k + 1) * c[i + 1] +
                       theta_at(a, i) * theta_at(a, k);
            P[i * ld + k] = P[k * ld + i] = v;
        }
    for (size_t k = 0; k < r; k++) P[k] = P[k * ld] = c[k];
    return true;
}

/* mm = T X for the transition T (rows of X have length rd). */
static void t_times(const fc_ssm *s, double *mm, const double *X, size_t cols)
{
    size_t r = fc_arma_r(&s->arma), rd = r + s->nd;
    for (size_t i = 0; i < r; i++) {
        double f = phi_at(&s->arma, i + 1);
        for (size_t j = 0; j < cols; j++)
            mm[i * cols + j] = f * X[j] + (i + 1 < r ? X[(i + 1) * cols + j] : 0);
    }
    if (!s->nd) return;
    for (size_t j = 0; j < cols; j++) {
        double v = X[j];
        for (size_t k = 0; k < s->nd; k++) v += s->delta[k] * X[(r + k) * cols + j];
        mm[r * cols + j] = v;
    }
    for (size_t i = r + 1; i < rd; i++)
        memcpy(mm + i * cols, X + (i - 1) * cols, cols * sizeof *mm);
}

/* Pn = T P T' + R R' (rd x rd). */
static void predict_cov(const fc_ssm *s, double *Pn, const double *P,
                        double *mm)
{
    size_t r = fc_arma_r(&s->arma), rd = r + s->nd;
    t_times(s, mm, P, rd);          /* mm = T P */
    for (size_t i = 0; i < rd; i++) /* Pn = (T (T P)')' = T P T' */
        for (size_t j = 0; j < rd; j++) {
            double v;
            if (j < r) {
                v = phi_at(&s->arma, j + 1) * mm[i * rd] +
                    (j + 1 < r ? mm[i * rd + j + 1] : 0);
            } else if (j == r) {
                v = mm[i * rd];
                for (size_t k = 0; k < s->nd; k++) v += s->delta[k] * mm[i * rd + r + k];
            } else {
                v = mm[i * rd + j - 1];
            }
            Pn[i * rd + j] = v;
        }
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < r; j++)
            Pn[i * rd + j] += theta_at(&s->arma, i) * theta_at(&s->arma, j);
}

void fc_ssm_step(const fc_ssm *s, double *a, double *work)
{
    size_t rd = fc_ssm_dim(s);
    t_times(s, work, a, 1);
    memcpy(a, work, rd * sizeof *a);
}

bool fc_ssm_filter(const fc_ssm *s, const double *x, size_t n, bool from_prior,
                   double *ssq, double *sumlog, size_t *nu, double *resid,
                   double *a, double *P, double *work)
{
    size_t r = fc_arma_r(&s->arma), rd = r + s->nd;
    double *Pn = work, *mm = Pn + rd * rd, *an = mm + rd * rd, *M = an + rd;
    if (from_prior) {
        memset(Pn, 0, rd * rd * sizeof *Pn);
        if (!stationary_cov(&s->arma, Pn, rd, M + rd)) return false;
        for (size_t k = 0; k < s->nd; k++) Pn[(r + k) * rd + r + k] = FC_KAPPA;
        memset(a, 0, rd * sizeof *a);
    }
    *ssq = *sumlog = 0;
    *nu = 0;
    for (size_t t = 0; t < n; t++) {
        t_times(s, an, a, 1);
        if (t > 0 || !from_prior) predict_cov(s, Pn, P, mm);
        double v = x[t] - an[0];
        for (size_t k = 0; k < s->nd; k++) v -= s->delta[k] * an[r + k];
        for (size_t i = 0; i < rd; i++) {  /* M = Pn Z' */
            double m = Pn[i * rd];
            for (size_t k = 0; k < s->nd; k++) m += Pn[i * rd + r + k] * s->delta[k];
            M[i] = m;
        }
        double gain = M[0];
        for (size_t k = 0; k < s->nd; k++) gain += s->delta[k] * M[r + k];
        if (!(gain > 0)) return false;
        if (gain < FC_DIFFUSE_GAIN) {
            (*nu)++;
            *ssq += v * v / gain;
            *sumlog += log(gain);
        }
        if (resid) resid[t] = v / sqrt(gain);
        for (size_t i = 0; i < rd; i++) a[i] = an[i] + M[i] * v / gain;
        for (size_t i = 0; i < rd; i++)
            for (size_t j = 0; j < rd; j++)
                P[i * rd + j] = Pn[i * rd + j] - M[i] * M[j] / gain;
    }
    return true;
}

void fc_ssm_forecast(const fc_ssm *s, const double *a, const double *P,
                     size_t h, double *mean, double *var, double *work)
{
    size_t r = fc_arma_r(&s->arma), rd = r + s->nd;
    double *Pc = work, *Pn = Pc + rd * rd, *mm = Pn + rd * rd, *ac = mm + rd * rd,
           *an = ac + rd;
    memcpy(Pc, P, rd * rd * sizeof *Pc);
    memcpy(ac, a, rd * sizeof *ac);
    for (size_t j = 0; j < h; j++) {
        t_times(s, an, ac, 1);
        memcpy(ac, an, rd * sizeof *ac);
        double f = ac[0];
        for (size_t k = 0; k < s->nd; k++) f += s->delta[k] * ac[r + k];
        mean[j] = f;
        predict_cov(s, Pn, Pc, mm);
        memcpy(Pc, Pn, rd * rd * sizeof *Pc);
        double v = 0;  /* Z P Z' */
        for (size_t i = 0; i < rd; i++) {
            double zi = i == 0 ? 1 : i >= r ? s->delta[i - r] : 0;
            if (zi == 0) continue;
            for (size_t k = 0; k < rd; k++) {
                double zk = k == 0 ? 1 : k >= r ? s->delta[k - r] : 0;
                v += zi * zk * Pc[i * rd + k];
            }
        }
        var[j] = v;
    }
}
