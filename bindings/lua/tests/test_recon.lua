-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reconciliation in exact money from Lua. Expected values are the
-- hand-worked cases of tests/test_recon.c (the working is written out
-- there), and for statement matching an independent brute-force maximum
-- bipartite matching (Kuhn's augmenting paths) written in this file.
local lu = require "luaunit"
local fpa = require "fpa"

local M = {}

-- tests/test_recon.c rollforward_by_hand: two accounts, three periods,
-- three movement columns, cents; breaks at (1, p3) opening +1 and (2, p1)
-- closing -50
local OPEN = {{100000000, 100700000, 99900001}, {5000, 5200, 5200}}
local MOV = {{{2500000, -1000000, -800000}, {0, 0, -800000}, {1000000, 0, -800000}},
             {{250, 0, 0}, {0, 0, 0}, {0, 0, -200}}}
local CLOSE = {{100700000, 99900000, 100100001}, {5200, 5200, 5000}}
local PRIOR = {100000000, 5000}

function M.test_recon_rollforward_by_hand()
  local cd, od, breaks = fpa.rollforward(OPEN, CLOSE, MOV, PRIOR)
  lu.assertEquals(cd, {{0, 0, 0}, {-50, 0, 0}})
  lu.assertEquals(od, {{0, 0, 1}, {0, 0, 0}})
  lu.assertEquals(breaks, 2)
  lu.assertTrue(math.type(cd[2][1]) == "integer")
  lu.assertEquals(select(3, fpa.rollforward(OPEN, CLOSE, MOV, PRIOR, {tolerance = 1})), 1)
  lu.assertEquals(select(3, fpa.rollforward(OPEN, CLOSE, MOV, PRIOR, {tolerance = 50})), 0)
  local _, od2 = fpa.rollforward(OPEN, CLOSE, MOV, {1, 1})
  lu.assertEquals({od2[1][1], od2[2][1]}, {99999999, 4999})
  _, od2 = fpa.rollforward(OPEN, CLOSE, MOV)
  lu.assertEquals({od2[1][1], od2[2][1]}, {0, 0})
  -- one net movement per cell, and none
  local net = {{700000, -800000, 200000}, {250, 0, -200}}
  lu.assertEquals(select(3, fpa.rollforward(OPEN, CLOSE, net, PRIOR)), 2)
  lu.assertEquals(select(3, fpa.rollforward({{7, 7}}, {{7, 7}})), 0)
  -- one account as plain sequences, prior closing as a number
  cd, od, breaks = fpa.rollforward({5000, 5200, 5200}, {5200, 5200, 5000}, {250, 0, -200}, 5000)
  lu.assertEquals(cd, {-50, 0, 0})
  lu.assertEquals(breaks, 1)
end

function M.test_recon_rollforward_overflow_and_bad_input()
  if math.maxinteger then  -- int64 and floats apart from integers: Lua 5.3 and later
  -- exact sums (issue 14, item 11): 0 - (2^63 - 1 + 1) is math.mininteger
  local cd = fpa.rollforward({{0, math.maxinteger}}, {{0, 0}}, {{0, 1}})
  lu.assertEquals(cd[1][2], math.mininteger)
  lu.assertErrorMsgContains("FPA_EOVERFLOW: account 1, period 2: closing - (opening + "
                            .. "movements) overflows int64", fpa.rollforward,
                            {{0, math.maxinteger}}, {{0, -1}}, {{0, 1}})
  lu.assertErrorMsgContains("closing - (opening + movements) overflows", fpa.rollforward,
                            {{1}}, {{math.mininteger}})
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.rollforward, {{math.mininteger}},
                            {{math.mininteger}}, nil, {1})
  -- floats are refused, not rounded: 12.0 may be dollars
  lu.assertErrorMsgContains("opening[2] is 12, not an integer", fpa.rollforward, {1, 12.0},
                            {1, 2})
  end
  lu.assertErrorMsgContains("closing[1][2] is 12.5, not an integer", fpa.rollforward,
                            {{1, 2}}, {{1, 12.5}})
  lu.assertErrorMsgContains("nan, not an integer", fpa.rollforward, {0 / 0},
                            {1})
  lu.assertErrorMsgContains("movements[1][2][3] is a string", fpa.rollforward, OPEN, CLOSE,
                            {{{1, 2, 3}, {1, 2, "x"}, {1, 2, 3}}, {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}})
  lu.assertErrorMsgContains("movements[1][2] has 2 movements, the first cell 3",
                            fpa.rollforward, OPEN, CLOSE,
                            {{{1, 2, 3}, {1, 2}, {1, 2, 3}}, {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}})
  lu.assertErrorMsgContains("movements has 1 rows, opening has 2", fpa.rollforward, OPEN,
                            CLOSE, {{1, 2, 3}})
  lu.assertErrorMsgContains("opening is 2 x 3 but closing is 1 x 3", fpa.rollforward, OPEN,
                            {{1, 2, 3}})
  lu.assertErrorMsgContains("prior_closing has 1 values for 2 accounts", fpa.rollforward,
                            OPEN, CLOSE, MOV, {1})
  lu.assertErrorMsgContains("opening is empty", fpa.rollforward, {}, {})
  lu.assertErrorMsgContains("outside", fpa.rollforward, {1}, {1}, nil, nil, {tolerance = -1})
