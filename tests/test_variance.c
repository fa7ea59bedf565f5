/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Budget vs actual: sign conventions, materiality, windows, spend control
 * and plan accuracy.
 *
 * Sources of the expected values, next to each test:
 * - Horngren, Datar & Rajan, Cost Accounting: A Managerial Emphasis, 14th
 *   ed. (Pearson, 2012), ch. 7, Webb Company (inputs quoted at
 *   https://www.yumpu.com/en/document/view/58332972/cost-accounting-14th-edition/253 ,
 *   static-budget variances of Exhibit 7-1);
 * - R's forecast package 8.20 (tests/ref/make_variance_ref.R);
 * - hand-worked cases, with the working written out in the test. */
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* Webb Company, April: static budget (12,000 jackets) vs actual (10,000
 * jackets), Horngren et al. 14th ed. Exhibit 7-1, level 1: revenues
 * $190,000 U, direct materials $98,400 F, direct manufacturing labour
 * $6,000 U, variable manufacturing overhead $13,500 F, fixed costs
 * $9,000 U. */
static void webb_static_budget_signs(void **state)
{
    (void)state;
    const double budget[] = {1440000, 720000, 192000, 144000, 276000};
    const double actual[] = {1250000, 621600, 198000, 130500, 285000};
    const int nature[] = {FPA_NATURE_REVENUE, FPA_NATURE_COST, FPA_NATURE_COST,
                          FPA_NATURE_COST, FPA_NATURE_COST};
    const double want[] = {-190000, -98400, 6000, -13500, 9000};
    const uint32_t fav[] = {FPA_VAR_UNFAVOURABLE, FPA_VAR_FAVOURABLE,
                            FPA_VAR_UNFAVOURABLE, FPA_VAR_FAVOURABLE,
                            FPA_VAR_UNFAVOURABLE};
    double var[5], pct[5];
    uint32_t flags[5];
    assert_ok(fpa_variance_compute(var, pct, flags, budget, actual, 5, 1, nature,
                                   NULL, NULL, NULL, NULL));
    for (size_t i = 0; i < 5; i++) {
        assert_true(var[i] == want[i]);
        assert_int_equal(flags[i] & (FPA_VAR_FAVOURABLE | FPA_VAR_UNFAVOURABLE),
                         fav[i]);
        assert_close(pct[i], want[i] / budget[i], 1e-15, 0);
    }
}

/* Horngren test-bank item 14 ("What is the static-budget variance of
 * operating income?"), solved at
 * https://www.coursehero.com/file/p1dc7hs/What-is-the-static-budget-variance-of-operating-income-A-238000-favorable-B/ :
 * revenues 3,080,000 actual vs 3,300,000 budget: 220,000 U; variable
 * costs 900,000 vs 885,000: 15,000 U; fixed costs 55,000 vs 52,000:
 * 3,000 U; operating income 238,000 U (revenue variance minus cost
 * variances: -220,000 - 15,000 - 3,000). */
static void static_budget_operating_income(void **state)
{
    (void)state;
    const double budget[] = {3300000, 885000, 52000};
    const double actual[] = {3080000, 900000, 55000};
    const int nature[] = {FPA_NATURE_REVENUE, FPA_NATURE_COST, FPA_NATURE_COST};
    double var[3];
    uint32_t flags[3];
    assert_ok(fpa_variance_compute(var, NULL, flags, budget, actual, 3, 1, nature,
                                   NULL, NULL, NULL, NULL));
    assert_true(var[0] == -220000 && var[1] == 15000 && var[2] == 3000);
    for (int i = 0; i < 3; i++) assert_true(flags[i] & FPA_VAR_UNFAVOURABLE);
    assert_true(var[0] - var[1] - var[2] == -238000);
}

/* Hand-worked: every sign case of the header's definitions.
 *   revenue 1000 -> 1100: +100, +10 %, favourable
 *   cost    1000 -> 1100: +100, +10 %, unfavourable
 *   revenue 1000 ->  900: -100, -10 %, unfavourable
 *   cost    1000 ->  900: -100, -10 %, favourable
 *   cost     500 ->  500: 0, neither
 *   cost       0 ->   50: +50, pct 0 with NO_BUDGET, unfavourable
 *   revenue    0 ->    0: 0, NO_BUDGET only
 *   cost    -500 -> -200: +300 / |-500| = +60 %, unfavourable (a credit
 *                         of 500 was budgeted, only 200 came)
 *   revenue -100 ->  -50: +50 / 100 = +50 %, favourable (smaller loss)
 *   revenue  100 ->  -20: -120 / 100 = -120 %, unfavourable, SIGN_FLIP */
