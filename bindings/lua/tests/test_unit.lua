-- SPDX-License-Identifier: GPL-3.0-or-later
-- Unit economics from Lua. Expected values: tests/ref/unit_kpi_expected.csv
-- (LibreOffice Calc 7.4 and gnumeric 1.12 agreeing on each formula; numpy
-- for the margin-curve payback; exact rationals, Python's
-- fractions.Fraction, for the largest-remainder allocation), and for
-- cohorts tests/ref/cohort_expected.csv and cohort_curve.csv, the matrices
-- and pooled curve pandas 1.5 derives from tests/ref/cohort_rows.csv.
-- Public worked examples are cited inline.
local lu = require "luaunit"
local fpa = require "fpa"
local ref = require "unit_kpi_ref"

local M = {}
local SOURCE = os.getenv("FPA_SOURCE_DIR") .. "/bindings/lua/tests/test_unit.lua"
local NAMES = {"contribution", "break_even", "break_even_mix", "margin_of_safety",
               "operating_leverage", "allocate", "profitability", "arpu", "logo_churn",
               "revenue_retention", "ltv_simple", "ltv_discounted", "ltv_curve",
               "retention_curve", "ltv_cohorts", "cac_blended", "cac_paid", "ltv_cac",
               "cac_payback", "cac_payback_curve", "cohort_retention",
               "cohort_revenue_retention", "cohorts_from_rows"}
local RR = {"grr", "nrr", "gross_churn", "net_churn", "expansion"}
local TAILS = {[0] = "none", [1] = "geometric"}
local BASES = {[0] = "units", [1] = "revenue"}

local function int(x) return math.tointeger(x) end

function M.test_unit_every_function_is_tested()
  for _, n in ipairs(NAMES) do lu.assertIsFunction(fpa[n], n) end
  lu.assertEquals(ref.untested(NAMES, SOURCE), {})
end

function M.test_unit_reference_values()
  local failures, counts = ref.run({
    contribution = function(p, v, k) return select(int(k) + 1, fpa.contribution(p, v)) end,
    break_even = function(f, t, p, v, k) return select(int(k) + 1, fpa.break_even(f, p, v, t)) end,
    break_even_mix = function(p, v, m, basis, f, t, k, i)
      return select(int(k) + 1, fpa.break_even_mix(p, v, m, f, t, BASES[int(basis)]))[int(i) + 1]
    end,
    margin_of_safety = function(a, b, k) return select(int(k) + 1, fpa.margin_of_safety(a, b)) end,
    dol = fpa.operating_leverage,
    arpu = fpa.arpu,
    logo_churn = fpa.logo_churn,
    revenue_retention = function(m, x, d, e, k)
      return fpa.revenue_retention(m, x, d, e)[RR[int(k) + 1]]
    end,
    ltv_simple = fpa.ltv_simple,
    ltv_discounted = function(a, g, c, d, h) return fpa.ltv_discounted(a, g, c, d, int(h)) end,
    ltv_curve = function(s, a, g, d, h, tail, w)
      return fpa.ltv_curve(s, a, g, d, int(h), {tail = TAILS[int(tail)], tail_window = w})
    end,
    cac_payback = fpa.cac_payback,
    cac_payback_curve = fpa.cac_payback_curve,
    cac_blended = fpa.cac_blended,
    cac_paid = fpa.cac_paid,
    ltv_cac = fpa.ltv_cac,
    allocate = function(pool, drv, i) return fpa.allocate(int(pool), drv)[int(i) + 1] end,
  })
  lu.assertEquals(failures, {})
  local total = 0
  for fn, n in pairs(counts) do
    lu.assertTrue(n >= 3, fn)
    total = total + n
  end
  lu.assertTrue(total >= 200)
end

