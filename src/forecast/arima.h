/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private declarations of seasonal ARIMA: the state-space form and its
 * likelihoods (kalman.c), estimation of one model (arima.c), automatic
 * order selection (arima_select.c) and the STL decomposition that its
 * seasonal test uses (stl.c). Never included outside src/forecast/. */
#ifndef FPA_FC_ARIMA_H
#define FPA_FC_ARIMA_H

#include "fc.h"

/* Largest p, q, P and Q of one model (R's partrans() stops at 100). */
#define FC_ARIMA_MAX_ORDER 30
/* Largest ARMA state, r = max(p + mP, q + mQ + 1): R's getQ0() limit. */
#define FC_ARIMA_MAX_R 350
/* Largest differencing polynomial, d + mD. */
#define FC_ARIMA_MAX_DIFF (2 + 2 * FPA_FORECAST_MAX_PERIOD)
/* Observations whose innovation variance reaches this (in units of sigma2)
 * are still governed by the diffuse prior: R leaves them out of the
 * likelihood. */
#define FC_DIFFUSE_GAIN 1e4
/* R's prior variance of the differencing states (makeARIMA's kappa). */
#define FC_KAPPA 1e6

/* ---- the ARMA part, expanded: w_t = sum phi_i w_(t-i) + e_t + sum theta_j
 * e_(t-j); r = max(p, q + 1) states in Harvey's form (R's makeARIMA) ---- */

typedef struct {
    const double *phi, *theta;
    size_t p, q;
} fc_arma;

static inline size_t fc_arma_r(const fc_arma *a)
{
    return a->p > a->q + 1 ? a->p : a->q + 1;
}

/* R's partrans(): p unconstrained values -> the coefficients of a
 * stationary AR(p) (tanh to partial autocorrelations, then Durbin-Levinson). */
void fc_arima_partrans(double *out, const double *raw, size_t p);
/* Its inverse; false when the AR polynomial is not stationary. */
bool fc_arima_invpartrans(double *out, const double *phi, size_t p);
/* Multiply out the seasonal ARMA: phi gets p + mP values, theta q + mQ
 * (R's ARIMA_transPars without transformation). */
void fc_arima_expand(double *phi, double *theta, const double *ar, size_t p,
                     const double *ma, size_t q, const double *sar, size_t P,
                     const double *sma, size_t Q, size_t m);
/* Every root of 1 - sign * (c_1 z + ... + c_n z^n) has modulus above rho
 * (sign 1: an AR polynomial; -1: an MA polynomial 1 + theta_1 z ...).
 * Coefficients beyond the last of magnitude > 1e-8 are ignored, as R's
 * checks do. By the Schur-Cohn (Levinson) step-down: no roots needed. */
bool fc_arima_roots_outside(const double *c, size_t n, int sign, double rho);
/* R's maInvert(): roots of 1 + ma_1 z + ... inside the unit circle are
 * replaced by their inverses. false if the roots could not be found. */
bool fc_arima_ma_invert(double *ma, size_t q);

/* GSL's LU of the n x n row-major A in place (perm: n entries); false when
 * a pivot is below tol times the largest, where GSL's solver would reach
 * its aborting error handler. Then x = A^-1 b. */
bool fc_arima_lu(double *A, size_t n, size_t *perm, double tol);
void fc_arima_lu_solve(double *LU, size_t n, size_t *perm, double *b, double *x);

/* Doubles of scratch the functions below need for an ARMA with r states. */
size_t fc_arma_work(size_t r);
/* R's ML objective 0.5 (log(ssq / nu) + sumlog / nu) of the Gaussian
 * likelihood of the stationary ARMA w (n values), by the Chandrasekhar
 * recursions (Morf, Sidhu & Kailath 1974; for ARMA models Melard 1984,
 * Applied Statistics 33(1), 104-114): O(n r) instead of the Kalman
 * filter's O(n r^2). w is the differenced series; R's filter on the
 * undifferenced one, with its finite diffuse prior (variance FC_KAPPA),
 * starts the ARMA state of the first difference not at 0 but at its
 * posterior mean given the first nd values, which to first order in
 * 1 / kappa is sum_k zeta_(nd-k) T^k P0[:, 0] with zeta from
 * fc_arima_diffuse_weights() (nd = 0: no differences). This reproduces
 * R's log-likelihood to about 1e-5. +Inf when the model has no
 * stationary covariance or nothing is left to fit. */
double fc_arma_objective(const fc_arma *a, const double *w, size_t n,
                         const double *zeta, size_t nd, double *work);
/* zeta of fc_arma_objective() for each of the k columns of x (rows of
 * length stride; the first nd used): out[c * nd + s]. false if the
 * differencing is degenerate. Scratch: fc_arima_diffuse_work(nd). */
size_t fc_arima_diffuse_work(size_t nd);
bool fc_arima_diffuse_weights(double *out, const double *x, size_t stride,
                              size_t k, const double *delta, size_t nd,
                              double *work);
