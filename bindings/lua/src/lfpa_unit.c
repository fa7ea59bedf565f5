/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit economics for Lua: contribution, break-even, allocation in whole
 * cents (Lua integers), customer economics, and cohort tables as
 * fpa.cohorts objects. Several figures come back as several results
 * (units, revenue = fpa.break_even(...)), or as a record when there are
 * many (fpa.revenue_retention). Cohort matrices are tables of rows; an
 * undefined or unobserved cell is false, and may be given as false (or
 * left out of a shorter row) past a cohort's observed ages. */
#include "lfpa.h"
#include "lfpa_tables.h"

#include <math.h>

#define COHORTS "fpa.cohorts"

static void open_unit_movements(lua_State *L);

static double num(lua_State *L, int idx, const char *name)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s must be a number, got %s", name, luaL_typename(L, idx));
    return lua_tonumber(L, idx);
}

static double optnum(lua_State *L, int idx, const char *name, double def)
{
    return lua_isnoneornil(L, idx) ? def : num(L, idx, name);
}

/* Money is never a float, as in recon: 12.0 could be cents or dollars. */
static int64_t cents(lua_State *L, int idx, const char *name)
{
    if (!lua_isinteger(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be whole cents (a Lua integer), got %s", name,
                   lua_type(L, idx) == LUA_TNUMBER ? "a float" : luaL_typename(L, idx));
    return (int64_t)lua_tointeger(L, idx);
}

static void same_length(lua_State *L, size_t n, size_t m, const char *a, const char *b)
{
    if (n != m) lfpa_error(L, FPA_EINVAL, "%s has %d values but %s has %d", b, (int)m, a, (int)n);
}

/* Two results; a partial result (FPA_PARTIAL) gives false for its
 * undefined one and a third result with the library's reason. */
static int push2(lua_State *L, fpa_status st, const double *two)
{
    if (st != FPA_PARTIAL) lfpa_check(L, st);
    for (int k = 0; k < 2; k++) {
        if (isnan(two[k])) lua_pushboolean(L, 0);
        else lua_pushnumber(L, two[k]);
    }
    if (st != FPA_PARTIAL) return 2;
    lfpa_push_detail(L);
    return 3;
}

/* `v` is read after the call has stored it (arguments are evaluated in
 * no set order, so it cannot be passed by value) */
static int push1(lua_State *L, fpa_status st, const double *v)
{
    lfpa_check(L, st);
    lua_pushnumber(L, *v);
    return 1;
}

/* ---- product unit economics ------------------------------------------- */

static int l_contribution(lua_State *L)
{
    double r[2] = {0, 0};
    return push2(L, fpa_unit_contribution(&r[0], &r[1], num(L, 1, "price"),
                                          num(L, 2, "variable_cost")), r);
}

/* fpa.break_even(fixed_costs, price, variable_cost, target_profit) */
static int l_break_even(lua_State *L)
{
    double r[2] = {0, 0};
    return push2(L, fpa_unit_break_even(&r[0], &r[1], num(L, 1, "fixed_costs"),
                                        optnum(L, 4, "target_profit", 0), num(L, 2, "price"),
                                        num(L, 3, "variable_cost")), r);
}

/* fpa.break_even_mix(price, variable_cost, mix, fixed_costs, target_profit,
 * basis) -> units, revenue (tables) */
static int l_break_even_mix(lua_State *L)
{
    static const char *const bases[] = {"units", "revenue", NULL};
    lua_settop(L, 6);  /* fixed places for optional arguments */
    size_t n, nv, nm;
    double fixed = num(L, 4, "fixed_costs"), target = optnum(L, 5, "target_profit", 0);
    int basis = lfpa_choice(L, 6, "basis", "units", bases);
    double *p = lfpa_doubles(L, 1, &n, 0, "price");
    double *v = lfpa_doubles(L, 2, &nv, 0, "variable_cost");
    double *m = lfpa_doubles(L, 3, &nm, 0, "mix");
    same_length(L, n, nv, "price", "variable_cost");
    same_length(L, n, nm, "price", "mix");
    double *units = lfpa_scratch(L, n, sizeof *units), *rev = lfpa_scratch(L, n, sizeof *rev);
    lfpa_check(L, fpa_unit_break_even_mix(units, rev, p, v, m, n, (fpa_mix_basis)basis, fixed,
                                          target));
    lfpa_push_doubles(L, units, n);
    lfpa_push_doubles(L, rev, n);
    return 2;
}

static int l_margin_of_safety(lua_State *L)
{
    double r[2] = {0, 0};
    return push2(L, fpa_unit_margin_of_safety(&r[0], &r[1], num(L, 1, "actual"),
                                              num(L, 2, "break_even")), r);
}

static int l_operating_leverage(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_operating_leverage(&v, num(L, 1, "contribution_margin"),
                                                num(L, 2, "operating_income")), &v);
}

