/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Estimation of one seasonal ARIMA(p,d,q)(P,D,Q)m with a mean or drift and
 * regressors, as R's stats::arima() with method "CSS-ML" (the default of
 * forecast::Arima and auto.arima): conditional sum of squares first, its
 * estimates (made stationary and invertible) start the exact maximum
 * likelihood, AR parts searched through R's transformation (partrans:
 * tanh of the partial autocorrelations), MA parts inverted into the
 * invertible region afterwards (maInvert). Standard errors come from the
 * numerical Hessian as R's optimHess() computes it, and the checks of
 * forecast's myarima() (roots within 1.01, undefined standard errors)
 * reject a candidate of the automatic search.
 *
 * Minimisation: NLopt's L-BFGS (NLOPT_LD_LBFGS) with central differences
 * of step 1e-3 in R's parameter scaling for the gradient, stopping at a
 * relative change of 1e-8, as R's optim(method = "BFGS") with its default
 * ndeps and reltol; docs/forecast.md says why and how it compares. NLopt
 * allocates its workspace with malloc() and reports failure as a status
 * (FPA_ENOMEM). */
#include "arima.h"

#include <gsl/gsl_linalg.h>
#include <nlopt.h>
#include <string.h>

#define NDEPS 1e-3   /* R's optim() default step */
#define RELTOL 1.490116119384765625e-8  /* sqrt(DBL_EPSILON), R's reltol */
#define HUGE_OBJ 1e300

/* ---- the regression part ---------------------------------------------------- */

size_t fc_arima_narma(const fc_arima_order *o)
{
    return (size_t)(o->p + o->q + o->P + o->Q);
}

size_t fc_arima_ndelta(const fc_arima_order *o)
{
    return (size_t)o->d + o->m * (size_t)o->D;
}

size_t fc_arima_delta(double *delta, const fc_arima_order *o)
{
    /* (1 - B)^d (1 - B^m)^D = 1 - sum delta_i B^i */
    size_t nd = fc_arima_ndelta(o), deg = 0;
    double c[FC_ARIMA_MAX_DIFF + 1] = {1};
    for (int k = 0; k < o->d + o->D; k++) {
        size_t lag = k < o->d ? 1 : o->m;
        for (size_t i = deg + lag; i >= lag; i--) c[i] -= c[i - lag];
        deg += lag;
    }
    for (size_t i = 0; i < nd; i++) delta[i] = -c[i + 1];
    return nd;
}

/* Difference x (n values, stride s) by the order's polynomial: out gets
 * the n - nd values from position nd on. */
static void difference(double *out, const double *x, size_t n, size_t s,
                       const double *delta, size_t nd)
{
    for (size_t t = nd; t < n; t++) {
        double v = x[t * s];
        for (size_t i = 0; i < nd; i++) v -= delta[i] * x[(t - i - 1) * s];
        out[(t - nd) * s] = v;
    }
}

/* Least squares of y on X (n x k, row-major; copied), R's lm(y ~ X - 1):
 * coefficients and their standard errors. false when X is rank deficient
 * or leaves no degree of freedom. */
static bool lm_fit(double *beta, double *se, const double *X, const double *y,
                   size_t n, size_t k, double *work)
{
    if (n <= k) return false;
    double *A = work, *tau = A + n * k, *res = tau + k, *sse = res + n;
    memcpy(A, X, n * k * sizeof *A);
    if (!fc_lsq(beta, A, y, n, k, tau, sse)) return false;
    gsl_matrix_view R = gsl_matrix_view_array(A, n, k);
    gsl_matrix_view Rk = gsl_matrix_submatrix(&R.matrix, 0, 0, k, k);
    /* (X'X)^-1 = R^-1 R^-T: the row norms of R^-1 */
    if (gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, &Rk.matrix) != GSL_SUCCESS)
        return false;
    double s2 = *sse / (double)(n - k);
    for (size_t i = 0; i < k; i++) {
        double v = 0;
        for (size_t j = i; j < k; j++) v += A[i * k + j] * A[i * k + j];
        se[i] = sqrt(v * s2);
    }
    return true;
}

/* ---- the objective ------------------------------------------------------------- */

typedef struct {
    fc_arima_order o;
    size_t nw, narma, ncx, nfree;
    double *dy, *dX;         /* differenced series and regressors */
    double *w, *resid, *phi, *theta, *work;
    double *par;             /* every parameter, fixed ones set */
    const size_t *idx;       /* the free ones */
    double *scale;           /* their parscale */
    bool trans, css;
    size_t ncond;            /* CSS: residuals from p + mP on */
    size_t nd;               /* R's diffuse prior: zeta of y and of X */
    double *zy, *zX, *zeta;
} objective;

/* The ARMA of par (transformed when asked), expanded into phi/theta. */
static fc_arma arma_of(const objective *c, const double *par, bool trans)
{
    const fc_arima_order *o = &c->o;
    size_t p = (size_t)o->p, q = (size_t)o->q, P = (size_t)o->P, Q = (size_t)o->Q;
    double ar[FC_ARIMA_MAX_ORDER], sar[FC_ARIMA_MAX_ORDER];
    if (trans) {
        fc_arima_partrans(ar, par, p);
        fc_arima_partrans(sar, par + p + q, P);
    } else {
        memcpy(ar, par, p * sizeof *ar);
        memcpy(sar, par + p + q, P * sizeof *sar);
    }
    fc_arima_expand(c->phi, c->theta, ar, p, par + p, q, sar, P, par + p + q + P,
                    Q, o->m);
    return (fc_arma){c->phi, c->theta, p + o->m * P, q + o->m * Q};
}

