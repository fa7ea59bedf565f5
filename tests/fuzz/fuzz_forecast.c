/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: forecasting and accuracy on hostile series: NaN gaps,
 * constant, huge, tiny and negative values, every method and period,
 * intervals at odd levels, updates, ETS models built from given states,
 * backtests, batches and the rolling object. Intervals must be ordered and
 * nested, a batch must give each series what a single fit gives it, and a
 * backtest what a fit at each origin gives. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAXN = 80, MAXH = 24 };

static const int forecast_keys[] = {
    FPA_OPT_SEED, FPA_OPT_FISCAL_YEAR_START,
    FPA_OPT_FORECAST_ETS_ERROR, FPA_OPT_FORECAST_ETS_TREND, FPA_OPT_FORECAST_ETS_SEASON,
    FPA_OPT_FORECAST_IC, FPA_OPT_FORECAST_MAX_GAP, FPA_OPT_FORECAST_FALLBACK,
    FPA_OPT_FORECAST_ADJUST, FPA_OPT_FORECAST_DECOMPOSITION, FPA_OPT_FORECAST_MA_WINDOW,
    FPA_OPT_FORECAST_LINEAR_SEASONAL, FPA_OPT_FORECAST_INTERVALS, FPA_OPT_FORECAST_NPATHS,
    FPA_OPT_FORECAST_ROLLING_UPDATE, FPA_OPT_FORECAST_FISCAL_START, FPA_OPT_FORECAST_WINDOW,
    FPA_OPT_FORECAST_WINDOW_LENGTH, FPA_OPT_FORECAST_ORIGIN_STEP,
    FPA_OPT_FORECAST_ETS_RESTARTS,
};

typedef struct {
    double y[MAXN], levels[2];
    size_t n, period, h, nlev;
    fpa_forecast_method method;
    fpa_opts *opts;
    int finite;  /* every value is a number: no missing-value policy applies */
    const double *extra;  /* values appended by an update, for the failure note */
    size_t nextra;
} series;

/* Intervals are symmetric about the mean when analytic (the default) for
 * every method but the ETS combination, whose intervals are quantiles of
 * a mixture. */
static int centred(const series *s, const fpa_forecast_model *m)
{
    /* a combination's mean is the mean of its members' means, its bounds
     * quantiles of a mixture (COMBO) or means of the members' bounds
     * (ENSEMBLE): a narrow interval need not hold the mean */
    fpa_forecast_method method = fpa_forecast_model_method(m);
    return fz_opt(s->opts, FPA_OPT_FORECAST_INTERVALS) == FPA_INTERVALS_AUTO &&
           method != FPA_FORECAST_COMBO && method != FPA_FORECAST_ENSEMBLE;
}

/* Say what the target does with which series, for a failure's report. */
static void note_series(const series *s, const char *what)
{
    int at = snprintf(fz_note, sizeof fz_note, "%s of y =", what);
    for (size_t i = 0; i < s->n + s->nextra && at > 0 && (size_t)at < sizeof fz_note - 40; i++)
        at += snprintf(fz_note + at, sizeof fz_note - (size_t)at, "%s %.17g",
                       i == s->n ? " updated with" : "", i < s->n ? s->y[i] : s->extra[i - s->n]);
}

static fpa_status predict(double *mean, double *lo, double *hi, const fpa_forecast_model *m,
                          const series *s)
{
    char what[160];
    snprintf(what, sizeof what, "predicting from %s (method %d, intervals %g, period %zu, "
             "levels %g %g)", fpa_forecast_model_name(m), (int)fpa_forecast_model_method(m),
             fz_opt(s->opts, FPA_OPT_FORECAST_INTERVALS), s->period, s->levels[0], s->levels[1]);
    note_series(s, what);
    fpa_status st = FZ(fpa_forecast_predict(mean, lo, hi, m, s->h, s->levels, s->nlev, s->opts));
    fz_finite(st, mean, s->h);
    fz_finite(st, lo, s->h * s->nlev);
    fz_finite(st, hi, s->h * s->nlev);
    if (st == FPA_OK) fz_bands(mean, lo, hi, s->h, s->levels, s->nlev, centred(s, m));
    return st;
}

/* An ETS model fitted to finite data, rebuilt from its own parameters and
 * initial states, is the same model: same fitted values, same likelihood. */
