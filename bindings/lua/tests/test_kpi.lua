-- SPDX-License-Identifier: GPL-3.0-or-later
-- Shared KPIs from Lua. Expected values: tests/ref/unit_kpi_expected.csv
-- (LibreOffice Calc 7.4 and gnumeric 1.12 agreeing on each formula, pandas
-- 1.5 Series.ewm(adjust=False) for the EMA, numpy for the runway schedule
-- rule), read by unit_kpi_ref.lua; public worked examples cited inline.
local lu = require "luaunit"
local fpa = require "fpa"
local ref = require "unit_kpi_ref"

local M = {}
local SOURCE = os.getenv("FPA_SOURCE_DIR") .. "/bindings/lua/tests/test_kpi.lua"
local NAMES = {"growth_pop", "growth_yoy", "cagr", "cagr_rows", "sma", "wma", "ema",
               "margins", "rule_of_40", "burn", "runway", "months_of_cash"}
local MARGINS = {"gross_margin", "operating_margin", "ebitda", "ebitda_margin", "opex_ratio"}

local function int(x) return math.tointeger(x) end

function M.test_kpi_every_function_is_tested()
  for _, n in ipairs(NAMES) do lu.assertIsFunction(fpa[n], n) end
  lu.assertEquals(ref.untested(NAMES, SOURCE), {})
end

function M.test_kpi_reference_values()
  local failures, counts = ref.run({
    growth_pop = function(x, i) return fpa.growth_pop(x)[int(i) + 1] end,
    growth_yoy = function(x, s, i) return fpa.growth_yoy(x, {season = s})[int(i) + 1] end,
    cagr = fpa.cagr,
    cagr_rows = function(x, s) return fpa.cagr_rows(x, {season = s}) end,
    sma = function(x, w, j) return fpa.sma(x, int(w))[int(j) + 1] end,
    wma_linear = function(x, w, j) return fpa.wma(x, int(w))[int(j) + 1] end,
    wma = function(x, wts, j) return fpa.wma(x, wts)[int(j) + 1] end,
    ema = function(x, a, j) return fpa.ema(x, a)[int(j) + 1] end,
    margins = function(r, c, o, d, k) return fpa.margins(r, c, o, d)[MARGINS[int(k) + 1]] end,
    rule_of_40 = fpa.rule_of_40,
    burn = function(i, o, k) return select(int(k) + 1, fpa.burn({i}, {o}))[1] end,
    runway_mean = function(cash, b) return fpa.runway(cash, b) end,
    runway_schedule = function(cash, b) return fpa.runway(cash, b, "schedule") end,
    months_of_cash = fpa.months_of_cash,
  })
  lu.assertEquals(failures, {})
  local total = 0
  for fn, n in pairs(counts) do
    lu.assertTrue(n >= 3, fn)
    total = total + n
  end
  lu.assertTrue(total >= 120)
end

function M.test_kpi_undefined_elements_are_false()
  local g = fpa.growth_pop({100, 120, 0, 50})
  lu.assertEquals(g, {0.2, -1, false})
  lu.assertErrorMsgContains("attempt to perform arithmetic", function() return g[3] + 1 end)
  lu.assertErrorMsgContains("FPA_EDOM: growth[1][3] is undefined", fpa.growth_pop,
                            {100, 120, 0, 50}, {strict = true})
  lu.assertEquals(fpa.growth_pop({{1, 2}, {0, 3}}), {{1}, {false}})
  local m = fpa.margins({1000, 0}, {400, 10}, {350, 5}, {50, 1})
  for _, k in ipairs({"gross_margin", "operating_margin", "ebitda_margin", "opex_ratio"}) do
    lu.assertEquals(m[k][2], false, k)
  end
  lu.assertEquals(m.ebitda, {300, -14})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.margins, {1000, 0}, {400, 10}, nil, nil,
                            {strict = true})
  lu.assertEquals(fpa.margins(0, 10).gross_margin, false)
  lu.assertNil(fpa.margins(1, 0).ebitda)
  lu.assertEquals(fpa.cagr_rows({0, 2, 3}), false)
  lu.assertEquals(fpa.cagr_rows({{0, 2, 3}, {1, 2, 4}}, {season = 1}), {false, 1})
end

function M.test_kpi_worked_examples()
  -- pasquesipartners.com/calculate-startup-runway-chicago/: gross burn
  -- 17,000 + 1,500 + 1,500 = 20,000; with 8,000 in, net burn 12,000
  local gross, net = fpa.burn({8000}, {17000 + 1500 + 1500})
  lu.assertEquals(gross, {20000})
  lu.assertEquals(net, {12000})
  lu.assertNil(select(2, fpa.burn(nil, {5})))
  -- traksource.com/tools/runway-calculator: $150,000 at $10,000 a month: 15 months
  lu.assertEquals(fpa.months_of_cash(150000, 10000), 15)
  lu.assertEquals(fpa.runway(150000, {10000}), 15)
  -- app.uxcel.com, "Burn rate and runway calculations": $1M at $100,000: 10 months
  lu.assertEquals(fpa.months_of_cash(1e6, 1e5), 10)
