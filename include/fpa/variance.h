/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file variance.h
 * @brief Budget versus actual: variances, windows, materiality, spend
 *        control, cost-centre hierarchies with drill-down, the classic
 *        variance decompositions and the accuracy of the plan itself.
 *
 * Conventions shared by every function here:
 *
 * - **Amounts** are doubles in the currency's major unit (12.34 is twelve
 *   dollars and thirty-four cents), each line in its natural sign: revenue
 *   and cost amounts are both normally positive. Reconciliation, where
 *   amounts must be exact, lives in recon.h and works in integer minor
 *   units.
 * - **Variance** is always `actual - budget` (or actual minus standard,
 *   actual minus plan). Whether it is good news depends on the line's
 *   ::fpa_nature: on a revenue line a positive variance is favourable; on a
 *   cost line it is unfavourable (Horngren, Datar & Rajan, *Cost
 *   Accounting: A Managerial Emphasis*, 14th ed., ch. 7: "favorable" means
 *   the variance increases operating income).
 * - **Matrices** of lines by periods are row-major: the value of line i in
 *   period t is at `[i * periods + t]`, which is numpy's C order for an
 *   array of shape (lines, periods).
 * - **Periods** are calendar months. A series is placed in the calendar by
 *   the month of its first value (1 = January); fiscal years start at the
 *   month given by ::FPA_OPT_FISCAL_YEAR_START (or the 1.0 key
 *   ::FPA_OPT_VARIANCE_FY_START, see there). (The year of the first
 *   value does not enter any calculation here, so it is not asked for.)
 * - **Exact decompositions.** The decompositions (sales price/mix/quantity,
 *   cost price/quantity, flexible budget, fixed overhead) round every part
 *   to ::FPA_OPT_VARIANCE_DECIMALS decimals (the cent by default) and
 *   compute in integer minor units, so their parts add up to the total
 *   variance exactly, to the cent. Each function says which part absorbs
 *   the rounding residue (at most a cent or two). Amounts whose magnitude
 *   in minor units reaches 2^53 (90 trillion at two decimals) cannot be
 *   represented exactly by a double and are rejected with ::FPA_EOVERFLOW
 *   beyond 2^63.
 *
 * Results that would be infinite or NaN are never returned with ::FPA_OK.
 * All functions are thread-safe. Memory is allocated, through the
 * allocator of the options, only by the hierarchy object, the drill-down
 * and the calls that run on more than one thread (::FPA_OPT_THREADS).
 */
#ifndef FPA_VARIANCE_H
#define FPA_VARIANCE_H

#include "fpa/accuracy.h"
#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Option keys of the variance module (block 400-499). See fpa_opts_set().
 */
enum fpa_variance_opt {
    /** First month of the fiscal year, 1 (January) .. 12. Default 1.
     *  Read by fpa_variance_window() and fpa_variance_window_range(). Since
     *  1.1 the library-wide ::FPA_OPT_FISCAL_YEAR_START sets it for every
     *  module; this key, when set to anything but 1, takes precedence. */
    FPA_OPT_VARIANCE_FY_START = 400,
    /** Default absolute materiality threshold, in currency units: a
     *  variance is material on this test when |variance| exceeds it.
     *  Range 0 .. 1e300, default 10000. */
    FPA_OPT_VARIANCE_MATERIAL_ABS = 401,
    /** Default relative materiality threshold, as a fraction of |budget|
     *  (0.05 for 5 %): material on this test when |variance| / |budget|
     *  exceeds it. Range 0 .. 1e300, default 0.05. */
    FPA_OPT_VARIANCE_MATERIAL_PCT = 402,
    /** Default ::fpa_materiality rule combining the two tests. Default
     *  ::FPA_MATERIAL_BOTH ("over 5 % and over 10,000"). */
    FPA_OPT_VARIANCE_MATERIAL_RULE = 403,
    /** Amount above which a single spend item needs a second approver
     *  (fpa_variance_spend_control()). Range 0 .. 1e300, default 10000. */
    FPA_OPT_VARIANCE_APPROVAL_LIMIT = 404,
    /** Tolerance over a spend limit before it counts as exceeded, as a
     *  fraction of |limit| (0.02 allows 2 % over). Range 0 .. 10,
     *  default 0. */
    FPA_OPT_VARIANCE_LIMIT_TOLERANCE = 405,
    /** Decimals of the currency's minor unit to which decompositions
     *  round (2 for cents, 0 for yen). Range 0 .. 6, default 2. */
    FPA_OPT_VARIANCE_DECIMALS = 406
};

/** The nature of a line, which decides the sign of "favourable". */
typedef enum fpa_nature {
    /** Revenue or income: actual above budget is favourable. */
    FPA_NATURE_REVENUE = 0,
    /** Cost or expense: actual above budget is unfavourable. */
    FPA_NATURE_COST = 1,
    /** A subtree holding both revenue and cost lines, as reported by
     *  fpa_variance_rollup_impact(); never accepted as a line's nature.
     *  Since 1.1. */
    FPA_NATURE_MIXED = 2
} fpa_nature;

/** How the absolute and the relative materiality tests combine. */
typedef enum fpa_materiality {
    /** Material when either test passes. */
    FPA_MATERIAL_EITHER = 0,
    /** Material when both tests pass. */
    FPA_MATERIAL_BOTH = 1,
    /** Only the absolute test counts. */
    FPA_MATERIAL_ABS_ONLY = 2,
    /** Only the relative test counts. */
    FPA_MATERIAL_PCT_ONLY = 3
} fpa_materiality;

/** Bits of the per-cell flags written by fpa_variance_compute(). */
enum fpa_variance_flag {
    /** The variance helps operating income (revenue over, cost under). */
    FPA_VAR_FAVOURABLE = 1,
    /** The variance hurts operating income (revenue under, cost over). A
     *  zero variance is neither favourable nor unfavourable. */
    FPA_VAR_UNFAVOURABLE = 2,
    /** The variance passes the line's materiality rule. */
    FPA_VAR_MATERIAL = 4,
    /** The budget is zero: the percentage is reported as 0 and, when the
     *  variance is not zero, the relative test counts as passed. */
    FPA_VAR_NO_BUDGET = 8,
    /** Budget and actual are both non-zero and of opposite signs: the
     *  percentage exceeds 100 % in magnitude and says little. */
    FPA_VAR_SIGN_FLIP = 16
};

