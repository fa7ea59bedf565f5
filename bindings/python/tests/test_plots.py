# SPDX-License-Identifier: GPL-3.0-or-later
"""fpa.plots renders real image files (with matplotlib's Agg backend, no
display): each chart is saved as a PNG in a temporary directory and checked
to be a non-empty PNG file. The numbers drawn are tested elsewhere
(test_scenario.py)."""
import numpy as np
import pytest

import fpa
from conftest import undocumented
from wc_ref import plan as ref_plan, ref, scenario as ref_scenario

matplotlib = pytest.importorskip("matplotlib")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path, min_bytes=5000):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert len(data) > min_bytes, f"{path} holds only {len(data)} bytes"


def test_scenario_cash_png(tmp_path):
    p = ref_plan()
    faster = fpa.Scenario(p).add("dso", "add", -5, 2)
    fig = fpa.plots.scenario_cash(p, {"spreadsheet scenario": ref_scenario(p),
                                      "collect 5 days faster": faster},
                                  cash_floor=ref("floor"), path=tmp_path / "cash.png")
    assert_png(tmp_path / "cash.png")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [lbl.split(" (min")[0] for lbl in labels[:3]] == [
        "base", "spreadsheet scenario", "collect 5 days faster"]
    assert labels[1] == f"spreadsheet scenario (min {ref('s.min_cash'):,.0f})"
    assert any(lbl.startswith("cash floor") for lbl in labels)
    # the base line is the projected cash
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), p.project("cash"))


def test_scenario_cash_from_arrays_and_dates(tmp_path):
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2024-01", periods=6, freq="M")
    p = ref_plan(index=idx)
    cash = p.project("cash")
    fpa.plots.scenario_cash(cash.to_numpy(), [cash.to_numpy() + 5000, fpa.Scenario(p)],
                            cash_floor=0, index=idx, path=tmp_path / "arrays.png")
    assert_png(tmp_path / "arrays.png")
    fpa.plots.scenario_cash(p, fpa.Scenario(p).add("dio", "mul", 1.2),
                            path=tmp_path / "one.svg")
    assert (tmp_path / "one.svg").read_bytes().lstrip().startswith(b"<?xml")


def test_mc_fan_png(tmp_path):
    p = ref_plan()
    mc = fpa.MonteCarlo(ref_scenario(p))
    mc.add("revenue", "mul", "normal", [1, 0.08])
    mc.add("dso", "add", "pert", [-5, 0, 15], draw="once")
    res = mc.run(20_000, cash_floor=ref("floor"), seed=3, threads=2)
    fig = fpa.plots.mc_fan(res, base=p, path=tmp_path / "fan.png")
    assert_png(tmp_path / "fan.png")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"cash floor {ref('floor'):,.0f} (breach {res.breach():.1%})" in labels
    assert "median" in labels and "base case" in labels


def test_mc_fan_on_given_axes(tmp_path):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(10, 4))
    left, right = fig.subplots(1, 2)
    p = ref_plan()
    mc = fpa.MonteCarlo(p)
    mc.add("other_cash", "add", "normal", [0, 20_000])
    res = mc.run(5_000)
    assert fpa.plots.mc_fan(res, bands=[(0.1, 0.9)], cash_floor=10_000, ax=right) is fig
    assert fpa.plots.scenario_cash(p, cash_floor=10_000, ax=left) is fig
    fig.savefig(tmp_path / "both.png")
    assert_png(tmp_path / "both.png")
    with pytest.raises(fpa.InvalidArgumentError):        # a run without the fan
        fpa.plots.mc_fan(mc.run(100, fan=False))


def test_every_chart_is_documented():
    assert undocumented(fpa.plots) == []


def test_variance_bridge_png(tmp_path):
    # Webb Company, Horngren et al., Cost Accounting 14th ed., ch. 7
    # (figures as summarised at https://www.coursehero.com/file/6230112/wk8-ch8n/):
    # static-budget operating income 108,000, actual 14,900; the flexible
    # budget's operating income is 1,200,000 - 880,000 - 276,000 = 44,000
    # (10,000 jackets), so the sales-volume variance is 44,000 - 108,000 =
    # -64,000 and the flexible-budget variance 14,900 - 44,000 = -29,100.
    fig = fpa.plots.variance_bridge(108000, {"sales volume": -64000,
                                             "flexible budget": -29100},
                                    actual=14900, path=tmp_path / "bridge.png")
    assert_png(tmp_path / "bridge.png", min_bytes=4000)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "budget", "sales volume", "flexible budget", "actual"]
    heights = [round(p.get_height()) for p in ax.patches]
    assert heights == [108000, 64000, 29100, 14900]
    with pytest.raises(fpa.InvalidArgumentError, match="not to actual"):
        fpa.plots.variance_bridge(100, [("a", 10)], actual=120)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.plots.variance_bridge(100, [("a", float("nan"))])


