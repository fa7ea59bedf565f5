-- SPDX-License-Identifier: GPL-3.0-or-later
-- Time value of money from Lua. Expected values: tests/ref/tvm_expected.csv,
-- recalculated by LibreOffice Calc 7.4 and gnumeric 1.12 from the formulas
-- of tests/ref/make_tvm_ref.py (the file the C and Python tests read).
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}
local SERIAL_EPOCH = 25569  -- spreadsheet serial of 1970-01-01

local function parse(formula)
  local name, body = formula:match("^(%w+)%((.*)%)$")
  local args = {}
  for tok in body:gmatch("[^;{}]+") do end
  local i = 1
  while i <= #body do
    local c = body:sub(i, i)
    if c == "{" then
      local j = body:find("}", i, true)
      local arr = {}
      for x in body:sub(i + 1, j - 1):gmatch("[^;]+") do arr[#arr + 1] = tonumber(x) end
      args[#args + 1] = arr
      i = j + 2
    else
      local j = body:find(";", i, true) or (#body + 1)
      args[#args + 1] = tonumber(body:sub(i, j - 1))
      i = j + 1
    end
  end
  return name, args
end

local function w(t) return t ~= 0 and "begin" or "end" end

local function days(serials)
  local d = {}
  for i, s in ipairs(serials) do d[i] = math.tointeger(s) - SERIAL_EPOCH end
  return d
end

local calls = {
  NPV = function(a) return fpa.npv(a[1], a[2]) end,
  IRR = function(a) return fpa.irr(a[1], a[2]) end,
  MIRR = function(a) return fpa.mirr(a[1], a[2], a[3]) end,
  XNPV = function(a) return fpa.xnpv(a[1], days(a[3]), a[2]) end,
  XIRR = function(a) return fpa.xirr(days(a[2]), a[1], a[3]) end,
  PMT = function(a) return fpa.pmt(a[1], a[2], a[3], a[4], w(a[5])) end,
  PV = function(a) return fpa.pv(a[1], a[2], a[3], a[4], w(a[5])) end,
  FV = function(a) return fpa.fv(a[1], a[2], a[3], a[4], w(a[5])) end,
  NPER = function(a) return fpa.nper(a[1], a[2], a[3], a[4], w(a[5])) end,
  RATE = function(a) return fpa.rate(a[1], a[2], a[3], a[4], w(a[5]), a[6]) end,
  IPMT = function(a) return fpa.ipmt(a[1], a[2], a[3], a[4], a[5], w(a[6])) end,
  PPMT = function(a) return fpa.ppmt(a[1], a[2], a[3], a[4], a[5], w(a[6])) end,
  CUMIPMT = function(a) return fpa.cumipmt(a[1], a[2], a[3], a[4], a[5], w(a[6])) end,
  CUMPRINC = function(a) return fpa.cumprinc(a[1], a[2], a[3], a[4], a[5], w(a[6])) end,
  EFFECT = function(a) return fpa.effect(a[1], a[2]) end,
  NOMINAL = function(a) return fpa.nominal(a[1], a[2]) end,
  SLN = function(a) return fpa.sln(a[1], a[2], a[3]) end,
  SYD = function(a) return fpa.syd(a[1], a[2], a[3], a[4]) end,
  DDB = function(a) return fpa.ddb(a[1], a[2], a[3], a[4], a[5]) end,
  DB = function(a) return fpa.db(a[1], a[2], a[3], a[4], a[5]) end,
}

local function magnitude(args)
  local m = 1
  for _, a in ipairs(args) do
    if type(a) == "table" then
      for _, x in ipairs(a) do m = math.max(m, math.abs(x)) end
    else
      m = math.max(m, math.abs(a))
    end
  end
  return m
end

function M.test_spreadsheet_references()
  local dir = os.getenv("FPA_REF_DIR")
  local failures, count = {}, 0
  for line in io.lines(dir .. "/tvm_expected.csv") do
    if not line:match("^#") and not line:match("^formula,") then
      local formula, lo, gn, expect = line:match("^(.-),([^,]*),([^,]*),([^,]*)$")
      local name, args = parse(formula)
      local want, want_error
      if expect:match("^value=") then
        want = tonumber(expect:sub(7))
      elseif expect == "lo" or expect == "gnumeric" then
        want = tonumber(expect == "lo" and lo or gn)
        want_error = want == nil and "FPA_E" or nil
      else
        want_error = "FPA_" .. expect
      end
      local ok, got = pcall(calls[name], args)
      count = count + 1
      if want_error then
        if ok then
          failures[#failures + 1] = formula .. ": returned " .. tostring(got)
        elseif not tostring(got):find(want_error, 1, true) then
          failures[#failures + 1] = formula .. ": wrong error " .. tostring(got)
        end
      elseif not ok then
        failures[#failures + 1] = formula .. ": " .. tostring(got)
      elseif not (math.abs(got - want) <= 1e-9 * math.abs(want) + 1e-12 * magnitude(args)) then
        failures[#failures + 1] = string.format("%s: %.17g ~= %.17g", formula, got, want)
      end
    end
  end
  lu.assertTrue(count >= 270)
  lu.assertEquals(failures, {})
end

function M.test_dates_in_every_form()
  -- LibreOffice: =XIRR({-10000;2750;4250;3250;2750}; {DATE(2008;1;1);
  --   DATE(2008;3;1);DATE(2008;10;30);DATE(2009;2;15);DATE(2009;4;1)}) = 0.373362533518832
  local amounts = {-10000, 2750, 4250, 3250, 2750}
  local iso = {"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"}
  local tables, numbers = {}, {}
  for i, s in ipairs(iso) do
    local y, m, d = s:match("(%d+)-(%d+)-(%d+)")
    tables[i] = {year = tonumber(y), month = tonumber(m), day = tonumber(d)}
    numbers[i] = fpa.date(s)
  end
  for _, dates in ipairs({iso, tables, numbers}) do
    lu.assertAlmostEquals(fpa.xirr(dates, amounts), 0.373362533518832, 1e-12)
  end
  lu.assertEquals(fpa.date("2000-01-01"), 10957)  -- Python: date(2000,1,1) - date(1970,1,1)
  lu.assertEquals({fpa.ymd(11016)}, {2000, 2, 29})
  lu.assertEquals(fpa.ymd(0, true), "1970-01-01")
  lu.assertErrorMsgContains("FPA_EDOM", fpa.date, "2023-02-29")
  lu.assertErrorMsgContains("not a YYYY-MM-DD date", fpa.date, "yesterday")
end

function M.test_bad_input_is_a_lua_error()
  lu.assertErrorMsgContains("FPA_EDOM: values[2] is NaN", fpa.npv, 0.1, {1, 0 / 0, 3})
  lu.assertErrorMsgContains("values[2] is a string", fpa.npv, 0.1, {1, "x", 3})
  lu.assertErrorMsgContains("values must be a table", fpa.npv, 0.1, 5)
  lu.assertErrorMsgContains("rate must be a number", fpa.npv, nil, {1})
  lu.assertErrorMsgContains("FPA_ENOCONV", fpa.irr, {100, 200})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.pmt, 0.1, 10, 1000, 0, "sometimes")
  lu.assertErrorMsgContains("dates has 2 values but amounts has 3", fpa.xirr,
                            {"2020-01-01", "2021-01-01"}, {-1, 1, 1})
  local name, detail = fpa.last_error()
  lu.assertEquals(name, "FPA_ENOCONV")
  lu.assertStrContains(detail, "negative")
  -- a huge table is fine
  local big = {-1.5e6}
  for i = 2, 1000000 do big[i] = 1 end
  lu.assertTrue(fpa.irr(big) > -1)
end

function M.test_xirr_batch_equals_single()
  local schedules = {}
  local seed = 7
  local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 end
  for k = 1, 40 do
    local dates, amounts, d = {}, {}, 18000
    for i = 1, 2 + k % 9 do
      dates[i] = d
      d = d + 1 + math.floor(rnd() * 80)
      amounts[i] = i == 1 and -1000 or (rnd() * 350 - 50)
    end
    schedules[k] = {dates, amounts}
  end
  local rates, errors = fpa.xirr_batch(schedules, 0.1, {threads = 2})
  for k, s in ipairs(schedules) do
    local ok, r = pcall(fpa.xirr, s[1], s[2])
    if ok then lu.assertEquals(rates[k], r) else lu.assertNotNil(errors[k]) end
  end
end

function M.test_version_and_options()
  local v, n = fpa.version()
  lu.assertEquals(v, fpa._VERSION)
  lu.assertEquals(math.floor(n / 10000), 1)
  local opts = fpa.options()
  lu.assertEquals(opts.threads.max, 1024)
  lu.assertEquals(opts.seed.default, 42)
  lu.assertErrorMsgContains("no option", fpa.xirr_batch, {{{0, 365}, {-1, 2}}}, 0.1, {nonsense = 1})
  lu.assertErrorMsgContains("outside", fpa.xirr_batch, {{{0, 365}, {-1, 2}}}, 0.1, {threads = -1})
  lu.assertEquals(fpa.status_name(-2), "FPA_EDOM")
end

-- Every IRR (fpa_tvm_irr_roots). -100 + 225 g^-1 - 123.5 g^-2 = 0 is
-- -100 (g - 0.95)(g - 1.3) / g^2: the rates -5 % and 30 %. numpy.roots
-- ([100, -100, 0, 7]) gives g = 0.91670033 and 0.32110563 (and a negative
-- g, no rate) for -100 + 100/g - 7/g^3. fpa.irr stays the spreadsheet's.
function M.test_irr_roots()
  local r = fpa.irr_roots({-100, 225, -123.5})
  lu.assertEquals(#r, 2)
  lu.assertAlmostEquals(r[1], -0.05, 1e-13)
  lu.assertAlmostEquals(r[2], 0.3, 1e-13)
  r = fpa.irr_roots({-100, 100, 0, -7})
  lu.assertAlmostEquals(r[1], 0.32110563 - 1, 1e-8)
  lu.assertAlmostEquals(r[2], 0.91670033 - 1, 1e-8)
  lu.assertEquals(fpa.irr_roots({100, 200}), {})
  lu.assertEquals(fpa.irr_roots({1, -2, 1.5}), {})
  lu.assertAlmostEquals(fpa.irr({-100, 225, -123.5}, 0), -0.05, 1e-12)
  lu.assertErrorMsgContains("FPA_EDOM", fpa.irr_roots, {1, 0 / 0})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.irr_roots, {1})
  lu.assertErrorMsgContains("FPA_EINVAL", fpa.irr_roots, nil)
end

return M
