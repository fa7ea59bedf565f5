/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit economics against independent engines and public worked examples.
 *
 * Expected values: tests/ref/unit_kpi_expected.csv, produced by
 *     /usr/bin/python3 tests/ref/make_unit_kpi_ref.py
 * (LibreOffice Calc 7.4 and gnumeric 1.12 recalculate each formula and must
 * agree; numpy for the margin-curve payback; exact rational arithmetic,
 * Python's fractions.Fraction, for the largest-remainder allocation), and
 * tests/ref/cohort_expected.csv, the cohort matrices pandas 1.5 derives from
 * tests/ref/cohort_rows.csv with groupby/nunique/sum, and their pooled
 * retention curve (tests/ref/cohort_curve.csv). Worked examples from
 * public pages are cited next to their numbers. */
#include "refcsv.h"

static fpa_opts *tail_opts(double tail, double window)
{
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_UNIT_TAIL, tail));
    assert_ok(fpa_opts_set(o, FPA_OPT_UNIT_TAIL_WINDOW, window));
    return o;
}

static fpa_status call(const char *fn, const ref_args *a, double *out, bool *handled)
{
#define S(k) (a->val[k][0])
#define N(k) ((size_t)a->len[k])
    double pair[2], buf[REF_MAXVALS], buf2[REF_MAXVALS];
    fpa_status st;
    if (!strcmp(fn, "contribution")) {
        st = fpa_unit_contribution(&pair[0], &pair[1], S(0), S(1));
        if (st == FPA_OK) *out = pair[(int)S(2)];
        return st;
    }
    if (!strcmp(fn, "break_even")) {
        st = fpa_unit_break_even(&pair[0], &pair[1], S(0), S(1), S(2), S(3));
        if (st == FPA_OK) *out = pair[(int)S(4)];
        return st;
    }
    if (!strcmp(fn, "break_even_mix")) {
        st = fpa_unit_break_even_mix(buf, buf2, a->val[0], a->val[1], a->val[2], N(0),
                                     (fpa_mix_basis)S(3), S(4), S(5));
        if (st == FPA_OK) *out = (S(6) == 0 ? buf : buf2)[(size_t)S(7)];
        return st;
    }
    if (!strcmp(fn, "margin_of_safety")) {
        st = fpa_unit_margin_of_safety(&pair[0], &pair[1], S(0), S(1));
        if (st == FPA_OK) *out = pair[(int)S(2)];
        return st;
    }
    if (!strcmp(fn, "dol")) return fpa_unit_operating_leverage(out, S(0), S(1));
    if (!strcmp(fn, "arpu")) return fpa_unit_arpu(out, S(0), S(1), S(2));
    if (!strcmp(fn, "logo_churn")) return fpa_unit_logo_churn(out, S(0), S(1));
    if (!strcmp(fn, "revenue_retention")) {
        double r[5];
        st = fpa_unit_revenue_retention(&r[0], &r[1], &r[2], &r[3], &r[4], S(0), S(1),
                                        S(2), S(3));
        if (st == FPA_OK) *out = r[(int)S(4)];
        return st;
    }
    if (!strcmp(fn, "ltv_simple")) return fpa_unit_ltv_simple(out, S(0), S(1), S(2));
    if (!strcmp(fn, "ltv_discounted"))
        return fpa_unit_ltv_discounted(out, S(0), S(1), S(2), S(3), (size_t)S(4));
    if (!strcmp(fn, "ltv_curve")) {
        fpa_opts *o = tail_opts(S(5), S(6));
        st = fpa_unit_ltv_curve(out, a->val[0], N(0), S(1), S(2), S(3), (size_t)S(4), o);
        fpa_opts_free(o);
        return st;
    }
    if (!strcmp(fn, "cac_payback")) return fpa_unit_cac_payback(out, S(0), S(1), S(2), S(3));
    if (!strcmp(fn, "cac_payback_curve"))
        return fpa_unit_cac_payback_curve(out, S(0), a->val[1], N(1));
    if (!strcmp(fn, "cac_blended")) return fpa_unit_cac_blended(out, S(0), S(1));
    if (!strcmp(fn, "cac_paid")) return fpa_unit_cac_paid(out, S(0), S(1), S(2));
    if (!strcmp(fn, "ltv_cac")) return fpa_unit_ltv_cac(out, S(0), S(1));
    if (!strcmp(fn, "allocate")) {
        int64_t parts[REF_MAXVALS];
        st = fpa_unit_allocate(parts, (int64_t)S(0), a->val[1], N(1), NULL);
        if (st == FPA_OK) *out = (double)parts[(size_t)S(2)];
        return st;
    }
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

static void cvp_worked_examples(void **state)
{
    (void)state;
    double cm, ratio, units, revenue, mos, dol;
    /* e-consult.co.ke (?p=notes&sub=10026), "define, calculate and
     * interpret the margin of safety", Examples 1 and 2: price $50, variable cost $30, fixed costs $20,000: CM $20,
     * 1,000 units, $50,000; actual sales $70,000: MoS 20,000/70,000. */
    assert_ok(fpa_unit_contribution(&cm, &ratio, 50, 30));
    assert_close(cm, 20, 0, 1e-12);
    assert_close(ratio, 0.4, 1e-15, 0);
    assert_ok(fpa_unit_break_even(&units, &revenue, 20000, 0, 50, 30));
    assert_close(units, 1000, 1e-15, 0);
    assert_close(revenue, 50000, 1e-15, 0);
    assert_ok(fpa_unit_margin_of_safety(&mos, &ratio, 70000, 50000));
    assert_close(mos, 20000, 0, 1e-9);
    assert_close(ratio, 0.2857, 0, 5e-5);  /* the page rounds to 28.57 % */
    /* Saylor Academy, "Break-Even Point Analysis" (Video Productions):
     * sales $120,000, break-even $100,000: MoS $20,000, 16.67 %. */
    assert_ok(fpa_unit_margin_of_safety(&mos, &ratio, 120000, 100000));
    assert_close(mos, 20000, 0, 1e-9);
    assert_close(ratio, 0.1667, 0, 5e-5);
    /* issuhub.com/view/index/4431?pageIndex=119, a finance primer's
     * "Cost-Volume-Profit Analysis", p. 106: an $80 book with a $57
     * variable cost contributes $23; $100,000 of fixed costs need "about
     * 4,350 books". */
    assert_ok(fpa_unit_break_even(&units, NULL, 100000, 0, 80, 57));
    assert_close(units, 4350, 0, 3);
    /* techwhiff.com, Engberg Company: contribution margin $82,200, net
     * operating income $65,200: DOL 1.26. */
    assert_ok(fpa_unit_operating_leverage(&dol, 82200, 65200));
    assert_close(dol, 1.26, 0, 0.005);
}

static void mix_worked_examples(void **state)
{
    (void)state;
    double units[3], rev[3];
    /* justaaa.com, Swifty Candle Supply: revenue mix 30/60/10 %, CM ratios
     * 20/35/50 %, fixed costs $533,440: weighted ratio 32 %, break-even
     * $1,667,000 = $500,100 + $1,000,200 + $166,700. (Prices of 1 give
     * those ratios.) */
    assert_ok(fpa_unit_break_even_mix(units, rev, (double[]){1, 1, 1},
                                      (double[]){0.8, 0.65, 0.5},
                                      (double[]){0.3, 0.6, 0.1}, 3, FPA_MIX_REVENUE,
                                      533440, 0));
    assert_close(rev[0], 500100, 1e-12, 0);
    assert_close(rev[1], 1000200, 1e-12, 0);
    assert_close(rev[2], 166700, 1e-12, 0);
    /* Lumen Learning, Managerial Accounting, "Sales Mix" (BlankBooks):
     * plain $10/$8.30, fancy $14/$13.30, planned 2,320 and 580 units with a
     * total contribution of $4,350 and a weighted CM of $1.50 a unit. Fixed
     * costs equal to that contribution break even at exactly the plan. */
    assert_ok(fpa_unit_break_even_mix(units, rev, (double[]){10, 14},
                                      (double[]){8.3, 13.3}, (double[]){2320, 580}, 2,
                                      FPA_MIX_UNITS, 4350, 0));
    assert_close(units[0], 2320, 1e-12, 0);
    assert_close(units[1], 580, 1e-12, 0);
    assert_close((4350 / (units[0] + units[1])), 1.50, 1e-12, 0);
}

static void saas_worked_examples(void **state)
{
    (void)state;
    double ltv, ratio, months, cac, nrr, grr;
    /* smartcloudsuites.com/saas/ltv-cac-breakeven, "A worked example": a
     * $50/month product at 80 % gross margin and 4 % monthly churn: LTV
     * about $1,000; CAC $300: LTV:CAC ~3.3, payback about 7.5 months. */
    assert_ok(fpa_unit_ltv_simple(&ltv, 50, 0.8, 0.04));
    assert_close(ltv, 1000, 1e-12, 0);
    assert_ok(fpa_unit_ltv_cac(&ratio, ltv, 300));
    assert_close(ratio, 3.33, 0, 0.005);
    assert_ok(fpa_unit_cac_payback(&months, 300, 50, 0.8, 0));
    assert_close(months, 7.5, 1e-12, 0);
    /* charlia.io, "CAC, LTV, Churn": $5,000 + $4,000 + $1,000 of January
     * spend and 40 new customers: CAC $250. */
    assert_ok(fpa_unit_cac_blended(&cac, 5000 + 4000 + 1000, 40));
    assert_close(cac, 250, 1e-15, 0);
    /* churnzero.net/churnopedia/net-revenue-retention: January starts at
     * $27,000 MRR, upsells lift it to $35,000, $5,000 churns: NRR 111 %
     * ($30,000 / $27,000). */
    assert_ok(fpa_unit_revenue_retention(&grr, &nrr, NULL, NULL, NULL, 27000, 5000, 0,
                                         35000 - 27000));
    assert_close(nrr, 30000.0 / 27000.0, 1e-15, 0);
    assert_close(nrr, 1.11, 0, 0.005);
}

/* ---- properties ------------------------------------------------------- */

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void allocation_adds_up(void **state)
{
    (void)state;
    unsigned seed = 77;
    static int64_t out[500];
    static double drv[500];
    for (int trial = 0; trial < 3000; trial++) {
        size_t n = 1 + lcg(&seed) % 500;
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned r = lcg(&seed);
            drv[i] = r % 7 == 0 ? 0 : (trial % 3 ? (double)(r % 1000) : (double)r / 97.0);
            total += drv[i];
        }
        if (total == 0) drv[0] = total = 1;
        int64_t pool = (int64_t)lcg(&seed) * (trial % 2 ? 1 : 104729) - (trial % 5 == 0 ?
                       (int64_t)1 << 40 : 0);
        assert_ok(fpa_unit_allocate(out, pool, drv, n, NULL));
        int64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += out[i];
            double quota = (double)pool * drv[i] / total;
            assert_true(fabs((double)out[i] - quota) < 1.0 + 1e-9 * fabs(quota));
            if (drv[i] == 0) assert_true(out[i] == 0);
        }
        assert_true(sum == pool);
    }
    /* the extreme pool */
    int64_t big[3];
    const int64_t lim = (int64_t)1 << 53;
    assert_ok(fpa_unit_allocate(big, lim, (double[]){1, 1, 1}, 3, NULL));
    assert_true(big[0] + big[1] + big[2] == lim);
    assert_ok(fpa_unit_allocate(big, -lim, (double[]){1, 2, 1e-300}, 3, NULL));
    assert_true(big[0] + big[1] + big[2] == -lim);
    assert_status(fpa_unit_allocate(big, lim + 2, (double[]){1, 1, 1}, 3, NULL), FPA_EDOM);
    assert_status(fpa_unit_allocate(big, INT64_MIN, (double[]){1, 1, 1}, 3, NULL),
                  FPA_EDOM);
}

