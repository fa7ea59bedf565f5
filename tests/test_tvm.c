/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money against two spreadsheet engines.
 *
 * Expected values: tests/ref/tvm_expected.csv, recalculated by LibreOffice
 * Calc 7.4 and gnumeric 1.12 from the formulas it lists, with
 *     /usr/bin/python3 tests/ref/make_tvm_ref.py
 * (the script runs `soffice --headless --convert-to csv` and
 * `ssconvert --recalc`). Each row says which engine's value libfpa must match
 * (`lo`, `gnumeric`), or the status where libfpa deliberately differs
 * (docs/tvm.md). Agreement is required to 1e-9 relative. */
#include "testutil.h"
#include "refcsv.h"

#include <ctype.h>
#include <float.h>

typedef ref_args args_t;

/* Parse "NAME(a;{b;c};d)" with numeric literals only. */
static int parse_formula(const char *f, char *name, size_t name_cap, args_t *a)
{
    const char *p = strchr(f, '(');
    size_t len = strlen(f);
    if (!p || (size_t)(p - f) >= name_cap || len < 2 || f[len - 1] != ')') return -1;
    memcpy(name, f, (size_t)(p - f));
    name[p - f] = '\0';
    static char body[65536];
    size_t blen = len - (size_t)(p - f) - 2;
    if (blen >= sizeof body) return -1;
    memcpy(body, p + 1, blen);
    body[blen] = '\0';
    return ref_parse_args(body, a);
}

static double scalar(const args_t *a, int k) { return a->val[k][0]; }

static fpa_when when_of(double t) { return t != 0 ? FPA_WHEN_BEGIN : FPA_WHEN_END; }

/* Spreadsheet serial dates (1900 system) to day numbers. */
static void to_days(int64_t *out, const double *serial, int n)
{
    for (int i = 0; i < n; i++) out[i] = (int64_t)serial[i] - 25569;
}

static fpa_status call(const char *name, const args_t *a, double *out)
{
    int64_t days[REF_MAXVALS];
#define S(k) scalar(a, k)
    if (!strcmp(name, "NPV")) return fpa_tvm_npv(out, S(0), a->val[1], (size_t)a->len[1]);
    if (!strcmp(name, "IRR")) return fpa_tvm_irr(out, a->val[0], (size_t)a->len[0], S(1));
    if (!strcmp(name, "MIRR"))
        return fpa_tvm_mirr(out, a->val[0], (size_t)a->len[0], S(1), S(2));
    if (!strcmp(name, "XNPV")) {
        to_days(days, a->val[2], a->len[2]);
        return fpa_tvm_xnpv(out, S(0), a->val[1], days, (size_t)a->len[1]);
    }
    if (!strcmp(name, "XIRR")) {
        to_days(days, a->val[1], a->len[1]);
        return fpa_tvm_xirr(out, a->val[0], days, (size_t)a->len[0], S(2));
    }
    if (!strcmp(name, "PMT")) return fpa_tvm_pmt(out, S(0), S(1), S(2), S(3), when_of(S(4)));
    if (!strcmp(name, "PV")) return fpa_tvm_pv(out, S(0), S(1), S(2), S(3), when_of(S(4)));
    if (!strcmp(name, "FV")) return fpa_tvm_fv(out, S(0), S(1), S(2), S(3), when_of(S(4)));
    if (!strcmp(name, "NPER")) return fpa_tvm_nper(out, S(0), S(1), S(2), S(3), when_of(S(4)));
    if (!strcmp(name, "RATE"))
        return fpa_tvm_rate(out, S(0), S(1), S(2), S(3), when_of(S(4)), S(5));
    if (!strcmp(name, "IPMT"))
        return fpa_tvm_ipmt(out, S(0), S(1), S(2), S(3), S(4), when_of(S(5)));
    if (!strcmp(name, "PPMT"))
        return fpa_tvm_ppmt(out, S(0), S(1), S(2), S(3), S(4), when_of(S(5)));
    if (!strcmp(name, "CUMIPMT"))
        return fpa_tvm_cumipmt(out, S(0), S(1), S(2), S(3), S(4), when_of(S(5)));
    if (!strcmp(name, "CUMPRINC"))
        return fpa_tvm_cumprinc(out, S(0), S(1), S(2), S(3), S(4), when_of(S(5)));
    if (!strcmp(name, "EFFECT")) return fpa_tvm_effect(out, S(0), S(1));
    if (!strcmp(name, "NOMINAL")) return fpa_tvm_nominal(out, S(0), S(1));
    if (!strcmp(name, "SLN")) return fpa_tvm_sln(out, S(0), S(1), S(2));
    if (!strcmp(name, "SYD")) return fpa_tvm_syd(out, S(0), S(1), S(2), S(3));
    if (!strcmp(name, "DDB")) return fpa_tvm_ddb(out, S(0), S(1), S(2), S(3), S(4));
    if (!strcmp(name, "DB")) return fpa_tvm_db(out, S(0), S(1), S(2), S(3), S(4));
#undef S
    fail_msg("no libfpa function for %s", name);
    return FPA_EINVAL;
}

