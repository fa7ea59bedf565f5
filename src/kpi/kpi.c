/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared KPIs over row-major series. Every series function has two
 * kernels: a fast one over a block of rows, branch-free and vectorised
 * (src/core/vectorize.h), which computes and only notes that something
 * is wrong (a non-finite value, an undefined element without a mask), and
 * a checked one over a row, which names the first bad element. Blocks run
 * on fpa__parallel_for: rows never interact, so the result cannot depend
 * on the thread count, and nothing is allocated per row. When a block
 * notes a problem, the rows are re-run in order by the checked kernel on
 * this thread, so that the detail names the first bad element whatever
 * the thread count; both kernels compute the same operations in the same
 * order, so results are bit-identical whichever ran. */
#include "fpa/kpi.h"

#include "../core/internal.h"
#include "../core/parallel.h"
#include "../core/vectorize.h"

#include <stdatomic.h>
#include <string.h>

/* ---- the row driver -------------------------------------------------- */

/* Rows lo .. hi-1; false when a check failed. */
typedef bool (*block_fn)(const void *ctx, size_t lo, size_t hi);
typedef fpa_status (*row_fn)(const void *ctx, size_t row);

typedef struct {
    block_fn fast;
    const void *ctx;
    size_t rows, block;
    atomic_int bad;
} rows_job;

static fpa_status run_block(void *p, size_t job, unsigned worker)
{
    rows_job *r = p;
    (void)worker;
    size_t lo = job * r->block, hi = lo + r->block;
    if (hi > r->rows) hi = r->rows;
    if (!r->fast(r->ctx, lo, hi)) atomic_store_explicit(&r->bad, 1, memory_order_relaxed);
    return FPA_OK;
}

static fpa_status for_rows(const fpa_opts *opts, size_t rows, size_t cols,
                           block_fn fast, row_fn checked, const void *ctx)
{
    /* blocks of ~16k elements: big enough to amortise the job counter,
     * small enough to balance two to a few dozen threads */
    size_t block = cols >= 16384 ? 1 : 16384 / cols;
    rows_job r = {fast, ctx, rows, block, 0};
    TRY(fpa__parallel_for(opts, (rows + block - 1) / block, run_block, &r));
    if (atomic_load(&r.bad))
        for (size_t i = 0; i < rows; i++) TRY(checked(ctx, i));
    return FPA_OK;
}

/* Elements per call of an inner kernel, the length of its check lanes:
 * chk[k] becomes NaN when element k of any call saw a problem (x - x is 0
 * for finite x, NaN otherwise). */
enum { LANES = 256 };

FPA_KERNEL bool lanes_ok(const double *chk)
{
    double s = 0;
    for (size_t k = 0; k < LANES; k++) s += chk[k];
    return s == 0;
}

/* chk[k] += x[k] - x[k]: the finiteness of n values. */
FPA_KERNEL void check_values(double *restrict chk, const double *restrict x, size_t n)
{
    for (size_t k = 0; k < n; k++) chk[k] += x[k] - x[k];
}

/* The finiteness of x[0 .. n-1] in lanes. */
FPA_KERNEL void check_span(double *restrict chk, const double *restrict x, size_t n)
{
    for (size_t k = 0; k < n; k += LANES) check_values(chk, x + k, n - k < LANES ? n - k : LANES);
}

static fpa_status check_shape(size_t rows, size_t cols, size_t min_cols)
{
    size_t n;
    if (rows == 0) return fpa__fail(FPA_EINVAL, "rows is 0");
    if (cols < min_cols)
        return fpa__fail(FPA_EINVAL, "cols is %zu, needs at least %zu", cols,
                         min_cols);
    if (fpa__mul_overflows(rows, cols, &n) || n > SIZE_MAX / sizeof(double))
        return fpa__fail(FPA_EINVAL, "rows * cols (%zu * %zu) overflows", rows,
                         cols);
    return FPA_OK;
}

