# SPDX-License-Identifier: GPL-3.0-or-later
"""The same calls give bit-identical results from C, Python, every Lua and
the fpa command (issue 17): the ~200 calls of calls.txt (TVM, forecasting,
variance, unit economics, working capital; written by make_calls.py) are
made by the C runner (parity.c, the reference), the Python binding
(parity_python.py), each Lua interpreter the build has a module for
(parity.lua: 5.1, 5.2, 5.3, 5.4, LuaJIT) and, where a command exists, the
fpa program (`fpa tvm ...`, `fpa forecast FILE`); every value must have the
C value's IEEE-754 bit pattern (any NaN matches any NaN), and every failure
the same status.

Environment (set by tests/parity/CMakeLists.txt): FPA_PARITY_C (the C
runner), FPA_BUILD_DIR (lua/<version>/fpa.so, src/cli/fpa), PYTHONPATH."""
import datetime
import json
import math
import os
import shutil
import struct
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import parity_python  # noqa: E402

CALLS_FILE = os.path.join(HERE, "calls.txt")
BUILD = os.environ.get("FPA_BUILD_DIR", "")
CALLS = parity_python.read_calls(CALLS_FILE)
FUNCTION = {cid: fn for cid, fn, _ in CALLS}

# (host, function): why the host's default still differs, until the change
# named lands; such pairs are checked to differ (strict), so the entry is
# removed when it no longer does.
PENDING = {}


