# SPDX-License-Identifier: GPL-3.0-or-later
"""What the `fpa` program must never do to its host (issue 14, items 4, 5,
8, 11 and the program's part of 12): replace what --output names by
something else, leave temporary files behind, take quadratic time or space
on a deep chart, cut large amounts, misread tiny numbers, print terminal
escapes from the data, fail silently, or ignore Ctrl-C. Each test failed
before its fix."""
import os
import pathlib
import pty
import random
import signal
import stat
import subprocess
import threading
import time

import pytest

from test_cli import FPA, child_env, ok, run

REVIEW_CSV = ["variance", "--sample", "--format", "csv", "--table", "lines"]


# ---- --output: what it names stays what it is (item 4) -------------------------

def test_output_keeps_the_mode(tmp_path):
    target = tmp_path / "v.csv"
    target.write_text("old")
    target.chmod(0o600)
    ok(*REVIEW_CSV, "--output", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == ok(*REVIEW_CSV)


def test_output_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    ok(*REVIEW_CSV, "--output", link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == ok(*REVIEW_CSV)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "x.csv")
    r = run(*REVIEW_CSV, "--output", dangling)
    assert r.returncode == 4 and "symbolic link to nowhere" in r.stderr
    assert dangling.is_symlink()


def test_output_keeps_hard_links(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("old")
    b = tmp_path / "b.csv"
    os.link(a, b)
    ok(*REVIEW_CSV, "--output", a)
    assert a.stat().st_ino == b.stat().st_ino and b.read_text() == ok(*REVIEW_CSV)


def test_output_into_a_fifo_and_a_device(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
    reader.start()
    ok(*REVIEW_CSV, "--output", fifo)
    reader.join(30)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and got == [ok(*REVIEW_CSV)]
    # /dev/null stays a device (root once replaced it with a regular file)
    ok(*REVIEW_CSV, "--output", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    r = run("variance", "--sample", "--format", "json", "--output", tmp_path)
    assert r.returncode == 4 and "a directory: not replaced" in r.stderr


def test_a_killed_run_leaves_no_temporary_file(tmp_path):
    """SIGKILL at random moments of a run that writes its output: the target
    is the old file or the new one, whole, and nothing else is left."""
    target = tmp_path / "review.json"
    target.write_text("old\n")
    full = ok("review", "--format", "json")
    rnd = random.Random(14)
    for k in range(12):
        p = subprocess.Popen([FPA, "review", "--format", "json", "--output", str(target)],
                             env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.0, 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert [x.name for x in tmp_path.iterdir()] == ["review.json"], k
        assert target.read_text() in ("old\n", full)


# ---- a deep chart (item 5) -------------------------------------------------------

def chain(tmp_path, n):
    lines = tmp_path / "chain.csv"
    with open(lines, "w") as f:
        f.write("id,parent,nature,name\nn0,,opex,root\n")
        f.writelines(f"n{i},n{i - 1},,line {i}\n" for i in range(1, n))
    for name, base in (("actuals.csv", 100), ("budget.csv", 90)):
        with open(tmp_path / name, "w") as f:
            f.write("series,period,value\n")
            f.writelines(f"n{n - 1},2025-{m:02d},{base + m}\n" for m in range(1, 13))
    return ["variance", "--actuals", tmp_path / "actuals.csv", "--budget",
            tmp_path / "budget.csv", "--lines", lines]


def test_a_deep_chart_prints_a_bounded_indentation(tmp_path):
    # 20,000 levels used to print 2.4 GB of indentation
    out = tmp_path / "deep.txt"
    ok(*chain(tmp_path, 20000), "--window", "ytd", "--output", out)
    widest = max(len(l) for l in out.read_text().splitlines())
    assert widest < 200 and out.stat().st_size < 20000 * 200


def test_a_deep_chart_is_linear(tmp_path):
    # 100,000 levels took 36 s for CSV when the walks were quadratic; the
    # timeout only guards against that, it does not measure anything
    r = subprocess.run([FPA, *map(str, chain(tmp_path, 100000)), "--format", "csv",
                        "--table", "lines", "--output", str(tmp_path / "lines.csv")],
                       env=child_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert sum(1 for _ in open(tmp_path / "lines.csv")) == 3 * 100000 + 1


# ---- large amounts, tiny numbers, names, write errors (items 8 and 11) --------------

def test_large_amounts_are_not_cut(tmp_path):
    # a forecast of 3e70 used to print as 63 digits (about 3e62)
    f = tmp_path / "big.csv"
    f.write_text("series,period,value\nrev.a,2025-01,2e70\nrev.a,2025-02,3e70\n")
    args = ["forecast", f, "--method", "naive", "--horizon", 1, "--level", "none"]
    assert "3.000000e+70" in ok(*args)
    row = ok(*args, "--format", "csv", "--table", "forecast").splitlines()[1].split(",")
    assert float(row[-1]) == 3e70 and row[-1] == f"{3e70:.2f}"


def test_tiny_numbers():
    # a subnormal is a double like any other; a number no double holds is
    # refused rather than read as 0
    assert ok("tvm", "npv", "--rate", "0", "--values", "4.9e-324", "--format", "json")
    r = run("tvm", "npv", "--rate", "0", "--values", "1e-400")
    assert r.returncode == 2 and '"1e-400"' in r.stderr
    r = run("tvm", "npv", "--rate", "0", "--values", "0e-400", "--format", "csv")
    assert r.returncode == 0


def test_a_comment_line_is_named(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('series,period,value\n// revenue in "EUR"\nrev.a,2025-01,1\n')
    r = run("forecast", f)
    assert r.returncode == 3
    assert r.stderr == (f'fpa: {f}:2:1: a comment line ("//..."): CSV has no comments; '
                        'remove the line\n')


def test_escape_sequences_of_names_are_shown_escaped(tmp_path):
    f = tmp_path / "esc.csv"
    f.write_text("series,period,value\n" +
                 "".join(f'"evil\x1b[2J\x07",2024-{m:02d},{100 + m}\n' for m in range(1, 13)))
    text = ok("forecast", f, "--method", "naive", "--horizon", 1)
    assert "\x1b" not in text and "\x07" not in text
    assert "evil\\x1b[2J\\x07" in text


def test_help_to_a_full_disk_says_so():
    for args in (["--help"], ["review", "--help"], ["--version"]):
        with open("/dev/full", "w") as full:
            r = subprocess.run([FPA, *args], stdout=full, stderr=subprocess.PIPE, text=True,
                               env=child_env())
        assert r.returncode == 4, args
        assert r.stderr == "fpa: standard output: No space left on device\n", args


# ---- progress and Ctrl-C (item 12) --------------------------------------------------------

def test_progress_bar_and_ctrl_c(tmp_path):
    """The library's progress callback draws the bar on a terminal; Ctrl-C
    cancels the call in flight (FPA_ECANCELED): exit 130, one line, no
    output file."""
    target = tmp_path / "wc.json"
    master, slave = pty.openpty()
    p = subprocess.Popen([FPA, "wc", "--sample", "--paths", "5000000", "--format", "json",
                          "--output", str(target)], stdout=subprocess.DEVNULL, stderr=slave,
                         env=child_env())
    os.close(slave)
    seen = b""
    deadline = time.time() + 60
    while b"cash-at-risk: [" not in seen and time.time() < deadline:
        seen += os.read(master, 4096)
    assert b"fpa: cash-at-risk: [" in seen and b"%)" in seen
    p.send_signal(signal.SIGINT)
    t0 = time.time()
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait(60)
    os.close(master)
    assert p.returncode == 130, seen[-300:]
    assert seen.rstrip().endswith(b"fpa: interrupted")
    assert time.time() - t0 < 30
    assert not target.exists() and list(tmp_path.iterdir()) == []
