/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: unit economics and KPI entry points on hostile numbers,
 * odd shapes (zero rows or columns, windows longer than the series) and
 * validity masks present or absent. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    double x[64] = {0}, y[64] = {0}, z[64] = {0}, w[64] = {0}, o1[64], o2[64], o3[64],
           o4[64], o5[64];
    unsigned char valid[64];
    int64_t i64[64], c64[64], p64[64], cents[64];
    size_t n = fz_doubles(&in, x, 64);
    fz_doubles(&in, y, 64);
    fz_doubles(&in, z, 64);
    fz_doubles(&in, w, 64);
    size_t cols = 1 + fz_byte(&in) % 12, rows = n / cols;
    unsigned char *mask = fz_byte(&in) & 1 ? valid : NULL;
    double a = fz_double(&in), b = fz_double(&in), c = fz_double(&in), d = fz_double(&in);
    size_t window = fz_byte(&in) % 16, horizon = fz_byte(&in) % 50;
    fpa_opts *opts = NULL;
    if (fz_byte(&in) & 1 && fpa_opts_new(&opts, NULL, NULL) == FPA_OK) {
        fpa_opts_set(opts, FPA_OPT_THREADS, 1 + fz_byte(&in) % 3);
        fpa_opts_set(opts, FPA_OPT_KPI_SEASON, 1 + fz_byte(&in) % 13);
    }
    for (size_t i = 0; i < 64; i++) {
        i64[i] = fz_i64(&in), c64[i] = fz_i64(&in) % 40, p64[i] = fz_i64(&in) % 60;
        cents[i] = fz_i64(&in);
    }
    fpa_status st;
    double v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
    switch (fz_byte(&in) % 24) {
    case 0: fz_check_all(fpa_kpi_growth_pop(o1, mask, x, rows, cols, opts), o1, 0); break;
    case 1: fz_check_all(fpa_kpi_growth_yoy(o1, mask, x, rows, cols, opts), o1, 0); break;
    case 2: st = fpa_kpi_cagr(&v1, a, b, c); fz_check_all(st, &v1, 1); break;
    case 3: fz_check_all(fpa_kpi_cagr_rows(o1, mask, x, rows, cols, opts), o1, 0); break;
    case 4: fz_check_all(fpa_kpi_sma(o1, x, rows, cols, window, opts), o1, 0); break;
    case 5: fz_check_all(fpa_kpi_wma(o1, x, rows, cols, fz_byte(&in) & 1 ? y : NULL, window, opts),
                       o1, 0); break;
    case 6: st = fpa_kpi_ema(o1, x, rows, cols, a, opts); fz_check_all(st, o1, rows * cols); break;
    case 7:
        st = fpa_kpi_margins(o1, o2, o3, o4, o5, mask, x, y, z, fz_byte(&in) & 1 ? w : NULL,
                             rows, cols, opts);
        if (st == FPA_OK)
            for (size_t i = 0; i < rows * cols; i++)
                if ((!mask || mask[i]) && !(isfinite(o1[i]) && isfinite(o2[i]) && isfinite(o3[i])))
                    abort();
        break;
    case 8: st = fpa_kpi_rule_of_40(&v1, a, b); fz_check_all(st, &v1, 1); break;
    case 9: st = fpa_kpi_burn(o1, o2, x, y, rows, cols, opts); fz_check_all(st, o1, rows * cols); break;
    case 10: st = fpa_kpi_runway(&v1, a, x, n, (fpa_runway_rule)(fz_byte(&in) % 3)); fz_check_all(st, &v1, 1); break;
    case 11: st = fpa_kpi_months_of_cash(&v1, a, b); fz_check_all(st, &v1, 1); break;
    case 12: st = fpa_unit_contribution(&v1, &v2, a, b); fz_check_all(st, &v1, 1); break;
    case 13: st = fpa_unit_break_even(&v1, &v2, a, b, c, d); fz_check_all(st, &v2, 1); break;
    case 14:
        /* one output per product */
        st = fpa_unit_break_even_mix(o1, o2, x, y, z, n, (fpa_mix_basis)(fz_byte(&in) % 3), a, b);
        fz_check_all(st, o1, n);
        fz_check_all(st, o2, n);
        break;
    case 15: st = fpa_unit_margin_of_safety(&v1, &v2, a, b); fz_check_all(st, &v2, 1); break;
    case 16: {
        int64_t parts[64], sum = 0;
        int64_t pool = fz_i64(&in);
        st = fpa_unit_allocate(parts, pool, x, n, opts);
        if (st == FPA_OK) {  /* the parts add up to the pool exactly */
            for (size_t i = 0; i < n; i++) sum += parts[i];
            if (sum != pool) abort();
        } else if (fpa_error_last()[0] == 0)
            FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        break;
    }
    case 17: {
        int64_t contrib[64], alloc[64], net[64];
        st = fpa_unit_profitability(contrib, alloc, net, i64, cents, fz_byte(&in) & 1 ? x : NULL,
                                    n, fz_i64(&in), opts);
        if (st != FPA_OK && fpa_error_last()[0] == 0) abort();
        break;
    }
    case 18:
        st = fpa_unit_revenue_retention(&v1, &v2, &v3, &v4, &v5, a, b, c, d);
        fz_check_all(st, &v1, 1);
        break;
    case 19: st = fpa_unit_ltv_discounted(&v1, a, b, c, d, horizon); fz_check_all(st, &v1, 1); break;
    case 20: st = fpa_unit_ltv_curve(&v1, x, n, a, b, c, horizon, opts); fz_check_all(st, &v1, 1); break;
    case 21: st = fpa_unit_cac_payback(&v1, a, b, c, d); fz_check_all(st, &v1, 1); break;
    case 22: {
        fpa_cohorts *co = NULL;
        st = fpa_unit_cohorts_from_rows(&co, i64, c64, p64, x, n, opts);
        if (st == FPA_OK) {
            size_t r, k;
            fpa_unit_cohorts_shape(&r, &k, co);
            if (r * k <= 4096) {
                static double act[4096], rev[4096], sizes[4096], ret[4096];
                static int64_t ids[4096];
                static size_t obs[4096];
                static unsigned char ok[4096];
                if (fpa_unit_cohorts_tables(act, rev, 4096, co) == FPA_OK &&
                    fpa_unit_cohorts_info(ids, sizes, obs, 4096, co) == FPA_OK) {
                    fpa_unit_cohort_retention(ret, ok, sizes, act, obs, r, k);
                    fpa_unit_cohort_revenue_retention(ret, ok, rev, obs, r, k);
                }
            }
            fpa_unit_cohorts_free(co);
        } else if (fpa_error_last()[0] == 0)
            FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        break;
    }
    default: {
        double curve[64];
        size_t len = 0, obs[64];
        for (size_t i = 0; i < 64; i++) obs[i] = fz_byte(&in) % 13;
        st = fpa_unit_retention_curve(curve, &len, x, fz_byte(&in) & 1 ? y : NULL, obs, rows, cols);
        fz_check_all(st, curve, len);
        st = fpa_unit_ltv_cohorts(&v1, x, NULL, obs, rows, cols, a, b, c, horizon, opts);
        fz_check_all(st, &v1, 1);
        break;
    }
    }
    fpa_opts_free(opts);
    return 0;
}
