/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecast API: edge cases of the issue (short, constant, zeros and
 * negatives, missing values, huge magnitudes), fallback, properties (scale
 * equivariance, batch == single, thread-count invariance, update ==
 * rebuild, backtest and rolling == refits), bad input and allocation
 * failure. Series come from tests/ref/forecast_ref.txt (R's datasets);
 * the optimised Theta optimum from tests/ref/otheta_ref.txt (SciPy,
 * tests/ref/make_otheta_ref.py). */
#include "refcases.h"

static ref_file ref, oref;

static int setup(void **state)
{
    (void)state;
    ref_load(&ref, FPA_REF_DIR "/forecast_ref.txt");
    ref_load(&oref, FPA_REF_DIR "/otheta_ref.txt");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ref_free(&ref);
    ref_free(&oref);
    return 0;
}

/* A series of the reference file by case kind and name. */
static const ref_item *series(const char *kind, const char *name)
{
    for (size_t k = 0; k < ref.n; k++)
        if (!strcmp(ref.c[k].kind, kind) && !strcmp(ref.c[k].name, name))
            return ref_get(&ref.c[k], "y");
    fail_msg("no series %s %s", kind, name);
    return NULL;
}

#define USACC series("ets", "USAccDeaths_ANA")
#define NILE series("ets", "Nile_ANN")

static fpa_forecast_model *fit(fpa_forecast_method m, const double *y, size_t n,
                               size_t period, const fpa_opts *o)
{
    fpa_forecast_model *mod = NULL;
    assert_ok(fpa_forecast_fit(&mod, m, y, n, period, o));
    return mod;
}

static void every_method_forecasts(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ARIMA; m++) {
        fpa_forecast_method back;
        assert_ok(fpa_forecast_method_find(&back, fpa_forecast_method_name((fpa_forecast_method)m)));
        assert_int_equal(back, m);
        fpa_forecast_model *mod = fit((fpa_forecast_method)m, y->v, y->n, 12, NULL);
        double mean[24], lo[48], hi[48], lev[] = {80, 95};
        assert_ok(fpa_forecast_predict(mean, lo, hi, mod, 24, lev, 2, NULL));
        for (int j = 0; j < 24; j++) {
            assert_true(lo[24 + j] <= lo[j] && lo[j] <= mean[j] + 1e-9 * fabs(mean[j]));
            assert_true(mean[j] <= hi[j] + 1e-9 * fabs(mean[j]) && hi[j] <= hi[24 + j]);
        }
        assert_true(strlen(fpa_forecast_model_name(mod)) > 0);
        assert_int_equal(fpa_forecast_model_length(mod), y->n);
        fpa_forecast_model_free(mod);
    }
    assert_null(fpa_forecast_method_name((fpa_forecast_method)99));
    fpa_forecast_method m;
    assert_status(fpa_forecast_method_find(&m, "prophet"), FPA_EINVAL);
}

static void short_series_fall_back(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    double mean[6];
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ARIMA; m++) {
        /* one value: the naive forecast, whatever the method */
        fpa_forecast_model *mod = fit((fpa_forecast_method)m, y->v, 1, 12, NULL);
        assert_int_equal(fpa_forecast_model_method(mod), FPA_FORECAST_NAIVE);
        assert_ok(fpa_forecast_predict(mean, NULL, NULL, mod, 6, NULL, 0, NULL));
        assert_true(mean[5] == y->v[0]);
        fpa_forecast_model_free(mod);
        /* three values: drift for the model-based methods */
        mod = fit((fpa_forecast_method)m, y->v, 3, 12, NULL);
        fpa_forecast_method used = fpa_forecast_model_method(mod);
        if (m == FPA_FORECAST_ETS || m == FPA_FORECAST_THETA || m == FPA_FORECAST_COMBO ||
            m == FPA_FORECAST_DAMPED || m == FPA_FORECAST_DRIFT)
            assert_int_equal(used, FPA_FORECAST_DRIFT);
        fpa_forecast_model_free(mod);
    }
    /* 20 months: shorter than two seasons, ETS drops the seasonal models
     * with too many parameters and seasonal naive needs 13 */
    fpa_forecast_model *mod = fit(FPA_FORECAST_ETS, y->v, 14, 12, NULL);
    const char *name = fpa_forecast_model_name(mod);
    assert_memory_equal(name, "ETS(", 4);
    assert_string_equal(name + strlen(name) - 2, "N)");
    fpa_forecast_model_free(mod);
    mod = fit(FPA_FORECAST_SNAIVE, y->v, 12, 12, NULL);
    assert_string_equal(fpa_forecast_model_name(mod), "Naive");
    fpa_forecast_model_free(mod);
    /* fallback off: the method's own requirement, named */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_FALLBACK, 0));
    assert_status(fpa_forecast_fit(&mod, FPA_FORECAST_ETS, y->v, 4, 12, o), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "ETS needs at least 5 values; the series "
                        "has 4 (option forecast.fallback is off)");
    assert_null(mod);
    assert_status(fpa_forecast_fit(&mod, FPA_FORECAST_SNAIVE, y->v, 12, 12, o), FPA_EDATA);
    fpa_opts_free(o);
}