/* Conditional sum of squares of R's ARIMA_CSS on the differenced series w:
 * residuals from position ncond on (earlier ones 0) into resid (n);
 * returns ssq / nu. */
double fc_arma_css(const fc_arma *a, const double *w, size_t n, size_t ncond,
                   double *resid);

/* ---- the full model in R's state-space form: the r ARMA states and the
 * d + mD differencing states (diffuse, variance FC_KAPPA) --------------- */

typedef struct {
    fc_arma arma;
    const double *delta; /* x_t = sum delta_i x_(t-i) + w_t, nd values */
    size_t nd;
} fc_ssm;

static inline size_t fc_ssm_dim(const fc_ssm *s)
{
    return fc_arma_r(&s->arma) + s->nd;
}

/* Doubles of scratch fc_ssm_filter() and fc_ssm_forecast() need. */
size_t fc_ssm_work(const fc_ssm *s);
/* R's ARIMA_Like: the Kalman filter over x (n values, regression part
 * removed), from R's initial state when from_prior, else on from the
 * filtered state (a, P). Outputs: the sums over the values whose
 * innovation variance is below FC_DIFFUSE_GAIN, the standardized
 * innovations resid (n, may be NULL), the final filtered state a (rd) and
 * covariance P (rd x rd, row-major). false if the ARMA part has no
 * stationary covariance. */
bool fc_ssm_filter(const fc_ssm *s, const double *x, size_t n, bool from_prior,
                   double *ssq, double *sumlog, size_t *nu, double *resid,
                   double *a, double *P, double *work);
/* R's KalmanForecast from state (a, P): h means and variances (in units
 * of sigma2). a and P are not changed. */
void fc_ssm_forecast(const fc_ssm *s, const double *a, const double *P,
                     size_t h, double *mean, double *var, double *work);
/* One step of the state transition a <- T a (rd values, in place). */
void fc_ssm_step(const fc_ssm *s, double *a, double *work);

/* ---- fitted models ------------------------------------------------------- */

enum { FC_CONST_NONE = 0, FC_CONST_MEAN = 1, FC_CONST_DRIFT = 2 };

typedef struct {
    int p, d, q, P, D, Q;
    size_t m; /* seasonal period of the model, 1 without seasonal part */
} fc_arima_order;

/* A fitted ARIMA, on library storage (one block, for clone and free). */
typedef struct fc_arima {
    fc_arima_order order;
    int constant;              /* FC_CONST_* */
    size_t nxreg;              /* the caller's drivers */
    size_t ncoef;              /* p + q + P + Q + (constant) + nxreg */
    double *coef, *se;         /* R's order: ar, ma, sar, sma, mean or
                                  drift, drivers; se NaN when fixed */
    double *phi, *theta, *delta;
    size_t np, nq, nd, rd;
    double *a, *P;             /* filtered state after the last value */
    double sigma2, loglik, aic, aicc, bic;
    double sigma;              /* sqrt(sigma2), finite even when sigma2 is not */
    double sigma2_arima;       /* stats::arima's: ssq / n.used */
    size_t nobs;               /* n.used: values minus differences */
    char *names;               /* ncoef names of FC_COEF_NAME bytes */
    size_t block;              /* doubles in the block (coef first) */
} fc_arima;

#define FC_COEF_NAME 32

/* ---- estimation (arima.c) -------------------------------------------------- */

enum { FC_FIT_CSS_ML = 0, FC_FIT_CSS = 1 };

/* One model to fit to a series. */
typedef struct {
    fc_arima_order order;
    int constant;          /* FC_CONST_*, consistent with d + D */
    const double *xreg;    /* n x nxreg drivers, row-major (may be NULL) */
    size_t nxreg;
    const double *fixed;   /* ncoef values, NaN where estimated; or NULL */
    int method;            /* FC_FIT_* */
    double offset;         /* FC_FIT_CSS: R's AIC offset of auto.arima */
    int ic;                /* fpa_forecast_ic, for est.ic */
    bool search;           /* myarima's rejections: roots, standard errors */
    double beat;           /* search: skip the standard errors of a model
                              whose criterion is not below this (it cannot
                              become the best); INFINITY otherwise */
} fc_arima_args;

/* The estimates of fc_arima_estimate(). */
typedef struct {
    size_t ncoef, nfree;
    double *coef, *se;     /* ncoef each, R's order, natural scale */
    double loglik, aic, aicc, bic;
    double ic;             /* args.ic's criterion; INFINITY when rejected */
    double sigma2;         /* CSS: the conditional residual variance */
} fc_arima_est;

size_t fc_arima_narma(const fc_arima_order *o);
size_t fc_arima_ndelta(const fc_arima_order *o);
/* The differencing polynomial: x_t = sum delta_i x_(t-i) + w_t. */
size_t fc_arima_delta(double *delta, const fc_arima_order *o);
/* Parameters: ARMA, then the mean or drift, then the drivers. */
size_t fc_arima_ncoef(const fc_arima_args *a);

