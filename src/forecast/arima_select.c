/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Automatic ARIMA order selection: Hyndman & Khandakar (2008), "Automatic
 * time series forecasting: the forecast package for R", Journal of
 * Statistical Software 27(3), as forecast::auto.arima() (version 8.20)
 * does it with its defaults: the seasonal difference D from the seasonal
 * strength of an STL decomposition (seas.heuristic > 0.64), the difference
 * d from repeated KPSS tests at 5 % (Kwiatkowski, Phillips, Schmidt & Shin
 * 1992, urca's ur.kpss with lag trunc(3 sqrt(n) / 13)), then R's stepwise
 * search (or the exhaustive one) by the information criterion, with a mean
 * (d + D = 0) or drift (d + D = 1) considered, and conditional sums of
 * squares standing in for the likelihood during the search on long series
 * (more than 150 values or a period above 12). */
#include "arima.h"

#include <string.h>

/* R's is.constant(): all.equal(x, rep(x[1], n)), the mean relative
 * difference over the values that differ from x[1] within 1.5e-8. */
bool fc_arima_is_constant(const double *x, size_t n)
{
    double sum_abs = 0, sum_diff = 0;
    size_t k = 0;
    for (size_t t = 0; t < n; t++)
        if (x[t] != x[0]) {
            sum_abs += fabs(x[t]);
            sum_diff += fabs(x[t] - x[0]);
            k++;
        }
    if (k == 0) return true;
    double tol = 1.4901161193847656e-8, scale = sum_abs / (double)k;
    if (!(fpa__finite(scale) && scale > tol)) scale = 1;
    return sum_diff / ((double)k * scale) <= tol;
}

/* urca's KPSS statistic (type "mu") with `lag` Bartlett lags. */
static double kpss(const double *x, size_t n, size_t lag)
{
    double mean = 0, s = 0, num = 0, s2 = 0;
    for (size_t t = 0; t < n; t++) mean += x[t] / (double)n;
    for (size_t t = 0; t < n; t++) {
        double e = x[t] - mean;
        s += e;
        num += s * s;
        s2 += e * e;
    }
    double dn = (double)n, den = s2 / dn;
    for (size_t l = 1; l <= lag && l < n; l++) {
        double c = 0;
        for (size_t t = l; t < n; t++) c += (x[t] - mean) * (x[t - l] - mean);
        den += 2 / dn * (1 - (double)l / (double)(lag + 1)) * c;
    }
    return num / (dn * dn) / den;
}

/* forecast's ndiffs(test = "kpss"): difference while the KPSS test
 * rejects level stationarity at 5 % (statistic above 0.463, urca's table),
 * at most max_d times. x is overwritten. */
static int ndiffs(double *x, size_t n, int max_d)
{
    if (fc_arima_is_constant(x, n)) return 0;
    int d = 0;
    double st = kpss(x, n, (size_t)trunc(3 * sqrt((double)n) / 13));
    if (isnan(st)) return 0;
    while (st > 0.463 && d < max_d) {
        d++;
        for (size_t t = 0; t + 1 < n; t++) x[t] = x[t + 1] - x[t];
        n--;
        if (n == 0 || fc_arima_is_constant(x, n)) return d;
        st = kpss(x, n, (size_t)trunc(3 * sqrt((double)n) / 13));
        if (isnan(st)) return d - 1;
    }
    return d;
}

double fc_arima_seasonal_strength(const double *x, size_t n, size_t m, double *work)
{
    double *seas = work, *trend = seas + n, *stl_work = trend + n;
    fc_stl(seas, trend, x, n, m, stl_work);
    /* 1 - var(remainder) / var(remainder + seasonal) */
    double mr = 0, ms = 0, vr = 0, vs = 0;
    for (size_t t = 0; t < n; t++) {
        double r = x[t] - seas[t] - trend[t];
        mr += r / (double)n;
        ms += (r + seas[t]) / (double)n;
    }
    for (size_t t = 0; t < n; t++) {
        double r = x[t] - seas[t] - trend[t];
        vr += (r - mr) * (r - mr);
        vs += (r + seas[t] - ms) * (r + seas[t] - ms);
    }
    double v = 1 - vr / vs;
    return isnan(v) ? 0 : v < 0 ? 0 : v > 1 ? 1 : v;
}

/* forecast's nsdiffs(test = "seas"): seasonal differences while the
 * seasonal strength exceeds 0.64, at most max_D. x is overwritten. */
static int nsdiffs(double *x, size_t n, size_t m, int max_D, double *work)
{
    if (fc_arima_is_constant(x, n) || m >= n) return 0;
    int D = 0;
    /* stl() needs more than two periods; R's test then fails and says 0 */
    bool diff = n > 2 * m && fc_arima_seasonal_strength(x, n, m, work) > 0.64;
    while (diff && D < max_D) {
        D++;
        for (size_t t = 0; t + m < n; t++) x[t] = x[t + m] - x[t];
        n -= m;
        if (fc_arima_is_constant(x, n)) return D;
        diff = n >= 2 * m && D < max_D && n > 2 * m &&
               fc_arima_seasonal_strength(x, n, m, work) > 0.64;
    }
    return D;
}

size_t fc_arima_select_work(size_t n, size_t m)
{
    return 2 * n + fc_stl_work(n, m) + 2 * n;
}

/* ---- the search ------------------------------------------------------------------ */

#define NMODELS 94

typedef struct {
    const double *y;
    size_t n;
    fc_arima_args base;      /* d, D, m, drivers, criterion, method, offset */
    const fpa_mem *mem;
    int tried[NMODELS + 1][5];
    double ic[NMODELS + 1];
    size_t k;
    fc_arima_est best;
    fc_arima_args best_args;
    double best_ic;          /* INFINITY until a model is fitted */
    bool have;
} search_t;

static fc_arima_args args_of(const search_t *s, int p, int q, int P, int Q, bool c)
{
    fc_arima_args a = s->base;
    a.order.p = p;
    a.order.q = q;
    a.order.P = P;
    a.order.Q = Q;
    int dd = a.order.d + a.order.D;
    a.constant = !c ? FC_CONST_NONE : dd == 0 ? FC_CONST_MEAN : dd == 1 ? FC_CONST_DRIFT
                                                                         : FC_CONST_NONE;
    return a;
}

/* myarima(): the criterion of one model (INFINITY when it cannot be
 * fitted or is rejected), kept as the best when it beats it. */
static fpa_status fit_one(search_t *s, const fc_arima_args *args, double *ic, bool *better)
{
    fc_arima_est e;
    fc_arima_args a = *args;
    /* the standard errors only reject: a model that cannot win skips them,
     * except where the search ranks every model (the CSS approximation) */
    a.beat = a.method == FC_FIT_CSS ? INFINITY : s->best_ic;
    fpa_status st = fc_arima_estimate(&e, s->y, s->n, &a, s->mem);
    *better = false;
    *ic = INFINITY;
    if (st == FPA_ENOMEM) return st;
    if (st != FPA_OK) return FPA_OK;
    *ic = e.ic;
    if (e.ic < s->best_ic) {
        s->best_ic = e.ic;
        if (s->have) fc_arima_est_free(&s->best, s->mem);
        s->best = e;
        s->best_args = *args;
        s->have = true;
        *better = true;
    } else {
        fc_arima_est_free(&e, s->mem);
    }
    return FPA_OK;
}

static bool is_new(const search_t *s, int p, int q, int P, int Q, bool c)
{
    for (size_t i = 0; i < s->k; i++)
        if (s->tried[i][0] == p && s->tried[i][1] == q && s->tried[i][2] == P &&
            s->tried[i][3] == Q && s->tried[i][4] == c)
            return false;
    return true;
}

/* Record and fit one model of the stepwise search; *better when it became
 * the best. */
static fpa_status step(search_t *s, int p, int q, int P, int Q, bool c, bool *better)
{
    int *row = s->tried[s->k];
    row[0] = p, row[1] = q, row[2] = P, row[3] = Q, row[4] = c;
    fc_arima_args a = args_of(s, p, q, P, Q, c);
    fpa_status st = fit_one(s, &a, &s->ic[s->k], better);
    s->k++;
    return st;
}

typedef struct {
    int max_p, max_q, max_P, max_Q, max_order;
    bool allow_constant, stepwise;
} limits;

/* The 17 moves of R's stepwise search around (p, q, P, Q, c), in R's
 * order: each of P, Q, (P, Q), p, q, (p, q) down and up, then the constant
 * toggled. */
static fpa_status stepwise(search_t *s, const limits *L, int p, int q, int P, int Q, bool c)
{
    static const int moves[16][4] = {
        {0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1},
        {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
        {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
        {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};
    size_t startk = 0;
    bool better;
    while (startk < s->k && s->k < NMODELS) {
        startk = s->k;
        bool moved = false;
        for (int i = 0; i < 16 && !moved; i++) {
            int np = p + moves[i][0], nq = q + moves[i][1], nP = P + moves[i][2],
                nQ = Q + moves[i][3];
            if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > L->max_p || nq > L->max_q ||
                nP > L->max_P || nQ > L->max_Q || !is_new(s, np, nq, nP, nQ, c))
                continue;
            if (s->k + 1 > NMODELS) return FPA_OK;
            TRY(step(s, np, nq, nP, nQ, c, &better));
            if (better) {
                p = np, q = nq, P = nP, Q = nQ;
                moved = true;
            }
        }
        if (moved || !L->allow_constant || !is_new(s, p, q, P, Q, !c)) continue;
        if (s->k + 1 > NMODELS) return FPA_OK;
        TRY(step(s, p, q, P, Q, !c, &better));
        if (better) c = !c;
    }
    return FPA_OK;
}

/* auto.arima()'s start: the model from start.p etc., the null model, AR(1)
 * and MA(1) (seasonal ones too), the null model without constant; then
 * the moves. */
static fpa_status stepwise_search(search_t *s, const limits *L, bool c)
{
    bool short_series = s->n < 10, better;
    int p = L->max_p < (short_series ? 1 : 2) ? L->max_p : (short_series ? 1 : 2);
    int q = L->max_q < (short_series ? 1 : 2) ? L->max_q : (short_series ? 1 : 2);
    int P = short_series ? 0 : (L->max_P < 1 ? L->max_P : 1);
    int Q = short_series ? 0 : (L->max_Q < 1 ? L->max_Q : 1);
    bool seas = s->base.order.m > 1;
    TRY(step(s, p, q, P, Q, c, &better));
    TRY(step(s, 0, 0, 0, 0, c, &better));
    if (better) p = q = P = Q = 0;
    if (L->max_p > 0 || L->max_P > 0) {
        int a = L->max_p > 0, b = seas && L->max_P > 0;
        TRY(step(s, a, 0, b, 0, c, &better));
        if (better) p = a, P = b, q = Q = 0;
    }
    if (L->max_q > 0 || L->max_Q > 0) {
        int a = L->max_q > 0, b = seas && L->max_Q > 0;
        TRY(step(s, 0, a, 0, b, c, &better));
        if (better) p = P = 0, q = a, Q = b;
    }
    if (c && L->allow_constant) {  /* R keeps the flag even when this wins */
        TRY(step(s, 0, 0, 0, 0, false, &better));
        if (better) p = q = P = Q = 0;
    }
    return stepwise(s, L, p, q, P, Q, c);
}

/* search.arima(): every model within the limits and max.order. */
static fpa_status exhaustive_search(search_t *s, const limits *L)
{
    bool better;
    for (int p = 0; p <= L->max_p; p++)
        for (int q = 0; q <= L->max_q; q++)
            for (int P = 0; P <= L->max_P; P++)
                for (int Q = 0; Q <= L->max_Q; Q++) {
                    if (p + q + P + Q > L->max_order) continue;
                    for (int c = 0; c <= (int)L->allow_constant; c++) {
                        fc_arima_args a = args_of(s, p, q, P, Q, c);
                        double ic;
                        TRY(fit_one(s, &a, &ic, &better));
                    }
                }
    return FPA_OK;
}

/* After a search on conditional sums of squares, the tried models by
 * increasing criterion are fitted by CSS-ML until one passes. */
static fpa_status refit_exact(search_t *s)
{
    size_t order[NMODELS + 1];
    for (size_t i = 0; i < s->k; i++) order[i] = i;
    for (size_t i = 1; i < s->k; i++)  /* stable: R's order() */
        for (size_t j = i; j > 0 && s->ic[order[j]] < s->ic[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    if (s->have) fc_arima_est_free(&s->best, s->mem);
    s->have = false;
    s->best_ic = INFINITY;
    s->base.method = FC_FIT_CSS_ML;
    for (size_t i = 0; i < s->k; i++) {
        const int *r = s->tried[order[i]];
        fc_arima_args a = args_of(s, r[0], r[1], r[2], r[3], r[4]);
        double ic;
        bool better;
        TRY(fit_one(s, &a, &ic, &better));
        if (ic < INFINITY) return FPA_OK;
    }
    return FPA_OK;
}

/* ---- auto.arima() ------------------------------------------------------------------ */

/* y minus its least-squares fit on a constant and the drivers (R's
 * residuals(lm(x ~ xreg))), for the differencing tests. */
static fpa_status regression_residuals(double *out, const double *y, size_t n,
                                       const double *xreg, size_t k, const fpa_mem *mem)
{
    size_t p = k + 1;
    double *X = fpa__alloc(mem, n * p + p + n + p, sizeof *X, false);
    if (!X) return FPA_ENOMEM;
    double *beta = X + n * p, *work = beta + p, sse;
    for (size_t t = 0; t < n; t++) {
        X[t * p] = 1;
        memcpy(X + t * p + 1, xreg + t * k, k * sizeof *X);
    }
    bool ok = fc_lsq(beta, X, y, n, p, work, &sse);
    for (size_t t = 0; ok && t < n; t++) {
        double f = beta[0];
        for (size_t j = 0; j < k; j++) f += beta[j + 1] * xreg[t * k + j];
        out[t] = y[t] - f;
    }
    fpa__free(mem, X, n * p + p + n + p, sizeof *X);
    return ok ? FPA_OK : fpa__fail(FPA_EDATA, "the drivers are collinear");
}

/* Does some driver become constant when differenced D times at lag m,
 * then d times at lag 1? (auto.arima() then takes a difference back.) */
static bool driver_vanishes(const double *xreg, size_t n, size_t k, size_t m, int D,
                            int d, double *col)
{
    for (size_t j = 0; j < k; j++) {
        size_t len = n;
        for (size_t t = 0; t < n; t++) col[t] = xreg[t * k + j];
        for (int i = 0; i < D + d; i++) {
            size_t lag = i < D ? m : 1;
            if (len <= lag) return true;
            for (size_t t = 0; t + lag < len; t++) col[t] = col[t + lag] - col[t];
            len -= lag;
        }
        if (fc_arima_is_constant(col, len)) return true;
    }
    return false;
}

/* d and D as auto.arima() chooses them; dx gets the differenced
 * (regression-adjusted) series, *ndx its length. */
static fpa_status choose_differences(int *out_d, int *out_D, double *dx, size_t *ndx,
                                     const double *y, size_t n, size_t m,
                                     const fc_arima_auto_opts *o, const double *xreg,
                                     size_t k, double *work, const fpa_mem *mem)
{
    if (k) TRY(regression_residuals(dx, y, n, xreg, k, mem));
    else memcpy(dx, y, n * sizeof *dx);
    int D = 0;
    if (m > 1 && n > 2 * m) {
        memcpy(work, dx, n * sizeof *dx);
        D = nsdiffs(work, n, m, o->max_D, work + n);
        if (D > 0 && k && driver_vanishes(xreg, n, k, m, D, 0, work)) D--;
    }
    size_t len = n;
    for (int i = 0; i < D; i++, len -= m)
        for (size_t t = 0; t + m < len; t++) dx[t] = dx[t + m] - dx[t];
    memcpy(work, dx, len * sizeof *dx);
    int d = len ? ndiffs(work, len, o->max_d) : 0;
    if (d > 0 && k && driver_vanishes(xreg, n, k, m, D, d, work)) d--;
    for (int i = 0; i < d && len > 0; i++, len--)
        for (size_t t = 0; t + 1 < len; t++) dx[t] = dx[t + 1] - dx[t];
    *out_d = d;
    *out_D = D;
    *ndx = len;
    return FPA_OK;
}

/* auto.arima() when the differenced series is constant: a random walk or
 * seasonal random walk, with its drift or mean fixed at the differences'
 * mean when there is one and no drivers. */
static fpa_status constant_differences(fc_arima **out, double *fitted, const double *y,
                                       size_t n, size_t m, int d, int D, const double *dx,
                                       size_t ndx, const double *xreg, size_t k,
                                       const fpa_mem *mem)
{
    fc_arima_args a = {0};
    a.beat = INFINITY;
    a.order = (fc_arima_order){0, d, 0, 0, D, 0, m};
    a.xreg = xreg;
    a.nxreg = k;
    double mean = 0, fixed[1];
    for (size_t t = 0; t < ndx; t++) mean += dx[t] / (double)ndx;
    if (k) {
        a.constant = d + D == 0 ? FC_CONST_MEAN : FC_CONST_NONE;
    } else if (d + D <= 1) {
        a.constant = d + D == 0 ? FC_CONST_MEAN : FC_CONST_DRIFT;
        fixed[0] = D > 0 ? mean / (double)m : mean;
        a.fixed = fixed;
    }
    fc_arima_est e;
    fpa_status s = fc_arima_estimate(&e, y, n, &a, mem);
    if (s == FPA_OK) {
        s = fc_arima_finish(out, fitted, &e, y, n, &a, mem);
        fc_arima_est_free(&e, mem);
    }
    return s;
}

/* R's AIC offset of the conditional-sum-of-squares search: -2 loglik - n
 * log(sigma2) of the (0,d,0)(0,D,0) model, 0 when it cannot be fitted. */
static fpa_status css_offset(double *out, const search_t *s)
{
    fc_arima_args a = s->base;
    a.method = FC_FIT_CSS_ML;
    a.search = false;
    a.beat = INFINITY;
    a.constant = a.order.d + a.order.D == 0 ? FC_CONST_MEAN : FC_CONST_NONE;
    fc_arima_est e;
    fc_arima *fit = NULL;
    *out = 0;
    fpa_status st = fc_arima_estimate(&e, s->y, s->n, &a, s->mem);
    if (st == FPA_OK) {
        st = fc_arima_finish(&fit, NULL, &e, s->y, s->n, &a, s->mem);
        fc_arima_est_free(&e, s->mem);
    }
    if (st == FPA_ENOMEM) return st;
    if (st == FPA_OK) *out = -2 * fit->loglik - (double)s->n * log(fit->sigma2_arima);
    fc_arima_free(fit, s->mem);
    return FPA_OK;
}

static limits search_limits(const fc_arima_auto_opts *o, size_t n, size_t m, int d, int D)
{
    limits L;
    int third = (int)(n / 3), mth = m > 1 ? (int)(n / 3 / m) : 0;
    L.max_p = o->max_p < third ? o->max_p : third;
    L.max_q = o->max_q < third ? o->max_q : third;
    L.max_P = m == 1 ? 0 : o->max_P < mth ? o->max_P : mth;
    L.max_Q = m == 1 ? 0 : o->max_Q < mth ? o->max_Q : mth;
    if (m > 1 && L.max_P > 0 && L.max_p > (int)m - 1) L.max_p = (int)m - 1;
    if (m > 1 && L.max_Q > 0 && L.max_q > (int)m - 1) L.max_q = (int)m - 1;
    L.max_order = o->max_order;
    L.stepwise = o->stepwise;
    L.allow_constant = o->constant == FC_CONSTANT_AUTO && d + D <= 1;
    return L;
}

static fpa_status run_search(search_t *s, const limits *L, bool c, bool approx)
{
    if (L->stepwise) {
        TRY(stepwise_search(s, L, c));
        return approx && s->have ? refit_exact(s) : FPA_OK;
    }
    TRY(exhaustive_search(s, L));
    if (!approx || !s->have) return FPA_OK;
    fc_arima_args a = s->best_args;
    a.method = FC_FIT_CSS_ML;
    fc_arima_est_free(&s->best, s->mem);
    s->have = false;
    s->best_ic = INFINITY;
    double ic;
    bool better;
    TRY(fit_one(s, &a, &ic, &better));
    if (ic < INFINITY) return FPA_OK;
    s->base.method = FC_FIT_CSS_ML;  /* search again on the likelihood */
    return exhaustive_search(s, L);
}

fpa_status fc_arima_auto(fc_arima **out, double *fitted, const double *y, size_t n,
                         size_t period, const double *xreg, size_t nxreg,
                         const fc_arima_auto_opts *o, const fpa_mem *mem)
{
    size_t m = period < 1 ? 1 : period;
    *out = NULL;
    double *w = fpa__alloc(mem, fc_arima_select_work(n, m), sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    double *dx = w, *scratch = w + n;
    int d, D;
    size_t ndx;
    fpa_status st = choose_differences(&d, &D, dx, &ndx, y, n, m, o, xreg, nxreg,
                                       scratch, mem);
    if (st == FPA_OK && ndx == 0)
        st = fpa__fail(FPA_EDATA, "not enough data for ARIMA (%zu values)", n);
    if (st == FPA_OK && fc_arima_is_constant(dx, ndx)) {
        st = constant_differences(out, fitted, y, n, m, d, D, dx, ndx, xreg, nxreg, mem);
        fpa__free(mem, w, fc_arima_select_work(n, m), sizeof *w);
        return st;
    }
    fpa__free(mem, w, fc_arima_select_work(n, m), sizeof *w);
    if (st != FPA_OK) return st;
    limits L = search_limits(o, n, m, d, D);
    bool approx = o->approximation == FC_APPROX_ON ||
                  (o->approximation == FC_APPROX_AUTO && (n > 150 || m > 12));
    search_t s;
    memset(&s, 0, sizeof s);
    s.y = y;
    s.n = n;
    s.mem = mem;
    s.best_ic = INFINITY;
    s.base.order = (fc_arima_order){0, d, 0, 0, D, 0, m};
    s.base.xreg = xreg;
    s.base.nxreg = nxreg;
    s.base.ic = n <= 3 ? FPA_FORECAST_IC_AIC : o->ic;
    s.base.search = true;
    s.base.beat = INFINITY;
    s.base.method = FC_FIT_CSS_ML;
    if (approx) {
        st = css_offset(&s.base.offset, &s);
        s.base.method = FC_FIT_CSS;
    }
    bool c = o->constant != FC_CONSTANT_NONE && d + D <= 1;
    if (st == FPA_OK) st = run_search(&s, &L, c, approx);
    if (st == FPA_OK && !s.have)
        st = fpa__fail(FPA_EDATA, "no suitable ARIMA model found for %zu values", n);
    if (st == FPA_OK) st = fc_arima_finish(out, fitted, &s.best, y, n, &s.best_args, mem);
    if (s.have) fc_arima_est_free(&s.best, mem);
    return st;
}