function M.test_unit_worked_examples()
  -- e-consult.co.ke (?p=notes&sub=10026), margin of safety Examples 1 and 2:
  -- price $50, variable cost $30, fixed $20,000: CM $20 (40 %), 1,000 units,
  -- $50,000; actual $70,000: margin of safety $20,000 (28.57 %)
  lu.assertEquals({fpa.contribution(50, 30)}, {20, 0.4})
  lu.assertEquals({fpa.break_even(20000, 50, 30)}, {1000, 50000})
  local amount, ratio = fpa.margin_of_safety(70000, 50000)
  lu.assertEquals(amount, 20000)
  lu.assertAlmostEquals(ratio, 0.2857, 5e-5)
  -- justaaa.com, Swifty Candle Supply: revenue mix 30/60/10 %, CM ratios
  -- 20/35/50 %, fixed $533,440: $500,100 + $1,000,200 + $166,700
  local _, rev = fpa.break_even_mix({1, 1, 1}, {0.8, 0.65, 0.5}, {0.3, 0.6, 0.1}, 533440, 0,
                                    "revenue")
  for i, want in ipairs({500100, 1000200, 166700}) do lu.assertAlmostEquals(rev[i], want, 1e-6) end
  -- techwhiff.com, Engberg Company: CM $82,200, operating income $65,200: DOL 1.26
  lu.assertAlmostEquals(fpa.operating_leverage(82200, 65200), 1.26, 0.005)
  lu.assertEquals(fpa.arpu(1200, 10), 120)
  lu.assertEquals(fpa.cac_paid(9000, 40, 10), 300)
end

function M.test_unit_allocation_adds_up_exactly()
  local seed = 11
  local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 end
  for _ = 1, 50 do
    local n, driver, revenue, costs = 1 + math.floor(rnd() * 30), {}, {}, {}
    for i = 1, n do
      driver[i] = rnd() * 1000
      revenue[i] = math.floor(rnd() * 1e9)
      costs[i] = math.floor(rnd() * 1e9)
    end
    local pool = math.floor((rnd() - 0.5) * 2 ^ 50)
    local parts, sum = fpa.allocate(pool, driver), 0
    for i = 1, n do
      lu.assertEquals(math.type(parts[i]), "integer")
      sum = sum + parts[i]
    end
    lu.assertEquals(sum, pool)
    local contribution, allocated, net = fpa.profitability(revenue, costs, pool, driver)
    local total = 0
    for i = 1, n do
      lu.assertEquals(contribution[i], revenue[i] - costs[i])
      lu.assertEquals(allocated[i], parts[i])
      total = total + net[i] - revenue[i] + costs[i]
    end
    lu.assertEquals(total, -pool)
  end
  local _, by_revenue = fpa.profitability({10000, 30000}, {5000, 10000}, 100000)
  lu.assertEquals(by_revenue, {25000, 75000})
  lu.assertEquals(fpa.allocate(100, {1, 1, 1}), {34, 33, 33})
  -- money is never a float (bindings/lua/README.md)
  if math.maxinteger then  -- floats and integers are one type before Lua 5.3
    lu.assertErrorMsgContains("pool must be whole cents", fpa.allocate, 100.0, {1, 1, 1})
  end
end

