/* SPDX-License-Identifier: GPL-3.0-or-later */
/* malloc itself fails: every public function that allocates, directly or
 * through GSL, NLopt or the C library, is called while the k-th call of
 * malloc, calloc or realloc made in the process (any thread) returns NULL,
 * for k = 0, 1, 2 ... until a run sees no failure. Each run must return
 * FPA_OK or FPA_ENOMEM with a detail, must not abort, and must leave no
 * block allocated (tracked here; valgrind and ASan check the same from
 * outside, .ci/hardening).
 *
 * The other tests fail the library's own allocator (tests/testutil.h's
 * FPA_ALLOC_SWEEP), which GSL and NLopt never call: this one replaces the
 * C library's malloc for the whole process (issue 14: GSL's minimiser
 * aborted the host when malloc failed). The replacement forwards to
 * glibc's __libc_malloc family, or to AddressSanitizer's allocator when
 * the program is built with it, so both keep their own bookkeeping.
 *
 * Expected outcomes come from the functions' documented contracts
 * (FPA_ENOMEM on allocation failure); no value here is compared with
 * libfpa's own output. Every module's allocating calls are listed from
 * the public headers; a module that adds one adds its case here. */
#include "testutil.h"

#include <errno.h>
#include <stdatomic.h>

/* ---- the replacement allocator ------------------------------------------- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
/* AddressSanitizer's allocator (its malloc is a weak alias of these) */
extern void *__interceptor_malloc(size_t) __attribute__((weak));
extern void *__interceptor_calloc(size_t, size_t) __attribute__((weak));
extern void *__interceptor_realloc(void *, size_t) __attribute__((weak));
extern void __interceptor_free(void *) __attribute__((weak));

/* Not instrumented: AddressSanitizer calls free() while it initialises,
 * before its shadow memory exists. */
#if defined(__clang__) || defined(__GNUC__)
#define NO_ASAN __attribute__((no_sanitize("address"), no_sanitize("undefined")))
#else
#define NO_ASAN
#endif

static atomic_int armed;          /* failures injected and blocks tracked */
static atomic_long calls, fail_at;
static atomic_long injected;      /* failures returned in this run */
static atomic_flag table_lock = ATOMIC_FLAG_INIT;

/* Live blocks allocated while armed: open addressing on the address. */
enum { SLOTS = 1 << 16 };
static void *live[SLOTS];
static long nlive;

NO_ASAN static size_t slot_of(const void *p)
{
    uintptr_t h = (uintptr_t)p;
    h ^= h >> 17;
    h *= 0xed5ad4bbU;
    return (size_t)(h ^ (h >> 11)) & (SLOTS - 1);
}

NO_ASAN static void lock(void)
{
    while (atomic_flag_test_and_set_explicit(&table_lock, memory_order_acquire)) {
    }
}

NO_ASAN static void unlock(void) { atomic_flag_clear_explicit(&table_lock, memory_order_release); }

NO_ASAN static void track(void *p)
{
    lock();
    size_t i = slot_of(p);
    while (live[i]) i = (i + 1) & (SLOTS - 1);
    live[i] = p;
    nlive++;
    unlock();
}

/* Remove p if tracked (backward-shift deletion keeps probe chains whole). */
NO_ASAN static void untrack(void *p)
{
    lock();
    size_t i = slot_of(p);
    while (live[i] && live[i] != p) i = (i + 1) & (SLOTS - 1);
    if (live[i]) {
        nlive--;
        size_t j = i;
        for (;;) {
            live[i] = NULL;
            for (;;) {
                j = (j + 1) & (SLOTS - 1);
                if (!live[j]) {
                    unlock();
                    return;
                }
                size_t k = slot_of(live[j]);
                /* live[j] may move to i when its home k is not in (i, j] */
                if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) break;
            }
            live[i] = live[j];
            i = j;
        }
    }
    unlock();
}

/* true when this call is the one to fail */
NO_ASAN static bool fail_now(void)
{
    if (!atomic_load_explicit(&armed, memory_order_relaxed)) return false;
    if (atomic_fetch_add(&calls, 1) != atomic_load(&fail_at)) return false;
    atomic_fetch_add(&injected, 1);
    return true;
}

/* exported: the tests build with hidden visibility */
#define EXPORTED __attribute__((visibility("default")))

EXPORTED NO_ASAN void *malloc(size_t n)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __interceptor_malloc ? __interceptor_malloc(n) : __libc_malloc(n);
    if (p && atomic_load_explicit(&armed, memory_order_relaxed)) track(p);
    return p;
}

EXPORTED NO_ASAN void *calloc(size_t n, size_t size)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __interceptor_calloc ? __interceptor_calloc(n, size) : __libc_calloc(n, size);
    if (p && atomic_load_explicit(&armed, memory_order_relaxed)) track(p);
    return p;
}

EXPORTED NO_ASAN void *realloc(void *old, size_t n)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = __interceptor_realloc ? __interceptor_realloc(old, n) : __libc_realloc(old, n);
    if (p && atomic_load_explicit(&armed, memory_order_relaxed)) {
        if (old) untrack(old);
        track(p);
    }
    return p;
}

