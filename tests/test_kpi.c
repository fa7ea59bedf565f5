/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared KPIs against independent engines and public worked examples.
 *
 * Expected values: tests/ref/unit_kpi_expected.csv, produced by
 *     /usr/bin/python3 tests/ref/make_unit_kpi_ref.py
 * which has LibreOffice Calc 7.4 and gnumeric 1.12 recalculate each
 * formula (and stops if they disagree), pandas 1.5 compute the EMA
 * (Series.ewm(adjust=False)), and numpy the runway schedule rule. Each
 * row names its source and formula. Worked examples from public pages are
 * cited next to their numbers below. */
#include "refcsv.h"

/* Element `index` of a growth series; an undefined element is reported as
 * the call over just its window (without a mask) reports it. */
static fpa_status one(double *out, fpa_status (*fn)(double *, unsigned char *,
                                                    const double *, size_t,
                                                    size_t, const fpa_opts *),
                      const ref_args *a, size_t index, size_t lag,
                      const fpa_opts *opts)
{
    double buf[REF_MAXVALS];
    unsigned char valid[REF_MAXVALS];
    fpa_status st = fn(buf, valid, a->val[0], 1, (size_t)a->len[0], opts);
    if (st != FPA_OK) return st;
    if (!valid[index]) return fn(buf, NULL, a->val[0] + index, 1, lag + 1, opts);
    *out = buf[index];
    return FPA_OK;
}

static fpa_opts *season(double s)
{
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_KPI_SEASON, s));
    return o;
}

static fpa_status call(const char *fn, const ref_args *a, double *out,
                       bool *handled)
{
#define S(k) (a->val[k][0])
#define N(k) ((size_t)a->len[k])
    double buf[REF_MAXVALS];
    fpa_status st;
    if (!strcmp(fn, "growth_pop"))
        return one(out, fpa_kpi_growth_pop, a, (size_t)S(1), 1, NULL);
    if (!strcmp(fn, "growth_yoy")) {
        fpa_opts *o = season(S(1));
        st = one(out, fpa_kpi_growth_yoy, a, (size_t)S(2), (size_t)S(1), o);
        fpa_opts_free(o);
        return st;
    }
    if (!strcmp(fn, "cagr")) return fpa_kpi_cagr(out, S(0), S(1), S(2));
    if (!strcmp(fn, "cagr_rows")) {
        fpa_opts *o = season(S(1));
        st = fpa_kpi_cagr_rows(out, NULL, a->val[0], 1, N(0), o);
        fpa_opts_free(o);
        return st;
    }
    if (!strcmp(fn, "sma") || !strcmp(fn, "wma_linear") || !strcmp(fn, "wma")) {
        size_t w = fn[0] == 's' ? (size_t)S(1) : (!strcmp(fn, "wma") ? N(1) : (size_t)S(1));
        if (fn[0] == 's') st = fpa_kpi_sma(buf, a->val[0], 1, N(0), w, NULL);
        else st = fpa_kpi_wma(buf, a->val[0], 1, N(0),
                              !strcmp(fn, "wma") ? a->val[1] : NULL, w, NULL);
        if (st == FPA_OK) *out = buf[(size_t)S(2)];
        return st;
    }
    if (!strcmp(fn, "ema")) {
        st = fpa_kpi_ema(buf, a->val[0], 1, N(0), S(1), NULL);
        if (st == FPA_OK) *out = buf[(size_t)S(2)];
        return st;
    }
    if (!strcmp(fn, "margins")) {
        double r = S(0), c = S(1), o = S(2), d = S(3);
        double *outs[5] = {NULL, NULL, NULL, NULL, NULL};
        outs[(int)S(4)] = out;
        return fpa_kpi_margins(outs[0], outs[1], outs[2], outs[3], outs[4], NULL,
                               &r, &c, &o, &d, 1, 1, NULL);
    }
    if (!strcmp(fn, "rule_of_40")) return fpa_kpi_rule_of_40(out, S(0), S(1));
    if (!strcmp(fn, "burn")) {
        double in = S(0), o = S(1);
        return S(2) == 0 ? fpa_kpi_burn(out, NULL, &in, &o, 1, 1, NULL)
                         : fpa_kpi_burn(NULL, out, &in, &o, 1, 1, NULL);
    }
    if (!strcmp(fn, "runway_mean"))
        return fpa_kpi_runway(out, S(0), a->val[1], N(1), FPA_RUNWAY_TRAILING_MEAN);
    if (!strcmp(fn, "runway_schedule"))
        return fpa_kpi_runway(out, S(0), a->val[1], N(1), FPA_RUNWAY_SCHEDULE);
    if (!strcmp(fn, "months_of_cash")) return fpa_kpi_months_of_cash(out, S(0), S(1));
#undef S
#undef N
    *handled = false;
    return FPA_OK;
}

