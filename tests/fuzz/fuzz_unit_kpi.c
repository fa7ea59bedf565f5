/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: unit economics and KPI entry points on hostile numbers,
 * odd shapes (zero rows or columns, windows longer than the series) and
 * validity masks present or absent. A batch of series must give each row
 * what a call with that row alone gives; results returned with FPA_OK
 * must meet their documented formulas; money allocated in cents must add
 * up to the pool exactly. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { N = 64 };

typedef struct {
    double x[N], y[N], z[N], w[N], a, b, c, d;
    size_t n, rows, cols, window, horizon;
    unsigned char *mask, valid[N];
    int64_t i64[N], c64[N], p64[N], cents[N];
    fpa_opts *opts;
} ucase;

static const int unit_keys[] = {FPA_OPT_KPI_SEASON, FPA_OPT_UNIT_TAIL, FPA_OPT_UNIT_TAIL_WINDOW};

/* Undefined elements are 0 and flagged 0 (the mask rule of kpi.h). */
static void masked(fpa_status st, const double *out, const unsigned char *mask, size_t n)
{
    if (st != FPA_OK || !mask) return;
    for (size_t i = 0; i < n; i++)
        FZ_ASSERT(mask[i] <= 1 && (mask[i] || out[i] == 0), "element %zu: %g flagged %u\n", i,
                  out[i], mask[i]);
}

/* A kpi series function on `rows` rows, and on one of them alone. */
typedef fpa_status (*series_fn)(double *out, unsigned char *mask, const ucase *c,
                                const double *x, size_t rows);

static fpa_status pop(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    return FZ(fpa_kpi_growth_pop(o, m, x, r, c->cols, c->opts));
}
static fpa_status yoy(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    return FZ(fpa_kpi_growth_yoy(o, m, x, r, c->cols, c->opts));
}
static fpa_status cagr(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    return FZ(fpa_kpi_cagr_rows(o, m, x, r, c->cols, c->opts));
}
static fpa_status sma(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    (void)m;
    return FZ(fpa_kpi_sma(o, x, r, c->cols, c->window, c->opts));
}
static fpa_status wma(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    (void)m;
    return FZ(fpa_kpi_wma(o, x, r, c->cols, c->mask ? c->y : NULL, c->window, c->opts));
}
static fpa_status ema(double *o, unsigned char *m, const ucase *c, const double *x, size_t r)
{
    (void)m;
    return FZ(fpa_kpi_ema(o, x, r, c->cols, c->a, c->opts));
}

/* Row k of a batch is the call on row k alone (`masks`: the function
 * writes a validity mask). */
static void batch_is_rows(fuzz_in *in, const ucase *c, series_fn fn, size_t per_row, int masks)
{
    double out[N], one[N];
    unsigned char mask[N], mask1[N], *m = masks && c->mask ? mask : NULL;
    fpa_status st = fn(out, m, c, c->x, c->rows);
    fz_finite(st, out, c->rows * per_row);
    masked(st, out, m, c->rows * per_row);
    if (st != FPA_OK || c->rows == 0) return;
    size_t k = fz_byte(in) % c->rows;
    fpa_status s1 = fn(one, m ? mask1 : NULL, c, c->x + k * c->cols, 1);
    FZ_ASSERT(s1 == FPA_OK && fz_same(one, out + k * per_row, per_row) &&
              (!m || memcmp(mask1, mask + k * per_row, per_row) == 0),
              "row %zu of %zu: %s alone, or other numbers\n", k, c->rows, fpa_status_name(s1));
}

static void growth_formula(const ucase *c, size_t lag, const double *out, const unsigned char *m)
{
    size_t per = c->cols - lag;
    for (size_t i = 0; i < c->rows; i++)
        for (size_t t = lag; t < c->cols; t++) {
            double base = c->x[i * c->cols + t - lag], now = c->x[i * c->cols + t],
                   g = out[i * per + t - lag];
            if (m && !m[i * per + t - lag]) {
                FZ_ASSERT(base == 0, "row %zu, period %zu: undefined growth from %g\n", i, t, base);
                continue;
            }
            FZ_ASSERT(fz_close(g, (now - base) / fabs(base), fabs(g), 1e-14),
                      "row %zu, period %zu: growth %.17g from %.17g to %.17g\n", i, t, g, base, now);
        }
}

