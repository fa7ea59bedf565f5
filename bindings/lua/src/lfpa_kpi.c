/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared KPIs for Lua. Series are a sequence (one series) or a table of
 * rows (rows x periods), results come back in the same shape, and an
 * undefined element (growth from a zero base, a margin on zero revenue)
 * is false: never a NaN, and an error in any arithmetic. With
 * {strict = true} it raises the library's FPA_EDOM instead. */
#include "lfpa.h"

static const char *const SKIP[] = {"strict", NULL};

typedef struct {
    double *x;
    size_t rows, cols;
    int shape;
} series;

static void get_series(lua_State *L, int idx, series *s, const char *what)
{
    s->x = lfpa_matrix(L, idx, &s->rows, &s->cols, &s->shape, NULL, what);
}

static void same_shape(lua_State *L, const series *a, const series *b, const char *an,
                       const char *bn)
{
    if (a->rows != b->rows || a->cols != b->cols)
        lfpa_error(L, FPA_EINVAL, "%s has %d x %d values but %s has %d x %d", bn,
                   (int)b->rows, (int)b->cols, an, (int)a->rows, (int)a->cols);
}

static double num(lua_State *L, int idx, const char *name)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s must be a number, got %s", name, luaL_typename(L, idx));
    return lua_tonumber(L, idx);
}

/* rows * k elements of scratch (at least one, so that a shape the C
 * function rejects still gets a valid pointer) */
static double *outbuf(lua_State *L, size_t rows, size_t k)
{
    size_t n = rows * k;
    return lfpa_scratch(L, n > 0 ? n : 1, sizeof(double));
}

static unsigned char *maskbuf(lua_State *L, size_t n, int strict)
{
    return strict ? NULL : lfpa_scratch(L, n > 0 ? n : 1, 1);
}

/* growth over `lag` periods; the C function checks cols > lag before
 * writing, so a negative width is never used */
typedef fpa_status (*growth_fn)(double *, unsigned char *, const double *, size_t, size_t,
                                const fpa_opts *);

static int growth(lua_State *L, growth_fn fn, int yoy)
{
    lua_settop(L, 2);  /* fixed places for optional arguments */
    series s;
    fpa_opts *opts = lfpa_opts(L, 2, "kpi", SKIP);
    int strict = lfpa_opt_flag(L, 2, "strict");
    double season = 12;
    if (yoy && opts) fpa_opts_get(&season, opts, FPA_OPT_KPI_SEASON);
    size_t lag = yoy ? (size_t)season : 1;
    get_series(L, 1, &s, "x");
    size_t k = s.cols > lag ? s.cols - lag : 0;
    double *out = outbuf(L, s.rows, k);
    unsigned char *valid = maskbuf(L, s.rows * k, strict);
    lfpa_check(L, fn(out, valid, s.x, s.rows, s.cols, opts));
    lfpa_push_matrix(L, out, valid, s.rows, k, s.shape);
    return 1;
}

static int l_growth_pop(lua_State *L) { return growth(L, fpa_kpi_growth_pop, 0); }
static int l_growth_yoy(lua_State *L) { return growth(L, fpa_kpi_growth_yoy, 1); }

static int l_cagr(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_kpi_cagr(&out, num(L, 1, "first"), num(L, 2, "last"),
                               num(L, 3, "years")));
    lua_pushnumber(L, out);
    return 1;
}

static int l_cagr_rows(lua_State *L)
{
    lua_settop(L, 2);  /* fixed places for optional arguments */
    series s;
    fpa_opts *opts = lfpa_opts(L, 2, "kpi", SKIP);
    int strict = lfpa_opt_flag(L, 2, "strict");
    get_series(L, 1, &s, "x");
    double *out = outbuf(L, s.rows, 1);
    unsigned char *valid = maskbuf(L, s.rows, strict);
    lfpa_check(L, fpa_kpi_cagr_rows(out, valid, s.x, s.rows, s.cols, opts));
    /* one rate per series: a number for one series, a sequence for rows */
    lfpa_push_matrix(L, out, valid, 1, s.rows,
                     s.shape == LFPA_MATRIX ? LFPA_SERIES : LFPA_SCALAR);
    return 1;
}

/* fpa.sma(x, window, opts) and fpa.wma(x, window or weights, opts) */
static int moving(lua_State *L, int weighted)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    series s;
    size_t w, nw = 0;
    double *weights = NULL;
    fpa_opts *opts = lfpa_opts(L, 3, "kpi", NULL);
    if (lua_isnoneornil(L, 2))
        lfpa_error(L, FPA_EINVAL, "window must be a whole number%s",
                   weighted ? " or a table of weights" : "");
    if (weighted && lua_istable(L, 2)) {
        weights = lfpa_doubles(L, 2, &nw, 0, "weights");
        w = nw;
    } else
        w = lfpa_count(L, 2, "window", 0);
    get_series(L, 1, &s, "x");
    size_t k = s.cols + 1 > w ? s.cols + 1 - w : 0;
    double *out = outbuf(L, s.rows, k);
    lfpa_check(L, weighted ? fpa_kpi_wma(out, s.x, s.rows, s.cols, weights, w, opts)
                           : fpa_kpi_sma(out, s.x, s.rows, s.cols, w, opts));
    lfpa_push_matrix(L, out, NULL, s.rows, k, s.shape);
    return 1;
}