static void sign_conventions_by_hand(void **state)
{
    (void)state;
    const double b[] = {1000, 1000, 1000, 1000, 500, 0, 0, -500, -100, 100};
    const double a[] = {1100, 1100, 900, 900, 500, 50, 0, -200, -50, -20};
    const int R = FPA_NATURE_REVENUE, C = FPA_NATURE_COST;
    const int nat[] = {R, C, R, C, C, C, R, C, R, R};
    const double wv[] = {100, 100, -100, -100, 0, 50, 0, 300, 50, -120};
    const double wp[] = {0.1, 0.1, -0.1, -0.1, 0, 0, 0, 0.6, 0.5, -1.2};
    const uint32_t F = FPA_VAR_FAVOURABLE, U = FPA_VAR_UNFAVOURABLE,
                   Z = FPA_VAR_NO_BUDGET, S = FPA_VAR_SIGN_FLIP;
    const uint32_t wf[] = {F, U, U, F, 0, U | Z, Z, U, F, U | S};
    double v[10], p[10];
    uint32_t f[10];
    const double zero_abs[10] = {0}, big_pct[10] = {1e9, 1e9, 1e9, 1e9, 1e9,
                                                    1e9, 1e9, 1e9, 1e9, 1e9};
    /* thresholds chosen so that only the zero-budget rule can be material:
     * the relative test with an enormous threshold, rule PCT_ONLY */
    const int rule[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    assert_ok(fpa_variance_compute(v, p, f, b, a, 10, 1, nat, zero_abs, big_pct,
                                   rule, NULL));
    for (size_t i = 0; i < 10; i++) {
        assert_true(v[i] == wv[i]);
        assert_close(p[i], wp[i], 1e-15, 0);
        /* material only where a non-zero variance meets a zero budget */
        uint32_t m = (i == 5) ? FPA_VAR_MATERIAL : 0;
        if ((f[i] & ~(uint32_t)FPA_VAR_MATERIAL) != wf[i] ||
            (f[i] & FPA_VAR_MATERIAL) != m)
            fail_msg("line %zu: flags %u, expected %u", i, f[i], wf[i] | m);
    }
}

/* Hand-worked materiality, "+-5 % and +-10,000" (the defaults: 10000,
 * 0.05, rule BOTH), all cost lines:
 *   0: 100,000 -> 112,000: 12,000 > 10,000 and 12 % > 5 %: material
 *   1: 1,000,000 -> 1,012,000: 12,000 but 1.2 %: not (BOTH); EITHER: yes
 *   2: 1,000 -> 1,600: 60 % but 600: not (BOTH); EITHER: yes
 *   3: 50,000 -> 60,000: exactly 10,000 is not above 10,000: not
 *   4: 100,000 -> 105,000: 5,000 and exactly 5 %: not (strict tests)
 *   5: same as 1 with a per-line threshold of 1 % (pct_threshold 0.01)
 *      and 5,000: 12,000 > 5,000 and 1.2 % > 1 %: material */
static void materiality_by_hand(void **state)
{
    (void)state;
    const double b[] = {100000, 1000000, 1000, 50000, 100000, 1000000};
    const double a[] = {112000, 1012000, 1600, 60000, 105000, 1012000};
    const int nat[] = {1, 1, 1, 1, 1, 1};
    uint32_t f[6];
    const double abs_t[] = {NAN, NAN, NAN, NAN, NAN, 5000};
    const double pct_t[] = {NAN, NAN, NAN, NAN, NAN, 0.01};
    const int both[] = {0, 0, 1, 1, 1, 1};
    assert_ok(fpa_variance_compute(NULL, NULL, f, b, a, 6, 1, nat, abs_t, pct_t,
                                   NULL, NULL));
    for (size_t i = 0; i < 6; i++)
        assert_int_equal((f[i] & FPA_VAR_MATERIAL) != 0, i == 0 || i == 5);
    /* EITHER as the default rule through the options, without per-line
     * thresholds: lines 1 and 5 pass on 12,000, line 2 on 60 %, line 3 on
     * 20 %; line 4 passes neither (5,000; exactly 5 %). Then per-line
     * rules: BOTH again for lines 2 .. 5. */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_MATERIAL_RULE, FPA_MATERIAL_EITHER));
    assert_ok(fpa_variance_compute(NULL, NULL, f, b, a, 6, 1, nat, NULL, NULL,
                                   NULL, o));
    const int want_either[] = {1, 1, 1, 1, 0, 1};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal((f[i] & FPA_VAR_MATERIAL) != 0, want_either[i]);
    assert_ok(fpa_variance_compute(NULL, NULL, f, b, a, 6, 1, nat, NULL, NULL,
                                   both, o));
    const int want_rules[] = {1, 1, 0, 0, 0, 0};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal((f[i] & FPA_VAR_MATERIAL) != 0, want_rules[i]);
    /* ABS_ONLY and PCT_ONLY on line 1: 12,000 passes, 1.2 % does not */
    const int abs_only[] = {2, 2, 2, 2, 2, 2}, pct_only[] = {3, 3, 3, 3, 3, 3};
    assert_ok(fpa_variance_compute(NULL, NULL, f, b, a, 6, 1, nat, NULL, NULL,
                                   abs_only, o));
    assert_true(f[1] & FPA_VAR_MATERIAL);
    assert_ok(fpa_variance_compute(NULL, NULL, f, b, a, 6, 1, nat, NULL, NULL,
                                   pct_only, o));
    assert_false(f[1] & FPA_VAR_MATERIAL);
    fpa_opts_free(o);
}

/* Several periods per line: the flags and variances of cell (i, t). */
static void periods_are_row_major(void **state)
{
    (void)state;
    const double b[] = {10, 20, 30, 40, 50, 60};
    const double a[] = {11, 19, 30, 44, 50, 66};
    const int nat[] = {FPA_NATURE_REVENUE, FPA_NATURE_COST};
    double v[6];
    uint32_t f[6];
    assert_ok(fpa_variance_compute(v, NULL, f, b, a, 2, 3, nat, NULL, NULL, NULL,
                                   NULL));
    const double wv[] = {1, -1, 0, 4, 0, 6};
    const uint32_t wf[] = {FPA_VAR_FAVOURABLE, FPA_VAR_UNFAVOURABLE, 0,
                           FPA_VAR_UNFAVOURABLE, 0, FPA_VAR_UNFAVOURABLE};
    for (size_t k = 0; k < 6; k++) {
        assert_true(v[k] == wv[k]);
        assert_int_equal(f[k], wf[k]);
    }
}