static double evaluate(objective *c, const double *u)
{
    for (size_t i = 0; i < c->nfree; i++) c->par[c->idx[i]] = u[i] * c->scale[i];
    fc_arma a = arma_of(c, c->par, c->trans);
    const double *beta = c->par + c->narma;
    for (size_t t = 0; t < c->nw; t++) {
        double v = c->dy[t];
        for (size_t j = 0; j < c->ncx; j++) v -= c->dX[t * c->ncx + j] * beta[j];
        c->w[t] = v;
    }
    if (c->css)
        return 0.5 * log(fc_arma_css(&a, c->w, c->nw, c->ncond, c->resid));
    for (size_t s = 0; s < c->nd; s++) {
        double v = c->zy[s];
        for (size_t j = 0; j < c->ncx; j++) v -= beta[j] * c->zX[j * c->nd + s];
        c->zeta[s] = v;
    }
    return fc_arma_objective(&a, c->w, c->nw, c->zeta, c->nd, c->work);
}

/* ---- minimisation (NLopt) -------------------------------------------------------- */

typedef struct {
    objective *c;
    nlopt_opt opt;
    double *u;       /* scratch point */
    long evals;
} nl_ctx;

/* Central differences of step NDEPS in scaled units, as R's fmingr(). */
static bool gradient(objective *c, const double *u, double *g, double *scratch)
{
    size_t k = c->nfree;
    memcpy(scratch, u, k * sizeof *u);
    for (size_t i = 0; i < k; i++) {
        scratch[i] = u[i] + NDEPS;
        double f1 = evaluate(c, scratch);
        scratch[i] = u[i] - NDEPS;
        double f2 = evaluate(c, scratch);
        scratch[i] = u[i];
        g[i] = (f1 - f2) / (2 * NDEPS);
        if (!fpa__finite(g[i])) return false;
    }
    return true;
}

/* NLopt asks for the gradient at every trial point of its line search,
 * R's BFGS only at accepted points: a point where the objective or its
 * difference gradient is not finite is given a huge value, so that the
 * search steps back from it (R's optim() would stop with an error had it
 * accepted the point). */
static double nl_objective(unsigned k, const double *u, double *grad, void *data)
{
    nl_ctx *x = data;
    x->evals++;
    double f = evaluate(x->c, u);
    if (!fpa__finite(f) || (grad && !gradient(x->c, u, grad, x->u))) {
        for (unsigned i = 0; grad && i < k; i++) grad[i] = 0;
        return HUGE_OBJ;
    }
    return f;
}

/* Minimise from u (scaled, in/out). *fmin gets the value; the status is
 * FPA_OK, FPA_ENOCONV (R's optim() would have stopped with an error) or
 * FPA_ENOMEM. *converged is R's convergence == 0. */
static fpa_status minimise(objective *c, double *u, double *fmin,
                           bool *converged, double *scratch)
{
    size_t k = c->nfree;
    *converged = true;
    double f0 = evaluate(c, u);
    if (!fpa__finite(f0))  /* R: "initial value in 'vmmin' is not finite" */
        return fpa__fail(FPA_ENOCONV, "the %s is not finite at the start",
                         c->css ? "sum of squares" : "likelihood");
    *fmin = f0;
    if (k == 0) return FPA_OK;
    nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, (unsigned)k);
    if (!opt) return fpa__fail(FPA_ENOMEM, "NLopt could not allocate a minimiser");
    nl_ctx x = {c, opt, scratch, 0};
    nlopt_set_min_objective(opt, nl_objective, &x);
    nlopt_set_ftol_rel(opt, RELTOL);
    nlopt_set_maxeval(opt, 100 + 20 * (int)k);
    nlopt_set_vector_storage(opt, 10);
    double f = f0;
    nlopt_result r = nlopt_optimize(opt, u, &f);
    nlopt_destroy(opt);
    if (r == NLOPT_OUT_OF_MEMORY)
        return fpa__fail(FPA_ENOMEM, "NLopt ran out of memory");
    if (r == NLOPT_MAXEVAL_REACHED) *converged = false;
    /* L-BFGS ends on a rounding-limited or failed line search when the
     * difference gradient is exhausted: the point is the optimum found */
    *fmin = evaluate(c, u);
    return fpa__finite(*fmin) ? FPA_OK
                              : fpa__fail(FPA_ENOCONV, "the minimisation left the %s",
                                          c->css ? "sum of squares" : "likelihood");
}

/* ---- standard errors -------------------------------------------------------------- */

/* R's optimHess at u (scaled): H (k x k) in natural units, from the
 * difference gradient at u +- NDEPS; symmetrised. R steps by NDEPS in the
 * natural units of each parameter (NDEPS / parscale in scaled ones): the
 * same for the ARMA parameters (parscale 1), but for regression
 * coefficients a step in the data's units, which is far from their scale
 * when the data are large or small; here the step is NDEPS of their
 * parscale (10 standard errors of the least-squares start), as R's
 * gradient steps are, so that the Hessian does not depend on the units. */
