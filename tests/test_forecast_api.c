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
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ENSEMBLE; m++) {
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

/* Issue 14.7: on y = 0, 1, 0, 1, ... (period 2) the combination's 80 %
 * lower bound came out above its upper bound, and its 95 % band inside
 * the 80 % one; SES, Holt, damped trend and Theta failed on the perfectly
 * seasonal series (a zero sum of squares). Every method, on that series, on
 * a near-constant one and on R's USAccDeaths, with analytic and simulated
 * intervals and the levels in any order: each interval ordered, each wider
 * level containing the narrower. */
static void intervals_ordered_and_nested(void **state)
{
    (void)state;
    double alt[25], flat[40];
    for (int i = 0; i < 25; i++) alt[i] = i % 2;
    for (int i = 0; i < 40; i++) flat[i] = 1000 + 1e-9 * sin(i);
    const ref_item *us = USACC;
    const struct { const double *y; size_t n, period; } cases[] = {
        {alt, 25, 2}, {flat, 40, 4}, {us->v, us->n, 12}};
    const double lev[4] = {95, 50, 99, 80};
    const int by_width[4] = {1, 3, 0, 2};  /* the levels from the narrowest */
    for (int sim = 0; sim < 2; sim++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, sim));
        assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 1000));
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
            for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_COMBO; m++) {
                fpa_forecast_model *mod = fit((fpa_forecast_method)m, cases[c].y, cases[c].n,
                                              cases[c].period, o);
                double mean[12], lo[48], hi[48];
                assert_ok(fpa_forecast_predict(mean, lo, hi, mod, 12, lev, 4, o));
                for (int j = 0; j < 12; j++)
                    for (int k = 0; k < 4; k++) {
                        int in = by_width[k], out = k < 3 ? by_width[k + 1] : -1;
                        if (!(lo[in * 12 + j] <= hi[in * 12 + j]))
                            fail_msg("%s, case %zu, h %d, level %g: lower %.17g above upper %.17g",
                                     fpa_forecast_model_name(mod), c, j, lev[in],
                                     lo[in * 12 + j], hi[in * 12 + j]);
                        if (out >= 0 && !(lo[out * 12 + j] <= lo[in * 12 + j] &&
                                          hi[in * 12 + j] <= hi[out * 12 + j]))
                            fail_msg("%s, case %zu, h %d: the %g %% band is not inside the "
                                     "%g %% one", fpa_forecast_model_name(mod), c, j,
                                     lev[in], lev[out]);
                    }
                if (c == 0)  /* the series repeats exactly: so do the forecasts */
                    for (int j = 0; j < 12 && m != FPA_FORECAST_NAIVE &&
                                    m != FPA_FORECAST_DRIFT && m != FPA_FORECAST_MOVING_AVERAGE;
                         j++)
                        assert_close(mean[j], (j + 1) % 2, 0, 1e-9);
                fpa_forecast_model_free(mod);
            }
        fpa_opts_free(o);
    }
}

/* Issue 15: a positive series (a revenue, a cost) never gets a negative
 * forecast or lower bound unless the caller asks for an unrestricted
 * model; the truncated values are max(x, 0) of the unrestricted ones, the
 * quantiles of the forecast distribution censored at zero. */
