#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared library exports exactly the public functions.

usage: check_exports.py LIBFPA_SO INCLUDE_DIR

Checks, with binutils' nm and readelf:
- every FPA_API function declared in INCLUDE_DIR/*.h is exported, and
  nothing else is (no helper, no GSL symbol leaks out);
- every export carries a version from the FPA_ version nodes: the functions
  of the released baseline (tests/abi/libfpa.abi, beside this script) keep
  their FPA_1.0, and every function added since is in the current release's
  node (CURRENT below), named explicitly in src/libfpa.map;
- the SONAME is libfpa.so.<major>.
"""
import glob
import os
import re
import subprocess
import sys


def declared(include_dir):
    names = set()
    for path in glob.glob(os.path.join(include_dir, "*.h")):
        text = open(path).read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        text = re.sub(r"#\s*define[^\n]*(\\\n[^\n]*)*", "", text)
        for m in re.finditer(r"\bFPA_API\b[^;{]*?\b(fpa_\w+)\s*\(", text):
            names.add(m.group(1))
    return names


CURRENT = "FPA_1.1"


def baseline():
    """name -> version of every function of the released ABI."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libfpa.abi")
    text = open(path).read()
    return dict(re.findall(r"<elf-symbol name='(fpa_\w+)' version='(FPA_[\d.]+)'", text))


def exported(lib):
    """name -> version of every defined dynamic symbol except the version
    nodes themselves (absolute symbols named like FPA_1.0)."""
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        _addr, kind, sym = line.split(None, 2)
        name, _, version = sym.partition("@@")
        if kind == "A" and re.fullmatch(r"FPA_\d+\.\d+", name):
            continue
        syms[name] = version or (sym.partition("@")[2] or "none")
    return syms


def main():
    lib, include_dir = sys.argv[1], sys.argv[2]
    want = declared(include_dir)
    got = exported(lib)
    errors = []
    for name in sorted(want - set(got)):
        errors.append(f"declared but not exported: {name}")
    for name in sorted(set(got) - want):
        errors.append(f"exported but not a public function: {name} ({got[name]})")
    released = baseline()
    for name, version in sorted(got.items()):
        if name not in want:
            continue
        if not re.fullmatch(r"FPA_\d+\.\d+", version):
            errors.append(f"{name} has no FPA_ version node (version {version})")
        elif name in released and version != released[name]:
            errors.append(f"{name} moved from {released[name]} to {version}")
        elif name not in released and version != CURRENT:
            errors.append(f"{name} is new since the baseline but has version "
                          f"{version}, not {CURRENT}: name it in src/libfpa.map")
    dyn = subprocess.run(["readelf", "-d", lib], check=True, capture_output=True,
                         text=True).stdout
    soname = re.search(r"\(SONAME\)\s+Library soname: \[(.*?)\]", dyn)
    if not soname or not re.fullmatch(r"libfpa\.so\.\d+", soname.group(1)):
        errors.append(f"unexpected SONAME: {soname.group(1) if soname else None}")
    for e in errors:
        print(e)
    print(f"{len(want)} public functions declared, {len(got)} symbols exported, "
          f"SONAME {soname.group(1) if soname else '?'}: "
          f"{'OK' if not errors else 'FAILED'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
