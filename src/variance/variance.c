/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Budget versus actual: cell variances with flags and materiality,
 * calendar windows, spend control. */
#include "minor.h"
#include "../core/parallel.h"
#include "../core/vectorize.h"

#include <float.h>

/* ---- budget vs actual ------------------------------------------------ */

typedef struct {
    double *var, *pct;
    uint32_t *flags;
    const double *b, *a;
    size_t lines, periods, chunk;
    const int *nature, *rule;
    const double *abs_t, *pct_t;
    double def_abs, def_pct;
    int def_rule;
} compute_job;

/* Per-line settings of the cell kernel, as doubles so that every lane of
 * the kernel is a double: `over` and `under` are the flag bits of a
 * positive and a negative variance. The materiality rule is "both tests"
 * or "either test"; a rule on one test alone is "both" with the other
 * test's threshold at -1, which every variance passes (the percentage
 * test of a zero budget, v != 0, is implied by |v| > abs >= 0). */
typedef struct {
    double abs_t, pct_t, over, under;
    bool either;
} line_rule;

enum { BLOCK = 256 };  /* cells per kernel call: outputs not wanted go to
                         stack buffers of this size */

/* The cell kernel, branch-free so that it vectorises (src/core/vectorize.h):
 * comparisons only select doubles, and the flag word is the sum of the
 * selected bits. A non-finite input or result makes chk[k] NaN (x - x is
 * 0 for every finite x); the caller looks at chk once per chunk. Inlined
 * into compute_lines, whose setup it then shares across lines. */
FPA_KERNEL void compute_cells(double *restrict var, double *restrict pct,
                                 uint32_t *restrict flags, const double *restrict bud,
                                 const double *restrict act, size_t n, line_rule r,
                                 double *restrict chk)
{
    for (size_t k = 0; k < n; k++) {
        double b = bud[k], a = act[k], v = a - b, ab = fabs(b), av = fabs(v);
        double p = b == 0 ? 0.0 : v / ab;
        double pct_test = b == 0 ? 0.0 : r.pct_t * ab;  /* zero budget: v != 0 */
        double f = (v > 0 ? r.over : 0.0) + (v < 0 ? r.under : 0.0) +
                   (b == 0 ? (double)FPA_VAR_NO_BUDGET : 0.0) +
                   ((((a < 0) & (b > 0)) | ((a > 0) & (b < 0)))
                        ? (double)FPA_VAR_SIGN_FLIP : 0.0) +
                   (((av > r.abs_t) & (av > pct_test)) ? (double)FPA_VAR_MATERIAL : 0.0);
        var[k] = v;
        pct[k] = p;
        flags[k] = (uint32_t)(int32_t)f;
        chk[k] += (v - v) + (p - p);
    }
}

/* The same for the rule "either test": material when one of them passes. */
FPA_KERNEL void compute_cells_either(double *restrict var, double *restrict pct,
                                        uint32_t *restrict flags,
                                        const double *restrict bud,
                                        const double *restrict act, size_t n,
                                        line_rule r, double *restrict chk)
{
    for (size_t k = 0; k < n; k++) {
        double b = bud[k], a = act[k], v = a - b, ab = fabs(b), av = fabs(v);
        double p = b == 0 ? 0.0 : v / ab;
        double pct_test = b == 0 ? 0.0 : r.pct_t * ab;
        double f = (v > 0 ? r.over : 0.0) + (v < 0 ? r.under : 0.0) +
                   (b == 0 ? (double)FPA_VAR_NO_BUDGET : 0.0) +
                   ((((a < 0) & (b > 0)) | ((a > 0) & (b < 0)))
                        ? (double)FPA_VAR_SIGN_FLIP : 0.0) +
                   (((av > r.abs_t) | (av > pct_test)) ? (double)FPA_VAR_MATERIAL : 0.0);
        var[k] = v;
        pct[k] = p;
        flags[k] = (uint32_t)(int32_t)f;
        chk[k] += (v - v) + (p - p);
    }
}

