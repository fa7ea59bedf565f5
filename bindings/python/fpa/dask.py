# SPDX-License-Identifier: GPL-3.0-or-later
"""Scale-out with Dask (optional: Debian's ``python3-dask`` and
``python3-distributed``).

When one machine is not enough, the batch forecast and the Monte Carlo run
inside an existing Dask deployment: each worker calls libfpa on its own
partition or model, and the results are the ones a single process gets.

- `forecast_frame` maps the partitions of a DataFrame of series (one row
  per series, one column per period) to `fpa.forecast_batch`.
- `monte_carlo_many` runs independent Monte Carlo models (one per entity or
  scenario) as Dask tasks. A model holds C objects, which cannot be
  pickled, so each task gets a *builder*, a function that makes the model
  in the worker, and returns a picklable summary (`mc_summary`).
- `worker_env` gives the environment worker processes need to import this
  ``fpa`` (``LocalCluster(..., env=fpa.dask.worker_env())``).

Identical results: a series' forecast depends only on the series and the
options, so a partitioned batch equals the single call. Simulated
intervals (``intervals="simulate"``) are the exception: their random
streams derive from the seed and the series' position in its batch, so
they depend on the partitioning (they are reproducible for a given one).
"""
import os

import numpy as np

from .forecast import DEFAULT_HORIZON, forecast_batch
from ._core import InvalidArgumentError, invalid

__all__ = ["forecast_frame", "monte_carlo_many", "mc_summary", "worker_env"]


def _dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as e:  # optional dependency
        raise ImportError("fpa.dask needs dask (Debian: python3-dask, python3-distributed)") \
            from e
    return dask, dd


