/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecasting and accuracy for Lua (forecast.h, accuracy.h).
 *
 * Series are sequences of numbers in which false (or NaN) marks a missing
 * value; undefined results (a trend's ends, a naive model's first fitted
 * value, a lag without pairs) come back as false. Option tables carry the
 * call's arguments (method, period, horizon, level, model, start, origins,
 * strict) next to the forecast.* options, whose enumerated values may be
 * given by name, and ARIMA's (order, seasonal, constant, xreg, xreg_future,
 * coef). Drivers are a sequence (one driver) or a table of rows, one row
 * per period. Versions of a rolling forecast are 1-based (1 = the
 * forecast made at creation). A rolling forecast's model is a view that
 * refuses to be used once the forecast has moved on (append, close). */
#include "lfpa_wc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MODEL "fpa.forecast_model"
#define VIEW "fpa.rolling_model"
#define ROLL "fpa.rolling_forecast"
#define BT "fpa.backtest"
#define SPEC "fpa.arima_spec"        /* owned by a call, freed by the GC on errors */
#define DRIVERS "fpa.forecast_drivers"

/* ---- arguments ------------------------------------------------------------ */

/* A series at idx: numbers, false/NaN for missing values, in userdata. */
static double *series(lua_State *L, int idx, size_t *n, const char *what)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TNUMBER) {  /* one value */
        double *x = lfpa_scratch(L, 1, sizeof *x);
        *x = lua_tonumber(L, idx), *n = 1;
        return x;
    }
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a sequence of numbers, got %s", what,
                   luaL_typename(L, idx));
    size_t len = (size_t)lua_rawlen(L, idx);
    double *x = lfpa_scratch(L, len, sizeof *x);
    for (size_t i = 0; i < len; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if (t == LUA_TNUMBER) x[i] = lua_tonumber(L, -1);
        else if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) x[i] = NAN;
        else
            lfpa_error(L, FPA_EINVAL, "%s[%d] is a %s, not a number (false: missing)", what,
                       (int)i + 1, lua_typename(L, t));
        lua_pop(L, 1);
    }
    *n = len;
    return x;
}

