/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reconciliation in exact money for Lua (include/fpa/recon.h). Amounts are
 * Lua integers in minor units (cents); a float, even 12.0, is refused so a
 * dollar amount cannot pass for cents. Positions are 1-based. */
#include "lfpa_tables.h"

static const char *const match_rules[] = {"none", "reference", "amount_date", NULL};

/* Push cell (i, t) of a matrix (table of rows) or of a sequence (t only);
 * returns its type. */
static int cell(lua_State *L, int idx, int matrix, size_t i, size_t t)
{
    if (!matrix) return lua_rawgeti(L, idx, (lua_Integer)t + 1);
    if (lua_rawgeti(L, idx, (lua_Integer)i + 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return LUA_TNIL;
    }
    int type = lua_rawgeti(L, -1, (lua_Integer)t + 1);
    lua_remove(L, -2);
    return type;
}

/* Movements shaped like opening, each cell one integer (a net movement)
 * or a table of m integers (one per movement column). */
static int64_t *movements_of(lua_State *L, int idx, const lt_shape *so, size_t *m)
{
    size_t accounts = so->matrix ? so->rows : 1, periods = so->matrix ? so->cols : so->rows;
    char name[96];
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "movements must be a table, got %s", luaL_typename(L, idx));
    if ((size_t)lua_rawlen(L, idx) != (so->matrix ? accounts : periods))
        lfpa_error(L, FPA_EINVAL, "movements has %zu rows, opening has %zu",
                   (size_t)lua_rawlen(L, idx), so->matrix ? accounts : periods);
    int first = cell(L, idx, so->matrix, 0, 0);
    *m = first == LUA_TTABLE ? (size_t)lua_rawlen(L, -1) : 1;
    lua_pop(L, 1);
    if (*m == 0) return NULL;
    if (accounts * periods > ((size_t)-1 >> 4) / *m)
        lfpa_error(L, FPA_ENOMEM, "movements is too large");
    int64_t *x = lfpa_scratch(L, accounts * periods * *m, sizeof *x);
    for (size_t i = 0; i < accounts; i++)
        for (size_t t = 0; t < periods; t++) {
            int type = cell(L, idx, so->matrix, i, t);
            int n = so->matrix ? snprintf(name, sizeof name, "movements[%zu][%zu]", i + 1, t + 1)
                               : snprintf(name, sizeof name, "movements[%zu]", t + 1);
            size_t at = (i * periods + t) * *m;
            if (type == LUA_TTABLE) {
                if ((size_t)lua_rawlen(L, -1) != *m)
                    lfpa_error(L, FPA_EINVAL, "%s has %zu movements, the first cell %zu", name,
                               (size_t)lua_rawlen(L, -1), *m);
                for (size_t k = 0; k < *m; k++) {
                    lua_rawgeti(L, -1, (lua_Integer)k + 1);
                    snprintf(name + n, sizeof name - (size_t)n, "[%zu]", k + 1);
                    x[at + k] = lt_int64(L, -1, name);
                    lua_pop(L, 1);
                }
            } else if (*m == 1) {
                x[at] = lt_int64(L, -1, name);
            } else {
                lfpa_error(L, FPA_EINVAL, "%s must be a table of %zu movements", name, *m);
            }
            lua_pop(L, 1);
        }
    return x;
}

/* fpa.rollforward(opening, closing [, movements [, prior_closing [,
 * {tolerance=}]]]) -> closing_diff, opening_diff (shaped like opening),
 * number of breaking cells. A plain sequence is one account. */
