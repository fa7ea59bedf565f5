# SPDX-License-Identifier: GPL-3.0-or-later
"""Scale-out with Dask: the batch forecast and Monte Carlo run on a
distributed.LocalCluster of two worker processes, and their results are
bit for bit the single-process ones (the property the issue asks for; the
numbers themselves are checked against R and the spreadsheet in
test_forecast.py and test_scenario.py)."""
import os

import numpy as np
import pytest

import fpa

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
import fpa.dask  # noqa: E402  (after the skips: dask is optional)

from wc_ref import plan as ref_plan  # noqa: E402

# distributed 2022.12 starts tornado loops the deprecated way
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def client():
    env = fpa.dask.worker_env()
    # the workers also unpickle this module's Monte Carlo builders
    env["PYTHONPATH"] = os.path.dirname(__file__) + os.pathsep + env["PYTHONPATH"]
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, env=env) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def panel(forecast_ref):
    """40 monthly series, one per row, columns January 1973 .. : R's
    USAccDeaths and ldeaths scaled and shifted, with one all-NaN row."""
    base = [np.array(forecast_ref[("ets", k)]["y"][:72]) for k in
            ("USAccDeaths_ANA", "ldeaths_MNM")]
    rows = [base[i % 2] * (1 + 0.05 * i) + 10 * i for i in range(39)] + [np.full(72, np.nan)]
    cols = pd.period_range("1973-01", periods=72, freq="M")
    return pd.DataFrame(rows, index=[f"cc{i:02d}" for i in range(40)], columns=cols)


def test_workers_are_other_processes(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    assert client.run(lambda: fpa.lib_version()) == {w: fpa.lib_version() for w in pids}


def test_forecast_frame_equals_single_process(client, panel):
    single = fpa.forecast_batch(panel, horizon=12, layout="tidy")
    lazy = fpa.dask.forecast_frame(dd.from_pandas(panel, npartitions=4, sort=False),
                                   horizon=12)
    assert isinstance(lazy, dd.DataFrame)
    got = lazy.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, single, check_exact=True)
    assert (got["status"] == "FPA_EDATA").sum() == 12               # the all-NaN row
    assert got["period"][0] == pd.Period("1979-01", "M")
    # a pandas DataFrame is split into partitions and computed on the client
    eager = fpa.dask.forecast_frame(panel, method="theta", horizon=6, level=90, npartitions=3)
    pd.testing.assert_frame_equal(
        eager, fpa.forecast_batch(panel, method="theta", horizon=6, level=90), check_exact=True)


def _entity(scale, sd):
    def build():
        p = ref_plan()
        p.set("revenue", p.get("revenue") * scale)
        mc = fpa.MonteCarlo(p)
        mc.add("revenue", "mul", "normal", [1, sd])
        mc.add("dso", "add", "pert", [-5, 0, 15], draw="once")
        return mc
    return build


def test_monte_carlo_many_equals_single_process(client):
    models = {"FR": _entity(1.0, 0.05), "DE": _entity(1.3, 0.08),
              "IT": (_entity(0.8, 0.1), {"seed": 11})}
    got = fpa.dask.monte_carlo_many(models, 20_000, cash_floor=15_000, seed=7, client=client)
    assert list(got) == ["FR", "DE", "IT"]
    for name, spec in models.items():
        build, opts = spec if isinstance(spec, tuple) else (spec, {})
        want = fpa.dask.mc_summary(build().run(20_000, 15_000, **{"seed": 7, **opts}))
        g = got[name]
        assert g["paths"] == 20_000 and g["mean"] == want["mean"]
        assert g["quantiles"] == want["quantiles"] and g["breach"] == want["breach"]
        assert g["min_cash_quantiles"] == want["min_cash_quantiles"]
        np.testing.assert_array_equal(g["breach_by_period"], want["breach_by_period"])
        for q in want["fan"]:
            np.testing.assert_array_equal(g["fan"][q], want["fan"][q])
    # the default scheduler (the client made above) and a custom summary
    means = fpa.dask.monte_carlo_many(models, 5_000, summary=lambda r: r.mean("min_cash"),
                                      fan=False)
    assert means["DE"] == _entity(1.3, 0.08)().run(5_000, fan=False).mean("min_cash")
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.dask.monte_carlo_many({"x": 42}, 10)
    with pytest.raises(fpa.InvalidArgumentError):                   # raised in the worker
        fpa.dask.monte_carlo_many({"x": _entity(1.0, 0.05)}, 0, client=client)


def test_worker_env_and_documentation():
    env = fpa.dask.worker_env()
    assert os.path.isdir(os.path.join(env["PYTHONPATH"].split(os.pathsep)[0], "fpa"))
    assert any(f.startswith("libfpa.so") for f in
               os.listdir(env["LD_LIBRARY_PATH"].split(os.pathsep)[0]))
    from conftest import undocumented
    assert undocumented(fpa.dask) == []
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.dask.forecast_frame([1, 2, 3])
