-- SPDX-License-Identifier: GPL-3.0-or-later
-- The spreadsheet references of tests/ref/wc_expected.csv, the file the C
-- and Python tests read: a cash-budget model built from cell formulas by
-- tests/ref/make_wc_ref.py and recalculated by LibreOffice Calc 7.4 and
-- gnumeric 1.12. The LibreOffice column is the reference; it prints 15
-- significant digits, hence the tolerance of `close`.
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}
local values

function M.ref(key)
  if not values then
    values = {}
    for line in io.lines(os.getenv("FPA_REF_DIR") .. "/wc_expected.csv") do
      local k, lo = line:match("^([^#,][^,]*),([^,]*),")
      if k and k ~= "key" then values[k] = tonumber(lo) end
    end
  end
  return assert(values[key], "no reference value " .. key)
end

function M.close(got, key)
  local want = M.ref(key)
  if not (math.abs(got - want) <= 1e-9 + 1e-13 * math.abs(want)) then
    lu.fail(string.format("%s: %.17g ~= %.17g", key, got, want))
  end
end

-- projection lines and the spreadsheet's names for them
M.LINES = {ar = "ar", inventory = "inv", ap = "ap", nwc = "nwc", delta_nwc = "dnwc",
           collections = "collections", purchases = "purchases", payments = "payments",
           net_cash = "net", cash = "cash"}
M.DRIVERS = {revenue = "rev", cogs = "cogs", dso = "dso", dio = "dio", dpo = "dpo",
             other_cash = "other"}

local function series(prefix, key)
  local t = {}
  for i = 1, 6 do t[i] = M.ref(string.format("%s.%s.%d", prefix, key, i - 1)) end
  return t
end
M.series = series

-- the 6-period model of make_wc_ref.py, prefix "p" (or "q", "z")
function M.plan(prefix, opts)
  prefix = prefix or "p"
  local spec = {days = series(prefix, "days"),
                opening = {ar = M.ref(prefix .. ".open.ar"), inventory = M.ref(prefix .. ".open.inv"),
                           ap = M.ref(prefix .. ".open.ap"), cash = M.ref(prefix .. ".open.cash")}}
  for d, k in pairs(M.DRIVERS) do spec[d] = series(prefix, k) end
  return fpa.wc_plan(spec, opts)
end

-- make_wc_ref.py's scenario: DSO -5 days from period 2 (0-based; Lua
-- period 3), DIO x 1.1, DPO +7 days for the suppliers with 40 % of the
-- purchases from period 1 (Lua 2), revenue set to 125,000 from period 4 (Lua 5)
function M.scenario(plan)
  return fpa.scenario(plan, {{"dso", "add", -5, 3}, {"dio", "mul", 1.1}})
    :add("dpo", "add", 0.4 * 7, 2):add("revenue", "set", 125000, 5)
end

return M
