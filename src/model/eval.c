/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The evaluation engine: one kernel per relation, each looping over a
 * range of periods and every lane (case) in one tight loop, values laid
 * out line by line, period by period, lane by lane. A lane computes the
 * same operations in the same order as a single evaluation, so lanes and
 * fpa_model_evaluate() agree to the bit. */
/* The kernels and the draws loop over periods and lanes: let GCC vectorise
 * them at the build's -O2 too (its -O2 cost model leaves loops of unknown
 * length scalar; clang vectorises them at -O2). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include "model_internal.h"

#include <float.h>
#include <string.h>

/* Column i holds periods [lo, lo + span) of line i, lane by lane. */
#define COL(e, i) ((e)->v + (i) * (e)->span * (e)->W)

static inline double apply_op(double x, int op, double v)
{
    return op == MDL_SET ? v : op == MDL_ADD ? x + v : x * v;
}

/* ---- kernels: line l (index i) over periods [t0, t1) -------------------------- */

typedef struct {
    const mdl__ev *e;
    const mdl_line *l;
    double *o;           /* the line's column */
    size_t W, t0, t1, lo;
} kern;

/* The offset of period t in a column. */
#define AT(k, t) (((t) - (k)->lo) * (k)->W)

static const double *in_col(const kern *k, size_t q) { return COL(k->e, k->l->in[q]); }

static void k_sum(const kern *k)
{
    size_t a = AT(k, k->t0), b = AT(k, k->t1);
    double *o = k->o;
    const mdl_line *l = k->l;
    if (l->nin == 0) {
        for (size_t x = a; x < b; x++) o[x] = 0;
        return;
    }
    for (size_t q = 0; q < l->nin; q++) {
        const double *x = in_col(k, q);
        double w = l->npar ? l->par[q] : 1;
        if (q == 0 && l->npar) for (size_t s = a; s < b; s++) o[s] = w * x[s];
        else if (q == 0) for (size_t s = a; s < b; s++) o[s] = x[s];
        else if (l->npar) for (size_t s = a; s < b; s++) o[s] += w * x[s];
        else for (size_t s = a; s < b; s++) o[s] += x[s];
    }
}

static void k_fold(const kern *k)  /* diff, product, min, max */
{
    size_t a = AT(k, k->t0), b = AT(k, k->t1);
    double *o = k->o;
    const mdl_line *l = k->l;
    const double *x0 = in_col(k, 0);
    for (size_t s = a; s < b; s++) o[s] = x0[s];
    for (size_t q = 1; q < l->nin; q++) {
        const double *x = in_col(k, q);
        switch (l->kind) {
        case FPA_REL_DIFF: for (size_t s = a; s < b; s++) o[s] -= x[s]; break;
        case FPA_REL_PRODUCT: for (size_t s = a; s < b; s++) o[s] *= x[s]; break;
        case FPA_REL_MIN: for (size_t s = a; s < b; s++) o[s] = x[s] < o[s] ? x[s] : o[s]; break;
        default: for (size_t s = a; s < b; s++) o[s] = x[s] > o[s] ? x[s] : o[s]; break;
        }
    }
    for (size_t q = 0; q < l->npar && l->kind >= FPA_REL_MIN; q++) {
        double c = l->par[q];
        if (l->kind == FPA_REL_MIN) for (size_t s = a; s < b; s++) o[s] = c < o[s] ? c : o[s];
        else for (size_t s = a; s < b; s++) o[s] = c > o[s] ? c : o[s];
    }
}

static void k_pair(const kern *k)  /* ratio, pct_of, balance, clamp */
{
    size_t a = AT(k, k->t0), b = AT(k, k->t1);
    double *o = k->o;
    const mdl_line *l = k->l;
    const double *x0 = in_col(k, 0), *x1 = l->nin > 1 ? in_col(k, 1) : NULL;
    switch (l->kind) {
    case FPA_REL_RATIO: for (size_t s = a; s < b; s++) o[s] = x0[s] / x1[s]; return;
    case FPA_REL_PCT_OF:
        if (x1) for (size_t s = a; s < b; s++) o[s] = x0[s] * x1[s];
        else for (size_t s = a; s < b; s++) o[s] = x0[s] * l->par[0];
        return;
    case FPA_REL_BALANCE:
        for (size_t t = k->t0; t < k->t1; t++) {
            double pd = k->e->m->per_day[t];
            for (size_t j = AT(k, t); j < AT(k, t + 1); j++) o[j] = x1[j] * x0[j] * pd;
        }
        return;
    default: {
        double lo = l->par[0], hi = l->par[1];
        for (size_t s = a; s < b; s++) {
            double x = x0[s] < lo ? lo : x0[s];
            o[s] = x > hi ? hi : x;
        }
    }
    }
}