static void rebuild_ets(const series *s, const fpa_forecast_model *m)
{
    char e, t[3] = {0}, se;
    const char *name = fpa_forecast_model_name(m);
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < s->n; i++) lo = fmin(lo, fabs(s->y[i])), hi = fmax(hi, fabs(s->y[i]));
    /* the same model to rounding: over a range of 1e8 the likelihood is
     * dominated by a few terms and the rounding of the states shows */
    if (!s->finite || !(hi <= 1e8 * lo) || fpa_forecast_model_method(m) != FPA_FORECAST_ETS ||
        sscanf(name, "ETS(%c,%2[NAd],%c)", &e, t, &se) != 3)
        return;
    fpa_opts *o = NULL;
    if (FZ(fpa_opts_new(&o, NULL, NULL)) != FPA_OK) return;
    FZ(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, e == 'A' ? FPA_ETS_ADDITIVE
                                                            : FPA_ETS_MULTIPLICATIVE));
    FZ(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND, t[0] == 'N' ? FPA_ETS_NONE
                                                   : t[1] == 'd' ? FPA_ETS_DAMPED
                                                                 : FPA_ETS_ADDITIVE));
    FZ(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON, se == 'N' ? FPA_ETS_NONE
                                                    : se == 'A' ? FPA_ETS_ADDITIVE
                                                                : FPA_ETS_MULTIPLICATIVE));
    double params[4], states[400], loglik, loglik2, fit[MAXN], fit2[MAXN];
    size_t ns;
    for (int k = 0; k < 4; k++)
        if (FZ(fpa_forecast_model_param(&params[k], m, (fpa_forecast_param)k)) != FPA_OK)
            params[k] = NAN;
    fpa_forecast_model *b = NULL;
    if (FZ(fpa_forecast_model_states(states, 400, &ns, m, 0)) == FPA_OK &&
        FZ(fpa_forecast_model_param(&loglik, m, FPA_PARAM_LOGLIK)) == FPA_OK &&
        FZ(fpa_forecast_model_fitted(fit, MAXN, m)) == FPA_OK &&
        FZ(fpa_forecast_ets_build(&b, s->y, s->n, s->period, params, states, ns, o)) == FPA_OK) {
        FZ_ASSERT(strcmp(fpa_forecast_model_name(b), name) == 0, "%s rebuilt as %s\n", name,
                  fpa_forecast_model_name(b));
        FZ_ASSERT(FZ(fpa_forecast_model_fitted(fit2, MAXN, b)) == FPA_OK &&
                  FZ(fpa_forecast_model_param(&loglik2, b, FPA_PARAM_LOGLIK)) == FPA_OK,
                  "%s rebuilt\n", name);
        /* a fit to rounding (a straight line) has a likelihood of the rounding noise */
        double s2 = NAN;
        FZ(fpa_forecast_model_param(&s2, m, FPA_PARAM_SIGMA2));
        if (!((e == 'M' ? s2 : s2 / (hi * hi)) < 1e-20))
            FZ_ASSERT(fz_close(loglik, loglik2, fabs(loglik), 1e-9), "%s: loglik %.17g rebuilt "
                      "%.17g\n", name, loglik, loglik2);
        for (size_t i = 0; i < s->n; i++)
            FZ_ASSERT(fz_close(fit[i], fit2[i], fabs(fit[i]), 1e-9), "%s: fitted[%zu] %.17g "
                      "rebuilt %.17g\n", name, i, fit[i], fit2[i]);
    }
    fpa_forecast_model_free(b);
    fpa_opts_free(o);
}

static void fit(fuzz_in *in, series *s)
{
    fpa_forecast_model *m = NULL;
    if (FZ(fpa_forecast_fit(&m, s->method, s->y, s->n, s->period, s->opts)) != FPA_OK) return;
    double mean[MAXH], lo[2 * MAXH], hi[2 * MAXH], fitted[96], states[400], p;
    predict(mean, lo, hi, m, s);
    const char *name = fpa_forecast_model_name(m);
    FZ_ASSERT(name && name[0] && strlen(name) < FPA_FORECAST_NAME_MAX, "model name\n");
    FZ_ASSERT(fpa_forecast_method_name(fpa_forecast_model_method(m)) != NULL, "method\n");
    size_t len = fpa_forecast_model_length(m), ns, cap = fz_byte(in) % 97;
    FZ_ASSERT(len >= 1 && len <= s->n, "length %zu of %zu values\n", len, s->n);
    fpa_status st = FZ(fpa_forecast_model_fitted(fitted, cap, m));
    FZ_ASSERT((st == FPA_ESIZE) == (cap < len), "fitted: cap %zu, length %zu: %s\n", cap, len,
              fpa_status_name(st));
    if (FZ(fpa_forecast_model_states(NULL, 0, &ns, m, 0)) == FPA_OK ||
        fpa_error_last_status() == FPA_ESIZE) {
        st = FZ(fpa_forecast_model_states(states, 400, &ns, m, fz_byte(in) & 1));
        fz_finite(st, states, ns);
    }
    st = FZ(fpa_forecast_model_param(&p, m, (fpa_forecast_param)(fz_byte(in) % 12)));
    fz_finite(st, &p, 1);
    rebuild_ets(s, m);
    double r = NAN;
    st = FZ(fpa_forecast_residual_correlation(&r, m, s->y, m, s->y));
    fz_finite(st, &r, 1);
    FZ_ASSERT(st != FPA_OK || fabs(r - 1) <= 1e-9, "a model's residuals with themselves: r = "
              "%.17g\n", r);
    double extra[8];
    size_t k = fz_byte(in) % 9;
    for (size_t i = 0; i < 8; i++) extra[i] = fz_byte(in) < 200 ? s->y[s->n - 1] + i : fz_double(in);
    if (FZ(fpa_forecast_model_update(m, extra, k)) == FPA_OK) {
        FZ_ASSERT(fpa_forecast_model_length(m) == len + k, "length %zu after %zu more\n",
                  fpa_forecast_model_length(m), k);
        s->extra = extra, s->nextra = k;
        predict(mean, lo, hi, m, s);
        s->nextra = 0;
    } else {
        FZ_ASSERT(fpa_forecast_model_length(m) == len, "a failed update changed the model\n");
    }
    double sims[4 * MAXH];
    st = FZ(fpa_forecast_simulate(sims, m, s->h, 1 + fz_byte(in) % 4, s->opts));
    fz_finite(st, sims, s->h);
    fpa_forecast_model_free(m);
}