static int l_allocate(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    int64_t pool = cents(L, 1, "pool");
    double *driver = lfpa_doubles(L, 2, &n, 0, "driver");
    int64_t *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_unit_allocate(out, pool, driver, n, NULL));
    lfpa_push_integers(L, out, n);
    return 1;
}

/* fpa.profitability(revenue, direct_costs, shared_pool, driver) ->
 * contribution, allocated, net (tables of cents) */
static int l_profitability(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    size_t n, nc, nd = 0;
    int64_t pool = cents(L, 3, "shared_pool");
    int64_t *rev = lt_int64_seq(L, 1, &n, "revenue");
    int64_t *cost = lt_int64_seq(L, 2, &nc, "direct_costs");
    same_length(L, n, nc, "revenue", "direct_costs");
    double *driver = NULL;
    if (!lua_isnil(L, 4)) {
        driver = lfpa_doubles(L, 4, &nd, 0, "driver");
        same_length(L, n, nd, "revenue", "driver");
    }
    int64_t *out[3];
    for (int k = 0; k < 3; k++) out[k] = lfpa_scratch(L, n, sizeof(int64_t));
    lfpa_check(L, fpa_unit_profitability(out[0], out[1], out[2], rev, cost, driver, n, pool,
                                         NULL));
    for (int k = 0; k < 3; k++) lfpa_push_integers(L, out[k], n);
    return 3;
}

/* ---- customer unit economics ------------------------------------------ */

static int l_arpu(lua_State *L)
{
    double v = 0, start = num(L, 2, "customers_start");
    return push1(L, fpa_unit_arpu(&v, num(L, 1, "revenue"), start,
                                  optnum(L, 3, "customers_end", start)), &v);
}

static int l_logo_churn(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_logo_churn(&v, num(L, 1, "customers_start"),
                                        num(L, 2, "customers_lost")), &v);
}

/* -> {grr =, nrr =, gross_churn =, net_churn =, expansion =} */
static int l_revenue_retention(lua_State *L)
{
    static const char *const names[5] = {"grr", "nrr", "gross_churn", "net_churn",
                                         "expansion"};
    double r[5] = {0, 0, 0, 0, 0};
    lfpa_check(L, fpa_unit_revenue_retention(&r[0], &r[1], &r[2], &r[3], &r[4],
                                             num(L, 1, "mrr_start"), num(L, 2, "churned"),
                                             optnum(L, 3, "contraction", 0),
                                             optnum(L, 4, "expansion", 0)));
    lua_createtable(L, 0, 5);
    for (int k = 0; k < 5; k++) {
        lua_pushnumber(L, r[k]);
        lua_setfield(L, -2, names[k]);
    }
    return 1;
}

static int l_ltv_simple(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_ltv_simple(&v, num(L, 1, "arpu"), num(L, 2, "gross_margin"),
                                        num(L, 3, "churn")), &v);
}

static int l_ltv_discounted(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_ltv_discounted(&v, num(L, 1, "arpu"), num(L, 2, "gross_margin"),
                                            num(L, 3, "churn"),
                                            optnum(L, 4, "discount_rate", 0),
                                            lfpa_count(L, 5, "horizon", 0)), &v);
}

static const char *const TAIL_SKIP[] = {"tail", "observed", "weights", NULL};