/* lag, lead: a shifted copy */
static void k_shift(const kern *k)
{
    size_t W = k->W, n = k->e->m->n, off = (size_t)k->l->par[0];
    const double *x = in_col(k, 0);
    double open = mdl__opening(k->e->m, k->l->in[0]);
    for (size_t t = k->t0; t < k->t1; t++) {
        double *o = k->o + AT(k, t);
        if (k->l->kind == FPA_REL_LAG && t < off) {
            for (size_t j = 0; j < W; j++) o[j] = open;
            continue;
        }
        size_t s = k->l->kind == FPA_REL_LAG ? t - off : (t + off < n ? t + off : n - 1);
        memcpy(o, x + AT(k, s), W * sizeof *o);
    }
}

static void k_cumsum(const kern *k)
{
    size_t W = k->W;
    const mdl_line *l = k->l;
    double open = mdl__opening(k->e->m, (size_t)(l - k->e->m->line));
    for (size_t t = k->t0; t < k->t1; t++) {
        double *o = k->o + AT(k, t);
        if (t == 0) for (size_t j = 0; j < W; j++) o[j] = open;
        else memcpy(o, o - W, W * sizeof *o);
        for (size_t q = 0; q < l->nin; q++) {
            const double *x = in_col(k, q) + AT(k, t);
            if (l->npar) {
                double w = l->par[q];
                for (size_t j = 0; j < W; j++) o[j] += w * x[j];
            } else {
                for (size_t j = 0; j < W; j++) o[j] += x[j];
            }
        }
    }
}

static void k_delta(const kern *k)
{
    size_t W = k->W;
    const double *x = in_col(k, 0);
    double open = mdl__opening(k->e->m, k->l->in[0]), c = k->l->npar ? k->l->par[0] : 1;
    for (size_t t = k->t0; t < k->t1; t++) {
        double *o = k->o + AT(k, t);
        const double *xt = x + AT(k, t), *xp = t ? xt - W : NULL;
        if (c == -1) {  /* minus the change, without a -0 */
            if (xp) for (size_t j = 0; j < W; j++) o[j] = xp[j] - xt[j];
            else for (size_t j = 0; j < W; j++) o[j] = open - xt[j];
            continue;
        }
        if (xp) for (size_t j = 0; j < W; j++) o[j] = xt[j] - xp[j];
        else for (size_t j = 0; j < W; j++) o[j] = xt[j] - open;
        if (k->l->npar) for (size_t j = 0; j < W; j++) o[j] = c * o[j];
    }
}

static void k_profile(const kern *k)  /* step, ramp */
{
    size_t W = k->W;
    const mdl_line *l = k->l;
    const double *x = l->nin ? in_col(k, 0) : NULL;
    double from = l->par[0];
    for (size_t t = k->t0; t < k->t1; t++) {
        double tt = (double)t, v;
        if (l->kind == FPA_REL_STEP) {
            v = tt >= from ? l->par[1] : 0;
        } else {
            double to = l->par[1], h = l->par[2];
            v = tt < from ? 0 : tt <= to ? h * (tt - from + 1) / (to - from + 1) : h;
        }
        double *o = k->o + AT(k, t);
        if (x) for (size_t j = 0; j < W; j++) o[j] = x[AT(k, t) + j] + v;
        else for (size_t j = 0; j < W; j++) o[j] = v;
    }
}

static void k_running(const kern *k)
{
    size_t W = k->W;
    const double *x = in_col(k, 0);
    bool lo = k->l->kind == FPA_REL_RUNNING_MIN;
    for (size_t t = k->t0; t < k->t1; t++) {
        double *o = k->o + AT(k, t);
        const double *xt = x + AT(k, t);
        if (t == 0) {
            memcpy(o, xt, W * sizeof *o);
            continue;
        }
        const double *p = o - W;
        if (lo) for (size_t j = 0; j < W; j++) o[j] = xt[j] < p[j] ? xt[j] : p[j];
        else for (size_t j = 0; j < W; j++) o[j] = xt[j] > p[j] ? xt[j] : p[j];
    }
}

