/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status text and the thread-local record of the last failure. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Thread-local rather than global: one thread's failure must never be read
 * (or overwritten) by another, and no lock is needed. */
static _Thread_local fpa__error_record last_error;

static const struct {
    fpa_status status;
    const char *name, *text;
} statuses[] = {
    {FPA_OK, "FPA_OK", "success"},
    {FPA_EINVAL, "FPA_EINVAL", "invalid argument"},
    {FPA_EDOM, "FPA_EDOM", "input outside the function's domain"},
    {FPA_ENOCONV, "FPA_ENOCONV", "no solution found"},
    {FPA_ENOMEM, "FPA_ENOMEM", "out of memory"},
    {FPA_EOVERFLOW, "FPA_EOVERFLOW", "result not representable"},
    {FPA_ESIZE, "FPA_ESIZE", "output buffer too small"},
    {FPA_EUNBOUNDED, "FPA_EUNBOUNDED", "result is unbounded"},
    {FPA_EDATA, "FPA_EDATA", "inconsistent data"},
    {FPA_ESYSTEM, "FPA_ESYSTEM", "system resource unavailable"},
    {FPA_ECANCELED, "FPA_ECANCELED", "cancelled by the host"},
    {FPA_PARTIAL, "FPA_PARTIAL", "partial result: some outputs are undefined"},
};

const char *fpa_status_str(fpa_status status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (statuses[i].status == status) return statuses[i].text;
    return "unknown status";
}

const char *fpa_status_name(fpa_status status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (statuses[i].status == status) return statuses[i].name;
    return "FPA_UNKNOWN";
}

const char *fpa_error_last(void) { return last_error.detail; }

fpa_status fpa_error_last_status(void) { return last_error.status; }

void fpa_error_clear(void)
{
    last_error.status = FPA_OK;
    last_error.detail[0] = '\0';
}

void fpa__error_keep(fpa__error_record *r) { *r = last_error; }

void fpa__error_put_back(const fpa__error_record *r) { last_error = *r; }

fpa_status fpa__vfail(fpa_status status, const char *fmt, va_list ap)
{
    /* Format aside first: callers may pass fpa_error_last() itself as an
     * argument, to prefix a deeper failure's detail. */
    char detail[sizeof last_error.detail];
    if (vsnprintf(detail, sizeof detail, fmt, ap) < 0) detail[0] = '\0';
    memcpy(last_error.detail, detail, sizeof detail);
    last_error.status = status;
    return status;
}

fpa_status fpa__fail(fpa_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpa__vfail(status, fmt, ap);
    va_end(ap);
    return status;
}

fpa_status fpa__check_ptr(const void *p, const char *what)
{
    return p ? FPA_OK : fpa__fail(FPA_EINVAL, "%s is NULL", what);
}

fpa_status fpa__check_value(double v, const char *what)
{
    if (fpa__finite(v)) return FPA_OK;
    return fpa__fail(FPA_EDOM, "%s is %s", what,
                     isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
}

fpa_status fpa__check_finite(const double *x, size_t n, size_t min_n,
                             const char *what)
{
    if (!x && n) return fpa__fail(FPA_EINVAL, "%s is NULL", what);
    if (n < min_n)
        return fpa__fail(FPA_EINVAL, "%s has %zu value%s, needs at least %zu",
                         what, n, n == 1 ? "" : "s", min_n);
    for (size_t i = 0; i < n; i++)
        if (FPA_UNLIKELY(!fpa__finite(x[i])))
            return fpa__fail(FPA_EDOM, "%s[%zu] is %s", what, i,
                             isnan(x[i]) ? "NaN"
                                         : (x[i] > 0 ? "+Inf" : "-Inf"));
    return FPA_OK;
}

fpa_status fpa__store(double *out, double v, const char *what)
{
    if (FPA_UNLIKELY(!fpa__finite(v)))
        return fpa__fail(FPA_EOVERFLOW, "%s is not finite (%s)", what,
                         isnan(v) ? "NaN" : "overflow");
    *out = v;
    return FPA_OK;
}

fpa_status fpa__check_days(const int64_t *d, size_t n, const char *what)
{
    const int64_t lim = (int64_t)1 << 40;
    for (size_t i = 0; i < n; i++)
        if (d[i] > lim || d[i] < -lim)
            return fpa__fail(FPA_EDOM, "%s[%zu] = %lld is outside +-2^40 days", what, i,
                             (long long)d[i]);
    return FPA_OK;
}
