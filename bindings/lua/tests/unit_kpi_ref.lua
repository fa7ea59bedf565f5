-- SPDX-License-Identifier: GPL-3.0-or-later
-- Reads tests/ref/unit_kpi_expected.csv, the references the C and Python
-- tests read, written by tests/ref/make_unit_kpi_ref.py (LibreOffice Calc
-- 7.4 and gnumeric 1.12 agreeing on each formula; pandas, numpy and exact
-- rationals where a spreadsheet has no formula), and runs a module's
-- functions against them.
local M = {}

-- "{1;2};3" -> {{1, 2}, 3}
function M.parse_args(text)
  local args, i = {}, 1
  while i <= #text do
    if text:sub(i, i) == "{" then
      local j = text:find("}", i, true)
      local arr = {}
      for x in text:sub(i + 1, j - 1):gmatch("[^;]+") do arr[#arr + 1] = tonumber(x) end
      args[#args + 1] = arr
      i = j + 2
    else
      local j = text:find(";", i, true) or (#text + 1)
      args[#args + 1] = tonumber(text:sub(i, j - 1))
      i = j + 1
    end
  end
  return args
end

-- every case: {fn =, args =, source =, line =, value = number or "EDOM" ...}
function M.cases()
  local out = {}
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/unit_kpi_expected.csv") do
    line = line:gsub("\r$", "")  -- Python's csv module ends lines with CRLF
    if not line:match("^#") and not line:match("^function,") then
      local fn, args, source = line:match("^([^,]*),([^,]*),([^,]*),")
      local value = line:match(",([^,]*)$")
      out[#out + 1] = {fn = fn, args = M.parse_args(args), source = source, line = line,
                       value = tonumber(value) or value}
    end
  end
  return out
end

-- Call dispatch[fn](table.unpack(args)) for every case of the functions in
-- `dispatch`; compare with the value (1e-11 relative, as the C tests) or
-- the status. false (an undefined element) stands for EDOM. Returns the
-- failures and the number of cases per function.
function M.run(dispatch)
  local failures, counts = {}, {}
  for _, c in ipairs(M.cases()) do
    local call = dispatch[c.fn]
    if call then
      counts[c.fn] = (counts[c.fn] or 0) + 1
      local ok, got = pcall(call, table.unpack(c.args))
      local want = c.value
      if type(want) == "string" then
        if ok and not (want == "EDOM" and got == false) then
          failures[#failures + 1] = c.line .. ": returned " .. tostring(got)
        elseif not ok and not tostring(got):find("FPA_" .. want .. ": ", 1, true) then
          failures[#failures + 1] = c.line .. ": wrong error " .. tostring(got)
        end
      elseif not ok then
        failures[#failures + 1] = c.line .. ": " .. tostring(got)
      elseif type(got) ~= "number"
          or not (math.abs(got - want) <= 1e-11 * math.abs(want) + 1e-12) then
        failures[#failures + 1] = string.format("%s: got %s", c.line, tostring(got))
      end
    end
  end
  return failures, counts
end

-- The names of the functions of `fpa` that `source` never calls as fpa.<name>.
function M.untested(names, source)
  local text = assert(io.open(source)):read("*a")
  local missing = {}
  for _, n in ipairs(names) do
    if not text:find("fpa." .. n .. "(", 1, true) and not text:find("fpa." .. n .. ",", 1, true)
        and not text:find("fpa." .. n .. "{", 1, true) then
      missing[#missing + 1] = n
    end
  end
  return missing
end

-- Read the cohort reference CSVs: {header = {...}, rows = {{...}, ...}}
function M.csv(name)
  local rows, header = {}, nil
  for line in io.lines(os.getenv("FPA_REF_DIR") .. "/" .. name) do
    line = line:gsub("\r$", "")
    if not line:match("^#") then
      local fields = {}
      for f in line:gmatch("[^,]+") do fields[#fields + 1] = f end
      if not header then
        header = fields
      else
        local r = {}
        for k, h in ipairs(header) do r[h] = tonumber(fields[k]) end
        rows[#rows + 1] = r
      end
    end
  end
  return rows
end

return M
