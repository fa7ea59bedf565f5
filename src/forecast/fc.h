/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private declarations of the forecast module. Never included outside
 * src/forecast/ and src/accuracy/. */
#ifndef FPA_FC_H
#define FPA_FC_H

#include "../core/internal.h"
#include "fpa/accuracy.h"
#include "fpa/forecast.h"

#include <stdint.h>
#include <stdio.h>

/* Seasonal ETS models are limited to this period, as in R's ets(). */
#define FC_MAX_SEASON 24
/* Largest state vector: level, slope and FC_MAX_SEASON seasonal states. */
#define FC_MAX_STATE (2 + FC_MAX_SEASON)
/* ETS candidates: error x trend x season without the excluded ones. */
#define FC_MAX_CANDIDATES 15

/* ---- settings: the options a fit reads, resolved once ------------------ */

typedef struct {
    int ets_error, ets_trend, ets_season; /* fpa_ets_component */
    int ic;                               /* fpa_forecast_ic */
    int ets_restarts;
    int fallback;
    size_t max_gap;
    int adjust;                           /* fpa_forecast_adjust */
    int decomposition;                    /* fpa_decomposition */
    size_t ma_window;
    int linear_seasonal;
    int intervals;                        /* fpa_forecast_intervals */
    size_t npaths;
    uint64_t seed;
    int rolling_update;
    int fiscal_start;
    int window;
    size_t window_length, origin_step;
    int arima_max[7];                     /* p, q, P, Q, order, d, D */
    int arima_stepwise, arima_approximation, arima_constant;
} fc_settings;

fpa_status fc_settings_read(fc_settings *out, const fpa_opts *opts);

/* ---- ETS ---------------------------------------------------------------- */

enum { FC_N = 0, FC_A = 1, FC_M = 2 };

typedef struct {
    int error;   /* FC_A or FC_M */
    int trend;   /* FC_N or FC_A */
    int season;  /* FC_N, FC_A or FC_M */
    bool damped; /* trend FC_A only */
} fc_ets_spec;

/* A fitted ETS model, on the original scale of the data. States follow R's
 * layout: level, slope (if any), then s1..sm with s1 the most recent. */
typedef struct {
    fc_ets_spec spec;
    int m;                     /* seasonal period of the model; 1 if none */
    double alpha, beta, gamma, phi;
    double lik;                /* -2 log-likelihood as R's ets reports it */
    double aic, aicc, bic;
    double sigma2, mse;
    int npar;                  /* estimated parameters incl. initial states */
    double x0[FC_MAX_STATE];   /* states at time 0 */
    double xn[FC_MAX_STATE];   /* states after the last observation */
} fc_ets;

size_t fc_ets_nstate(const fc_ets_spec *s, int m);
void fc_ets_name(char *buf, size_t cap, const fc_ets_spec *s);

/* Fit one ETS model by maximum likelihood (R's etsmodel()). y has n finite
 * values; period is the data's seasonal period. fitted (n, may be NULL)
 * receives the one-step fitted values. FPA_EDATA when the model cannot be
 * fitted to these data (too short, non-positive data for a multiplicative
 * component). */
fpa_status fc_ets_fit(fc_ets *out, double *fitted, const double *y, size_t n,
                      size_t period, fc_ets_spec spec, const fpa_mem *mem);

/* A model from given parameters (alpha, beta, gamma, phi) and initial
 * states x0 (R's layout, all m seasonal states): no estimation. */
fpa_status fc_ets_build(fc_ets *out, double *fitted, const double *y, size_t n,
                        size_t period, fc_ets_spec sp, const double *par,
                        const double *x0);
/* Automatic selection over the candidates allowed by the settings
 * (R's ets(y, "ZZZ")). FPA_EDATA when no candidate can be fitted. With
 * cands (FC_MAX_CANDIDATES), every fitted candidate and its Akaike weight,
 * and fitted (if given) becomes their weighted average. */
fpa_status fc_ets_auto(fc_ets *out, double *fitted, const double *y, size_t n,
                       size_t period, const fc_settings *st,
                       const fpa_mem *mem, fc_ets *cands, double *weights,
                       size_t *ncands);

/* Point forecasts (the recursion; for multiplicative seasonality with
 * multiplicative error, R reports the conditional mean of class 3 instead,
 * which fc_ets_moments gives). */
void fc_ets_point(const fc_ets *e, double *out, size_t h);
/* Mean and standard deviation of the forecast distribution (Hyndman et
 * al. 2008, ch. 6, classes 1-3). false when the model has no analytic
 * form. */
bool fc_ets_moments(const fc_ets *e, double *mean, double *sd, size_t h,
                    double *work);
size_t fc_ets_moments_work(const fc_ets *e, size_t h);
/* One sample path of h values from the final state with N(0, sigma2)
 * innovations. */
void fc_ets_path(const fc_ets *e, double *out, size_t h, void *rng);
/* Run the recursion over new observations, keeping the parameters. */
void fc_ets_advance(fc_ets *e, const double *y, size_t n);