/* Interest on the opening balances of debt, revolver and cash. */
static void k_interest(const kern *k)
{
    size_t W = k->W;
    const mdl_line *l = k->l;
    const fpa_model *m = k->e->m;
    for (size_t t = k->t0; t < k->t1; t++) {
        double *o = k->o + AT(k, t), f = m->days[t] / 365;
        for (size_t j = 0; j < W; j++) o[j] = 0;
        for (size_t q = 0; q < 3; q++) {
            size_t bal = l->in[2 * q], rate = l->in[2 * q + 1];
            if (rate == MDL_NOLINE) continue;
            const double *r = COL(k->e, rate) + AT(k, t);
            double sign = q == 2 ? -1 : 1, open = mdl__opening(m, bal);
            const double *b = t ? COL(k->e, bal) + AT(k, t) - W : NULL;
            for (size_t j = 0; j < W; j++) o[j] += sign * r[j] * (b ? b[j] : open);
        }
        for (size_t j = 0; j < W; j++) o[j] *= f;
    }
}

static void k_tax(const kern *k)
{
    size_t a = AT(k, k->t0), b = AT(k, k->t1);
    const double *ebt = in_col(k, 0);
    if (k->l->in[1] == MDL_NOLINE) {
        for (size_t s = a; s < b; s++) k->o[s] = 0;
        return;
    }
    const double *r = in_col(k, 1);
    for (size_t s = a; s < b; s++) k->o[s] = r[s] * (ebt[s] > 0 ? ebt[s] : 0);
}

/* The revolver: draw what keeps the cash at the floor, repay from cash
 * above it, within [0, limit]. */
static void k_revolver(const kern *k)
{
    size_t W = k->W;
    const mdl_line *l = k->l;
    const fpa_model *m = k->e->m;
    const double *flow = in_col(k, 0), *cash = in_col(k, 1);
    const double *fl = l->in[2] != MDL_NOLINE ? in_col(k, 2) : NULL;
    const double *lim = l->in[3] != MDL_NOLINE ? in_col(k, 3) : NULL;
    double open = mdl__opening(m, (size_t)(l - m->line)), cash_open = mdl__opening(m, l->in[1]);
    for (size_t t = k->t0; t < k->t1; t++) {
        size_t at = AT(k, t);
        double *o = k->o + at;
        for (size_t j = 0; j < W; j++) {
            double rp = t ? (o - W)[j] : open;
            double draw = 0;
            if (fl) {
                double pre = (t ? cash[at - W + j] : cash_open) + flow[at + j];
                draw = fl[at + j] - pre;
                if (draw < -rp) draw = -rp;
            }
            if (lim && draw > lim[at + j] - rp) draw = lim[at + j] - rp;
            o[j] = rp + draw;
        }
    }
}

static void run_kernel(const mdl__ev *e, size_t i, size_t t0, size_t t1)
{
    const mdl_line *l = &e->m->line[i];
    kern k = {e, l, COL(e, i), e->W, t0, t1, e->lo};
    switch (l->kind) {
    case FPA_REL_SUM: k_sum(&k); return;
    case FPA_REL_DIFF:
    case FPA_REL_PRODUCT:
    case FPA_REL_MIN:
    case FPA_REL_MAX: k_fold(&k); return;
    case FPA_REL_RATIO:
    case FPA_REL_PCT_OF:
    case FPA_REL_BALANCE:
    case FPA_REL_CLAMP: k_pair(&k); return;
    case FPA_REL_LAG:
    case FPA_REL_LEAD: k_shift(&k); return;
    case FPA_REL_CUMSUM: k_cumsum(&k); return;
    case FPA_REL_DELTA: k_delta(&k); return;
    case FPA_REL_STEP:
    case FPA_REL_RAMP: k_profile(&k); return;
    case FPA_REL_RUNNING_MIN:
    case FPA_REL_RUNNING_MAX: k_running(&k); return;
    case MDL_INTEREST: k_interest(&k); return;
    case MDL_TAX: k_tax(&k); return;
    default: k_revolver(&k); return;
    }
}

