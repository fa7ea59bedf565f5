# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit economics (the C module fpa/unit.h): contribution margin,
break-even, exact shared-cost allocation in cents, and customer economics
(ARPU, churn, retention, LTV, CAC, payback, cohort tables).

Conventions, as in C: rates, margins and churn are fractions per period;
flows such as churned revenue and spend are positive amounts; money that
must add up exactly (allocation, product profitability) is whole cents
(int64). A result that is mathematically infinite (LTV with zero churn,
break-even with no margin, a CAC never paid back) raises
`fpa.UnboundedError`: never an infinity.

Scalar functions broadcast over numpy arrays like numpy's ufuncs; a
failing element raises with its index in the message. Functions returning
several figures return a namedtuple.

Cohort matrices (cohort x age) follow the validity convention of
`fpa.kpi`: undefined cells (an empty cohort's retention) and cells past a
cohort's observed ages are masked (``numpy.ma``) or NaN (pandas, float64).
Matrix inputs may carry such a mask: masked cells past the observed ages
are ignored; when `observed` is not given, each row's observed ages are
its leading unmasked cells (all of them for an unmasked matrix).
"""
from collections import namedtuple

import numpy as np

from ._core import (Handle, check, check_partial, invalid, count, counts, dptr, f64, i64ptr,
                    int64s, make_options, number, opts_ptr, scalar_call, sizeptr)
from ._fpa_cffi import ffi, lib
from ._arrays import money
from ._tables import Matrix, mask_buffer, masked_pandas, out_buffer, pandas_kind

__all__ = ["contribution", "break_even", "break_even_mix", "margin_of_safety",
           "operating_leverage", "allocate", "profitability", "arpu", "logo_churn",
           "revenue_retention", "ltv_simple", "ltv_discounted", "ltv_curve",
           "retention_curve", "ltv_cohorts", "cac_blended", "cac_paid", "ltv_cac",
           "cac_payback", "cac_payback_curve", "cohort_retention",
           "cohort_revenue_retention", "Cohorts", "cohorts_from_rows",
           "Contribution", "BreakEven", "MarginOfSafety", "RevenueRetention",
           "Profitability"]

Contribution = namedtuple("Contribution", "per_unit ratio")
Contribution.__doc__ = "Contribution margin per unit and its ratio to price."
BreakEven = namedtuple("BreakEven", "units revenue")
BreakEven.__doc__ = "Break-even (or target-profit) units and revenue."
MarginOfSafety = namedtuple("MarginOfSafety", "amount ratio")
MarginOfSafety.__doc__ = "Margin of safety, actual - break-even, and its ratio to actual."
RevenueRetention = namedtuple("RevenueRetention", "grr nrr gross_churn net_churn expansion")
RevenueRetention.__doc__ = "Gross and net revenue retention, revenue churn, expansion rate."
Profitability = namedtuple("Profitability", "contribution allocated net")
Profitability.__doc__ = "Per product, in cents: contribution, allocated shared cost, net."

_TAILS = {"none": lib.FPA_TAIL_NONE, "geometric": lib.FPA_TAIL_GEOMETRIC,
          lib.FPA_TAIL_NONE: lib.FPA_TAIL_NONE, lib.FPA_TAIL_GEOMETRIC: lib.FPA_TAIL_GEOMETRIC}
_BASES = {"units": lib.FPA_MIX_UNITS, "revenue": lib.FPA_MIX_REVENUE}


def _choice(table, value, name):
    try:
        return table[value]
    except (KeyError, TypeError):
        names = ", ".join(repr(k) for k in table if isinstance(k, str))
        raise invalid(f"{name} is {value!r}; expected one of {names}") from None


def _unit_options(values, options, tail, tail_window):
    values = dict(values)
    if tail is not None:
        values["tail"] = _choice(_TAILS, tail, "tail")
    if tail_window is not None:
        values["tail_window"] = tail_window
    return make_options("unit", values, options)


def _cent(x, name):
    """A whole number of cents (an integer, never a float: 12.0 could be
    cents or dollars) as a Python int within int64."""
    if not isinstance(x, (int, np.integer)) or isinstance(x, bool) or not -2**63 <= x < 2**63:
        raise invalid(f"{name} must be whole cents (an int64 integer), not {x!r}")
    return int(x)


def _same_length(first, *others):
    """Check that 1-D arrays given as (name, array) pairs have one length."""
    n0, a0 = first
    for n, a in others:
        if a.size != a0.size:
            raise invalid(f"{n} has {a.size} values but {n0} has {a0.size}")
    return a0.size


def _like(template, values):
    """`values` as a pandas Series on `template`'s index when `template` is
    a pandas Series."""
    if pandas_kind(template) == "series":
        import pandas as pd
        return pd.Series(values, index=template.index)
    return values


# ---- product unit economics --------------------------------------------------

def _partial_ok(cfun):
    """`cfun` with FPA_PARTIAL taken as success: its undefined output is
    NaN, and a `fpa.PartialResultWarning` says which."""
    def call(*args):
        code = cfun(*args)
        if code == lib.FPA_PARTIAL:
            check_partial(code)
            return 0
        return code
    return call


def contribution(price, variable_cost):
    """Contribution margin per unit and contribution margin ratio.

    ``per_unit = price - variable_cost``; ``ratio = per_unit / price``.
    A negative margin is returned as is. Broadcasts over arrays. At a price
    of 0 the ratio is undefined: NaN, with a `fpa.PartialResultWarning`.

    Parameters
    ----------
    price : float or array_like
        Selling price per unit, >= 0.
    variable_cost : float or array_like
        Variable cost per unit.

    Returns
    -------
    Contribution
        ``(per_unit, ratio)``.

    Raises
    ------
    fpa.DomainError
        `price` < 0 or an input is not finite.
    """
    return scalar_call(_partial_ok(lib.fpa_unit_contribution), (price, variable_cost),
                       ("price", "variable_cost"), Contribution)


def break_even(fixed_costs, price, variable_cost, target_profit=0.0):
    """Break-even (or target-profit) volume of one product.

    ``units = (fixed_costs + target_profit) / (price - variable_cost)``,
    ``revenue = units * price`` (Garrison, Managerial Accounting, ch. 5).
    Broadcasts over arrays.

    Parameters
    ----------
    fixed_costs : float or array_like
        Fixed costs of the period, >= 0.
    price : float or array_like
        Selling price per unit, > 0.
    variable_cost : float or array_like
        Variable cost per unit.
    target_profit : float or array_like, optional
        Profit to reach, >= 0; 0 (default) for the break-even point.

    Returns
    -------
    BreakEven
        ``(units, revenue)``.

    Raises
    ------
    fpa.UnboundedError
        The contribution margin is <= 0 while costs plus target are
        positive: no volume breaks even.
    fpa.DomainError
        An input is out of range or not finite.
    """
    return scalar_call(lib.fpa_unit_break_even,
                       (fixed_costs, target_profit, price, variable_cost),
                       ("fixed_costs", "target_profit", "price", "variable_cost"), BreakEven)


def break_even_mix(price, variable_cost, mix, fixed_costs, target_profit=0.0, basis="units"):
    """Multi-product break-even with a constant sales mix.

    Parameters
    ----------
    price : array_like or pandas Series
        Selling price of each product, > 0.
    variable_cost : array_like
        Variable cost per unit of each product, as many as prices.
    mix : array_like
        Mix weights (any positive scale), each >= 0 with a positive sum.
    fixed_costs : float
        Shared fixed costs, >= 0.
    target_profit : float, optional
        Profit to reach, >= 0 (default 0).
    basis : {'units', 'revenue'}
        'units': the mix is a basket of units, break-even in baskets at the
        basket's contribution. 'revenue': the mix is a share of revenue,
        break-even revenue at the weighted contribution-margin ratio.

    Returns
    -------
    BreakEven
        ``(units, revenue)``, one per product (Series on `price`'s index
        when it is a pandas Series).

    Raises
    ------
    fpa.InvalidArgumentError
        Lengths differ, no product, or an unknown basis.
    fpa.UnboundedError
        The mix's weighted contribution margin is <= 0.
    fpa.DomainError
        A price <= 0, a negative weight, weights summing to 0, a value not
        finite.
    """
    p, v, m = f64(price, "price"), f64(variable_cost, "variable_cost"), f64(mix, "mix")
    n = _same_length(("price", p), ("variable_cost", v), ("mix", m))
    units, revenue = out_buffer(n), out_buffer(n)
    check(lib.fpa_unit_break_even_mix(dptr(units), dptr(revenue), dptr(p), dptr(v), dptr(m),
                                      n, _choice(_BASES, basis, "basis"),
                                      number(fixed_costs, "fixed_costs"),
                                      number(target_profit, "target_profit")))
    return BreakEven(_like(price, units[:n]), _like(price, revenue[:n]))


def margin_of_safety(actual, break_even):
    """Margin of safety: ``actual - break_even`` and its ratio to actual.

    In units or revenue alike (give both in the same one); negative below
    break-even. Broadcasts over arrays. Without sales the ratio is
    undefined: NaN, with a `fpa.PartialResultWarning`.

    Parameters
    ----------
    actual : float or array_like
        Actual or budgeted sales, >= 0.
    break_even : float or array_like
        Break-even sales, >= 0.

    Returns
    -------
    MarginOfSafety
        ``(amount, ratio)``.

    Raises
    ------
    fpa.DomainError
        `actual` < 0, `break_even` < 0 or an input not finite.
    """
    return scalar_call(_partial_ok(lib.fpa_unit_margin_of_safety), (actual, break_even),
                       ("actual", "break_even"), MarginOfSafety)


def operating_leverage(contribution_margin, operating_income):
    """Degree of operating leverage: contribution margin / operating income.

    Broadcasts over arrays.

    Parameters
    ----------
    contribution_margin : float or array_like
        Total contribution margin of the period.
    operating_income : float or array_like
        Operating income of the period (a loss gives a negative DOL).

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        `operating_income` is 0 (at break-even the leverage is infinite).
    fpa.DomainError
        An input is not finite.
    """
    return scalar_call(lib.fpa_unit_operating_leverage,
                       (contribution_margin, operating_income),
                       ("contribution_margin", "operating_income"))


def allocate(pool, driver):
    """Allocate a pool of cents in proportion to a driver, exactly.

    Largest remainder (Hamilton's method): each recipient gets the floor of
    its quota ``pool * driver[i] / sum(driver)`` in whole cents, and the
    cents left over go one each to the largest fractional remainders, ties
    to the lower index. The parts always sum to `pool`; a negative pool is
    allocated as its magnitude and negated.

    Parameters
    ----------
    pool : int
        Amount to allocate, whole cents, ``abs(pool) <= 2**53``.
    driver : array_like or pandas Series
        Driver values (revenue, units, hours ...), each >= 0, with a
        positive sum.

    Returns
    -------
    ndarray of int64 or pandas Series
        The allocation in cents (a Series on the driver's index).

    Raises
    ------
    fpa.DomainError
        A negative or non-finite driver, drivers summing to 0, or a pool
        above 2**53 cents.
    fpa.InvalidArgumentError
        `pool` is not whole cents, or no driver.
    """
    d = f64(driver, "driver")
    out = out_buffer(d.size, np.int64)
    check(lib.fpa_unit_allocate(i64ptr(out), _cent(pool, "pool"), dptr(d), d.size, ffi.NULL))
    return _like(driver, out[:d.size])


def profitability(revenue, direct_costs, shared_pool, driver=None):
    """Product profitability after direct costs and allocated shared costs.

    Exactly, in cents: ``contribution = revenue - direct_costs``;
    ``allocated`` = the share of `shared_pool` by `allocate` with the
    driver (revenue when None); ``net = contribution - allocated``. The
    nets add up to total revenue - total direct costs - pool exactly.

    Parameters
    ----------
    revenue : array_like of int or pandas Series
        Revenue per product, whole cents.
    direct_costs : array_like of int
        Direct costs per product, whole cents, as many as revenues.
    shared_pool : int
        Shared costs to allocate, whole cents, ``abs <= 2**53``.
    driver : array_like, optional
        Allocation driver per product, each >= 0 with a positive sum;
        None allocates by revenue (then every revenue must be >= 0).

    Returns
    -------
    Profitability
        ``(contribution, allocated, net)``, int64 arrays (Series on
        `revenue`'s index when it is a pandas Series).

    Raises
    ------
    fpa.InvalidArgumentError
        Lengths differ, no product, or amounts that are not whole cents.
    fpa.DomainError
        A negative driver (or revenue, by revenue), drivers summing to 0.
    fpa.ResultOverflowError
        A difference overflows int64.
    """
    r = money(revenue, "revenue")
    c = money(direct_costs, "direct_costs")
    d = None if driver is None else f64(driver, "driver")
    n = _same_length(("revenue", r), ("direct_costs", c),
                     *([] if d is None else [("driver", d)]))
    outs = [out_buffer(n, np.int64) for _ in range(3)]
    check(lib.fpa_unit_profitability(*[i64ptr(o) for o in outs], i64ptr(r), i64ptr(c),
                                     ffi.NULL if d is None else dptr(d), n,
                                     _cent(shared_pool, "shared_pool"), ffi.NULL))
    return Profitability(*[_like(revenue, o[:n]) for o in outs])


# ---- customer unit economics ---------------------------------------------------

def arpu(revenue, customers_start, customers_end=None):
    """Average revenue per user (or per account: pass account counts).

    ``revenue / mean(customers_start, customers_end)`` (Skok, SaaS Metrics
    2.0). Broadcasts over arrays.

    Parameters
    ----------
    revenue : float or array_like
        Revenue of the period.
    customers_start : float or array_like
        Customers at the start, >= 0.
    customers_end : float or array_like, optional
        Customers at the end, >= 0; default `customers_start` (a point
        count).

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.DomainError
        Both counts 0, a negative count or a value not finite.
    """
    end = customers_start if customers_end is None else customers_end
    return scalar_call(lib.fpa_unit_arpu, (revenue, customers_start, end),
                       ("revenue", "customers_start", "customers_end"))


def logo_churn(customers_start, customers_lost):
    """Logo (customer) churn: customers lost / customers at the start.

    Broadcasts over arrays.

    Parameters
    ----------
    customers_start : float or array_like
        Customers at the start of the period, > 0.
    customers_lost : float or array_like
        Of those, the ones lost in the period, 0..customers_start.

    Returns
    -------
    float or ndarray
        The churn rate, 0..1.

    Raises
    ------
    fpa.DataError
        More customers lost than there were.
    fpa.DomainError
        `customers_start` <= 0, a negative loss or a value not finite.
    """
    return scalar_call(lib.fpa_unit_logo_churn, (customers_start, customers_lost),
                       ("customers_start", "customers_lost"))


def revenue_retention(mrr_start, churned, contraction=0.0, expansion=0.0):
    """Gross and net revenue retention of a period.

    With starting recurring revenue M, churned revenue X, contraction D and
    expansion E (new customers excluded): ``grr = (M - X - D) / M``,
    ``nrr = (M - X - D + E) / M``, ``gross_churn = 1 - grr``,
    ``net_churn = 1 - nrr``, ``expansion = E / M``. Broadcasts over arrays.

    Parameters
    ----------
    mrr_start : float or array_like
        Recurring revenue at the start, > 0.
    churned : float or array_like
        Revenue of customers lost, >= 0.
    contraction : float or array_like, optional
        Revenue lost to downgrades, >= 0.
    expansion : float or array_like, optional
        Revenue gained from upgrades, >= 0.

    Returns
    -------
    RevenueRetention
        ``(grr, nrr, gross_churn, net_churn, expansion)``.

    Raises
    ------
    fpa.DataError
        ``churned + contraction`` exceeds `mrr_start`.
    fpa.DomainError
        A value out of range or not finite.
    """
    return scalar_call(lib.fpa_unit_revenue_retention,
                       (mrr_start, churned, contraction, expansion),
                       ("mrr_start", "churned", "contraction", "expansion"), RevenueRetention)


def ltv_simple(arpu, gross_margin, churn):
    """Simple lifetime value: ``arpu * gross_margin / churn`` (Skok).

    Broadcasts over arrays.

    Parameters
    ----------
    arpu : float or array_like
        Revenue per customer per period.
    gross_margin : float or array_like
        Gross margin, a fraction.
    churn : float or array_like
        Churn per period, 0..1.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        Zero churn with a non-zero margin: customers never leave.
    fpa.DomainError
        `churn` outside [0, 1] or an input not finite.
    """
    return scalar_call(lib.fpa_unit_ltv_simple, (arpu, gross_margin, churn),
                       ("arpu", "gross_margin", "churn"))


def ltv_discounted(arpu, gross_margin, churn, discount_rate=0.0, horizon=None):
    """Discounted lifetime value with constant churn.

    ``sum_{t=1..H} m (1-c)**(t-1) / (1+d)**t`` with ``m = arpu *
    gross_margin``; ``m / (c + d)`` for an infinite horizon. Broadcasts
    over arrays.

    Parameters
    ----------
    arpu : float or array_like
        Revenue per customer per month.
    gross_margin : float or array_like
        Gross margin, a fraction.
    churn : float or array_like
        Churn per month, 0..1.
    discount_rate : float or array_like, optional
        Discount rate per month, > -1 (default 0).
    horizon : int or array_like of int, optional
        Months counted; None or 0 for an infinite horizon.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        Infinite horizon with churn + discount rate <= 0 and a non-zero
        margin.
    fpa.DomainError
        An input out of range or not finite.
    fpa.InvalidArgumentError
        A horizon that is not a whole number >= 0.
    """
    return scalar_call(lib.fpa_unit_ltv_discounted,
                       (arpu, gross_margin, churn, discount_rate,
                        0 if horizon is None else horizon),
                       ("arpu", "gross_margin", "churn", "discount_rate", "horizon"),
                       counts_at=(4,))


def ltv_curve(retention, arpu, gross_margin, discount_rate=0.0, horizon=None, *, tail=None,
              tail_window=None, options=None, **option_values):
    """Lifetime value from an observed retention curve.

    ``m * sum_k S[k] / (1+d)**(k+1)`` over the observed ages, ``m = arpu *
    gross_margin``, and beyond them the tail rule: 'geometric' (default)
    continues at the mean age-to-age retention of the last `tail_window`
    (default 3) steps, 'none' stops at the data.

    Parameters
    ----------
    retention : array_like
        Share of the cohort active at each age (age 0 first), each >= 0.
    arpu : float
        Revenue per active customer per month.
    gross_margin : float
        Gross margin, a fraction.
    discount_rate : float, optional
        Discount rate per month, > -1 (default 0).
    horizon : int, optional
        Months counted; None or 0 for an infinite horizon. A horizon
        within the curve truncates it (no tail).
    tail : {'geometric', 'none'}, keyword-only, optional
        The ``unit.tail`` option.
    tail_window : int, keyword-only, optional
        The ``unit.tail_window`` option, 1..1200.
    options : fpa.Options, optional
    **option_values
        Other options by name.

    Returns
    -------
    float

    Raises
    ------
    fpa.UnboundedError
        Infinite horizon with a tail ratio >= 1 + discount rate.
    fpa.DataError
        A geometric tail is needed but the curve has one age.
    fpa.DomainError
        A value out of range or not finite.
    """
    s = f64(retention, "retention")
    opts = _unit_options(option_values, options, tail, tail_window)
    out = ffi.new("double *")
    check(lib.fpa_unit_ltv_curve(out, dptr(s), s.size, number(arpu, "arpu"),
                                 number(gross_margin, "gross_margin"),
                                 number(discount_rate, "discount_rate"),
                                 count(horizon, "horizon"), opts_ptr(opts)))
    return out[0]


def _cohort_matrix(x, name, observed, rows_of=None):
    """(Matrix, observed as size_t) of a cohort x age matrix. Masked cells
    must lie past each row's observed ages; observed defaults to the
    leading unmasked cells of each row."""
    m = Matrix(x, name, allow_missing=True)
    na = m.missing
    if observed is None:
        if na is None:
            obs = np.full(m.rows, m.cols, dtype=np.uintp)
        else:
            obs = np.where(na.any(axis=1), na.argmax(axis=1), m.cols).astype(np.uintp)
    else:
        obs = counts(observed, "observed")
        if obs.ndim != 1 or obs.size != m.rows:
            raise invalid(f"observed has {obs.size} values but {name} has "
                          f"{m.rows} rows")
    if na is not None:
        seen = np.arange(m.cols)[None, :] < obs[:, None].astype(np.int64)
        if observed is None:
            seen = ~seen
            bad = seen & ~na
            what = "is defined after an undefined cell of its row; give observed"
        else:
            bad = seen & na
            what = "is missing within the cohort's observed ages"
        if bad.any():
            i, j = np.unravel_index(int(np.flatnonzero(bad)[0]), bad.shape)
            raise invalid(f"{name}[{i}][{j}] {what}")
    return m, np.ascontiguousarray(obs)


def _weights(weights, rows):
    if weights is None:
        return None
    w = f64(weights, "weights")
    if w.size != rows:
        raise invalid(f"weights has {w.size} values but there are {rows} cohorts")
    return w


def retention_curve(retention, observed=None, weights=None):
    """Pooled retention curve of a cohort triangle (chain-ladder).

    ``S[0] = sum(w R[:,0]) / sum(w)``; ``S[a+1] = S[a] * sum(w R[:,a+1]) /
    sum(w R[:,a])`` over the cohorts observed at age a+1, so young cohorts'
    unobserved ages are not read as churn.

    Parameters
    ----------
    retention : 2-D array_like, numpy masked array or pandas DataFrame
        Cohort x age retention shares (e.g. from `cohort_retention`).
    observed : array_like of int, optional
        Observed ages of each cohort; default from the mask (see the
        module documentation).
    weights : array_like, optional
        Cohort weights, usually sizes, each >= 0; None for equal weights.

    Returns
    -------
    ndarray or pandas Series
        The curve, as long as the longest observation (a Series on the
        DataFrame's columns).

    Raises
    ------
    fpa.DataError
        No cohort with a positive weight is observed.
    fpa.DomainError
        A value or weight is negative or not finite.
    fpa.InvalidArgumentError
        Lengths or shapes disagree, an observed count above the columns.
    """
    m, obs = _cohort_matrix(retention, "retention", observed)
    w = _weights(weights, m.rows)
    out, n = out_buffer(m.cols), ffi.new("size_t *")
    check(lib.fpa_unit_retention_curve(dptr(out), n, m.ptr,
                                       ffi.NULL if w is None else dptr(w), sizeptr(obs),
                                       m.rows, m.cols))
    curve = out[:n[0]]
    if m.kind == "frame":
        import pandas as pd
        return pd.Series(curve, index=m.columns[:n[0]])
    return curve


def ltv_cohorts(retention, arpu, gross_margin, discount_rate=0.0, horizon=None, *,
                observed=None, weights=None, tail=None, tail_window=None, options=None,
                **option_values):
    """Cohort-based lifetime value: `retention_curve` valued by `ltv_curve`.

    Parameters
    ----------
    retention : 2-D array_like, numpy masked array or pandas DataFrame
        Cohort x age retention shares.
    arpu : float
        Revenue per active customer per month.
    gross_margin : float
        Gross margin, a fraction.
    discount_rate : float, optional
        Discount rate per month, > -1.
    horizon : int, optional
        Months counted; None or 0 for an infinite horizon.
    observed : array_like of int, keyword-only, optional
        As for `retention_curve`.
    weights : array_like, keyword-only, optional
        Cohort weights (sizes); None for equal weights.
    tail, tail_window : keyword-only, optional
        As for `ltv_curve`.
    options : fpa.Options, optional
    **option_values
        Other options by name.

    Returns
    -------
    float

    Raises
    ------
    fpa.UnboundedError, fpa.DataError, fpa.DomainError, fpa.InvalidArgumentError
        As `retention_curve` and `ltv_curve`.
    """
    m, obs = _cohort_matrix(retention, "retention", observed)
    w = _weights(weights, m.rows)
    opts = _unit_options(option_values, options, tail, tail_window)
    out = ffi.new("double *")
    check(lib.fpa_unit_ltv_cohorts(out, m.ptr, ffi.NULL if w is None else dptr(w),
                                   sizeptr(obs), m.rows, m.cols, number(arpu, "arpu"),
                                   number(gross_margin, "gross_margin"),
                                   number(discount_rate, "discount_rate"),
                                   count(horizon, "horizon"), opts_ptr(opts)))
    return out[0]


def cac_blended(spend, new_customers):
    """Blended customer acquisition cost: all S&M spend / all new customers.

    Broadcasts over arrays.

    Parameters
    ----------
    spend : float or array_like
        Sales and marketing spend, >= 0.
    new_customers : float or array_like
        New customers, organic ones included, >= 0.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        Spend without a single new customer.
    fpa.DomainError
        A negative or non-finite input, or no spend and no customers.
    """
    return scalar_call(lib.fpa_unit_cac_blended, (spend, new_customers),
                       ("spend", "new_customers"))


def cac_paid(paid_spend, new_customers, organic_customers=0.0):
    """Paid CAC: paid spend / (new customers - organic customers).

    Broadcasts over arrays.

    Parameters
    ----------
    paid_spend : float or array_like
        Paid acquisition spend, >= 0.
    new_customers : float or array_like
        All new customers, >= 0.
    organic_customers : float or array_like, optional
        Organic new customers, 0..new_customers (default 0).

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        Paid spend without a single paid customer.
    fpa.DataError
        More organic than new customers.
    fpa.DomainError
        A negative or non-finite input.
    """
    return scalar_call(lib.fpa_unit_cac_paid, (paid_spend, new_customers, organic_customers),
                       ("paid_spend", "new_customers", "organic_customers"))


def ltv_cac(ltv, cac):
    """LTV to CAC ratio. Broadcasts over arrays.

    Parameters
    ----------
    ltv : float or array_like
        Lifetime value (may be negative).
    cac : float or array_like
        Acquisition cost, >= 0.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        `cac` is 0 with a non-zero LTV.
    fpa.DomainError
        `cac` < 0, both 0, or an input not finite.
    """
    return scalar_call(lib.fpa_unit_ltv_cac, (ltv, cac), ("ltv", "cac"))


def cac_payback(cac, arpu, gross_margin, churn=0.0):
    """CAC payback in months on a gross-margin basis.

    The first moment the cumulative margin per acquired customer, ``m``
    in month 1 and ``m (1-c)**(t-1)`` in month t (``m = arpu *
    gross_margin``), each month's margin earned evenly across it, reaches
    the CAC. Without churn: ``cac / m``. Broadcasts over arrays.

    Parameters
    ----------
    cac : float or array_like
        Acquisition cost per customer, >= 0.
    arpu : float or array_like
        Revenue per customer per month.
    gross_margin : float or array_like
        Gross margin, a fraction.
    churn : float or array_like, optional
        Churn per month, 0..1 (default 0).

    Returns
    -------
    float or ndarray
        Months (0 when cac is 0).

    Raises
    ------
    fpa.UnboundedError
        The CAC is never paid back (margin <= 0, or cac >= m / churn).
    fpa.DomainError
        An input out of range or not finite.
    """
    return scalar_call(lib.fpa_unit_cac_payback, (cac, arpu, gross_margin, churn),
                       ("cac", "arpu", "gross_margin", "churn"))


def cac_payback_curve(cac, margin):
    """CAC payback in months from an observed margin curve.

    Parameters
    ----------
    cac : float
        Acquisition cost per customer, >= 0.
    margin : array_like
        Gross margin earned in each month (month 1 first) per customer
        acquired, churn included; any sign.

    Returns
    -------
    float
        Months, interpolated within the month.

    Raises
    ------
    fpa.UnboundedError
        The cumulative margin does not reach the CAC within the data.
    fpa.DomainError
        `cac` < 0 or a value not finite.
    fpa.InvalidArgumentError
        No months.
    """
    m = f64(margin, "margin")
    out = ffi.new("double *")
    check(lib.fpa_unit_cac_payback_curve(out, number(cac, "cac"), dptr(m), m.size))
    return out[0]


# ---- cohort tables -------------------------------------------------------------

def _ratio_matrix(m, obs, strict, call):
    n = m.rows * m.cols
    out = out_buffer(n)
    valid, vptr = mask_buffer(n, strict)
    check(call(dptr(out), vptr))
    if valid is None:  # strict: unobserved cells are still no data
        valid = (np.arange(m.cols)[None, :] < obs[:, None].astype(np.int64)).astype(np.uint8)
    return m.result(out[:n].reshape(m.rows, m.cols), valid[:n].reshape(m.rows, m.cols))


def cohort_retention(sizes, active, observed=None, *, strict=False):
    """Logo retention matrix: active customers / cohort size.

    Parameters
    ----------
    sizes : array_like
        Cohort sizes, each >= 0, one per row of `active`.
    active : 2-D array_like, numpy masked array or pandas DataFrame
        Active customers by cohort (rows) and age (columns), each >= 0.
    observed : array_like of int, optional
        Observed ages of each cohort; default from the mask.
    strict : bool, keyword-only
        Raise `fpa.DomainError` for an observed empty cohort instead of
        masking its row.

    Returns
    -------
    numpy.ma.MaskedArray or pandas DataFrame
        Masked (NaN for pandas) past each cohort's observed ages and where the
        cohort is empty.

    Raises
    ------
    fpa.DomainError
        A negative or non-finite value, or (strict) an empty cohort.
    fpa.InvalidArgumentError
        Lengths disagree, an observed count above the columns.
    """
    m, obs = _cohort_matrix(active, "active", observed)
    s = f64(sizes, "sizes")
    if s.size != m.rows:
        raise invalid(f"sizes has {s.size} values but active has {m.rows} rows")
    return _ratio_matrix(m, obs, strict, lambda out, v: lib.fpa_unit_cohort_retention(
        out, v, dptr(s), m.ptr, sizeptr(obs), m.rows, m.cols))


def cohort_revenue_retention(revenue, observed=None, *, strict=False):
    """Revenue retention matrix: revenue at each age / the cohort's age-0 revenue.

    Above 1 where expansion outweighs churn.

    Parameters
    ----------
    revenue : 2-D array_like, numpy masked array or pandas DataFrame
        Revenue by cohort (rows) and age (columns).
    observed : array_like of int, optional
        Observed ages of each cohort; default from the mask.
    strict : bool, keyword-only
        Raise `fpa.DomainError` for a cohort whose age-0 revenue is 0
        instead of masking its row.

    Returns
    -------
    numpy.ma.MaskedArray or pandas DataFrame

    Raises
    ------
    fpa.DomainError
        A non-finite value, or (strict) a zero age-0 revenue.
    fpa.ResultOverflowError
        A ratio is not representable.
    fpa.InvalidArgumentError
        Lengths disagree, an observed count above the columns.
    """
    m, obs = _cohort_matrix(revenue, "revenue", observed)
    return _ratio_matrix(m, obs, strict, lambda out, v: lib.fpa_unit_cohort_revenue_retention(
        out, v, m.ptr, sizeptr(obs), m.rows, m.cols))


def _periods(x, name):
    """int64 period numbers, and whether they came as dates (then months
    since 1970-01, numpy's datetime64[M])."""
    a = np.asarray(x)
    if a.dtype.kind == "M":
        months = a.astype("datetime64[M]")
        if np.isnat(months).any():
            k = int(np.flatnonzero(np.isnat(months))[0])
            raise invalid(f"{name}[{k}] is NaT")
        return np.ascontiguousarray(months.astype(np.int64)), True
    return int64s(x, name, "a whole period number"), False


class Cohorts(Handle):
    """Cohort tables built from activity rows (an ``fpa_cohorts`` object).

    Rows are the distinct cohorts of the data in increasing order, columns
    the ages 0 .. last period - first cohort. Create with
    `cohorts_from_rows` or `Cohorts.from_frame`; free early with `close`
    or a ``with`` block (otherwise the garbage collector frees it).

    Attributes
    ----------
    shape : (int, int)
        Cohorts and ages.
    ids : ndarray
        Cohort period numbers (``datetime64[M]`` months when the rows gave
        dates).
    sizes : ndarray
        Customers in each cohort.
    observed : ndarray of int
        Observed ages of each cohort.
    active, revenue : numpy.ma.MaskedArray
        Active customers and revenue by cohort and age, masked past each
        cohort's observed ages.
    """

    def __init__(self, ptr, months=False):
        self._ptr = ffi.gc(ptr, lib.fpa_unit_cohorts_free)
        self._months = months
        rows, cols = ffi.new("size_t *"), ffi.new("size_t *")
        check(lib.fpa_unit_cohorts_shape(rows, cols, ptr))
        self.shape = (rows[0], cols[0])

    @classmethod
    def from_rows(cls, customer, cohort, period, revenue=None):
        """Cohort tables from activity rows: the same as `cohorts_from_rows`.

        Parameters
        ----------
        customer, cohort, period, revenue
            As for `cohorts_from_rows`.

        Returns
        -------
        Cohorts
        """
        return cohorts_from_rows(customer, cohort, period, revenue)

    @classmethod
    def from_frame(cls, df, customer="customer", cohort="cohort", period="period",
                   revenue="revenue"):
        """Cohort tables from a DataFrame of activity rows.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per (customer, period) activity.
        customer, cohort, period : str
            Column names.
        revenue : str or None
            Column name of the revenue; None, or a name that is not a
            column, for none.

        Returns
        -------
        Cohorts
        """
        rev = df[revenue] if revenue is not None and revenue in df.columns else None
        return cohorts_from_rows(df[customer], df[cohort], df[period], rev)

    def _summary(self):
        return f"{self.shape[0]} cohorts x {self.shape[1]} ages"

    def _info(self):
        rows = self.shape[0]
        ids, sizes = np.empty(rows, np.int64), np.empty(rows)
        obs = np.empty(rows, np.uintp)
        check(lib.fpa_unit_cohorts_info(i64ptr(ids), dptr(sizes), sizeptr(obs), rows,
                                        self._c()))
        return ids, sizes, obs

    @property
    def ids(self):
        """Cohort period numbers, in increasing order.

        Returns
        -------
        ndarray of int64, or of datetime64[M] when the rows gave dates
        """
        ids = self._info()[0]
        return ids.astype("datetime64[M]") if self._months else ids

    @property
    def sizes(self):
        """Customers in each cohort.

        Returns
        -------
        ndarray of float64
        """
        return self._info()[1]

    @property
    def observed(self):
        """Observed ages of each cohort (last period - cohort + 1).

        Returns
        -------
        ndarray of int64
        """
        return self._info()[2].astype(np.int64)

    def _unobserved(self):
        obs = self._info()[2].astype(np.int64)
        return np.arange(self.shape[1])[None, :] >= obs[:, None]

    def _tables(self):
        n = self.shape[0] * self.shape[1]
        active, revenue = np.empty(self.shape), np.empty(self.shape)
        check(lib.fpa_unit_cohorts_tables(dptr(active), dptr(revenue), n, self._c()))
        return active, revenue

    @property
    def active(self):
        """Active customers by cohort (rows) and age (columns).

        Returns
        -------
        numpy.ma.MaskedArray
            Masked past each cohort's observed ages.
        """
        return np.ma.MaskedArray(self._tables()[0], mask=self._unobserved())

    @property
    def revenue(self):
        """Revenue by cohort (rows) and age (columns).

        Returns
        -------
        numpy.ma.MaskedArray
            Masked past each cohort's observed ages.
        """
        return np.ma.MaskedArray(self._tables()[1], mask=self._unobserved())

    def retention(self, *, strict=False):
        """Logo retention matrix (`cohort_retention` of these tables).

        Parameters
        ----------
        strict : bool, keyword-only
            As for `cohort_retention`.

        Returns
        -------
        numpy.ma.MaskedArray
        """
        return cohort_retention(self.sizes, self.active, self.observed, strict=strict)

    def revenue_retention(self, *, strict=False):
        """Revenue retention matrix (`cohort_revenue_retention`).

        Parameters
        ----------
        strict : bool, keyword-only
            Raise instead of masking a cohort with age-0 revenue 0.

        Returns
        -------
        numpy.ma.MaskedArray
        """
        return cohort_revenue_retention(self.revenue, self.observed, strict=strict)

    def curve(self):
        """Pooled retention curve, cohorts weighted by their sizes.

        Returns
        -------
        ndarray
        """
        return retention_curve(self.retention(), self.observed, self.sizes)

    def ltv(self, arpu, gross_margin, discount_rate=0.0, horizon=None, **kwargs):
        """Cohort-based LTV of these tables, cohorts weighted by size.

        Parameters
        ----------
        arpu, gross_margin, discount_rate, horizon
            As for `ltv_cohorts`.
        **kwargs
            `tail`, `tail_window`, `options` and options by name.

        Returns
        -------
        float
        """
        return ltv_cohorts(self.retention(), arpu, gross_margin, discount_rate, horizon,
                           observed=self.observed, weights=self.sizes, **kwargs)

    def frame(self, table="retention"):
        """One table as a pandas DataFrame: cohorts down, ages across.

        Parameters
        ----------
        table : {'retention', 'revenue_retention', 'active', 'revenue'}

        Returns
        -------
        pandas.DataFrame
            Index "cohort" (the ids), columns "age"; float64 with NaN
            where a cell is unobserved or undefined.
        """
        tables = {"retention": self.retention, "revenue_retention": self.revenue_retention,
                  "active": lambda: self.active, "revenue": lambda: self.revenue}
        m = _choice(tables, table, "table")()
        import pandas as pd
        return masked_pandas(np.ma.getdata(m), np.ma.getmaskarray(m),
                             pd.Index(self.ids, name="cohort"),
                             pd.RangeIndex(self.shape[1], name="age"), True)


def cohorts_from_rows(customer, cohort, period, revenue=None):
    """Build cohort tables from (customer, cohort, period, revenue) rows.

    A customer is active at an age when it has a row for that period
    (revenue 0 counts); several rows of one customer in one period add
    their revenues and count once. Data are taken as complete up to the
    latest period of the rows. Row order does not matter.

    Parameters
    ----------
    customer : array_like
        Customer identifier of each row: integers, or any sortable values
        (strings ...), which are numbered first.
    cohort : array_like
        Cohort of each row's customer: whole period numbers (e.g. months as
        ``year * 12 + month - 1``), or dates (numpy datetime64, pandas
        timestamps), taken as calendar months.
    period : array_like
        Activity period of each row, in the same form as `cohort`.
    revenue : array_like, optional
        Revenue of each row (any sign); None for none.

    Returns
    -------
    Cohorts

    Raises
    ------
    fpa.DataError
        A customer with two cohorts, or a period before its cohort (the
        detail names the row).
    fpa.DomainError
        A revenue not finite, or periods spanning more than 2**31.
    fpa.InvalidArgumentError
        Lengths differ, no rows, or values of the wrong kind.
    """
    cust = np.asarray(customer)
    if cust.dtype.kind not in "iu":
        if cust.dtype.kind == "f":
            cust = int64s(cust, "customer", "a whole number")
        else:
            try:
                cust = np.unique(cust, return_inverse=True)[1]
            except TypeError as e:
                raise invalid(f"customer: {e}") from None
    cust = int64s(cust, "customer")
    coh, months = _periods(cohort, "cohort")
    per, pmonths = _periods(period, "period")
    if months != pmonths:
        raise invalid("cohort and period must both be dates or both numbers")
    rev = None if revenue is None else f64(revenue, "revenue")
    n = _same_length(("customer", cust), ("cohort", coh), ("period", per),
                     *([] if rev is None else [("revenue", rev)]))
    p = ffi.new("fpa_cohorts **")
    check(lib.fpa_unit_cohorts_from_rows(p, i64ptr(cust), i64ptr(coh), i64ptr(per),
                                         ffi.NULL if rev is None else dptr(rev), n, ffi.NULL))
    return Cohorts(p[0], months)


# ---- customer movements (fpa_unit_customer_counts, fpa_unit_revenue_movements,
# fpa_unit_logo_churn_mean) -------------------------------------------------------
# Kept out of __all__ above: exported by name from fpa/__init__.py and tested,
# docstrings included, by tests/test_unit_movements.py.

CustomerCounts = namedtuple("CustomerCounts", "active acquired lost")
CustomerCounts.__doc__ = "Customers active, acquired and lost in each period of a window."
RevenueMovements = namedtuple("RevenueMovements", "mrr_start churned contraction expansion")
RevenueMovements.__doc__ = ("Recurring-revenue movements between two periods: the inputs of "
                            "revenue_retention.")


def _customer_codes(customer):
    cust = np.asarray(customer)
    if cust.dtype.kind in "iu":
        return int64s(cust, "customer")
    if cust.dtype.kind == "f":
        return int64s(cust, "customer", "a whole number")
    try:
        return int64s(np.unique(cust, return_inverse=True)[1], "customer")
    except TypeError as e:
        raise invalid(f"customer: {e}") from None


def _period_scalar(x, name, months):
    a, is_date = _periods([x], name)
    if is_date != months:
        raise invalid(f"{name} must be a {'date' if months else 'period number'} like the rows")
    return int(a[0])


def customer_counts(customer, cohort, period, first, periods):
    """Customers active, acquired and lost in each period of a window.

    active: customers with a row in the period (revenue 0 counts);
    acquired: customers whose cohort is the period; lost: customers active
    in the period before and not in this one.

    Parameters
    ----------
    customer : array_like
        Customer of each row: integers, or any sortable values.
    cohort : array_like
        Cohort of each row's customer: period numbers or dates (months).
    period : array_like
        Activity period of each row, in the same form as `cohort`.
    first : int or date
        The window's first period.
    periods : int
        Number of periods of the window, >= 1.

    Returns
    -------
    CustomerCounts
        Three float arrays of `periods` counts: active, acquired, lost.

    Raises
    ------
    fpa.DataError
        A customer with two cohorts, or a period before its cohort.
    fpa.InvalidArgumentError
        Lengths differ, `periods` is 0, or values of the wrong kind.
    """
    cust = _customer_codes(customer)
    coh, months = _periods(cohort, "cohort")
    per, pmonths = _periods(period, "period")
    if months != pmonths:
        raise invalid("cohort and period must both be dates or both numbers")
    n = _same_length(("customer", cust), ("cohort", coh), ("period", per))
    k = count(periods, "periods")
    out = np.zeros(3 * k if k else 1)
    check(lib.fpa_unit_customer_counts(dptr(out), k, _period_scalar(first, "first", months),
                                       i64ptr(cust), i64ptr(coh), i64ptr(per), n, ffi.NULL))
    return CustomerCounts(out[:k], out[k:2 * k], out[2 * k:])


def revenue_movements(customer, period, revenue, start, end):
    """Recurring-revenue movements of the customers paying in `start`, at `end`.

    Over the customers whose revenue a in `start` is above 0, with b their
    revenue in `end`: mrr_start = sum a; churned = sum a where b <= 0;
    contraction = sum a - b where 0 < b < a; expansion = sum b - a where
    b >= a. Pass them to `fpa.revenue_retention`.

    Parameters
    ----------
    customer : array_like
        Customer of each row: integers, or any sortable values.
    period : array_like
        Period of each row: period numbers or dates (months).
    revenue : array_like
        Revenue of each row, finite.
    start, end : int or date
        The periods measured from and at; `end` after `start`.

    Returns
    -------
    RevenueMovements

    Raises
    ------
    fpa.DomainError
        `end` not after `start`, or a revenue not finite.
    fpa.InvalidArgumentError
        Lengths differ, or values of the wrong kind.
    """
    cust = _customer_codes(customer)
    per, months = _periods(period, "period")
    rev = f64(revenue, "revenue")
    n = _same_length(("customer", cust), ("period", per), ("revenue", rev))
    out = np.zeros(4)
    check(lib.fpa_unit_revenue_movements(dptr(out), i64ptr(cust), i64ptr(per), dptr(rev), n,
                                         _period_scalar(start, "start", months),
                                         _period_scalar(end, "end", months), ffi.NULL))
    return RevenueMovements(*map(float, out))


def logo_churn_mean(active, lost):
    """Mean periodic logo churn: the mean over t >= 1 of lost[t] / active[t - 1].

    Periods that start without customers are skipped. With the result of
    `customer_counts` over the 13 months to the last closed one, the average
    monthly churn of the year.

    Parameters
    ----------
    active : array_like
        Customers active by period.
    lost : array_like
        Customers lost by period (lost[0] is not used).

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        No period has customers at its start.
    fpa.DataError
        More customers lost than active at a period's start.
    """
    a = f64(active, "active")
    lo = f64(lost, "lost")
    n = _same_length(("active", a), ("lost", lo))
    out = ffi.new("double *")
    check(lib.fpa_unit_logo_churn_mean(out, dptr(a), dptr(lo), n))
    return out[0]