/**
 * Variance, variance percentage and flags of budget against actual, for
 * lines over periods.
 *
 * For every cell: `variance = actual - budget`;
 * `pct = variance / |budget|` as a fraction (so its sign is always the
 * variance's, also for negative budgets), or 0 when the budget is zero.
 * Flags (::fpa_variance_flag):
 *
 * - favourable / unfavourable from the variance's sign and the line's
 *   nature (::fpa_nature); neither when the variance is zero;
 * - material when the rule of the line passes: the absolute test is
 *   `|variance| > abs threshold`, the relative test
 *   `|variance| > pct threshold * |budget|` (always passed by a non-zero
 *   variance on a zero budget); both thresholds are strict, so a
 *   threshold of 0 flags every non-zero variance;
 * - no budget, and sign flip, as described at ::fpa_variance_flag.
 *
 * Per-line thresholds and rules override the option defaults; a NaN entry
 * in `abs_threshold` or `pct_threshold` means "the default for this line",
 * so a host can store only its exceptions.
 *
 * @param[out] out_variance `lines * periods` variances, or NULL.
 * @param[out] out_pct `lines * periods` fractions, or NULL.
 * @param[out] out_flags `lines * periods` flag words, or NULL.
 * @param budget `lines * periods` budget amounts.
 * @param actual `lines * periods` actual amounts.
 * @param lines number of lines, at least 1.
 * @param periods number of periods per line, at least 1.
 * @param nature `lines` values of ::fpa_nature.
 * @param abs_threshold `lines` absolute thresholds (>= 0 or NaN), or NULL
 *        for ::FPA_OPT_VARIANCE_MATERIAL_ABS everywhere.
 * @param pct_threshold `lines` relative thresholds (>= 0 or NaN), or NULL
 *        for ::FPA_OPT_VARIANCE_MATERIAL_PCT everywhere.
 * @param rule `lines` values of ::fpa_materiality, or NULL for
 *        ::FPA_OPT_VARIANCE_MATERIAL_RULE everywhere.
 * @param opts reads ::FPA_OPT_VARIANCE_MATERIAL_ABS,
 *        ::FPA_OPT_VARIANCE_MATERIAL_PCT, ::FPA_OPT_VARIANCE_MATERIAL_RULE
 *        and ::FPA_OPT_THREADS (lines are shared among threads; results do
 *        not depend on the count); NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL an input pointer is NULL, `lines` or `periods` is 0,
 *         or a `nature` or `rule` entry is not a value of its enum.
 * @retval FPA_EDOM a budget or actual is not finite (the detail names the
 *         first such cell of the line), or a threshold is negative or
 *         infinite. The per-line arguments are checked before anything is
 *         written; amounts are checked while the outputs are written (one
 *         pass, for speed), so on this failure the outputs of the lines
 *         before the offending one, and of that line, are already written
 *         (and, since 1.1, possibly of some lines after it: the check is
 *         made once per block of lines).
 * @retval FPA_EOVERFLOW a variance or percentage is not finite (amounts
 *         near DBL_MAX, or a budget so small that the percentage
 *         overflows); outputs are partly written as for FPA_EDOM.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_variance_compute(double *out_variance, double *out_pct,
                                        uint32_t *out_flags,
                                        const double *budget,
                                        const double *actual, size_t lines,
                                        size_t periods, const int *nature,
                                        const double *abs_threshold,
                                        const double *pct_threshold,
                                        const int *rule, const fpa_opts *opts);

/** @name Windows
 * Sums of each line over a window of periods ending at period `at`.
 * @{ */

/** Which periods a window sums, all ending at (or, for the outlook,
 *  containing) period `at`. */
typedef enum fpa_window {
    /** The period `at` alone. */
    FPA_WINDOW_PERIOD = 0,
    /** Fiscal quarter to date: from the first month of the fiscal quarter
     *  containing `at` (quarters start at the fiscal-year start month and
     *  every third month after it). */
    FPA_WINDOW_QTD = 1,
    /** Fiscal year to date: from the fiscal-year start month. */
    FPA_WINDOW_YTD = 2,
    /** The last 3 periods, `at - 2 .. at`. */
    FPA_WINDOW_TRAILING3 = 3,
    /** The last 12 periods, `at - 11 .. at`. */
    FPA_WINDOW_TRAILING12 = 4,
    /** Full-year outlook: the whole fiscal year containing `at`. Budget is
     *  the full-year budget; actual is actuals to date (fiscal-year start
     *  .. `at`) plus the forecast for the rest of the year
     *  (`at + 1` .. fiscal-year end). */
    FPA_WINDOW_OUTLOOK = 5
} fpa_window;

/**
 * First and last period (0-based indexes into the series) of a window.
 *
 * With s the fiscal-year start month and m the calendar month of period
 * `at` (m = (first_month - 1 + at) mod 12 + 1), the fiscal month is
 * f = (m - s) mod 12 (0 for the first month of the fiscal year); YTD
 * starts at `at - f`, QTD at `at - f mod 3`, and the outlook spans
 * `at - f .. at - f + 11`.
 *
 * @param[out] out_first receives the first period of the window.
 * @param[out] out_last receives the last period of the window.
 * @param periods length of the series, at least 1.
 * @param first_month calendar month of the series' first value, 1 .. 12.
 * @param at period the window ends at, 0 .. periods - 1.
 * @param window the window.
 * @param opts reads ::FPA_OPT_FISCAL_YEAR_START and
 *        ::FPA_OPT_VARIANCE_FY_START; NULL for January.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL an output pointer is NULL, `periods` is 0,
 *         `first_month` is outside 1 .. 12, `window` is not an
 *         ::fpa_window, or ::FPA_OPT_FISCAL_YEAR_START is above 12.
 * @retval FPA_EDOM `at` is past the end, or the window starts before the
 *         series' first period or (outlook) ends after its last; the
 *         detail says by how many periods.
 */