void mdl__compute(const mdl__ev *e, size_t t0, size_t t1)
{
    const fpa_model *m = e->m;
    for (size_t s = 0; s < m->nsteps; s++) {
        const mdl_step *st = &m->step[s];
        const size_t *o = m->order + st->first;
        if (!st->periodwise) {
            run_kernel(e, o[0], t0, t1);
            continue;
        }
        for (size_t t = t0; t < t1; t++)
            for (size_t q = 0; q < st->count; q++) run_kernel(e, o[q], t, t + 1);
    }
}

/* ---- inputs -------------------------------------------------------------------- */

void mdl__apply_changes(const fpa_model *m, double *rows, const mdl__changes *lists,
                        size_t nlists)
{
    size_t n = m->n;
    for (size_t q = 0; q < m->ninputs; q++) {
        size_t i = m->inputs[q];
        memcpy(rows + i * n, m->line[i].values, n * sizeof *rows);
    }
    for (size_t k = 0; k < nlists; k++)
        for (size_t c = 0; c < lists[k].n; c++) {
            const mdl__change *x = &lists[k].c[c];
            double *r = rows + x->line * n;
            if (x->op == MDL_SERIES) {
                memcpy(r, x->series, n * sizeof *r);
                continue;
            }
            for (size_t t = x->from; t < n; t++) r[t] = apply_op(r[t], x->op, x->value);
        }
}

void mdl__fill_inputs(const mdl__ev *e, const double *rows, const mdl__lane_lever *lev,
                      size_t nlev)
{
    const fpa_model *m = e->m;
    size_t n = m->n, W = e->W;
    for (size_t q = 0; q < m->ninputs; q++) {
        size_t i = m->inputs[q];
        double *o = COL(e, i);
        const double *r = rows + i * n;
        for (size_t t = 0; t < n; t++)
            for (size_t j = 0; j < W; j++) o[t * W + j] = r[t];
    }
    for (size_t k = 0; k < nlev; k++) {
        double *o = COL(e, lev[k].line);
        for (size_t t = lev[k].from; t < n; t++)
            for (size_t j = 0; j < W; j++)
                o[t * W + j] = apply_op(o[t * W + j], lev[k].op, lev[k].value[j]);
    }
}

/* ---- checks ------------------------------------------------------------------------ */

static bool bad_value(double x) { return !(fabs(x) <= DBL_MAX); }

static double value_at(const mdl__ev *e, size_t i, size_t t, size_t j)
{
    return COL(e, i)[(t - e->lo) * e->W + j];
}

/* The tolerance of a statement check: half a minor unit, plus what a double
 * cannot hold of the larger of the two amounts compared. */
static double check_tol(const fpa_model *m, double a, double b)
{
    return m->half_unit + 1e-12 * fmax(fabs(a), fabs(b));
}

/* Is (line i, t, lane j) at fault?  0: no; 1 below the floor; 2 not
 * finite; 3 a statement check. */
static int fault_at(const mdl__ev *e, size_t i, size_t t, size_t j, bool floors, bool finite)
{
    const fpa_model *m = e->m;
    double x = value_at(e, i, t, j);
    if (finite && bad_value(x)) return 2;
    if (floors && x < m->line[i].floor) return 1;
    if (m->statements && (i == m->bs_check || i == m->cf_check)) {
        size_t a = i == m->bs_check ? m->total_assets : m->net_change;
        size_t b = i == m->bs_check ? m->total_le : m->cash;
        if (!(fabs(x) <= check_tol(m, value_at(e, a, t, j), value_at(e, b, t, j)))) return 3;
    }
    return 0;
}

static bool in_list(const size_t *only, size_t nonly, size_t i)
{
    for (size_t k = 0; k < nonly; k++)
        if (only[k] == i) return true;
    return false;
}

/* The lines in the order the checks visit them: inputs, then relations in
 * evaluation order. */
static size_t visit(const fpa_model *m, size_t k)
{
    return k < m->ninputs ? m->inputs[k] : m->order[k - m->ninputs];
}

