-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reads tests/ref/forecast_ref.txt (written by
--   Rscript tests/ref/make_forecast_ref.R > tests/ref/forecast_ref.txt
-- with R 4.x and forecast 8.20 on R's datasets) and tests/ref/otheta_ref.txt
-- (SciPy, tests/ref/make_otheta_ref.py), the files the C tests read through
-- tests/refcases.h: blocks "case KIND NAME" ... "end" of "key numbers..." or
-- "key word" lines; "NA" and "NaN" are NaN.
local M = {}

function M.load(file)
  local cases, cur = {}, nil
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/" .. (file or "forecast_ref.txt")) do
    local words = {}
    for w in line:gmatch("%S+") do words[#words + 1] = w end
    if #words == 0 or words[1]:sub(1, 1) == "#" then
      -- blank or comment
    elseif words[1] == "case" then
      cur = {kind = words[2], name = words[3]}
      cases[#cases + 1] = cur
    elseif words[1] == "end" then
      cur = nil
    else
      local nums, word = {}, nil
      for i = 2, #words do
        local x = (words[i] == "NA" or words[i] == "NaN") and 0 / 0 or tonumber(words[i])
        if x then nums[#nums + 1] = x else word = words[i] end
      end
      cur[words[1]] = word or nums
    end
  end
  return cases
end

-- the cases of one kind, and one case by kind and name
function M.of(cases, kind)
  local out = {}
  for _, c in ipairs(cases) do if c.kind == kind then out[#out + 1] = c end end
  return out
end

function M.get(cases, kind, name)
  for _, c in ipairs(cases) do
    if c.kind == kind and c.name == name then return c end
  end
  error("no case " .. kind .. " " .. name)
end

-- |got[i] - want[i]| <= rel |want[i]| + abs for every i (NaN matches NaN)
function M.close(got, want, rel, abs, what)
  local lu = require "luaunit"
  lu.assertEquals(#got, #want, what)
  for i = 1, #want do
    local g, w = got[i], want[i]
    if g == false then g = 0 / 0 end
    if not (w ~= w and g ~= g) and not (math.abs(g - w) <= rel * math.abs(w) + (abs or 0)) then
      lu.fail(string.format("%s[%d]: %.17g ~= %.17g", what or "value", i, g, w))
    end
  end
end

return M