/* Estimate one model on y (n finite values). FPA_OK with est->ic (INFINITY
 * when a search check rejects it); FPA_EDATA / FPA_ENOCONV when R's
 * arima() would stop with an error (too few values, non-stationary CSS
 * estimates, a singular Hessian ...); FPA_ENOMEM. */
fpa_status fc_arima_estimate(fc_arima_est *est, const double *y, size_t n,
                             const fc_arima_args *args, const fpa_mem *mem);
void fc_arima_est_free(fc_arima_est *est, const fpa_mem *mem);
/* The fitted model of est: R's Kalman filter for residuals (fitted =
 * y - residuals, n values, may be NULL), final state, log-likelihood,
 * criteria and forecast's sigma2. */
fpa_status fc_arima_finish(fc_arima **out, double *fitted, const fc_arima_est *est,
                           const double *y, size_t n, const fc_arima_args *args,
                           const fpa_mem *mem);

void fc_arima_free(fc_arima *a, const fpa_mem *mem);

/* ---- automatic selection (arima_select.c) ---------------------------------- */

enum { FC_CONSTANT_AUTO = 0, FC_CONSTANT_NONE = 1, FC_CONSTANT_INCLUDE = 2 };
enum { FC_APPROX_AUTO = 0, FC_APPROX_ON = 1, FC_APPROX_OFF = 2 };

typedef struct {
    int max_p, max_q, max_P, max_Q, max_order, max_d, max_D;
    bool stepwise;
    int approximation;  /* FC_APPROX_* */
    int ic;             /* fpa_forecast_ic */
    int constant;       /* FC_CONSTANT_*: allow (R), never, always */
} fc_arima_auto_opts;

/* R's is.constant(). */
bool fc_arima_is_constant(const double *x, size_t n);
/* forecast's seas.heuristic(): the seasonal strength of the STL
 * decomposition, 0..1; n > 2 m. Scratch fc_arima_select_work(n, m). */
double fc_arima_seasonal_strength(const double *x, size_t n, size_t m, double *work);
size_t fc_arima_select_work(size_t n, size_t m);
/* auto.arima() on y (n finite values, not constant) with optional drivers
 * (n x nxreg, full rank, no constant column). fitted (n) may be NULL.
 * FPA_EDATA when no model can be fitted. */
fpa_status fc_arima_auto(fc_arima **out, double *fitted, const double *y, size_t n,
                         size_t period, const double *xreg, size_t nxreg,
                         const fc_arima_auto_opts *o, const fpa_mem *mem);

/* ---- the model framework (arima_api.c) ------------------------------------- */

/* What fpa_forecast_arima_fit() asks of the estimation; NULL (the method
 * FPA_FORECAST_ARIMA of fpa_forecast_fit()) is automatic without drivers. */
typedef struct fc_arima_request {
    bool explicit_order;
    int order[6];          /* p, d, q, P, D, Q */
    int constant;          /* fpa_arima_constant */
    const double *xreg;    /* n x nxreg, aligned with the cleaned series */
    size_t nxreg;
    const double *fixed;   /* nfixed values, NaN where estimated */
    size_t nfixed;
} fc_arima_request;

/* Estimate m->y as m->arima_req says (automatic when NULL). */
fpa_status fc_arima_model_fit(fpa_forecast_model *m);
/* May a failed automatic fit fall back (FPA_OPT_FORECAST_FALLBACK)? */
bool fc_arima_may_fall_back(const fpa_forecast_model *m);
/* Forecasts of an ARIMA model; future holds h x nxreg driver values
 * (NULL without drivers). */
fpa_status fc_arima_predict(const fpa_forecast_model *m, double *mean, double *lower,
                            double *upper, size_t h, const double *levels,
                            size_t nlevels, const fc_settings *st, uint64_t stream,
                            const double *future);
fpa_status fc_arima_simulate(double *out, const fpa_forecast_model *m, size_t h,
                             size_t npaths, const fpa_opts *opts, const double *future);
/* Run the filter over new values (the model keeps its coefficients). */
fpa_status fc_arima_update(fpa_forecast_model *m, const double *y, size_t n);
/* A fpa_forecast_param of the model, NaN when it has none. */
double fc_arima_param(const fc_arima *a, fpa_forecast_param param);

/* ---- STL (stl.c) -------------------------------------------------------------- */

size_t fc_stl_work(size_t n, size_t period);
/* R's stl(x, s.window = 11) without robustness: seasonal and trend (n
 * each) of y (n > 2 period values). */
void fc_stl(double *seasonal, double *trend, const double *y, size_t n,
            size_t period, double *work);
fpa_status fc_arima_clone(fc_arima **out, const fc_arima *a, const fpa_mem *mem);
void fc_arima_name(char *buf, size_t cap, const fc_arima *a);

#endif
