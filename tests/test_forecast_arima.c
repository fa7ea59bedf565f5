/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Seasonal ARIMA against R 4.2 / forecast 8.20 (stats::arima, Arima,
 * auto.arima).
 *
 * Expected values: tests/ref/arima_ref.txt, written by
 *     Rscript tests/ref/make_arima_ref.R /work/shared/data > tests/ref/arima_ref.txt
 * on R's datasets (lh, WWWusage, Nile, LakeHuron, BJsales, USAccDeaths,
 * UKgas, JohnsonJohnson, austres, airmiles, lynx, ldeaths, AirPassengers,
 * nottem, Seatbelts, freeny) and eight M1 series, which the file holds.
 *
 * Tolerances, and why:
 * - "fixed": R's Arima() with every coefficient fixed at R's estimates.
 *   The model then follows from the coefficients: libfpa runs R's Kalman
 *   filter (same state space, prior and exclusion rule), so the
 *   log-likelihood, criteria, sigma2, residuals, forecasts and intervals
 *   agree to 1e-9 relative.
 * - "estimate": R's Arima() estimates; libfpa minimises the same
 *   objectives with NLopt's L-BFGS instead of R's BFGS and evaluates the
 *   likelihood by the Chandrasekhar recursions (R's within 1e-5), so the
 *   estimates agree where the likelihood is curved: coefficients within
 *   2e-3, the log-likelihood never below R's by more than 1e-4 and within
 *   0.01 of it, forecasts and interval bounds within 1e-3 relative,
 *   standard errors (numerical Hessians of both) within 2 %.
 * - "auto": R's auto.arima(). libfpa must pick R's orders and constant, or
 *   a model with a lower AICc than R's pick (R's search stops at a local
 *   optimum of its optimiser); with R's model, AICc within 1e-3 and
 *   forecasts within 1e-3 relative. */
#include "refcases.h"

static ref_file ref;

static int setup(void **state)
{
    (void)state;
    ref_load(&ref, FPA_REF_DIR "/arima_ref.txt");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ref_free(&ref);
    return 0;
}

static bool has(const ref_case *c, const char *key)
{
    for (size_t i = 0; i < c->nitems; i++)
        if (!strcmp(c->item[i].key, key)) return true;
    return false;
}

/* Fit a case: its orders when `explicit_order`, R's coefficients fixed
 * when `fixed`; *future gets the drivers' future values (or NULL). */
static fpa_forecast_model *fit_case(const ref_case *c, bool explicit_order, bool fixed,
                                    fpa_forecast_drivers **future)
{
    const ref_item *y = ref_get(c, "y");
    fpa_forecast_arima_spec *spec;
    assert_ok(fpa_forecast_arima_spec_new(&spec, NULL));
    if (explicit_order) {
        const double *o = ref_get(c, "order")->v;
        assert_ok(fpa_forecast_arima_spec_set_order(spec, (size_t)o[0], (size_t)o[1],
                                                    (size_t)o[2], (size_t)o[3],
                                                    (size_t)o[4], (size_t)o[5]));
        static const fpa_arima_constant kinds[] = {
            FPA_ARIMA_CONSTANT_NONE, FPA_ARIMA_CONSTANT_MEAN, FPA_ARIMA_CONSTANT_DRIFT};
        assert_ok(fpa_forecast_arima_spec_set_constant(spec, kinds[(int)ref_num(c, "const")]));
    }
    *future = NULL;
    if (has(c, "xreg")) {
        size_t k = (size_t)ref_num(c, "xcols");
        fpa_forecast_drivers *d;
        assert_ok(fpa_forecast_drivers_new(&d, ref_get(c, "xreg")->v, y->n, k, NULL));
        assert_ok(fpa_forecast_arima_spec_set_drivers(spec, d));
        fpa_forecast_drivers_free(d);
        const ref_item *f = ref_get(c, "xfuture");
        assert_ok(fpa_forecast_drivers_new(future, f->v, f->n / k, k, NULL));
    }
    if (fixed) {
        const ref_item *co = ref_get(c, "coef");
        assert_ok(fpa_forecast_arima_spec_set_coef(spec, co->v, co->n));
    }
    fpa_forecast_model *m;
    assert_ok(fpa_forecast_arima_fit(&m, spec, y->v, y->n, (size_t)ref_num(c, "period"),
                                     NULL));
    fpa_forecast_arima_spec_free(spec);
    return m;
}