FPA_API fpa_status fpa_variance_window_range(size_t *out_first,
                                             size_t *out_last, size_t periods,
                                             int first_month, size_t at,
                                             fpa_window window,
                                             const fpa_opts *opts);

/**
 * Budget and actual of every line summed over a window.
 *
 * The sums run from the window's first period to its last, in order. For
 * ::FPA_WINDOW_OUTLOOK the actual is the sum of `actual` up to `at` plus
 * the sum of `forecast` after it. Feed the results to
 * fpa_variance_compute() (with `periods` = 1) for the window's variances,
 * or to fpa_variance_rollup() to roll them up a hierarchy.
 *
 * @param[out] out_budget `lines` window budgets.
 * @param[out] out_actual `lines` window actuals (outlook for
 *        ::FPA_WINDOW_OUTLOOK).
 * @param budget `lines * periods` budget amounts.
 * @param actual `lines * periods` actual amounts.
 * @param forecast `lines * periods` forecast amounts, read only for
 *        ::FPA_WINDOW_OUTLOOK (and only after `at`); may be NULL otherwise.
 * @param lines number of lines, at least 1.
 * @param periods number of periods, at least 1.
 * @param first_month calendar month of the first period, 1 .. 12.
 * @param at period the window ends at (or contains, for the outlook).
 * @param window the window.
 * @param opts reads ::FPA_OPT_FISCAL_YEAR_START and
 *        ::FPA_OPT_VARIANCE_FY_START; NULL for January.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL (`forecast` for the outlook), a
 *         count is 0, `first_month` is outside 1 .. 12, `window` is not
 *         an ::fpa_window, or ::FPA_OPT_FISCAL_YEAR_START is above 12.
 * @retval FPA_EDOM the window does not fit in the series (see
 *         fpa_variance_window_range()), or a value inside the window is
 *         not finite. Outputs are untouched.
 * @retval FPA_EOVERFLOW a sum is not finite. Outputs are untouched.
 */
FPA_API fpa_status fpa_variance_window(double *out_budget, double *out_actual,
                                       const double *budget,
                                       const double *actual,
                                       const double *forecast, size_t lines,
                                       size_t periods, int first_month,
                                       size_t at, fpa_window window,
                                       const fpa_opts *opts);
/** @} */

/** @name Spend control
 * @{ */

/** Bits of the per-item flags written by fpa_variance_spend_control(). */
enum fpa_spend_flag {
    /** After this item, its line's spend is over the line's limit (plus
     *  tolerance). */
    FPA_SPEND_OVER_LIMIT = 1,
    /** This item took its line from within the limit to over it. */
    FPA_SPEND_CROSSES_LIMIT = 2,
    /** The item's amount exceeds ::FPA_OPT_VARIANCE_APPROVAL_LIMIT: it
     *  needs a second approver (dual sign-off). */
    FPA_SPEND_DUAL_APPROVAL = 4
};

/**
 * Check spend items against their lines' budget limits and the dual
 * sign-off threshold.
 *
 * Items are applied in the order given (the order they were raised): each
 * adds its amount (negative for a credit) to its line's running spend,
 * which starts at `spent` (or 0). An item is over the limit when the
 * running spend after it exceeds `limit + tolerance * |limit|`, and
 * crosses the limit when the running spend before it did not. An item
 * needs a second approver when its amount is greater than
 * ::FPA_OPT_VARIANCE_APPROVAL_LIMIT (credits never do). The remaining
 * headroom of each line after every item is `limit - spend`, negative when
 * the line is over its limit.
 *
 * @param[out] out_item_flags `n_items` flag words (::fpa_spend_flag), or
 *        NULL when they are not wanted.
 * @param[out] out_remaining `n_lines` headrooms (required: it also holds
 *        the running spend during the call).
 * @param item_line line of each item, 0 .. n_lines - 1 (NULL when
 *        `n_items` is 0).
 * @param item_amount amount of each item.
 * @param n_items number of items; 0 just compares `spent` with `limit`.
 * @param spent `n_lines` amounts already spent before these items, or NULL
 *        for none.
 * @param limit `n_lines` budget limits.
 * @param n_lines number of lines, at least 1.
 * @param opts reads ::FPA_OPT_VARIANCE_APPROVAL_LIMIT and
 *        ::FPA_OPT_VARIANCE_LIMIT_TOLERANCE; NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_remaining` or `limit` is NULL, the item arrays
 *         are NULL while `n_items` is not 0, or `n_lines` is 0.
 * @retval FPA_EDATA an item names a line that does not exist.
 * @retval FPA_EDOM an amount, spend or limit is not finite.
 * @retval FPA_EOVERFLOW the amounts are so large that a running spend or
 *         headroom could overflow (checked up front from the sum of their
 *         magnitudes).
 * On any failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_spend_control(uint32_t *out_item_flags,
                                              double *out_remaining,
                                              const size_t *item_line,
                                              const double *item_amount,
                                              size_t n_items,
                                              const double *spent,
                                              const double *limit,
                                              size_t n_lines,
                                              const fpa_opts *opts);
/** @} */

/** @name Hierarchies: roll-up and drill-down
 * A cost-centre or account tree of any depth, built once from
 * (id, parent id) pairs and then used for any number of roll-ups.
 * Node ids are strings (account codes such as "6100-IT"), compared
 * byte for byte; a node is referred to afterwards by its index in the
 * construction arrays. Several roots (a forest) are allowed.
 * @{ */

/** A hierarchy of nodes (opaque). Immutable once built, so one tree may
 *  be used by many threads at once. */
typedef struct fpa_tree fpa_tree;

/** Returned as the parent of a root by fpa_variance_tree_parent(). */
#define FPA_TREE_NONE ((size_t)-1)