static void constant_zero_negative_series(void **state)
{
    (void)state;
    double c[30], zn[40], mean[5], lo[5], hi[5], lev = 95;
    for (int i = 0; i < 30; i++) c[i] = 7.5;
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ARIMA; m++) {
        fpa_forecast_model *mod = fit((fpa_forecast_method)m, c, 30, 12, NULL);
        assert_string_equal(fpa_forecast_model_name(mod), "Naive (constant series)");
        assert_ok(fpa_forecast_predict(mean, lo, hi, mod, 5, &lev, 1, NULL));
        for (int j = 0; j < 5; j++) assert_true(mean[j] == 7.5 && lo[j] == 7.5 && hi[j] == 7.5);
        fpa_forecast_model_free(mod);
    }
    /* zeros and negatives: only additive ETS models are candidates */
    for (int i = 0; i < 40; i++) zn[i] = (i % 4 == 0) ? 0 : sin(i) * 10 + (i % 7) - 3;
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ARIMA; m++) {
        fpa_forecast_model *mod = fit((fpa_forecast_method)m, zn, 40, 4, NULL);
        assert_ok(fpa_forecast_predict(mean, lo, hi, mod, 5, &lev, 1, NULL));
        fpa_forecast_model_free(mod);
    }
    fpa_forecast_model *mod = fit(FPA_FORECAST_ETS, zn, 40, 4, NULL);
    assert_memory_equal(fpa_forecast_model_name(mod), "ETS(A,", 6);
    fpa_forecast_model_free(mod);
    /* asking for a multiplicative model on such data is an error */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_MULTIPLICATIVE));
    assert_status(fpa_forecast_fit(&mod, FPA_FORECAST_ETS, zn, 40, 4, o), FPA_EDATA);
    fpa_opts_free(o);
}

