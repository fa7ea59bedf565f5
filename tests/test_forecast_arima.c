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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arima_from_r_coefficients),
        cmocka_unit_test(arima_estimates_match_r),
        cmocka_unit_test(auto_arima_matches_r),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