static fpa_status bad_value(const char *what, size_t i, size_t j, double v)
{
    return fpa__fail(FPA_EDOM, "%s[%zu][%zu] is %s", what, i, j,
                     isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
}

static fpa_status check_row(const double *x, size_t i, size_t cols,
                            const char *what)
{
    const double *r = x + i * cols;
    for (size_t j = 0; j < cols; j++)
        if (FPA_UNLIKELY(!fpa__finite(r[j]))) return bad_value(what, i, j, r[j]);
    return FPA_OK;
}

/* Store v at out[k] under the mask rule of kpi.h. `defined` false means
 * the element has no value (a zero denominator): flagged, or an error when
 * there is no mask. */
static inline fpa_status put(double *out, unsigned char *valid, size_t k,
                             bool defined, double v, const char *what,
                             size_t i, size_t j)
{
    if (FPA_UNLIKELY(!defined)) {
        if (!valid)
            return fpa__fail(FPA_EDOM, "%s[%zu][%zu] is undefined (zero "
                             "denominator); pass out_valid to flag it", what,
                             i, j);
        out[k] = 0;
        valid[k] = 0;
        return FPA_OK;
    }
    if (FPA_UNLIKELY(!fpa__finite(v)))
        return fpa__fail(FPA_EOVERFLOW, "%s[%zu][%zu] is not representable",
                         what, i, j);
    out[k] = v;
    if (valid) valid[k] = 1;
    return FPA_OK;
}

/* ---- growth ----------------------------------------------------------- */

typedef struct {
    double *out;
    unsigned char *valid;
    const double *x;
    size_t cols, lag;
} growth_ctx;

static fpa_status growth_row(const void *p, size_t i)
{
    const growth_ctx *c = p;
    TRY(check_row(c->x, i, c->cols, "x"));
    const double *x = c->x + i * c->cols;
    size_t w = c->cols - c->lag, k = i * w;
    for (size_t t = 0; t < w; t++) {
        double base = x[t];
        TRY(put(c->out, c->valid, k + t, base != 0,
                (x[t + c->lag] - base) / fabs(base), "growth", i, t));
    }
    return FPA_OK;
}

/* Growth of n elements: base x, current y. An undefined element (zero
 * base) is 0, flagged 0; without a mask (`strict` 1) it is a problem.
 * Written as arithmetic on the 0/1 lane m rather than as selects, which
 * GCC would turn back into branches around the stores: with a zero base
 * the denominator is 1, the growth cur * 0 + 0 = +0 (finite cur), and
 * otherwise g * 1 + 0 = g (g is never -0: cur - base is +0 at cur = base). */
FPA_KERNEL void growth_cells(double *restrict out, unsigned char *restrict valid,
                             const double *restrict x, const double *restrict y,
                             size_t n, double strict, double *restrict chk)
{
    for (size_t t = 0; t < n; t++) {
        double base = x[t], cur = y[t], m = base != 0 ? 1.0 : 0.0;
        double g = (cur - base) / (fabs(base) + (1 - m));
        out[t] = g * m + 0.0;
        valid[t] = (unsigned char)m;
        chk[t] += (g - g) + (1 - m) * strict;
    }
}

FPA_VECTORIZE FPA_VECTORIZE_WIDE
static bool growth_block(const void *p, size_t lo, size_t hi)
{
    const growth_ctx *c = p;
    size_t w = c->cols - c->lag;
    double chk[LANES] = {0}, strict = c->valid ? 0.0 : 1.0;
    unsigned char sink[LANES];
    for (size_t i = lo; i < hi; i++) {
        const double *x = c->x + i * c->cols;
        for (size_t t = 0; t < w; t += LANES)
            growth_cells(c->out + i * w + t, c->valid ? c->valid + i * w + t : sink, x + t,
                         x + t + c->lag, w - t < LANES ? w - t : LANES, strict, chk);
        if (w < c->lag) check_span(chk, x + w, c->lag - w);  /* neither base nor current */
    }
    return lanes_ok(chk);
}

static fpa_status growth(double *out, unsigned char *valid, const double *x,
                         size_t rows, size_t cols, size_t lag,
                         const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(x, "x"));
    TRY(check_shape(rows, cols, lag + 1));
    growth_ctx c = {out, valid, x, cols, lag};
    return for_rows(opts, rows, cols, growth_block, growth_row, &c);
}

