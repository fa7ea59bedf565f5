/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A host application that embeds Lua, loads the fpa module, runs a rule
 * script, reads its results, and survives the script's errors.
 *   lua_host CPATH SCRIPT */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
    fprintf(stderr, "lua_host: %s\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) return fail("usage: lua_host CPATH SCRIPT");
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    lua_getglobal(L, "package");
    lua_pushstring(L, argv[1]);
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);

    /* 1. the rule script runs and returns its figures */
    if (luaL_dofile(L, argv[2]) != LUA_OK) {
        fprintf(stderr, "%s\n", luaL_tolstring(L, -1, NULL));
        return fail("script failed");
    }
    if (!lua_istable(L, -1)) return fail("script did not return a table");
    lua_getfield(L, -1, "payment");
    double payment = lua_tonumber(L, -1);
    lua_pop(L, 2);
    /* LibreOffice: =PMT(0.05/12;360;200000) = -1073.64324602428 */
    if (fabs(payment + 1073.64324602428) > 1e-8) return fail("wrong payment");

    /* 2. a script error is reported and the host keeps running; the
     * library's errors are tables with a status field and a __tostring */
    const char *bad = "local fpa = require 'fpa'; return fpa.irr({1, 2})";
    if (luaL_dostring(L, bad) == LUA_OK) return fail("bad script did not fail");
    if (!strstr(luaL_tolstring(L, -1, NULL), "FPA_ENOCONV")) return fail("wrong error message");
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "status") != LUA_TSTRING ||
        strcmp(lua_tostring(L, -1), "FPA_ENOCONV") != 0)
        return fail("no status field in the error");
    lua_pop(L, 2);
    const char *worse = "local fpa = require 'fpa'; return fpa.npv(0.1, {1, {}, 3})";
    if (luaL_dostring(L, worse) == LUA_OK) return fail("bad table did not fail");
    lua_pop(L, 1);

    /* 3. and can still use the module afterwards */
    if (luaL_dostring(L, "return require('fpa').sln(30000, 7500, 10)") != LUA_OK ||
        lua_tonumber(L, -1) != 2250)  /* Excel help: SLN(30000;7500;10) = 2250 */
        return fail("module unusable after an error");
    lua_pop(L, 1);
    lua_close(L);
    puts("lua_host: OK");
    return 0;
}