static bool hessian(objective *c, const double *u, double *H, double *scratch)
{
    size_t k = c->nfree;
    double *g1 = scratch, *g2 = g1 + k, *v = g2 + k, *tmp = v + k;
    memcpy(v, u, k * sizeof *v);
    for (size_t i = 0; i < k; i++) {
        double eps = NDEPS;
        v[i] = u[i] + eps;
        if (!gradient(c, v, g1, tmp)) return false;
        v[i] = u[i] - eps;
        if (!gradient(c, v, g2, tmp)) return false;
        v[i] = u[i];
        for (size_t j = 0; j < k; j++)
            H[i * k + j] = (g1[j] - g2[j]) / (2 * eps * c->scale[i] * c->scale[j]);
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++)
            H[i * k + j] = H[j * k + i] = 0.5 * (H[i * k + j] + H[j * k + i]);
    return true;
}

/* var = A' (H n)^-1 A (k x k) by GSL's LU on views; false when H is
 * (numerically) singular, where R's solve() stops. */
static bool covariance(double *var, double *H, const double *A, size_t k,
                       double nused, double *scratch)
{
    size_t perm[3 * FC_ARIMA_MAX_ORDER + 64];
    if (k > sizeof perm / sizeof *perm) return false;
    for (size_t i = 0; i < k * k; i++) H[i] *= nused;
    if (!fc_arima_lu(H, k, perm, 1e-15)) return false;
    double *col = scratch, *sol = col + k, *X = sol + k;  /* X = H^-1 A */
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < k; i++) col[i] = A[i * k + j];
        fc_arima_lu_solve(H, k, perm, col, sol);
        for (size_t i = 0; i < k; i++) X[i * k + j] = sol[i];
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0;
            for (size_t l = 0; l < k; l++) s += A[l * k + i] * X[l * k + j];
            var[i * k + j] = s;
        }
    return true;
}

/* R's ARIMA_Gradtrans on the free parameters: d partrans / d raw by
 * forward differences of 1e-3 for the AR blocks, identity elsewhere. */
static void gradtrans(double *A, const objective *c, const double *par)
{
    size_t k = c->nfree, np = c->narma + c->ncx;
    const fc_arima_order *o = &c->o;
    size_t blocks[2][2] = {{0, (size_t)o->p}, {(size_t)(o->p + o->q), (size_t)o->P}};
    double full[FC_ARIMA_MAX_ORDER];
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) A[i * k + j] = i == j;
    (void)np;
    if (!c->trans) return;
    for (int b = 0; b < 2; b++) {
        size_t v = blocks[b][0], len = blocks[b][1];
        double w1[FC_ARIMA_MAX_ORDER], w2[FC_ARIMA_MAX_ORDER], w3[FC_ARIMA_MAX_ORDER];
        memcpy(w1, par + v, len * sizeof *w1);
        fc_arima_partrans(w2, w1, len);
        for (size_t i = 0; i < len; i++) {
            w1[i] += 1e-3;
            fc_arima_partrans(w3, w1, len);
            w1[i] -= 1e-3;
            for (size_t j = 0; j < len; j++) full[j] = (w3[j] - w2[j]) / 1e-3;
            /* row of parameter v + i, columns v + j, among the free ones */
            for (size_t a = 0; a < k; a++) {
                if (c->idx[a] != v + i) continue;
                for (size_t bb = 0; bb < k; bb++)
                    if (c->idx[bb] >= v && c->idx[bb] < v + len)
                        A[a * k + bb] = full[c->idx[bb] - v];
            }
        }
    }
}

/* ---- one estimation --------------------------------------------------------------- */

size_t fc_arima_ncoef(const fc_arima_args *a)
{
    return fc_arima_narma(&a->order) + (a->constant != FC_CONST_NONE) + a->nxreg;
}

/* The regressors: the mean (ones) or drift (1..n), then the drivers. */
static void regressors(double *X, const fc_arima_args *a, size_t n, size_t ncx)
{
    size_t at = a->constant != FC_CONST_NONE;
    for (size_t t = 0; t < n; t++) {
        if (at) X[t * ncx] = a->constant == FC_CONST_MEAN ? 1 : (double)(t + 1);
        for (size_t j = 0; j < a->nxreg; j++)
            X[t * ncx + at + j] = a->xreg[t * a->nxreg + j];
    }
}

/* Scratch of one estimation, in one block. */
typedef struct {
    objective c;
    size_t n, ncoef, ncx, k, nd;
    double *X, *V, *init, *pscale, *u, *H, *A, *var, *scratch, *delta, *dwork;
    size_t *idx;
    double *block;
    size_t nblock;
} fit_ws;

static void ws_free(fit_ws *ws, const fpa_mem *mem)
{
    fpa__free(mem, ws->block, ws->nblock, sizeof *ws->block);
    fpa__free(mem, ws->idx, ws->ncoef + 1, sizeof *ws->idx);
}

