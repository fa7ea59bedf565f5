#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the fuzz targets reach: line coverage of src/ per target.

usage: coverage.py SOURCE_DIR COVERAGE_BUILD [FUZZ_BUILD]

COVERAGE_BUILD holds the fuzz targets built with clang's source-based
coverage (-fprofile-instr-generate -fcoverage-mapping, no sanitizer), as
.ci/hardening builds them. Each target replays its committed seeds
(SOURCE_DIR/tests/fuzz/corpus/<target>) and, when FUZZ_BUILD is given, what
its fuzzing run there found (scratch-<target>). The script prints, per
target, the share of the lines of src/ executed, in total and for each
directory of src/ it enters; then the union of all targets; and fails when
a public function was entered by no target (check_reach.py --profiles).
Needs llvm-profdata and llvm-cov (Debian: llvm-14).
"""
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_reach  # noqa: E402


def tool(name):
    for t in (name, name + "-14"):
        if shutil.which(t):
            return t
    sys.exit(f"coverage.py: {name} not found (Debian package llvm-14)")


def targets(build):
    found = glob.glob(os.path.join(build, "tests", "fuzz", "fuzz_*"))
    found += glob.glob(os.path.join(build, "src", "cli", "fuzz_*"))
    return sorted(p for p in found if os.access(p, os.X_OK) and os.path.isfile(p))


def replay(binary, dirs, profraw):
    env = dict(os.environ, LLVM_PROFILE_FILE=profraw)
    dirs = [d for d in dirs if os.path.isdir(d)]
    prefix = os.path.join(os.path.dirname(profraw), "")
    r = subprocess.run([binary, "-runs=0", "-timeout=10", "-rss_limit_mb=2048",
                        "-artifact_prefix=" + prefix] + dirs, env=env, capture_output=True,
                       text=True)
    if r.returncode != 0:  # the ASan build's run fails on the same input
        sys.exit(f"coverage.py: {os.path.basename(binary)} failed on a replayed input:\n"
                 + r.stderr[-2000:])


def file_lines(objects, profdata, src):
    """{file of src/: (covered, count)} lines, from llvm-cov."""
    cmd = [tool("llvm-cov"), "export", "-summary-only", "-instr-profile", profdata, objects[0]]
    for o in objects[1:]:
        cmd += ["-object", o]
    data = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    prefix = os.path.join(src, "src") + os.sep
    files = {}
    for f in data["data"][0]["files"]:
        name = os.path.realpath(f["filename"])
        if name.startswith(prefix):
            lines = f["summary"]["lines"]
            files[name[len(prefix):]] = (lines["covered"], lines["count"])
    return files


def by_dir(files, lines_of):
    """{directory of src/: [covered, count]} and the total, every file of
    `lines_of` counted (a file a target does not link counts as 0)."""
    dirs, total = {}, [0, 0]
    for name, count in lines_of.items():
        covered = files.get(name, (0, 0))[0]
        acc = dirs.setdefault(name.split(os.sep)[0], [0, 0])
        acc[0] += covered
        acc[1] += count
        total[0] += covered
        total[1] += count
    return dirs, total


def pct(c):
    return 100.0 * c[0] / c[1] if c[1] else 0.0


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    src, build = os.path.realpath(argv[0]), argv[1]
    fuzz_build = argv[2] if len(argv) == 3 else None
    out = os.path.join(build, "fuzz-coverage")
    os.makedirs(out, exist_ok=True)
    profdata_tool = tool("llvm-profdata")
    bins = targets(build)
    if not bins:
        sys.exit(f"coverage.py: no fuzz targets in {build}")
    profiles, per_target = [], []
    for b in bins:
        name = os.path.basename(b)
        dirs = [os.path.join(src, "tests", "fuzz", "corpus", name)]
        if fuzz_build:
            dirs += glob.glob(os.path.join(fuzz_build, "**", "scratch-" + name), recursive=True)
        raw = os.path.join(out, name + ".profraw")
        prof = os.path.join(out, name + ".profdata")
        replay(b, dirs, raw)
        subprocess.run([profdata_tool, "merge", "-sparse", raw, "-o", prof], check=True)
        profiles.append(prof)
        inputs = sum(len(os.listdir(d)) for d in dirs if os.path.isdir(d))
        per_target.append((name, inputs, file_lines([b], prof, src)))
    merged = os.path.join(out, "all.profdata")
    subprocess.run([profdata_tool, "merge", "-sparse"] + profiles + ["-o", merged], check=True)
    union = file_lines(bins, merged, src)
    lines_of = {f: c[1] for f, c in union.items()}
    print(f"fuzz coverage of src/ (lines of the {len(lines_of)} files the targets link, "
          f"executed by each target's seeds and findings):")
    for name, inputs, files in per_target:
        dirs, total = by_dir(files, lines_of)
        shown = ", ".join(f"{d} {pct(c):.0f} %" for d, c in sorted(dirs.items()) if c[0])
        print(f"  {name:20s} {pct(total):5.1f} % ({total[0]}/{total[1]}; {inputs} inputs): "
              f"{shown}")
    dirs, total = by_dir(union, lines_of)
    shown = ", ".join(f"{d} {pct(c):.0f} %" for d, c in sorted(dirs.items()))
    print(f"  {'all targets':20s} {pct(total):5.1f} % ({total[0]}/{total[1]}): {shown}")
    return check_reach.main(["--profiles", os.path.join(src, "include", "fpa")] + profiles)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