static int is_number(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

/* Scale for the absolute part of the tolerance: the largest literal. */
static double magnitude(const args_t *a)
{
    double m = 1;
    for (int k = 0; k < a->nargs; k++)
        for (int i = 0; i < (a->len[k] ? a->len[k] : 1); i++)
            if (fabs(a->val[k][i]) > m) m = fabs(a->val[k][i]);
    return m;
}

static void spreadsheet_references(void **state)
{
    (void)state;
    FILE *f = fopen(FPA_REF_DIR "/tvm_expected.csv", "r");
    assert_non_null(f);
    static char line[65536];
    static args_t args;
    int cases = 0, failures = 0;
    int per_function[32] = {0};
    static char names[32][16];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "formula,", 8)) continue;
        char *fld[4];
        if (ref_split_csv(line, fld, 4) != 4) fail_msg("bad line: %s", line);
        const char *formula = fld[0], *lo = fld[1], *gn = fld[2], *expect = fld[3];
        char name[16];
        if (parse_formula(formula, name, sizeof name, &args) != 0)
            fail_msg("cannot parse %s", formula);
        double got = NAN, want;
        fpa_status st = call(name, &args, &got);
        cases++;
        for (int i = 0; i < 32; i++) {
            if (!names[i][0]) snprintf(names[i], sizeof names[i], "%s", name);
            if (!strcmp(names[i], name)) {
                per_function[i]++;
                break;
            }
        }
        const char *src = !strcmp(expect, "gnumeric") ? gn : lo;
        bool want_value;
        fpa_status want_status = FPA_OK;
        if (!strncmp(expect, "value=", 6)) {
            want = strtod(expect + 6, NULL);
            want_value = true;
        } else if (!strcmp(expect, "lo") || !strcmp(expect, "gnumeric")) {
            want_value = is_number(src, &want);
        } else {
            want_value = false;
            want_status = ref_status_named(expect);
            if (want_status == FPA_OK) fail_msg("unknown status %s", expect);
        }
        if (want_value) {
            double tol = 1e-9 * fabs(want) + 1e-12 * magnitude(&args);
            if (st != FPA_OK || !(fabs(got - want) <= tol)) {
                print_message("MISMATCH %s: got %.17g (%s: %s), want %.17g\n",
                              formula, got, fpa_status_name(st), fpa_error_last(),
                              want);
                failures++;
            }
        } else if (st == FPA_OK || (want_status != FPA_OK && st != want_status)) {
            print_message("MISMATCH %s: got %.17g (%s), want an error (%s)\n",
                          formula, got, fpa_status_name(st),
                          want_status != FPA_OK ? fpa_status_name(want_status) : src);
            failures++;
        } else if (fpa_error_last()[0] == '\0') {
            print_message("NO DETAIL %s\n", formula);
            failures++;
        }
    }
    fclose(f);
    for (int i = 0; i < 32 && names[i][0]; i++) {
        /* the foundation issue asks for at least a dozen cases a function */
        if (per_function[i] < 12) {
            print_message("%s has only %d reference cases\n", names[i], per_function[i]);
            failures++;
        }
    }
    print_message("%d spreadsheet cases, %d mismatches\n", cases, failures);
    assert_int_equal(failures, 0);
}

/* ---- which root: tests/ref/tvm_roots_expected.csv ----------------------
 * 1,803 random RATE, IRR and XIRR cases (many with several roots),
 * recalculated by LibreOffice Calc 7.4 and gnumeric 1.12 with
 *     /usr/bin/python3 tests/ref/make_tvm_roots_ref.py
 * Where LibreOffice gives a rate, libfpa must give the same one; where it
 * gives an error, libfpa must give FPA_ENOCONV or a rate at which the
 * equation is zero (the residual is checked here in long double). An
 * omitted guess is the spreadsheet's default, 0.1. */

static double arg_or(const args_t *a, int k, double def)
{
    return a->nargs > k ? a->val[k][0] : def;
}

/* |equation| / (sum of its terms' magnitudes) at rate r. */
static double relative_residual(const char *name, const args_t *a, double r)
{
    long double sum = 0, mag = 0, q = 1.0L + r;
    if (!strcmp(name, "IRR")) {
        for (int i = 0; i < a->len[0]; i++) {
            long double t = a->val[0][i] * powl(q, -i);
            sum += t, mag += fabsl(t);
        }
    } else if (!strcmp(name, "XIRR")) {
        for (int i = 0; i < a->len[0]; i++) {
            long double t = a->val[0][i] * powl(q, -(a->val[1][i] - a->val[1][0]) / 365.0L);
            sum += t, mag += fabsl(t);
        }
    } else {  /* RATE: pv q^n + pmt (1 + r w) (q^n - 1)/r + fv */
        long double n = a->val[0][0], pmt = a->val[1][0], pv = a->val[2][0];
        long double fv = a->val[3][0], w = a->val[4][0], qn = powl(q, n);
        long double g = r == 0 ? n : (qn - 1) / r;
        long double t[3] = {pv * qn, pmt * (1 + r * w) * g, fv};
        for (int i = 0; i < 3; i++) sum += t[i], mag += fabsl(t[i]);
    }
    return (double)(fabsl(sum) / (mag > 0 ? mag : 1));
}

static fpa_status call_root(const char *name, const args_t *a, double *out)
{
    int64_t days[REF_MAXVALS];
    if (!strcmp(name, "IRR"))
        return fpa_tvm_irr(out, a->val[0], (size_t)a->len[0], arg_or(a, 1, 0.1));
    if (!strcmp(name, "XIRR")) {
        to_days(days, a->val[1], a->len[1]);
        return fpa_tvm_xirr(out, a->val[0], days, (size_t)a->len[0], arg_or(a, 2, 0.1));
    }
    return fpa_tvm_rate(out, a->val[0][0], a->val[1][0], a->val[2][0], a->val[3][0],
                        when_of(a->val[4][0]), arg_or(a, 5, 0.1));
}