EXPORTED NO_ASAN void free(void *p)
{
    if (!p) return;
    untrack(p);
    if (__interceptor_free) __interceptor_free(p);
    else __libc_free(p);
}

/* ---- the sweep ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    fpa_status (*setup)(void **ctx);  /* unarmed; may be NULL */
    fpa_status (*run)(void *ctx);     /* armed: the calls under test */
    void (*teardown)(void *ctx);      /* unarmed; may be NULL */
} malloc_case;

/* Runs the case for every k; returns the number of allocations of the
 * run that saw none fail. */
static long sweep(const malloc_case *c)
{
    void *ctx = NULL;
    if (c->setup) assert_ok(c->setup(&ctx));
    /* once unarmed, so that lazily created state of the C library
     * (thread stacks, stdio) exists before blocks are counted */
    assert_ok(c->run(ctx));
    for (long k = 0;; k++) {
        atomic_store(&calls, 0);
        atomic_store(&injected, 0);
        atomic_store(&fail_at, k);
        memset(live, 0, sizeof live);
        nlive = 0;
        fpa_error_clear();
        atomic_store(&armed, 1);
        fpa_status st = c->run(ctx);
        atomic_store(&armed, 0);
        long failed = atomic_load(&injected), made = atomic_load(&calls);
        if (st != FPA_OK && st != FPA_ENOMEM)
            fail_msg("%s: malloc call %ld failed: got %s (%s)", c->name, k,
                     fpa_status_name(st), fpa_error_last());
        if (st == FPA_ENOMEM && (!failed || !fpa_error_last()[0]))
            fail_msg("%s: FPA_ENOMEM %s", c->name,
                     failed ? "without a detail" : "without a failed allocation");
        if (nlive != 0)
            fail_msg("%s: malloc call %ld failed: %ld block(s) left allocated",
                     c->name, k, nlive);
        if (!failed) {
            if (c->teardown) c->teardown(ctx);
            return made;
        }
        assert_true(k < 1000000);
    }
}

/* ---- data ------------------------------------------------------------------------ */

/* R's USAccDeaths, 1973-1975 (three seasons of monthly data) */
static const double deaths[36] = {
    9007, 8106, 8928, 9137, 10017, 10826, 11317, 10744, 9713, 9938, 9161, 8927,
    7750, 6981, 8038, 8422, 8714, 9512, 10120, 9823, 8743, 9129, 8710, 8680,
    8162, 7306, 8124, 7870, 9387, 9556, 10093, 9620, 8285, 8466, 8160, 8034};

/* Two threads, so that thread creation fails too; one under
 * AddressSanitizer, whose runtime cannot start a thread when malloc fails
 * (pthread_getattr_np() allocates, and ASan stops on its CHECK). */
#if defined(__SANITIZE_ADDRESS__)
#define SWEEP_THREADS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWEEP_THREADS 1
#endif
#endif
#ifndef SWEEP_THREADS
#define SWEEP_THREADS 2
#endif

static fpa_opts *threads2(void)
{
    fpa_opts *o = NULL;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, SWEEP_THREADS));
    return o;
}

/* ---- core, tvm, accuracy -------------------------------------------------------- */

static fpa_status run_core(void *ctx)
{
    (void)ctx;
    fpa_opts *o = NULL;
    fpa_status s = fpa_opts_new(&o, NULL, NULL);
    if (s == FPA_OK) s = fpa_opts_set(o, FPA_OPT_THREADS, 2);
    fpa_opts_reset(o);
    fpa_opts_free(o);
    return s;
}

static fpa_status run_tvm(void *ctx)
{
    const double v[] = {-100, 60, 60, -100, 110, -1000, 500, 400, 300};
    const int64_t d[] = {0, 365, 730, 0, 365, 0, 200, 400, 700};
    const size_t off[] = {0, 3, 5, 9};
    double rates[3], roots[4], x;
    size_t nroots;
    fpa_status st[3], s = fpa_tvm_xirr_batch(rates, st, v, d, off, 3, 0.1, ctx);
    if (s == FPA_OK) s = fpa_tvm_xirr(&x, v + 5, d + 5, 4, 0.1);
    if (s == FPA_OK) s = fpa_tvm_irr(&x, v + 5, 4, 0.1);
    if (s == FPA_OK) s = fpa_tvm_irr_roots(roots, 4, &nroots, v + 5, 4);
    if (s == FPA_OK) s = fpa_tvm_mirr(&x, v + 5, 4, 0.05, 0.08);
    if (s == FPA_OK) s = fpa_tvm_rate(&x, 36, -300, 9000, 0, FPA_WHEN_END, 0.01);
    return s;
}

static fpa_status run_accuracy(void *ctx)
{
    (void)ctx;
    double v;
    fpa_status s = fpa_accuracy_metric(&v, FPA_METRIC_MASE, deaths + 24, deaths + 12, 12,
                                       deaths, 24, 12);
    double lo[12], hi[12];
    for (int i = 0; i < 12; i++) lo[i] = deaths[i] - 500, hi[i] = deaths[i] + 500;
    if (s == FPA_OK) s = fpa_accuracy_msis(&v, deaths + 24, lo, hi, 12, 95, deaths, 24, 12);
    return s;
}