/* The trailing mean and deviation of the latest values: finite when
 * FPA_OK, the mean within the values counted, k at most `last`. */
static void trailing(const ucase *c)
{
    double mean = NAN, sd = NAN;
    size_t k = 0, last = 1 + c->window;
    fpa_status st = FZ(fpa_kpi_trailing_stats(&mean, &sd, &k, c->x, c->n, last));
    fz_finite(st, &mean, 1);
    fz_finite(st, &sd, 1);
    if (st != FPA_OK) return;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->x[i])) lo = fmin(lo, c->x[i]), hi = fmax(hi, c->x[i]);
    FZ_ASSERT(k >= 1 && k <= last && sd >= 0 && mean >= lo - 1e-12 * fabs(lo) &&
              mean <= hi + 1e-12 * fabs(hi), "mean %.17g, sd %g of %zu (last %zu) in "
              "[%.17g, %.17g]\n", mean, sd, k, last, lo, hi);
}

static void kpi(fuzz_in *in, ucase *c, uint8_t which)
{
    double out[N], v = 0;
    unsigned char mask[N];
    fpa_status st;
    size_t lag = (size_t)fz_opt(c->opts, FPA_OPT_KPI_SEASON);
    switch (which) {
    case 0:
        batch_is_rows(in, c, pop, c->cols - 1, 1);
        if (pop(out, c->mask ? mask : NULL, c, c->x, c->rows) == FPA_OK)
            growth_formula(c, 1, out, c->mask ? mask : NULL);
        break;
    case 1:
        batch_is_rows(in, c, yoy, c->cols > lag ? c->cols - lag : 0, 1);
        if (yoy(out, c->mask ? mask : NULL, c, c->x, c->rows) == FPA_OK)
            growth_formula(c, lag, out, c->mask ? mask : NULL);
        break;
    case 2: batch_is_rows(in, c, cagr, 1, 1); break;
    case 3: batch_is_rows(in, c, sma, c->cols >= c->window ? c->cols - c->window + 1 : 0, 0); break;
    case 4: batch_is_rows(in, c, wma, c->cols >= c->window ? c->cols - c->window + 1 : 0, 0); break;
    case 5: batch_is_rows(in, c, ema, c->cols, 0); break;
    case 6:
        st = FZ(fpa_kpi_cagr(&v, c->a, c->b, c->c));
        fz_finite(st, &v, 1);
        break;
    case 7: {
        double gm[N], om[N], eb[N], em[N], ox[N];
        size_t n = c->rows * c->cols;
        int with_da = fz_byte(in) & 1;
        st = FZ(fpa_kpi_margins(gm, om, eb, em, ox, c->mask, c->x, c->y, c->z,
                                with_da ? c->w : NULL, c->rows, c->cols, c->opts));
        if (!with_da) FZ_ASSERT(st != FPA_OK, "EBITDA without D&A\n");
        for (size_t i = 0; st == FPA_OK && i < n; i++) {
            double R = c->x[i], C = c->y[i], O = c->z[i], D = c->w[i];
            FZ_ASSERT(isfinite(eb[i]) && fz_close(eb[i], R - C - O + D, fabs(R) + fabs(C) + fabs(O) + fabs(D), 1e-15),
                      "element %zu: EBITDA %.17g\n", i, eb[i]);
            if (R == 0) {
                FZ_ASSERT(c->mask && !c->mask[i] && gm[i] == 0 && om[i] == 0, "element %zu\n", i);
                continue;
            }
            FZ_ASSERT(isfinite(gm[i]) && isfinite(om[i]) && isfinite(em[i]) && isfinite(ox[i]) &&
                      (!c->mask || c->mask[i] == 1) &&
                      fz_close(gm[i], (R - C) / R, fabs(gm[i]) + fabs(C / R), 1e-14) &&
                      fz_close(ox[i], O / R, fabs(ox[i]), 1e-14),
                      "element %zu: margins %.17g %.17g of %.17g %.17g %.17g\n", i, gm[i], ox[i], R,
                      C, O);
        }
        break;
    }
    case 8:
        st = FZ(fpa_kpi_rule_of_40(&v, c->a, c->b));
        FZ_ASSERT(st != FPA_OK || v == c->a + c->b, "rule of 40: %g\n", v);
        break;
    case 9: {
        double gross[N], net[N];
        st = FZ(fpa_kpi_burn(gross, fz_byte(in) & 1 ? net : NULL, c->x, c->y, c->rows, c->cols,
                             c->opts));
        fz_finite(st, gross, c->rows * c->cols);
        break;
    }
    case 10:
        st = FZ(fpa_kpi_runway(&v, c->a, c->x, c->n, (fpa_runway_rule)(fz_byte(in) % 3)));
        FZ_ASSERT(st != FPA_OK || (isfinite(v) && v >= 0), "runway %g\n", v);
        trailing(c);
        break;
    default:
        st = FZ(fpa_kpi_months_of_cash(&v, c->a, c->b));
        fz_finite(st, &v, 1);
        break;
    }
}