static int l_sma(lua_State *L) { return moving(L, 0); }
static int l_wma(lua_State *L) { return moving(L, 1); }

static int l_ema(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    series s;
    fpa_opts *opts = lfpa_opts(L, 3, "kpi", NULL);
    double alpha = num(L, 2, "alpha");
    get_series(L, 1, &s, "x");
    double *out = outbuf(L, s.rows, s.cols);
    lfpa_check(L, fpa_kpi_ema(out, s.x, s.rows, s.cols, alpha, opts));
    lfpa_push_matrix(L, out, NULL, s.rows, s.cols, s.shape);
    return 1;
}

/* fpa.margins(revenue, cogs, opex, da, opts) -> {gross_margin = ...,
 * operating_margin, ebitda, ebitda_margin, opex_ratio}, each in the shape
 * of revenue; the outputs whose inputs are nil are absent */
static int l_margins(lua_State *L)
{
    static const char *const names[5] = {"gross_margin", "operating_margin", "ebitda",
                                         "ebitda_margin", "opex_ratio"};
    lua_settop(L, 5);  /* fixed places for optional arguments */
    series r, c, o = {NULL, 0, 0, 0}, d = {NULL, 0, 0, 0};
    fpa_opts *opts = lfpa_opts(L, 5, "kpi", SKIP);
    int strict = lfpa_opt_flag(L, 5, "strict");
    int has_opex = !lua_isnil(L, 3), has_da = !lua_isnil(L, 4);
    if (has_da && !has_opex) lfpa_error(L, FPA_EINVAL, "EBITDA needs opex as well as da");
    get_series(L, 1, &r, "revenue");
    get_series(L, 2, &c, "cogs");
    same_shape(L, &r, &c, "revenue", "cogs");
    if (has_opex) {
        get_series(L, 3, &o, "opex");
        same_shape(L, &r, &o, "revenue", "opex");
    }
    if (has_da) {
        get_series(L, 4, &d, "da");
        same_shape(L, &r, &d, "revenue", "da");
    }
    size_t n = r.rows * r.cols;
    int want[5] = {1, has_opex, has_da, has_da, has_opex};
    double *out[5];
    for (int k = 0; k < 5; k++) out[k] = want[k] ? outbuf(L, n, 1) : NULL;
    unsigned char *valid = maskbuf(L, n, strict);
    lfpa_check(L, fpa_kpi_margins(out[0], out[1], out[2], out[3], out[4], valid, r.x, c.x,
                                  o.x, d.x, r.rows, r.cols, opts));
    lua_createtable(L, 0, 5);
    for (int k = 0; k < 5; k++)
        if (out[k]) {
            lfpa_push_matrix(L, out[k], k == 2 ? NULL : valid, r.rows, r.cols, r.shape);
            lua_setfield(L, -2, names[k]);
        }
    return 1;
}

static int l_rule_of_40(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_kpi_rule_of_40(&out, num(L, 1, "growth"), num(L, 2, "margin")));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.burn(cash_in, cash_out, opts) -> gross, net (net nil without cash_in) */
static int l_burn(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    series in = {NULL, 0, 0, 0}, out_;
    fpa_opts *opts = lfpa_opts(L, 3, "kpi", NULL);
    get_series(L, 2, &out_, "cash_out");
    int has_in = !lua_isnil(L, 1);
    if (has_in) {
        get_series(L, 1, &in, "cash_in");
        same_shape(L, &out_, &in, "cash_out", "cash_in");
    }
    size_t n = out_.rows * out_.cols;
    double *gross = outbuf(L, n, 1), *net = has_in ? outbuf(L, n, 1) : NULL;
    lfpa_check(L, fpa_kpi_burn(gross, net, in.x, out_.x, out_.rows, out_.cols, opts));
    lfpa_push_matrix(L, gross, NULL, out_.rows, out_.cols, out_.shape);
    if (net) lfpa_push_matrix(L, net, NULL, out_.rows, out_.cols, out_.shape);
    else lua_pushnil(L);
    return 2;
}

static int l_runway(lua_State *L)
{
    static const char *const rules[] = {"trailing_mean", "schedule", NULL};
    lua_settop(L, 3);  /* fixed places for optional arguments */
    size_t n;
    double out = 0, cash = num(L, 1, "cash");
    double *burn = lfpa_doubles(L, 2, &n, 0, "net_burn");
    int rule = lfpa_choice(L, 3, "rule", "trailing_mean", rules);
    lfpa_check(L, fpa_kpi_runway(&out, cash, burn, n, (fpa_runway_rule)rule));
    lua_pushnumber(L, out);
    return 1;
}

static int l_months_of_cash(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_kpi_months_of_cash(&out, num(L, 1, "cash"), num(L, 2, "burn")));
    lua_pushnumber(L, out);
    return 1;
}

void lfpa_open_kpi(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"growth_pop", l_growth_pop}, {"growth_yoy", l_growth_yoy},
        {"cagr", l_cagr},             {"cagr_rows", l_cagr_rows},
        {"sma", l_sma},               {"wma", l_wma},
        {"ema", l_ema},               {"margins", l_margins},
        {"rule_of_40", l_rule_of_40}, {"burn", l_burn},
        {"runway", l_runway},         {"months_of_cash", l_months_of_cash},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
