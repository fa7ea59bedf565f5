-- SPDX-License-Identifier: GPL-3.0-or-later
-- Runs every tests/test_*.lua with luaunit (Debian's lua-unit), on any of
-- Lua 5.1, 5.2, 5.3, 5.4 and LuaJIT. The tests are written in the Lua
-- that all of them read, but for one 5.4 feature, to-be-closed variables:
-- before 5.4 `local x <close> = ...` is read as a plain local (the object
-- is then freed by its __gc, as any other), so a test that relies on the
-- closing itself says so (`if _VERSION == "Lua 5.4" ...`).
-- Before 5.3 the runner also gives the tests the few 5.3 library functions
-- they use (math.tointeger, math.type, table.unpack, table.move), with the
-- binding's meaning of an integer then: a whole number within +-2^53.
-- Tests of the int64 range (beyond 2^53) run where math.maxinteger exists.
local lu = require "luaunit"
local unpack = table.unpack or unpack
local dir = (arg[0]:match("(.*/)") or "./")
local closes = _VERSION == "Lua 5.4"

if not math.type then
  local function whole(x)
    return type(x) == "number" and x == math.floor(x) and x >= -2^53 and x <= 2^53
  end
  math.tointeger = function(x)  -- 5.3 converts strings too
    x = tonumber(x)
    if whole(x) then return x end
  end
  math.type = function(x)
    if type(x) ~= "number" then return nil end
    return whole(x) and "integer" or "float"
  end
end
table.unpack = table.unpack or unpack
table.move = table.move or function(a1, f, e, t, a2)
  a2 = a2 or a1
  if e >= f then
    if t > f or t > e or a1 ~= a2 then
      for i = e - f, 0, -1 do a2[t + i] = a1[f + i] end
    else
      for i = 0, e - f do a2[t + i] = a1[f + i] end
    end
  end
  return a2
end

local function load_test(path)
  local f = assert(io.open(path, "rb"))
  local src = f:read("*a")
  f:close()
  if not closes then src = src:gsub("(local%s+[%w_]+)%s*<close>", "%1") end
  local chunk, err = (loadstring or load)(src, "@" .. path)
  if not chunk then error(err, 0) end
  return chunk()
end

-- every test file is a module (test_recon requires test_variance's helpers)
local names = {}
local p = io.popen('ls "' .. dir .. '"')
for f in p:lines() do
  local name = f:match("^(test_.+)%.lua$")
  if name then
    names[#names + 1] = name
    package.preload[name] = function() return load_test(dir .. f) end
  end
end
p:close()
for _, name in ipairs(names) do
  for k, v in pairs(require(name)) do _G[k] = v end
end
os.exit(lu.LuaUnit.run(unpack(arg)))