/* The model's name as the reference writes it (blanks as '_'). */
static void check_name(const ref_case *c, const fpa_forecast_model *m)
{
    char name[FPA_FORECAST_NAME_MAX];
    snprintf(name, sizeof name, "%s", fpa_forecast_model_name(m));
    for (char *p = name; *p; p++)
        if (*p == ' ') *p = '_';
    const ref_item *want = ref_get(c, "model");
    if (strncmp(name, want->word, sizeof want->word))
        fail_msg("%s: model %s, R's %s", c->name, name, want->word);
}

static void check_forecast(const ref_case *c, const fpa_forecast_model *m,
                           const fpa_forecast_drivers *future, double rel)
{
    size_t h = (size_t)ref_num(c, "h");
    double mean[64], lo[128], hi[128], lev[2] = {80, 95};
    assert_true(h <= 64);
    if (future)
        assert_ok(fpa_forecast_predict_drivers(mean, lo, hi, m, future, lev, 2, NULL));
    else
        assert_ok(fpa_forecast_predict(mean, lo, hi, m, h, lev, 2, NULL));
    /* bounds near zero (log data): an absolute part from the mean's scale */
    double scale = fabs(ref_get(c, "mean")->v[0]) * rel;
    assert_all_close(mean, ref_get(c, "mean")->v, h, rel, scale, c->name);
    assert_all_close(lo, ref_get(c, "lo80")->v, h, rel, scale, "lo80");
    assert_all_close(hi, ref_get(c, "hi80")->v, h, rel, scale, "hi80");
    assert_all_close(lo + h, ref_get(c, "lo95")->v, h, rel, scale, "lo95");
    assert_all_close(hi + h, ref_get(c, "hi95")->v, h, rel, scale, "hi95");
}

static double param(const fpa_forecast_model *m, fpa_forecast_param p)
{
    double v;
    assert_ok(fpa_forecast_model_param(&v, m, p));
    return v;
}

static void arima_from_r_coefficients(void **state)
{
    (void)state;
    int cases = 0;
    for (size_t k = 0; k < ref.n; k++) {
        const ref_case *c = &ref.c[k];
        if (strcmp(c->kind, "fixed")) continue;
        fpa_forecast_drivers *future;
        fpa_forecast_model *m = fit_case(c, true, true, &future);
        check_name(c, m);
        static const struct { const char *key; fpa_forecast_param p; } q[] = {
            {"loglik", FPA_PARAM_LOGLIK}, {"aic", FPA_PARAM_AIC}, {"aicc", FPA_PARAM_AICC},
            {"bic", FPA_PARAM_BIC}, {"sigma2", FPA_PARAM_SIGMA2}};
        for (size_t i = 0; i < sizeof q / sizeof *q; i++)
            assert_close(param(m, q[i].p), ref_num(c, q[i].key), 1e-9, 0);
        const ref_item *y = ref_get(c, "y"), *res = ref_get(c, "resid");
        double fit[600], want[600];
        assert_true(y->n <= 600);
        assert_ok(fpa_forecast_model_fitted(fit, 600, m));
        for (size_t t = 0; t < y->n; t++) want[t] = y->v[t] - res->v[t];
        assert_all_close(fit, want, y->n, 1e-9, 1e-9 * fabs(y->v[0]), "fitted");
        size_t n;
        double coef[32];
        assert_ok(fpa_forecast_model_coef(coef, NULL, 32, &n, m));
        assert_int_equal(n, ref_get(c, "coef")->n);
        assert_all_close(coef, ref_get(c, "coef")->v, n, 0, 0, "coef");
        check_forecast(c, m, future, 1e-9);
        fpa_forecast_model_free(m);
        fpa_forecast_drivers_free(future);
        cases++;
    }
    assert_int_equal(cases, 11);
}