fpa_status fpa_kpi_growth_pop(double *out, unsigned char *out_valid,
                              const double *x, size_t rows, size_t cols,
                              const fpa_opts *opts)
{
    return growth(out, out_valid, x, rows, cols, 1, opts);
}

fpa_status fpa_kpi_growth_yoy(double *out, unsigned char *out_valid,
                              const double *x, size_t rows, size_t cols,
                              const fpa_opts *opts)
{
    return growth(out, out_valid, x, rows, cols,
                  (size_t)fpa__opt_int(opts, FPA_OPT_KPI_SEASON), opts);
}

static double cagr_of(double first, double last, double years)
{
    return last == 0 ? -1 : expm1(log(last / first) / years);
}

fpa_status fpa_kpi_cagr(double *out, double first, double last, double years)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_value(first, "first"));
    TRY(fpa__check_value(last, "last"));
    TRY(fpa__check_value(years, "years"));
    if (first <= 0)
        return fpa__fail(FPA_EDOM, "first is %.17g; CAGR needs a positive "
                         "start", first);
    if (last < 0)
        return fpa__fail(FPA_EDOM, "last is %.17g; CAGR needs a non-negative "
                         "end", last);
    if (years <= 0)
        return fpa__fail(FPA_EDOM, "years is %.17g; must be positive", years);
    return fpa__store(out, cagr_of(first, last, years), "CAGR");
}

typedef struct {
    double *out;
    unsigned char *valid;
    const double *x;
    size_t cols;
    double years;
} cagr_ctx;

static fpa_status cagr_row(const void *p, size_t i)
{
    const cagr_ctx *c = p;
    TRY(check_row(c->x, i, c->cols, "x"));
    double first = c->x[i * c->cols], last = c->x[i * c->cols + c->cols - 1];
    bool ok = first > 0 && last >= 0;
    return put(c->out, c->valid, i, ok, ok ? cagr_of(first, last, c->years) : 0,
               "cagr", i, 0);
}

/* The block's values are one contiguous stretch: one finiteness pass,
 * then a CAGR per row from its first and last values. */
FPA_VECTORIZE FPA_VECTORIZE_WIDE
static bool cagr_block(const void *p, size_t lo, size_t hi)
{
    const cagr_ctx *c = p;
    double chk[LANES] = {0};
    check_span(chk, c->x + lo * c->cols, (hi - lo) * c->cols);
    bool ok = lanes_ok(chk);
    for (size_t i = lo; i < hi; i++) {
        double first = c->x[i * c->cols], last = c->x[i * c->cols + c->cols - 1];
        bool def = first > 0 && last >= 0;
        double v = def ? cagr_of(first, last, c->years) : 0;
        ok = ok && (def || c->valid) && v - v == 0;
        c->out[i] = v;
        if (c->valid) c->valid[i] = def;
    }
    return ok;
}

fpa_status fpa_kpi_cagr_rows(double *out, unsigned char *out_valid,
                             const double *x, size_t rows, size_t cols,
                             const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(x, "x"));
    TRY(check_shape(rows, cols, 2));
    cagr_ctx c = {out, out_valid, x, cols,
                  (double)(cols - 1) / fpa__opt(opts, FPA_OPT_KPI_SEASON)};
    return for_rows(opts, rows, cols, cagr_block, cagr_row, &c);
}

/* ---- moving averages -------------------------------------------------- */

typedef enum { EQUAL, LINEAR, GIVEN } weighting;

typedef struct {
    double *out;
    const double *x, *w;
    size_t cols, window;
    weighting kind;
    double wsum;
} ma_ctx;