static int l_rollforward(lua_State *L)
{
    lua_settop(L, 5);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    lt_shape so, sc;
    int64_t *open = lt_int64s(L, 1, &so, "opening"), *close = lt_int64s(L, 2, &sc, "closing");
    if (so.rows != sc.rows || so.cols != sc.cols || so.matrix != sc.matrix)
        lfpa_error(L, FPA_EINVAL, "opening is %zu x %zu but closing is %zu x %zu", so.rows,
                   so.cols, sc.rows, sc.cols);
    size_t accounts = so.matrix ? so.rows : 1, periods = so.matrix ? so.cols : so.rows, m = 0;
    int64_t *mov = lua_isnil(L, 3) ? NULL : movements_of(L, 3, &so, &m);
    int64_t *prior = NULL;
    if (!lua_isnil(L, 4)) {
        if (!so.matrix && lua_type(L, 4) == LUA_TNUMBER) {
            prior = lfpa_scratch(L, 1, sizeof *prior);
            *prior = lt_int64(L, 4, "prior_closing");
        } else {
            size_t np;
            prior = lt_int64_seq(L, 4, &np, "prior_closing");
            if (np != accounts)
                lfpa_error(L, FPA_EINVAL, "prior_closing has %zu values for %zu accounts", np,
                           accounts);
        }
    }
    fpa_opts *o = lfpa_opts(L, 5, "recon", NULL);
    int64_t *cd = lfpa_scratch(L, accounts * periods, sizeof *cd);
    int64_t *od = lfpa_scratch(L, accounts * periods, sizeof *od);
    size_t breaks = 0;
    lfpa_check(L, fpa_recon_rollforward(cd, od, &breaks, open, mov, m, close, prior, accounts,
                                        periods, o));
    lt_push_int64s(L, cd, &so);
    lt_push_int64s(L, od, &so);
    lua_pushinteger(L, (lua_Integer)breaks);
    return 3;
}

/* fpa.tieout(gl_balance, sub_amount, sub_account [, {tolerance=}]) ->
 * subledger totals, differences (gl - subledger), number that do not tie */
static int l_tieout(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    size_t n, n_sub, n_acct;
    int64_t *gl = lt_int64_seq(L, 1, &n, "gl_balance");
    if (n == 0) lfpa_error(L, FPA_EINVAL, "gl_balance is empty");
    int64_t *amt = lt_int64_seq(L, 2, &n_sub, "sub_amount");
    size_t *acct = lt_positions(L, 3, &n_acct, n, "sub_account", "control account");
    if (n_acct != n_sub)
        lfpa_error(L, FPA_EINVAL, "sub_amount has %zu entries but sub_account has %zu", n_sub,
                   n_acct);
    fpa_opts *o = lfpa_opts(L, 4, "recon", NULL);
    int64_t *tot = lfpa_scratch(L, n, sizeof *tot), *diff = lfpa_scratch(L, n, sizeof *diff);
    size_t breaks = 0;
    lfpa_check(L, fpa_recon_tieout(tot, diff, &breaks, gl, n, n_sub ? amt : NULL,
                                   n_sub ? acct : NULL, n_sub, o));
    lt_shape s = {n, 1, 0};
    lt_push_int64s(L, tot, &s);
    lt_push_int64s(L, diff, &s);
    lua_pushinteger(L, (lua_Integer)breaks);
    return 3;
}

typedef struct {
    int64_t *amount, *day;
    const char **ref;
    size_t n;
} side;

/* {amount = {...}, date = {...} [, ref = {...}]}: the field values stay on
 * the stack, anchoring the strings the C side points to */
static void side_of(lua_State *L, int idx, side *s, const char *what)
{
    char name[32];
    size_t nd;
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a table {amount=, date=, ref=}, got %s", what,
                   luaL_typename(L, idx));
    lua_getfield(L, idx, "amount");
    snprintf(name, sizeof name, "%s.amount", what);
    s->amount = lt_int64_seq(L, -1, &s->n, name);
    lua_getfield(L, idx, "date");
    snprintf(name, sizeof name, "%s.date", what);
    s->day = lfpa_days(L, -1, &nd, name);
    if (nd != s->n)
        lfpa_error(L, FPA_EINVAL, "%s.date has %zu values but %s.amount has %zu", what, nd,
                   what, s->n);
    s->ref = NULL;
    if (lua_getfield(L, idx, "ref") != LUA_TNIL) {
        snprintf(name, sizeof name, "%s.ref", what);
        s->ref = (const char **)lt_strings(L, -1, s->n, 1, name);
    }
    if (s->n == 0) s->amount = s->day = NULL, s->ref = NULL;
}