static uint64_t rng_state = 88172645463325252u;
static double urand(void)  /* xorshift64: test data only */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void compute_is_thread_count_invariant(void **state)
{
    (void)state;
    enum { L = 20000, P = 12 };
    double *b = malloc(L * P * sizeof *b), *a = malloc(L * P * sizeof *a);
    double *v[3], *p[3];
    uint32_t *f[3];
    int *nat = malloc(L * sizeof *nat);
    for (size_t k = 0; k < L * P; k++) {
        b[k] = urand() < 0.05 ? 0 : (urand() - 0.2) * 1e5;
        a[k] = b[k] + (urand() - 0.5) * 2e4;
    }
    for (size_t i = 0; i < L; i++) nat[i] = urand() < 0.5;
    for (int r = 0; r < 3; r++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, r + 1));
        v[r] = malloc(L * P * sizeof *v[r]);
        p[r] = malloc(L * P * sizeof *p[r]);
        f[r] = malloc(L * P * sizeof *f[r]);
        assert_ok(fpa_variance_compute(v[r], p[r], f[r], b, a, L, P, nat, NULL,
                                       NULL, NULL, o));
        fpa_opts_free(o);
    }
    for (int r = 1; r < 3; r++) {
        assert_memory_equal(v[0], v[r], L * P * sizeof *v[0]);
        assert_memory_equal(p[0], p[r], L * P * sizeof *p[0]);
        assert_memory_equal(f[0], f[r], L * P * sizeof *f[0]);
    }
    /* and the variance is exactly actual - budget in every cell */
    for (size_t k = 0; k < L * P; k++) assert_true(v[0][k] == a[k] - b[k]);
    for (int r = 0; r < 3; r++) {
        free(v[r]);
        free(p[r]);
        free(f[r]);
    }
    free(b);
    free(a);
    free(nat);
}

/* The flags of one cell by the definitions of fpa_variance_compute's
 * documentation, written out with branches. */
static uint32_t flags_by_definition(double b, double a, int nature, double abs_t,
                                    double pct_t, int rule)
{
    double v = a - b;
    uint32_t f = 0;
    if (v > 0) f |= nature == FPA_NATURE_REVENUE ? FPA_VAR_FAVOURABLE : FPA_VAR_UNFAVOURABLE;
    if (v < 0) f |= nature == FPA_NATURE_REVENUE ? FPA_VAR_UNFAVOURABLE : FPA_VAR_FAVOURABLE;
    bool abs_test = fabs(v) > abs_t;
    bool pct_test = b == 0 ? v != 0 : fabs(v) > pct_t * fabs(b);
    bool material = rule == FPA_MATERIAL_EITHER ? abs_test || pct_test
                    : rule == FPA_MATERIAL_BOTH ? abs_test && pct_test
                    : rule == FPA_MATERIAL_ABS_ONLY ? abs_test : pct_test;
    if (material) f |= FPA_VAR_MATERIAL;
    if (b == 0) f |= FPA_VAR_NO_BUDGET;
    if ((a < 0 && b > 0) || (a > 0 && b < 0)) f |= FPA_VAR_SIGN_FLIP;
    return f;
}

/* The branch-free kernel against the definitions on random lines: per-line
 * thresholds (some NaN, the default), rules and natures, runs of equal
 * rules and lone ones, zero budgets, zero variances, sign flips and
 * thresholds hit exactly; every output and every combination of NULL
 * outputs. */
static void compute_matches_its_definition(void **state)
{
    (void)state;
    enum { L = 700, P = 13 };
    static double b[L * P], a[L * P], abs_t[L], pct_t[L], v[L * P], p[L * P];
    static uint32_t f[L * P];
    static int nat[L], rule[L];
    for (int trial = 0; trial < 6; trial++) {
        for (size_t k = 0; k < L * P; k++) {
            double u = urand();
            b[k] = u < 0.1 ? 0 : u < 0.15 ? -1000 : (double)(int)((urand() - 0.3) * 2e4);
            a[k] = urand() < 0.1 ? b[k] : urand() < 0.05 ? 500 + b[k] :
                   b[k] + (double)(int)((urand() - 0.5) * 4e3);
        }
        for (size_t i = 0; i < L; i++) {
            bool run = i > 0 && urand() < 0.6;  /* same rule as the line before */
            nat[i] = urand() < 0.5;
            abs_t[i] = run ? abs_t[i - 1] : urand() < 0.2 ? NAN : (double)(int)(urand() * 2000);
            pct_t[i] = run ? pct_t[i - 1] : urand() < 0.2 ? NAN : urand() * 0.3;
            rule[i] = run ? rule[i - 1] : (int)(urand() * 4);
        }
        bool per_line = trial % 2 == 0;
        memset(f, 0xAB, sizeof f);
        assert_ok(fpa_variance_compute(trial == 4 ? NULL : v, trial == 5 ? NULL : p, f, b, a,
                                       L, P, nat, per_line ? abs_t : NULL,
                                       per_line ? pct_t : NULL, per_line ? rule : NULL,
                                       NULL));
        for (size_t i = 0; i < L; i++)
            for (size_t t = 0; t < P; t++) {
                size_t k = i * P + t;
                double at = per_line && !isnan(abs_t[i]) ? abs_t[i] : 10000;
                double pt = per_line && !isnan(pct_t[i]) ? pct_t[i] : 0.05;
                int r = per_line ? rule[i] : FPA_MATERIAL_BOTH;
                uint32_t want = flags_by_definition(b[k], a[k], nat[i], at, pt, r);
                if (f[k] != want)
                    fail_msg("trial %d, line %zu, period %zu: flags %u, by definition %u",
                             trial, i, t, f[k], want);
                double pct = b[k] == 0 ? 0 : (a[k] - b[k]) / fabs(b[k]);
                if (trial != 5) assert_memory_equal(&p[k], &pct, sizeof pct);
                if (trial != 4) assert_true(v[k] == a[k] - b[k]);
            }
    }
}