/* ---- forecast ------------------------------------------------------------------- */

typedef struct {
    fpa_opts *o;
    fpa_forecast_method method;
    fpa_forecast_model *m;
} fc_ctx;

static fpa_status fc_setup(void **ctx, fpa_forecast_method method, int simulate)
{
    fc_ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->o = threads2();
    c->method = method;
    if (simulate) {
        assert_ok(fpa_opts_set(c->o, FPA_OPT_FORECAST_INTERVALS, FPA_INTERVALS_SIMULATE));
        assert_ok(fpa_opts_set(c->o, FPA_OPT_FORECAST_NPATHS, 100));
    }
    *ctx = c;
    return fpa_forecast_fit(&c->m, method, deaths, 36, 12, c->o);
}

static void fc_teardown(void *ctx)
{
    fc_ctx *c = ctx;
    fpa_forecast_model_free(c->m);
    fpa_opts_free(c->o);
    free(c);
}

/* a fit, its forecasts and intervals, simulation and an update */
static fpa_status run_fit(void *ctx)
{
    const fc_ctx *c = ctx;
    double y[36], mean[6], lo[12], hi[12], lev[2] = {80, 95}, paths[12];
    memcpy(y, deaths, sizeof y);
    y[20] = NAN;  /* interpolated */
    fpa_forecast_model *m = NULL;
    fpa_status s = fpa_forecast_fit(&m, c->method, y, 36, 12, c->o);
    if (s == FPA_OK) s = fpa_forecast_predict(mean, lo, hi, m, 6, lev, 2, c->o);
    bool simulable = c->method == FPA_FORECAST_ETS || c->method == FPA_FORECAST_COMBO ||
                     c->method == FPA_FORECAST_DAMPED;
    if (s == FPA_OK && simulable) s = fpa_forecast_simulate(paths, m, 6, 2, c->o);
    if (s == FPA_OK) s = fpa_forecast_model_update(m, deaths + 30, 6);
    fpa_forecast_model_free(m);
    return s;
}

#define FIT_SETUP(name, method, simulate)                                     \
    static fpa_status name(void **ctx) { return fc_setup(ctx, method, simulate); }
FIT_SETUP(setup_ets, FPA_FORECAST_ETS, 0)
FIT_SETUP(setup_ets_sim, FPA_FORECAST_ETS, 1)
FIT_SETUP(setup_combo, FPA_FORECAST_COMBO, 0)
FIT_SETUP(setup_combo_sim, FPA_FORECAST_COMBO, 1)
FIT_SETUP(setup_theta, FPA_FORECAST_THETA, 0)
FIT_SETUP(setup_otheta, FPA_FORECAST_OPTIMISED_THETA, 0)
FIT_SETUP(setup_linear, FPA_FORECAST_LINEAR, 0)
FIT_SETUP(setup_damped, FPA_FORECAST_DAMPED, 0)
FIT_SETUP(setup_naive2, FPA_FORECAST_NAIVE2, 1)

/* ETS restricted to two candidates, for the calls that fit many times */
static fpa_status setup_ets_small(void **ctx)
{
    fpa_status s = fc_setup(ctx, FPA_FORECAST_ETS, 0);
    fc_ctx *c = *ctx;
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ETS_TREND, FPA_ETS_NONE);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_NONE);
    return s;
}

/* the ensemble with small ETS and ARIMA searches (each sweep step refits) */
static fpa_status setup_ensemble(void **ctx)
{
    fpa_status s = fc_setup(ctx, FPA_FORECAST_ENSEMBLE, 0);
    fc_ctx *c = *ctx;
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ETS_TREND, FPA_ETS_NONE);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_NONE);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ARIMA_MAX_P, 1);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ARIMA_MAX_Q, 1);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ARIMA_MAX_SEASONAL_P, 0);
    if (s == FPA_OK) s = fpa_opts_set(c->o, FPA_OPT_FORECAST_ARIMA_MAX_SEASONAL_Q, 1);
    return s;
}

static fpa_status run_ets_build(void *ctx)
{
    (void)ctx;
    fpa_opts *o = NULL;
    fpa_forecast_model *m = NULL;
    const double par[4] = {0.3, 0, 0, 0};
    double mean[4], lo[4], hi[4], lev = 90;
    fpa_status s = fpa_opts_new(&o, NULL, NULL);
    if (s == FPA_OK) s = fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR, FPA_ETS_ADDITIVE);
    if (s == FPA_OK) s = fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND, FPA_ETS_NONE);
    if (s == FPA_OK) s = fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON, FPA_ETS_NONE);
    if (s == FPA_OK) s = fpa_forecast_ets_build(&m, deaths, 36, 1, par, deaths, 1, o);
    if (s == FPA_OK) s = fpa_forecast_predict(mean, lo, hi, m, 4, &lev, 1, o);
    fpa_forecast_model_free(m);
    fpa_opts_free(o);
    return s;
}

