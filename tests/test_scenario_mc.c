/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monte Carlo cash-at-risk: reproducibility across thread counts,
 * convergence to analytic answers, bad input, allocation failures.
 *
 * The analytic percentiles come from R 4 (stats package), printed with
 * sprintf("%.10f", ...) by this command (run from any directory):
 *
 *   Rscript -e '
 *   p <- c(0.01,0.05,0.25,0.5,0.75,0.95,0.99)
 *   qnorm(p, 10000 + 12*1000, 500*sqrt(12))                      # normal12
 *   5000 + 12*qlnorm(p, log(1000), 0.2)                          # lnorm
 *   5000 + 12*qunif(p, -300, 900)                                # unif
 *   tri <- function(u,a,c,b) ifelse(u < (c-a)/(b-a),
 *     a + sqrt(u*(b-a)*(c-a)), b - sqrt((1-u)*(b-a)*(b-c)))
 *   5000 + 12*tri(p, -300, 100, 900)                             # tri
 *   a <- 1 + 4*(100+300)/1200; b <- 1 + 4*(900-100)/1200
 *   5000 + 12*(-300 + 1200*qbeta(p, a, b))                       # pert
 *   pnorm((0 - 1000 - 500)/2000)                                 # breach
 *   qnorm(p, 10000, sqrt(12*(300^2 + 400^2 + 2*0.6*300*400)))    # corr
 *   qnorm(p, 2000 + 6*1000, sqrt(6)*(1300 - 700)/(2*qnorm(0.9))) # interval'
 *
 * (The triangular quantile is the closed-form inverse of its CDF, e.g.
 * Vose, Risk Analysis, 3rd ed., appendix III; PERT is a beta on
 * [min, max], so R's qbeta gives it.) Monte Carlo percentiles of 200,000
 * paths must agree within 1 % of the 1st-99th percentile range, about five
 * standard errors of the extreme percentiles. */
#include "testutil.h"
#include "wc_plan18.h"

static const double P[7] = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
static const double NORMAL12[7] = {17970.6472860814, 19151.0299471061, 20831.7494834759,
                                   22000.0000000000, 23168.2505165241, 24848.9700528939,
                                   26029.3527139186};
static const double LNORM[7] = {12535.5895833269, 13635.9690118867, 15485.6609469468,
                                17000.0000000000, 18733.0398845224, 21674.4461220040,
                                24109.3209638980};
static const double UNIF[7] = {1544, 2120, 5000, 8600, 12200, 15080, 15656};
static const double TRI[7] = {2231.3843876331, 3259.0320061796, 5556.9219381653,
                              7486.1561236694, 9921.2246173204, 13170.9317239752,
                              14624.2449234641};
static const double PERT[7] = {2154.0351209311, 2976.7864447759, 4950.4022119551,
                               6811.7001008593, 8868.7523175559, 11671.3383662703,
                               13237.0899494120};
static const double BREACH = 0.2266273524;
static const double CORR[7] = {4941.5973993735, 6423.4360831990, 8533.3918694793,
                               10000.0000000000, 11466.6081305207, 13576.5639168010,
                               15058.4026006265};
static const double INTERVAL[7] = {6666.0625895642, 7056.8341853919, 7613.2448114137,
                                   8000.0000000000, 8386.7551885863, 8943.1658146081,
                                   9333.9374104358};

enum { PATHS = 200000 };

/* A plan of n periods where nothing moves but what the test sets: zero
 * revenue, COGS, days of working capital and other cash. */
static fpa_wc_plan *flat_plan(size_t n, double cash)
{
    fpa_wc_plan *p;
    double days[24];
    for (size_t t = 0; t < n; t++) days[t] = 30;
    assert_ok(fpa_wc_plan_new(&p, n, NULL));
    assert_ok(fpa_wc_plan_set_days(p, days, n));
    assert_ok(fpa_wc_plan_set_opening(p, 0, 0, 0, cash));
    return p;
}

static fpa_scenario_mc_result *run(const fpa_scenario_mc *mc, const fpa_wc_plan *p,
                                   size_t paths, double floor, int threads)
{
    fpa_opts *o;
    fpa_scenario_mc_result *r;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
    assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, paths, floor, o));
    fpa_opts_free(o);
    return r;
}

