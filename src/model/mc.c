/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monte Carlo on any inputs of a model. Paths run in blocks of 1024, block
 * b with its own generator seeded from (seed, b), so the numbers never
 * depend on which thread ran which block; within a block, paths are
 * evaluated in lanes, and each variable's draws are made for the whole
 * lane block at once. */
/* The lane loops: vectorised by GCC at -O2 too (see eval.c). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include "draws.h"

#include "../core/parallel.h"

#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

enum { BLOCK = 1024 };

typedef struct {
    size_t line;
    int op, dist, when;
    size_t from, count; /* count 0: the same parameters from `from` on */
    double *par;        /* parameter-major, max(count, 1) per parameter */
} mc_var;

typedef struct {
    size_t line;
    bool every;
    double threshold; /* NaN: no counts */
} mc_out;

struct fpa_model_mc {
    fpa_mem mem;
    const fpa_model *m;
    mc_var *var;
    size_t n, cap;
    double *chol; /* n x n lower Cholesky factor of the copula, or NULL */
    mc_out *out;
    size_t nout, out_cap;
};

struct fpa_model_mc_result {
    fpa_mem mem;
    size_t paths, n, nout;
    mc_out *spec;
    double **col;     /* per output: n x paths (every) or paths, each sorted */
    double **mean;    /* per output: n or 1 */
    uint64_t **below; /* per output: n counts, or NULL */
    uint64_t clamped;
};

static size_t width(const mc_var *v) { return v->count ? v->count : 1; }

/* ---- the simulation's definition -------------------------------------------------- */

fpa_status fpa_model_mc_new(fpa_model_mc **out, const fpa_model *m, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(mdl__check_built(m));
    fpa_mem mem = fpa__mem_of(opts);
    fpa_model_mc *mc = fpa__alloc(&mem, 1, sizeof *mc, true);
    if (!mc) return FPA_ENOMEM;
    mc->mem = mem;
    mc->m = m;
    *out = mc;
    return FPA_OK;
}

static void drop_correlation(fpa_model_mc *mc)
{
    fpa__free(&mc->mem, mc->chol, mc->n * mc->n, sizeof(double));
    mc->chol = NULL;
}

void fpa_model_mc_free(fpa_model_mc *mc)
{
    if (!mc) return;
    drop_correlation(mc);
    for (size_t i = 0; i < mc->n; i++)
        fpa__free(&mc->mem, mc->var[i].par, mdl__nparams(mc->var[i].dist) * width(&mc->var[i]),
                  sizeof(double));
    fpa_mem mem = mc->mem;
    fpa__free(&mem, mc->var, mc->cap, sizeof *mc->var);
    fpa__free(&mem, mc->out, mc->out_cap, sizeof *mc->out);
    fpa__free(&mem, mc, 1, sizeof *mc);
}

size_t fpa_model_mc_count(const fpa_model_mc *mc) { return mc ? mc->n : 0; }

/* A variable's periods within the model's (a detached simulation has no
 * model yet: checked when it is bound). */
static fpa_status check_range(const fpa_model *m, size_t i, size_t from, size_t count)
{
    if (!m || !count || from + count <= m->n) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "variable %zu covers periods %zu .. %zu; the plan has %zu", i,
                     from, from + count - 1, m->n);
}