/* ETS models from hostile parameters and states. */
static void build(fuzz_in *in, series *s)
{
    double params[4], states[32];
    for (int k = 0; k < 4; k++) params[k] = fz_byte(in) < 200 ? fz_byte(in) / 255.0 : fz_double(in);
    size_t ns = fz_doubles(in, states, 32);
    if (s->opts)
        for (int key = FPA_OPT_FORECAST_ETS_ERROR; key <= FPA_OPT_FORECAST_ETS_SEASON; key++)
            FZ(fpa_opts_set(s->opts, key, fz_byte(in) % 5));
    fpa_forecast_model *m = NULL;
    if (FZ(fpa_forecast_ets_build(&m, s->y, s->n, s->period, params, states, ns, s->opts)) ==
        FPA_OK) {
        double mean[MAXH], lo[2 * MAXH], hi[2 * MAXH], ll;
        predict(mean, lo, hi, m, s);
        fpa_status st = FZ(fpa_forecast_model_param(&ll, m, FPA_PARAM_AICC));
        fz_finite(st, &ll, 1);
    }
    fpa_forecast_model_free(m);
}

/* Drivers of `rows` periods from the input, often with a NaN or an
 * infinity; *finite says whether every value is a number. */
static fpa_forecast_drivers *drivers(fuzz_in *in, size_t rows, size_t cols, const series *s,
                                     int *finite)
{
    double x[MAXN * 3];
    *finite = 1;
    for (size_t i = 0; i < rows * cols; i++) {
        x[i] = fz_byte(in) < 220 ? (double)((i * 7 + fz_byte(in)) % 31) : fz_double(in);
        *finite &= isfinite(x[i]) != 0;
    }
    size_t at = strlen(fz_note);
    for (size_t i = 0; i < rows * cols && at < sizeof fz_note - 40; i++)
        at += (size_t)snprintf(fz_note + at, sizeof fz_note - at, "%s%.17g",
                               i ? i % cols ? " " : "; " : ", drivers ", x[i]);
    fpa_forecast_drivers *d = NULL;
    fpa_status st = FZ(fpa_forecast_drivers_new(&d, x, rows, cols, s->opts));
    if (rows >= 1 && cols >= 1 && st != FPA_ENOMEM)
        FZ_ASSERT(*finite ? st == FPA_OK : st == FPA_EDOM, "drivers %zu x %zu: %s\n", rows,
                  cols, fpa_status_name(st));
    FZ_ASSERT((st == FPA_OK) == (d != NULL), "drivers: %s\n", fpa_status_name(st));
    return d;
}

