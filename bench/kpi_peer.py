# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy peer of bench/kpi_bench.c: each KPI as an analyst writes it with
numpy slicing (bench/peer.py runs it). Undefined ratios (a zero base or
revenue) are 0 with a False mask, as libfpa's validity mask has them."""
import numpy as np

from peer import serve

LAG, YEARS = 12, 35 / 12


def growth(x, lag):
    base = x[:, :-lag]
    valid = base != 0
    out = np.divide(x[:, lag:] - base, np.abs(base), out=np.zeros(base.shape), where=valid)
    return {"out": out, "valid": valid}


def cagr(d):
    x = d["rev"]
    first, last = x[:, 0], x[:, -1]
    valid = (first > 0) & (last >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(valid, np.expm1(np.log(last / first) / YEARS), 0.0)
    return {"out": out, "valid": valid}


def sma(d):
    x = d["rev"]
    return {"out": (x[:, :-2] + x[:, 1:-1] + x[:, 2:]) / 3}


def wma(d):
    x = d["rev"]
    return {"out": (1 * x[:, :-2] + 2 * x[:, 1:-1] + 3 * x[:, 2:]) / 6}


def ema(d, alpha=0.3):
    x = d["rev"]
    out = np.empty_like(x)
    e = out[:, 0] = x[:, 0]
    for t in range(1, x.shape[1]):
        e = out[:, t] = alpha * x[:, t] + (1 - alpha) * e
    return {"out": out}


def margins(d):
    r = d["rev"]
    valid = r != 0
    gp = r - d["cogs"]
    ebitda = gp - d["opex"] + d["da"]
    gm = np.divide(gp, r, out=np.zeros(r.shape), where=valid)
    em = np.divide(ebitda, r, out=np.zeros(r.shape), where=valid)
    return {"out": gm, "out2": em, "valid": valid}


def burn(d):
    return {"out": d["opex"].copy(), "out2": d["opex"] - d["rev"]}


def outs(*names, rtol=0):
    files = {"out": "f8", "out2": "f8", "valid": "u1"}
    return {n: (n, files[n], rtol) for n in names}


serve({"pop": (lambda d: growth(d["rev"], 1), outs("out", "valid")),
       "yoy": (lambda d: growth(d["rev"], LAG), outs("out", "valid")),
       "cagr": (cagr, outs("out", "valid", rtol=1e-15)),
       "sma": (sma, outs("out")),
       "wma": (wma, outs("out")),
       "ema": (ema, outs("out")),
       "margins": (margins, outs("out", "out2", "valid")),
       "burn": (burn, outs("out", "out2"))})