static fpa_status add_var(fpa_model_mc *mc, size_t line, int op, int dist, const double *params,
                          size_t count, size_t from, int when)
{
    TRY(fpa__check_ptr(params, "params"));
    if (op < FPA_SCENARIO_SET || op > FPA_SCENARIO_MUL)
        return fpa__fail(FPA_EINVAL, "op %d is not an fpa_scenario_op", op);
    TRY(mdl__check_dist(dist));
    if (when != FPA_DRAW_EACH_PERIOD && when != FPA_DRAW_ONCE)
        return fpa__fail(FPA_EINVAL, "when %d is not an fpa_scenario_draw", when);
    if (mc->n >= MDL_MAX_VARS)
        return fpa__fail(FPA_EINVAL, "a model holds at most %d variables", MDL_MAX_VARS);
    size_t np = mdl__nparams(dist), w = count ? count : 1;
    for (size_t t = 0; t < w; t++) {
        char where[64] = "";
        if (count) snprintf(where, sizeof where, " of period %zu", from + t);
        TRY(mdl__check_params(dist, params[t], params[w + t], np == 3 ? params[2 * w + t] : 0,
                              where));
    }
    TRY(check_range(mc->m, mc->n, from, count));
    double *par = fpa__alloc(&mc->mem, np * w, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    if (mc->n == mc->cap) {
        size_t cap = mc->cap ? 2 * mc->cap : 4;
        mc_var *v = fpa__realloc(&mc->mem, mc->var, mc->cap, cap, sizeof *v);
        if (!v) {
            fpa__free(&mc->mem, par, np * w, sizeof *par);
            return FPA_ENOMEM;
        }
        mc->var = v;
        mc->cap = cap;
    }
    drop_correlation(mc); /* sized for the old variable count */
    memcpy(par, params, np * w * sizeof *par);
    mc->var[mc->n++] = (mc_var){line, op, dist, when, from, count, par};
    return FPA_OK;
}

fpa_mem mdl__mc_mem(const fpa_model_mc *mc) { return mc->mem; }

fpa_status mdl__mc_new_detached(fpa_model_mc **out, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    fpa_mem mem = fpa__mem_of(opts);
    fpa_model_mc *mc = fpa__alloc(&mem, 1, sizeof *mc, true);
    if (!mc) return FPA_ENOMEM;
    mc->mem = mem;
    *out = mc;
    return FPA_OK;
}

fpa_status mdl__mc_bind(fpa_model_mc **out, const fpa_model_mc *src, const fpa_model *m,
                        const fpa_opts *opts)
{
    for (size_t i = 0; i < src->n; i++)
        TRY(check_range(m, i, src->var[i].from, src->var[i].count));
    TRY(fpa_model_mc_new(out, m, opts));
    fpa_model_mc *mc = *out;
    fpa_status st = FPA_OK;
    for (size_t i = 0; i < src->n && st == FPA_OK; i++) {
        const mc_var *v = &src->var[i];
        st = add_var(mc, v->line, v->op, v->dist, v->par, v->count, v->from, v->when);
    }
    size_t k = src->n;
    if (st == FPA_OK && src->chol) {
        mc->chol = fpa__alloc(&mc->mem, k * k, sizeof(double), false);
        if (mc->chol) memcpy(mc->chol, src->chol, k * k * sizeof(double));
        else st = FPA_ENOMEM;
    }
    if (st != FPA_OK) {
        fpa_model_mc_free(mc);
        *out = NULL;
    }
    return st;
}

fpa_status mdl__mc_add_line(fpa_model_mc *mc, size_t line, int op, int dist,
                            const double *params, size_t nparams, size_t count, size_t from,
                            int when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (!count && dist >= FPA_DIST_NORMAL && dist <= FPA_DIST_PERT &&
        nparams != mdl__nparams(dist))
        return fpa__fail(FPA_EINVAL, "nparams is %zu; this distribution takes %zu", nparams,
                         mdl__nparams(dist));
    return add_var(mc, line, op, dist, params, count, from, when);
}

fpa_status fpa_model_mc_add(fpa_model_mc *mc, const char *line, fpa_scenario_op op,
                            fpa_scenario_dist dist, const double *params, size_t nparams,
                            size_t from, fpa_scenario_draw when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    size_t i;
    TRY(mdl__input_line(&i, mc->m, line));
    return mdl__mc_add_line(mc, i, (int)op, (int)dist, params, nparams, 0, from, (int)when);
}

fpa_status fpa_model_mc_add_series(fpa_model_mc *mc, const char *line, fpa_scenario_op op,
                                   fpa_scenario_dist dist, const double *params, size_t count,
                                   size_t from, fpa_scenario_draw when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    size_t i;
    TRY(mdl__input_line(&i, mc->m, line));
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    return add_var(mc, i, (int)op, (int)dist, params, count, from, (int)when);
}

fpa_status mdl__mc_add_interval(fpa_model_mc *mc, size_t line, const double *point,
                                const double *lower, const double *upper, size_t count,
                                double level, size_t from, int when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    TRY(fpa__check_finite(point, count, 1, "point"));
    TRY(fpa__check_finite(lower, count, 1, "lower"));
    TRY(fpa__check_finite(upper, count, 1, "upper"));
    TRY(fpa__check_value(level, "level"));
    if (!(level > 0 && level < 1))
        return fpa__fail(FPA_EDOM, "level is %.17g; must be in (0, 1)", level);
    for (size_t t = 0; t < count; t++)
        if (lower[t] > upper[t])
            return fpa__fail(FPA_EDOM, "lower[%zu] = %.17g exceeds upper[%zu] = %.17g", t,
                             lower[t], t, upper[t]);
    double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2); /* in (0, 8.3] */
    double *par = fpa__alloc(&mc->mem, 2 * count, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    for (size_t t = 0; t < count; t++) {
        par[t] = point[t];
        par[count + t] = (upper[t] - lower[t]) / (2 * z);
    }
    fpa_status st = add_var(mc, line, FPA_SCENARIO_SET, FPA_DIST_NORMAL, par, count, from, when);
    fpa__free(&mc->mem, par, 2 * count, sizeof *par);
    return st;
}

fpa_status fpa_model_mc_add_forecast(fpa_model_mc *mc, const char *line,
                                     const fpa_forecast_model *forecast, size_t from,
                                     fpa_scenario_draw when, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(forecast, "forecast"));
    size_t i;
    TRY(mdl__input_line(&i, mc->m, line));
    if (from >= mc->m->n)
        return fpa__fail(FPA_EINVAL, "from is %zu; the model has %zu periods", from, mc->m->n);
    size_t h = mc->m->n - from;
    double *buf = fpa__alloc(&mc->mem, 3 * h, sizeof *buf, false), level = 80;
    if (!buf) return FPA_ENOMEM;
    fpa_status st = fpa_forecast_predict(buf, buf + h, buf + 2 * h, forecast, h, &level, 1, opts);
    if (st == FPA_OK)
        st = mdl__mc_add_interval(mc, i, buf, buf + h, buf + 2 * h, h, 0.8, from, (int)when);
    fpa__free(&mc->mem, buf, 3 * h, sizeof *buf);
    return st;
}