/* The unit options of the table at idx, with tail = "none" | "geometric" */
static fpa_opts *unit_opts(lua_State *L, int idx)
{
    static const char *const tails[] = {"none", "geometric", NULL};
    fpa_opts *opts = lfpa_opts(L, idx, "unit", TAIL_SKIP);
    if (opts) {
        lua_getfield(L, idx, "tail");
        int given = !lua_isnil(L, -1);
        int tail = given ? lfpa_choice(L, -1, "tail", NULL, tails) : 0;
        lua_pop(L, 1);
        if (given) lfpa_check(L, fpa_opts_set(opts, FPA_OPT_UNIT_TAIL, tail));
    }
    return opts;
}

/* fpa.ltv_curve(curve, arpu, gross_margin, discount_rate, horizon, opts) */
static int l_ltv_curve(lua_State *L)
{
    lua_settop(L, 6);  /* fixed places for optional arguments */
    size_t n;
    double v = 0;
    fpa_opts *opts = unit_opts(L, 6);
    double *s = lfpa_doubles(L, 1, &n, 0, "retention");
    return push1(L, fpa_unit_ltv_curve(&v, s, n, num(L, 2, "arpu"), num(L, 3, "gross_margin"),
                                       optnum(L, 4, "discount_rate", 0),
                                       lfpa_count(L, 5, "horizon", 0), opts), &v);
}

/* ---- cohort matrices ------------------------------------------------------ */

typedef struct {
    double *x;
    size_t rows, cols, *obs;
    int shape;
} cmatrix;

/* The cohort x age matrix at idx and its observed ages: from the sequence
 * at obs_idx, or else each row's leading cells before a missing one (all
 * of them for a full matrix). Missing cells must lie past the observed
 * ages. */
static void cohort_matrix(lua_State *L, int idx, int obs_idx, cmatrix *m, const char *what)
{
    unsigned char *gap;
    obs_idx = lua_absindex(L, obs_idx);
    m->x = lfpa_matrix(L, idx, &m->rows, &m->cols, &m->shape, &gap, what);
    if (!lua_isnoneornil(L, obs_idx)) {
        size_t n;
        m->obs = lfpa_counts(L, obs_idx, &n, "observed");
        if (n != m->rows)
            lfpa_error(L, FPA_EINVAL, "observed has %d values but %s has %d rows", (int)n,
                       what, (int)m->rows);
        for (size_t i = 0; gap && i < m->rows; i++)
            for (size_t a = 0; a < m->obs[i] && a < m->cols; a++)
                if (gap[i * m->cols + a])
                    lfpa_error(L, FPA_EINVAL, "%s[%d][%d] is missing within the cohort's "
                               "observed ages", what, (int)i + 1, (int)a + 1);
        return;
    }
    m->obs = lfpa_scratch(L, m->rows, sizeof *m->obs);
    for (size_t i = 0; i < m->rows; i++) {
        size_t a = 0;
        while (a < m->cols && !(gap && gap[i * m->cols + a])) a++;
        m->obs[i] = a;
        for (size_t b = a; b < m->cols; b++)
            if (!gap[i * m->cols + b])
                lfpa_error(L, FPA_EINVAL, "%s[%d][%d] is defined after a missing cell of its "
                           "row; give observed", what, (int)i + 1, (int)b + 1);
    }
}

static double *cohort_weights(lua_State *L, int idx, size_t rows)
{
    size_t n;
    if (lua_isnoneornil(L, idx)) return NULL;
    double *w = lfpa_doubles(L, idx, &n, 0, "weights");
    if (n != rows)
        lfpa_error(L, FPA_EINVAL, "weights has %d values but there are %d cohorts", (int)n,
                   (int)rows);
    return w;
}

/* fpa.retention_curve(matrix, observed, weights) -> curve */
static int l_retention_curve(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    cmatrix m;
    size_t len = 0;
    cohort_matrix(L, 1, 2, &m, "retention");
    double *w = cohort_weights(L, 3, m.rows);
    double *curve = lfpa_scratch(L, m.cols, sizeof *curve);
    lfpa_check(L, fpa_unit_retention_curve(curve, &len, m.x, w, m.obs, m.rows, m.cols));
    lfpa_push_doubles(L, curve, len);
    return 1;
}