/* Name the first bad cell of a line, or return FPA_OK when it has none. */
static fpa_status line_error(const compute_job *c, size_t i)
{
    for (size_t k = i * c->periods; k < (i + 1) * c->periods; k++) {
        size_t t = k - i * c->periods;
        if (!fpa__finite(c->b[k]))
            return fpa__fail(FPA_EDOM, "budget[line %zu, period %zu] is %s", i, t,
                             nonfinite_name(c->b[k]));
        if (!fpa__finite(c->a[k]))
            return fpa__fail(FPA_EDOM, "actual[line %zu, period %zu] is %s", i, t,
                             nonfinite_name(c->a[k]));
    }
    for (size_t k = i * c->periods; k < (i + 1) * c->periods; k++) {
        double v = c->a[k] - c->b[k];
        if (!fpa__finite(v) || (c->b[k] != 0 && !fpa__finite(v / fabs(c->b[k]))))
            return fpa__fail(FPA_EOVERFLOW, "line %zu: a variance or percentage "
                             "is not finite (amounts too large or a budget too "
                             "small)", i);
    }
    return FPA_OK;
}

/* The rule of line i, read as a revenue line: a cost line's favourable
 * and unfavourable bits are swapped afterwards (swap_nature), so that
 * lines that differ only in nature share one run of the kernel. */
static line_rule rule_of(const compute_job *c, size_t i)
{
    int rule = c->rule ? c->rule[i] : c->def_rule;
    line_rule r = {c->abs_t && !isnan(c->abs_t[i]) ? c->abs_t[i] : c->def_abs,
                   c->pct_t && !isnan(c->pct_t[i]) ? c->pct_t[i] : c->def_pct,
                   FPA_VAR_FAVOURABLE, FPA_VAR_UNFAVOURABLE, rule == FPA_MATERIAL_EITHER};
    if (rule == FPA_MATERIAL_ABS_ONLY) r.pct_t = -1;
    if (rule == FPA_MATERIAL_PCT_ONLY) r.abs_t = -1;
    return r;
}

static bool same_rule(line_rule x, line_rule y)
{
    return x.abs_t == y.abs_t && x.pct_t == y.pct_t && x.either == y.either;
}

/* Cells lo .. hi-1, all under rule r, in blocks of at most BLOCK cells. */
FPA_VECTORIZE FPA_VECTORIZE_WIDE
static void compute_run(const compute_job *c, size_t lo, size_t hi, line_rule r,
                        double *chk)
{
    double sink_v[BLOCK], sink_p[BLOCK];
    uint32_t sink_f[BLOCK];
    for (size_t k = lo; k < hi; k += BLOCK) {
        size_t n = hi - k < BLOCK ? hi - k : BLOCK;
        double *var = c->var ? c->var + k : sink_v, *pct = c->pct ? c->pct + k : sink_p;
        uint32_t *flags = c->flags ? c->flags + k : sink_f;
        if (r.either)
            compute_cells_either(var, pct, flags, c->b + k, c->a + k, n, r, chk);
        else
            compute_cells(var, pct, flags, c->b + k, c->a + k, n, r, chk);
    }
}

/* On a cost line a variance above budget is unfavourable: swap the two
 * bits (FPA_VAR_FAVOURABLE is 1, FPA_VAR_UNFAVOURABLE 2; at most one is
 * set). */
FPA_VECTORIZE
static void swap_nature(uint32_t *restrict f, size_t n)
{
    for (size_t k = 0; k < n; k++) f[k] ^= ((f[k] | f[k] >> 1) & 1u) * 3u;
}

/* Lines lo .. hi-1: runs of consecutive lines with one rule (the whole
 * chunk when no per-line threshold or rule is given) go through the
 * kernel as one stretch of cells. */
