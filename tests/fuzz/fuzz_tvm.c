/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: every time-value-of-money entry point on hostile
 * numbers, with GSL's default (aborting) error handler in place; dates;
 * and the core: options, their bounds and names, statuses, versions. The
 * first byte picks the call. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Descartes' rule of signs: a polynomial in 1 / (1 + r) has no more
 * positive roots than its coefficients have sign changes. */
static size_t sign_changes(const double *v, size_t n)
{
    size_t changes = 0;
    double last = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == 0) continue;
        if (last != 0 && (v[i] > 0) != (last > 0)) changes++;
        last = v[i];
    }
    return changes;
}

static void irr_roots(fuzz_in *in, const double *v, size_t n)
{
    double roots[64];
    size_t count = 0, cap = fz_byte(in) % 65;
    int at = snprintf(fz_note, sizeof fz_note, "the roots of");
    for (size_t i = 0; i < n && at > 0 && (size_t)at < sizeof fz_note - 30; i++)
        at += snprintf(fz_note + at, sizeof fz_note - (size_t)at, " %.17g", v[i]);
    fpa_status st = FZ(fpa_tvm_irr_roots(cap ? roots : NULL, cap, &count, v, n));
    if (st != FPA_OK && st != FPA_ESIZE) return;
    FZ_ASSERT((st == FPA_ESIZE) == (count > cap), "%zu roots, capacity %zu\n", count, cap);
    FZ_ASSERT(count <= sign_changes(v, n), "%zu roots of flows with %zu sign changes\n", count,
              sign_changes(v, n));
    for (size_t i = 0; i < count && i < cap; i++) {
        FZ_ASSERT(isfinite(roots[i]) && roots[i] > -1, "root %zu = %g\n", i, roots[i]);
        FZ_ASSERT(i == 0 || roots[i] > roots[i - 1], "roots %zu, %zu: %.17g, %.17g\n", i - 1, i,
                  roots[i - 1], roots[i]);
    }
}

/* The batch solves each schedule exactly as fpa_tvm_xirr() does. */
static void xirr_batch(fuzz_in *in, const double *v, const int64_t *days, size_t m, double guess)
{
    size_t off[5] = {0, fz_byte(in) % (m + 1), fz_byte(in) % (m + 1), fz_byte(in) % (m + 1), m};
    double r[4];
    fpa_status s4[4];
    fpa_opts *o = fz_opts(in);
    if (o && fz_byte(in) & 1) FZ(fpa_opts_set(o, FPA_OPT_TVM_DAY_COUNT, fz_byte(in) % 8));
    fpa_day_count basis = (fpa_day_count)fz_opt(o, FPA_OPT_TVM_DAY_COUNT);
    fpa_status st = FZ(fpa_tvm_xirr_batch(r, s4, v, days, off, 4, guess, o));
    if (st == FPA_OK)
        for (int k = 0; k < 4; k++) {
            double one = NAN;
            fpa_status s1 = FZ(fpa_tvm_xirr_dc(&one, v + off[k], days + off[k], off[k + 1] - off[k],
                                               guess, basis));
            FZ_ASSERT(s1 == s4[k] && (s1 != FPA_OK || memcmp(&one, &r[k], sizeof one) == 0),
                      "schedule %d: batch %s %.17g, single %s %.17g\n", k,
                      fpa_status_name(s4[k]), r[k], fpa_status_name(s1), one);
            FZ_ASSERT(s1 == FPA_OK ? isfinite(r[k]) : isnan(r[k]), "schedule %d: %s with %g\n",
                      k, fpa_status_name(s1), r[k]);
        }
    fz_opts_free(o);
}