static void arima_estimates_match_r(void **state)
{
    (void)state;
    int cases = 0;
    for (size_t k = 0; k < ref.n; k++) {
        const ref_case *c = &ref.c[k];
        if (strcmp(c->kind, "estimate")) continue;
        fpa_forecast_drivers *future;
        fpa_forecast_model *m = fit_case(c, true, false, &future);
        check_name(c, m);
        double ll = param(m, FPA_PARAM_LOGLIK), r_ll = ref_num(c, "loglik");
        if (!(ll >= r_ll - 1e-4 && ll <= r_ll + 0.01))
            fail_msg("%s: log-likelihood %.8f, R's %.8f", c->name, ll, r_ll);
        assert_close(param(m, FPA_PARAM_SIGMA2), ref_num(c, "sigma2"), 1e-3, 0);
        size_t n;
        double coef[32], se[32];
        assert_ok(fpa_forecast_model_coef(coef, se, 32, &n, m));
        const ref_item *rc = ref_get(c, "coef"), *rs = ref_get(c, "se");
        assert_int_equal(n, rc->n);
        for (size_t i = 0; i < n; i++) {
            /* regression coefficients on the data's scale */
            double scale = fmax(1, fabs(rc->v[i]));
            assert_close(coef[i], rc->v[i], 0, 2e-3 * scale);
            assert_close(se[i], rs->v[i], 0.02, 0);
            assert_string_equal(fpa_forecast_model_coef_name(m, i),
                                i < n ? fpa_forecast_model_coef_name(m, i) : "");
        }
        check_forecast(c, m, future, 1e-3);
        fpa_forecast_model_free(m);
        fpa_forecast_drivers_free(future);
        cases++;
    }
    assert_int_equal(cases, 11);
}

static void auto_arima_matches_r(void **state)
{
    (void)state;
    int cases = 0, same = 0;
    for (size_t k = 0; k < ref.n; k++) {
        const ref_case *c = &ref.c[k];
        if (strcmp(c->kind, "auto")) continue;
        fpa_forecast_drivers *future;
        fpa_forecast_model *m = fit_case(c, false, false, &future);
        size_t order[7], nd;
        fpa_arima_constant constant;
        assert_ok(fpa_forecast_model_arima(order, &constant, &nd, m));
        const double *o = ref_get(c, "order")->v;
        int rc = (int)ref_num(c, "const");
        bool equal = (int)constant == (rc == 0 ? FPA_ARIMA_CONSTANT_NONE
                                      : rc == 1 ? FPA_ARIMA_CONSTANT_MEAN
                                                : FPA_ARIMA_CONSTANT_DRIFT);
        for (int i = 0; i < 6; i++) equal = equal && order[i] == (size_t)o[i];
        double aicc = param(m, FPA_PARAM_AICC), r_aicc = ref_num(c, "aicc");
        if (equal) {
            check_name(c, m);
            assert_close(aicc, r_aicc, 0, 1e-3);
            check_forecast(c, m, future, 1e-3);
            same++;
        } else if (!(aicc < r_aicc)) {
            fail_msg("%s: %s with AICc %.4f differs from R's %s (AICc %.4f)", c->name,
                     fpa_forecast_model_name(m), aicc, ref_get(c, "model")->word, r_aicc);
        }
        fpa_forecast_model_free(m);
        fpa_forecast_drivers_free(future);
        cases++;
    }
    assert_int_equal(cases, 26);
    assert_true(same >= 25);
}

/* ---- edge cases, bad input, properties --------------------------------------- */

static const ref_case *find(const char *kind, const char *name)
{
    for (size_t k = 0; k < ref.n; k++)
        if (!strcmp(ref.c[k].kind, kind) && !strcmp(ref.c[k].name, name)) return &ref.c[k];
    fail_msg("no case %s %s", kind, name);
    return NULL;
}

static fpa_forecast_arima_spec *spec_new(void)
{
    fpa_forecast_arima_spec *s;
    assert_ok(fpa_forecast_arima_spec_new(&s, NULL));
    return s;
}

