/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: every time-value-of-money entry point on hostile
 * numbers, with GSL's default (aborting) error handler in place. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    double v[64], out = 0, a = fz_double(&in), b = fz_double(&in), c = fz_double(&in),
           d = fz_double(&in), e = fz_double(&in);
    int64_t days[64];
    fpa_when w = (fpa_when)(fz_byte(&in) % 3);  /* 2 is invalid on purpose */
    size_t n = fz_doubles(&in, v, 64), nd = fz_days(&in, days, 64);
    size_t m = n < nd ? n : nd;
    fpa_status st;
    switch (fz_byte(&in) % 22) {
    case 0: st = fpa_tvm_npv(&out, a, v, n); break;
    case 1: st = fpa_tvm_irr(&out, v, n, a); break;
    case 2: st = fpa_tvm_mirr(&out, v, n, a, b); break;
    case 3: st = fpa_tvm_xnpv(&out, a, v, days, m); break;
    case 4: st = fpa_tvm_xirr(&out, v, days, m, a); break;
    case 5: st = fpa_tvm_pmt(&out, a, b, c, d, w); break;
    case 6: st = fpa_tvm_pv(&out, a, b, c, d, w); break;
    case 7: st = fpa_tvm_fv(&out, a, b, c, d, w); break;
    case 8: st = fpa_tvm_nper(&out, a, b, c, d, w); break;
    case 9: st = fpa_tvm_rate(&out, a, b, c, d, w, e); break;
    case 10: st = fpa_tvm_ipmt(&out, a, b, c, d, e, w); break;
    case 11: st = fpa_tvm_ppmt(&out, a, b, c, d, e, w); break;
    case 12: st = fpa_tvm_cumipmt(&out, a, b, c, d, e, w); break;
    case 13: st = fpa_tvm_cumprinc(&out, a, b, c, d, e, w); break;
    case 14: st = fpa_tvm_effect(&out, a, b); break;
    case 15: st = fpa_tvm_nominal(&out, a, b); break;
    case 16: st = fpa_tvm_sln(&out, a, b, c); break;
    case 17: st = fpa_tvm_syd(&out, a, b, c, d); break;
    case 18: st = fpa_tvm_ddb(&out, a, b, c, d, e); break;
    case 19: st = fpa_tvm_db(&out, a, b, c, d, e); break;
    case 20: {
        /* batch: offsets from the input, possibly decreasing */
        size_t off[5] = {0, fz_byte(&in) % (m + 1), fz_byte(&in) % (m + 1),
                         fz_byte(&in) % (m + 1), m};
        double r[4];
        fpa_status s4[4];
        st = fpa_tvm_xirr_batch(r, s4, v, days, off, 4, a, NULL);
        if (st == FPA_OK)
            for (int k = 0; k < 4; k++) FZ_CHECK(s4[k], r[k]);
        out = 0;
        break;
    }
    default: {
        int y, mo, dd;
        int64_t day = nd ? days[0] : 0, back;
        st = fpa_date_to_ymd(&y, &mo, &dd, day);
        if (st == FPA_OK && (fpa_date_from_ymd(&back, y, mo, dd) != FPA_OK || back != day))
            abort();
        out = 0;
        break;
    }
    }
    FZ_CHECK(st, out);
    return 0;
}