/* Issue 14, item 6: near 2^53 the double-precision quotas gave the
 * recipient with a zero driver a cent. By hand: 9007199254738993 =
 * 3 x 3002399751579664 + 1 (digit sum 85, so the pool is 1 mod 3), so the
 * three equal drivers get the floor 3002399751579664 each and the one cent
 * left goes to the first of the tied remainders (1/3 each), recipient 1. */
static void allocation_is_exact_near_2_53(void **state)
{
    (void)state;
    int64_t out[4];
    assert_ok(fpa_unit_allocate(out, 9007199254738993, (double[]){0, 3, 3, 3}, 4, NULL));
    assert_true(out[0] == 0);
    assert_true(out[1] == 3002399751579665 && out[2] == 3002399751579664 &&
                out[3] == 3002399751579664);
    assert_ok(fpa_unit_allocate(out, -9007199254738993, (double[]){0, 3, 3, 3}, 4, NULL));
    assert_true(out[0] == 0 && out[1] == -3002399751579665 && out[3] == -3002399751579664);
    /* drivers 300 orders of magnitude apart (exponents 2^997 and 2^-1074):
     * the two equal large ones share 2^53 - 1 = 2 x 4503599627370495 + 1
     * (their remainders are just under 1/2 each, the smallest positive
     * double's quota is below 2^-900), so the cent left goes to the first
     * of them */
    double tiny = 4.9406564584124654e-324;
    assert_ok(fpa_unit_allocate(out, 9007199254740991, (double[]){1e300, tiny, 1e300}, 3,
                                NULL));
    assert_true(out[0] == 4503599627370496 && out[1] == 0 && out[2] == 4503599627370495);
}

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