static fpa_status ma_row(const void *p, size_t i)
{
    const ma_ctx *c = p;
    TRY(check_row(c->x, i, c->cols, "x"));
    const double *x = c->x + i * c->cols;
    size_t n = c->cols - c->window + 1;
    double *o = c->out + i * n;
    for (size_t t = 0; t < n; t++) {
        double s = 0;
        switch (c->kind) {
        case EQUAL:
            for (size_t k = 0; k < c->window; k++) s += x[t + k];
            break;
        case LINEAR:
            for (size_t k = 0; k < c->window; k++) s += (double)(k + 1) * x[t + k];
            break;
        case GIVEN:
            for (size_t k = 0; k < c->window; k++) s += c->w[k] * x[t + k];
            break;
        }
        double v = s / c->wsum;
        if (FPA_UNLIKELY(!fpa__finite(v)))
            return fpa__fail(FPA_EOVERFLOW, "average[%zu][%zu] is not "
                             "representable", i, t);
        o[t] = v;
    }
    return FPA_OK;
}

/* The weighted sum of a window, one term at a time over n windows, with
 * the operations of ma_row in its order, ((0 + c_0 x_0) + c_1 x_1) ...
 * (equal weights multiply by 1, which gives x itself). The first term
 * starts the sums, the last one finishes and stores them, so a window of
 * 3 takes two passes. */
FPA_KERNEL double ma_coef(const ma_ctx *c, size_t k)
{
    return c->kind == EQUAL ? 1.0 : c->kind == LINEAR ? (double)(k + 1) : c->w[k];
}

FPA_KERNEL void ma_first(double *restrict acc, const double *restrict x, double coef,
                         size_t n)
{
    for (size_t t = 0; t < n; t++) acc[t] = 0.0 + coef * x[t];
}

FPA_KERNEL void ma_next(double *restrict acc, const double *restrict x, double coef,
                        size_t n)
{
    for (size_t t = 0; t < n; t++) acc[t] += coef * x[t];
}

/* out = (acc + coef x) / wsum; with `acc` NULL, a window of one */
FPA_KERNEL void ma_last(double *restrict out, const double *restrict acc,
                        const double *restrict x, double coef, double wsum, size_t n,
                        double *restrict chk)
{
    for (size_t t = 0; t < n; t++) {
        double v = ((acc ? acc[t] : 0.0) + coef * x[t]) / wsum;
        out[t] = v;
        chk[t] += v - v;
    }
}

FPA_VECTORIZE FPA_VECTORIZE_WIDE
static bool ma_block(const void *p, size_t lo, size_t hi)
{
    const ma_ctx *c = p;
    size_t n = c->cols - c->window + 1, last = c->window - 1;
    double chk[LANES] = {0}, acc[LANES], first = ma_coef(c, 0), fin = ma_coef(c, last);
    for (size_t i = lo; i < hi; i++) {
        const double *x = c->x + i * c->cols;
        for (size_t t = 0; t < n; t += LANES) {
            size_t m = n - t < LANES ? n - t : LANES;
            double *out = c->out + i * n + t;
            if (last == 0) {
                ma_last(out, NULL, x + t, first, c->wsum, m, chk);
                continue;
            }
            ma_first(acc, x + t, first, m);
            for (size_t k = 1; k < last; k++) ma_next(acc, x + t + k, ma_coef(c, k), m);
            ma_last(out, acc, x + t + last, fin, c->wsum, m, chk);
        }
    }
    return lanes_ok(chk);
}

