-- SPDX-License-Identifier: GPL-3.0-or-later
-- The Lua side of the parity test, for every Lua version: the calls of
-- calls.txt through require "fpa", each function called as a script would,
-- one line per call: "id n:v,v,..." (each value as %.17g, which reads back
-- as the same double) or "id !FPA_STATUS", in the order parity.c prints.
--   lua parity.lua CALLS
local fpa = require "fpa"
local unpack = table.unpack or unpack

local function num(t)
  if t:sub(1, 3) == "nan" or t:sub(1, 4) == "-nan" then return 0 / 0 end
  return assert(tonumber(t), t)
end

local function parse(tok)
  if tok:match("^%a") and tok:sub(1, 3) ~= "nan" then return tok end
  if tok:find(",") then
    local l = {}
    for x in tok:gmatch("[^,]+") do l[#l + 1] = num(x) end
    return l
  end
  return num(tok)
end

local function list(x) return type(x) == "table" and x or {x} end

local function int(x)  -- whole numbers as integers, on every version
  return math.tointeger and math.tointeger(x) or x
end

local function ints(x)
  local l = {}
  for i, v in ipairs(list(x)) do l[i] = int(v) end
  return l
end

local function concat(...)
  local out = {}
  for _, t in ipairs({...}) do
    for _, v in ipairs(t) do out[#out + 1] = v end
  end
  return out
end

local function words(s)
  local l = {}
  for w in s:gmatch("[^,]+") do l[#l + 1] = w end
  return l
end

local calls = {
  npv = function(r, v) return {fpa.npv(r, list(v))} end,
  irr = function(v, g) return {fpa.irr(list(v), g)} end,
  mirr = function(v, f, r) return {fpa.mirr(list(v), f, r)} end,
  xnpv = function(r, d, v) return {fpa.xnpv(r, ints(d), list(v))} end,
  xirr = function(d, v, g) return {fpa.xirr(ints(d), list(v), g)} end,
  pmt = function(...) return {fpa.pmt(...)} end,
  pv = function(...) return {fpa.pv(...)} end,
  fv = function(...) return {fpa.fv(...)} end,
  nper = function(...) return {fpa.nper(...)} end,
  rate = function(...) return {fpa.rate(...)} end,
  ipmt = function(...) return {fpa.ipmt(...)} end,
  ppmt = function(...) return {fpa.ppmt(...)} end,
  cumipmt = function(...) return {fpa.cumipmt(...)} end,
  cumprinc = function(...) return {fpa.cumprinc(...)} end,
  effect = function(...) return {fpa.effect(...)} end,
  nominal = function(...) return {fpa.nominal(...)} end,
  sln = function(...) return {fpa.sln(...)} end,
  syd = function(...) return {fpa.syd(...)} end,
  ddb = function(...) return {fpa.ddb(...)} end,
  db = function(...) return {fpa.db(...)} end,
  forecast = function(method, period, h, y)
    local r = fpa.forecast(list(y), {method = method, period = int(period), horizon = int(h),
                                     level = {80, 95}})
    return concat(r.mean, r.lower[1], r.upper[1], r.lower[2], r.upper[2])
  end,
  variance = function(b, a, nature)
    local v, p, f = fpa.variance(list(b), list(a), words(nature))
    return concat(v, p, f)
  end,
  contribution = function(...)  -- false: undefined (a partial result), NaN in C
    local cm, ratio = fpa.contribution(...)
    return {cm, ratio == false and 0 / 0 or ratio}
  end,
  break_even = function(fixed, target, p, c) return {fpa.break_even(fixed, p, c, target)} end,
  margin_of_safety = function(...) return {fpa.margin_of_safety(...)} end,
  operating_leverage = function(...) return {fpa.operating_leverage(...)} end,
  arpu = function(...) return {fpa.arpu(...)} end,
  logo_churn = function(...) return {fpa.logo_churn(...)} end,
  ltv_simple = function(...) return {fpa.ltv_simple(...)} end,
  ltv_discounted = function(a, gm, ch, r, h) return {fpa.ltv_discounted(a, gm, ch, r, int(h))} end,
  cac_blended = function(...) return {fpa.cac_blended(...)} end,
  cac_paid = function(...) return {fpa.cac_paid(...)} end,
  ltv_cac = function(...) return {fpa.ltv_cac(...)} end,
  cac_payback = function(...) return {fpa.cac_payback(...)} end,
  wc_liquidity = function(ca, cl, inv)
    local r = fpa.wc_liquidity(list(ca), list(cl), list(inv))
    return concat(r.nwc, r.current, r.quick)
  end,
  wc_cycle = function(d, ar, rev, inv, cogs, ap, pur)
    local r = fpa.wc_cycle{days = list(d), ar = list(ar), revenue = list(rev),
                           inventory = list(inv), cogs = list(cogs), ap = list(ap),
                           purchases = list(pur)}
    return concat(r.dso, r.dio, r.dpo, r.ccc)
  end,
  wc_project = function(days, rev, cogs, dso, dio, dpo, ar, inv, ap, cash)
    local plan = fpa.wc_plan{days = days, revenue = list(rev), cogs = list(cogs),
                             dso = list(dso), dio = list(dio), dpo = list(dpo),
                             opening = {ar = ar, inventory = inv, ap = ap, cash = cash}}
    local p = plan:project({"ar", "inventory", "ap", "nwc", "cash"})
    return concat(p.ar, p.inventory, p.ap, p.nwc, p.cash)
  end,
}

for line in io.lines(arg[1]) do
  if line:sub(1, 1) ~= "#" and line:find("%S") then
    local toks = {}
    for t in line:gmatch("%S+") do toks[#toks + 1] = t end
    local id, fn, args = toks[1], toks[2], {}
    for i = 3, #toks do args[#args + 1] = parse(toks[i]) end
    local ok, got = pcall(calls[fn], unpack(args, 1, #toks - 2))
    if ok then
      local text = {}
      for i, v in ipairs(got) do text[i] = string.format("%.17g", v) end
      print(id .. " n:" .. table.concat(text, ","))
    else
      print(id .. " !" .. (type(got) == "table" and got.status or tostring(got)))
    end
  end
end