fpa_status fpa_model_mc_correlate(fpa_model_mc *mc, const double *corr, size_t k)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(corr, "corr"));
    if (k != mc->n || k == 0)
        return fpa__fail(FPA_EINVAL, "k is %zu; the model has %zu variables", k, mc->n);
    int when[MDL_MAX_VARS];
    for (size_t i = 0; i < k; i++) when[i] = mc->var[i].when;
    double *chol = fpa__alloc(&mc->mem, k * k, sizeof *chol, false);
    if (!chol) return FPA_ENOMEM;
    fpa_status st = mdl__cholesky(chol, corr, k, when, &mc->mem);
    if (st != FPA_OK) {
        fpa__free(&mc->mem, chol, k * k, sizeof *chol);
        return st;
    }
    drop_correlation(mc);
    mc->chol = chol;
    return FPA_OK;
}

fpa_status fpa_model_mc_output(fpa_model_mc *mc, size_t line, int every_period,
                               double threshold)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (line >= mc->m->nlines)
        return fpa__fail(FPA_EINVAL, "line is %zu; the model has %zu lines", line,
                         mc->m->nlines);
    if (isinf(threshold)) return fpa__fail(FPA_EDOM, "threshold is infinite");
    for (size_t k = 0; k < mc->nout; k++)
        if (mc->out[k].line == line)
            return fpa__fail(FPA_EINVAL, "line \"%s\" is already an output",
                             mc->m->line[line].name);
    if (mc->nout == mc->out_cap) {
        size_t cap = mc->out_cap ? 2 * mc->out_cap : 4;
        mc_out *o = fpa__realloc(&mc->mem, mc->out, mc->out_cap, cap, sizeof *o);
        if (!o) return FPA_ENOMEM;
        mc->out = o;
        mc->out_cap = cap;
    }
    mc->out[mc->nout++] = (mc_out){line, every_period != 0, threshold};
    return FPA_OK;
}

/* ---- the run -------------------------------------------------------------------------- */

/* Per worker, in its own cache lines: the workspace, the generator's
 * state, and draw scratch. */
typedef struct {
    mdl__ws ws;
    mdl__gen gen;
    double *eps;   /* k x n x W scores of correlated per-period variables */
    double *z;     /* k x W scores of once-per-path variables */
    double *draw;  /* n x W values of one variable */
} worker;

typedef struct {
    const fpa_model_mc *mc;
    const fpa_model *m;
    const double *rows;        /* the inputs after the scenario, lines x n */
    const mdl__par *par;       /* k x n */
    const unsigned char *on;   /* k x n: does variable i change period t */
    size_t paths, n, k, W;
    uint32_t seed;
    unsigned char *w;
    size_t wstride;
    fpa_model_mc_result *res;
    uint64_t *counts;          /* per block, cstride apart: clamped, then per
                                * output n below-threshold counts */
    size_t cstride;
    const size_t *outs;        /* the output lines, for the finiteness check */
} run_ctx;

/* Parameters of variable v in period t, or false when v leaves t alone. */
static bool params_at(double p[3], const mc_var *v, size_t t)
{
    if (t < v->from) return false;
    size_t i = 0, w = width(v);
    if (v->count) {
        if (t - v->from >= v->count) return false;
        i = t - v->from;
    }
    p[0] = v->par[i];
    p[1] = v->par[w + i];
    p[2] = v->dist >= FPA_DIST_TRIANGULAR ? v->par[2 * w + i] : 0;
    return true;
}