static void missing_values(void **state)
{
    (void)state;
    const ref_item *y = NILE;
    double x[100], z[100], a[10], b[10];
    size_t n = y->n;
    memcpy(x, y->v, n * sizeof *x);
    memcpy(z, y->v, n * sizeof *z);
    /* one NaN: filled by linear interpolation */
    x[40] = NAN;
    z[40] = 0.5 * (z[39] + z[41]);
    fpa_forecast_model *m1 = fit(FPA_FORECAST_ETS, x, n, 1, NULL);
    fpa_forecast_model *m2 = fit(FPA_FORECAST_ETS, z, n, 1, NULL);
    assert_ok(fpa_forecast_predict(a, NULL, NULL, m1, 10, NULL, 0, NULL));
    assert_ok(fpa_forecast_predict(b, NULL, NULL, m2, 10, NULL, 0, NULL));
    assert_memory_equal(a, b, sizeof a);
    fpa_forecast_model_free(m1);
    fpa_forecast_model_free(m2);
    /* a gap of three: filled; four: refused with the positions */
    x[41] = x[42] = NAN;
    m1 = fit(FPA_FORECAST_ETS, x, n, 1, NULL);
    fpa_forecast_model_free(m1);
    x[43] = NAN;
    assert_status(fpa_forecast_fit(&m1, FPA_FORECAST_ETS, x, n, 1, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "y[40..43] is a gap of 4 missing values; "
                        "at most 3 are filled (option forecast.max_gap)");
    /* leading NaNs dropped */
    memcpy(x, y->v, n * sizeof *x);
    x[0] = x[1] = NAN;
    m1 = fit(FPA_FORECAST_NAIVE, x, n, 1, NULL);
    assert_int_equal(fpa_forecast_model_length(m1), n - 2);
    fpa_forecast_model_free(m1);
    /* the last value, all values, infinities */
    x[n - 1] = NAN;
    assert_status(fpa_forecast_fit(&m1, FPA_FORECAST_ETS, x, n, 1, NULL), FPA_EDATA);
    for (size_t t = 0; t < n; t++) x[t] = NAN;
    assert_status(fpa_forecast_fit(&m1, FPA_FORECAST_ETS, x, n, 1, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "y has no value: all 100 are NaN");
    memcpy(x, y->v, n * sizeof *x);
    x[7] = -INFINITY;
    assert_status(fpa_forecast_fit(&m1, FPA_FORECAST_ETS, x, n, 1, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "y[7] is -Inf");
}

static void huge_magnitudes(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    double big[100], a[24], b[24], lo[24], hi[24], lev = 95;
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ARIMA; m++) {
        for (size_t t = 0; t < y->n; t++) big[t] = y->v[t] * 1e150;
        fpa_forecast_model *m1 = fit((fpa_forecast_method)m, y->v, y->n, 12, NULL);
        fpa_forecast_model *m2 = fit((fpa_forecast_method)m, big, y->n, 12, NULL);
        assert_ok(fpa_forecast_predict(a, NULL, NULL, m1, 24, NULL, 0, NULL));
        assert_ok(fpa_forecast_predict(b, lo, hi, m2, 24, &lev, 1, NULL));
        /* the models are scale-equivariant; the data are scaled before
         * fitting, so the same model is found */
        assert_string_equal(fpa_forecast_model_name(m1), fpa_forecast_model_name(m2));
        for (int j = 0; j < 24; j++) assert_close(b[j], a[j] * 1e150, 1e-6, 0);
        fpa_forecast_model_free(m1);
        fpa_forecast_model_free(m2);
        /* near the top of the double range: forecasts still come */
        for (size_t t = 0; t < y->n; t++) big[t] = y->v[t] * 1e300;
        m2 = fit((fpa_forecast_method)m, big, y->n, 12, NULL);
        assert_ok(fpa_forecast_predict(b, NULL, NULL, m2, 24, NULL, 0, NULL));
        for (int j = 0; j < 24; j++) assert_close(b[j], a[j] * 1e300, 1e-6, 0);
        fpa_forecast_model_free(m2);
    }
}

static void intervals_simulated_and_reproducible(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_ADDITIVE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_ADDITIVE));
    fpa_forecast_model *m = fit(FPA_FORECAST_ETS, y->v, y->n, 12, o);
    double lev = 95, mean[12], lo[12], hi[12], slo[12], shi[12], slo2[12], shi2[12];
    assert_ok(fpa_forecast_predict(mean, lo, hi, m, 12, &lev, 1, o));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 20000));
    assert_ok(fpa_forecast_predict(mean, slo, shi, m, 12, &lev, 1, o));
    /* class 1: Gaussian; 20000 paths put the 2.5 % and 97.5 % quantiles
     * within about 2 % of the half-width of the analytic ones */
    for (int j = 0; j < 12; j++) {
        assert_close(slo[j], lo[j], 0, 0.03 * (hi[j] - lo[j]) / 2);
        assert_close(shi[j], hi[j], 0, 0.03 * (hi[j] - lo[j]) / 2);
    }
    assert_ok(fpa_forecast_predict(mean, slo2, shi2, m, 12, &lev, 1, o));
    assert_memory_equal(slo, slo2, sizeof slo);  /* same seed, same paths */
    assert_ok(fpa_opts_set(o, FPA_OPT_SEED, 7));
    assert_ok(fpa_forecast_predict(mean, slo2, shi2, m, 12, &lev, 1, o));
    assert_memory_not_equal(slo, slo2, sizeof slo);
    double paths[3 * 12];
    assert_ok(fpa_forecast_simulate(paths, m, 12, 3, o));
    fpa_forecast_model_free(m);
    /* no state-space form to simulate */
    m = fit(FPA_FORECAST_LINEAR, y->v, y->n, 12, NULL);
    assert_status(fpa_forecast_simulate(paths, m, 12, 3, o), FPA_EINVAL);
    fpa_forecast_model_free(m);
    fpa_opts_free(o);
}

