-- SPDX-License-Identifier: GPL-3.0-or-later
-- Budget versus actual from Lua. The expected values are those of the C
-- tests (tests/test_variance.c, test_variance_decomp.c,
-- test_variance_tree.c), with the same sources:
-- [H14]  Horngren, Datar & Rajan, Cost Accounting: A Managerial Emphasis,
--        14th ed. (Pearson 2012), ch. 7-8, Webb Company, Exhibits 7-1..7-3
--        (https://www.yumpu.com/en/document/view/58332972/cost-accounting-14th-edition/253 ;
--        https://www.coursehero.com/file/6230112/wk8-ch8n/ ).
-- [TB14] Horngren test-bank item 14, solved at
--        https://www.coursehero.com/file/p1dc7hs/What-is-the-static-budget-variance-of-operating-income-A-238000-favorable-B/
-- [H13]  Horngren et al., 13th ed., pp. 517-519, Kola/Limor/Orlem, solved at
--        http://studentsmerit.com/paper-detail/?paper_id=9714
-- [E716] Exercise 7-16, https://www.coursehero.com/file/5455625/Chapter-7-Solutions/
-- [E821] Exercise 8-21, https://www.der-zauberer-wiesbaden.de/ball-mill/1dkb8qp.html
-- [MIL]  Milano Company, https://www.scribd.com/document/919403179/Sales-Mix-Example-3
-- [WRD]  Warren, Reeve, Duchac, Ex. 23-5,
--        https://accountingqa.blogspot.com/2018/11/ex-23-5-direct-materials-variances.html
-- [R]    R forecast 8.20, `Rscript tests/ref/make_variance_ref.R`.
-- [SK03] Horngren, Datar, Foster (2003 data), Exercises 14-24/14-25,
--        https://www.hitpages.com/doc/4513006679490560/22/
-- [SK17] Horngren, Datar, Rajan, 16th ed., Exercises 14-27/14-28,
--        https://www.scribd.com/document/619350581/5
-- Hand-worked cases carry their working in the C tests.
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}
local R, C = "revenue", "cost"

local function close(got, want, rel)
  lu.assertTrue(math.abs(got - want) <= rel * math.abs(want) + 1e-300,
                string.format("%.17g ~= %.17g", got, want))
end

function M.test_variance_webb_static_budget()
  -- [H14] Exhibit 7-1: 190,000 U, 98,400 F, 6,000 U, 13,500 F, 9,000 U
  local budget = {1440000, 720000, 192000, 144000, 276000}
  local v, pct, flags = fpa.variance(budget, {1250000, 621600, 198000, 130500, 285000},
                                     {R, C, C, C, C})
  lu.assertEquals(v, {-190000, -98400, 6000, -13500, 9000})
  local effects = {}
  for i, f in ipairs(flags) do
    effects[i] = fpa.variance_flags(f).effect
    close(pct[i], v[i] / budget[i], 1e-15)
  end
  lu.assertEquals(effects, {"unfavourable", "favourable", "unfavourable", "favourable",
                            "unfavourable"})
  -- [TB14]: operating income 238,000 U
  v = fpa.variance({3300000, 885000, 52000}, {3080000, 900000, 55000}, {R, C, C})
  lu.assertEquals(v, {-220000, 15000, 3000})
  lu.assertEquals(v[1] - v[2] - v[3], -238000)
end

function M.test_variance_sign_conventions_by_hand()
  -- tests/test_variance.c sign_conventions_by_hand (ten cases)
  local v, p, f = fpa.variance({1000, 1000, 1000, 1000, 500, 0, 0, -500, -100, 100},
                               {1100, 1100, 900, 900, 500, 50, 0, -200, -50, -20},
                               {R, C, R, C, C, C, R, C, R, R},
                               {abs_threshold = 0, pct_threshold = 1e9, rule = "pct"})
  lu.assertEquals(v, {100, 100, -100, -100, 0, 50, 0, 300, 50, -120})
  local wp = {0.1, 0.1, -0.1, -0.1, 0, 0, 0, 0.6, 0.5, -1.2}
  for i = 1, 10 do close(p[i], wp[i], 1e-15) end
  -- F=1 U=2 M=4 Z=8 S=16 (enum fpa_variance_flag)
  lu.assertEquals(f, {1, 2, 2, 1, 0, 2 + 8 + 4, 8, 2, 1, 2 + 16})
  local d = fpa.variance_flags(f[6])
  lu.assertEquals(d, {favourable = false, unfavourable = true, material = true,
                      no_budget = true, sign_flip = false, effect = "unfavourable"})
  lu.assertEquals(fpa.variance_flags(0).effect, "neutral")
end