/* The draws of variable i for `cnt` lanes of every period it changes,
 * into wk->draw[t * W + j]. Correlated and once-per-path variables map a
 * standard normal score through the quantile function; the others draw
 * straight from GSL's samplers, period by period for the lane block. */
static fpa_status variable_draws(const run_ctx *c, worker *wk, size_t i, size_t cnt)
{
    const mc_var *v = &c->mc->var[i];
    size_t n = c->n, W = c->W;
    const mdl__par *par = c->par + i * n;
    const unsigned char *on = c->on + i * n;
    bool once = v->when == FPA_DRAW_ONCE, scored = once || c->mc->chol;
    if (!scored) {
        for (size_t t = 0; t < n; t++)
            if (on[t]) mdl__draws(wk->draw + t * W, cnt, v->dist, &par[t], &wk->gen);
        return FPA_OK;
    }
    if (once && !v->count) { /* one value per path: a PERT quantile is a root */
        if (v->from >= n) return FPA_OK;
        double x[BLOCK];
        for (size_t j = 0; j < cnt; j++)
            TRY(mdl__from_score(&x[j], v->dist, &par[v->from], wk->z[i * W + j]));
        for (size_t t = v->from; t < n; t++) memcpy(wk->draw + t * W, x, cnt * sizeof *x);
        return FPA_OK;
    }
    for (size_t t = 0; t < n; t++) {
        if (!on[t]) continue;
        const double *z = once ? wk->z + i * W : wk->eps + (i * n + t) * W;
        for (size_t j = 0; j < cnt; j++)
            TRY(mdl__from_score(&wk->draw[t * W + j], v->dist, &par[t], z[j]));
    }
    return FPA_OK;
}

/* The scores of a lane block: once-per-path variables' first, then every
 * correlated per-period variable's, each variable's for the whole block;
 * then the copula mixes them (z = L eps) in place, row by row downward. */
static void scores(const run_ctx *c, worker *wk, size_t cnt)
{
    const fpa_model_mc *mc = c->mc;
    size_t k = c->k, n = c->n, W = c->W;
    for (size_t i = 0; i < k; i++)
        if (mc->var[i].when == FPA_DRAW_ONCE) mdl__normals(wk->z + i * W, cnt, &wk->gen);
    if (!mc->chol) return;
    for (size_t i = 0; i < k; i++)
        if (mc->var[i].when == FPA_DRAW_EACH_PERIOD)
            for (size_t t = 0; t < n; t++) mdl__normals(wk->eps + (i * n + t) * W, cnt, &wk->gen);
    const double *l = mc->chol;
    for (size_t i = k; i-- > 0;) {  /* from the last row: row i reads rows <= i */
        bool each = mc->var[i].when == FPA_DRAW_EACH_PERIOD;
        for (size_t t = 0; t < (each ? n : 1); t++) {
            double *zi = each ? wk->eps + (i * n + t) * W : wk->z + i * W;
            for (size_t j = 0; j < cnt; j++) zi[j] *= l[i * k + i];
            for (size_t q = 0; q < i; q++) {
                if (mc->var[q].when != mc->var[i].when || l[i * k + q] == 0) continue;
                const double *zq = each ? wk->eps + (q * n + t) * W : wk->z + q * W;
                for (size_t j = 0; j < cnt; j++) zi[j] += l[i * k + q] * zq[j];
            }
        }
    }
}

/* Store the block's outputs and count the paths below each threshold. */
static void keep(const run_ctx *c, worker *wk, size_t first, size_t cnt, uint64_t *cnts)
{
    const fpa_model_mc *mc = c->mc;
    size_t n = c->n;
    for (size_t o = 0; o < mc->nout; o++) {
        const mc_out *s = &mc->out[o];
        double *col = c->res->col[o];
        uint64_t *below = cnts + 1 + o * n;
        for (size_t t = 0; t < n; t++) {
            if (!s->every && t + 1 < n && isnan(s->threshold)) continue;
            for (size_t j = 0; j < cnt; j++) {
                double x = mdl__ws_at(&wk->ws, s->line, t, j);
                if (s->every) col[t * c->paths + first + j] = x;
                else if (t + 1 == n) col[first + j] = x;
                below[t] += x < s->threshold;
            }
        }
    }
}

