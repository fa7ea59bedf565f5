-- SPDX-License-Identifier: GPL-3.0-or-later
-- Forecast accuracy from Lua. Expected values: the "accuracy USAccDeaths"
-- case of tests/ref/forecast_ref.txt (tests/ref/make_forecast_ref.R), the file
-- tests/test_accuracy.c reads: R's accuracy() for ME, RMSE, MAE, MAPE and MASE
-- of a seasonal naive forecast of 1978 from 1973-77, and the M4 competition's
-- formulas evaluated in R for sMAPE, WAPE, coverage and MSIS of its 95 %
-- interval. Same arithmetic: 1e-12 relative. OWA on round numbers (M4's
-- definition, Makridakis et al. 2020).
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "forecast_ref"

local M = {}
local c = R.get(R.load(), "accuracy", "USAccDeaths")

local function close(got, want)
  lu.assertTrue(math.abs(got - want) <= 1e-12 * math.abs(want) + 1e-12,
                string.format("%.17g ~= %.17g", got, want))
end

function M.test_accuracy_metrics_are_rs()
  local y, f, ins, per = c.actual, c.forecast, c.insample, c.period[1]
  close(fpa.mae(y, f), c.mae[1])
  close(fpa.rmse(y, f), c.rmse[1])
  close(fpa.mape(y, f), c.mape[1])
  close(fpa.smape(y, f), c.smape[1])
  close(fpa.wape(y, f), c.wape[1])
  close(fpa.bias(y, f), c.me[1])
  close(fpa.mase(y, f, ins, per), c.mase[1])
  close(fpa.mae(y, f) / fpa.accuracy_scale(ins, per), c.mase[1])
  close(fpa.coverage(y, c.lower95, c.upper95), c.coverage[1])
  close(fpa.msis(y, c.lower95, c.upper95, ins, 95, per), c.msis[1])
  local r_name = {bias = "me"}
  lu.assertEquals(fpa.METRICS, {"mae", "rmse", "mape", "smape", "wape", "mase", "bias",
                                "relbias"})
  -- relative bias from R's ME: 100 sum(y - f) / sum|y| = 100 n ME / sum|y|
  local sy = 0
  for _, v in ipairs(y) do sy = sy + math.abs(v) end
  c.relbias = {100 * #y * c.me[1] / sy}
  close(fpa.relbias(y, f), c.relbias[1])
  for _, m in ipairs(fpa.METRICS) do
    close(fpa.accuracy(y, f, m, {insample = ins, period = per}), c[r_name[m] or m][1])
  end
  close(fpa.accuracy(y, f, "me"), c.me[1])
end

function M.test_accuracy_owa_and_special_cases()
  lu.assertEquals(fpa.owa(16.517, 1.1883, 16.517, 1.1883), 1)
  close(fpa.owa(8, 0.5, 16, 1), 0.5)
  lu.assertEquals(fpa.smape({0, 1}, {0, 1}), 0)
  close(fpa.accuracy_scale({1, 3, 6}), 2.5)
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.accuracy_scale, {1e308, -1e308, 1e308})
end

function M.test_accuracy_bad_input()
  local y, f = {1, 2, 3}, {1, 2, 4}
  lu.assertErrorMsgContains("forecast[2] is NaN", fpa.mae, y, {1, 0 / 0, 3})
  lu.assertErrorMsgContains("MAPE is undefined: actual[1] is 0", fpa.mape, {0, 2, 3}, f)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.wape, {0, 0, 0}, f)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.mase, y, f, y, 3)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.mase, y, f)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.accuracy_scale, {5, 5, 5})
  lu.assertErrorMsgContains("lower[3] = 5 exceeds upper[3] = 4", fpa.coverage, y, {0, 0, 5},
                            {2, 3, 4})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.msis, y, {0, 0, 0}, {5, 5, 5}, y, 100)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.owa, 1, 1, 0, 1)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.owa, "x", 1, 1, 1)
  lu.assertErrorMsgContains("forecast has 2 values but actual has 3", fpa.mae, y, {1, 2})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.mae, {}, {})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.mae, nil, f)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.rmse, {"a", "b", "c"}, f)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.accuracy, y, f, "r2")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.accuracy, y, f, "mase")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.accuracy, y, f, "mae", 5)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.coverage, y, {0, 0}, {5, 5})
end

return M