static void spreadsheet_roots(void **state)
{
    (void)state;
    FILE *f = fopen(FPA_REF_DIR "/tvm_roots_expected.csv", "r");
    assert_non_null(f);
    static char line[65536];
    static args_t args;
    const char *fns[3] = {"RATE", "IRR", "XIRR"};
    int lo_cases[3] = {0}, equal[3] = {0}, err_cases[3] = {0}, err_ok[3] = {0};
    int gn_equal[3] = {0}, failures = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "formula,", 8)) continue;
        char *fld[4], name[16];
        if (ref_split_csv(line, fld, 4) != 4) fail_msg("bad line: %s", line);
        if (parse_formula(fld[0], name, sizeof name, &args) != 0)
            fail_msg("cannot parse %s", fld[0]);
        int k = !strcmp(name, "RATE") ? 0 : !strcmp(name, "IRR") ? 1 : 2;
        double got = NAN, want, gn;
        fpa_status st = call_root(name, &args, &got);
        if (!strcmp(fld[3], "lo")) {
            lo_cases[k]++;
            want = strtod(fld[1], NULL);
            /* LibreOffice stops when its step is below 1e-7 (RATE, IRR) or
             * 1e-10 (XIRR), so its last digits are its own */
            if (st == FPA_OK && fabs(got - want) <= 1e-9 * fabs(want) + 1e-10) equal[k]++;
            else {
                print_message("MISMATCH %.100s: got %.17g (%s %s), LibreOffice %.17g\n",
                              fld[0], got, fpa_status_name(st), fpa_error_last(), want);
                failures++;
            }
            if (is_number(fld[2], &gn) && fabs(gn - want) <= 1e-9 * fabs(want) + 1e-10)
                gn_equal[k]++;
        } else {
            err_cases[k]++;
            double res = st == FPA_OK ? relative_residual(name, &args, got) : 0;
            if (st == FPA_ENOCONV || (st == FPA_OK && got > -1 && res <= 1e-9)) err_ok[k]++;
            else {
                print_message("BAD %.100s: got %.17g (%s, residual %.3g) where LibreOffice "
                              "gives %s\n", fld[0], got, fpa_status_name(st), res, fld[1]);
                failures++;
            }
        }
    }
    fclose(f);
    for (int k = 0; k < 3; k++) {
        print_message("%-4s: %d/%d equal to LibreOffice (gnumeric agrees on %d); "
                      "%d/%d LibreOffice errors answered with a root or FPA_ENOCONV\n",
                      fns[k], equal[k], lo_cases[k], gn_equal[k], err_ok[k], err_cases[k]);
        assert_true(lo_cases[k] >= 150);
    }
    assert_int_equal(failures, 0);
}

/* ---- properties and details no spreadsheet states -------------------- */

static void npv_at_irr_is_zero(void **state)
{
    (void)state;
    /* random schedules: an outlay, then mixed flows */
    unsigned seed = 12345;
    for (int trial = 0; trial < 2000; trial++) {
        double v[40];
        size_t n = 2 + (size_t)(trial % 38);
        seed = seed * 1103515245u + 12345u;
        v[0] = -1000.0 - (seed % 1000);
        for (size_t i = 1; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = ((double)(seed % 2001) - 400.0);
        }
        double r;
        fpa_status st = fpa_tvm_irr(&r, v, n, 0.1);
        if (st != FPA_OK) {
            assert_int_equal(st, FPA_ENOCONV);
            continue;
        }
        double npv;
        assert_ok(fpa_tvm_npv(&npv, r, v, n));
        /* spreadsheet NPV discounts one period; NPV(r) * (1+r) is the IRR sum */
        double scale = 0;
        for (size_t i = 0; i < n; i++) scale += fabs(v[i]);
        assert_close(npv * (1 + r), 0.0, 0, 1e-9 * scale);
    }
}

static void xirr_batch_equals_single(void **state)
{
    (void)state;
    enum { COUNT = 300 };
    static double values[COUNT * 25];
    static int64_t days[COUNT * 25];
    size_t offsets[COUNT + 1];
    unsigned seed = 99;
    size_t at = 0;
    for (int k = 0; k < COUNT; k++) {
        offsets[k] = at;
        size_t n = 2 + (size_t)k % 23;
        int64_t d = 18000;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            values[at] = i == 0 ? -1000 : (double)(seed % 700) - 100;
            days[at++] = d;
            d += 1 + (int64_t)(seed >> 16) % 90;
        }
    }
    offsets[COUNT] = at;
    double single[COUNT];
    fpa_status single_st[COUNT];
    for (int k = 0; k < COUNT; k++)
        single_st[k] = fpa_tvm_xirr(&single[k], values + offsets[k], days + offsets[k],
                                    offsets[k + 1] - offsets[k], 0.1);
    for (int threads = 1; threads <= 4; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        double rates[COUNT];
        fpa_status st[COUNT];
        assert_ok(fpa_tvm_xirr_batch(rates, st, values, days, offsets, COUNT, 0.1, o));
        for (int k = 0; k < COUNT; k++) {
            assert_int_equal(st[k], single_st[k]);
            if (st[k] == FPA_OK) assert_memory_equal(&rates[k], &single[k], sizeof(double));
            else assert_true(isnan(rates[k]));
        }
        fpa_opts_free(o);
    }
}