static void dates(const int64_t *days, size_t nd, int y0, int m0, int d0)
{
    int y, mo, dd;
    int64_t day = nd ? days[0] : 0, back;
    if (FZ(fpa_date_to_ymd(&y, &mo, &dd, day)) == FPA_OK) {
        FZ_ASSERT(FZ(fpa_date_from_ymd(&back, y, mo, dd)) == FPA_OK && back == day,
                  "day %lld -> %d-%d-%d\n", (long long)day, y, mo, dd);
        FZ_ASSERT(mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31, "%d-%d-%d\n", y, mo, dd);
    }
    if (FZ(fpa_date_from_ymd(&back, y0, m0, d0)) == FPA_OK)
        FZ_ASSERT(FZ(fpa_date_to_ymd(&y, &mo, &dd, back)) == FPA_OK && y == y0 && mo == m0 &&
                  dd == d0, "%d-%d-%d -> %lld\n", y0, m0, d0, (long long)back);
}

/* The day-count versions are the 1.0 functions on ACT/365F; a fraction
 * reverses its sign with its dates; names are found again. */
static void day_counts(fuzz_in *in, const double *v, const int64_t *days, size_t m, double rate,
                       double guess)
{
    fpa_day_count basis = (fpa_day_count)(fz_byte(in) % 8);  /* 7 is invalid on purpose */
    double x = NAN, y = NAN, f = NAN, b = NAN;
    fpa_status st = FZ(fpa_tvm_xnpv_dc(&x, rate, v, days, m, basis));
    fz_finite(st, &x, 1);
    if (st == FPA_OK) {  /* the sum of the discounted flows */
        double sum = 0, mag = 0;
        for (size_t i = 0; i < m; i++) {
            double t;
            FZ_ASSERT(FZ(fpa_tvm_year_fraction(&t, days[0], days[i], basis)) == FPA_OK, "yf\n");
            double term = v[i] / pow(1 + rate, t);
            sum += term, mag += fabs(term);
        }
        if (isfinite(mag))
            FZ_ASSERT(fz_close(x, sum, mag, 1e-9), "XNPV %.17g, summed %.17g (%s)\n", x, sum,
                      fpa_tvm_day_count_name(basis));
    }
    if (basis == FPA_DAYCOUNT_ACT_365F) {
        fpa_status s1 = FZ(fpa_tvm_xnpv(&y, rate, v, days, m));
        FZ_ASSERT(s1 == st && (st != FPA_OK || memcmp(&x, &y, sizeof x) == 0),
                  "XNPV on ACT/365F: %s %.17g, 1.0: %s %.17g\n", fpa_status_name(st), x,
                  fpa_status_name(s1), y);
    }
    st = FZ(fpa_tvm_xirr_dc(&x, v, days, m, guess, basis));
    fz_finite(st, &x, 1);
    if (basis == FPA_DAYCOUNT_ACT_365F) {
        fpa_status s1 = FZ(fpa_tvm_xirr(&y, v, days, m, guess));
        FZ_ASSERT(s1 == st && (st != FPA_OK || memcmp(&x, &y, sizeof x) == 0),
                  "XIRR on ACT/365F: %s %.17g, 1.0: %s %.17g\n", fpa_status_name(st), x,
                  fpa_status_name(s1), y);
    }
    int64_t d0 = m ? days[0] : fz_i64(in), d1 = m > 1 ? days[1] : fz_i64(in);
    st = FZ(fpa_tvm_year_fraction(&f, d0, d1, basis));
    fz_finite(st, &f, 1);
    if (st == FPA_OK) {
        FZ_ASSERT(FZ(fpa_tvm_year_fraction(&b, d1, d0, basis)) == FPA_OK && b == -f,
                  "%s: from %lld to %lld %.17g, back %.17g\n", fpa_tvm_day_count_name(basis),
                  (long long)d0, (long long)d1, f, b);
        if (basis == FPA_DAYCOUNT_ACT_365F || basis == FPA_DAYCOUNT_ACT_360)
            FZ_ASSERT(f == (double)(d1 - d0) / (basis == FPA_DAYCOUNT_ACT_360 ? 360 : 365),
                      "%s: %.17g for %lld days\n", fpa_tvm_day_count_name(basis), f,
                      (long long)(d1 - d0));
    }
    const char *name = fpa_tvm_day_count_name(basis);
    fpa_day_count back;
    FZ_ASSERT((name != NULL) == ((unsigned)basis <= FPA_DAYCOUNT_NL_365), "basis %d\n", (int)basis);
    if (name) FZ_ASSERT(FZ(fpa_tvm_day_count_find(&back, name)) == FPA_OK && back == basis, "%s\n", name);
    char str[24];
    if (FZ(fpa_tvm_day_count_find(&back, fz_string(in, str, sizeof str))) == FPA_OK)
        FZ_ASSERT(fpa_tvm_day_count_name(back) != NULL, "%s\n", str);
}