static void compute_rejects_bad_input(void **state)
{
    (void)state;
    const double b[] = {1, 2, NAN, 4}, a[] = {1, 2, 3, 4};
    const int nat[] = {0, 1}, bad_nat[] = {0, 2};
    double v[4] = {-7, -7, -7, -7};
    uint32_t f[4];
    assert_status(fpa_variance_compute(v, NULL, f, NULL, a, 2, 2, nat, NULL, NULL,
                                       NULL, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "budget is NULL");
    assert_status(fpa_variance_compute(v, NULL, f, b, a, 0, 2, nat, NULL, NULL,
                                       NULL, NULL), FPA_EINVAL);
    assert_status(fpa_variance_compute(v, NULL, f, b, a, 2, 0, nat, NULL, NULL,
                                       NULL, NULL), FPA_EINVAL);
    assert_status(fpa_variance_compute(v, NULL, f, a, a, 2, 2, bad_nat, NULL,
                                       NULL, NULL, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "nature[1] is 2; expected 0 .. 1");
    const int bad_rule[] = {0, 9};
    assert_status(fpa_variance_compute(v, NULL, f, a, a, 2, 2, nat, NULL, NULL,
                                       bad_rule, NULL), FPA_EINVAL);
    const double neg[] = {1, -1};
    assert_status(fpa_variance_compute(v, NULL, f, a, a, 2, 2, nat, neg, NULL,
                                       NULL, NULL), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "abs_threshold[1]"));
    assert_true(v[0] == -7);  /* argument errors write nothing */
    assert_status(fpa_variance_compute(v, NULL, f, b, a, 2, 2, nat, NULL, NULL,
                                       NULL, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget[line 1, period 0] is NaN");
    const double huge_b[] = {-1.5e308}, huge_a[] = {1.5e308};
    assert_status(fpa_variance_compute(v, NULL, f, huge_b, huge_a, 1, 1, nat,
                                       NULL, NULL, NULL, NULL), FPA_EOVERFLOW);
    const double inf_a[] = {INFINITY};
    assert_status(fpa_variance_compute(v, NULL, f, a, inf_a, 1, 1, nat, NULL,
                                       NULL, NULL, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual[line 0, period 0] is +Inf");
}

/* ---- windows ------------------------------------------------------------ */

/* Two lines of 24 months starting in April (first_month 4): line 0 has
 * budget t+1, actual 2(t+1), forecast 100+t+1 in period t; line 1 is ten
 * times line 0. Hand-worked sums, at = 14 (June of the second year):
 *
 * FY starting April: fiscal month (5 - 3) mod 12 = 2.
 *   period: budget 15; YTD = QTD = trailing-3 = periods 12..14: budget
 *   13+14+15 = 42, actual 84; trailing-12 = periods 3..14: budget
 *   4+...+15 = 114; outlook = periods 12..23: budget 13+...+24 = 222,
 *   actual 84 + forecast of 15..23 = 9*100 + (16+...+24) = 1080 -> 1164.
 * FY starting January: fiscal month 5. YTD = 9..14: budget 10+...+15 =
 *   75; QTD = 12..14: 42; outlook = 9..20: budget 10+...+21 = 186, actual
 *   2*75 + 6*100 + (16+...+21) = 150 + 711 = 861.
 * FY starting July: fiscal month 11. YTD = 3..14: 114, actual 228; QTD =
 *   12..14; outlook = 3..14, nothing left to forecast: actual 228. */
static double wb[48], wa[48], wf[48];

static void fill_window_series(void)
{
    for (size_t i = 0; i < 2; i++)
        for (size_t t = 0; t < 24; t++) {
            double k = i ? 10 : 1;
            wb[i * 24 + t] = k * (double)(t + 1);
            wa[i * 24 + t] = k * 2 * (double)(t + 1);
            wf[i * 24 + t] = k * (100 + (double)(t + 1));
        }
}

static void window_case(int fy, fpa_window w, size_t first, size_t last,
                        double budget, double actual)
{
    fpa_opts *o;
    size_t f, l;
    double ob[2], oa[2];
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_FY_START, fy));
    assert_ok(fpa_variance_window_range(&f, &l, 24, 4, 14, w, o));
    if (f != first || l != last)
        fail_msg("fy %d window %d: %zu..%zu, expected %zu..%zu", fy, (int)w, f,
                 l, first, last);
    assert_ok(fpa_variance_window(ob, oa, wb, wa, wf, 2, 24, 4, 14, w, o));
    assert_true(ob[0] == budget && oa[0] == actual);
    assert_true(ob[1] == 10 * budget && oa[1] == 10 * actual);
    fpa_opts_free(o);
}

static void windows_by_hand(void **state)
{
    (void)state;
    fill_window_series();
    window_case(4, FPA_WINDOW_PERIOD, 14, 14, 15, 30);
    window_case(4, FPA_WINDOW_QTD, 12, 14, 42, 84);
    window_case(4, FPA_WINDOW_YTD, 12, 14, 42, 84);
    window_case(4, FPA_WINDOW_TRAILING3, 12, 14, 42, 84);
    window_case(4, FPA_WINDOW_TRAILING12, 3, 14, 114, 228);
    window_case(4, FPA_WINDOW_OUTLOOK, 12, 23, 222, 1164);
    window_case(1, FPA_WINDOW_YTD, 9, 14, 75, 150);
    window_case(1, FPA_WINDOW_QTD, 12, 14, 42, 84);
    window_case(1, FPA_WINDOW_OUTLOOK, 9, 20, 186, 861);
    window_case(7, FPA_WINDOW_YTD, 3, 14, 114, 228);
    window_case(7, FPA_WINDOW_QTD, 12, 14, 42, 84);
    window_case(7, FPA_WINDOW_OUTLOOK, 3, 14, 114, 228);
}

/* The windows of every period of a long series against a direct
 * calendar walk: YTD starts at the latest fiscal-year start month at or
 * before `at`, QTD at the latest month m with (m - start) mod 3 == 0. */
static void windows_follow_the_calendar(void **state)
{
    (void)state;
    for (int fy = 1; fy <= 12; fy++)
        for (int m0 = 1; m0 <= 12; m0++) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_FY_START, fy));
            for (size_t at = 0; at < 40; at++) {
                size_t first, last, ytd = at, qtd = at;
                /* walk back month by month */
                while ((size_t)((m0 - 1 + (int)(ytd % 12)) % 12) != (size_t)(fy - 1)) {
                    if (ytd == 0) { ytd = SIZE_MAX; break; }
                    ytd--;
                }
                while ((((m0 - 1 + (int)(qtd % 12)) % 12) - (fy - 1) + 12) % 3 != 0) {
                    if (qtd == 0) { qtd = SIZE_MAX; break; }
                    qtd--;
                }
                fpa_status st = fpa_variance_window_range(&first, &last, 40, m0,
                                                          at, FPA_WINDOW_YTD, o);
                if (ytd == SIZE_MAX) assert_int_equal(st, FPA_EDOM);
                else {
                    assert_int_equal(st, FPA_OK);
                    assert_int_equal(first, ytd);
                }
                st = fpa_variance_window_range(&first, &last, 40, m0, at,
                                               FPA_WINDOW_QTD, o);
                if (qtd == SIZE_MAX) assert_int_equal(st, FPA_EDOM);
                else {
                    assert_int_equal(st, FPA_OK);
                    assert_int_equal(first, qtd);
                    assert_true(at - first < 3);
                }
            }
            fpa_opts_free(o);
        }
}

