-- SPDX-License-Identifier: GPL-3.0-or-later
-- The figures the fpa review pack takes from the library, from Lua:
-- fpa.trailing_stats and fpa.residual_correlation against R (the numbers
-- printed by tests/ref/make_review_figures_ref.R: mean(), sd(), and
-- cor(diff(a), diff(b)) since a naive model's residuals are the first
-- differences), fpa.wc_history against three months worked by hand (as in
-- tests/test_wc_history.c).
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}

local function close(got, want, tol)
  lu.assertTrue(math.abs(got - want) <= tol * math.abs(want) + 1e-12,
                string.format("%.17g, expected %.17g", got, want))
end

function M.test_figures_trailing_stats_against_r()
  local x = {3, false, 4.5, 7, false, 10, 12.25}
  local mean, sd, k = fpa.trailing_stats(x, 3)
  lu.assertEquals(k, 3)
  close(mean, 9.75, 1e-15)
  close(sd, 2.6339134382131846, 1e-15)
  mean, sd, k = fpa.trailing_stats(x)
  lu.assertEquals(k, 5)
  close(mean, 7.35, 1e-15)
  close(sd, 3.8144462245521304, 1e-15)
  mean, sd, k = fpa.trailing_stats(x, 1)
  lu.assertEquals({mean, sd, k}, {12.25, false, 1})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.trailing_stats, {false, false})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.trailing_stats, {1, 2}, 0)
end

function M.test_figures_residual_correlation_against_r()
  local a = {100, 104, 103, 110, 108, 115, 121, 119}
  local b = {60, 63, 61, 67, 66, 69, 74, 72}
  local ma = fpa.forecast_model(a, {method = "naive", period = 1})
  local mb = fpa.forecast_model(b, {method = "naive", period = 1})
  close(fpa.residual_correlation(ma, a, mb, b), 0.94499274702089975, 1e-14)
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.residual_correlation, ma, {1, 2}, mb, b)
end

function M.test_figures_wc_history_by_hand()
  local h = fpa.wc_history{days = {30, 31, 30}, revenue = {1000, 1200, 500},
                           cogs = {600, 700, 0}, ar = {500, 620, 250},
                           inventory = {300, 280, 0}, ap = {200, 210, 0},
                           cash = {1000, 1100, 900}}
  local want = {dso = {15, 620 / 1200 * 31, 15}, dio = {15, 12.4, 0}, dpo = {10, 9.3, 0},
                nwc = {600, 690, 250}, other_cash = {false, -310, -1140},
                collections = {false, 1080, 870}, cash_out = {false, 980, 1070},
                net_burn = {false, -100, 200}}
  for k, v in pairs(want) do
    for t = 1, 3 do
      if v[t] == false then lu.assertEquals(h[k][t], false, k)
      else close(h[k][t], v[t], 1e-14) end
    end
  end
  local one = fpa.wc_history{days = 30, revenue = {0, 100}, cogs = {0, 50}, ar = {10, 10},
                             cash = {5, 5}}
  lu.assertEquals(one.dso[1], false)
  close(one.dso[2], 3, 1e-15)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.wc_history,
                            {days = {30, 0}, revenue = {1, 1}, cogs = {1, 1}, ar = {1, 1},
                             cash = {1, 1}})
end

return M