static void update_equals_rebuild(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    size_t n = y->n;
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    fpa_forecast_model *m = fit(FPA_FORECAST_ETS, y->v, n - 12, 12, o);
    double par[4] = {NAN, NAN, NAN, NAN}, x0[14], a[14], b[14], f1[12], f2[12];
    size_t ns;
    fpa_forecast_param which[] = {FPA_PARAM_ALPHA, FPA_PARAM_BETA, FPA_PARAM_GAMMA,
                                  FPA_PARAM_PHI};
    for (int i = 0; i < 4; i++)
        if (fpa_forecast_model_param(&par[i], m, which[i]) != FPA_OK) par[i] = NAN;
    assert_ok(fpa_forecast_model_states(x0, 14, &ns, m, 0));
    assert_ok(fpa_forecast_model_update(m, y->v + n - 12, 12));
    assert_int_equal(fpa_forecast_model_length(m), n);
    /* the same model built on all the data from the same start */
    const char *name = fpa_forecast_model_name(m);
    char e, t, s;
    assert_int_equal(sscanf(name, "ETS(%c,%c,%c)", &e, &t, &s), 3);
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR,
                           e == 'A' ? FPA_ETS_ADDITIVE : FPA_ETS_MULTIPLICATIVE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND,
                           t == 'N' ? FPA_ETS_NONE : FPA_ETS_ADDITIVE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON,
                           s == 'N' ? FPA_ETS_NONE : s == 'A' ? FPA_ETS_ADDITIVE
                                                              : FPA_ETS_MULTIPLICATIVE));
    fpa_forecast_model *r;
    assert_ok(fpa_forecast_ets_build(&r, y->v, n, 12, par, x0, ns, o));
    assert_ok(fpa_forecast_model_states(a, 14, &ns, m, 1));
    assert_ok(fpa_forecast_model_states(b, 14, &ns, r, 1));
    assert_all_close(a, b, ns, 1e-12, 1e-12 * fabs(b[0]), "final states");
    assert_ok(fpa_forecast_predict(f1, NULL, NULL, m, 12, NULL, 0, NULL));
    assert_ok(fpa_forecast_predict(f2, NULL, NULL, r, 12, NULL, 0, NULL));
    assert_all_close(f1, f2, 12, 1e-12, 0, "forecast");
    double fa[72], fb[72];
    assert_ok(fpa_forecast_model_fitted(fa, 72, m));
    assert_ok(fpa_forecast_model_fitted(fb, 72, r));
    assert_all_close(fa + n - 12, fb + n - 12, 12, 1e-12, 0, "fitted");
    fpa_forecast_model_free(m);
    fpa_forecast_model_free(r);
    /* other methods are re-estimated: update == fit on the longer series */
    m = fit(FPA_FORECAST_THETA, y->v, n - 5, 12, NULL);
    assert_ok(fpa_forecast_model_update(m, y->v + n - 5, 5));
    r = fit(FPA_FORECAST_THETA, y->v, n, 12, NULL);
    assert_ok(fpa_forecast_predict(f1, NULL, NULL, m, 12, NULL, 0, NULL));
    assert_ok(fpa_forecast_predict(f2, NULL, NULL, r, 12, NULL, 0, NULL));
    assert_memory_equal(f1, f2, sizeof f1);
    double bad = NAN;
    assert_status(fpa_forecast_model_update(m, &bad, 1), FPA_EDOM);
    assert_int_equal(fpa_forecast_model_length(m), n);
    fpa_forecast_model_free(m);
    fpa_forecast_model_free(r);
    fpa_opts_free(o);
}

static void optimised_theta_reaches_scipy_optimum(void **state)
{
    (void)state;
    for (size_t k = 0; k < oref.n; k++) {
        const ref_case *c = &oref.c[k];
        const ref_item *y = ref_get(c, "y");
        fpa_forecast_model *m = fit(FPA_FORECAST_OPTIMISED_THETA, y->v, y->n, 1, NULL);
        double s2, th, mean[10];
        assert_ok(fpa_forecast_model_param(&s2, m, FPA_PARAM_SIGMA2));
        assert_ok(fpa_forecast_model_param(&th, m, FPA_PARAM_THETA));
        assert_true(th >= 1);
        /* the same minimum (SciPy's L-BFGS-B from 50 starts), within 1e-6 */
        double sse = s2 * (double)(y->n - 3);
        assert_true(sse <= ref_num(c, "sse") * (1 + 1e-6));
        assert_ok(fpa_forecast_predict(mean, NULL, NULL, m, 10, NULL, 0, NULL));
        /* theta is large and flat there: forecasts agree to 0.1 % */
        assert_all_close(mean, ref_get(c, "mean")->v, 10, 1e-3, 0, c->name);
        fpa_forecast_model_free(m);
    }
}

/* ---- batches ----------------------------------------------------------------- */

