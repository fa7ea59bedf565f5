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
    fpa_status st = FZ(fpa_tvm_xirr_batch(r, s4, v, days, off, 4, guess, o));
    if (st == FPA_OK)
        for (int k = 0; k < 4; k++) {
            double one = NAN;
            fpa_status s1 = FZ(fpa_tvm_xirr(&one, v + off[k], days + off[k], off[k + 1] - off[k],
                                            guess));
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
    default: core(&in); break;
    }
    fz_finite(st, &out, 1);
    return 0;
}
