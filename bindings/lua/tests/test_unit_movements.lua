-- SPDX-License-Identifier: GPL-3.0-or-later
-- Customer movements from Lua (fpa.customer_counts, fpa.revenue_movements,
-- fpa.logo_churn_mean) against tests/ref/movements_expected.csv, which
-- tests/ref/make_movements_ref.py derives with pandas (groupby, nunique,
-- set arithmetic) from tests/ref/cohort_rows.csv.
local lu = require "luaunit"
local fpa = require "fpa"
local ref = require "unit_kpi_ref"

local M = {}

local function rows()
  local cust, coh, per, rev = {}, {}, {}, {}
  for _, r in ipairs(ref.csv("cohort_rows.csv")) do
    cust[#cust + 1], coh[#coh + 1], per[#per + 1], rev[#rev + 1] =
      math.tointeger(r.customer), math.tointeger(r.cohort), math.tointeger(r.period), r.revenue
  end
  return cust, coh, per, rev
end

local function expected()
  local out = {}
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/movements_expected.csv") do
    if not line:match("^#") then
      local f = {}
      for x in line:gmatch("[^,]+") do f[#f + 1] = x end
      out[#out + 1] = f
    end
  end
  return out
end

function M.test_unit_movements_match_pandas()
  local cust, coh, per, rev = rows()
  local active, acquired, lost = fpa.customer_counts(cust, coh, per, -1, 12)
  local seen = 0
  for _, r in ipairs(expected()) do
    if r[1] == "counts" then
      local k = math.tointeger(r[2]) + 2
      lu.assertEquals({active[k], acquired[k], lost[k]},
                      {tonumber(r[3]), tonumber(r[4]), tonumber(r[5])})
    elseif r[1] == "movements" then
      local m = fpa.revenue_movements(cust, per, rev, math.tointeger(r[2]), math.tointeger(r[3]))
      for k, name in ipairs({"mrr_start", "churned", "contraction", "expansion"}) do
        lu.assertAlmostEquals(m[name], tonumber(r[3 + k]), 1e-9)
      end
    else
      local a, l = {}, {}
      for k = math.tointeger(r[2]) + 2, math.tointeger(r[3]) + 2 do
        a[#a + 1], l[#l + 1] = active[k], lost[k]
      end
      lu.assertAlmostEquals(fpa.logo_churn_mean(a, l), tonumber(r[4]), 1e-15)
    end
    seen = seen + 1
  end
  lu.assertEquals(seen, 20)
end

function M.test_unit_movements_bad_input()
  lu.assertErrorMsgContains("has cohort", fpa.customer_counts, {1, 1}, {0, 1}, {0, 1}, 0, 2)
  lu.assertErrorMsgContains("first must be a whole number", fpa.customer_counts, {1}, {0}, {0},
                            0.5, 2)
  lu.assertErrorMsgContains("end", fpa.revenue_movements, {1}, {0}, {1.0}, 1, 1)
  lu.assertErrorMsgContains("no period", fpa.logo_churn_mean, {0, 0}, {0, 0})
  -- string customers are numbered like integers
  local a1 = fpa.customer_counts({"x", "y", "x"}, {0, 0, 0}, {0, 0, 1}, 0, 2)
  lu.assertEquals(a1, {2, 1})
end

return M