def _libfpa_dir():
    """Directory of the libfpa this process loaded (Linux), or None."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if os.path.basename(path).startswith("libfpa.so"):
                    return os.path.dirname(path)
    except OSError:
        pass
    return None


def worker_env():
    """Environment variables that let a worker process import this ``fpa``
    and load the same libfpa: ``PYTHONPATH`` with the directory holding the
    ``fpa`` package, ``LD_LIBRARY_PATH`` with the library's directory.

    Parameters
    ----------
    None

    Returns
    -------
    dict
        Name -> value, for ``distributed.LocalCluster(env=...)`` or a
        worker's environment.
    """
    def prepend(var, path):
        old = os.environ.get(var)
        return path if not old else path + os.pathsep + old

    env = {"PYTHONPATH": prepend("PYTHONPATH",
                                 os.path.dirname(os.path.dirname(os.path.abspath(__file__))))}
    libdir = _libfpa_dir()
    if libdir:
        env["LD_LIBRARY_PATH"] = prepend("LD_LIBRARY_PATH", libdir)
    return env


# ---- batch forecasts -----------------------------------------------------------------

def _forecast_partition(pdf, period, method, horizon, level, options):
    if len(pdf) == 0:
        return None
    return forecast_batch(pdf, period, method, horizon, level, layout="tidy", **options)


def forecast_frame(data, period=12, method="auto", horizon=DEFAULT_HORIZON, level=(80, 95), *,
                   npartitions=None, **option_values):
    """Forecast every series of a (Dask or pandas) DataFrame, one
    `fpa.forecast_batch` call per partition.

    Parameters
    ----------
    data : dask.dataframe.DataFrame or pandas.DataFrame
        One row per series (the index names them), one column per period
        in time order (a PeriodIndex or DatetimeIndex of columns labels the
        forecast periods). Partitions hold whole series.
    period, method, horizon, level
        As for `fpa.forecast_batch`.
    npartitions : int, optional
        For a pandas DataFrame: the partitions to split it into (default:
        one per Dask worker thread, at least 2).
    **option_values
        Options of `fpa.forecast_batch` (``threads`` applies within each
        task; the default 1 suits one-threaded workers).

    Returns
    -------
    dask.dataframe.DataFrame or pandas.DataFrame
        The tidy layout of `fpa.BatchForecast.frame` (``series``,
        ``period``, ``mean``, ``lower_80`` ..., ``model``, ``status``):
        lazy for a Dask input, computed (with the current Dask scheduler or
        client) for a pandas one.

    Raises
    ------
    ImportError
        dask is not installed.
    fpa.InvalidArgumentError
        As `fpa.forecast_batch`, raised from the partition that failed.

    Examples
    --------
    >>> with distributed.Client(cluster):
    ...     tidy = fpa.dask.forecast_frame(series_by_row, period=12, horizon=18)
    """
    dask, dd = _dask()
    lazy = isinstance(data, dd.DataFrame)
    if not lazy:
        if not hasattr(data, "columns"):
            raise invalid("data must be a pandas or Dask DataFrame")
        if npartitions is None:
            npartitions = max(2, os.cpu_count() or 1)
        data = dd.from_pandas(data, npartitions=min(int(npartitions), max(1, len(data))),
                              sort=False)
    args = (period, method, horizon, level, option_values)
    meta = _forecast_partition(data._meta_nonempty, *args).iloc[:0]
    out = data.map_partitions(_forecast_partition, *args, meta=meta)
    if lazy:
        return out
    return out.compute().reset_index(drop=True)


# ---- Monte Carlo -----------------------------------------------------------------------

def mc_summary(result, quantiles=(0.05, 0.5, 0.95)):
    """A picklable summary of a `fpa.MonteCarloResult`.

    Parameters
    ----------
    result : fpa.MonteCarloResult
    quantiles : sequence of float
        Probabilities of the quantiles and fan lines reported.

    Returns
    -------
    dict
        ``paths``, ``mean`` (ending cash), ``quantiles`` and
        ``min_cash_quantiles`` ({p: value}), ``breach`` (probability of
        falling below the floor), ``breach_by_period`` (ndarray), and
        ``fan`` ({p: ndarray of cash by period}) when the run kept it.
    """
    qs = [float(q) for q in quantiles]
    out = {"paths": result.paths, "mean": result.mean(),
           "quantiles": {q: result.quantile(q) for q in qs},
           "min_cash_quantiles": {q: result.quantile(q, "min_cash") for q in qs},
           "breach": result.breach(),
           "breach_by_period": np.asarray(result.breach(by_period=True)[1], dtype=float)}
    try:
        out["fan"] = {q: np.asarray(result.fan(q), dtype=float) for q in qs}
    except InvalidArgumentError:  # the run did not keep the fan
        pass
    return out


def _run_one(build, paths, cash_floor, summary, options):
    mc = build()
    res = mc.run(paths, cash_floor, **options)
    return (summary or mc_summary)(res)


def monte_carlo_many(models, paths, cash_floor=0.0, *, summary=None, client=None,
                     **option_values):
    """Run independent Monte Carlo models as Dask tasks, one per entity or
    scenario, each built and run inside its worker.

    Parameters
    ----------
    models : mapping
        name -> builder: a function of no arguments returning an
        `fpa.MonteCarlo` (it runs in the worker, so it must be picklable
        by cloudpickle, as functions and closures are), or a pair
        (builder, dict of `MonteCarlo.run` options for that model).
    paths : int
        Paths per model.
    cash_floor : float
        The floor for breach probabilities.
    summary : callable, optional
        result -> picklable value, run in the worker; default `mc_summary`.
    client : distributed.Client, optional
        Where to run; default the current Dask scheduler (a Client made
        earlier, else Dask's local threads).
    **option_values
        `MonteCarlo.run` options for every model (``seed``, ``threads``,
        ``fan``).

    Returns
    -------
    dict
        name -> summary, in the order of `models`.

    Raises
    ------
    ImportError
        dask is not installed.
    fpa.Error
        A model's build or run failed (raised from its task).

    Examples
    --------
    >>> def entity(scale):
    ...     def build():
    ...         mc = fpa.MonteCarlo(make_plan(scale))
    ...         mc.add("revenue", "mul", "normal", [1, 0.05])
    ...         return mc
    ...     return build
    >>> fpa.dask.monte_carlo_many({"FR": entity(1.0), "DE": entity(1.4)}, 20_000,
    ...                           cash_floor=1e5, seed=7)
    """
    dask, _ = _dask()
    tasks = {}
    for name, spec in models.items():
        build, opts = spec if isinstance(spec, tuple) else (spec, {})
        if not callable(build):
            raise invalid(f"models[{name!r}] is not a function building an "
                          "fpa.MonteCarlo")
        tasks[name] = dask.delayed(_run_one, pure=False)(build, paths, cash_floor, summary,
                                                         {**option_values, **opts})
    if client is not None:
        done = client.gather(client.compute(list(tasks.values())))
    else:
        done = dask.compute(*tasks.values())
    return dict(zip(tasks, done))
