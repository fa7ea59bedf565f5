/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What-ifs on a built model: scenarios and versions, evaluation, tornado,
 * tables (cells in lanes, blocks of cells on threads), goal seek (shared
 * with fpa/scenario.h), version comparison and unit economics. */
#include "model_internal.h"

#include "../core/parallel.h"
#include "../core/roots.h"

#include <stdio.h>
#include <string.h>

static fpa_status check_op(int op)
{
    if (op >= MDL_SET && op <= MDL_MUL) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "op %d is not an fpa_scenario_op", op);
}

static fpa_status check_owner(const fpa_model *m, const fpa_model *owner, const char *what)
{
    if (owner == m) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "%s belongs to another model", what);
}

static fpa_status check_output(const fpa_model *m, size_t output)
{
    if (output < m->nlines) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "output is %zu; the model has %zu lines", output, m->nlines);
}

/* ---- scenarios ---------------------------------------------------------------- */

fpa_status fpa_model_scenario_new(fpa_model_scenario **out, const fpa_model *m,
                                  const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(mdl__check_built(m));
    fpa_mem mem = fpa__mem_of(opts);
    fpa_model_scenario *s = fpa__alloc(&mem, 1, sizeof *s, true);
    if (!s) return FPA_ENOMEM;
    s->mem = mem;
    s->m = m;
    *out = s;
    return FPA_OK;
}

void fpa_model_scenario_free(fpa_model_scenario *s)
{
    if (!s) return;
    fpa_mem mem = s->mem;
    for (size_t i = 0; i < s->nseries; i++) fpa__free(&mem, s->series[i], s->m->n, sizeof(double));
    fpa__free(&mem, s->series, s->cap, sizeof *s->series);
    fpa__free(&mem, s->c, s->cap, sizeof *s->c);
    fpa__free(&mem, s, 1, sizeof *s);
}

static fpa_status grow(fpa_model_scenario *s)
{
    if (s->n < s->cap) return FPA_OK;
    size_t cap = s->cap ? 2 * s->cap : 8;
    mdl__change *c = fpa__realloc(&s->mem, s->c, s->cap, cap, sizeof *c);
    if (!c) return FPA_ENOMEM;
    s->c = c;
    double **p = fpa__realloc(&s->mem, s->series, s->cap, cap, sizeof *p);
    if (!p) return FPA_ENOMEM;  /* c grew already: harmless, cap below is the old one */
    s->series = p;
    s->cap = cap;
    return FPA_OK;
}

fpa_status fpa_model_scenario_add(fpa_model_scenario *s, const char *line, fpa_scenario_op op,
                                  double value, size_t from)
{
    TRY(fpa__check_ptr(s, "scn"));
    size_t i;
    TRY(mdl__input_line(&i, s->m, line));
    TRY(check_op((int)op));
    TRY(fpa__check_value(value, "value"));
    TRY(grow(s));
    s->c[s->n++] = (mdl__change){i, (int)op, value, from, NULL};
    return FPA_OK;
}

fpa_status fpa_model_scenario_set_series(fpa_model_scenario *s, const char *line,
                                         const double *values, size_t n)
{
    TRY(fpa__check_ptr(s, "scn"));
    size_t i;
    TRY(mdl__input_line(&i, s->m, line));
    if (n != s->m->n)
        return fpa__fail(FPA_EINVAL, "n is %zu; the model has %zu periods", n, s->m->n);
    TRY(fpa__check_finite(values, n, 1, "values"));
    TRY(grow(s));
    double *copy = fpa__alloc(&s->mem, n, sizeof *copy, false);
    if (!copy) return FPA_ENOMEM;
    memcpy(copy, values, n * sizeof *copy);
    s->series[s->nseries++] = copy;
    s->c[s->n++] = (mdl__change){i, MDL_SERIES, 0, 0, copy};
    return FPA_OK;
}

mdl__changes mdl__scenario_changes(const fpa_model_scenario *s)
{
    return s ? (mdl__changes){s->c, s->n} : (mdl__changes){NULL, 0};
}

static fpa_status check_scenario(const fpa_model *m, const fpa_model_scenario *s)
{
    TRY(mdl__check_built(m));
    return s ? check_owner(m, s->m, "the scenario") : FPA_OK;
}

/* ---- evaluation ---------------------------------------------------------------- */

