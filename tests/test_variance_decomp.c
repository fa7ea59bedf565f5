/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Variance decompositions against textbook worked examples, hand-worked
 * cases, and the exactness property on random data.
 *
 * Sources (each cited again at its test):
 * [H14] C. T. Horngren, S. M. Datar, M. V. Rajan, Cost Accounting: A
 *       Managerial Emphasis, 14th ed., Pearson 2012: ch. 7, Webb Company
 *       (Exhibits 7-1 .. 7-3: flexible budget, direct-cost price and
 *       efficiency variances; inputs quoted at
 *       https://www.yumpu.com/en/document/view/58332972/cost-accounting-14th-edition/253 ;
 *       the whole of Webb's budget and actuals, labour, variable and fixed
 *       overhead included, as summarised in course notes on ch. 8:
 *       https://www.coursehero.com/file/6230112/wk8-ch8n/ ); ch. 8, Webb's
 *       overhead variances.
 * [H13] Horngren, Datar, Foster, Rajan, Ittner, Cost Accounting, 13th ed.,
 *       2009, pp. 517-519: Kola/Limor/Orlem sales-mix and sales-quantity
 *       variances, as solved at http://studentsmerit.com/paper-detail/?paper_id=9714
 * [E716] Horngren et al., Exercise 7-16 "Flexible budget" (tires), solution
 *       at https://www.coursehero.com/file/5455625/Chapter-7-Solutions/
 * [E821] Horngren et al., Exercise 8-21 "4-variance analysis, fill in the
 *       blanks", solution quoted at
 *       https://www.der-zauberer-wiesbaden.de/ball-mill/1dkb8qp.html
 * [MIL] "Milano Company", Example 3 of a sales mix and sales quantity
 *       variance text (Drury's treatment), at
 *       https://www.scribd.com/document/919403179/Sales-Mix-Example-3 : the
 *       data and the total sales margin variance of 4,000 adverse; the mix
 *       and quantity split is hand-worked below.
 * [WRD] Warren, Reeve, Duchac, Accounting, Exercise 23-5 "Direct materials
 *       variances", solution at
 *       https://accountingqa.blogspot.com/2018/11/ex-23-5-direct-materials-variances.html
 * [SK03] Horngren, Datar, Foster, Cost Accounting: A Managerial Emphasis
 *       (the edition with 2003 data, 11th, 2003), Exercises 14-24 and 14-25
 *       "Market-share and market-size variances" (Soda King: Kola, Limor,
 *       Orlem; the [H13] data), solutions manual at
 *       https://www.hitpages.com/doc/4513006679490560/22/
 * [SK17] Horngren, Datar, Rajan, Cost Accounting, 16th ed. (2018),
 *       Exercises 14-27 and 14-28 (Soda-King 2017: Kola and Limor), solution
 *       at https://www.scribd.com/document/619350581/5 ; Try It! 14-5
 *       (Campbell Corp.), solution at
 *       https://scribd.com/document/489211443/New-York-Sales2 */
#include "testutil.h"

static void check(const double *got, const double *want, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!(got[i] == want[i]))
            fail_msg("%s[%zu] = %.17g, expected %.17g", what, i, got[i], want[i]);
}

/* ---- sales mix ---------------------------------------------------------- */

/* [H13]: budgeted units Kola 400,000, Limor 600,000, Orlem 1,500,000
 * (mix 16 %, 24 %, 60 %), contribution margin per unit $2.00, $1.20,
 * $2.50; actual units 480,000, 900,000, 1,620,000 at the budgeted margins.
 * The book: sales-quantity variances $160,000 F, $144,000 F, $750,000 F
 * (total $1,054,000 F); sales-mix variances $0, $216,000 F, $450,000 U
 * (total $234,000 U); sales-volume variances $160,000 F, $360,000 F,
 * $300,000 F ($820,000 F). The margin per unit is the unit value analysed
 * (price = margin, no cost), so the price part is 0. */
static void horngren_kola_limor_orlem(void **state)
{
    (void)state;
    const double bq[] = {400000, 600000, 1500000}, aq[] = {480000, 900000, 1620000};
    const double cm[] = {2.00, 1.20, 2.50};
    double price[3], mix[3], qty[3], total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(price, NULL, mix, qty, total, bq, cm, NULL, aq,
                                     cm, NULL, 3, NULL));
    check(price, (double[]){0, 0, 0}, 3, "price");
    check(mix, (double[]){0, 216000, -450000}, 3, "mix");
    check(qty, (double[]){160000, 144000, 750000}, 3, "quantity");
    assert_true(total[FPA_SALES_MIX] == -234000);
    assert_true(total[FPA_SALES_QUANTITY] == 1054000);
    assert_true(total[FPA_SALES_TOTAL] == 820000);
    const double volume[] = {160000, 360000, 300000};
    for (int k = 0; k < 3; k++) assert_true(mix[k] + qty[k] == volume[k]);
}

