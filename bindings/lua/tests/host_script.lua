-- SPDX-License-Identifier: GPL-3.0-or-later
-- Run by tests/host.c inside an embedding application.
local fpa = require "fpa"
return {payment = fpa.pmt(0.05 / 12, 360, 200000)}