static fpa_status describe(const mdl__ev *e, size_t i, size_t t, size_t j, int kind)
{
    const fpa_model *m = e->m;
    const mdl_line *l = &m->line[i];
    double x = value_at(e, i, t, j);
    if (kind == 1)
        return fpa__fail(FPA_EDOM, "%s in period %zu is %.17g; must be >= %.17g%s%s", l->name,
                         t, x, l->floor, l->floor_why ? ": " : "",
                         l->floor_why ? l->floor_why : "");
    if (kind == 2)
        return fpa__fail(l->kind == MDL_INPUT ? FPA_EDOM : FPA_EOVERFLOW,
                         "%s in period %zu is not finite", l->name, t);
    return fpa__fail(FPA_EDATA, "%s in period %zu is %.17g: %s", l->name, t, x,
                     i == m->bs_check ? "assets differ from liabilities and equity"
                                      : "the cash flow differs from the change in cash");
}

/* No value of line i in periods [t0, t1), lanes [0, lanes), is below
 * `floor` or (when `finite`) not finite: one branch-free pass, the common
 * case; the faults themselves are found by fault_at() when it fails. */
static bool line_ok(const mdl__ev *e, size_t i, size_t t0, size_t t1, size_t lanes,
                    double floor, bool finite)
{
    const double *c = COL(e, i);
    int bad = 0;
    if (lanes == e->W) {  /* the periods' lanes are one run of memory */
        const double *x = c + (t0 - e->lo) * e->W;
        size_t cnt = (t1 - t0) * e->W;
        if (finite)
            for (size_t j = 0; j < cnt; j++) bad |= !(fabs(x[j]) <= DBL_MAX) | (x[j] < floor);
        else
            for (size_t j = 0; j < cnt; j++) bad |= x[j] < floor;
        return !bad;
    }
    for (size_t t = t0; t < t1; t++) {
        const double *x = c + (t - e->lo) * e->W;
        if (finite)
            for (size_t j = 0; j < lanes; j++) bad |= !(fabs(x[j]) <= DBL_MAX) | (x[j] < floor);
        else
            for (size_t j = 0; j < lanes; j++) bad |= x[j] < floor;
    }
    return !bad;
}

fpa_status mdl__verify(mdl__ev *e, size_t lanes, size_t t0, size_t t1, bool count_floors,
                       const size_t *only, size_t nonly, size_t *bad_lane)
{
    const fpa_model *m = e->m;
    size_t worst = lanes;
    for (size_t v = 0; v < m->nlines; v++) {
        size_t i = visit(m, v);
        const mdl_line *l = &m->line[i];
        bool floors = l->floor > -INFINITY, input = l->kind == MDL_INPUT;
        if (count_floors && floors) {
            if (!input)
                for (size_t t = t0; t < t1; t++)
                    for (size_t j = 0; j < lanes; j++) e->clamped += value_at(e, i, t, j) < l->floor;
            floors = false;
        }
        bool finite = !only || in_list(only, nonly, i);
        bool check = m->statements && (i == m->bs_check || i == m->cf_check);
        if (!floors && !finite && !check) continue;
        if (!check && line_ok(e, i, t0, t1, worst, floors ? l->floor : -INFINITY, finite))
            continue;
        for (size_t t = t0; t < t1; t++)
            for (size_t j = 0; j < worst; j++)
                if (fault_at(e, i, t, j, floors, finite)) worst = j;
    }
    if (worst == lanes) return FPA_OK;
    *bad_lane = worst;
    for (size_t v = 0; v < m->nlines; v++) {
        size_t i = visit(m, v);
        bool floors = m->line[i].floor > -INFINITY && !count_floors;
        bool finite = !only || in_list(only, nonly, i);
        for (size_t t = t0; t < t1; t++) {
            int f = fault_at(e, i, t, worst, floors, finite);
            if (f) return describe(e, i, t, worst, f);
        }
    }
    return fpa__fail(FPA_EDATA, "lane %zu failed a check", worst);  /* not reached */
}

/* ---- evaluations ------------------------------------------------------------------- */

fpa_status mdl__evaluate(const fpa_model *m, double *out, const mdl__changes *lists,
                         size_t nlists)
{
    mdl__ev e = {m, out, 1, 0, m->n, 0};
    size_t bad;
    mdl__apply_changes(m, out, lists, nlists);  /* lane = row when W is 1 */
    mdl__compute(&e, 0, m->n);
    return mdl__verify(&e, 1, 0, m->n, false, NULL, 0, &bad);
}

