/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cohort tables from activity rows, and retention matrices from tables.
 * Grouping sorts a copy of the rows by (customer, period, row): O(n log n),
 * deterministic whatever qsort does with equal keys because the row index
 * makes every key distinct, so revenue sums always add in row order. */
#include "unit.h"

#include <stdlib.h>

struct fpa_cohorts {
    fpa_mem mem;
    size_t rows, cols;
    int64_t *ids;
    double *sizes;
    size_t *observed;
    double *active, *revenue; /* rows * cols */
};

typedef struct {
    int64_t customer, cohort, period;
    double revenue;
    size_t row;
} activity;

static int by_customer_period(const void *pa, const void *pb)
{
    const activity *a = pa, *b = pb;
    if (a->customer != b->customer) return a->customer < b->customer ? -1 : 1;
    if (a->period != b->period) return a->period < b->period ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

static int by_value(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

void fpa_unit_cohorts_free(fpa_cohorts *c)
{
    if (!c) return;
    fpa_mem m = c->mem;
    size_t cells = c->rows * c->cols;
    fpa__free(&m, c->ids, c->rows, sizeof *c->ids);
    fpa__free(&m, c->sizes, c->rows, sizeof *c->sizes);
    fpa__free(&m, c->observed, c->rows, sizeof *c->observed);
    fpa__free(&m, c->active, cells, sizeof *c->active);
    fpa__free(&m, c->revenue, cells, sizeof *c->revenue);
    fpa__free(&m, c, 1, sizeof *c);
}

/* Largest span of periods the tables accept: ages fit comfortably in a
 * size_t and a double, and a typo (a day number where a month was meant)
 * is caught instead of allocating gigabytes. */
static const int64_t AGE_MAX = (int64_t)1 << 31;

/* Validate the rows and copy them; the extreme periods go to lo/hi. */
static fpa_status load(activity *a, const int64_t *customer, const int64_t *cohort,
                       const int64_t *period, const double *revenue, size_t n,
                       int64_t *lo, int64_t *hi)
{
    *lo = cohort[0];
    *hi = period[0];
    for (size_t i = 0; i < n; i++) {
        double r = revenue ? revenue[i] : 0;
        if (!fpa__finite(r)) return fpa__fail(FPA_EDOM, "revenue[%zu] is %s", i,
                                              isnan(r) ? "NaN" : "infinite");
        if (period[i] < cohort[i])
            return fpa__fail(FPA_EDATA, "row %zu: period %lld precedes its cohort "
                             "%lld", i, (long long)period[i], (long long)cohort[i]);
        if (cohort[i] < *lo) *lo = cohort[i];
        if (period[i] > *hi) *hi = period[i];
        a[i] = (activity){customer[i], cohort[i], period[i], r, i};
    }
    /* hi - lo may overflow int64 for wild values: compare halves first */
    if (*hi / 2 - *lo / 2 > AGE_MAX / 2 || *hi - *lo >= AGE_MAX)
        return fpa__fail(FPA_EDOM, "periods span from %lld to %lld, more than "
                         "2^31 periods", (long long)*lo, (long long)*hi);
    return FPA_OK;
}

/* Each customer's cohort, once, after checking it never changes. */
static fpa_status cohorts_of(int64_t *ids, size_t *nids, const activity *a, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && a[i].customer == a[i - 1].customer) {
            if (a[i].cohort != a[i - 1].cohort)
                return fpa__fail(FPA_EDATA, "customer %lld has cohort %lld on row "
                                 "%zu and %lld on row %zu",
                                 (long long)a[i].customer, (long long)a[i - 1].cohort,
                                 a[i - 1].row, (long long)a[i].cohort, a[i].row);
            continue;
        }
        ids[k++] = a[i].cohort;
    }
    qsort(ids, k, sizeof *ids, by_value);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || ids[i] != ids[u - 1]) ids[u++] = ids[i];
    *nids = u;
    return FPA_OK;
}