static void bad_input_gives_status_and_detail(void **state)
{
    (void)state;
    double out = 42, v[3] = {-100, NAN, 60};
    int64_t d[3] = {0, 10, 20};
    fpa_error_clear();
    assert_status(fpa_tvm_npv(&out, 0.1, v, 3), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "values[1] is NaN");
    assert_int_equal(fpa_error_last_status(), FPA_EDOM);
    assert_true(out == 42);  /* outputs untouched on failure */
    assert_status(fpa_tvm_npv(NULL, 0.1, v, 3), FPA_EINVAL);
    assert_status(fpa_tvm_npv(&out, 0.1, NULL, 3), FPA_EINVAL);
    assert_status(fpa_tvm_npv(&out, 0.1, v, 0), FPA_EINVAL);
    assert_status(fpa_tvm_irr(&out, v, 1, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_irr(&out, (double[]){-1, 2}, 2, -1), FPA_EDOM);
    assert_status(fpa_tvm_irr(&out, (double[]){-1, 2}, 2, INFINITY), FPA_EDOM);
    assert_status(fpa_tvm_xirr(&out, (double[]){-1, 2}, (int64_t[]){5, 5}, 2, 0.1), FPA_EDOM);
    assert_status(fpa_tvm_xirr(&out, (double[]){-1, 2}, NULL, 2, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_xirr(&out, (double[]){-1, 2}, (int64_t[]){0, INT64_MAX}, 2, 0.1),
                  FPA_EDOM);
    assert_status(fpa_tvm_xnpv(&out, 0.1, v, d, 3), FPA_EDOM);
    assert_status(fpa_tvm_pmt(&out, 0.1, 10, 1000, 0, (fpa_when)7), FPA_EINVAL);
    assert_status(fpa_tvm_pmt(&out, NAN, 10, 1000, 0, FPA_WHEN_END), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "rate is NaN");
    assert_status(fpa_tvm_pv(&out, 0.1, INFINITY, 1, 0, FPA_WHEN_END), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "nper is +Inf");
    /* huge values: never a NaN or Inf with FPA_OK */
    assert_status(fpa_tvm_fv(&out, 0.5, 1e6, -1, 0, FPA_WHEN_END), FPA_EOVERFLOW);
    assert_status(fpa_tvm_irr(&out, (double[]){-1e308, 1e308, 1e308}, 3, 0.1), FPA_EOVERFLOW);
    assert_status(fpa_tvm_rate(&out, 1e300, -1e300, 1e300, 0, FPA_WHEN_END, 0.1),
                  FPA_EOVERFLOW);
    assert_status(fpa_tvm_npv(&out, -0.999999, (double[]){1e300, 1e300}, 2), FPA_EOVERFLOW);
    double rates[2];
    fpa_status st[2];
    assert_status(fpa_tvm_xirr_batch(rates, st, v, d, (size_t[]){0, 2, 1}, 2, 0.1, NULL),
                  FPA_EINVAL);
    assert_status(fpa_tvm_xirr_batch(rates, st, v, d, (size_t[]){0, 2}, 0, 0.1, NULL),
                  FPA_EINVAL);
}

/* Inputs that would trip GSL's (process-wide, aborting) error handler if
 * they reached it: a bracket without a sign change, non-finite function
 * values, an endless iteration. The handler is left at GSL's default here,
 * so reaching it would abort this test program (docs/gsl.md). */
static void gsl_never_sees_bad_input(void **state)
{
    (void)state;
    double out;
    /* no sign change anywhere: Brent must not be started */
    assert_status(fpa_tvm_irr(&out, (double[]){1, 2, 3}, 3, 0.1), FPA_ENOCONV);
    assert_status(fpa_tvm_irr(&out, (double[]){-1, 0.5, 0.5, 0.5}, 4, 0.1), FPA_OK);
    assert_status(fpa_tvm_rate(&out, 10, 100, 1000, 0, FPA_WHEN_END, 0.1), FPA_ENOCONV);
    assert_status(fpa_tvm_xirr(&out, (double[]){-1, -2}, (int64_t[]){0, 9}, 2, 0.1),
                  FPA_ENOCONV);
    /* flows whose NPV would overflow inside the solver */
    assert_status(fpa_tvm_irr(&out, (double[]){-DBL_MAX, DBL_MAX, DBL_MAX}, 3, 0.1),
                  FPA_EOVERFLOW);
    assert_status(fpa_tvm_xirr(&out, (double[]){-1e308, 1e308, 1e308},
                               (int64_t[]){0, 1, 100000}, 3, 0.1), FPA_EOVERFLOW);
    /* guesses at the ends of the range and beyond */
    assert_status(fpa_tvm_irr(&out, (double[]){-100, 110}, 2, 1e300), FPA_OK);
    assert_close(out, 0.1, 1e-12, 0);
    assert_status(fpa_tvm_irr(&out, (double[]){-100, 110}, 2, -0.999999999999), FPA_OK);
    assert_close(out, 0.1, 1e-12, 0);
    assert_status(fpa_tvm_xirr(&out, (double[]){-100, 110}, (int64_t[]){0, 365}, 2, 1e15),
                  FPA_OK);
    /* XIRR's tolerance: 1e-12 relative in log(1+r) plus the one-day
     * factor's resolution, 365 * DBL_EPSILON (tvm.h) */
    assert_close(out, 0.1, 0, 1.1 * (1e-12 * log(1.1) + 365 * DBL_EPSILON));
    /* subnormal and tiny flows */
    assert_status(fpa_tvm_irr(&out, (double[]){-4.9e-324, 1e-323}, 2, 0.1), FPA_OK);
    assert_status(fpa_tvm_irr(&out, (double[]){-1e-300, 1.1e-300}, 2, 0.1), FPA_OK);
    assert_close(out, 0.1, 1e-12, 0);
}

/* Every function refuses a NULL output, an invalid timing and non-finite
 * scalars, naming the argument. */
static void every_function_checks_its_arguments(void **state)
{
    (void)state;
    const double v[3] = {-100, 60, 60};
    const int64_t d[3] = {0, 200, 400};
    const fpa_when bad = (fpa_when)7;
    double out;
    assert_status(fpa_tvm_npv(NULL, 0.1, v, 3), FPA_EINVAL);
    assert_status(fpa_tvm_irr(NULL, v, 3, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_mirr(NULL, v, 3, 0.1, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_xnpv(NULL, 0.1, v, d, 3), FPA_EINVAL);
    assert_status(fpa_tvm_xirr(NULL, v, d, 3, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_pv(NULL, 0.1, 10, -1, 0, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_fv(NULL, 0.1, 10, -1, 0, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_nper(NULL, 0.1, -1, 5, 0, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_rate(NULL, 10, -1, 5, 0, FPA_WHEN_END, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_ipmt(NULL, 0.1, 1, 10, 5, 0, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_ppmt(NULL, 0.1, 1, 10, 5, 0, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_cumipmt(NULL, 0.1, 10, 5, 1, 2, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_cumprinc(NULL, 0.1, 10, 5, 1, 2, FPA_WHEN_END), FPA_EINVAL);
    assert_status(fpa_tvm_effect(NULL, 0.1, 12), FPA_EINVAL);
    assert_status(fpa_tvm_nominal(NULL, 0.1, 12), FPA_EINVAL);
    assert_status(fpa_tvm_sln(NULL, 10, 1, 3), FPA_EINVAL);
    assert_status(fpa_tvm_syd(NULL, 10, 1, 3, 1), FPA_EINVAL);
    assert_status(fpa_tvm_ddb(NULL, 10, 1, 3, 1, 2), FPA_EINVAL);
    assert_status(fpa_tvm_db(NULL, 10, 1, 3, 1, 12), FPA_EINVAL);
    assert_status(fpa_tvm_pv(&out, 0.1, 10, -1, 0, bad), FPA_EINVAL);
    assert_status(fpa_tvm_fv(&out, 0.1, 10, -1, 0, bad), FPA_EINVAL);
    assert_status(fpa_tvm_nper(&out, 0.1, -1, 5, 0, bad), FPA_EINVAL);
    assert_status(fpa_tvm_rate(&out, 10, -1, 5, 0, bad, 0.1), FPA_EINVAL);
    assert_status(fpa_tvm_ipmt(&out, 0.1, 1, 10, 5, 0, bad), FPA_EINVAL);
    assert_status(fpa_tvm_ppmt(&out, 0.1, 1, 10, 5, 0, bad), FPA_EINVAL);
    assert_status(fpa_tvm_cumipmt(&out, 0.1, 10, 5, 1, 2, bad), FPA_EINVAL);
    assert_status(fpa_tvm_cumprinc(&out, 0.1, 10, 5, 1, 2, bad), FPA_EINVAL);
    /* each non-finite scalar is named */
    assert_status(fpa_tvm_mirr(&out, v, 3, NAN, 0.1), FPA_EDOM);
    assert_status(fpa_tvm_mirr(&out, v, 3, 0.1, INFINITY), FPA_EDOM);
    assert_status(fpa_tvm_xnpv(&out, NAN, v, d, 3), FPA_EDOM);
    assert_status(fpa_tvm_xirr(&out, v, d, 3, NAN), FPA_EDOM);
    assert_status(fpa_tvm_fv(&out, 0.1, 10, NAN, 0, FPA_WHEN_END), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "pmt is NaN");
    assert_status(fpa_tvm_nper(&out, 0.1, -1, 5, -INFINITY, FPA_WHEN_END), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "fv is -Inf");
    assert_status(fpa_tvm_rate(&out, 10, -1, 5, 0, FPA_WHEN_END, NAN), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "guess is NaN");
    assert_status(fpa_tvm_rate(&out, -10, -1, 5, 0, FPA_WHEN_END, 0.1), FPA_EDOM);
    assert_status(fpa_tvm_rate(&out, 10, -1, 5, 0, FPA_WHEN_END, -2), FPA_EDOM);
    assert_status(fpa_tvm_ipmt(&out, 0.1, NAN, 10, 5, 0, FPA_WHEN_END), FPA_EDOM);
    assert_status(fpa_tvm_ipmt(&out, -3, 2, 10, 5, 0, FPA_WHEN_END), FPA_EDOM);
    assert_status(fpa_tvm_ipmt(&out, 0.1, 2, 0.5, 5, 0, FPA_WHEN_END), FPA_EDOM);
    assert_status(fpa_tvm_cumipmt(&out, 0.1, NAN, 5, 1, 2, FPA_WHEN_END), FPA_EDOM);
    assert_status(fpa_tvm_effect(&out, NAN, 12), FPA_EDOM);
    assert_status(fpa_tvm_nominal(&out, 0.1, INFINITY), FPA_EDOM);
    assert_status(fpa_tvm_sln(&out, NAN, 1, 3), FPA_EDOM);
    assert_status(fpa_tvm_syd(&out, 10, 1, 3, NAN), FPA_EDOM);
    assert_status(fpa_tvm_ddb(&out, 10, 1, 3, 1, NAN), FPA_EDOM);
    assert_status(fpa_tvm_db(&out, 10, 1, 3, NAN, 12), FPA_EDOM);
    assert_status(fpa_tvm_npv(&out, NAN, v, 3), FPA_EDOM);
    assert_status(fpa_tvm_npv(&out, -1, v, 3), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "rate is -1; rates must be above -1 (-100 %)");
    /* overflowing results */
    assert_status(fpa_tvm_pv(&out, -0.9, 1e4, -1, 0, FPA_WHEN_END), FPA_EOVERFLOW);
    assert_status(fpa_tvm_xnpv(&out, -0.99999, (double[]){1, 1}, (int64_t[]){0, 1000000}, 2),
                  FPA_EOVERFLOW);
    assert_status(fpa_tvm_nper(&out, 0, -1e-320, 1e300, 0, FPA_WHEN_END), FPA_EOVERFLOW);
    assert_status(fpa_tvm_sln(&out, 1e308, -1e308, 0.5), FPA_EOVERFLOW);
}

/* All the IRRs. -100 + 230 d - 132 d^2 with d = 1/(1+r) has the roots
 * d = 1/1.1 and 1/1.2 (the quadratic formula: (230 +- sqrt(230^2 - 4 * 132
 * * 100)) / 264 = (230 +- 10) / 264), so r = 10 % and 20 %; -100 + 121
 * d^2 has the single root r = 10 % (121 / 100 = 1.1^2) with both signs
 * reached; -(1 - 1.1 d)^2 = -1 + 2.2 d - 1.21 d^2 touches zero at r = 10 %
 * without a sign change (not reported), while -(1 - d)^2 is exactly zero
 * at r = 0, a grid point (reported). */
static void every_irr(void **state)
{
    (void)state;
    double r[4] = {7, 7, 7, 7};
    size_t n = 99;
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){-100, 230, -132}, 3));
    assert_int_equal(n, 2);
    assert_close(r[0], 0.10, 1e-11, 0);
    assert_close(r[1], 0.20, 1e-11, 0);
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){-100, 0, 121}, 3));
    assert_int_equal(n, 1);
    assert_close(r[0], 0.10, 1e-11, 0);
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){-1, 2.2, -1.21}, 3));
    assert_int_equal(n, 0);  /* a double root is not a sign change */
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){-1, 2, -1}, 3));
    assert_int_equal(n, 1);
    assert_true(r[0] == 0);
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){1, 2, 3}, 3));
    assert_int_equal(n, 0);
    assert_ok(fpa_tvm_irr_roots(r, 4, &n, (double[]){-100, 100}, 2));
    assert_int_equal(n, 1);
    assert_close(r[0], 0, 0, 1e-15);
    /* too small an output: the first roots, the count, and a status */
    r[1] = 42;
    assert_status(fpa_tvm_irr_roots(r, 1, &n, (double[]){-100, 230, -132}, 3), FPA_ESIZE);
    assert_int_equal(n, 2);
    assert_close(r[0], 0.10, 1e-11, 0);
    assert_true(r[1] == 42);
    assert_status(fpa_tvm_irr_roots(NULL, 0, &n, (double[]){-100, 230, -132}, 3), FPA_ESIZE);
    assert_status(fpa_tvm_irr_roots(r, 4, NULL, (double[]){-1, 2}, 2), FPA_EINVAL);
    assert_status(fpa_tvm_irr_roots(r, 4, &n, (double[]){-1, NAN}, 2), FPA_EDOM);
    assert_status(fpa_tvm_irr_roots(r, 4, &n, (double[]){-DBL_MAX, DBL_MAX, DBL_MAX}, 3),
                  FPA_EOVERFLOW);
    /* each root is one fpa_tvm_irr finds from a nearby guess */
    double one;
    assert_ok(fpa_tvm_irr(&one, (double[]){-100, 230, -132}, 3, 0.21));
    assert_close(one, 0.20, 1e-11, 0);
}