/* fpa.ltv_cohorts(matrix, arpu, gross_margin, discount_rate, horizon,
 * {observed =, weights =, tail =, tail_window =}) */
static int l_ltv_cohorts(lua_State *L)
{
    lua_settop(L, 6);  /* fixed places for optional arguments */
    cmatrix m;
    double v = 0;
    fpa_opts *opts = unit_opts(L, 6);
    if (lua_istable(L, 6)) {
        lua_getfield(L, 6, "observed");
        lua_getfield(L, 6, "weights");
    } else {
        lua_pushnil(L);
        lua_pushnil(L);
    }
    int weights = lua_gettop(L);
    cohort_matrix(L, 1, weights - 1, &m, "retention");
    double *w = cohort_weights(L, weights, m.rows);
    return push1(L, fpa_unit_ltv_cohorts(&v, m.x, w, m.obs, m.rows, m.cols,
                                         num(L, 2, "arpu"), num(L, 3, "gross_margin"),
                                         optnum(L, 4, "discount_rate", 0),
                                         lfpa_count(L, 5, "horizon", 0), opts), &v);
}

/* Retention matrix of cohort_retention / cohort_revenue_retention: false
 * where undefined or past the observed ages. Strict: C's error for an
 * undefined cell; unobserved cells stay false. */
typedef fpa_status (*ratio_fn)(lua_State *L, const cmatrix *m, double *out,
                               unsigned char *valid, const void *ctx);

static int ratio_matrix(lua_State *L, const cmatrix *m, int strict, ratio_fn fn,
                        const void *ctx)
{
    size_t n = m->rows * m->cols;
    double *out = lfpa_scratch(L, n, sizeof *out);
    unsigned char *valid = lfpa_scratch(L, n, 1);
    lfpa_check(L, fn(L, m, out, strict ? NULL : valid, ctx));
    if (strict)
        for (size_t i = 0; i < m->rows; i++)
            for (size_t a = 0; a < m->cols; a++) valid[i * m->cols + a] = a < m->obs[i];
    lfpa_push_matrix(L, out, valid, m->rows, m->cols,
                     m->shape == LFPA_MATRIX ? LFPA_MATRIX : LFPA_SERIES);
    return 1;
}

static fpa_status logo_ratio(lua_State *L, const cmatrix *m, double *out,
                             unsigned char *valid, const void *sizes)
{
    (void)L;
    return fpa_unit_cohort_retention(out, valid, sizes, m->x, m->obs, m->rows, m->cols);
}

static fpa_status revenue_ratio(lua_State *L, const cmatrix *m, double *out,
                                unsigned char *valid, const void *ctx)
{
    (void)L, (void)ctx;
    return fpa_unit_cohort_revenue_retention(out, valid, m->x, m->obs, m->rows, m->cols);
}

/* fpa.cohort_retention(sizes, active, observed, {strict = bool}) */
static int l_cohort_retention(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    cmatrix m;
    size_t n;
    int strict = lfpa_opt_flag(L, 4, "strict");
    double *sizes = lfpa_doubles(L, 1, &n, 0, "sizes");
    cohort_matrix(L, 2, 3, &m, "active");
    if (n != m.rows)
        lfpa_error(L, FPA_EINVAL, "sizes has %d values but active has %d rows", (int)n,
                   (int)m.rows);
    return ratio_matrix(L, &m, strict, logo_ratio, sizes);
}

/* fpa.cohort_revenue_retention(revenue, observed, {strict = bool}) */
static int l_cohort_revenue_retention(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    cmatrix m;
    int strict = lfpa_opt_flag(L, 3, "strict");
    cohort_matrix(L, 1, 2, &m, "revenue");
    return ratio_matrix(L, &m, strict, revenue_ratio, NULL);
}

static int l_cac_blended(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_cac_blended(&v, num(L, 1, "spend"), num(L, 2, "new_customers")),
                 &v);
}

static int l_cac_paid(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_cac_paid(&v, num(L, 1, "paid_spend"), num(L, 2, "new_customers"),
                                      optnum(L, 3, "organic_customers", 0)), &v);
}

