/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customer movements from activity rows: customers active, acquired and
 * lost by period; the recurring-revenue movements between two periods
 * (the inputs of fpa_unit_revenue_retention()); the mean logo churn of a
 * window. Rows are grouped by sorting a copy on (customer, period, row),
 * so sums add in row order whatever the order of the customers. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct move_row {
    int64_t customer, cohort, period;
    double revenue;
    size_t row;
} move_row;

static int by_customer_period(const void *a, const void *b)
{
    const move_row *x = a, *y = b;
    if (x->customer != y->customer) return x->customer < y->customer ? -1 : 1;
    if (x->period != y->period) return x->period < y->period ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* A sorted copy of the rows; cohort and revenue may be NULL. */
static fpa_status sorted_rows(move_row **out, const int64_t *customer, const int64_t *cohort,
                              const int64_t *period, const double *revenue, size_t n,
                              const fpa_mem *m)
{
    *out = NULL;
    if (!n) return FPA_OK;
    move_row *r = fpa__alloc(m, n, sizeof *r, false);
    if (!r) return FPA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double v = revenue ? revenue[i] : 0;
        if (!fpa__finite(v)) {
            fpa__free(m, r, n, sizeof *r);
            return fpa__fail(FPA_EDOM, "revenue[%zu] is %s", i, isnan(v) ? "NaN" : "infinite");
        }
        r[i] = (move_row){customer[i], cohort ? cohort[i] : 0, period[i], v, i};
    }
    qsort(r, n, sizeof *r, by_customer_period);
    *out = r;
    return FPA_OK;
}

/* Period p's index in the window [first, first + periods), or SIZE_MAX. */
static size_t slot_of(int64_t p, int64_t first, size_t periods)
{
    int64_t d;
    if (!fpa__sub_i64(&d, p, first) || d < 0 || (uint64_t)d >= periods) return SIZE_MAX;
    return (size_t)d;
}

static fpa_status count_rows(double *out, size_t periods, int64_t first, const move_row *r,
                             size_t n)
{
    double *active = out, *acquired = out + periods, *lost = out + 2 * periods;
    for (size_t i = 0; i < n; i++) {
        bool new_customer = i == 0 || r[i].customer != r[i - 1].customer;
        if (!new_customer && r[i].cohort != r[i - 1].cohort)
            return fpa__fail(FPA_EDATA, "customer %lld has cohort %lld on row %zu and %lld "
                             "on row %zu", (long long)r[i].customer, (long long)r[i - 1].cohort,
                             r[i - 1].row, (long long)r[i].cohort, r[i].row);
        if (!new_customer && r[i].period == r[i - 1].period) continue;
        size_t k = slot_of(r[i].period, first, periods);
        if (k != SIZE_MAX) active[k]++;
        if (new_customer && (k = slot_of(r[i].cohort, first, periods)) != SIZE_MAX)
            acquired[k]++;
        /* lost the period after its last active one of a run */
        size_t j = i + 1;
        while (j < n && r[j].customer == r[i].customer && r[j].period == r[i].period) j++;
        bool next = j < n && r[j].customer == r[i].customer && r[j].period == r[i].period + 1;
        if (!next && r[i].period < INT64_MAX &&
            (k = slot_of(r[i].period + 1, first, periods)) != SIZE_MAX)
            lost[k]++;
    }
    return FPA_OK;
}

fpa_status fpa_unit_customer_counts(double *out, size_t periods, int64_t first,
                                    const int64_t *customer, const int64_t *cohort,
                                    const int64_t *period, size_t n, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    if (n) {
        TRY(fpa__check_ptr(customer, "customer"));
        TRY(fpa__check_ptr(cohort, "cohort"));
        TRY(fpa__check_ptr(period, "period"));
    }
    size_t cells;
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(periods, 3, &cells))
        return fpa__fail(FPA_EINVAL, "periods is too large");
    for (size_t i = 0; i < n; i++)
        if (period[i] < cohort[i])
            return fpa__fail(FPA_EDATA, "row %zu: period %lld precedes its cohort %lld", i,
                             (long long)period[i], (long long)cohort[i]);
    fpa_mem m = fpa__mem_of(opts);
    move_row *r;
    TRY(sorted_rows(&r, customer, cohort, period, NULL, n, &m));
    for (size_t k = 0; k < cells; k++) out[k] = 0;
    fpa_status st = count_rows(out, periods, first, r, n);
    fpa__free(&m, r, n, sizeof *r);
    return st;
}

fpa_status fpa_unit_revenue_movements(double *out, const int64_t *customer,
                                      const int64_t *period, const double *revenue, size_t n,
                                      int64_t start, int64_t end, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    if (n) {
        TRY(fpa__check_ptr(customer, "customer"));
        TRY(fpa__check_ptr(period, "period"));
        TRY(fpa__check_ptr(revenue, "revenue"));
    }
    if (end <= start)
        return fpa__fail(FPA_EDOM, "end %lld is not after start %lld", (long long)end,
                         (long long)start);
    fpa_mem m = fpa__mem_of(opts);
    move_row *r;
    TRY(sorted_rows(&r, customer, NULL, period, revenue, n, &m));
    double mrr = 0, churned = 0, contraction = 0, expansion = 0;
    for (size_t i = 0; i < n;) {
        double a = 0, b = 0;
        size_t j = i;
        for (; j < n && r[j].customer == r[i].customer; j++) {
            if (r[j].period == start) a += r[j].revenue;
            if (r[j].period == end) b += r[j].revenue;
        }
        i = j;
        if (!(a > 0)) continue; /* not a paying customer at the start */
        mrr += a;
        if (b <= 0) churned += a;
        else if (b < a) contraction += a - b;
        else expansion += b - a;
    }
    fpa__free(&m, r, n, sizeof *r);
    if (!fpa__finite(mrr) || !fpa__finite(churned) || !fpa__finite(contraction) ||
        !fpa__finite(expansion))
        return fpa__fail(FPA_EOVERFLOW, "a revenue sum overflows");
    out[0] = mrr;
    out[1] = churned;
    out[2] = contraction;
    out[3] = expansion;
    return FPA_OK;
}

fpa_status fpa_unit_logo_churn_mean(double *out, const double *active, const double *lost,
                                    size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(active, "active"));
    TRY(fpa__check_ptr(lost, "lost"));
    double sum = 0;
    size_t used = 0;
    for (size_t t = 1; t < n; t++) {
        TRY(fpa__check_value(active[t - 1], "active"));
        if (active[t - 1] <= 0) continue;
        double c;
        fpa_status st = fpa_unit_logo_churn(&c, active[t - 1], lost[t]);
        if (st != FPA_OK) {
            char detail[256];
            snprintf(detail, sizeof detail, "%s", fpa_error_last());
            return fpa__fail(st, "period %zu: %s", t, detail);
        }
        sum += c;
        used++;
    }
    if (!used)
        return fpa__fail(FPA_EDOM, "no period has customers at its start: the mean churn is "
                         "undefined");
    *out = sum / (double)used;
    return FPA_OK;
}