/* Between the roots the spreadsheet cases (tests/ref) decide. */
static void multiple_roots_follow_the_guess(void **state)
{
    (void)state;
    /* -100 + 230 d - 132 d^2 = 0 has the roots r = 10 % and r = 20 %
     * (d = 1/1.1 and 1/1.2: 132 d^2 - 230 d + 100 = 0). */
    double v[3] = {-100, 230, -132}, r;
    assert_ok(fpa_tvm_irr(&r, v, 3, 0.05));
    assert_close(r, 0.10, 1e-12, 0);
    assert_ok(fpa_tvm_irr(&r, v, 3, 0.5));
    assert_close(r, 0.20, 1e-12, 0);
}

/* fpa_tvm_map is the scalar function element by element: same values (to
 * the bit), same statuses, whatever the strides and thread count. */
static fpa_status scalar_call(double *out, fpa_tvm_fn fn, const double *a)
{
    fpa_when w = a[4] == 0 ? FPA_WHEN_END : a[4] == 1 ? FPA_WHEN_BEGIN : (fpa_when)-1;
    fpa_when w6 = a[5] == 0 ? FPA_WHEN_END : a[5] == 1 ? FPA_WHEN_BEGIN : (fpa_when)-1;
    switch (fn) {
    case FPA_TVM_PMT: return fpa_tvm_pmt(out, a[0], a[1], a[2], a[3], w);
    case FPA_TVM_PV: return fpa_tvm_pv(out, a[0], a[1], a[2], a[3], w);
    case FPA_TVM_FV: return fpa_tvm_fv(out, a[0], a[1], a[2], a[3], w);
    case FPA_TVM_NPER: return fpa_tvm_nper(out, a[0], a[1], a[2], a[3], w);
    case FPA_TVM_RATE: return fpa_tvm_rate(out, a[0], a[1], a[2], a[3], w, a[5]);
    case FPA_TVM_IPMT: return fpa_tvm_ipmt(out, a[0], a[1], a[2], a[3], a[4], w6);
    case FPA_TVM_PPMT: return fpa_tvm_ppmt(out, a[0], a[1], a[2], a[3], a[4], w6);
    case FPA_TVM_CUMIPMT: return fpa_tvm_cumipmt(out, a[0], a[1], a[2], a[3], a[4], w6);
    case FPA_TVM_CUMPRINC: return fpa_tvm_cumprinc(out, a[0], a[1], a[2], a[3], a[4], w6);
    case FPA_TVM_EFFECT: return fpa_tvm_effect(out, a[0], a[1]);
    case FPA_TVM_NOMINAL: return fpa_tvm_nominal(out, a[0], a[1]);
    case FPA_TVM_SLN: return fpa_tvm_sln(out, a[0], a[1], a[2]);
    case FPA_TVM_SYD: return fpa_tvm_syd(out, a[0], a[1], a[2], a[3]);
    case FPA_TVM_DDB: return fpa_tvm_ddb(out, a[0], a[1], a[2], a[3], a[4]);
    case FPA_TVM_DB: return fpa_tvm_db(out, a[0], a[1], a[2], a[3], a[4]);
    }
    return FPA_EINVAL;
}

