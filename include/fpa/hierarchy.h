/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file hierarchy.h
 * @brief Hierarchical forecasting (part of the forecast module): forecast
 *        every node of a cost-centre or product tree and reconcile the
 *        forecasts so that every node's forecast is the sum of its leaves'.
 *
 * **The tree** is the ::fpa_tree of variance.h, so a host builds one tree
 * for roll-ups, drill-downs and forecasts. Its leaves (nodes without
 * children) are the bottom series; every other node is an aggregate, the
 * sum of the leaves below it. A forest (several roots) is accepted; each
 * root is a total of its own.
 *
 * **Notation** (Hyndman & Athanasopoulos, *Forecasting: Principles and
 * Practice*, 3rd ed., ch. 11): n nodes, m leaves, the summing matrix S
 * (n x m, S[i][j] = 1 when leaf j is in node i's subtree), base forecasts
 * yhat_h (n values per horizon h, one model per node), coherent forecasts
 * ytilde_h = S G yhat_h for a mapping matrix G (m x n) that depends on the
 * method (::fpa_reconcile_method).
 *
 * **Residuals** are the in-sample one-step errors y_t - fitted_t of each
 * node's model (fpa_forecast_model_fitted()); the methods that need their
 * covariance use the periods in which every node has a residual.
 *
 * **Prediction intervals** (::fpa_hierarchy_intervals) are coherent
 * either way: Gaussian with the reconciled covariance S G W_h G' S'
 * (FPP3 section 11.5), or quantiles of reconciled sample paths.
 *
 * docs/forecast.md ("Hierarchies") gives the formulas and every difference
 * from R's fabletools and Nixtla's hierarchicalforecast.
 *
 * **Threads.** A hierarchy and a result may be read by several threads at
 * once; fpa_hierarchy_forecast() fits the nodes on ::FPA_OPT_THREADS
 * threads and gives identical results for every thread count.
 */
#ifndef FPA_HIERARCHY_H
#define FPA_HIERARCHY_H

#include "fpa/core.h"
#include "fpa/forecast.h"
#include "fpa/variance.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Reconciliation methods. The numeric values are part of the ABI. */
typedef enum fpa_reconcile_method {
    /** Bottom-up (FPP3 section 11.2): the leaves' base forecasts, summed
     *  up the tree; G selects the leaves. */
    FPA_RECONCILE_BOTTOM_UP = 0,
    /** Top-down by forecast proportions (Athanasopoulos, Ahmed & Hyndman
     *  2009; FPP3 section 11.2): each root's base forecast is split down
     *  the tree in the proportions of the children's base forecasts at
     *  the same horizon, p_j = prod over the path from leaf j to the root
     *  of yhat(node) / (sum of yhat over the node and its siblings). A
     *  single child gets proportion 1. */
    FPA_RECONCILE_TOP_DOWN = 1,
    /** Ordinary least squares, G = (S'S)^-1 S' (Hyndman, Ahmed,
     *  Athanasopoulos & Shang 2011): MinT with W = I. */
    FPA_RECONCILE_OLS = 2,
    /** Weighted least squares with structural scaling: MinT with
     *  W = diag(S 1), the number of leaves below each node (Athanasopoulos,
     *  Hyndman, Kourentzes & Petropoulos 2017). */
    FPA_RECONCILE_WLS_STRUCT = 3,
    /** Weighted least squares with variance scaling: MinT with W the
     *  diagonal of the residual covariance. */
    FPA_RECONCILE_WLS_VAR = 4,
    /** MinT with shrinkage (Wickramasuriya, Athanasopoulos & Hyndman 2019,
     *  JASA 114(526), "MinT(Shrink)"): G = (S'W^-1 S)^-1 S'W^-1 with
     *  W = lambda diag(Wc) + (1 - lambda) Wc, Wc the sample covariance of
     *  the one-step residuals (centred, divided by T - 1) and lambda the
     *  shrinkage intensity of Schaefer & Strimmer (2005, SAGMB 4(1),
     *  target D), lambda = sum_{i != j} Var(r_ij) / sum_{i != j} r_ij^2 on
     *  the standardised residuals, clipped to [0, 1]: R's
     *  corpcor::estimate.lambda(). With fewer than 3 periods in which
     *  every node has a residual, lambda is 1 and each node's variance
     *  comes from its own residuals (WLS with variance scaling). */
    FPA_RECONCILE_MINT_SHRINK = 5
} fpa_reconcile_method;

/**
 * Name of a reconciliation method: "bottom_up", "top_down", "ols",
 * "wls_struct", "wls_var", "mint_shrink" (fabletools' and
 * hierarchicalforecast's names).
 *
 * @param method a ::fpa_reconcile_method value.
 * @return static text, or NULL for an unknown value.
 */
FPA_API const char *fpa_reconcile_method_name(fpa_reconcile_method method);

/**
 * Look a reconciliation method up by its name.
 *
 * @param[out] out receives the method.
 * @param name a name as fpa_reconcile_method_name() gives it.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or no method has that name.
 */
FPA_API fpa_status fpa_reconcile_method_find(fpa_reconcile_method *out,
                                             const char *name);

/** Which rows of the data a hierarchy reads. */
typedef enum fpa_hierarchy_data {
    /** Every node's own series is given (aggregates as reported; they need
     *  not equal the sums of their leaves). */
    FPA_HIERARCHY_ALL_NODES = 0,
    /** Only the leaves' rows are read; each aggregate's series is the sum
     *  of its leaves, rolled up by fpa_variance_rollup(), starting at the
     *  first period any of its leaves has a value. */
    FPA_HIERARCHY_LEAVES = 1
} fpa_hierarchy_data;

/** How reconciled prediction intervals are computed. */
typedef enum fpa_hierarchy_intervals {
    /** Gaussian (FPP3 section 11.5): ytilde_h +- z sqrt(diag(S G W_h G'
     *  S')), W_h = D_h R D_h with D_h the base forecasts' standard
     *  deviations at horizon h (each read from the node's own interval at
     *  the same level: half its width over z) and R the correlation
     *  matrix of the shrinkage estimate of MINT_SHRINK, whatever the
     *  method (the identity when it falls back to lambda = 1). */
    FPA_HIERARCHY_GAUSSIAN = 0,
    /** Simulation (FPP3 section 11.5, "bootstrap"): ::FPA_OPT_FORECAST_NPATHS
     *  sample paths of every node from fpa_forecast_simulate() (node i
     *  seeded from ::FPA_OPT_SEED and i), made cross-sectionally dependent
     *  by reordering each node's draws at each horizon in the rank order of
     *  its residuals at a common set of sampled periods (the empirical
     *  copula of the residuals: the Schaake shuffle, Clark et al. 2004,
     *  as Taieb, Taylor & Hyndman 2017 use it), each path reconciled, and
     *  R's type-8 quantiles taken. Needs a method with a state-space form
     *  (fpa_forecast_simulate()); memory 8 x nodes x paths x h bytes. */
    FPA_HIERARCHY_SIMULATE = 1
} fpa_hierarchy_intervals;

/** Which forecasts of a result to read. */
typedef enum fpa_hierarchy_view {
    FPA_HIERARCHY_RECONCILED = 0, /**< The coherent forecasts. */
    FPA_HIERARCHY_BASE = 1        /**< Each node's own model's forecasts. */
} fpa_hierarchy_view;

/** A hierarchy with its data and settings: opaque; created by
 *  fpa_hierarchy_new(), released by fpa_hierarchy_free(). */
typedef struct fpa_hierarchy fpa_hierarchy;

/** Reconciled forecasts: opaque; created by fpa_hierarchy_forecast(),
 *  released by fpa_hierarchy_result_free(). */
typedef struct fpa_hierarchy_result fpa_hierarchy_result;

/**
 * A hierarchy on the nodes of a tree, without data yet. Its settings
 * start at: method ::FPA_FORECAST_ETS, reconciliation
 * ::FPA_RECONCILE_MINT_SHRINK, intervals ::FPA_HIERARCHY_GAUSSIAN.
 *
 * @param[out] out receives the hierarchy (NULL on failure).
 * @param tree the tree; the hierarchy keeps its own copy (built with
 *        fpa_variance_tree_new()), so `tree` may be freed at once.
 * @param opts allocator (kept); NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `tree` is NULL.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_hierarchy_new(fpa_hierarchy **out, const fpa_tree *tree,
                                     const fpa_opts *opts);

/**
 * Free a hierarchy. NULL is accepted and ignored.
 *
 * @param hier the hierarchy, or NULL.
 */
FPA_API void fpa_hierarchy_free(fpa_hierarchy *hier);

/**
 * Give the hierarchy its history: `periods` values per node, in the
 * tree's node order, the same calendar for every node (column t is the
 * same period everywhere; the last column is the forecast origin).
 *
 * Leading NaNs of a row mean that the line did not exist yet: its model
 * is fitted from its first value, and it counts as 0 in the sums of
 * ::FPA_HIERARCHY_LEAVES. Any other missing or infinite value is refused.
 * The values are copied.
 *
 * @param hier the hierarchy.
 * @param values `size * periods` values, node i's row at `[i * periods]`.
 * @param periods values per node, >= 1.
 * @param period seasonal period, 1..::FPA_FORECAST_MAX_PERIOD.
 * @param which every node's row or only the leaves' (the other rows are
 *        then not read).
 * @retval FPA_OK success; on failure the hierarchy keeps its former data.
 * @retval FPA_EINVAL a pointer is NULL, `periods` is 0, `period` is out of
 *         range or `which` is unknown.
 * @retval FPA_EDOM a value that is read is NaN after the row's first
 *         number, or infinite (the detail names the node's id and the
 *         period).
 * @retval FPA_EDATA a row that is read has no number at all.
 * @retval FPA_EOVERFLOW an aggregate of ::FPA_HIERARCHY_LEAVES is not
 *         finite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_hierarchy_set_data(fpa_hierarchy *hier,
                                          const double *values, size_t periods,
                                          size_t period,
                                          fpa_hierarchy_data which);

/**
 * The base forecasting method, one for every node (default
 * ::FPA_FORECAST_ETS, the model chosen by AICc for each node).
 *
 * @param hier the hierarchy.
 * @param method the method.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `hier` is NULL or `method` is unknown.
 */
FPA_API fpa_status fpa_hierarchy_set_method(fpa_hierarchy *hier,
                                            fpa_forecast_method method);

/**
 * The reconciliation method (default ::FPA_RECONCILE_MINT_SHRINK).
 *
 * @param hier the hierarchy.
 * @param method the method.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `hier` is NULL or `method` is unknown.
 */
FPA_API fpa_status fpa_hierarchy_set_reconcile(fpa_hierarchy *hier,
                                               fpa_reconcile_method method);

/**
 * How reconciled intervals are computed (default ::FPA_HIERARCHY_GAUSSIAN).
 *
 * @param hier the hierarchy.
 * @param intervals the way.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `hier` is NULL or `intervals` is unknown.
 */
FPA_API fpa_status fpa_hierarchy_set_intervals(fpa_hierarchy *hier,
                                               fpa_hierarchy_intervals intervals);

/**
 * Forecast every node `h` periods ahead with the base method and
 * reconcile.
 *
 * The nodes are fitted and predicted (fpa_forecast_fit(),
 * fpa_forecast_predict(), and fpa_forecast_simulate() for simulated
 * intervals) as independent jobs on ::FPA_OPT_THREADS threads; the
 * progress callback of `opts` sees one unit per node and one per
 * horizon reconciled, and may cancel. Cost: O(n^2 a + a^3) for the MinT
 * family (a aggregates), then O(n^2) per horizon for the means, O(n^3)
 * per horizon and level for Gaussian intervals and O(paths n^2) per
 * horizon for simulated ones.
 *
 * @param[out] out receives the result; free it with
 *        fpa_hierarchy_result_free().
 * @param hier a hierarchy with data.
 * @param h horizon, >= 1.
 * @param levels interval levels in percent, each in (0, 100), or NULL.
 * @param nlevels number of levels (0: point forecasts only).
 * @param opts the fit, predict and simulation options of forecast.h
 *        (::FPA_OPT_FORECAST_NPATHS paths, ::FPA_OPT_SEED), the threads,
 *        the progress callback; NULL for the defaults. Allocations use the
 *        hierarchy's allocator.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `h` is 0, a level is outside
 *         (0, 100), the hierarchy has no data, or simulated intervals
 *         were asked of a method without a state-space form (the detail
 *         names the node).
 * @retval FPA_EDOM top-down proportions are undefined: the children of a
 *         node forecast to sum to 0 (the detail names the node and the
 *         horizon).
 * @retval FPA_EDATA the reconciliation system U'WU is numerically
 *         singular (not seen with the shrinkage estimate, whose variances
 *         are floored).
 * @retval FPA_EOVERFLOW a forecast or bound is not finite.
 * @retval FPA_ECANCELED the progress callback cancelled the call.
 * @retval FPA_ENOMEM out of memory.
 * @retval other a node's fit failed as fpa_forecast_fit() says; the
 *         detail starts with the node's id.
 */
FPA_API fpa_status fpa_hierarchy_forecast(fpa_hierarchy_result **out,
                                          const fpa_hierarchy *hier, size_t h,
                                          const double *levels, size_t nlevels,
                                          const fpa_opts *opts);

/**
 * Free a result. NULL is accepted and ignored.
 *
 * @param res the result, or NULL.
 */
FPA_API void fpa_hierarchy_result_free(fpa_hierarchy_result *res);

/**
 * Dimensions of a result.
 *
 * @param[out] out_nodes receives the number of nodes (may be NULL).
 * @param[out] out_h receives the horizon (may be NULL).
 * @param[out] out_nlevels receives the number of levels (may be NULL).
 * @param res the result.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `res` is NULL.
 */
FPA_API fpa_status fpa_hierarchy_result_size(size_t *out_nodes, size_t *out_h,
                                             size_t *out_nlevels,
                                             const fpa_hierarchy_result *res);

/**
 * Point forecasts: `nodes x h` values, node i (tree order), horizon j at
 * `[i * h + j]`. Reconciled ones add up exactly (to rounding) at every
 * node.
 *
 * @param[out] out receives the values.
 * @param cap capacity of `out`.
 * @param res the result.
 * @param view reconciled or base forecasts.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `view` is unknown.
 * @retval FPA_ESIZE `cap` < nodes x h.
 */
FPA_API fpa_status fpa_hierarchy_result_mean(double *out, size_t cap,
                                             const fpa_hierarchy_result *res,
                                             fpa_hierarchy_view view);

/**
 * Interval bounds: `nodes x nlevels x h` values each, node i, level k,
 * horizon j at `[(i * nlevels + k) * h + j]` (the layout of
 * fpa_forecast_batch()).
 *
 * @param[out] out_lower receives the lower bounds.
 * @param[out] out_upper receives the upper bounds.
 * @param cap capacity of each output.
 * @param res the result.
 * @param view reconciled or base intervals.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `view` is unknown.
 * @retval FPA_ESIZE `cap` < nodes x nlevels x h.
 */
FPA_API fpa_status fpa_hierarchy_result_bounds(double *out_lower,
                                               double *out_upper, size_t cap,
                                               const fpa_hierarchy_result *res,
                                               fpa_hierarchy_view view);

/**
 * Name of a node's base model, after any fallback ("ETS(A,N,N)", "Naive"
 * ...), as fpa_forecast_model_name() gives it.
 *
 * @param res the result.
 * @param node node index.
 * @return text owned by the result; NULL when `res` is NULL or `node` is
 *         out of range.
 */
FPA_API const char *fpa_hierarchy_result_model(const fpa_hierarchy_result *res,
                                               size_t node);

/**
 * How the result was reconciled: the method, and the shrinkage intensity
 * lambda of the covariance estimate (used by ::FPA_RECONCILE_MINT_SHRINK
 * and by Gaussian intervals; 1 when there were too few residuals).
 *
 * @param[out] out_method receives the method (may be NULL).
 * @param[out] out_lambda receives lambda (may be NULL).
 * @param res the result.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `res` is NULL.
 */
FPA_API fpa_status fpa_hierarchy_result_info(fpa_reconcile_method *out_method,
                                             double *out_lambda,
                                             const fpa_hierarchy_result *res);

#ifdef __cplusplus
}
#endif
#endif /* FPA_HIERARCHY_H */