double mdl__input_at(const fpa_model *m, size_t i, size_t t, const mdl__changes *lists,
                       size_t nlists)
{
    double x = m->line[i].values[t];
    for (size_t k = 0; k < nlists; k++)
        for (size_t c = 0; c < lists[k].n; c++) {
            const mdl__change *ch = &lists[k].c[c];
            if (ch->line != i) continue;
            if (ch->op == MDL_SERIES) x = ch->series[t];
            else if (t >= ch->from) x = apply_op(x, ch->op, ch->value);
        }
    return x;
}

fpa_status mdl__evaluate_chunks(const fpa_model *m, const mdl__changes *lists, size_t nlists,
                                double *buf, size_t cap, mdl__sink sink, void *ctx)
{
    size_t span = cap / m->nlines, K = m->max_lag, n = m->n;
    if (span > n) span = n;
    if (span < n && (span <= K || m->has_lead))
        return fpa__fail(FPA_EINVAL, "a buffer of %zu values cannot hold a chunk of the "
                         "model's %zu lines", cap, m->nlines);
    mdl__ev e = {m, buf, 1, 0, span, 0};
    for (size_t t0 = 0; t0 < n;) {
        size_t t1 = e.lo + span < n ? e.lo + span : n, bad;
        for (size_t q = 0; q < m->ninputs; q++) {
            size_t i = m->inputs[q];
            for (size_t t = t0; t < t1; t++)
                COL(&e, i)[t - e.lo] = mdl__input_at(m, i, t, lists, nlists);
        }
        mdl__compute(&e, t0, t1);
        TRY(mdl__verify(&e, 1, t0, t1, false, NULL, 0, &bad));
        TRY(sink(ctx, &e, t0, t1));
        if (t1 == n) break;
        /* carry the last K periods to the front for the next chunk */
        for (size_t i = 0; i < m->nlines; i++)
            memmove(COL(&e, i), COL(&e, i) + (t1 - K - e.lo), K * sizeof *buf);
        e.lo = t1 - K;
        t0 = t1;
    }
    return FPA_OK;
}

double mdl__ev_at(const mdl__ev *e, size_t line, size_t t, size_t j)
{
    return value_at(e, line, t, j);
}

size_t mdl__lanes_for(const fpa_model *m, size_t bytes, size_t max)
{
    size_t cells = m->nlines * m->n, w = 1;
    while (w < max && 2 * w * cells * sizeof(double) <= bytes) w *= 2;
    return w;
}

fpa_status mdl__ws_init(mdl__ws *ws, const fpa_model *m, size_t lanes, const fpa_mem *mem)
{
    size_t cells = m->nlines * m->n;
    *ws = (mdl__ws){*mem, {m, NULL, lanes, 0, m->n, 0}, NULL, lanes};
    ws->e.v = fpa__alloc(mem, cells, lanes * sizeof(double), false);
    ws->rowbuf = fpa__alloc(mem, cells, sizeof(double), false);
    if (ws->e.v && ws->rowbuf) return FPA_OK;
    mdl__ws_free(ws);
    return FPA_ENOMEM;
}

void mdl__ws_free(mdl__ws *ws)
{
    size_t cells = ws->e.m->nlines * ws->e.m->n;
    fpa__free(&ws->mem, ws->e.v, cells, ws->cap_lanes * sizeof(double));
    fpa__free(&ws->mem, ws->rowbuf, cells, sizeof(double));
    ws->e.v = NULL;
    ws->rowbuf = NULL;
}

fpa_status mdl__ws_run(mdl__ws *ws, const mdl__changes *lists, size_t nlists,
                       const mdl__lane_lever *lev, size_t nlev, size_t lanes, size_t *bad_lane)
{
    mdl__apply_changes(ws->e.m, ws->rowbuf, lists, nlists);
    mdl__fill_inputs(&ws->e, ws->rowbuf, lev, nlev);
    mdl__compute(&ws->e, 0, ws->e.m->n);
    return mdl__verify(&ws->e, lanes, 0, ws->e.m->n, false, NULL, 0, bad_lane);
}