/* Plausible arguments of each function, some out of its domain. */
static double draw(unsigned *seed, fpa_tvm_fn fn, unsigned k)
{
    *seed = *seed * 1103515245u + 12345u;
    double u = (double)(*seed >> 8) / 16777216.0;
    bool timing = (k == 4 && fn <= FPA_TVM_RATE) ||
                  (k == 5 && fn >= FPA_TVM_IPMT && fn <= FPA_TVM_CUMPRINC);
    if (timing) return u < 0.45 ? 0 : u < 0.9 ? 1 : 2;  /* 2: a bad timing */
    if (u < 0.03) return NAN;
    if (fn == FPA_TVM_RATE) return k == 0 ? 12 + 348 * u : k == 1 ? -100 - 900 * u
                                   : k == 5 ? 0.1 : 1000 + 1e5 * u;
    if (k == 0) return fn >= FPA_TVM_SLN ? 1000 + 1e4 * u : -0.02 + 0.1 * u;
    return 1 + 400 * u;
}

static void map_equals_scalar_calls(void **state)
{
    (void)state;
    enum { N = 9001 };  /* three blocks of 4096, the last one short */
    static double a[6][N], out[N], single[N];
    static fpa_status st[N], single_st[N];
    unsigned seed = 2024;
    for (int fn = FPA_TVM_PMT; fn <= FPA_TVM_DB; fn++) {
        unsigned ar = fpa_tvm_fn_arity((fpa_tvm_fn)fn);
        assert_true(ar >= 2 && ar <= 6);
        const double *args[6];
        ptrdiff_t strides[6];
        for (unsigned k = 0; k < ar; k++) {
            for (int i = 0; i < N; i++) a[k][i] = draw(&seed, (fpa_tvm_fn)fn, k);
            /* contiguous, broadcast (one value), and backwards */
            strides[k] = k % 3 == 0 ? 1 : k % 3 == 1 ? 0 : -1;
            args[k] = strides[k] < 0 ? &a[k][N - 1] : a[k];
        }
        for (int i = 0; i < N; i++) {
            double x[6] = {0};
            for (unsigned k = 0; k < ar; k++) x[k] = args[k][(ptrdiff_t)i * strides[k]];
            single[i] = NAN;
            single_st[i] = scalar_call(&single[i], (fpa_tvm_fn)fn, x);
        }
        for (int threads = 1; threads <= 3; threads++) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
            fpa_status got = fpa_tvm_map(out, st, N, (fpa_tvm_fn)fn, args, strides, o);
            int first = -1;
            for (int i = 0; i < N; i++) {
                assert_int_equal(st[i], single_st[i]);
                if (st[i] == FPA_OK) assert_memory_equal(&out[i], &single[i], sizeof(double));
                else {
                    assert_true(isnan(out[i]));
                    if (first < 0) first = i;
                }
            }
            assert_true(first >= 0);  /* every function meets a NaN or a bad timing */
            assert_int_equal(got, FPA_PARTIAL);
            char want[32];
            snprintf(want, sizeof want, "element %d: ", first);
            assert_true(!strncmp(fpa_error_last(), want, strlen(want)));
            /* without statuses: the first failure, named */
            assert_int_equal(fpa_tvm_map(out, NULL, N, (fpa_tvm_fn)fn, args, strides, o),
                             single_st[first]);
            assert_true(!strncmp(fpa_error_last(), want, strlen(want)));
            fpa_opts_free(o);
        }
    }
}