static void batch_is_thread_invariant_and_equals_single(void **state)
{
    (void)state;
    const ref_item *a = USACC, *b = series("ets", "ldeaths_MNM");
    double values[200], nanv[3] = {NAN, NAN, NAN};
    size_t off[5] = {0, a->n, a->n + b->n, a->n + b->n + 3, a->n + b->n + 3 + 30};
    memcpy(values, a->v, a->n * sizeof *values);
    memcpy(values + off[1], b->v, b->n * sizeof *values);
    memcpy(values + off[2], nanv, sizeof nanv);
    memcpy(values + off[3], b->v, 30 * sizeof *values);
    double lev[2] = {80, 95};
    enum { H = 12, S = 4 };
    fpa_forecast_method methods[] = {FPA_FORECAST_ETS, FPA_FORECAST_COMBO, FPA_FORECAST_THETA};
    for (size_t mi = 0; mi < 3; mi++) {
        double mean0[S * H], lo0[S * 2 * H], hi0[S * 2 * H];
        char names0[S * FPA_FORECAST_NAME_MAX];
        fpa_status st0[S];
        unsigned threads[] = {1, 2, 3, 0};
        for (size_t ti = 0; ti < 4; ti++) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads[ti]));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 500));
            double mean[S * H], lo[S * 2 * H], hi[S * 2 * H];
            char names[S * FPA_FORECAST_NAME_MAX];
            fpa_status st[S];
            assert_ok(fpa_forecast_batch(mean, lo, hi, names, st, methods[mi], values,
                                         off, S, 12, H, lev, 2, o));
            assert_int_equal(st[2], FPA_EDATA);  /* the all-NaN series */
            assert_ok(st[0]);
            assert_true(isnan(mean[2 * H]));
            if (ti == 0) {
                memcpy(mean0, mean, sizeof mean);
                memcpy(lo0, lo, sizeof lo);
                memcpy(hi0, hi, sizeof hi);
                memcpy(names0, names, sizeof names);
                memcpy(st0, st, sizeof st);
                /* batch == the series alone (stream = its index) */
                for (size_t i = 0; i < S; i++) {
                    if (i == 2) continue;
                    fpa_forecast_model *m;
                    assert_ok(fpa_forecast_fit(&m, methods[mi], values + off[i],
                                               off[i + 1] - off[i], 12, o));
                    double one[H];
                    assert_ok(fpa_forecast_predict(one, NULL, NULL, m, H, NULL, 0, o));
                    assert_memory_equal(one, mean + i * H, sizeof one);
                    assert_string_equal(names + i * FPA_FORECAST_NAME_MAX,
                                        fpa_forecast_model_name(m));
                    fpa_forecast_model_free(m);
                }
            } else {  /* bit for bit, whatever the thread count */
                assert_memory_equal(mean, mean0, sizeof mean);
                assert_memory_equal(lo, lo0, sizeof lo);
                assert_memory_equal(hi, hi0, sizeof hi);
                assert_memory_equal(names, names0, sizeof names);
                assert_memory_equal(st, st0, sizeof st);
            }
            /* without a status array the failing series fails the call */
            assert_status(fpa_forecast_batch(mean, lo, hi, NULL, NULL, methods[mi],
                                             values, off, S, 12, H, lev, 2, o),
                          FPA_EDATA);
            assert_non_null(strstr(fpa_error_last(), "series 2: "));
            fpa_opts_free(o);
        }
    }
    double mean[H];
    size_t bad_off[3] = {0, 10, 5};
    assert_status(fpa_forecast_batch(mean, NULL, NULL, NULL, NULL, FPA_FORECAST_ETS,
                                     values, bad_off, 2, 12, H, NULL, 0, NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_batch(mean, NULL, NULL, NULL, NULL, FPA_FORECAST_ETS,
                                     values, off, 1, 12, 0, NULL, 0, NULL),
                  FPA_EINVAL);
}

/* ---- backtests --------------------------------------------------------------- */

static void backtest_equals_refits(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    size_t n = y->n, h = 6, k = 5;
    for (int window = 0; window < 2; window++) {
        double f0[30], a0[30];
        for (unsigned threads = 1; threads <= 2; threads++) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_WINDOW, window));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ORIGIN_STEP, 2));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_WINDOW_LENGTH, window ? 48 : 0));
            fpa_backtest *bt;
            assert_ok(fpa_forecast_backtest(&bt, FPA_FORECAST_ETS, y->v, n, 12, h, k, o));
            size_t ko, hh;
            assert_ok(fpa_forecast_backtest_size(&ko, &hh, bt));
            assert_int_equal(ko, k);
            assert_int_equal(hh, h);
            double f[30], a[30];
            assert_ok(fpa_forecast_backtest_values(f, a, 30, bt));
            if (threads == 1) {
                memcpy(f0, f, sizeof f);
                memcpy(a0, a, sizeof a);
                for (size_t i = 0; i < k; i++) {
                    size_t end = n - h - (k - 1 - i) * 2, from = window ? end - 48 : 0;
                    fpa_forecast_model *m = fit(FPA_FORECAST_ETS, y->v + from, end - from, 12, o);
                    double one[6];
                    assert_ok(fpa_forecast_predict(one, NULL, NULL, m, h, NULL, 0, o));
                    assert_memory_equal(one, f + i * h, sizeof one);
                    assert_memory_equal(y->v + end, a + i * h, h * sizeof *a);
                    fpa_forecast_model_free(m);
                }
                /* MAE per horizon: over the origins' j-step errors */
                double by[6], all;
                assert_ok(fpa_forecast_backtest_error(by, &all, bt, FPA_METRIC_MAE));
                double tot = 0;
                for (size_t j = 0; j < h; j++) {
                    double s = 0;
                    for (size_t i = 0; i < k; i++) s += fabs(a[i * h + j] - f[i * h + j]);
                    assert_close(by[j], s / (double)k, 1e-12, 0);
                    tot += s;
                }
                assert_close(all, tot / (double)(k * h), 1e-12, 0);
                assert_ok(fpa_forecast_backtest_error(by, NULL, bt, FPA_METRIC_MASE));
            } else {
                assert_memory_equal(f, f0, sizeof f);
                assert_memory_equal(a, a0, sizeof a);
            }
            assert_status(fpa_forecast_backtest_values(f, NULL, 10, bt), FPA_ESIZE);
            fpa_forecast_backtest_free(bt);
            fpa_opts_free(o);
        }
    }
    fpa_backtest *bt = NULL;
    assert_status(fpa_forecast_backtest(&bt, FPA_FORECAST_ETS, y->v, n, 12, 60, 20, NULL),
                  FPA_EINVAL);
    assert_null(bt);
    assert_status(fpa_forecast_backtest(&bt, FPA_FORECAST_ETS, y->v, n, 12, 0, 2, NULL),
                  FPA_EINVAL);
    fpa_forecast_backtest_free(NULL);
}