static fpa_status check_cap(size_t cap, size_t a, size_t b, const char *what)
{
    size_t need;
    if (!fpa__mul_overflows(a, b, &need) && cap >= need) return FPA_OK;
    return fpa__fail(FPA_ESIZE, "%s holds %zu values; %zu x %zu needed", what, cap, a, b);
}

fpa_status fpa_model_evaluate(double *out, size_t cap, const fpa_model *m,
                              const fpa_model_scenario *scn)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_scenario(m, scn));
    TRY(check_cap(cap, m->nlines, m->n, "out"));
    mdl__changes c = mdl__scenario_changes(scn);
    return mdl__evaluate(m, out, &c, 1);
}

/* Every line under one version, in a buffer from `mem`. */
static fpa_status evaluate_new(double **out, const fpa_model *m, const fpa_model_scenario *scn,
                               const fpa_mem *mem)
{
    *out = fpa__alloc(mem, m->nlines * m->n, sizeof **out, false);
    if (!*out) return FPA_ENOMEM;
    mdl__changes c = mdl__scenario_changes(scn);
    fpa_status st = mdl__evaluate(m, *out, &c, 1);
    if (st != FPA_OK) {
        fpa__free(mem, *out, m->nlines * m->n, sizeof **out);
        *out = NULL;
    }
    return st;
}

fpa_status fpa_model_output(double *out, const fpa_model *m, const fpa_model_scenario *scn,
                            size_t output, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_scenario(m, scn));
    TRY(check_output(m, output));
    fpa_mem mem = fpa__mem_of(opts);
    double *v;
    TRY(evaluate_new(&v, m, scn, &mem));
    *out = v[output * m->n + m->n - 1];
    fpa__free(&mem, v, m->nlines * m->n, sizeof *v);
    return FPA_OK;
}

/* ---- levers --------------------------------------------------------------------- */

typedef struct {
    size_t line;
    int op;
    size_t from;
    double *values;
    size_t n;
} lever;

struct fpa_model_levers {
    fpa_mem mem;
    const fpa_model *m;
    lever *l;
    size_t n, cap;
};

fpa_status fpa_model_levers_new(fpa_model_levers **out, const fpa_model *m,
                                const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(mdl__check_built(m));
    fpa_mem mem = fpa__mem_of(opts);
    fpa_model_levers *l = fpa__alloc(&mem, 1, sizeof *l, true);
    if (!l) return FPA_ENOMEM;
    l->mem = mem;
    l->m = m;
    *out = l;
    return FPA_OK;
}

void fpa_model_levers_free(fpa_model_levers *l)
{
    if (!l) return;
    fpa_mem mem = l->mem;
    for (size_t i = 0; i < l->n; i++) fpa__free(&mem, l->l[i].values, l->l[i].n, sizeof(double));
    fpa__free(&mem, l->l, l->cap, sizeof *l->l);
    fpa__free(&mem, l, 1, sizeof *l);
}

fpa_status fpa_model_levers_add(fpa_model_levers *l, const char *line, fpa_scenario_op op,
                                size_t from, const double *values, size_t n)
{
    TRY(fpa__check_ptr(l, "levers"));
    size_t i;
    TRY(mdl__input_line(&i, l->m, line));
    TRY(check_op((int)op));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0: a lever needs values");
    TRY(fpa__check_finite(values, n, 1, "values"));
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4;
        lever *p = fpa__realloc(&l->mem, l->l, l->cap, cap, sizeof *p);
        if (!p) return FPA_ENOMEM;
        l->l = p;
        l->cap = cap;
    }
    double *v = fpa__alloc(&l->mem, n, sizeof *v, false);
    if (!v) return FPA_ENOMEM;
    memcpy(v, values, n * sizeof *v);
    l->l[l->n++] = (lever){i, (int)op, from, v, n};
    return FPA_OK;
}

/* ---- cells: many cases of lane levers, in blocks of lanes on threads ------------ */

static void cells_name(char *buf, size_t cap, const mdl__cells *c, size_t cell)
{
    if (c->naming == MDL_NAME_BAR)
        snprintf(buf, cap, "bar %zu (%s value)", c->bar, cell % 2 ? "high" : "low");
    else
        snprintf(buf, cap, "cell (%zu, %zu)", cell / c->ncols, cell % c->ncols);
}

typedef struct {
    const mdl__cells *c;
    unsigned char *ws;  /* per worker: an mdl__ws, then nlev x W lane values */
    size_t stride;
} cells_job;