end

-- tests/test_recon.c tieout_by_hand
local GL = {1250000, -830000, 500000}
local SUB = {400000, -300000, 350000, -530001, 500000}
local ACCT = {1, 2, 1, 2, 1}

function M.test_recon_tieout_by_hand()
  local tot, diff, breaks = fpa.tieout(GL, SUB, ACCT)
  lu.assertEquals(tot, {1250000, -830001, 0})
  lu.assertEquals(diff, {0, 1, 500000})
  lu.assertEquals(breaks, 2)
  lu.assertEquals(select(3, fpa.tieout(GL, SUB, ACCT, {tolerance = 1})), 1)
  _, diff = fpa.tieout(GL, {}, {})
  lu.assertEquals(diff, GL)
  lu.assertErrorMsgContains("FPA_EDATA: sub_account[2] = 4 names no control account "
                            .. "(there are 3)", fpa.tieout, GL, {1, 2}, {1, 4})
  if math.maxinteger then
  lu.assertErrorMsgContains("FPA_EOVERFLOW: the sub-ledger total of account 3 overflows "
                            .. "int64", fpa.tieout, GL, {math.maxinteger, 1}, {3, 3})
  -- the order of the entries does not decide: both total math.maxinteger
  for _, e in ipairs({{math.maxinteger, 1, -1}, {math.maxinteger, -1, 1}}) do
    local sub, d = fpa.tieout({math.maxinteger}, e, {1, 1, 1})
    lu.assertEquals(sub[1], math.maxinteger)
    lu.assertEquals(d[1], 0)
  end
  lu.assertErrorMsgContains("FPA_EOVERFLOW", fpa.tieout, {math.mininteger}, {1}, {1})
  end
  lu.assertErrorMsgContains("gl_balance is empty", fpa.tieout, {}, {}, {})
  lu.assertErrorMsgContains("5 entries but sub_account has 4", fpa.tieout, GL, SUB,
                            {1, 2, 1, 2})
  lu.assertErrorMsgContains("gl_balance[1] is 1.5", fpa.tieout, {1.5}, {}, {})
end

-- tests/test_recon.c matching_by_hand (0-based there; 1-based here)
local LEDGER = {amount = {10000, 10000, 5000, 5000, 7700, 10000},
                date = {100, 101, 100, 110, 200, 102},
                ref = {"INV-1", "INV-2", false, "", "X", false}}
local STMT = {amount = {10000, 10000, 5000, 7700, 5000, 10000},
              date = {103, 100, 104, 204, 99, 99},
              ref = {"INV-2", "BANKREF", false, "X", false, false}}