static fpa_status run_batch(void *ctx)
{
    const fc_ctx *c = ctx;
    const size_t off[4] = {0, 36, 60, 90};
    double values[90], mean[3 * 4], lo[3 * 4], hi[3 * 4], lev = 80;
    char names[3 * FPA_FORECAST_NAME_MAX];
    fpa_status st[3];
    memcpy(values, deaths, sizeof deaths);
    memcpy(values + 36, deaths, 24 * sizeof *values);
    memcpy(values + 60, deaths + 6, 30 * sizeof *values);
    return fpa_forecast_batch(mean, lo, hi, names, st, c->method, values, off, 3, 12, 4,
                              &lev, 1, c->o);
}

/* a forecast set: fitted, forecast (simulated intervals) and its table */
static fpa_status run_set(void *ctx)
{
    const fc_ctx *c = ctx;
    const size_t off[4] = {0, 36, 60, 63};
    double values[63], mean[3 * 4], lo[3 * 4], hi[3 * 4], lev = 80, table[3 * 2];
    const fpa_forecast_param which[2] = {FPA_PARAM_ALPHA, FPA_PARAM_AICC};
    memcpy(values, deaths, sizeof deaths);
    memcpy(values + 36, deaths, 24 * sizeof *values);
    values[60] = values[61] = values[62] = NAN;  /* a series that fails */
    fpa_forecast_set *set = NULL;
    fpa_status s = fpa_forecast_set_fit(&set, c->method, values, off, 3, 12, c->o);
    if (s == FPA_OK) s = fpa_forecast_set_predict(mean, lo, hi, set, 4, &lev, 1, c->o);
    if (s == FPA_PARTIAL) s = fpa_forecast_set_params(table, 6, set, which, 2);
    fpa_forecast_set_free(set);
    return s;
}

static fpa_status run_backtest(void *ctx)
{
    const fc_ctx *c = ctx;
    fpa_backtest *bt = NULL;
    double by[3], all, f[9], a[9];
    fpa_status s = fpa_forecast_backtest(&bt, c->method, deaths, 36, 12, 3, 3, c->o);
    if (s == FPA_OK) s = fpa_forecast_backtest_values(f, a, 9, bt);
    if (s == FPA_OK) s = fpa_forecast_backtest_error(by, &all, bt, FPA_METRIC_MASE);
    if (s == FPA_OK) s = fpa_forecast_backtest_error(by, &all, bt, FPA_METRIC_SMAPE);
    fpa_forecast_backtest_free(bt);
    return s;
}

static fpa_status run_rolling(void *ctx)
{
    const fc_ctx *c = ctx;
    fpa_rolling *r = NULL;
    double view[40], err[3], tot;
    fpa_status s = fpa_forecast_rolling_new(&r, c->method, deaths, 30, 12, 1973, 1, 6, c->o);
    for (size_t i = 30; s == FPA_OK && i < 34; i++) s = fpa_forecast_rolling_append(r, deaths[i]);
    if (s == FPA_OK) s = fpa_forecast_rolling_view(view, 40, r);
    if (s == FPA_OK) s = fpa_forecast_rolling_error_by_lag(err, NULL, 3, r, FPA_METRIC_MAE);
    if (s == FPA_OK) s = fpa_forecast_rolling_outlook(&tot, NULL, NULL, NULL, r);
    fpa_forecast_rolling_free(r);
    return s;
}

static fpa_status run_predict(void *ctx)
{
    const fc_ctx *c = ctx;
    double mean[8], lo[16], hi[16], lev[2] = {80, 95};
    return fpa_forecast_predict(mean, lo, hi, c->m, 8, lev, 2, c->o);
}

static fpa_status run_decompose(void *ctx)
{
    (void)ctx;
    double trend[36], seas[36], fig[12];
    int seasonal;
    fpa_status s = fpa_forecast_decompose(trend, seas, fig, deaths, 36, 12,
                                          FPA_DECOMPOSITION_MULTIPLICATIVE);
    if (s == FPA_OK) s = fpa_forecast_seasonality_test(&seasonal, deaths, 36, 12);
    return s;
}

/* ---- kpi, variance, recon ----------------------------------------------------------- */

enum { ROWS = 1000, COLS = 24 };
static double grid_a[ROWS * COLS], grid_b[ROWS * COLS], grid_out[ROWS * COLS],
    grid_out2[ROWS * COLS];
static unsigned char grid_valid[ROWS * COLS];

static fpa_status setup_grid(void **ctx)
{
    for (size_t i = 0; i < ROWS * COLS; i++) {
        grid_a[i] = 100 + (double)(i % 37) + 3 * (double)(i % 5);
        grid_b[i] = 60 + (double)(i % 29);
    }
    *ctx = threads2();
    return FPA_OK;
}

static void free_opts(void *ctx) { fpa_opts_free(ctx); }

