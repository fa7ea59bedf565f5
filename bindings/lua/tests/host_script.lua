-- SPDX-License-Identifier: GPL-3.0-or-later
-- Run by tests/host.c inside an embedding application (under valgrind in
-- ctest, so a leak on any path below fails the test).
local fpa = require "fpa"

-- objects: collected, closed, and closed twice
local c = fpa.cohorts_from_rows({1, 2, 1}, {0, 0, 0}, {0, 0, 2}, {10, 5, 7})
assert(#c:retention() == 1 and c:curve()[1] == 1)
do
  local d <close> = fpa.cohorts_from_rows{{customer = "a", cohort = 0, period = 0}}
  d:close()
end
c = nil
collectgarbage()
-- errors raised from C after scratch memory and options were made
assert(not pcall(fpa.cohorts_from_rows, {1, 1}, {0, 1}, {1, 1}))
assert(not pcall(fpa.growth_pop, {1, 0, 2}, {strict = true, threads = 2}))
assert(not pcall(fpa.margins, {1, 2}, {1, "x"}))
assert(not pcall(fpa.ltv_curve, {1, 0.5}, 10, 1, 0, 0, {tail = "linear"}))
assert(fpa.growth_pop({1, 0, 2})[2] == false)
assert(fpa.allocate(100, {1, 1, 1})[1] == 34)
-- working capital and scenarios: a scenario outliving its plan variable, a
-- Monte Carlo run and result, objects closed out of order, errors after
-- objects and scratch memory were made
local plan = fpa.wc_plan{days = 30, revenue = {300, 300, 600}, cogs = {150, 150, 300},
                         dso = 30, dio = 60, dpo = 30, other_cash = -100,
                         opening = {ar = 300, inventory = 300, ap = 150, cash = 100}}
local scn = fpa.scenario(plan, {{"dso", "add", -5, 2}})
plan = nil
collectgarbage()
-- docs/wc.md's -50 in period 3, plus 100 of receivables released by DSO 25
assert(math.abs(scn:project("cash")[3] - 50) < 1e-9)
assert(not pcall(scn.table, scn, {"dpo", "set", {30, -1}}, {"dio", "mul", {1}}))
do
  local mc <close> = fpa.monte_carlo(scn)
  mc:add("revenue", "mul", "normal", {1, 0.1})
  local r <close> = mc:run(2000, {floor = 0, threads = 2})
  assert(#r:fan(0.5) == 3 and r:breach() > 0)
  scn:plan():close()
  assert(not pcall(mc.run, mc, 10))     -- its plan is closed: an error, not a crash
end
assert(not pcall(fpa.wc_plan, {days = {30, -1}}))
assert(not pcall(fpa.wc_weekly_cash, {start = 0, opening_cash = 0, curve = {0.5},
                                      rec_amounts = {1}, rec_first = {0}, rec_every = {0}}))
scn = nil
collectgarbage()
-- forecasting: a model, a rolling forecast and its model view outliving the
-- variables that held them, closed out of order, errors after objects made
local y = {}
for t = 1, 48 do y[t] = 100 + t + 10 * math.sin(t * math.pi / 6) end
local m = fpa.forecast_model(y, {model = "AAA"})
assert(#m:predict(6).mean == 6 and #m:simulate(3, 4, {seed = 1}) == 4)
m:update({150, 151})
do
  local r <close> = fpa.rolling_forecast(y, {horizon = 6, start = "2020-01"})
  local view = r:model()
  r:append(150)
  assert(not pcall(view.name, view))      -- stale: an error, not a read of freed memory
  m = r:model()
end
assert(not pcall(m.name, m))             -- its rolling forecast was closed
local rf = fpa.rolling_forecast(y, {method = "theta", horizon = 3})
m = rf:model()
rf = nil
collectgarbage()
assert(m:name() ~= "")                   -- the view keeps its rolling forecast alive
m = nil
assert(#fpa.forecast_batch({y, {false}, y}, {horizon = 2, threads = 2}).mean == 3)
assert(not pcall(fpa.forecast_batch, {y, y}, {strict = true, level = 100}))
assert(not pcall(fpa.forecast, y, {model = "AAM", threads = 2}))
assert(select(2, fpa.backtest(y, {horizon = 2, origins = 3}):size()) == 2)
collectgarbage()
return {payment = fpa.pmt(0.05 / 12, 360, 200000)}