end

function M.test_kpi_batch_equals_single_and_threads()
  local seed = 3
  local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 end
  local x = {}
  for i = 1, 200 do
    x[i] = {}
    for j = 1, 30 do x[i][j] = 50 + 100 * rnd() end
  end
  x[7][4] = 0
  local calls = {
    function(a, o) return fpa.growth_pop(a, o) end,
    function(a, o) o.season = 4; return fpa.growth_yoy(a, o) end,
    function(a, o) return fpa.sma(a, 5, o) end,
    function(a, o) return fpa.wma(a, 3, o) end,
    function(a, o) return fpa.wma(a, {1, 0, 2}, o) end,
    function(a, o) return fpa.ema(a, 0.3, o) end,
  }
  for _, f in ipairs(calls) do
    local one, many = f(x, {threads = 1}), f(x, {threads = 2})
    lu.assertEquals(one, many)
    for _, i in ipairs({1, 7, 200}) do lu.assertEquals(one[i], f(x[i], {})) end
  end
end

function M.test_kpi_bad_input_is_a_lua_error()
  local nan = 0 / 0
  lu.assertErrorMsgContains("FPA_EDOM: x[1][2] is NaN", fpa.growth_pop, {1, nan, 3})
  lu.assertErrorMsgContains("FPA_EDOM: x[2][1] is +Inf", fpa.sma, {{1, 2}, {math.huge, 3}}, 2)
  lu.assertErrorMsgContains("cols is 1, needs at least 2", fpa.growth_pop, {5})
  lu.assertErrorMsgContains("cols is 12, needs at least 13", fpa.growth_yoy,
                            {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  lu.assertErrorMsgContains("x[2] is a string, not a number", fpa.growth_pop, {1, "x", 3})
  lu.assertErrorMsgContains("x[2][1] is a string", fpa.growth_pop, {{1, 2}, {"a", 2}})
  lu.assertErrorMsgContains("x[2] has 1 values but x[1] has 2", fpa.growth_pop, {{1, 2}, {3}})
  lu.assertErrorMsgContains("x[2] is a number, not a row", fpa.growth_pop, {{1, 2}, 3})
  lu.assertErrorMsgContains("x must be a table", fpa.growth_pop, "1, 2, 3")
  lu.assertErrorMsgContains("FPA_EINVAL: x must be a table", fpa.ema, nil, 0.5)
  lu.assertErrorMsgContains("window is 0", fpa.sma, {1, 2, 3}, 0)
  lu.assertErrorMsgContains("window must be a whole number", fpa.sma, {1, 2, 3}, 1.5)
  lu.assertErrorMsgContains("window must be a whole number", fpa.sma, {1, 2, 3})
  lu.assertErrorMsgContains("cols is 3, needs at least 4", fpa.wma, {1, 2, 3}, 4)
  lu.assertErrorMsgContains("weights sum to 0", fpa.wma, {1, 2, 3}, {0, 0})
  lu.assertErrorMsgContains("alpha", fpa.ema, {1, 2}, 1.5)
  lu.assertErrorMsgContains("alpha must be a number", fpa.ema, {1, 2}, "fast")
  lu.assertErrorMsgContains("cogs has 1 x 3 values but revenue has 1 x 2", fpa.margins,
                            {1, 2}, {1, 2, 3})
  lu.assertErrorMsgContains("needs opex", fpa.margins, {1, 2}, {1, 2}, nil, {0, 0})
  lu.assertErrorMsgContains("negative", fpa.burn, {1, -2}, {3, 4})
  lu.assertErrorMsgContains("cash_in has", fpa.burn, {1}, {3, 4})
  lu.assertErrorMsgContains('rule must be one of "trailing_mean", "schedule"', fpa.runway,
                            100, {10}, "sometimes")
  lu.assertErrorMsgContains("cash must be a number", fpa.runway, nil, {10})
  lu.assertErrorMsgContains("FPA_EUNBOUNDED: the cash never runs out", fpa.runway, 100, {-5, -5})
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.months_of_cash, 100, 0)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.cagr, 0, 100, 5)
  lu.assertErrorMsgContains("outside", fpa.growth_yoy, {1, 2}, {season = 400})
  lu.assertErrorMsgContains("no option", fpa.growth_pop, {1, 2}, {nonsense = 3})
  lu.assertErrorMsgContains("outside", fpa.sma, {1, 2}, 1, {threads = -1})
  lu.assertErrorMsgContains("option strict must be true or false", fpa.growth_pop, {1, 2},
                            {strict = "yes"})
  lu.assertErrorMsgContains("options must be a table", fpa.growth_pop, {1, 2}, 5)
  -- a huge matrix is computed, not a crash
  local big, row = {}, {}
  for j = 1, 1000 do row[j] = j end
  for i = 1, 1000 do big[i] = row end
  local g = fpa.growth_pop(big, {threads = 2})
  lu.assertEquals(#g, 1000)
  lu.assertEquals(#g[1000], 999)
  lu.assertEquals(g[1000][1], 1)
end

return M