static fpa_status tally(fpa_cohorts *c, const activity *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const int64_t *hit = bsearch(&a[i].cohort, c->ids, c->rows, sizeof *c->ids,
                                     by_value);
        size_t ci = (size_t)(hit - c->ids);
        size_t cell = ci * c->cols + (size_t)(a[i].period - a[i].cohort);
        bool new_customer = i == 0 || a[i].customer != a[i - 1].customer;
        bool new_period = new_customer || a[i].period != a[i - 1].period;
        c->sizes[ci] += new_customer;
        c->active[cell] += new_period;
        c->revenue[cell] += a[i].revenue;
        if (!fpa__finite(c->revenue[cell]))
            return fpa__fail(FPA_EOVERFLOW, "the revenue of cohort %lld at age "
                             "%lld overflows", (long long)a[i].cohort,
                             (long long)(a[i].period - a[i].cohort));
    }
    return FPA_OK;
}

fpa_status fpa_unit_cohorts_from_rows(fpa_cohorts **out, const int64_t *customer,
                                      const int64_t *cohort, const int64_t *period,
                                      const double *revenue, size_t n,
                                      const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(fpa__check_ptr(customer, "customer"));
    TRY(fpa__check_ptr(cohort, "cohort"));
    TRY(fpa__check_ptr(period, "period"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    fpa_mem m = fpa__mem_of(opts);
    int64_t lo, hi;
    size_t nids = 0;
    fpa_cohorts *c = NULL;
    activity *a = fpa__alloc(&m, n, sizeof *a, false);
    int64_t *ids = fpa__alloc(&m, n, sizeof *ids, false);
    fpa_status st = a && ids ? FPA_OK : FPA_ENOMEM;
    if (st == FPA_OK) st = load(a, customer, cohort, period, revenue, n, &lo, &hi);
    if (st == FPA_OK) {
        qsort(a, n, sizeof *a, by_customer_period);
        st = cohorts_of(ids, &nids, a, n);
    }
    if (st == FPA_OK) {
        c = fpa__alloc(&m, 1, sizeof *c, true);
        if (c) {
            size_t cols = (size_t)(hi - lo) + 1, cells = 0;
            *c = (fpa_cohorts){m, nids, cols, NULL, NULL, NULL, NULL, NULL};
            c->ids = fpa__alloc(&m, nids, sizeof *c->ids, false);
            c->sizes = fpa__alloc(&m, nids, sizeof *c->sizes, true);
            c->observed = fpa__alloc(&m, nids, sizeof *c->observed, false);
            if (!fpa__mul_overflows(nids, cols, &cells)) {
                c->active = fpa__alloc(&m, cells, sizeof *c->active, true);
                c->revenue = fpa__alloc(&m, cells, sizeof *c->revenue, true);
            }
        }
        if (!c || !c->ids || !c->sizes || !c->observed || !c->active || !c->revenue)
            st = fpa__fail(FPA_ENOMEM, "out of memory for the cohort tables");
    }
    if (st == FPA_OK) {
        for (size_t i = 0; i < nids; i++) {
            c->ids[i] = ids[i];
            c->observed[i] = (size_t)(hi - ids[i]) + 1;
        }
        st = tally(c, a, n);
    }
    fpa__free(&m, a, n, sizeof *a);
    fpa__free(&m, ids, n, sizeof *ids);
    if (st != FPA_OK) {
        fpa_unit_cohorts_free(c);
        return st;
    }
    *out = c;
    return FPA_OK;
}

fpa_status fpa_unit_cohorts_shape(size_t *out_rows, size_t *out_cols,
                                  const fpa_cohorts *c)
{
    TRY(fpa__check_ptr(c, "c"));
    if (out_rows) *out_rows = c->rows;
    if (out_cols) *out_cols = c->cols;
    return FPA_OK;
}

static fpa_status check_cap(size_t cap, size_t need)
{
    if (cap < need)
        return fpa__fail(FPA_ESIZE, "cap is %zu; the output needs %zu elements",
                         cap, need);
    return FPA_OK;
}

fpa_status fpa_unit_cohorts_info(int64_t *out_ids, double *out_sizes,
                                 size_t *out_observed, size_t cap,
                                 const fpa_cohorts *c)
{
    TRY(fpa__check_ptr(c, "c"));
    if (out_ids || out_sizes || out_observed) TRY(check_cap(cap, c->rows));
    for (size_t i = 0; i < c->rows; i++) {
        if (out_ids) out_ids[i] = c->ids[i];
        if (out_sizes) out_sizes[i] = c->sizes[i];
        if (out_observed) out_observed[i] = c->observed[i];
    }
    return FPA_OK;
}

fpa_status fpa_unit_cohorts_tables(double *out_active, double *out_revenue,
                                   size_t cap, const fpa_cohorts *c)
{
    TRY(fpa__check_ptr(c, "c"));
    size_t cells = c->rows * c->cols;
    if (out_active || out_revenue) TRY(check_cap(cap, cells));
    for (size_t k = 0; k < cells; k++) {
        if (out_active) out_active[k] = c->active[k];
        if (out_revenue) out_revenue[k] = c->revenue[k];
    }
    return FPA_OK;
}

/* ---- retention matrices ------------------------------------------------ */

static fpa_status check_matrix(const double *out, const size_t *observed,
                               size_t rows, size_t cols)
{
    size_t cells;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(observed, "observed"));
    if (rows == 0 || cols == 0)
        return fpa__fail(FPA_EINVAL, "%s is 0", rows ? "cols" : "rows");
    if (fpa__mul_overflows(rows, cols, &cells) || cells > SIZE_MAX / sizeof(double))
        return fpa__fail(FPA_EINVAL, "rows * cols overflows");
    for (size_t i = 0; i < rows; i++)
        if (observed[i] > cols)
            return fpa__fail(FPA_EINVAL, "observed[%zu] is %zu, above cols (%zu)",
                             i, observed[i], cols);
    return FPA_OK;
}

static fpa_status check_cells(const double *x, const size_t *observed, size_t rows,
                              size_t cols, bool nonneg, const char *what)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t a = 0; a < observed[i]; a++) {
            double v = x[i * cols + a];
            if (!fpa__finite(v))
                return fpa__fail(FPA_EDOM, "%s[%zu][%zu] is %s", what, i, a,
                                 isnan(v) ? "NaN" : "infinite");
            if (nonneg && v < 0)
                return fpa__fail(FPA_EDOM, "%s[%zu][%zu] is negative", what, i, a);
        }
    return FPA_OK;
}