static void arima_model(fuzz_in *in, series *s, const fpa_forecast_model *m, size_t cols)
{
    size_t order[7], ndrivers = 0, nc = 0;
    fpa_arima_constant c;
    fpa_status st = FZ(fpa_forecast_model_arima(order, &c, &ndrivers, m));
    if (st == FPA_OK) {
        FZ_ASSERT(ndrivers == 0 || ndrivers == cols, "%zu drivers of %zu\n", ndrivers, cols);
        double coef[128], se[128];
        st = FZ(fpa_forecast_model_coef(coef, se, 128, &nc, m));
        fz_finite(st, coef, nc);
        for (size_t i = 0; st == FPA_OK && i < nc; i++) {
            const char *name = fpa_forecast_model_coef_name(m, i);
            FZ_ASSERT(name && name[0], "coefficient %zu of %zu has no name\n", i, nc);
            FZ_ASSERT(isnan(se[i]) || se[i] >= 0, "se[%zu] = %g\n", i, se[i]);
        }
        FZ_ASSERT(fpa_forecast_model_coef_name(m, nc) == NULL, "a name past the coefficients\n");
    }
    double mean[MAXH], lo[2 * MAXH], hi[2 * MAXH], sims[3 * MAXH];
    int finite = 1;
    size_t h = s->h ? s->h : 1;
    fpa_forecast_drivers *future = cols ? drivers(in, h, fz_byte(in) < 230 ? cols : 1 + cols % 3,
                                                  s, &finite) : NULL;
    if (!future) {
        predict(mean, lo, hi, m, s);
        st = FZ(fpa_forecast_simulate(sims, m, s->h, 1 + fz_byte(in) % 3, s->opts));
        fz_finite(st, sims, s->h);
        return;
    }
    note_series(s, "predicting an ARIMA with drivers");
    st = FZ(fpa_forecast_predict_drivers(mean, lo, hi, m, future, s->levels, s->nlev, s->opts));
    fz_finite(st, mean, h);
    fz_finite(st, lo, h * s->nlev);
    fz_finite(st, hi, h * s->nlev);
    if (st == FPA_OK) fz_bands(mean, lo, hi, h, s->levels, s->nlev, centred(s, m));
    st = FZ(fpa_forecast_simulate_drivers(sims, m, future, 1 + fz_byte(in) % 3, s->opts));
    fz_finite(st, sims, h);
    fpa_forecast_drivers_free(future);
}
/* A seasonal ARIMA as specified: orders, constant, drivers, fixed
 * coefficients from the input. What fits reports its orders and
 * coefficients, every one named; its forecasts from future drivers are
 * finite with ordered, nested intervals; its paths are finite. */
static void arima(fuzz_in *in, series *s)
{
    fpa_forecast_arima_spec *spec = NULL;
    if (FZ(fpa_forecast_arima_spec_new(&spec, s->opts)) != FPA_OK) return;
    size_t ord[6] = {0}, cols = fz_byte(in) % 4;  /* 0: no drivers */
    int explicit = fz_byte(in) & 1, finite = 1;
    if (explicit) {
        for (int k = 0; k < 6; k++) {
            uint8_t b = fz_byte(in);
            ord[k] = b < 240 ? b % 3 : b;  /* out of range now and then */
        }
        fpa_status st = FZ(fpa_forecast_arima_spec_set_order(spec, ord[0], ord[1], ord[2], ord[3],
                                                             ord[4], ord[5]));
        int valid = ord[0] <= 30 && ord[1] <= 2 && ord[2] <= 30 && ord[3] <= 30 && ord[4] <= 2 &&
                    ord[5] <= 30;
        FZ_ASSERT((st == FPA_OK) == valid, "orders (%zu,%zu,%zu)(%zu,%zu,%zu): %s\n", ord[0],
                  ord[1], ord[2], ord[3], ord[4], ord[5], fpa_status_name(st));
    }
    int constant = fz_byte(in) % 6;  /* 5 is unknown on purpose */
    FZ_ASSERT((FZ(fpa_forecast_arima_spec_set_constant(spec, (fpa_arima_constant)constant)) ==
               FPA_OK) == (constant <= FPA_ARIMA_CONSTANT_DRIFT), "constant %d\n", constant);
    note_series(s, "arima");
    fpa_forecast_drivers *xreg = NULL;
    if (cols) {
        size_t rows = fz_byte(in) < 230 ? s->n : fz_byte(in) % (MAXN + 1);
        xreg = drivers(in, rows, cols, s, &finite);
        if (xreg) FZ(fpa_forecast_arima_spec_set_drivers(spec, xreg));
        if (!xreg) cols = 0;
    }
    if (fz_byte(in) < 64) {  /* fixed coefficients, NaN to estimate */
        double coef[8];
        size_t nc = fz_doubles(in, coef, 8);
        int inf = 0;
        for (size_t i = 0; i < nc; i++) inf |= isinf(coef[i]);
        fpa_status st = FZ(fpa_forecast_arima_spec_set_coef(spec, coef, nc));
        FZ_ASSERT(st == (inf ? FPA_EDOM : FPA_OK) || st == FPA_ENOMEM, "coef: %s\n",
                  fpa_status_name(st));
    }
    fpa_forecast_model *m = NULL;
    size_t at = strlen(fz_note);
    snprintf(fz_note + at, sizeof fz_note - at, ", orders (%zu,%zu,%zu)(%zu,%zu,%zu) of period "
             "%zu, constant %d", ord[0], ord[1], ord[2], ord[3], ord[4], ord[5], s->period,
             constant);
    fpa_status st = FZ(fpa_forecast_arima_fit(&m, spec, s->y, s->n, s->period, s->opts));
    fpa_forecast_arima_spec_free(spec);
    if (st == FPA_OK) arima_model(in, s, m, cols);
    fpa_forecast_model_free(m);
    fpa_forecast_drivers_free(xreg);
}

