-- SPDX-License-Identifier: GPL-3.0-or-later
-- Runs every tests/test_*.lua with luaunit (Debian's lua-unit).
local lu = require "luaunit"
local dir = (arg[0]:match("(.*/)") or "./")
local p = io.popen('ls "' .. dir .. '"')
for f in p:lines() do
  local name = f:match("^(test_.+)%.lua$")
  if name then
    for k, v in pairs(require(name)) do _G[k] = v end
  end
end
p:close()
os.exit(lu.LuaUnit.run(table.unpack(arg)))