static void compute_lines(const compute_job *c, size_t lo, size_t hi, double *chk)
{
    size_t P = c->periods;
    bool uniform = !c->abs_t && !c->pct_t && !c->rule;
    for (size_t i = lo, j; i < hi; i = j) {
        line_rule r = rule_of(c, i);
        j = uniform ? hi : i + 1;
        while (j < hi && same_rule(r, rule_of(c, j))) j++;
        compute_run(c, i * P, j * P, r, chk);
    }
    if (c->flags)
        for (size_t i = lo; i < hi; i++)
            if (c->nature[i] == FPA_NATURE_COST) swap_nature(c->flags + i * P, P);
}

static fpa_status compute_chunk(void *ctx, size_t job, unsigned worker)
{
    (void)worker;
    const compute_job *c = ctx;
    size_t lo = job * c->chunk, hi = lo + c->chunk;
    if (hi > c->lines) hi = c->lines;
    double chk[BLOCK] = {0};
    compute_lines(c, lo, hi, chk);
    double bad = 0;
    for (size_t k = 0; k < BLOCK; k++) bad += chk[k];
    if (FPA_LIKELY(bad == 0)) return FPA_OK;
    for (size_t i = lo; i < hi; i++) TRY(line_error(c, i));
    return FPA_OK;
}

static fpa_status check_threshold(const double *t, size_t n, const char *what)
{
    if (!t) return FPA_OK;
    for (size_t i = 0; i < n; i++)
        if (!isnan(t[i]) && !(t[i] >= 0 && fpa__finite(t[i])))
            return fpa__fail(FPA_EDOM, "%s[%zu] is %.17g; thresholds must be "
                             "finite and >= 0 (NaN for the default)", what, i, t[i]);
    return FPA_OK;
}

static fpa_status check_enum(const int *v, size_t n, int max, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0 || v[i] > max)
            return fpa__fail(FPA_EINVAL, "%s[%zu] is %d; expected 0 .. %d", what,
                             i, v[i], max);
    return FPA_OK;
}

static fpa_status check_matrix(size_t lines, size_t periods, size_t *cells)
{
    if (lines == 0) return fpa__fail(FPA_EINVAL, "lines is 0");
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(lines, periods, cells))
        return fpa__fail(FPA_EINVAL, "lines * periods overflows size_t");
    return FPA_OK;
}

fpa_status fpa_variance_compute(double *out_variance, double *out_pct,
                                uint32_t *out_flags, const double *budget,
                                const double *actual, size_t lines,
                                size_t periods, const int *nature,
                                const double *abs_threshold,
                                const double *pct_threshold, const int *rule,
                                const fpa_opts *opts)
{
    size_t cells;
    TRY(fpa__check_ptr(budget, "budget"));
    TRY(fpa__check_ptr(actual, "actual"));
    TRY(fpa__check_ptr(nature, "nature"));
    TRY(check_matrix(lines, periods, &cells));
    TRY(check_enum(nature, lines, FPA_NATURE_COST, "nature"));
    if (rule) TRY(check_enum(rule, lines, FPA_MATERIAL_PCT_ONLY, "rule"));
    TRY(check_threshold(abs_threshold, lines, "abs_threshold"));
    TRY(check_threshold(pct_threshold, lines, "pct_threshold"));
    /* about 64k cells per job: big enough to amortise the hand-out,
     * small enough to balance */
    size_t chunk = 65536 / periods ? 65536 / periods : 1;
    compute_job c = {out_variance, out_pct, out_flags, budget, actual, lines,
                     periods, chunk, nature, rule, abs_threshold,
                     pct_threshold, fpa__opt(opts, FPA_OPT_VARIANCE_MATERIAL_ABS),
                     fpa__opt(opts, FPA_OPT_VARIANCE_MATERIAL_PCT),
                     fpa__opt_int(opts, FPA_OPT_VARIANCE_MATERIAL_RULE)};
    return fpa__parallel_for(opts, (lines + chunk - 1) / chunk, compute_chunk, &c);
}

/* ---- windows ------------------------------------------------------------ */

static const char *const window_names[] = {"period", "QTD", "YTD",
                                           "trailing-3", "trailing-12",
                                           "outlook"};