static int l_ltv_cac(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_ltv_cac(&v, num(L, 1, "ltv"), num(L, 2, "cac")), &v);
}

static int l_cac_payback(lua_State *L)
{
    double v = 0;
    return push1(L, fpa_unit_cac_payback(&v, num(L, 1, "cac"), num(L, 2, "arpu"),
                                         num(L, 3, "gross_margin"), optnum(L, 4, "churn", 0)),
                 &v);
}

static int l_cac_payback_curve(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    double v = 0, cac = num(L, 1, "cac");
    double *margin = lfpa_doubles(L, 2, &n, 0, "margin");
    return push1(L, fpa_unit_cac_payback_curve(&v, cac, margin, n), &v);
}

/* ---- cohort tables from rows ------------------------------------------- */

/* The customer id on top of the stack: an integer, or a string numbered
 * in order of first appearance through the table at `names` (a customer
 * column must be all integers or all strings). */
static int64_t customer_id(lua_State *L, int names, size_t row, int *kind)
{
    int ok, t = lua_type(L, -1);
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    int k = t == LUA_TSTRING ? 2 : (t == LUA_TNUMBER && ok ? 1 : 0);
    if (!k || (*kind && *kind != k))
        lfpa_error(L, FPA_EINVAL, "customer of row %d is %s; customers are all integers or "
                   "all strings", (int)row + 1, k ? "of another kind" : luaL_typename(L, -1));
    *kind = k;
    if (k == 1) return (int64_t)v;
    lua_pushvalue(L, -1);
    if (lua_rawget(L, names) == LUA_TNUMBER) v = lua_tointeger(L, -1);
    else {
        v = (lua_Integer)lua_rawlen(L, names) + 1;
        lua_pushvalue(L, -2);
        lua_pushinteger(L, v);
        lua_rawset(L, names);
        lua_pushinteger(L, v);
        lua_rawseti(L, names, v); /* keeps rawlen counting the names */
    }
    lua_pop(L, 1);
    return (int64_t)v;
}

static int64_t whole_field(lua_State *L, int rec, const char *field, size_t row)
{
    int ok;
    lua_getfield(L, rec, field);
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    if (lua_type(L, -1) != LUA_TNUMBER || !ok)
        lfpa_error(L, FPA_EINVAL, "row %d: %s must be a whole number", (int)row + 1, field);
    lua_pop(L, 1);
    return (int64_t)v;
}

/* fpa.cohorts_from_rows(customer, cohort, period, revenue) with columns, or
 * fpa.cohorts_from_rows{{customer =, cohort =, period =, revenue =}, ...}
 * with records -> an fpa.cohorts object */
static int l_cohorts_from_rows(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    luaL_checktype(L, 1, LUA_TTABLE);
    int records = lua_isnil(L, 2) && lua_rawgeti(L, 1, 1) == LUA_TTABLE;
    lua_settop(L, 4);
    size_t n = (size_t)lua_rawlen(L, 1), nc, np, nr = 0;
    lua_newtable(L);
    int names = lua_gettop(L), kind = 0;
    int64_t *cust = lfpa_scratch(L, n, sizeof *cust), *coh, *per;
    double *rev = NULL;
    if (records) {
        coh = lfpa_scratch(L, n, sizeof *coh);
        per = lfpa_scratch(L, n, sizeof *per);
        rev = lfpa_scratch(L, n, sizeof *rev);
        for (size_t i = 0; i < n; i++) {
            if (lua_rawgeti(L, 1, (lua_Integer)i + 1) != LUA_TTABLE)
                lfpa_error(L, FPA_EINVAL, "row %d is a %s, not a record", (int)i + 1,
                           luaL_typename(L, -1));
            int rec = lua_gettop(L);
            lua_getfield(L, rec, "customer");
            cust[i] = customer_id(L, names, i, &kind);
            lua_pop(L, 1);
            coh[i] = whole_field(L, rec, "cohort", i);
            per[i] = whole_field(L, rec, "period", i);
            lua_getfield(L, rec, "revenue");
            if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TNUMBER)
                lfpa_error(L, FPA_EINVAL, "row %d: revenue must be a number", (int)i + 1);
            rev[i] = lua_tonumber(L, -1);
            lua_pop(L, 2);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, 1, (lua_Integer)i + 1);
            cust[i] = customer_id(L, names, i, &kind);
            lua_pop(L, 1);
        }
        coh = lfpa_integers(L, 2, &nc, "cohort");
        per = lfpa_integers(L, 3, &np, "period");
        same_length(L, n, nc, "customer", "cohort");
        same_length(L, n, np, "customer", "period");
        if (!lua_isnil(L, 4)) {
            rev = lfpa_doubles(L, 4, &nr, 0, "revenue");
            same_length(L, n, nr, "customer", "revenue");
        }
    }
    void **slot = lfpa_newobject(L, COHORTS);
    lfpa_check(L, fpa_unit_cohorts_from_rows((fpa_cohorts **)slot, cust, coh, per, rev, n,
                                             NULL));
    return 1;
}

