-- SPDX-License-Identifier: GPL-3.0-or-later
-- Time value of money from Lua. Expected values: tests/ref/tvm_expected.csv
-- and tests/ref/tvm_roots_expected.csv, recalculated by LibreOffice Calc 7.4
-- and gnumeric 1.12 from the formulas of tests/ref/make_tvm_ref.py and
-- make_tvm_roots_ref.py (the files the C and Python tests read);
-- tests/ref/tvm_daycount_expected.csv (YEARFRAC, make_tvm_daycount_ref.py);
-- one-year-at-10 % schedules on each day-count basis, worked by hand.
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
  for i, s in ipairs(serials) do d[i] = math.floor(s) - SERIAL_EPOCH end
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

local function csv_rows(name)
  local rows = {}
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/" .. name) do
    if not line:match("^#") and not line:match("^formula,") then
      local formula, lo, gn, expect = line:match('^"?(.-)"?,([^,]*),([^,]*),([^,]*)$')
      rows[#rows + 1] = {formula, lo, gn, expect}
    end
  end
  return rows
end

-- |equation| / sum of its terms' magnitudes at rate r
local function residual(name, a, r)
  local q, sum, mag = 1 + r, 0, 0
  local function add(t) sum = sum + t; mag = mag + math.abs(t) end
  if name == "IRR" then
    for i, v in ipairs(a[1]) do add(v * q ^ -(i - 1)) end
  elseif name == "XIRR" then
    for i, v in ipairs(a[1]) do add(v * q ^ (-(a[2][i] - a[2][1]) / 365)) end
  else
    local n, pmt, pv, fv, when = a[1], a[2], a[3], a[4], a[5]
    add(pv * q ^ n)
    add(pmt * (1 + r * when) * (r == 0 and n or (q ^ n - 1) / r))
    add(fv)
  end
  return math.abs(sum) / mag
end

-- The spreadsheet's root on 1,803 random RATE, IRR and XIRR cases: where
-- LibreOffice gives a rate, the same rate; where it gives an error,
-- FPA_ENOCONV or a rate at which the equation is zero.
function M.test_spreadsheet_roots()
  local equal, cases, failures = 0, 0, {}
  for _, row in ipairs(csv_rows("tvm_roots_expected.csv")) do
    local formula, lo, expect = row[1], row[2], row[4]
    local name, args = parse(formula)
    local ok, got = pcall(calls[name], args)
    if expect == "lo" then
      cases = cases + 1
      local want = tonumber(lo)
      if ok and math.abs(got - want) <= 1e-9 * math.abs(want) + 1e-10 then
        equal = equal + 1
      else
        failures[#failures + 1] = formula:sub(1, 80) .. ": " .. tostring(got)
      end
    elseif ok and not (got > -1 and residual(name, args, got) < 1e-9) then
      failures[#failures + 1] = formula:sub(1, 80) .. ": no root " .. tostring(got)
    elseif not ok and not tostring(got):find("FPA_ENOCONV", 1, true) then
      failures[#failures + 1] = formula:sub(1, 80) .. ": " .. tostring(got)
    end
  end
  lu.assertEquals(failures, {})
  lu.assertTrue(cases >= 1400)
  lu.assertEquals(equal, cases)
end

function M.test_year_fractions_of_the_spreadsheet()
  local basis = {[0] = "30/360 US", "ACT/ACT ISDA", "ACT/360", "ACT/365F", "30E/360"}
  local n = 0
  for _, row in ipairs(csv_rows("tvm_daycount_expected.csv")) do
    local a, b, k = row[1]:match("YEARFRAC%((%d+);(%d+);(%d)%)")
    local got = fpa.year_fraction(tonumber(a) - SERIAL_EPOCH, tonumber(b) - SERIAL_EPOCH,
                                  basis[tonumber(k)])
    local want = tonumber(row[2])
    lu.assertTrue(math.abs(got - want) <= 1e-13 * (1 + math.abs(want)), row[1])
    n = n + 1
  end
  lu.assertTrue(n >= 700)
end

-- One year at 10 % on each basis, by hand: 110 / (1 + r) = 100.
function M.test_day_count_bases()
  local one_year = {["ACT/365F"] = {"2023-01-01", "2024-01-01"},
                    ["ACT/360"] = {"2023-01-01", "2023-12-27"},
                    ["ACT/ACT ISDA"] = {"2024-01-01", "2025-01-01"},
                    ["30/360 US"] = {"2023-01-31", "2024-01-31"},
                    ["30E/360"] = {"2023-02-28", "2024-02-28"},
                    ["NL/365"] = {"2023-03-01", "2024-03-01"}}
  for basis, dates in pairs(one_year) do
    lu.assertEquals(fpa.year_fraction(dates[1], dates[2], basis), 1)
    lu.assertAlmostEquals(fpa.xirr(dates, {-100, 110}, 0.1, basis), 0.1, 1e-12)
    lu.assertAlmostEquals(fpa.xnpv(0.1, dates, {-100, 110}, basis), 0, 1e-12)
  end
  lu.assertEquals(#fpa.day_counts, 7)
  lu.assertEquals(fpa.day_counts[1], "ACT/365F")
  lu.assertEquals(fpa.year_fraction("2007-12-28", "2008-02-29", "30U/360"), 61 / 360)
  lu.assertErrorMsgContains("names no day-count basis", fpa.xirr, {0, 365}, {-1, 2}, 0.1,
                            "30/360")
  local rates = fpa.xirr_batch({{{"2023-01-01", "2023-12-27"}, {-100, 110}}}, 0.1,
                               {day_count = "ACT/360"})
  lu.assertAlmostEquals(rates[1], 0.1, 1e-12)
end

-- The scalar functions over tables, in one call: the scalar results, element by element.
function M.test_tables()
  local rates = {0.01, 0.02, 0.03}
  local got = fpa.pmt(rates, 12, 1000)
  for i, r in ipairs(rates) do lu.assertEquals(got[i], fpa.pmt(r, 12, 1000)) end
  got = fpa.pmt(0.01, {12, 24}, {1000, 2000}, 0, {"end", "begin"})
  lu.assertEquals(got[2], fpa.pmt(0.01, 24, 2000, 0, "begin"))
  got = fpa.rate({48, 360}, {-200, -1073.64324602428}, {8000, 200000})
  lu.assertEquals(got[1], fpa.rate(48, -200, 8000))
  lu.assertErrorMsgContains("FPA_EDOM: element 2: rate is NaN", fpa.pmt, {0.01, 0 / 0}, 12, 1000)
  lu.assertErrorMsgContains("nper has 3 values but rate has 2", fpa.pmt, {0.01, 0.02},
                            {1, 2, 3}, 1000)
  lu.assertErrorMsgContains("rate[2] must be a number", fpa.pmt, {0.01, "x"}, 12, 1000)
  lu.assertErrorMsgContains("when[1]", fpa.pmt, {0.01}, 12, 1000, 0, {"sometimes"})
  local npvs = fpa.npv({0.05, 0.1}, {-100, 60, 60})
  lu.assertEquals(npvs[2], fpa.npv(0.1, {-100, 60, 60}))
  lu.assertErrorMsgContains("rate[2]", fpa.npv, {0.05, -2}, {-100, 60, 60})
  lu.assertEquals(fpa.sln({}, 1, 2), {})
end

-- One date grammar (fpa_date_parse), and no silent wrapping of big numbers (issue 14).
function M.test_dates_are_checked()
  for _, text in ipairs({"2024", "2024-03", "2024-3-5", " 2024-03-05", "2024-03-05T10:00",
                         "4294969320-01-01"}) do
    lu.assertErrorMsgContains("not a YYYY-MM-DD date", fpa.date, text)
  end
  lu.assertEquals(fpa.date("+2024-03-05"), fpa.date("2024-03-05"))
  lu.assertErrorMsgContains("FPA_EDOM", fpa.date, {year = 4294969320, month = 1, day = 1})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.date, {year = 2024, month = -4294967295, day = 1})
  lu.assertErrorMsgContains("FPA_EDOM", fpa.date, {year = 2024, month = 1, day = 4294967297})
  lu.assertEquals(fpa.date({year = 2024, month = 3, day = 5}), fpa.date("2024-03-05"))
end

return M