function M.test_recon_matching_by_hand()
  local m = fpa.match_statement(LEDGER, STMT)
  lu.assertEquals(m.ledger, {6, 1, 5, false, false, 2})
  lu.assertEquals(m.statement, {2, 6, false, false, 3, 1})
  lu.assertEquals(m.rule, {"amount_date", "reference", "amount_date", "none", "none",
                           "amount_date"})
  lu.assertEquals(m.pairs, 4)
  m = fpa.match_statement(LEDGER, STMT, {date_window = 4})
  lu.assertEquals(m.pairs, 5)
  lu.assertEquals({m.ledger[5], m.rule[5], m.ledger[4]}, {4, "reference", false})
  m = fpa.match_statement(LEDGER, STMT, {require_reference = true})
  lu.assertEquals(m.pairs, 1)
  lu.assertEquals({m.ledger[2], m.statement[1]}, {1, 2})
  m = fpa.match_statement(LEDGER, {amount = {}, date = {}})
  lu.assertEquals(m.pairs, 0)
  lu.assertEquals(m.ledger, {false, false, false, false, false, false})
  lu.assertEquals(m.statement, {})
  -- dates as ISO strings: day 100 is 1970-04-11
  local iso = {}
  for i, d in ipairs(LEDGER.date) do iso[i] = fpa.ymd(d, true) end
  lu.assertEquals(iso[1], "1970-04-11")  -- python: date(1970,1,1) + timedelta(100)
  m = fpa.match_statement({amount = LEDGER.amount, date = iso, ref = LEDGER.ref}, STMT)
  lu.assertEquals(m.ledger, {6, 1, 5, false, false, 2})
end

-- Kuhn's augmenting paths: the size of a maximum matching, the reference
local function kuhn(a1, d1, a2, d2)
  local match_of, total = {}, 0
  local function augment(i, seen)
    for j = 1, #a2 do
      if a1[i] == a2[j] and math.abs(d1[i] - d2[j]) <= 3 and not seen[j] then
        seen[j] = true
        if not match_of[j] or augment(match_of[j], seen) then
          match_of[j] = i
          return true
        end
      end
    end
    return false
  end
  for i = 1, #a1 do if augment(i, {}) then total = total + 1 end end
  return total
end

function M.test_recon_matching_is_maximum_on_small_random_data()
  local seed = 12345
  local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
  for _ = 1, 300 do
    local a1, d1, a2, d2 = {}, {}, {}, {}
    for i = 1, rnd(16) do a1[i], d1[i] = 100 * (1 + rnd(3)), rnd(25) end
    for j = 1, rnd(16) do a2[j], d2[j] = 100 * (1 + rnd(3)), rnd(25) end
    local m = fpa.match_statement({amount = a1, date = d1}, {amount = a2, date = d2})
    lu.assertEquals(m.pairs, kuhn(a1, d1, a2, d2))
    for i, j in ipairs(m.ledger) do
      if j then
        lu.assertEquals(m.statement[j], i)
        lu.assertEquals(a1[i], a2[j])
      end
    end
  end
end

function M.test_recon_matching_rejects_bad_input()
  lu.assertErrorMsgContains("FPA_EDOM: ledger_day[1] = 2199023255552 is outside +-2^40 days",
                            fpa.match_statement, {amount = {1}, date = {math.tointeger(2^41)}},
                            {amount = {1}, date = {0}})
  lu.assertErrorMsgContains("ledger.date has 1 values but ledger.amount has 2",
                            fpa.match_statement, {amount = {1, 2}, date = {0}},
                            {amount = {}, date = {}})
  lu.assertErrorMsgContains("statement.ref[1] is number", fpa.match_statement,
                            {amount = {}, date = {}}, {amount = {1}, date = {0}, ref = {1.5}})
  lu.assertErrorMsgContains("ledger.amount[1] is 1.5, not an integer", fpa.match_statement,
                            {amount = {1.5}, date = {0}}, {amount = {}, date = {}})
  lu.assertErrorMsgContains("not a YYYY-MM-DD date", fpa.match_statement,
                            {amount = {1}, date = {"someday"}}, {amount = {}, date = {}})
  lu.assertErrorMsgContains("statement must be a table", fpa.match_statement,
                            {amount = {}, date = {}}, 5)
  lu.assertErrorMsgContains("outside", fpa.match_statement, LEDGER, STMT, {date_window = -1})
end