/* Largest remainder: parts add up to the pool, a zero driver gets
 * nothing, and each part is within a cent of its quota (computed here in
 * long double; the header allows the double-rounded quota). */
static void allocate(fuzz_in *in, ucase *c)
{
    int64_t parts[N], pool = fz_byte(in) < 128 ? fz_i64(in) : (int64_t)(fz_u64(in) >> 10);
    if (fz_byte(in) & 1) pool = -pool;
    fpa_status st = FZ(fpa_unit_allocate(parts, pool, c->x, c->n, c->opts));
    if (st != FPA_OK) return;
    fz_i128 sum = 0;
    long double total = 0;
    for (size_t i = 0; i < c->n; i++) sum += parts[i], total += c->x[i];
    FZ_ASSERT(sum == pool, "parts sum to %lld, not %lld\n", (long long)sum, (long long)pool);
    for (size_t i = 0; i < c->n; i++) {
        long double quota = (long double)pool * c->x[i] / total;
        FZ_ASSERT(c->x[i] != 0 || parts[i] == 0, "recipient %zu, driver 0, gets %lld of %lld\n", i,
                  (long long)parts[i], (long long)pool);
        FZ_ASSERT(fabsl(parts[i] - quota) < 1 + fabsl(quota) * 0x1p-50L,
                  "recipient %zu gets %lld, quota %.3Lf of %lld\n", i, (long long)parts[i], quota,
                  (long long)pool);
    }
}

static void profitability(fuzz_in *in, ucase *c)
{
    int64_t contrib[N], alloc[N], net[N], pool = fz_i64(in);
    const double *driver = fz_byte(in) & 1 ? c->x : NULL;
    fpa_status st = FZ(fpa_unit_profitability(contrib, alloc, net, c->i64, c->cents, driver, c->n,
                                              pool, c->opts));
    if (st != FPA_OK) return;
    fz_i128 sum = 0;
    for (size_t i = 0; i < c->n; i++) {
        FZ_ASSERT(contrib[i] == (fz_i128)c->i64[i] - c->cents[i] &&
                  net[i] == (fz_i128)contrib[i] - alloc[i], "product %zu\n", i);
        sum += alloc[i];
    }
    FZ_ASSERT(sum == pool, "allocations sum to %lld, not %lld\n", (long long)sum, (long long)pool);
}

