/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building a model: the statement lines, name resolution, the checks, and
 * the evaluation order (strongly connected components, found by Tarjan's
 * algorithm with an explicit stack, so no depth of dependencies can
 * overflow the C stack). */
#include "model_internal.h"

#include <stdio.h>
#include <string.h>

/* How line l reads its input k: in the same period, only earlier periods,
 * or later periods. */
enum { EDGE_SAME = 0, EDGE_LAGGED = 1, EDGE_LEAD = 2 };

static int edge_kind(const mdl_line *l, size_t k)
{
    switch (l->kind) {
    case FPA_REL_LAG: return EDGE_LAGGED;
    case FPA_REL_LEAD: return EDGE_LEAD;
    case MDL_INTEREST: return k % 2 == 0 ? EDGE_LAGGED : EDGE_SAME;
    case MDL_REVOLVER: return k == 1 ? EDGE_LAGGED : EDGE_SAME;
    default: return EDGE_SAME;
    }
}

static bool is_relation(const mdl_line *l) { return l->kind != MDL_INPUT; }

/* ---- openings --------------------------------------------------------------- */

static double open_sum(const fpa_model *m, const mdl_line *l)
{
    double s = 0;
    for (size_t k = 0; k < l->nin; k++)
        if (l->in[k] != MDL_NOLINE) s += (l->npar ? l->par[k] : 1) * m->line[l->in[k]].opening;
    return s;
}

double mdl__opening(const fpa_model *m, size_t i)
{
    const mdl_line *l = &m->line[i];
    if (l->open_rule == MDL_OPEN_INPUTS) return open_sum(m, l);
    if (l->open_rule != MDL_OPEN_EQUITY || l->opening_set) return l->opening;
    /* equity: total assets' openings less the liabilities' (lines 0 .. 4
     * of each total, as the build added them) */
    const mdl_line *a = &m->line[m->total_assets], *b = &m->line[m->total_le];
    double s = 0;
    for (size_t k = 0; k < a->nin; k++) s += mdl__opening(m, a->in[k]);
    for (size_t k = 0; k + 1 < b->nin; k++) s -= mdl__opening(m, b->in[k]);
    return s;
}

/* ---- the statements ---------------------------------------------------------- */

typedef struct {
    fpa_model *m;
    const char **names;  /* scratch: the linked lines of one role */
    fpa_status st;
} stmt_ctx;

/* The names linked to `role`, or NULL for none (one-line roles). */
static size_t role_lines(stmt_ctx *c, int role, const char **out)
{
    size_t n = 0;
    for (size_t i = 0; i < c->m->nlinks; i++)
        if (c->m->link[i].role == role) out[n++] = c->m->link[i].name;
    return n;
}

/* The first name linked to `role`, or NULL. */
static const char *role_line(stmt_ctx *c, int role)
{
    for (size_t i = 0; i < c->m->nlinks; i++)
        if (c->m->link[i].role == role) return c->m->link[i].name;
    return NULL;
}

/* Add a statement line; failures are kept in c->st (the first one). */
static size_t stmt(stmt_ctx *c, const char *name, int kind, const char *const *in,
                   size_t nin, const double *w, int nature, int open_rule)
{
    size_t i = MDL_NOLINE;
    if (c->st != FPA_OK) return i;
    c->st = mdl__add_line(&i, c->m, name, kind, in, nin, w, w ? nin : 0);
    if (c->st != FPA_OK) return MDL_NOLINE;
    c->m->line[i].nature = nature;
    c->m->line[i].open_rule = open_rule;
    return i;
}

#define LIST(...) ((const char *const[]){__VA_ARGS__})
#define NLIST(...) (sizeof LIST(__VA_ARGS__) / sizeof(const char *))
/* a statement line of listed inputs */
#define S(name, kind, nature, ...) stmt(c, name, kind, LIST(__VA_ARGS__), NLIST(__VA_ARGS__), \
                                        NULL, nature, MDL_OPEN_OWN)

