-- SPDX-License-Identifier: GPL-3.0-or-later
-- The planning model from Lua.
-- Expected values: tests/ref/model_expected.csv, the sample company's model
-- (src/cli/sample/model.json) written as spreadsheet formulas and
-- recalculated by LibreOffice Calc and gnumeric (tests/ref/make_model_ref.py);
-- tests/ref/goal_expected.csv for goal seek (make_goal_ref.py). The model is
-- read from tests/ref/model_sample.spec, the same model as text lines (Lua
-- has no JSON reader here), into the table format of docs/model.md.
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}
local REF = os.getenv("FPA_REF_DIR")
local ROLES = {"revenue", "cogs", "opex", "depreciation", "tax_rate", "debt_rate",
               "revolver_rate", "cash_rate", "receivables", "inventory", "payables",
               "other_assets", "other_liabilities", "capex", "debt_draw", "debt_repayment",
               "equity_issue", "dividend", "cash_floor", "revolver_limit"}
local RELS = {"sum", "diff", "product", "ratio", "pct_of", "lag", "lead", "cumsum", "delta",
              "balance", "step", "ramp", "min", "max", "clamp", "running_min", "running_max"}

-- the spec's lines as the model table of docs/model.md
local function sample_spec()
  local spec = {lines = {}, links = {}, openings = {}}
  local by = {}
  for line in io.lines(REF .. "/model_sample.spec") do
    local w = {}
    for tok in line:gmatch("%S+") do w[#w + 1] = tok end
    if w[1] == "model" then
      spec.calendar, spec.start, spec.periods = w[2], w[3], tonumber(w[4])
    elseif w[1] == "input" then
      local n, v = tonumber(w[3]), {}
      for k = 1, n do v[k] = tonumber(w[3 + k]) end
      by[w[2]] = {name = w[2], input = n == 1 and v[1] or v}
      spec.lines[#spec.lines + 1] = by[w[2]]
    elseif w[1] == "rel" then
      local nin, of, params = tonumber(w[4]), {}, {}
      for k = 1, nin do of[k] = w[4 + k] end
      for k = 1, tonumber(w[5 + nin]) do params[k] = tonumber(w[5 + nin + k]) end
      by[w[2]] = {name = w[2], rel = RELS[tonumber(w[3]) + 1], of = of, params = params}
      spec.lines[#spec.lines + 1] = by[w[2]]
    elseif w[1] == "opening" then
      if by[w[2]] then by[w[2]].opening = tonumber(w[3]) else spec.openings[w[2]] = tonumber(w[3]) end
    elseif w[1] == "floor" then
      by[w[2]].floor = tonumber(w[3])
    elseif w[1] == "link" then
      local role = ROLES[tonumber(w[2]) + 1]
      spec.links[role] = spec.links[role] or {}
      table.insert(spec.links[role], w[3])
    end
  end
  return spec
end

local expected
local function ref(key)
  if not expected then
    expected = {}
    for line in io.lines(REF .. "/model_expected.csv") do
      local k, lo, gn = line:match("^([^#,][^,]*),([^,]*),([^,]*)")
      if k and k ~= "key" then expected[k] = {tonumber(lo), tonumber(gn)} end
    end
  end
  return assert(expected[key], "no reference value " .. key)
end

local function close(got, want, what)
  if not (math.abs(got - want) <= 1e-6 + 1e-11 * math.abs(want)) then
    lu.fail(string.format("%s: %.17g ~= %.17g", what, got, want))
  end
end

function M.test_model_sample_matches_spreadsheet()
  local m = fpa.model(sample_spec())
  lu.assertEquals(m:periods(), 36)
  local v, names, n = m:evaluate(), m:lines(), 0
  lu.assertEquals(#names, 200)
  for _, name in ipairs(names) do
    for t = 1, 36 do
      local r = ref(string.format("0|%s|%d", name, t - 1))
      close(v[name][t], r[1], name .. " LibreOffice")
      close(v[name][t], r[2], name .. " gnumeric")
      n = n + 1
    end
  end
  lu.assertEquals(n, 200 * 36)
  -- "ten more engineers"
  local s = m:scenario({{"heads.rnd.software", "add", 6, "2027-01"}, {"heads.rnd.cloud", "add", 4, 7}})
  v = m:evaluate(s)
  for _, name in ipairs({"is.opex", "bs.cash", "headcount", "bs.revolver"}) do
    for t = 1, 36 do close(v[name][t], ref(string.format("1|%s|%d", name, t - 1))[1], name) end
  end
  local st = m:statements(s)
  for t = 1, 36 do
    lu.assertTrue(math.abs(st.balance["bs.total_assets"][t] -
                           st.balance["bs.total_liabilities_equity"][t]) <= 0.005)
    lu.assertTrue(math.abs(st.cash_flow["cf.check"][t]) <= 0.005)
  end
  lu.assertNil(st.income["bs.cash"])
end

function M.test_model_what_ifs()
  local m = fpa.model(sample_spec())
  local t = m:table({"dso", "set", {40, 50, 60}, 3}, "lowest_cash", {cols = {"dio", "set", {60, 90}}})
  local s = m:scenario({{"dso", "set", 50, 3}, {"dio", "set", 90}})
  lu.assertEquals(#t, 3)
  lu.assertEquals(t[2][2], m:output("lowest_cash", s))
  local tor = m:tornado({{"dso", "add", -5, 5}}, "bs.cash")
  lu.assertEquals(tor.base, m:output("bs.cash"))
  lu.assertEquals(tor.high[1], m:output("bs.cash", m:scenario({{"dso", "add", 5}})))
  local c = m:compare(nil, m:scenario({{"heads.rnd.software", "add", 6, 4}}))
  lu.assertEquals(c.favourable["is.opex"][6], -1)
  lu.assertEquals(c.favourable["is.opex"][3], 0)
  local cm = m:unit("contribution", {"price.sensors", "unit_cost.sensors"})
  close(cm[1], ref("0|contribution_per_unit.sensors|0")[1], "contribution")
  -- goal seek on the working-capital plan's model is in the C and Python
  -- tests; here: the highest DSO keeping the cash at or above 2.5 million
  local dso = m:goal_seek("dso", "set", 20, 120, 2.5e6, "bs.cash", {mode = "highest_at_least"})
  lu.assertTrue(dso > 20 and dso < 120)
  lu.assertTrue(m:output("lowest_cash", m:scenario({{"dso", "set", dso}})) >= 0)
  local low = m:evaluate(m:scenario({{"dso", "set", dso}}))["bs.cash"]
  for k = 1, 36 do lu.assertTrue(low[k] >= 2.5e6 - 1e-6) end
end

function M.test_model_monte_carlo_and_progress()
  local m = fpa.model{periods = 12, lines = {{name = "flow", input = 0},
                                             {name = "cash", rel = "cumsum", of = {"flow"},
                                              opening = 10000}}}
  local mc = m:monte_carlo():add("flow", "set", "normal", {1000, 500}):output("cash", {threshold = 14000})
  local calls = 0
  local r = mc:run(100000, {threads = 2, progress = function(done, total) calls = calls + 1 end})
  lu.assertTrue(calls >= 2)
  -- R: qnorm(0.5, 22000, 500 sqrt(12)) = 22000; the 5th percentile 19151.0299471061
  lu.assertAlmostEquals(r:quantile("cash", 0.5), 22000, 0.01 * 8058)
  lu.assertAlmostEquals(r:quantile("cash", 0.05), 19151.0299471061, 0.01 * 8058)
  lu.assertAlmostEquals(r:below("cash")[4], 0.5, 0.01)
  lu.assertEquals(r:paths(), 100000)
  local r1 = mc:run(100000)
  lu.assertEquals(r1:sorted("cash", 6), r:sorted("cash", 6))
  -- a progress function that returns true, or raises, stops the run
  lu.assertErrorMsgContains("FPA_ECANCELED", mc.run, mc, 2000000,
                            {progress = function(d) return d > 0 end})
  lu.assertErrorMsgContains("enough", mc.run, mc, 2000000,
                            {progress = function(d) if d > 0 then error("enough") end end})
end

function M.test_model_bad_models()
  lu.assertErrorMsgContains("cycle within a period", fpa.model,
    {periods = 6, lines = {{name = "a", input = 1}, {name = "b", rel = "sum", of = {"c", "a"}},
                           {name = "c", rel = "product", of = {"a", "b"}}}})
  lu.assertErrorMsgContains('input "revenu" is not a line', fpa.model,
    {periods = 6, lines = {{name = "a", input = 1}, {name = "gm", rel = "diff", of = {"a", "revenu"}}}})
  lu.assertErrorMsgContains("ratio takes 2 inputs, 1 given", fpa.model,
    {periods = 6, lines = {{name = "a", input = 1}, {name = "r", rel = "ratio", of = {"a"}}}})
  lu.assertErrorMsgContains("values[3] is NaN", fpa.model,  -- 1-based in Lua
    {periods = 3, lines = {{name = "a", input = {1, 2, 0 / 0}}}})
  lu.assertErrorMsgContains("rel must be one of", fpa.model,
    {periods = 3, lines = {{name = "a", rel = "median", of = {"b"}}}})
  local m = fpa.model{periods = 3, lines = {{name = "a", input = 1}}}
  lu.assertErrorMsgContains("expected an fpa.model", m.evaluate, {})
  m:close()
  lu.assertErrorMsgContains("closed", m.evaluate, m)
end

return M