/* One element of fpa_tvm_map(): the scalar function; `when` (argument 4
 * up to RATE, 5 up to CUMPRINC) 0 or 1, anything else FPA_EINVAL. */
static fpa_status scalar(double *out, fpa_tvm_fn fn, const double *a)
{
    double wa = fn <= FPA_TVM_RATE ? a[4] : fn <= FPA_TVM_CUMPRINC ? a[5] : 0;
    if (wa != 0 && wa != 1) {
        *out = NAN;
        return FPA_EINVAL;
    }
    fpa_when w = (fpa_when)(int)wa;
    switch (fn) {
    case FPA_TVM_PMT: return FZ(fpa_tvm_pmt(out, a[0], a[1], a[2], a[3], w));
    case FPA_TVM_PV: return FZ(fpa_tvm_pv(out, a[0], a[1], a[2], a[3], w));
    case FPA_TVM_FV: return FZ(fpa_tvm_fv(out, a[0], a[1], a[2], a[3], w));
    case FPA_TVM_NPER: return FZ(fpa_tvm_nper(out, a[0], a[1], a[2], a[3], w));
    case FPA_TVM_RATE: return FZ(fpa_tvm_rate(out, a[0], a[1], a[2], a[3], w, a[5]));
    case FPA_TVM_IPMT: return FZ(fpa_tvm_ipmt(out, a[0], a[1], a[2], a[3], a[4], w));
    case FPA_TVM_PPMT: return FZ(fpa_tvm_ppmt(out, a[0], a[1], a[2], a[3], a[4], w));
    case FPA_TVM_CUMIPMT: return FZ(fpa_tvm_cumipmt(out, a[0], a[1], a[2], a[3], a[4], w));
    case FPA_TVM_CUMPRINC: return FZ(fpa_tvm_cumprinc(out, a[0], a[1], a[2], a[3], a[4], w));
    case FPA_TVM_EFFECT: return FZ(fpa_tvm_effect(out, a[0], a[1]));
    case FPA_TVM_NOMINAL: return FZ(fpa_tvm_nominal(out, a[0], a[1]));
    case FPA_TVM_SLN: return FZ(fpa_tvm_sln(out, a[0], a[1], a[2]));
    case FPA_TVM_SYD: return FZ(fpa_tvm_syd(out, a[0], a[1], a[2], a[3]));
    case FPA_TVM_DDB: return FZ(fpa_tvm_ddb(out, a[0], a[1], a[2], a[3], a[4]));
    default: return FZ(fpa_tvm_db(out, a[0], a[1], a[2], a[3], a[4]));
    }
}

/* Each element of a map is the scalar function on its arguments: same
 * value, same status. */
