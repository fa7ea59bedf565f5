#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Held-out rolling origins of a dataset in the format of shared/data: the
k-th origin before the competition's keeps train[:n - k h] for training and
forecasts train[n - k h : n - (k - 1) h], so every score is computed on
values the competition's own test never showed. Series too short for an
origin (fewer than max(10, 2 period + 2) training values left) are left
out of it.

    /usr/bin/python3 bench/make_origins.py DATASET.csv K OUT.csv

K = 0 copies the dataset. Used to check that a change to a forecasting
method wins on data it was not chosen on (bench/README.md)."""
import sys


def main():
    src, k, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    lines = open(src).read().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        sid, period, h, cat, train, test = line.split(",")
        if k == 0:
            out.append(line)
            continue
        x = train.split()
        per, hh = int(period), int(h)
        end = len(x) - k * hh
        if end < max(10, 2 * per + 2):
            continue
        out.append(",".join([sid, period, h, cat, " ".join(x[:end]),
                             " ".join(x[end:end + hh])]))
    open(dst, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
