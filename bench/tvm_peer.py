# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy peer of bench/tvm_bench.c: the same computations vectorised the
way an analyst writes them with numpy (bench/peer.py runs it).

- ``xirr20``, ``xirr200``: the spreadsheet's Newton's method in r
  (LibreOffice's getXirr: from 0.1, at most 50 steps, until the step or
  the XNPV is at most 1e-10) over every schedule at once, day numbers to
  years included; NaN where a schedule does not converge.
- ``npv``: the spreadsheet's NPV of one row of flows at each rate, as the
  powers of 1 / (1 + rate) times the flows.
- ``pmt``: numpy-financial 1.0's pmt, as its source writes it
  (numpy_financial/_financial.py).

The checks compare with libfpa's results (1e-9 relative, the spreadsheet
tests' tolerance). XIRR's ``*_check`` kernels agree within 1e-9 of
max(1, |r|) on the schedules where Newton's method converges; about 1 %
of the 20-flow ones do not, where libfpa's bracketing finds their root;
where it converges, libfpa returns the same root (its first rule).
xirr<n>.out is libfpa's rates with -2 for no root. The timed kernels are
the plain numpy computations.
"""
import numpy as np

from peer import serve


def xirr_newton(v, days, guess=0.1, steps=50):
    years = (days - days[:, :1]) / 365.0
    r = np.full(v.shape[0], guess)
    active = np.ones(v.shape[0], dtype=bool)
    for _ in range(steps):
        if not active.any():
            break
        ra, ya, va = r[active], years[active], v[active]
        disc = (1 + ra)[:, None] ** -ya
        f = (va * disc).sum(axis=1)
        df = (-ya * va * disc).sum(axis=1) / (1 + ra)
        with np.errstate(all="ignore"):
            step = f / df
        new = ra - step
        done = (np.abs(step) <= 1e-10) | (np.abs(f) <= 1e-10)
        bad = ~np.isfinite(new) | (new <= -1)
        idx = np.flatnonzero(active)
        r[active] = np.where(bad, np.nan, new)
        active[idx[done | bad]] = False
    r[active] = np.nan  # no convergence in 50 steps
    return r


def xirr_kernel(n):
    def run(d):
        return {"rate": xirr_newton(d[f"xirr{n}.v"], d[f"xirr{n}.d"])}

    def check(d):
        # numpy's rate, or libfpa's where the two agree (within 1e-9 of
        # max(1, |rate|): Newton stops at steps of 1e-10) or Newton's method
        # fails; -2 where neither has a root, as in xirr<n>.out; compared
        # exactly with xirr<n>.out
        mine, theirs = run(d)["rate"], d[f"xirr{n}.r"].reshape(-1)
        with np.errstate(invalid="ignore"):
            agree = np.abs(mine - theirs) <= 1e-9 * np.maximum(1, np.abs(theirs))
        mine = np.where(np.isnan(mine) | agree, theirs, mine)
        return {"rate": np.where(np.isnan(mine), -2.0, mine)}

    return run, check


def npv(d):
    rates, v = d["npv.rates"].reshape(-1), d["npv.v"].reshape(-1)
    powers = (1 / (1 + rates))[:, None] ** np.arange(1, v.size + 1)
    return {"npv": powers @ v}


def pmt(rate, nper, pv, fv=0, when=0):
    rate, nper, pv, fv, when = map(np.array, [rate, nper, pv, fv, when])
    temp = (1 + rate) ** nper
    mask = rate == 0
    masked_rate = np.where(mask, 1, rate)
    fact = np.where(mask != 0, nper, (1 + masked_rate * when) * (temp - 1) / masked_rate)
    return -(fv + pv * temp) / fact


kernels = {
    "npv": (npv, {"npv": ("npv.out", "f8", 1e-9)}),
    "pmt": (lambda d: {"pmt": pmt(d["pmt.rates"].reshape(-1), 360, 200000)},
            {"pmt": ("pmt.out", "f8", 1e-9)}),
}
for flows in (20, 200):
    run, check = xirr_kernel(flows)
    out = {"rate": (f"xirr{flows}.out", "f8", 0)}
    kernels[f"xirr{flows}"], kernels[f"xirr{flows}_check"] = (run, out), (check, out)
serve(kernels)
