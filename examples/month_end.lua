-- SPDX-License-Identifier: GPL-3.0-or-later
-- Month-end rules, the kind of script an ERP host runs after each close
-- (the host embeds Lua and calls rules.run with its ledger; see
-- bindings/lua/tests/host.c for an embedding):
--
--   1. flag the cost centres whose variance against budget in the closed
--      month is material (over 10,000 and 5 % of budget) and unfavourable;
--   2. re-forecast each cost centre with a rolling forecast and compare its
--      full-year outlook (actuals to date + forecast to the year end) with
--      the year's budget;
--   3. print the lines that need an owner's explanation.
--
-- Standalone, it reads the fpa command's sample company:
--   LUA_CPATH='build/lua/?.so' lua5.4 examples/month_end.lua [src/cli/sample]
local fpa = require "fpa"

local rules = {
  material_abs = 10000,   -- currency units
  material_pct = 0.05,    -- of budget
  outlook_tolerance = 0.03,
}

-- The rules on a ledger: {lines = {id, ...}, months = {"YYYY-MM", ...},
-- budget[id][k] and actual[id][k] per month k (actual false while the month
-- is open), history[id] = {start = "YYYY-MM", values = {...}} (every actual
-- to date), fiscal_start}. Returns the lines needing an owner, each with its
-- reasons, in ledger order, and the closed month.
function rules.run(ledger)
  local months, closed = ledger.months, 0
  for k = 1, #months do
    if ledger.actual[ledger.lines[1]][k] then closed = k end
  end
  assert(closed > 0, "no closed month")
  local reasons = {}
  local function flag(id, text)
    reasons[id] = reasons[id] or {}
    table.insert(reasons[id], text)
  end
  -- 1. the closed month's variances, every line at once
  local budget, actual, nature = {}, {}, {}
  for i, id in ipairs(ledger.lines) do
    budget[i], actual[i] = ledger.budget[id][closed], ledger.actual[id][closed]
    nature[i] = id:match("^rev%.") and "revenue" or "cost"
  end
  local variance, pct, flags = fpa.variance(budget, actual, nature, {
    material_abs = rules.material_abs, material_pct = rules.material_pct,
    material_rule = "both"})
  for i, id in ipairs(ledger.lines) do
    local f = fpa.variance_flags(flags[i])
    if nature[i] == "cost" and f.material and f.effect == "unfavourable" then
      flag(id, string.format("%s: %+.0f (%+.1f %%) against budget", months[closed],
                             variance[i], 100 * pct[i]))
    end
  end
  -- 2. each cost centre's rolling forecast and full-year outlook
  for i, id in ipairs(ledger.lines) do
    if nature[i] == "cost" then
      local history = ledger.history[id]
      local rf <close> = fpa.rolling_forecast(history.values, {
        horizon = 12, start = history.start, fiscal_start = ledger.fiscal_start or 1})
      local total, _, _, fy = rf:outlook()
      local fy_budget = 0
      for k, m in ipairs(months) do
        if tonumber(m:sub(1, 4)) == fy then fy_budget = fy_budget + ledger.budget[id][k] end
      end
      if fy_budget > 0 and total > fy_budget * (1 + rules.outlook_tolerance) then
        flag(id, string.format("FY%d outlook %.0f, %+.1f %% over budget (%s)", fy, total,
                               100 * (total / fy_budget - 1), rf:model():name()))
      end
    end
  end
  local out = {}
  for _, id in ipairs(ledger.lines) do
    if reasons[id] then out[#out + 1] = {line = id, reasons = reasons[id]} end
  end
  return out, months[closed]
end

-- ---- standalone: the sample company's CSV files --------------------------------

local function csv(path)
  local rows, header = {}, nil
  for line in io.lines(path) do
    local cells = {}
    for cell in (line .. ","):gmatch("([^,]*),") do cells[#cells + 1] = cell end
    if header then rows[#rows + 1] = cells else header = cells end
  end
  return header, rows
end

local function load_sample(dir)
  local company = assert(io.open(dir .. "/company.json")):read("a")
  local ledger = {lines = {}, months = {}, actual = {}, budget = {}, history = {},
                  fiscal_start = tonumber(company:match('"fiscal_year_start"%s*:%s*(%d+)'))}
  local header, rows = csv(dir .. "/budget.csv")
  for k, row in ipairs(rows) do
    ledger.months[k] = row[1]
    for c = 2, #header do
      local id = header[c]
      if k == 1 then
        ledger.lines[#ledger.lines + 1] = id
        ledger.budget[id], ledger.actual[id] = {}, {}
      end
      ledger.budget[id][k] = tonumber(row[c])
      ledger.actual[id][k] = false
    end
  end
  local month = {}
  for k, m in ipairs(ledger.months) do month[m] = k end
  local _, actuals = csv(dir .. "/actuals.csv")
  for _, row in ipairs(actuals) do     -- series, period, value; in time order per series
    local id, period, value = row[1], row[2], tonumber(row[3])
    local h = ledger.history[id] or {start = period, values = {}}
    ledger.history[id] = h
    h.values[#h.values + 1] = value
    if month[period] and ledger.actual[id] then ledger.actual[id][month[period]] = value end
  end
  return ledger
end

local dir = arg and arg[1] or "src/cli/sample"
local findings, month = rules.run(load_sample(dir))
print(string.format("Month-end review %s: %d lines need an owner", month, #findings))
for _, f in ipairs(findings) do
  print(string.format("  %-16s %s", f.line, table.concat(f.reasons, "; ")))
end
return rules