static void constant_and_short_series(void **state)
{
    (void)state;
    double c[40], mean[6], lo[6], hi[6], lev = 95, x[40];
    for (int i = 0; i < 40; i++) c[i] = 12.5, x[i] = i % 7;
    fpa_forecast_model *m;
    /* a constant series: the naive forecast, zero-width intervals (R's
     * auto.arima: ARIMA(0,0,0) with the mean fixed, se 0); drivers are
     * ignored, as R ignores them */
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, c, 40, 12, NULL));
    assert_string_equal(fpa_forecast_model_name(m), "Naive (constant series)");
    assert_ok(fpa_forecast_predict(mean, lo, hi, m, 6, &lev, 1, NULL));
    for (int j = 0; j < 6; j++) assert_true(mean[j] == 12.5 && lo[j] == 12.5 && hi[j] == 12.5);
    assert_status(fpa_forecast_model_arima(NULL, NULL, NULL, m), FPA_EINVAL);
    fpa_forecast_model_free(m);
    fpa_forecast_drivers *d, *f;
    assert_ok(fpa_forecast_drivers_new(&d, x, 40, 1, NULL));
    assert_ok(fpa_forecast_drivers_new(&f, x, 6, 1, NULL));
    fpa_forecast_arima_spec *s = spec_new();
    assert_ok(fpa_forecast_arima_spec_set_drivers(s, d));
    assert_ok(fpa_forecast_arima_fit(&m, s, c, 40, 12, NULL));
    assert_ok(fpa_forecast_predict_drivers(mean, lo, hi, m, f, &lev, 1, NULL));
    assert_true(mean[5] == 12.5);
    fpa_forecast_model_free(m);
    fpa_forecast_arima_spec_free(s);
    fpa_forecast_drivers_free(d);
    fpa_forecast_drivers_free(f);
    /* one to five values: a forecast always comes (auto.arima, or the
     * fallback chain when nothing can be fitted) */
    const ref_item *y = ref_get(find("auto", "USAccDeaths"), "y");
    for (size_t n = 1; n <= 5; n++) {
        assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, y->v, n, 12, NULL));
        assert_ok(fpa_forecast_predict(mean, lo, hi, m, 6, &lev, 1, NULL));
        for (int j = 0; j < 6; j++) assert_true(lo[j] <= mean[j] && mean[j] <= hi[j]);
        fpa_forecast_model_free(m);
    }
    /* explicit orders need the values their differences take */
    s = spec_new();
    assert_ok(fpa_forecast_arima_spec_set_order(s, 0, 1, 1, 0, 1, 1));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, 13, 12, NULL), FPA_EDATA);
    assert_null(m);
    assert_ok(fpa_forecast_arima_fit(&m, s, y->v, 20, 12, NULL));
    fpa_forecast_model_free(m);
    fpa_forecast_arima_spec_free(s);
}