/* [MIL]: budget X 8,000 units (40 %) at 20 contribution per unit, Y 7,000
 * (35 %) at 12, Z 5,000 (25 %) at 9 = 289,000; actual X 6,000, Y 7,000,
 * Z 9,000 (22,000 units) at the same margins = 285,000. The text: total
 * sales margin variance 4,000 adverse. Hand-worked split: actual units at
 * budgeted mix are 8,800, 7,700, 5,500; quantity (8,800-8,000)*20 =
 * 16,000, (7,700-7,000)*12 = 8,400, (5,500-5,000)*9 = 4,500 (28,900 F);
 * mix (6,000-8,800)*20 = -56,000, (7,000-7,700)*12 = -8,400,
 * (9,000-5,500)*9 = 31,500 (32,900 A). */
static void milano_sales_margin(void **state)
{
    (void)state;
    const double bq[] = {8000, 7000, 5000}, aq[] = {6000, 7000, 9000};
    const double cm[] = {20, 12, 9};
    double mix[3], qty[3], total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(NULL, NULL, mix, qty, total, bq, cm, NULL, aq,
                                     cm, NULL, 3, NULL));
    check(mix, (double[]){-56000, -8400, 31500}, 3, "mix");
    check(qty, (double[]){16000, 8400, 4500}, 3, "quantity");
    assert_true(total[FPA_SALES_TOTAL] == -4000);
    assert_true(total[FPA_SALES_MIX] == -32900);
    assert_true(total[FPA_SALES_QUANTITY] == 28900);
}

/* Hand-worked, with price and cost changes. Budget: A 600 units at 10.00
 * (unit cost 6.00, margin 4), B 400 at 20.00 (cost 15.00, margin 5): 1,000
 * units, mix 60/40. Actual: A 500 at 10.50 (cost 6.20), B 700 at 19.00
 * (cost 15.50): 1,200 units.
 * Margin analysis: budget margin 2,400 + 2,000 = 4,400, actual 500*4.30 +
 * 700*3.50 = 2,150 + 2,450 = 4,600: total +200.
 *   price: 0.50*500 = 250, -1.00*700 = -700
 *   cost: -(0.20*500) = -100, -(0.50*700) = -350
 *   mix: (500 - 1,200*0.6)*4 = -880, (700 - 480)*5 = 1,100
 *   quantity: (720 - 600)*4 = 480, (480 - 400)*5 = 400
 *   check: A -250 = 250 - 100 - 880 + 480; B 450 = -700 - 350 + 1,100 + 400
 * Revenue analysis: 14,000 -> 5,250 + 13,300 = 18,550: total +4,550;
 *   price as above; mix -220*10 = -2,200, 220*20 = 4,400;
 *   quantity 120*10 = 1,200, 80*20 = 1,600. */
static void price_cost_mix_quantity_by_hand(void **state)
{
    (void)state;
    const double bq[] = {600, 400}, bp[] = {10.00, 20.00}, bc[] = {6.00, 15.00};
    const double aq[] = {500, 700}, ap[] = {10.50, 19.00}, ac[] = {6.20, 15.50};
    double price[2], cost[2], mix[2], qty[2], total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(price, cost, mix, qty, total, bq, bp, bc, aq,
                                     ap, ac, 2, NULL));
    check(price, (double[]){250, -700}, 2, "price");
    check(cost, (double[]){-100, -350}, 2, "cost");
    check(mix, (double[]){-880, 1100}, 2, "mix");
    check(qty, (double[]){480, 400}, 2, "quantity");
    check(total, (double[]){-450, -450, 220, 880, 200}, 5, "total");

    assert_ok(fpa_variance_sales_mix(price, cost, mix, qty, total, bq, bp, NULL, aq,
                                     ap, NULL, 2, NULL));
    check(price, (double[]){250, -700}, 2, "price");
    check(cost, (double[]){0, 0}, 2, "cost");
    check(mix, (double[]){-2200, 4400}, 2, "mix");
    check(qty, (double[]){1200, 1600}, 2, "quantity");
    check(total, (double[]){-450, 0, 2200, 2800, 4550}, 5, "total");
}

/* Hand-worked rounding: three products, 1 unit each budgeted at 1.00
 * (mix 1/3 each); actual 1, 1, 2 units at 1.00. Actual units at budgeted
 * mix: 4/3 each. Mix: (1 - 1.3333) = -0.3333 -> -0.33, -0.33, (2 -
 * 1.3333) = 0.6667 -> 0.67: the rounded mix parts add up to 0.01, not 0.
 * Quantity absorbs it: totals 0, 0, 1.00, so quantity = 0.33, 0.33, 0.33
 * (each the textbook (4 - 3)/3 = 0.3333 rounded) and mix + quantity =
 * 0.01 + 0.99 = 1.00, the total, exactly. */
static void rounding_residue_goes_to_quantity(void **state)
{
    (void)state;
    const double bq[] = {1, 1, 1}, p[] = {1, 1, 1}, aq[] = {1, 1, 2};
    double mix[3], qty[3], total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(NULL, NULL, mix, qty, total, bq, p, NULL, aq, p,
                                     NULL, 3, NULL));
    check(mix, (double[]){-0.33, -0.33, 0.67}, 3, "mix");
    check(qty, (double[]){0.33, 0.33, 0.33}, 3, "quantity");
    assert_true(total[FPA_SALES_MIX] == 0.01);
    assert_true(total[FPA_SALES_QUANTITY] == 0.99);
    assert_true(total[FPA_SALES_TOTAL] == 1);
}

