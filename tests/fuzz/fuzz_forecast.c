/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: forecasting and accuracy on hostile series: NaN gaps,
 * constant, huge, tiny and negative values, every method and period,
 * intervals at odd levels, updates, backtests and the rolling object. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    double y[80], extra[8], mean[24], lo[48], hi[48], levels[2];
    size_t n;
    uint8_t shape = fz_byte(&in) % 4;
    if (shape == 0) {  /* arbitrary values */
        n = fz_doubles(&in, y, 80);
    } else {  /* a plausible series, then perturbed */
        n = fz_byte(&in) % 81;
        double scale = shape == 1 ? 1 : shape == 2 ? 1e12 : 1e-3;
        for (size_t i = 0; i < n; i++)
            y[i] = scale * (100 + (double)(i % 12) * (fz_byte(&in) % 7) + (double)i);
        for (int k = fz_byte(&in) % 4; k > 0 && n; k--) y[fz_byte(&in) % n] = fz_double(&in);
    }
    size_t period = (size_t[]){1, 4, 12, 0, 52, 2, 7}[fz_byte(&in) % 7];
    fpa_forecast_method method = (fpa_forecast_method)(fz_byte(&in) % 16);
    size_t h = fz_byte(&in) % 25;
    size_t nlev = fz_byte(&in) % 3;
    levels[0] = fz_byte(&in) < 200 ? 80 : fz_double(&in);
    levels[1] = fz_byte(&in) < 200 ? 95 : fz_double(&in);
    fpa_opts *opts = NULL;
    if (fz_byte(&in) & 1 && fpa_opts_new(&opts, NULL, NULL) == FPA_OK) {
        int key;
        for (int k = fz_byte(&in) % 4; k > 0; k--)
            if (fpa_opt_key(&key, fz_byte(&in) % 64) == FPA_OK)
                fpa_opts_set(opts, key, fz_double(&in));  /* may be refused */
        fpa_opts_set(opts, FPA_OPT_THREADS, 1);
    }
    fpa_status st;
    switch (fz_byte(&in) % 5) {
    case 0: {
        fpa_forecast_model *m = NULL;
        st = fpa_forecast_fit(&m, method, y, n, period, opts);
        if (st == FPA_OK) {
            st = fpa_forecast_predict(mean, lo, hi, m, h, levels, nlev, opts);
            fz_check_all(st, mean, h);
            fz_check_all(st, lo, h * nlev);
            fz_check_all(st, hi, h * nlev);
            double fitted[80], states[256], p;
            size_t ns;
            fpa_forecast_model_fitted(fitted, 80, m);
            fpa_forecast_model_states(states, 256, &ns, m, fz_byte(&in) & 1);
            fpa_forecast_model_param(&p, m, (fpa_forecast_param)(fz_byte(&in) % 12));
            for (size_t i = 0; i < 8; i++) extra[i] = fz_double(&in);
            if (fpa_forecast_model_update(m, extra, fz_byte(&in) % 9) == FPA_OK) {
                st = fpa_forecast_predict(mean, NULL, NULL, m, h, NULL, 0, opts);
                fz_check_all(st, mean, h);
            }
            double sims[4 * 24];
            fz_check_all(fpa_forecast_simulate(sims, m, h, 4, opts), sims, 4 * h);
            fpa_forecast_model_free(m);
        } else if (fpa_error_last()[0] == 0)
            FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        break;
    }
    case 1: {
        double trend[80], seasonal[80], figure[64];
        int seasonal_flag;
        fpa_forecast_decompose(trend, seasonal, figure, y, n, period,
                               (fpa_decomposition)(fz_byte(&in) % 3));
        fpa_forecast_seasonality_test(&seasonal_flag, y, n, period);
        double v;
        fz_check_all(fpa_accuracy_metric(&v, (fpa_metric)(fz_byte(&in) % 8), y, y + n / 2,
                                         n / 2, fz_byte(&in) & 1 ? y : NULL, n, period),
                     &v, 1);
        fz_check_all(fpa_accuracy_msis(&v, y, y, y + n / 2, n / 2, levels[0], y, n, period),
                     &v, 1);
        break;
    }
    case 2: {
        size_t off[4] = {0, n / 3, 2 * n / 3, n};
        double bm[3 * 24], bl[3 * 48], bu[3 * 48];
        fpa_status s3[3];
        st = fpa_forecast_batch(bm, bl, bu, NULL, s3, method, y, off, 3, period, h, levels,
                                nlev, opts);
        if (st == FPA_OK)
            for (int k = 0; k < 3; k++) fz_check_all(s3[k], bm + (size_t)k * h, h);
        break;
    }
    case 3: {
        fpa_backtest *bt = NULL;
        st = fpa_forecast_backtest(&bt, method, y, n, period, h, fz_byte(&in) % 6, opts);
        if (st == FPA_OK) {
            double by_h[24], all;
            fz_check_all(fpa_forecast_backtest_error(by_h, &all, bt,
                                                     (fpa_metric)(fz_byte(&in) % 7)),
                         &all, 1);
            fpa_forecast_backtest_free(bt);
        }
        break;
    }
    default: {
        fpa_rolling *r = NULL;
        st = fpa_forecast_rolling_new(&r, method, y, n, period, 2020 + fz_byte(&in) % 10,
                                      1 + fz_byte(&in) % 13, h, opts);
        if (st == FPA_OK) {
            for (int k = fz_byte(&in) % 5; k > 0; k--) fpa_forecast_rolling_append(r, fz_double(&in));
            double total, act, fc, view[128], err[24];
            int year;
            size_t counts[24];
            fz_check_all(fpa_forecast_rolling_outlook(&total, &act, &fc, &year, r), &total, 1);
            fpa_forecast_rolling_view(view, 128, r);
            fpa_forecast_rolling_error_by_lag(err, counts, 24, r, FPA_METRIC_MAE);
            fpa_forecast_rolling_free(r);
        }
        break;
    }
    }
    fpa_opts_free(opts);
    return 0;
}