static void drivers_refused(void **state)
{
    (void)state;
    const ref_case *c = find("auto", "freeny_xreg");
    const ref_item *y = ref_get(c, "y"), *x = ref_get(c, "xreg");
    size_t n = y->n, k = 2;
    double bad[200];
    fpa_forecast_drivers *d = NULL, *f = NULL;
    memcpy(bad, x->v, n * k * sizeof *bad);
    bad[3 * k + 1] = NAN;
    assert_status(fpa_forecast_drivers_new(&d, bad, n, k, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "drivers: row 3, column 1 is NaN");
    assert_null(d);
    bad[3 * k + 1] = INFINITY;
    assert_status(fpa_forecast_drivers_new(&d, bad, n, k, NULL), FPA_EDOM);
    assert_status(fpa_forecast_drivers_new(&d, NULL, n, k, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_drivers_new(&d, x->v, 0, k, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_drivers_new(&d, x->v, n, 0, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_drivers_new(NULL, x->v, n, k, NULL), FPA_EINVAL);
    fpa_forecast_drivers_free(NULL);
    fpa_forecast_model *m;
    fpa_forecast_arima_spec *s = spec_new();
    /* a singular regressor matrix: a copied column, a constant one, one
     * that is a combination of the other and a constant */
    for (int kind = 0; kind < 3; kind++) {
        memcpy(bad, x->v, n * k * sizeof *bad);
        for (size_t t = 0; t < n; t++)
            bad[t * k + 1] = kind == 0 ? bad[t * k] : kind == 1 ? 4.0 : 3 - 2 * bad[t * k];
        assert_ok(fpa_forecast_drivers_new(&d, bad, n, k, NULL));
        assert_ok(fpa_forecast_arima_spec_set_drivers(s, d));
        fpa_forecast_drivers_free(d);
        assert_status(fpa_forecast_arima_fit(&m, s, y->v, n, 4, NULL), FPA_EDATA);
        assert_memory_equal(fpa_error_last(), "drivers: ", 9);
    }
    /* rows that do not match the series */
    assert_ok(fpa_forecast_drivers_new(&d, x->v, n - 1, k, NULL));
    assert_ok(fpa_forecast_arima_spec_set_drivers(s, d));
    fpa_forecast_drivers_free(d);
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, n, 4, NULL), FPA_EINVAL);
    /* a model with drivers needs their future values, all of them */
    assert_ok(fpa_forecast_drivers_new(&d, x->v, n, k, NULL));
    assert_ok(fpa_forecast_arima_spec_set_drivers(s, d));
    assert_ok(fpa_forecast_arima_fit(&m, s, y->v, n, 4, NULL));
    double mean[4], out[40], lev = 80;
    assert_status(fpa_forecast_predict(mean, NULL, NULL, m, 4, NULL, 0, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "the model has 2 drivers: give their future "
                        "values (fpa_forecast_predict_drivers)");
    assert_status(fpa_forecast_simulate(out, m, 4, 10, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_predict_drivers(mean, NULL, NULL, m, NULL, NULL, 0, NULL),
                  FPA_EINVAL);
    assert_ok(fpa_forecast_drivers_new(&f, x->v, 4, 1, NULL));  /* one column short */
    assert_status(fpa_forecast_predict_drivers(mean, NULL, NULL, m, f, NULL, 0, NULL),
                  FPA_EINVAL);
    assert_status(fpa_forecast_simulate_drivers(out, m, f, 10, NULL), FPA_EINVAL);
    fpa_forecast_drivers_free(f);
    assert_ok(fpa_forecast_drivers_new(&f, ref_get(c, "xfuture")->v, 4, k, NULL));
    assert_status(fpa_forecast_predict_drivers(mean, NULL, NULL, m, f, &lev, 1, NULL),
                  FPA_EINVAL);  /* bounds without their buffers */
    assert_ok(fpa_forecast_simulate_drivers(out, m, f, 10, NULL));
    assert_status(fpa_forecast_model_update(m, y->v, 2), FPA_EINVAL);
    fpa_forecast_model_free(m);
    /* future drivers for a model that has none */
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, y->v, n, 4, NULL));
    assert_status(fpa_forecast_predict_drivers(mean, NULL, NULL, m, f, NULL, 0, NULL),
                  FPA_EINVAL);
    fpa_forecast_model_free(m);
    fpa_forecast_drivers_free(f);
    fpa_forecast_drivers_free(d);
    fpa_forecast_arima_spec_free(s);
}

static void specification_refused(void **state)
{
    (void)state;
    const ref_item *y = ref_get(find("auto", "USAccDeaths"), "y");
    fpa_forecast_model *m;
    fpa_forecast_arima_spec *s = spec_new();
    assert_status(fpa_forecast_arima_spec_new(NULL, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_arima_spec_set_order(NULL, 0, 0, 0, 0, 0, 0), FPA_EINVAL);
    assert_status(fpa_forecast_arima_spec_set_order(s, 31, 0, 0, 0, 0, 0), FPA_EINVAL);
    assert_status(fpa_forecast_arima_spec_set_order(s, 0, 3, 0, 0, 0, 0), FPA_EINVAL);
    assert_status(fpa_forecast_arima_spec_set_constant(s, (fpa_arima_constant)9), FPA_EINVAL);
    assert_status(fpa_forecast_arima_spec_set_coef(s, NULL, 2), FPA_EINVAL);
    double inf = INFINITY;
    assert_status(fpa_forecast_arima_spec_set_coef(s, &inf, 1), FPA_EDOM);
    /* fixed coefficients, a mean or a drift need explicit orders */
    double one = 0.5;
    assert_ok(fpa_forecast_arima_spec_set_coef(s, &one, 1));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    assert_ok(fpa_forecast_arima_spec_set_coef(s, NULL, 0));
    assert_ok(fpa_forecast_arima_spec_set_constant(s, FPA_ARIMA_CONSTANT_DRIFT));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    /* a constant the differences do not allow */
    assert_ok(fpa_forecast_arima_spec_set_order(s, 1, 0, 0, 0, 0, 0));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    assert_ok(fpa_forecast_arima_spec_set_order(s, 0, 1, 1, 0, 0, 0));
    assert_ok(fpa_forecast_arima_spec_set_constant(s, FPA_ARIMA_CONSTANT_MEAN));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    /* seasonal orders need a period */
    assert_ok(fpa_forecast_arima_spec_set_constant(s, FPA_ARIMA_CONSTANT_AUTO));
    assert_ok(fpa_forecast_arima_spec_set_order(s, 0, 1, 1, 0, 1, 1));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 1, NULL), FPA_EINVAL);
    /* fixed coefficients: their number, and a stationary AR part */
    double two[2] = {0.2, 0.3}, ar[2] = {1.2, NAN};
    assert_ok(fpa_forecast_arima_spec_set_coef(s, two, 1));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    assert_ok(fpa_forecast_arima_spec_set_order(s, 1, 1, 1, 0, 0, 0));
    assert_ok(fpa_forecast_arima_spec_set_coef(s, ar, 2));
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL), FPA_EDATA);
    /* half fixed: the other half estimated */
    ar[0] = 0.2;
    assert_ok(fpa_forecast_arima_spec_set_coef(s, ar, 2));
    assert_ok(fpa_forecast_arima_fit(&m, s, y->v, y->n, 12, NULL));
    double coef[2], se[2];
    size_t nc;
    assert_status(fpa_forecast_model_coef(coef, se, 1, &nc, m), FPA_ESIZE);
    assert_int_equal(nc, 2);
    assert_ok(fpa_forecast_model_coef(coef, se, 2, &nc, m));
    assert_true(coef[0] == 0.2 && isnan(se[0]) && se[1] > 0);
    assert_string_equal(fpa_forecast_model_coef_name(m, 1), "ma1");
    assert_null(fpa_forecast_model_coef_name(m, 2));
    assert_null(fpa_forecast_model_coef_name(NULL, 0));
    assert_status(fpa_forecast_model_coef(coef, se, 2, NULL, m), FPA_EINVAL);
    fpa_forecast_model_free(m);
    assert_status(fpa_forecast_arima_fit(&m, NULL, y->v, y->n, 12, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_arima_fit(&m, s, y->v, y->n, 0, NULL), FPA_EINVAL);
    assert_status(fpa_forecast_arima_fit(NULL, s, y->v, y->n, 12, NULL), FPA_EINVAL);
    fpa_forecast_arima_spec_free(s);
    fpa_forecast_arima_spec_free(NULL);
    /* the accessors refuse other methods */
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y->v, y->n, 12, NULL));
    assert_status(fpa_forecast_model_coef(coef, se, 2, &nc, m), FPA_EINVAL);
    assert_null(fpa_forecast_model_coef_name(m, 0));
    fpa_forecast_model_free(m);
}