static fpa_status ws_alloc(fit_ws *ws, const fc_arima_args *a, size_t n,
                           const fpa_mem *mem)
{
    const fc_arima_order *o = &a->order;
    size_t nd = fc_arima_ndelta(o), nw = n - nd, narma = fc_arima_narma(o);
    size_t ncx = (a->constant != FC_CONST_NONE) + a->nxreg;
    size_t ncoef = narma + ncx, np = (size_t)o->p + o->m * (size_t)o->P,
           nq = (size_t)o->q + o->m * (size_t)o->Q, r = np > nq + 1 ? np : nq + 1;
    size_t k = ncoef, sc = 8 * k + k * k + 8;
    if (sc < n * ncx + ncx + n + 2) sc = n * ncx + ncx + n + 2;
    size_t sizes[] = {n * ncx, ncx * ncx, nw, nw * ncx, n, n, np + 1, nq + 1,
                      fc_arma_work(r), ncoef, ncoef, ncoef, k, k, k * k, k * k,
                      k * k, sc, nd + 1, nd, nd * ncx, nd, fc_arima_diffuse_work(nd)};
    size_t total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) total += sizes[i];
    memset(ws, 0, sizeof *ws);
    ws->block = fpa__alloc(mem, total, sizeof *ws->block, true);
    ws->idx = fpa__alloc(mem, ncoef + 1, sizeof *ws->idx, false);
    ws->nblock = total;
    ws->ncoef = ncoef;
    if (!ws->block || !ws->idx) {
        ws_free(ws, mem);
        return FPA_ENOMEM;
    }
    double *p = ws->block, **dst[] = {&ws->X, &ws->V, &ws->c.dy,
                                      &ws->c.dX, &ws->c.w, &ws->c.resid,
                                      &ws->c.phi, &ws->c.theta, &ws->c.work,
                                      &ws->c.par, &ws->init, &ws->pscale, &ws->u,
                                      &ws->c.scale, &ws->H, &ws->A,
                                      &ws->var, &ws->scratch, &ws->delta,
                                      &ws->c.zy, &ws->c.zX, &ws->c.zeta, &ws->dwork};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        *dst[i] = p;
        p += sizes[i];
    }
    ws->n = n;
    ws->ncx = ncx;
    ws->nd = nd;
    ws->c.o = *o;
    ws->c.nw = nw;
    ws->c.narma = narma;
    ws->c.ncx = ncx;
    ws->c.idx = ws->idx;
    ws->c.ncond = (size_t)o->p + o->m * (size_t)o->P;
    ws->c.nd = nd;
    return FPA_OK;
}

/* R's orthogonal rotation of several free regressors (svd(xreg)$v), which
 * the estimates are turned back from at the end. */
static void rotate(fit_ws *ws)
{
    size_t n = ws->n, k = ws->ncx;
    double *U = ws->scratch, *S = U + n * k, *w = S + k;
    memcpy(U, ws->X, n * k * sizeof *U);
    gsl_matrix_view Uv = gsl_matrix_view_array(U, n, k);
    gsl_matrix_view Vv = gsl_matrix_view_array(ws->V, k, k);
    gsl_vector_view Sv = gsl_vector_view_array(S, k), Wv = gsl_vector_view_array(w, k);
    gsl_linalg_SV_decomp(&Uv.matrix, &Vv.matrix, &Sv.vector, &Wv.vector);
    for (size_t t = 0; t < n; t++) {  /* X <- X V */
        double row[64];
        for (size_t j = 0; j < k; j++) {
            double v = 0;
            for (size_t l = 0; l < k; l++) v += ws->X[t * k + l] * ws->V[l * k + j];
            row[j] = v;
        }
        memcpy(ws->X + t * k, row, k * sizeof *row);
    }
}

/* Regressors, differenced data, free parameters, starting values and
 * parscale, as R's arima() before its optimisations. */
static fpa_status setup(fit_ws *ws, const double *y, const fc_arima_args *a)
{
    size_t n = ws->n, ncx = ws->ncx, narma = ws->c.narma, nd = ws->nd;
    fc_arima_delta(ws->delta, &a->order);
    regressors(ws->X, a, n, ncx);
    size_t k = 0;
    bool xfree = true;
    for (size_t i = 0; i < ws->ncoef; i++) {
        bool fixed = a->fixed && !isnan(a->fixed[i]);
        if (!fixed) ws->idx[k++] = i;
        if (fixed && i >= narma) xfree = false;
        ws->init[i] = 0;
        ws->pscale[i] = 1;
    }
    ws->k = ws->c.nfree = k;
    bool rot = ncx > 1 && xfree && ncx <= 64;
    if (rot) rotate(ws);
    else ws->V = NULL;
    if (nd && (!fc_arima_diffuse_weights(ws->c.zy, y, 1, 1, ws->delta, nd, ws->dwork) ||
               (ncx && !fc_arima_diffuse_weights(ws->c.zX, ws->X, ncx, ncx, ws->delta,
                                                 nd, ws->dwork))))
        return fpa__fail(FPA_ENOCONV, "degenerate differencing");
    difference(ws->c.dy, y, n, 1, ws->delta, nd);
    for (size_t j = 0; j < ncx; j++)
        difference(ws->c.dX + j, ws->X + j, n, ncx, ws->delta, nd);
    if (ncx) {
        double *b = ws->init + narma, *se = ws->pscale + narma;
        bool ok = lm_fit(b, se, ws->c.dX, ws->c.dy, ws->c.nw, ncx, ws->scratch);
        if (!ok) return fpa__fail(FPA_EDATA, "the regressors are collinear or "
                                  "outnumber the differenced values (%zu)", ws->c.nw);
        for (size_t j = 0; j < ncx; j++) se[j] *= 10;
    }
    for (size_t i = 0; i < k; i++) ws->c.scale[i] = ws->pscale[ws->idx[i]];
    for (size_t i = 0; i < ws->ncoef; i++)
        if (a->fixed && !isnan(a->fixed[i])) ws->init[i] = a->fixed[i];
    memcpy(ws->c.par, ws->init, ws->ncoef * sizeof *ws->init);
    return FPA_OK;
}