/* ---- the fpa.cohorts object ------------------------------------------------ */

typedef struct {
    size_t rows, cols, *obs;
    int64_t *ids;
    double *sizes, *active, *revenue;
} tables;

/* Everything the object holds, copied into scratch userdata. */
static const fpa_cohorts *get_tables(lua_State *L, tables *t)
{
    const fpa_cohorts *c = lfpa_toobject(L, 1, COHORTS);
    lfpa_check(L, fpa_unit_cohorts_shape(&t->rows, &t->cols, c));
    size_t cells = t->rows * t->cols;
    t->ids = lfpa_scratch(L, t->rows, sizeof *t->ids);
    t->sizes = lfpa_scratch(L, t->rows, sizeof *t->sizes);
    t->obs = lfpa_scratch(L, t->rows, sizeof *t->obs);
    t->active = lfpa_scratch(L, cells, sizeof *t->active);
    t->revenue = lfpa_scratch(L, cells, sizeof *t->revenue);
    lfpa_check(L, fpa_unit_cohorts_info(t->ids, t->sizes, t->obs, t->rows, c));
    lfpa_check(L, fpa_unit_cohorts_tables(t->active, t->revenue, cells, c));
    return c;
}

static void push_observed(lua_State *L, const tables *t, const double *x)
{
    unsigned char *seen = lfpa_scratch(L, t->rows * t->cols, 1);
    for (size_t i = 0; i < t->rows; i++)
        for (size_t a = 0; a < t->cols; a++) seen[i * t->cols + a] = a < t->obs[i];
    lfpa_push_matrix(L, x, seen, t->rows, t->cols, LFPA_MATRIX);
}

static int m_shape(lua_State *L)
{
    size_t rows, cols;
    lfpa_check(L, fpa_unit_cohorts_shape(&rows, &cols, lfpa_toobject(L, 1, COHORTS)));
    lua_pushinteger(L, (lua_Integer)rows);
    lua_pushinteger(L, (lua_Integer)cols);
    return 2;
}

static int m_ids(lua_State *L)
{
    tables t;
    get_tables(L, &t);
    lfpa_push_integers(L, t.ids, t.rows);
    return 1;
}

static int m_sizes(lua_State *L)
{
    tables t;
    get_tables(L, &t);
    lfpa_push_doubles(L, t.sizes, t.rows);
    return 1;
}