/* Appending values runs the filter on: the state is that of the model built
 * from the same coefficients on the whole series. */
static void update_equals_rebuild(void **state)
{
    (void)state;
    const ref_item *y = ref_get(find("fixed", "USAccDeaths_101_011_drift"), "y");
    const double *co = ref_get(find("fixed", "USAccDeaths_101_011_drift"), "coef")->v;
    fpa_forecast_model *a, *b;
    fpa_forecast_arima_spec *s = spec_new();
    assert_ok(fpa_forecast_arima_spec_set_order(s, 1, 0, 1, 0, 1, 1));
    assert_ok(fpa_forecast_arima_spec_set_constant(s, FPA_ARIMA_CONSTANT_DRIFT));
    assert_ok(fpa_forecast_arima_spec_set_coef(s, co, 4));
    assert_ok(fpa_forecast_arima_fit(&a, s, y->v, 60, 12, NULL));
    assert_ok(fpa_forecast_model_update(a, y->v + 60, y->n - 60));
    assert_ok(fpa_forecast_arima_fit(&b, s, y->v, y->n, 12, NULL));
    assert_int_equal(fpa_forecast_model_length(a), y->n);
    double fa[24], fb[24], ta[72], tb[72];
    assert_ok(fpa_forecast_predict(fa, NULL, NULL, a, 24, NULL, 0, NULL));
    assert_ok(fpa_forecast_predict(fb, NULL, NULL, b, 24, NULL, 0, NULL));
    assert_all_close(fa, fb, 24, 1e-9, 0, "forecast");
    assert_ok(fpa_forecast_model_fitted(ta, 72, a));
    assert_ok(fpa_forecast_model_fitted(tb, 72, b));
    assert_all_close(ta, tb, 72, 1e-9, 0, "fitted");
    double nan = NAN;
    assert_status(fpa_forecast_model_update(a, &nan, 1), FPA_EDOM);
    fpa_forecast_model_free(a);
    fpa_forecast_model_free(b);
    fpa_forecast_arima_spec_free(s);
}