fpa_status fpa_variance_window_range(size_t *out_first, size_t *out_last,
                                     size_t periods, int first_month, size_t at,
                                     fpa_window window, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out_first, "out_first"));
    TRY(fpa__check_ptr(out_last, "out_last"));
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (first_month < 1 || first_month > 12)
        return fpa__fail(FPA_EINVAL, "first_month is %d; expected 1 .. 12",
                         first_month);
    if ((int)window < FPA_WINDOW_PERIOD || (int)window > FPA_WINDOW_OUTLOOK)
        return fpa__fail(FPA_EINVAL, "window is %d; not an fpa_window", (int)window);
    if (at >= periods)
        return fpa__fail(FPA_EDOM, "at = %zu is past the last period (%zu)", at,
                         periods - 1);
    /* the 1.0 key, when set, before the library-wide one (core.h) */
    int fy = fpa__opt_int(opts, FPA_OPT_VARIANCE_FY_START);
    if (fy == 1) fy = fpa__opt_int(opts, FPA_OPT_FISCAL_YEAR_START);
    if (fy > 12)
        return fpa__fail(FPA_EINVAL, "option fiscal_year_start is %d; variance "
                         "periods are months, so it must be 1 .. 12", fy);
    size_t start = (size_t)fy - 1;
    size_t month = ((size_t)first_month - 1 + at % 12) % 12;  /* 0 = January */
    size_t f = (month + 12 - start) % 12;                      /* fiscal month */
    static const size_t trailing[] = {0, 0, 0, 2, 11, 0};
    size_t back = window == FPA_WINDOW_QTD ? f % 3
                : window == FPA_WINDOW_YTD || window == FPA_WINDOW_OUTLOOK ? f
                : trailing[window];
    size_t fwd = window == FPA_WINDOW_OUTLOOK ? 11 - f : 0;
    if (back > at)
        return fpa__fail(FPA_EDOM, "the %s window of period %zu starts %zu "
                         "period%s before the series' first value",
                         window_names[window], at, back - at,
                         back - at == 1 ? "" : "s");
    if (fwd > periods - 1 - at)
        return fpa__fail(FPA_EDOM, "the %s window of period %zu ends %zu "
                         "period%s after the series' last value",
                         window_names[window], at, fwd - (periods - 1 - at),
                         fwd - (periods - 1 - at) == 1 ? "" : "s");
    *out_first = at - back;
    *out_last = at + fwd;
    return FPA_OK;
}

static fpa_status window_sum(double *out, const double *x, size_t row,
                             size_t lo, size_t hi, const char *what, size_t line)
{
    double s = *out;
    for (size_t t = lo; t <= hi; t++) {
        if (FPA_UNLIKELY(!fpa__finite(x[row + t])))
            return fpa__fail(FPA_EDOM, "%s[line %zu, period %zu] is %s", what,
                             line, t, nonfinite_name(x[row + t]));
        s += x[row + t];
    }
    if (!fpa__finite(s))
        return fpa__fail(FPA_EOVERFLOW, "the %s sum of line %zu is not finite",
                         what, line);
    *out = s;
    return FPA_OK;
}

static fpa_status window_line(double *b, double *a, const double *budget,
                              const double *actual, const double *forecast,
                              size_t line, size_t periods, size_t first,
                              size_t last, size_t at)
{
    size_t row = line * periods;
    *b = 0;
    *a = 0;
    TRY(window_sum(b, budget, row, first, last, "budget", line));
    TRY(window_sum(a, actual, row, first, at < last ? at : last, "actual", line));
    if (last > at) TRY(window_sum(a, forecast, row, at + 1, last, "forecast", line));
    return FPA_OK;
}

