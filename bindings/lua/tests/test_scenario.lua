-- SPDX-License-Identifier: GPL-3.0-or-later
-- Scenarios, sensitivity, goal seek and Monte Carlo from Lua.
-- Expected values: tests/ref/wc_expected.csv (see wc_ref.lua), where
-- make_wc_ref.py's scenario is a copy of the base model whose driver cells
-- are formulas of the base cells, recalculated by LibreOffice Calc and
-- gnumeric; and for Monte Carlo R 4's analytic percentiles, the command and
-- numbers of tests/test_scenario_mc.c (sprintf("%.10f")):
--
--   Rscript -e '
--   p <- c(0.01,0.05,0.25,0.5,0.75,0.95,0.99)
--   qnorm(p, 10000 + 12*1000, 500*sqrt(12))                      # normal12
--   5000 + 12*qunif(p, -300, 900)                                # unif
--   tri <- function(u,a,c,b) ifelse(u < (c-a)/(b-a),
--     a + sqrt(u*(b-a)*(c-a)), b - sqrt((1-u)*(b-a)*(b-c)))
--   5000 + 12*tri(p, -300, 100, 900)                             # tri
--   pnorm((0 - 1000 - 500)/2000)                                 # breach
--   qnorm(p, 10000, sqrt(12*(300^2 + 400^2 + 2*0.6*300*400)))    # corr
--   qnorm(p, 2000 + 6*1000, sqrt(6)*(1300 - 700)/(2*qnorm(0.9))) # interval'
--
-- Percentiles of 200,000 paths agree within 1 % of the 1st-99th range.
-- The rest are properties: an empty scenario is the base, a tornado bar or
-- table cell is the scenario it stands for, the same seed gives the same
-- numbers on any number of threads.
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "wc_ref"
local ref, close = R.ref, R.close

local M = {}

local P = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}
local NORMAL12 = {17970.6472860814, 19151.0299471061, 20831.7494834759, 22000.0000000000,
                  23168.2505165241, 24848.9700528939, 26029.3527139186}
local UNIF = {1544, 2120, 5000, 8600, 12200, 15080, 15656}
local TRI = {2231.3843876331, 3259.0320061796, 5556.9219381653, 7486.1561236694,
             9921.2246173204, 13170.9317239752, 14624.2449234641}
local BREACH = 0.2266273524
local CORR = {4941.5973993735, 6423.4360831990, 8533.3918694793, 10000.0000000000,
              11466.6081305207, 13576.5639168010, 15058.4026006265}
local INTERVAL = {6666.0625895642, 7056.8341853919, 7613.2448114137, 8000.0000000000,
                  8386.7551885863, 8943.1658146081, 9333.9374104358}
local PATHS = 200000