static void map_and_batch_leave_the_error_record(void **state)
{
    (void)state;
    double out[3], r[2];
    fpa_status st[3];
    const double rates[3] = {0.01, 0.02, 0.03}, nper = 12, pv = 1000, zero = 0;
    const double *args[5] = {rates, &nper, &pv, &zero, &zero};
    const ptrdiff_t strides[5] = {1, 0, 0, 0, 0};
    /* a failure recorded before */
    assert_status(fpa_tvm_sln(out, 1, 0, 0), FPA_EDOM);
    assert_ok(fpa_tvm_map(out, st, 3, FPA_TVM_PMT, args, strides, NULL));
    assert_string_equal(fpa_error_last(), "life is 0");
    assert_ok(fpa_tvm_map(out, NULL, 3, FPA_TVM_PMT, args, strides, NULL));
    assert_string_equal(fpa_error_last(), "life is 0");
    double pmt;
    assert_ok(fpa_tvm_pmt(&pmt, 0.02, 12, 1000, 0, FPA_WHEN_END));
    assert_memory_equal(&out[1], &pmt, sizeof pmt);
    /* issue 14: a batch with a failing schedule, on the calling thread */
    const double v[4] = {-100, 110, 5, 6};
    const int64_t d[4] = {0, 365, 0, 365};
    const size_t off[3] = {0, 2, 4};
    assert_ok(fpa_tvm_xirr_batch(r, st, v, d, off, 2, 0.1, NULL));
    assert_int_equal(st[1], FPA_ENOCONV);
    assert_string_equal(fpa_error_last(), "life is 0");
    assert_int_equal(fpa_error_last_status(), FPA_EDOM);
    fpa_error_clear();
    assert_ok(fpa_tvm_xirr_batch(r, st, v, d, off, 2, 0.1, NULL));
    assert_string_equal(fpa_error_last(), "");
    assert_int_equal(fpa_error_last_status(), FPA_OK);
    assert_ok(fpa_tvm_npv_grid(out, st, rates, 3, v, 1, 2));
    assert_string_equal(fpa_error_last(), "");
    /* and bad arguments */
    assert_status(fpa_tvm_map(out, st, 3, (fpa_tvm_fn)15, args, strides, NULL), FPA_EINVAL);
    assert_status(fpa_tvm_map(NULL, st, 3, FPA_TVM_PMT, args, strides, NULL), FPA_EINVAL);
    const double *missing[5] = {rates, &nper, NULL, &zero, &zero};
    assert_status(fpa_tvm_map(out, st, 3, FPA_TVM_PMT, missing, strides, NULL), FPA_EINVAL);
    assert_ok(fpa_tvm_map(NULL, NULL, 0, FPA_TVM_PMT, NULL, NULL, NULL));
    assert_int_equal(fpa_tvm_fn_arity((fpa_tvm_fn)15), 0);
}