static void check_quantiles(const fpa_scenario_mc_result *r, const double want[7])
{
    double tol = 0.01 * (want[6] - want[0]);
    for (int i = 0; i < 7; i++) {
        double q;
        assert_ok(fpa_scenario_mc_quantile(&q, r, FPA_MC_ENDING_CASH, P[i]));
        assert_close(q, want[i], 0, tol);
    }
}

static void normal_each_period_converges(void **state)
{
    (void)state;
    /* 12 independent N(1000, 500) other-cash flows on 10,000 opening cash:
     * ending cash ~ N(22000, 500 sqrt(12)) */
    fpa_wc_plan *p = flat_plan(12, 10000);
    fpa_scenario_mc *mc;
    double par[2] = {1000, 500};
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_SET,
                                  FPA_DIST_NORMAL, par, 2, 0, FPA_DRAW_EACH_PERIOD));
    fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 2);
    check_quantiles(r, NORMAL12);
    /* cash-at-risk at 95 %: R's qnorm(0.5) - qnorm(0.05) of the ending cash
     * (the NORMAL12 row above); at 50 % it is nothing */
    double car;
    assert_ok(fpa_scenario_mc_cash_at_risk(&car, r, 0.95));
    assert_close(car, NORMAL12[3] - NORMAL12[1], 0, 0.02 * (NORMAL12[6] - NORMAL12[0]));
    assert_ok(fpa_scenario_mc_cash_at_risk(&car, r, 0.5));
    assert_close(car, 0, 0, 0);
    double mean;
    assert_ok(fpa_scenario_mc_mean(&mean, r, FPA_MC_ENDING_CASH));
    assert_close(mean, 22000, 0, 5 * 500 * sqrt(12) / sqrt(PATHS));
    /* the fan's last period is the ending cash; its median period t is
     * 10000 + 1000 (t + 1) */
    double fan[12];
    assert_ok(fpa_scenario_mc_fan(fan, 12, r, 0.5));
    for (int t = 0; t < 12; t++)
        assert_close(fan[t], 10000 + 1000.0 * (t + 1), 0, 0.01 * 500 * 4.65 * sqrt(t + 1.0));
    assert_int_equal(fpa_scenario_mc_paths(r), PATHS);
    assert_int_equal(fpa_scenario_mc_clamped(r), 0);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

/* Once-per-path draw of `dist` on a driver, 12 periods on 5,000 cash:
 * ending cash = 5000 + 12 x. */
static void once_case(fpa_wc_driver d, fpa_scenario_dist dist, const double *par,
                      size_t np, const double want[7])
{
    fpa_wc_plan *p = flat_plan(12, 5000);
    fpa_scenario_mc *mc;
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, d, FPA_SCENARIO_SET, dist, par, np, 0,
                                  FPA_DRAW_ONCE));
    fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 1);
    check_quantiles(r, want);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void once_draws_converge(void **state)
{
    (void)state;
    const double ln[2] = {log(1000), 0.2}, un[2] = {-300, 900}, tr[3] = {-300, 100, 900};
    once_case(FPA_WC_REVENUE, FPA_DIST_LOGNORMAL, ln, 2, LNORM);  /* DSO 0: cash */
    once_case(FPA_WC_OTHER_CASH, FPA_DIST_UNIFORM, un, 2, UNIF);
    once_case(FPA_WC_OTHER_CASH, FPA_DIST_TRIANGULAR, tr, 3, TRI);
    once_case(FPA_WC_OTHER_CASH, FPA_DIST_PERT, tr, 3, PERT);
}