static fpa_status moving(double *out, const double *x, size_t rows, size_t cols,
                         weighting kind, const double *w, size_t window,
                         const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(x, "x"));
    if (window == 0) return fpa__fail(FPA_EINVAL, "window is 0");
    TRY(check_shape(rows, cols, window));
    double wsum = (double)window;
    if (kind == LINEAR) wsum = (double)window * ((double)window + 1) / 2;
    if (kind == GIVEN) {
        TRY(fpa__check_finite(w, window, 1, "weights"));
        wsum = 0;
        for (size_t k = 0; k < window; k++) {
            if (w[k] < 0)
                return fpa__fail(FPA_EDOM, "weights[%zu] is negative", k);
            wsum += w[k];
        }
        if (!(wsum > 0)) return fpa__fail(FPA_EDOM, "the weights sum to 0");
        TRY(fpa__check_value(wsum, "the sum of the weights"));
    }
    ma_ctx c = {out, x, w, cols, window, kind, wsum};
    return for_rows(opts, rows, cols, ma_block, ma_row, &c);
}

fpa_status fpa_kpi_sma(double *out, const double *x, size_t rows, size_t cols,
                       size_t window, const fpa_opts *opts)
{
    return moving(out, x, rows, cols, EQUAL, NULL, window, opts);
}

fpa_status fpa_kpi_wma(double *out, const double *x, size_t rows, size_t cols,
                       const double *weights, size_t window,
                       const fpa_opts *opts)
{
    return moving(out, x, rows, cols, weights ? GIVEN : LINEAR, weights, window,
                  opts);
}

typedef struct {
    double *out;
    const double *x;
    size_t cols;
    double alpha;
} ema_ctx;

static fpa_status ema_row(const void *p, size_t i)
{
    const ema_ctx *c = p;
    const double *x = c->x + i * c->cols;
    double *o = c->out + i * c->cols, a = c->alpha, b = 1 - a, e = 0;
    for (size_t t = 0; t < c->cols; t++) {
        double v = x[t];  /* read before writing: out may be x */
        if (FPA_UNLIKELY(!fpa__finite(v))) return bad_value("x", i, t, v);
        e = t == 0 ? v : a * v + b * e;
        o[t] = e;
    }
    return FPA_OK;
}

/* The recursion is one chain of dependent operations per row; the check
 * rides along on a chain of its own, and the core overlaps the chains of
 * consecutive rows by itself (transposing blocks of rows to run them in
 * vector lanes was measured no faster: the transposes cost what the lanes
 * save). Each value is read before its output is written (out may be x). */
static bool ema_block(const void *p, size_t lo, size_t hi)
{
    const ema_ctx *c = p;
    double a = c->alpha, b = 1 - a, chk = 0;
    for (size_t i = lo; i < hi; i++) {
        const double *x = c->x + i * c->cols;
        double *o = c->out + i * c->cols, e = x[0];
        o[0] = e;
        for (size_t t = 1; t < c->cols; t++) {
            e = a * x[t] + b * e;
            o[t] = e;
            chk += e - e;
        }
        chk += e - e;
    }
    return chk == 0;
}

fpa_status fpa_kpi_ema(double *out, const double *x, size_t rows, size_t cols,
                       double alpha, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(x, "x"));
    TRY(check_shape(rows, cols, 1));
    TRY(fpa__check_value(alpha, "alpha"));
    if (!(alpha > 0 && alpha <= 1))
        return fpa__fail(FPA_EDOM, "alpha is %.17g; must be in (0, 1]", alpha);
    ema_ctx c = {out, x, cols, alpha};
    return for_rows(opts, rows, cols, ema_block, ema_row, &c);
}

/* ---- P&L -------------------------------------------------------------- */

typedef struct {
    double *gm, *om, *ebitda, *em, *opex_ratio;
    unsigned char *valid;
    const double *rev, *cogs, *opex, *da;
    size_t cols;
    bool ratios;
} margins_ctx;