/* ---- cost price / quantity -------------------------------------------- */

/* [H14] ch. 7, Webb, 10,000 jackets. Direct materials: 22,200 square yards
 * used at $28 against 2 yards per jacket (20,000) at $30: price variance
 * $44,400 F, efficiency $66,000 U (flexible-budget variance $21,600 U).
 * Direct manufacturing labour: 9,000 hours at $22 against 0.8 hours per
 * jacket (8,000) at $20: price $18,000 U, efficiency $20,000 U ($38,000 U).
 * Ch. 8, variable manufacturing overhead: 4,500 machine-hours at $29
 * ($130,500) against 0.40 hours per jacket (4,000) at $30: spending $4,500
 * F, efficiency $15,000 U ($10,500 U).
 * [WRD]: 450 units at $6.50 ($2,925) against 430 at $6.90: price $180 F,
 * quantity $138 U, total $42 F. */
static void cost_variances_of_textbooks(void **state)
{
    (void)state;
    const double aq[] = {22200, 9000, 4500, 450}, ap[] = {28, 22, 29, 6.50};
    const double sq[] = {20000, 8000, 4000, 430}, sp[] = {30, 20, 30, 6.90};
    double price[4], qty[4], total[3];
    assert_ok(fpa_variance_cost(price, qty, total, aq, ap, sq, sp, 4, NULL));
    check(price, (double[]){-44400, 18000, -4500, -180}, 4, "price");
    check(qty, (double[]){66000, 20000, 15000, 138}, 4, "quantity");
    check(total, (double[]){-44400 + 18000 - 4500 - 180, 66000 + 20000 + 15000 + 138,
                            21600 + 38000 + 10500 - 42}, 3, "total");
}

/* Decimals 0 (yen): 3 units at 333.3 cost 999.9 -> 1,000; standard 2 at
 * 400 = 800; total 200; price (333.3 - 400)*3 = -200.1 -> -200; quantity
 * = 200 - (-200) = 400 (textbook (3 - 2)*400 = 400). */
static void decimals_follow_the_option(void **state)
{
    (void)state;
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_VARIANCE_DECIMALS, 0));
    double price, qty, total[3];
    assert_ok(fpa_variance_cost(&price, &qty, total, (double[]){3}, (double[]){333.3},
                                (double[]){2}, (double[]){400}, 1, o));
    assert_true(price == -200 && qty == 400 && total[2] == 200);
    fpa_opts_free(o);
}

/* ---- flexible budget ---------------------------------------------------- */

/* [H14] Exhibit 7-2, Webb: static budget 12,000 jackets, actual 10,000.
 * Lines (static / actual): revenues 1,440,000 / 1,250,000; direct
 * materials 720,000 / 621,600; direct manufacturing labour 192,000 /
 * 198,000; variable manufacturing overhead 144,000 / 130,500 (all
 * variable); fixed costs 276,000 / 285,000. The book: flexible budget
 * 1,200,000, 600,000, 160,000, 120,000, 276,000; flexible-budget variances
 * 50,000 F, 21,600 U, 38,000 U, 10,500 U, 9,000 U; sales-volume variances
 * 240,000 U, 120,000 F, 32,000 F, 24,000 F, 0; operating income 108,000
 * (static), 44,000 (flexible), 14,900 (actual): flexible-budget variance
 * 29,100 U, sales-volume variance 64,000 U, static-budget variance
 * 93,100 U. */
static void webb_flexible_budget(void **state)
{
    (void)state;
    const double s[] = {1440000, 720000, 192000, 144000, 276000};
    const double a[] = {1250000, 621600, 198000, 130500, 285000};
    const double v[] = {1, 1, 1, 1, 0};
    const int nat[] = {FPA_NATURE_REVENUE, 1, 1, 1, 1};
    double flexed[5], vol[5], flex[5], income[3];
    assert_ok(fpa_variance_flexible(flexed, vol, flex, income, s, a, v, nat, 5, 12000,
                                    10000, NULL));
    check(flexed, (double[]){1200000, 600000, 160000, 120000, 276000}, 5, "flexed");
    check(flex, (double[]){50000, 21600, 38000, 10500, 9000}, 5, "flexible");
    check(vol, (double[]){-240000, -120000, -32000, -24000, 0}, 5, "volume");
    check(income, (double[]){108000, 44000, 14900}, 3, "income");
    assert_true(income[2] - income[1] == -29100);
    assert_true(income[1] - income[0] == -64000);
}

/* [E716]: budget 3,000 tires at $110 (variable cost $74, fixed $54,000);
 * actual 2,800 at $112 (variable cost $229,600, fixed $50,000). The
 * solution: flexible budget 308,000 / 207,200 / 54,000; flexible-budget
 * variances 5,600 F, 22,400 U, 4,000 F (income 12,800 U); sales-volume
 * variances 22,000 U, 14,800 F, 0 (income 7,200 U); operating income
 * 54,000, 46,800, 34,000. Plus a hand-worked mixed cost: 10,000 budgeted
 * with a 60 % variable part at volume 3,000 flexes to 2,800 as
 * 4,000 + 6,000 * 2,800 / 3,000 = 9,600. */