static void npv_grid_equals_npv(void **state)
{
    (void)state;
    const double rates[3] = {0.05, -1.5, 0.1};
    double values[2][40], out[6], one;
    fpa_status st[6];
    for (int i = 0; i < 40; i++) values[0][i] = i ? 100 + i : -1000, values[1][i] = 50 - i;
    assert_int_equal(fpa_tvm_npv_grid(out, st, rates, 3, &values[0][0], 2, 40), FPA_PARTIAL);
    assert_true(!strncmp(fpa_error_last(), "rates[1], row 0: ", 17));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++) {
            fpa_status s = fpa_tvm_npv(&one, rates[i], values[j], 40);
            assert_int_equal(st[i * 2 + j], s);
            if (s == FPA_OK) assert_memory_equal(&out[i * 2 + j], &one, sizeof one);
            else assert_true(isnan(out[i * 2 + j]));
        }
    assert_status(fpa_tvm_npv_grid(out, NULL, rates, 3, &values[0][0], 2, 40), FPA_EDOM);
    assert_status(fpa_tvm_npv_grid(out, NULL, rates, 0, &values[0][0], 2, 40), FPA_EINVAL);
}

/* Many flows take the chained path of fpa_tvm_npv: the plain Horner sum
 * in long double agrees, and a NaN anywhere is named. */
static void npv_many_flows(void **state)
{
    (void)state;
    static double v[1000];
    unsigned seed = 5;
    for (size_t n = 1; n <= 1000; n += 37) {
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = (double)(seed % 20001) - 8000;
        }
        double got;
        assert_ok(fpa_tvm_npv(&got, 0.004, v, n));
        long double d = 1.0L / 1.004L, acc = 0, mag = 0;
        for (size_t i = n; i-- > 0;) acc = (acc + v[i]) * d, mag = (mag + fabsl(v[i])) * d;
        assert_close(got, (double)acc, 0, 1e-14 * (double)mag);
        v[n / 2] = NAN;
        assert_status(fpa_tvm_npv(&got, 0.004, v, n), FPA_EDOM);
        char want[32];
        snprintf(want, sizeof want, "values[%zu] is NaN", n / 2);
        assert_string_equal(fpa_error_last(), want);
    }
    /* an overflow, not a NaN: the status says so */
    v[0] = 1e308, v[1] = 1e308;
    assert_status(fpa_tvm_npv(&v[2], -0.5, v, 2), FPA_EOVERFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spreadsheet_references),
        cmocka_unit_test(spreadsheet_roots),
        cmocka_unit_test(npv_at_irr_is_zero),
        cmocka_unit_test(xirr_batch_equals_single),
        cmocka_unit_test(bad_input_gives_status_and_detail),
        cmocka_unit_test(multiple_roots_follow_the_guess),
        cmocka_unit_test(gsl_never_sees_bad_input),
        cmocka_unit_test(every_function_checks_its_arguments),
        cmocka_unit_test(every_irr),
        cmocka_unit_test(map_equals_scalar_calls),
        cmocka_unit_test(map_and_batch_leave_the_error_record),
        cmocka_unit_test(npv_grid_equals_npv),
        cmocka_unit_test(npv_many_flows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