/* The largest-remainder rule of the header, computed in 128-bit integers
 * for integer drivers (an independent implementation: quotas
 * floor(P d_i / D), remainders P d_i mod D, compared directly since D is
 * common, the leftover one each to the largest, ties to the lower index). */
static void allocate_by_definition(int64_t *out, uint64_t P, const uint64_t *d, size_t n)
{
    u128 D = 0, given = 0;
    static u128 rem[64];
    for (size_t i = 0; i < n; i++) D += d[i];
    for (size_t i = 0; i < n; i++) {
        u128 x = (u128)P * d[i];
        out[i] = (int64_t)(x / D);
        rem[i] = x % D;
        given += x / D;
    }
    for (u128 left = P - given; left > 0; left--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (rem[i] != (u128)-1 && (best == n || rem[i] > rem[best])) best = i;
        out[best]++;
        rem[best] = (u128)-1;  /* taken */
    }
}

static void allocation_matches_its_definition(void **state)
{
    (void)state;
    unsigned seed = 2024;
    int64_t got[64], want[64];
    uint64_t d[64];
    double dd[64];
    for (int trial = 0; trial < 4000; trial++) {
        size_t n = 1 + lcg(&seed) % 64;
        unsigned scale = trial % 4;  /* up to 2^20, 2^40, 2^52 and tiny drivers */
        for (size_t i = 0; i < n; i++) {
            uint64_t r = (uint64_t)lcg(&seed) << 31 ^ lcg(&seed);
            d[i] = i % 5 == 3 ? 0 : r % ((uint64_t)1 << (scale == 0 ? 20 : scale == 1 ? 40 : 52));
            if (scale == 3) d[i] %= 7;
        }
        d[0] += d[0] == 0;
        uint64_t P = ((uint64_t)lcg(&seed) << 31 ^ lcg(&seed)) % ((uint64_t)1 << 53) +
                     (trial % 7 == 0 ? ((uint64_t)1 << 53) - ((uint64_t)1 << 20) : 0);
        if (P > ((uint64_t)1 << 53)) P = (uint64_t)1 << 53;
        /* the same drivers scaled by 2^-70 (exact in binary) allocate the same */
        double k = scale == 3 ? 0x1p-70 : 1.0;
        for (size_t i = 0; i < n; i++) dd[i] = (double)d[i] * k;
        allocate_by_definition(want, P, d, n);
        assert_ok(fpa_unit_allocate(got, (int64_t)P, dd, n, NULL));
        for (size_t i = 0; i < n; i++)
            if (got[i] != want[i])
                fail_msg("trial %d, recipient %zu of %zu: %lld, by definition %lld", trial,
                         i, n, (long long)got[i], (long long)want[i]);
    }
}
#endif