static void accuracy(fuzz_in *in, const series *s)
{
    const double *y = s->y;
    size_t n = s->n, half = n / 2;
    double trend[MAXN], seasonal[MAXN], figure[64], v;
    int flag;
    fpa_status st = FZ(fpa_forecast_decompose(trend, seasonal, figure, y, n, s->period,
                                              (fpa_decomposition)(fz_byte(in) % 3)));
    fz_finite(st, figure, s->period < 64 ? s->period : 0);
    if (FZ(fpa_forecast_seasonality_test(&flag, y, n, s->period)) == FPA_OK)
        FZ_ASSERT(flag == 0 || flag == 1, "seasonal flag %d\n", flag);
    fpa_metric metric = (fpa_metric)(fz_byte(in) % 9);
    st = FZ(fpa_accuracy_metric(&v, metric, y, y + half, half, fz_byte(in) & 1 ? y : NULL, n,
                                s->period));
    fz_finite(st, &v, 1);
    if (st == FPA_OK && metric != FPA_METRIC_BIAS && metric != FPA_METRIC_RELBIAS)
        FZ_ASSERT(v >= 0 && (metric != FPA_METRIC_SMAPE || v <= 200), "%s = %g\n",
                  fpa_metric_name(metric), v);
    const char *name = fpa_metric_name(metric);
    fpa_metric back;
    if (name) FZ_ASSERT(FZ(fpa_metric_find(&back, name)) == FPA_OK && back == metric, "%s\n", name);
    char str[16];
    if (FZ(fpa_metric_find(&back, fz_string(in, str, sizeof str))) == FPA_OK)
        FZ_ASSERT(strcmp(fpa_metric_name(back), str) == 0, "%s\n", str);
    fpa_forecast_method method;
    if ((name = fpa_forecast_method_name(s->method)))
        FZ_ASSERT(FZ(fpa_forecast_method_find(&method, name)) == FPA_OK && method == s->method,
                  "%s\n", name);
    FZ(fpa_forecast_method_find(&method, fz_string(in, str, sizeof str)));
    /* intervals: the first half's values around the second half's */
    const double *lo = y + half, *hi = y + (n - half);
    if ((st = FZ(fpa_accuracy_coverage(&v, y, lo, hi, half))) == FPA_OK)
        FZ_ASSERT(v >= 0 && v <= 100, "coverage %g\n", v);
    if ((st = FZ(fpa_accuracy_msis(&v, y, lo, hi, half, s->levels[0], y, n, s->period))) == FPA_OK)
        FZ_ASSERT(v >= 0 && isfinite(v), "msis %g\n", v);
    if ((st = FZ(fpa_accuracy_scale(&v, y, n, s->period))) == FPA_OK)
        FZ_ASSERT(v > 0 && isfinite(v), "scale %g\n", v);
    st = FZ(fpa_accuracy_owa(&v, fz_double(in), fz_double(in), fz_double(in), fz_double(in)));
    fz_finite(st, &v, 1);
}

static void forecast_set(fuzz_in *in, const series *s, const size_t *off, const double *bm,
                         const fpa_status *s3);

