-- SPDX-License-Identifier: GPL-3.0-or-later
-- Run by tests/host.c inside an embedding application (under valgrind in
-- ctest, so a leak on any path below fails the test).
local fpa = require "fpa"

-- objects: collected, closed, and closed twice
local c = fpa.cohorts_from_rows({1, 2, 1}, {0, 0, 0}, {0, 0, 2}, {10, 5, 7})
assert(#c:retention() == 1 and c:curve()[1] == 1)
do
  local d <close> = fpa.cohorts_from_rows{{customer = "a", cohort = 0, period = 0}}
  d:close()
end
c = nil
collectgarbage()
-- errors raised from C after scratch memory and options were made
assert(not pcall(fpa.cohorts_from_rows, {1, 1}, {0, 1}, {1, 1}))
assert(not pcall(fpa.growth_pop, {1, 0, 2}, {strict = true, threads = 2}))
assert(not pcall(fpa.margins, {1, 2}, {1, "x"}))
assert(not pcall(fpa.ltv_curve, {1, 0.5}, 10, 1, 0, 0, {tail = "linear"}))
assert(fpa.growth_pop({1, 0, 2})[2] == false)
assert(fpa.allocate(100, {1, 1, 1})[1] == 34)
return {payment = fpa.pmt(0.05 / 12, 360, 200000)}