/* Simulated paths: seeded, and their quantiles those of the analytic
 * (Gaussian) forecast distribution. */
static void simulation_matches_intervals(void **state)
{
    (void)state;
    const ref_case *c = find("fixed", "Seatbelts_log_101_011_xreg");
    fpa_forecast_drivers *future;
    fpa_forecast_model *m = fit_case(c, true, true, &future);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_SEED, 11));
    enum { H = 12, N = 4000 };
    static double p1[N * H], p2[N * H];
    assert_ok(fpa_forecast_simulate_drivers(p1, m, future, N, o));
    assert_ok(fpa_forecast_simulate_drivers(p2, m, future, N, o));
    assert_memory_equal(p1, p2, sizeof p1);
    double mean[H], lo[H], hi[H], slo[H], shi[H], lev = 90;
    assert_ok(fpa_forecast_predict_drivers(mean, lo, hi, m, future, &lev, 1, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 20000));
    assert_ok(fpa_forecast_predict_drivers(mean, slo, shi, m, future, &lev, 1, o));
    for (int j = 0; j < H; j++) {
        double w = hi[j] - lo[j], s = 0;
        for (int i = 0; i < N; i++) s += p1[i * H + j] / N;
        assert_close(s, mean[j], 0, 0.05 * w);
        assert_close(slo[j], lo[j], 0, 0.03 * w);
        assert_close(shi[j], hi[j], 0, 0.03 * w);
    }
    fpa_opts_free(o);
    fpa_forecast_model_free(m);
    fpa_forecast_drivers_free(future);
}

/* The method in the framework: batches equal single fits on any number of
 * threads, backtests and rolling forecasts refit or update it. */
static void arima_in_the_framework(void **state)
{
    (void)state;
    const ref_item *a = ref_get(find("auto", "USAccDeaths"), "y"),
                   *b = ref_get(find("auto", "M1_MRF1"), "y");
    double values[300];
    size_t off[3] = {0, a->n, a->n + b->n};
    memcpy(values, a->v, a->n * sizeof *values);
    memcpy(values + a->n, b->v, b->n * sizeof *values);
    double mean[2 * 12], lo[2 * 12], hi[2 * 12], lev = 95;
    for (unsigned th = 1; th <= 2; th++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, th));
        assert_ok(fpa_forecast_batch(mean, lo, hi, NULL, NULL, FPA_FORECAST_ARIMA, values,
                                     off, 2, 12, 12, &lev, 1, o));
        for (int i = 0; i < 2; i++) {
            fpa_forecast_model *m;
            double f[12], l[12], u[12];
            assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, values + off[i],
                                       off[i + 1] - off[i], 12, NULL));
            assert_ok(fpa_forecast_predict(f, l, u, m, 12, &lev, 1, NULL));
            assert_memory_equal(f, mean + 12 * i, sizeof f);
            assert_memory_equal(u, hi + 12 * i, sizeof u);
            fpa_forecast_model_free(m);
        }
        fpa_opts_free(o);
    }
    fpa_backtest *bt;
    assert_ok(fpa_forecast_backtest(&bt, FPA_FORECAST_ARIMA, a->v, a->n, 12, 6, 3, NULL));
    double err;
    assert_ok(fpa_forecast_backtest_error(NULL, &err, bt, FPA_METRIC_MASE));
    assert_true(err > 0 && err < 2);
    fpa_forecast_backtest_free(bt);
    for (int update = 0; update <= 1; update++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_ROLLING_UPDATE, update));
        fpa_rolling *r;
        assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_ARIMA, a->v, 60, 12, 1973, 1,
                                           12, o));
        for (size_t t = 60; t < a->n; t++) assert_ok(fpa_forecast_rolling_append(r, a->v[t]));
        assert_memory_equal(fpa_forecast_model_name(fpa_forecast_rolling_model(r)), "ARIMA(", 6);
        fpa_forecast_rolling_free(r);
        fpa_opts_free(o);
    }
}

