/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers shared by the files of the tvm module. */
#ifndef FPA_TVM_INTERNAL_H
#define FPA_TVM_INTERNAL_H

#include "fpa/tvm.h"

#include "../core/internal.h"

#include <stdio.h>
#include <string.h>

fpa_status fpa__tvm_check_rate(double r, const char *what);
fpa_status fpa__tvm_check_when(fpa_when w);

/* Report the first non-finite scalar argument by name; `names` is the
 * stringified argument list, "rate, nper, pv, fv". */
fpa_status fpa__tvm_check_args(const char *names, const double *v, size_t n);
#define CHECK_VALUES(...)                                                     \
    do {                                                                      \
        const double v_[] = {__VA_ARGS__};                                    \
        TRY(fpa__tvm_check_args(#__VA_ARGS__, v_, sizeof v_ / sizeof *v_));   \
    } while (0)

/* The thread's error record, put aside by calls that record failures of
 * their parts (one schedule, one element) but succeed as a whole: a
 * successful call leaves the record as it found it. */
typedef struct {
    fpa_status status;
    char detail[512];
} fpa__tvm_error;

static inline void fpa__tvm_error_save(fpa__tvm_error *e)
{
    const char *d = fpa_error_last();
    size_t len = strnlen(d, sizeof e->detail - 1);
    e->status = fpa_error_last_status();
    memcpy(e->detail, d, len);
    e->detail[len] = '\0';
}

static inline void fpa__tvm_error_restore(const fpa__tvm_error *e)
{
    if (e->status == FPA_OK && !e->detail[0]) fpa_error_clear();
    else fpa__fail(e->status, "%s", e->detail);
}

/* Year fraction from `from` to `to` under `basis` (negative when `to` is
 * earlier), for day numbers already range-checked; `basis` is valid. */
double fpa__year_fraction(int64_t from, int64_t to, fpa_day_count basis);
fpa_status fpa__check_day_count(fpa_day_count basis);

#endif