/**
 * Build a hierarchy from (id, parent id) pairs.
 *
 * Node i has id `ids[i]` and parent `parents[i]`; a NULL or empty parent
 * makes it a root. The tree keeps its own copies of the strings.
 *
 * @param[out] out receives the tree; set to NULL on failure.
 * @param ids `n` distinct, non-empty, NUL-terminated ids.
 * @param parents `n` parent ids (each one of `ids`), NULL or "" for roots;
 *        or NULL when every node is a root.
 * @param n number of nodes, at least 1.
 * @param opts allocator (the tree keeps a copy); NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `ids` is NULL, `n` is 0, or an id is NULL or
 *         empty.
 * @retval FPA_EDATA an id appears twice ("ids[7] \"6100\" repeats
 *         ids[2]"), a parent names no node, or the parents form a cycle
 *         (the detail lists the cycle, "a -> b -> a").
 * @retval FPA_ENOMEM allocation failed; nothing leaked.
 */
FPA_API fpa_status fpa_variance_tree_new(fpa_tree **out,
                                         const char *const *ids,
                                         const char *const *parents, size_t n,
                                         const fpa_opts *opts);

/**
 * Free a hierarchy. NULL is accepted and ignored.
 *
 * @param tree the tree, or NULL.
 */
FPA_API void fpa_variance_tree_free(fpa_tree *tree);

/**
 * Number of nodes of a hierarchy.
 *
 * @param tree the tree.
 * @return the number of nodes, or 0 when `tree` is NULL.
 */
FPA_API size_t fpa_variance_tree_size(const fpa_tree *tree);

/**
 * Id of a node.
 *
 * @param tree the tree.
 * @param node node index, 0 .. size - 1.
 * @return the id, owned by the tree and valid until it is freed; NULL when
 *         `tree` is NULL or `node` is out of range.
 */
FPA_API const char *fpa_variance_tree_id(const fpa_tree *tree, size_t node);

/**
 * Index of the node with an id.
 *
 * @param[out] out receives the node index.
 * @param tree the tree.
 * @param id the id to look up.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_EDATA no node has this id.
 */
FPA_API fpa_status fpa_variance_tree_find(size_t *out, const fpa_tree *tree,
                                          const char *id);

/**
 * Parent of a node.
 *
 * @param[out] out receives the parent's index, or ::FPA_TREE_NONE for a
 *        root.
 * @param tree the tree.
 * @param node node index.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `node` is out of range.
 */
FPA_API fpa_status fpa_variance_tree_parent(size_t *out, const fpa_tree *tree,
                                            size_t node);

/**
 * Roll budget and actual up a hierarchy: the total of every node is its
 * own amount plus the totals of its children, in every period.
 *
 * Amounts are indexed by node (the construction order), `periods` per
 * node. Amounts usually sit on leaves only; an amount on an inner node is
 * a direct posting and is added to its total. The variance of every node
 * is its rolled-up actual minus its rolled-up budget. Sums are plain
 * additions: roll revenue and cost lines up one tree only when their
 * amounts carry the signs of an income statement (costs negative), or use
 * fpa_variance_rollup_impact() for the effect on income of natural-sign
 * lines.
 *
 * Children are added to their parent in a fixed order (post-order, by
 * index among siblings), so results are reproducible, and identical bit
 * for bit for every thread count: with several threads, independent
 * subtrees are rolled up in parallel and the nodes above them finished in
 * the same order. To roll up any other series (a forecast, headcount),
 * pass it as `budget` and NULL for `actual`, `out_actual` and
 * `out_variance`.
 *
 * @param[out] out_budget `size * periods` rolled-up budgets.
 * @param[out] out_actual `size * periods` rolled-up actuals, or NULL when
 *        `actual` is NULL.
 * @param[out] out_variance `size * periods` variances, or NULL.
 * @param tree the hierarchy.
 * @param budget `size * periods` budget amounts.
 * @param actual `size * periods` actual amounts, or NULL.
 * @param periods periods per node, at least 1.
 * @param opts reads ::FPA_OPT_THREADS, and its allocator is used for the
 *        job table when more than one thread runs; NULL for one thread.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL, `periods` is 0, or
 *         `out_actual`/`out_variance` is given without `actual`.
 * @retval FPA_EDOM an amount is not finite (the detail names a node and
 *         period). Outputs are written in one pass for speed, so they are
 *         then partly written.
 * @retval FPA_EOVERFLOW a total is not finite; outputs partly written.
 * @retval FPA_ENOMEM the job table could not be allocated.
 */
FPA_API fpa_status fpa_variance_rollup(double *out_budget, double *out_actual,
                                       double *out_variance,
                                       const fpa_tree *tree,
                                       const double *budget,
                                       const double *actual, size_t periods,
                                       const fpa_opts *opts);

/**
 * Roll the effect of every line's variance on operating income up a
 * hierarchy, taking each line's nature: the impact of a node is the sum
 * over its subtree of `actual - budget` for revenue lines and
 * `budget - actual` for cost lines, so a positive impact is favourable at
 * every node, and the impact of a root is the change in operating income.
 *
 * fpa_variance_rollup() adds the amounts as given, which in their natural
 * signs (revenue and cost both positive) means nothing where a subtree
 * mixes revenue and cost lines; this call gives the number that does, and
 * says in `out_nature` which subtrees mix the two (there, the natural-sign
 * totals of fpa_variance_rollup() are not the profit impact).
 *
 * @param[out] out_impact `size * periods` impacts, node-major as the
 *        inputs.
 * @param[out] out_nature `size` natures of the subtrees:
 *        ::FPA_NATURE_REVENUE or ::FPA_NATURE_COST when every node of the
 *        subtree has that nature, ::FPA_NATURE_MIXED otherwise; or NULL.
 * @param tree the hierarchy.
 * @param budget `size * periods` budget amounts in natural sign.
 * @param actual `size * periods` actual amounts in natural sign.
 * @param nature `size` ::fpa_nature values, one per node (that of an inner
 *        node applies to its direct postings, and counts in the nature of
 *        its subtree).
 * @param periods periods per node, at least 1.
 * @param opts as fpa_variance_rollup() (threads; results identical for
 *        every count), and its allocator is used for `size * periods`
 *        scratch values.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `periods` is 0, the size
 *         overflows, or a `nature` is not ::FPA_NATURE_REVENUE or
 *         ::FPA_NATURE_COST.
 * @retval FPA_EDOM an amount is not finite (the detail names the node).
 * @retval FPA_EOVERFLOW a variance or a total is not finite.
 * @retval FPA_ENOMEM scratch memory could not be allocated.
 * On failure `out_impact` may be partly written; `out_nature` is untouched.
 * @since 1.1
 */