static void to_scaled(fit_ws *ws, const double *par)
{
    for (size_t i = 0; i < ws->k; i++) ws->u[i] = par[ws->idx[i]] / ws->c.scale[i];
}

static void from_scaled(fit_ws *ws, double *par)
{
    for (size_t i = 0; i < ws->k; i++) par[ws->idx[i]] = ws->u[i] * ws->c.scale[i];
}

static bool ar_stationary(const double *par, const fc_arima_order *o)
{
    return fc_arima_roots_outside(par, (size_t)o->p, 1, 1) &&
           fc_arima_roots_outside(par + o->p + o->q, (size_t)o->P, 1, 1);
}

/* maInvert() of both MA blocks of par; true if anything changed. */
static bool invert_ma(double *par, const fc_arima_order *o, const size_t *idx,
                      size_t k, bool only_free, bool *ok)
{
    size_t at[2] = {(size_t)o->p, (size_t)(o->p + o->q + o->P)}, len[2] = {(size_t)o->q,
                                                                      (size_t)o->Q};
    bool changed = false;
    *ok = true;
    for (int b = 0; b < 2; b++) {
        if (!len[b]) continue;
        if (only_free) {  /* R inverts a block only when all of it is free */
            size_t nfree = 0;
            for (size_t i = 0; i < k; i++) nfree += idx[i] >= at[b] && idx[i] < at[b] + len[b];
            if (nfree != len[b]) continue;
        }
        double before[FC_ARIMA_MAX_ORDER];
        memcpy(before, par + at[b], len[b] * sizeof *before);
        if (!fc_arima_ma_invert(par + at[b], len[b])) *ok = false;
        changed = changed || memcmp(before, par + at[b], len[b] * sizeof *before);
    }
    return changed;
}

/* Minimise the current objective from the free entries of par; par gets
 * the result when `keep` says (R keeps CSS estimates only on convergence). */
static fpa_status optimise(fit_ws *ws, double *par, double *f, bool always_keep)
{
    bool conv;
    to_scaled(ws, par);
    fpa_status s = minimise(&ws->c, ws->u, f, &conv, ws->scratch);
    if (s != FPA_OK) return s;
    if (conv || always_keep) from_scaled(ws, par);
    return FPA_OK;
}

/* Standard errors at par (whose free entries are in ws->u, scaled): the
 * Hessian, R's gradtrans when transformed, var = A' (H n)^-1 A. se gets
 * sqrt(diag), NaN for fixed entries or a negative variance; false when
 * the Hessian is singular (R's solve() stops). */
static bool std_errors(fit_ws *ws, const double *par, double nused, double *se)
{
    size_t k = ws->k;
    for (size_t i = 0; i < ws->ncoef; i++) se[i] = NAN;
    if (k == 0) return true;
    double *var = ws->var, *tmp = ws->scratch + 6 * k;
    if (!hessian(&ws->c, ws->u, ws->H, ws->scratch)) return false;
    gradtrans(ws->A, &ws->c, par);
    if (!covariance(var, ws->H, ws->A, k, nused, tmp)) return false;
    if (ws->V) {  /* back from the rotated regressors: var <- B var B' */
        size_t narma = ws->c.narma, m = ws->ncx;
        double *B = ws->H;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++) {
                size_t a = ws->idx[i], b = ws->idx[j];
                B[i * k + j] = a >= narma && b >= narma ? ws->V[(a - narma) * m + b - narma]
                                                       : i == j;
            }
        for (size_t i = 0; i < k; i++) {
            double v = 0;
            for (size_t l = 0; l < k; l++)
                for (size_t j = 0; j < k; j++) v += B[i * k + l] * var[l * k + j] * B[i * k + j];
            se[ws->idx[i]] = v >= 0 ? sqrt(v) : NAN;
        }
        return true;
    }
    for (size_t i = 0; i < k; i++) {
        double v = var[i * k + i];
        se[ws->idx[i]] = v >= 0 ? sqrt(v) : NAN;
    }
    return true;
}

/* The criterion of R's ML value (for deciding whether standard errors are
 * needed). */
static double ml_criterion(double value, const fc_arima_args *a, size_t nused,
                           size_t nfree)
{
    fc_arima_est e = {0};
    double nu = (double)nused;
    e.nfree = nfree;
    e.loglik = -0.5 * (2 * nu * value + nu + nu * log(2 * M_PI));
    e.aic = -2 * e.loglik + 2 * ((double)nfree + 1);
    double npar = (double)nfree + 1;
    e.bic = e.aic + npar * (log(nu) - 2);
    e.aicc = nu - npar - 1 > 0 ? e.aic + 2 * npar * (npar + 1) / (nu - npar - 1) : INFINITY;
    return a->ic == FPA_FORECAST_IC_AIC ? e.aic : a->ic == FPA_FORECAST_IC_BIC ? e.bic : e.aicc;
}