static int m_observed(lua_State *L)
{
    tables t;
    get_tables(L, &t);
    lua_createtable(L, (int)t.rows, 0);
    for (size_t i = 0; i < t.rows; i++) {
        lua_pushinteger(L, (lua_Integer)t.obs[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int m_active(lua_State *L)
{
    tables t;
    get_tables(L, &t);
    push_observed(L, &t, t.active);
    return 1;
}

static int m_revenue(lua_State *L)
{
    tables t;
    get_tables(L, &t);
    push_observed(L, &t, t.revenue);
    return 1;
}

static void as_cmatrix(const tables *t, double *x, cmatrix *m)
{
    m->x = x, m->rows = t->rows, m->cols = t->cols, m->obs = t->obs;
    m->shape = LFPA_MATRIX;
}

/* c:retention{strict = bool} */
static int m_retention(lua_State *L)
{
    lua_settop(L, 2);
    tables t;
    cmatrix m;
    get_tables(L, &t);
    as_cmatrix(&t, t.active, &m);
    return ratio_matrix(L, &m, lfpa_opt_flag(L, 2, "strict"), logo_ratio, t.sizes);
}

static int m_revenue_retention(lua_State *L)
{
    lua_settop(L, 2);
    tables t;
    cmatrix m;
    get_tables(L, &t);
    as_cmatrix(&t, t.revenue, &m);
    return ratio_matrix(L, &m, lfpa_opt_flag(L, 2, "strict"), revenue_ratio, NULL);
}

/* The logo retention matrix of the tables, for the curve and LTV. */
static double *retention_of(lua_State *L, const tables *t)
{
    double *r = lfpa_scratch(L, t->rows * t->cols, sizeof *r);
    lfpa_check(L, fpa_unit_cohort_retention(r, NULL, t->sizes, t->active, t->obs, t->rows,
                                            t->cols));
    return r;
}

/* c:curve() -> the pooled curve, cohorts weighted by size */
static int m_curve(lua_State *L)
{
    tables t;
    size_t len = 0;
    get_tables(L, &t);
    double *r = retention_of(L, &t), *curve = lfpa_scratch(L, t.cols, sizeof *curve);
    lfpa_check(L, fpa_unit_retention_curve(curve, &len, r, t.sizes, t.obs, t.rows, t.cols));
    lfpa_push_doubles(L, curve, len);
    return 1;
}

/* c:ltv(arpu, gross_margin, discount_rate, horizon, {tail =, tail_window =}) */
static int m_ltv(lua_State *L)
{
    lua_settop(L, 6);  /* fixed places for optional arguments */
    tables t;
    double v = 0;
    fpa_opts *opts = unit_opts(L, 6);
    get_tables(L, &t);
    double *r = retention_of(L, &t);
    return push1(L, fpa_unit_ltv_cohorts(&v, r, t.sizes, t.obs, t.rows, t.cols,
                                         num(L, 2, "arpu"), num(L, 3, "gross_margin"),
                                         optnum(L, 4, "discount_rate", 0),
                                         lfpa_count(L, 5, "horizon", 0), opts), &v);
}

static int m_tostring(lua_State *L)
{
    void **slot = luaL_checkudata(L, 1, COHORTS);
    size_t rows = 0, cols = 0;
    if (!*slot) {
        lua_pushstring(L, COHORTS " (closed)");
        return 1;
    }
    fpa_unit_cohorts_shape(&rows, &cols, *slot);
    lua_pushfstring(L, COHORTS " (%d cohorts x %d ages)", (int)rows, (int)cols);
    return 1;
}

static void free_cohorts(void *c)
{
    fpa_unit_cohorts_free(c);
}

void lfpa_open_unit(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"shape", m_shape},         {"ids", m_ids},
        {"sizes", m_sizes},         {"observed", m_observed},
        {"active", m_active},       {"revenue", m_revenue},
        {"retention", m_retention}, {"revenue_retention", m_revenue_retention},
        {"curve", m_curve},         {"ltv", m_ltv},
        {NULL, NULL},
    };
    static const luaL_Reg fns[] = {
        {"contribution", l_contribution},
        {"break_even", l_break_even},
        {"break_even_mix", l_break_even_mix},
        {"margin_of_safety", l_margin_of_safety},
        {"operating_leverage", l_operating_leverage},
        {"allocate", l_allocate},
        {"profitability", l_profitability},
        {"arpu", l_arpu},
        {"logo_churn", l_logo_churn},
        {"revenue_retention", l_revenue_retention},
        {"ltv_simple", l_ltv_simple},
        {"ltv_discounted", l_ltv_discounted},
        {"ltv_curve", l_ltv_curve},
        {"retention_curve", l_retention_curve},
        {"ltv_cohorts", l_ltv_cohorts},
        {"cac_blended", l_cac_blended},
        {"cac_paid", l_cac_paid},
        {"ltv_cac", l_ltv_cac},
        {"cac_payback", l_cac_payback},
        {"cac_payback_curve", l_cac_payback_curve},
        {"cohort_retention", l_cohort_retention},
        {"cohort_revenue_retention", l_cohort_revenue_retention},
        {"cohorts_from_rows", l_cohorts_from_rows},
        {NULL, NULL},
    };
    lfpa_newclass(L, COHORTS, methods, free_cohorts);
    luaL_getmetatable(L, COHORTS);
    lua_pushcfunction(L, m_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    luaL_setfuncs(L, fns, 0);
    open_unit_movements(L);
}

/* ---- customer movements ------------------------------------------------------
 * fpa.customer_counts(customer, cohort, period, first, periods)
 *   -> active, acquired, lost (three arrays)
 * fpa.revenue_movements(customer, period, revenue, start, finish)
 *   -> {mrr_start =, churned =, contraction =, expansion =}
 * fpa.logo_churn_mean(active, lost) -> the mean churn */

static int64_t *customer_column(lua_State *L, int idx, size_t *n)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    *n = (size_t)lua_rawlen(L, idx);
    lua_newtable(L);
    int names = lua_gettop(L), kind = 0;
    int64_t *cust = lfpa_scratch(L, *n, sizeof *cust);
    for (size_t i = 0; i < *n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        cust[i] = customer_id(L, names, i, &kind);
        lua_pop(L, 1);
    }
    return cust;
}

static lua_Integer whole_arg(lua_State *L, int idx, const char *name)
{
    int ok;
    lua_Integer v = lua_tointegerx(L, idx, &ok);
    if (!ok) lfpa_error(L, FPA_EINVAL, "%s must be a whole number", name);
    return v;
}

static int l_customer_counts(lua_State *L)
{
    lua_settop(L, 5);
    size_t n, nc, np;
    int64_t first = (int64_t)whole_arg(L, 4, "first");
    size_t periods = lfpa_count(L, 5, "periods", 0);
    int64_t *cust = customer_column(L, 1, &n);
    int64_t *coh = lfpa_integers(L, 2, &nc, "cohort");
    int64_t *per = lfpa_integers(L, 3, &np, "period");
    same_length(L, n, nc, "customer", "cohort");
    same_length(L, n, np, "customer", "period");
    double *out = lfpa_scratch(L, periods ? 3 * periods : 1, sizeof *out);
    lfpa_check(L, fpa_unit_customer_counts(out, periods, first, cust, coh, per, n, NULL));
    for (int k = 0; k < 3; k++) lfpa_push_doubles(L, out + (size_t)k * periods, periods);
    return 3;
}

static int l_revenue_movements(lua_State *L)
{
    lua_settop(L, 5);
    size_t n, np, nr;
    int64_t start = (int64_t)whole_arg(L, 4, "start"), end = (int64_t)whole_arg(L, 5, "finish");
    int64_t *cust = customer_column(L, 1, &n);
    int64_t *per = lfpa_integers(L, 2, &np, "period");
    double *rev = lfpa_doubles(L, 3, &nr, 0, "revenue");
    same_length(L, n, np, "customer", "period");
    same_length(L, n, nr, "customer", "revenue");
    double out[4];
    lfpa_check(L, fpa_unit_revenue_movements(out, cust, per, rev, n, start, end, NULL));
    static const char *const names[4] = {"mrr_start", "churned", "contraction", "expansion"};
    lua_createtable(L, 0, 4);
    for (int k = 0; k < 4; k++) {
        lua_pushnumber(L, out[k]);
        lua_setfield(L, -2, names[k]);
    }
    return 1;
}

static int l_logo_churn_mean(lua_State *L)
{
    lua_settop(L, 2);
    size_t n, m;
    double v = 0, *active = lfpa_doubles(L, 1, &n, 0, "active");
    double *lost = lfpa_doubles(L, 2, &m, 0, "lost");
    same_length(L, n, m, "active", "lost");
    return push1(L, fpa_unit_logo_churn_mean(&v, active, lost, n), &v);
}

static void open_unit_movements(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"customer_counts", l_customer_counts},
        {"revenue_movements", l_revenue_movements},
        {"logo_churn_mean", l_logo_churn_mean},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