static fpa_status cell_block(void *ctx, size_t b, unsigned wi)
{
    const cells_job *j = ctx;
    const mdl__cells *c = j->c;
    unsigned char *p = j->ws + wi * j->stride;
    mdl__ws *ws = (mdl__ws *)(void *)p;
    double *vals = (double *)(void *)(p + fpa__pad(sizeof *ws));
    mdl__lane_lever lev[2];
    size_t W = ws->cap_lanes, start = b * W, cnt = c->ncells - start < W ? c->ncells - start : W;
    for (size_t k = 0; k < c->nlev; k++) {
        for (size_t q = 0; q < W; q++)
            vals[k * W + q] = c->lev[k].value[c->lev[k].index(start + (q < cnt ? q : cnt - 1),
                                                                 c->ncols)];
        lev[k] = (mdl__lane_lever){c->lev[k].line, c->lev[k].op, c->lev[k].from, vals + k * W};
    }
    size_t bad = 0;
    fpa_status st = mdl__ws_run(ws, c->lists, c->nlists, lev, c->nlev, cnt, &bad);
    if (st != FPA_OK) {
        char name[64];
        cells_name(name, sizeof name, c, start + bad);
        return fpa__fail(st, "%s: %s", name, fpa_error_last());
    }
    size_t n = ws->e.m->n;
    for (size_t q = 0; q < cnt; q++) {
        if (c->every)
            for (size_t t = 0; t < n; t++) c->out[(start + q) * n + t] = mdl__ws_at(ws, c->output, t, q);
        else
            c->out[start + q] = mdl__ws_at(ws, c->output, n - 1, q);
    }
    return FPA_OK;
}

fpa_status mdl__cells_run(const mdl__cells *c, const fpa_opts *opts)
{
    const fpa_model *m = c->m;
    fpa_mem mem = fpa__mem_of(opts);
    size_t W = mdl__lanes_for(m, 1024 * 1024, 64);
    while (W > 1 && W / 2 >= c->ncells) W /= 2;
    size_t nblocks = (c->ncells + W - 1) / W;
    unsigned nw = fpa__threads(opts, nblocks);
    size_t stride = fpa__pad(fpa__pad(sizeof(mdl__ws)) + 2 * W * sizeof(double));
    fpa__lines blk;
    unsigned char *ws = fpa__alloc_lines(&mem, &blk, nw, stride, true);
    if (!ws) return FPA_ENOMEM;
    fpa_status st = FPA_OK;
    unsigned ready = 0;
    for (; ready < nw && st == FPA_OK; ready++)
        st = mdl__ws_init((mdl__ws *)(void *)(ws + ready * stride), m, W, &mem);
    if (st != FPA_OK) ready--;
    cells_job j = {c, ws, stride};
    if (st == FPA_OK) st = fpa__parallel_for(opts, nblocks, cell_block, &j);
    for (unsigned i = 0; i < ready; i++) mdl__ws_free((mdl__ws *)(void *)(ws + i * stride));
    fpa__free_lines(&mem, &blk);
    return st;
}

static size_t row_of(size_t cell, size_t ncols) { return cell / ncols; }
static size_t col_of(size_t cell, size_t ncols) { return cell % ncols; }
static size_t same_cell(size_t cell, size_t ncols) { (void)ncols; return cell; }

fpa_status fpa_model_table(double *out, size_t cap, const fpa_model *m,
                           const fpa_model_scenario *scn, const fpa_model_levers *axes,
                           size_t output, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(axes, "axes"));
    TRY(check_scenario(m, scn));
    TRY(check_owner(m, axes->m, "axes"));
    TRY(check_output(m, output));
    if (axes->n < 1 || axes->n > 2)
        return fpa__fail(FPA_EINVAL, "axes holds %zu levers; a table takes 1 or 2", axes->n);
    size_t nr = axes->l[0].n, nc = axes->n == 2 ? axes->l[1].n : 1;
    TRY(check_cap(cap, nr, nc, "out"));
    mdl__changes base = mdl__scenario_changes(scn);
    mdl__cells c = {m, &base, 1, {{0}}, axes->n, nr * nc, nc, output, false, out,
                    MDL_NAME_CELL, 0};
    for (size_t k = 0; k < axes->n; k++)
        c.lev[k] = (mdl__cell_lever){axes->l[k].line, axes->l[k].op, axes->l[k].from,
                                     axes->l[k].values, k ? col_of : row_of};
    return mdl__cells_run(&c, opts);
}

