# SPDX-License-Identifier: GPL-3.0-or-later
"""Reconciliation in exact money (``include/fpa/recon.h``): roll-forwards,
sub-ledger tie-outs, statement matching and aging.

Amounts are integers in the currency's minor unit (int64 cents), never
floats: int64 numpy arrays pass without a copy, lists of Python ints are
range-checked, and floating-point input is refused rather than rounded
(convert explicitly, e.g. ``np.round(dollars * 100).astype(np.int64)``).
Sums that leave int64 raise `fpa.ResultOverflowError`, never wrap. Dates are
anything `fpa.to_days` accepts. Options are keyword arguments named as the
library's ``recon.*`` options without the prefix (``tolerance=1``,
``date_window=5``, ``require_reference=True``).
"""
import collections

import numpy as np

from ._arrays import (integer, indexes, is_empty, is_frame, is_series, intptr, money, pandas,
                      strings)
from ._core import check, days as _days, i64ptr, invalid, make_options, opts_ptr, sizeptr
from ._fpa_cffi import ffi, lib

__all__ = ["rollforward", "tieout", "match_statement", "aging"]

MATCH_RULES = {lib.FPA_MATCH_NONE: "none", lib.FPA_MATCH_REFERENCE: "reference",
               lib.FPA_MATCH_AMOUNT_DATE: "amount_date"}


def _dates(x, name):
    """Day numbers of dates in any form fpa.to_days takes; no dates, none."""
    if x is None or isinstance(x, (int, float)):
        raise invalid(f"{name} must be a sequence of dates, not {x!r}")
    if is_empty(x):
        return np.zeros(0, np.int64)
    try:
        return _days(x, name)
    except (TypeError, ValueError, OverflowError) as e:
        raise invalid(f"{name}: {e}") from None


def _options(values, options):
    return make_options("recon", values, options)


def _tolerance(opts):
    return 0 if opts is None else int(opts["recon.tolerance"])


def _outside(diff, tol):
    # never abs(): |INT64_MIN| wraps in int64
    return (diff > tol) | (diff < -tol)


# ---- roll-forward --------------------------------------------------------------

Rollforward = collections.namedtuple("Rollforward",
                                     "closing_diff opening_diff breaks broken")
Rollforward.__doc__ = (
    "closing - (opening + movements) and opening - previous closing per cell, "
    "the number of breaking cells, and a boolean mask of them.")


def rollforward(opening, closing, movements=None, prior_closing=None, *, options=None,
                **option_values):
    """Check balances roll forward: opening + movements = closing in every
    period, and each opening equals the previous period's closing
    (``fpa_recon_rollforward``).

    Parameters
    ----------
    opening, closing : array_like of int, shape (accounts, periods) or (periods,), or DataFrame
        Balances in minor units; a 1-D array is one account.
    movements : array_like of int, optional
        Shape (accounts, periods) for one net movement per period, or
        (accounts, periods, columns) for several (additions, disposals,
        depreciation...); without the accounts axis for a 1-D `opening`.
    prior_closing : array_like of int, optional
        Approved closing of the period before the first, per account (an
        int for one account). Without it the first opening is not compared.
    options : fpa.Options, optional
    **option_values
        ``tolerance`` (0): the largest difference still counted as tied.

    Returns
    -------
    Rollforward
        ``(closing_diff, opening_diff, breaks, broken)``: int64 arrays of
        the input's shape (DataFrames for DataFrame input), the count of
        breaking cells and the boolean mask of them.

    Raises
    ------
    fpa.ResultOverflowError
        A sum or difference beyond int64 (the detail names account and
        period), or an input beyond int64.
    fpa.InvalidArgumentError
        Floats, mismatched shapes, empty input.
    """
    template = opening if is_frame(opening) else None
    o = money(opening, "opening", (1, 2))
    c = money(closing, "closing", (1, 2))
    if c.shape != o.shape:
        raise invalid(f"opening has shape {o.shape} but closing has shape {c.shape}")
    one = o.ndim == 1
    o2 = o.reshape(1, -1) if one else o
    accounts, periods = o2.shape
    m, ncols = None, 0
    if movements is not None:
        m = money(movements, "movements", (1, 2, 3))
        if m.shape == o.shape:
            m, ncols = m.reshape(accounts, periods, 1), 1
        elif m.shape[:-1] == o.shape and m.ndim == o.ndim + 1:
            ncols = m.shape[-1]
        else:
            raise invalid(f"movements has shape {m.shape}; expected {o.shape} or "
                          f"{o.shape + ('columns',)}")
        m = np.ascontiguousarray(m)
        if ncols == 0:
            m = None
    prior = None
    if prior_closing is not None:
        one_int = isinstance(prior_closing, (int, np.integer)) and not isinstance(
            prior_closing, bool)
        prior = money([prior_closing] if one_int else prior_closing, "prior_closing")
        if prior.size != accounts:
            raise invalid(f"prior_closing has {prior.size} values for {accounts} accounts")
    opts = _options(option_values, options)
    cd, od = np.empty(o.shape, dtype=np.int64), np.empty(o.shape, dtype=np.int64)
    breaks = ffi.new("size_t *")
    check(lib.fpa_recon_rollforward(i64ptr(cd), i64ptr(od), breaks, i64ptr(o),
                                    i64ptr(m), ncols, i64ptr(c), i64ptr(prior), accounts,
                                    periods, opts_ptr(opts)))
    tol = _tolerance(opts)
    broken = _outside(cd, tol) | _outside(od, tol)
    if template is not None:
        pd = pandas()
        cd, od, broken = (pd.DataFrame(x, index=template.index, columns=template.columns)
                          for x in (cd, od, broken))
    return Rollforward(cd, od, int(breaks[0]), broken)


