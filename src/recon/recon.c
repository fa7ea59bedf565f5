/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Roll-forwards, sub-ledger tie-outs and aging in exact int64 money. */
#include "money.h"

/* ---- roll-forward ----------------------------------------------------- */

typedef struct {
    const int64_t *opening, *movements, *closing, *prior;
    size_t m, periods;
} rollforward;

/* The sums are exact (money_sum): only a difference that does not fit in
 * int64 overflows, whatever the order of the movements. */
static fpa_status rf_cell(int64_t *closing_diff, int64_t *opening_diff,
                          const rollforward *r, size_t i, size_t t)
{
    size_t k = i * r->periods + t;
    money_sum sum = money_of(r->opening[k]);
    for (size_t j = 0; j < r->m; j++) money_add(&sum, r->movements[k * r->m + j]);
    if (!money_value(closing_diff, money_diff(money_of(r->closing[k]), sum)))
        return fpa__fail(FPA_EOVERFLOW, "account %zu, period %zu: closing - "
                         "(opening + movements) overflows int64", i, t);
    bool ok = true;
    if (t > 0) ok = fpa__sub_i64(opening_diff, r->opening[k], r->closing[k - 1]);
    else if (r->prior) ok = fpa__sub_i64(opening_diff, r->opening[k], r->prior[i]);
    else *opening_diff = 0;
    if (!ok)
        return fpa__fail(FPA_EOVERFLOW, "account %zu, period %zu: opening - "
                         "prior closing overflows int64", i, t);
    return FPA_OK;
}

fpa_status fpa_recon_rollforward(int64_t *out_closing_diff,
                                 int64_t *out_opening_diff, size_t *out_breaks,
                                 const int64_t *opening, const int64_t *movements,
                                 size_t n_movements, const int64_t *closing,
                                 const int64_t *prior_closing, size_t accounts,
                                 size_t periods, const fpa_opts *opts)
{
    size_t cells, all;
    TRY(fpa__check_ptr(opening, "opening"));
    TRY(fpa__check_ptr(closing, "closing"));
    if (n_movements) TRY(fpa__check_ptr(movements, "movements"));
    if (accounts == 0) return fpa__fail(FPA_EINVAL, "accounts is 0");
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(accounts, periods, &cells) ||
        fpa__mul_overflows(cells, n_movements, &all))
        return fpa__fail(FPA_EINVAL, "accounts * periods * n_movements "
                         "overflows size_t");
    rollforward r = {opening, movements, closing, prior_closing, n_movements,
                     periods};
    int64_t tol = (int64_t)fpa__opt(opts, FPA_OPT_RECON_TOLERANCE), cd = 0, od = 0;
    size_t breaks = 0;
    /* first pass finds any overflow, second writes */
    for (size_t i = 0; i < accounts; i++)
        for (size_t t = 0; t < periods; t++) {
            TRY(rf_cell(&cd, &od, &r, i, t));
            breaks += money_breaks(cd, tol) || money_breaks(od, tol);
        }
    if (out_closing_diff || out_opening_diff)
        for (size_t i = 0; i < accounts; i++)
            for (size_t t = 0; t < periods; t++) {
                rf_cell(&cd, &od, &r, i, t);
                if (out_closing_diff) out_closing_diff[i * periods + t] = cd;
                if (out_opening_diff) out_opening_diff[i * periods + t] = od;
            }
    if (out_breaks) *out_breaks = breaks;
    return FPA_OK;
}

/* ---- sub-ledger tie-out ------------------------------------------------- */

fpa_status fpa_recon_tieout(int64_t *out_subledger, int64_t *out_difference,
                            size_t *out_breaks, const int64_t *gl_balance,
                            size_t n_accounts, const int64_t *sub_amount,
                            const size_t *sub_account, size_t n_sub,
                            const fpa_opts *opts)
{
    TRY(fpa__check_ptr(gl_balance, "gl_balance"));
    if (n_accounts == 0) return fpa__fail(FPA_EINVAL, "n_accounts is 0");
    if (n_sub) {
        TRY(fpa__check_ptr(sub_amount, "sub_amount"));
        TRY(fpa__check_ptr(sub_account, "sub_account"));
    }
    for (size_t j = 0; j < n_sub; j++)
        if (sub_account[j] >= n_accounts)
            return fpa__fail(FPA_EDATA, "sub_account[%zu] = %zu names no control "
                             "account (there are %zu)", j, sub_account[j],
                             n_accounts);
    fpa_mem m = fpa__mem_of(opts);
    money_sum *sum = fpa__alloc(&m, n_accounts, sizeof *sum, true);
    if (!sum) return FPA_ENOMEM;
    for (size_t j = 0; j < n_sub; j++) money_add(&sum[sub_account[j]], sub_amount[j]);
    /* exact totals: an account fails only when its total or its difference
     * does not fit in int64, whatever the order of the entries */
    fpa_status st = FPA_OK;
    int64_t tol = (int64_t)fpa__opt(opts, FPA_OPT_RECON_TOLERANCE), total = 0, d;
    size_t breaks = 0;
    for (size_t i = 0; i < n_accounts && st == FPA_OK; i++) {
        if (!money_value(&total, sum[i]))
            st = fpa__fail(FPA_EOVERFLOW, "the sub-ledger total of account %zu "
                           "overflows int64", i);
        else if (!money_value(&d, money_diff(money_of(gl_balance[i]), sum[i])))
            st = fpa__fail(FPA_EOVERFLOW, "account %zu: gl_balance - sub-ledger "
                           "total overflows int64", i);
        else
            breaks += money_breaks(d, tol);
    }
    if (st == FPA_OK) {
        for (size_t i = 0; i < n_accounts; i++) {
            money_value(&total, sum[i]);
            if (out_subledger) out_subledger[i] = total;
            if (out_difference) out_difference[i] = gl_balance[i] - total;
        }
        if (out_breaks) *out_breaks = breaks;
    }
    fpa__free(&m, sum, n_accounts, sizeof *sum);
    return st;
}