fpa_status fpa_model_tornado(double *out_low, double *out_high, double *out_base,
                             const fpa_model *m, const fpa_model_scenario *scn,
                             const fpa_model_levers *bars, size_t output, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out_low, "out_low"));
    TRY(fpa__check_ptr(out_high, "out_high"));
    TRY(fpa__check_ptr(bars, "bars"));
    TRY(check_scenario(m, scn));
    TRY(check_owner(m, bars->m, "bars"));
    TRY(check_output(m, output));
    if (bars->n == 0) return fpa__fail(FPA_EINVAL, "bars holds no lever");
    for (size_t i = 0; i < bars->n; i++)
        if (bars->l[i].n != 2)
            return fpa__fail(FPA_EINVAL, "bar %zu has %zu values; a bar takes {low, high}", i,
                             bars->l[i].n);
    fpa_mem mem = fpa__mem_of(opts);
    double base, *tmp = fpa__alloc(&mem, 2 * bars->n, sizeof *tmp, false);
    if (!tmp) return FPA_ENOMEM;
    fpa_status st = fpa_model_output(&base, m, scn, output, opts);
    mdl__changes sc = mdl__scenario_changes(scn);
    for (size_t i = 0; i < bars->n && st == FPA_OK; i++) {
        mdl__cells c = {m, &sc, 1, {{bars->l[i].line, bars->l[i].op, bars->l[i].from,
                                     bars->l[i].values, same_cell}},
                        1, 2, 2, output, false, tmp + 2 * i, MDL_NAME_BAR, i};
        st = mdl__cells_run(&c, NULL);
    }
    if (st == FPA_OK) {
        for (size_t i = 0; i < bars->n; i++) out_low[i] = tmp[2 * i], out_high[i] = tmp[2 * i + 1];
        if (out_base) *out_base = base;
    }
    fpa__free(&mem, tmp, 2 * bars->n, sizeof *tmp);
    return st;
}

/* ---- goal seek (shared with fpa_scenario_goal_seek and _solve) --------------------- */

static double goal_fn(double v, void *p)
{
    mdl__goal *g = p;
    double x;
    fpa_status st = g->metric(&x, v, g->ctx);
    if (st != FPA_OK) {
        if (g->st == FPA_OK) {
            g->st = st;
            snprintf(g->detail, sizeof g->detail, "at %.17g: %s", v, fpa_error_last());
        }
        return 1;  /* finite, so GSL's solver never sees a bad value */
    }
    return x - g->target;
}

#define GOAL_FAILED() fpa__fail(g->st, "goal seek: %s", g->detail)

fpa_status mdl__goal_root(double *out, mdl__goal *g, double lo, double hi)
{
    double flo = goal_fn(lo, g), fhi = goal_fn(hi, g);
    if (g->st != FPA_OK) return GOAL_FAILED();
    fpa__bracket br = {lo, hi, flo, fhi};
    if (flo != 0 && fhi != 0 && (flo < 0) == (fhi < 0)) {
        fpa_status st = fpa__find_bracket(&br, goal_fn, g, lo, flo, NAN, lo, hi,
                                          (hi - lo) / 64, NULL, 0);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (st != FPA_OK)
            return fpa__fail(FPA_ENOCONV, "goal seek: no %s value in [%.17g, %.17g] reaches "
                             "the target %.17g; the metric is %.17g at %.17g and %.17g at "
                             "%.17g", g->what, lo, hi, g->target, flo + g->target, lo,
                             fhi + g->target, hi);
    }
    double root;
    if (br.lo == br.hi) {
        root = br.lo;
    } else {
        fpa_status st = fpa__brent(&root, goal_fn, g, br.lo, br.hi, br.flo, br.fhi, 1e-10,
                                   1e-12, 200);
        if (g->st != FPA_OK) return GOAL_FAILED();
        TRY(st);
    }
    *out = root;
    return FPA_OK;
}

