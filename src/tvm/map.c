/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scalar functions element-wise over strided arrays (fpa_tvm_map) and
 * NPVs of many series at many rates (fpa_tvm_npv_grid). Each element is
 * the scalar function's own call, so values and statuses are the scalar
 * ones by construction. */
#include "tvm_internal.h"
#include "tvm_math.h"

#include "../core/parallel.h"

#include <float.h>

/* The annuity kernels are compiled three times on x86-64, for AVX-512,
 * AVX2 and the baseline, and the loader picks one (GCC's and clang's
 * target_clones); none contracts multiply-adds into FMAs (GCC in ISO C
 * mode never does, and tvm_math.h turns clang's contraction off), so all
 * give the scalar functions' bits. Sanitizer builds keep one copy.
 * GCC vectorises the kernels' selects only without trapping math (clang's
 * default), which changes no value. */
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
#  if defined(__has_feature)
#    if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#      define NO_CLONES
#    endif
#  endif
#  if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#    define NO_CLONES
#  endif
#else
#  define NO_CLONES
#endif
#if defined(__GNUC__) && !defined(__clang__)
#  define NO_TRAPS __attribute__((optimize("no-trapping-math")))
#else
#  define NO_TRAPS
#endif
#ifdef NO_CLONES
#  define KERNEL_CLONES NO_TRAPS
#else
#  define KERNEL_CLONES __attribute__((target_clones("avx512f", "avx2", "default"))) NO_TRAPS
#endif

static const unsigned arity[] = {
    [FPA_TVM_PMT] = 5,     [FPA_TVM_PV] = 5,       [FPA_TVM_FV] = 5,
    [FPA_TVM_NPER] = 5,    [FPA_TVM_RATE] = 6,     [FPA_TVM_IPMT] = 6,
    [FPA_TVM_PPMT] = 6,    [FPA_TVM_CUMIPMT] = 6,  [FPA_TVM_CUMPRINC] = 6,
    [FPA_TVM_EFFECT] = 2,  [FPA_TVM_NOMINAL] = 2,  [FPA_TVM_SLN] = 3,
    [FPA_TVM_SYD] = 4,     [FPA_TVM_DDB] = 5,      [FPA_TVM_DB] = 5,
};
enum { NFN = sizeof arity / sizeof *arity, MAXARGS = 6 };

unsigned fpa_tvm_fn_arity(fpa_tvm_fn fn)
{
    return (unsigned)fn < NFN ? arity[fn] : 0;
}

/* `when` given as a double: 0 or 1, else a value check_when refuses. */
static fpa_when when_of(double w)
{
    return w == 0 ? FPA_WHEN_END : w == 1 ? FPA_WHEN_BEGIN : (fpa_when)-1;
}

static fpa_status call(double *out, fpa_tvm_fn fn, const double *a)
{
    switch (fn) {
    case FPA_TVM_PMT: return fpa_tvm_pmt(out, a[0], a[1], a[2], a[3], when_of(a[4]));
    case FPA_TVM_PV: return fpa_tvm_pv(out, a[0], a[1], a[2], a[3], when_of(a[4]));
    case FPA_TVM_FV: return fpa_tvm_fv(out, a[0], a[1], a[2], a[3], when_of(a[4]));
    case FPA_TVM_NPER: return fpa_tvm_nper(out, a[0], a[1], a[2], a[3], when_of(a[4]));
    case FPA_TVM_RATE:
        return fpa_tvm_rate(out, a[0], a[1], a[2], a[3], when_of(a[4]), a[5]);
    case FPA_TVM_IPMT:
        return fpa_tvm_ipmt(out, a[0], a[1], a[2], a[3], a[4], when_of(a[5]));
    case FPA_TVM_PPMT:
        return fpa_tvm_ppmt(out, a[0], a[1], a[2], a[3], a[4], when_of(a[5]));
    case FPA_TVM_CUMIPMT:
        return fpa_tvm_cumipmt(out, a[0], a[1], a[2], a[3], a[4], when_of(a[5]));
    case FPA_TVM_CUMPRINC:
        return fpa_tvm_cumprinc(out, a[0], a[1], a[2], a[3], a[4], when_of(a[5]));
    case FPA_TVM_EFFECT: return fpa_tvm_effect(out, a[0], a[1]);
    case FPA_TVM_NOMINAL: return fpa_tvm_nominal(out, a[0], a[1]);
    case FPA_TVM_SLN: return fpa_tvm_sln(out, a[0], a[1], a[2]);
    case FPA_TVM_SYD: return fpa_tvm_syd(out, a[0], a[1], a[2], a[3]);
    case FPA_TVM_DDB: return fpa_tvm_ddb(out, a[0], a[1], a[2], a[3], a[4]);
    case FPA_TVM_DB: return fpa_tvm_db(out, a[0], a[1], a[2], a[3], a[4]);
    }
    return FPA_EINVAL;  /* checked by the caller */
}

/* Elements are handed out in blocks: a job per element would cost more in
 * scheduling than most elements cost to compute. */
enum { BLOCK = 4096 };

