-- SPDX-License-Identifier: GPL-3.0-or-later
-- Forecasting from Lua. Expected values: tests/ref/forecast_ref.txt (R 4.x,
-- forecast 8.20; see forecast_ref.lua) and tests/ref/otheta_ref.txt (SciPy),
-- with the tolerances of tests/test_forecast.c and their reasons: ETS built
-- from R's estimates is the same recursion (1e-9); R's automatic selection is
-- matched on the clear-cut cases (AICc gap >= 1.5); thetaf's alpha is a flat
-- optimum (2e-3, forecasts 5e-4); benchmarks and decompose are closed forms
-- (1e-10). The rest are properties: batch == single on any thread count,
-- update == rebuild, backtest and rolling versions == refits, and bad input
-- raising errors.
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "forecast_ref"

local M = {}
local ref = R.load()
local close = R.close

local function check_forecast(c, r, rel)
  close(r.mean, c.mean, rel, 0, c.name .. " mean")
  close(r.lower[1], c.lo80, rel, 0, "lo80")
  close(r.upper[1], c.hi80, rel, 0, "hi80")
  close(r.lower[2], c.lo95, rel, 0, "lo95")
  close(r.upper[2], c.hi95, rel, 0, "hi95")
end

local function usacc() return R.get(ref, "ets", "USAccDeaths_ANA").y end

local function slice(t, i, j)
  return table.move(t, i or 1, j or #t, 1, {})
end

function M.test_forecast_ets_from_r_estimates()
  local cases = R.of(ref, "ets")
  lu.assertEquals(#cases, 13)
  for _, c in ipairs(cases) do
    local m <close> = fpa.ets_model(c.y, c.par, c.states, {model = c.model, period = c.period[1]})
    lu.assertEquals(m:name(), c.model)
    local p = m:params()
    for _, k in ipairs({"loglik", "aic", "aicc", "bic", "sigma2"}) do
      close({p[k]}, c[k], 1e-9, 0, c.name .. " " .. k)
      lu.assertEquals(m:param(k), p[k])
    end
    close(m:fitted(), c.fitted, 1e-9, 0, c.name .. " fitted")
    local final = m:states()
    close(final, c.final, 1e-9, 1e-9 * math.abs(final[1]), c.name .. " final")
    close(m:states(false), c.states, 1e-15, 0, c.name .. " states")
    check_forecast(c, m:predict(c.h[1]), 1e-9)
  end
  -- parameters by name; the ones the model lacks may be absent
  local c = R.get(ref, "ets", "Nile_ANN")
  local m = fpa.ets_model(c.y, {alpha = c.par[1]}, c.states, {model = "ANN"})
  close({m:param("loglik")}, c.loglik, 1e-9, 0, "loglik")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.ets_model, c.y, c.par, {1000, 5}, {model = "ANN"})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.ets_model, c.y, c.par, c.states)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.ets_model, c.y, {1.5}, c.states, {model = "ANN"})
end

local CLEAR_CUT = {WWWusage = true, BJsales = true, USAccDeaths = true, nottem = true,
                   UKgas = true, Nile = true, LakeHuron = true}