static void each_period_means_converge(void **state)
{
    (void)state;
    /* independent per-period draws from GSL's samplers: the mean of 12 is
     * 12 times the distribution's mean: uniform (a+b)/2 = 300, triangular
     * (a+c+b)/3 = 233.33, PERT (a+4c+b)/6 = 166.67 (Vose, appendix III) */
    const double un[2] = {-300, 900}, tr[3] = {-300, 100, 900};
    const struct { fpa_scenario_dist d; const double *par; size_t np; double mean, sd; } c[3] = {
        {FPA_DIST_UNIFORM, un, 2, 300, 1200 / sqrt(12.0)},
        {FPA_DIST_TRIANGULAR, tr, 3, (-300 + 100 + 900) / 3.0, 250},
        {FPA_DIST_PERT, tr, 3, (-300 + 4 * 100 + 900) / 6.0, 250}};
    for (int i = 0; i < 3; i++) {
        fpa_wc_plan *p = flat_plan(12, 0);
        fpa_scenario_mc *mc;
        assert_ok(fpa_scenario_mc_new(&mc, NULL));
        assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_SET,
                                      c[i].d, c[i].par, c[i].np, 0, FPA_DRAW_EACH_PERIOD));
        fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 2);
        double mean;
        assert_ok(fpa_scenario_mc_mean(&mean, r, FPA_MC_ENDING_CASH));
        /* sd bounds each distribution's standard deviation from above */
        assert_close(mean, 12 * c[i].mean, 0, 5 * sqrt(12.0) * c[i].sd / sqrt(PATHS));
        fpa_scenario_mc_result_free(r);
        fpa_scenario_mc_free(mc);
        fpa_wc_plan_free(p);
    }
}

static void breach_probability_converges(void **state)
{
    (void)state;
    /* one N(500, 2000) flow in period 0 on 1,000 cash, nothing after:
     * P(cash < 0) = pnorm((0 - 1000 - 500) / 2000) in every period */
    fpa_wc_plan *p = flat_plan(6, 1000);
    fpa_scenario_mc *mc;
    double par[2] = {500, 2000}, any, by[6];
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add_series(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_SET,
                                         FPA_DIST_NORMAL, par, 1, 0, FPA_DRAW_EACH_PERIOD));
    fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 3);
    assert_ok(fpa_scenario_mc_breach(&any, by, 6, r));
    double se = sqrt(BREACH * (1 - BREACH) / PATHS);
    assert_close(any, BREACH, 0, 5 * se);
    for (int t = 0; t < 6; t++) assert_true(by[t] == any);
    double minq, endq;  /* minimum and ending cash coincide here */
    assert_ok(fpa_scenario_mc_quantile(&minq, r, FPA_MC_MIN_CASH, 0.1));
    assert_ok(fpa_scenario_mc_quantile(&endq, r, FPA_MC_ENDING_CASH, 0.1));
    assert_true(minq == endq);
    assert_status(fpa_scenario_mc_breach(NULL, by, 5, r), FPA_ESIZE);
    assert_status(fpa_scenario_mc_breach(NULL, NULL, 0, r), FPA_EINVAL);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void correlation_converges(void **state)
{
    (void)state;
    /* two per-period normal additions, sd 300 and 400, correlation 0.6:
     * the sum of 12 periods has sd sqrt(12 (300^2 + 400^2 + 2 0.6 300 400)) */
    fpa_wc_plan *p = flat_plan(12, 10000);
    fpa_scenario_mc *mc;
    double a[2] = {0, 300}, b[2] = {0, 400}, corr[4] = {1, 0.6, 0.6, 1};
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                  FPA_DIST_NORMAL, a, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                  FPA_DIST_NORMAL, b, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_correlate(mc, corr, 2));
    fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 2);
    check_quantiles(r, CORR);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void forecast_intervals_feed_the_simulation(void **state)
{
    (void)state;
    /* revenue point 1000 with an 80 % interval [700, 1300] in each of 6
     * periods (DSO 0, so revenue is cash): sd = 600 / (2 qnorm(0.9)) */
    fpa_wc_plan *p = flat_plan(6, 2000);
    fpa_scenario_mc *mc;
    double pt[6], lo[6], hi[6];
    for (int t = 0; t < 6; t++) pt[t] = 1000, lo[t] = 700, hi[t] = 1300;
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add_interval(NULL, mc, FPA_WC_REVENUE, pt, lo, hi, 6, 0.8,
                                           0, FPA_DRAW_EACH_PERIOD));
    fpa_scenario_mc_result *r = run(mc, p, PATHS, 0, 2);
    check_quantiles(r, INTERVAL);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