static void profitability_adds_up(void **state)
{
    (void)state;
    enum { N = 200 };
    int64_t rev[N], cost[N], contrib[N], alloc[N], net[N];
    double units[N];
    unsigned seed = 5;
    int64_t trev = 0, tcost = 0;
    for (int i = 0; i < N; i++) {
        rev[i] = (int64_t)(lcg(&seed) % 10000000);
        cost[i] = (int64_t)(lcg(&seed) % 8000000);
        units[i] = (double)(lcg(&seed) % 500);
        trev += rev[i];
        tcost += cost[i];
    }
    const int64_t pool = 123456789;
    for (int by_revenue = 0; by_revenue < 2; by_revenue++) {
        assert_ok(fpa_unit_profitability(contrib, alloc, net, rev, cost,
                                         by_revenue ? NULL : units, N, pool, NULL));
        int64_t sa = 0, sn = 0;
        for (int i = 0; i < N; i++) {
            assert_true(contrib[i] == rev[i] - cost[i]);
            assert_true(net[i] == contrib[i] - alloc[i]);
            sa += alloc[i];
            sn += net[i];
        }
        assert_true(sa == pool);
        assert_true(sn == trev - tcost - pool);
        /* the allocation is the one fpa_unit_allocate gives */
        int64_t again[N];
        double drv[N];
        for (int i = 0; i < N; i++) drv[i] = by_revenue ? (double)rev[i] : units[i];
        assert_ok(fpa_unit_allocate(again, pool, drv, N, NULL));
        assert_memory_equal(again, alloc, sizeof again);
    }
    /* overflow and untouched outputs */
    int64_t r1[1] = {INT64_MAX}, c1[1] = {-1}, o1[1] = {42};
    assert_status(fpa_unit_profitability(o1, NULL, NULL, r1, c1, NULL, 1, 0, NULL),
                  FPA_EOVERFLOW);
    assert_true(o1[0] == 42);
    int64_t r2[1] = {INT64_MIN + 5}, c2[1] = {0};
    assert_status(fpa_unit_profitability(NULL, NULL, o1, r2, c2, (double[]){1}, 1, 10,
                                         NULL), FPA_EOVERFLOW);
    assert_status(fpa_unit_profitability(o1, NULL, NULL, r2, c2, NULL, 1, 10, NULL),
                  FPA_EDOM);  /* a negative revenue cannot drive an allocation */
}

static void ltv_forms_agree(void **state)
{
    (void)state;
    double a, b;
    /* simple = discounted with d = 0 and an infinite horizon */
    assert_ok(fpa_unit_ltv_simple(&a, 120, 0.7, 0.025));
    assert_ok(fpa_unit_ltv_discounted(&b, 120, 0.7, 0.025, 0, 0));
    assert_close(a, b, 1e-14, 0);
    /* a curve S_k = (1-c)^k with a geometric tail is the discounted LTV,
     * for every horizon and window */
    double S[24];
    for (int k = 0; k < 24; k++) S[k] = pow(0.97, k);
    for (size_t window = 1; window <= 5; window += 2)
        for (size_t h = 0; h <= 60; h += 7) {
            fpa_opts *o = tail_opts(FPA_TAIL_GEOMETRIC, (double)window);
            assert_ok(fpa_unit_ltv_curve(&a, S, 24, 80, 0.75, 0.01, h, o));
            assert_ok(fpa_unit_ltv_discounted(&b, 80, 0.75, 0.03, 0.01, h));
            assert_close(a, b, 1e-12, 0);
            fpa_opts_free(o);
        }
    /* identical cohorts pool to their own curve: cohort LTV = curve LTV */
    enum { ROWS = 4, COLS = 6 };
    double R[ROWS * COLS], curve[COLS];
    size_t obs[ROWS] = {6, 5, 3, 0}, len;
    for (int i = 0; i < ROWS; i++)
        for (int k = 0; k < COLS; k++) R[i * COLS + k] = (size_t)k < obs[i] ? S[k] : 0.5;
    assert_ok(fpa_unit_retention_curve(curve, &len, R, (double[]){10, 20, 30, 0}, obs,
                                       ROWS, COLS));
    assert_int_equal(len, 6);
    for (int k = 0; k < COLS; k++) assert_close(curve[k], S[k], 1e-14, 0);
    assert_ok(fpa_unit_ltv_cohorts(&a, R, NULL, obs, ROWS, COLS, 80, 0.75, 0.01, 0, NULL));
    assert_ok(fpa_unit_ltv_curve(&b, S, 6, 80, 0.75, 0.01, 0, NULL));
    assert_close(a, b, 1e-14, 0);
    /* the chain ladder reads a young cohort's missing ages as unobserved,
     * not as churn: two cohorts, the second observed for one age only */
    double T[2 * 3] = {1, 0.5, 0.25, 1, 0, 0};
    assert_ok(fpa_unit_retention_curve(curve, &len, T, (double[]){100, 100},
                                       (size_t[]){3, 1}, 2, 3));
    assert_int_equal(len, 3);
    assert_close(curve[1], 0.5, 1e-15, 0);
    assert_close(curve[2], 0.25, 1e-15, 0);
}

static void payback_forms_agree(void **state)
{
    (void)state;
    /* the churn formula equals the curve of expected margins m (1-c)^k */
    const double arpu = 90, gm = 0.7, c = 0.035, m = arpu * gm;
    double margin[400];
    for (int k = 0; k < 400; k++) margin[k] = m * pow(1 - c, k);
    for (double cac = 10; cac < m / c; cac *= 1.37) {
        double a, b;
        assert_ok(fpa_unit_cac_payback(&a, cac, arpu, gm, c));
        assert_ok(fpa_unit_cac_payback_curve(&b, cac, margin, 400));
        assert_close(a, b, 1e-9, 1e-9);
    }
}