static fpa_status run_kpi(void *o)
{
    fpa_status s = fpa_kpi_growth_pop(grid_out, grid_valid, grid_a, ROWS, COLS, o);
    if (s == FPA_OK) s = fpa_kpi_growth_yoy(grid_out, grid_valid, grid_a, ROWS, COLS, o);
    if (s == FPA_OK) s = fpa_kpi_cagr_rows(grid_out, grid_valid, grid_a, ROWS, COLS, o);
    if (s == FPA_OK) s = fpa_kpi_sma(grid_out, grid_a, ROWS, COLS, 3, o);
    if (s == FPA_OK) s = fpa_kpi_wma(grid_out, grid_a, ROWS, COLS, NULL, 4, o);
    if (s == FPA_OK) s = fpa_kpi_ema(grid_out, grid_a, ROWS, COLS, 0.3, o);
    if (s == FPA_OK)
        s = fpa_kpi_margins(grid_out, grid_out2, NULL, NULL, NULL, grid_valid, grid_a,
                            grid_b, grid_b, NULL, ROWS, COLS, o);
    if (s == FPA_OK) s = fpa_kpi_burn(grid_out, grid_out2, grid_a, grid_b, ROWS, COLS, o);
    return s;
}

static const char *const tree_ids[] = {"co", "sales", "ops", "north", "south", "plant"};
static const char *const tree_parents[] = {NULL, "co", "co", "sales", "sales", "ops"};

static fpa_status run_variance(void *o)
{
    const int nature[ROWS] = {0};
    double b[12] = {0, 0, 0, 5, 7, 9, 0, 0, 0, 6, 4, 3}, a[12] = {0, 0, 0, 6, 6, 11, 0, 0, 0, 5, 5, 1};
    double rb[12], ra[12], wb[ROWS], wa[ROWS], contrib[6], rem[2];
    size_t nodes[6], count, first, last;
    uint32_t flags[3];
    fpa_tree *t = NULL;
    fpa_status s = fpa_variance_compute(grid_out, NULL, NULL, grid_b, grid_a, ROWS, COLS,
                                        nature, NULL, NULL, NULL, o);
    if (s == FPA_OK) s = fpa_variance_window_range(&first, &last, COLS, 1, 14,
                                                   FPA_WINDOW_YTD, o);
    if (s == FPA_OK)
        s = fpa_variance_window(wb, wa, grid_b, grid_a, NULL, ROWS, COLS, 1, 14,
                                FPA_WINDOW_QTD, o);
    if (s == FPA_OK) s = fpa_variance_tree_new(&t, tree_ids, tree_parents, 6, o);
    /* leaves north, south, plant carry the data: two periods each */
    double lb[12], la[12];
    for (int i = 0; i < 12; i++) lb[i] = b[i], la[i] = a[i];
    if (s == FPA_OK) s = fpa_variance_rollup(rb, ra, NULL, t, lb, la, 2, o);
    if (s == FPA_OK) {
        double b1[6], a1[6];
        for (int i = 0; i < 6; i++) b1[i] = rb[2 * i], a1[i] = ra[2 * i];
        s = fpa_variance_drilldown(nodes, contrib, NULL, &count, NULL, t, b1, a1, 0,
                                   FPA_DRILL_LEAVES, 6, o);
    }
    const size_t line[3] = {0, 1, 1};
    const double amt[3] = {5, 3, 9}, spent[2] = {10, 20}, limit[2] = {20, 25};
    if (s == FPA_OK)
        s = fpa_variance_spend_control(flags, rem, line, amt, 3, spent, limit, 2, o);
    double p[2], q[2], m2[2], qq[2], tot[FPA_SALES_PARTS];
    const double bu[2] = {10, 20}, bp[2] = {5, 6}, bc[2] = {3, 4}, au[2] = {12, 18},
                 ap[2] = {5.5, 6}, ac[2] = {3, 4.5};
    if (s == FPA_OK) s = fpa_variance_sales_mix(p, q, m2, qq, tot, bu, bp, bc, au, ap, ac, 2, o);
    if (s == FPA_OK) s = fpa_variance_cost(p, q, tot, au, ap, bu, bp, 2, o);
    const double share[2] = {0.5, 1};
    const int nat2[2] = {FPA_NATURE_REVENUE, FPA_NATURE_COST};
    double fx[2], vol[2], flex[2], inc[3];
    if (s == FPA_OK)
        s = fpa_variance_flexible(fx, vol, flex, inc, bu, au, share, nat2, 2, 100, 110, o);
    double sp, vo, al;
    if (s == FPA_OK) s = fpa_variance_fixed_overhead(&sp, &vo, &al, 1050, 1000, 100, 110, o);
    double impact[12], shares, size;
    int nat6[6] = {0, 0, 1, 0, 0, 1}, out_nat[6];
    if (s == FPA_OK) s = fpa_variance_rollup_impact(impact, out_nat, t, lb, la, nat6, 2, o);
    if (s == FPA_OK) s = fpa_variance_market(&shares, &size, 100, 110, 1000, 1200, 5, o);
    const fpa_metric metrics[2] = {FPA_METRIC_MAE, FPA_METRIC_MAPE};
    if (s == FPA_OK)
        s = fpa_variance_plan_metrics(grid_out, grid_b, grid_a, ROWS, COLS, metrics, 2, o);
    fpa_variance_tree_free(t);
    return s;
}