function M.test_variance_materiality_by_hand()
  -- tests/test_variance.c materiality_by_hand: "+-5 % and +-10,000"
  local b = {100000, 1000000, 1000, 50000, 100000, 1000000}
  local a = {112000, 1012000, 1600, 60000, 105000, 1012000}
  local function material(opts)
    local _, _, f = fpa.variance(b, a, C, opts)
    local m = {}
    for i, x in ipairs(f) do m[i] = fpa.variance_flags(x).material end
    return m
  end
  local nan = 0 / 0
  lu.assertEquals(material({abs_threshold = {nan, nan, nan, nan, nan, 5000},
                            pct_threshold = {nan, nan, nan, nan, nan, 0.01}}),
                  {true, false, false, false, false, true})
  lu.assertEquals(material({material_rule = "either"}), {true, true, true, true, false, true})
  lu.assertEquals(material({material_rule = 0, rule = {0, 0, 1, 1, 1, 1}}),
                  {true, true, false, false, false, false})
  lu.assertTrue(material({rule = "abs"})[2])
  lu.assertFalse(material({rule = "pct"})[2])
  lu.assertEquals(material({rule = "abs", material_abs = 11999}),
                  {true, true, false, false, false, true})
end

function M.test_variance_matrices_are_tables_of_rows()
  -- tests/test_variance.c periods_are_row_major
  local v, _, f = fpa.variance({{10, 20, 30}, {40, 50, 60}}, {{11, 19, 30}, {44, 50, 66}},
                               {R, C}, {threads = 2})
  lu.assertEquals(v, {{1, -1, 0}, {4, 0, 6}})
  lu.assertEquals(f, {{1, 2, 0}, {2, 0, 2}})
end

function M.test_variance_bad_input_is_a_lua_error()
  lu.assertErrorMsgContains("FPA_EDOM: budget[line 2, period 1] is NaN", fpa.variance,
                            {{1, 2}, {0 / 0, 4}}, {{1, 2}, {3, 4}}, {R, C})
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.variance, {-1.5e308}, {1.5e308}, R)
  lu.assertErrorMsgContains("nature[2] is 2; expected 0 .. 1", fpa.variance, {1, 2}, {1, 2},
                            {0, 2})
  lu.assertErrorMsgContains('nature is sales; expected one of "revenue", "cost"',
                            fpa.variance, {1}, {1}, "sales")
  lu.assertErrorMsgContains("nature is missing", fpa.variance, {1}, {1})
  lu.assertErrorMsgContains("budget is 3 x 1 but actual is 2 x 1", fpa.variance, {1, 2, 3},
                            {1, 2}, C)
  lu.assertErrorMsgContains("budget[2] has 1 values, row 1 has 2", fpa.variance,
                            {{1, 2}, {3}}, {{1, 2}, {3, 4}}, C)
  lu.assertErrorMsgContains("budget[2] is a string, not a number", fpa.variance, {1, "x"},
                            {1, 2}, C)
  lu.assertErrorMsgContains("budget is empty", fpa.variance, {}, {}, C)
  lu.assertErrorMsgContains("budget must be a table", fpa.variance, 5, {1}, C)
  lu.assertErrorMsgContains("abs_threshold[2]", fpa.variance, {1, 2}, {1, 2}, C,
                            {abs_threshold = {1, -1}})
  lu.assertErrorMsgContains("abs_threshold has 1 values for 2 lines", fpa.variance, {1, 2},
                            {1, 2}, C, {abs_threshold = {1}})
  lu.assertErrorMsgContains("no option", fpa.variance, {1}, {1}, C, {nonsense = 1})
  lu.assertErrorMsgContains("outside", fpa.variance, {1}, {1}, C, {material_rule = 9})
end

-- tests/test_variance.c fill_window_series: two lines of 24 months from
-- April, budget t, actual 2t, forecast 100 + t (line 2 ten times line 1)
local function window_series()
  local b, a, f = {{}, {}}, {{}, {}}, {{}, {}}
  for t = 1, 24 do
    for i, k in ipairs({1, 10}) do
      b[i][t], a[i][t], f[i][t] = k * t, 2 * k * t, k * (100 + t)
    end
  end
  return b, a, f
end

function M.test_variance_windows_by_hand()
  -- tests/test_variance.c windows_by_hand, at = 14 (0-based) = 15 here
  local cases = {
    {4, "period", 15, 15, 15, 30}, {4, "qtd", 13, 15, 42, 84}, {4, "ytd", 13, 15, 42, 84},
    {4, "trailing3", 13, 15, 42, 84}, {4, "trailing12", 4, 15, 114, 228},
    {4, "outlook", 13, 24, 222, 1164}, {1, "ytd", 10, 15, 75, 150},
    {1, "qtd", 13, 15, 42, 84}, {1, "outlook", 10, 21, 186, 861},
    {7, "ytd", 4, 15, 114, 228}, {7, "qtd", 13, 15, 42, 84}, {7, "outlook", 4, 15, 114, 228},
  }
  local b, a, f = window_series()
  for _, c in ipairs(cases) do
    local opts = {fy_start = c[1]}
    lu.assertEquals({fpa.window_range(24, 4, 15, c[2], opts)}, {c[3], c[4]})
    local wb, wa = fpa.variance_window(b, a, 4, 15, c[2], f, opts)
    lu.assertEquals(wb, {c[5], 10 * c[5]})
    lu.assertEquals(wa, {c[6], 10 * c[6]})
    lu.assertEquals({fpa.variance_window(b[1], a[1], 4, 15, c[2], f[1], opts)}, {c[5], c[6]})
  end