function M.test_forecast_automatic_selection_is_rs()
  local cases = R.of(ref, "auto")
  lu.assertEquals(#cases, 10)
  for _, c in ipairs(cases) do
    if CLEAR_CUT[c.name] then
      local m = fpa.forecast_model(c.y, {period = c.period[1]})   -- method "auto"
      lu.assertEquals(m:name(), c.model, c.name)
      lu.assertEquals(m:method(), "ets")
      if c.period[1] == 1 then lu.assertTrue(m:param("aicc") <= c.aicc[1] + 0.05, c.name) end
    end
  end
end

function M.test_forecast_theta_is_thetaf()
  local cases = R.of(ref, "theta")
  lu.assertEquals(#cases, 4)
  for _, c in ipairs(cases) do
    local m = fpa.forecast_model(c.y, {period = c.period[1], method = "theta"})
    lu.assertTrue(math.abs(m:param("alpha") - c.alpha[1]) <= 2e-3)
    close({m:param("drift")}, c.drift, 1e-9, 0, "drift")
    check_forecast(c, m:predict(c.h[1]), 5e-4)
  end
end

function M.test_forecast_benchmarks_are_rs()
  local kinds = {naive = {"naive", 0}, snaive = {"snaive", 0}, drift = {"drift", 0},
                 linear = {"linear", 0}, linear_seasonal = {"linear", 1}}
  local done = 0
  for _, c in ipairs(ref) do
    local k = kinds[c.kind]
    if k then
      check_forecast(c, fpa.forecast(c.y, {period = c.period[1], method = k[1],
                                           horizon = c.h[1], linear_seasonal = k[2]}), 1e-10)
      done = done + 1
    end
  end
  lu.assertEquals(done, 5)
end

function M.test_forecast_optimised_theta_reaches_scipy_optimum()
  local cases = R.load("otheta_ref.txt")
  lu.assertTrue(#cases >= 2)
  for _, c in ipairs(cases) do
    local m = fpa.forecast_model(c.y, {period = 1, method = "otheta"})
    lu.assertTrue(m:param("theta") >= 1)
    lu.assertTrue(m:param("sigma2") * (#c.y - 3) <= c.sse[1] * (1 + 1e-6))
    close(m:predict(10, {level = false}).mean, c.mean, 1e-3, 0, c.name)
  end
end

function M.test_forecast_decompose_and_seasonality_are_rs()
  local cases = R.of(ref, "decompose")
  lu.assertEquals(#cases, 3)
  for _, c in ipairs(cases) do
    local trend, seasonal, figure = fpa.decompose(c.y, {period = c.period[1], type = c.type})
    close(figure, c.figure, 1e-10, 1e-12, c.name .. " figure")
    close(trend, c.trend, 1e-12, 0, c.name .. " trend")
    lu.assertFalse(trend[1])                       -- no centred average: false
    for t = 1, #c.y do lu.assertEquals(seasonal[t], figure[(t - 1) % 12 + 1]) end
  end
  lu.assertErrorMsgContains("FPA_EDATA", fpa.decompose, slice(usacc(), 1, 20))
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.decompose, usacc(), {type = "log"})
  cases = R.of(ref, "seasonality")
  lu.assertEquals(#cases, 5)
  for _, c in ipairs(cases) do
    lu.assertEquals(fpa.seasonality_test(c.y, c.period[1]), c.seasonal[1] == 1, c.name)
  end
  lu.assertFalse(fpa.seasonality_test(usacc(), 1))
end

function M.test_forecast_result_shapes_and_options()
  local y = usacc()
  local r = fpa.forecast(y, {horizon = 6})
  lu.assertEquals(r.levels, {80, 95})
  lu.assertEquals(#r.mean, 6)
  lu.assertEquals(#r.lower, 2)
  lu.assertEquals(r.model, fpa.forecast_model(y):name())
  local one = fpa.forecast(y, {horizon = 3, level = 90})            -- one level: sequences
  lu.assertEquals(type(one.lower[1]), "number")
  local none = fpa.forecast(y, {horizon = 3, level = false})
  lu.assertEquals(none.lower, {})
  for _, m in ipairs(fpa.FORECAST_METHODS) do
    local f = fpa.forecast(y, {method = m, horizon = 4})
    lu.assertEquals(f.method ~= nil, true)
    for j = 1, 4 do
      lu.assertTrue(f.lower[2][j] <= f.lower[1][j] and f.upper[1][j] <= f.upper[2][j])
    end
  end
  -- R's model letters and the components by name give the same model
  lu.assertEquals(fpa.forecast(y, {model = "MNM"}).model, "ETS(M,N,M)")
  lu.assertEquals(fpa.forecast(y, {ets_error = "multiplicative", ets_trend = "N",
                                   ets_season = 3}).model, "ETS(M,N,M)")
  lu.assertEquals(fpa.forecast(y, {model = "ETS(A,Ad,N)"}).model, "ETS(A,Ad,N)")
  -- missing values are false (or NaN); a short gap is filled by interpolation
  local x, z = slice(y), slice(y)
  x[40] = false
  z[40] = (z[39] + z[41]) / 2
  lu.assertEquals(fpa.forecast(x).mean, fpa.forecast(z).mean)
  x[41], x[42], x[43] = 0 / 0, false, false
  lu.assertErrorMsgContains("y[39..42] is a gap of 4", fpa.forecast, x)
  lu.assertEquals(#fpa.forecast(x, {max_gap = 4}).mean, 18)
end

function M.test_forecast_model_object()
  local y = usacc()
  local m = fpa.forecast_model(y, {model = "AAA"})
  lu.assertStrContains(tostring(m), "fpa.forecast_model (ETS(A,A,A), 72 values)")
  lu.assertEquals(#m, 72)
  lu.assertEquals(m:length(), 72)
  lu.assertNotNil(m:params().beta)
  lu.assertNil(m:params().phi)
  lu.assertErrorMsgContains("FPA_EINVAL", m.param, m, "phi")
  lu.assertErrorMsgContains("FPA_EINVAL", m.param, m, "omega")
  lu.assertEquals(#m:states(), 14)
  lu.assertFalse(fpa.forecast_model(y, {method = "naive"}):fitted()[1])
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.forecast_model(y, {method = "theta"}).states,
                            fpa.forecast_model(y, {method = "theta"}))
  -- simulation: seeded, shaped paths x horizon
  local a, b = m:simulate(12, 50, {seed = 3}), m:simulate(12, 50, {seed = 3})
  lu.assertEquals(#a, 50)
  lu.assertEquals(#a[1], 12)
  lu.assertEquals(a, b)
  lu.assertNotEquals(a, m:simulate(12, 50, {seed = 4}))
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.forecast_model(y, {method = "linear"}).simulate,
                            fpa.forecast_model(y, {method = "linear"}), 3, 2)
  -- closing: idempotent, then an error
  if _VERSION == "Lua 5.4" then do local c <close> = m end else m:close() end
  lu.assertStrContains(tostring(m), "(closed)")
  lu.assertErrorMsgContains("closed", m.predict, m, 3)
  m:close()
  lu.assertErrorMsgContains("call methods with ':'", m.predict)
end

function M.test_forecast_update_equals_rebuild()
  local y = usacc()
  local m = fpa.forecast_model(slice(y, 1, 60))
  local p, x0, name = m:params(), m:states(false), m:name()
  lu.assertEquals(m:update(slice(y, 61)), m)
  lu.assertEquals(m:length(), 72)
  local rebuilt = fpa.ets_model(y, p, x0, {model = name, period = 12})
  close(m:states(), rebuilt:states(), 1e-12, 1e-9, "states")
  close(m:predict(12).mean, rebuilt:predict(12).mean, 1e-12, 0, "forecast")
  local t = fpa.forecast_model(slice(y, 1, 67), {method = "theta"}):update(slice(y, 68))
  lu.assertEquals(t:predict(12).mean, fpa.forecast_model(y, {method = "theta"}):predict(12).mean)
  lu.assertErrorMsgContains("FPA_EDOM", t.update, t, {0 / 0})
  lu.assertEquals(t:update(1e4):length(), 73)
end

function M.test_forecast_batch_equals_single_on_any_thread_count()
  local a, b = usacc(), R.get(ref, "ets", "ldeaths_MNM").y
  local parts = {a, b, {false, false, false}, slice(b, 1, 30)}
  local opts = {horizon = 12, intervals = "simulate", npaths = 500}
  local runs = {}
  for i, th in ipairs({1, 2, 0}) do
    opts.threads = th
    runs[i] = fpa.forecast_batch(parts, opts)
  end
  local first = runs[1]
  lu.assertEquals(first.status, {"FPA_OK", "FPA_OK", "FPA_EDATA", "FPA_OK"})
  lu.assertFalse(first.models[3])
  lu.assertFalse(first.mean[3][1])
  for i = 2, #runs do
    lu.assertEquals(runs[i].mean, first.mean)
    lu.assertEquals(runs[i].lower, first.lower)
    lu.assertEquals(runs[i].models, first.models)
  end
  for _, i in ipairs({1, 2, 4}) do
    local one = fpa.forecast(parts[i], {horizon = 12, intervals = "simulate", npaths = 500})
    lu.assertEquals(first.mean[i], one.mean)
    lu.assertEquals(first.models[i], one.model)
  end
  lu.assertEquals(first.lower[2][1], fpa.forecast(a, opts).lower[2])   -- level 95, series 1
  lu.assertErrorMsgContains("series 3", fpa.forecast_batch, parts, {strict = true})
  local one = fpa.forecast_batch({a}, {level = 95, horizon = 2})
  lu.assertEquals(type(one.lower[1][1]), "number")                      -- one level: rows
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.forecast_batch, {})
  lu.assertErrorMsgContains("series[2] is a number", fpa.forecast_batch, {a, 5})
end

function M.test_forecast_backtest_equals_refits()
  local y = usacc()
  local n, h, k = #y, 6, 5
  local bt <close> = fpa.backtest(y, {horizon = h, origins = k, origin_step = 2, threads = 2})
  lu.assertEquals({bt:size()}, {k, h})
  local f, a = bt:forecasts(), bt:actuals()
  local by, all = bt:error("mae")
  local total = 0
  for i = 1, k do
    local stop = n - h - (k - i) * 2
    lu.assertEquals(f[i], fpa.forecast(slice(y, 1, stop), {horizon = h, level = false}).mean)
    lu.assertEquals(a[i], slice(y, stop + 1, stop + h))
  end
  for j = 1, h do
    local s = 0
    for i = 1, k do s = s + math.abs(a[i][j] - f[i][j]) end
    close({by[j]}, {s / k}, 1e-12, 0, "mae by horizon")
    total = total + s
  end
  close({all}, {total / (k * h)}, 1e-12, 0, "mae")
  lu.assertEquals(#bt:error("mase"), h)
  lu.assertErrorMsgContains("FPA_EINVAL", bt.error, bt, "r2")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.backtest, y, {horizon = 60, origins = 20})
end

function M.test_forecast_rolling_versions_lags_outlook()
  local y = usacc()
  for _, update in ipairs({false, true}) do
    local r <close> = fpa.rolling_forecast(slice(y, 1, 60), {horizon = 12, start = {1973, 1},
                                                            rolling_update = update})
    local shadow = fpa.forecast_model(slice(y, 1, 60))
    for i = 1, 6 do
      r:append(y[60 + i])
      if update then shadow:update(y[60 + i])
      else shadow = fpa.forecast_model(slice(y, 1, 60 + i)) end
      lu.assertEquals(r:version(i + 1), shadow:predict(12, {level = false}).mean)
    end
    lu.assertEquals({r:size()}, {66, 7})
    lu.assertEquals(#r, 66)
    lu.assertEquals(r:horizon(), 12)
    local view = r:view()
    lu.assertEquals(slice(view, 1, 66), slice(y, 1, 66))
    lu.assertEquals(slice(view, 67), r:version())
    lu.assertEquals(r:version(-1), r:version(7))
    local err, cnt = r:error_by_lag(3)
    lu.assertEquals(cnt, {6, 5, 4})
    for k = 1, 3 do
      local s = 0
      for v = 1, 7 - k do s = s + math.abs(y[60 + v + k - 1] - r:version(v)[k]) end
      close({err[k]}, {s / cnt[k]}, 1e-12, 0, "lag " .. k)
    end
    lu.assertFalse(select(1, r:error_by_lag())[12])            -- lag 12: no pair yet
    -- 66 actuals from January 1973 end in June 1978: 6 actuals + 6 forecasts
    local total, actual, forecast, year = r:outlook()
    lu.assertEquals(year, 1978)
    local sa, sf = 0, 0
    for t = 61, 66 do sa = sa + y[t] end
    for j = 1, 6 do sf = sf + r:version()[j] end
    close({actual, forecast, total}, {sa, sf, sa + sf}, 1e-12, 0, "outlook")
    local model = r:model()
    lu.assertEquals(model:name(), shadow:name())
    lu.assertEquals(#model, 66)
    lu.assertStrContains(tostring(model), "fpa.rolling_model")
    lu.assertErrorMsgContains("FPA_EDOM", r.append, r, 0 / 0)
    lu.assertEquals(#r, 66)
    lu.assertEquals(model:length(), 66)                          -- unchanged: still valid
    r:append(y[67])
    lu.assertErrorMsgContains("call r:model() again", model.predict, model, 3)
    lu.assertErrorMsgContains("cannot be updated", r:model().update, r:model(), {1})
  end
  -- fiscal year from April: 15 actuals from January 2023 end in March 2024,
  -- so the year in progress, April 2024 - March 2025, is fiscal 2025
  local r = fpa.rolling_forecast(slice(y, 1, 15), {method = "naive", horizon = 6,
                                                   start = "2023-01", fiscal_start = 4})
  local total, actual, forecast, year = r:outlook()
  lu.assertEquals({year, actual}, {2025, 0})
  close({forecast}, {12 * y[15]}, 1e-12, 0, "fiscal outlook")
  local m = r:model()
  r:close()
  lu.assertErrorMsgContains("call r:model() again", m.name, m)
  lu.assertErrorMsgContains("closed", r.view, r)
  lu.assertStrContains(tostring(r), "(closed)")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.rolling_forecast, y, {start = {2023, 13}})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.rolling_forecast, y, {start = "2023-13"})
  lu.assertEquals(select(4, fpa.rolling_forecast(slice(y, 1, 15),
                  {start = {year = 2023, month = 1}}):outlook()), 2024)
end

function M.test_forecast_bad_input_is_an_error_never_a_crash()
  local y = usacc()
  local bad = {
    {"FPA_EDATA", fpa.forecast, {false, false}},
    {"FPA_EINVAL", fpa.forecast, nil},
    {"FPA_EINVAL", fpa.forecast, {}},
    {"FPA_EINVAL", fpa.forecast, {"a", "b"}},
    {"FPA_EINVAL", fpa.forecast, {{1, 2}, {3, 4}}},
    {"FPA_EINVAL", fpa.forecast, y, 12},
    {"FPA_EINVAL", fpa.forecast, y, {method = "prophet"}},
    {"FPA_EINVAL", fpa.forecast, y, {method = 3}},
    {"FPA_EINVAL", fpa.forecast, y, {period = 0}},
    {"FPA_EINVAL", fpa.forecast, y, {period = 2.5}},
    {"FPA_EINVAL", fpa.forecast, y, {horizon = 0}},
    {"FPA_EINVAL", fpa.forecast, y, {horizon = -1}},
    {"FPA_EINVAL", fpa.forecast, y, {level = 100}},
    {"FPA_EINVAL", fpa.forecast, y, {level = {80, "95"}}},
    {"FPA_EINVAL", fpa.forecast, y, {bogus = 1}},
    {"FPA_EINVAL", fpa.forecast, y, {ets_error = "sometimes"}},
    {"FPA_EINVAL", fpa.forecast, y, {model = "MM"}},
    {"FPA_EINVAL", fpa.forecast, y, {model = "AAM"}},
    {"FPA_EDATA", fpa.forecast, {-1, 2, 3, 4, 5, 6}, {model = "MNN", period = 1}},
    {"FPA_EDOM", fpa.forecast, {1, 1 / 0, 3}},
    {"FPA_EINVAL", fpa.forecast_model(y).predict, fpa.forecast_model(y), 0},
  }
  for i, case in ipairs(bad) do
    local ok, err = pcall(case[2], table.unpack(case, 3, 4))
    lu.assertFalse(ok, "case " .. i)
    lu.assertStrContains(tostring(err), case[1], false, "case " .. i)
  end
  -- huge requests fail cleanly
  lu.assertFalse(pcall(fpa.forecast, y, {horizon = 2^40}))
  lu.assertFalse(pcall(fpa.forecast_model(y).simulate, fpa.forecast_model(y), 2^30, 2^30))
  local big = {}
  for i = 1, 1000000 do big[i] = 1 + i * 1e-6 end
  lu.assertEquals(fpa.forecast(big, {method = "naive", period = 1, horizon = 1}).mean[1], big[#big])
end

return M