function M.test_scenario_matches_spreadsheet()
  local p = R.plan("p")
  local s = R.scenario(p)
  lu.assertEquals(#s, 4)
  lu.assertEquals(s:count(), 4)
  local got = s:project()
  for line, key in pairs(R.LINES) do
    for t = 1, 6 do close(got[line][t], string.format("s.%s.%d", key, t - 1)) end
  end
  for t, v in ipairs(s:drivers("dso")) do close(v, "s.dso." .. (t - 1)) end
  local floor = ref("floor")
  local c = s:compare(floor)
  for _, k in ipairs({"released", "cumulative", "gap"}) do
    for t = 1, 6 do close(c[k][t], string.format("cmp.%s.%d", k, t - 1)) end
  end
  close(c.min_cash, "s.min_cash")
  lu.assertEquals(c.min_period, ref("cmp.min_period") + 1)   -- 1-based in Lua
  lu.assertAlmostEquals(c.peak_gap, math.max(0, floor - ref("s.min_cash")), 1e-9)
  close(s:metric(), "s.min_cash")
  close(s:metric("min_cash"), "s.min_cash")
  close(fpa.scenario(p):metric("ending_cash"), "p.cash.5")
  close(s:metric("ending_nwc"), "s.nwc.5")
  lu.assertAlmostEquals(s:metric("funding_gap", floor), math.max(0, floor - ref("s.min_cash")), 1e-9)
  close(s:project("cash")[6], "s.cash.5")
  lu.assertEquals(s:plan(), p)
end

function M.test_scenario_empty_is_the_base_and_order_matters()
  local p = R.plan("p")
  local s = fpa.scenario(p)
  lu.assertEquals(s:project(), p:project())
  local c = s:compare()
  for t = 1, 6 do
    lu.assertEquals(c.released[t], 0)
    lu.assertEquals(c.cumulative[t], 0)
  end
  local q = fpa.wc_plan{days = 30, dso = {40, 40, 40, 40}}
  local o = fpa.scenario(q):add("dso", "set", 50, 2):add("dso", "add", -5, 3)
  o:add("dso", "mul", 2, 4):add("dso", "add", 1, 99)        -- past the end
  lu.assertEquals(o:drivers("dso"), {40, 50, 45, 90})       -- 40; 50; 50 - 5; (50 - 5) * 2
end

function M.test_scenario_cash_released_equals_fall_in_nwc()
  local p = R.plan("p")
  local s = fpa.scenario(p, {{"dso", "add", 7, 2}, {"dio", "mul", 0.8}, {"dpo", "add", 5, 4}})
  local base, scn, c = p:project(), s:project(), s:compare()
  for t = 1, 6 do
    lu.assertAlmostEquals(c.released[t], base.delta_nwc[t] - scn.delta_nwc[t], 1e-6)
    lu.assertAlmostEquals(c.cumulative[t], base.nwc[t] - scn.nwc[t], 1e-6)
  end
end

function M.test_scenario_tornado_bars_are_single_changes()
  local p = R.plan("p")
  local s = R.scenario(p)
  local bars = {{"dso", "add", -10, 10}, {"dio", "mul", 0.9, 1.1}, {"dpo", "add", -7, 7, 4},
                {"revenue", "mul", 0.95, 1.05, 2}}
  local lo, hi, base = s:tornado(bars)
  lu.assertEquals(base, s:metric("min_cash"))
  for i, b in ipairs(bars) do
    lu.assertEquals(lo[i], R.scenario(p):add(b[1], b[2], b[3], b[5]):metric("min_cash"))
    lu.assertEquals(hi[i], R.scenario(p):add(b[1], b[2], b[4], b[5]):metric("min_cash"))
  end
  lu.assertTrue(hi[1] < base and base < lo[1])   -- collecting slower absorbs cash
  local elo = s:tornado(bars, {metric = "ending_cash"})
  lu.assertEquals(elo[2], R.scenario(p):add("dio", "mul", 0.9):metric("ending_cash"))
  bars[1][3] = -100
  lu.assertErrorMsgContains("bar 0", s.tornado, s, bars)
  lu.assertErrorMsgContains("bars is empty", s.tornado, s, {})
  lu.assertErrorMsgContains("bars[1] must be", s.tornado, s, {"dso"})
  lu.assertErrorMsgContains("metric: unknown value", s.tornado, s, {{"dso", "add", 1, 2}},
                            {metric = "irr"})
  lu.assertErrorMsgContains("no option", s.tornado, s, {{"dso", "add", 1, 2}}, {metrics = 1})
  lu.assertErrorMsgContains("low must be a number", s.tornado, s, {{"dso", "add", nil, 2}})
end

function M.test_scenario_table_cells_are_scenarios()
  local p = R.plan("p")
  local s = R.scenario(p)
  local rows, cols = {30, 35, 40, 45, 50, 55, 60}, {0.8, 0.9, 1.0, 1.1, 1.2}
  local t1 = s:table({"dpo", "set", rows}, {"dio", "mul", cols}, {start = 2})
  lu.assertEquals(#t1, 7)
  for i, r in ipairs(rows) do
    lu.assertEquals(#t1[i], 5)
    for j, c in ipairs(cols) do
      local cell = R.scenario(p):add("dpo", "set", r, 2):add("dio", "mul", c, 2)
      lu.assertEquals(t1[i][j], cell:metric("ending_cash"))
    end
  end
  for threads = 2, 4 do
    lu.assertEquals(s:table({"dpo", "set", rows}, {"dio", "mul", cols},
                            {start = 2, threads = threads}), t1)
  end
  local m = s:table({"dso", "add", {-10, 0}}, {"dpo", "add", {0}}, {metric = "min_cash"})
  lu.assertEquals(m[2][1], s:metric("min_cash"))
  rows[4] = -1
  lu.assertErrorMsgContains("cell (3, 0)", s.table, s, {"dpo", "set", rows},
                            {"dio", "mul", cols}, {start = 2})
  lu.assertErrorMsgContains("rows has 0 values", s.table, s, {"dpo", "set", {}},
                            {"dio", "mul", cols})
  lu.assertErrorMsgContains("cols must be {driver, op, values}", s.table, s,
                            {"dpo", "set", {1}}, "dio")
  lu.assertErrorMsgContains("outside", s.table, s, {"dpo", "set", {30}}, {"dio", "mul", {1}},
                            {threads = -1})
  lu.assertErrorMsgContains("start is 0", s.table, s, {"dpo", "set", {30}},
                            {"dio", "mul", {1}}, {start = 0})
end

function M.test_scenario_goal_seek_matches_spreadsheet()
  local p = R.plan("p")
  local base = fpa.scenario(p)
  -- make_wc_ref.py: the constant DPO giving ending cash 60,000 is
  -- (60000 - ending cash at DPO 0) x days / COGS of the last period
  local dpo = base:goal_seek("dpo", "set", 0, 120, ref("goal.target"), {metric = "ending_cash"})
  lu.assertAlmostEquals(dpo, ref("goal.dpo"), 1e-9 + 1e-10 * ref("goal.dpo"))
  -- the DPO that keeps the minimum cash at a floor of 40,000
  dpo = base:goal_seek("dpo", "set", 0, 200, 40000)
  lu.assertAlmostEquals(fpa.scenario(p):add("dpo", "set", dpo):metric("min_cash"), 40000, 1e-6)
  -- impossible: no DPO in [0, 10] gets the minimum cash to 10 million
  lu.assertErrorMsgContains("FPA_ENOCONV: goal seek: no DPO value", base.goal_seek, base, "dpo", "set",
                            0, 10, 1e7)
  lu.assertErrorMsgContains("FPA_EDOM", base.goal_seek, base, "dpo", "set", 10, 10, 0)
  lu.assertErrorMsgContains("FPA_EDOM", base.goal_seek, base, "dpo", "set", 0, math.huge, 0)
  lu.assertErrorMsgContains("DSO", base.goal_seek, base, "dso", "set", -50, 10, 0)
  lu.assertErrorMsgContains("op must be one of", base.goal_seek, base, "dso", "pow", 0, 10, 0)
  lu.assertErrorMsgContains("target must be a number", base.goal_seek, base, "dso", "set", 0, 10)
end

-- tests/ref/goal_expected.csv (make_goal_ref.py): the constraint form's
-- answers as sheet formulas, recalculated by LibreOffice Calc and gnumeric
local function goal_ref(key)
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/goal_expected.csv") do
    local k, lo = line:match("^([^#,][^,]*),([^,]*),")
    if k == key then return tonumber(lo) end
  end
  error("no reference value " .. key)
end

function M.test_scenario_goal_seek_constraint_form()
  local base = fpa.scenario(R.plan("p"))
  local dpo = base:goal_seek("dpo", "set", 0, 200, goal_ref("g.dpo_floor.target"),
                             {mode = "lowest_at_least"})
  lu.assertAlmostEquals(dpo, goal_ref("g.dpo_floor"), 1e-9 + 1e-12 * dpo)
  local dso = base:goal_seek("dso", "set", 0, 120, goal_ref("g.dso_floor.target"),
                             {mode = "highest_at_least"})
  lu.assertAlmostEquals(dso, goal_ref("g.dso_floor"), 1e-9 + 1e-12 * dso)
  dpo = base:goal_seek("dpo", "set", 0, 200, goal_ref("g.gap.target"),
                       {metric = "funding_gap", floor = goal_ref("g.gap.floor"),
                        mode = "lowest_at_most"})
  lu.assertAlmostEquals(dpo, goal_ref("g.dpo_gap"), 1e-9 + 1e-12 * dpo)
  -- the target already holds at the lower end: the answer is that end
  lu.assertEquals(base:goal_seek("dpo", "set", 30, 200, -1e6, {mode = "lowest_at_least"}), 30)
  lu.assertErrorMsgContains("FPA_ENOCONV", base.goal_seek, base, "dpo", "set", 30, 200, -1e6)
  lu.assertErrorMsgContains("option mode: unknown value", base.goal_seek, base, "dpo", "set", 0, 10, 0,
                            {mode = "closest"})
end

function M.test_scenario_progress()
  -- Monte Carlo and the table call a progress function on the calling
  -- thread; true or an error stops them; the numbers are the same
  local p = R.plan("p")
  local mc = fpa.monte_carlo(p)
  mc:add("revenue", "mul", "normal", {1, 0.05})
  local calls, last = 0, nil
  local a = mc:run(20000, {progress = function(d, t) calls = calls + 1; last = {d, t} end})
  local b = mc:run(20000, {threads = 2})
  lu.assertEquals(a:sorted(), b:sorted())
  lu.assertTrue(calls >= 2)
  lu.assertEquals(last[1], last[2])
  lu.assertErrorMsgContains("FPA_ECANCELED", mc.run, mc, 2000000,
                            {progress = function(d) return d > 0 end, progress_interval = 1})
  lu.assertErrorMsgContains("stop now", mc.run, mc, 2000000,
                            {progress = function(d) if d > 0 then error("stop now") end end})
  local s = fpa.scenario(p)
  local t1 = s:table({"dso", "set", {30, 40}}, {"dpo", "set", {20, 30}},
                     {progress = function() end})
  lu.assertEquals(t1, s:table({"dso", "set", {30, 40}}, {"dpo", "set", {20, 30}}))
  lu.assertErrorMsgContains("progress must be a function", s.table, s, {"dso", "set", {30}},
                            {"dpo", "set", {20}}, {progress = 3})
end

function M.test_scenario_bad_input()
  local p = R.plan("p")
  lu.assertErrorMsgContains("expected an fpa.wc_plan", fpa.scenario, {1, 2, 3})
  local s = fpa.scenario(p)
  lu.assertErrorMsgContains("driver must be one of", s.add, s, "roe", "add", 1)
  lu.assertErrorMsgContains("op must be one of", s.add, s, "dso", "divide", 1)
  lu.assertErrorMsgContains("FPA_EDOM", s.add, s, "dso", "add", 0 / 0)
  lu.assertErrorMsgContains("value must be a number", s.add, s, "dso", "add", "five")
  lu.assertErrorMsgContains("start is 0; periods count from 1", s.add, s, "dso", "add", 1, 0)
  lu.assertErrorMsgContains("start must be a whole number", s.add, s, "dso", "add", 1, 1.5)
  lu.assertErrorMsgContains("changes[1] must be", fpa.scenario, p, {"dso"})
  lu.assertEquals(#s, 0)
  s:add("dso", "add", -60, 4)
  lu.assertErrorMsgContains("DSO in period 4", s.project, s, "cash")   -- C's 0-based period
  lu.assertErrorMsgContains("FPA_EDOM", s.compare, s)
  lu.assertErrorMsgContains("FPA_EDOM", s.compare, fpa.scenario(p), 0 / 0)
  lu.assertErrorMsgContains("metric must be one of", s.metric, s, "ebitda")
  local unset = fpa.scenario(fpa.wc_plan(2))
  lu.assertErrorMsgContains("FPA_EINVAL", unset.metric, unset)
  -- a scenario keeps its plan alive; closing the plan is an error, not a crash
  local q = R.plan("p")
  local kept = fpa.scenario(q)
  q = nil
  collectgarbage()
  close(kept:metric("ending_cash"), "p.cash.5")
  kept:plan():close()
  lu.assertErrorMsgContains("fpa.wc_plan is closed", kept.metric, kept)
  kept:close()
  lu.assertEquals(tostring(kept), "fpa.scenario (closed)")
end

-- ---- Monte Carlo -----------------------------------------------------------

local function flat_plan(n, cash)
  return fpa.wc_plan{periods = n, days = 30, opening = {cash = cash}}
end

local function check_quantiles(res, want)
  local got = res:quantile(P)
  local tol = 0.01 * (want[7] - want[1])
  for i = 1, 7 do lu.assertAlmostEquals(got[i], want[i], tol) end
end

function M.test_mc_normal_each_period_converges()
  -- 12 independent N(1000, 500) flows on 10,000: ending ~ N(22000, 500 sqrt(12))
  local mc = fpa.monte_carlo(flat_plan(12, 10000))
  lu.assertEquals(mc:add("other_cash", "set", "normal", {1000, 500}), 1)
  local r = mc:run(PATHS, {threads = 2})
  check_quantiles(r, NORMAL12)
  -- cash-at-risk at 95 %: R's qnorm(0.5) - qnorm(0.05) (the NORMAL12 row)
  lu.assertAlmostEquals(r:cash_at_risk(), NORMAL12[4] - NORMAL12[2],
                        0.02 * (NORMAL12[7] - NORMAL12[1]))
  lu.assertEquals(r:cash_at_risk(0.5), 0)
  lu.assertErrorMsgContains("level", r.cash_at_risk, r, 0.4)
  lu.assertAlmostEquals(r:mean(), 22000, 5 * 500 * math.sqrt(12 / PATHS))
  local fan = r:fan(0.5)
  for t = 1, 12 do
    lu.assertAlmostEquals(fan[t], 10000 + 1000 * t, 0.01 * 500 * 4.65 * math.sqrt(t))
  end
  lu.assertEquals(r:paths(), PATHS)
  lu.assertEquals(r:clamped(), 0)
  lu.assertEquals(r:periods(), 12)
end

function M.test_mc_once_draws_converge()
  -- once per path on 12 periods and 5,000 cash: ending = 5000 + 12 x
  local mc = fpa.monte_carlo(flat_plan(12, 5000))
  mc:add("other_cash", "set", "uniform", {-300, 900}, {draw = "once"})
  check_quantiles(mc:run(PATHS), UNIF)
  mc = fpa.monte_carlo(flat_plan(12, 5000))
  mc:add("other_cash", "set", "triangular", {-300, 100, 900}, {draw = "once"})
  check_quantiles(mc:run(PATHS), TRI)
end

function M.test_mc_breach_correlation_intervals()
  -- one N(500, 2000) flow in period 1 on 1,000 cash: P(cash < 0) every period
  local mc = fpa.monte_carlo(flat_plan(6, 1000))
  mc:add_series("other_cash", "set", "normal", {{500}, {2000}})
  local r = mc:run(PATHS, {floor = 0, threads = 3})
  local any, by = r:breach()
  lu.assertAlmostEquals(any, BREACH, 5 * math.sqrt(BREACH * (1 - BREACH) / PATHS))
  lu.assertEquals(#by, 6)
  for t = 1, 6 do lu.assertEquals(by[t], any) end
  lu.assertEquals(r:quantile(0.1, "min_cash"), r:quantile(0.1, "ending_cash"))
  lu.assertEquals(r:floor(), 0)
  -- two correlated per-period normal additions, sd 300 and 400, rho 0.6
  mc = fpa.monte_carlo(flat_plan(12, 10000))
  mc:add("other_cash", "add", "normal", {0, 300})
  lu.assertEquals(mc:add("other_cash", "add", "normal", {0, 400}), 2)
  mc:correlate({{1, 0.6}, {0.6, 1}})
  check_quantiles(mc:run(PATHS, {threads = 2}), CORR)
  -- revenue 1000 with an 80 % interval [700, 1300] in 6 periods (DSO 0)
  mc = fpa.monte_carlo(flat_plan(6, 2000))
  local pt, lo, hi = {}, {}, {}
  for t = 1, 6 do pt[t], lo[t], hi[t] = 1000, 700, 1300 end
  mc:add_interval("revenue", pt, lo, hi, {level = 0.8})
  check_quantiles(mc:run(PATHS, {threads = 2}), INTERVAL)
end

-- tests/test_scenario_mc.c's busy model: every distribution, once and per
-- period, a correlated pair, on an 18-period plan
local function busy()
  local rev, cogs = {}, {}
  for t = 1, 18 do rev[t] = 1e5 * (1 + 0.02 * (t - 1)); cogs[t] = 0.6 * rev[t] end
  local plan = fpa.wc_plan{days = 30, revenue = rev, cogs = cogs, dso = 45, dio = 30,
                           dpo = 40, other_cash = -3.5e4,
                           opening = {ar = 1.5e5, inventory = 6e4, ap = 8e4, cash = 5e4}}
  local mc = fpa.monte_carlo(plan)
  mc:add("revenue", "mul", "normal", {1, 0.05})
  mc:add("cogs", "mul", "lognormal", {0, 0.04})
  mc:add("dso", "set", "triangular", {40, 45, 60}, {start = 3, draw = "once"})
  mc:add("dio", "set", "uniform", {25, 35})
  mc:add("dpo", "set", "pert", {30, 40, 55}, {draw = "once"})
  mc:add("dso", "add", "normal", {0, 3}, {draw = "once"})
  mc:add("other_cash", "add", "normal", {-1000, 5000})
  local c = {}
  for i = 1, 7 do
    c[i] = {}
    for j = 1, 7 do c[i][j] = i == j and 1 or 0 end
  end
  c[1][2], c[2][1], c[3][6], c[6][3] = 0.5, 0.5, 0.3, 0.3
  mc:correlate(c)
  return plan, mc
end

function M.test_mc_same_seed_same_numbers_on_any_thread_count()
  local _, mc = busy()
  local r0 = mc:run(5000, {floor = 40000})     -- 5 blocks, the last one partial
  local sorted, low, fan = r0:sorted(), r0:sorted("min_cash"), r0:fan({0.1, 0.5, 0.9})
  local _, by = r0:breach()
  lu.assertEquals(#sorted, 5000)
  for i = 2, 5000 do lu.assertTrue(sorted[i - 1] <= sorted[i]) end
  for _, threads in ipairs({1, 2, 3, 4, 0}) do
    local r = mc:run(5000, {floor = 40000, threads = threads})
    lu.assertEquals(r:sorted(), sorted)
    lu.assertEquals(r:sorted("min_cash"), low)
    lu.assertEquals(r:fan({0.1, 0.5, 0.9}), fan)
    lu.assertEquals(select(2, r:breach()), by)
    lu.assertEquals(r:clamped(), r0:clamped())
  end
  lu.assertEquals(mc:run(5000, {floor = 40000, seed = 42, threads = 2}):sorted(), sorted)
  lu.assertNotEquals(mc:run(5000, {floor = 40000, seed = 7}):sorted(), sorted)
  lu.assertEquals(mc:run(5000, {seed = 7}):sorted(), mc:run(5000, {seed = 7, threads = 3}):sorted())
end

function M.test_mc_no_variables_is_the_scenario()
  local plan = busy()
  local s = fpa.scenario(plan):add("dso", "add", -5, 4)
  local r = fpa.monte_carlo(s):run(3000)
  lu.assertEquals(r:quantile(0.37), s:metric("ending_cash"))
  lu.assertEquals(r:quantile(0.99, "min_cash"), s:metric("min_cash"))
  lu.assertEquals(fpa.monte_carlo(plan, s):run(10):mean(), s:metric("ending_cash"))
  local mc = fpa.monte_carlo(plan)
  mc:add("dso", "set", "normal", {5, 10})                 -- negative 31 % of the time
  local c = mc:run(2000):clamped()
  lu.assertTrue(c > 2000 * 18 / 5 and c < 2000 * 18 / 2)
end

function M.test_mc_bad_input()
  local plan = flat_plan(6, 0)
  local mc = fpa.monte_carlo(plan)
  lu.assertErrorMsgContains("FPA_EINVAL: paths is 0", mc.run, mc, 0)   -- zero simulations
  lu.assertErrorMsgContains("paths must be a whole number >= 0", mc.run, mc, -5)
  lu.assertErrorMsgContains("paths must be a whole number", mc.run, mc, "many")
  lu.assertErrorMsgContains("FPA_EDOM", mc.run, mc, 10, {floor = 0 / 0})
  lu.assertErrorMsgContains("option floor must be a number", mc.run, mc, 10, {floor = "low"})
  lu.assertErrorMsgContains("no option", mc.run, mc, 10, {fans = true})
  local unset = fpa.monte_carlo(fpa.wc_plan(2))
  lu.assertErrorMsgContains("FPA_EINVAL", unset.run, unset, 10)          -- days not set
  lu.assertErrorMsgContains("expected an fpa.wc_plan", fpa.monte_carlo, "plan")
  for _, c in ipairs({{"normal", {0, -1}, "sd is -1"}, {"normal", {0 / 0, 1}, "mean is NaN"},
                      {"lognormal", {0, math.huge}, "sigma is infinite"},
                      {"lognormal", {800, 1}, "overflow"}, {"uniform", {2, 1}, "exceeds"},
                      {"triangular", {1, 0, 2}, "min <= mode <= max"},
                      {"triangular", {1, 1, 1}, "min < max"},
                      {"pert", {0, 3, 2}, "min <= mode <= max"}}) do
    lu.assertErrorMsgContains("FPA_EDOM", mc.add, mc, "dso", "set", c[1], c[2])
    lu.assertErrorMsgContains(c[3], mc.add, mc, "dso", "set", c[1], c[2])
  end
  lu.assertErrorMsgContains("FPA_EINVAL", mc.add, mc, "dso", "set", "normal", {0, 1, 2})
  lu.assertErrorMsgContains("dist must be one of", mc.add, mc, "dso", "set", "cauchy", {0, 1})
  lu.assertErrorMsgContains("option draw: unknown value", mc.add, mc, "dso", "set", "normal",
                            {0, 1}, {draw = "twice"})
  lu.assertErrorMsgContains("params must be a table", mc.add, mc, "dso", "set", "normal", 5)
  lu.assertErrorMsgContains("sd of period 5", mc.add_series, mc, "dso", "set", "normal",
                            {{1, 1}, {1, -1}}, {start = 4})
  lu.assertErrorMsgContains("table of 3 tables", mc.add_series, mc, "dso", "set", "pert",
                            {{1}, {2}})
  lu.assertErrorMsgContains("params[2] has 1 values", mc.add_series, mc, "dso", "set", "normal",
                            {{1, 2}, {1}})
  lu.assertErrorMsgContains("FPA_EDOM", mc.add_interval, mc, "revenue", {1}, {2}, {1})
  lu.assertErrorMsgContains("FPA_EDOM", mc.add_interval, mc, "revenue", {1}, {0}, {2},
                            {level = 1})
  lu.assertErrorMsgContains("upper 1 values for 2", mc.add_interval, mc, "revenue", {1, 1},
                            {0, 0}, {2})
  -- a series past the plan's end
  lu.assertEquals(mc:add_series("dso", "set", "normal", {{40, 40}, {1, 1}}, {start = 6}), 1)
  lu.assertErrorMsgContains("periods 5 .. 6", mc.run, mc, 10)
  mc:add("dio", "add", "normal", {0, 1})
  mc:add("dpo", "add", "normal", {0, 1}, {draw = "once"})
  lu.assertErrorMsgContains("positive definite", mc.correlate, mc,
                            {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}})
  lu.assertErrorMsgContains("once per path", mc.correlate, mc,
                            {{1, 0, 0.2}, {0, 1, 0}, {0.2, 0, 1}})
  lu.assertErrorMsgContains("FPA_EINVAL", mc.correlate, mc, {{1, 0}, {0, 1}})
  lu.assertErrorMsgContains("corr[1] has 3 values", mc.correlate, mc, {{1, 0, 0}})
  lu.assertErrorMsgContains("corr must be a table", mc.correlate, mc, 1)
  -- reading a result
  local r = fpa.monte_carlo(plan):run(10, {fan = false})
  lu.assertErrorMsgContains("FPA_EINVAL", r.fan, r, 0.5)
  lu.assertErrorMsgContains("FPA_EDOM", r.quantile, r, 1.5)
  lu.assertErrorMsgContains("FPA_EDOM", r.quantile, r, {0.5, 0 / 0})
  lu.assertErrorMsgContains("stat must be one of", r.quantile, r, 0.5, "max_cash")
  lu.assertErrorMsgContains("stat must be one of", r.mean, r, "median")
  lu.assertErrorMsgContains("p must be a number", r.quantile, r, "half")
  lu.assertEquals(tostring(r), "fpa.mc_result (open)")
  r:close()
  lu.assertErrorMsgContains("fpa.mc_result is closed", r.paths, r)
  do
    local m <close> = fpa.monte_carlo(plan)
    lu.assertEquals(tostring(m), "fpa.monte_carlo (open)")
  end
end

return M