static void customers(fuzz_in *in, ucase *c, uint8_t which)
{
    double v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0, a = c->a, b = c->b, cc = c->c, d = c->d;
    fpa_status st;
    switch (which) {
    case 0:
        st = FZ(fpa_unit_contribution(&v1, &v2, a, b));
        FZ_ASSERT(st != FPA_OK || (v1 == a - b && fz_close(v2, (a - b) / a, fabs(v2), 1e-15)),
                  "contribution %g, ratio %g\n", v1, v2);
        break;
    case 1:
        st = FZ(fpa_unit_break_even(&v1, &v2, a, b, cc, d));
        /* units * margin = fixed + target, but for the units' rounding (underflow too) */
        FZ_ASSERT(st != FPA_OK || (isfinite(v1) && isfinite(v2) &&
                                   fabs(v1 * (cc - d) - (a + b)) <=
                                       1e-12 * (fabs(a + b) + fabs(v1 * cc)) +
                                       fabs(cc - d) * 1e-323),
                  "break-even %.17g units, revenue %.17g of fixed %.17g, target %.17g, price "
                  "%.17g, variable cost %.17g\n", v1, v2, a, b, cc, d);
        break;
    case 2: {
        double units[N], rev[N];
        st = FZ(fpa_unit_break_even_mix(units, rev, c->x, c->y, c->z, c->n,
                                        (fpa_mix_basis)(fz_byte(in) % 3), a, b));
        fz_finite(st, units, c->n);
        fz_finite(st, rev, c->n);
        break;
    }
    case 3:
        st = FZ(fpa_unit_margin_of_safety(&v1, &v2, a, b));
        FZ_ASSERT(st != FPA_OK || v1 == a - b, "margin of safety %g\n", v1);
        break;
    case 4:
        st = FZ(fpa_unit_operating_leverage(&v1, a, b));
        FZ_ASSERT(st != FPA_OK || fz_close(v1, a / b, fabs(v1), 1e-15), "DOL %g\n", v1);
        break;
    case 5:
        st = FZ(fpa_unit_arpu(&v1, a, b, cc));
        fz_finite(st, &v1, 1);
        break;
    case 6:
        st = FZ(fpa_unit_logo_churn(&v1, a, b));
        FZ_ASSERT(st != FPA_OK || (v1 >= 0 && v1 <= 1), "churn %g\n", v1);
        break;
    case 7:
        st = FZ(fpa_unit_revenue_retention(&v1, &v2, &v3, &v4, &v5, a, b, cc, d));
        FZ_ASSERT(st != FPA_OK || (fz_close(v1 + v3, 1, 1, 1e-12) && fz_close(v2 + v4, 1, fabs(v2) + 1, 1e-12)),
                  "GRR %g + churn %g, NRR %g + churn %g\n", v1, v3, v2, v4);
        break;
    case 8:
        st = FZ(fpa_unit_ltv_simple(&v1, a, b, cc));
        fz_finite(st, &v1, 1);
        break;
    case 9: {
        st = FZ(fpa_unit_ltv_discounted(&v1, a, b, cc, d, c->horizon));
        fz_finite(st, &v1, 1);
        /* the closed form of an infinite horizon, and the sum of a finite one */
        double m = a * b, sum = 0, mag = 0;
        if (st == FPA_OK && c->horizon == 0 && isfinite(m / (cc + d)))
            FZ_ASSERT(fz_close(v1, m / (cc + d), fabs(v1), 1e-9), "LTV %.17g, m / (c + d) = %.17g\n",
                      v1, m / (cc + d));
        for (size_t t = 1; st == FPA_OK && t <= c->horizon; t++) {
            double term = m * pow(1 - cc, (double)(t - 1)) / pow(1 + d, (double)t);
            sum += term, mag += fabs(term);
        }
        if (st == FPA_OK && c->horizon && isfinite(mag))
            FZ_ASSERT(fz_close(v1, sum, mag, 1e-9), "LTV %.17g over %zu months, summed %.17g\n", v1,
                      c->horizon, sum);
        break;
    }
    case 10:
        st = FZ(fpa_unit_ltv_curve(&v1, c->x, c->n, a, b, cc, c->horizon, c->opts));
        fz_finite(st, &v1, 1);
        if (st == FPA_OK && fz_opt(c->opts, FPA_OPT_UNIT_TAIL) == FPA_TAIL_NONE) {
            size_t ages = c->horizon && c->horizon < c->n ? c->horizon : c->n;
            double sum = 0, mag = 0;
            for (size_t k = 0; k < ages; k++) {
                double term = a * b * c->x[k] / pow(1 + cc, (double)(k + 1));
                sum += term, mag += fabs(term);
            }
            if (isfinite(mag))
                FZ_ASSERT(fz_close(v1, sum, mag, 1e-9), "LTV %.17g of the curve, summed %.17g\n", v1,
                          sum);
        }
        break;
    case 11:
        st = FZ(fpa_unit_cac_blended(&v1, a, b));
        FZ_ASSERT(st != FPA_OK || fz_close(v1, a / b, fabs(v1), 1e-15), "CAC %g\n", v1);
        break;
    case 12:
        st = FZ(fpa_unit_cac_paid(&v1, a, b, cc));
        fz_finite(st, &v1, 1);
        break;
    case 13:
        st = FZ(fpa_unit_ltv_cac(&v1, a, b));
        FZ_ASSERT(st != FPA_OK || fz_close(v1, a / b, fabs(v1), 1e-15), "LTV / CAC %g\n", v1);
        break;
    case 14:
        st = FZ(fpa_unit_cac_payback(&v1, a, b, cc, d));
        fz_finite(st, &v1, 1);
        if (st == FPA_OK && d == 0 && a > 0)
            FZ_ASSERT(fz_close(v1, a / (b * cc), fabs(v1), 1e-9), "payback %.17g without churn\n", v1);
        break;
    default: {
        st = FZ(fpa_unit_cac_payback_curve(&v1, a, c->x, c->n));
        fz_finite(st, &v1, 1);
        if (st != FPA_OK || a == 0) break;
        /* the cumulative margin reaches the CAC within month k (either one
         * when v1 is whole), but for v1's rounding times the month's margin */
        int reached = 0;
        for (size_t k = v1 > 0 ? (size_t)ceil(v1) : 1; k <= (size_t)floor(v1) + 1; k++) {
            double before = 0, mag = fabs(a);
            for (size_t j = 0; j + 1 < k && j < c->n; j++) before += c->x[j], mag += fabs(c->x[j]);
            if (k >= 1 && k <= c->n &&
                fabs(before + (v1 - (double)(k - 1)) * c->x[k - 1] - a) <=
                    1e-9 * (mag + fabs(c->x[k - 1])) + 4 * DBL_EPSILON * (v1 + 1) * fabs(c->x[k - 1]))
                reached = 1;
        }
        FZ_ASSERT(reached, "payback %.17g months for a CAC of %.17g, margins %.17g %.17g\n", v1, a,
                  c->x[0], c->n > 1 ? c->x[1] : 0);
        break;
    }
    }
}