static void edge_cases(void **state)
{
    (void)state;
    double v = 42;
    /* zero churn: unbounded LTV, a status and a detail, never an infinity */
    fpa_error_clear();
    assert_status(fpa_unit_ltv_simple(&v, 100, 0.8, 0), FPA_EUNBOUNDED);
    assert_string_equal(fpa_error_last(),
                        "the lifetime value is unbounded: churn is 0, so customers "
                        "never leave");
    assert_true(v == 42);
    assert_status(fpa_unit_ltv_discounted(&v, 100, 0.8, 0, 0, 0), FPA_EUNBOUNDED);
    /* a finite horizon is bounded: by the definition, 36 months of a
     * margin of 100 x 0.8, undiscounted and without churn */
    assert_ok(fpa_unit_ltv_discounted(&v, 100, 0.8, 0, 0, 36));
    assert_close(v, 80 * 36, 1e-14, 0);
    assert_ok(fpa_unit_ltv_simple(&v, 100, 0, 0));  /* no margin, no value */
    assert_true(v == 0);
    /* negative margins give negative values, not errors: 100 x -0.1 / 0.05
     * by the formula (Skok) */
    assert_ok(fpa_unit_ltv_simple(&v, 100, -0.1, 0.05));
    assert_close(v, -200, 1e-14, 0);
    /* CAC never paid back */
    assert_status(fpa_unit_cac_payback(&v, 300, 50, -0.2, 0), FPA_EUNBOUNDED);
    assert_status(fpa_unit_cac_payback(&v, 300, 50, 0, 0.02), FPA_EUNBOUNDED);
    assert_status(fpa_unit_cac_payback(&v, 2000, 50, 0.8, 0.02), FPA_EUNBOUNDED);
    assert_string_equal(fpa_error_last(), "the CAC is never paid back: the CAC is at "
                        "or above the lifetime margin (margin / churn)");
    assert_status(fpa_unit_cac_payback_curve(&v, 100, (double[]){10, 10}, 2),
                  FPA_EUNBOUNDED);
    /* a CAC a hair below the lifetime margin: a long but finite payback,
     * or "never" once double precision cannot tell them apart; never a
     * hang or a NaN */
    for (double c = 0.5; c > 1e-6; c /= 7) {
        double m = 40, cac = nextafter(m / c, 0);
        fpa_status st = fpa_unit_cac_payback(&v, cac, 50, 0.8, c);
        assert_true(st == FPA_EUNBOUNDED || (st == FPA_OK && isfinite(v) && v > 0));
    }
    /* break-even with a non-positive margin */
    assert_status(fpa_unit_break_even(&v, NULL, 1000, 0, 10, 12), FPA_EUNBOUNDED);
    assert_status(fpa_unit_break_even_mix(&v, NULL, (double[]){10}, (double[]){12},
                                          (double[]){1}, 1, FPA_MIX_UNITS, 1, 0),
                  FPA_EUNBOUNDED);
    /* empty cohorts and a zero revenue base: flagged with a mask, an error
     * without one */
    double sizes[3] = {10, 0, 4}, act[3 * 2] = {10, 5, 0, 0, 4, 0}, ret[6];
    unsigned char ok[6];
    size_t obs[3] = {2, 2, 1};
    assert_ok(fpa_unit_cohort_retention(ret, ok, sizes, act, obs, 3, 2));
    const unsigned char want[6] = {1, 1, 0, 0, 1, 0};
    assert_memory_equal(ok, want, 6);
    assert_true(ret[2] == 0 && ret[3] == 0 && ret[5] == 0);
    assert_close(ret[1], 0.5, 0, 0);  /* 5 of 10 customers, by definition */
    assert_status(fpa_unit_cohort_retention(ret, NULL, sizes, act, obs, 3, 2), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "retention[1][0] is undefined: the cohort is "
                        "empty; pass out_valid to flag it");
    double rev[4] = {0, 7, 10, 12};
    assert_ok(fpa_unit_cohort_revenue_retention(ret, ok, rev, (size_t[]){2, 2}, 2, 2));
    assert_int_equal(ok[0], 0);
    assert_int_equal(ok[1], 0);
    assert_close(ret[3], 1.2, 1e-15, 0);  /* 12 / 10, by definition */
    assert_status(fpa_unit_cohort_revenue_retention(ret, NULL, rev, (size_t[]){2, 2}, 2,
                                                    2), FPA_EDOM);
    /* a cohort matrix with nothing observed */
    size_t len;
    double curve[2];
    assert_status(fpa_unit_retention_curve(curve, &len, act, NULL, (size_t[]){0, 0, 0}, 3,
                                           2), FPA_EDATA);
    /* a curve that reaches zero ends its tail: undiscounted, the LTV is
     * the margin 10 times the observed 1 + 0.5 + 0 */
    assert_ok(fpa_unit_ltv_curve(&v, (double[]){1, 0.5, 0}, 3, 10, 1, 0, 0, NULL));
    assert_close(v, 15, 1e-15, 0);
    assert_status(fpa_unit_ltv_curve(&v, (double[]){1}, 1, 10, 1, 0, 0, NULL), FPA_EDATA);
    assert_status(fpa_unit_ltv_curve(&v, (double[]){1, 0, 0.5}, 3, 10, 1, 0, 0,
                                     (fpa_opts *)NULL), FPA_OK);
}

/* ---- cohort tables ------------------------------------------------------ */

#include "cohort_rows.h"