static void exercise_7_16_flexible_budget(void **state)
{
    (void)state;
    const double s[] = {330000, 222000, 54000, 10000};
    const double a[] = {313600, 229600, 50000, 9700};
    const double v[] = {1, 1, 0, 0.6};
    const int nat[] = {FPA_NATURE_REVENUE, 1, 1, 1};
    double flexed[4], vol[4], flex[4], income[3];
    assert_ok(fpa_variance_flexible(flexed, vol, flex, income, s, a, v, nat, 3, 3000,
                                    2800, NULL));
    check(flexed, (double[]){308000, 207200, 54000}, 3, "flexed");
    check(flex, (double[]){5600, 22400, -4000}, 3, "flexible");
    check(vol, (double[]){-22000, -14800, 0}, 3, "volume");
    check(income, (double[]){54000, 46800, 34000}, 3, "income");
    assert_ok(fpa_variance_flexible(flexed, vol, flex, NULL, s, a, v, nat, 4, 3000,
                                    2800, NULL));
    assert_true(flexed[3] == 9600 && vol[3] == -400 && flex[3] == 100);
}

/* ---- fixed overhead ------------------------------------------------------- */

/* [E821] fixed column: actual $18,000, budget $13,400, allocated $14,600:
 * spending $4,600 U, production-volume $1,200 F, under-allocated $3,400 U.
 * Only the ratio allowed / denominator enters; 146 / 134 gives the
 * book's allocation. [H14] ch. 8, Webb: actual $285,000, budget $276,000
 * over a denominator of 4,800 machine-hours (12,000 jackets x 0.40), 4,000
 * allowed for the 10,000 jackets made: allocated $230,000, spending
 * $9,000 U, production-volume $46,000 U. Webb's overhead data as
 * summarised in course notes on the chapter:
 * https://www.coursehero.com/file/6230112/wk8-ch8n/ */
static void fixed_overhead_of_textbooks(void **state)
{
    (void)state;
    double sp, vol, alloc;
    assert_ok(fpa_variance_fixed_overhead(&sp, &vol, &alloc, 18000, 13400, 134, 146,
                                          NULL));
    assert_true(sp == 4600 && vol == -1200 && alloc == 14600);
    assert_true(sp + vol == 3400);
    assert_ok(fpa_variance_fixed_overhead(&sp, &vol, &alloc, 285000, 276000, 4800,
                                          4000, NULL));
    assert_true(sp == 9000 && vol == 46000 && alloc == 230000);
    /* rounding: 1000 * 1 / 3 = 333.33, volume 666.67, and spending +
     * volume = actual - allocated exactly */
    assert_ok(fpa_variance_fixed_overhead(&sp, &vol, &alloc, 1000, 1000, 3, 1, NULL));
    assert_true(alloc == 333.33 && vol == 666.67 && sp == 0);
}

/* ---- exactness on random data -------------------------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t rnd(uint64_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % n;
}

static int64_t cents(double x) { return llround(x * 100); }

/* Prices in whole cents and whole units, so that revenue and cost lines
 * are exact integers of cents computed here independently; the parts of
 * every product must add up to its margin change to the cent, and the
 * totals to the sums. Mix and quantity must stay within a cent or two of
 * the unrounded textbook formulas. */
static void sales_parts_add_up_on_random_data(void **state)
{
    (void)state;
    enum { N = 40 };
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + rnd(N);
        double bq[N], bp[N], bc[N], aq[N], ap[N], ac[N];
        double price[N], cost[N], mix[N], qty[N], total[FPA_SALES_PARTS];
        long double BQ = 0, AQ = 0;
        for (size_t i = 0; i < n; i++) {
            bq[i] = (double)rnd(100000);
            aq[i] = (double)rnd(100000);
            bp[i] = (double)(100 + rnd(1000000)) / 100;
            ap[i] = (double)(100 + rnd(1000000)) / 100;
            bc[i] = (double)rnd(500000) / 100;
            ac[i] = (double)rnd(500000) / 100;
            BQ += bq[i];
            AQ += aq[i];
        }
        if (BQ == 0) continue;
        bool margin = trial % 2;
        assert_ok(fpa_variance_sales_mix(price, cost, mix, qty, total, bq, bp,
                                         margin ? bc : NULL, aq, ap,
                                         margin ? ac : NULL, n, NULL));
        int64_t sum[4] = {0, 0, 0, 0}, grand = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t q_a = (int64_t)aq[i], q_b = (int64_t)bq[i];
            int64_t want = q_a * cents(ap[i]) - q_b * cents(bp[i]);
            if (margin) want -= q_a * cents(ac[i]) - q_b * cents(bc[i]);
            int64_t got = cents(price[i]) + cents(cost[i]) + cents(mix[i]) + cents(qty[i]);
            if (got != want)
                fail_msg("trial %d product %zu: parts add up to %lld cents, "
                         "the change is %lld", trial, i, (long long)got,
                         (long long)want);
            grand += want;
            sum[0] += cents(price[i]);
            sum[1] += cents(cost[i]);
            sum[2] += cents(mix[i]);
            sum[3] += cents(qty[i]);
            long double u = margin ? (long double)bp[i] - bc[i] : bp[i];
            long double mix_exact = ((long double)aq[i] - AQ * bq[i] / BQ) * u;
            long double qty_exact = (AQ - BQ) * (bq[i] / BQ) * u;
            assert_true(fabsl(mix[i] - mix_exact) <= 0.005L + 1e-9L * fabsl(mix_exact));
            assert_true(fabsl(qty[i] - qty_exact) <= 0.02L + 1e-9L * fabsl(qty_exact));
        }
        for (int k = 0; k < 4; k++) assert_int_equal(cents(total[k]), sum[k]);
        assert_int_equal(cents(total[FPA_SALES_TOTAL]), grand);
    }
}