-- tests/test_recon.c aging_by_hand: as of day 1000
local AMT = {10000, 20000, 30000, 40000, 50000, -5000, 70000, 80000, 90000}
local DAY = {1005, 1000, 999, 970, 969, 940, 939, 910, 909}

function M.test_recon_aging_by_hand()
  local r = fpa.aging(AMT, DAY, 1000)
  lu.assertEquals(r.totals, {30000, 70000, 45000, 150000, 90000})
  lu.assertEquals(r.counts, {2, 2, 2, 2, 1})
  lu.assertEquals(r.bucket, {1, 1, 2, 2, 3, 3, 4, 4, 5})
  lu.assertEquals(r.total, 385000)
  lu.assertEquals(r.labels, {"current", "1-30", "31-60", "61-90", "over 90"})
  r = fpa.aging(AMT, DAY, 1000, {15, 45})
  lu.assertEquals(r.totals, {60000, 90000, 235000})
  lu.assertEquals(r.counts, {3, 2, 4})
  lu.assertEquals(r.labels, {"<= 15", "16-45", "over 45"})
  r = fpa.aging({}, {}, "1972-09-27", {15, 45})  -- day 1000
  lu.assertEquals(r.totals, {0, 0, 0})
  lu.assertEquals(fpa.aging(AMT, DAY, "1972-09-27").totals, {30000, 70000, 45000, 150000, 90000})
  if math.maxinteger then
  r = fpa.aging({math.maxinteger, -1, math.mininteger + 1}, {1000, 1000, 800}, 1000)
  lu.assertEquals({r.totals[1], r.totals[5], r.total},
                  {math.maxinteger - 1, math.mininteger + 1, -1})
  end
end

function M.test_recon_aging_rejects_bad_input()
  lu.assertErrorMsgContains("FPA_EINVAL: bounds[2] = 30 does not exceed bounds[1] = 30",
                            fpa.aging, AMT, DAY, 1000, {30, 30})
  lu.assertErrorMsgContains("n_bounds is 0", fpa.aging, AMT, DAY, 1000, {})
  if math.maxinteger then
  lu.assertErrorMsgContains("FPA_EDOM", fpa.aging, AMT, DAY, math.maxinteger)
  lu.assertErrorMsgContains("FPA_EOVERFLOW: the total of bucket 1 overflows int64",
                            fpa.aging, {-2, math.maxinteger, 1}, {800, 1000, 1000}, 1000)
  lu.assertErrorMsgContains("the total of the items overflows", fpa.aging,
                            {math.maxinteger, 1}, {1000, 1000}, 1000)
  end
  lu.assertErrorMsgContains("dates has 1 values but amount has 2", fpa.aging, {1, 2}, {0}, 0)
  lu.assertErrorMsgContains("amount[1] is 1.5", fpa.aging, {1.5}, {0}, 0)
  lu.assertErrorMsgContains("as_of must be a day number", fpa.aging, {1}, {0}, nil)
end

function M.test_recon_options_registered()
  local o = fpa.options()
  lu.assertEquals(o["recon.date_window"].default, 3)
  lu.assertEquals(o["recon.date_window"].max, 36500)
  lu.assertNotNil(o["recon.require_reference"])
  lu.assertNotNil(o["recon.tolerance"])
  lu.assertNotNil(o["variance.material_rule"])
end

function M.test_recon_junk_arguments_raise_fpa_errors_only()
  local junk_calls = require("test_variance").junk_calls
  lu.assertEquals(junk_calls({
    {fpa.rollforward, {OPEN, CLOSE, MOV, PRIOR, {tolerance = 1}}, name = "rollforward"},
    {fpa.tieout, {GL, SUB, ACCT, {}}, name = "tieout"},
    {fpa.match_statement, {LEDGER, STMT, {date_window = 2}}, name = "match_statement"},
    {function(amount, date, ref)
       return fpa.match_statement({amount = amount, date = date, ref = ref}, STMT)
     end, {LEDGER.amount, LEDGER.date, LEDGER.ref}, name = "match_statement ledger"},
    {fpa.aging, {AMT, DAY, 1000, {15, 45}}, name = "aging"},
  }), {})
end

return M