/* A sum of a role's lines, each with weight w. */
static size_t role_sum(stmt_ctx *c, const char *name, int role, double w, int nature,
                       int open_rule)
{
    size_t n = role_lines(c, role, c->names);
    double *wt = NULL;
    if (w != 1 && n) {
        wt = fpa__alloc(&c->m->mem, n, sizeof *wt, false);
        if (!wt) c->st = FPA_ENOMEM;
        for (size_t k = 0; wt && k < n; k++) wt[k] = w;
    }
    size_t i = stmt(c, name, FPA_REL_SUM, c->names, n, wt, nature, open_rule);
    fpa__free(&c->m->mem, wt, n, sizeof *wt);
    return i;
}

static void income_statement(stmt_ctx *c)
{
    const int R = FPA_NATURE_REVENUE, C = FPA_NATURE_COST;
    role_sum(c, "is.revenue", FPA_ROLE_REVENUE, 1, R, MDL_OPEN_OWN);
    role_sum(c, "is.cogs", FPA_ROLE_COGS, 1, C, MDL_OPEN_OWN);
    S("is.gross_margin", FPA_REL_DIFF, R, "is.revenue", "is.cogs");
    role_sum(c, "is.opex", FPA_ROLE_OPEX, 1, C, MDL_OPEN_OWN);
    S("is.ebitda", FPA_REL_DIFF, R, "is.gross_margin", "is.opex");
    role_sum(c, "is.depreciation", FPA_ROLE_DEPRECIATION, 1, C, MDL_OPEN_OWN);
    S("is.ebit", FPA_REL_DIFF, R, "is.ebitda", "is.depreciation");
    S("is.interest", MDL_INTEREST, C, "bs.debt", role_line(c, FPA_ROLE_DEBT_RATE),
      "bs.revolver", role_line(c, FPA_ROLE_REVOLVER_RATE), "bs.cash",
      role_line(c, FPA_ROLE_CASH_RATE));
    S("is.ebt", FPA_REL_DIFF, R, "is.ebit", "is.interest");
    S("is.tax", MDL_TAX, C, "is.ebt", role_line(c, FPA_ROLE_TAX_RATE));
    S("is.net_income", FPA_REL_DIFF, R, "is.ebt", "is.tax");
}

