/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file recon.h
 * @brief Reconciliation in exact money: roll-forwards, sub-ledger tie-outs,
 *        statement matching and aging.
 *
 * Conventions shared by every function here:
 *
 * - **Amounts are integers** in the currency's minor unit (`int64_t` cents
 *   for USD or EUR, yen for JPY), never floating point, so a tie-out is
 *   exact. Sums are computed exactly, in 128-bit integers, so no partial
 *   sum can overflow and the order of the amounts never matters; a result
 *   (a total or a difference) outside the range of `int64_t` is
 *   ::FPA_EOVERFLOW naming the account or bucket, never a wrapped number.
 *   (Before 1.1 a partial sum beyond int64 failed too, so {INT64_MAX, 1,
 *   -1} failed where {INT64_MAX, -1, 1} passed.)
 * - **Dates** are day numbers (days since 1970-01-01, see
 *   fpa_date_from_ymd()) within +-2^40, so that differences cannot
 *   overflow.
 * - **Matrices** of accounts by periods are row-major (numpy's C order):
 *   account i, period t is at `[i * periods + t]`.
 * - **Outputs are written only on success**: every function validates and
 *   computes before it writes, so a failure leaves them untouched.
 *
 * All functions are thread-safe. fpa_recon_tieout() and fpa_recon_match()
 * allocate scratch space through the allocator of the options;
 * fpa_recon_match() reports progress and can be cancelled.
 */
#ifndef FPA_RECON_H
#define FPA_RECON_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Option keys of the reconciliation module (block 500-599). See
 * fpa_opts_set().
 */
enum fpa_recon_opt {
    /** Statement matching: the largest number of days between a ledger
     *  item and the statement line it matches. Range 0 .. 36500,
     *  default 3. */
    FPA_OPT_RECON_DATE_WINDOW = 500,
    /** Statement matching: 1 to match only items whose references agree
     *  (the first pass alone), 0 to also match by amount and date. Default
     *  0. */
    FPA_OPT_RECON_REQUIRE_REFERENCE = 501,
    /** Roll-forwards and tie-outs: the largest difference, in minor units,
     *  still counted as tied (differences are always returned exactly).
     *  Range 0 .. 2^53, default 0. */
    FPA_OPT_RECON_TOLERANCE = 502
};

/**
 * Check the roll-forward of account balances: opening + movements =
 * closing in every period, and each opening balance equals the previous
 * period's approved closing balance.
 *
 * For account i and period t, with M movement columns (additions,
 * disposals, depreciation, ... or a single net movement):
 *
 * - `closing_diff = closing - (opening + sum of movements)`
 * - `opening_diff = opening - closing of period t-1`; for t = 0 it is
 *   `opening - prior_closing`, or 0 when no prior closing is given.
 *
 * A cell breaks when either difference exceeds ::FPA_OPT_RECON_TOLERANCE
 * in magnitude.
 *
 * @param[out] out_closing_diff `accounts * periods` differences, or NULL.
 * @param[out] out_opening_diff `accounts * periods` differences, or NULL.
 * @param[out] out_breaks receives the number of breaking cells, or NULL.
 * @param opening `accounts * periods` opening balances.
 * @param movements `accounts * periods * n_movements` movements: those of
 *        account i, period t are at `[(i * periods + t) * n_movements]`
 *        onward (numpy shape (accounts, periods, n_movements)); NULL when
 *        `n_movements` is 0.
 * @param n_movements number of movement columns, may be 0.
 * @param closing `accounts * periods` closing balances as reported.
 * @param prior_closing `accounts` approved closing balances of the period
 *        before the first, or NULL.
 * @param accounts number of accounts, at least 1.
 * @param periods number of periods, at least 1.
 * @param opts reads ::FPA_OPT_RECON_TOLERANCE; NULL for 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL, a count is 0, or the
 *         array sizes overflow size_t.
 * @retval FPA_EOVERFLOW a difference does not fit in int64 (the sums are
 *         exact); the detail names the account and period.
 */
FPA_API fpa_status fpa_recon_rollforward(int64_t *out_closing_diff,
                                         int64_t *out_opening_diff,
                                         size_t *out_breaks,
                                         const int64_t *opening,
                                         const int64_t *movements,
                                         size_t n_movements,
                                         const int64_t *closing,
                                         const int64_t *prior_closing,
                                         size_t accounts, size_t periods,
                                         const fpa_opts *opts);

/**
 * Tie sub-ledgers (receivables, payables, inventory, fixed assets...) out
 * to their general-ledger control accounts.
 *
 * Sub-ledger entry j (an open invoice, an inventory lot, an asset's net
 * book value) belongs to control account `sub_account[j]`. For every
 * control account: `subledger total = sum of its entries` and
 * `difference = gl_balance - subledger total`; the account breaks when the
 * difference exceeds ::FPA_OPT_RECON_TOLERANCE in magnitude. Totals are
 * exact, so the order of the entries does not matter.
 *
 * @param[out] out_subledger `n_accounts` sub-ledger totals, or NULL.
 * @param[out] out_difference `n_accounts` differences, or NULL.
 * @param[out] out_breaks receives the number of accounts that do not tie,
 *        or NULL.
 * @param gl_balance `n_accounts` general-ledger balances.
 * @param n_accounts number of control accounts, at least 1.
 * @param sub_amount `n_sub` sub-ledger amounts.
 * @param sub_account `n_sub` control-account indexes, 0 .. n_accounts - 1.
 * @param n_sub number of sub-ledger entries, may be 0 (both arrays may
 *        then be NULL).
 * @param opts reads ::FPA_OPT_RECON_TOLERANCE, and its allocator is used
 *        for `n_accounts` scratch totals; NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL or `n_accounts` is 0.
 * @retval FPA_EDATA an entry names an account that does not exist.
 * @retval FPA_EOVERFLOW a sub-ledger total or a difference does not fit in
 *         int64; the detail names the account.
 * @retval FPA_ENOMEM allocation failed.
 */
FPA_API fpa_status fpa_recon_tieout(int64_t *out_subledger,
                                    int64_t *out_difference,
                                    size_t *out_breaks,
                                    const int64_t *gl_balance,
                                    size_t n_accounts,
                                    const int64_t *sub_amount,
                                    const size_t *sub_account, size_t n_sub,
                                    const fpa_opts *opts);

/** The rule that matched a pair (fpa_recon_match()). */
typedef enum fpa_match_rule {
    /** Not matched. */
    FPA_MATCH_NONE = 0,
    /** Same amount, same non-empty reference, dates within the window. */
    FPA_MATCH_REFERENCE = 1,
    /** Same amount, dates within the window (references ignored). */
    FPA_MATCH_AMOUNT_DATE = 2
} fpa_match_rule;

/**
 * Match ledger items to statement lines (bank, vendor or customer
 * statements), one to one.
 *
 * Two passes, each on what the previous one left unmatched:
 *
 * 1. ::FPA_MATCH_REFERENCE: equal amounts, equal non-empty references
 *    (compared byte for byte), and dates at most
 *    ::FPA_OPT_RECON_DATE_WINDOW days apart;
 * 2. ::FPA_MATCH_AMOUNT_DATE (skipped when
 *    ::FPA_OPT_RECON_REQUIRE_REFERENCE is 1): equal amounts and dates
 *    within the window, whatever the references.
 *
 * Within one amount (and reference), ledger items are taken in date
 * order (then index order) and each takes the earliest unmatched
 * statement line within its window (ties by index). Because every window
 * has the same width, this pairs as many items as any one-to-one matching
 * could within the pass. The result is deterministic; listing the items
 * in another order can only change which of several items with the same
 * amount and date (and, in the first pass, reference) is paired, not how
 * many pairs there are.
 *
 * Amounts must be equal as given: negate one side first when the
 * statement shows the bank's view (a payment that is a credit in the
 * ledger is a debit on the statement).
 *
 * Cost: O((n_ledger + n_stmt) log(n_ledger + n_stmt)) time (two sorts per
 * pass) and O(n_ledger + n_stmt) scratch memory.
 *
 * Progress (since 1.1): reported to the options' callback
 * (fpa_opts_set_progress()) in units of items: every ledger item and
 * statement line counts once when a pass sorts it and once when the pass
 * sweeps it, so the total is 2 x passes x (n_ledger + n_stmt). Results are
 * the same with or without a callback.
 *
 * @param[out] out_ledger_match `n_ledger` entries: the index of the
 *        statement line matched to each ledger item, or -1 when it is
 *        unmatched.
 * @param[out] out_stmt_match `n_stmt` entries: the index of the ledger item
 *        matched to each statement line, or -1.
 * @param[out] out_rule `n_ledger` ::fpa_match_rule values, the rule that
 *        matched each ledger item (::FPA_MATCH_NONE when unmatched); or
 *        NULL.
 * @param[out] out_pairs receives the number of pairs, or NULL.
 * @param ledger_amount `n_ledger` amounts in minor units.
 * @param ledger_day `n_ledger` dates (day numbers).
 * @param ledger_ref `n_ledger` references (NULL or "" for none), or NULL
 *        when the ledger has none.
 * @param n_ledger number of ledger items, may be 0.
 * @param stmt_amount `n_stmt` amounts in minor units.
 * @param stmt_day `n_stmt` dates.
 * @param stmt_ref `n_stmt` references, or NULL.
 * @param n_stmt number of statement lines, may be 0.
 * @param opts reads ::FPA_OPT_RECON_DATE_WINDOW,
 *        ::FPA_OPT_RECON_REQUIRE_REFERENCE and ::FPA_OPT_PROGRESS_INTERVAL,
 *        reports to its progress callback, and its allocator is used for
 *        scratch space; NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL (arrays of a side with no
 *         items may be NULL).
 * @retval FPA_EDOM a date is outside +-2^40.
 * @retval FPA_ENOMEM allocation failed.
 * @retval FPA_ECANCELED the progress callback cancelled the call; the
 *         match outputs are then partly written (since 1.1).
 */
FPA_API fpa_status fpa_recon_match(int64_t *out_ledger_match,
                                   int64_t *out_stmt_match, int *out_rule,
                                   size_t *out_pairs,
                                   const int64_t *ledger_amount,
                                   const int64_t *ledger_day,
                                   const char *const *ledger_ref,
                                   size_t n_ledger,
                                   const int64_t *stmt_amount,
                                   const int64_t *stmt_day,
                                   const char *const *stmt_ref, size_t n_stmt,
                                   const fpa_opts *opts);

/** Number of buckets of the default aging (current, 1-30, 31-60, 61-90,
 *  over 90 days). */
#define FPA_RECON_AGING_DEFAULT_BUCKETS 5

/**
 * Age open items (or unresolved differences) at a date: totals and counts
 * per age bucket.
 *
 * The age of an item is `as_of - day` in days (days past due when `day`
 * is the due date, days outstanding when it is the document date); an
 * item dated after `as_of` has a negative age. With increasing bounds
 * b_0 < b_1 < ... < b_{k-1} there are k + 1 buckets: bucket 0 holds ages
 * <= b_0, bucket j ages in (b_{j-1}, b_j], and bucket k ages > b_{k-1}.
 * The default bounds {0, 30, 60, 90} give current (not yet due), 1-30,
 * 31-60, 61-90 and over 90 days.
 *
 * @param[out] out_totals `k + 1` bucket totals in minor units.
 * @param[out] out_counts `k + 1` item counts, or NULL.
 * @param[out] out_bucket `n` bucket indexes, one per item, or NULL.
 * @param[out] out_total receives the total of all items, or NULL.
 * @param amount `n` amounts in minor units.
 * @param day `n` dates (day numbers).
 * @param n number of items, may be 0 (both arrays may then be NULL).
 * @param as_of the date of the aging.
 * @param bounds `n_bounds` strictly increasing bounds in days, or NULL for
 *        the default (then `n_bounds` must be 0 and the outputs have
 *        ::FPA_RECON_AGING_DEFAULT_BUCKETS entries).
 * @param n_bounds number of bounds k, at least 1 when `bounds` is given.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL, `n_bounds` does not
 *         agree with `bounds`, or the bounds do not increase.
 * @retval FPA_EDOM a date or `as_of` is outside +-2^40.
 * @retval FPA_EOVERFLOW the total of all items or of a bucket does not fit
 *         in int64 (the sums are exact); the detail names the bucket.
 */
FPA_API fpa_status fpa_recon_aging(int64_t *out_totals, size_t *out_counts,
                                   size_t *out_bucket, int64_t *out_total,
                                   const int64_t *amount, const int64_t *day,
                                   size_t n, int64_t as_of,
                                   const int64_t *bounds, size_t n_bounds);

#ifdef __cplusplus
}
#endif
#endif /* FPA_RECON_H */