static fpa_status run_recon(void *o)
{
    const int64_t la[4] = {100, -250, 75, 40}, ld[4] = {10, 11, 12, 30},
                  sa[4] = {-250, 100, 75, 41}, sd[4] = {11, 10, 14, 30};
    const char *const lr[4] = {"A1", "B2", "C3", NULL}, *const sr[4] = {"B2", "A1", "X", NULL};
    int64_t lm[4], sm[4], tot[2], diff[2], cd[4], od[4];
    size_t pairs, breaks;
    fpa_status s = fpa_recon_match(lm, sm, NULL, &pairs, la, ld, lr, 4, sa, sd, sr, 4, o);
    const int64_t gl[2] = {300, -50}, sub[3] = {100, 200, -50};
    const size_t acct[3] = {0, 0, 1};
    if (s == FPA_OK) s = fpa_recon_tieout(tot, diff, &breaks, gl, 2, sub, acct, 3, o);
    const int64_t open[4] = {100, 110, 200, 220}, mov[4] = {10, -5, 20, 0},
                  close[4] = {110, 105, 220, 220};
    if (s == FPA_OK)
        s = fpa_recon_rollforward(cd, od, &breaks, open, mov, 1, close, NULL, 2, 2, o);
    return s;
}

/* ---- unit -------------------------------------------------------------------------- */

static fpa_status run_unit(void *o)
{
    int64_t parts[5], rev[5] = {100, 200, 300, 400, 500}, cost[5] = {10, 20, 30, 40, 50};
    const double drv[5] = {1, 2, 3, 4, 5};
    fpa_status s = fpa_unit_allocate(parts, 999, drv, 5, o);
    int64_t contrib[5], net[5];
    if (s == FPA_OK)
        s = fpa_unit_profitability(contrib, parts, net, rev, cost, drv, 5, 77, o);
    const double R[6] = {1, 0.8, 0.6, 1, 0.7, 0}, w[2] = {100, 50};
    const size_t obs[2] = {3, 2};
    double v, curve[3];
    if (s == FPA_OK) s = fpa_unit_ltv_cohorts(&v, R, w, obs, 2, 3, 10, 0.8, 0.01, 24, o);
    if (s == FPA_OK) s = fpa_unit_ltv_curve(&v, R, 3, 10, 0.8, 0.01, 24, o);
    size_t len;
    if (s == FPA_OK) s = fpa_unit_retention_curve(curve, &len, R, w, obs, 2, 3);
    const int64_t cust[6] = {1, 1, 2, 2, 3, 3}, coh[6] = {0, 0, 0, 0, 1, 1},
                  per[6] = {0, 1, 0, 1, 1, 2};
    const double r6[6] = {10, 12, 8, 0, 5, 5};
    fpa_cohorts *c = NULL;
    if (s == FPA_OK) s = fpa_unit_cohorts_from_rows(&c, cust, coh, per, r6, 6, o);
    size_t rows, cols;
    if (s == FPA_OK) s = fpa_unit_cohorts_shape(&rows, &cols, c);
    double act[16], revt[16];
    if (s == FPA_OK) s = fpa_unit_cohorts_tables(act, revt, 16, c);
    fpa_unit_cohorts_free(c);
    double counts[9], mov[4];
    if (s == FPA_OK) s = fpa_unit_customer_counts(counts, 3, 0, cust, coh, per, 6, o);
    if (s == FPA_OK) s = fpa_unit_revenue_movements(mov, cust, per, r6, 6, 0, 2, o);
    return s;
}

/* ---- wc and scenario ---------------------------------------------------------------- */

enum { PER = 12 };

static fpa_status build_plan(fpa_wc_plan **out, const fpa_opts *o)
{
    double v[6][PER], days[PER];
    for (int t = 0; t < PER; t++) {
        v[0][t] = 1e5 * (1 + 0.02 * t);
        v[1][t] = 0.6 * v[0][t];
        v[2][t] = 45, v[3][t] = 30, v[4][t] = 40, v[5][t] = -3.5e4;
        days[t] = 30;
    }
    fpa_status s = fpa_wc_plan_new(out, PER, o);
    for (int d = 0; s == FPA_OK && d < 6; d++) s = fpa_wc_plan_set(*out, (fpa_wc_driver)d, v[d], PER);
    if (s == FPA_OK) s = fpa_wc_plan_set_days(*out, days, PER);
    if (s == FPA_OK) s = fpa_wc_plan_set_opening(*out, 1.5e5, 6e4, 8e4, 5e4);
    return s;
}