end

function M.test_variance_windows_reject_bad_input()
  local b, a = window_series()
  lu.assertErrorMsgContains("FPA_EDOM: the YTD window of period 1 starts 3 periods before",
                            fpa.window_range, 24, 4, 1, "ytd")
  lu.assertErrorMsgContains("ends 9 periods after", fpa.window_range, 24, 4, 24, "outlook")
  lu.assertErrorMsgContains("FPA_EDOM", fpa.window_range, 24, 4, 25, "period")
  lu.assertErrorMsgContains("at must be a position", fpa.window_range, 24, 4, 0, "period")
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.window_range, 24, 13, 1, "period")
  lu.assertErrorMsgContains('window is h1; expected one of "period"', fpa.window_range, 24,
                            4, 1, "h1")
  lu.assertErrorMsgContains("FPA_EINVAL: forecast is NULL", fpa.variance_window, b, a, 4,
                            15, "outlook")
  a[2][14] = 0 / 0
  lu.assertErrorMsgContains("actual[line 2, period 14] is NaN", fpa.variance_window, b, a,
                            4, 15, "qtd")
  fpa.variance_window(b, a, 4, 12, "trailing3")  -- outside the window: not read
  lu.assertErrorMsgContains("outside", fpa.window_range, 24, 4, 15, "ytd", {fy_start = 13})
end

function M.test_variance_spend_control_by_hand()
  -- tests/test_variance.c spend_control_by_hand
  local line, amount = {1, 1, 2, 1, 2}, {3000, 4000, 12000, -2500, 10000}
  local flags, rem = fpa.spend_control(line, amount, {50000, 20000}, {45000, 0})
  lu.assertEquals(flags, {0, 3, 4, 0, 3})  -- OVER=1 CROSSES=2 DUAL=4
  lu.assertEquals(rem, {500, -2000})
  lu.assertEquals(fpa.spend_flags(flags[2]),
                  {over_limit = true, crosses_limit = true, dual_approval = false})
  flags = fpa.spend_control(line, amount, {50000, 20000}, {45000, 0},
                            {limit_tolerance = 0.1, approval_limit = 3500})
  lu.assertEquals(flags, {0, 4, 4, 0, 4})
  flags, rem = fpa.spend_control({}, {}, {50000, 20000}, {45000, 0})
  lu.assertEquals(flags, {})
  lu.assertEquals(rem, {5000, 20000})
  lu.assertErrorMsgContains("FPA_EDATA: item_line[2] = 3 names no line (there are 2)",
                            fpa.spend_control, {1, 3}, {1, 2}, {50000, 20000})
  lu.assertErrorMsgContains("item_line[1] = 0 names no line", fpa.spend_control, {0}, {1},
                            {50000})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.spend_control, {1, 2}, {1, 0 / 0}, {50000, 20000})
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.spend_control, {1, 2}, {1e308, 1e308},
                            {50000, 20000})
  lu.assertErrorMsgContains("2 items but item_amount has 1", fpa.spend_control, {1, 2}, {5},
                            {50000, 20000})
  lu.assertErrorMsgContains("item_line[1] is 1.5, not an integer", fpa.spend_control, {1.5},
                            {5}, {50000})
end

function M.test_variance_plan_accuracy_matches_r()
  -- [R] tests/ref/make_variance_ref.R
  local r = fpa.plan_accuracy({{105, 110, 100, 100, 125, 100}, {45, 10, 45, 50, 60, 40},
                               {1, 2, 3, 4, 5, 6}},
                              {{100, 120, 90, 110, 130, 95}, {50, 0, 40, 60, 55, 45},
                               {0, 0, 0, 0, 0, 0}})
  close(r.mape[1], 0.0710744421270737, 1e-13)
  close(r.mape[2], 0.11873737373737374, 1e-14)
  close(r.wape[1], 0.069767441860465115, 1e-14)
  close(r.wape[2], 0.16, 1e-14)
  close(r.bias[1], -0.0077519379844961239, 1e-13)
  lu.assertTrue(math.abs(r.bias[2]) <= 1e-16)
  lu.assertEquals({r.mape[3], r.wape[3], r.bias[3]}, {0, 0, 0})
  lu.assertEquals(r.n, {6, 5, 0})
  close(r.total.mape, 0.092739411040846431, 1e-14)
  close(r.total.wape, 0.11843575418994413, 1e-14)
  close(r.total.bias, 0.017877094972067038, 1e-13)
  local one = fpa.plan_accuracy({105, 110, 100, 100, 125, 100}, {100, 120, 90, 110, 130, 95})
  close(one.mape, 0.0710744421270737, 1e-13)
  lu.assertEquals(one.n, 6)
  lu.assertErrorMsgContains("FPA_EDOM: plan[2] is NaN", fpa.plan_accuracy, {1, 0 / 0}, {1, 2})
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.plan_accuracy, {1e300}, {1e-300})
end