/* Each series of a batch gets what a single fit and forecast give it. */
static void batch(fuzz_in *in, const series *s)
{
    size_t off[4] = {0, s->n / 3, 2 * s->n / 3, s->n}, h = s->h, nb = h * s->nlev;
    double bm[3 * MAXH], bl[3 * 2 * MAXH], bu[3 * 2 * MAXH];
    char names[3 * FPA_FORECAST_NAME_MAX];
    fpa_status s3[3];
    int with_status = fz_byte(in) & 1;
    fz_watch w;
    fz_progress_watch(&w, s->opts, fz_byte(in) % 5);
    fpa_status st = FZ(fpa_forecast_batch(bm, bl, bu, names, with_status ? s3 : NULL, s->method,
                                          s->y, off, 3, s->period, h, s->levels, s->nlev,
                                          s->opts));
    fz_progress_check(&w, s->opts, st);
    if (s->opts) FZ(fpa_opts_set_progress(s->opts, NULL, NULL));
    if (st != FPA_OK) return;
    for (size_t k = 0; k < 3; k++) {
        fpa_status sk = with_status ? s3[k] : FPA_OK;
        fz_finite(sk, bm + k * h, h);
        fz_finite(sk, bl + k * nb, nb);
        fz_finite(sk, bu + k * nb, nb);
        if (sk != FPA_OK)
            for (size_t j = 0; j < h; j++) FZ_ASSERT(isnan(bm[k * h + j]), "series %zu\n", k);
    }
    size_t k = fz_byte(in) % 3;
    fpa_forecast_model *m = NULL;
    double mean[MAXH], lo[2 * MAXH], hi[2 * MAXH];
    fpa_status s1 = FZ(fpa_forecast_fit(&m, s->method, s->y + off[k], off[k + 1] - off[k],
                                        s->period, s->opts));
    if (s1 == FPA_OK) s1 = predict(mean, lo, hi, m, s);
    fpa_status sk = with_status ? s3[k] : FPA_OK;
    if (s1 != FPA_ENOMEM && sk != FPA_ENOMEM) {
        FZ_ASSERT(s1 == sk, "series %zu: batch %s, single %s\n", k, fpa_status_name(sk),
                  fpa_status_name(s1));
        if (s1 == FPA_OK) {
            FZ_ASSERT(fz_same(mean, bm + k * h, h), "series %zu: means differ\n", k);
            FZ_ASSERT(strcmp(fpa_forecast_model_name(m), names + k * FPA_FORECAST_NAME_MAX) == 0,
                      "series %zu: %s and %s\n", k, fpa_forecast_model_name(m),
                      names + k * FPA_FORECAST_NAME_MAX);
            if (fz_opt(s->opts, FPA_OPT_FORECAST_INTERVALS) == FPA_INTERVALS_AUTO)
                FZ_ASSERT(fz_same(lo, bl + k * nb, nb) && fz_same(hi, bu + k * nb, nb),
                          "series %zu: bounds differ\n", k);
        }
    }
    fpa_forecast_model_free(m);
    forecast_set(in, s, off, bm, with_status ? s3 : NULL);
}

/* A forecast set holds the batch's models: the same statuses and, for the
 * series that fitted, the same forecasts (the set's interval draws are the
 * batch's too), parameters as the model's getters, and notes that name
 * only known bits. */
static void forecast_set(fuzz_in *in, const series *s, const size_t *off, const double *bm,
                         const fpa_status *s3)
{
    fpa_forecast_set *set = NULL;
    size_t h = s->h;
    fpa_status st = FZ(fpa_forecast_set_fit(&set, s->method, s->y, off, 3, s->period, s->opts));
    if (st != FPA_OK) {
        FZ_ASSERT(!set, "a failed set fit returned a set\n");
        return;
    }
    FZ_ASSERT(fpa_forecast_set_size(set) == 3, "%zu series\n", fpa_forecast_set_size(set));
    double mean[3 * MAXH], lo[3 * 2 * MAXH], hi[3 * 2 * MAXH];
    fpa_status sp = FZ(fpa_forecast_set_predict(mean, lo, hi, set, h, s->levels, s->nlev,
                                                s->opts));
    fpa_forecast_param which[3] = {FPA_PARAM_ALPHA, FPA_PARAM_AICC,
                                   (fpa_forecast_param)(fz_byte(in) % 12)};
    double par[9];
    fpa_status sq = FZ(fpa_forecast_set_params(par, fz_byte(in) % 10, set, which, 3));
    FZ_ASSERT(sq == FPA_OK || sq == FPA_ESIZE || sq == FPA_EINVAL, "params %s\n",
              fpa_status_name(sq));
    for (size_t k = 0; k < 3; k++) {
        fpa_status sk;
        const fpa_forecast_model *m = fpa_forecast_set_model(&sk, set, k);
        FZ_ASSERT((m != NULL) == (sk == FPA_OK), "series %zu: model %p, %s\n", k, (void *)m,
                  fpa_status_name(sk));
        /* a series that failed to fit failed the batch's way; one that
         * fitted may still fail there when its forecasts are not finite */
        if (s3 && sk != FPA_OK && sk != FPA_ENOMEM && s3[k] != FPA_ENOMEM)
            FZ_ASSERT(sk == s3[k], "series %zu: set %s, batch %s\n", k, fpa_status_name(sk),
                      fpa_status_name(s3[k]));
        if (!m) continue;
        unsigned notes = ~0u;
        FZ_ASSERT(FZ(fpa_forecast_model_notes(&notes, m)) == FPA_OK && notes < 8, "notes %u\n",
                  notes);
        for (unsigned b = 1; b < 8; b <<= 1)
            FZ_ASSERT((fpa_forecast_note_text((fpa_forecast_note)b) != NULL), "note %u\n", b);
        if (sp == FPA_OK || sp == FPA_PARTIAL) {
            if (!s3 || s3[k] == FPA_OK)
                FZ_ASSERT(fz_same(mean + k * h, bm + k * h, h), "series %zu: set and batch\n", k);
        }
        if (sq == FPA_OK && which[2] <= FPA_PARAM_BIC) {
            double want = NAN;  /* a getter refuses what has none or is not finite */
            if (fpa_forecast_model_param(&want, m, which[1]) == FPA_OK)
                FZ_ASSERT(fz_same(&want, &par[k * 3 + 1], 1), "series %zu: AICc\n", k);
            else
                FZ_ASSERT(!isfinite(par[k * 3 + 1]), "series %zu: AICc %g\n", k, par[k * 3 + 1]);
        }
    }
    FZ_ASSERT(fpa_forecast_set_model(&st, set, 3) == NULL && st == FPA_EINVAL, "index 3\n");
    fpa_forecast_set_free(set);
}

