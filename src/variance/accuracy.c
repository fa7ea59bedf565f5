/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accuracy of a plan against actuals. The measures are computed by one
 * small internal function so that they can be replaced by the accuracy
 * module's when it lands (fpa/accuracy.h), with the same definitions. */
#include "minor.h"

#include <string.h>

/* Sums over a run of cells; the measures follow from them. */
typedef struct {
    double ape;     /* sum |e / a| over cells with a != 0 */
    double abs_e;   /* sum |e| */
    double abs_a;   /* sum |a| */
    double over;    /* sum (plan - actual) */
    size_t n;       /* cells with a != 0 */
} acc_sums;

static void acc_add(acc_sums *s, const double *plan, const double *actual,
                    size_t n)
{
    for (size_t t = 0; t < n; t++) {
        double e = actual[t] - plan[t];
        s->abs_e += fabs(e);
        s->abs_a += fabs(actual[t]);
        s->over -= e;
        if (actual[t] != 0) {
            s->ape += fabs(e / actual[t]);
            s->n++;
        }
    }
}

/* MAPE, WAPE and bias of the sums; all 0 when every actual is 0. `line`
 * names the line in a failure, or is SIZE_MAX for the total. */
static fpa_status acc_measures(double out[FPA_ACCURACY_PARTS], const acc_sums *s,
                               size_t line)
{
    double m[FPA_ACCURACY_PARTS] = {0, 0, 0};
    if (s->n) {
        m[FPA_ACCURACY_MAPE] = s->ape / (double)s->n;
        m[FPA_ACCURACY_WAPE] = s->abs_e / s->abs_a;
        m[FPA_ACCURACY_BIAS] = s->over / s->abs_a;
    }
    for (int k = 0; k < FPA_ACCURACY_PARTS; k++)
        if (!fpa__finite(m[k])) {
            if (line == SIZE_MAX)
                return fpa__fail(FPA_EOVERFLOW, "the total accuracy is not "
                                 "finite (amounts too large or too small)");
            return fpa__fail(FPA_EOVERFLOW, "the accuracy of line %zu is not "
                             "finite (amounts too large or too small)", line);
        }
    memcpy(out, m, sizeof m);
    return FPA_OK;
}

static fpa_status acc_line(double m[FPA_ACCURACY_PARTS], acc_sums *s,
                           const double *plan, const double *actual,
                           size_t line, size_t periods)
{
    *s = (acc_sums){0, 0, 0, 0, 0};
    acc_add(s, plan + line * periods, actual + line * periods, periods);
    return acc_measures(m, s, line);
}

fpa_status fpa_variance_accuracy(double *out_mape, double *out_wape,
                                 double *out_bias, size_t *out_n,
                                 double *out_total, const double *plan,
                                 const double *actual, size_t lines,
                                 size_t periods)
{
    size_t cells;
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(actual, "actual"));
    if (lines == 0) return fpa__fail(FPA_EINVAL, "lines is 0");
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(lines, periods, &cells))
        return fpa__fail(FPA_EINVAL, "lines * periods overflows size_t");
    TRY(fpa__check_finite(plan, cells, 1, "plan"));
    TRY(fpa__check_finite(actual, cells, 1, "actual"));

    /* every measure is checked before any is written */
    acc_sums all = {0, 0, 0, 0, 0}, s;
    double m[FPA_ACCURACY_PARTS], total[FPA_ACCURACY_PARTS];
    for (size_t i = 0; i < lines; i++) TRY(acc_line(m, &s, plan, actual, i, periods));
    acc_add(&all, plan, actual, cells);
    TRY(acc_measures(total, &all, SIZE_MAX));
    for (size_t i = 0; i < lines; i++) {
        acc_line(m, &s, plan, actual, i, periods);
        if (out_mape) out_mape[i] = m[FPA_ACCURACY_MAPE];
        if (out_wape) out_wape[i] = m[FPA_ACCURACY_WAPE];
        if (out_bias) out_bias[i] = m[FPA_ACCURACY_BIAS];
        if (out_n) out_n[i] = s.n;
    }
    if (out_total) memcpy(out_total, total, sizeof total);
    return FPA_OK;
}