/* Every distribution, once and per period, a correlated pair and a
 * clamped driver on a real plan: identical bits for every thread count. */
static fpa_scenario_mc *busy_model(void)
{
    fpa_scenario_mc *mc;
    const double rev[2] = {1, 0.05}, cogs[2] = {0, 0.04}, dso[3] = {40, 45, 60},
                 dio[2] = {25, 35}, dpo[3] = {30, 40, 55}, shift[2] = {0, 3},
                 other[2] = {-1000, 5000}, corr[49] = {
                     1, 0.5, 0, 0, 0, 0, 0,  0.5, 1, 0, 0, 0, 0, 0,
                     0, 0, 1, 0, 0, 0.3, 0,  0, 0, 0, 1, 0, 0, 0,
                     0, 0, 0, 0, 1, 0, 0,    0, 0, 0.3, 0, 0, 1, 0,
                     0, 0, 0, 0, 0, 0, 1};
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_REVENUE, FPA_SCENARIO_MUL,
                                  FPA_DIST_NORMAL, rev, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_COGS, FPA_SCENARIO_MUL,
                                  FPA_DIST_LOGNORMAL, cogs, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                  FPA_DIST_TRIANGULAR, dso, 3, 2, FPA_DRAW_ONCE));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DIO, FPA_SCENARIO_SET,
                                  FPA_DIST_UNIFORM, dio, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DPO, FPA_SCENARIO_SET,
                                  FPA_DIST_PERT, dpo, 3, 0, FPA_DRAW_ONCE));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_ADD,
                                  FPA_DIST_NORMAL, shift, 2, 0, FPA_DRAW_ONCE));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                  FPA_DIST_NORMAL, other, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_correlate(mc, corr, 7));
    return mc;
}

static void results_do_not_depend_on_threads(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    fpa_scenario_mc *mc = busy_model();
    enum { NP = 5000 };  /* 5 blocks, the last one partial */
    static double ref_end[NP], ref_min[NP], got[NP];
    double ref_fan[18], fan[18], ref_by[18], by[18];
    fpa_scenario_mc_result *r0 = run(mc, p, NP, 40000, 1);
    assert_ok(fpa_scenario_mc_sorted(ref_end, NP, r0, FPA_MC_ENDING_CASH));
    assert_ok(fpa_scenario_mc_sorted(ref_min, NP, r0, FPA_MC_MIN_CASH));
    assert_ok(fpa_scenario_mc_fan(ref_fan, 18, r0, 0.1));
    assert_ok(fpa_scenario_mc_breach(NULL, ref_by, 18, r0));
    for (int i = 1; i < NP; i++) assert_true(ref_end[i - 1] <= ref_end[i]);
    for (int threads = 2; threads <= 5; threads++) {
        fpa_scenario_mc_result *r = run(mc, p, NP, 40000, threads);
        assert_ok(fpa_scenario_mc_sorted(got, NP, r, FPA_MC_ENDING_CASH));
        assert_memory_equal(got, ref_end, sizeof got);
        assert_ok(fpa_scenario_mc_sorted(got, NP, r, FPA_MC_MIN_CASH));
        assert_memory_equal(got, ref_min, sizeof got);
        assert_ok(fpa_scenario_mc_fan(fan, 18, r, 0.1));
        assert_memory_equal(fan, ref_fan, sizeof fan);
        assert_ok(fpa_scenario_mc_breach(NULL, by, 18, r));
        assert_memory_equal(by, ref_by, sizeof by);
        assert_int_equal(fpa_scenario_mc_clamped(r), fpa_scenario_mc_clamped(r0));
        fpa_scenario_mc_result_free(r);
    }
    /* another seed gives other numbers; the same seed the same */
    fpa_opts *o;
    fpa_scenario_mc_result *r;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_SEED, 7));
    assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, NP, 40000, o));
    assert_ok(fpa_scenario_mc_sorted(got, NP, r, FPA_MC_ENDING_CASH));
    assert_true(memcmp(got, ref_end, sizeof got) != 0);
    fpa_scenario_mc_result_free(r);
    assert_ok(fpa_opts_set(o, FPA_OPT_SEED, 42));  /* the default */
    assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, NP, 40000, o));
    assert_ok(fpa_scenario_mc_sorted(got, NP, r, FPA_MC_ENDING_CASH));
    assert_memory_equal(got, ref_end, sizeof got);
    fpa_scenario_mc_result_free(r);
    fpa_opts_free(o);
    fpa_scenario_mc_result_free(r0);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void no_variables_is_the_scenario(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    fpa_scenario *s;
    fpa_scenario_mc *mc;
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, -5, 3));
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    fpa_scenario_mc_result *r;
    assert_ok(fpa_scenario_mc_run(&r, mc, p, s, 3000, 0, NULL));
    double e, m, want_e, want_m;
    assert_ok(fpa_scenario_metric_value(&want_e, p, s, FPA_SCENARIO_ENDING_CASH, 0));
    assert_ok(fpa_scenario_metric_value(&want_m, p, s, FPA_SCENARIO_MIN_CASH, 0));
    assert_ok(fpa_scenario_mc_quantile(&e, r, FPA_MC_ENDING_CASH, 0.37));
    assert_ok(fpa_scenario_mc_quantile(&m, r, FPA_MC_MIN_CASH, 0.99));
    assert_true(e == want_e && m == want_m);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_scenario_free(s);
    fpa_wc_plan_free(p);
}