typedef struct {
    double *out;
    fpa_status *status;
    size_t count;
    fpa_tvm_fn fn;
    const double *const *args;
    const ptrdiff_t *strides;
    unsigned nargs;
} map_job;

/* The arguments of element i. */
static void gather(double *a, const map_job *m, size_t i)
{
    for (unsigned k = 0; k < m->nargs; k++) a[k] = m->args[k][(ptrdiff_t)i * m->strides[k]];
}

/* PMT, PV, FV, IPMT and PPMT of CHUNK elements, contiguous: tvm_math.h's
 * formulas on every lane, in loops of a constant count that compilers
 * vectorise, and a flag per lane for what the scalar function would take. */
enum { CHUNK = 256 };

KERNEL_CLONES static void annuity_chunk(double *restrict out, double *restrict ok,
                                        fpa_tvm_fn fn, double (*restrict a)[CHUNK])
{
    const double big = DBL_MAX;
    if (fn == FPA_TVM_IPMT || fn == FPA_TVM_PPMT) {
        /* rate, per, nper, pv, fv, when; PMT first, as the scalar function */
        for (int i = 0; i < CHUNK; i++) {
            double pmt = fpa__pmt_value(a[0][i], a[2][i], a[3][i], a[4][i], a[5][i]);
            double ip = fpa__ipmt_value(a[0][i], a[1][i], pmt, a[3][i], a[5][i]);
            double pp = pmt - ip;
            out[i] = fn == FPA_TVM_IPMT ? ip : pp;
            int good = (a[0][i] > -1) & (a[0][i] <= big) & (a[1][i] >= 1) &
                       (a[1][i] <= a[2][i]) & (fabs(a[2][i]) <= big) & (fabs(a[3][i]) <= big) &
                       (fabs(a[4][i]) <= big) & ((a[5][i] == 0) | (a[5][i] == 1)) &
                       (fabs(pmt) <= big) & (fabs(out[i]) <= big);
            ok[i] = good ? 1.0 : 0.0;
        }
        return;
    }
    if (fn == FPA_TVM_PMT)
        for (int i = 0; i < CHUNK; i++)
            out[i] = fpa__pmt_value(a[0][i], a[1][i], a[2][i], a[3][i], a[4][i]);
    else if (fn == FPA_TVM_PV)
        for (int i = 0; i < CHUNK; i++)
            out[i] = fpa__pv_value(a[0][i], a[1][i], a[2][i], a[3][i], a[4][i]);
    else
        for (int i = 0; i < CHUNK; i++)
            out[i] = fpa__fv_value(a[0][i], a[1][i], a[2][i], a[3][i], a[4][i]);
    /* what the scalar function accepts and computes without a failure:
     * finite arguments, a rate above -1, a timing of 0 or 1 (PMT: a
     * non-zero nper), a finite result */
    const double nper_zero = fn == FPA_TVM_PMT ? 0 : -1;
    for (int i = 0; i < CHUNK; i++) {
        int good = (a[0][i] > -1) & (a[0][i] <= big) & (fabs(a[1][i]) <= big) &
                   (fabs(a[2][i]) <= big) & (fabs(a[3][i]) <= big) &
                   ((a[4][i] == 0) | (a[4][i] == 1)) & (a[1][i] != nper_zero) &
                   (fabs(out[i]) <= big);
        ok[i] = good ? 1.0 : 0.0;
    }
}

static fpa_status element(const map_job *m, size_t i, const double *a);

/* Elements [lo, hi) of the annuity functions: a chunk at a time through the
 * kernel; the elements it cannot take (a bad argument, an overflow) go to
 * the scalar function for their status. */
static fpa_status annuity_block(const map_job *m, size_t lo, size_t hi)
{
    static const double benign[6] = {0.01, 1, 1, 1, 1, 0};  /* fills a short chunk */
    double a[6][CHUNK], res[CHUNK], ok[CHUNK];
    unsigned n = m->nargs;
    for (size_t at = lo; at < hi; at += CHUNK) {
        size_t len = hi - at < CHUNK ? hi - at : CHUNK;
        for (unsigned k = 0; k < n; k++) {
            const double *src = m->args[k];
            ptrdiff_t st = m->strides[k];
            if (st == 0)
                for (size_t i = 0; i < CHUNK; i++) a[k][i] = src[0];
            else if (st == 1)
                memcpy(a[k], src + at, len * sizeof(double));
            else
                for (size_t i = 0; i < len; i++) a[k][i] = src[(ptrdiff_t)(at + i) * st];
            for (size_t i = len; i < CHUNK; i++) a[k][i] = benign[k == n - 1 ? 5 : k];
        }
        annuity_chunk(res, ok, m->fn, a);
        memcpy(m->out + at, res, len * sizeof *res);
        if (m->status)
            for (size_t i = 0; i < len; i++) m->status[at + i] = FPA_OK;
        for (size_t i = 0; i < len; i++)
            if (FPA_UNLIKELY(ok[i] == 0)) {
                double x[6] = {0};
                for (unsigned k = 0; k < n; k++) x[k] = a[k][i];
                TRY(element(m, at + i, x));
            }
    }
    return FPA_OK;
}

/* Element i by the scalar function: FPA_OK, or (without statuses) its
 * failure, with the element named. */
