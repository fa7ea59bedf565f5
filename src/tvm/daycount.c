/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Day-count bases: the year fraction between two dates. Definitions from
 * the 2006 ISDA Definitions, section 4.16 (Actual/Actual (ISDA), Actual/365
 * (Fixed), Actual/360, 30E/360), QuantLib's Thirty360::USA (30/360 US with
 * the end-of-February rules) and Actual365Fixed::NoLeap (NL/365), under the
 * names pyxirr uses. */
#include "tvm_internal.h"

#include <ctype.h>

static const struct {
    const char *name;    /* canonical, as fpa_tvm_day_count_name() gives it */
    const char *aliases; /* other accepted spellings, ';'-separated, lower case */
} bases[] = {
    [FPA_DAYCOUNT_ACT_365F] = {"ACT/365F", "actual/365f;act/365 fixed;actual/365 fixed;a/365f;"
                                           "act_365f;english"},
    [FPA_DAYCOUNT_ACT_360] = {"ACT/360", "actual/360;a/360;act_360;french"},
    [FPA_DAYCOUNT_ACT_365_25] = {"ACT/365.25", "actual/365.25;a/365.25;act_365_25"},
    [FPA_DAYCOUNT_ACT_ACT_ISDA] = {"ACT/ACT ISDA", "actual/actual isda;act/act;actual/actual;"
                                                   "act_act_isda"},
    [FPA_DAYCOUNT_30_360_US] = {"30/360 US", "30u/360;30us/360;30/360 sia;thirty_u_360"},
    [FPA_DAYCOUNT_30E_360] = {"30E/360", "30/360 isma;eurobond basis;thirty_e_360"},
    [FPA_DAYCOUNT_NL_365] = {"NL/365", "nl365;actual/365 no leap;nl_365"},
};
enum { NBASES = sizeof bases / sizeof *bases };

fpa_status fpa__check_day_count(fpa_day_count basis)
{
    if ((unsigned)basis < NBASES) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "basis is %d; expected an fpa_day_count (0 .. %d)",
                     (int)basis, NBASES - 1);
}

const char *fpa_tvm_day_count_name(fpa_day_count basis)
{
    return (unsigned)basis < NBASES ? bases[basis].name : NULL;
}

/* `name` equals `len` bytes of `cand`, ignoring ASCII case. */
static bool same_name(const char *name, const char *cand, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!name[i] || tolower((unsigned char)name[i]) != tolower((unsigned char)cand[i]))
            return false;
    return name[len] == '\0';
}

fpa_status fpa_tvm_day_count_find(fpa_day_count *out, const char *name)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(name, "name"));
    for (int b = 0; b < NBASES; b++) {
        bool hit = same_name(name, bases[b].name, strlen(bases[b].name));
        for (const char *a = bases[b].aliases; !hit && *a;) {
            size_t len = strcspn(a, ";");
            hit = same_name(name, a, len);
            a += len + (a[len] == ';');
        }
        if (hit) {
            *out = (fpa_day_count)b;
            return FPA_OK;
        }
    }
    return fpa__fail(FPA_EINVAL, "\"%.64s\" names no day-count basis; expected ACT/365F, "
                     "ACT/360, ACT/365.25, ACT/ACT ISDA, 30/360 US, 30E/360 or NL/365",
                     name);
}

/* ---- the calendar ------------------------------------------------------- */

typedef struct {
    int64_t y;
    int m, d;
} ymd;

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static ymd civil(int64_t days)
{
    ymd a;
    fpa__civil(days, &a.y, &a.m, &a.d);
    return a;
}

/* Day number of January 1 of year y. */
static int64_t jan1(int64_t y)
{
    int64_t x = y - 1;  /* days before y in the proleptic calendar, from year 0 */
    int64_t fl4 = x >= 0 ? x / 4 : (x - 3) / 4, fl100 = x >= 0 ? x / 100 : (x - 99) / 100,
            fl400 = x >= 0 ? x / 400 : (x - 399) / 400;
    return 365 * y + fl4 - fl100 + fl400 + 1 - 719528;
}

static bool last_of_february(ymd a) { return a.m == 2 && a.d == (leap(a.y) ? 29 : 28); }

static int64_t days360(ymd a, int64_t d1, int64_t d2, ymd b)
{
    return 360 * (b.y - a.y) + 30 * (int64_t)(b.m - a.m) + (d2 - d1);
}

/* ---- year fractions ------------------------------------------------------ */

/* Actual/Actual (ISDA), 4.16(b): the days falling in leap years over 366
 * plus the others over 365, for from <= to. */
static double act_act_isda(int64_t from, int64_t to)
{
    int64_t y1 = civil(from).y, y2 = civil(to).y;
    double len1 = leap(y1) ? 366 : 365, len2 = leap(y2) ? 366 : 365;
    if (y1 == y2) return (double)(to - from) / len1;
    return (double)(jan1(y1 + 1) - from) / len1 + (double)(y2 - y1 - 1) +
           (double)(to - jan1(y2)) / len2;
}

/* 30/360 US (QuantLib's Thirty360::USA, pyxirr's 30U/360): both ends on the
 * last day of February count as the 30th; then D2 = 31 becomes 30 when D1
 * is 30 or 31, and D1 = 31 becomes 30. */
static int64_t thirty_360_us(ymd a, ymd b)
{
    int64_t d1 = a.d, d2 = b.d;
    if (last_of_february(a)) {
        if (last_of_february(b)) d2 = 30;
        d1 = 30;
    }
    if (d2 == 31 && d1 >= 30) d2 = 30;
    if (d1 == 31) d1 = 30;
    return days360(a, d1, d2, b);
}

/* 30E/360, 4.16(g): a 31st counts as the 30th at either end. */
static int64_t thirty_e_360(ymd a, ymd b)
{
    return days360(a, a.d == 31 ? 30 : a.d, b.d == 31 ? 30 : b.d, b);
}

/* NL/365 (QuantLib's Actual365Fixed::NoLeap): days of a calendar without
 * February 29, which counts as February 28. */
static int64_t no_leap_serial(ymd a)
{
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return a.y * 365 + before[a.m - 1] + a.d - (a.m == 2 && a.d == 29);
}

double fpa__year_fraction(int64_t from, int64_t to, fpa_day_count basis)
{
    switch (basis) {
    case FPA_DAYCOUNT_ACT_360: return (double)(to - from) / 360;
    case FPA_DAYCOUNT_ACT_365_25: return (double)(to - from) / 365.25;
    case FPA_DAYCOUNT_ACT_ACT_ISDA:
        return from <= to ? act_act_isda(from, to) : -act_act_isda(to, from);
    case FPA_DAYCOUNT_30_360_US:  /* its end-of-month rules are not symmetric in the dates */
        return from <= to ? (double)thirty_360_us(civil(from), civil(to)) / 360
                          : -(double)thirty_360_us(civil(to), civil(from)) / 360;
    case FPA_DAYCOUNT_30E_360: return (double)thirty_e_360(civil(from), civil(to)) / 360;
    case FPA_DAYCOUNT_NL_365:
        return (double)(no_leap_serial(civil(to)) - no_leap_serial(civil(from))) / 365;
    case FPA_DAYCOUNT_ACT_365F:
    default: return (double)(to - from) / 365;
    }
}

fpa_status fpa_tvm_year_fraction(double *out, int64_t from, int64_t to, fpa_day_count basis)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_day_count(basis));
    TRY(fpa__check_days(&from, 1, "from"));
    TRY(fpa__check_days(&to, 1, "to"));
    *out = fpa__year_fraction(from, to, basis);
    return FPA_OK;
}