/* ---- aging ------------------------------------------------------------------- */

static const int64_t default_bounds[FPA_RECON_AGING_DEFAULT_BUCKETS - 1] = {0, 30, 60, 90};

/* Bucket of an age: the number of bounds below it (binary search). */
static size_t bucket_of(int64_t age, const int64_t *bounds, size_t k)
{
    size_t lo = 0, hi = k;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bounds[mid] < age) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

fpa_status fpa_recon_aging(int64_t *out_totals, size_t *out_counts,
                           size_t *out_bucket, int64_t *out_total,
                           const int64_t *amount, const int64_t *day, size_t n,
                           int64_t as_of, const int64_t *bounds, size_t n_bounds)
{
    TRY(fpa__check_ptr(out_totals, "out_totals"));
    if (n) {
        TRY(fpa__check_ptr(amount, "amount"));
        TRY(fpa__check_ptr(day, "day"));
    }
    if (!bounds) {
        if (n_bounds)
            return fpa__fail(FPA_EINVAL, "bounds is NULL (the default) but "
                             "n_bounds is %zu; it must be 0", n_bounds);
        bounds = default_bounds;
        n_bounds = FPA_RECON_AGING_DEFAULT_BUCKETS - 1;
    } else if (n_bounds == 0) {
        return fpa__fail(FPA_EINVAL, "n_bounds is 0; give at least one bound "
                         "or NULL bounds for the default");
    }
    for (size_t j = 1; j < n_bounds; j++)
        if (bounds[j] <= bounds[j - 1])
            return fpa__fail(FPA_EINVAL, "bounds[%zu] = %lld does not exceed "
                             "bounds[%zu] = %lld", j, (long long)bounds[j], j - 1,
                             (long long)bounds[j - 1]);
    TRY(fpa__check_days(day, n, "day"));
    TRY(fpa__check_days(&as_of, 1, "as_of"));

    /* Overflow is found before anything is written, with exact sums: only
     * a total that does not fit in int64 fails, whatever the order of the
     * items. When the sum of the magnitudes fits, no bucket can overflow;
     * otherwise (amounts near 2^63) each bucket is summed on its own:
     * slow, but allocation-free. */
    money_sum total = {0, 0};
    uint64_t mag = 0;
    bool small = true;
    int64_t t64;
    for (size_t i = 0; i < n; i++) {
        money_add(&total, amount[i]);
        uint64_t a = amount[i] < 0 ? 0 - (uint64_t)amount[i] : (uint64_t)amount[i];
        small = small && a <= (uint64_t)INT64_MAX - mag;
        if (small) mag += a;
    }
    if (!money_value(&t64, total))
        return fpa__fail(FPA_EOVERFLOW, "the total of the items overflows int64");
    for (size_t b = 0; !small && b <= n_bounds; b++) {
        money_sum s = {0, 0};
        int64_t v;
        for (size_t i = 0; i < n; i++)
            if (bucket_of(as_of - day[i], bounds, n_bounds) == b) money_add(&s, amount[i]);
        if (!money_value(&v, s))
            return fpa__fail(FPA_EOVERFLOW, "the total of bucket %zu overflows int64", b);
    }
    size_t k = n_bounds + 1;
    for (size_t b = 0; b < k; b++) out_totals[b] = 0;
    if (out_counts)
        for (size_t b = 0; b < k; b++) out_counts[b] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t b = bucket_of(as_of - day[i], bounds, n_bounds);
        /* wrapping partial sums: the totals were checked to fit */
        out_totals[b] = (int64_t)((uint64_t)out_totals[b] + (uint64_t)amount[i]);
        if (out_counts) out_counts[b]++;
        if (out_bucket) out_bucket[i] = b;
    }
    if (out_total) *out_total = t64;
    return FPA_OK;
}