static void cohorts(fuzz_in *in, ucase *c)
{
    fpa_cohorts *co = NULL;
    if (FZ(fpa_unit_cohorts_from_rows(&co, c->i64, c->c64, c->p64, fz_byte(in) & 1 ? c->x : NULL,
                                      c->n, c->opts)) != FPA_OK)
        return;
    size_t r, k;
    FZ(fpa_unit_cohorts_shape(&r, &k, co));
    size_t distinct = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t j = 0;
        while (j < i && c->i64[j] != c->i64[i]) j++;
        distinct += j == i;
    }
    static double act[4096], rev[4096], sizes[4096], ret[4096];
    static int64_t ids[4096];
    static size_t obs[4096];
    static unsigned char ok[4096];
    size_t cap = fz_byte(in) < 240 ? 4096 : fz_byte(in) % (r + 1);
    fpa_status st = FZ(fpa_unit_cohorts_info(ids, sizes, obs, cap, co));
    FZ_ASSERT((st == FPA_ESIZE) == (cap < r), "info: cap %zu of %zu cohorts\n", cap, r);
    if (st == FPA_OK && r * k <= 4096 &&
        FZ(fpa_unit_cohorts_tables(act, rev, 4096, co)) == FPA_OK) {
        double customers = 0;
        for (size_t i = 0; i < r; i++) {
            customers += sizes[i];
            FZ_ASSERT(i == 0 || ids[i] > ids[i - 1], "cohorts not increasing at %zu\n", i);
            FZ_ASSERT(obs[i] >= 1 && obs[i] <= k, "cohort %zu observed %zu of %zu ages\n", i, obs[i], k);
            for (size_t a = 0; a < k; a++)
                FZ_ASSERT(act[i * k + a] <= sizes[i] && (a < obs[i] || act[i * k + a] == 0),
                          "cohort %zu, age %zu: %g active of %g\n", i, a, act[i * k + a], sizes[i]);
        }
        FZ_ASSERT(customers == (double)distinct, "%g customers in the cohorts, %zu in the rows\n",
                  customers, distinct);
        st = FZ(fpa_unit_cohort_retention(ret, fz_byte(in) & 1 ? ok : NULL, sizes, act, obs, r, k));
        for (size_t i = 0; st == FPA_OK && i < r; i++)
            for (size_t a = 0; a < k; a++)
                FZ_ASSERT(a < obs[i] ? fz_close(ret[i * k + a], act[i * k + a] / sizes[i], 1, 1e-15)
                                     : ret[i * k + a] == 0, "retention of cohort %zu, age %zu\n", i, a);
        st = FZ(fpa_unit_cohort_revenue_retention(ret, fz_byte(in) & 1 ? ok : NULL, rev, obs, r, k));
        fz_finite(st, ret, r * k);
    }
    fpa_unit_cohorts_free(co);
}