static fpa_status margins_row(const void *p, size_t i)
{
    const margins_ctx *c = p;
    size_t k0 = i * c->cols;
    TRY(check_row(c->rev, i, c->cols, "revenue"));
    TRY(check_row(c->cogs, i, c->cols, "cogs"));
    if (c->opex) TRY(check_row(c->opex, i, c->cols, "opex"));
    if (c->da) TRY(check_row(c->da, i, c->cols, "da"));
    for (size_t j = 0; j < c->cols; j++) {
        size_t k = k0 + j;
        double r = c->rev[k], gp = r - c->cogs[k];
        double ebit = c->opex ? gp - c->opex[k] : 0;
        bool def = r != 0;
        if (c->gm) TRY(put(c->gm, c->valid, k, def, gp / r, "gross_margin", i, j));
        if (c->om) TRY(put(c->om, c->valid, k, def, ebit / r, "operating_margin", i, j));
        if (c->opex_ratio)
            TRY(put(c->opex_ratio, c->valid, k, def, c->opex[k] / r, "opex_ratio", i, j));
        if (c->ebitda || c->em) {
            double e = ebit + c->da[k];
            if (c->ebitda) {
                if (FPA_UNLIKELY(!fpa__finite(e)))
                    return fpa__fail(FPA_EOVERFLOW, "ebitda[%zu][%zu] is not "
                                     "representable", i, j);
                c->ebitda[k] = e;
            }
            if (c->em) TRY(put(c->em, c->valid, k, def, e / r, "ebitda_margin", i, j));
        }
        if (c->valid && !c->ratios) c->valid[k] = 1;
    }
    return FPA_OK;
}

/* Inputs a call does not need read as zeros. */
static const double zeros[LANES];

/* The numerators of fpa_kpi_margins(), as margins_row has them. */
enum { GROSS_PROFIT, EBIT, EBITDA, OPEX };

FPA_KERNEL double numerator(int which, double r, double cogs, double opex, double da)
{
    double gp = r - cogs, ebit = gp - opex, ebitda = ebit + da;
    return which == GROSS_PROFIT ? gp : which == EBIT ? ebit : which == EBITDA ? ebitda : opex;
}

/* One ratio of n elements, numerator / revenue, with its undefined elements
 * (revenue 0) as growth_cells has them; the mask goes to `valid`. */
FPA_KERNEL void ratio_cells(double *restrict out, unsigned char *restrict valid, int which,
                            const double *restrict r, const double *restrict cogs,
                            const double *restrict opex, const double *restrict da,
                            size_t n, double strict, double *restrict chk)
{
    for (size_t t = 0; t < n; t++) {
        double x = numerator(which, r[t], cogs[t], opex[t], da[t]), v = x / r[t];
        out[t] = r[t] != 0 ? v : 0.0;
        valid[t] = (unsigned char)(r[t] != 0 ? 1.0 : 0.0);
        chk[t] += r[t] != 0 ? v - v : strict + (x - x);
    }
}

FPA_KERNEL void ebitda_cells(double *restrict out, const double *restrict r,
                             const double *restrict cogs, const double *restrict opex,
                             const double *restrict da, size_t n, double *restrict chk)
{
    for (size_t t = 0; t < n; t++) {
        double e = numerator(EBITDA, r[t], cogs[t], opex[t], da[t]);
        out[t] = e;
        chk[t] += e - e;
    }
}

/* The block's cells are contiguous in every array: one stretch, LANES
 * cells at a time, a pass per requested output (the first ratio writes
 * the mask; with EBITDA alone every element is defined). */
FPA_VECTORIZE FPA_VECTORIZE_WIDE
static bool margins_block(const void *p, size_t lo, size_t hi)
{
    const margins_ctx *c = p;
    double chk[LANES] = {0};
    unsigned char sink[LANES];
    double strict = c->ratios && !c->valid ? NAN : 0.0;
    for (size_t k = lo * c->cols, end = hi * c->cols; k < end; k += LANES) {
        size_t n = end - k < LANES ? end - k : LANES;
        const double *r = c->rev + k, *cogs = c->cogs + k;
        const double *opex = c->opex ? c->opex + k : zeros, *da = c->da ? c->da + k : zeros;
        unsigned char *valid = c->valid ? c->valid + k : sink;
        /* one call per numerator, so that each is specialised */
        if (c->gm) {
            ratio_cells(c->gm + k, valid, GROSS_PROFIT, r, cogs, opex, da, n, strict, chk);
            valid = sink;
        }
        if (c->om) {
            ratio_cells(c->om + k, valid, EBIT, r, cogs, opex, da, n, strict, chk);
            valid = sink;
        }
        if (c->em) {
            ratio_cells(c->em + k, valid, EBITDA, r, cogs, opex, da, n, strict, chk);
            valid = sink;
        }
        if (c->opex_ratio)
            ratio_cells(c->opex_ratio + k, valid, OPEX, r, cogs, opex, da, n, strict, chk);
        if (c->ebitda) ebitda_cells(c->ebitda + k, r, cogs, opex, da, n, chk);
        if (c->valid && !c->ratios) memset(c->valid + k, 1, n);
    }
    return lanes_ok(chk);
}