static fpa_status element(const map_job *m, size_t i, const double *a)
{
    fpa_status st = call(&m->out[i], m->fn, a);
    if (FPA_LIKELY(st == FPA_OK)) {
        if (m->status) m->status[i] = FPA_OK;
        return FPA_OK;
    }
    if (!m->status) return fpa__fail(st, "element %zu: %s", i, fpa_error_last());
    m->status[i] = st;
    m->out[i] = NAN;
    return FPA_OK;
}

/* Elements [lo, hi): FPA_OK, or (without statuses) the first failure,
 * with its element named. */
static fpa_status map_block(const map_job *m, size_t lo, size_t hi)
{
    if (m->fn == FPA_TVM_PMT || m->fn == FPA_TVM_PV || m->fn == FPA_TVM_FV ||
        m->fn == FPA_TVM_IPMT || m->fn == FPA_TVM_PPMT)
        return annuity_block(m, lo, hi);
    double a[MAXARGS];
    for (size_t i = lo; i < hi; i++) {
        gather(a, m, i);
        TRY(element(m, i, a));
    }
    return FPA_OK;
}

static fpa_status map_job_run(void *p, size_t job, unsigned worker)
{
    (void)worker;
    const map_job *m = p;
    size_t lo = job * BLOCK, hi = lo + BLOCK < m->count ? lo + BLOCK : m->count;
    return map_block(m, lo, hi);
}

/* With statuses: FPA_PARTIAL naming the first failing element (computed
 * again on this thread for its detail), or FPA_OK with the thread's record
 * as it was before the call. */
static fpa_status map_summary(const map_job *m, const fpa__tvm_error *saved)
{
    for (size_t i = 0; i < m->count; i++)
        if (m->status[i] != FPA_OK) {
            double a[MAXARGS], ignored;
            gather(a, m, i);
            (void)call(&ignored, m->fn, a);
            return fpa__fail(FPA_PARTIAL, "element %zu: %s", i, fpa_error_last());
        }
    fpa__tvm_error_restore(saved);
    return FPA_OK;
}

fpa_status fpa_tvm_map(double *out, fpa_status *out_status, size_t count, fpa_tvm_fn fn,
                       const double *const *args, const ptrdiff_t *strides,
                       const fpa_opts *opts)
{
    if ((unsigned)fn >= NFN)
        return fpa__fail(FPA_EINVAL, "fn is %d; expected an fpa_tvm_fn (0 .. %d)", (int)fn,
                         NFN - 1);
    if (count == 0) return FPA_OK;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(args, "args"));
    TRY(fpa__check_ptr(strides, "strides"));
    for (unsigned k = 0; k < arity[fn]; k++)
        if (!args[k]) return fpa__fail(FPA_EINVAL, "args[%u] is NULL", k);
    map_job m = {out, out_status, count, fn, args, strides, arity[fn]};
    if (!out_status)  /* a failure ends the call: nothing to put aside */
        return fpa__parallel_for(opts, (count + BLOCK - 1) / BLOCK, map_job_run, &m);
    fpa__tvm_error saved;
    fpa__tvm_error_save(&saved);
    fpa_status st = fpa__parallel_for(opts, (count + BLOCK - 1) / BLOCK, map_job_run, &m);
    if (st != FPA_OK) return st;
    return map_summary(&m, &saved);
}

fpa_status fpa_tvm_npv_grid(double *out, fpa_status *out_status, const double *rates,
                            size_t nrates, const double *values, size_t rows, size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(rates, "rates"));
    TRY(fpa__check_ptr(values, "values"));
    if (!nrates || !rows || !n)
        return fpa__fail(FPA_EINVAL, "nrates, rows and n must be at least 1 (%zu, %zu, %zu)",
                         nrates, rows, n);
    size_t cells;
    if (fpa__mul_overflows(nrates, rows, &cells) || fpa__mul_overflows(rows, n, &(size_t){0}))
        return fpa__fail(FPA_EINVAL, "nrates * rows * n overflows");
    fpa__tvm_error saved;
    fpa__tvm_error_save(&saved);
    for (size_t i = 0; i < nrates; i++)
        for (size_t j = 0; j < rows; j++) {
            size_t at = i * rows + j;
            fpa_status st = fpa_tvm_npv(&out[at], rates[i], values + j * n, n);
            if (FPA_LIKELY(st == FPA_OK)) {
                if (out_status) out_status[at] = FPA_OK;
                continue;
            }
            if (!out_status)
                return fpa__fail(st, "rates[%zu], row %zu: %s", i, j, fpa_error_last());
            out_status[at] = st;
            out[at] = NAN;
        }
    if (out_status)
        for (size_t at = 0; at < cells; at++)
            if (out_status[at] != FPA_OK) {
                double ignored;
                size_t i = at / rows, j = at % rows;
                (void)fpa_tvm_npv(&ignored, rates[i], values + j * n, n);
                return fpa__fail(FPA_PARTIAL, "rates[%zu], row %zu: %s", i, j,
                                 fpa_error_last());
            }
    fpa__tvm_error_restore(&saved);
    return FPA_OK;
}
