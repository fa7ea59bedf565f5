-- SPDX-License-Identifier: GPL-3.0-or-later
-- The rockspec builds every C file of the binding.
local lu = require "luaunit"
local M = {}

function M.test_rockspec_lists_every_source()
  local root = os.getenv("FPA_SOURCE_DIR") .. "/bindings/lua/"
  local spec = assert(io.open(root .. "fpa-1.1.0-1.rockspec")):read("*a")
  local p = io.popen('ls "' .. root .. 'src"')
  for f in p:lines() do
    if f:match("%.c$") then
      lu.assertStrContains(spec, '"src/' .. f .. '"')
    end
  end
  p:close()
end

return M