static fpa_status run_lanes(const run_ctx *c, worker *wk, size_t first, size_t cnt,
                            uint64_t *cnts)
{
    const fpa_model *m = c->m;
    size_t n = c->n, W = c->W;
    mdl__ev *e = &wk->ws.e;
    mdl__fill_inputs(e, c->rows, NULL, 0);
    scores(c, wk, cnt);
    for (size_t i = 0; i < c->k; i++) {
        const mc_var *v = &c->mc->var[i];
        TRY(variable_draws(c, wk, i, cnt));
        double *col = e->v + v->line * n * W;
        for (size_t t = 0; t < n; t++) {
            if (!c->on[i * n + t]) continue;
            double *x = col + t * W;
            const double *d = wk->draw + t * W;
            if (v->op == FPA_SCENARIO_SET) memcpy(x, d, cnt * sizeof *x);
            else if (v->op == FPA_SCENARIO_ADD) for (size_t j = 0; j < cnt; j++) x[j] += d[j];
            else for (size_t j = 0; j < cnt; j++) x[j] *= d[j];
        }
    }
    for (size_t q = 0; q < m->ninputs; q++) { /* draws below a floor are set to it */
        const mdl_line *l = &m->line[m->inputs[q]];
        if (!(l->floor > -INFINITY)) continue;
        double *col = e->v + m->inputs[q] * n * W;
        for (size_t t = 0; t < n; t++)
            for (size_t j = 0; j < cnt; j++)
                if (col[t * W + j] < l->floor) col[t * W + j] = l->floor, cnts[0]++;
    }
    mdl__compute(e, 0, n);
    size_t bad = 0;
    e->clamped = 0;
    fpa_status st = mdl__verify(e, cnt, 0, n, true, c->outs, c->mc->nout, &bad);
    cnts[0] += e->clamped;
    if (st != FPA_OK) return fpa__fail(st, "path %zu: %s", first + bad, fpa_error_last());
    keep(c, wk, first, cnt, cnts);
    return FPA_OK;
}

static fpa_status run_block(void *ctx, size_t b, unsigned wi)
{
    const run_ctx *c = ctx;
    worker *wk = (worker *)(void *)(c->w + wi * c->wstride);
    uint64_t *cnts = c->counts + b * c->cstride;
    memset(cnts, 0, (1 + c->mc->nout * c->n) * sizeof *cnts);
    mdl__gen_init(&wk->gen, (uint32_t)(c->seed + b)); /* distinct seeds per block */
    size_t p1 = (b + 1) * BLOCK < c->paths ? (b + 1) * BLOCK : c->paths;
    for (size_t p = b * BLOCK; p < p1; p += c->W)
        TRY(run_lanes(c, wk, p, p1 - p < c->W ? p1 - p : c->W, cnts));
    return FPA_OK;
}

/* ---- results ----------------------------------------------------------------------------- */

static size_t kept(const mc_out *s, size_t n) { return s->every ? n : 1; }

void fpa_model_mc_result_free(fpa_model_mc_result *res)
{
    if (!res) return;
    fpa_mem mem = res->mem;
    for (size_t o = 0; o < res->nout; o++) {
        size_t w = kept(&res->spec[o], res->n);
        if (res->col) fpa__free(&mem, res->col[o], w * res->paths, sizeof(double));
        if (res->mean) fpa__free(&mem, res->mean[o], w, sizeof(double));
        if (res->below) fpa__free(&mem, res->below[o], res->n, sizeof(uint64_t));
    }
    fpa__free(&mem, res->col, res->nout, sizeof *res->col);
    fpa__free(&mem, res->mean, res->nout, sizeof *res->mean);
    fpa__free(&mem, res->below, res->nout, sizeof *res->below);
    fpa__free(&mem, res->spec, res->nout, sizeof *res->spec);
    fpa__free(&mem, res, 1, sizeof *res);
}

static fpa_status new_result(fpa_model_mc_result **out, const fpa_model_mc *mc, size_t paths,
                             const fpa_mem *mem)
{
    size_t n = mc->m->n, no = mc->nout;
    fpa_model_mc_result *r = fpa__alloc(mem, 1, sizeof *r, true);
    if (!r) return FPA_ENOMEM;
    *r = (fpa_model_mc_result){*mem, paths, n, no, NULL, NULL, NULL, NULL, 0};
    r->spec = fpa__alloc(mem, no, sizeof *r->spec, true);
    if (!r->spec) {
        fpa__free(mem, r, 1, sizeof *r);
        return FPA_ENOMEM;
    }
    r->col = fpa__alloc(mem, no, sizeof *r->col, true);
    r->mean = fpa__alloc(mem, no, sizeof *r->mean, true);
    r->below = fpa__alloc(mem, no, sizeof *r->below, true);
    bool ok = r->spec && r->col && r->mean && r->below;
    for (size_t o = 0; ok && o < no; o++) {
        r->spec[o] = mc->out[o];
        size_t w = kept(&mc->out[o], n), cells;
        ok = !fpa__mul_overflows(w, paths, &cells) &&
             (r->col[o] = fpa__alloc(mem, cells, sizeof(double), false)) &&
             (r->mean[o] = fpa__alloc(mem, w, sizeof(double), false)) &&
             (isnan(mc->out[o].threshold) ||
              (r->below[o] = fpa__alloc(mem, n, sizeof(uint64_t), true)));
    }
    if (!ok) {
        fpa_model_mc_result_free(r);
        return FPA_ENOMEM;
    }
    *out = r;
    return FPA_OK;
}