/* A backtest's actuals are the series' values after each origin, and its
 * forecasts those of a fit on the values before the origin. */
static void backtest(fuzz_in *in, const series *s)
{
    fpa_backtest *bt = NULL;
    size_t origins = fz_byte(in) % 6, h = s->h;
    fz_watch w;
    fz_progress_watch(&w, s->opts, fz_byte(in) % 4);
    fpa_status st = FZ(fpa_forecast_backtest(&bt, s->method, s->y, s->n, s->period, h, origins,
                                             s->opts));
    fz_progress_check(&w, s->opts, st);
    if (s->opts) FZ(fpa_opts_set_progress(s->opts, NULL, NULL));
    if (st != FPA_OK) return;
    size_t no, nh;
    FZ_ASSERT(FZ(fpa_forecast_backtest_size(&no, &nh, bt)) == FPA_OK && no == origins && nh == h,
              "%zu x %zu for %zu x %zu\n", no, nh, origins, h);
    double fc[5 * MAXH], act[5 * MAXH], by_h[MAXH], all;
    size_t cap = fz_byte(in) & 1 ? no * nh : fz_byte(in) % (no * nh + 1);
    st = FZ(fpa_forecast_backtest_values(fc, act, cap, bt));
    FZ_ASSERT((st == FPA_ESIZE) == (cap < no * nh), "cap %zu\n", cap);
    fz_finite(st, fc, no * nh);
    double step = fz_opt(s->opts, FPA_OPT_FORECAST_ORIGIN_STEP);
    if (st == FPA_OK && s->finite && step <= MAXN) {
        size_t last = s->n - h, i = fz_byte(in) % no, origin = last - (no - 1 - i) * (size_t)step;
        for (size_t j = 0; j < h; j++)
            FZ_ASSERT(act[i * h + j] == s->y[origin + j], "origin %zu, horizon %zu\n", i, j);
        fpa_forecast_model *m = NULL;
        double mean[MAXH];
        if (fz_opt(s->opts, FPA_OPT_FORECAST_WINDOW) == 0 &&
            FZ(fpa_forecast_fit(&m, s->method, s->y, origin, s->period, s->opts)) == FPA_OK &&
            FZ(fpa_forecast_predict(mean, NULL, NULL, m, h, NULL, 0, s->opts)) == FPA_OK)
            FZ_ASSERT(fz_same(mean, fc + i * h, h), "origin %zu (at %zu): forecasts differ\n", i,
                      origin);
        fpa_forecast_model_free(m);
    }
    st = FZ(fpa_forecast_backtest_error(by_h, &all, bt, (fpa_metric)(fz_byte(in) % 9)));
    fz_finite(st, &all, 1);
    fz_finite(st, by_h, h);
    fpa_forecast_backtest_free(bt);
}