static void windows_reject_bad_input(void **state)
{
    (void)state;
    fill_window_series();
    size_t f, l;
    double ob[2] = {-1, -1}, oa[2] = {-1, -1};
    /* FY from January, series from April: period 0's YTD needs January,
     * February and March */
    assert_status(fpa_variance_window_range(&f, &l, 24, 4, 0, FPA_WINDOW_YTD, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "the YTD window of period 0 starts 3 "
                        "periods before the series' first value");
    assert_status(fpa_variance_window_range(&f, &l, 24, 4, 5, FPA_WINDOW_TRAILING12,
                                            NULL), FPA_EDOM);
    /* at 23 is March of the third year: the outlook runs to December */
    assert_status(fpa_variance_window_range(&f, &l, 24, 4, 23, FPA_WINDOW_OUTLOOK,
                                            NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "the outlook window of period 23 ends 9 "
                        "periods after the series' last value");
    assert_status(fpa_variance_window_range(&f, &l, 24, 4, 24, FPA_WINDOW_PERIOD,
                                            NULL), FPA_EDOM);
    assert_status(fpa_variance_window_range(&f, &l, 24, 13, 1, FPA_WINDOW_PERIOD,
                                            NULL), FPA_EINVAL);
    assert_status(fpa_variance_window_range(&f, &l, 24, 4, 1, (fpa_window)6, NULL),
                  FPA_EINVAL);
    assert_status(fpa_variance_window(ob, oa, wb, wa, NULL, 2, 24, 4, 14,
                                      FPA_WINDOW_OUTLOOK, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "forecast is NULL");
    /* a NaN inside the window of line 1 leaves line 0's output alone */
    wa[24 + 13] = NAN;
    assert_status(fpa_variance_window(ob, oa, wb, wa, wf, 2, 24, 4, 14,
                                      FPA_WINDOW_QTD, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual[line 1, period 13] is NaN");
    assert_true(ob[0] == -1 && oa[0] == -1);
    /* outside the window it is not read */
    assert_ok(fpa_variance_window(ob, oa, wb, wa, wf, 2, 24, 4, 11,
                                  FPA_WINDOW_TRAILING3, NULL));
    wa[24 + 13] = 2 * 14 * 10;
    const double big[] = {1.5e308, 1.5e308};
    assert_status(fpa_variance_window(ob, oa, big, big, NULL, 1, 2, 1, 1,
                                      FPA_WINDOW_YTD, NULL), FPA_EOVERFLOW);
}

/* ---- spend control ------------------------------------------------------ */

/* Hand-worked. Limits 50,000 and 20,000; 45,000 already spent on line 0.
 *   item 0: line 0, 3,000 -> 48,000: within
 *   item 1: line 0, 4,000 -> 52,000: over, crosses
 *   item 2: line 1, 12,000 -> 12,000: within; 12,000 > 10,000: dual
 *   item 3: line 0, -2,500 -> 49,500: back within
 *   item 4: line 1, 10,000 -> 22,000: over, crosses; 10,000 is not above
 *           10,000: no dual sign-off
 * Remaining: 50,000 - 49,500 = 500 and 20,000 - 22,000 = -2,000.
 * With a 10 % tolerance line 1 may reach 22,000: item 4 is not over. */
static void spend_control_by_hand(void **state)
{
    (void)state;
    const size_t line[] = {0, 0, 1, 0, 1};
    const double amount[] = {3000, 4000, 12000, -2500, 10000};
    const double spent[] = {45000, 0}, limit[] = {50000, 20000};
    uint32_t f[5];
    double rem[2];
    assert_ok(fpa_variance_spend_control(f, rem, line, amount, 5, spent, limit, 2,
                                         NULL));
    const uint32_t O = FPA_SPEND_OVER_LIMIT, X = FPA_SPEND_CROSSES_LIMIT,
                   D = FPA_SPEND_DUAL_APPROVAL;
    const uint32_t want[] = {0, O | X, D, 0, O | X};
    for (size_t j = 0; j < 5; j++) assert_int_equal(f[j], want[j]);
    assert_true(rem[0] == 500 && rem[1] == -2000);

    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_LIMIT_TOLERANCE, 0.1));
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_APPROVAL_LIMIT, 3500));
    assert_ok(fpa_variance_spend_control(f, rem, line, amount, 5, spent, limit, 2,
                                         o));
    /* cap of line 0 is 55,000: never over; approval over 3,500 */
    const uint32_t want_tol[] = {0, D, D, 0, D};
    for (size_t j = 0; j < 5; j++) assert_int_equal(f[j], want_tol[j]);
    fpa_opts_free(o);

    /* no items: a plain spend-versus-limit check */
    assert_ok(fpa_variance_spend_control(NULL, rem, NULL, NULL, 0, spent, limit, 2,
                                         NULL));
    assert_true(rem[0] == 5000 && rem[1] == 20000);

    const size_t bad_line[] = {0, 2};
    rem[0] = -1;
    assert_status(fpa_variance_spend_control(f, rem, bad_line, amount, 2, spent,
                                             limit, 2, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "item_line[1] = 2 names no line (there "
                        "are 2)");
    assert_true(rem[0] == -1);
    const double nan_amount[] = {1, NAN};
    assert_status(fpa_variance_spend_control(f, rem, line, nan_amount, 2, spent,
                                             limit, 2, NULL), FPA_EDOM);
    const double huge[] = {1e308, 1e308};
    assert_status(fpa_variance_spend_control(f, rem, line, huge, 2, spent, limit,
                                             2, NULL), FPA_EOVERFLOW);
    assert_true(rem[0] == -1);
    assert_status(fpa_variance_spend_control(f, NULL, line, amount, 2, spent, limit,
                                             2, NULL), FPA_EINVAL);
}

/* ---- plan accuracy ------------------------------------------------------ */

/* Expected values printed by `Rscript tests/ref/make_variance_ref.R`
 * (forecast 8.20's accuracy() for MAPE; WAPE and bias by their formulas):
 *   line 0: mape 0.0710744421270737 wape 0.069767441860465115
 *           bias -0.0077519379844961239 n 6
 *   line 1: mape 0.11873737373737374 wape 0.16 bias 0 n 5
 *   total:  mape 0.092739411040846431 wape 0.11843575418994413
 *           bias 0.017877094972067038
 * Line 2 has only zero actuals: undefined, reported as 0 with n = 0. */
static void plan_accuracy_matches_r(void **state)
{
    (void)state;
    const double actual[] = {100, 120, 90, 110, 130, 95, 50, 0, 40, 60, 55, 45,
                             0, 0, 0, 0, 0, 0};
    const double plan[] = {105, 110, 100, 100, 125, 100, 45, 10, 45, 50, 60, 40,
                           1, 2, 3, 4, 5, 6};
    double mape[3], wape[3], bias[3], total[FPA_ACCURACY_PARTS];
    size_t n[3];
    assert_ok(fpa_variance_accuracy(mape, wape, bias, n, total, plan, actual, 3, 6));
    assert_close(mape[0], 0.0710744421270737, 1e-13, 0);
    assert_close(wape[0], 0.069767441860465115, 1e-14, 0);
    assert_close(bias[0], -0.0077519379844961239, 1e-13, 0);
    assert_int_equal(n[0], 6);
    assert_close(mape[1], 0.11873737373737374, 1e-14, 0);
    assert_close(wape[1], 0.16, 1e-14, 0);
    assert_close(bias[1], 0, 0, 1e-16);
    assert_int_equal(n[1], 5);
    assert_true(mape[2] == 0 && wape[2] == 0 && bias[2] == 0);
    assert_int_equal(n[2], 0);
    assert_close(total[FPA_ACCURACY_MAPE], 0.092739411040846431, 1e-14, 0);
    assert_close(total[FPA_ACCURACY_WAPE], 0.11843575418994413, 1e-14, 0);
    assert_close(total[FPA_ACCURACY_BIAS], 0.017877094972067038, 1e-13, 0);

    double keep = -3;
    const double bad[] = {1, NAN};
    assert_status(fpa_variance_accuracy(&keep, NULL, NULL, NULL, NULL, bad, actual,
                                        1, 2), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "plan[1] is NaN");
    assert_true(keep == -3);
    assert_status(fpa_variance_accuracy(&keep, NULL, NULL, NULL, NULL, plan, NULL,
                                        1, 2), FPA_EINVAL);
    assert_status(fpa_variance_accuracy(&keep, NULL, NULL, NULL, NULL, plan, actual,
                                        0, 2), FPA_EINVAL);
    /* |e / a| overflows for a tiny actual: a status, never Inf */
    const double tiny_a[] = {1e-300}, big_p[] = {1e300};
    assert_status(fpa_variance_accuracy(&keep, NULL, NULL, NULL, NULL, big_p,
                                        tiny_a, 1, 1), FPA_EOVERFLOW);
    assert_true(keep == -3);
}

static void options_are_registered(void **state)
{
    (void)state;
    const char *names[] = {"variance.fy_start", "variance.material_abs",
                           "variance.material_pct", "variance.material_rule",
                           "variance.approval_limit", "variance.limit_tolerance",
                           "variance.decimals"};
    for (size_t i = 0; i < N(names); i++) {
        int key;
        assert_ok(fpa_opt_find(&key, names[i]));
        assert_int_equal(key, 400 + (int)i);
    }
    double lo, hi, def;
    assert_ok(fpa_opt_bounds(&lo, &hi, &def, FPA_OPT_VARIANCE_MATERIAL_RULE));
    assert_true(def == FPA_MATERIAL_BOTH && hi == FPA_MATERIAL_PCT_ONLY);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_status(fpa_opts_set(o, FPA_OPT_VARIANCE_FY_START, 13), FPA_EINVAL);
    assert_status(fpa_opts_set(o, FPA_OPT_VARIANCE_DECIMALS, 7), FPA_EINVAL);
    fpa_opts_free(o);
}

/* The threaded path allocates its worker table; with 40,000 periods a
 * job is one line, so two lines make two jobs on two threads. */
static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    enum { P = 40000 };
    double *b = calloc(2 * P, sizeof *b), *a = calloc(2 * P, sizeof *a);
    double *v = malloc(2 * P * sizeof *v);
    const int nat[] = {0, 1};
    a[P + 5] = 3;
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_variance_compute(v, NULL, NULL, b, a, 2, P, nat, NULL,
                                         NULL, NULL, opts),
                    (void)0);
    assert_true(v[P + 5] == 3);
    free(b);
    free(a);
    free(v);
}