static void cash_flow_and_balances(stmt_ctx *c)
{
    const int R = FPA_NATURE_REVENUE;
    static const struct { const char *bs, *cf; int role; double sign; } wc[5] = {
        {"bs.receivables", "cf.receivables", FPA_ROLE_RECEIVABLES, -1},
        {"bs.inventory", "cf.inventory", FPA_ROLE_INVENTORY, -1},
        {"bs.other_assets", "cf.other_assets", FPA_ROLE_OTHER_ASSETS, -1},
        {"bs.payables", "cf.payables", FPA_ROLE_PAYABLES, 1},
        {"bs.other_liabilities", "cf.other_liabilities", FPA_ROLE_OTHER_LIABILITIES, 1}};
    for (int k = 0; k < 5; k++) {
        role_sum(c, wc[k].bs, wc[k].role, 1, R, MDL_OPEN_INPUTS);
        const double sign = wc[k].sign;
        stmt(c, wc[k].cf, FPA_REL_DELTA, LIST(wc[k].bs), 1, NULL, R, MDL_OPEN_OWN);
        if (c->st == FPA_OK && sign < 0) {
            mdl_line *l = &c->m->line[c->m->nlines - 1];
            l->par = fpa__alloc(&c->m->mem, 1, sizeof *l->par, false);
            if (!l->par) c->st = FPA_ENOMEM;
            else l->par[0] = sign, l->npar = 1;
        }
    }
    S("cf.net_income", FPA_REL_SUM, R, "is.net_income");
    S("cf.depreciation", FPA_REL_SUM, R, "is.depreciation");
    S("cf.working_capital", FPA_REL_SUM, R, "cf.receivables", "cf.inventory",
      "cf.other_assets", "cf.payables", "cf.other_liabilities");
    S("cf.operating", FPA_REL_SUM, R, "cf.net_income", "cf.depreciation",
      "cf.working_capital");
    role_sum(c, "cf.capex", FPA_ROLE_CAPEX, -1, R, MDL_OPEN_OWN);
    S("cf.investing", FPA_REL_SUM, R, "cf.capex");
    size_t nd = role_lines(c, FPA_ROLE_DEBT_DRAW, c->names);
    size_t nr = role_lines(c, FPA_ROLE_DEBT_REPAYMENT, c->names + nd);
    size_t ne = role_lines(c, FPA_ROLE_EQUITY_ISSUE, c->names + nd + nr);
    size_t nv = role_lines(c, FPA_ROLE_DIVIDEND, c->names + nd + nr + ne);
    size_t nw = nd + nr + ne + nv;
    double *w = fpa__alloc(&c->m->mem, nw, sizeof *w, false);
    if (!w && c->st == FPA_OK) c->st = FPA_ENOMEM;
    for (size_t k = 0; w && k < nw; k++)
        w[k] = k < nd || (k >= nd + nr && k < nd + nr + ne) ? 1 : -1;
    stmt(c, "cf.debt", FPA_REL_SUM, c->names, nd + nr, nd + nr ? w : NULL, R, MDL_OPEN_OWN);
    stmt(c, "cf.equity", FPA_REL_SUM, c->names + nd + nr, ne + nv, ne + nv ? w + nd + nr : NULL,
         R, MDL_OPEN_OWN);
    fpa__free(&c->m->mem, w, nw, sizeof *w);
    S("cf.before_revolver", FPA_REL_SUM, R, "cf.operating", "cf.investing", "cf.debt",
      "cf.equity");
    S("bs.revolver", MDL_REVOLVER, R, "cf.before_revolver", "bs.cash",
      role_line(c, FPA_ROLE_CASH_FLOOR), role_line(c, FPA_ROLE_REVOLVER_LIMIT));
    S("cf.revolver", FPA_REL_DELTA, R, "bs.revolver");
    S("cf.financing", FPA_REL_SUM, R, "cf.debt", "cf.revolver", "cf.equity");
    S("cf.net_change", FPA_REL_SUM, R, "cf.operating", "cf.investing", "cf.financing");
    S("bs.cash", FPA_REL_CUMSUM, R, "cf.net_change");
    stmt(c, "bs.fixed_assets", FPA_REL_CUMSUM, LIST("cf.capex", "is.depreciation"), 2,
         (const double[]){-1, -1}, R, MDL_OPEN_OWN);
    S("bs.debt", FPA_REL_CUMSUM, R, "cf.debt");
    stmt(c, "bs.equity", FPA_REL_CUMSUM, LIST("is.net_income", "cf.equity"), 2, NULL, R,
         MDL_OPEN_EQUITY);
    S("bs.total_assets", FPA_REL_SUM, R, "bs.cash", "bs.receivables", "bs.inventory",
      "bs.other_assets", "bs.fixed_assets");
    S("bs.total_liabilities_equity", FPA_REL_SUM, R, "bs.payables", "bs.other_liabilities",
      "bs.debt", "bs.revolver", "bs.equity");
    S("bs.check", FPA_REL_DIFF, R, "bs.total_assets", "bs.total_liabilities_equity");
    S("cf.change_in_cash", FPA_REL_DELTA, R, "bs.cash");
    S("cf.check", FPA_REL_DIFF, R, "cf.net_change", "cf.change_in_cash");
}

#undef S

static fpa_status add_statements(fpa_model *m)
{
    stmt_ctx c = {m, NULL, FPA_OK};
    c.names = fpa__alloc(&m->mem, m->nlinks + 1, sizeof *c.names, false);
    if (!c.names) return FPA_ENOMEM;
    if (!role_line(&c, FPA_ROLE_REVENUE))
        c.st = fpa__fail(FPA_EINVAL, "the model links lines to the statements but no "
                         "revenue line (FPA_ROLE_REVENUE)");
    for (size_t i = 0; c.st == FPA_OK && i < m->nlinks; i++) {
        size_t j;
        if (mdl__find(&j, m, m->link[i].name) != FPA_OK)
            c.st = fpa__fail(FPA_EDATA, "link %d: the model has no line \"%s\"",
                             m->link[i].role, m->link[i].name);
        else if (m->link[i].role <= FPA_ROLE_DEPRECIATION && m->link[i].role != FPA_ROLE_REVENUE)
            m->line[j].nature = FPA_NATURE_COST;
    }
    income_statement(&c);
    cash_flow_and_balances(&c);
    fpa__free(&m->mem, c.names, m->nlinks + 1, sizeof *c.names);
    if (c.st != FPA_OK) return c.st;
    static const char *const keep[] = {"bs.check", "cf.check", "bs.total_assets",
                                       "bs.total_liabilities_equity", "cf.net_change",
                                       "bs.cash", "bs.equity"};
    size_t *slot[] = {&m->bs_check, &m->cf_check, &m->total_assets, &m->total_le,
                      &m->net_change, &m->cash, &m->equity};
    for (size_t k = 0; k < sizeof keep / sizeof *keep; k++) TRY(mdl__find(slot[k], m, keep[k]));
    for (int k = 0; k < MDL_NOPENINGS; k++) {
        size_t j;
        TRY(mdl__find(&j, m, mdl__opening_names[k]));
        m->line[j].opening = m->stmt_open[k];
        m->line[j].opening_set = m->stmt_open_set[k];
    }
    m->statements = true;
    return FPA_OK;
}