/* The merged view is the actuals followed by the latest version. */
static void rolling(fuzz_in *in, const series *s)
{
    fpa_rolling *r = NULL;
    size_t h = s->h;
    if (FZ(fpa_forecast_rolling_new(&r, s->method, s->y, s->n, s->period,
                                    2020 + fz_byte(in) % 10, 1 + fz_byte(in) % 13, h, s->opts)) !=
        FPA_OK)
        return;
    size_t actuals, versions, appended = 0;
    double given[MAXN + 4];
    memcpy(given, s->y, s->n * sizeof *given);
    FZ(fpa_forecast_rolling_size(&actuals, &versions, r));
    FZ_ASSERT(versions == 1 && actuals == s->n, "%zu versions, %zu actuals at creation\n",
              versions, actuals);
    for (int k = fz_byte(in) % 5; k > 0; k--) {
        double x = fz_byte(in) < 200 ? s->y[s->n - 1] + k : fz_double(in);
        if (FZ(fpa_forecast_rolling_append(r, x)) == FPA_OK) given[s->n + appended++] = x;
    }
    size_t a2, v2;
    FZ_ASSERT(FZ(fpa_forecast_rolling_size(&a2, &v2, r)) == FPA_OK && a2 == actuals + appended &&
              v2 == 1 + appended, "%zu actuals, %zu versions after %zu appends\n", a2, v2,
              appended);
    double total, act, fc, view[MAXN + 8 + MAXH], last[MAXH], err[MAXH];
    int year;
    fpa_status st = FZ(fpa_forecast_rolling_outlook(&total, &act, &fc, &year, r));
    fz_finite(st, &total, 1);
    if (st == FPA_OK)
        FZ_ASSERT(fz_close(total, act + fc, fabs(act) + fabs(fc), 1e-12), "outlook %g != %g + %g\n",
                  total, act, fc);
    size_t cap = fz_byte(in) & 1 ? a2 + h : fz_byte(in) % (a2 + h + 1);
    note_series(s, "the rolling forecast's view");
    st = FZ(fpa_forecast_rolling_view(view, cap, r));
    FZ_ASSERT((st == FPA_ESIZE) == (cap < a2 + h), "view: cap %zu\n", cap);
    /* the actuals as given (a missing one stays NaN), then the latest forecast */
    for (size_t i = 0; st == FPA_OK && i < a2; i++)
        FZ_ASSERT(memcmp(&view[i], &given[i], sizeof *view) == 0 || (isnan(view[i]) && isnan(given[i])),
                  "actual %zu: %.17g in the view, %.17g given\n", i, view[i], given[i]);
    fz_finite(st, view + a2, h);
    if (st == FPA_OK && FZ(fpa_forecast_rolling_version(last, MAXH, r, v2 - 1)) == FPA_OK)
        FZ_ASSERT(fz_same(last, view + a2, h), "the view's forecast is not the latest\n");
    st = FZ(fpa_forecast_rolling_version(last, MAXH, r, fz_byte(in) % (v2 + 1)));
    fz_finite(st, last, h);
    size_t counts[MAXH];
    FZ(fpa_forecast_rolling_error_by_lag(err, counts, fz_byte(in) % (h + 2), r,
                                         (fpa_metric)(fz_byte(in) % 9)));
    const fpa_forecast_model *m = fpa_forecast_rolling_model(r);
    FZ_ASSERT(m && fpa_forecast_model_name(m)[0], "the rolling forecast has no model\n");
    fpa_forecast_rolling_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    series s = {0};
    fz_note[0] = '\0';
    uint8_t which = fz_byte(&in), shape = fz_byte(&in) % 4;
    if (shape == 0) {  /* arbitrary values */
        s.n = fz_doubles(&in, s.y, MAXN);
    } else {  /* a plausible series, then perturbed */
        s.n = fz_byte(&in) % (MAXN + 1);
        double scale = shape == 1 ? 1 : shape == 2 ? 1e12 : 1e-3;
        for (size_t i = 0; i < s.n; i++)
            s.y[i] = scale * (100 + (double)(i % 12) * (fz_byte(&in) % 7) + (double)i);
        for (int k = fz_byte(&in) % 4; k > 0 && s.n; k--) s.y[fz_byte(&in) % s.n] = fz_double(&in);
    }
    s.finite = 1;
    for (size_t i = 0; i < s.n; i++) s.finite &= isfinite(s.y[i]) != 0;
    s.period = (size_t[]){1, 4, 12, 0, 52, 2, 7}[fz_byte(&in) % 7];
    s.method = (fpa_forecast_method)(fz_byte(&in) % 16);
    s.h = fz_byte(&in) % (MAXH + 1);
    s.nlev = fz_byte(&in) % 3;
    s.levels[0] = fz_byte(&in) < 200 ? 80 : fz_double(&in);
    s.levels[1] = fz_byte(&in) < 200 ? 95 : fz_double(&in);
    s.opts = fz_opts(&in);
    fz_set_some(&in, s.opts, forecast_keys, sizeof forecast_keys / sizeof *forecast_keys);
    fz_cap(s.opts, FPA_OPT_FORECAST_NPATHS, 200);
    fz_cap(s.opts, FPA_OPT_FORECAST_ETS_RESTARTS, 1);
    fz_cap(s.opts, FPA_OPT_THREADS, 3);
    switch (which % 16) {  /* room for more calls without moving the seeds */
    case 0: fit(&in, &s); break;
    case 1: accuracy(&in, &s); break;
    case 2: batch(&in, &s); break;
    case 3: backtest(&in, &s); break;
    case 4: rolling(&in, &s); break;
    case 5: build(&in, &s); break;
    case 6: arima(&in, &s); break;
    default: fit(&in, &s); break;
    }
    fz_opts_free(s.opts);
    return 0;
}