static void reference_values(void **state)
{
    (void)state;
    ref_run(call, 3);
}

/* ---- public worked examples ------------------------------------------ */

static void worked_examples(void **state)
{
    (void)state;
    double gross, net, m;
    /* pasquesipartners.com/calculate-startup-runway-chicago/ ("How to
     * Calculate Startup Runway"): developers 17,000 + office 1,500 +
     * equipment 1,500 a month = gross burn 20,000; with 8,000 of cash in,
     * net burn 12,000. */
    double out = 17000 + 1500 + 1500, in = 8000;
    assert_ok(fpa_kpi_burn(&gross, &net, &in, &out, 1, 1, NULL));
    assert_close(gross, 20000, 0, 1e-9);
    assert_close(net, 12000, 0, 1e-9);
    /* traksource.com/tools/runway-calculator: "$150,000 in the bank and
     * you are losing $10,000 a month, your runway is exactly 15 months". */
    assert_ok(fpa_kpi_months_of_cash(&m, 150000, 10000));
    assert_close(m, 15, 0, 1e-12);
    assert_ok(fpa_kpi_runway(&m, 150000, (double[]){10000}, 1, FPA_RUNWAY_TRAILING_MEAN));
    assert_close(m, 15, 0, 1e-12);
    /* app.uxcel.com, "Burn rate and runway calculations": $1 million and
     * $100,000 monthly burn: 10 months. */
    assert_ok(fpa_kpi_months_of_cash(&m, 1e6, 1e5));
    assert_close(m, 10, 0, 1e-12);
    /* cryptoisnoycu.netlify.app ("Gross burn rate formula"): reserves of
     * $250,000 at $50,000 a month run out in five months. */
    assert_ok(fpa_kpi_runway(&m, 250000, (double[]){50000, 50000, 50000}, 3,
                             FPA_RUNWAY_SCHEDULE));
    assert_close(m, 5, 0, 1e-12);
}

/* ---- properties ------------------------------------------------------- */

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

enum { R = 700, C = 36 };

/* Random series with some exact zeros so that masks are exercised. */
static void fill(double *x, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        unsigned r = lcg(&seed);
        x[i] = r % 23 == 0 ? 0.0 : (double)(r % 100000) / 7.0 - 2000.0;
    }
}

/* Every series function at once, on `rows` rows starting at row `r0`. */
static void all_kpis(double *const *o, unsigned char *const *v, const double *x,
                     const double *y, const double *z, const double *d,
                     size_t rows, const fpa_opts *opts)
{
    assert_ok(fpa_kpi_growth_pop(o[0], v[0], x, rows, C, opts));
    assert_ok(fpa_kpi_growth_yoy(o[1], v[1], x, rows, C, opts));
    assert_ok(fpa_kpi_cagr_rows(o[2], v[2], x, rows, C, opts));
    assert_ok(fpa_kpi_sma(o[3], x, rows, C, 3, opts));
    assert_ok(fpa_kpi_wma(o[4], x, rows, C, NULL, 4, opts));
    assert_ok(fpa_kpi_ema(o[5], x, rows, C, 0.3, opts));
    assert_ok(fpa_kpi_margins(o[6], o[7], o[8], o[9], o[10], v[3], x, y, z, d, rows,
                              C, opts));
}

static const size_t widths[11] = {C - 1, C - 12, 1, C - 2, C - 3, C, C, C, C, C, C};
static const size_t vwidths[4] = {C - 1, C - 12, 1, C};