/* ---- fitted models -------------------------------------------------------- */

struct fpa_forecast_model {
    fpa_mem mem;
    fc_settings st;
    fpa_forecast_method requested, method;
    char name[FPA_FORECAST_NAME_MAX];
    size_t period;
    size_t n, cap;            /* values fitted; capacity of y and fitted */
    double *y, *fitted;       /* the (cleaned) series and fitted values */
    int adjust;               /* seasonal adjustment: FC_N, FC_A or FC_M */
    double *figure;           /* period seasonal indices when adjusted */
    bool has_ets;
    fc_ets ets;               /* ETS, SES, Holt, damped (on adjusted data) */
    double sigma2;            /* variance of one-step errors */
    double drift, drift_se;   /* drift; Theta: half the trend slope */
    double alpha, theta;      /* Theta methods */
    double level;             /* Theta: SES level; moving average: mean */
    double intercept, slope;  /* optimised Theta: the trend line */
    size_t window;            /* moving average */
    size_t p;                 /* linear: coefficients */
    double *coef, *rinv;      /* linear: coefficients, R^-1 of the QR */
    size_t ncand;             /* combination: ETS candidates, weights */
    fc_ets *cand;
    double *weight;
    struct fc_arima *arima;   /* ARIMA (arima.h) */
    const struct fc_arima_request *arima_req; /* while fitting one */
};

/* Is method a known fpa_forecast_method? */
bool fc_method_known(fpa_forecast_method method);
fpa_status fc_check_levels(const double *levels, size_t nlevels);
/* FPA_EOVERFLOW naming what[i] when x[i] is not finite. */
fpa_status fc_check_outputs(const double *x, size_t n, const char *what);
/* Enlarge the model's series storage to hold need values. */
fpa_status fc_model_grow(fpa_forecast_model *m, size_t need);

/* (Re-)estimate model->method on model->y; falls back along the chain. */
fpa_status fc_model_estimate(fpa_forecast_model *m);
/* Empty model for n values (capacity cap >= n), method not yet fitted. */
fpa_status fc_model_new(fpa_forecast_model **out, fpa_forecast_method method,
                        const double *y, size_t n, size_t period,
                        const fc_settings *st, const fpa_mem *mem);
/* Deep copy. */
fpa_status fc_model_clone(fpa_forecast_model **out, const fpa_forecast_model *m);
/* Drop leading NaN, fill short gaps, refuse the rest (the policy of
 * forecast.h). On success *out (n values, fpa_mem) and *out_n. */
fpa_status fc_clean(double **out, size_t *out_n, size_t *out_skipped,
                    const double *y, size_t n, size_t max_gap,
                    const fpa_mem *mem);
/* fpa_forecast_predict() with the future values of an ARIMA's drivers
 * (h x k, or NULL). */
fpa_status fc_predict_call(double *out_mean, double *out_lower, double *out_upper,
                           const fpa_forecast_model *model, size_t h, const double *levels,
                           size_t nlevels, const fpa_opts *opts, const double *future);
/* Forecast mean and bounds; work sizes are internal. */
fpa_status fc_predict(const fpa_forecast_model *m, double *mean,
                      double *lower, double *upper, size_t h,
                      const double *levels, size_t nlevels,
                      const fc_settings *st, uint64_t stream);

/* ---- helpers shared by the methods ------------------------------------- */

/* R's decompose(): seasonal figure (m values, position i is observation i
 * mod m counted from the first) of the centred moving-average
 * decomposition. trend (n) may be NULL. Needs n >= 2m. */
fpa_status fc_decompose(double *figure, double *trend, const double *y,
                        size_t n, size_t m, bool multiplicative,
                        const fpa_mem *mem);
/* M4's 90 % autocorrelation test at lag m (needs n >= 3m, else false). */
bool fc_seasonal_test(const double *y, size_t n, size_t m);
/* Sample autocorrelations r[1..k] as R's acf(). */
void fc_acf(double *r, const double *y, size_t n, size_t k);

/* Ordinary least squares by GSL's Householder QR on caller storage:
 * X is n x p row-major (overwritten), beta p, work n + p. false when X is
 * (numerically) rank deficient. */
bool fc_lsq(double *beta, double *X, const double *y, size_t n, size_t p,
            double *work, double *sse);

/* Quantile of sorted data, R's type 8 (median-unbiased). */
double fc_quantile8(const double *sorted, size_t n, double p);

double fc_normal_quantile(double p);

/* A seeded GSL generator on fpa_mem storage (no GSL allocation). */
typedef struct {
    void *rng;  /* gsl_rng */
    void *block;
    size_t bytes;
} fc_rng;
fpa_status fc_rng_new(fc_rng *out, uint64_t seed, uint64_t stream,
                      const fpa_mem *mem);
void fc_rng_free(fc_rng *r, const fpa_mem *mem);
double fc_rng_gaussian(void *rng, double sigma);

#endif