static fpa_status run_wc(void *o)
{
    fpa_wc_plan *p = NULL;
    fpa_scenario *scn = NULL;
    const fpa_wc_line lines[2] = {FPA_WC_LINE_NWC, FPA_WC_LINE_CASH};
    double out[2 * PER], x, rel[PER], cum[PER], gap[PER], minc, peak;
    size_t minp;
    fpa_status s = build_plan(&p, o);
    if (s == FPA_OK) s = fpa_wc_project(out, 2 * PER, p, lines, 2);
    if (s == FPA_OK) s = fpa_scenario_new(&scn, o);
    if (s == FPA_OK) s = fpa_scenario_add(scn, FPA_WC_DSO, FPA_SCENARIO_ADD, -5, 2);
    if (s == FPA_OK) s = fpa_scenario_add(scn, FPA_WC_REVENUE, FPA_SCENARIO_MUL, 1.1, 0);
    if (s == FPA_OK) s = fpa_scenario_drivers(out, PER, p, scn, FPA_WC_DSO);
    if (s == FPA_OK) s = fpa_scenario_project(out, 2 * PER, p, scn, lines, 2);
    if (s == FPA_OK)
        s = fpa_scenario_compare(rel, cum, gap, &minc, &minp, &peak, p, scn, 0, PER);
    if (s == FPA_OK) s = fpa_scenario_metric_value(&x, p, scn, FPA_SCENARIO_MIN_CASH, 0);
    const fpa_wc_driver drv[2] = {FPA_WC_DSO, FPA_WC_DPO};
    const fpa_scenario_op ops[2] = {FPA_SCENARIO_ADD, FPA_SCENARIO_ADD};
    const double low[2] = {-5, -5}, high[2] = {5, 5}, rows[3] = {30, 45, 60};
    const size_t from[2] = {0, 0};
    double tl[2], th[2], base, table[9];
    if (s == FPA_OK)
        s = fpa_scenario_tornado(tl, th, &base, p, scn, drv, ops, low, high, from, 2,
                                 FPA_SCENARIO_ENDING_CASH, 0);
    if (s == FPA_OK)
        s = fpa_scenario_table(table, 9, p, scn, FPA_WC_DSO, FPA_SCENARIO_SET, rows, 3,
                               FPA_WC_DPO, FPA_SCENARIO_SET, rows, 3, 0,
                               FPA_SCENARIO_MIN_CASH, 0, o);
    if (s == FPA_OK)
        s = fpa_scenario_goal_seek(&x, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET, 0, 0, 120,
                                   FPA_SCENARIO_ENDING_CASH, 0, 2e5);
    fpa_scenario_free(scn);
    fpa_wc_plan_free(p);
    return s == FPA_ENOCONV ? FPA_OK : s;  /* goal seek's target may be unreachable */
}

static fpa_status run_mc(void *o)
{
    fpa_wc_plan *p = NULL;
    fpa_scenario_mc *mc = NULL;
    fpa_scenario_mc_result *r = NULL;
    const double rev[2] = {1, 0.05}, dso[3] = {40, 45, 60}, dpo[3] = {30, 40, 55},
                 pt[PER] = {0}, sd[2] = {0, 1000};
    double lo[PER], hi[PER], q, by[PER], any, fan[PER];
    for (int t = 0; t < PER; t++) lo[t] = -1000, hi[t] = 1000;
    fpa_status s = build_plan(&p, o);
    if (s == FPA_OK) s = fpa_scenario_mc_new(&mc, o);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add(NULL, mc, FPA_WC_REVENUE, FPA_SCENARIO_MUL, FPA_DIST_NORMAL,
                                rev, 2, 0, FPA_DRAW_EACH_PERIOD);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add(NULL, mc, FPA_WC_COGS, FPA_SCENARIO_MUL, FPA_DIST_LOGNORMAL,
                                rev, 2, 0, FPA_DRAW_EACH_PERIOD);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET, FPA_DIST_TRIANGULAR,
                                dso, 3, 2, FPA_DRAW_ONCE);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add(NULL, mc, FPA_WC_DPO, FPA_SCENARIO_SET, FPA_DIST_PERT, dpo, 3,
                                0, FPA_DRAW_ONCE);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add_series(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                       FPA_DIST_NORMAL, sd, 1, 0, FPA_DRAW_EACH_PERIOD);
    if (s == FPA_OK)
        s = fpa_scenario_mc_add_interval(NULL, mc, FPA_WC_OTHER_CASH, pt, lo, hi, PER, 0.8, 0,
                                         FPA_DRAW_EACH_PERIOD);
    double corr[36] = {0};
    for (int i = 0; i < 6; i++) corr[7 * i] = 1;
    corr[1] = corr[6] = 0.3;
    if (s == FPA_OK) s = fpa_scenario_mc_correlate(mc, corr, 6);
    if (s == FPA_OK) s = fpa_scenario_mc_run(&r, mc, p, NULL, 300, 4e4, o);
    if (s == FPA_OK) s = fpa_scenario_mc_quantile(&q, r, FPA_MC_MIN_CASH, 0.05);
    if (s == FPA_OK) s = fpa_scenario_mc_mean(&q, r, FPA_MC_ENDING_CASH);
    if (s == FPA_OK) s = fpa_scenario_mc_breach(&any, by, PER, r);
    if (s == FPA_OK) s = fpa_scenario_mc_fan(fan, PER, r, 0.9);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
    return s;
}

/* ---- hierarchy ------------------------------------------------------------------------ */