static void curves(fuzz_in *in, ucase *c)
{
    double curve[N], v = 0;
    size_t len = 0, obs[N];
    for (size_t i = 0; i < N; i++) obs[i] = fz_byte(in) % 13;
    fpa_status st = FZ(fpa_unit_retention_curve(curve, &len, c->x, c->mask ? c->y : NULL, obs,
                                                c->rows, c->cols));
    fz_finite(st, curve, len);
    FZ_ASSERT(st != FPA_OK || len <= c->cols, "a curve of %zu ages of %zu\n", len, c->cols);
    for (size_t i = 0; st == FPA_OK && i < len; i++) FZ_ASSERT(curve[i] >= 0, "curve[%zu]\n", i);
    st = FZ(fpa_unit_ltv_cohorts(&v, c->x, c->mask ? c->y : NULL, obs, c->rows, c->cols, c->a,
                                 c->b, c->c, c->horizon, c->opts));
    fz_finite(st, &v, 1);
}

/* Counts and revenue movements from activity rows, against the rows
 * counted here; their ratios through the churn and retention calls. */
static void movements(fuzz_in *in, ucase *c)
{
    int64_t cust[N], coh[N], per[N];
    double rev[N], counts[3 * N];
    size_t n = fz_byte(in) % (N + 1), periods = fz_byte(in) % 40;
    int hostile = fz_byte(in) < 16;
    for (size_t i = 0; i < n; i++) {
        cust[i] = fz_byte(in) % 8;
        coh[i] = hostile && fz_byte(in) < 32 ? fz_i64(in) : cust[i] % 4;
        per[i] = hostile && fz_byte(in) < 32 ? fz_i64(in) : coh[i] + fz_byte(in) % 6;
        rev[i] = fz_byte(in) < 200 ? (double)(fz_byte(in) % 50) : fz_double(in);
    }
    int64_t first = fz_byte(in) < 200 ? (int64_t)(fz_byte(in) % 4) - 1 : fz_i64(in);
    fpa_status st = FZ(fpa_unit_customer_counts(counts, periods, first, cust, coh, per, n,
                                                c->opts));
    if (st == FPA_OK && periods <= N) {
        const double *active = counts, *acquired = counts + periods, *lost = counts + 2 * periods;
        for (size_t t = 0; t < periods; t++) {
            double a = 0, q = 0, l = 0;
            for (int64_t id = 0; id < 8; id++) {
                int now = 0, before = 0, born = 0;
                for (size_t i = 0; i < n; i++) {
                    if (cust[i] != id) continue;
                    now |= per[i] == first + (int64_t)t;
                    before |= per[i] == first + (int64_t)t - 1;
                    born |= coh[i] == first + (int64_t)t;
                }
                a += now, q += born, l += before && !now;
            }
            FZ_ASSERT(active[t] == a && acquired[t] == q && lost[t] == l,
                      "period %lld: %g active, %g acquired, %g lost; counted %g, %g, %g\n",
                      (long long)(first + (int64_t)t), active[t], acquired[t], lost[t], a, q, l);
        }
        double churn;
        st = FZ(fpa_unit_logo_churn_mean(&churn, active, lost, periods));
        FZ_ASSERT(st != FPA_OK || (churn >= 0 && churn <= 1), "mean churn %g\n", churn);
    }
    double mv[4];
    int64_t start = first, end = first + 1 + fz_byte(in) % 6;
    st = FZ(fpa_unit_revenue_movements(mv, cust, per, rev, n, start, end, c->opts));
    if (st != FPA_OK) return;
    double want[4] = {0}, mag = 0;
    for (int64_t id = 0; id < 8; id++) {
        double a = 0, b = 0;
        for (size_t i = 0; i < n; i++)
            if (cust[i] == id) a += per[i] == start ? rev[i] : 0, b += per[i] == end ? rev[i] : 0;
        if (!(a > 0)) continue;
        want[0] += a, mag += fabs(a) + fabs(b);
        if (b <= 0) want[1] += a;
        else if (b < a) want[2] += a - b;
        else want[3] += b - a;
    }
    for (int k = 0; k < 4; k++)
        FZ_ASSERT(mv[k] >= 0 && fz_close(mv[k], want[k], mag, 1e-12),
                  "movement %d: %.17g, counted %.17g\n", k, mv[k], want[k]);
    double r[5];
    if (mv[0] > 0)
        FZ_ASSERT(FZ(fpa_unit_revenue_retention(&r[0], &r[1], &r[2], &r[3], &r[4], mv[0], mv[1],
                                                mv[2], mv[3])) == FPA_OK,
                  "the movements' retention failed: %s\n", fpa_error_last());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    ucase c;
    memset(&c, 0, sizeof c);
    uint8_t which = fz_byte(&in);
    c.n = fz_doubles(&in, c.x, N);
    fz_doubles(&in, c.y, N);
    fz_doubles(&in, c.z, N);
    fz_doubles(&in, c.w, N);
    c.cols = 1 + fz_byte(&in) % 12, c.rows = c.n / c.cols;
    c.mask = fz_byte(&in) & 1 ? c.valid : NULL;
    c.a = fz_double(&in), c.b = fz_double(&in), c.c = fz_double(&in), c.d = fz_double(&in);
    c.window = fz_byte(&in) % 16, c.horizon = fz_byte(&in) % 50;
    c.opts = fz_opts(&in);
    fz_set_some(&in, c.opts, unit_keys, sizeof unit_keys / sizeof *unit_keys);
    for (size_t i = 0; i < N; i++) {
        c.i64[i] = fz_i64(&in), c.c64[i] = fz_i64(&in) % 40, c.p64[i] = fz_i64(&in) % 60;
        c.cents[i] = fz_i64(&in);
    }
    uint8_t call = which % 48;  /* room for more calls without moving the seeds */
    if (call < 12) kpi(&in, &c, call);
    else if (call == 12) allocate(&in, &c);
    else if (call == 13) profitability(&in, &c);
    else if (call == 14) cohorts(&in, &c);
    else if (call == 15) curves(&in, &c);
    else if (call < 32) customers(&in, &c, (uint8_t)(call - 16));
    else if (call == 32) movements(&in, &c);
    else kpi(&in, &c, call % 12);
    fz_opts_free(c.opts);
    return 0;
}