static void map(fuzz_in *in, const double *v, size_t n)
{
    enum { MAXC = 16 };
    fpa_tvm_fn fn = (fpa_tvm_fn)(fz_byte(in) % 16);  /* 15 is invalid on purpose */
    unsigned arity = fpa_tvm_fn_arity(fn);
    FZ_ASSERT((arity >= 2 && arity <= 6) == ((unsigned)fn <= FPA_TVM_DB), "arity %u of %d\n",
              arity, (int)fn);
    static double pool[6][3 * MAXC];
    const double *args[6];
    ptrdiff_t strides[6];
    size_t count = fz_byte(in) % (MAXC + 1);
    for (int k = 0; k < 6; k++) {
        for (size_t i = 0; i < 3 * MAXC; i++)
            pool[k][i] = fz_byte(in) < 160 ? (double)(fz_byte(in) % 13) / (k ? 1 : 100) : n ? v[i % n] : 0;
        strides[k] = (ptrdiff_t[]){1, 0, -1, 2}[fz_byte(in) % 4];
        args[k] = strides[k] < 0 ? pool[k] + 3 * MAXC - 1 : pool[k];
    }
    double out[MAXC];
    fpa_status each[MAXC];
    int with_status = fz_byte(in) & 1;
    fpa_opts *o = fz_opts(in);
    fz_watch w;
    fz_progress_watch(&w, o, fz_byte(in) % 8 == 0 ? 1 + fz_byte(in) % 4 : 0);
    fpa_status st = FZ(fpa_tvm_map(out, with_status ? each : NULL, count, fn, args, strides, o));
    fz_progress_check(&w, o, st);
    fz_opts_free(o);
    if (st == FPA_EINVAL && !arity) return;
    if (st == FPA_ECANCELED || st == FPA_ENOMEM) return;
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        double a[6] = {0}, one = NAN;
        for (unsigned k = 0; k < arity; k++) a[k] = args[k][(ptrdiff_t)i * strides[k]];
        fpa_status s1 = scalar(&one, fn, a);
        if (!with_status && failed) break;
        if (with_status) {
            FZ_ASSERT(each[i] == s1 && (s1 == FPA_OK ? memcmp(&one, &out[i], sizeof one) == 0
                                                      : isnan(out[i])),
                      "element %zu: %s %.17g, the scalar %s %.17g\n", i,
                      fpa_status_name(each[i]), out[i], fpa_status_name(s1), one);
        } else if (s1 != FPA_OK) {
            FZ_ASSERT(st == s1, "element %zu failed with %s, the map returned %s\n", i,
                      fpa_status_name(s1), fpa_status_name(st));
        } else {
            FZ_ASSERT(memcmp(&one, &out[i], sizeof one) == 0, "element %zu: %.17g, the scalar "
                      "%.17g\n", i, out[i], one);
        }
        failed |= s1 != FPA_OK;
    }
    FZ_ASSERT(with_status ? st == (failed ? FPA_PARTIAL : FPA_OK) : (st == FPA_OK) == !failed,
              "%s with%s failing elements\n", fpa_status_name(st), failed ? "" : "out");
}

/* Each pair of a grid is fpa_tvm_npv() of the row at the rate. */
static void npv_grid(fuzz_in *in, const double *v, size_t n)
{
    double rates[4], out[4 * 8], one;
    fpa_status each[4 * 8];
    size_t nrates = fz_byte(in) % 5, cols = 1 + fz_byte(in) % 8, rows = cols ? n / cols : 0;
    if (rows > 8) rows = 8;
    for (size_t i = 0; i < 4; i++) rates[i] = fz_byte(in) < 200 ? (fz_byte(in) % 21) / 100.0 : fz_double(in);
    int with_status = fz_byte(in) & 1;
    fpa_status st = FZ(fpa_tvm_npv_grid(out, with_status ? each : NULL, rates, nrates, v, rows, cols));
    if (st != FPA_OK && st != FPA_PARTIAL) return;
    int failed = 0;
    for (size_t i = 0; i < nrates; i++)
        for (size_t j = 0; j < rows; j++) {
            fpa_status s1 = FZ(fpa_tvm_npv(&one, rates[i], v + j * cols, cols));
            double got = out[i * rows + j];
            FZ_ASSERT(s1 == FPA_OK ? memcmp(&one, &got, sizeof one) == 0 && (!with_status || each[i * rows + j] == FPA_OK)
                                   : with_status && isnan(got) && each[i * rows + j] == s1,
                      "rate %zu, row %zu: %s %.17g, alone %s %.17g\n", i, j,
                      with_status ? fpa_status_name(each[i * rows + j]) : "", got,
                      fpa_status_name(s1), one);
            failed |= s1 != FPA_OK;
        }
    FZ_ASSERT((st == FPA_PARTIAL) == failed, "%s\n", fpa_status_name(st));
}

