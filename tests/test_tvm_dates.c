/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates for dated cash flows: the one date parser (fpa_date_parse) and the
 * day-count bases of XNPV and XIRR.
 *
 * Sources of the expected values, named at each test:
 * - POSIX time: 2000-01-01 is day 10957 (946684800 s / 86400), 2024-01-01 day
 *   19723 (1704067200 s / 86400);
 * - the 2006 ISDA Definitions, section 4.16 (Actual/Actual (ISDA),
 *   Actual/365 (Fixed), Actual/360, 30E/360), QuantLib's Thirty360::USA
 *   and Actual365Fixed::NoLeap, worked by hand below for the four date
 *   pairs of deltaquants.com/day-count-conventions;
 * - the DAYS360 table of XLeratorDB (westclintech.com, "SQL Server DAYS360
 *   function": 30/360 US and 30E/360 day counts of 22 date pairs);
 * - tests/ref/tvm_daycount_expected.csv: YEARFRAC bases 0-4 recalculated
 *   by LibreOffice Calc 7.4 and gnumeric 1.12 with
 *       /usr/bin/python3 tests/ref/make_tvm_daycount_ref.py
 *   on the pairs where the spreadsheet's definition is libfpa's. */
#include "testutil.h"
#include "refcsv.h"

#include <float.h>

static int64_t day(int y, int m, int d)
{
    int64_t out;
    assert_ok(fpa_date_from_ymd(&out, y, m, d));
    return out;
}

static fpa_status parse(int64_t *out, const char *s) { return fpa_date_parse(out, s, strlen(s)); }

static void parser_reads_iso_calendar_dates(void **state)
{
    (void)state;
    int64_t d = 42;
    assert_ok(parse(&d, "1970-01-01"));
    assert_int_equal(d, 0);
    assert_ok(parse(&d, "2000-01-01"));
    assert_int_equal(d, 10957);  /* POSIX time 946684800 */
    assert_ok(parse(&d, "2024-01-01"));
    assert_int_equal(d, 19723);  /* POSIX time 1704067200 */
    assert_ok(parse(&d, "2024-02-29"));
    assert_int_equal(d, 19723 + 31 + 28);
    assert_ok(parse(&d, "1969-12-31"));
    assert_int_equal(d, -1);
    /* expanded years (ISO 8601-1 5.2.2.3): a sign and 4 to 7 digits */
    assert_ok(parse(&d, "+2024-03-05"));
    assert_int_equal(d, day(2024, 3, 5));
    assert_ok(parse(&d, "-0044-03-15"));
    assert_int_equal(d, day(-44, 3, 15));
    assert_ok(parse(&d, "+1000000-12-31"));
    assert_int_equal(d, day(1000000, 12, 31));
    assert_ok(parse(&d, "0000-02-29"));  /* year 0 is a leap year (proleptic) */
    /* no NUL needed: the length decides */
    assert_ok(fpa_date_parse(&d, "2024-03-05T10:00", 10));
    assert_int_equal(d, day(2024, 3, 5));
}

static void parser_refuses_everything_else(void **state)
{
    (void)state;
    int64_t d = 42;
    static const char *not_dates[] = {
        "2024", "2024-03", "202403", "20240305", "2024-3-5", "2024-03-5", "24-03-05",
        " 2024-03-05", "2024-03-05 ", "2024-03-05T10:00", "2024/03/05", "05.03.2024",
        "+024-03-05", "+12345678-01-01", "2024-03-0a", "2024--3-05", "", "-", "x",
        "4294969320-01-01",  /* issue 14: not read as 2024-01-01 */
    };
    for (size_t i = 0; i < sizeof not_dates / sizeof *not_dates; i++) {
        fpa_error_clear();
        if (parse(&d, not_dates[i]) != FPA_EINVAL)
            fail_msg("\"%s\" was not refused as a non-date", not_dates[i]);
        assert_true(strstr(fpa_error_last(), "is not a YYYY-MM-DD date") != NULL);
    }
    assert_status(fpa_date_parse(&d, "2024-03-05\0x", 12), FPA_EINVAL);
    /* the form of a date, but no such date */
    assert_status(parse(&d, "2023-02-29"), FPA_EDOM);
    assert_status(parse(&d, "2024-13-01"), FPA_EDOM);
    assert_status(parse(&d, "2024-00-10"), FPA_EDOM);
    assert_status(parse(&d, "2024-04-31"), FPA_EDOM);
    assert_status(parse(&d, "2024-01-00"), FPA_EDOM);
    assert_status(parse(&d, "+1000001-01-01"), FPA_EDOM);
    assert_status(parse(&d, "-1000001-01-01"), FPA_EDOM);
    assert_true(d == 42);
    assert_status(fpa_date_parse(NULL, "2024-03-05", 10), FPA_EINVAL);
    assert_status(fpa_date_parse(&d, NULL, 0), FPA_EINVAL);
}

/* The four pairs of deltaquants.com/day-count-conventions, by hand:
 * actual days split at January 1 for Actual/Actual (ISDA 4.16(b));
 * 30/360 as 360 (Y2-Y1) + 30 (M2-M1) + (D2-D1) after each basis' rules. */
static void year_fractions_by_hand(void **state)
{
    (void)state;
    struct {
        int64_t from, to;
        double act_act, act, nl, us, eu;  /* days, over 365/366, 365, 360 */
    } cases[] = {
        /* 2007-12-28 -> 2008-02-28: 4 days in 2007, 58 in 2008; no Feb 29;
         * 30/360: 360 - 300 + 0 = 60 */
        {day(2007, 12, 28), day(2008, 2, 28), 4. / 365 + 58. / 366, 62, 62, 60, 60},
        /* -> 2008-02-29: 63 days; NL counts Feb 29 as Feb 28: 62; 30/360 61 */
        {day(2007, 12, 28), day(2008, 2, 29), 4. / 365 + 59. / 366, 63, 62, 61, 61},
        /* 2007-10-31 -> 2008-11-30: 62 days in 2007 + 334 in 2008; D1 = 31
         * -> 30: 360 + 30 + 0 = 390 */
        {day(2007, 10, 31), day(2008, 11, 30), 62. / 365 + 334. / 366, 396, 395, 390, 390},
        /* 2008-02-01 -> 2009-05-31: 335 days in 2008, 150 in 2009; US keeps
         * D2 = 31 (D1 < 30): 360 + 90 + 30 = 480; 30E: D2 -> 30: 479 */
        {day(2008, 2, 1), day(2009, 5, 31), 335. / 366 + 150. / 365, 485, 484, 480, 479},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double y;
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to,
                                        FPA_DAYCOUNT_ACT_ACT_ISDA));
        assert_close(y, cases[i].act_act, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to, FPA_DAYCOUNT_ACT_365F));
        assert_close(y, cases[i].act / 365, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to, FPA_DAYCOUNT_ACT_360));
        assert_close(y, cases[i].act / 360, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to,
                                        FPA_DAYCOUNT_ACT_365_25));
        assert_close(y, cases[i].act / 365.25, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to, FPA_DAYCOUNT_NL_365));
        assert_close(y, cases[i].nl / 365, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to, FPA_DAYCOUNT_30_360_US));
        assert_close(y, cases[i].us / 360, 1e-15, 0);
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].from, cases[i].to, FPA_DAYCOUNT_30E_360));
        assert_close(y, cases[i].eu / 360, 1e-15, 0);
        /* reversed: the negative */
        assert_ok(fpa_tvm_year_fraction(&y, cases[i].to, cases[i].from,
                                        FPA_DAYCOUNT_ACT_ACT_ISDA));
        assert_close(y, -cases[i].act_act, 1e-15, 0);
    }
}

