# SPDX-License-Identifier: GPL-3.0-or-later
"""Charts of libfpa results, with matplotlib (optional: Debian's
``python3-matplotlib``).

matplotlib is imported on the first call, so ``import fpa`` works without
it. Charts are drawn on ``matplotlib.figure.Figure`` objects, never through
pyplot's global state: they work with the Agg backend, on servers and in
threads. Every function

- draws on ``ax`` when given (a pyplot or notebook Axes), else on a new
  Figure;
- saves to ``path`` when given (the format follows the extension: .png,
  .svg, .pdf);
- returns the Figure.
"""
import numbers

import numpy as np

from ._core import f64, invalid
from .wc import _pandas_index

__all__ = ["figure_axes", "finish", "scenario_cash", "mc_fan", "variance_bridge", "forecast_fan"]


# ---- shared helpers ---------------------------------------------------------------

def _matplotlib():
    try:
        from matplotlib.figure import Figure
        from matplotlib.ticker import StrMethodFormatter
    except ImportError as e:  # optional dependency
        raise ImportError("fpa.plots needs matplotlib (Debian: python3-matplotlib)") from e
    return Figure, StrMethodFormatter


def figure_axes(ax=None, figsize=(8.0, 4.5)):
    """The (figure, axes) to draw on.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes; by default a new Figure with one Axes.
    figsize : (float, float)
        Size in inches of a new Figure.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    Figure, _ = _matplotlib()
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, constrained_layout=True)
    return fig, fig.add_subplot()


def finish(fig, ax, path=None, title=None, dpi=100):
    """Common finishing: money format on the y axis, a title, the legend,
    and saving to `path`.

    Parameters
    ----------
    fig, ax
        From `figure_axes`.
    path : str or path-like, optional
        Where to save (format from the extension).
    title : str, optional
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _, fmt = _matplotlib()
    ax.yaxis.set_major_formatter(fmt("{x:,.0f}"))
    ax.grid(True, alpha=0.3)
    if title:
        ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize="small")
    if path is not None:
        fig.savefig(path, dpi=dpi)
    return fig


def _periods(n, index):
    """x values for n periods: a date-like index as dates, else 0 .. n-1
    (with the index's labels as tick labels)."""
    if index is None:
        return np.arange(n), None
    if len(index) != n:
        raise ValueError(f"index has {len(index)} labels for {n} periods")
    if hasattr(index, "to_timestamp"):  # pandas PeriodIndex
        return np.asarray(index.to_timestamp()), None
    arr = np.asarray(index)
    if arr.dtype.kind == "M":
        return arr, None
    return np.arange(n), [str(x) for x in arr]


def _cash(x, what):
    """The cash path of a WCPlan or Scenario (its projection), or an array."""
    if hasattr(x, "project"):
        return np.asarray(x.project("cash"), dtype=float), getattr(x, "plan", x).index
    return f64(x, what), _pandas_index(x)


def _named(scenarios):
    """label -> scenario for one scenario (or cash path), a list or a dict."""
    if scenarios is None:
        return {}
    if isinstance(scenarios, dict):
        return dict(scenarios)
    if (hasattr(scenarios, "project") or isinstance(scenarios, np.ndarray)
            or _pandas_index(scenarios) is not None):
        return {"scenario": scenarios}
    items = list(scenarios)
    if items and all(isinstance(v, numbers.Real) for v in items):
        return {"scenario": items}
    return {f"scenario {i + 1}": s for i, s in enumerate(items)}