/* ---- rolling forecasts ---------------------------------------------------------- */

static void rolling_versions_view_lags_outlook(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    size_t n0 = 60, H = 12;
    for (int update = 0; update < 2; update++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ROLLING_UPDATE, update));
        fpa_rolling *r;
        /* USAccDeaths starts in January 1973 */
        assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_ETS, y->v, n0, 12, 1973, 1, H, o));
        fpa_forecast_model *shadow = fit(FPA_FORECAST_ETS, y->v, n0, 12, o);
        for (size_t i = 0; i < 6; i++) {
            assert_ok(fpa_forecast_rolling_append(r, y->v[n0 + i]));
            if (update) {
                assert_ok(fpa_forecast_model_update(shadow, &y->v[n0 + i], 1));
            } else {
                fpa_forecast_model_free(shadow);
                shadow = fit(FPA_FORECAST_ETS, y->v, n0 + i + 1, 12, o);
            }
            double v[12], s[12];
            assert_ok(fpa_forecast_rolling_version(v, 12, r, i + 1));
            assert_ok(fpa_forecast_predict(s, NULL, NULL, shadow, H, NULL, 0, o));
            assert_memory_equal(v, s, sizeof v);
        }
        size_t na, nv;
        assert_ok(fpa_forecast_rolling_size(&na, &nv, r));
        assert_int_equal(na, n0 + 6);
        assert_int_equal(nv, 7);
        double view[80], cur[12];
        assert_ok(fpa_forecast_rolling_view(view, 80, r));
        assert_ok(fpa_forecast_rolling_version(cur, 12, r, 6));
        assert_memory_equal(view, y->v, (n0 + 6) * sizeof *view);
        assert_memory_equal(view + n0 + 6, cur, sizeof cur);
        assert_status(fpa_forecast_rolling_view(view, 70, r), FPA_ESIZE);
        /* error by lag: lag k pairs version v with actual n0 + v + k - 1 */
        double err[3];
        size_t cnt[3];
        assert_ok(fpa_forecast_rolling_error_by_lag(err, cnt, 3, r, FPA_METRIC_MAE));
        for (size_t k = 1; k <= 3; k++) {
            double s = 0;
            assert_int_equal(cnt[k - 1], 6 - k + 1);
            for (size_t v = 0; v + k <= 6; v++) {
                double ver[12];
                assert_ok(fpa_forecast_rolling_version(ver, 12, r, v));
                s += fabs(y->v[n0 + v + k - 1] - ver[k - 1]);
            }
            assert_close(err[k - 1], s / (double)cnt[k - 1], 1e-12, 0);
        }
        /* outlook: 66 actuals from January 1973 end in June 1978; the
         * calendar fiscal year 1978 has 6 actuals and 6 forecasts */
        double tot, act, fc;
        int year;
        assert_ok(fpa_forecast_rolling_outlook(&tot, &act, &fc, &year, r));
        double sa = 0, sf = 0;
        for (size_t t = 60; t < 66; t++) sa += y->v[t];
        for (size_t j = 0; j < 6; j++) sf += cur[j];
        assert_int_equal(year, 1978);
        assert_close(act, sa, 1e-12, 0);
        assert_close(fc, sf, 1e-12, 0);
        assert_close(tot, sa + sf, 1e-12, 0);
        /* a failed append leaves everything as it was */
        assert_status(fpa_forecast_rolling_append(r, NAN), FPA_EDOM);
        assert_ok(fpa_forecast_rolling_size(&na, &nv, r));
        assert_int_equal(na, n0 + 6);
        assert_non_null(fpa_forecast_rolling_model(r));
        fpa_forecast_model_free(shadow);
        fpa_forecast_rolling_free(r);
        fpa_opts_free(o);
    }
    /* fiscal year from April: 15 monthly actuals from January 2023 end in
     * March 2024, so the year in progress is April 2024 - March 2025 =
     * fiscal 2025, all forecast (12 periods, beyond a 6-month horizon) */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_FISCAL_START, 4));
    fpa_rolling *r;
    assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_NAIVE, y->v, 15, 12, 2023, 1, 6, o));
    double tot, act, fc;
    int year;
    assert_ok(fpa_forecast_rolling_outlook(&tot, &act, &fc, &year, r));
    assert_int_equal(year, 2025);
    assert_true(act == 0);
    assert_close(fc, 12 * y->v[14], 1e-12, 0);
    fpa_forecast_rolling_free(r);
    /* 16 actuals: April 2024 is actual, 11 months forecast */
    assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_NAIVE, y->v, 16, 12, 2023, 1, 6, o));
    assert_ok(fpa_forecast_rolling_outlook(&tot, &act, &fc, &year, r));
    assert_int_equal(year, 2025);
    assert_true(act == y->v[15]);
    assert_close(fc, 11 * y->v[15], 1e-12, 0);
    fpa_forecast_rolling_free(r);
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_FISCAL_START, 13));
    assert_status(fpa_forecast_rolling_new(&r, FPA_FORECAST_NAIVE, y->v, 16, 12, 2023, 1, 6, o),
                  FPA_EINVAL);
    assert_status(fpa_forecast_rolling_new(&r, FPA_FORECAST_NAIVE, y->v, 16, 12, 2023, 0, 6, NULL),
                  FPA_EINVAL);
    fpa_opts_free(o);
}