static void batch_equals_rows_and_threads(void **state)
{
    (void)state;
    static double x[R * C], y[R * C], z[R * C], d[R * C];
    fill(x, R * C, 1);
    fill(y, R * C, 2);
    fill(z, R * C, 3);
    fill(d, R * C, 4);
    double *ref[11], *got[11];
    unsigned char *vref[4], *vgot[4];
    for (int k = 0; k < 11; k++) {
        ref[k] = calloc(R * widths[k], sizeof(double));
        got[k] = calloc(R * widths[k], sizeof(double));
    }
    for (int k = 0; k < 4; k++) {
        vref[k] = calloc(R * vwidths[k], 1);
        vgot[k] = calloc(R * vwidths[k], 1);
    }
    all_kpis(ref, vref, x, y, z, d, R, NULL);
    /* one row at a time */
    for (size_t i = 0; i < R; i++) {
        double *o[11];
        unsigned char *v[4];
        for (int k = 0; k < 11; k++) o[k] = got[k] + i * widths[k];
        for (int k = 0; k < 4; k++) v[k] = vgot[k] + i * vwidths[k];
        all_kpis(o, v, x + i * C, y + i * C, z + i * C, d + i * C, 1, NULL);
    }
    for (int k = 0; k < 11; k++)
        assert_memory_equal(ref[k], got[k], R * widths[k] * sizeof(double));
    for (int k = 0; k < 4; k++)
        assert_memory_equal(vref[k], vgot[k], R * vwidths[k]);
    /* every thread count */
    for (int threads = 2; threads <= 5; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        for (int k = 0; k < 11; k++) memset(got[k], 0xAB, R * widths[k] * sizeof(double));
        all_kpis(got, vgot, x, y, z, d, R, o);
        for (int k = 0; k < 11; k++)
            assert_memory_equal(ref[k], got[k], R * widths[k] * sizeof(double));
        for (int k = 0; k < 4; k++)
            assert_memory_equal(vref[k], vgot[k], R * vwidths[k]);
        fpa_opts_free(o);
    }
    /* the mask marks exactly the zero bases, whose values are 0 */
    size_t zeros = 0;
    for (size_t i = 0; i < R; i++)
        for (size_t t = 0; t + 1 < C; t++) {
            bool z0 = x[i * C + t] == 0;
            zeros += z0;
            assert_int_equal(vref[0][i * (C - 1) + t], !z0);
            if (z0) assert_true(ref[0][i * (C - 1) + t] == 0);
        }
    assert_true(zeros > 0);
    for (int k = 0; k < 11; k++) {
        free(ref[k]);
        free(got[k]);
    }
    for (int k = 0; k < 4; k++) {
        free(vref[k]);
        free(vgot[k]);
    }
}

static void masks_and_statuses(void **state)
{
    (void)state;
    double x[2 * 4] = {1, 2, 3, 4, 5, 0, 7, 0}, out[6] = {0};
    unsigned char v[6];
    /* no mask: the first undefined element in row-major order, whatever
     * the thread count */
    for (int threads = 1; threads <= 3; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        fpa_error_clear();
        assert_status(fpa_kpi_growth_pop(out, NULL, x, 2, 4, o), FPA_EDOM);
        assert_string_equal(fpa_error_last(), "growth[1][1] is undefined (zero "
                            "denominator); pass out_valid to flag it");
        fpa_opts_free(o);
    }
    assert_ok(fpa_kpi_growth_pop(out, v, x, 2, 4, NULL));
    const unsigned char want[6] = {1, 1, 1, 1, 0, 1};
    assert_memory_equal(v, want, 6);
    assert_true(out[4] == 0);
    /* growth from a negative base divides by its magnitude: -100 -> -50 is
     * +50 % (the loss halved) */
    assert_ok(fpa_kpi_growth_pop(out, NULL, (double[]){-100, -50}, 1, 2, NULL));
    assert_close(out[0], 0.5, 0, 1e-15);
    /* CAGR of a series starting at 0 is undefined; ending at 0 is -100 % */
    double cg[2];
    unsigned char cv[2];
    assert_ok(fpa_kpi_cagr_rows(cg, cv, (double[]){0, 5, 5, 0}, 2, 2, NULL));
    assert_int_equal(cv[0], 0);
    assert_int_equal(cv[1], 1);
    assert_close(cg[1], -1, 0, 0);
    /* EBITDA is defined on zero revenue; the margins are not */
    double e, em;
    unsigned char ev;
    double r0 = 0, c0 = 5, o0 = 3, d0 = 1;
    assert_ok(fpa_kpi_margins(NULL, NULL, &e, NULL, NULL, NULL, &r0, &c0, &o0, &d0, 1, 1,
                              NULL));
    assert_close(e, -7, 0, 0);
    assert_ok(fpa_kpi_margins(NULL, NULL, &e, &em, NULL, &ev, &r0, &c0, &o0, &d0, 1, 1,
                              NULL));
    assert_int_equal(ev, 0);
    /* in-place EMA equals the out-of-place one */
    double s[4] = {10, 20, 30, 40}, t[4];
    assert_ok(fpa_kpi_ema(t, s, 1, 4, 0.5, NULL));
    assert_ok(fpa_kpi_ema(s, s, 1, 4, 0.5, NULL));
    assert_memory_equal(s, t, sizeof s);
}