fpa_status mdl__goal_limit(double *out, mdl__goal *g, double lo, double hi, bool from_hi,
                           bool at_most)
{
    enum { STEPS = 64 };
    double start = from_hi ? hi : lo, end = from_hi ? lo : hi;
    double sign = at_most ? -1 : 1;  /* sign * (metric - target) >= 0 passes */
    double f0 = sign * goal_fn(start, g);
    if (g->st != FPA_OK) return GOAL_FAILED();
    if (f0 >= 0) {
        *out = start;
        return FPA_OK;
    }
    double fail = start, pass = NAN, fend = f0;
    for (int k = 1; k <= STEPS && isnan(pass); k++) {
        double x = k == STEPS ? end : start + (end - start) * k / STEPS;
        double f = sign * goal_fn(x, g);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (f >= 0) pass = x;
        else fail = x, fend = f;
    }
    if (isnan(pass))
        return fpa__fail(FPA_ENOCONV, "goal seek: no %s value in [%.17g, %.17g] keeps the "
                         "metric at %s %.17g; it is %.17g at %.17g and %.17g at %.17g",
                         g->what, lo, hi, at_most ? "most" : "least", g->target,
                         sign * f0 + g->target, start, sign * fend + g->target, end);
    while (fabs(pass - fail) > 1e-10 + 1e-12 * fabs(pass)) {
        double mid = fail + (pass - fail) / 2;
        if (mid == fail || mid == pass) break;
        double f = sign * goal_fn(mid, g);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (f >= 0) pass = mid;
        else fail = mid;
    }
    *out = pass;
    return FPA_OK;
}

#undef GOAL_FAILED

typedef struct {
    const fpa_model *m;
    mdl__changes base;
    const lever *lev;
    size_t output;
    int mode;
    mdl__ws ws;
} model_goal;

/* The output's last value (the root form), or its lowest (at least) or
 * highest (at most) value over the periods (the constraint forms). */
static fpa_status model_metric(double *out, double v, void *ctx)
{
    model_goal *g = ctx;
    mdl__lane_lever l = {g->lev->line, g->lev->op, g->lev->from, &v};
    size_t bad, n = g->m->n;
    TRY(mdl__ws_run(&g->ws, &g->base, 1, &l, 1, 1, &bad));
    if (g->mode == FPA_GOAL_EQUAL) {
        *out = mdl__ws_at(&g->ws, g->output, n - 1, 0);
        return FPA_OK;
    }
    bool most = g->mode == FPA_GOAL_LOWEST_AT_MOST || g->mode == FPA_GOAL_HIGHEST_AT_MOST;
    double x = mdl__ws_at(&g->ws, g->output, 0, 0);
    for (size_t t = 1; t < n; t++) {
        double y = mdl__ws_at(&g->ws, g->output, t, 0);
        x = most ? fmax(x, y) : fmin(x, y);
    }
    *out = x;
    return FPA_OK;
}

fpa_status fpa_model_goal_seek(double *out, const fpa_model *m, const fpa_model_scenario *scn,
                               const fpa_model_levers *lever_, size_t output, fpa_goal_mode mode,
                               double target, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(lever_, "lever"));
    TRY(check_scenario(m, scn));
    TRY(check_owner(m, lever_->m, "the lever"));
    TRY(check_output(m, output));
    if (lever_->n != 1 || lever_->l[0].n != 2)
        return fpa__fail(FPA_EINVAL, "goal seek takes one lever with two values {lo, hi}");
    if ((int)mode < FPA_GOAL_EQUAL || (int)mode > FPA_GOAL_HIGHEST_AT_MOST)
        return fpa__fail(FPA_EINVAL, "mode %d is not an fpa_goal_mode", (int)mode);
    TRY(fpa__check_value(target, "target"));
    double lo = lever_->l[0].values[0], hi = lever_->l[0].values[1];
    if (!(lo < hi)) return fpa__fail(FPA_EDOM, "lo = %.17g is not below hi = %.17g", lo, hi);
    fpa_mem mem = fpa__mem_of(opts);
    model_goal mg;
    mg.m = m, mg.base = mdl__scenario_changes(scn), mg.lev = &lever_->l[0];
    mg.output = output, mg.mode = (int)mode;
    TRY(mdl__ws_init(&mg.ws, m, 1, &mem));
    mdl__goal g = {model_metric, &mg, m->line[lever_->l[0].line].name, target, FPA_OK, ""};
    fpa_status st = mode == FPA_GOAL_EQUAL
        ? mdl__goal_root(out, &g, lo, hi)
        : mdl__goal_limit(out, &g, lo, hi,
                          mode == FPA_GOAL_HIGHEST_AT_LEAST || mode == FPA_GOAL_HIGHEST_AT_MOST,
                          mode == FPA_GOAL_LOWEST_AT_MOST || mode == FPA_GOAL_HIGHEST_AT_MOST);
    mdl__ws_free(&mg.ws);
    return st;
}