/* R's CSS-ML: returns the objective value at the estimates (par). */
static fpa_status css_ml(fit_ws *ws, const fc_arima_args *args, double *par, double *value,
                         double *se, bool *se_ok)
{
    const fc_arima_order *o = &ws->c.o;
    objective *c = &ws->c;
    bool trans = ws->k > 0;
    /* R turns the transformation off when an AR parameter is fixed */
    for (size_t i = 0, j = 0; i < ws->ncoef && trans; i++) {
        bool is_ar = i < (size_t)o->p ||
                     (i >= (size_t)(o->p + o->q) && i < (size_t)(o->p + o->q + o->P));
        while (j < ws->k && ws->idx[j] < i) j++;
        if (is_ar && !(j < ws->k && ws->idx[j] == i)) trans = false;
    }
    double f;
    c->css = true;
    c->trans = false;
    fpa_status s = ws->k ? optimise(ws, par, &f, false) : FPA_OK;
    if (s != FPA_OK) return s;
    if (!ar_stationary(par, o))
        return fpa__fail(FPA_ENOCONV, "non-stationary AR part from CSS");
    bool ok;
    if (trans) {
        double raw[FC_ARIMA_MAX_ORDER];
        fc_arima_invpartrans(raw, par, (size_t)o->p);
        memcpy(par, raw, (size_t)o->p * sizeof *raw);
        fc_arima_invpartrans(raw, par + o->p + o->q, (size_t)o->P);
        memcpy(par + o->p + o->q, raw, (size_t)o->P * sizeof *raw);
        invert_ma(par, o, ws->idx, ws->k, false, &ok);
        if (!ok) return fpa__fail(FPA_ENOCONV, "MA roots not found");
    }
    c->css = false;
    c->trans = trans;
    s = ws->k ? optimise(ws, par, &f, true) : FPA_OK;
    if (s != FPA_OK) return s;
    if (trans) invert_ma(par, o, ws->idx, ws->k, true, &ok);
    to_scaled(ws, par);
    f = evaluate(c, ws->u);
    if (!fpa__finite(f)) return fpa__fail(FPA_ENOCONV, "likelihood not finite");
    if (ml_criterion(f, args, ws->c.nw, ws->k) < args->beat)
        *se_ok = std_errors(ws, par, (double)ws->c.nw, se);
    else
        for (size_t i = 0; i < ws->ncoef; i++) se[i] = NAN;
    if (trans) {  /* R's undoPars */
        double ar[FC_ARIMA_MAX_ORDER];
        fc_arima_partrans(ar, par, (size_t)o->p);
        memcpy(par, ar, (size_t)o->p * sizeof *ar);
        fc_arima_partrans(ar, par + o->p + o->q, (size_t)o->P);
        memcpy(par + o->p + o->q, ar, (size_t)o->P * sizeof *ar);
    }
    *value = f;
    return FPA_OK;
}

/* R's method "CSS" (auto.arima's approximation): the conditional
 * variance in *value. */
static fpa_status css_only(fit_ws *ws, double *par, double *value, double *se,
                           bool *se_ok)
{
    double f;
    ws->c.css = true;
    ws->c.trans = false;
    fpa_status s = ws->k ? optimise(ws, par, &f, true) : FPA_OK;
    if (s != FPA_OK) return s;
    to_scaled(ws, par);
    f = evaluate(&ws->c, ws->u);
    if (!fpa__finite(f)) return fpa__fail(FPA_ENOCONV, "CSS not finite");
    *se_ok = std_errors(ws, par, (double)ws->c.nw, se);
    *value = exp(2 * f);
    return FPA_OK;
}

/* The rotation undone on the regression coefficients. */
static void unrotate(const fit_ws *ws, double *par)
{
    if (!ws->V) return;
    size_t m = ws->ncx;
    double b[64], *x = par + ws->c.narma;
    for (size_t i = 0; i < m; i++) {
        double v = 0;
        for (size_t j = 0; j < m; j++) v += ws->V[i * m + j] * x[j];
        b[i] = v;
    }
    memcpy(x, b, m * sizeof *b);
}

/* forecast's myarima() criteria and checks. */
static void criteria(fc_arima_est *e, const fc_arima_args *a, size_t n, bool se_ok)
{
    const fc_arima_order *o = &a->order;
    double nstar = (double)(n - fc_arima_ndelta(o)), npar = (double)e->nfree + 1;
    e->bic = e->aic + npar * (log(nstar) - 2);
    e->aicc = nstar - npar - 1 > 0 ? e->aic + 2 * npar * (npar + 1) / (nstar - npar - 1)
                                   : INFINITY;
    e->ic = a->ic == FPA_FORECAST_IC_AIC ? e->aic : a->ic == FPA_FORECAST_IC_BIC ? e->bic
                                                                                 : e->aicc;
    if (!a->search) return;
    bool bad = !se_ok;
    for (size_t i = 0; i < e->ncoef && e->ic < a->beat; i++) {
        bool fixed = a->fixed && !isnan(a->fixed[i]);
        bad = bad || (!fixed && isnan(e->se[i]));
    }
    double phi[FC_ARIMA_MAX_R + 1], theta[FC_ARIMA_MAX_R + 1];
    size_t np = (size_t)o->p + o->m * (size_t)o->P, nq = (size_t)o->q + o->m * (size_t)o->Q;
    if (np <= FC_ARIMA_MAX_R && nq <= FC_ARIMA_MAX_R) {
        const double *c = e->coef;
        fc_arima_expand(phi, theta, c, (size_t)o->p, c + o->p, (size_t)o->q,
                        c + o->p + o->q, (size_t)o->P, c + o->p + o->q + o->P,
                        (size_t)o->Q, o->m);
        bad = bad || !fc_arima_roots_outside(phi, np, 1, 1.01) ||
              !fc_arima_roots_outside(theta, nq, -1, 1.01);
    }
    if (bad || !fpa__finite(e->ic)) e->ic = INFINITY;
}

