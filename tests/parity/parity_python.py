# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python side of the parity test: the calls of calls.txt through the
`fpa` package, each function called as a user would (its defaults, its
argument order), returning the values in the order parity.c prints them."""
import numpy as np

import fpa


def read_calls(path):
    """[(id, function, [args])]: numbers as floats, lists as lists of
    floats, words as strings."""
    calls = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        cid, fn, *toks = line.split()
        args = []
        for t in toks:
            if t[0].isalpha() and not t.startswith("nan"):
                args.append(t)
            elif "," in t:
                args.append([float(x) for x in t.split(",")])
            else:
                args.append(float(t))
        calls.append((cid, fn, args))
    return calls


def _list(x):
    return x if isinstance(x, list) else [x]


def _days(x):
    return np.array(_list(x), dtype=np.int64)


def _forecast(method, period, h, y):
    r = fpa.forecast(np.array(_list(y)), int(period), method, int(h), level=(80, 95))
    return [*r.mean, *r.lower[0], *r.upper[0], *r.lower[1], *r.upper[1]]


def _variance(b, a, nature):
    r = fpa.variance(_list(b), _list(a), nature.split(","))
    return [*r.variance, *r.pct, *r.flags.astype(float)]


def _wc_project(days, rev, cogs, dso, dio, dpo, ar, inv, ap, cash):
    plan = fpa.WCPlan(days=days, revenue=rev, cogs=cogs, dso=dso, dio=dio, dpo=dpo,
                      opening=dict(ar=ar, inventory=inv, ap=ap, cash=cash))
    p = plan.project(["ar", "inventory", "ap", "nwc", "cash"])
    return [x for k in ("ar", "inventory", "ap", "nwc", "cash") for x in p[k]]


CALLS = {
    "npv": lambda r, v: [fpa.npv(r, _list(v))],
    "irr": lambda v, g: [fpa.irr(_list(v), guess=g)],
    "mirr": lambda v, f, r: [fpa.mirr(_list(v), f, r)],
    "xnpv": lambda r, d, v: [fpa.xnpv(r, _days(d), _list(v))],
    "xirr": lambda d, v, g: [fpa.xirr(_days(d), _list(v), g)],
    "pmt": lambda r, n, pv, fv, w: [fpa.pmt(r, n, pv, fv, w)],
    "pv": lambda r, n, pmt, fv, w: [fpa.pv(r, n, pmt, fv, w)],
    "fv": lambda r, n, pmt, pv, w: [fpa.fv(r, n, pmt, pv, w)],
    "nper": lambda r, pmt, pv, fv, w: [fpa.nper(r, pmt, pv, fv, w)],
    "rate": lambda n, pmt, pv, fv, w, g: [fpa.rate(n, pmt, pv, fv, w, g)],
    "ipmt": lambda r, per, n, pv, fv, w: [fpa.ipmt(r, per, n, pv, fv, w)],
    "ppmt": lambda r, per, n, pv, fv, w: [fpa.ppmt(r, per, n, pv, fv, w)],
    "cumipmt": lambda r, n, pv, a, b, w: [fpa.cumipmt(r, n, pv, a, b, w)],
    "cumprinc": lambda r, n, pv, a, b, w: [fpa.cumprinc(r, n, pv, a, b, w)],
    "effect": lambda x, m: [fpa.effect(x, m)],
    "nominal": lambda x, m: [fpa.nominal(x, m)],
    "sln": lambda c, s, life: [fpa.sln(c, s, life)],
    "syd": lambda c, s, life, per: [fpa.syd(c, s, life, per)],
    "ddb": lambda c, s, life, per, f: [fpa.ddb(c, s, life, per, f)],
    "db": lambda c, s, life, per, m: [fpa.db(c, s, life, per, m)],
    "forecast": _forecast,
    "variance": _variance,
    "contribution": lambda p, c: list(fpa.contribution(p, c)),
    "break_even": lambda fixed, target, p, c: list(fpa.break_even(fixed, p, c, target)),
    "margin_of_safety": lambda a, be: list(fpa.margin_of_safety(a, be)),
    "operating_leverage": lambda cm, oi: [fpa.operating_leverage(cm, oi)],
    "arpu": lambda rev, s, e: [fpa.arpu(rev, s, e)],
    "logo_churn": lambda s, lost: [fpa.logo_churn(s, lost)],
    "ltv_simple": lambda a, gm, ch: [fpa.ltv_simple(a, gm, ch)],
    "ltv_discounted": lambda a, gm, ch, r, h: [fpa.ltv_discounted(a, gm, ch, r, int(h))],
    "cac_blended": lambda s, n: [fpa.cac_blended(s, n)],
    "cac_paid": lambda s, n, o: [fpa.cac_paid(s, n, o)],
    "ltv_cac": lambda ltv, cac: [fpa.ltv_cac(ltv, cac)],
    "cac_payback": lambda cac, a, gm, ch: [fpa.cac_payback(cac, a, gm, ch)],
    "wc_liquidity": lambda ca, cl, inv: [x for k in ("nwc", "current", "quick")
                                         for x in fpa.wc_liquidity(ca, cl, inv)[k]],
    "wc_cycle": lambda d, ar, rev, inv, cogs, ap, pur: [
        x for k in ("dso", "dio", "dpo", "ccc")
        for x in fpa.wc_cycle(d, ar=ar, revenue=rev, inventory=inv, cogs=cogs, ap=ap,
                              purchases=pur)[k]],
    "wc_project": _wc_project,
}


def run(calls):
    """id -> ("ok", [float]) or ("err", "FPA_...")."""
    out = {}
    for cid, fn, args in calls:
        try:
            out[cid] = ("ok", [float(x) for x in CALLS[fn](*args)])
        except fpa.Error as e:
            out[cid] = ("err", e.status)
    return out