static void cohorts_match_pandas(void **state)
{
    (void)state;
    static rows_t r;
    read_rows(&r);
    fpa_cohorts *c;
    assert_ok(fpa_unit_cohorts_from_rows(&c, r.cust, r.coh, r.per, r.rev, r.n, NULL));
    size_t rows, cols;
    assert_ok(fpa_unit_cohorts_shape(&rows, &cols, c));
    int64_t ids[16];
    double sizes[16], act[16 * 16], rev[16 * 16], ret[16 * 16], rret[16 * 16];
    size_t obs[16];
    unsigned char ok[16 * 16];
    assert_true(rows <= 16 && cols <= 16);
    assert_status(fpa_unit_cohorts_info(ids, NULL, NULL, rows - 1, c), FPA_ESIZE);
    assert_ok(fpa_unit_cohorts_info(ids, sizes, obs, 16, c));
    assert_status(fpa_unit_cohorts_tables(act, NULL, rows * cols - 1, c), FPA_ESIZE);
    assert_ok(fpa_unit_cohorts_tables(act, rev, 256, c));
    assert_ok(fpa_unit_cohort_retention(ret, ok, sizes, act, obs, rows, cols));
    assert_ok(fpa_unit_cohort_revenue_retention(rret, NULL, rev, obs, rows, cols));
    FILE *f = fopen(FPA_REF_DIR "/cohort_expected.csv", "r");
    assert_non_null(f);
    char line[512];
    int cells = 0;
    while (fgets(line, sizeof line, f)) {
        long long coh, age, size, observed, active;
        double revenue, retention, rr;
        if (sscanf(line, "%lld,%lld,%lld,%lld,%lld,%lf,%lf,%lf", &coh, &age, &size,
                   &observed, &active, &revenue, &retention, &rr) != 8)
            continue;
        size_t i = 0;
        while (i < rows && ids[i] != coh) i++;
        assert_true(i < rows);
        size_t k = i * cols + (size_t)age;
        assert_true(sizes[i] == (double)size);
        assert_int_equal(obs[i], (size_t)observed);
        assert_true(act[k] == (double)active);
        assert_close(rev[k], revenue, 1e-13, 1e-9);
        assert_close(ret[k], retention, 1e-15, 0);
        assert_int_equal(ok[k], 1);
        assert_close(rret[k], rr, 1e-13, 0);
        cells++;
    }
    fclose(f);
    /* the pooled curve, weighting each cohort's retention by its size */
    double curve[16];
    size_t len;
    assert_ok(fpa_unit_retention_curve(curve, &len, ret, sizes, obs, rows, cols));
    f = fopen(FPA_REF_DIR "/cohort_curve.csv", "r");
    assert_non_null(f);
    size_t ages = 0;
    while (fgets(line, sizeof line, f)) {
        long long age;
        double want;
        if (sscanf(line, "%lld,%lf", &age, &want) != 2) continue;
        assert_true((size_t)age < len);
        assert_close(curve[age], want, 1e-13, 0);
        ages++;
    }
    fclose(f);
    assert_int_equal(ages, len);
    /* every observed cell was compared; the rest is 0 and flagged 0 */
    size_t observed_cells = 0;
    for (size_t i = 0; i < rows; i++) observed_cells += obs[i];
    assert_int_equal((size_t)cells, observed_cells);
    for (size_t i = 0; i < rows; i++)
        for (size_t a = obs[i]; a < cols; a++) {
            assert_true(act[i * cols + a] == 0 && ret[i * cols + a] == 0);
            assert_int_equal(ok[i * cols + a], 0);
        }
    fpa_unit_cohorts_free(c);
}

static void cohorts_from_rows_equal_matrix(void **state)
{
    (void)state;
    static rows_t r, s;
    read_rows(&r);
    fpa_cohorts *c;
    assert_ok(fpa_unit_cohorts_from_rows(&c, r.cust, r.coh, r.per, r.rev, r.n, NULL));
    size_t rows, cols;
    assert_ok(fpa_unit_cohorts_shape(&rows, &cols, c));
    int64_t ids[16];
    double sizes[16], act[256], rev[256];
    size_t obs[16];
    assert_ok(fpa_unit_cohorts_info(ids, sizes, obs, 16, c));
    assert_ok(fpa_unit_cohorts_tables(act, rev, 256, c));
    /* the same matrices built naively here, as a host would feed its own */
    double m_act[256] = {0}, m_rev[256] = {0}, m_size[16] = {0};
    for (size_t k = 0; k < r.n; k++) {
        size_t i = 0;
        while (ids[i] != r.coh[k]) i++;
        size_t cell = i * cols + (size_t)(r.per[k] - r.coh[k]);
        bool first_in_period = true, first_ever = true;
        for (size_t j = 0; j < k; j++)
            if (r.cust[j] == r.cust[k]) {
                first_ever = false;
                if (r.per[j] == r.per[k]) first_in_period = false;
            }
        m_act[cell] += first_in_period;
        m_rev[cell] += r.rev[k];
        m_size[i] += first_ever;
    }
    for (size_t k = 0; k < rows * cols; k++) {
        assert_true(act[k] == m_act[k]);
        assert_close(rev[k], m_rev[k], 1e-13, 1e-9);
    }
    double a[256], b[256];
    unsigned char va[256], vb[256];
    assert_ok(fpa_unit_cohort_retention(a, va, sizes, act, obs, rows, cols));
    assert_ok(fpa_unit_cohort_retention(b, vb, m_size, m_act, obs, rows, cols));
    assert_memory_equal(a, b, rows * cols * sizeof *a);
    assert_memory_equal(va, vb, rows * cols);
    /* row order does not matter: reversed rows give identical tables */
    s.n = r.n;
    for (size_t k = 0; k < r.n; k++) {
        s.cust[k] = r.cust[r.n - 1 - k], s.coh[k] = r.coh[r.n - 1 - k];
        s.per[k] = r.per[r.n - 1 - k], s.rev[k] = r.rev[r.n - 1 - k];
    }
    fpa_cohorts *d;
    assert_ok(fpa_unit_cohorts_from_rows(&d, s.cust, s.coh, s.per, s.rev, s.n, NULL));
    double act2[256], rev2[256];
    assert_ok(fpa_unit_cohorts_tables(act2, rev2, 256, d));
    assert_memory_equal(act, act2, rows * cols * sizeof *act);
    for (size_t k = 0; k < rows * cols; k++) assert_close(rev2[k], rev[k], 1e-13, 1e-9);
    fpa_unit_cohorts_free(c);
    fpa_unit_cohorts_free(d);
}