static void cost_and_flexible_parts_add_up_on_random_data(void **state)
{
    (void)state;
    enum { N = 50 };
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + rnd(N);
        double aq[N], ap[N], sq[N], sp[N], price[N], qty[N], total[3];
        for (size_t i = 0; i < n; i++) {
            aq[i] = (double)rnd(1000000) / 1000;  /* fractional quantities */
            sq[i] = (double)rnd(1000000) / 1000;
            ap[i] = (double)rnd(100000) / 100;
            sp[i] = (double)rnd(100000) / 100;
        }
        assert_ok(fpa_variance_cost(price, qty, total, aq, ap, sq, sp, n, NULL));
        int64_t s_total = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t want = cents(aq[i] * ap[i]) - cents(sq[i] * sp[i]);
            assert_int_equal(cents(price[i]) + cents(qty[i]), want);
            assert_true(fabs(qty[i] - (aq[i] - sq[i]) * sp[i]) <= 0.015);
            s_total += want;
        }
        assert_int_equal(cents(total[2]), s_total);
        assert_int_equal(cents(total[0]) + cents(total[1]), s_total);

        double s[N], a[N], v[N], flexed[N], vol[N], flex[N], income[3];
        int nat[N];
        for (size_t i = 0; i < n; i++) {
            s[i] = (double)rnd(10000000) / 100;
            a[i] = (double)rnd(10000000) / 100;
            v[i] = (double)rnd(5) / 4;
            nat[i] = (int)rnd(2);
        }
        double bv = 1 + (double)rnd(5000), av = (double)rnd(5000);
        assert_ok(fpa_variance_flexible(flexed, vol, flex, income, s, a, v, nat, n, bv,
                                        av, NULL));
        int64_t inc[3] = {0, 0, 0};
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(cents(vol[i]) + cents(flex[i]), cents(a[i]) - cents(s[i]));
            assert_int_equal(cents(flexed[i]) - cents(s[i]), cents(vol[i]));
            long double want = (long double)s[i] * (1 - v[i]) + (long double)s[i] * v[i] * av / bv;
            assert_true(fabsl(flexed[i] - want) <= 0.005L + 1e-12L * fabsl(want));
            int sign = nat[i] == FPA_NATURE_REVENUE ? 1 : -1;
            inc[0] += sign * cents(s[i]);
            inc[1] += sign * cents(flexed[i]);
            inc[2] += sign * cents(a[i]);
        }
        for (int k = 0; k < 3; k++) assert_int_equal(cents(income[k]), inc[k]);
    }
}

/* ---- bad input -------------------------------------------------------------- */