/* A specification with drivers, the fit, the specification freed. */
static fpa_status fit_with_drivers(fpa_forecast_model **m, const fpa_forecast_drivers *d,
                                   const double *y, size_t n, const fpa_opts *opts)
{
    fpa_forecast_arima_spec *s = NULL;
    fpa_status st = fpa_forecast_arima_spec_new(&s, opts);
    if (st == FPA_OK) st = fpa_forecast_arima_spec_set_drivers(s, d);
    if (st == FPA_OK) st = fpa_forecast_arima_fit(m, s, y, n, 4, opts);
    fpa_forecast_arima_spec_free(s);
    return st;
}

static void allocation_failures(void **state)
{
    (void)state;
    const ref_case *c = find("auto", "freeny_xreg");
    const ref_item *y = ref_get(c, "y"), *x = ref_get(c, "xreg");
    fpa_forecast_model *m = NULL;
    fpa_forecast_arima_spec *s = NULL;
    fpa_forecast_drivers *d = NULL, *f = NULL;
    FPA_ALLOC_SWEEP(m = NULL, fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, y->v, y->n, 4, opts),
                    fpa_forecast_model_free(m));
    FPA_ALLOC_SWEEP(d = NULL, fpa_forecast_drivers_new(&d, x->v, y->n, 2, opts),
                    fpa_forecast_drivers_free(d));
    FPA_ALLOC_SWEEP(s = NULL, fpa_forecast_arima_spec_new(&s, opts),
                    fpa_forecast_arima_spec_free(s));
    assert_ok(fpa_forecast_drivers_new(&d, x->v, y->n, 2, NULL));
    assert_ok(fpa_forecast_drivers_new(&f, ref_get(c, "xfuture")->v, 4, 2, NULL));
    FPA_ALLOC_SWEEP(m = NULL, fit_with_drivers(&m, d, y->v, y->n, opts),
                    fpa_forecast_model_free(m));
    assert_ok(fpa_forecast_arima_spec_new(&s, NULL));
    assert_ok(fpa_forecast_arima_spec_set_drivers(s, d));
    double mean[4], lo[4], hi[4], lev = 80, paths[40];
    FPA_ALLOC_SWEEP(m = NULL, fpa_forecast_arima_fit(&m, s, y->v, y->n, 4, opts),
                    (fpa_forecast_predict_drivers(mean, lo, hi, m, f, &lev, 1, NULL),
                     fpa_forecast_model_free(m)));
    assert_ok(fpa_forecast_arima_fit(&m, s, y->v, y->n, 4, NULL));
    FPA_ALLOC_SWEEP((void)0, fpa_forecast_simulate_drivers(paths, m, f, 10, opts), (void)0);
    fpa_forecast_model_free(m);
    fpa_forecast_arima_spec_free(s);
    fpa_forecast_drivers_free(d);
    fpa_forecast_drivers_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arima_from_r_coefficients),
        cmocka_unit_test(arima_estimates_match_r),
        cmocka_unit_test(auto_arima_matches_r),
        cmocka_unit_test(constant_and_short_series),
        cmocka_unit_test(drivers_refused),
        cmocka_unit_test(specification_refused),
        cmocka_unit_test(update_equals_rebuild),
        cmocka_unit_test(simulation_matches_intervals),
        cmocka_unit_test(arima_in_the_framework),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