static void bad_input(void **state)
{
    (void)state;
    double v = 7, arr[3];
    int64_t parts[3];
    fpa_error_clear();
    assert_status(fpa_unit_contribution(NULL, NULL, 10, 5), FPA_EINVAL);
    /* issue 13, section 3: at a zero price the margin (0 - 5 = -5) is
     * defined and the ratio is not: a partial result */
    double ratio = 7;
    assert_ok(fpa_unit_contribution(&v, NULL, 0, 5));
    assert_true(v == -5);
    assert_status(fpa_unit_contribution(&v, &ratio, 0, 5), FPA_PARTIAL);
    assert_string_equal(fpa_error_last(), "ratio is undefined: the price is 0");
    assert_true(v == -5 && isnan(ratio));
    assert_status(fpa_unit_contribution(&v, NULL, -1, 5), FPA_EDOM);
    assert_status(fpa_unit_break_even(&v, NULL, 10, 0, 0, 5), FPA_EDOM);
    assert_status(fpa_unit_contribution(&v, NULL, NAN, 5), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "price is NaN");
    assert_status(fpa_unit_break_even(&v, NULL, -1, 0, 10, 5), FPA_EDOM);
    assert_status(fpa_unit_break_even(&v, NULL, 1, -1, 10, 5), FPA_EDOM);
    assert_status(fpa_unit_break_even(&v, NULL, 1e308, 0, 1e-300, 0), FPA_EOVERFLOW);
    assert_status(fpa_unit_break_even_mix(arr, NULL, (double[]){1, 2}, (double[]){0, 0},
                                          (double[]){1, 1}, 2, (fpa_mix_basis)5, 1, 0),
                  FPA_EINVAL);
    assert_status(fpa_unit_break_even_mix(arr, NULL, (double[]){1, 2}, (double[]){0, 0},
                                          (double[]){0, 0}, 2, FPA_MIX_UNITS, 1, 0),
                  FPA_EDOM);
    assert_status(fpa_unit_break_even_mix(arr, NULL, (double[]){1, 2}, (double[]){0, 0},
                                          (double[]){1, -1}, 2, FPA_MIX_UNITS, 1, 0),
                  FPA_EDOM);
    assert_status(fpa_unit_break_even_mix(arr, NULL, (double[]){1, 0}, (double[]){0, 0},
                                          (double[]){1, 1}, 2, FPA_MIX_UNITS, 1, 0),
                  FPA_EDOM);
    assert_status(fpa_unit_break_even_mix(arr, NULL, NULL, (double[]){0, 0},
                                          (double[]){1, 1}, 2, FPA_MIX_UNITS, 1, 0),
                  FPA_EINVAL);
    assert_status(fpa_unit_break_even_mix(arr, NULL, (double[]){1}, (double[]){0},
                                          (double[]){1}, 0, FPA_MIX_UNITS, 1, 0),
                  FPA_EINVAL);
    /* no sales: the margin of safety is 0 - 1 = -1, its ratio undefined */
    assert_ok(fpa_unit_margin_of_safety(&v, NULL, 0, 1));
    assert_true(v == -1);
    assert_status(fpa_unit_margin_of_safety(&v, &ratio, 0, 1), FPA_PARTIAL);
    assert_true(v == -1 && isnan(ratio));
    assert_status(fpa_unit_margin_of_safety(&v, NULL, -1, 1), FPA_EDOM);
    assert_status(fpa_unit_margin_of_safety(&v, NULL, 1, -1), FPA_EDOM);
    assert_status(fpa_unit_operating_leverage(NULL, 1, 1), FPA_EINVAL);
    assert_status(fpa_unit_arpu(&v, 100, 0, 0), FPA_EDOM);
    assert_status(fpa_unit_arpu(&v, 100, -1, 3), FPA_EDOM);
    assert_status(fpa_unit_logo_churn(&v, 10, 11), FPA_EDATA);
    assert_status(fpa_unit_logo_churn(&v, 0, 0), FPA_EDOM);
    assert_status(fpa_unit_revenue_retention(NULL, NULL, NULL, NULL, NULL, 1, 0, 0, 0),
                  FPA_EINVAL);
    assert_status(fpa_unit_revenue_retention(&v, NULL, NULL, NULL, NULL, 100, 60, 50, 0),
                  FPA_EDATA);
    assert_status(fpa_unit_revenue_retention(&v, NULL, NULL, NULL, NULL, 100, -1, 0, 0),
                  FPA_EDOM);
    assert_status(fpa_unit_ltv_simple(&v, 100, 0.8, 1.5), FPA_EDOM);
    assert_status(fpa_unit_ltv_simple(&v, 1e308, 1e10, 0.5), FPA_EOVERFLOW);
    assert_status(fpa_unit_ltv_discounted(&v, 100, 0.8, 0.1, -1, 0), FPA_EDOM);
    assert_status(fpa_unit_ltv_curve(&v, (double[]){1, -0.1}, 2, 1, 1, 0, 0, NULL),
                  FPA_EDOM);
    assert_status(fpa_unit_ltv_curve(&v, NULL, 2, 1, 1, 0, 0, NULL), FPA_EINVAL);
    assert_status(fpa_unit_retention_curve(arr, NULL, (double[]){1}, NULL, (size_t[]){1},
                                           1, 1), FPA_EINVAL);
    size_t len;
    assert_status(fpa_unit_retention_curve(arr, &len, (double[]){1}, NULL, (size_t[]){2},
                                           1, 1), FPA_EINVAL);
    assert_status(fpa_unit_retention_curve(arr, &len, (double[]){NAN}, NULL,
                                           (size_t[]){1}, 1, 1), FPA_EDOM);
    assert_status(fpa_unit_retention_curve(arr, &len, (double[]){1}, (double[]){-1},
                                           (size_t[]){1}, 1, 1), FPA_EDOM);
    assert_status(fpa_unit_cac_blended(&v, 0, 0), FPA_EDOM);
    assert_status(fpa_unit_cac_blended(&v, -5, 10), FPA_EDOM);
    assert_status(fpa_unit_cac_paid(&v, 5, 10, 11), FPA_EDATA);
    assert_status(fpa_unit_ltv_cac(&v, 0, 0), FPA_EDOM);
    assert_status(fpa_unit_ltv_cac(&v, 10, -1), FPA_EDOM);
    assert_status(fpa_unit_cac_payback(&v, -1, 10, 1, 0), FPA_EDOM);
    assert_status(fpa_unit_cac_payback(&v, 1, 10, 1, -0.1), FPA_EDOM);
    assert_status(fpa_unit_cac_payback_curve(&v, 1, (double[]){1e308, 1e308}, 2),
                  FPA_OK);
    assert_status(fpa_unit_cac_payback_curve(&v, 1e308, (double[]){-1e308, -1e308}, 2),
                  FPA_EOVERFLOW);
    assert_status(fpa_unit_allocate(parts, 100, (double[]){1, NAN, 1}, 3, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "driver[1] is NaN");
    assert_status(fpa_unit_allocate(parts, 100, (double[]){0, 0, 0}, 3, NULL), FPA_EDOM);
    assert_status(fpa_unit_allocate(parts, 100, (double[]){1, -1, 1}, 3, NULL), FPA_EDOM);
    assert_status(fpa_unit_allocate(parts, 100, (double[]){1e308, 1e308, 1}, 3, NULL),
                  FPA_EDOM);
    assert_status(fpa_unit_allocate(parts, 100, (double[]){1}, 0, NULL), FPA_EINVAL);
    assert_status(fpa_unit_allocate(NULL, 100, (double[]){1}, 1, NULL), FPA_EINVAL);
    /* cohort rows */
    fpa_cohorts *c = (fpa_cohorts *)&v;
    int64_t cu[3] = {1, 1, 2}, co[3] = {5, 6, 5}, pe[3] = {5, 6, 7};
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co, pe, NULL, 3, NULL), FPA_EDATA);
    assert_null(c);
    assert_string_equal(fpa_error_last(), "customer 1 has cohort 5 on row 0 and 6 on "
                        "row 1");
    int64_t pe2[3] = {5, 4, 7}, co2[3] = {5, 5, 5};
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co2, pe2, NULL, 3, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "row 1: period 4 precedes its cohort 5");
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co2, (int64_t[]){5, 6, INT64_MAX},
                                             NULL, 3, NULL), FPA_EDOM);
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co2, pe, (double[]){1, NAN, 1}, 3,
                                             NULL), FPA_EDOM);
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co2, pe, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_unit_cohorts_from_rows(NULL, cu, co2, pe, NULL, 3, NULL),
                  FPA_EINVAL);
    assert_status(fpa_unit_cohorts_from_rows(&c, cu, co2, pe, (double[]){1e308, 1e308, 1},
                                             2, NULL), FPA_OK);
    fpa_unit_cohorts_free(c);
    assert_status(fpa_unit_cohorts_from_rows(&c, (int64_t[]){1, 1}, co2,
                                             (int64_t[]){5, 5},
                                             (double[]){1e308, 1e308}, 2, NULL),
                  FPA_EOVERFLOW);
    fpa_unit_cohorts_free(NULL);
    assert_status(fpa_unit_cohorts_shape(NULL, NULL, NULL), FPA_EINVAL);
    assert_status(fpa_unit_cohort_retention(arr, NULL, (double[]){1}, (double[]){-1},
                                            (size_t[]){1}, 1, 1), FPA_EDOM);
    assert_status(fpa_unit_cohort_retention(arr, NULL, (double[]){-1}, (double[]){1},
                                            (size_t[]){1}, 1, 1), FPA_EDOM);
    assert_status(fpa_unit_cohort_retention(arr, NULL, (double[]){1}, (double[]){1},
                                            (size_t[]){2}, 1, 1), FPA_EINVAL);
    assert_status(fpa_unit_cohort_revenue_retention(arr, NULL, (double[]){1, 2}, NULL, 1,
                                                    2), FPA_EINVAL);
    assert_status(fpa_unit_cohort_revenue_retention(arr, NULL, (double[]){1e-310, 1e308},
                                                    (size_t[]){2}, 1, 2), FPA_EOVERFLOW);
}