/* fpa_variance_plan_metrics: the accuracy module's definitions per line.
 * Expected values printed by `Rscript tests/ref/make_variance_ref.R`
 * (forecast 8.20's accuracy() for MAPE, ME, RMSE and MAE; the M4 sMAPE,
 * WAPE and relative bias by their formulas), same data as above:
 *   line 0: mape 7.10744421270737 bias 0.83333333333333337
 *           rmse 7.9056941504209481 mae 7.5 smape 7.1122666705566937
 *           wape 6.9767441860465116 relbias 0.77519379844961245
 *   line 1: mape Inf (an actual is 0: undefined) bias 0 rmse 7.0710678118654755
 *           mae 6.666666666666667 smape 43.488866318318465 wape 16 relbias 0
 * Line 2 (actuals all 0, plan 1 .. 6), by hand: MAPE, WAPE and relative
 * bias undefined; bias = mean(0 - plan) = -3.5, MAE 3.5, RMSE
 * sqrt(91 / 6), sMAPE 200 (every term |e| / |f| = 1). The 1.0 measures
 * of plan_accuracy_matches_r are these converted: MAPE over the non-zero
 * actuals / 100, WAPE / 100, bias = -relbias / 100. */
static void plan_metrics_match_r(void **state)
{
    (void)state;
    const double actual[] = {100, 120, 90, 110, 130, 95, 50, 0, 40, 60, 55, 45,
                             0, 0, 0, 0, 0, 0};
    const double plan[] = {105, 110, 100, 100, 125, 100, 45, 10, 45, 50, 60, 40,
                           1, 2, 3, 4, 5, 6};
    const fpa_metric m[] = {FPA_METRIC_MAPE, FPA_METRIC_BIAS, FPA_METRIC_RMSE,
                            FPA_METRIC_MAE, FPA_METRIC_SMAPE, FPA_METRIC_WAPE,
                            FPA_METRIC_RELBIAS};
    const double want[3][7] = {
        {7.10744421270737, 0.83333333333333337, 7.9056941504209481, 7.5,
         7.1122666705566937, 6.9767441860465116, 0.77519379844961245},
        {NAN, 0, 7.0710678118654755, 6.666666666666667, 43.488866318318465, 16, 0},
        {NAN, -3.5, 3.8944404818493075, 3.5, 200, NAN, NAN}};
    double out[3 * 7];
    for (int threads = 1; threads <= 3; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        fpa_error_clear();
        assert_status(fpa_variance_plan_metrics(out, plan, actual, 3, 6, m, 7, o),
                      FPA_PARTIAL);
        assert_string_equal(fpa_error_last(), "line 1, mape: MAPE is undefined: "
                            "actual[1] is 0");
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 7; k++) {
                double w = want[i][k], g = out[i * 7 + k];
                if (isnan(w)) assert_true(isnan(g));
                else assert_close(g, w, 1e-13, 1e-15);
            }
        fpa_opts_free(o);
    }
    /* one line, defined measures only: FPA_OK; sqrt(91 / 6) by hand */
    assert_ok(fpa_variance_plan_metrics(out, plan + 12, actual + 12, 1, 6,
                                        (fpa_metric[]){FPA_METRIC_RMSE}, 1, NULL));
    assert_close(out[0], sqrt(91.0 / 6), 1e-15, 0);
    /* the 1.0 measures are the converted ones */
    double mape[3], wape[3], bias[3];
    assert_ok(fpa_variance_accuracy(mape, wape, bias, NULL, NULL, plan, actual, 3, 6));
    assert_close(wape[0], want[0][5] / 100, 1e-14, 0);
    assert_close(bias[0], -want[0][6] / 100, 1e-14, 0);
    assert_close(mape[0], want[0][0] / 100, 1e-14, 0);
    /* bad input */
    assert_status(fpa_variance_plan_metrics(out, plan, actual, 3, 6,
                                            (fpa_metric[]){FPA_METRIC_MASE}, 1, NULL),
                  FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "metrics[0] is mase, which scales by in-sample "
                        "data a plan does not have");
    assert_status(fpa_variance_plan_metrics(out, plan, actual, 3, 6,
                                            (fpa_metric[]){(fpa_metric)99}, 1, NULL),
                  FPA_EINVAL);
    assert_status(fpa_variance_plan_metrics(out, plan, actual, 3, 6, m, 0, NULL),
                  FPA_EINVAL);
    const double bad[] = {1, NAN};
    assert_status(fpa_variance_plan_metrics(out, bad, actual, 1, 2, m, 1, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "plan[1] is NaN");
}