/* Row i of a retention matrix: x / base over the observed ages. */
static fpa_status ratio_row(double *out, unsigned char *valid, const double *x,
                            double base, size_t i, size_t observed, size_t cols,
                            const char *why)
{
    for (size_t a = 0; a < cols; a++) {
        size_t k = i * cols + a;
        bool seen = a < observed;
        if (seen && base == 0 && !valid)
            return fpa__fail(FPA_EDOM, "retention[%zu][%zu] is undefined: %s; "
                             "pass out_valid to flag it", i, a, why);
        double v = seen && base != 0 ? x[k] / base : 0;
        if (!fpa__finite(v))
            return fpa__fail(FPA_EOVERFLOW, "retention[%zu][%zu] is not "
                             "representable", i, a);
        out[k] = v;
        if (valid) valid[k] = seen && base != 0;
    }
    return FPA_OK;
}

fpa_status fpa_unit_cohort_retention(double *out, unsigned char *out_valid,
                                     const double *sizes, const double *active,
                                     const size_t *observed, size_t rows, size_t cols)
{
    TRY(check_matrix(out, observed, rows, cols));
    TRY(fpa__check_ptr(sizes, "sizes"));
    TRY(fpa__check_ptr(active, "active"));
    TRY(check_cells(active, observed, rows, cols, true, "active"));
    for (size_t i = 0; i < rows; i++)
        if (!fpa__finite(sizes[i]) || sizes[i] < 0)
            return fpa__fail(FPA_EDOM, "sizes[%zu] is %s", i,
                             sizes[i] < 0 ? "negative" : "not finite");
    for (size_t i = 0; i < rows; i++)
        TRY(ratio_row(out, out_valid, active, sizes[i], i, observed[i], cols,
                      "the cohort is empty"));
    return FPA_OK;
}

fpa_status fpa_unit_cohort_revenue_retention(double *out, unsigned char *out_valid,
                                             const double *revenue,
                                             const size_t *observed, size_t rows,
                                             size_t cols)
{
    TRY(check_matrix(out, observed, rows, cols));
    TRY(fpa__check_ptr(revenue, "revenue"));
    TRY(check_cells(revenue, observed, rows, cols, false, "revenue"));
    for (size_t i = 0; i < rows; i++)
        TRY(ratio_row(out, out_valid, revenue, observed[i] ? revenue[i * cols] : 0, i,
                      observed[i], cols, "the cohort's age-0 revenue is 0"));
    return FPA_OK;
}