/* ---- versions -------------------------------------------------------------------------- */

fpa_status fpa_model_compare(double *out_variance, double *out_pct, uint32_t *out_flags,
                             const fpa_model *m, const fpa_model_scenario *a,
                             const fpa_model_scenario *b, const fpa_opts *opts)
{
    if (!out_variance && !out_pct && !out_flags)
        return fpa__fail(FPA_EINVAL, "every output is NULL");
    TRY(check_scenario(m, a));
    TRY(check_scenario(m, b));
    fpa_mem mem = fpa__mem_of(opts);
    size_t cells = m->nlines * m->n;
    double *va = NULL, *vb = NULL;
    int *nature = fpa__alloc(&mem, m->nlines, sizeof *nature, false);
    fpa_status st = nature ? evaluate_new(&va, m, a, &mem) : FPA_ENOMEM;
    if (st == FPA_OK) st = evaluate_new(&vb, m, b, &mem);
    if (st == FPA_OK) {
        for (size_t i = 0; i < m->nlines; i++) nature[i] = m->line[i].nature;
        st = fpa_variance_compute(out_variance, out_pct, out_flags, va, vb, m->nlines, m->n,
                                  nature, NULL, NULL, NULL, opts);
    }
    fpa__free(&mem, nature, m->nlines, sizeof *nature);
    fpa__free(&mem, va, va ? cells : 0, sizeof *va);
    fpa__free(&mem, vb, vb ? cells : 0, sizeof *vb);
    return st;
}

/* ---- unit economics ----------------------------------------------------------------------- */

static fpa_status unit_at(double *out, int metric, const double *x)
{
    double a, b;
    switch (metric) {
    case FPA_UNIT_CONTRIBUTION: return fpa_unit_contribution(out, NULL, x[0], x[1]);
    case FPA_UNIT_CONTRIBUTION_RATIO: return fpa_unit_contribution(NULL, out, x[0], x[1]);
    case FPA_UNIT_BREAK_EVEN_UNITS: return fpa_unit_break_even(out, &a, x[0], 0, x[1], x[2]);
    case FPA_UNIT_BREAK_EVEN_REVENUE: return fpa_unit_break_even(&b, out, x[0], 0, x[1], x[2]);
    default: return fpa_unit_cac_payback(out, x[0], x[1], x[2], x[3]);
    }
}

fpa_status fpa_model_unit(double *out, size_t cap, const fpa_model *m,
                          const fpa_model_scenario *scn, fpa_model_unit_metric metric,
                          const size_t *lines, size_t nlines)
{
    static const size_t need[5] = {2, 2, 3, 3, 4};
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(lines, "lines"));
    TRY(check_scenario(m, scn));
    if ((int)metric < FPA_UNIT_CONTRIBUTION || (int)metric > FPA_UNIT_CAC_PAYBACK)
        return fpa__fail(FPA_EINVAL, "metric %d is not an fpa_model_unit_metric", (int)metric);
    if (nlines != need[metric])
        return fpa__fail(FPA_EINVAL, "nlines is %zu; this metric reads %zu lines", nlines,
                         need[metric]);
    for (size_t k = 0; k < nlines; k++)
        if (lines[k] >= m->nlines)
            return fpa__fail(FPA_EINVAL, "lines[%zu] is %zu; the model has %zu lines", k,
                             lines[k], m->nlines);
    if (cap < m->n) return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, m->n);
    double *v;
    TRY(evaluate_new(&v, m, scn, &m->mem));
    size_t first = SIZE_MAX;
    char why[256] = "";
    for (size_t t = 0; t < m->n; t++) {
        double x[4];
        for (size_t k = 0; k < nlines; k++) x[k] = v[lines[k] * m->n + t];
        if (unit_at(&out[t], (int)metric, x) == FPA_OK) continue;
        out[t] = NAN;
        if (first == SIZE_MAX) {
            first = t;
            snprintf(why, sizeof why, "%s", fpa_error_last());
        }
    }
    fpa__free(&m->mem, v, m->nlines * m->n, sizeof *v);
    if (first == SIZE_MAX) return FPA_OK;
    return fpa__fail(FPA_PARTIAL, "period %zu is undefined: %s", first, why);
}