static void bad_input(void **state)
{
    (void)state;
    double x[6] = {1, 2, NAN, 4, 5, 6}, out[6];
    fpa_error_clear();
    assert_status(fpa_kpi_growth_pop(out, NULL, x, 2, 3, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "x[0][2] is NaN");
    assert_status(fpa_kpi_growth_pop(NULL, NULL, x, 2, 3, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_growth_pop(out, NULL, NULL, 2, 3, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_growth_pop(out, NULL, x, 0, 3, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_growth_pop(out, NULL, x, 6, 1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_growth_pop(out, NULL, x, SIZE_MAX / 2, 3, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_growth_yoy(out, NULL, x, 1, 6, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "cols is 6, needs at least 13");
    assert_status(fpa_kpi_growth_pop(out, NULL, (double[]){1e-308, 1e308}, 1, 2, NULL),
                  FPA_EOVERFLOW);
    assert_status(fpa_kpi_sma(out, x, 1, 2, 0, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_sma(out, x, 1, 2, 3, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_sma(out, (double[]){1e308, 1e308}, 1, 2, 2, NULL), FPA_EOVERFLOW);
    assert_status(fpa_kpi_wma(out, x + 3, 1, 3, (double[]){1, -1, 1}, 3, NULL), FPA_EDOM);
    assert_status(fpa_kpi_wma(out, x + 3, 1, 3, (double[]){0, 0, 0}, 3, NULL), FPA_EDOM);
    assert_status(fpa_kpi_ema(out, x + 3, 1, 3, 0, NULL), FPA_EDOM);
    assert_status(fpa_kpi_ema(out, x + 3, 1, 3, 1.5, NULL), FPA_EDOM);
    assert_status(fpa_kpi_ema(out, x, 2, 3, 0.5, NULL), FPA_EDOM);
    assert_status(fpa_kpi_cagr(out, 0, 1, 1), FPA_EDOM);
    assert_status(fpa_kpi_cagr(out, 1, -1, 1), FPA_EDOM);
    assert_status(fpa_kpi_cagr(out, 1, 2, 0), FPA_EDOM);
    assert_status(fpa_kpi_cagr(out, 1e-300, 1e300, 1e-3), FPA_EOVERFLOW);
    assert_status(fpa_kpi_cagr(NULL, 1, 2, 1), FPA_EINVAL);
    double r = 1, c = 1, o = 1, d = 1;
    assert_status(fpa_kpi_margins(NULL, NULL, NULL, NULL, NULL, NULL, &r, &c, &o, &d, 1,
                                  1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_margins(out, NULL, NULL, NULL, NULL, NULL, &r, NULL, &o, &d, 1,
                                  1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_margins(NULL, out, NULL, NULL, NULL, NULL, &r, &c, NULL, &d, 1,
                                  1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_margins(NULL, NULL, out, NULL, NULL, NULL, &r, &c, &o, NULL, 1,
                                  1, NULL), FPA_EINVAL);
    assert_ok(fpa_kpi_margins(out, NULL, NULL, NULL, NULL, NULL, &r, &c, NULL, NULL, 1, 1,
                              NULL));
    double big = -1e308;
    assert_status(fpa_kpi_margins(NULL, NULL, out, NULL, NULL, NULL, &r, &c, &o, &big, 1,
                                  1, NULL), FPA_OK);
    double huge = 1e308;
    assert_status(fpa_kpi_margins(NULL, NULL, out, NULL, NULL, NULL, &r, &big, &big,
                                  &huge, 1, 1, NULL), FPA_EOVERFLOW);
    assert_status(fpa_kpi_burn(NULL, NULL, &r, &c, 1, 1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_burn(NULL, out, NULL, &c, 1, 1, NULL), FPA_EINVAL);
    assert_status(fpa_kpi_burn(out, NULL, NULL, (double[]){-1}, 1, 1, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "cash_out[0][0] is negative; give payments "
                        "and receipts as positive amounts");
    assert_status(fpa_kpi_runway(out, -1, (double[]){1}, 1, FPA_RUNWAY_SCHEDULE), FPA_EDOM);
    assert_status(fpa_kpi_runway(out, 1, (double[]){1}, 0, FPA_RUNWAY_SCHEDULE), FPA_EINVAL);
    assert_status(fpa_kpi_runway(out, 1, (double[]){1}, 1, (fpa_runway_rule)9), FPA_EINVAL);
    assert_status(fpa_kpi_runway(out, 1, (double[]){INFINITY}, 1, FPA_RUNWAY_SCHEDULE),
                  FPA_EDOM);
    assert_status(fpa_kpi_runway(out, 1e308, (double[]){1e-308}, 1,
                                 FPA_RUNWAY_TRAILING_MEAN), FPA_EOVERFLOW);
    assert_status(fpa_kpi_runway(out, 1, (double[]){1e308, 1e308}, 2,
                                 FPA_RUNWAY_TRAILING_MEAN), FPA_EOVERFLOW);
    assert_status(fpa_kpi_months_of_cash(out, NAN, 1), FPA_EDOM);
    assert_status(fpa_kpi_rule_of_40(out, 1e308, 1e308), FPA_EOVERFLOW);
}

static void allocation_failure(void **state)
{
    (void)state;
    /* Series calls allocate only the thread pool's bookkeeping, and only
     * with more than one thread; 1000 rows make several jobs. */
    enum { ROWS = 1000 };
    static double x[ROWS * C], out[ROWS * C];
    fill(x, ROWS * C, 9);
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_kpi_ema(out, x, ROWS, C, 0.2, opts), (void)0);
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 3)),
                    fpa_kpi_sma(out, x, ROWS, C, 6, opts), (void)0);
    static double y[ROWS * C], out2[ROWS * C];
    static unsigned char valid[ROWS * C];
    fill(y, ROWS * C, 10);
#define THREADS2 assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2))
    FPA_ALLOC_SWEEP(THREADS2, fpa_kpi_growth_pop(out, valid, x, ROWS, C, opts), (void)0);
    FPA_ALLOC_SWEEP(THREADS2, fpa_kpi_growth_yoy(out, valid, x, ROWS, C, opts), (void)0);
    FPA_ALLOC_SWEEP(THREADS2, fpa_kpi_cagr_rows(out, valid, x, ROWS, C, opts), (void)0);
    FPA_ALLOC_SWEEP(THREADS2, fpa_kpi_wma(out, x, ROWS, C, NULL, 4, opts), (void)0);
    FPA_ALLOC_SWEEP(THREADS2,
                    fpa_kpi_margins(out, out2, NULL, NULL, NULL, valid, x, y, y, NULL,
                                    ROWS, C, opts), (void)0);
    for (size_t i = 0; i < ROWS * C; i++) y[i] = fabs(y[i]), x[i] = fabs(x[i]);
    FPA_ALLOC_SWEEP(THREADS2, fpa_kpi_burn(out, out2, x, y, ROWS, C, opts), (void)0);
#undef THREADS2
}

/* The vectorised block kernels only notice a problem; the checked row
 * kernels name it. On random matrices, a value made NaN or infinite at a
 * random cell must be reported at exactly that cell, and results and masks
 * must be those of the definitions (written out here), bit for bit. */
static void kernels_name_the_cell_and_match_the_definitions(void **state)
{
    (void)state;
    enum { RR = 37, CC = 29, L = 12 };
    static double x[RR * CC], y[RR * CC], g[RR * CC], want[RR * CC];
    static unsigned char v[RR * CC];
    unsigned seed = 99;
    char msg[64];
    for (int trial = 0; trial < 200; trial++) {
        fill(x, RR * CC, (unsigned)trial + 7);
        fill(y, RR * CC, (unsigned)trial + 1000);
        size_t rows = 1 + lcg(&seed) % RR, cols = L + 1 + lcg(&seed) % (CC - L), w = cols - L;
        /* year-over-year growth by its definition, as the mask rule has it */
        assert_ok(fpa_kpi_growth_yoy(g, v, x, rows, cols, NULL));
        for (size_t i = 0; i < rows; i++)
            for (size_t t = 0; t < w; t++) {
                double base = x[i * cols + t], cur = x[i * cols + t + L];
                assert_int_equal(v[i * w + t], base != 0);
                double d = base != 0 ? (cur - base) / fabs(base) : 0;
                assert_memory_equal(&g[i * w + t], &d, sizeof d);
            }
        /* margins by their definitions */
        assert_ok(fpa_kpi_margins(g, NULL, NULL, want, NULL, v, x, y, y, x, rows, cols, NULL));
        for (size_t k = 0; k < rows * cols; k++) {
            double r = x[k], gm = r != 0 ? (r - y[k]) / r : 0;
            double em = r != 0 ? (((r - y[k]) - y[k]) + x[k]) / r : 0;
            assert_memory_equal(&g[k], &gm, sizeof gm);
            assert_memory_equal(&want[k], &em, sizeof em);
            assert_int_equal(v[k], r != 0);
        }
        /* a bad value anywhere is named where it is */
        size_t at = lcg(&seed) % (rows * cols);
        double keep = x[at];
        x[at] = trial % 2 ? NAN : -INFINITY;
        snprintf(msg, sizeof msg, "x[%zu][%zu] is %s", at / cols, at % cols,
                 trial % 2 ? "NaN" : "-Inf");
        assert_status(fpa_kpi_growth_yoy(g, v, x, rows, cols, NULL), FPA_EDOM);
        assert_string_equal(fpa_error_last(), msg);
        assert_status(fpa_kpi_sma(g, x, rows, cols, 1 + (size_t)trial % 5, NULL), FPA_EDOM);
        assert_string_equal(fpa_error_last(), msg);
        assert_status(fpa_kpi_ema(g, x, rows, cols, 0.4, NULL), FPA_EDOM);
        assert_string_equal(fpa_error_last(), msg);
        snprintf(msg, sizeof msg, "revenue[%zu][%zu] is %s", at / cols, at % cols,
                 trial % 2 ? "NaN" : "-Inf");
        assert_status(fpa_kpi_margins(g, NULL, NULL, NULL, NULL, v, x, y, NULL, NULL, rows,
                                      cols, NULL), FPA_EDOM);
        assert_string_equal(fpa_error_last(), msg);
        x[at] = keep;
        /* without a mask, the first zero base in row-major order */
        size_t first = SIZE_MAX;
        for (size_t k = 0; k < rows * w && first == SIZE_MAX; k++)
            if (x[k / w * cols + k % w] == 0) first = k;
        fpa_status st = fpa_kpi_growth_yoy(g, NULL, x, rows, cols, NULL);
        if (first == SIZE_MAX) {
            assert_ok(st);
        } else {
            assert_int_equal(st, FPA_EDOM);
            snprintf(msg, sizeof msg, "growth[%zu][%zu] is undefined", first / w, first % w);
            assert_non_null(strstr(fpa_error_last(), msg));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_values),
        cmocka_unit_test(worked_examples),
        cmocka_unit_test(batch_equals_rows_and_threads),
        cmocka_unit_test(masks_and_statuses),
        cmocka_unit_test(kernels_name_the_cell_and_match_the_definitions),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