/* ---- bad input and options ------------------------------------------------------ */

static void bad_input(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    fpa_forecast_model *m = NULL;
    assert_status(fpa_forecast_fit(NULL, FPA_FORECAST_ETS, y->v, 10, 12, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, NULL, 10, 12, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 0, 12, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 10, 0, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 10, 367, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_fit(&m, (fpa_forecast_method)77, y->v, 10, 12, NULL), FPA_EINVAL);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_NONE));
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 72, 12, o), FPA_EINVAL);
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_ADDITIVE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_MULTIPLICATIVE));
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 72, 12, o), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "excluded"));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND, FPA_ETS_MULTIPLICATIVE));
    assert_status(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, 72, 12, o), FPA_EINVAL);
    double par[4] = {0.5, NAN, 0.1, NAN}, st[13] = {0};
    assert_status(fpa_forecast_ets_build(&m, y->v, 72, 12, par, st, 13, NULL), FPA_EINVAL);
    fpa_opts_reset(o);
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_ADDITIVE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND, FPA_ETS_NONE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_ADDITIVE));
    assert_status(fpa_forecast_ets_build(&m, y->v, 72, 12, par, st, 12, o), FPA_EINVAL);
    par[0] = 1.5;
    assert_status(fpa_forecast_ets_build(&m, y->v, 72, 12, par, st, 13, o), FPA_EDOM);
    fpa_opts_free(o);

    m = fit(FPA_FORECAST_ETS, y->v, y->n, 12, NULL);
    double mean[4], lo[4], hi[4], lev = 100, v;
    assert_status(fpa_forecast_predict(NULL, NULL, NULL, m, 4, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_predict(mean, NULL, NULL, m, 0, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_predict(mean, lo, hi, m, 4, &lev, 1, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "levels[0] = 100 is outside (0, 100)");
    assert_status(fpa_forecast_predict(mean, NULL, hi, m, 4, &lev, 1, NULL), FPA_EINVAL);
    size_t ns;
    assert_status(fpa_forecast_model_states(mean, 4, &ns, m, 1), FPA_ESIZE);
    assert_int_equal(ns, 13);  /* ETS(A,N,A): level and 12 seasons */
    assert_status(fpa_forecast_model_fitted(mean, 4, m), FPA_ESIZE);
    assert_status(fpa_forecast_model_param(&v, m, FPA_PARAM_THETA), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "model ETS(A,N,A) has no theta");
    assert_status(fpa_forecast_model_param(&v, m, (fpa_forecast_param)99), FPA_EINVAL);
    fpa_forecast_model_free(m);
    fpa_forecast_model_free(NULL);
    assert_string_equal(fpa_forecast_model_name(NULL), "");

    double trend[72];
    int seas;
    assert_status(fpa_forecast_decompose(trend, NULL, NULL, y->v, 20, 12,
                                         FPA_DECOMPOSITION_ADDITIVE), FPA_EDATA);
    assert_status(fpa_forecast_decompose(trend, NULL, NULL, y->v, 72, 1,
                                         FPA_DECOMPOSITION_ADDITIVE), FPA_EINVAL);
    assert_status(fpa_forecast_decompose(trend, NULL, NULL, y->v, 72, 12,
                                         (fpa_decomposition)5), FPA_EINVAL);
    assert_status(fpa_forecast_seasonality_test(&seas, y->v, 0, 12), FPA_EINVAL);
    assert_ok(fpa_forecast_seasonality_test(&seas, y->v, 20, 12));
    assert_int_equal(seas, 0);  /* fewer than three seasons */
}

/* ---- allocation failure ------------------------------------------------------- */

static void allocation_failures(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    fpa_forecast_method methods[] = {
        FPA_FORECAST_ETS, FPA_FORECAST_COMBO, FPA_FORECAST_THETA,
        FPA_FORECAST_OPTIMISED_THETA, FPA_FORECAST_LINEAR, FPA_FORECAST_NAIVE2,
        FPA_FORECAST_DAMPED};
    double yn[72];
    memcpy(yn, y->v, sizeof yn);
    yn[30] = NAN;
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        fpa_forecast_model *m = NULL;
        FPA_ALLOC_SWEEP(m = NULL, fpa_forecast_fit(&m, methods[i], yn, 72, 12, opts),
                        fpa_forecast_model_free(m));
        /* predictions with simulated and mixture intervals */
        m = fit(methods[i], y->v, 72, 12, NULL);
        double mean[12], lo[24], hi[24], lev[2] = {80, 95};
        FPA_ALLOC_SWEEP((fpa_opts_set(opts, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE),
                         fpa_opts_set(opts, FPA_OPT_FORECAST_NPATHS, 100)),
                        fpa_forecast_predict(mean, lo, hi, m, 12, lev, 2, opts), (void)0);
        FPA_ALLOC_SWEEP((void)0, fpa_forecast_predict(mean, lo, hi, m, 12, lev, 2, opts),
                        (void)0);
        fpa_forecast_model_free(m);
    }
    fpa_rolling *r = NULL;
    FPA_ALLOC_SWEEP(r = NULL,
                    fpa_forecast_rolling_new(&r, FPA_FORECAST_ETS, y->v, 60, 12, 1973, 1, 12, opts),
                    fpa_forecast_rolling_free(r));
    /* append on a live object: a failure must leave it as it was */
    for (int update = 0; update < 2; update++) {
        for (long k = 0;; k++) {
            test_alloc ta = {-1, 0, 0, 0};
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, test_alloc_fn, &ta));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ROLLING_UPDATE, update));
            assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_ETS, y->v, 60, 12,
                                               1973, 1, 12, o));
            long blocks = ta.live_blocks;
            ta.calls = 0;
            ta.fail_at = k;
            fpa_status st = fpa_forecast_rolling_append(r, y->v[60]);
            ta.fail_at = -1;
            size_t na;
            assert_ok(fpa_forecast_rolling_size(&na, NULL, r));
            if (st == FPA_OK) {
                assert_int_equal(na, 61);
            } else {
                assert_int_equal(st, FPA_ENOMEM);
                assert_int_equal(na, 60);
                /* the buffers may have grown, nothing else is held */
                assert_true(ta.live_blocks == blocks);
            }
            fpa_forecast_rolling_free(r);
            fpa_opts_free(o);
            assert_int_equal(ta.live_blocks, 0);
            if (st == FPA_OK) break;
            assert_true(k < 100000);
        }
    }
    fpa_backtest *bt = NULL;
    FPA_ALLOC_SWEEP(bt = NULL,
                    fpa_forecast_backtest(&bt, FPA_FORECAST_THETA, y->v, 72, 12, 6, 3, opts),
                    fpa_forecast_backtest_free(bt));
    double values[72], mean[2 * 6];
    size_t off[3] = {0, 36, 72};
    memcpy(values, y->v, sizeof values);
    FPA_ALLOC_SWEEP((void)0,
                    fpa_forecast_batch(mean, NULL, NULL, NULL, NULL, FPA_FORECAST_ETS,
                                       values, off, 2, 12, 6, NULL, 0, opts),
                    (void)0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_method_forecasts),
        cmocka_unit_test(short_series_fall_back),
        cmocka_unit_test(constant_zero_negative_series),
        cmocka_unit_test(missing_values),
        cmocka_unit_test(huge_magnitudes),
        cmocka_unit_test(intervals_simulated_and_reproducible),
        cmocka_unit_test(update_equals_rebuild),
        cmocka_unit_test(optimised_theta_reaches_scipy_optimum),
        cmocka_unit_test(batch_is_thread_invariant_and_equals_single),
        cmocka_unit_test(backtest_equals_refits),
        cmocka_unit_test(rolling_versions_view_lags_outlook),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