fpa_status fpa_variance_window(double *out_budget, double *out_actual,
                               const double *budget, const double *actual,
                               const double *forecast, size_t lines,
                               size_t periods, int first_month, size_t at,
                               fpa_window window, const fpa_opts *opts)
{
    size_t cells, first, last;
    TRY(fpa__check_ptr(out_budget, "out_budget"));
    TRY(fpa__check_ptr(out_actual, "out_actual"));
    TRY(fpa__check_ptr(budget, "budget"));
    TRY(fpa__check_ptr(actual, "actual"));
    TRY(check_matrix(lines, periods, &cells));
    TRY(fpa_variance_window_range(&first, &last, periods, first_month, at,
                                  window, opts));
    if (window == FPA_WINDOW_OUTLOOK) TRY(fpa__check_ptr(forecast, "forecast"));
    /* validate every line before writing any, so failures leave the
     * outputs untouched; windows are at most 12 periods long */
    double b, a;
    for (size_t i = 0; i < lines; i++)
        TRY(window_line(&b, &a, budget, actual, forecast, i, periods, first, last, at));
    for (size_t i = 0; i < lines; i++)
        window_line(&out_budget[i], &out_actual[i], budget, actual, forecast, i,
                    periods, first, last, at);
    return FPA_OK;
}

/* ---- spend control ------------------------------------------------------ */

fpa_status fpa_variance_spend_control(uint32_t *out_item_flags,
                                      double *out_remaining,
                                      const size_t *item_line,
                                      const double *item_amount, size_t n_items,
                                      const double *spent, const double *limit,
                                      size_t n_lines, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out_remaining, "out_remaining"));
    TRY(fpa__check_ptr(limit, "limit"));
    if (n_lines == 0) return fpa__fail(FPA_EINVAL, "n_lines is 0");
    if (n_items) {
        TRY(fpa__check_ptr(item_line, "item_line"));
        TRY(fpa__check_ptr(item_amount, "item_amount"));
    }
    TRY(fpa__check_finite(item_amount, n_items, 0, "item_amount"));
    TRY(fpa__check_finite(limit, n_lines, 1, "limit"));
    if (spent) TRY(fpa__check_finite(spent, n_lines, 1, "spent"));
    /* |running spend| <= max|spent| + sum|items|, and the headroom adds
     * max|limit|: when that bound is finite nothing below can overflow */
    double bound = 0, top = 0;
    for (size_t j = 0; j < n_items; j++) {
        if (item_line[j] >= n_lines)
            return fpa__fail(FPA_EDATA, "item_line[%zu] = %zu names no line "
                             "(there are %zu)", j, item_line[j], n_lines);
        bound += fabs(item_amount[j]);
    }
    for (size_t i = 0; i < n_lines; i++) {
        double m = fabs(limit[i]) + (spent ? fabs(spent[i]) : 0);
        if (m > top) top = m;
    }
    if (!fpa__finite(bound + top))
        return fpa__fail(FPA_EOVERFLOW, "the spend amounts are too large: a "
                         "running total could overflow");

    double tol = fpa__opt(opts, FPA_OPT_VARIANCE_LIMIT_TOLERANCE);
    double approval = fpa__opt(opts, FPA_OPT_VARIANCE_APPROVAL_LIMIT);
    /* out_remaining holds the running spend until the end */
    for (size_t i = 0; i < n_lines; i++) out_remaining[i] = spent ? spent[i] : 0;
    for (size_t j = 0; j < n_items; j++) {
        size_t i = item_line[j];
        double cap = limit[i] + tol * fabs(limit[i]);
        bool before = out_remaining[i] > cap;
        out_remaining[i] += item_amount[j];
        bool after = out_remaining[i] > cap;
        if (out_item_flags)
            out_item_flags[j] = (after ? FPA_SPEND_OVER_LIMIT : 0u) |
                                (after && !before ? FPA_SPEND_CROSSES_LIMIT : 0u) |
                                (item_amount[j] > approval ? FPA_SPEND_DUAL_APPROVAL : 0u);
    }
    for (size_t i = 0; i < n_lines; i++) out_remaining[i] = limit[i] - out_remaining[i];
    return FPA_OK;
}
