# SPDX-License-Identifier: GPL-3.0-or-later
"""The correlation of two models' one-step residuals
(``fpa_forecast_residual_correlation`` of fpa/forecast.h)."""
from ._core import check, dptr, f64, invalid
from ._fpa_cffi import ffi, lib

__all__ = ["residual_correlation"]


def residual_correlation(model_a, y_a, model_b, y_b):
    """Pearson's r of the in-sample residuals ``y - fitted`` of two models
    fitted over the same periods (revenue and cost of sales, drawn together
    in a Monte Carlo), over the periods where both have a fitted value.

    Parameters
    ----------
    model_a, model_b : fpa.ForecastModel
        Models fitted to `y_a` and `y_b`.
    y_a, y_b : array_like or pandas.Series
        The values each model was fitted to (of the models' length).

    Returns
    -------
    float
        r, in [-1, 1].

    Raises
    ------
    fpa.DomainError
        Fewer than 3 periods with both residuals, a residual series that is
        constant, or a value not finite.
    fpa.InvalidArgumentError
        Models of different lengths, or a series of another length.
    """
    ya = f64(getattr(y_a, "to_numpy", lambda: y_a)(), "y_a")
    yb = f64(getattr(y_b, "to_numpy", lambda: y_b)(), "y_b")
    for name, m, y in (("y_a", model_a, ya), ("y_b", model_b, yb)):
        if y.size != lib.fpa_forecast_model_length(m._ptr):
            raise invalid(f"{name} has {y.size} values; its model was fitted to "
                          f"{lib.fpa_forecast_model_length(m._ptr)}")
    out = ffi.new("double *")
    check(lib.fpa_forecast_residual_correlation(out, model_a._ptr, dptr(ya), model_b._ptr,
                                                dptr(yb)))
    return out[0]