static void positive_series_stay_positive(void **state)
{
    (void)state;
    double fall[24], mixed[24];
    for (int t = 0; t < 24; t++) {
        fall[t] = 240 - 10 * t + 6 * sin(t);  /* positive, falling fast */
        mixed[t] = fall[t] - 20;              /* crosses zero */
    }
    fpa_opts *free_o;
    assert_ok(fpa_opts_new(&free_o, NULL, NULL));
    assert_ok(fpa_opts_set(free_o, FPA_OPT_FORECAST_POSITIVE, FPA_POSITIVE_UNRESTRICTED));
    const double lev[2] = {80, 95};
    const fpa_forecast_method methods[] = {FPA_FORECAST_DRIFT, FPA_FORECAST_HOLT,
                                           FPA_FORECAST_ETS, FPA_FORECAST_THETA,
                                           FPA_FORECAST_LINEAR, FPA_FORECAST_COMBO};
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        for (int pos = 0; pos < 2; pos++) {
            const double *y = pos ? fall : mixed;
            fpa_forecast_model *m = fit(methods[i], y, 24, 1, NULL);
            double a[3][30], b[3][30];  /* mean, lower, upper: default, free */
            assert_ok(fpa_forecast_predict(a[0], a[1], a[2], m, 15, lev, 2, NULL));
            assert_ok(fpa_forecast_predict(b[0], b[1], b[2], m, 15, lev, 2, free_o));
            int negative = 0;
            for (int k = 0; k < 3; k++)
                for (int j = 0; j < (k ? 30 : 15); j++) {
                    negative += b[k][j] < 0;
                    double want = pos && b[k][j] < 0 ? 0 : b[k][j];
                    if (!(a[k][j] == want))
                        fail_msg("%s: value %d,%d is %g, expected %g", fpa_forecast_model_name(m),
                                 k, j, a[k][j], want);
                }
            assert_true(negative > 0);  /* the unrestricted model goes below zero */
            fpa_forecast_model_free(m);
        }
    /* simulated paths and simulated intervals likewise */
    fpa_forecast_model *m = fit(FPA_FORECAST_HOLT, fall, 24, 1, NULL);
    double paths[200 * 15], lo[15], hi[15], mean[15], l95 = 95;
    assert_ok(fpa_forecast_simulate(paths, m, 15, 200, NULL));
    for (int i = 0; i < 200 * 15; i++) assert_true(paths[i] >= 0);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
    assert_ok(fpa_forecast_predict(mean, lo, hi, m, 15, &l95, 1, o));
    for (int j = 0; j < 15; j++) assert_true(lo[j] >= 0 && mean[j] >= 0);
    assert_true(lo[14] == 0);
    assert_ok(fpa_forecast_simulate(paths, m, 15, 200, free_o));
    int below = 0;
    for (int i = 0; i < 200 * 15; i++) below += paths[i] < 0;
    assert_true(below > 0);
    fpa_forecast_model_free(m);
    fpa_opts_free(o);
    fpa_opts_free(free_o);
}

/* The model's notes: a fallback, a constant series, and a clearly seasonal
 * series forecast without its season. USAccDeaths 1973-1975 has a seasonal
 * strength of 0.954 by R's decompose() (1 - var(random) / var(seasonal +
 * random); R 4, forecast 8.20's seas.heuristic() gives 0.958 with STL and
 * nsdiffs(test = "seas") = 1), above the 0.64 threshold. */
