# SPDX-License-Identifier: GPL-3.0-or-later
"""The working-capital figures of closed periods (``fpa_wc_history`` of
fpa/wc.h): DSO, DIO, DPO, the cash conversion cycle, net working capital,
the other cash flows, collections, the cash paid out and net burn, from
each period's revenue, COGS and period-end balances."""
import numpy as np

from ._core import check, dptr, f64, invalid
from ._fpa_cffi import lib

__all__ = ["wc_history", "WC_HISTORY_ROWS"]

WC_HISTORY_ROWS = ("dso", "dio", "dpo", "ccc", "nwc", "other_cash", "collections",
                   "cash_out", "net_burn")


def wc_history(days, revenue, cogs, ar, cash, inventory=None, ap=None):
    """What the balances say about each closed period (formulas in
    fpa/wc.h, "History of closed periods")::

        DSO = AR / revenue * days, DIO = inventory / COGS * days,
        DPO = AP / COGS * days, CCC = DSO + DIO - DPO
        NWC = AR + inventory - AP
        other_cash = change in cash - revenue + COGS + change in NWC
        collections = AR before + revenue - AR; cash_out = collections -
        change in cash; net_burn = the fall in cash

    Parameters
    ----------
    days : float or array_like
        Length of each period (`wc_period_days`), > 0; a scalar for all.
    revenue, cogs : array_like or pandas.Series
        The flows of each period.
    ar, cash : array_like or pandas.Series
        Receivables and cash at period end.
    inventory, ap : array_like or pandas.Series, optional
        Inventory and payables at period end (default 0).

    Returns
    -------
    dict of ndarray, or pandas.DataFrame
        One column per figure of `WC_HISTORY_ROWS`, NaN where undefined: the
        days of a period without revenue (or without COGS while it holds
        stock or payables), and the flows of the first period, which need
        the period before. A DataFrame on the index of a pandas input.

    Raises
    ------
    fpa.DomainError
        A value is not finite, or a day count <= 0 (the detail names it).
    fpa.InvalidArgumentError
        Arrays of different lengths, or none.
    """
    index = next((x.index for x in (revenue, cogs, ar, cash, inventory, ap)
                  if hasattr(x, "index") and hasattr(x, "to_numpy")), None)
    rev, cg = f64(revenue, "revenue"), f64(cogs, "cogs")
    n = rev.size
    if n == 0:
        raise invalid("no periods")
    cols = [f64(v, k) if v is not None else np.zeros(n)
            for k, v in (("ar", ar), ("inventory", inventory), ("ap", ap), ("cash", cash))]
    d = np.full(n, float(days)) if np.ndim(days) == 0 else f64(days, "days")
    for name, a in (("cogs", cg), ("ar", cols[0]), ("inventory", cols[1]), ("ap", cols[2]),
                    ("cash", cols[3]), ("days", d)):
        if a.size != n:
            raise invalid(f"{name} has {a.size} values, revenue has {n}")
    bal = np.ascontiguousarray(np.concatenate(cols))
    out = np.empty(len(WC_HISTORY_ROWS) * n)
    st = lib.fpa_wc_history(dptr(out), out.size, dptr(rev), dptr(cg), dptr(bal), dptr(d), n)
    if st != lib.FPA_PARTIAL:
        check(st)
    res = {k: out[i * n:(i + 1) * n] for i, k in enumerate(WC_HISTORY_ROWS)}
    if index is None:
        return res
    import pandas as pd
    return pd.DataFrame(res, index=index)
