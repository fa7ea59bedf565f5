-- SPDX-License-Identifier: GPL-3.0-or-later
-- Working capital from Lua: day counts, DSO/DIO/DPO/CCC, liquidity, the
-- plan and its projection, the 13-week cash forecast.
-- Expected values: tests/ref/wc_expected.csv (LibreOffice Calc 7.4 and
-- gnumeric 1.12 recalculating tests/ref/make_wc_ref.py's model; see
-- wc_ref.lua), the example of Ross, Westerfield & Jordan, Fundamentals of
-- Corporate Finance, ch. 18 ("Calculating the operating and cash cycles"),
-- and the three periods worked by hand in docs/wc.md: the sources of
-- tests/test_wc.c.
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "wc_ref"
local ref, close = R.ref, R.close

local M = {}

local function ymd(n) return fpa.ymd(n, true) end

function M.test_wc_period_days_match_spreadsheet()
  for i = 0, ref("days.count") - 1 do
    local b = {math.tointeger(ref("days." .. i .. ".from")), math.tointeger(ref("days." .. i .. ".to"))}
    close(fpa.wc_period_days(b)[1], "days." .. i .. ".actual")
    close(fpa.wc_period_days(b, "actual")[1], "days." .. i .. ".actual")
    close(fpa.wc_period_days(b, "30/360")[1], "days." .. i .. ".30_360")  -- DAYS360(a;b;0)
    close(fpa.wc_period_days(b, "365")[1], "days." .. i .. ".365")
  end
  -- twelve consecutive months of 2024 in one call, the bounds as ISO dates
  local b = {}
  for i = 0, 11 do b[i + 1] = ymd(math.tointeger(ref("days." .. i .. ".from"))) end
  b[13] = ymd(math.tointeger(ref("days.11.to")))
  local d = fpa.wc_period_days(b)
  lu.assertEquals(#d, 12)
  for i = 0, 11 do close(d[i + 1], "days." .. i .. ".actual") end
end

function M.test_wc_period_days_bad_input()
  lu.assertErrorMsgContains("FPA_EDOM: bounds[3]", fpa.wc_period_days, {19723, 19754, 19754})
  lu.assertErrorMsgContains("FPA_EINVAL: basis must be one of", fpa.wc_period_days,
                            {19723, 19754}, "act/act")
  lu.assertErrorMsgContains("needs at least 2", fpa.wc_period_days, {19723})
  lu.assertErrorMsgContains("bounds must be a table", fpa.wc_period_days, 19723)
  lu.assertErrorMsgContains("not a YYYY-MM-DD date", fpa.wc_period_days, {"2024-01-01", "soon"})
  -- 2023-01-30 to 2023-01-31 counts no 30/360 days
  lu.assertErrorMsgContains("FPA_EDOM", fpa.wc_period_days, {"2023-01-30", "2023-01-31"}, "30/360")
end

function M.test_wc_cycle_textbook_example()
  -- Ross, Westerfield & Jordan, ch. 18: average receivables 180,000,
  -- inventory 250,000, payables 87,500, sales 1,150,000, COGS 820,000, a
  -- 365-day year: 57.1, 111.3 and 38.9 days, cash cycle 129.5 days;
  -- full precision from LibreOffice (rwj.* rows)
  local c = fpa.wc_cycle{days = 365, ar = 180000, revenue = 1150000, inventory = 250000,
                         cogs = 820000, ap = 87500}
  for k, book in pairs({dso = 57.1, dio = 111.3, dpo = 38.9, ccc = 129.5}) do
    lu.assertEquals(#c[k], 1)
    lu.assertAlmostEquals(c[k][1], book, 0.05)
    close(c[k][1], "rwj." .. k)
  end
end

function M.test_wc_cycle_matches_spreadsheet()
  local s = {}
  for _, k in ipairs({"ar", "rev", "inv", "cogs", "ap", "pur", "days"}) do s[k] = R.series("m", k) end
  local c = fpa.wc_cycle{days = s.days, ar = s.ar, revenue = s.rev, inventory = s.inv,
                         cogs = s.cogs, ap = s.ap, purchases = s.pur}
  for _, k in ipairs({"dso", "dio", "dpo", "ccc"}) do
    for t = 1, 6 do close(c[k][t], string.format("m.%s.%d", k, t - 1)) end
  end
  -- only DSO: the other inputs are not needed
  local only = fpa.wc_cycle{days = s.days, ar = s.ar, revenue = s.rev}
  lu.assertEquals(only, {dso = c.dso})
  local one = fpa.wc_cycle{days = s.days, ar = s.ar, revenue = s.rev, ap = s.ap,
                           purchases = s.pur, outputs = {"dpo"}}
  lu.assertEquals(one, {dpo = c.dpo})
end

function M.test_wc_cycle_bad_input()
  lu.assertErrorMsgContains("FPA_EDOM: revenue[2]", fpa.wc_cycle,
                            {days = 30, ar = {10, 20}, revenue = {100, 0}})
  lu.assertErrorMsgContains("ar[1] is NaN", fpa.wc_cycle,
                            {days = 30, ar = {0 / 0, 20}, revenue = {100, 100}})
  lu.assertErrorMsgContains("days[2]", fpa.wc_cycle,
                            {days = {30, -30}, ar = {10, 20}, revenue = {100, 100}})
  lu.assertErrorMsgContains("revenue has 3 values, expected 2", fpa.wc_cycle,
                            {days = 30, ar = {10, 20}, revenue = {1, 2, 3}})
  lu.assertErrorMsgContains("dio needs inputs", fpa.wc_cycle,
                            {days = 30, ar = {10}, revenue = {100}, outputs = "dio"})
  lu.assertErrorMsgContains("output must be one of", fpa.wc_cycle,
                            {days = 30, ar = {10}, revenue = {100}, outputs = {"roe"}})
  lu.assertErrorMsgContains("days is missing", fpa.wc_cycle, {ar = {10}, revenue = {100}})
  lu.assertErrorMsgContains("no output", fpa.wc_cycle, {days = 30, ar = {10}})
  lu.assertErrorMsgContains("ar[1] is a string", fpa.wc_cycle,
                            {days = 30, ar = {"x"}, revenue = {100}})
  lu.assertErrorMsgContains("takes a table", fpa.wc_cycle, 30)
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.wc_cycle,
                            {days = 30, ar = {1e300}, revenue = {1e-300}})
end

function M.test_wc_liquidity_matches_spreadsheet()
  local ca, cl, inv = {}, {}, {}
  for t = 0, 3 do
    ca[t + 1], cl[t + 1], inv[t + 1] = ref("l.ca." .. t), ref("l.cl." .. t), ref("l.inv." .. t)
  end
  local got = fpa.wc_liquidity(ca, cl, inv)
  for k, key in pairs({nwc = "nwc", current = "cur", quick = "quick"}) do
    for t = 1, 4 do close(got[k][t], string.format("l.%s.%d", key, t - 1)) end
  end
  local two = fpa.wc_liquidity(ca, cl)
  lu.assertNil(two.quick)
  lu.assertEquals(two.current, got.current)
  -- NWC alone needs neither positive liabilities nor inventory
  lu.assertEquals(fpa.wc_liquidity({5}, {0}, nil, "nwc"), {nwc = {5}})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.wc_liquidity, {5}, {0})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.wc_liquidity, {5}, {5}, {6})
  lu.assertErrorMsgContains("quick needs inputs", fpa.wc_liquidity, {5}, {5}, nil, {"quick"})
  lu.assertErrorMsgContains("current_liabilities has 1", fpa.wc_liquidity, {5, 6}, {5})
  lu.assertErrorMsgContains("current_assets must be a table", fpa.wc_liquidity, nil, {5})