/* An ISO 8601 date: what parses is a day that prints back to itself. */
static void date_text(fuzz_in *in)
{
    char text[32];
    size_t len;
    if (fz_byte(in) < 160) {
        len = (size_t)snprintf(text, sizeof text, "%04d-%02d-%02d", (int)(fz_u64(in) % 10000),
                               (int)(fz_byte(in) % 14), (int)(fz_byte(in) % 33));
        if (fz_byte(in) < 64) text[fz_byte(in) % len] = (char)fz_byte(in);
    } else {
        len = strlen(fz_string(in, text, sizeof text));
    }
    int64_t day;
    int y, mo, d;
    if (FZ(fpa_date_parse(&day, text, len)) != FPA_OK) return;
    FZ_ASSERT(FZ(fpa_date_to_ymd(&y, &mo, &d, day)) == FPA_OK, "%.*s\n", (int)len, text);
    char back[32];
    snprintf(back, sizeof back, "-%02d-%02d", mo, d);
    FZ_ASSERT(len >= 10 && memcmp(text + len - 6, back, 6) == 0 &&
              (y < 0 || y > 9999 || (strtol(text, NULL, 10) == y && len == 10) ||
               text[0] == '+' || text[0] == '-'),
              "\"%.*s\" read as %d-%02d-%02d\n", (int)len, text, y, mo, d);
}