fpa_status fpa_kpi_margins(double *out_gross_margin, double *out_operating_margin,
                           double *out_ebitda, double *out_ebitda_margin,
                           double *out_opex_ratio, unsigned char *out_valid,
                           const double *revenue, const double *cogs,
                           const double *opex, const double *da, size_t rows,
                           size_t cols, const fpa_opts *opts)
{
    bool ratios = out_gross_margin || out_operating_margin ||
                  out_ebitda_margin || out_opex_ratio;
    if (!ratios && !out_ebitda)
        return fpa__fail(FPA_EINVAL, "no output is requested");
    TRY(fpa__check_ptr(revenue, "revenue"));
    TRY(fpa__check_ptr(cogs, "cogs"));
    if (out_operating_margin || out_ebitda || out_ebitda_margin || out_opex_ratio)
        TRY(fpa__check_ptr(opex, "opex"));
    else
        opex = NULL;
    if (out_ebitda || out_ebitda_margin) TRY(fpa__check_ptr(da, "da"));
    else da = NULL;
    TRY(check_shape(rows, cols, 1));
    margins_ctx c = {out_gross_margin, out_operating_margin, out_ebitda,
                     out_ebitda_margin, out_opex_ratio, out_valid,
                     revenue, cogs, opex, da, cols, ratios};
    return for_rows(opts, rows, cols, margins_block, margins_row, &c);
}

fpa_status fpa_kpi_rule_of_40(double *out_score, double growth_rate,
                              double margin)
{
    TRY(fpa__check_ptr(out_score, "out_score"));
    TRY(fpa__check_value(growth_rate, "growth"));
    TRY(fpa__check_value(margin, "margin"));
    return fpa__store(out_score, growth_rate + margin, "rule of 40 score");
}

/* ---- cash ------------------------------------------------------------- */

typedef struct {
    double *gross, *net;
    const double *in, *outflow;
    size_t cols;
} burn_ctx;

static fpa_status burn_row(const void *p, size_t i)
{
    const burn_ctx *c = p;
    for (size_t j = 0, k = i * c->cols; j < c->cols; j++, k++) {
        double o = c->outflow[k], in = c->in ? c->in[k] : 0;
        if (FPA_UNLIKELY(!fpa__finite(o))) return bad_value("cash_out", i, j, o);
        if (FPA_UNLIKELY(!fpa__finite(in))) return bad_value("cash_in", i, j, in);
        if (FPA_UNLIKELY(o < 0 || in < 0))
            return fpa__fail(FPA_EDOM, "%s[%zu][%zu] is negative; give "
                             "payments and receipts as positive amounts",
                             o < 0 ? "cash_out" : "cash_in", i, j);
        if (c->gross) c->gross[k] = o;
        if (c->net) c->net[k] = o - in;  /* both finite and >= 0: no overflow */
    }
    return FPA_OK;
}

FPA_KERNEL void burn_cells(double *restrict gross, double *restrict net,
                              const double *restrict in, const double *restrict o,
                              size_t n, double *restrict chk)
{
    for (size_t t = 0; t < n; t++) {
        gross[t] = o[t];
        net[t] = o[t] - in[t];
        chk[t] += (o[t] - o[t]) + (in[t] - in[t]) + (o[t] < 0 ? NAN : 0.0) +
                  (in[t] < 0 ? NAN : 0.0);
    }
}