static void negative_draws_are_clamped(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    fpa_scenario_mc *mc;
    double par[2] = {5, 10};  /* DSO ~ N(5, 10): negative 31 % of the time */
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                  FPA_DIST_NORMAL, par, 2, 0, FPA_DRAW_EACH_PERIOD));
    fpa_scenario_mc_result *r = run(mc, p, 2000, 0, 1);
    uint64_t c = fpa_scenario_mc_clamped(r);
    assert_true(c > 2000 * 18 / 5 && c < 2000 * 18 / 2);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void bad_input(void **state)
{
    (void)state;
    fpa_wc_plan *p = flat_plan(6, 0);
    fpa_scenario_mc *mc;
    fpa_scenario_mc_result *r = (fpa_scenario_mc_result *)p;  /* reset on entry */
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    /* zero simulations */
    assert_status(fpa_scenario_mc_run(&r, mc, p, NULL, 0, 0, NULL), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "paths is 0"));
    assert_null(r);
    assert_status(fpa_scenario_mc_run(&r, mc, p, NULL, 10, NAN, NULL), FPA_EDOM);
    fpa_wc_plan *unset;
    assert_ok(fpa_wc_plan_new(&unset, 2, NULL));
    assert_status(fpa_scenario_mc_run(&r, mc, unset, NULL, 10, 0, NULL), FPA_EINVAL);
    fpa_wc_plan_free(unset);

    /* distribution parameters: GSL must never see these */
    const struct { fpa_scenario_dist d; double par[3]; size_t np; const char *msg; } bad[] = {
        {FPA_DIST_NORMAL, {0, -1}, 2, "sd is -1"},
        {FPA_DIST_NORMAL, {NAN, 1}, 2, "mean is NaN"},
        {FPA_DIST_LOGNORMAL, {0, INFINITY}, 2, "sigma is infinite"},
        {FPA_DIST_LOGNORMAL, {800, 1}, 2, "overflow"},
        {FPA_DIST_UNIFORM, {2, 1}, 2, "exceeds"},
        {FPA_DIST_TRIANGULAR, {1, 0, 2}, 3, "min <= mode <= max"},
        {FPA_DIST_TRIANGULAR, {1, 1, 1}, 3, "min < max"},
        {FPA_DIST_PERT, {0, 3, 2}, 3, "min <= mode <= max"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_status(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET, bad[i].d,
                                          bad[i].par, bad[i].np, 0, FPA_DRAW_EACH_PERIOD),
                      FPA_EDOM);
        if (!strstr(fpa_error_last(), bad[i].msg))
            fail_msg("case %zu: detail \"%s\" lacks \"%s\"", i, fpa_error_last(), bad[i].msg);
    }
    double two[2] = {0, 1}, series[4] = {1, 1, 1, -1};  /* sd -1 in period 4 */
    assert_status(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                      FPA_DIST_NORMAL, two, 3, 0, FPA_DRAW_ONCE), FPA_EINVAL);
    assert_status(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                      (fpa_scenario_dist)5, two, 2, 0, FPA_DRAW_ONCE), FPA_EINVAL);
    assert_status(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                      FPA_DIST_NORMAL, two, 2, 0, (fpa_scenario_draw)2), FPA_EINVAL);
    assert_status(fpa_scenario_mc_add_series(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                             FPA_DIST_NORMAL, series, 2, 3,
                                             FPA_DRAW_EACH_PERIOD), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "sd of period 4"));
    assert_status(fpa_scenario_mc_add_series(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                             FPA_DIST_NORMAL, series, 0, 0,
                                             FPA_DRAW_EACH_PERIOD), FPA_EINVAL);
    double pt = 1, lo = 2, hi = 1;
    assert_status(fpa_scenario_mc_add_interval(NULL, mc, FPA_WC_REVENUE, &pt, &lo, &hi, 1,
                                               0.8, 0, FPA_DRAW_ONCE), FPA_EDOM);
    lo = 0;
    assert_status(fpa_scenario_mc_add_interval(NULL, mc, FPA_WC_REVENUE, &pt, &lo, &hi, 1,
                                               1.0, 0, FPA_DRAW_ONCE), FPA_EDOM);

    /* a series past the plan's end */
    size_t idx = 99;
    double ok2[4] = {40, 40, 1, 1};
    assert_ok(fpa_scenario_mc_add_series(&idx, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                         FPA_DIST_NORMAL, ok2, 2, 5, FPA_DRAW_EACH_PERIOD));
    assert_int_equal(idx, 0);
    assert_status(fpa_scenario_mc_run(&r, mc, p, NULL, 10, 0, NULL), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "periods 5 .. 6"));

    /* correlation matrices */
    double par[2] = {0, 1};
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DIO, FPA_SCENARIO_ADD, FPA_DIST_NORMAL,
                                  par, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DPO, FPA_SCENARIO_ADD, FPA_DIST_NORMAL,
                                  par, 2, 0, FPA_DRAW_ONCE));
    double notpd[9] = {1, 0.9, 0, 0.9, 1, 0, 0, 0, 1};
    notpd[1] = notpd[3] = 1.0;  /* variables 0 and 1 perfectly correlated */
    assert_status(fpa_scenario_mc_correlate(mc, notpd, 3), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "positive definite"));
    double cross[9] = {1, 0, 0.2, 0, 1, 0, 0.2, 0, 1};
    assert_status(fpa_scenario_mc_correlate(mc, cross, 3), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "once per path"));
    double asym[9] = {1, 0.2, 0, 0.1, 1, 0, 0, 0, 1};
    assert_status(fpa_scenario_mc_correlate(mc, asym, 3), FPA_EDOM);
    double diag[9] = {2, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_status(fpa_scenario_mc_correlate(mc, diag, 3), FPA_EDOM);
    assert_status(fpa_scenario_mc_correlate(mc, diag, 2), FPA_EINVAL);
    fpa_scenario_mc_free(mc);

    /* reading a result */
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_SCENARIO_FAN, 0));
    assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, 10, 0, o));
    double q, fan[6];
    assert_status(fpa_scenario_mc_fan(fan, 6, r, 0.5), FPA_EINVAL);
    assert_status(fpa_scenario_mc_quantile(&q, r, FPA_MC_ENDING_CASH, 1.5), FPA_EDOM);
    assert_status(fpa_scenario_mc_quantile(&q, r, FPA_MC_ENDING_CASH, NAN), FPA_EDOM);
    assert_status(fpa_scenario_mc_quantile(&q, r, (fpa_scenario_mc_stat)2, 0.5), FPA_EINVAL);
    assert_status(fpa_scenario_mc_cash_at_risk(&q, r, 0.4), FPA_EDOM);
    assert_status(fpa_scenario_mc_cash_at_risk(&q, r, 1.01), FPA_EDOM);
    assert_status(fpa_scenario_mc_cash_at_risk(&q, r, NAN), FPA_EDOM);
    assert_status(fpa_scenario_mc_cash_at_risk(NULL, r, 0.95), FPA_EINVAL);
    assert_status(fpa_scenario_mc_cash_at_risk(&q, NULL, 0.95), FPA_EINVAL);
    assert_status(fpa_scenario_mc_sorted(fan, 6, r, FPA_MC_MIN_CASH), FPA_ESIZE);
    fpa_scenario_mc_result_free(r);
    fpa_scenario_mc_result_free(NULL);
    fpa_scenario_mc_free(NULL);
    assert_int_equal(fpa_scenario_mc_paths(NULL), 0);
    fpa_opts_free(o);
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static fpa_status build_model(fpa_scenario_mc **mc, const fpa_opts *opts)
{
    const double a[2] = {0, 300}, b[3] = {-1, 0, 2};
    fpa_status st = fpa_scenario_mc_new(mc, opts);
    if (st == FPA_OK)
        st = fpa_scenario_mc_add(NULL, *mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                 FPA_DIST_NORMAL, a, 2, 0, FPA_DRAW_EACH_PERIOD);
    for (int i = 0; st == FPA_OK && i < 6; i++)
        st = fpa_scenario_mc_add(NULL, *mc, FPA_WC_DSO, FPA_SCENARIO_ADD,
                                 FPA_DIST_PERT, b, 3, 0, FPA_DRAW_EACH_PERIOD);
    if (st == FPA_OK) {
        double pt = 1, lo = 0, hi = 2;
        st = fpa_scenario_mc_add_interval(NULL, *mc, FPA_WC_REVENUE, &pt, &lo, &hi, 1,
                                          0.9, 0, FPA_DRAW_EACH_PERIOD);
    }
    if (st != FPA_OK) fpa_scenario_mc_free(*mc);
    return st;
}