static void notes_say_what_the_fit_did(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    unsigned notes;
    fpa_forecast_model *m = fit(FPA_FORECAST_NAIVE, y->v, 36, 12, NULL);
    assert_ok(fpa_forecast_model_notes(&notes, m));
    assert_int_equal(notes, FPA_NOTE_SEASONAL_IGNORED);
    fpa_forecast_model_free(m);
    m = fit(FPA_FORECAST_SNAIVE, y->v, 36, 12, NULL);
    assert_ok(fpa_forecast_model_notes(&notes, m));
    assert_int_equal(notes, 0);
    fpa_forecast_model_free(m);
    m = fit(FPA_FORECAST_ETS, y->v, 3, 12, NULL);  /* three values: drift */
    assert_ok(fpa_forecast_model_notes(&notes, m));
    assert_int_equal(notes, FPA_NOTE_FALLBACK);
    fpa_forecast_model_free(m);
    double c[30];
    for (int i = 0; i < 30; i++) c[i] = 4;
    m = fit(FPA_FORECAST_THETA, c, 30, 12, NULL);
    assert_ok(fpa_forecast_model_notes(&notes, m));
    assert_int_equal(notes, FPA_NOTE_CONSTANT);
    fpa_forecast_model_free(m);
    assert_string_equal(fpa_forecast_note_text(FPA_NOTE_SEASONAL_IGNORED),
                        "clearly seasonal series, non-seasonal forecast");
    assert_non_null(fpa_forecast_note_text(FPA_NOTE_FALLBACK));
    assert_non_null(fpa_forecast_note_text(FPA_NOTE_CONSTANT));
    assert_null(fpa_forecast_note_text((fpa_forecast_note)8));
    assert_status(fpa_forecast_model_notes(NULL, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_model_notes(&notes, NULL), FPA_EINVAL);
}

static void short_series_fall_back(void **state)
{
    (void)state;
    const ref_item *y = USACC;
    double mean[6];
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ENSEMBLE; m++) {
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
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ENSEMBLE; m++) {
        fpa_forecast_model *mod = fit((fpa_forecast_method)m, c, 30, 12, NULL);
        assert_string_equal(fpa_forecast_model_name(mod), "Naive (constant series)");
        assert_ok(fpa_forecast_predict(mean, lo, hi, mod, 5, &lev, 1, NULL));
        for (int j = 0; j < 5; j++) assert_true(mean[j] == 7.5 && lo[j] == 7.5 && hi[j] == 7.5);
        fpa_forecast_model_free(mod);
    }
    /* zeros and negatives: only additive ETS models are candidates */
    for (int i = 0; i < 40; i++) zn[i] = (i % 4 == 0) ? 0 : sin(i) * 10 + (i % 7) - 3;
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ENSEMBLE; m++) {
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
    for (int m = FPA_FORECAST_NAIVE; m <= FPA_FORECAST_ENSEMBLE; m++) {
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

/* ---- the ensemble -------------------------------------------------------------- */

/* The property that defines the ensemble: its forecasts and bounds are
 * the means of those of the ETS combination, ARIMA and Theta fitted alone
 * (on R's USAccDeaths, ldeaths, Nile and a short tail), truncated or not;
 * it has no parameters or state-space form of its own; an update refits
 * the members on the longer series. */
static void ensemble_is_the_mean_of_its_members(void **state)
{
    (void)state;
    const ref_item *ys[4] = {USACC, series("ets", "ldeaths_MNM"), NILE, USACC};
    const size_t pers[4] = {12, 12, 1, 12}, lens[4] = {0, 0, 0, 20};
    const fpa_forecast_method members[3] = {FPA_FORECAST_COMBO, FPA_FORECAST_ARIMA,
                                            FPA_FORECAST_THETA};
    enum { H = 12 };
    double lev[2] = {80, 95};
    for (int positive = 0; positive <= 1; positive++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_POSITIVE, positive));
        for (size_t k = 0; k < 4; k++) {
            const double *y = ys[k]->v;
            size_t n = lens[k] ? lens[k] : ys[k]->n, per = pers[k];
            double mean[H], lo[2 * H], hi[2 * H], sum[H] = {0}, slo[2 * H] = {0},
                   shi[2 * H] = {0};
            fpa_forecast_model *m = fit(FPA_FORECAST_ENSEMBLE, y, n, per, o);
            assert_int_equal(fpa_forecast_model_method(m), FPA_FORECAST_ENSEMBLE);
            assert_ok(fpa_forecast_predict(mean, lo, hi, m, H, lev, 2, o));
            for (size_t i = 0; i < 3; i++) {
                double a[H], alo[2 * H], ahi[2 * H];
                fpa_forecast_model *mi = fit(members[i], y, n, per, o);
                assert_ok(fpa_forecast_predict(a, alo, ahi, mi, H, lev, 2, o));
                for (size_t j = 0; j < H; j++) sum[j] += a[j] / 3;
                for (size_t j = 0; j < 2 * H; j++) slo[j] += alo[j] / 3, shi[j] += ahi[j] / 3;
                fpa_forecast_model_free(mi);
            }
            assert_all_close(mean, sum, H, 1e-12, 0, "mean of the members");
            assert_all_close(lo, slo, 2 * H, 1e-12, 0, "lower bounds of the members");
            assert_all_close(hi, shi, 2 * H, 1e-12, 0, "upper bounds of the members");
            double v, paths[4];
            assert_status(fpa_forecast_model_param(&v, m, FPA_PARAM_SIGMA2), FPA_EINVAL);
            assert_status(fpa_forecast_simulate(paths, m, 4, 1, o), FPA_EINVAL);
            /* an update refits the three members on the longer series */
            fpa_forecast_model *shorter = fit(FPA_FORECAST_ENSEMBLE, y, n - 4, per, o);
            assert_ok(fpa_forecast_model_update(shorter, y + n - 4, 4));
            assert_ok(fpa_forecast_predict(sum, NULL, NULL, shorter, H, NULL, 0, o));
            assert_memory_equal(sum, mean, sizeof sum);
            fpa_forecast_model_free(shorter);
            fpa_forecast_model_free(m);
        }
        fpa_opts_free(o);
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

/* The set keeps what the batch forgets: its forecasts are the batch's bit
 * for bit (simulated intervals included), its model i is fpa_forecast_fit()
 * on series i, a failing series keeps its status, and its parameter table
 * is the models' getters. */
static void set_equals_batch_and_fits(void **state)
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
    enum { H = 12, S = 4, P = 5 };
    const fpa_forecast_param which[P] = {FPA_PARAM_ALPHA, FPA_PARAM_BETA, FPA_PARAM_GAMMA,
                                         FPA_PARAM_THETA, FPA_PARAM_AICC};
    fpa_forecast_method methods[] = {FPA_FORECAST_ETS, FPA_FORECAST_COMBO,
                                     FPA_FORECAST_THETA, FPA_FORECAST_ARIMA};
    for (size_t mi = 0; mi < sizeof methods / sizeof *methods; mi++) {
        for (unsigned threads = 1; threads <= 3; threads += 2) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
            assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 500));
            double mean[S * H], lo[S * 2 * H], hi[S * 2 * H];
            double smean[S * H], slo[S * 2 * H], shi[S * 2 * H];
            char names[S * FPA_FORECAST_NAME_MAX];
            fpa_status st[S];
            assert_ok(fpa_forecast_batch(mean, lo, hi, names, st, methods[mi], values, off,
                                         S, 12, H, lev, 2, o));
            fpa_forecast_set *set;
            assert_ok(fpa_forecast_set_fit(&set, methods[mi], values, off, S, 12, o));
            assert_int_equal(fpa_forecast_set_size(set), S);
            assert_status(fpa_forecast_set_predict(smean, slo, shi, set, H, lev, 2, o),
                          FPA_PARTIAL);
            assert_non_null(strstr(fpa_error_last(), "series 2"));
            assert_memory_equal(smean, mean, sizeof mean);
            assert_memory_equal(slo, lo, sizeof lo);
            assert_memory_equal(shi, hi, sizeof hi);
            double table[S * P];
            assert_ok(fpa_forecast_set_params(table, S * P, set, which, P));
            for (size_t i = 0; i < S; i++) {
                fpa_status si;
                const fpa_forecast_model *sm = fpa_forecast_set_model(&si, set, i);
                assert_int_equal(si, st[i]);
                if (i == 2) {  /* the all-NaN series */
                    assert_null(sm);
                    assert_int_equal(si, FPA_EDATA);
                    for (size_t k = 0; k < P; k++) assert_true(isnan(table[i * P + k]));
                    continue;
                }
                assert_string_equal(fpa_forecast_model_name(sm),
                                    names + i * FPA_FORECAST_NAME_MAX);
                fpa_forecast_model *m;
                assert_ok(fpa_forecast_fit(&m, methods[mi], values + off[i],
                                           off[i + 1] - off[i], 12, o));
                assert_string_equal(fpa_forecast_model_name(m), fpa_forecast_model_name(sm));
                double one[H], alone[H];
                assert_ok(fpa_forecast_predict(one, NULL, NULL, m, H, NULL, 0, o));
                assert_ok(fpa_forecast_predict(alone, NULL, NULL, sm, H, NULL, 0, o));
                assert_memory_equal(one, alone, sizeof one);
                for (size_t k = 0; k < P; k++) {
                    double v;
                    if (fpa_forecast_model_param(&v, m, which[k]) == FPA_OK)
                        assert_memory_equal(&v, &table[i * P + k], sizeof v);
                    else
                        assert_true(isnan(table[i * P + k]));
                }
                fpa_forecast_model_free(m);
            }
            fpa_forecast_set_free(set);
            fpa_opts_free(o);
        }
    }
}

