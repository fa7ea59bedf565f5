# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy peer of bench/variance_bench.c: the same roll-up and the same
variance percentages and flags, written as an analyst would with numpy
(bench/peer.py runs it). The tree of the benchmark lists every node after
its parent and the children of each node contiguously, so a level's totals
are one ``np.add.reduceat`` over its children."""
import numpy as np

from peer import serve

ABS_T, PCT_T = 10000.0, 0.05   # libfpa's defaults: material when both tests pass


def _levels(parent):
    """Nodes by depth, root level first."""
    depth, up = np.zeros(parent.size, dtype=np.int64), np.maximum(parent, 0)
    while True:
        new = np.where(parent >= 0, depth[up] + 1, 0)
        if (new == depth).all():
            return [np.flatnonzero(depth == k) for k in range(int(depth.max()) + 1)]
        depth = new


def rollup(d):
    parent = d["parent"].reshape(-1)
    if "levels" not in d:
        d["levels"] = _levels(parent)
    rb, ra = d["budget"].copy(), d["actual"].copy()
    for nodes in reversed(d["levels"][1:]):
        par = parent[nodes]
        starts = np.flatnonzero(np.r_[True, par[1:] != par[:-1]])
        for tot in (rb, ra):
            tot[par[starts]] += np.add.reduceat(tot[nodes], starts, axis=0)
    return {"rb": rb, "ra": ra, "rv": ra - rb}


def compute(d):
    b, a = d["rb"], d["ra"]
    v = a - b
    ab = np.abs(b)
    zero = b == 0
    pct = np.divide(v, ab, out=np.zeros_like(v), where=~zero)
    av = np.abs(v)
    material = (av > ABS_T) & np.where(zero, v != 0, av > PCT_T * ab)
    revenue = (d["nature"] == 0)
    up, down = v > 0, v < 0
    fav = np.where(revenue, up, down)
    unf = np.where(revenue, down, up)
    flip = ((a < 0) & (b > 0)) | ((a > 0) & (b < 0))
    flags = (fav.astype(np.uint32) | (unf.astype(np.uint32) << 1)
             | (material.astype(np.uint32) << 2) | (zero.astype(np.uint32) << 3)
             | (flip.astype(np.uint32) << 4))
    return {"pct": pct, "flags": flags}


serve({"rollup": (rollup, {"rb": ("out_rb", "f8", 1e-12), "ra": ("out_ra", "f8", 1e-12)}),
       "compute": (compute, {"pct": ("out_pct", "f8", 0),
                             "flags": ("out_flags", "u4", 0)})})