/* XLeratorDB's DAYS360 table: start, end, 30/360 US days, 30E/360 days,
 * actual days. */
static void days360_table_of_xleratordb(void **state)
{
    (void)state;
    static const struct {
        int y1, m1, d1, y2, m2, d2, us, eu, act;
    } t[] = {
        {2007, 1, 15, 2007, 1, 30, 15, 15, 15},   {2007, 1, 15, 2007, 2, 15, 30, 30, 31},
        {2007, 1, 15, 2007, 7, 15, 180, 180, 181}, {2007, 9, 30, 2008, 3, 31, 180, 180, 183},
        {2007, 9, 30, 2007, 10, 31, 30, 30, 31},  {2007, 9, 30, 2008, 9, 30, 360, 360, 366},
        {2007, 1, 15, 2007, 1, 31, 16, 15, 16},   {2007, 1, 31, 2007, 2, 28, 28, 28, 28},
        {2007, 2, 28, 2007, 3, 31, 30, 32, 31},   {2006, 8, 31, 2007, 2, 28, 178, 178, 181},
        {2007, 2, 28, 2007, 8, 31, 180, 182, 184}, {2007, 2, 14, 2007, 2, 28, 14, 14, 14},
        {2007, 2, 26, 2008, 2, 29, 363, 363, 368}, {2008, 2, 29, 2009, 2, 28, 360, 359, 365},
        {2008, 2, 29, 2008, 3, 30, 30, 31, 30},   {2008, 2, 29, 2008, 3, 31, 30, 31, 31},
        {2007, 2, 28, 2007, 3, 5, 5, 7, 5},       {2007, 10, 31, 2007, 11, 28, 28, 28, 28},
        {2007, 8, 31, 2008, 2, 29, 179, 179, 182}, {2008, 2, 29, 2008, 8, 31, 180, 181, 184},
        {2008, 8, 31, 2009, 2, 28, 178, 178, 181}, {2009, 2, 28, 2009, 8, 31, 180, 182, 184},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        int64_t a = day(t[i].y1, t[i].m1, t[i].d1), b = day(t[i].y2, t[i].m2, t[i].d2);
        double us, eu, act;
        assert_ok(fpa_tvm_year_fraction(&us, a, b, FPA_DAYCOUNT_30_360_US));
        assert_ok(fpa_tvm_year_fraction(&eu, a, b, FPA_DAYCOUNT_30E_360));
        assert_ok(fpa_tvm_year_fraction(&act, a, b, FPA_DAYCOUNT_ACT_360));
        if (fabs(us * 360 - t[i].us) > 1e-9 || fabs(eu * 360 - t[i].eu) > 1e-9 ||
            fabs(act * 360 - t[i].act) > 1e-9)
            fail_msg("row %zu: %.9g %.9g %.9g", i, us * 360, eu * 360, act * 360);
    }
}