def test_variance_bridge_of_a_variance_frame(tmp_path):
    pd = pytest.importorskip("pandas")
    # Webb, Horngren et al. 14th ed. Exhibit 7-1: operating income 108,000
    # budgeted, 14,900 actual; revenue 190,000 U, materials 98,400 F, labour
    # 6,000 U, variable overhead 13,500 F, fixed 9,000 U (the static-budget
    # variances of tests/test_variance.c)
    lines = ["revenue", "materials", "labour", "variable overhead", "fixed"]
    b = pd.DataFrame({"apr": [1440000.0, 720000, 192000, 144000, 276000]}, index=lines)
    a = pd.DataFrame({"apr": [1250000.0, 621600, 198000, 130500, 285000]}, index=lines)
    rep = fpa.variance(b, a, ["revenue", "cost", "cost", "cost", "cost"])
    fig = fpa.plots.variance_bridge(rep, path=tmp_path / "webb.png")
    assert_png(tmp_path / "webb.png", min_bytes=4000)
    ax = fig.axes[0]
    heights = [round(p.get_height()) for p in ax.patches]
    assert heights == [108000, 190000, 98400, 6000, 13500, 9000, 14900]
    # coloured by effect on income, not by the variance's sign
    green, red = (0x55 / 255, 0xa8 / 255, 0x68 / 255), (0xc4 / 255, 0x4e / 255, 0x52 / 255)
    colours = [tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches[1:6]]
    want = [red, green, red, green, red]
    assert colours == [tuple(round(c, 3) for c in w) for w in want]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["budget", "unfavourable", "favourable"]
    # a cost bridge: a rise is unfavourable
    fig = fpa.plots.variance_bridge(1000, {"rates": 50}, nature="cost")
    assert tuple(round(c, 3) for c in fig.axes[0].patches[1].get_facecolor()[:3]) == \
        tuple(round(c, 3) for c in red)
    with pytest.raises(fpa.InvalidArgumentError, match="no nature column"):
        fpa.plots.variance_bridge(rep.drop(columns="nature"))


def test_forecast_fan_png(tmp_path, forecast_ref):
    pd = pytest.importorskip("pandas")
    y = np.array(forecast_ref[("ets", "USAccDeaths_ANA")]["y"])
    s = pd.Series(y, index=pd.period_range("1973-01", periods=y.size, freq="M"))
    fc = fpa.forecast(s, horizon=18, level=(50, 80, 95))
    fig = fpa.plots.forecast_fan(s, fc, last=36, path=tmp_path / "fan.png", title="Deaths")
    assert_png(tmp_path / "fan.png")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["actual", "95 % interval", "80 % interval", "50 % interval",
                      f"forecast ({fc.attrs['model']})"]
    actual, forecast = ax.lines[0], ax.lines[1]
    np.testing.assert_array_equal(actual.get_ydata(), y[-36:])
    # the forecast line starts at the last actual, then the point forecasts
    np.testing.assert_array_equal(forecast.get_ydata(), np.r_[y[-1], fc["mean"]])
    assert len(ax.collections) == 3                        # one band per level


def test_forecast_fan_from_numpy_on_given_axes(tmp_path):
    from matplotlib.figure import Figure
    y = 100 + 10 * np.sin(np.arange(48) * np.pi / 6) + np.arange(48)
    res = fpa.forecast(y, 12, "snaive", horizon=12, level=90)
    fig = Figure()
    ax = fig.add_subplot()
    assert fpa.plots.forecast_fan(y, res, ax=ax, color="C2") is fig
    fig.savefig(tmp_path / "np.svg")
    assert (tmp_path / "np.svg").read_bytes().lstrip().startswith(b"<?xml")
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), np.arange(47, 60))
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.plots.forecast_fan(y, [1, 2, 3])
