-- SPDX-License-Identifier: GPL-3.0-or-later
-- `luarocks make` (from bindings/lua) builds the module against an installed
-- libfpa, for any of Lua 5.1 to 5.4 or LuaJIT (--lua-version); point FPA_DIR
-- at its prefix when it is not under /usr or /usr/local (FPA_INCDIR and
-- FPA_LIBDIR, by default FPA_DIR/include and FPA_DIR/lib, override the
-- parts). The module is linked with a RUNPATH to that libdir.
package = "fpa"
version = "1.1.0-1"
source = {url = "git+https://example.invalid/libfpa.git", tag = "v1.1.0"}
description = {
  summary = "Lua binding of libfpa, the embeddable FP&A engine",
  license = "GPL-3.0-or-later",
}
dependencies = {"lua >= 5.1, < 5.5"}
external_dependencies = {FPA = {header = "fpa/fpa.h", library = "fpa"}}
build = {
  type = "builtin",
  modules = {
    fpa = {
      sources = {"src/lfpa.c", "src/lfpa_tvm.c", "src/lfpa_unit.c", "src/lfpa_kpi.c",
                 "src/lfpa_tables.c", "src/lfpa_variance.c", "src/lfpa_recon.c",
                 "src/lfpa_wc.c", "src/lfpa_scenario.c", "src/lfpa_model.c", "src/lfpa_forecast.c",
                 "src/lfpa_hierarchy.c", "src/lfpa_figures.c"},
      libraries = {"fpa"},
      incdirs = {"$(FPA_INCDIR)"},
      libdirs = {"$(FPA_LIBDIR)"},
    },
  },
}