# ---- tie-out -------------------------------------------------------------------------

TieOut = collections.namedtuple("TieOut", "subledger difference breaks tied")
TieOut.__doc__ = ("Sub-ledger total and gl - subledger difference per control account, "
                  "the number that do not tie, and a boolean mask of those that do.")


def tieout(gl_balance, sub_amount, sub_account, *, options=None, **option_values):
    """Tie sub-ledgers out to their general-ledger control accounts
    (``fpa_recon_tieout``).

    Parameters
    ----------
    gl_balance : array_like of int or pandas.Series
        Control-account balances in minor units.
    sub_amount : array_like of int
        Sub-ledger entries (open invoices, lots, assets...), may be empty.
    sub_account : sequence
        Control account of each entry: 0-based positions, or labels of
        `gl_balance`'s index when it is a Series.
    options : fpa.Options, optional
    **option_values
        ``tolerance`` (0).

    Returns
    -------
    TieOut
        ``(subledger, difference, breaks, tied)``; Series for a Series
        `gl_balance`.

    Raises
    ------
    fpa.DataError
        An entry names no control account.
    fpa.ResultOverflowError
        A total or difference beyond int64.
    """
    labels = gl_balance.index if is_series(gl_balance) else None
    gl = money(gl_balance, "gl_balance")
    n = gl.size
    amt = money(sub_amount, "sub_amount", allow_empty=True)
    acct = indexes(sub_account, n, "sub_account", "control account", labels)
    if acct.size != amt.size:
        raise invalid(f"sub_amount has {amt.size} entries but sub_account has {acct.size}")
    opts = _options(option_values, options)
    tot, diff = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    breaks = ffi.new("size_t *")
    empty = amt.size == 0
    check(lib.fpa_recon_tieout(i64ptr(tot), i64ptr(diff), breaks, i64ptr(gl), n,
                               ffi.NULL if empty else i64ptr(amt),
                               ffi.NULL if empty else sizeptr(acct), amt.size,
                               opts_ptr(opts)))
    tied = ~_outside(diff, _tolerance(opts))
    if labels is not None:
        pd = pandas()
        tot, diff, tied = (pd.Series(x, index=labels, name=k) for x, k in
                           ((tot, "subledger"), (diff, "difference"), (tied, "tied")))
    return TieOut(tot, diff, int(breaks[0]), tied)


# ---- statement matching ----------------------------------------------------------------

class Match(collections.namedtuple("Match", "ledger_match statement_match rule pairs")):
    """For each ledger item the index of its statement line (-1: none), for
    each statement line the index of its ledger item, the rule that matched
    each ledger item (``fpa_match_rule``: 0 none, 1 reference, 2 amount and
    date) and the number of pairs. `rule_name` decodes the rule."""
    __slots__ = ()

    @property
    def rule_name(self):
        """String array: "reference", "amount_date" or "none" per ledger item."""
        names = np.array([MATCH_RULES[k] for k in sorted(MATCH_RULES)])
        return names[self.rule]


def _side(amount, dates, refs, prefix):
    amt = money(amount, f"{prefix}_amount", allow_empty=True)
    day = _dates(dates, f"{prefix}_date")
    if day.size != amt.size:
        raise invalid(f"{prefix}_date has {day.size} values but {prefix}_amount has "
                      f"{amt.size}")
    ptrs, keep = (ffi.NULL, None) if refs is None else strings(refs, amt.size,
                                                               f"{prefix}_ref", True)
    if amt.size == 0:
        return ffi.NULL, ffi.NULL, ffi.NULL, 0, keep
    return i64ptr(amt), i64ptr(day), ptrs, amt.size, (keep, amt, day)