static fpa_status run_hierarchy(void *o)
{
    /* co = sales + ops; sales = north + south; ops = plant (leaves given) */
    double v[6 * 24];
    for (int t = 0; t < 24; t++) {
        v[3 * 24 + t] = deaths[t];
        v[4 * 24 + t] = 0.5 * deaths[t + 12] + 100 * (t % 3);
        v[5 * 24 + t] = 2000 + 30 * t;
    }
    fpa_tree *tree = NULL;
    fpa_hierarchy *hi = NULL;
    fpa_hierarchy_result *r = NULL;
    double mean[6 * 4], lo[6 * 4], up[6 * 4], lev = 80, lambda;
    fpa_reconcile_method how;
    fpa_status s = fpa_variance_tree_new(&tree, tree_ids, tree_parents, 6, o);
    if (s == FPA_OK) s = fpa_hierarchy_new(&hi, tree, o);
    if (s == FPA_OK) s = fpa_hierarchy_set_data(hi, v, 24, 12, FPA_HIERARCHY_LEAVES);
    if (s == FPA_OK) s = fpa_hierarchy_set_method(hi, FPA_FORECAST_THETA);
    for (int rec = FPA_RECONCILE_BOTTOM_UP; s == FPA_OK && rec <= FPA_RECONCILE_MINT_SHRINK;
         rec++) {
        s = fpa_hierarchy_set_reconcile(hi, (fpa_reconcile_method)rec);
        if (s == FPA_OK) s = fpa_hierarchy_forecast(&r, hi, 4, &lev, 1, o);
        if (s == FPA_OK) s = fpa_hierarchy_result_mean(mean, 24, r, FPA_HIERARCHY_RECONCILED);
        if (s == FPA_OK) s = fpa_hierarchy_result_bounds(lo, up, 24, r, FPA_HIERARCHY_BASE);
        if (s == FPA_OK) s = fpa_hierarchy_result_info(&how, &lambda, r);
        fpa_hierarchy_result_free(r);
        r = NULL;
    }
    if (s == FPA_OK) s = fpa_hierarchy_set_method(hi, FPA_FORECAST_SNAIVE);  /* simulable */
    if (s == FPA_OK) s = fpa_hierarchy_set_intervals(hi, FPA_HIERARCHY_SIMULATE);
    if (s == FPA_OK) s = fpa_hierarchy_forecast(&r, hi, 4, &lev, 1, o);
    fpa_hierarchy_result_free(r);
    fpa_hierarchy_free(hi);
    fpa_variance_tree_free(tree);
    return s;
}

static fpa_status setup_opts2(void **ctx)
{
    *ctx = threads2();
    return FPA_OK;
}

/* ---- the cases -------------------------------------------------------------------------- */

static const malloc_case cases[] = {
    {"core", NULL, run_core, NULL},
    {"tvm", setup_opts2, run_tvm, free_opts},
    {"accuracy", NULL, run_accuracy, NULL},
    {"forecast ets", setup_ets, run_fit, fc_teardown},
    {"forecast ets simulated", setup_ets_sim, run_predict, fc_teardown},
    {"forecast combo", setup_combo, run_fit, fc_teardown},
    {"forecast combo simulated", setup_combo_sim, run_predict, fc_teardown},
    {"forecast theta", setup_theta, run_fit, fc_teardown},
    {"forecast otheta", setup_otheta, run_fit, fc_teardown},
    {"forecast linear", setup_linear, run_fit, fc_teardown},
    {"forecast damped", setup_damped, run_fit, fc_teardown},
    {"forecast naive2 simulated", setup_naive2, run_predict, fc_teardown},
    {"forecast ensemble", setup_ensemble, run_fit, fc_teardown},
    {"forecast ets_build", NULL, run_ets_build, NULL},
    {"forecast batch", setup_ets_small, run_batch, fc_teardown},
    {"forecast set", setup_ets_sim, run_set, fc_teardown},
    {"forecast backtest", setup_theta, run_backtest, fc_teardown},
    {"forecast rolling", setup_ets_small, run_rolling, fc_teardown},
    {"forecast decompose", NULL, run_decompose, NULL},
    {"kpi", setup_grid, run_kpi, free_opts},
    {"variance", setup_grid, run_variance, free_opts},
    {"recon", setup_opts2, run_recon, free_opts},
    {"unit", setup_opts2, run_unit, free_opts},
    {"wc and scenario", setup_opts2, run_wc, free_opts},
    {"scenario Monte Carlo", setup_opts2, run_mc, free_opts},
    {"hierarchy", setup_opts2, run_hierarchy, free_opts},
};

static void every_case_survives_every_failure(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long made = sweep(&cases[i]);
        print_message("%-28s %6ld malloc calls, each failed in turn\n", cases[i].name, made);
    }
}

/* The replacement sees the library's allocations (else the sweep would
 * prove nothing): an ETS fit allocates through libc and NLopt. */
static void replacement_sees_the_library(void **state)
{
    (void)state;
    void *ctx;
    assert_ok(setup_ets(&ctx));
    atomic_store(&calls, 0);
    atomic_store(&fail_at, -1);
    atomic_store(&armed, 1);
    assert_ok(run_fit(ctx));
    atomic_store(&armed, 0);
    assert_true(atomic_load(&calls) > 15);  /* more than one per candidate model */
    assert_true(nlive == 0);
    fc_teardown(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replacement_sees_the_library),
        cmocka_unit_test(every_case_survives_every_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