/* Every argument of the set checked, named in the detail. */
static void set_bad_input(void **state)
{
    (void)state;
    const ref_item *a = USACC;
    size_t off[3] = {0, 36, a->n}, bad_off[3] = {0, 10, 5};
    fpa_forecast_set *set = (fpa_forecast_set *)&off;  /* overwritten on failure */
    assert_status(fpa_forecast_set_fit(NULL, FPA_FORECAST_ETS, a->v, off, 2, 12, NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, a->v, NULL, 2, 12, NULL),
                  FPA_EINVAL);
    assert_null(set);
    assert_status(fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, NULL, off, 2, 12, NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, a->v, bad_off, 2, 12, NULL),
                  FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "offsets[2]"));
    assert_status(fpa_forecast_set_fit(&set, (fpa_forecast_method)99, a->v, off, 2, 12,
                                       NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, a->v, off, 2, 0, NULL),
                  FPA_EINVAL);
    /* no series: an empty set */
    assert_ok(fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, NULL, off, 0, 12, NULL));
    assert_int_equal(fpa_forecast_set_size(set), 0);
    fpa_forecast_set_free(set);

    assert_ok(fpa_forecast_set_fit(&set, FPA_FORECAST_THETA, a->v, off, 2, 12, NULL));
    double mean[2 * 3], lo[2 * 3], hi[2 * 3], lev = 80, bad_lev = 100, table[4];
    fpa_forecast_param alpha[2] = {FPA_PARAM_ALPHA, (fpa_forecast_param)99};
    assert_status(fpa_forecast_set_predict(NULL, lo, hi, set, 3, &lev, 1, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_set_predict(mean, NULL, hi, set, 3, &lev, 1, NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_set_predict(mean, lo, hi, NULL, 3, &lev, 1, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_set_predict(mean, lo, hi, set, 0, &lev, 1, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_set_predict(mean, lo, hi, set, 3, &bad_lev, 1, NULL),
                  FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "levels[0]"));
    assert_ok(fpa_forecast_set_predict(mean, lo, hi, set, 3, &lev, 1, NULL));
    assert_status(fpa_forecast_set_params(NULL, 4, set, alpha, 1), FPA_EINVAL);
    assert_status(fpa_forecast_set_params(table, 4, NULL, alpha, 1), FPA_EINVAL);
    assert_status(fpa_forecast_set_params(table, 4, set, NULL, 1), FPA_EINVAL);
    assert_status(fpa_forecast_set_params(table, 4, set, alpha, 2), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "which[1]"));
    assert_status(fpa_forecast_set_params(table, 1, set, alpha, 1), FPA_ESIZE);
    fpa_status s = FPA_OK;
    assert_null(fpa_forecast_set_model(&s, set, 2));
    assert_int_equal(s, FPA_EINVAL);
    assert_null(fpa_forecast_set_model(&s, NULL, 0));
    assert_int_equal(fpa_forecast_set_size(NULL), 0);
    fpa_forecast_set_free(set);
    fpa_forecast_set_free(NULL);
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
    fpa_forecast_set *set = NULL;
    FPA_ALLOC_SWEEP(set = NULL,
                    fpa_forecast_set_fit(&set, FPA_FORECAST_ETS, values, off, 2, 12, opts),
                    fpa_forecast_set_free(set));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_method_forecasts),
        cmocka_unit_test(intervals_ordered_and_nested),
        cmocka_unit_test(positive_series_stay_positive),
        cmocka_unit_test(notes_say_what_the_fit_did),
        cmocka_unit_test(short_series_fall_back),
        cmocka_unit_test(constant_zero_negative_series),
        cmocka_unit_test(missing_values),
        cmocka_unit_test(huge_magnitudes),
        cmocka_unit_test(intervals_simulated_and_reproducible),
        cmocka_unit_test(update_equals_rebuild),
        cmocka_unit_test(optimised_theta_reaches_scipy_optimum),
        cmocka_unit_test(batch_is_thread_invariant_and_equals_single),
        cmocka_unit_test(ensemble_is_the_mean_of_its_members),
        cmocka_unit_test(set_equals_batch_and_fits),
        cmocka_unit_test(set_bad_input),
        cmocka_unit_test(backtest_equals_refits),
        cmocka_unit_test(rolling_versions_view_lags_outlook),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