/* Push n values, NaN as false (undefined). */
static void push_values(lua_State *L, const double *x, size_t n)
{
    lua_createtable(L, n > INT32_MAX ? 0 : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) lua_pushboolean(L, 0);
        else lua_pushnumber(L, x[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static const char *const components[] = {"auto", "none", "additive", "multiplicative",
                                         "damped", NULL};
static const char *const letters[] = {"Z", "N", "A", "M", "Ad", NULL};
static const char *const ics[] = {"aicc", "aic", "bic", NULL};
static const char *const adjusts[] = {"never", "test", "always", NULL};
static const char *const decompositions[] = {"multiplicative", "additive", NULL};
static const char *const intervals[] = {"auto", "simulate", NULL};
static const char *const windows[] = {"expanding", "sliding", NULL};
static const char *const approximations[] = {"auto", "always", "never", NULL};
static const char *const constants[] = {"auto", "none", "include", "mean", "drift", NULL};
static const struct {
    const char *field;
    int key;
    const char *const *names;
} enums[] = {
    {"ets_error", FPA_OPT_FORECAST_ETS_ERROR, components},
    {"ets_trend", FPA_OPT_FORECAST_ETS_TREND, components},
    {"ets_season", FPA_OPT_FORECAST_ETS_SEASON, components},
    {"ic", FPA_OPT_FORECAST_IC, ics},
    {"adjust", FPA_OPT_FORECAST_ADJUST, adjusts},
    {"decomposition", FPA_OPT_FORECAST_DECOMPOSITION, decompositions},
    {"intervals", FPA_OPT_FORECAST_INTERVALS, intervals},
    {"window", FPA_OPT_FORECAST_WINDOW, windows},
    {"arima_approximation", FPA_OPT_FORECAST_ARIMA_APPROXIMATION, approximations},
    {"arima_constant", FPA_OPT_FORECAST_ARIMA_CONSTANT, constants},
};
/* Fields of an option table that are not numeric fpa options. */
static const char *const arg_fields[] = {
    "method", "period", "horizon", "level", "model", "start", "origins", "strict",
    "ets_error", "ets_trend", "ets_season", "ic", "adjust", "decomposition", "intervals",
    "window", "arima_approximation", "arima_constant", "order", "seasonal", "constant",
    "xreg", "xreg_future", "coef", NULL};

static int find(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

/* R's model string ("MAM", "AAdN", "ETS(M,Ad,M)") into the three options. */
static void set_model(lua_State *L, fpa_opts *o, const char *text)
{
    char buf[16];
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < sizeof buf; p++)
        if (!strchr("ETS(), ", *p)) buf[k++] = *p;
    buf[k] = 0;
    static const int keys[3] = {FPA_OPT_FORECAST_ETS_ERROR, FPA_OPT_FORECAST_ETS_TREND,
                                FPA_OPT_FORECAST_ETS_SEASON};
    const char *p = buf;
    for (int i = 0; i < 3; i++) {
        char part[3] = {p[0], 0, 0};
        if (i == 1 && p[0] && p[1] == 'd') part[1] = 'd';
        int v = p[0] ? find(part, letters) : -1;
        if (v < 0)
            lfpa_error(L, FPA_EINVAL, "model \"%s\": expected R's form, e.g. \"MAM\", "
                       "\"AAdN\", \"ZZZ\"", text);
        lfpa_check(L, fpa_opts_set(o, keys[i], v));
        p += strlen(part);
    }
    if (*p) lfpa_error(L, FPA_EINVAL, "model \"%s\" has extra letters", text);
}

/* The options of the table at idx (pushes one value, as lfpa_opts). */
static fpa_opts *fc_opts(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    fpa_opts *o = lfpa_opts(L, idx, "forecast", arg_fields);
    if (!o) return NULL;
    for (size_t i = 0; i < sizeof enums / sizeof *enums; i++) {
        int t = lua_getfield(L, idx, enums[i].field);
        if (t == LUA_TSTRING) {
            int v = find(lua_tostring(L, -1), enums[i].names);
            if (v < 0 && enums[i].names == components) v = find(lua_tostring(L, -1), letters);
            if (v < 0) lfpa_choice(L, -1, enums[i].field, NULL, enums[i].names);  /* raises */
            lfpa_check(L, fpa_opts_set(o, enums[i].key, v));
        } else if (t == LUA_TNUMBER) {
            lfpa_check(L, fpa_opts_set(o, enums[i].key, lua_tonumber(L, -1)));
        } else if (t != LUA_TNIL) {
            lfpa_error(L, FPA_EINVAL, "option %s must be a name or a number", enums[i].field);
        }
        lua_pop(L, 1);
    }
    if (lua_getfield(L, idx, "model") == LUA_TSTRING) set_model(L, o, lua_tostring(L, -1));
    else if (!lua_isnil(L, -1)) lfpa_error(L, FPA_EINVAL, "option model must be a string");
    lua_pop(L, 1);
    return o;
}

static size_t field_count(lua_State *L, int idx, const char *field, size_t def)
{
    if (!lua_istable(L, idx)) return def;
    lua_getfield(L, idx, field);
    size_t v = lfpa_count(L, -1, field, def);
    lua_pop(L, 1);
    return v;
}

static fpa_forecast_method method_opt(lua_State *L, int idx)
{
    const char *s = "auto";
    if (lua_istable(L, idx)) {
        lua_getfield(L, idx, "method");
        if (!lua_isnil(L, -1)) {
            if (lua_type(L, -1) != LUA_TSTRING)
                lfpa_error(L, FPA_EINVAL, "option method must be a string");
            s = lua_tostring(L, -1);
        }
        lua_pop(L, 1);
    }
    fpa_forecast_method m = FPA_FORECAST_ETS;
    if (strcmp(s, "auto") && fpa_forecast_method_find(&m, s) != FPA_OK)
        lfpa_error(L, FPA_EINVAL, "method \"%s\" is unknown: use \"auto\" or a name of "
                   "fpa.FORECAST_METHODS", s);
    return m;
}

/* Interval levels of option "level": absent {80, 95}, false none, a number
 * one (*scalar set), a sequence. The levels live in userdata pushed. */
static double *levels_opt(lua_State *L, int idx, size_t *n, int *scalar)
{
    *scalar = 0;
    int t = lua_istable(L, idx) ? lua_getfield(L, idx, "level") : (lua_pushnil(L), LUA_TNIL);
    double *lev;
    if (t == LUA_TNIL) {
        lev = lfpa_scratch(L, 2, sizeof *lev);
        lev[0] = 80, lev[1] = 95, *n = 2;
    } else if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
        lev = lfpa_scratch(L, 1, sizeof *lev), *n = 0;
    } else if (t == LUA_TNUMBER) {
        lev = lfpa_scratch(L, 1, sizeof *lev);
        lev[0] = lua_tonumber(L, -2), *n = 1, *scalar = 1;
    } else {
        lev = lfpa_doubles(L, -1, n, 0, "level");
    }
    lua_remove(L, -2);  /* the field; the userdata stays */
    return lev;
}

/* ---- forecasts ---------------------------------------------------------------- */

/* Push {mean, lower, upper, levels, model, method} of one forecast. */
static void push_forecast(lua_State *L, const double *mean, const double *lo,
                          const double *hi, size_t h, const double *lev, size_t nl,
                          int scalar, const fpa_forecast_model *m)
{
    lua_createtable(L, 0, 6);
    lfpa_push_doubles(L, mean, h);
    lua_setfield(L, -2, "mean");
    const double *b[2] = {lo, hi};
    static const char *const names[2] = {"lower", "upper"};
    for (int s = 0; s < 2; s++) {
        if (scalar) {
            lfpa_push_doubles(L, b[s], h);
        } else {
            lua_createtable(L, (int)nl, 0);
            for (size_t k = 0; k < nl; k++) {
                lfpa_push_doubles(L, b[s] + k * h, h);
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
        }
        lua_setfield(L, -2, names[s]);
    }
    lfpa_push_doubles(L, lev, nl);
    lua_setfield(L, -2, "levels");
    lua_pushstring(L, fpa_forecast_model_name(m));
    lua_setfield(L, -2, "model");
    lua_pushstring(L, fpa_forecast_method_name(fpa_forecast_model_method(m)));
    lua_setfield(L, -2, "method");
}

/* ---- ARIMA: drivers and specifications ---------------------------------------- */

/* Drivers of field `what` of the table at idx (NULL when absent): a
 * sequence is one driver, a table of rows several; `rows` (when not 0)
 * is the number of periods they must cover. Owned by a userdata pushed. */
static fpa_forecast_drivers *drivers_field(lua_State *L, int idx, const char *what,
                                           size_t rows, size_t *out_rows)
{
    if (!lua_istable(L, idx) || lua_getfield(L, idx, what) == LUA_TNIL) {
        if (lua_istable(L, idx)) lua_pop(L, 1);
        return NULL;
    }
    size_t r, c;
    int shape;
    double *x = lfpa_matrix(L, -1, &r, &c, &shape, NULL, what);
    if (shape != LFPA_MATRIX) r = c, c = 1;  /* one driver, one value per period */
    if (rows && r != rows)
        lfpa_error(L, FPA_EINVAL, "%s has %d rows; the series has %d values", what, (int)r,
                   (int)rows);
    if (out_rows) *out_rows = r;
    void **slot = lfpa_newobject(L, DRIVERS);
    lfpa_check(L, fpa_forecast_drivers_new((fpa_forecast_drivers **)slot, x, r, c, NULL));
    return *slot;
}

static int has_field(lua_State *L, int idx, const char *field)
{
    if (!lua_istable(L, idx)) return 0;
    int t = lua_getfield(L, idx, field);
    lua_pop(L, 1);
    return t != LUA_TNIL;
}

/* Three orders of field `what` ({p, d, q}), zeros when absent. */
static void orders_field(lua_State *L, int idx, const char *what, size_t *o)
{
    o[0] = o[1] = o[2] = 0;
    if (lua_getfield(L, idx, what) != LUA_TNIL) {
        size_t k;
        size_t *v = lfpa_counts(L, -1, &k, what);
        if (k != 3) lfpa_error(L, FPA_EINVAL, "%s must hold three orders", what);
        memcpy(o, v, 3 * sizeof *o);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The ARIMA specification of the options table at idx for n values. */
static fpa_forecast_arima_spec *arima_spec(lua_State *L, int idx, size_t n)
{
    void **slot = lfpa_newobject(L, SPEC);
    lfpa_check(L, fpa_forecast_arima_spec_new((fpa_forecast_arima_spec **)slot, NULL));
    fpa_forecast_arima_spec *s = *slot;
    if (has_field(L, idx, "order") || has_field(L, idx, "seasonal")) {
        size_t o[6];
        orders_field(L, idx, "order", o);
        orders_field(L, idx, "seasonal", o + 3);
        lfpa_check(L, fpa_forecast_arima_spec_set_order(s, o[0], o[1], o[2], o[3], o[4], o[5]));
    }
    int c = lfpa_opt_choice(L, idx, "constant", "auto", constants);
    lfpa_check(L, fpa_forecast_arima_spec_set_constant(s, (fpa_arima_constant)c));
    fpa_forecast_drivers *d = drivers_field(L, idx, "xreg", n, NULL);
    if (d) lfpa_check(L, fpa_forecast_arima_spec_set_drivers(s, d));
    if (lua_getfield(L, idx, "coef") != LUA_TNIL) {
        size_t k;
        double *co = series(L, -1, &k, "coef");
        lfpa_check(L, fpa_forecast_arima_spec_set_coef(s, co, k));
    }
    lua_pop(L, 1);
    return s;
}

static int is_arima_call(lua_State *L, int idx)
{
    static const char *const fields[] = {"order", "seasonal", "constant", "xreg", "coef"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (has_field(L, idx, fields[i])) return 1;
    return 0;
}

/* predict with the options at idx (horizon, level, interval options, and
 * the future drivers of field `future`, whose rows are then the horizon) */
static int predict(lua_State *L, const fpa_forecast_model *m, int idx, size_t h,
                   const char *future)
{
    fpa_opts *o = fc_opts(L, idx);
    size_t nl;
    int scalar;
    double *lev = levels_opt(L, idx, &nl, &scalar);
    fpa_forecast_drivers *f = drivers_field(L, idx, future, 0, &h);
    if (h && (nl + 2) > ((size_t)-1 >> 4) / h)
        return lfpa_error(L, FPA_ENOMEM, "horizon too large");
    double *mean = lfpa_scratch(L, h, sizeof *mean);
    double *lo = lfpa_scratch(L, nl * h, sizeof *lo), *hi = lfpa_scratch(L, nl * h, sizeof *hi);
    if (f)
        lfpa_check(L, fpa_forecast_predict_drivers(mean, nl ? lo : NULL, nl ? hi : NULL, m, f,
                                                   nl ? lev : NULL, nl, o));
    else
        lfpa_check(L, fpa_forecast_predict(mean, nl ? lo : NULL, nl ? hi : NULL, m, h,
                                           nl ? lev : NULL, nl, o));
    push_forecast(L, mean, lo, hi, h, lev, nl, scalar, m);
    return 1;
}

/* Fit into a new fpa.forecast_model left on the stack. */
static fpa_forecast_model *fit(lua_State *L, int yi, int oi)
{
    size_t n;
    double *y = series(L, yi, &n, "series");
    fpa_opts *o = fc_opts(L, oi);
    fpa_forecast_method method = method_opt(L, oi);
    size_t period = field_count(L, oi, "period", 12);
    if (is_arima_call(L, oi)) {
        if (method != FPA_FORECAST_ARIMA)
            lfpa_error(L, FPA_EINVAL, "order, seasonal, constant, xreg and coef are for "
                       "method \"arima\"");
        fpa_forecast_arima_spec *s = arima_spec(L, oi, n);
        void **slot = lfpa_newobject(L, MODEL);
        lfpa_check(L, fpa_forecast_arima_fit((fpa_forecast_model **)slot, s, y, n, period, o));
        return *slot;
    }
    void **slot = lfpa_newobject(L, MODEL);
    lfpa_check(L, fpa_forecast_fit((fpa_forecast_model **)slot, method, y, n, period, o));
    return *slot;
}

/* fpa.forecast(series[, {method, period, horizon, level, ...}]) */
static int l_forecast(lua_State *L)
{
    lua_settop(L, 2);
    fpa_forecast_model *m = fit(L, 1, 2);
    return predict(L, m, 2, field_count(L, 2, "horizon", FPA_FORECAST_DEFAULT_HORIZON),
                   "xreg_future");
}

/* fpa.forecast_model(series[, opts]) -> model */
static int l_forecast_model(lua_State *L)
{
    lua_settop(L, 2);
    fit(L, 1, 2);
    return 1;
}

/* fpa.ets_model(series, params, states[, {model = "AAN", period = 12}]) */
static int l_ets_model(lua_State *L)
{
    lua_settop(L, 4);
    size_t n, ns;
    double *y = series(L, 1, &n, "series");
    double *par = lfpa_scratch(L, 4, sizeof *par);
    static const char *const pnames[4] = {"alpha", "beta", "gamma", "phi"};
    if (!lua_istable(L, 2)) return lfpa_error(L, FPA_EINVAL, "params must be a table");
    for (int i = 0; i < 4; i++) {
        int t = lua_getfield(L, 2, pnames[i]);
        if (t == LUA_TNIL) {
            lua_pop(L, 1);
            t = lua_rawgeti(L, 2, i + 1);
        }
        par[i] = t == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
        if (t != LUA_TNUMBER && t != LUA_TNIL && !(t == LUA_TBOOLEAN && !lua_toboolean(L, -1)))
            lfpa_error(L, FPA_EINVAL, "params.%s must be a number", pnames[i]);
        lua_pop(L, 1);
    }
    double *st = lfpa_doubles(L, 3, &ns, 1, "states");
    fpa_opts *o = fc_opts(L, 4);
    if (!o) return lfpa_error(L, FPA_EINVAL, "give the model, e.g. {model = \"AAN\"}");
    void **slot = lfpa_newobject(L, MODEL);
    lfpa_check(L, fpa_forecast_ets_build((fpa_forecast_model **)slot, y, n,
                                         field_count(L, 4, "period", 1), par, st, ns, o));
    return 1;
}

/* ---- model methods (also on a rolling forecast's model view) ------------------ */

typedef struct {
    void *obj; /* first, as every lfpa object: NULL when closed */
    size_t stamp;
} view_box;

static const fpa_forecast_model *model_arg(lua_State *L, int idx)
{
    if (luaL_testudata(L, idx, MODEL)) return lfpa_toobject(L, idx, MODEL);
    view_box *v = luaL_testudata(L, idx, VIEW);
    if (!v) return lfpa_wc_object(L, idx, MODEL);  /* raises naming the type */
    if (!v->obj) lfpa_error(L, FPA_EINVAL, "%s is closed", VIEW);
    lua_getiuservalue(L, idx, 1);
    size_t versions = 0;
    fpa_rolling *r = luaL_testudata(L, -1, ROLL) ? *(fpa_rolling **)lua_touserdata(L, -1) : NULL;
    if (r) fpa_forecast_rolling_size(NULL, &versions, r);
    lua_pop(L, 1);
    if (!r || versions != v->stamp)
        lfpa_error(L, FPA_EINVAL, "this model belonged to a rolling forecast that has since "
                   "appended an actual or closed; call r:model() again");
    return v->obj;
}

static int m_name(lua_State *L)
{
    lua_pushstring(L, fpa_forecast_model_name(model_arg(L, 1)));
    return 1;
}

static int m_method(lua_State *L)
{
    lua_pushstring(L, fpa_forecast_method_name(fpa_forecast_model_method(model_arg(L, 1))));
    return 1;
}

static int m_length(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_forecast_model_length(model_arg(L, 1)));
    return 1;
}

/* m:predict([horizon[, {level =, intervals =, npaths =, seed =, xreg =}]]) */
static int m_predict(lua_State *L)
{
    lua_settop(L, 3);
    const fpa_forecast_model *m = model_arg(L, 1);
    return predict(L, m, 3, lfpa_count(L, 2, "horizon", FPA_FORECAST_DEFAULT_HORIZON), "xreg");
}

/* m:simulate(horizon, npaths[, {seed =, xreg =}]) -> paths (rows); with
 * drivers the horizon is their rows (nil or the same number) */
static int m_simulate(lua_State *L)
{
    lua_settop(L, 4);
    const fpa_forecast_model *m = model_arg(L, 1);
    size_t h = lfpa_count(L, 2, "horizon", 0), k = lfpa_count(L, 3, "npaths", 0);
    fpa_opts *o = fc_opts(L, 4);
    size_t rows = 0;
    fpa_forecast_drivers *f = drivers_field(L, 4, "xreg", 0, &rows);
    if (f && h && h != rows)
        return lfpa_error(L, FPA_EINVAL, "horizon is %d but xreg has %d rows", (int)h,
                          (int)rows);
    if (f) h = rows;
    if (h && k > ((size_t)-1 >> 4) / h) return lfpa_error(L, FPA_ENOMEM, "too many paths");
    double *out = lfpa_scratch(L, h * k, sizeof *out);
    lfpa_check(L, f ? fpa_forecast_simulate_drivers(out, m, f, k, o)
                    : fpa_forecast_simulate(out, m, h, k, o));
    lfpa_push_matrix(L, out, NULL, k, h, LFPA_MATRIX);
    return 1;
}

/* m:arima_order() -> {p =, d =, q =, P =, D =, Q =, period =, constant =, drivers =} */
static int m_arima_order(lua_State *L)
{
    const fpa_forecast_model *m = model_arg(L, 1);
    size_t o[7], k;
    fpa_arima_constant c;
    lfpa_check(L, fpa_forecast_model_arima(o, &c, &k, m));
    static const char *const keys[7] = {"p", "d", "q", "P", "D", "Q", "period"};
    lua_createtable(L, 0, 9);
    for (int i = 0; i < 7; i++) {
        lua_pushinteger(L, (lua_Integer)o[i]);
        lua_setfield(L, -2, keys[i]);
    }
    lua_pushstring(L, constants[c]);
    lua_setfield(L, -2, "constant");
    lua_pushinteger(L, (lua_Integer)k);
    lua_setfield(L, -2, "drivers");
    return 1;
}

/* m:coef() -> {name = value}, {names in R's order}, {name = standard error} */
static int m_coef(lua_State *L)
{
    const fpa_forecast_model *m = model_arg(L, 1);
    size_t n;
    lfpa_check(L, fpa_forecast_model_coef(NULL, NULL, 0, &n, m));
    double *c = lfpa_scratch(L, n, sizeof *c), *se = lfpa_scratch(L, n, sizeof *se);
    lfpa_check(L, fpa_forecast_model_coef(c, se, n, &n, m));
    lua_createtable(L, 0, (int)n);
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, 0, (int)n);
    for (size_t i = 0; i < n; i++) {
        const char *name = fpa_forecast_model_coef_name(m, i);
        lua_pushnumber(L, c[i]);
        lua_setfield(L, -4, name);
        lua_pushstring(L, name);
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        if (isnan(se[i])) lua_pushboolean(L, 0);
        else lua_pushnumber(L, se[i]);
        lua_setfield(L, -2, name);
    }
    return 3;
}

static const char *const param_names[] = {"alpha", "beta", "gamma", "phi", "theta", "drift",
                                          "sigma2", "loglik", "aic", "aicc", "bic", NULL};

/* m:param(name) -> number */
static int m_param(lua_State *L)
{
    lua_settop(L, 2);
    const fpa_forecast_model *m = model_arg(L, 1);
    double v;
    lfpa_check(L, fpa_forecast_model_param(
                      &v, m, (fpa_forecast_param)lfpa_choice(L, 2, "param", NULL, param_names)));
    lua_pushnumber(L, v);
    return 1;
}

/* m:params() -> {name = value} for the quantities the model has */
static int m_params(lua_State *L)
{
    const fpa_forecast_model *m = model_arg(L, 1);
    lua_newtable(L);
    for (int i = 0; param_names[i]; i++) {
        double v;
        if (fpa_forecast_model_param(&v, m, (fpa_forecast_param)i) == FPA_OK) {
            lua_pushnumber(L, v);
            lua_setfield(L, -2, param_names[i]);
        }
    }
    return 1;
}

/* m:states([final = true]) */
static int m_states(lua_State *L)
{
    lua_settop(L, 2);
    const fpa_forecast_model *m = model_arg(L, 1);
    int final = lua_isnil(L, 2) || lua_toboolean(L, 2);
    size_t n;
    fpa_status st = fpa_forecast_model_states(NULL, 0, &n, m, final);
    if (st != FPA_ESIZE) lfpa_check(L, st);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_forecast_model_states(out, n, &n, m, final));
    lfpa_push_doubles(L, out, n);
    return 1;
}

static int m_fitted(lua_State *L)
{
    const fpa_forecast_model *m = model_arg(L, 1);
    size_t n = fpa_forecast_model_length(m);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_forecast_model_fitted(out, n, m));
    push_values(L, out, n);
    return 1;
}

/* m:update(values or value) -> m */
static int m_update(lua_State *L)
{
    lua_settop(L, 2);
    if (luaL_testudata(L, 1, VIEW))
        return lfpa_error(L, FPA_EINVAL, "a rolling forecast's model cannot be updated; "
                          "append to the rolling forecast");
    fpa_forecast_model *m = lfpa_wc_object(L, 1, MODEL);
    size_t n;
    double *y = series(L, 2, &n, "values");
    lfpa_check(L, fpa_forecast_model_update(m, y, n));
    lua_settop(L, 1);
    return 1;
}

static int m_tostring(lua_State *L)
{
    view_box *b = lua_touserdata(L, 1);
    luaL_getmetafield(L, 1, "__name");
    if (!b || !b->obj) {
        lua_pushfstring(L, "%s (closed)", lua_tostring(L, -1));
        return 1;
    }
    const fpa_forecast_model *m = b->obj;
    lua_pushfstring(L, "%s (%s, %d values)", lua_tostring(L, -1), fpa_forecast_model_name(m),
                    (int)fpa_forecast_model_length(m));
    return 1;
}

/* ---- batches -------------------------------------------------------------------- */

/* fpa.forecast_batch({series, ...}[, opts]) ->
 * {mean = rows, lower, upper, levels, models, status} */
static int l_forecast_batch(lua_State *L)
{
    lua_settop(L, 2);
    if (!lua_istable(L, 1)) return lfpa_error(L, FPA_EINVAL, "series must be a table of series");
    size_t ns = (size_t)lua_rawlen(L, 1), total = 0;
    if (ns == 0) return lfpa_error(L, FPA_EINVAL, "no series");
    fpa_opts *o = fc_opts(L, 2);
    fpa_forecast_method method = method_opt(L, 2);
    size_t period = field_count(L, 2, "period", 12),
           h = field_count(L, 2, "horizon", FPA_FORECAST_DEFAULT_HORIZON);
    int strict = lfpa_opt_flag(L, 2, "strict"), scalar;
    size_t nl;
    double *lev = levels_opt(L, 2, &nl, &scalar);
    size_t *off = lfpa_scratch(L, ns + 1, sizeof *off);
    int base = lua_gettop(L);
    for (size_t i = 0; i < ns; i++) {  /* lengths first, then one copy */
        lua_rawgeti(L, 1, (lua_Integer)i + 1);
        if (!lua_istable(L, -1))
            lfpa_error(L, FPA_EINVAL, "series[%d] is a %s, not a sequence", (int)i + 1,
                       luaL_typename(L, -1));
        off[i] = total;
        total += (size_t)lua_rawlen(L, -1);
        lua_pop(L, 1);
    }
    off[ns] = total;
    double *values = lfpa_scratch(L, total, sizeof *values);
    for (size_t i = 0; i < ns; i++) {
        size_t n;
        char what[32];
        snprintf(what, sizeof what, "series[%d]", (int)i + 1);
        lua_rawgeti(L, 1, (lua_Integer)i + 1);
        double *x = series(L, -1, &n, what);
        memcpy(values + off[i], x, n * sizeof *x);
        lua_settop(L, base + 1);
    }
    if (h && (nl + 2) > ((size_t)-1 >> 4) / h / ns)
        return lfpa_error(L, FPA_ENOMEM, "horizon too large");
    double *mean = lfpa_scratch(L, ns * h, sizeof *mean);
    double *lo = lfpa_scratch(L, ns * nl * h, sizeof *lo);
    double *hi = lfpa_scratch(L, ns * nl * h, sizeof *hi);
    char *names = lfpa_scratch(L, ns, FPA_FORECAST_NAME_MAX);
    fpa_status *st = lfpa_scratch(L, ns, sizeof *st);
    lfpa_check(L, fpa_forecast_batch(mean, nl ? lo : NULL, nl ? hi : NULL, names,
                                     strict ? NULL : st, method, total ? values : NULL, off,
                                     ns, period, h, nl ? lev : NULL, nl, o));
    lua_createtable(L, 0, 6);
    lua_createtable(L, (int)ns, 0);
    for (size_t i = 0; i < ns; i++) {
        push_values(L, mean + i * h, h);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "mean");
    const double *b[2] = {lo, hi};
    static const char *const side[2] = {"lower", "upper"};
    for (int s = 0; s < 2; s++) {
        lua_createtable(L, (int)(scalar ? ns : nl), 0);
        for (size_t k = 0; k < nl; k++) {
            if (!scalar) lua_createtable(L, (int)ns, 0);
            for (size_t i = 0; i < ns; i++) {
                push_values(L, b[s] + (i * nl + k) * h, h);
                lua_rawseti(L, -2, (lua_Integer)i + 1);
            }
            if (!scalar) lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, side[s]);
    }
    lfpa_push_doubles(L, lev, nl);
    lua_setfield(L, -2, "levels");
    lua_createtable(L, (int)ns, 0);
    lua_createtable(L, (int)ns, 0);
    for (size_t i = 0; i < ns; i++) {
        const char *nm = names + i * FPA_FORECAST_NAME_MAX;
        const char *end = memchr(nm, 0, FPA_FORECAST_NAME_MAX);
        if (strict || st[i] == FPA_OK)
            lua_pushlstring(L, nm, end ? (size_t)(end - nm) : FPA_FORECAST_NAME_MAX);
        else lua_pushboolean(L, 0);
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        lua_pushstring(L, fpa_status_name(strict ? FPA_OK : st[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -3, "status");
    lua_setfield(L, -2, "models");
    return 1;
}

/* ---- backtests ---------------------------------------------------------------------- */

/* fpa.backtest(series[, {method, period, horizon = 6, origins = 5, window, ...}]) */
static int l_backtest(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double *y = series(L, 1, &n, "series");
    fpa_opts *o = fc_opts(L, 2);
    fpa_forecast_method method = method_opt(L, 2);
    size_t period = field_count(L, 2, "period", 12), h = field_count(L, 2, "horizon", 6);
    size_t k = field_count(L, 2, "origins", 5);
    void **slot = lfpa_newobject(L, BT);
    lfpa_check(L, fpa_forecast_backtest((fpa_backtest **)slot, method, y, n, period, h, k, o));
    return 1;
}

static fpa_backtest *bt_arg(lua_State *L, int idx) { return lfpa_wc_object(L, idx, BT); }

static int b_size(lua_State *L)
{
    size_t k, h;
    lfpa_check(L, fpa_forecast_backtest_size(&k, &h, bt_arg(L, 1)));
    lua_pushinteger(L, (lua_Integer)k);
    lua_pushinteger(L, (lua_Integer)h);
    return 2;
}

static int b_values(lua_State *L, int actuals)
{
    fpa_backtest *bt = bt_arg(L, 1);
    size_t k, h;
    lfpa_check(L, fpa_forecast_backtest_size(&k, &h, bt));
    double *out = lfpa_scratch(L, k * h, sizeof *out);
    lfpa_check(L, fpa_forecast_backtest_values(actuals ? NULL : out, actuals ? out : NULL,
                                               k * h, bt));
    lfpa_push_matrix(L, out, NULL, k, h, LFPA_MATRIX);
    return 1;
}

static int b_forecasts(lua_State *L) { return b_values(L, 0); }
static int b_actuals(lua_State *L) { return b_values(L, 1); }

static fpa_metric metric_arg(lua_State *L, int idx)
{
    const char *s = lua_isnoneornil(L, idx) ? "mae" : lua_tostring(L, idx);
    fpa_metric m = FPA_METRIC_MAE;  /* lfpa_error does not return */
    if (lua_type(L, idx) == LUA_TNUMBER || !s ||
        fpa_metric_find(&m, !strcmp(s, "me") ? "bias" : s) != FPA_OK)
        lfpa_error(L, FPA_EINVAL, "metric must be one of fpa.METRICS, got %s",
                   s ? s : luaL_typename(L, idx));
    return m;
}

/* bt:error([metric]) -> by horizon, over all */
static int b_error(lua_State *L)
{
    lua_settop(L, 2);
    fpa_backtest *bt = bt_arg(L, 1);
    size_t k, h;
    double all;
    lfpa_check(L, fpa_forecast_backtest_size(&k, &h, bt));
    double *by = lfpa_scratch(L, h, sizeof *by);
    lfpa_check(L, fpa_forecast_backtest_error(by, &all, bt, metric_arg(L, 2)));
    lfpa_push_doubles(L, by, h);
    lua_pushnumber(L, all);
    return 2;
}

/* ---- rolling forecasts ------------------------------------------------------------- */

/* The calendar start of option "start": {year, period}, {year =, month =},
 * "YYYY-MM" or "YYYY-MM-DD"; {1, 1} when absent. */
static void start_opt(lua_State *L, int idx, size_t period, int *year, int *first)
{
    *year = 1, *first = 1;
    if (!lua_istable(L, idx)) return;
    int t = lua_getfield(L, idx, "start"), y = 0, m = 0, d = 1;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t == LUA_TTABLE && lua_rawgeti(L, -1, 1) == LUA_TNUMBER) {
        lua_rawgeti(L, -2, 2);
        if (!lua_isinteger(L, -2) || !lua_isinteger(L, -1))
            lfpa_error(L, FPA_EINVAL, "start {year, period} must hold two integers");
        *year = (int)lua_tointeger(L, -2), *first = (int)lua_tointeger(L, -1);
        lua_pop(L, 3);
        return;
    }
    if (t == LUA_TTABLE) {
        lua_pop(L, 1);
        lua_getfield(L, -1, "year");
        lua_getfield(L, -2, "month");
        if (!lua_isinteger(L, -2) || !lua_isinteger(L, -1))
            lfpa_error(L, FPA_EINVAL, "start needs integer year and month fields");
        y = (int)lua_tointeger(L, -2), m = (int)lua_tointeger(L, -1);
        lua_pop(L, 2);
    } else if (t == LUA_TSTRING) {
        char tail;
        int got = sscanf(lua_tostring(L, -1), "%d-%d-%d%c", &y, &m, &d, &tail);
        if (got != 2 && got != 3)
            lfpa_error(L, FPA_EINVAL, "start \"%s\" is not \"YYYY-MM\" or \"YYYY-MM-DD\"",
                       lua_tostring(L, -1));
    } else {
        lfpa_error(L, FPA_EINVAL, "start must be {year, period}, a date table or a string");
    }
    lua_pop(L, 1);
    if (m < 1 || m > 12) lfpa_error(L, FPA_EINVAL, "start: month %d is not 1-12", m);
    *year = y;
    if (period == 12) *first = m;
    else if (period == 4) *first = (m - 1) / 3 + 1;
    else if (period == 1) *first = 1;
    else lfpa_error(L, FPA_EINVAL, "start: give {year, period} for period %d", (int)period);
}

/* fpa.rolling_forecast(series[, {method, period, horizon, start, fiscal_start,
 * rolling_update, ...}]) */
static int l_rolling(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double *y = series(L, 1, &n, "series");
    fpa_opts *o = fc_opts(L, 2);
    fpa_forecast_method method = method_opt(L, 2);
    size_t period = field_count(L, 2, "period", 12),
           h = field_count(L, 2, "horizon", FPA_FORECAST_DEFAULT_HORIZON);
    int year, first;
    start_opt(L, 2, period, &year, &first);
    void **slot = lfpa_newobject(L, ROLL);
    lua_pushinteger(L, (lua_Integer)h);  /* the C object does not report its horizon */
    lua_setiuservalue(L, -2, 1);
    lfpa_check(L, fpa_forecast_rolling_new((fpa_rolling **)slot, method, y, n, period, year,
                                           first, h, o));
    return 1;
}

static fpa_rolling *roll_arg(lua_State *L, int idx) { return lfpa_wc_object(L, idx, ROLL); }

static void roll_size(lua_State *L, fpa_rolling *r, size_t *actuals, size_t *versions)
{
    lfpa_check(L, fpa_forecast_rolling_size(actuals, versions, r));
}

/* The horizon the rolling forecast at idx was made with. */
static size_t roll_horizon(lua_State *L, int idx)
{
    lua_getiuservalue(L, idx, 1);
    size_t h = (size_t)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return h;
}

/* r:append(actual or {actuals}) -> r */
static int r_append(lua_State *L)
{
    lua_settop(L, 2);
    fpa_rolling *r = roll_arg(L, 1);
    size_t n;
    double *x = series(L, 2, &n, "actual");
    for (size_t i = 0; i < n; i++) lfpa_check(L, fpa_forecast_rolling_append(r, x[i]));
    lua_settop(L, 1);
    return 1;
}

/* r:size() -> actuals, versions */
static int r_size(lua_State *L)
{
    size_t a, v;
    roll_size(L, roll_arg(L, 1), &a, &v);
    lua_pushinteger(L, (lua_Integer)a);
    lua_pushinteger(L, (lua_Integer)v);
    return 2;
}

static int r_len(lua_State *L)
{
    size_t a, v;
    roll_size(L, roll_arg(L, 1), &a, &v);
    lua_pushinteger(L, (lua_Integer)a);
    return 1;
}

static int r_horizon(lua_State *L)
{
    roll_arg(L, 1);
    lua_pushinteger(L, (lua_Integer)roll_horizon(L, 1));
    return 1;
}

/* r:view() -> actuals followed by the current forecast */
static int r_view(lua_State *L)
{
    fpa_rolling *r = roll_arg(L, 1);
    size_t a, v, h = roll_horizon(L, 1);
    roll_size(L, r, &a, &v);
    double *out = lfpa_scratch(L, a + h, sizeof *out);
    lfpa_check(L, fpa_forecast_rolling_view(out, a + h, r));
    lfpa_push_doubles(L, out, a + h);
    return 1;
}

/* r:version([k]) -> the forecast of version k (1 = at creation; default
 * the latest; -1 the latest, -2 the one before ...) */
static int r_version(lua_State *L)
{
    lua_settop(L, 2);
    fpa_rolling *r = roll_arg(L, 1);
    size_t a, v, h = roll_horizon(L, 1);
    roll_size(L, r, &a, &v);
    lua_Integer k = lua_isnil(L, 2) ? -1 : luaL_checkinteger(L, 2);
    if (k < 0) k += (lua_Integer)v + 1;
    if (k < 1 || k > (lua_Integer)v)
        return lfpa_error(L, FPA_EINVAL, "version %d is outside 1..%d", (int)k, (int)v);
    double *out = lfpa_scratch(L, h, sizeof *out);
    lfpa_check(L, fpa_forecast_rolling_version(out, h, r, (size_t)k - 1));
    lfpa_push_doubles(L, out, h);
    return 1;
}

/* r:error_by_lag([max_lag[, metric]]) -> errors by lag (false: no pair yet), counts */
static int r_error_by_lag(lua_State *L)
{
    lua_settop(L, 3);
    fpa_rolling *r = roll_arg(L, 1);
    size_t k = lfpa_count(L, 2, "max_lag", roll_horizon(L, 1));
    fpa_metric m = metric_arg(L, 3);
    double *err = lfpa_scratch(L, k, sizeof *err);
    size_t *cnt = lfpa_scratch(L, k, sizeof *cnt);
    lfpa_check(L, fpa_forecast_rolling_error_by_lag(err, cnt, k, r, m));
    push_values(L, err, k);
    lua_createtable(L, (int)k, 0);
    for (size_t i = 0; i < k; i++) {
        lua_pushinteger(L, (lua_Integer)cnt[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 2;
}

/* r:outlook() -> total, actual, forecast, fiscal year */
static int r_outlook(lua_State *L)
{
    double t, a, f;
    int y;
    lfpa_check(L, fpa_forecast_rolling_outlook(&t, &a, &f, &y, roll_arg(L, 1)));
    lua_pushnumber(L, t);
    lua_pushnumber(L, a);
    lua_pushnumber(L, f);
    lua_pushinteger(L, y);
    return 4;
}

/* r:model() -> a view of the current model, valid until the next append */
static int r_model(lua_State *L)
{
    fpa_rolling *r = roll_arg(L, 1);
    size_t a, v;
    roll_size(L, r, &a, &v);
    view_box *b = lua_newuserdatauv(L, sizeof *b, 1);
    b->obj = (void *)(uintptr_t)fpa_forecast_rolling_model(r);
    b->stamp = v;
    luaL_setmetatable(L, VIEW);
    lua_pushvalue(L, 1);  /* the view keeps the rolling forecast alive */
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static int r_tostring(lua_State *L)
{
    fpa_rolling **p = lua_touserdata(L, 1);
    if (!p || !*p) {
        lua_pushstring(L, ROLL " (closed)");
        return 1;
    }
    size_t a = 0, v = 0;
    fpa_forecast_rolling_size(&a, &v, *p);
    lua_pushfstring(L, ROLL " (%d actuals, %d versions, %s)", (int)a, (int)v,
                    fpa_forecast_model_name(fpa_forecast_rolling_model(*p)));
    return 1;
}

/* ---- decomposition and seasonality -------------------------------------------------- */

static const char *const dtypes[] = {"multiplicative", "additive", NULL};

/* fpa.decompose(series[, {period = 12, type = "multiplicative"}]) -> trend, seasonal, figure */
static int l_decompose(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double *y = series(L, 1, &n, "series");
    if (!lua_isnil(L, 2) && !lua_istable(L, 2))
        return lfpa_error(L, FPA_EINVAL, "options must be a table");
    size_t p = field_count(L, 2, "period", 12);
    int type = 0;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "type");
        type = lfpa_choice(L, -1, "type", "multiplicative", dtypes);
        lua_pop(L, 1);
    }
    double *trend = lfpa_scratch(L, n, sizeof *trend), *seas = lfpa_scratch(L, n, sizeof *seas);
    double *fig = lfpa_scratch(L, p, sizeof *fig);
    lfpa_check(L, fpa_forecast_decompose(trend, seas, fig, y, n, p, (fpa_decomposition)type));
    push_values(L, trend, n);
    lfpa_push_doubles(L, seas, n);
    lfpa_push_doubles(L, fig, p);
    return 3;
}

/* fpa.seasonality_test(series[, period]) -> boolean */
static int l_seasonality_test(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double *y = series(L, 1, &n, "series");
    int out;
    lfpa_check(L, fpa_forecast_seasonality_test(&out, y, n, lfpa_count(L, 2, "period", 12)));
    lua_pushboolean(L, out);
    return 1;
}

/* ---- accuracy ---------------------------------------------------------------------- */

/* Sequences at idx .. idx + k - 1, of one length. */
static void same_length(lua_State *L, int idx, int k, double **x, size_t *n,
                        const char *const *what)
{
    for (int i = 0; i < k; i++) {
        size_t m;
        x[i] = lfpa_doubles(L, idx + i, &m, 0, what[i]);
        if (i && m != *n)
            lfpa_error(L, FPA_EINVAL, "%s has %d values but %s has %d", what[i], (int)m,
                       what[0], (int)*n);
        *n = m;
    }
}

static int point_metric(lua_State *L, fpa_metric m, int ins_idx, int per_idx)
{
    static const char *const what[2] = {"actual", "forecast"};
    double *x[2], *ins = NULL, out;
    size_t n = 0, ni = 0;
    same_length(L, 1, 2, x, &n, what);
    if (ins_idx && !lua_isnil(L, ins_idx)) ins = lfpa_doubles(L, ins_idx, &ni, 0, "insample");
    size_t per = per_idx ? lfpa_count(L, per_idx, "period", 1) : 1;
    lfpa_check(L, fpa_accuracy_metric(&out, m, x[0], x[1], n, ins, ni, per));
    lua_pushnumber(L, out);
    return 1;
}

#define POINT(fn, metric) \
    static int fn(lua_State *L) { lua_settop(L, 2); return point_metric(L, metric, 0, 0); }
POINT(l_mae, FPA_METRIC_MAE)
POINT(l_rmse, FPA_METRIC_RMSE)
POINT(l_mape, FPA_METRIC_MAPE)
POINT(l_smape, FPA_METRIC_SMAPE)
POINT(l_wape, FPA_METRIC_WAPE)
POINT(l_bias, FPA_METRIC_BIAS)
POINT(l_relbias, FPA_METRIC_RELBIAS)

/* fpa.mase(actual, forecast, insample[, period]) */
static int l_mase(lua_State *L)
{
    lua_settop(L, 4);
    if (lua_isnil(L, 3)) return lfpa_error(L, FPA_EINVAL, "mase needs the in-sample values");
    return point_metric(L, FPA_METRIC_MASE, 3, 4);
}

/* fpa.accuracy(actual, forecast, metric[, {insample =, period =}]) */
static int l_accuracy(lua_State *L)
{
    lua_settop(L, 4);
    fpa_metric m = metric_arg(L, 3);
    if (!lua_isnil(L, 4) && !lua_istable(L, 4))
        return lfpa_error(L, FPA_EINVAL, "options must be a table");
    if (lua_istable(L, 4)) {
        lua_getfield(L, 4, "insample");
        lua_getfield(L, 4, "period");
    } else {
        lua_pushnil(L);
        lua_pushnil(L);
    }
    lua_replace(L, 4);
    lua_replace(L, 3);  /* actual, forecast, insample, period */
    return point_metric(L, m, 3, 4);
}

/* fpa.accuracy_scale(insample[, period]) */
static int l_accuracy_scale(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double *x = lfpa_doubles(L, 1, &n, 0, "insample"), out;
    lfpa_check(L, fpa_accuracy_scale(&out, x, n, lfpa_count(L, 2, "period", 1)));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.coverage(actual, lower, upper) -> percent */
static int l_coverage(lua_State *L)
{
    lua_settop(L, 3);
    static const char *const what[3] = {"actual", "lower", "upper"};
    double *x[3], out;
    size_t n = 0;
    same_length(L, 1, 3, x, &n, what);
    lfpa_check(L, fpa_accuracy_coverage(&out, x[0], x[1], x[2], n));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.msis(actual, lower, upper, insample[, level = 95[, period = 1]]) */
static int l_msis(lua_State *L)
{
    lua_settop(L, 6);
    static const char *const what[3] = {"actual", "lower", "upper"};
    double *x[3], out, level = lua_isnil(L, 5) ? 95 : luaL_checknumber(L, 5);
    size_t n = 0, ni;
    same_length(L, 1, 3, x, &n, what);
    double *ins = lfpa_doubles(L, 4, &ni, 0, "insample");
    lfpa_check(L, fpa_accuracy_msis(&out, x[0], x[1], x[2], n, level, ins, ni,
                                    lfpa_count(L, 6, "period", 1)));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.owa(smape, mase, smape_naive2, mase_naive2) */
static int l_owa(lua_State *L)
{
    double out, v[4];
    static const char *const what[4] = {"smape", "mase", "smape_naive2", "mase_naive2"};
    for (int i = 0; i < 4; i++) v[i] = lfpa_wc_num(L, i + 1, what[i]);
    lfpa_check(L, fpa_accuracy_owa(&out, v[0], v[1], v[2], v[3]));
    lua_pushnumber(L, out);
    return 1;
}

/* ---- registration ----------------------------------------------------------------- */

static void model_free(void *m) { fpa_forecast_model_free(m); }
static void view_free(void *m) { (void)m; /* owned by its rolling forecast */ }
static void roll_free(void *r) { fpa_forecast_rolling_free(r); }
static void bt_free(void *b) { fpa_forecast_backtest_free(b); }
static void spec_free(void *s) { fpa_forecast_arima_spec_free(s); }
static void drivers_free(void *d) { fpa_forecast_drivers_free(d); }

static void set_meta(lua_State *L, const char *tname, const char *field, lua_CFunction f)
{
    luaL_newmetatable(L, tname);
    lua_pushcfunction(L, f);
    lua_setfield(L, -2, field);
    lua_pop(L, 1);
}

/* A table of the names of an enumeration, in C order. */
static void push_names(lua_State *L, const char *(*name)(int), const char *field)
{
    lua_newtable(L);
    for (int i = 0; name(i); i++) {
        lua_pushstring(L, name(i));
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, field);
}

static const char *method_name(int i)
{
    return fpa_forecast_method_name((fpa_forecast_method)i);
}

static const char *metric_name(int i) { return fpa_metric_name((fpa_metric)i); }

void lfpa_open_forecast(lua_State *L)
{
    static const luaL_Reg model_methods[] = {
        {"name", m_name},         {"method", m_method},   {"length", m_length},
        {"predict", m_predict},   {"simulate", m_simulate}, {"param", m_param},
        {"params", m_params},     {"states", m_states},   {"fitted", m_fitted},
        {"update", m_update},     {"arima_order", m_arima_order}, {"coef", m_coef},
        {NULL, NULL},
    };
    static const luaL_Reg roll_methods[] = {
        {"append", r_append},   {"size", r_size},       {"horizon", r_horizon},
        {"view", r_view},       {"version", r_version}, {"error_by_lag", r_error_by_lag},
        {"outlook", r_outlook}, {"model", r_model},     {NULL, NULL},
    };
    static const luaL_Reg bt_methods[] = {
        {"size", b_size}, {"forecasts", b_forecasts}, {"actuals", b_actuals},
        {"error", b_error}, {NULL, NULL},
    };
    set_meta(L, MODEL, "__tostring", m_tostring);
    set_meta(L, MODEL, "__len", m_length);
    set_meta(L, VIEW, "__tostring", m_tostring);
    set_meta(L, VIEW, "__len", m_length);
    set_meta(L, ROLL, "__tostring", r_tostring);
    set_meta(L, ROLL, "__len", r_len);
    lfpa_newclass(L, MODEL, model_methods, model_free);
    lfpa_newclass(L, VIEW, model_methods, view_free);
    lfpa_newclass(L, ROLL, roll_methods, roll_free);
    lfpa_newclass(L, BT, bt_methods, bt_free);
    static const luaL_Reg none[] = {{NULL, NULL}};
    lfpa_newclass(L, SPEC, none, spec_free);
    lfpa_newclass(L, DRIVERS, none, drivers_free);
    static const luaL_Reg fns[] = {
        {"forecast", l_forecast},           {"forecast_model", l_forecast_model},
        {"ets_model", l_ets_model},         {"forecast_batch", l_forecast_batch},
        {"backtest", l_backtest},           {"rolling_forecast", l_rolling},
        {"decompose", l_decompose},         {"seasonality_test", l_seasonality_test},
        {"mae", l_mae},                     {"rmse", l_rmse},
        {"mape", l_mape},                   {"smape", l_smape},
        {"wape", l_wape},                   {"bias", l_bias},
        {"relbias", l_relbias},
        {"mase", l_mase},                   {"accuracy", l_accuracy},
        {"accuracy_scale", l_accuracy_scale}, {"coverage", l_coverage},
        {"msis", l_msis},                   {"owa", l_owa},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
    push_names(L, method_name, "FORECAST_METHODS");
    push_names(L, metric_name, "METRICS");
}