typedef struct {
    fpa_model_mc_result *res;
    const size_t *job_out;  /* per sort job: output and period */
    const size_t *job_t;
    uint64_t *tmp;
    size_t *hist;
    size_t tstride, hstride;
} sort_ctx;

static fpa_status sort_job(void *ctx, size_t j, unsigned wi)
{
    const sort_ctx *s = ctx;
    fpa_model_mc_result *r = s->res;
    size_t o = s->job_out[j], t = s->job_t[j];
    double *x = r->col[o] + t * r->paths;
    mdl__sort(x, s->tmp + wi * s->tstride, s->hist + wi * s->hstride, r->paths);
    double sum = 0;
    for (size_t i = 0; i < r->paths; i++) sum += x[i];
    r->mean[o][t] = sum / (double)r->paths;
    return FPA_OK;
}

static fpa_status sort_columns(fpa_model_mc_result *r, const fpa_opts *opts, fpa__progress *prog,
                               size_t jobs)
{
    fpa_mem mem = r->mem;
    unsigned sw = fpa__threads(opts, jobs);
    size_t *job = fpa__alloc(&mem, 2 * jobs, sizeof *job, false);
    fpa__lines tblk, hblk;
    sort_ctx s = {r, job, job ? job + jobs : NULL, NULL, NULL, 0, 0};
    s.tmp = fpa__alloc_lines(&mem, &tblk, sw, r->paths * sizeof *s.tmp, false);
    s.hist = fpa__alloc_lines(&mem, &hblk, sw, MDL_SORT_HIST * sizeof *s.hist, false);
    s.tstride = fpa__pad(r->paths * sizeof *s.tmp) / sizeof *s.tmp;
    s.hstride = fpa__pad(MDL_SORT_HIST * sizeof *s.hist) / sizeof *s.hist;
    fpa_status st = FPA_ENOMEM;
    if (job && s.tmp && s.hist) {
        size_t q = 0;
        for (size_t o = 0; o < r->nout; o++)
            for (size_t t = 0; t < kept(&r->spec[o], r->n); t++) job[q] = o, job[jobs + q++] = t;
        st = fpa__parallel_for_p(opts, jobs, sort_job, &s, prog);
    }
    fpa__free_lines(&mem, &tblk);
    fpa__free_lines(&mem, &hblk);
    fpa__free(&mem, job, 2 * jobs, sizeof *job);
    return st;
}

/* The derived parameters of every variable and period. */
static void derive_all(const fpa_model_mc *mc, mdl__par *par, unsigned char *on)
{
    size_t n = mc->m->n;
    for (size_t i = 0; i < mc->n; i++)
        for (size_t t = 0; t < n; t++) {
            double p[3];
            on[i * n + t] = params_at(p, &mc->var[i], t);
            par[i * n + t] = on[i * n + t] ? mdl__derive(mc->var[i].dist, p)
                                           : (mdl__par){0, 0, 0, 0};
        }
}

static fpa_status check_run(const fpa_model_mc *mc, const fpa_model_scenario *scn, size_t paths)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (scn && scn->m != mc->m)
        return fpa__fail(FPA_EINVAL, "the scenario belongs to another model");
    if (paths == 0) return fpa__fail(FPA_EINVAL, "paths is 0: nothing to simulate");
    /* GSL's quantile function indexes the sorted data with an int */
    if (paths > (size_t)INT_MAX)
        return fpa__fail(FPA_EINVAL, "paths is %zu; at most %d", paths, INT_MAX);
    if (mc->nout == 0)
        return fpa__fail(FPA_EINVAL, "no output line to keep (fpa_model_mc_output)");
    return FPA_OK;
}

typedef struct {
    fpa_mem mem;
    double *rows;
    mdl__par *par;
    unsigned char *on;
    uint64_t *counts;
    size_t *outs;
    unsigned char *w;
    fpa__lines wblk, cblk;
    unsigned nw, ready;
    size_t cells, kn, nouts;
} run_mem;

static void run_mem_free(run_mem *r, size_t wstride)
{
    for (unsigned i = 0; i < r->ready; i++)
        mdl__ws_free(&((worker *)(void *)(r->w + i * wstride))->ws);
    fpa__free(&r->mem, r->rows, r->cells, sizeof *r->rows);
    fpa__free(&r->mem, r->par, r->kn, sizeof *r->par);
    fpa__free(&r->mem, r->on, r->kn, 1);
    fpa__free(&r->mem, r->outs, r->nouts, sizeof *r->outs);
    fpa__free_lines(&r->mem, &r->wblk);
    fpa__free_lines(&r->mem, &r->cblk);
}