FPA_API fpa_status fpa_variance_rollup_impact(double *out_impact, int *out_nature,
                                              const fpa_tree *tree,
                                              const double *budget,
                                              const double *actual, const int *nature,
                                              size_t periods, const fpa_opts *opts);

/** What a drill-down ranks. */
typedef enum fpa_drill {
    /** The node's children, each with the variance of its whole subtree,
     *  and the node itself for its direct postings when they are not
     *  zero. */
    FPA_DRILL_CHILDREN = 0,
    /** Every leaf below the node, and every inner node below it (the node
     *  included) whose direct postings have a non-zero variance. */
    FPA_DRILL_LEAVES = 1
} fpa_drill;

/**
 * Rank what explains a node's variance: its children or its leaves,
 * largest contribution first, with each one's share of the node's
 * variance.
 *
 * The contribution of a child is the variance (actual - budget) of its
 * subtree; the node's variance is the sum of all contributions, so the
 * shares add up to 1 (up to rounding). Ranking is by |contribution|,
 * ties by node index. `share = contribution / node variance`; when the
 * node's variance is zero (everything offsets) shares are reported as 0.
 * Contributions of zero are listed last. Pass the window totals of
 * fpa_variance_window() for a drill-down of a quarter or a year.
 *
 * Query the number of contributors with `capacity` 0 (the output arrays
 * may then be NULL) and read `out_available`.
 *
 * @param[out] out_nodes node indexes, largest contribution first
 *        (`capacity` entries, or NULL when `capacity` is 0).
 * @param[out] out_contribution their contributions (may be NULL).
 * @param[out] out_share their shares of the node's variance (may be NULL).
 * @param[out] out_count receives the number of entries written,
 *        min(capacity, available).
 * @param[out] out_available receives the number of contributors (may be
 *        NULL).
 * @param tree the hierarchy.
 * @param budget `size` budget amounts (not rolled up), one per node.
 * @param actual `size` actual amounts (not rolled up), one per node.
 * @param node the node to explain.
 * @param mode what to rank.
 * @param capacity entries available in the output arrays; the top
 *        `capacity` contributors are written.
 * @param opts allocator for scratch space (the subtree's size); NULL for
 *        malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL, `node` is out of range,
 *         or `mode` is not an ::fpa_drill.
 * @retval FPA_EDOM an amount in the node's subtree is not finite.
 * @retval FPA_EOVERFLOW a subtree total is not finite.
 * @retval FPA_ENOMEM allocation failed.
 * On failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_drilldown(size_t *out_nodes,
                                          double *out_contribution,
                                          double *out_share,
                                          size_t *out_count,
                                          size_t *out_available,
                                          const fpa_tree *tree,
                                          const double *budget,
                                          const double *actual, size_t node,
                                          fpa_drill mode, size_t capacity,
                                          const fpa_opts *opts);
/** @} */

/** @name Decompositions
 * Each splits a total variance into parts that add up to it exactly in
 * minor units (see the file's introduction). Positive parts increase the
 * amount analysed: revenue or margin for the sales decomposition
 * (favourable), cost for the cost and overhead ones (unfavourable).
 * @{ */

/** Index of each part in the `out_total` array of
 *  fpa_variance_sales_mix(). */
enum fpa_sales_part {
    FPA_SALES_PRICE = 0,     /**< Selling-price variance. */
    FPA_SALES_COST = 1,      /**< Unit-cost variance (margin analysis). */
    FPA_SALES_MIX = 2,       /**< Sales-mix variance. */
    FPA_SALES_QUANTITY = 3,  /**< Sales-quantity variance. */
    FPA_SALES_TOTAL = 4,     /**< Total variance, the sum of the four. */
    FPA_SALES_PARTS = 5      /**< Length of `out_total`. */
};