/* ---- names and periods -------------------------------------------------------- */

static fpa_status resolve(fpa_model *m)
{
    for (size_t i = 0; i < m->nlines; i++) {
        mdl_line *l = &m->line[i];
        for (size_t k = 0; k < l->nin; k++) {
            l->in[k] = MDL_NOLINE;
            if (l->in_names[k] && mdl__find(&l->in[k], m, l->in_names[k]) != FPA_OK)
                return fpa__fail(FPA_EDATA, "line \"%s\": input \"%s\" is not a line of the "
                                 "model", l->name, l->in_names[k]);
        }
        size_t n = m->n;
        if ((l->kind == FPA_REL_LAG || l->kind == FPA_REL_LEAD) && l->par[0] > (double)n)
            return fpa__fail(FPA_EDOM, "line \"%s\": a %s of %.0f periods reaches outside "
                             "the model's %zu periods", l->name, mdl__rel_name(l->kind),
                             l->par[0], n);
        if ((l->kind == FPA_REL_STEP || l->kind == FPA_REL_RAMP) && l->par[0] >= (double)n)
            return fpa__fail(FPA_EDOM, "line \"%s\": a %s from period %.0f; the model has "
                             "periods 0 .. %zu", l->name, mdl__rel_name(l->kind), l->par[0],
                             n - 1);
        l->lagged_self = l->kind == FPA_REL_CUMSUM || l->kind == FPA_REL_RUNNING_MIN ||
                         l->kind == FPA_REL_RUNNING_MAX || l->kind == MDL_REVOLVER;
        size_t back = l->kind == FPA_REL_LAG ? (size_t)l->par[0]
                      : l->lagged_self || l->kind == FPA_REL_DELTA || l->kind == MDL_INTEREST;
        if (back > m->max_lag) m->max_lag = back;
        if (l->kind == FPA_REL_LEAD) m->has_lead = true;
    }
    return FPA_OK;
}

/* ---- the order ------------------------------------------------------------------ */

typedef struct {
    fpa_model *m;
    size_t *index, *low, *stack, *comp;  /* nlines each */
    size_t *call, *next;                 /* the explicit call stack */
    size_t *indeg, *queue;
    size_t nstack, counter, ncomp, norder;
} tarjan;

/* "a -> b -> a": the loop within a period among the members of component
 * `cid` that Kahn's pass could not order (their `indeg` is still > 0). */