fpa_status mdl__mc_run(fpa_model_mc_result **out, const fpa_model_mc *mc,
                       const mdl__changes *lists, size_t nlists, size_t paths,
                       const fpa_opts *opts)
{
    const fpa_model *m = mc->m;
    size_t n = m->n, k = mc->n, nblocks = (paths + BLOCK - 1) / BLOCK;
    size_t W = mdl__lanes_for(m, 256 * 1024, BLOCK);
    while (W > 8 && W / 2 >= paths) W /= 2;
    run_mem r = {.mem = fpa__mem_of(opts), .cells = m->nlines * n, .kn = k * n,
                 .nouts = mc->nout};
    r.nw = fpa__threads(opts, nblocks);
    size_t head = fpa__pad(sizeof(worker)), state = 0;
    size_t scratch = (k * n * W + k * W + n * W) * sizeof(double);
    size_t wstride = fpa__pad(head + state + scratch);
    size_t cstride = fpa__pad((1 + mc->nout * n) * sizeof(uint64_t)) / sizeof(uint64_t);
    fpa_model_mc_result *res = NULL;
    r.rows = fpa__alloc(&r.mem, r.cells, sizeof *r.rows, false);
    r.par = fpa__alloc(&r.mem, r.kn, sizeof *r.par, false);
    r.on = fpa__alloc(&r.mem, r.kn, 1, false);
    r.outs = fpa__alloc(&r.mem, mc->nout, sizeof *r.outs, false);
    r.counts = fpa__alloc_lines(&r.mem, &r.cblk, nblocks, cstride * sizeof(uint64_t), false);
    r.w = fpa__alloc_lines(&r.mem, &r.wblk, r.nw, wstride, false);
    fpa_status st = FPA_ENOMEM;
    fpa__progress prog;
    if (!r.rows || !r.par || !r.on || !r.outs || !r.counts || !r.w) goto done;
    for (; r.ready < r.nw; r.ready++) {
        unsigned char *p = r.w + r.ready * wstride;
        worker *wk = (worker *)(void *)p;
        st = mdl__ws_init(&wk->ws, m, W, &r.mem);
        if (st != FPA_OK) goto done;
        wk->eps = (double *)(void *)(p + head + state);
        wk->z = wk->eps + k * n * W;
        wk->draw = wk->z + k * W;
    }
    st = new_result(&res, mc, paths, &r.mem);
    if (st != FPA_OK) goto done;
    mdl__apply_changes(m, r.rows, lists, nlists);
    derive_all(mc, r.par, r.on);
    for (size_t o = 0; o < mc->nout; o++) r.outs[o] = mc->out[o].line;
    run_ctx c = {mc, m, r.rows, r.par, r.on, paths, n, k, W,
                 (uint32_t)mdl__splitmix64((uint64_t)fpa__opt(opts, FPA_OPT_SEED)), r.w,
                 wstride, res, r.counts, cstride, r.outs};
    size_t jobs = 0;
    for (size_t o = 0; o < mc->nout; o++) jobs += kept(&mc->out[o], n);
    st = fpa__progress_begin(&prog, opts, nblocks + jobs);
    if (st == FPA_OK) st = fpa__parallel_for_p(opts, nblocks, run_block, &c, &prog);
    if (st != FPA_OK) goto done;
    for (size_t b = 0; b < nblocks; b++) {
        const uint64_t *cb = r.counts + b * cstride;
        res->clamped += cb[0];
        for (size_t o = 0; o < mc->nout; o++)
            for (size_t t = 0; res->below[o] && t < n; t++) res->below[o][t] += cb[1 + o * n + t];
    }
    st = sort_columns(res, opts, &prog, jobs);
    if (st == FPA_OK) st = fpa__progress_end(&prog);
    for (size_t o = 0; st == FPA_OK && o < mc->nout; o++)
        for (size_t t = 0; t < kept(&mc->out[o], n); t++)
            if (!fpa__finite(res->mean[o][t]))
                st = fpa__fail(FPA_EOVERFLOW, "the mean of %s over the paths is not finite",
                               m->line[mc->out[o].line].name);
done:
    run_mem_free(&r, wstride);
    if (st != FPA_OK) {
        fpa_model_mc_result_free(res);
        return st;
    }
    *out = res;
    return FPA_OK;
}