/**
 * Sales price, mix and quantity variances across products, of revenue or
 * of contribution margin.
 *
 * With units q, prices p and (margin analysis) unit variable costs c,
 * budget b and actual a, product i, total units Q = sum q, budgeted mix
 * \f$ s_i = q^b_i / Q^b \f$ and unit value u = p (revenue analysis) or
 * u = p - c (margin analysis), the textbook decomposition (Horngren, Datar
 * & Rajan, *Cost Accounting*, 14th ed., ch. 14, "Sales-Mix and
 * Sales-Quantity Variances") is:
 *
 * - price:    \f$ (p^a_i - p^b_i)\, q^a_i \f$
 * - cost:     \f$ -(c^a_i - c^b_i)\, q^a_i \f$ (margin analysis; 0 for
 *   revenue)
 * - mix:      \f$ (q^a_i - Q^a s_i)\, u^b_i = Q^a (s^a_i - s_i)\, u^b_i \f$
 * - quantity: \f$ (Q^a - Q^b)\, s_i\, u^b_i \f$
 *
 * Mix and quantity are valued at the **budgeted** unit value (price, or
 * contribution margin), price and cost at **actual** units; mix plus
 * quantity is the sales-volume variance \f$ (q^a_i - q^b_i) u^b_i \f$ and
 * price plus cost is the flexible-budget variance. This is the "individual
 * product" form of the mix variance; the form measured against the
 * budgeted average unit value gives other per-product mix figures but the
 * same total.
 *
 * Rounding (minor units, ::FPA_OPT_VARIANCE_DECIMALS): the total of a
 * product is its actual amount minus its budgeted amount, each line
 * (revenue `q p`, cost `q c`) rounded first as it would be invoiced;
 * price, cost and mix are each rounded; the quantity part is the total
 * minus the other three, so it absorbs the rounding residue (at most 2
 * minor units). Totals in `out_total` are sums of the products' rounded
 * parts, so every row and column adds up exactly.
 *
 * @param[out] out_price `n` price variances, or NULL.
 * @param[out] out_cost `n` cost variances (0 in a revenue analysis), or
 *        NULL.
 * @param[out] out_mix `n` mix variances, or NULL.
 * @param[out] out_quantity `n` quantity variances, or NULL.
 * @param[out] out_total ::FPA_SALES_PARTS totals indexed by
 *        ::fpa_sales_part, or NULL.
 * Not applicable (since 1.1): a product with no actual units has no actual
 * price or cost, and one neither budgeted nor sold has no budgeted price
 * or cost either. Such a value may be NaN: it enters no result (every term
 * it is in is multiplied by zero units). A NaN anywhere else is an error.
 *
 * Partial result (since 1.1): when the budgeted units add up to zero there
 * is no budgeted mix, so the mix and quantity variances (per product and
 * in `out_total`) are undefined: they hold NaN, everything else (price,
 * cost, the total) is written, and the call returns ::FPA_PARTIAL when
 * one of the undefined outputs was asked for (1.0 failed with ::FPA_EDOM).
 * Their sum, the sales-volume variance, is still the total minus price and
 * cost.
 *
 * @param budget_units `n` budgeted units, >= 0.
 * @param budget_price `n` budgeted unit prices (NaN where not applicable).
 * @param budget_cost `n` budgeted unit variable costs, or NULL for a
 *        revenue analysis (then `actual_cost` must be NULL too).
 * @param actual_units `n` actual units, >= 0.
 * @param actual_price `n` actual unit prices (NaN where not applicable).
 * @param actual_cost `n` actual unit variable costs, or NULL.
 * @param n number of products, at least 1.
 * @param opts reads ::FPA_OPT_VARIANCE_DECIMALS; NULL for cents.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL the budgeted units add up to zero and a mix or
 *         quantity output was asked for: those hold NaN, the others are
 *         written; the detail names the first undefined output.
 * @retval FPA_EINVAL a required pointer is NULL, `n` is 0, or only one of
 *         the cost arrays is given.
 * @retval FPA_EDOM units are not finite or negative, or a price or cost is
 *         infinite, or NaN where it applies.
 * @retval FPA_EOVERFLOW an amount does not fit in int64 minor units.
 * On any other failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_sales_mix(double *out_price, double *out_cost,
                                          double *out_mix,
                                          double *out_quantity,
                                          double *out_total,
                                          const double *budget_units,
                                          const double *budget_price,
                                          const double *budget_cost,
                                          const double *actual_units,
                                          const double *actual_price,
                                          const double *actual_cost, size_t n,
                                          const fpa_opts *opts);

/**
 * Cost price (rate, spending) and quantity (usage, efficiency) variances
 * of direct materials, direct labour or variable overhead inputs.
 *
 * For input i with actual quantity AQ used at actual price AP, and the
 * standard quantity SQ allowed for the actual output at standard price SP
 * (Horngren, Datar & Rajan, *Cost Accounting*, 14th ed., ch. 7-8):
 *
 * - total:    AQ AP - SQ SP (actual cost minus flexible budget)
 * - price:    (AP - SP) AQ   (at **actual** quantity)
 * - quantity: (AQ - SQ) SP   (at **standard** price)
 *
 * Positive variances are unfavourable (cost above standard). Rounding:
 * AQ AP and SQ SP are rounded to minor units, the price variance is
 * rounded, and the quantity variance is the total minus the price
 * variance (it absorbs the residue, at most 1 minor unit). The price
 * variance is measured on the quantity used; a price variance isolated at
 * purchase (on the quantity bought) does not add up with the quantity
 * variance and is not computed here.
 *
 * @param[out] out_price `n` price variances, or NULL.
 * @param[out] out_quantity `n` quantity variances, or NULL.
 * @param[out] out_total 3 totals: price, quantity, total; or NULL.
 * Not applicable (since 1.1): the actual price of an input not used
 * (actual quantity 0), and the standard price of one neither allowed nor
 * used, may be NaN.
 *
 * @param actual_qty `n` actual input quantities, >= 0.
 * @param actual_price `n` actual input prices, >= 0 (NaN where not
 *        applicable).
 * @param standard_qty `n` standard quantities allowed for actual output,
 *        >= 0.
 * @param standard_price `n` standard prices, >= 0 (NaN where not
 *        applicable).
 * @param n number of inputs, at least 1.
 * @param opts reads ::FPA_OPT_VARIANCE_DECIMALS; NULL for cents.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL or `n` is 0.
 * @retval FPA_EDOM an input is infinite, NaN where it applies, or
 *         negative (a negative price or quantity has no meaning; 1.0
 *         accepted it).
 * @retval FPA_EOVERFLOW an amount does not fit in int64 minor units.
 * On failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_cost(double *out_price, double *out_quantity,
                                     double *out_total,
                                     const double *actual_qty,
                                     const double *actual_price,
                                     const double *standard_qty,
                                     const double *standard_price, size_t n,
                                     const fpa_opts *opts);

/**
 * Flexible budget: split the static-budget variance of each line into the
 * sales-volume variance and the flexible-budget variance.
 *
 * The flexible budget restates the static (master) budget at the actual
 * volume: a line with variable share v (1 fully variable, 0 fixed, in
 * between for a mixed cost) flexes as
 * \f$ F = S (1 - v) + S v\, V^a / V^b \f$, S its static budget, V the
 * budgeted and actual volumes (Horngren, Datar & Rajan, *Cost Accounting*,
 * 14th ed., ch. 7, Exhibit 7-2). Then, per line:
 *
 * - static-budget variance = actual - S
 * - sales-volume variance = F - S
 * - flexible-budget variance = actual - F
 *
 * Rounding: S, F and actual are rounded to minor units first, so the two
 * parts add up to the static-budget variance exactly. Amounts are in
 * natural sign; `out_income` gives operating income (revenue lines minus
 * cost lines) of the static budget, the flexible budget and the actuals,
 * whose differences are the income-level variances (favourable when
 * positive).
 *
 * @param[out] out_flexed `n` flexible-budget amounts, or NULL.
 * @param[out] out_volume `n` sales-volume variances, or NULL.
 * @param[out] out_flexible `n` flexible-budget variances, or NULL.
 * @param[out] out_income 3 operating incomes: static, flexible, actual; or
 *        NULL.
 * Not applicable (since 1.1): the variable share of a line without a
 * static budget (0) may be NaN: nothing flexes.
 *
 * Partial result (since 1.1): with a budgeted volume of 0, a line with a
 * variable part cannot be flexed: its flexed amount and both its variances
 * are NaN, and so is the flexible-budget income (`out_income[1]`); the
 * other lines and incomes are written, and the call returns
 * ::FPA_PARTIAL when an undefined output was asked for (1.0 failed with
 * ::FPA_EDOM).
 *
 * @param static_budget `n` static-budget amounts.
 * @param actual `n` actual amounts.
 * @param variable_share `n` variable shares in [0, 1] (NaN where not
 *        applicable).
 * @param nature `n` values of ::fpa_nature.
 * @param n number of lines, at least 1.
 * @param budget_volume budgeted volume (units, hours), >= 0.
 * @param actual_volume actual volume, >= 0.
 * @param opts reads ::FPA_OPT_VARIANCE_DECIMALS; NULL for cents.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL the budgeted volume is 0, a line has a variable part,
 *         and an output it makes undefined was asked for: NaN there, the
 *         rest written; the detail names the first undefined output and
 *         the line.
 * @retval FPA_EINVAL a required pointer is NULL, `n` is 0, or a `nature`
 *         is not an ::fpa_nature.
 * @retval FPA_EDOM an input is not finite (a share NaN where it applies),
 *         a share is outside [0, 1], or a volume is negative.
 * @retval FPA_EOVERFLOW an amount does not fit in int64 minor units.
 * On any other failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_flexible(double *out_flexed,
                                         double *out_volume,
                                         double *out_flexible,
                                         double *out_income,
                                         const double *static_budget,
                                         const double *actual,
                                         const double *variable_share,
                                         const int *nature, size_t n,
                                         double budget_volume,
                                         double actual_volume,
                                         const fpa_opts *opts);

/**
 * Fixed overhead spending and production-volume variances.
 *
 * Fixed overhead is allocated at the budgeted rate
 * `budget / denominator` per unit of the allocation base (machine-hours,
 * units) allowed for the actual output (Horngren, Datar & Rajan, *Cost
 * Accounting*, 14th ed., ch. 8):
 *
 * - allocated = budget * allowed / denominator
 * - spending (flexible-budget) variance = actual - budget
 * - production-volume variance = budget - allocated
 * - their sum, actual - allocated, is the under-allocated (positive) or
 *   over-allocated (negative) fixed overhead.
 *
 * Positive variances are unfavourable. Rounding: actual, budget and
 * allocated are rounded to minor units, so the parts add up exactly.
 *
 * Partial result (since 1.1): a denominator level of 0 gives no budgeted
 * rate, so the allocated overhead and the production-volume variance are
 * NaN; the spending variance is written, and the call returns
 * ::FPA_PARTIAL when an undefined output was asked for (1.0 failed with
 * ::FPA_EDOM).
 *
 * @param[out] out_spending the spending variance, or NULL.
 * @param[out] out_volume the production-volume variance, or NULL.
 * @param[out] out_allocated the allocated overhead, or NULL.
 * @param actual actual fixed overhead.
 * @param budget budgeted fixed overhead.
 * @param denominator denominator level of the allocation base, >= 0.
 * @param allowed quantity of the allocation base allowed for the actual
 *        output, >= 0.
 * @param opts reads ::FPA_OPT_VARIANCE_DECIMALS; NULL for cents.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL `denominator` is 0 and `out_volume` or
 *         `out_allocated` was asked for: they hold NaN, the spending
 *         variance is written; the detail names the first.
 * @retval FPA_EDOM an input is not finite, `denominator` < 0 or
 *         `allowed` < 0.
 * @retval FPA_EOVERFLOW an amount does not fit in int64 minor units.
 * On any other failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_fixed_overhead(double *out_spending,
                                               double *out_volume,
                                               double *out_allocated,
                                               double actual, double budget,
                                               double denominator,
                                               double allowed,
                                               const fpa_opts *opts);
/**
 * Market-share and market-size variances: the split of the sales-quantity
 * variance into what the market's size and the company's share of it
 * explain (Horngren, Datar & Rajan, *Cost Accounting: A Managerial
 * Emphasis*, 14th ed., ch. 14, "Market-Share and Market-Size Variances").
 *
 * With Q^b, Q^a the budgeted and actual units sold (all products), M^b,
 * M^a the budgeted and actual size of the market in units, the market
 * shares \f$ S^b = Q^b / M^b \f$ and \f$ S^a = Q^a / M^a \f$, and u the
 * budgeted average unit value for the budgeted mix (budgeted contribution
 * margin, or revenue, per composite unit: the budgeted total divided by
 * Q^b, the average fpa_variance_sales_mix() values its quantity part at):
 *
 * - market-share variance \f$ = M^a (S^a - S^b)\, u = (Q^a - M^a S^b)\, u \f$
 * - market-size variance \f$ = (M^a - M^b)\, S^b\, u \f$
 * - their sum, \f$ (Q^a - Q^b)\, u \f$, is the sales-quantity variance.
 *
 * Positive variances are favourable (more contribution margin or
 * revenue). Rounding (minor units, ::FPA_OPT_VARIANCE_DECIMALS): the
 * sales-quantity variance and the market-share variance are rounded, and
 * the market-size variance is their difference, so the two add up to the
 * rounded sales-quantity variance exactly. (fpa_variance_sales_mix()
 * rounds product by product, so its quantity total may differ from this
 * one by a few minor units.)
 *
 * @param[out] out_share the market-share variance, or NULL.
 * @param[out] out_size the market-size variance, or NULL.
 * @param budget_units budgeted units sold, Q^b, >= 0 and at most
 *        `budget_market`.
 * @param actual_units actual units sold, Q^a, >= 0 and at most
 *        `actual_market`.
 * @param budget_market budgeted market size M^b, > 0.
 * @param actual_market actual market size M^a, >= 0.
 * @param unit_value budgeted average unit value u (any sign).
 * @param opts reads ::FPA_OPT_VARIANCE_DECIMALS; NULL for cents.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL both outputs are NULL.
 * @retval FPA_EDOM an input is not finite, units or `actual_market` are
 *         negative, or `budget_market` is not positive (no budgeted
 *         share).
 * @retval FPA_EDATA a share above 100 %: more units sold than the market.
 * @retval FPA_EOVERFLOW an amount does not fit in int64 minor units.
 * On failure the outputs are untouched.
 * @since 1.1
 */