def _label_ticks(ax, x, labels):
    """Period positions get whole-number ticks, or the index's labels."""
    if labels is not None:
        step = max(1, len(labels) // 12)
        ax.set_xticks(x[::step])
        ax.set_xticklabels(labels[::step], rotation=45, ha="right")
    elif x.dtype.kind in "iu":
        from matplotlib.ticker import MaxNLocator
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


# ---- working capital and scenarios ---------------------------------------------------

def scenario_cash(base, scenarios=None, cash_floor=None, *, index=None, ax=None,
                  path=None, title="Cash by scenario", base_label="base"):
    """Period-end cash of the base case and of scenarios, with the cash
    floor and the periods where a path falls below it. Each path's lowest
    cash is marked and given in the legend.

    Parameters
    ----------
    base : fpa.WCPlan, fpa.Scenario or array_like
        The base case (a plan is projected) or its cash per period.
    scenarios : fpa.Scenario, array_like, or a list or dict of them, optional
        The scenarios; a dict maps labels to scenarios (or cash arrays),
        a list is labelled "scenario 1", "scenario 2", ...
    cash_floor : float, optional
        Drawn as a horizontal line; cash below it is shaded.
    index : sequence, optional
        Period labels (dates or names); default the plan's index, or
        0 .. n-1.
    ax : matplotlib.axes.Axes, optional
    path : str or path-like, optional
        Save the figure there.
    title : str, optional
    base_label : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fpa.plots.scenario_cash(plan, {"collect 5 days faster": s}, cash_floor=15000,
    ...                         path="cash.png")
    """
    fig, ax = figure_axes(ax)
    cash, plan_index = _cash(base, "base")
    n = cash.size
    x, labels = _periods(n, index if index is not None else plan_index)
    paths = {base_label: cash}
    for name, s in _named(scenarios).items():
        c, _ = _cash(s, str(name))
        if c.size != n:
            raise ValueError(f"{name} has {c.size} periods, the base {n}")
        paths[name] = c
    for i, (name, c) in enumerate(paths.items()):
        style = dict(color="0.25", linewidth=2.2) if i == 0 else dict(color=f"C{i - 1}",
                                                                      linewidth=1.8)
        k = int(np.argmin(c))
        ax.plot(x, c, marker="o", markersize=3.5, label=f"{name} (min {c[k]:,.0f})", **style)
        ax.plot(x[k:k + 1], c[k:k + 1], marker="v", markersize=9, linestyle="none",
                color=style["color"])
    if cash_floor is not None:
        floor = float(cash_floor)
        ax.axhline(floor, color="crimson", linestyle="--", linewidth=1.2,
                   label=f"cash floor {floor:,.0f}")
        low = np.min(np.vstack(list(paths.values())), axis=0)
        ax.fill_between(x, low, floor, where=low < floor, interpolate=True,
                        color="crimson", alpha=0.15, label="below the floor")
    ax.set_xlabel("period")
    ax.set_ylabel("period-end cash")
    _label_ticks(ax, x, labels)
    return finish(fig, ax, path, title)


def mc_fan(result, *, bands=((0.05, 0.95), (0.25, 0.75)), cash_floor=None, base=None,
           index=None, ax=None, path=None, title="Monte Carlo cash fan", color="C0"):
    """Fan chart of a Monte Carlo simulation: percentile bands of
    period-end cash, the median, the cash floor with the probability of
    breaching it, and optionally the deterministic base path.

    Parameters
    ----------
    result : fpa.MonteCarloResult
        A run that kept the fan (the default ``fan=True``).
    bands : sequence of (low, high) probabilities
        Bands, outermost first; each is shaded, inner ones darker.
    cash_floor : float, optional
        Default: the run's floor. Drawn with the run's breach probability
        when it is the run's floor.
    base : fpa.WCPlan, fpa.Scenario or array_like, optional
        A deterministic cash path to overlay (e.g. the plan itself).
    index : sequence, optional
        Period labels; default the plan's index, or 0 .. n-1.
    ax : matplotlib.axes.Axes, optional
    path : str or path-like, optional
    title : str, optional
    color : matplotlib colour
        Colour of the bands and the median.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    fpa.InvalidArgumentError
        The run did not keep the fan.
    """
    fig, ax = figure_axes(ax)
    n = result.periods
    x, labels = _periods(n, index if index is not None else result.index)
    bands = list(bands)
    for i, (lo, hi) in enumerate(bands):
        qlo, qhi = (np.asarray(result.fan(float(q)), dtype=float) for q in (lo, hi))
        ax.fill_between(x, qlo, qhi, color=color, alpha=0.15 + 0.5 * (i + 1) / (len(bands) + 1),
                        linewidth=0, label=f"{lo:.0%}-{hi:.0%}")
    ax.plot(x, np.asarray(result.fan(0.5), dtype=float), color=color, linewidth=2,
            label="median")
    if base is not None:
        c, _ = _cash(base, "base")
        ax.plot(x, c, color="0.2", linestyle=":", linewidth=1.5, label="base case")
    floor = result.cash_floor if cash_floor is None else float(cash_floor)
    text = f"cash floor {floor:,.0f}"
    if floor == result.cash_floor:
        text += f" (breach {result.breach():.1%})"
    ax.axhline(floor, color="crimson", linestyle="--", linewidth=1.2, label=text)
    ax.set_xlabel("period")
    ax.set_ylabel(f"period-end cash, {result.paths:,} paths")
    _label_ticks(ax, x, labels)
    return finish(fig, ax, path, title)


# ---- variance bridge ------------------------------------------------------------------

_FAVOURABLE, _UNFAVOURABLE = "#55a868", "#c44e52"


def _bridge_of_frame(frame):
    """(start, [(label, impact)], end) of a variance report DataFrame: the
    budgeted and actual operating income (revenue minus cost) and each
    line's effect on it, summed over the periods."""
    need = {"budget", "actual", "variance", "nature"}
    missing = sorted(need - set(frame.columns))
    if missing:
        raise invalid(f"the variance frame has no {', '.join(missing)} column; make it "
                      "with fpa.variance(budget_df, actual_df, nature)")
    sign = np.where(frame["nature"].to_numpy() == "cost", -1.0, 1.0)
    line = frame["line"] if "line" in frame.columns else frame.index.to_series()
    impact = (sign * f64(frame["variance"], "variance"))
    by_line = {}
    for lab, x in zip(line, impact):  # first-seen order, periods summed
        by_line[lab] = by_line.get(lab, 0.0) + float(x)
    start = float(np.sum(sign * f64(frame["budget"], "budget")))
    end = float(np.sum(sign * f64(frame["actual"], "actual")))
    return start, list(by_line.items()), end


def variance_bridge(budget, steps=None, actual=None, *, nature="revenue", ax=None, path=None,
                    title="Budget to actual", start_label="budget", end_label="actual"):
    """Bridge (waterfall) from budget to actual: one floating bar per
    variance driver, green when it is favourable (raises profit), red when
    it is unfavourable.

    Parameters
    ----------
    budget : float or pandas.DataFrame
        The starting total (e.g. budgeted operating income), or the
        variance report of ``fpa.variance(budget_df, actual_df, nature)``:
        the bridge then runs from budgeted to actual operating income
        (revenue minus cost), one bar per line with its effect on income
        (its variance, negated for a cost line), summed over the periods.
    steps : mapping or sequence of (label, amount) pairs, or pandas Series
        With a number as `budget`: the variances that lead from budget to
        actual, in drawing order, in the sign of the total (see `nature`).
    actual : float, optional
        The closing total. By default ``budget + sum(steps)``; when given it
        must equal that sum to within a cent, so the bridge always closes.
    nature : {"revenue", "cost"}
        What the totals are, with a number as `budget`: "revenue" (or
        profit), where an increase is favourable; "cost", where it is
        unfavourable and drawn red.
    ax, path, title
        See the module's conventions.
    start_label, end_label : str
        Labels of the first and last bars.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    fpa.InvalidArgumentError
        Non-finite amounts, an `actual` that the steps do not reach, a frame
        without the report's columns, or an unknown `nature`.
    """
    if hasattr(budget, "columns"):
        if steps is not None or actual is not None:
            raise invalid("give a variance frame alone, or a budget with its steps")
        start, pairs, end = _bridge_of_frame(budget)
        up_is_good = True
    else:
        if steps is None:
            raise invalid("steps is missing")
        if nature not in ("revenue", "cost"):
            raise invalid(f"nature is {nature!r}; expected 'revenue' or 'cost'")
        up_is_good = nature == "revenue"
        pairs = list(steps.items()) if hasattr(steps, "items") else list(steps)
        start = float(f64([budget], "budget")[0])
        end = None if actual is None else float(f64([actual], "actual")[0])
    labels = [str(k) for k, _ in pairs]
    amounts = f64([v for _, v in pairs], "steps")
    if not (np.isfinite(amounts).all() and np.isfinite(start)):
        raise invalid("the bridge's amounts must be finite")
    reached = start + float(amounts.sum())
    if end is not None and abs(end - reached) > 0.005 + 1e-12 * abs(end):
        raise invalid(f"the steps lead to {reached:,.2f}, not to actual {end:,.2f}")
    end = reached if end is None else end
    fig, ax = figure_axes(ax, figsize=(max(6.0, 1.1 * (len(labels) + 2)), 4.5))
    x = np.arange(len(labels) + 2)
    level = start
    ax.bar(x[0], start, color="#4c72b0", label=start_label)
    shown = set()
    for i, amount in enumerate(amounts, start=1):
        good = (amount >= 0) == up_is_good
        kind = "favourable" if good else "unfavourable"
        bottom = level if amount >= 0 else level + amount
        ax.bar(x[i], abs(amount), bottom=bottom,
               color=_FAVOURABLE if good else _UNFAVOURABLE,
               label=None if kind in shown else kind)
        shown.add(kind)
        ax.annotate(f"{amount:+,.0f}", (x[i], max(level, level + amount)),
                    ha="center", va="bottom", fontsize=8)
        ax.plot([x[i] - 1.4, x[i] + 0.4], [level, level], color="grey", lw=0.6)
        level += amount
    ax.bar(x[-1], end, color="#4c72b0")
    ax.plot([x[-1] - 1.4, x[-1] - 0.6], [end, end], color="grey", lw=0.6)
    _label_ticks(ax, x, [start_label] + labels + [end_label])
    ax.axhline(0, color="black", lw=0.8)
    return finish(fig, ax, path, title)


# ---- forecasts ---------------------------------------------------------------------------

def _fan_parts(forecast):
    """(mean, {level: (lower, upper)}, index or None, model name) of a
    ForecastResult or of the DataFrame `fpa.forecast` returns."""
    if hasattr(forecast, "levels") and hasattr(forecast, "mean"):
        bands = {lvl: (forecast.lower[i], forecast.upper[i])
                 for i, lvl in enumerate(forecast.levels)}
        return np.asarray(forecast.mean, dtype=float), bands, None, forecast.model
    if hasattr(forecast, "columns") and "mean" in forecast.columns:
        bands = {}
        for col in forecast.columns:
            if str(col).startswith("lower_"):
                lvl = str(col)[len("lower_"):]
                bands[float(lvl)] = (forecast[col].to_numpy(dtype=float),
                                     forecast[f"upper_{lvl}"].to_numpy(dtype=float))
        return (forecast["mean"].to_numpy(dtype=float), bands, forecast.index,
                forecast.attrs.get("model"))
    raise invalid("forecast must be an fpa.ForecastResult, a DataFrame of fpa.forecast "
                  "(columns mean, lower_*, upper_*) or a batch result with series=")


def _batch_names(forecast):
    """The series of a batch result (a BatchForecast, or the tidy or wide
    DataFrame of forecast_batch), or None for a single forecast."""
    from .forecast import BatchForecast
    cols = getattr(forecast, "columns", None)
    if isinstance(forecast, BatchForecast):
        return list(forecast.names) if forecast.names is not None else list(range(len(forecast)))
    if cols is not None and "series" in cols and "period" in cols:  # tidy
        return list(dict.fromkeys(forecast["series"]))
    if cols is not None and getattr(cols, "nlevels", 1) == 2 and cols.names[0] == "series":
        return list(dict.fromkeys(cols.get_level_values(0)))
    return None


def _one_of_batch(forecast, names, series):
    """The forecast of one series of a batch result, in a form _fan_parts
    reads, and its position."""
    if series is None:
        if len(names) != 1:
            raise invalid(f"the batch holds {len(names)} series; name one with series= "
                          f"(one of {names[:5]}{' ...' if len(names) > 5 else ''})")
        series = names[0]
    if series not in names:
        raise invalid(f"series {series!r} is not in the batch ({names[:5]}"
                      f"{' ...' if len(names) > 5 else ''})")
    i = names.index(series)
    from .forecast import BatchForecast, ForecastResult
    if isinstance(forecast, BatchForecast):
        one = ForecastResult(forecast.mean[i], forecast.lower[i], forecast.upper[i],
                             forecast.levels, forecast.models[i], "")
        return one, i, forecast.index
    if "series" in forecast.columns:  # tidy
        rows = forecast[forecast["series"] == series]
        one = rows.drop(columns=["series", "period", "model", "status"], errors="ignore")
        one.index = rows["period"].to_numpy()
        one.attrs["model"] = rows["model"].iloc[0] if "model" in rows else None
        return one, i, None
    one = forecast[series]  # wide
    one.attrs["model"] = forecast.attrs.get("models", {}).get(series)
    return one, i, None


def _actuals_of(actuals, series, i):
    """The history of the `i`-th series (named `series`) of a batch input:
    a DataFrame (a column when it is indexed by time, else a row), a 2-D
    array, a dict or a list of series; a single series as it is."""
    if isinstance(actuals, dict):
        return actuals[series]
    if hasattr(actuals, "columns"):  # DataFrame
        from ._tables import time_index
        down = time_index(actuals.index)
        one = actuals[series] if down is not None else actuals.loc[series]
        labels = down if down is not None else time_index(actuals.columns)
        if labels is not None:
            one = one.copy()
            one.index = labels
        return one
    if isinstance(actuals, np.ndarray):
        return actuals[i] if actuals.ndim == 2 else actuals
    if isinstance(actuals, (list, tuple)) and actuals and np.ndim(actuals[0]) == 1:
        return actuals[i]
    return actuals


def forecast_fan(actuals, forecast, *, series=None, last=None, index=None, ax=None, path=None,
                 title="Forecast", color="C0"):
    """Actuals, the point forecast and its prediction intervals as shaded
    bands (widest level lightest).

    Parameters
    ----------
    actuals : array_like or pandas.Series
        The history the forecast continues; for a batch, the batch's input
        (a DataFrame, 2-D array, list or dict of series) or the one
        series' history.
    forecast : fpa.ForecastResult, pandas.DataFrame or fpa.BatchForecast
        What `fpa.forecast` (or `ForecastModel.predict`) returned, or what
        `fpa.forecast_batch` returned (a BatchForecast, or its tidy or wide
        DataFrame), with `series` naming the series to draw.
    series : label or int, optional
        The series of a batch result: its name (a DataFrame's label) or
        position; may be omitted when the batch holds one series.
    last : int, optional
        Draw only the last `last` actuals.
    index : sequence, optional
        Labels of the actuals followed by the forecast periods (numpy
        inputs); pandas inputs bring their own.
    ax, path, title
        See the module's conventions.
    color : matplotlib colour
        Of the forecast and its bands.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    fpa.InvalidArgumentError
        `forecast` is not a forecast, or `series` names no series of it.

    Examples
    --------
    >>> fc = fpa.forecast(sales, horizon=18)
    >>> fpa.plots.forecast_fan(sales, fc, last=36, path="sales.png")
    >>> batch = fpa.forecast_batch(frame, horizon=12)
    >>> fpa.plots.forecast_fan(frame, batch, series="north")
    """
    names = _batch_names(forecast)
    batch_index = None
    if names is not None:
        forecast, i, batch_index = _one_of_batch(forecast, names, series)
        actuals = _actuals_of(actuals, names[i], i)
    mean, bands, fc_index, model = _fan_parts(forecast)
    if fc_index is None:
        fc_index = batch_index
    hist_index = _pandas_index(actuals)
    y = f64(actuals.to_numpy(dtype=float) if hist_index is not None else actuals, "actuals")
    n, h = y.size, mean.size
    if index is None and hist_index is not None and fc_index is not None:
        index = hist_index.append(fc_index)
    x, labels = _periods(n + h, index)
    k = n if last is None else min(n, int(last))
    fig, ax = figure_axes(ax)
    ax.plot(x[n - k:n], y[n - k:], color="0.2", linewidth=1.8, label="actual")
    levels = sorted(bands, reverse=True)
    for i, lvl in enumerate(levels):
        lo, hi = bands[lvl]
        ax.fill_between(x[n:], lo, hi, color=color, linewidth=0,
                        alpha=0.15 + 0.45 * (i + 1) / (len(levels) + 1),
                        label=f"{lvl:g} % interval")
    joined = np.concatenate([y[-1:], mean]) if n else mean
    ax.plot(x[n - 1 if n else n:], joined, color=color, linewidth=2, linestyle="--",
            label=f"forecast ({model})" if model else "forecast")
    ax.axvline(x[n - 1] if n else x[0], color="0.6", linewidth=0.8)
    ax.set_xlabel("period")
    _label_ticks(ax, x[n - k:], None if labels is None else labels[n - k:])
    return finish(fig, ax, path, title)