-- tests/test_variance_tree.c: CO -> SALES (S-EAST, S-WEST), OPS (O-IT,
-- O-HR, and a direct posting), listed out of order, with the roll-up and
-- drill-down worked by hand there
local IDS = {"S-WEST", "CO", "O-HR", "SALES", "OPS", "S-EAST", "O-IT"}
local PARENTS = {"SALES", false, "OPS", "CO", "CO", "SALES", "OPS"}
local BUDGET = {{2000, 2100}, {0, 0}, {300, 300}, {0, 0}, {100, 100}, {1000, 1100}, {500, 500}}
local ACTUAL = {{2300, 2000}, {0, 0}, {300, 330}, {0, 0}, {120, 90}, {900, 1200}, {650, 480}}

function M.test_variance_tree_build_and_look_up()
  local t = fpa.hierarchy(IDS, PARENTS)
  lu.assertEquals(tostring(t), "fpa.tree (7 nodes)")
  lu.assertEquals(#t, 7)
  lu.assertEquals(t:size(), 7)
  lu.assertEquals(t:ids(), IDS)
  lu.assertEquals(t:find("O-IT"), 7)
  lu.assertEquals(t:id(5), "OPS")
  lu.assertEquals(t:parent("O-IT"), 5)
  lu.assertEquals(t:parent(7), 5)
  lu.assertNil(t:parent("CO"))
  lu.assertErrorMsgContains('FPA_EDATA: no node has the id "NOPE"', t.find, t, "NOPE")
  lu.assertErrorMsgContains("node 8 is out of range", t.parent, t, 8)
  t:close()
  t:close()
  lu.assertEquals(tostring(t), "fpa.tree (closed)")
  lu.assertErrorMsgContains("fpa.tree is closed", t.size, t)
  do
    local t2 <close> = fpa.hierarchy({{"A"}, {"B", "A"}, {"C", "A"}})
    lu.assertEquals(t2:parent("C"), 1)
    lu.assertEquals({fpa.hierarchy({6000, 6100}, {"", 6000}):parent("6100")}, {1})
  end
  lu.assertErrorMsgContains("FPA_EINVAL: expected an fpa.tree (call methods with ':')",
                            t.size, {})
  collectgarbage()  -- __gc after __close frees nothing twice
end

function M.test_variance_tree_rollup_by_hand()
  local t <close> = fpa.hierarchy(IDS, PARENTS)
  local rb, ra, rv = t:rollup(BUDGET, ACTUAL, {threads = 2})
  lu.assertEquals(rb, {{2000, 2100}, {3900, 4100}, {300, 300}, {3000, 3200}, {900, 900},
                       {1000, 1100}, {500, 500}})
  lu.assertEquals(ra, {{2300, 2000}, {4270, 4100}, {300, 330}, {3200, 3200}, {1070, 900},
                       {900, 1200}, {650, 480}})
  for i = 1, 7 do
    for p = 1, 2 do lu.assertEquals(rv[i][p], ra[i][p] - rb[i][p]) end
  end
  local only = {t:rollup(BUDGET)}
  lu.assertEquals(#only, 1)
  lu.assertEquals(only[1], rb)
  -- keyed by id, leaves only: absent nodes count 0
  local kb = t:rollup({["S-WEST"] = {2000, 2100}, ["S-EAST"] = {1000, 1100},
                       ["O-IT"] = {500, 500}, ["O-HR"] = {300, 300}, OPS = {100, 100}})
  lu.assertEquals(kb.CO, {3900, 4100})
  lu.assertEquals(kb.SALES, {3000, 3200})
  lu.assertEquals(t:rollup({["O-IT"] = 5}).CO, 5)
  lu.assertErrorMsgContains('FPA_EDATA: no node has the id "X"', t.rollup, t, {X = 1})
  local bad = {}
  for i, r in ipairs(BUDGET) do bad[i] = {r[1], r[2]} end
  bad[6][2] = 0 / 0
  lu.assertErrorMsgContains('budget of node "S-EAST", period 2 is NaN', t.rollup, t, bad, ACTUAL)
  bad[6][2], bad[1][1], bad[6][1] = 1100, 1e308, 1e308
  lu.assertErrorMsgContains('FPA_EOVERFLOW: the totals of node "SALES"', t.rollup, t, bad,
                            ACTUAL)
  lu.assertErrorMsgContains("has 6 rows for 7 nodes", t.rollup, t, {1, 2, 3, 4, 5, 6})
end

function M.test_variance_tree_drilldown_by_hand()
  -- period 1 (0 in C): own variances S-WEST 300, O-HR 0, OPS 20, S-EAST -100, O-IT 150
  local t <close> = fpa.hierarchy(IDS, PARENTS)
  local b0, a0, b1, a1 = {}, {}, {}, {}
  for i = 1, 7 do
    b0[i], a0[i], b1[i], a1[i] = BUDGET[i][1], ACTUAL[i][1], BUDGET[i][2], ACTUAL[i][2]
  end
  local function ids_and_c(list)
    local ids, c = {}, {}
    for j, e in ipairs(list) do ids[j], c[j] = e.id, e.contribution end
    return ids, c
  end
  local list, avail = t:drilldown(b0, a0, "CO")
  local ids, c = ids_and_c(list)
  lu.assertEquals(ids, {"SALES", "OPS"})
  lu.assertEquals(c, {200, 170})
  lu.assertEquals(avail, 2)
  lu.assertEquals(list[1].node, 4)
  close(list[1].share, 200 / 370, 1e-15)
  ids, c = ids_and_c((t:drilldown(b0, a0, 2, "leaves")))
  lu.assertEquals(ids, {"S-WEST", "O-IT", "S-EAST", "OPS", "O-HR"})
  lu.assertEquals(c, {300, 150, -100, 20, 0})
  list, avail = t:drilldown(b0, a0, "CO", "leaves", 2)
  lu.assertEquals(#list, 2)
  lu.assertEquals(avail, 5)
  ids, c = ids_and_c((t:drilldown(b0, a0, "OPS")))
  lu.assertEquals(ids, {"O-IT", "OPS", "O-HR"})
  lu.assertEquals(t:drilldown(b0, a0, "S-EAST")[1].share, 1)
  -- period 2: CO's variance is 0 (shares 0); ties rank by node number
  list = t:drilldown(b1, a1, "CO", "leaves")
  ids, c = ids_and_c(list)
  lu.assertEquals(ids, {"S-WEST", "S-EAST", "O-HR", "O-IT", "OPS"})
  lu.assertEquals(c, {-100, 100, 30, -20, -10})
  for _, e in ipairs(list) do lu.assertEquals(e.share, 0) end
  -- keyed input
  ids = ids_and_c((t:drilldown({["S-WEST"] = 2000}, {["S-WEST"] = 2300, ["O-IT"] = 1}, "CO")))
  lu.assertEquals(ids, {"SALES", "OPS"})
  b0[7] = 0 / 0
  lu.assertErrorMsgContains('FPA_EDOM: budget of node "O-IT" is NaN', t.drilldown, t, b0, a0,
                            "CO", "leaves")
  t:drilldown(b0, a0, "SALES", "leaves")  -- outside the subtree: not read
  lu.assertErrorMsgContains("mode is roots", t.drilldown, t, b1, a1, "CO", "roots")
  lu.assertErrorMsgContains("one amount per node", t.drilldown, t, BUDGET, ACTUAL, "CO")
end

function M.test_variance_tree_construction_errors()
  lu.assertErrorMsgContains('FPA_EDATA: ids[3] "A" repeats ids[1]', fpa.hierarchy,
                            {"A", "B", "A"})
  lu.assertErrorMsgContains('parents[2] "Z" (parent of "B") is not a node id', fpa.hierarchy,
                            {{"A"}, {"B", "Z"}})
  lu.assertErrorMsgContains('the parents form a cycle (each node\'s parent follows it): '
                            .. '"A" -> "B" -> "C" -> "A"', fpa.hierarchy,
                            {"R", "A", "B", "C", "D"}, {"", "B", "C", "A", "A"})
  lu.assertErrorMsgContains('"X" -> "X"', fpa.hierarchy, {{"X", "X"}})
  lu.assertErrorMsgContains("FPA_EINVAL: ids[2] is empty", fpa.hierarchy, {"A", ""})
  lu.assertErrorMsgContains("at least one node", fpa.hierarchy, {})
  lu.assertErrorMsgContains("ids[2] is table, not a string", fpa.hierarchy, {"A", {}})
  lu.assertErrorMsgContains("ids[1] contains a NUL", fpa.hierarchy, {"A\0B"})
  lu.assertErrorMsgContains("pairs[2] must be an {id, parent} table", fpa.hierarchy,
                            {{"A"}, "B"})
  -- a long cycle, truncated in the detail
  local ids, par = {}, {}
  for i = 1, 200 do ids[i] = string.format("node-%03d", i - 1) end
  for i = 1, 200 do par[i] = ids[i % 200 + 1] end
  lu.assertErrorMsgContains('"node-000" -> "node-001"', fpa.hierarchy, ids, par)
end

function M.test_variance_decompositions_of_textbooks()
  -- [H13] Kola, Limor, Orlem
  local cm = {2.00, 1.20, 2.50}
  local r = fpa.sales_mix_variance({400000, 600000, 1500000}, cm, {480000, 900000, 1620000}, cm)
  lu.assertEquals(r.mix, {0, 216000, -450000})
  lu.assertEquals(r.quantity, {160000, 144000, 750000})
  lu.assertEquals(r.total, {price = 0, cost = 0, mix = -234000, quantity = 1054000,
                            total = 820000})
  -- [MIL]
  r = fpa.sales_mix_variance({8000, 7000, 5000}, {20, 12, 9}, {6000, 7000, 9000}, {20, 12, 9})
  lu.assertEquals(r.mix, {-56000, -8400, 31500})
  lu.assertEquals(r.quantity, {16000, 8400, 4500})
  lu.assertEquals(r.total.total, -4000)
  -- price_cost_mix_quantity_by_hand and rounding_residue_goes_to_quantity
  r = fpa.sales_mix_variance({600, 400}, {10, 20}, {500, 700}, {10.5, 19}, {6, 15}, {6.2, 15.5})
  lu.assertEquals({r.price, r.cost, r.mix, r.quantity},
                  {{250, -700}, {-100, -350}, {-880, 1100}, {480, 400}})
  lu.assertEquals(r.total.total, 200)
  r = fpa.sales_mix_variance({1, 1, 1}, {1, 1, 1}, {1, 1, 2}, {1, 1, 1})
  lu.assertEquals(r.mix, {-0.33, -0.33, 0.67})
  lu.assertEquals(r.quantity, {0.33, 0.33, 0.33})
  -- [H14] Webb materials, labour, variable overhead; [WRD]
  r = fpa.cost_variance({22200, 9000, 4500, 450}, {28, 22, 29, 6.50},
                        {20000, 8000, 4000, 430}, {30, 20, 30, 6.90})
  lu.assertEquals(r.price, {-44400, 18000, -4500, -180})
  lu.assertEquals(r.quantity, {66000, 20000, 15000, 138})
  lu.assertEquals(r.total.total, 21600 + 38000 + 10500 - 42)
  r = fpa.cost_variance({3}, {333.3}, {2}, {400}, {decimals = 0})
  lu.assertEquals({r.price[1], r.quantity[1]}, {-200, 400})
  -- [H14] Exhibit 7-2 flexible budget
  r = fpa.flexible_budget({1440000, 720000, 192000, 144000, 276000},
                          {1250000, 621600, 198000, 130500, 285000}, {1, 1, 1, 1, 0},
                          {R, C, C, C, C}, 12000, 10000)
  lu.assertEquals(r.flexed, {1200000, 600000, 160000, 120000, 276000})
  lu.assertEquals(r.flexible, {50000, 21600, 38000, 10500, 9000})
  lu.assertEquals(r.volume, {-240000, -120000, -32000, -24000, 0})
  lu.assertEquals(r.income, {static = 108000, flexible = 44000, actual = 14900})
  -- [E716] plus the hand-worked 60 % variable line (9,600)
  r = fpa.flexible_budget({330000, 222000, 54000, 10000}, {313600, 229600, 50000, 9700},
                          {1, 1, 0, 0.6}, {R, C, C, C}, 3000, 2800)
  lu.assertEquals(r.flexed, {308000, 207200, 54000, 9600})
  lu.assertEquals(r.flexible, {5600, 22400, -4000, 100})
  -- [E821] and [H14] ch. 8 fixed overhead
  lu.assertEquals({fpa.fixed_overhead_variance(18000, 13400, 134, 146)}, {4600, -1200, 14600})
  lu.assertEquals({fpa.fixed_overhead_variance(285000, 276000, 4800, 4000)},
                  {9000, 46000, 230000})
end

function M.test_variance_decompositions_reject_bad_input()
  local one, p = {1, 1}, {2, 3}
  lu.assertErrorMsgContains("actual_cost is NULL but budget_cost is not",
                            fpa.sales_mix_variance, one, p, one, p, one)
  lu.assertErrorMsgContains("FPA_EDOM: actual_units[2] is NaN", fpa.sales_mix_variance, one,
                            p, {1, 0 / 0}, p)
  -- no budgeted units: price and total computed (0, 0; 2 + 3 = 5), mix and
  -- quantity undefined
  local nomix = fpa.sales_mix_variance({0, 0}, p, one, p)
  lu.assertEquals(nomix.mix, {false, false})
  lu.assertEquals(nomix.price, {0, 0})
  lu.assertEquals(nomix.total.total, 5)
  lu.assertStrContains(nomix.partial, "no budgeted mix")
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.sales_mix_variance, {1e12, 1e12},
                            {1e9, 1e9}, {1e12, 1e12}, {1e9, 1e9})
  lu.assertErrorMsgContains("actual_units has 3 values, budget_units has 2",
                            fpa.sales_mix_variance, one, p, {1, 1, 1}, p)
  lu.assertErrorMsgContains("standard_price[2] is NaN", fpa.cost_variance, one, p, one,
                            {1, 0 / 0})
  lu.assertErrorMsgContains("variable_share[2] is 1.5", fpa.flexible_budget, one, one,
                            {0.5, 1.5}, {R, C}, 10, 10)
  local fb = fpa.flexible_budget(one, one, {1, 0}, {R, C}, 0, 10)
  lu.assertEquals(fb.flexed, {false, 1})
  lu.assertEquals(fb.income.flexible, false)
  lu.assertStrContains(fb.partial, "budget_volume is 0 but line 1")
  lu.assertErrorMsgContains("budget_volume must be a number", fpa.flexible_budget, one, one,
                            {1, 0}, {R, C}, "ten", 10)
  lu.assertEquals({fpa.fixed_overhead_variance(1, 1, 0, 1)},
                  {0, false, false, "volume is undefined: the denominator level is 0, so "
                   .. "there is no budgeted rate"})
  lu.assertErrorMsgContains("denominator is -1; must be >= 0", fpa.fixed_overhead_variance,
                            1, 1, -1, 1)
  lu.assertErrorMsgContains("allocated overhead", fpa.fixed_overhead_variance, 1, 1e6,
                            1e-300, 1)
  lu.assertErrorMsgContains("actual must be a number", fpa.fixed_overhead_variance, nil, 1,
                            1, 1)
  lu.assertErrorMsgContains("outside", fpa.cost_variance, one, p, one, p, {decimals = 7})
end

-- Every argument of every call replaced by each junk value: the call may
-- succeed or raise an error naming a status ("FPA_E..."), nothing else.
-- (luaL_error puts the calling Lua line in front when a Lua function made
-- the call.)
local function status_error(err)
  err = tostring(err)
  return err:match("^FPA_E%u+: ") or err:match("^[^\n]-:%d+: FPA_E%u+: ")
end
local JUNK = {false, true, "x", 1.5, -1, 0, {}, {{1}, {2, 3}}, {a = 1}, {0 / 0}, {"a", "b"},
              {{}}, print, 2^63, math.mininteger}
function M.junk_calls(cases)
  local bad = {}
  for _, case in ipairs(cases) do
    local fn, args, n = case[1], case[2], case.n or #case[2]
    for k = 1, n do
      for _, junk in ipairs(JUNK) do
        local a = table.move(args, 1, n, 1, {})
        a[k] = junk
        local ok, err = pcall(fn, table.unpack(a, 1, n))
        if not ok and not status_error(err) then
          bad[#bad + 1] = string.format("%s arg %d = %s: %s", case.name, k, tostring(junk), err)
        end
      end
      local a = table.move(args, 1, n, 1, {})
      a[k] = nil  -- a missing argument
      local ok, err = pcall(fn, table.unpack(a, 1, n))
      if not ok and not status_error(err) then
        bad[#bad + 1] = string.format("%s arg %d = nil: %s", case.name, k, err)
      end
    end
  end
  return bad
end

function M.test_variance_junk_arguments_raise_fpa_errors_only()
  local t <close> = fpa.hierarchy(IDS, PARENTS)
  local b, a, f = window_series()
  local b0, a0 = {}, {}
  for i = 1, 7 do b0[i], a0[i] = BUDGET[i][1], ACTUAL[i][1] end
  lu.assertEquals(M.junk_calls({
    {fpa.variance, {{1, 2}, {1, 3}, {R, C}, {threads = 1}}, name = "variance"},
    {fpa.variance_flags, {5}, name = "variance_flags"},
    {fpa.window_range, {24, 4, 15, "ytd", {fy_start = 4}}, name = "window_range"},
    {fpa.variance_window, {b, a, 4, 15, "ytd", f, {}}, name = "variance_window"},
    {fpa.spend_control, {{1, 2}, {1, 2}, {10, 20}, {0, 0}, {}}, name = "spend_control"},
    {fpa.spend_flags, {3}, name = "spend_flags"},
    {fpa.hierarchy, {IDS, PARENTS, {}}, name = "hierarchy"},
    {t.size, {t}, name = "size"}, {t.ids, {t}, name = "ids"},
    {t.id, {t, 2}, name = "id"}, {t.find, {t, "CO"}, name = "find"},
    {t.parent, {t, "CO"}, name = "parent"},
    {t.rollup, {t, BUDGET, ACTUAL, {threads = 2}}, name = "rollup"},
    {t.drilldown, {t, b0, a0, "CO", "leaves", 2}, name = "drilldown"},
    {fpa.sales_mix_variance, {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {0, 1}, {0, 1}, {}},
     name = "sales_mix_variance"},
    {fpa.cost_variance, {{1}, {2}, {1}, {2}, {}}, name = "cost_variance"},
    {fpa.flexible_budget, {{1, 2}, {1, 2}, {1, 0}, {R, C}, 10, 10, {}}, name = "flexible_budget"},
    {fpa.fixed_overhead_variance, {1, 1, 1, 1, {}}, name = "fixed_overhead_variance"},
    {fpa.plan_accuracy, {{1, 2}, {1, 2}}, name = "plan_accuracy"},
    {fpa.plan_metrics, {{1, 2}, {1, 2}, {"mae"}, {}}, name = "plan_metrics"},
    {fpa.market_variance, {1, 1, 10, 10, 1, {}}, name = "market_variance"},
    {t.rollup, {t, BUDGET, ACTUAL, {nature = R}}, name = "rollup nature"},
  }), {})
end

function M.test_variance_one_fiscal_year_key()
  -- by hand: June (period 6, 1-based) is in the fiscal year from April that
  -- starts at period 4; the 1.0 key, set, takes precedence
  lu.assertEquals({fpa.window_range(24, 1, 6, "ytd", {fiscal_year_start = 4})}, {4, 6})
  lu.assertEquals({fpa.window_range(24, 1, 9, "ytd", {fiscal_year_start = 4, fy_start = 7})},
                  {7, 9})
  lu.assertErrorMsgContains("variance periods are months", fpa.window_range, 24, 1, 6, "ytd",
                            {fiscal_year_start = 13})
end

function M.test_variance_market_of_textbooks()
  -- [SK03]: $1,264,800 F and $210,800 U; [SK17]: $1,199,250 U, $1,121,250 F
  lu.assertEquals({fpa.market_variance(2.5e6, 3e6, 25e6, 24e6, 5270000 / 2.5e6)},
                  {1264800, -210800})
  lu.assertEquals({fpa.market_variance(1.25e6, 1.23e6, 10e6, 12.3e6, 3.90)},
                  {-1199250, 1121250})
  lu.assertErrorMsgContains("FPA_EDATA", fpa.market_variance, 1, 11, 10, 10, 1)
end

function M.test_variance_not_applicable_prices()
  -- by hand (tests/test_variance_decomp.c): B budgeted, not sold, no actual price
  local r = fpa.sales_mix_variance({600, 400}, {10, 20}, {1200, 0}, {10.5, nil})
  lu.assertEquals(r.price, {600, 0})
  lu.assertEquals(r.mix, {4800, -9600})
  lu.assertEquals(r.total.total, -1400)
  lu.assertNil(r.partial)
  lu.assertEquals(fpa.sales_mix_variance({600, 400}, {10, 20}, {1200, 0}, {10.5, false}).mix,
                  {4800, -9600})
  lu.assertErrorMsgContains("not applicable only where actual_units is 0",
                            fpa.sales_mix_variance, {600, 400}, {10, 20}, {1200, 0}, {nil, 19})
end

function M.test_variance_plan_metrics_match_r()
  -- [R]: tests/test_variance.c, plan_metrics_match_r
  local actual = {{100, 120, 90, 110, 130, 95}, {50, 0, 40, 60, 55, 45}, {0, 0, 0, 0, 0, 0}}
  local plan = {{105, 110, 100, 100, 125, 100}, {45, 10, 45, 50, 60, 40}, {1, 2, 3, 4, 5, 6}}
  local v, errors = fpa.plan_metrics(plan, actual)
  close(v[1].mape, 7.10744421270737, 1e-13)
  close(v[1].relbias, 0.77519379844961245, 1e-13)
  close(v[2].wape, 16, 1e-14)
  lu.assertEquals(v[2].mape, false)
  lu.assertEquals(v[3].bias, -3.5)
  lu.assertEquals(#errors, 4)
  lu.assertEquals(errors[1], {line = 2, metric = "mape",
                              message = "MAPE is undefined: actual[2] is 0"})
  local one = fpa.plan_metrics(plan[3], actual[3], "rmse")
  close(one.rmse, math.sqrt(91 / 6), 1e-15)
  lu.assertErrorMsgContains("mase", fpa.plan_metrics, plan, actual, {"mase"})
end

function M.test_variance_rollup_takes_each_lines_nature()
  -- [H14] Exhibit 7-1 as natural-sign lines: operating income $93,100 U
  local ids = {"OI", "REV", "COSTS", "DM", "DL", "VOH", "FIX"}
  local par = {false, "OI", "OI", "COSTS", "COSTS", "COSTS", "COSTS"}
  local t <close> = fpa.hierarchy(ids, par)
  local bud = {0, 1440000, 0, 720000, 192000, 144000, 276000}
  local act = {0, 1250000, 0, 621600, 198000, 130500, 285000}
  local nat = {R, R, C, C, C, C, C}
  local b, a, v, impact, kinds = t:rollup(bud, act, {nature = nat})
  lu.assertEquals({impact[1], impact[2], impact[3]}, {-93100, -190000, 96900})
  lu.assertEquals({kinds[1], kinds[2], kinds[3]}, {"mixed", "revenue", "cost"})
  lu.assertEquals({b[1], v[1], v[3]}, {false, false, 1235100 - 1332000})
  local byid = {OI = R, REV = R, COSTS = C, DM = C, DL = C, VOH = C, FIX = C}
  local _, _, _, imp2, k2 = t:rollup({REV = 1440000, DM = 720000, DL = 192000,
                                      VOH = 144000, FIX = 276000},
                                     {REV = 1250000, DM = 621600, DL = 198000,
                                      VOH = 130500, FIX = 285000}, {nature = byid})
  lu.assertEquals({imp2.OI, k2.COSTS}, {-93100, "cost"})
  lu.assertErrorMsgContains("nature needs actual", t.rollup, t, bud, nil, {nature = R})
end

return M
