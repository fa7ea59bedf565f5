#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every public function is fuzzed.

usage: check_reach.py INCLUDE_DIR TARGET_SOURCE...
       check_reach.py --profiles INCLUDE_DIR PROFDATA...

The first form (the ctest test abi.fuzzed) lists the FPA_API functions of
INCLUDE_DIR/*.h, with every function the library exports (the names of
src/libfpa.map's nodes after FPA_1.0, whose wildcard stands for the
baseline tests/abi/libfpa.abi), and fails when one of them is called by
none of the libFuzzer targets' sources, so a public function added later
without a fuzz target calling it fails CI.

The second form (.ci/hardening, stage fuzz) reads the indexed profiles of
the targets' coverage build after they replayed their corpora, and fails
when a public function was never entered: a call that the committed seeds
never reach is a call nobody fuzzes. Needs llvm-profdata (Debian: llvm-14).
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "abi"))
from check_exports import baseline, declared  # noqa: E402  (the one FPA_API parser)


def exported_names(include_dir):
    """The names libfpa.so exports: the 1.0 baseline and the later nodes' names."""
    names = set(baseline())
    path = os.path.join(include_dir, "..", "..", "src", "libfpa.map")
    if os.path.exists(path):
        text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
        names |= set(re.findall(r"^\s*(fpa_\w+);", text, flags=re.M))
    return names


def called(paths):
    """name -> the targets whose source names it in a call."""
    names = {}
    for path in paths:
        text = open(path).read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        target = os.path.splitext(os.path.basename(path))[0]
        for name in re.findall(r"\b(fpa_\w+)\s*\(", text):
            names.setdefault(name, set()).add(target)
    return names


def llvm_profdata():
    for tool in ("llvm-profdata", "llvm-profdata-14"):
        if shutil.which(tool):
            return tool
    sys.exit("check_reach.py: llvm-profdata not found (Debian package llvm-14)")


def entered(profiles):
    """name -> the profiles in which the function was entered at least once."""
    tool = llvm_profdata()
    names = {}
    for path in profiles:
        out = subprocess.run([tool, "show", "--all-functions", path], check=True,
                             capture_output=True, text=True).stdout
        target = os.path.splitext(os.path.basename(path))[0]
        for name, count in re.findall(r"^  (fpa_\w+):\n(?:    .*\n)*?    Function count: (\d+)",
                                      out, flags=re.M):
            if int(count) > 0:
                names.setdefault(name, set()).add(target)
    return names


def report(want, reached, how):
    missing = sorted(want - set(reached))
    for name in missing:
        print(f"public function {how} by no fuzz target: {name}")
    print(f"{len(want)} public functions, {len(want) - len(missing)} {how} by a fuzz "
          f"target: {'OK' if not missing else 'FAILED'}")
    return 1 if missing else 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "--profiles":
        return report(declared(argv[1]), entered(argv[2:]), "entered")
    if len(argv) >= 2 and not argv[0].startswith("-"):
        return report(declared(argv[0]) | exported_names(argv[0]), called(argv[1:]), "called")
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