static fpa_day_count basis_of_yearfrac(int b)
{
    static const fpa_day_count m[] = {FPA_DAYCOUNT_30_360_US, FPA_DAYCOUNT_ACT_ACT_ISDA,
                                      FPA_DAYCOUNT_ACT_360, FPA_DAYCOUNT_ACT_365F,
                                      FPA_DAYCOUNT_30E_360};
    return m[b];
}

static void spreadsheet_yearfrac(void **state)
{
    (void)state;
    FILE *f = fopen(FPA_REF_DIR "/tvm_daycount_expected.csv", "r");
    assert_non_null(f);
    char line[512];
    int cases = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "formula,", 8)) continue;
        char *fld[4];
        long a, b;
        int basis;
        assert_int_equal(ref_split_csv(line, fld, 4), 4);
        assert_int_equal(sscanf(fld[0], "YEARFRAC(%ld;%ld;%d)", &a, &b, &basis), 3);
        double want = strtod(fld[1], NULL), got;
        /* serial dates of the 1900 system: day number + 25569 */
        assert_ok(fpa_tvm_year_fraction(&got, a - 25569, b - 25569, basis_of_yearfrac(basis)));
        cases++;
        /* LibreOffice prints 15 significant digits */
        if (fabs(got - want) > 1e-13 * (1 + fabs(want))) {
            print_message("MISMATCH %s: got %.17g, LibreOffice %.17g\n", fld[0], got, want);
            failures++;
        }
    }
    fclose(f);
    print_message("%d YEARFRAC cases, %d mismatches\n", cases, failures);
    assert_true(cases >= 700);
    assert_int_equal(failures, 0);
}