static void allocation_failure(void **state)
{
    (void)state;
    static rows_t r;
    read_rows(&r);
    int64_t parts[5], rev[5] = {100, 200, 300, 400, 500}, cost[5] = {0};
    FPA_ALLOC_SWEEP((void)0,
                    fpa_unit_allocate(parts, 999, (double[]){1, 2, 3, 4, 5}, 5, opts),
                    (void)0);
    FPA_ALLOC_SWEEP((void)0,
                    fpa_unit_profitability(parts, NULL, parts, rev, cost, NULL, 5, 77,
                                           opts), (void)0);
    double v, R[4] = {1, 0.5, 1, 0};
    FPA_ALLOC_SWEEP((void)0,
                    fpa_unit_ltv_cohorts(&v, R, NULL, (size_t[]){2, 1}, 2, 2, 10, 1, 0,
                                         0, opts), (void)0);
    fpa_cohorts *c = NULL;
    FPA_ALLOC_SWEEP((void)0,
                    fpa_unit_cohorts_from_rows(&c, r.cust, r.coh, r.per, r.rev, r.n,
                                               opts),
                    fpa_unit_cohorts_free(c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_values),
        cmocka_unit_test(cvp_worked_examples),
        cmocka_unit_test(mix_worked_examples),
        cmocka_unit_test(saas_worked_examples),
        cmocka_unit_test(allocation_adds_up),
        cmocka_unit_test(allocation_is_exact_near_2_53),
#if defined(__SIZEOF_INT128__)
        cmocka_unit_test(allocation_matches_its_definition),
#endif
        cmocka_unit_test(profitability_adds_up),
        cmocka_unit_test(ltv_forms_agree),
        cmocka_unit_test(payback_forms_agree),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(cohorts_match_pandas),
        cmocka_unit_test(cohorts_from_rows_equal_matrix),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