static fpa_status build_correlated(fpa_scenario_mc **mc, const fpa_opts *opts)
{
    const double a[2] = {0, 300}, c[4] = {1, 0.4, 0.4, 1};
    fpa_status st = fpa_scenario_mc_new(mc, opts);
    for (int i = 0; st == FPA_OK && i < 2; i++)
        st = fpa_scenario_mc_add(NULL, *mc, FPA_WC_OTHER_CASH, FPA_SCENARIO_ADD,
                                 FPA_DIST_NORMAL, a, 2, 0, FPA_DRAW_EACH_PERIOD);
    if (st == FPA_OK) st = fpa_scenario_mc_correlate(*mc, c, 2);
    if (st != FPA_OK) fpa_scenario_mc_free(*mc);
    return st;
}

static void allocation_failures(void **state)
{
    (void)state;
    fpa_scenario_mc *mc = NULL;
    FPA_ALLOC_SWEEP((void)0, build_model(&mc, opts), fpa_scenario_mc_free(mc));
    FPA_ALLOC_SWEEP((void)0, build_correlated(&mc, opts), fpa_scenario_mc_free(mc));
    fpa_wc_plan *p = plan18();
    fpa_scenario_mc *m = busy_model();
    fpa_scenario_mc_result *r = NULL;
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_scenario_mc_run(&r, m, p, NULL, 3000, 0, opts),
                    fpa_scenario_mc_result_free(r));
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_SCENARIO_FAN, 0)),
                    fpa_scenario_mc_run(&r, m, p, NULL, 100, 0, opts),
                    fpa_scenario_mc_result_free(r));
    fpa_scenario_mc_free(m);
    fpa_wc_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_each_period_converges),
        cmocka_unit_test(once_draws_converge),
        cmocka_unit_test(each_period_means_converge),
        cmocka_unit_test(breach_probability_converges),
        cmocka_unit_test(correlation_converges),
        cmocka_unit_test(forecast_intervals_feed_the_simulation),
        cmocka_unit_test(results_do_not_depend_on_threads),
        cmocka_unit_test(no_variables_is_the_scenario),
        cmocka_unit_test(negative_draws_are_clamped),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