static fpa_status name_cycle(tarjan *g, size_t start, size_t cid)
{
    fpa_model *m = g->m;
    size_t *seen = g->queue;  /* position + 1 on the walk, 0 unvisited */
    size_t *path = fpa__alloc(&m->mem, m->nlines + 1, sizeof *path, false);
    if (!path) return FPA_ENOMEM;
    for (size_t i = 0; i < m->nlines; i++) seen[i] = 0;
    size_t v = start, len = 0;
    while (!seen[v]) {  /* every member left has a same-period input left */
        seen[v] = ++len;
        path[len - 1] = v;
        const mdl_line *l = &m->line[v];
        for (size_t k = 0; k < l->nin; k++) {
            size_t w = l->in[k];
            if (w != MDL_NOLINE && g->comp[w] == cid && g->indeg[w] > 0 &&
                edge_kind(l, k) == EDGE_SAME) {
                v = w;
                break;
            }
        }
    }
    char buf[400];
    size_t at = 0;
    for (size_t p = seen[v] - 1; p < len && at < sizeof buf; p++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s -> ", m->line[path[p]].name);
    if (at < sizeof buf) snprintf(buf + at, sizeof buf - at, "%s", m->line[v].name);
    fpa__free(&m->mem, path, m->nlines + 1, sizeof *path);
    return fpa__fail(FPA_EDATA, "cycle within a period (each line uses the next): %s", buf);
}

/* Members stack[from .. nstack) form a component: append them to the
 * order, same-period inputs first (Kahn), and add its step. */
static fpa_status emit(tarjan *g, size_t from)
{
    fpa_model *m = g->m;
    size_t cid = g->ncomp++, count = g->nstack - from, first = g->norder;
    bool loop = count > 1;
    for (size_t s = from; s < g->nstack; s++) g->comp[g->stack[s]] = cid;
    for (size_t s = from; s < g->nstack; s++) {
        size_t v = g->stack[s];
        const mdl_line *l = &m->line[v];
        g->indeg[v] = 0;
        for (size_t k = 0; k < l->nin; k++) {
            size_t w = l->in[k];
            if (w == MDL_NOLINE || g->comp[w] != cid) continue;
            loop = true;
            if (edge_kind(l, k) == EDGE_LEAD)
                return fpa__fail(FPA_EDATA, "line \"%s\" reads \"%s\" periods ahead, but both "
                                 "lie on a loop through earlier periods", l->name,
                                 m->line[w].name);
            if (edge_kind(l, k) == EDGE_SAME) g->indeg[v]++;
        }
    }
    /* Kahn within the component: a member is ready once its same-period
     * inputs in the component are ordered. Components are small (the
     * statements' loop has about 25 lines), so inputs are rescanned. */
    size_t done = 0;
    for (bool progress = true; progress && done < count;) {
        progress = false;
        for (size_t s = from; s < g->nstack; s++) {
            size_t v = g->stack[s];
            if (g->indeg[v] != 0 || g->comp[v] != cid) continue;
            m->order[g->norder++] = v;
            g->comp[v] = SIZE_MAX - 1;  /* ordered */
            done++;
            progress = true;
            for (size_t q = from; q < g->nstack; q++) {
                size_t u = g->stack[q];
                if (g->comp[u] != cid) continue;
                const mdl_line *l = &m->line[u];
                for (size_t k = 0; k < l->nin; k++)
                    if (l->in[k] == v && edge_kind(l, k) == EDGE_SAME) g->indeg[u]--;
            }
        }
    }
    if (done < count) {
        for (size_t s = from; s < g->nstack; s++)
            if (g->comp[g->stack[s]] == cid) return name_cycle(g, g->stack[s], cid);
    }
    for (size_t s = from; s < g->nstack; s++) g->comp[g->stack[s]] = cid;
    m->step[m->nsteps++] = (mdl_step){first, count, loop};
    g->nstack = from;
    return FPA_OK;
}

static fpa_status strongconnect(tarjan *g, size_t root)
{
    fpa_model *m = g->m;
    size_t depth = 0;
    g->call[depth] = root;
    g->next[depth] = 0;
    g->index[root] = g->low[root] = g->counter++;
    g->stack[g->nstack++] = root;
    while (true) {
        size_t v = g->call[depth];
        const mdl_line *l = &m->line[v];
        if (g->next[depth] < l->nin) {
            size_t w = l->in[g->next[depth]++];
            if (w == MDL_NOLINE || !is_relation(&m->line[w])) continue;
            if (g->index[w] == SIZE_MAX) {
                g->index[w] = g->low[w] = g->counter++;
                g->stack[g->nstack++] = w;
                g->call[++depth] = w;
                g->next[depth] = 0;
            } else if (g->comp[w] == SIZE_MAX && g->index[w] < g->low[v]) {
                g->low[v] = g->index[w];  /* w is on the stack */
            }
            continue;
        }
        if (g->low[v] == g->index[v]) {
            size_t from = g->nstack;
            while (g->stack[from - 1] != v) from--;
            TRY(emit(g, from - 1));
        }
        if (depth == 0) return FPA_OK;
        size_t u = g->call[--depth];
        if (g->low[v] < g->low[u]) g->low[u] = g->low[v];
    }
}

static fpa_status order_lines(fpa_model *m)
{
    size_t n = m->nlines;
    tarjan g = {m, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0};
    size_t *mem = fpa__alloc(&m->mem, 8 * n, sizeof *mem, false);
    if (!mem) return FPA_ENOMEM;
    size_t **arr[8] = {&g.index, &g.low, &g.stack, &g.comp, &g.call, &g.next, &g.indeg,
                       &g.queue};
    for (int k = 0; k < 8; k++) *arr[k] = mem + (size_t)k * n;
    for (size_t i = 0; i < n; i++) g.index[i] = SIZE_MAX, g.comp[i] = SIZE_MAX;
    fpa_status st = FPA_OK;
    for (size_t i = 0; i < n && st == FPA_OK; i++)
        if (is_relation(&m->line[i]) && g.index[i] == SIZE_MAX) st = strongconnect(&g, i);
    fpa__free(&m->mem, mem, 8 * n, sizeof *mem);
    return st;
}

/* ---- the build --------------------------------------------------------------------- */

static void unbuild(fpa_model *m, size_t user_lines)
{
    fpa__free(&m->mem, m->order, m->nlines, sizeof *m->order);
    fpa__free(&m->mem, m->step, m->nlines, sizeof *m->step);
    fpa__free(&m->mem, m->inputs, m->nlines, sizeof *m->inputs);
    m->order = NULL, m->step = NULL, m->inputs = NULL;
    m->nsteps = m->ninputs = m->max_lag = 0;
    m->has_lead = m->statements = false;
    mdl__truncate(m, user_lines);  /* drop the statement lines */
}

static fpa_status check_opening_sheet(const fpa_model *m)
{
    const mdl_line *e = &m->line[m->equity];
    if (!e->opening_set) return FPA_OK;
    double want = e->opening, a = 0, l = 0, big = 0;
    const mdl_line *ta = &m->line[m->total_assets], *tl = &m->line[m->total_le];
    for (size_t k = 0; k < ta->nin; k++) {
        double x = mdl__opening(m, ta->in[k]);
        a += x, big = fmax(big, fabs(x));
    }
    for (size_t k = 0; k < tl->nin; k++) {
        double x = mdl__opening(m, tl->in[k]);
        l += x, big = fmax(big, fabs(x));
    }
    if (fabs(a - l) <= m->half_unit + 1e-12 * big) return FPA_OK;
    return fpa__fail(FPA_EDATA, "the opening balance sheet does not balance: assets %.17g, "
                     "liabilities and equity %.17g (bs.equity's opening %.17g; leave it unset "
                     "to make it assets minus liabilities)", a, l, want);
}

fpa_status fpa_model_build(fpa_model *m)
{
    TRY(fpa__check_ptr(m, "model"));
    if (m->built) return fpa__fail(FPA_EINVAL, "the model is already built");
    if (m->nlines == 0) return fpa__fail(FPA_EINVAL, "the model has no line");
    size_t user_lines = m->nlines;
    fpa_status st = m->nlinks ? add_statements(m) : FPA_OK;
    if (st == FPA_OK) st = resolve(m);
    if (st == FPA_OK) {
        m->order = fpa__alloc(&m->mem, m->nlines, sizeof *m->order, false);
        m->step = fpa__alloc(&m->mem, m->nlines, sizeof *m->step, false);
        m->inputs = fpa__alloc(&m->mem, m->nlines, sizeof *m->inputs, false);
        st = m->order && m->step && m->inputs ? order_lines(m) : FPA_ENOMEM;
    }
    if (st == FPA_OK && m->statements) st = check_opening_sheet(m);
    if (st != FPA_OK) {
        unbuild(m, user_lines);
        return st;
    }
    for (size_t i = 0; i < m->nlines; i++)
        if (!is_relation(&m->line[i])) m->inputs[m->ninputs++] = i;
    m->built = true;
    return FPA_OK;
}
