# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import os
import re

import pytest


@pytest.fixture(scope="session")
def ref_dir():
    return os.environ.get("FPA_REF_DIR",
                          os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "ref"))


def parse_args(text):
    """Arguments in the spreadsheet's inline-array syntax: "{1;2};3" ->
    [[1.0, 2.0], 3.0]."""
    return [[float(x) for x in tok[1:-1].split(";")] if tok.startswith("{") else float(tok)
            for tok in re.findall(r"\{[^}]*\}|[^;{}]+", text)]


@pytest.fixture(scope="session")
def unit_kpi_cases(ref_dir):
    """Rows of tests/ref/unit_kpi_expected.csv (written by
    tests/ref/make_unit_kpi_ref.py from LibreOffice Calc and gnumeric,
    pandas, numpy and exact rationals), as (function, args, source,
    formula, value) with args parsed; value is a float or a status name
    such as "EUNBOUNDED"."""
    with open(os.path.join(ref_dir, "unit_kpi_expected.csv"), newline="") as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    out = []
    for function, args, source, formula, value in rows[1:]:
        try:
            value = float(value)
        except ValueError:
            pass
        out.append((function, parse_args(args), source, formula, value))
    return out


_STATUS = {"EDOM": "DomainError", "EUNBOUNDED": "UnboundedError", "EINVAL":
           "InvalidArgumentError", "EDATA": "DataError", "EOVERFLOW": "ResultOverflowError"}


@pytest.fixture(scope="session")
def check_refs(unit_kpi_cases):
    """run(dispatch): call dispatch[function](*args) for every reference
    row of the functions in `dispatch` and compare with the independent
    value (1e-11 relative, as the C tests) or status. A masked result
    (numpy.ma.masked) stands for an undefined element, which the reference
    gives as EDOM. Returns the number of cases per function."""
    import fpa
    import numpy as np

    def run(dispatch, min_cases=3):
        failures, counts = [], {}
        for fn, args, source, formula, want in unit_kpi_cases:
            call = dispatch.get(fn)
            if call is None:
                continue
            counts[fn] = counts.get(fn, 0) + 1
            where = f"{fn}{tuple(args)} [{source}: {formula}]"
            try:
                got = call(*args)
            except fpa.Error as e:
                if (not isinstance(want, str) or not e.detail
                        or not isinstance(e, getattr(fpa, _STATUS[want]))):
                    failures.append(f"{where}: raised {e!r}, want {want}")
                continue
            if isinstance(want, str):
                if not (want == "EDOM" and got is np.ma.masked):
                    failures.append(f"{where}: returned {got!r}, want {want}")
            elif got is np.ma.masked or not abs(got - want) <= 1e-11 * abs(want) + 1e-12:
                failures.append(f"{where}: {got!r} != {want!r}")
        assert not failures, "\n".join(failures)
        assert set(counts) == set(dispatch), set(dispatch) - set(counts)
        assert all(c >= min_cases for c in counts.values()), counts
        return counts

    return run


def mentions_every_public_name(module, path):
    """Every public function or class of `module` appears as fpa.<name> in
    the test file at `path`."""
    text = open(path).read()
    return [n for n in module.__all__ if callable(getattr(module, n))
            and f"fpa.{n}" not in text]


def undocumented(module):
    """Public functions, classes, methods and properties of `module` whose
    docstring lacks a numpy-style section (Parameters or Returns;
    namedtuple result types need a docstring only)."""
    import inspect
    bad = []
    for name in module.__all__:
        obj = getattr(module, name)
        doc = inspect.getdoc(obj) or ""
        if inspect.isclass(obj) and issubclass(obj, tuple):
            if not doc or doc.startswith(f"{name}("):
                bad.append(name)
            continue
        if inspect.isfunction(obj) and not ("Parameters\n" in doc and "Returns\n" in doc):
            bad.append(name)
        if inspect.isclass(obj):
            if not doc:
                bad.append(name)
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                member = getattr(member, "__func__", member)
                mdoc = inspect.getdoc(member.fget if isinstance(member, property) else member)
                if not mdoc or "Returns\n" not in mdoc:
                    bad.append(f"{name}.{attr}")
    return bad


def read_cases(path):
    """Blocks "case KIND NAME" ... "end" of "key numbers..." or "key word"
    lines, the format of tests/ref/forecast_ref.txt (written by
    tests/ref/make_forecast_ref.R) and otheta_ref.txt, read as the C tests'
    tests/refcases.h reads them: {(kind, name): {key: [floats] or word}};
    "NA" is NaN."""
    import math
    cases, cur = {}, None
    with open(path) as f:
        for line in f:
            tok = line.split()
            if not tok or tok[0].startswith("#"):
                continue
            if tok[0] == "case":
                cur = cases[(tok[1], tok[2])] = {}
            elif tok[0] == "end":
                cur = None
            else:
                try:
                    cur[tok[0]] = [math.nan if t == "NA" else float(t) for t in tok[1:]]
                except ValueError:
                    cur[tok[0]] = tok[1]
    return cases


@pytest.fixture(scope="session")
def forecast_ref(ref_dir):
    """The R 4.x / forecast 8.20 references of tests/ref/forecast_ref.txt."""
    return read_cases(os.path.join(ref_dir, "forecast_ref.txt"))
