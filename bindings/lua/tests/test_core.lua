-- SPDX-License-Identifier: GPL-3.0-or-later
-- The binding's shared layer (lfpa.c, lfpa_tables.c), on every Lua it is
-- built for: objects that check what they are given and hide their
-- metatables (issue 14 item 3), error tables with the status as a field
-- and 1-based positions (issue 17), progress and cancellation of long calls
-- (issue 14 item 12), the default horizon (issue 13), the compatibility
-- layer's integers. No computed figures are asserted: results with
-- progress are compared with the same call without it.
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}

local function season(n, scale)
  local y = {}
  for t = 1, n do y[t] = scale * (100 + 10 * math.sin(t * math.pi / 6) + t) end
  return y
end

function M.test_core_close_checks_its_argument()
  local t = fpa.hierarchy({"a"}, {false})
  local f = io.tmpfile()
  -- before: obj_free took any userdata and cleared its first word (the FILE *)
  -- (io's metatables are named "FILE*" from Lua 5.3 on)
  lu.assertErrorMsgContains("expected an fpa.tree (call methods with ':'), got ", t.close, f)
  lu.assertNotNil(f:write("still a file"))  -- the file (5.2 on), or true
  f:seek("set")
  lu.assertEquals(f:read("*a"), "still a file")
  f:close()
  lu.assertErrorMsgContains("expected an fpa.tree", t.close, {})
  lu.assertErrorMsgContains("expected an fpa.tree", t.close)
  local c = fpa.cohorts_from_rows({1, 2}, {0, 0}, {0, 1})
  local before = tostring(c)
  lu.assertErrorMsgContains("expected an fpa.tree (call methods with ':'), got fpa.cohorts",
                            t.close, c)
  lu.assertErrorMsgContains("expected an fpa.cohorts", c.close, t)
  lu.assertEquals(tostring(c), before)  -- untouched
  lu.assertEquals(t:size(), 1)
  t:close()
  c:close()
end

function M.test_core_metatables_are_protected()
  local t = fpa.hierarchy({"a", "b"}, {false, "a"})
  local c = fpa.cohorts_from_rows({1}, {0}, {0})
  -- before: getmetatable(t).__free = getmetatable(c).__free; t:close() freed
  -- the tree as a cohorts object
  lu.assertEquals(getmetatable(t), "fpa.tree")
  lu.assertEquals(getmetatable(c), "fpa.cohorts")
  lu.assertError(function() getmetatable(t).__free = getmetatable(c).__free end)
  lu.assertEquals(t:size(), 2)
  t:close()
  lu.assertEquals(tostring(t), "fpa.tree (closed)")
  lu.assertEquals(select(2, c:shape()), 1)
end

function M.test_core_errors_carry_the_status()
  local ok, e = pcall(fpa.npv, 0.1, {1, 0 / 0, 3})
  lu.assertFalse(ok)
  lu.assertEquals(type(e), "table")
  lu.assertEquals(e.status, "FPA_EDOM")
  lu.assertEquals(e.code, -2)
  lu.assertEquals(e.detail, "values[2] is NaN")  -- 1-based, as the table it names
  lu.assertEquals(e.message, select(2, fpa.status_name(-2)))
  lu.assertEquals(tostring(e), "FPA_EDOM: values[2] is NaN")
  lu.assertEquals("error: " .. e, "error: FPA_EDOM: values[2] is NaN")
  lu.assertEquals(e:match("FPA_E%u+"), "FPA_EDOM")
  lu.assertEquals({fpa.last_error()}, {"FPA_EDOM", "values[2] is NaN"})
  -- called from a Lua function, the text starts with its position, as luaL_error's
  ok, e = pcall(function() local v = fpa.npv(0.1, {1, "x"}); return v end)
  lu.assertStrMatches(tostring(e), ".*test_core%.lua:%d+: FPA_EINVAL: values%[2%] is a string, "
                      .. "not a number")
  lu.assertEquals(e.status, "FPA_EINVAL")
end

function M.test_core_positions_are_one_based()
  -- the binding's own checks and the library's details count alike
  lu.assertErrorMsgContains("x[1][3] is NaN", fpa.growth_pop, {{1, 2, 0 / 0}})
  lu.assertErrorMsgContains("x[1][3] is a string", fpa.growth_pop, {{1, 2, "3"}})
  lu.assertErrorMsgContains("series 2: ", fpa.forecast_batch, {season(24, 1), {0 / 0, 0 / 0}},
                            {strict = true, method = "naive"})
  -- a range is not a position
  lu.assertErrorMsgContains("variable_share[2] is 1.5; must be in [0, 1]", fpa.flexible_budget,
                            {1, 1}, {1, 1}, {0.5, 1.5}, {"revenue", "cost"}, 10, 10)
end

function M.test_core_a_bad_name_is_listed_with_the_valid_ones()
  -- before: the list of names took the value's place, 'nature[2] is "revenue", "cost"'
  lu.assertErrorMsgContains('nature[2] is costs; expected one of "revenue", "cost"',
                            fpa.variance, {1, 2}, {1, 2}, {"revenue", "costs"})
end

function M.test_core_one_default_horizon()
  -- include/fpa/forecast.h: FPA_FORECAST_DEFAULT_HORIZON = 18, as in Python and the CLI
  lu.assertEquals(#fpa.forecast(season(24, 1), {method = "naive"}).mean, 18)
end

local function batch(extra)
  local opts = {method = "ets", horizon = 6, period = 12, threads = 2}
  for k, v in pairs(extra or {}) do opts[k] = v end
  local ys = {}
  for i = 1, 12 do ys[i] = season(36, i) end
  ys[5] = {0 / 0, 0 / 0}  -- one series fails: its status is kept
  return fpa.forecast_batch(ys, opts)
end

function M.test_core_progress_reports_and_changes_nothing()
  local seen = {}
  local plain = batch()
  local watched = batch({progress = function(done, total) seen[#seen + 1] = {done, total} end})
  lu.assertEquals(watched.mean, plain.mean)
  lu.assertEquals(watched.lower, plain.lower)
  lu.assertEquals(watched.status, plain.status)
  lu.assertEquals(plain.status[5], "FPA_EDATA")
  lu.assertEquals(seen[1], {0, 12})
  lu.assertEquals(seen[#seen], {12, 12})
  for i = 2, #seen do lu.assertTrue(seen[i][1] >= seen[i - 1][1]) end
end

function M.test_core_progress_cancels_by_returning_true()
  local calls = 0
  local ok, e = pcall(batch, {progress = function() calls = calls + 1; return true end})
  lu.assertFalse(ok)
  lu.assertEquals(e.status, "FPA_ECANCELED")
  lu.assertStrContains(e.detail, "cancelled by the host")
  lu.assertEquals(calls, 1)
end

function M.test_core_an_error_in_progress_propagates()
  local boom = {"the host's own error"}
  local ok, e = pcall(batch, {progress = function() error(boom) end})
  lu.assertFalse(ok)
  lu.assertIs(e, boom)  -- the very value, raised once C has returned
  lu.assertEquals(batch().mean, batch().mean)  -- nothing left behind
  lu.assertErrorMsgContains("option progress must be a function", batch, {progress = 5})
end

function M.test_core_integers()
  -- whole numbers are integers on every version (before 5.3 within +-2^53)
  lu.assertEquals(fpa.allocate(100, {1, 1, 1}), {34, 33, 33})
  lu.assertErrorMsgContains("not an integer", fpa.rollforward, {1, 2.5}, {1, 2})
  if not math.maxinteger then
    lu.assertErrorMsgContains("not an integer", fpa.rollforward, {2^60}, {2^60})
  end
end

return M
