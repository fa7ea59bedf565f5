#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Choose a few seeds for a fuzz target out of a large corpus.

usage: pick_seeds.py COVERAGE_TARGET OUT_DIR [--max N] CORPUS_DIR...

COVERAGE_TARGET is the target from a coverage build (see coverage.py).
Every input of the corpora (e.g. what a long local run found) is replayed
alone; greedy set cover then takes the input that enters the most public
functions and executes the most code regions not yet covered, smallest
first among equals, until nothing new is gained or N (default 40) inputs
are taken. They are copied to OUT_DIR as seed-<target>-<k>, to be
committed to tests/fuzz/corpus/<target>/ with the regress-* inputs: a
small corpus that reaches every call, instead of a mass-generated one.
Needs llvm-profdata (Debian: llvm-14).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from check_reach import llvm_profdata  # noqa: E402


def features(binary, path, tmp):
    """Public functions entered and (function, counter) pairs executed."""
    raw, prof = os.path.join(tmp, "one.profraw"), os.path.join(tmp, "one.profdata")
    env = dict(os.environ, LLVM_PROFILE_FILE=raw)
    r = subprocess.run([binary, "-runs=1", path], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if r.returncode != 0 or not os.path.exists(raw):
        return None  # a crashing input is a finding, not a seed
    subprocess.run([llvm_profdata(), "merge", "-sparse", raw, "-o", prof], check=True)
    out = subprocess.run([llvm_profdata(), "show", "--all-functions", "--counts", prof],
                         check=True, capture_output=True, text=True).stdout
    os.remove(raw)
    feats, public = set(), set()
    for name, counts in re.findall(r"^  (\S+):\n(?:    .*\n)*?    Block counts: \[(.*)\]",
                                   out, flags=re.M):
        nonzero = [i for i, c in enumerate(counts.split(", ")) if c and int(c) > 0]
        for i in nonzero:
            feats.add((name, i))
        if re.fullmatch(r"fpa_\w+", name):
            public.add(name)
    for name, count in re.findall(r"^  (fpa_\w+):\n(?:    .*\n)*?    Function count: (\d+)",
                                  out, flags=re.M):
        if int(count) > 0:
            public.add(name)
            feats.add((name, -1))
    return public, feats


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    binary, out_dir, rest = argv[0], argv[1], argv[2:]
    limit = 40
    if rest[:1] == ["--max"]:
        limit, rest = int(rest[1]), rest[2:]
    inputs = sorted({os.path.join(d, f) for d in rest if os.path.isdir(d) for f in os.listdir(d)},
                    key=lambda p: (os.path.getsize(p), p))
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in inputs:
            f = features(binary, p, tmp)
            if f:
                measured.append((p, f[0], f[1]))
    public, covered, chosen = set(), set(), []
    while len(chosen) < limit:
        best = max(measured, key=lambda m: (len(m[1] - public), len(m[2] - covered)),
                   default=None)
        if not best or (not best[1] - public and not best[2] - covered):
            break
        chosen.append(best[0])
        public |= best[1]
        covered |= best[2]
        measured.remove(best)
    os.makedirs(out_dir, exist_ok=True)
    name = os.path.basename(binary)
    for k, p in enumerate(chosen):
        shutil.copy(p, os.path.join(out_dir, f"seed-{name}-{k:02d}"))
    print(f"{name}: {len(chosen)} seeds of {len(inputs)} inputs enter {len(public)} public "
          f"functions and {len(covered)} code regions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
