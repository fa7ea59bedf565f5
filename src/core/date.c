/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Civil-date arithmetic on the proleptic Gregorian calendar, in 400-year
 * eras (H. Hinnant, "chrono-compatible low-level date algorithms"). */
#include "internal.h"

enum { YEAR_LIMIT = 1000000 };
/* day numbers of 1000000-12-31 and -1000000-01-01 */
static const int64_t MAX_DAYS = 364523337;
static const int64_t MIN_DAYS = -365962028;

static int days_in_month(int64_t y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

fpa_status fpa_date_from_ymd(int64_t *out, int year, int month, int day)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (year < -YEAR_LIMIT || year > YEAR_LIMIT)
        return fpa__fail(FPA_EDOM, "year %d is outside -%d .. %d", year,
                         YEAR_LIMIT, YEAR_LIMIT);
    if (month < 1 || month > 12)
        return fpa__fail(FPA_EDOM, "month %d is outside 1 .. 12", month);
    if (day < 1 || day > days_in_month(year, month))
        return fpa__fail(FPA_EDOM, "%04d-%02d has no day %d", year, month, day);
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = era * 146097 + doe - 719468;
    return FPA_OK;
}

void fpa__civil(int64_t days, int64_t *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = (int)m;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

fpa_status fpa_date_to_ymd(int *out_year, int *out_month, int *out_day,
                           int64_t days)
{
    if (!out_year || !out_month || !out_day)
        return fpa__fail(FPA_EINVAL, "an output pointer is NULL");
    if (days < MIN_DAYS || days > MAX_DAYS)
        return fpa__fail(FPA_EDOM, "day number %lld is outside the supported range",
                         (long long)days);
    int64_t y;
    fpa__civil(days, &y, out_month, out_day);
    *out_year = (int)y;
    return FPA_OK;
}

/* `len` digits of `p` as a number (len <= 7, so no overflow). */
static int64_t digits(const char *p, size_t len)
{
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) v = v * 10 + (p[i] - '0');
    return v;
}

static bool all_digits(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] < '0' || p[i] > '9') return false;
    return true;
}

fpa_status fpa_date_parse(int64_t *out, const char *text, size_t len)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!text) return fpa__fail(FPA_EINVAL, "text is NULL");
    /* year digits: everything before the "-MM-DD" tail */
    size_t sign = len && (text[0] == '+' || text[0] == '-');
    size_t ylen = len >= 6 ? len - 6 - sign : 0;
    bool ok = len >= 6 && (sign ? ylen >= 4 && ylen <= 7 : ylen == 4) &&
              all_digits(text + sign, ylen) && text[len - 6] == '-' &&
              all_digits(text + len - 5, 2) && text[len - 3] == '-' &&
              all_digits(text + len - 2, 2);
    if (!ok)
        return fpa__fail(FPA_EINVAL, "\"%.*s\"%s is not a YYYY-MM-DD date (ISO 8601, "
                         "e.g. 2024-03-05)", len > 40 ? 40 : (int)len, text,
                         len > 40 ? "..." : "");
    int64_t year = digits(text + sign, ylen);
    if (sign && text[0] == '-') year = -year;
    if (year < -YEAR_LIMIT || year > YEAR_LIMIT)
        return fpa__fail(FPA_EDOM, "\"%.*s\": year %lld is outside -%d .. %d", (int)len,
                         text, (long long)year, YEAR_LIMIT, YEAR_LIMIT);
    return fpa_date_from_ymd(out, (int)year, (int)digits(text + len - 5, 2),
                             (int)digits(text + len - 2, 2));
}