void fc_arima_est_free(fc_arima_est *e, const fpa_mem *mem)
{
    fpa__free(mem, e->coef, 2 * e->ncoef + 1, sizeof *e->coef);
    e->coef = e->se = NULL;
}

fpa_status fc_arima_estimate(fc_arima_est *e, const double *y, size_t n,
                             const fc_arima_args *a, const fpa_mem *mem)
{
    const fc_arima_order *o = &a->order;
    memset(e, 0, sizeof *e);
    e->ic = INFINITY;
    size_t nd = fc_arima_ndelta(o);
    if (n <= nd)
        return fpa__fail(FPA_EDATA, "%zu values cannot be differenced %zu times", n, nd);
    if ((size_t)o->p + o->m * (size_t)o->P >= FC_ARIMA_MAX_R ||
        (size_t)o->q + o->m * (size_t)o->Q >= FC_ARIMA_MAX_R)
        return fpa__fail(FPA_EINVAL, "the ARMA lags exceed %d", FC_ARIMA_MAX_R);
    fit_ws ws;
    fpa_status s = ws_alloc(&ws, a, n, mem);
    if (s != FPA_OK) return s;
    e->ncoef = ws.ncoef;
    e->coef = fpa__alloc(mem, 2 * ws.ncoef + 1, sizeof *e->coef, false);
    if (!e->coef) {
        ws_free(&ws, mem);
        return FPA_ENOMEM;
    }
    e->se = e->coef + ws.ncoef;
    s = setup(&ws, y, a);
    double value = NAN, *par = ws.init;
    bool se_ok = true;
    if (s == FPA_OK)
        s = a->method == FC_FIT_CSS ? css_only(&ws, par, &value, e->se, &se_ok)
                                   : css_ml(&ws, a, par, &value, e->se, &se_ok);
    if (s == FPA_OK) {
        unrotate(&ws, par);
        memcpy(e->coef, par, ws.ncoef * sizeof *par);
        e->nfree = ws.k;
        double nu = (double)(n - nd), nstar = nu;
        if (a->method == FC_FIT_CSS) {
            e->sigma2 = value;
            e->aic = a->offset + nstar * log(value) + 2 * ((double)ws.k + 1);
            e->loglik = NAN;
        } else {
            e->loglik = -0.5 * (2 * nu * value + nu + nu * log(2 * M_PI));
            e->aic = -2 * e->loglik + 2 * ((double)ws.k + 1);
        }
        criteria(e, a, n, se_ok);
    }
    ws_free(&ws, mem);
    if (s != FPA_OK) fc_arima_est_free(e, mem);
    return s;
}

/* ---- the fitted model --------------------------------------------------------------- */

void fc_arima_free(fc_arima *a, const fpa_mem *mem)
{
    if (!a) return;
    fpa__free(mem, a->coef, a->block, sizeof *a->coef);
    fpa__free(mem, a->names, a->ncoef * FC_COEF_NAME + 1, 1);
    fpa__free(mem, a, 1, sizeof *a);
}

/* Point the arrays into the block (coef first). */
static void layout(fc_arima *a)
{
    double *p = a->coef;
    a->se = p + a->ncoef;
    a->phi = a->se + a->ncoef;
    a->theta = a->phi + a->np;
    a->delta = a->theta + a->nq;
    a->a = a->delta + a->nd;
    a->P = a->a + a->rd;
}

static fpa_status arima_new(fc_arima **out, const fc_arima *shape, const fpa_mem *mem)
{
    fc_arima *a = fpa__alloc(mem, 1, sizeof *a, false);
    if (!a) return FPA_ENOMEM;
    *a = *shape;
    a->block = 2 * a->ncoef + a->np + a->nq + a->nd + a->rd + a->rd * a->rd + 1;
    a->coef = fpa__alloc(mem, a->block, sizeof *a->coef, true);
    a->names = fpa__alloc(mem, a->ncoef * FC_COEF_NAME + 1, 1, true);
    if (!a->coef || !a->names) {
        fpa__free(mem, a->coef, a->block, sizeof *a->coef);
        fpa__free(mem, a->names, a->ncoef * FC_COEF_NAME + 1, 1);
        fpa__free(mem, a, 1, sizeof *a);
        return FPA_ENOMEM;
    }
    layout(a);
    *out = a;
    return FPA_OK;
}

fpa_status fc_arima_clone(fc_arima **out, const fc_arima *a, const fpa_mem *mem)
{
    fpa_status s = arima_new(out, a, mem);
    if (s != FPA_OK) return s;
    memcpy((*out)->coef, a->coef, a->block * sizeof *a->coef);
    memcpy((*out)->names, a->names, a->ncoef * FC_COEF_NAME + 1);
    return FPA_OK;
}

void fc_arima_name(char *buf, size_t cap, const fc_arima *a)
{
    const fc_arima_order *o = &a->order;
    char core[40], seas[40] = "";
    snprintf(core, sizeof core, "ARIMA(%d,%d,%d)", o->p, o->d, o->q);
    if (o->m > 1 && o->P + o->D + o->Q > 0)
        snprintf(seas, sizeof seas, "(%d,%d,%d)[%zu]", o->P, o->D, o->Q, o->m);
    if (a->nxreg)
        snprintf(buf, cap, "Regression with %s%s errors", core, seas);
    else
        snprintf(buf, cap, "%s%s%s", core, seas,
                 a->constant == FC_CONST_DRIFT ? " with drift"
                 : a->constant == FC_CONST_MEAN ? " with non-zero mean"
                 : o->d + o->D == 0 ? " with zero mean" : "");
}

