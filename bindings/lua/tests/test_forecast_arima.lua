-- SPDX-License-Identifier: GPL-3.0-or-later
-- ARIMA from Lua. Expected values: tests/ref/arima_ref.txt (R 4.2, forecast
-- 8.20: tests/ref/make_arima_ref.R), with the tolerances of
-- tests/test_forecast_arima.c and their reasons: R's coefficients fixed give
-- R's filter (1e-9); R's estimates are matched within 2e-3 (forecasts 1e-3);
-- auto.arima's orders are R's or have a lower AICc. Drivers are sequences
-- (one driver) or tables of rows.
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "forecast_ref"

local M = {}
local ref = R.load("arima_ref.txt")
local close = R.close
local CONST = {[0] = "none", [1] = "mean", [2] = "drift"}

-- rows of a flat row-major matrix of k columns
local function rows(flat, k)
  local out = {}
  for i = 1, math.floor(#flat / k) do
    out[i] = table.move(flat, (i - 1) * k + 1, i * k, 1, {})
  end
  return out
end

-- the options of a reference case: its orders (explicit), R's coefficients
-- (fixed), its drivers; and the future drivers
local function case_opts(c, explicit, fixed)
  local o = {method = "arima", period = c.period[1]}
  if explicit then
    o.order = {c.order[1], c.order[2], c.order[3]}
    o.seasonal = {c.order[4], c.order[5], c.order[6]}
    o.constant = CONST[c.const[1]]
  end
  if fixed then o.coef = c.coef end
  local future
  if c.xreg then
    local k = c.xcols[1]
    o.xreg, future = rows(c.xreg, k), rows(c.xfuture, k)
  end
  return o, future
end

local function check_forecast(c, m, future, rel)
  local r = m:predict(c.h[1], {xreg = future})
  local scale = math.abs(c.mean[1]) * rel
  close(r.mean, c.mean, rel, scale, c.name .. " mean")
  close(r.lower[1], c.lo80, rel, scale, "lo80")
  close(r.upper[1], c.hi80, rel, scale, "hi80")
  close(r.lower[2], c.lo95, rel, scale, "lo95")
  close(r.upper[2], c.hi95, rel, scale, "hi95")
end

function M.test_arima_from_r_coefficients()
  local cases = R.of(ref, "fixed")
  lu.assertEquals(#cases, 11)
  for _, c in ipairs(cases) do
    local o, future = case_opts(c, true, true)
    local m <close> = fpa.forecast_model(c.y, o)
    lu.assertEquals(m:name():gsub(" ", "_"), c.model)
    local p = m:params()
    for _, k in ipairs({"loglik", "aic", "aicc", "bic", "sigma2"}) do
      close({p[k]}, c[k], 1e-9, 0, c.name .. " " .. k)
    end
    local fit, want = m:fitted(), {}
    for t = 1, #c.y do want[t] = c.y[t] - c.resid[t] end
    close(fit, want, 1e-9, 1e-9 * math.abs(c.y[1]), c.name .. " fitted")
    local coef, names = m:coef()
    for i, name in ipairs(names) do lu.assertEquals(coef[name], c.coef[i]) end
    check_forecast(c, m, future, 1e-9)
  end
end

function M.test_arima_estimates_are_rs()
  for _, c in ipairs(R.of(ref, "estimate")) do
    local o, future = case_opts(c, true, false)
    local m <close> = fpa.forecast_model(c.y, o)
    local ll = m:param("loglik")
    lu.assertTrue(ll >= c.loglik[1] - 1e-4 and ll <= c.loglik[1] + 0.01, c.name)
    local coef, names, se = m:coef()
    for i, name in ipairs(names) do
      local w = c.coef[i]
      lu.assertTrue(math.abs(coef[name] - w) <= 2e-3 * math.max(1, math.abs(w)), c.name .. name)
      close({se[name]}, {c.se[i]}, 0.02, 0, c.name .. " se " .. name)
    end
    check_forecast(c, m, future, 1e-3)
  end
end

function M.test_auto_arima_is_rs()
  local same = 0
  for _, c in ipairs(R.of(ref, "auto")) do
    local o, future = case_opts(c, false, false)
    local m <close> = fpa.forecast_model(c.y, o)
    local a = m:arima_order()
    local got = {a.p, a.d, a.q, a.P, a.D, a.Q}
    local equal = a.constant == CONST[c.const[1]]
    for i = 1, 6 do equal = equal and got[i] == c.order[i] end
    if equal then
      same = same + 1
      lu.assertTrue(math.abs(m:param("aicc") - c.aicc[1]) < 1e-3, c.name)
      check_forecast(c, m, future, 1e-3)
    else
      lu.assertTrue(m:param("aicc") < c.aicc[1], c.name)
    end
  end
  lu.assertTrue(same >= 25)
end

function M.test_arima_drivers_and_bad_input()
  local c = R.get(ref, "auto", "freeny_xreg")
  local x, f = rows(c.xreg, 2), rows(c.xfuture, 2)
  local m = fpa.forecast_model(c.y, {method = "arima", period = 4, xreg = x})
  lu.assertEquals(m:arima_order().drivers, 2)
  local r = fpa.forecast(c.y, {method = "arima", period = 4, xreg = x, xreg_future = f})
  lu.assertEquals(r.mean, m:predict(nil, {xreg = f}).mean)
  lu.assertEquals(#r.mean, 4)
  local p1, p2 = m:simulate(nil, 20, {xreg = f, seed = 5}), m:simulate(4, 20, {xreg = f, seed = 5})
  lu.assertEquals(p1, p2)
  local one = {}  -- one driver as a sequence
  for t = 1, #c.y do one[t] = x[t][1] end
  lu.assertStrContains(fpa.forecast_model(c.y, {method = "arima", period = 4, xreg = one}):name(),
                       "Regression with")
  local nanx = rows(c.xreg, 2)
  nanx[3][2] = 0 / 0
  local same = {}
  for t = 1, #c.y do same[t] = {x[t][1], x[t][1]} end
  local bad = {
    {"FPA_EINVAL", m.predict, m, 4},                          -- future drivers missing
    {"FPA_EINVAL", m.predict, m, nil, {xreg = {{1}, {2}}}},    -- one column short
    {"FPA_EINVAL", m.simulate, m, 3, 5, {xreg = f}},          -- horizon against rows
    {"FPA_EINVAL", m.update, m, {1}},
    {"FPA_EDOM", fpa.forecast_model, c.y, {method = "arima", period = 4, xreg = nanx}},
    {"FPA_EINVAL", fpa.forecast_model, c.y, {method = "arima", period = 4, xreg = {{1, 2}}}},
    {"FPA_EDATA", fpa.forecast_model, c.y, {method = "arima", period = 4, xreg = same}},
    {"FPA_EINVAL", fpa.forecast_model, c.y, {method = "ets", order = {1, 0, 0}}},
    {"FPA_EINVAL", fpa.forecast_model, c.y, {method = "arima", order = {1, 0}}},
    {"FPA_EINVAL", fpa.forecast_model, c.y, {method = "arima", constant = "trend"}},
    {"FPA_EINVAL", fpa.forecast_model, c.y, {method = "arima", period = 1,
                                              order = {0, 1, 1}, seasonal = {0, 1, 1}}},
    {"FPA_EINVAL", fpa.forecast_model(c.y, {method = "ets"}).arima_order,
     fpa.forecast_model(c.y, {method = "ets"})},
    {"FPA_EINVAL", fpa.forecast_model(c.y, {method = "theta"}).coef,
     fpa.forecast_model(c.y, {method = "theta"})},
  }
  for i, case in ipairs(bad) do
    local ok, err = pcall(case[2], table.unpack(case, 3, 6))
    lu.assertFalse(ok, "case " .. i)
    lu.assertStrContains(tostring(err), case[1], false, "case " .. i)
  end
  -- the automatic search's options by name
  local e = fpa.forecast_model(c.y, {method = "arima", period = 4, arima_stepwise = 0,
                                     arima_max_p = 2, arima_constant = "none",
                                     arima_approximation = "never"})
  lu.assertTrue(e:arima_order().p <= 2)
  lu.assertEquals(e:arima_order().constant, "none")
  -- the method everywhere: batches, backtests, rolling forecasts
  local b = fpa.forecast_batch({c.y, c.y}, {method = "arima", period = 4, horizon = 4,
                                            threads = 2})
  lu.assertEquals(b.mean[1], fpa.forecast(c.y, {method = "arima", period = 4, horizon = 4}).mean)
  local k = fpa.backtest(c.y, {method = "arima", period = 4, horizon = 4, origins = 2}):size()
  lu.assertEquals(k, 2)
  local rf = fpa.rolling_forecast(c.y, {method = "arima", period = 4, horizon = 4})
  lu.assertStrContains(rf:append(c.y[#c.y]):model():name(), "ARIMA")
end

return M