fpa_status fpa_model_mc_run(fpa_model_mc_result **out, const fpa_model_mc *mc,
                            const fpa_model_scenario *scn, size_t paths, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(check_run(mc, scn, paths));
    mdl__changes c = mdl__scenario_changes(scn);
    /* the scenario's own domains and checks, once, before any path */
    double *one = fpa__alloc(&mc->mem, mc->m->nlines * mc->m->n, sizeof *one, false);
    if (!one) return FPA_ENOMEM;
    fpa_status st = mdl__evaluate(mc->m, one, &c, 1);
    fpa__free(&mc->mem, one, mc->m->nlines * mc->m->n, sizeof *one);
    TRY(st);
    return mdl__mc_run(out, mc, &c, 1, paths, opts);
}

/* ---- reading a result -------------------------------------------------------------------- */

size_t fpa_model_mc_paths(const fpa_model_mc_result *res) { return res ? res->paths : 0; }

uint64_t fpa_model_mc_clamped(const fpa_model_mc_result *res) { return res ? res->clamped : 0; }

/* The sorted column of (line, period), and its slot in the mean array. */
static fpa_status column(const double **col, size_t *slot, size_t *out_o,
                         const fpa_model_mc_result *res, size_t line, size_t period)
{
    TRY(fpa__check_ptr(res, "res"));
    for (size_t o = 0; o < res->nout; o++) {
        if (res->spec[o].line != line) continue;
        if (period >= res->n || (!res->spec[o].every && period + 1 != res->n))
            return fpa__fail(FPA_EINVAL, "period %zu of line %zu was not kept (%s)", period,
                             line, res->spec[o].every ? "past the end" : "the last period only");
        *slot = res->spec[o].every ? period : 0;
        *col = res->col[o] + *slot * res->paths;
        if (out_o) *out_o = o;
        return FPA_OK;
    }
    return fpa__fail(FPA_EINVAL, "line %zu is not an output of the simulation", line);
}

fpa_status fpa_model_mc_sorted(double *out, size_t cap, const fpa_model_mc_result *res,
                               size_t line, size_t period)
{
    const double *x;
    size_t slot;
    TRY(fpa__check_ptr(out, "out"));
    TRY(column(&x, &slot, NULL, res, line, period));
    if (cap < res->paths)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, res->paths);
    memcpy(out, x, res->paths * sizeof *out);
    return FPA_OK;
}

/* The quantile of sorted values interpolated as GSL's
 * gsl_stats_quantile_from_sorted_data() (R's type 7), in a form that
 * increases with p: GSL's (1 - d) a + d b can round above b, the value
 * at the start of the next interval, so a lower p gave a higher
 * quantile by an ulp. a + d (b - a), at most b, cannot. */
static double sorted_quantile(const double *x, size_t n, double p)
{
    double h = p * (double)(n - 1);
    size_t i = (size_t)h;
    if (i + 1 >= n) return x[n - 1];
    double d = h - (double)i, a = x[i], b = x[i + 1], span = b - a;
    if (d == 0) return a;
    if (!fpa__finite(span)) return (1 - d) * a + d * b;  /* values near +-DBL_MAX */
    return fmin(a + d * span, b);
}

fpa_status fpa_model_mc_quantile(double *out, const fpa_model_mc_result *res, size_t line,
                                 size_t period, double p)
{
    const double *x;
    size_t slot, o;
    TRY(fpa__check_ptr(out, "out"));
    TRY(column(&x, &slot, &o, res, line, period));
    if (isnan(p)) {
        *out = res->mean[o][slot];
        return FPA_OK;
    }
    if (!(p >= 0 && p <= 1)) return fpa__fail(FPA_EDOM, "p is %.17g; must be in [0, 1]", p);
    *out = sorted_quantile(x, res->paths, p);
    return FPA_OK;
}

fpa_status fpa_model_mc_below(double *out, size_t cap, const fpa_model_mc_result *res,
                              size_t line)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(res, "res"));
    for (size_t o = 0; o < res->nout; o++) {
        if (res->spec[o].line != line) continue;
        if (!res->below[o])
            return fpa__fail(FPA_EINVAL, "line %zu was kept without a threshold", line);
        if (cap < res->n)
            return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, res->n);
        for (size_t t = 0; t < res->n; t++)
            out[t] = (double)res->below[o][t] / (double)res->paths;
        return FPA_OK;
    }
    return fpa__fail(FPA_EINVAL, "line %zu is not an output of the simulation", line);
}

double mdl__mc_below_share(const fpa_model_mc_result *res, size_t line, size_t t)
{
    for (size_t o = 0; o < res->nout; o++)
        if (res->spec[o].line == line && res->below[o])
            return (double)res->below[o][t] / (double)res->paths;
    return NAN;
}