/* One fiscal-year key for every module (issue 13, section 4), and the 1.0
 * keys beside it. By hand: a monthly series from January; at = 5 (June):
 * a fiscal year from April starts at period 3, one from July at period 6
 * of the year before, so its YTD window of period 8 (September) starts
 * at period 6. */
static void fiscal_year_start_is_one_key(void **state)
{
    (void)state;
    int key;
    double lo, hi, def;
    assert_ok(fpa_opt_find(&key, "fiscal_year_start"));
    assert_int_equal(key, FPA_OPT_FISCAL_YEAR_START);
    assert_int_equal(FPA_OPT_FISCAL_YEAR_START, 4);
    assert_ok(fpa_opt_bounds(&lo, &hi, &def, FPA_OPT_FISCAL_YEAR_START));
    assert_true(lo == 1 && hi == 366 && def == 1);
    fpa_opts *o;
    size_t first, last;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FISCAL_YEAR_START, 4));
    assert_ok(fpa_variance_window_range(&first, &last, 24, 1, 5, FPA_WINDOW_YTD, o));
    assert_true(first == 3 && last == 5);
    /* the 1.0 key, set, takes precedence in its module */
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_FY_START, 7));
    assert_ok(fpa_variance_window_range(&first, &last, 24, 1, 8, FPA_WINDOW_YTD, o));
    assert_true(first == 6 && last == 8);
    /* variance periods are months */
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_FY_START, 1));
    assert_ok(fpa_opts_set(o, FPA_OPT_FISCAL_YEAR_START, 13));
    assert_status(fpa_variance_window_range(&first, &last, 24, 1, 8, FPA_WINDOW_YTD, o),
                  FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "option fiscal_year_start is 13; variance "
                        "periods are months, so it must be 1 .. 12");

    /* the forecast's fiscal-year outlook reads the same key. 15 monthly
     * actuals 10 .. 24 from January 2023, naive forecasts (24): from April
     * the year in progress is April 2024 - March 2025, fiscal 2025, with no
     * actuals yet and 12 x 24 = 288 forecast; the calendar year 2024 has
     * 22 + 23 + 24 = 69 of actuals and 9 x 24 = 216 of forecast. */
    double y[15], total, act;
    int year;
    for (int t = 0; t < 15; t++) y[t] = 10 + t;
    for (int which = 0; which < 3; which++) {
        fpa_opts_reset(o);
        if (which == 1) assert_ok(fpa_opts_set(o, FPA_OPT_FISCAL_YEAR_START, 4));
        if (which == 2) assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_FISCAL_START, 4));
        fpa_rolling *r;
        assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_NAIVE, y, 15, 12, 2023, 1, 12,
                                           o));
        assert_ok(fpa_forecast_rolling_outlook(&total, &act, NULL, &year, r));
        if (which == 0) assert_true(total == 285 && act == 69 && year == 2024);
        else assert_true(total == 288 && act == 0 && year == 2025);
        fpa_forecast_rolling_free(r);
    }
    fpa_opts_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(webb_static_budget_signs),
        cmocka_unit_test(static_budget_operating_income),
        cmocka_unit_test(sign_conventions_by_hand),
        cmocka_unit_test(materiality_by_hand),
        cmocka_unit_test(periods_are_row_major),
        cmocka_unit_test(compute_is_thread_count_invariant),
        cmocka_unit_test(compute_matches_its_definition),
        cmocka_unit_test(compute_rejects_bad_input),
        cmocka_unit_test(windows_by_hand),
        cmocka_unit_test(windows_follow_the_calendar),
        cmocka_unit_test(windows_reject_bad_input),
        cmocka_unit_test(spend_control_by_hand),
        cmocka_unit_test(plan_accuracy_matches_r),
        cmocka_unit_test(plan_metrics_match_r),
        cmocka_unit_test(fiscal_year_start_is_one_key),
        cmocka_unit_test(options_are_registered),
        cmocka_unit_test(allocation_failures_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