FPA_API fpa_status fpa_variance_market(double *out_share, double *out_size,
                                       double budget_units, double actual_units,
                                       double budget_market, double actual_market,
                                       double unit_value, const fpa_opts *opts);
/** @} */

/** @name Accuracy of the plan
 * @{ */

/** Index of each measure in the `out_total` array of
 *  fpa_variance_accuracy(). */
enum fpa_accuracy_part {
    FPA_ACCURACY_MAPE = 0,   /**< Mean absolute percentage error. */
    FPA_ACCURACY_WAPE = 1,   /**< Weighted absolute percentage error. */
    FPA_ACCURACY_BIAS = 2,   /**< Relative bias. */
    FPA_ACCURACY_PARTS = 3   /**< Length of `out_total`. */
};

/**
 * How accurate a budget or forecast was: MAPE, WAPE and bias of the plan
 * against actuals, per line and over all lines, with the conventions of
 * libfpa 1.0.
 *
 * Since 1.1 the library has one table of accuracy measures, in
 * fpa/accuracy.h, which fpa_variance_plan_metrics() gives per line under
 * their own names. This function keeps the results it had in 1.0, which
 * differ from those in units and sign (the table in fpa/accuracy.h
 * relates them), and computes them through the accuracy module. With
 * error \f$ e_t = a_t - p_t \f$ (actual minus plan, the sign of Hyndman &
 * Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., section
 * 5.8, https://otexts.com/fpp3/accuracy.html), all as fractions:
 *
 * - MAPE = mean over periods with \f$ a_t \ne 0 \f$ of \f$ |e_t / a_t| \f$
 *   (the accuracy MAPE of those periods / 100);
 * - WAPE = \f$ \sum |e_t| / \sum |a_t| \f$ (the accuracy WAPE / 100);
 * - bias = \f$ \sum (p_t - a_t) / \sum |a_t| \f$: positive when the plan
 *   was above the actuals (revenue over-promised, cost over-provided);
 *   the accuracy module's relative bias / -100.
 *
 * The totals apply the same formulas to every cell of every line. When a
 * line's actuals are all zero, the three measures are undefined: they are
 * reported as 0 and the line's count in `out_n` is 0.
 *
 * @param[out] out_mape `lines` MAPEs, or NULL.
 * @param[out] out_wape `lines` WAPEs, or NULL.
 * @param[out] out_bias `lines` biases, or NULL.
 * @param[out] out_n `lines` counts of periods with a non-zero actual (the
 *        periods MAPE averages), or NULL.
 * @param[out] out_total ::FPA_ACCURACY_PARTS measures over all cells,
 *        indexed by ::fpa_accuracy_part, or NULL.
 * @param plan `lines * periods` budget or forecast amounts.
 * @param actual `lines * periods` actual amounts.
 * @param lines number of lines, at least 1.
 * @param periods number of periods, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a required pointer is NULL or a count is 0.
 * @retval FPA_EDOM an input is not finite.
 * @retval FPA_EOVERFLOW a sum is not finite.
 * On failure the outputs are untouched.
 */