/* Options by key, their names and bounds; statuses; versions. */
static void core(fuzz_in *in)
{
    int key, found;
    size_t index = fz_byte(in) % 80;
    if (FZ(fpa_opt_key(&key, index)) == FPA_OK) {
        const char *name = fpa_opt_name(key);
        FZ_ASSERT(name && name[0], "key %d has no name\n", key);
        FZ_ASSERT(FZ(fpa_opt_find(&found, name)) == FPA_OK && found == key, "%s\n", name);
        int prev;
        FZ_ASSERT(index == 0 || (FZ(fpa_opt_key(&prev, index - 1)) == FPA_OK && prev < key),
                  "keys are not increasing at %zu\n", index);
    } else {
        FZ_ASSERT(index > 0, "no option at all\n");
    }
    char s[32];
    if (FZ(fpa_opt_find(&found, fz_string(in, s, sizeof s))) == FPA_OK)
        FZ_ASSERT(strcmp(fpa_opt_name(found), s) == 0, "%s found %d\n", s, found);
    int keys[256];
    size_t nkeys = 0;
    while (nkeys < 256 && fpa_opt_key(&keys[nkeys], nkeys) == FPA_OK) nkeys++;
    fpa_error_clear();
    fpa_opts *o = fz_opts(in);
    fz_set_some(in, o, keys, nkeys);
    double lo, hi, def, now;
    int any = (int)(fz_byte(in) % 1200);
    if (FZ(fpa_opt_bounds(&lo, &hi, &def, any)) == FPA_OK) {
        FZ_ASSERT(lo <= def && def <= hi, "key %d: default %g outside [%g, %g]\n", any, def, lo,
                  hi);
        fpa_opts_reset(o);
        FZ_ASSERT(FZ(fpa_opts_get(&now, o, any)) == FPA_OK && now == def, "key %d reset\n", any);
        FZ_ASSERT(FZ(fpa_opts_get(&now, NULL, any)) == FPA_OK && now == def, "key %d\n", any);
    } else {
        FZ_ASSERT(fpa_opt_name(any) == NULL, "key %d has a name but no bounds\n", any);
    }
    fz_watch w;
    fz_progress_watch(&w, o, 0);
    if (o) FZ(fpa_opts_set_progress(o, NULL, NULL));
    fz_opts_free(o);
    fpa_status st = (fpa_status)((int)fz_byte(in) - 128);
    FZ_ASSERT(fpa_status_str(st) && fpa_status_name(st), "status %d\n", (int)st);
    FZ_ASSERT(fpa_version() == FPA_VERSION_NUMBER &&
              strcmp(fpa_version_string(), FPA_VERSION_STRING) == 0, "version\n");
    fpa_error_clear();
    FZ_ASSERT(fpa_error_last_status() == FPA_OK && fpa_error_last()[0] == 0, "cleared\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    fz_note[0] = '\0';
    uint8_t which = fz_byte(&in);
    double v[64], out = 0, a = fz_double(&in), b = fz_double(&in), c = fz_double(&in),
           d = fz_double(&in), e = fz_double(&in);
    int64_t days[64];
    fpa_when w = (fpa_when)(fz_byte(&in) % 3);  /* 2 is invalid on purpose */
    size_t n = fz_doubles(&in, v, 64), nd = fz_days(&in, days, 64);
    size_t m = n < nd ? n : nd;
    fpa_status st = FPA_OK;
    switch (which % 32) {  /* room for more calls without moving the seeds */
    case 0: st = FZ(fpa_tvm_npv(&out, a, v, n)); break;
    case 1: st = FZ(fpa_tvm_irr(&out, v, n, a)); break;
    case 2: st = FZ(fpa_tvm_mirr(&out, v, n, a, b)); break;
    case 3: st = FZ(fpa_tvm_xnpv(&out, a, v, days, m)); break;
    case 4: st = FZ(fpa_tvm_xirr(&out, v, days, m, a)); break;
    case 5: st = FZ(fpa_tvm_pmt(&out, a, b, c, d, w)); break;
    case 6: st = FZ(fpa_tvm_pv(&out, a, b, c, d, w)); break;
    case 7: st = FZ(fpa_tvm_fv(&out, a, b, c, d, w)); break;
    case 8: st = FZ(fpa_tvm_nper(&out, a, b, c, d, w)); break;
    case 9: st = FZ(fpa_tvm_rate(&out, a, b, c, d, w, e)); break;
    case 10: st = FZ(fpa_tvm_ipmt(&out, a, b, c, d, e, w)); break;
    case 11: st = FZ(fpa_tvm_ppmt(&out, a, b, c, d, e, w)); break;
    case 12: st = FZ(fpa_tvm_cumipmt(&out, a, b, c, d, e, w)); break;
    case 13: st = FZ(fpa_tvm_cumprinc(&out, a, b, c, d, e, w)); break;
    case 14: st = FZ(fpa_tvm_effect(&out, a, b)); break;
    case 15: st = FZ(fpa_tvm_nominal(&out, a, b)); break;
    case 16: st = FZ(fpa_tvm_sln(&out, a, b, c)); break;
    case 17: st = FZ(fpa_tvm_syd(&out, a, b, c, d)); break;
    case 18: st = FZ(fpa_tvm_ddb(&out, a, b, c, d, e)); break;
    case 19: st = FZ(fpa_tvm_db(&out, a, b, c, d, e)); break;
    case 20: xirr_batch(&in, v, days, m, a); break;
    case 21: dates(days, nd, (int)fz_i64(&in), (int)(fz_byte(&in) % 14), (int)(fz_byte(&in) % 33));
        break;
    case 22: irr_roots(&in, v, n); break;
    case 23: day_counts(&in, v, days, m, a, b); break;
    case 24: map(&in, v, n); break;
    case 25: npv_grid(&in, v, n); break;
    case 26: date_text(&in); break;
    default: core(&in); break;
    }
    fz_finite(st, &out, 1);
    return 0;
}