end

function M.test_wc_projection_matches_spreadsheet()
  for _, case in ipairs({{"p"}, {"q", {ap_basis = 1}}, {"q", {["wc.ap_basis"] = true}}}) do
    local prefix = case[1]
    local got = R.plan(prefix, case[2]):project()
    for line, key in pairs(R.LINES) do
      lu.assertEquals(#got[line], 6)
      for t = 1, 6 do close(got[line][t], string.format("%s.%s.%d", prefix, key, t - 1)) end
    end
  end
end

function M.test_wc_projection_hand_worked()
  -- docs/wc.md, "three periods by hand": 30-day periods, DSO 30 (AR =
  -- revenue), DIO 60 (inventory = 2 x COGS), DPO 30 (AP = COGS), opening AR
  -- 300, inventory 300, AP 150, cash 100, other cash -100 a period.
  --   t0: AR 300, Inv 300, AP 150, purchases 150 + 300 - 300 = 150,
  --       collections 300 + 300 - 300 = 300, payments 150 + 150 - 150 = 150,
  --       net 300 - 150 - 100 = 50, cash 150, NWC 450, dNWC 0
  --   t1: the same again: cash 200
  --   t2: sales double: AR 600, Inv 600, AP 300, purchases 300 + 600 - 300 =
  --       600, collections 300 + 600 - 600 = 300, payments 150 + 600 - 300 =
  --       450, net 300 - 450 - 100 = -250, cash -50, NWC 900, dNWC 450
  local want = {ar = {300, 300, 600}, inventory = {300, 300, 600}, ap = {150, 150, 300},
                nwc = {450, 450, 900}, delta_nwc = {0, 0, 450}, collections = {300, 300, 300},
                purchases = {150, 150, 600}, payments = {150, 150, 450},
                net_cash = {50, 50, -250}, cash = {150, 200, -50}}
  local plan = fpa.wc_plan{days = 30, revenue = {300, 300, 600}, cogs = {150, 150, 300},
                           dso = 30, dio = 60, dpo = 30, other_cash = -100,
                           opening = {ar = 300, inventory = 300, ap = 150, cash = 100}}
  local got = plan:project()
  for k, v in pairs(want) do
    for t = 1, 3 do lu.assertAlmostEquals(got[k][t], v[t], 1e-12) end
  end
  -- the same plan set up step by step; a subset of lines, repeated
  local p = fpa.wc_plan(3)
  p:set_days({30, 30, 30})
  p:set("revenue", {300, 300, 600})
  p:set("cogs", {150, 150, 300})
  p:set("dso", 30) p:set("dio", 60) p:set("dpo", 30) p:set("other_cash", -100)
  p:set_opening(300, 300, 150, 100)
  local sub = p:project({"cash", "ar", "cash"})
  lu.assertAlmostEquals(sub.cash[3], -50, 1e-12)
  lu.assertAlmostEquals(sub.ar[3], 600, 1e-12)
  local cash = p:project("cash")
  for t = 1, 3 do lu.assertAlmostEquals(cash[t], want.cash[t], 1e-12) end
end

function M.test_wc_plan_object()
  local p = R.plan("p")
  lu.assertEquals(p:periods(), 6)
  lu.assertEquals(#p, 6)
  lu.assertEquals(p:get("revenue"), R.series("p", "rev"))
  lu.assertEquals(tostring(p), "fpa.wc_plan (open)")
  p:close()
  lu.assertEquals(tostring(p), "fpa.wc_plan (closed)")
  lu.assertErrorMsgContains("fpa.wc_plan is closed", p.periods, p)
  p:close()                                      -- closing twice is harmless
  do
    local q <close> = fpa.wc_plan(2)
    lu.assertEquals(#q, 2)
  end
  lu.assertErrorMsgContains("expected an fpa.wc_plan (call methods with ':'), got fpa.scenario",
                            p.periods, fpa.scenario(R.plan("p")))
  collectgarbage()
end

function M.test_wc_plan_bad_input()
  lu.assertErrorMsgContains("periods is 0", fpa.wc_plan, 0)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.wc_plan, 200000)  -- above the C limit
  lu.assertErrorMsgContains("periods must be a whole number", fpa.wc_plan, "6")
  lu.assertErrorMsgContains("periods must be a whole number", fpa.wc_plan, 2.5)
  lu.assertErrorMsgContains("give periods", fpa.wc_plan, {dso = 40})
  local p = fpa.wc_plan(3)
  lu.assertErrorMsgContains("FPA_EINVAL", p.project, p)             -- days never set
  lu.assertErrorMsgContains("FPA_EDOM: days[2]", p.set_days, p, {30, -1, 30})
  p:set_days(30)
  lu.assertErrorMsgContains("FPA_EINVAL", p.set, p, "dso", {1, 2})  -- mismatched length
  lu.assertErrorMsgContains("driver must be one of", p.set, p, "roe", {1, 2, 3})
  lu.assertErrorMsgContains("values[2] is NaN", p.set, p, "revenue", {1, 0 / 0, 3})
  lu.assertErrorMsgContains("FPA_EDOM", p.set, p, "dso", {40, -5, 40})
  p:set("other_cash", {40, -5, 40})                                 -- signed
  lu.assertErrorMsgContains("must be a table", p.set, p, "dso", "abc")
  lu.assertErrorMsgContains("FPA_EDOM", p.set_opening, p, {ar = -1})
  lu.assertErrorMsgContains("FPA_EDOM", p.set_opening, p, 0, 0, 0, math.huge)
  lu.assertErrorMsgContains("cash must be a number", p.set_opening, p, {cash = "lots"})
  lu.assertErrorMsgContains("line must be one of", p.project, p, {"cash", "ebitda"})
  lu.assertErrorMsgContains("no lines", p.project, p, {})
  lu.assertErrorMsgContains("no option", fpa.wc_plan, 3, {horizon = 4})
  lu.assertErrorMsgContains("outside", fpa.wc_plan, 3, {ap_basis = 2})
  lu.assertErrorMsgContains("FPA_EDOM: days[2]", fpa.wc_plan, {days = {30, -1}})
  -- inventory drawn down faster than COGS: negative purchases
  local q = fpa.wc_plan({days = 30, cogs = {10}, dio = 0, opening = {inventory = 100}},
                        {ap_basis = 1})
  lu.assertErrorMsgContains("purchases in period 1", q.project, q, "cash")
end

local function weekly_inputs()
  local a = {start = math.tointeger(ref("w.start")), opening_cash = ref("w.opening"),
             curve = {}, ar_by_age = {}, new_sales = {}, ap_amounts = {}, ap_due = {},
             rec_amounts = {}, rec_first = {}, rec_every = {}}
  for k = 0, 7 do a.curve[k + 1] = ref("w.curve." .. k) end
  for j = 0, 9 do a.ar_by_age[j + 1] = ref("w.age." .. j) end
  for w = 0, 12 do a.new_sales[w + 1] = ref("w.sales." .. w) end
  for i = 0, 8 do
    a.ap_amounts[i + 1] = ref("w.ap." .. i)
    a.ap_due[i + 1] = math.tointeger(ref("w.due." .. i))
  end
  for i = 0, 3 do
    a.rec_amounts[i + 1] = ref("w.rec." .. i)
    a.rec_first[i + 1] = math.tointeger(ref("w.first." .. i))
    a.rec_every[i + 1] = math.tointeger(ref("w.every." .. i))
  end
  return a
end

function M.test_wc_weekly_cash_matches_spreadsheet()
  local got = fpa.wc_weekly_cash(weekly_inputs())
  for k, key in pairs({receipts = "receipts", ap = "appay", recurring = "recurring",
                       closing = "closing"}) do
    lu.assertEquals(#got[k], 13)
    for w = 1, 13 do close(got[k][w], string.format("w.%s.%d", key, w - 1)) end
  end
  -- dates as ISO strings and os.date-style tables
  local a = weekly_inputs()
  a.start = ymd(a.start)
  for i, d in ipairs(a.ap_due) do a.ap_due[i] = ymd(d) end
  for i, d in ipairs(a.rec_first) do
    local y, m, dd = fpa.ymd(d)
    a.rec_first[i] = {year = y, month = m, day = dd}
  end
  lu.assertEquals(fpa.wc_weekly_cash(a).closing, got.closing)
  -- nothing but the opening balance and a curve
  local flat = fpa.wc_weekly_cash{start = 0, opening_cash = 5, curve = {0.5, 0.5}, weeks = 4}
  lu.assertEquals(flat.closing, {5, 5, 5, 5})
end

function M.test_wc_weekly_cash_bad_input()
  local function wk(t)
    t.start, t.opening_cash = t.start or 0, t.opening_cash or 0
    t.curve = t.curve or {0.5}
    return function() return fpa.wc_weekly_cash(t) end
  end
  lu.assertErrorMsgContains("FPA_EDOM", wk{curve = {0.5, 0.4, 0.2}})  -- sums to 1.1
  lu.assertErrorMsgContains("curve[3]", wk{curve = {0.5, 0.4, -0.1}})
  lu.assertErrorMsgContains("weeks is 0", wk{weeks = 0})
  lu.assertErrorMsgContains("curve is missing", wk{curve = {}})
  lu.assertErrorMsgContains("new_sales has 3 values, expected 13", wk{new_sales = {1, 2, 3}})
  lu.assertErrorMsgContains("ap_due has 0 dates for 1", wk{ap_amounts = {10}})
  lu.assertErrorMsgContains("FPA_EINVAL", wk{rec_amounts = {10}, rec_first = {0}, rec_every = {0}})
  lu.assertErrorMsgContains("rec_every[1] is a fraction",
                            wk{rec_amounts = {10}, rec_first = {0}, rec_every = {1.5}})
  lu.assertErrorMsgContains("rec_first has 0", wk{rec_amounts = {10}, rec_every = {7}})
  lu.assertErrorMsgContains("FPA_EDOM", wk{ap_amounts = {-1}, ap_due = {0}})
  lu.assertErrorMsgContains("FPA_EDOM", wk{opening_cash = 0 / 0})
  lu.assertErrorMsgContains("start must be", wk{start = true})
  lu.assertErrorMsgContains("opening_cash must be a number", wk{opening_cash = "x"})
  lu.assertErrorMsgContains("takes a table", fpa.wc_weekly_cash, 13)
end

return M