/* One year at 10 % on each basis, by hand: 110 / (1 + r)^1 = 100. */
static void xirr_on_each_basis(void **state)
{
    (void)state;
    const double v[2] = {-100, 110};
    struct {
        fpa_day_count basis;
        int64_t from, to;  /* a span of exactly one year on the basis */
    } c[] = {
        {FPA_DAYCOUNT_ACT_365F, day(2023, 1, 1), day(2024, 1, 1)},     /* 365 days */
        {FPA_DAYCOUNT_ACT_360, day(2023, 1, 1), day(2023, 12, 27)},    /* 360 days */
        {FPA_DAYCOUNT_ACT_365_25, 0, 1461},  /* four years of 365.25 days, then */
        {FPA_DAYCOUNT_ACT_ACT_ISDA, day(2024, 1, 1), day(2025, 1, 1)}, /* 366/366 */
        {FPA_DAYCOUNT_30_360_US, day(2023, 1, 31), day(2024, 1, 31)},  /* 360 */
        {FPA_DAYCOUNT_30E_360, day(2023, 2, 28), day(2024, 2, 28)},    /* 360 */
        {FPA_DAYCOUNT_NL_365, day(2023, 3, 1), day(2024, 3, 1)},       /* 366 - Feb 29 */
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int64_t d[2] = {c[i].from, c[i].to};
        double r, npv;
        assert_ok(fpa_tvm_xirr_dc(&r, v, d, 2, 0.1, c[i].basis));
        /* ACT/365.25 spans four years: 110 = 100 (1 + r)^4 */
        double want = c[i].basis == FPA_DAYCOUNT_ACT_365_25 ? pow(1.1, 0.25) - 1 : 0.1;
        /* XIRR's tolerance: 1e-12 relative in log(1+r), 366 * DBL_EPSILON absolute */
        assert_close(r, want, 0, 1.2 * (1e-12 * log1p(want) + 366 * DBL_EPSILON));
        assert_ok(fpa_tvm_xnpv_dc(&npv, want, v, d, 2, c[i].basis));
        assert_close(npv, 0, 0, 1e-12);
    }
    /* the default basis is XIRR's */
    int64_t d[3] = {day(2024, 1, 15), day(2024, 9, 1), day(2025, 6, 30)};
    const double w[3] = {-1000, 300, 800};
    double a, b;
    assert_ok(fpa_tvm_xirr(&a, w, d, 3, 0.1));
    assert_ok(fpa_tvm_xirr_dc(&b, w, d, 3, 0.1, FPA_DAYCOUNT_ACT_365F));
    assert_memory_equal(&a, &b, sizeof a);
    assert_ok(fpa_tvm_xnpv(&a, 0.07, w, d, 3));
    assert_ok(fpa_tvm_xnpv_dc(&b, 0.07, w, d, 3, FPA_DAYCOUNT_ACT_365F));
    assert_memory_equal(&a, &b, sizeof a);
    /* every calendar basis: NPV at the IRR is zero; discounting to the
     * first flow's date, even when an earlier one follows */
    int64_t u[4] = {day(2024, 6, 30), day(2024, 2, 29), day(2025, 1, 31), day(2026, 2, 28)};
    const double x[4] = {-1000, -200, 500, 900};
    for (int basis = 0; basis <= FPA_DAYCOUNT_NL_365; basis++) {
        double r, npv;
        assert_ok(fpa_tvm_xirr_dc(&r, x, u, 4, 0.1, (fpa_day_count)basis));
        assert_ok(fpa_tvm_xnpv_dc(&npv, r, x, u, 4, (fpa_day_count)basis));
        assert_close(npv, 0, 0, 1e-9);
    }
}

