-- SPDX-License-Identifier: GPL-3.0-or-later
-- Hierarchical forecasting from Lua. Expected values:
-- [FPP3] Hyndman & Athanasopoulos, Forecasting: Principles and Practice,
--        3rd ed., sections 11.2-11.3, worked by hand (the working is in
--        tests/test_hierarchy.c and repeated below);
-- [R]    tests/ref/hier_ref.txt, `Rscript tests/ref/make_hier_ref.R`
--        (forecast 8.20 naive(), corpcor 1.6.10, FPP3's G formula).
local lu = require "luaunit"
local fpa = require "fpa"
local R = require "forecast_ref"

local M = {}

local function close(got, want, rel)
  lu.assertTrue(math.abs(got - want) <= rel * math.abs(want) + 1e-12,
                string.format("%.17g ~= %.17g", got, want))
end

-- [FPP3] Total = A + B, naive base forecasts (the last values) 10, 4, 5:
-- bottom-up 9 = 4 + 5; top-down A = 10 * 4/9, B = 10 * 5/9; OLS shares the
-- coherence error d = 1 equally, 29/3 = 13/3 + 16/3; WLS structural
-- (W = diag(2, 1, 1)) ytilde = yhat - (2, -1, -1) d / 4 = 9.5, 4.25, 5.25.
function M.test_hierarchy_fpp3_two_leaves()
  local tree = fpa.hierarchy({{"Total"}, {"A", "Total"}, {"B", "Total"}})
  local data = {Total = {11, 12, 10}, A = {3, 6, 4}, B = {7, 5, 5}}
  local want = {
    bottom_up = {9, 4, 5}, top_down = {10, 40 / 9, 50 / 9},
    ols = {29 / 3, 13 / 3, 16 / 3}, wls_struct = {9.5, 4.25, 5.25},
  }
  for method, w in pairs(want) do
    local r = fpa.hierarchical_forecast(tree, data, {method = "naive", reconcile = method,
                                                     horizon = 1, period = 1, level = false})
    lu.assertEquals(r.method, method)
    for i, id in ipairs({"Total", "A", "B"}) do close(r.mean[id][1], w[i], 1e-14) end
    lu.assertEquals(r.base_mean.Total, {10})
  end
end

function M.test_hierarchy_against_r()
  local cases = R.of(R.load("hier_ref.txt"), "hier")
  lu.assertEquals(#cases, 2)
  for _, c in ipairs(cases) do
    local n, T, h = #c.parent, c.periods[1], c.h[1]
    local pairs_, data = {}, {}
    for i = 1, n do
      pairs_[i] = {"n" .. (i - 1), c.parent[i] >= 0 and "n" .. c.parent[i] or nil}
      data[i] = {}
      for t = 1, T do data[i][t] = c.data[(i - 1) * T + t] end
    end
    local tree = fpa.hierarchy(pairs_)
    for _, method in ipairs(fpa.RECONCILE_METHODS) do
      local r = fpa.hierarchical_forecast(tree, data, {
        method = "naive", reconcile = method, horizon = h, period = 1, level = c.levels,
        aggregates = c.mode[1] == 1 and "sum" or "given"})
      close(r.shrinkage, c.lambda[1], 1e-12)
      local nl = #c.levels
      for i = 1, n do
        local id = r.ids[i]
        for j = 1, h do
          close(r.mean[id][j], c["mean_" .. method][(i - 1) * h + j], 1e-10)
          for k = 1, nl do
            local at = ((i - 1) * nl + k - 1) * h + j
            close(r.lower[id][k][j], c["lo_" .. method][at], 1e-9)
            close(r.upper[id][k][j], c["up_" .. method][at], 1e-9)
          end
        end
      end
    end
  end
end

-- Reconciled forecasts add up at every node, for each method and both
-- kinds of intervals; the rows may be keyed by id, and with aggregates =
-- "sum" only the leaves are needed.
function M.test_hierarchy_adds_up()
  local tree = fpa.hierarchy({{"Group"}, {"EMEA", "Group"}, {"US", "Group"}, {"UK", "EMEA"},
                              {"DE", "EMEA"}})
  local data = {UK = {}, DE = {}, US = {}}
  for t = 1, 30 do
    data.UK[t] = 100 + 10 * math.sin(t / 2) + t
    data.DE[t] = 80 + 5 * math.cos(t / 3)
    data.US[t] = t < 6 and false or 200 + 2 * t + 3 * math.sin(t)  -- launched in month 6
  end
  for _, method in ipairs(fpa.RECONCILE_METHODS) do
    for _, iv in ipairs({"gaussian", "simulate"}) do
      local r = fpa.hierarchical_forecast(tree, data, {
        aggregates = "sum", method = "ses", reconcile = method, intervals = iv, horizon = 3,
        level = 90, npaths = 300, seed = 5})
      for j = 1, 3 do
        lu.assertEquals(r.mean.EMEA[j], r.mean.UK[j] + r.mean.DE[j])
        lu.assertEquals(r.mean.Group[j], r.mean.EMEA[j] + r.mean.US[j])
        lu.assertTrue(r.lower.Group[j] < r.mean.Group[j] and r.upper.Group[j] > r.mean.Group[j])
      end
      lu.assertEquals(r.levels, {90})
      lu.assertStrContains(r.models.UK, "ETS(A,N,N)")
    end
  end
end

function M.test_hierarchy_errors()
  local tree = fpa.hierarchy({{"Total"}, {"A", "Total"}, {"B", "Total"}})
  local data = {{9, 9, 9}, {4, 0 / 0, 4}, {5, 5, 5}}
  lu.assertErrorMsgContains('FPA_EDOM: node "A" (2), period 2 is NaN',
                            fpa.hierarchical_forecast, tree, data)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.hierarchical_forecast, tree, {{1, 2}, {3}})
  lu.assertErrorMsgContains("reconcile", fpa.hierarchical_forecast, tree,
                            {{9, 9}, {4, 4}, {5, 5}}, {reconcile = "mint_cov"})
  lu.assertErrorMsgContains("method", fpa.hierarchical_forecast, tree,
                            {{9, 9}, {4, 4}, {5, 5}}, {method = "nope"})
  lu.assertErrorMsgContains("fpa.tree", fpa.hierarchical_forecast, {}, {})
  lu.assertErrorMsgContains('children of "Total" sum to 0', fpa.hierarchical_forecast, tree,
                            {{1, 0}, {2, 1}, {-2, -1}}, {method = "naive",
                                                         reconcile = "top_down"})
end

return M