static void push_matches(lua_State *L, const int64_t *x, size_t n)
{
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        if (x[i] < 0)
            lua_pushboolean(L, 0);
        else
            lua_pushinteger(L, (lua_Integer)x[i] + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* fpa.match_statement(ledger, statement [, {date_window=,
 * require_reference=}]) with each side {amount=, date= [, ref=]} ->
 * {ledger = {statement line or false, ...}, statement = {ledger item or
 * false, ...}, rule = {"reference"|"amount_date"|"none", ...}, pairs = n} */
static int l_match_statement(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    luaL_checkstack(L, 24, NULL);
    side l, s;
    side_of(L, 1, &l, "ledger");
    side_of(L, 2, &s, "statement");
    fpa_opts *o = lfpa_opts(L, 3, "recon", NULL);
    int64_t *lm = lfpa_scratch(L, l.n, sizeof *lm), *sm = lfpa_scratch(L, s.n, sizeof *sm);
    int *rule = lfpa_scratch(L, l.n, sizeof *rule);
    size_t pairs = 0;
    lfpa_check(L, fpa_recon_match(l.n ? lm : NULL, s.n ? sm : NULL, l.n ? rule : NULL, &pairs,
                                  l.amount, l.day, (const char *const *)l.ref, l.n, s.amount,
                                  s.day, (const char *const *)s.ref, s.n, o));
    lua_createtable(L, 0, 4);
    push_matches(L, lm, l.n);
    lua_setfield(L, -2, "ledger");
    push_matches(L, sm, s.n);
    lua_setfield(L, -2, "statement");
    lua_createtable(L, (int)l.n, 0);
    for (size_t i = 0; i < l.n; i++) {
        lua_pushstring(L, rule[i] >= 0 && rule[i] <= 2 ? match_rules[rule[i]] : "?");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "rule");
    lua_pushinteger(L, (lua_Integer)pairs);
    lua_setfield(L, -2, "pairs");
    return 1;
}

/* fpa.aging(amount, dates, as_of [, bounds]) -> {totals=, counts=, bucket=
 * (1-based, per item), total=, labels=} */
static int l_aging(lua_State *L)
{
    static const int64_t defaults[] = {0, 30, 60, 90};
    lua_settop(L, 4);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    size_t n, nd, nb = 0;
    int64_t *amt = lt_int64_seq(L, 1, &n, "amount");
    int64_t *day = lfpa_days(L, 2, &nd, "dates");
    if (nd != n) lfpa_error(L, FPA_EINVAL, "dates has %zu values but amount has %zu", nd, n);
    int64_t as_of = lfpa_day(L, 3, "as_of");
    const int64_t *bounds = NULL, *labels_from = defaults;
    size_t k = 4;
    if (!lua_isnil(L, 4)) {
        int64_t *b = lt_int64_seq(L, 4, &nb, "bounds");
        bounds = labels_from = b;  /* an empty table reaches C as non-NULL: refused */
        k = nb;
    }
    int64_t *totals = lfpa_scratch(L, k + 1, sizeof *totals), total = 0;
    size_t *counts = lfpa_scratch(L, k + 1, sizeof *counts);
    size_t *bucket = lfpa_scratch(L, n, sizeof *bucket);
    lfpa_check(L, fpa_recon_aging(totals, counts, bucket, &total, n ? amt : NULL,
                                  n ? day : NULL, n, as_of, bounds, nb));
    lt_shape s = {k + 1, 1, 0};
    lua_createtable(L, 0, 5);
    lt_push_int64s(L, totals, &s);
    lua_setfield(L, -2, "totals");
    lua_createtable(L, (int)k + 1, 0);
    for (size_t j = 0; j <= k; j++) {
        lua_pushinteger(L, (lua_Integer)counts[j]);
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "counts");
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushinteger(L, (lua_Integer)bucket[i] + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "bucket");
    lua_pushinteger(L, (lua_Integer)total);
    lua_setfield(L, -2, "total");
    lua_createtable(L, (int)k + 1, 0);  /* "current", "1-30", ..., "over 90" */
    for (size_t j = 0; j <= k; j++) {
        const lua_Integer lo = j ? (lua_Integer)labels_from[j - 1] : 0;
        if (j == 0 && labels_from[0] == 0)
            lua_pushliteral(L, "current");
        else if (j == 0)
            lua_pushfstring(L, "<= " LFPA_FMT_INT, LFPA_INT(labels_from[0]));
        else if (j == k)
            lua_pushfstring(L, "over " LFPA_FMT_INT, LFPA_INT(lo));
        else
            lua_pushfstring(L, LFPA_FMT_INT "-" LFPA_FMT_INT, LFPA_INT(lo + 1),
                            LFPA_INT(labels_from[j]));
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "labels");
    return 1;
}

void lfpa_open_recon(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"rollforward", l_rollforward},
        {"tieout", l_tieout},
        {"match_statement", l_match_statement},
        {"aging", l_aging},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