static void day_count_names_and_bad_input(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        fpa_day_count basis;
    } names[] = {
        {"ACT/365F", FPA_DAYCOUNT_ACT_365F},  {"Actual/365 Fixed", FPA_DAYCOUNT_ACT_365F},
        {"english", FPA_DAYCOUNT_ACT_365F},   {"act/360", FPA_DAYCOUNT_ACT_360},
        {"French", FPA_DAYCOUNT_ACT_360},     {"ACT/365.25", FPA_DAYCOUNT_ACT_365_25},
        {"Act/Act", FPA_DAYCOUNT_ACT_ACT_ISDA}, {"ACT/ACT ISDA", FPA_DAYCOUNT_ACT_ACT_ISDA},
        {"30/360 US", FPA_DAYCOUNT_30_360_US}, {"30U/360", FPA_DAYCOUNT_30_360_US},
        {"30/360 SIA", FPA_DAYCOUNT_30_360_US}, {"THIRTY_U_360", FPA_DAYCOUNT_30_360_US},
        {"30E/360", FPA_DAYCOUNT_30E_360},    {"Eurobond basis", FPA_DAYCOUNT_30E_360},
        {"NL/365", FPA_DAYCOUNT_NL_365},      {"nl365", FPA_DAYCOUNT_NL_365},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        fpa_day_count b = (fpa_day_count)99;
        assert_ok(fpa_tvm_day_count_find(&b, names[i].name));
        assert_int_equal(b, names[i].basis);
    }
    for (int b = 0; b <= FPA_DAYCOUNT_NL_365; b++) {
        fpa_day_count back;
        assert_ok(fpa_tvm_day_count_find(&back, fpa_tvm_day_count_name((fpa_day_count)b)));
        assert_int_equal(back, b);
    }
    assert_null(fpa_tvm_day_count_name((fpa_day_count)7));
    fpa_day_count b;
    assert_status(fpa_tvm_day_count_find(&b, "30/360"), FPA_EINVAL);  /* ambiguous */
    assert_status(fpa_tvm_day_count_find(&b, "ACT/365F "), FPA_EINVAL);
    assert_status(fpa_tvm_day_count_find(&b, NULL), FPA_EINVAL);
    double y;
    const double v[2] = {-1, 2};
    const int64_t d[2] = {0, 365}, same[2] = {day(2024, 1, 30), day(2024, 1, 31)};
    assert_status(fpa_tvm_year_fraction(&y, 0, 1, (fpa_day_count)7), FPA_EINVAL);
    assert_status(fpa_tvm_year_fraction(&y, 0, (int64_t)1 << 41, FPA_DAYCOUNT_ACT_360), FPA_EDOM);
    assert_status(fpa_tvm_year_fraction(NULL, 0, 1, FPA_DAYCOUNT_ACT_360), FPA_EINVAL);
    assert_status(fpa_tvm_xirr_dc(&y, v, d, 2, 0.1, (fpa_day_count)-1), FPA_EINVAL);
    assert_status(fpa_tvm_xnpv_dc(&y, 0.1, v, d, 2, (fpa_day_count)7), FPA_EINVAL);
    /* January 30 and 31 are one 30E/360 day: no time passes */
    assert_status(fpa_tvm_xirr_dc(&y, v, same, 2, 0.1, FPA_DAYCOUNT_30E_360), FPA_EDOM);
    assert_ok(fpa_tvm_xirr_dc(&y, (double[]){-100, 101}, same, 2, 0.1, FPA_DAYCOUNT_ACT_360));
    assert_close(y, pow(1.01, 360) - 1, 1e-12, 0);  /* one day in 360 at 1 % */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parser_reads_iso_calendar_dates),
        cmocka_unit_test(parser_refuses_everything_else),
        cmocka_unit_test(year_fractions_by_hand),
        cmocka_unit_test(days360_table_of_xleratordb),
        cmocka_unit_test(spreadsheet_yearfrac),
        cmocka_unit_test(xirr_on_each_basis),
        cmocka_unit_test(day_count_names_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