static void decompositions_reject_bad_input(void **state)
{
    (void)state;
    double keep[3] = {-9, -9, -9}, t[FPA_SALES_PARTS];
    const double one[] = {1, 1}, p[] = {2, 3}, nan2[] = {1, NAN}, neg[] = {1, -1};
    const double zero[] = {0, 0};
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, one, p, one, one,
                                         p, NULL, 2, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "actual_cost is NULL but budget_cost is "
                        "not; give both unit costs for a margin analysis or "
                        "neither for revenue");
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, one, p, NULL,
                                         nan2, p, NULL, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual_units[1] is NaN");
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, neg, p, NULL,
                                         one, p, NULL, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget_units[1] is -1; must be >= 0");
    /* no budgeted units: a partial result (issue 13, section 3), below */
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, one, p, NULL,
                                         one, p, NULL, 0, NULL), FPA_EINVAL);
    const double huge[] = {1e12, 1e12}, dear[] = {1e9, 1e9};
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, huge, dear, NULL,
                                         huge, dear, NULL, 2, NULL), FPA_EOVERFLOW);
    assert_non_null(strstr(fpa_error_last(), "does not fit in int64 minor units"));
    /* a sum that overflows int64 although each product fits */
    const double big_q[] = {6e16, 6e16}, unit[] = {1, 1}, nil[] = {0, 0};
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, nil, unit, NULL,
                                         big_q, unit, NULL, 2, NULL), FPA_EOVERFLOW);
    assert_status(fpa_variance_sales_mix(keep, NULL, NULL, NULL, t, unit, nil, NULL,
                                         big_q, unit, NULL, 2, NULL), FPA_EOVERFLOW);
    assert_true(keep[0] == -9);

    assert_status(fpa_variance_cost(keep, NULL, NULL, one, p, one, nan2, 2, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "standard_price[1] is NaN; NaN means not "
                        "applicable only where standard_qty and actual_qty are 0");
    /* meaningless inputs (issue 13, section 3): negative standard prices
     * and quantities, and negative actual ones */
    assert_status(fpa_variance_cost(keep, NULL, NULL, one, p, one, neg, 2, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "standard_price[1] is -1; must be >= 0");
    assert_status(fpa_variance_cost(keep, NULL, NULL, one, p, neg, p, 2, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "standard_qty[1] is -1; must be >= 0");
    assert_status(fpa_variance_cost(keep, NULL, NULL, neg, p, one, p, 2, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual_qty[1] is -1; must be >= 0");
    assert_status(fpa_variance_cost(keep, NULL, NULL, one, neg, one, p, 2, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual_price[1] is -1; must be >= 0");
    assert_status(fpa_variance_cost(keep, NULL, NULL, huge, dear, one, p, 2, NULL),
                  FPA_EOVERFLOW);
    assert_status(fpa_variance_cost(keep, NULL, NULL, NULL, p, one, p, 2, NULL),
                  FPA_EINVAL);
    assert_true(keep[0] == -9);

    const int nat[] = {0, 1}, bad_nat[] = {0, 5};
    const double share_bad[] = {0.5, 1.5}, var[] = {1, 0};
    assert_status(fpa_variance_flexible(keep, NULL, NULL, NULL, one, one, share_bad,
                                        nat, 2, 10, 10, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "variable_share[1] is 1.5; must be in [0, 1]");
    assert_status(fpa_variance_flexible(keep, NULL, NULL, NULL, one, one, var,
                                        bad_nat, 2, 10, 10, NULL), FPA_EINVAL);
    /* a zero budgeted volume with a variable line: a partial result, below */
    assert_ok(fpa_variance_flexible(keep, NULL, NULL, NULL, one, one, zero, nat, 2, 0,
                                    10, NULL));  /* all fixed: no volume needed */
    keep[0] = -9;
    assert_status(fpa_variance_flexible(keep, NULL, NULL, NULL, one, one, var, nat, 2,
                                        -1, 10, NULL), FPA_EDOM);
    assert_status(fpa_variance_flexible(keep, NULL, NULL, NULL, one, one, var, nat, 2,
                                        10, NAN, NULL), FPA_EDOM);
    assert_true(keep[0] == -9);

    double sp = -9;
    assert_status(fpa_variance_fixed_overhead(&sp, NULL, NULL, 1, 1, -1, 1, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "denominator is -1; must be >= 0");
    assert_status(fpa_variance_fixed_overhead(&sp, NULL, NULL, 1, 1, 1, -1, NULL),
                  FPA_EDOM);
    assert_status(fpa_variance_fixed_overhead(&sp, NULL, NULL, NAN, 1, 1, 1, NULL),
                  FPA_EDOM);
    assert_status(fpa_variance_fixed_overhead(&sp, NULL, NULL, 1, 1e6, 1e-300, 1,
                                              NULL), FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "the allocated overhead = 1e+306 does not fit "
                        "in int64 minor units");
    assert_true(sp == -9);
}

/* ---- market share and size ------------------------------------------------ */

static void market_share_and_size_of_textbooks(void **state)
{
    (void)state;
    double share, size;
    /* [SK03]: western region 25 million budgeted, 24 million actual; Soda
     * King 2.5 million budgeted (10 %), 3 million actual (12.5 %); budgeted
     * average contribution margin per composite unit $5,270,000 / 2,500,000
     * = $2.108. The book: market-share variance $1,264,800 F, market-size
     * variance $210,800 U, together the sales-quantity variance of
     * $1,054,000 F that fpa_variance_sales_mix gives for [H13]. */
    assert_ok(fpa_variance_market(&share, &size, 2500000, 3000000, 25000000, 24000000,
                                  5270000.0 / 2500000, NULL));
    assert_true(share == 1264800 && size == -210800);
    const double bq[] = {400000, 600000, 1500000}, aq[] = {480000, 900000, 1620000};
    const double cm[] = {2.00, 1.20, 2.50};
    double total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(NULL, NULL, NULL, NULL, total, bq, cm, NULL, aq, cm,
                                     NULL, 3, NULL));
    assert_true(share + size == total[FPA_SALES_QUANTITY]);
    /* [SK17]: market 10 million cartons budgeted at a 12.5 % share (1.25
     * million), 12.3 million actual at 10 % (1.23 million); $3.90 average
     * ($4,875,000 / 1,250,000). The book: $1,199,250 U and $1,121,250 F,
     * sales-quantity variance $78,000 U. */
    assert_ok(fpa_variance_market(&share, &size, 1250000, 1230000, 10000000, 12300000,
                                  3.90, NULL));
    assert_true(share == -1199250 && size == 1121250);
    /* [SK17] Try It! 14-5, Campbell Corp.: New York 2,000,000 units
     * budgeted at 11 % (220,000), 2,500,000 actual at 8 % (200,000), $4.60
     * average. The book: $345,000 U and $253,000 F (sales-quantity $92,000
     * U). */
    assert_ok(fpa_variance_market(&share, &size, 220000, 200000, 2000000, 2500000, 4.60,
                                  NULL));
    assert_true(share == -345000 && size == 253000);
    assert_ok(fpa_variance_market(NULL, &size, 220000, 200000, 2000000, 2500000, 4.60,
                                  NULL));
    assert_true(size == 253000);

    double keep = -9;
    assert_status(fpa_variance_market(NULL, NULL, 1, 1, 10, 10, 1, NULL), FPA_EINVAL);
    assert_status(fpa_variance_market(&keep, NULL, 1, 1, 0, 10, 1, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget_market is 0: there is no budgeted "
                        "market share");
    assert_status(fpa_variance_market(&keep, NULL, 1, 11, 10, 10, 1, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "actual_units (11) exceeds actual_market (10): "
                        "a market share above 100 %");
    assert_status(fpa_variance_market(&keep, NULL, -1, 1, 10, 10, 1, NULL), FPA_EDOM);
    assert_status(fpa_variance_market(&keep, NULL, 1, 1, 10, 10, NAN, NULL), FPA_EDOM);
    assert_status(fpa_variance_market(&keep, NULL, 1, 1e18, 10, 1e18, 100, NULL),
                  FPA_EOVERFLOW);
    assert_true(keep == -9);
}

/* ---- not applicable and undefined (issue 13, section 3) ------------------ */

/* A product with no actual units has no actual price or cost: NaN there is
 * "not applicable" and gives what any value would. [H13] again, with a
 * fourth product neither budgeted nor sold (every price NaN): the book's
 * figures, and 0 for the fourth. */
static void not_applicable_prices(void **state)
{
    (void)state;
    const double bq[] = {400000, 600000, 1500000, 0}, aq[] = {480000, 900000, 1620000, 0};
    const double cm[] = {2.00, 1.20, 2.50, NAN};
    double price[4], mix[4], qty[4], total[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(price, NULL, mix, qty, total, bq, cm, NULL, aq, cm,
                                     NULL, 4, NULL));
    check(mix, (double[]){0, 216000, -450000, 0}, 4, "mix");
    check(qty, (double[]){160000, 144000, 750000, 0}, 4, "quantity");
    assert_true(total[FPA_SALES_TOTAL] == 820000);

    /* Hand-worked: budget A 600 units at 10.00, B 400 at 20.00 (mix 0.6,
     * 0.4); actual A 1,200 at 10.50, B none (price NaN). Price: A 0.50 x
     * 1,200 = 600, B 0. Mix: A (1,200 - 1,200 x 0.6) x 10 = 4,800, B (0 -
     * 480) x 20 = -9,600. Quantity: A (1,200 - 1,000) x 0.6 x 10 = 1,200,
     * B 200 x 0.4 x 20 = 1,600. Totals: A 12,600 - 6,000 = 6,600; B -8,000;
     * both parts add up. With unit costs (A 6.00 budgeted, 6.20 actual; B
     * 15.00 budgeted, none actual) the cost part of A is -0.20 x 1,200 =
     * -240 and of B 0. */
    const double bq2[] = {600, 400}, bp2[] = {10, 20}, aq2[] = {1200, 0}, ap2[] = {10.5, NAN};
    double price2[2], mix2[2], qty2[2], cost2[2], total2[FPA_SALES_PARTS];
    assert_ok(fpa_variance_sales_mix(price2, NULL, mix2, qty2, total2, bq2, bp2, NULL, aq2,
                                     ap2, NULL, 2, NULL));
    check(price2, (double[]){600, 0}, 2, "price");
    check(mix2, (double[]){4800, -9600}, 2, "mix");
    check(qty2, (double[]){1200, 1600}, 2, "quantity");
    assert_true(total2[FPA_SALES_TOTAL] == -1400);
    const double bc2[] = {6, 15}, ac2[] = {6.2, NAN};
    assert_ok(fpa_variance_sales_mix(price2, cost2, NULL, NULL, total2, bq2, bp2, bc2, aq2,
                                     ap2, ac2, 2, NULL));
    check(cost2, (double[]){-240, 0}, 2, "cost");
    /* NaN where the value is used is still an error, and says why */
    double keep = -9;
    const double ap3[] = {NAN, 19};
    assert_status(fpa_variance_sales_mix(&keep, NULL, NULL, NULL, NULL, bq2, bp2, NULL,
                                         aq2, ap3, NULL, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual_price[0] is NaN; NaN means not "
                        "applicable only where actual_units is 0");
    const double inf2[] = {10.5, INFINITY};
    assert_status(fpa_variance_sales_mix(&keep, NULL, NULL, NULL, NULL, bq2, bp2, NULL,
                                         aq2, inf2, NULL, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual_price[1] is +Inf");
    assert_true(keep == -9);

    /* the cost variance of an input not used: [WRD]-like by hand, input 0
     * used (1,000 at 2.10 against 900 allowed at 2.00: price 100, quantity
     * 200), input 1 not used (actual price NaN, 50 allowed at 4.00:
     * quantity -200) */
    const double aq4[] = {1000, 0}, ap4[] = {2.10, NAN}, sq4[] = {900, 50}, sp4[] = {2, 4};
    double cp[2], cq[2], ct[3];
    assert_ok(fpa_variance_cost(cp, cq, ct, aq4, ap4, sq4, sp4, 2, NULL));
    check(cp, (double[]){100, 0}, 2, "price");
    check(cq, (double[]){200, -200}, 2, "quantity");
    check(ct, (double[]){100, 0, 100}, 3, "total");

    /* the flexible budget of a line without a static budget: no cost
     * behaviour to flex (NaN share) */
    const double s5[] = {1000, 0}, a5[] = {1100, 30}, v5[] = {1, NAN};
    const int n5[] = {FPA_NATURE_REVENUE, FPA_NATURE_COST};
    double fx[2], fv[2], ff[2], fi[3];
    assert_ok(fpa_variance_flexible(fx, fv, ff, fi, s5, a5, v5, n5, 2, 100, 120, NULL));
    check(fx, (double[]){1200, 0}, 2, "flexed");
    check(fi, (double[]){1000, 1200, 1070}, 3, "income");
}

static bool is_nan(double x) { return x != x; }

/* When one output is undefined, the others are returned with
 * FPA_PARTIAL, NaN in the undefined slots (hand-worked). */
static void partial_results(void **state)
{
    (void)state;
    /* no budgeted units: budget prices 2 and 3, one unit each sold at the
     * budgeted price: price variances 0, total = actual revenue 5 */
    const double zero[] = {0, 0}, one[] = {1, 1}, p[] = {2, 3};
    double price[2], mix[2], qty[2], t[FPA_SALES_PARTS];
    fpa_error_clear();
    assert_status(fpa_variance_sales_mix(price, NULL, mix, qty, t, zero, p, NULL, one, p,
                                         NULL, 2, NULL), FPA_PARTIAL);
    assert_string_equal(fpa_error_last(), "mix[0] is undefined: budget_units add up to "
                        "0, so there is no budgeted mix");
    check(price, (double[]){0, 0}, 2, "price");
    assert_true(is_nan(mix[0]) && is_nan(mix[1]) && is_nan(qty[0]) && is_nan(qty[1]));
    assert_true(t[FPA_SALES_PRICE] == 0 && t[FPA_SALES_COST] == 0 && t[FPA_SALES_TOTAL] == 5);
    assert_true(is_nan(t[FPA_SALES_MIX]) && is_nan(t[FPA_SALES_QUANTITY]));
    /* only defined outputs asked for: no partial result */
    assert_ok(fpa_variance_sales_mix(price, NULL, NULL, NULL, NULL, zero, p, NULL, one, p,
                                     NULL, 2, NULL));

    /* fixed overhead with a zero denominator level: spending 1,100 - 1,000
     * = 100; no budgeted rate, so nothing allocated and no volume variance */
    double sp = -9, vol = -9, alloc = -9;
    assert_status(fpa_variance_fixed_overhead(&sp, &vol, &alloc, 1100, 1000, 0, 40, NULL),
                  FPA_PARTIAL);
    assert_string_equal(fpa_error_last(), "volume is undefined: the denominator level "
                        "is 0, so there is no budgeted rate");
    assert_true(sp == 100 && is_nan(vol) && is_nan(alloc));
    sp = -9;
    assert_ok(fpa_variance_fixed_overhead(&sp, NULL, NULL, 1100, 1000, 0, 40, NULL));
    assert_true(sp == 100);

    /* flexible budget with no budgeted volume: line 0 (revenue 1,000, all
     * variable) cannot be flexed, line 1 (cost 300, fixed) flexes to
     * itself. Static income 700, actual 1,150 - 320 = 830. */
    const double s[] = {1000, 300}, a[] = {1150, 320}, v[] = {1, 0};
    const int nat[] = {FPA_NATURE_REVENUE, FPA_NATURE_COST};
    double fx[2], fv[2], ff[2], fi[3];
    assert_status(fpa_variance_flexible(fx, fv, ff, fi, s, a, v, nat, 2, 0, 10, NULL),
                  FPA_PARTIAL);
    assert_string_equal(fpa_error_last(), "flexed is undefined: budget_volume is 0 but "
                        "line 0 has a variable part, so it cannot be flexed");
    assert_true(is_nan(fx[0]) && is_nan(fv[0]) && is_nan(ff[0]));
    check(fx + 1, (double[]){300}, 1, "flexed");
    check(fv + 1, (double[]){0}, 1, "volume");
    check(ff + 1, (double[]){20}, 1, "flexible");
    assert_true(fi[0] == 700 && is_nan(fi[1]) && fi[2] == 830);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(horngren_kola_limor_orlem),
        cmocka_unit_test(milano_sales_margin),
        cmocka_unit_test(price_cost_mix_quantity_by_hand),
        cmocka_unit_test(rounding_residue_goes_to_quantity),
        cmocka_unit_test(cost_variances_of_textbooks),
        cmocka_unit_test(decimals_follow_the_option),
        cmocka_unit_test(webb_flexible_budget),
        cmocka_unit_test(exercise_7_16_flexible_budget),
        cmocka_unit_test(fixed_overhead_of_textbooks),
        cmocka_unit_test(sales_parts_add_up_on_random_data),
        cmocka_unit_test(cost_and_flexible_parts_add_up_on_random_data),
        cmocka_unit_test(decompositions_reject_bad_input),
        cmocka_unit_test(market_share_and_size_of_textbooks),
        cmocka_unit_test(not_applicable_prices),
        cmocka_unit_test(partial_results),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