FPA_VECTORIZE FPA_VECTORIZE_WIDE
static bool burn_block(const void *p, size_t lo, size_t hi)
{
    const burn_ctx *c = p;
    double chk[LANES] = {0}, sink_g[LANES], sink_n[LANES];
    for (size_t k = lo * c->cols, end = hi * c->cols; k < end; k += LANES) {
        size_t n = end - k < LANES ? end - k : LANES;
        burn_cells(c->gross ? c->gross + k : sink_g, c->net ? c->net + k : sink_n,
                   c->in ? c->in + k : zeros, c->outflow + k, n, chk);
    }
    return lanes_ok(chk);
}

fpa_status fpa_kpi_burn(double *out_gross, double *out_net,
                        const double *cash_in, const double *cash_out,
                        size_t rows, size_t cols, const fpa_opts *opts)
{
    if (!out_gross && !out_net)
        return fpa__fail(FPA_EINVAL, "no output is requested");
    TRY(fpa__check_ptr(cash_out, "cash_out"));
    if (out_net) TRY(fpa__check_ptr(cash_in, "cash_in"));
    else cash_in = NULL;
    TRY(check_shape(rows, cols, 1));
    burn_ctx c = {out_gross, out_net, cash_in, cash_out, cols};
    return for_rows(opts, rows, cols, burn_block, burn_row, &c);
}

static fpa_status never_runs_out(const char *why)
{
    return fpa__fail(FPA_EUNBOUNDED, "the cash never runs out: %s", why);
}

fpa_status fpa_kpi_runway(double *out_months, double cash,
                          const double *net_burn, size_t n,
                          fpa_runway_rule rule)
{
    TRY(fpa__check_ptr(out_months, "out_months"));
    TRY(fpa__check_finite(net_burn, n, 1, "net_burn"));
    TRY(fpa__check_value(cash, "cash"));
    if (rule != FPA_RUNWAY_TRAILING_MEAN && rule != FPA_RUNWAY_SCHEDULE)
        return fpa__fail(FPA_EINVAL, "rule is %d; expected an fpa_runway_rule",
                         (int)rule);
    if (cash < 0) return fpa__fail(FPA_EDOM, "cash is negative (%.17g)", cash);
    if (cash == 0) {
        *out_months = 0;
        return FPA_OK;
    }
    if (rule == FPA_RUNWAY_TRAILING_MEAN) {
        double s = 0;
        for (size_t i = 0; i < n; i++) s += net_burn[i];
        double mean = s / (double)n;
        if (!fpa__finite(mean))
            return fpa__fail(FPA_EOVERFLOW, "the mean net burn is not representable");
        if (mean <= 0) return never_runs_out("the mean net burn is not positive");
        return fpa__store(out_months, cash / mean, "runway");
    }
    double left = cash;
    for (size_t i = 0; i < n; i++) {
        double b = net_burn[i];
        if (b > 0 && b >= left) return fpa__store(out_months, (double)i + left / b, "runway");
        left -= b;
        if (!fpa__finite(left))
            return fpa__fail(FPA_EOVERFLOW, "cash after month %zu is not "
                             "representable", i + 1);
    }
    double last = net_burn[n - 1];
    if (last <= 0)
        return never_runs_out("the plan ends with cash left and a last month "
                              "that does not burn");
    return fpa__store(out_months, (double)n + left / last, "runway");
}

fpa_status fpa_kpi_months_of_cash(double *out_months, double cash, double burn)
{
    TRY(fpa__check_ptr(out_months, "out_months"));
    TRY(fpa__check_value(cash, "cash"));
    TRY(fpa__check_value(burn, "burn"));
    if (cash < 0) return fpa__fail(FPA_EDOM, "cash is negative (%.17g)", cash);
    if (burn <= 0) return never_runs_out("the burn is not positive");
    return fpa__store(out_months, cash / burn, "months of cash");
}