FPA_API fpa_status fpa_variance_accuracy(double *out_mape, double *out_wape,
                                         double *out_bias, size_t *out_n,
                                         double *out_total, const double *plan,
                                         const double *actual, size_t lines,
                                         size_t periods);

/**
 * The accuracy of a plan line by line, in the measures of the accuracy
 * module (fpa/accuracy.h, whose definitions and names they are: MAPE,
 * sMAPE and WAPE in percent, bias as R's mean error, relative bias in
 * percent with its sign), each computed by fpa_accuracy_metric() with the
 * actuals as `actual` and the plan as `forecast`.
 *
 * Element (i, k) of `out`, at `i * n_metrics + k`, is measure `metrics[k]`
 * of line i. Pass the whole matrix as one line (`lines` 1, `periods` the
 * number of cells) for the measures over all cells.
 *
 * Partial result: a measure undefined on a line (MAPE with a zero actual,
 * WAPE or relative bias with every actual zero) is NaN, every other one is
 * written, and the call returns ::FPA_PARTIAL with a detail naming the
 * first such line and measure and why ("line 2, mape: MAPE is undefined:
 * actual[3] is 0"), the same for every thread count.
 *
 * @param[out] out `lines * n_metrics` measures.
 * @param plan `lines * periods` budget or forecast amounts.
 * @param actual `lines * periods` actual amounts.
 * @param lines number of lines, at least 1.
 * @param periods number of periods, at least 1.
 * @param metrics `n_metrics` measures (::fpa_metric), not
 *        ::FPA_METRIC_MASE (it scales by in-sample data a plan has not).
 * @param n_metrics number of measures, at least 1.
 * @param opts reads ::FPA_OPT_THREADS (lines are shared among threads;
 *        results do not depend on the count); NULL for one thread.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL some measures are undefined (NaN); the others are
 *         written.
 * @retval FPA_EINVAL a pointer is NULL, a count is 0, a size overflows, or
 *         a metric is unknown or ::FPA_METRIC_MASE.
 * @retval FPA_EDOM an input is not finite (nothing is written).
 * @retval FPA_EOVERFLOW a measure is not representable; outputs partly
 *         written.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 * @since 1.1
 */
FPA_API fpa_status fpa_variance_plan_metrics(double *out, const double *plan,
                                             const double *actual, size_t lines,
                                             size_t periods, const fpa_metric *metrics,
                                             size_t n_metrics, const fpa_opts *opts);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_VARIANCE_H */