-- the reference activity rows, as columns
local function rows()
  local cust, coh, per, rev = {}, {}, {}, {}
  for _, r in ipairs(ref.csv("cohort_rows.csv")) do
    cust[#cust + 1], coh[#coh + 1], per[#per + 1], rev[#rev + 1] =
      math.tointeger(r.customer), math.tointeger(r.cohort), math.tointeger(r.period), r.revenue
  end
  return cust, coh, per, rev
end

local function close(got, want, rel, abs)
  return math.abs(got - want) <= rel * math.abs(want) + (abs or 0)
end

function M.test_unit_cohorts_match_pandas()
  local cust, coh, per, rev = rows()
  local c <close> = fpa.cohorts_from_rows(cust, coh, per, rev)
  local nrows, ncols = c:shape()
  lu.assertEquals({nrows, ncols}, {7, 9})
  lu.assertEquals(tostring(c), "fpa.cohorts (7 cohorts x 9 ages)")
  local ids, sizes, observed = c:ids(), c:sizes(), c:observed()
  local active, revenue, ret, rret = c:active(), c:revenue(), c:retention(), c:revenue_retention()
  local index = {}
  for i, id in ipairs(ids) do index[id] = i end
  local cells, bad = 0, {}
  for _, e in ipairs(ref.csv("cohort_expected.csv")) do
    local i, a = index[math.tointeger(e.cohort)], math.tointeger(e.age) + 1
    cells = cells + 1
    if sizes[i] ~= e.size or observed[i] ~= e.observed or active[i][a] ~= e.active
        or not close(revenue[i][a], e.revenue, 1e-13, 1e-9)
        or not close(ret[i][a], e.retention, 1e-15)
        or not close(rret[i][a], e.revenue_retention, 1e-13) then
      bad[#bad + 1] = string.format("cohort %d age %d", e.cohort, e.age)
    end
  end
  lu.assertEquals(bad, {})
  -- every observed cell was compared; the rest is false
  local seen, unseen = 0, 0
  for i = 1, nrows do
    for a = 1, ncols do
      if ret[i][a] == false then
        unseen = unseen + 1
        lu.assertEquals(active[i][a], false)
      else
        seen = seen + 1
      end
    end
  end
  lu.assertEquals(seen, cells)
  lu.assertEquals(seen + unseen, 63)
  local want = {}
  for _, e in ipairs(ref.csv("cohort_curve.csv")) do want[#want + 1] = e.curve end
  for _, curve in ipairs({c:curve(), fpa.retention_curve(ret, nil, sizes),
                          fpa.retention_curve(ret, observed, sizes)}) do
    lu.assertEquals(#curve, #want)
    for k = 1, #want do lu.assertTrue(close(curve[k], want[k], 1e-13), k) end
  end
  -- the free functions on the object's tables, observed from the false cells
  lu.assertEquals(fpa.cohort_retention(sizes, active), ret)
  lu.assertEquals(fpa.cohort_revenue_retention(revenue), rret)
  lu.assertTrue(close(c:ltv(50, 0.8, 0.01, nil, {tail = "none"}),
                      fpa.ltv_curve(want, 50, 0.8, 0.01, nil, {tail = "none"}), 1e-12))
  lu.assertTrue(close(fpa.ltv_cohorts(ret, 50, 0.8, 0.01, 24, {weights = sizes}),
                      fpa.ltv_curve(want, 50, 0.8, 0.01, 24), 1e-12))
  -- row order and identifier kinds do not matter; records work as columns
  local n, rc, rh, rp, rr, names, records = #cust, {}, {}, {}, {}, {}, {}
  for k = 1, n do
    rc[k], rh[k], rp[k], rr[k] = cust[n + 1 - k], coh[n + 1 - k], per[n + 1 - k], rev[n + 1 - k]
    names[k] = "customer-" .. cust[k]
    records[k] = {customer = cust[k], cohort = coh[k], period = per[k], revenue = rev[k]}
  end
  for _, other in ipairs({fpa.cohorts_from_rows(rc, rh, rp, rr),
                          fpa.cohorts_from_rows(names, coh, per, rev),
                          fpa.cohorts_from_rows(records)}) do
    lu.assertEquals(other:active(), active)
    local orev = other:revenue()
    for i = 1, nrows do
      for a = 1, observed[i] do lu.assertTrue(close(orev[i][a], revenue[i][a], 1e-13, 1e-9)) end
    end
    other:close()
  end
  -- closing twice is fine; a closed object is an error, not a crash
  c:close()
  c:close()
  lu.assertEquals(tostring(c), "fpa.cohorts (closed)")
  lu.assertErrorMsgContains("FPA_EINVAL: fpa.cohorts is closed", c.retention, c)
  lu.assertErrorMsgContains("expected an fpa.cohorts", c.retention, {})
end

function M.test_unit_cohort_matrices_mask_rule()
  local r = fpa.cohort_retention({10, 0, 5}, {{10, 8, 6}, {0, 0, 0}, {5, 4, 0}}, {3, 2, 2})
  lu.assertEquals(r, {{1, 0.8, 0.6}, {false, false, false}, {1, 0.8, false}})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.cohort_retention, {10, 0}, {{10, 8}, {0, 0}}, nil,
                            {strict = true})
  -- strict: no undefined cell, unobserved ones stay false
  lu.assertEquals(fpa.cohort_retention({10, 5}, {{10, 8, 6}, {5, 4}}, nil, {strict = true}),
                  {{1, 0.8, 0.6}, {1, 0.8, false}})
  lu.assertEquals(fpa.cohort_revenue_retention({{100, 120, 90}, {0, 5, 5}}),
                  {{1, 1.2, 0.9}, {false, false, false}})
  lu.assertErrorMsgContains("age-0 revenue is 0", fpa.cohort_revenue_retention, {{0, 5}}, {2},
                            {strict = true})
  -- a triangle with ragged rows, the chain-ladder step over cohorts seen at both ages
  local curve = fpa.retention_curve({{1, 0.5, 0.25}, {1, 0.8}}, nil, {1, 1})
  lu.assertEquals(curve, {1, 0.65, 0.65 * 0.25 / 0.5})
  lu.assertEquals(fpa.retention_curve({1, 0.5}), {1, 0.5})
  lu.assertErrorMsgContains("retention[2][1] is missing within", fpa.retention_curve, r,
                            {3, 2, 2})
  lu.assertErrorMsgContains("defined after a missing cell", fpa.retention_curve,
                            {{1, false, 0.4}})
end

function M.test_unit_bad_input_is_a_lua_error()
  local nan = 0 / 0
  -- at a zero price the margin is defined, the ratio is not: false, and why
  local cm, ratio, why = fpa.contribution(0, 1)
  lu.assertEquals({cm, ratio, why}, {-1, false, "ratio is undefined: the price is 0"})
  local mos, mratio = fpa.margin_of_safety(0, 5)
  lu.assertEquals({mos, mratio}, {-5, false})
  lu.assertErrorMsgContains("FPA_EDOM: price is -1", fpa.contribution, -1, 1)
  lu.assertErrorMsgContains("price must be a number, got string", fpa.contribution, "ten", 1)
  lu.assertErrorMsgContains("variable_cost must be a number", fpa.contribution, 10)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.break_even, nan, 10, 5)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.break_even, 1000, 10, 10)
  lu.assertErrorMsgContains("mix has 2 values but price has 3", fpa.break_even_mix,
                            {1, 2, 3}, {0, 0, 0}, {1, 1}, 100)
  lu.assertErrorMsgContains('basis must be one of "units", "revenue", got euros',
                            fpa.break_even_mix, {1}, {0}, {1}, 100, 0, "euros")
  if math.maxinteger then  -- int64 cents beyond 2^53: Lua 5.3 and later
    lu.assertErrorMsgContains("FPA_EDOM", fpa.allocate, math.tointeger(2^60), {1, 2})
  end
  lu.assertErrorMsgContains("pool must be whole cents", fpa.allocate, 10.5, {1, 2})
  lu.assertErrorMsgContains("pool must be whole cents", fpa.allocate, "100", {1, 2})
  lu.assertErrorMsgContains("FPA_EDOM: driver[2] is negative", fpa.allocate, 100, {1, -1})
  lu.assertErrorMsgContains("sum to 0", fpa.allocate, 100, {0, 0})
  lu.assertErrorMsgContains("FPA_EDOM: driver[1] is NaN", fpa.allocate, 100, {nan, 1})
  lu.assertErrorMsgContains("revenue[2] is 2.5, not an integer", fpa.profitability, {1, 2.5}, {0, 0}, 0)
  lu.assertErrorMsgContains("direct_costs has 1 values", fpa.profitability, {1, 2}, {0}, 0)
  lu.assertErrorMsgContains("driver has 3 values", fpa.profitability, {1, 2}, {0, 0}, 0,
                            {1, 2, 3})
  if math.maxinteger then
    local big = math.tointeger(2^62)
    lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.profitability, {big}, {-big}, 0)
  end
  lu.assertErrorMsgContains("FPA_EDATA", fpa.logo_churn, 10, 11)
  lu.assertErrorMsgContains("FPA_EDATA", fpa.revenue_retention, 100, 80, 30)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.ltv_simple, 10, 0.5, 1.5)
  lu.assertErrorMsgContains("horizon must be a whole number", fpa.ltv_discounted, 10, 1, 0.1, 0, -1)
  lu.assertErrorMsgContains("horizon must be a whole number", fpa.ltv_curve, {1, 0.5}, 10, 1, 0, 2.5)
  lu.assertErrorMsgContains('tail must be one of "none", "geometric", got linear', fpa.ltv_curve,
                            {1, 0.5}, 10, 1, 0, 0, {tail = "linear"})
  lu.assertErrorMsgContains('tail must be one of "none", "geometric", got table', fpa.ltv_curve,
                            {1, 0.5}, 10, 1, 0, 0, {tail = {}})
  lu.assertErrorMsgContains("outside", fpa.ltv_curve, {1, 0.5}, 10, 1, 0, 0, {tail_window = 0})
  lu.assertErrorMsgContains("FPA_EDATA", fpa.ltv_curve, {1}, 10, 1)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.ltv_curve, {1, 1.05, 1.08, 1.1}, 100, 0.8, 0.01)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED: the CAC is never paid back", fpa.cac_payback,
                            5000, 100, 0.75, 0.02)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.cac_payback_curve, 1000, {100, 90, 80})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.cac_payback_curve, 10, {})
  lu.assertErrorMsgContains("FPA_EDATA", fpa.cac_paid, 100, 10, 11)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.cac_blended, 5000, 0)
  lu.assertErrorMsgContains("FPA_EUNBOUNDED", fpa.ltv_cac, 500, 0)
  -- cohort matrices
  lu.assertErrorMsgContains("observed[1] is 4, above cols", fpa.cohort_retention, {1},
                            {{1, 1, 1}}, {4})
  lu.assertErrorMsgContains("observed[1] is negative", fpa.cohort_retention, {1}, {{1, 1, 1}}, {-1})
  lu.assertErrorMsgContains("observed has 2 values", fpa.cohort_retention, {1}, {{1, 1, 1}}, {1, 1})
  lu.assertErrorMsgContains("sizes has 2 values", fpa.cohort_retention, {1, 2}, {{1, 1, 1}})
  lu.assertErrorMsgContains("FPA_EDOM: active[1][2] is NaN", fpa.cohort_retention, {1}, {{1, nan, 1}})
  lu.assertErrorMsgContains("active[1][2] is a string", fpa.cohort_retention, {1}, {{1, "x"}})
  lu.assertErrorMsgContains("weights has 1 values", fpa.retention_curve, {{1, 0.5}, {1, 0.4}}, nil, {1})
  lu.assertErrorMsgContains("FPA_EDATA: no cohort", fpa.retention_curve, {{1, 0.5}}, {0})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.ltv_cohorts, {{1, -0.5}}, 10, 1, 0, 2)
  -- cohort rows
  lu.assertErrorMsgContains("FPA_EDATA: customer 1 has cohort", fpa.cohorts_from_rows,
                            {1, 1}, {0, 1}, {1, 1})
  lu.assertErrorMsgContains("FPA_EDATA: row 1: period 0 precedes its cohort 1",
                            fpa.cohorts_from_rows, {1}, {1}, {0})
  lu.assertErrorMsgContains("period has 1 values", fpa.cohorts_from_rows, {1, 2}, {0, 0}, {0})
  lu.assertErrorMsgContains("FPA_EINVAL: n is 0", fpa.cohorts_from_rows, {}, {}, {})
  lu.assertErrorMsgContains("cohort[1] is a fraction", fpa.cohorts_from_rows, {1}, {0.5}, {1})
  lu.assertErrorMsgContains("customers are all integers or all strings", fpa.cohorts_from_rows,
                            {1, "b"}, {0, 0}, {0, 0})
  lu.assertErrorMsgContains("row 2: period must be a whole number", fpa.cohorts_from_rows,
                            {{customer = 1, cohort = 0, period = 0}, {customer = 2, cohort = 0}})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.cohorts_from_rows, {1, 2}, {0, 0}, {0, math.tointeger(2^40)})
  lu.assertErrorMsgContains("FPA_EDOM: revenue[1] is NaN", fpa.cohorts_from_rows, {1}, {0}, {0}, {nan})
  -- huge inputs are computed, not a crash
  local seed, cust, coh, per = 5, {}, {}, {}
  local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return math.floor(seed / 4096) end
  local distinct, count = {}, 0
  for k = 1, 300000 do
    cust[k] = rnd() % 50000
    coh[k] = cust[k] % 24
    per[k] = coh[k] + rnd() % 12
    if not distinct[cust[k]] then distinct[cust[k]], count = true, count + 1 end
  end
  local big <close> = fpa.cohorts_from_rows(cust, coh, per)
  lu.assertEquals({big:shape()}, {24, 35})
  local total = 0
  for _, s in ipairs(big:sizes()) do total = total + s end
  lu.assertEquals(total, count)
  local ones = {}
  for k = 1, 200000 do ones[k] = 1 end
  local parts, sum = fpa.allocate(math.tointeger(10 ^ 15), ones), 0
  for _, v in ipairs(parts) do sum = sum + v end
  lu.assertEquals(sum, math.tointeger(10 ^ 15))
end

return M