static void coef_names(fc_arima *a)
{
    const fc_arima_order *o = &a->order;
    const struct { const char *stem; int n; } part[] = {
        {"ar", o->p}, {"ma", o->q}, {"sar", o->P}, {"sma", o->Q}};
    size_t at = 0;
    for (int b = 0; b < 4; b++)
        for (int i = 0; i < part[b].n; i++, at++)
            snprintf(a->names + at * FC_COEF_NAME, FC_COEF_NAME, "%s%d", part[b].stem, i + 1);
    if (a->constant)
        snprintf(a->names + at++ * FC_COEF_NAME, FC_COEF_NAME, "%s",
                 a->constant == FC_CONST_MEAN ? "intercept" : "drift");
    for (size_t j = 0; j < a->nxreg; j++, at++)
        snprintf(a->names + at * FC_COEF_NAME, FC_COEF_NAME, "xreg%zu", j + 1);
}

/* x = y - X beta over n values. */
static void remove_regression(double *x, const double *y, size_t n,
                              const fc_arima_args *args, const double *beta)
{
    bool c = args->constant != FC_CONST_NONE;
    for (size_t t = 0; t < n; t++) {
        double v = y[t];
        if (c) v -= beta[0] * (args->constant == FC_CONST_MEAN ? 1 : (double)(t + 1));
        for (size_t j = 0; j < args->nxreg; j++)
            v -= beta[c + j] * args->xreg[t * args->nxreg + j];
        x[t] = v;
    }
}

fpa_status fc_arima_finish(fc_arima **out, double *fitted, const fc_arima_est *e,
                           const double *y, size_t n, const fc_arima_args *args,
                           const fpa_mem *mem)
{
    const fc_arima_order *o = &args->order;
    fc_arima shape = {0};
    shape.order = *o;
    if (o->P + o->D + o->Q == 0) shape.order.m = 1;  /* no seasonal part */
    shape.constant = args->constant;
    shape.nxreg = args->nxreg;
    shape.ncoef = e->ncoef;
    shape.np = (size_t)o->p + o->m * (size_t)o->P;
    shape.nq = (size_t)o->q + o->m * (size_t)o->Q;
    shape.nd = fc_arima_ndelta(o);
    size_t r = shape.np > shape.nq + 1 ? shape.np : shape.nq + 1;
    shape.rd = r + shape.nd;
    fc_arima *a;
    fpa_status s = arima_new(&a, &shape, mem);
    if (s != FPA_OK) return s;
    memcpy(a->coef, e->coef, e->ncoef * sizeof *a->coef);
    memcpy(a->se, e->se, e->ncoef * sizeof *a->se);
    const double *c = a->coef;
    fc_arima_expand(a->phi, a->theta, c, (size_t)o->p, c + o->p, (size_t)o->q,
                    c + o->p + o->q, (size_t)o->P, c + o->p + o->q + o->P, (size_t)o->Q,
                    o->m);
    fc_arima_delta(a->delta, o);
    coef_names(a);
    fc_ssm ssm = {{a->phi, a->theta, a->np, a->nq}, a->delta, a->nd};
    size_t nw = fc_ssm_work(&ssm);
    double *w = fpa__alloc(mem, nw + 2 * n, sizeof *w, false);
    if (!w) {
        fc_arima_free(a, mem);
        return FPA_ENOMEM;
    }
    double *x = w + nw, *resid = x + n, ssq, sumlog;
    size_t nu;
    remove_regression(x, y, n, args, c + fc_arima_narma(o));
    bool ok = fc_ssm_filter(&ssm, x, n, true, &ssq, &sumlog, &nu, resid, a->a, a->P, w);
    double nused = (double)(n - a->nd), npar = (double)e->nfree + 1, rss = 0;
    if (ok && nu > 0) {
        double value = 0.5 * (log(ssq / (double)nu) + sumlog / (double)nu);
        for (size_t t = 0; t < n; t++) rss += resid[t] * resid[t];
        a->loglik = -0.5 * (2 * nused * value + nused + nused * log(2 * M_PI));
        a->aic = -2 * a->loglik + 2 * npar;
        a->bic = a->aic + npar * (log(nused) - 2);
        a->aicc = nused - npar - 1 > 0 ? a->aic + 2 * npar * (npar + 1) / (nused - npar - 1)
                                       : INFINITY;
        /* forecast's Arima(): the residual variance over nstar - npar + 1 */
        a->sigma2 = nused - npar + 1 > 0 ? rss / (nused - npar + 1) : rss / nused;
        a->sigma = sqrt(a->sigma2);
        a->nobs = (size_t)nused;
        a->sigma2_arima = ssq / nused;
        for (size_t t = 0; fitted && t < n; t++) fitted[t] = y[t] - resid[t];
    }
    fpa__free(mem, w, nw + 2 * n, sizeof *w);
    if (!ok || nu == 0 || !fpa__finite(a->loglik) || !fpa__finite(a->sigma2)) {
        fc_arima_free(a, mem);
        return fpa__fail(FPA_ENOCONV, "the Kalman filter of the fitted model failed");
    }
    *out = a;
    return FPA_OK;
}