def match_statement(ledger_amount, ledger_date, statement_amount, statement_date, *,
                    ledger_ref=None, statement_ref=None, options=None, **option_values):
    """Match ledger items to statement lines one to one
    (``fpa_recon_match``): first equal amounts with the same non-empty
    reference, then (unless ``require_reference``) equal amounts alone,
    always with dates at most ``date_window`` days apart. As many pairs as
    any one-to-one matching could make in each pass; deterministic.

    Amounts must be equal as given: negate one side first when the
    statement shows the bank's view.

    Parameters
    ----------
    ledger_amount, statement_amount : array_like of int
        Amounts in minor units; either side may be empty.
    ledger_date, statement_date : sequence of dates
    ledger_ref, statement_ref : sequence of str or None, optional
        References (None or "" for none).
    options : fpa.Options, optional
    **option_values
        ``date_window`` (3 days), ``require_reference`` (False).

    Returns
    -------
    Match
        ``(ledger_match, statement_match, rule, pairs)``, with ``rule_name``.

    Raises
    ------
    fpa.DomainError
        A date beyond +-2^40 days.
    fpa.InvalidArgumentError
        Floats, mismatched lengths, a reference that is not a string.
    """
    la, ld, lr, nl, keep_l = _side(ledger_amount, ledger_date, ledger_ref, "ledger")
    sa, sd, sr, ns, keep_s = _side(statement_amount, statement_date, statement_ref,
                                   "statement")
    lm = np.empty(nl, dtype=np.int64)
    sm = np.empty(ns, dtype=np.int64)
    rule = np.empty(nl, dtype=np.intc)
    pairs = ffi.new("size_t *")
    check(lib.fpa_recon_match(i64ptr(lm) if nl else ffi.NULL,
                              i64ptr(sm) if ns else ffi.NULL,
                              intptr(rule) if nl else ffi.NULL, pairs, la, ld, lr, nl,
                              sa, sd, sr, ns, opts_ptr(_options(option_values, options))))
    del keep_l, keep_s  # the strings and arrays had to live through the call
    return Match(lm, sm, rule.astype(np.int64), int(pairs[0]))


# ---- aging ---------------------------------------------------------------------------------

class Aging(collections.namedtuple("Aging", "totals counts bucket total labels")):
    """Total and count per age bucket, each item's bucket, the total of all
    items, and bucket labels ("current", "1-30", ..., "over 90")."""
    __slots__ = ()

    def to_frame(self):
        """Totals and counts per bucket as a DataFrame indexed by label."""
        import pandas as pd
        return pd.DataFrame({"total": self.totals, "count": self.counts},
                            index=pd.Index(self.labels, name="bucket"))


# the C default {0, 30, 60, 90}: FPA_RECON_AGING_DEFAULT_BUCKETS (5) buckets, a
# macro the preprocessed cdef cannot see
_DEFAULT_BOUNDS = (0, 30, 60, 90)


def _bucket_labels(bounds):
    first = "current" if bounds[0] == 0 else f"<= {bounds[0]}"
    mid = [f"{lo + 1}-{hi}" for lo, hi in zip(bounds, bounds[1:])]
    return [first] + mid + [f"over {bounds[-1]}"]


def aging(amount, dates, as_of, bounds=None):
    """Age open items at a date: total and count per age bucket
    (``fpa_recon_aging``).

    The age is ``as_of - date`` in days. With bounds b0 < b1 < ... bucket 0
    holds ages <= b0, bucket j ages in (b[j-1], b[j]], the last ages above
    the last bound. The default bounds (0, 30, 60, 90) give current, 1-30,
    31-60, 61-90 and over 90 days.

    Parameters
    ----------
    amount : array_like of int
        Amounts in minor units, may be empty.
    dates : sequence of dates
        Due (or document) dates.
    as_of : date
    bounds : sequence of int, optional
        Strictly increasing bounds in days.

    Returns
    -------
    Aging
        ``(totals, counts, bucket, total, labels)``; `to_frame()` gives a
        DataFrame.

    Raises
    ------
    fpa.InvalidArgumentError
        Bounds that do not increase, or an empty `bounds`.
    fpa.ResultOverflowError
        A bucket total beyond int64.
    fpa.DomainError
        A date beyond +-2^40 days.
    """
    amt = money(amount, "amount", allow_empty=True)
    day = _dates(dates, "dates")
    if day.size != amt.size:
        raise invalid(f"dates has {day.size} values but amount has {amt.size}")
    when = (integer(as_of, "as_of") if isinstance(as_of, (int, np.integer))
            else int(_dates([as_of], "as_of")[0]))
    if bounds is None:
        b, nb, k = None, 0, len(_DEFAULT_BOUNDS) + 1
        labels = _bucket_labels(_DEFAULT_BOUNDS)
    else:
        b = money(bounds, "bounds", allow_empty=True)
        nb, k = b.size, b.size + 1
        labels = _bucket_labels([int(x) for x in b]) if b.size else []
    totals = np.empty(k, dtype=np.int64)
    counts = np.empty(k, dtype=np.uintp)
    bucket = np.empty(max(amt.size, 1), dtype=np.uintp)
    total = ffi.new("int64_t *")
    empty = amt.size == 0
    check(lib.fpa_recon_aging(i64ptr(totals), sizeptr(counts), sizeptr(bucket), total,
                              ffi.NULL if empty else i64ptr(amt),
                              ffi.NULL if empty else i64ptr(day), amt.size, when,
                              # an empty `bounds` must reach C as non-NULL, so
                              # that it is refused rather than read as the default
                              ffi.NULL if b is None else
                              i64ptr(b) if b.size else ffi.new("int64_t[1]"), nb))
    return Aging(totals, counts.astype(np.int64), bucket[:amt.size].astype(np.int64),
                 int(total[0]), labels)