def native_env():
    """The environment for a compiled program (the C runner, fpa): without
    the sanitizer runtime the interpreters are preloaded with, which an
    instrumented program carries itself."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    return env


def bits(x):
    return "nan" if math.isnan(x) else struct.pack("<d", x).hex()


def parse_lines(text, hexa):
    out = {}
    for line in text.splitlines():
        cid, res = line.split(" ", 1)
        if res.startswith("!"):
            out[cid] = ("err", res[1:])
        elif hexa:
            vals = [struct.unpack(">d", int(h, 16).to_bytes(8, "big"))[0]
                    for h in res.split(",") if h]
            out[cid] = ("ok", vals)
        else:
            out[cid] = ("ok", [float(x) for x in res[2:].split(",") if x])
    return out


@pytest.fixture(scope="module")
def reference():
    c = os.environ.get("FPA_PARITY_C")
    if not c:
        pytest.skip("FPA_PARITY_C (the C runner) is not set")
    run = subprocess.run([c, CALLS_FILE], capture_output=True, text=True, check=True,
                         env=native_env())
    got = parse_lines(run.stdout, hexa=True)
    assert len(got) == len(CALLS) >= 200
    return got


def compare(host, ref, got, only=None):
    """Mismatches of `got` against the C results, as readable lines (the
    PENDING functions of `host` apart)."""
    bad = []
    for cid, want in ref.items():
        fn = FUNCTION[cid]
        if (only is not None and cid not in only) or (host, fn) in PENDING:
            continue
        have = got.get(cid)
        if have is not None and have[0] == want[0] and (
                have[1] == want[1] if want[0] == "err"
                else len(have[1]) == len(want[1])
                and all(bits(a) == bits(b) for a, b in zip(have[1], want[1]))):
            continue
        if have is None or "err" in (have[0], want[0]):
            detail = have
        else:
            detail = next((f"[{i}] {a!r} != C {b!r}" for i, (a, b)
                           in enumerate(zip(have[1], want[1])) if bits(a) != bits(b)),
                          f"{len(have[1])} values, C {len(want[1])}")
        bad.append(f"{cid}: {detail} (C: {want[0] if want[0] == 'ok' else want[1]})")
    return bad


def test_the_table_covers_every_module():
    fns = set(FUNCTION.values())
    for needed in ("pmt", "xirr", "forecast", "variance", "break_even", "wc_project"):
        assert needed in fns
    assert len(CALLS) >= 200 and len(set(FUNCTION)) == len(CALLS)


def test_python_gives_the_c_bits(reference):
    bad = compare("python", reference, parity_python.run(CALLS))
    assert not bad, "\n".join(bad)


def lua_hosts():
    hosts = []
    for v, exe in (("5.1", "lua5.1"), ("5.2", "lua5.2"), ("5.3", "lua5.3"), ("5.4", "lua5.4"),
                   ("jit", "luajit")):
        if os.path.exists(os.path.join(BUILD, "lua", v, "fpa.so")) and shutil.which(exe):
            hosts.append((v, exe))
    return hosts


@pytest.mark.parametrize("version,exe", lua_hosts() or [pytest.param(None, None, marks=
                         pytest.mark.skip("no Lua module built"))])
def test_lua_gives_the_c_bits(reference, version, exe):
    env = dict(os.environ, LUA_CPATH=os.path.join(BUILD, "lua", version, "?.so"))
    run = subprocess.run([exe, os.path.join(HERE, "parity.lua"), CALLS_FILE],
                         capture_output=True, text=True, env=env, check=True)
    bad = compare(f"lua{version}", reference, parse_lines(run.stdout, hexa=False))
    assert not bad, "\n".join(bad)


# ---- the fpa command, where a command exists ----

_TVM_FLAGS = {
    "npv": ("rate", "values"), "irr": ("values", "guess"),
    "mirr": ("values", "finance-rate", "reinvest-rate"),
    "xnpv": ("rate", "dates", "amounts"), "xirr": ("dates", "amounts", "guess"),
    "pmt": ("rate", "nper", "pv", "fv", "when"), "pv": ("rate", "nper", "pmt", "fv", "when"),
    "fv": ("rate", "nper", "pmt", "pv", "when"), "nper": ("rate", "pmt", "pv", "fv", "when"),
    "rate": ("nper", "pmt", "pv", "fv", "when", "guess"),
    "ipmt": ("rate", "per", "nper", "pv", "fv", "when"),
    "ppmt": ("rate", "per", "nper", "pv", "fv", "when"),
    "cumipmt": ("rate", "nper", "pv", "start", "end", "when"),
    "cumprinc": ("rate", "nper", "pv", "start", "end", "when"),
    "effect": ("nominal", "npery"), "nominal": ("effect", "npery"),
    "sln": ("cost", "salvage", "life"), "syd": ("cost", "salvage", "life", "per"),
    "ddb": ("cost", "salvage", "life", "period", "factor"),
    "db": ("cost", "salvage", "life", "period", "month"),
}
_EPOCH = datetime.date(1970, 1, 1)


def _text(x):
    if isinstance(x, str):
        return x
    if isinstance(x, list):
        return ",".join(_text(v) for v in x)
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def _cli_tvm(fpa, fn, args):
    argv = [fpa, "tvm", fn, "--format", "json"]
    for flag, a in zip(_TVM_FLAGS[fn], args):
        if flag == "dates":
            a = ",".join((_EPOCH + datetime.timedelta(days=int(d))).isoformat() for d in a)
        argv.append(f"--{flag}={_text(a)}")
    return argv, None


def _cli_forecast(fpa, args, tmp):
    method, period, h, y = args
    path = os.path.join(tmp, "series.csv")
    with open(path, "w") as f:
        f.write("series,period,value\n")
        for t, v in enumerate(y):
            f.write(f"s,{2001 + t // 12}-{t % 12 + 1:02d},{'' if math.isnan(v) else repr(v)}\n")
    return [fpa, "forecast", path, "--method", method, "--period", str(int(period)),
            "--horizon", str(int(h)), "--level", "80,95", "--format", "json"], path


def _cli_result(fn, run):
    if run.returncode != 0:
        status = next((w.strip("().,:") for w in run.stderr.split() if w.strip("().,:")
                       .startswith("FPA_")), f"exit {run.returncode}")
        return ("err", status)
    # JSON: every figure at full precision (the text and CSV tables round)
    tables = json.loads(run.stdout)["sections"][fn if fn == "forecast" else "tvm"]["tables"]
    if fn == "forecast":
        rows = tables["forecast"]
        return ("ok", [float(r[c]) for c in ("forecast", "lower_80", "upper_80", "lower_95",
                                             "upper_95") for r in rows])
    return ("ok", [float(tables["result"][0]["value"])])


def test_the_fpa_command_gives_the_c_bits(reference, tmp_path):
    fpa = os.path.join(BUILD, "src", "cli", "fpa")
    if not os.path.exists(fpa):
        pytest.skip("the fpa program is not built")
    got, made, env = {}, set(), native_env()
    for cid, fn, args in CALLS:
        if any(isinstance(a, float) and math.isnan(a) or isinstance(a, list)
               and any(math.isnan(v) for v in a) for a in args):
            continue  # the command's readers refuse NaN before the library sees it
        if fn in _TVM_FLAGS:
            argv, _ = _cli_tvm(fpa, fn, args)
        elif fn == "forecast":
            argv, _ = _cli_forecast(fpa, args, str(tmp_path))
        else:
            continue  # no command gives this figure alone
        made.add(cid)
        got[cid] = _cli_result(fn, subprocess.run(argv, capture_output=True, text=True, env=env))
    assert len(made) >= 100
    bad = compare("cli", reference, got, only=made)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("host,fn", sorted(PENDING))
def test_pending_differences_still_differ(reference, host, fn):
    """Each PENDING entry still differs on some call that succeeds in C
    (else the entry goes)."""
    assert host == "python"
    calls = [c for c in CALLS if c[1] == fn and reference[c[0]][0] == "ok"]
    got = parity_python.run(calls)
    assert compare(host, reference, got, only=set(got)) == []  # (pending: skipped)
    differs = [cid for cid, (kind, vals) in got.items() if kind != "ok" or any(
        bits(a) != bits(b) for a, b in zip(vals, reference[cid][1]))]
    assert differs, f"{host} {fn} now gives the C bits: drop it from PENDING ({PENDING[(host, fn)]})"
