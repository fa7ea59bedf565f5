/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The projection core, shared by the wc and scenario modules. Scenarios,
 * sensitivity tables, goal seek and Monte Carlo all run this one step
 * function, so it lives here rather than behind the public API, whose
 * per-call validation would cost more than the step itself. */
#ifndef FPA_WC_PLAN_H
#define FPA_WC_PLAN_H
#include "fpa/wc.h"
#include "../core/internal.h"

enum { WC_NDRIVERS = 6, WC_NLINES = 10, WC_MAX_PERIODS = 100000 };

/* Values match enum fpa_scenario_op (scenario.c checks it). */
enum { WC_SET = 0, WC_ADD = 1, WC_MUL = 2 };

struct fpa_wc_plan {
    fpa_mem mem;
    size_t n;
    bool days_set;
    bool ap_on_purchases;
    double open_ar, open_inv, open_ap, open_cash;
    double *days;                /* n */
    double *per_day;             /* n: 1 / days, so a step divides nothing */
    double *drv[WC_NDRIVERS];    /* n each, one block starting at drv[0] */
};

/* A change of one driver from period `from` on. */
typedef struct {
    int driver, op;
    double value;
    size_t from;
} wc__lever;

/* A list of levers applied in order: a scenario's, then extra ones. */
typedef struct {
    const wc__lever *lever;
    size_t count;
} wc__levers;

static inline double wc__apply(double x, int op, double v)
{
    return op == WC_SET ? v : op == WC_ADD ? x + v : x * v;
}

typedef struct {
    double ar, inv, ap, cash;
} wc__bal;

static inline wc__bal wc__opening(const fpa_wc_plan *p)
{
    return (wc__bal){p->open_ar, p->open_inv, p->open_ap, p->open_cash};
}

/* One period of the projection (formulas in wc.h). Writes the ten lines
 * in fpa_wc_line order to `row` when it is not NULL. A negative payables
 * base (purchases) is clamped to 0 and reported by returning false. */
static inline bool wc__step(wc__bal *b, const double v[WC_NDRIVERS],
                            double per_day, bool on_purchases, double *row)
{
    double rev = v[FPA_WC_REVENUE], cogs = v[FPA_WC_COGS];
    double ar = v[FPA_WC_DSO] * rev * per_day;
    double inv = v[FPA_WC_DIO] * cogs * per_day;
    double purchases = cogs + inv - b->inv;
    double base = on_purchases ? purchases : cogs;
    bool ok = base >= 0;
    double ap = v[FPA_WC_DPO] * (ok ? base : 0) * per_day;
    double collections = b->ar + rev - ar;
    double payments = b->ap + purchases - ap;
    double net = collections - payments + v[FPA_WC_OTHER_CASH];
    if (row) {
        double nwc = ar + inv - ap;
        row[FPA_WC_LINE_AR] = ar;
        row[FPA_WC_LINE_INVENTORY] = inv;
        row[FPA_WC_LINE_AP] = ap;
        row[FPA_WC_LINE_NWC] = nwc;
        row[FPA_WC_LINE_DELTA_NWC] = nwc - (b->ar + b->inv - b->ap);
        row[FPA_WC_LINE_COLLECTIONS] = collections;
        row[FPA_WC_LINE_PURCHASES] = purchases;
        row[FPA_WC_LINE_PAYMENTS] = payments;
        row[FPA_WC_LINE_NET_CASH] = net;
        row[FPA_WC_LINE_CASH] = b->cash + net;
    }
    b->ar = ar;
    b->inv = inv;
    b->ap = ap;
    b->cash += net;
    return ok;
}

/* The drivers of period t: the plan's, then each lever list in order. */
static inline void wc__drivers_at(double v[WC_NDRIVERS], const fpa_wc_plan *p,
                                  const wc__levers *lists, size_t nlists,
                                  size_t t)
{
    for (int d = 0; d < WC_NDRIVERS; d++) v[d] = p->drv[d][t];
    for (size_t l = 0; l < nlists; l++)
        for (size_t i = 0; i < lists[l].count; i++) {
            const wc__lever *x = &lists[l].lever[i];
            if (t >= x->from) v[x->driver] = wc__apply(v[x->driver], x->op, x->value);
        }
}

typedef struct {
    double end_cash, end_nwc, min_cash;
    size_t min_period;  /* first period where the minimum is reached */
} wc__summary;

/* Project the plan under the lever lists. Writes the requested lines to
 * out (line-major, as fpa_wc_project()) when out is not NULL, the whole
 * per-period rows (period-major, WC_NLINES each) when rows is not NULL,
 * and the summary when sum is not NULL. Fails with FPA_EDOM when a driver
 * leaves its domain or purchases turn negative, FPA_EOVERFLOW when a value
 * is not finite. Allocates nothing. */
fpa_status wc__run(const fpa_wc_plan *p, const wc__levers *lists,
                   size_t nlists, const fpa_wc_line *lines, size_t nlines,
                   double *out, double *rows, wc__summary *sum);

/* "DSO" etc. */
const char *wc__driver_name(int driver);
fpa_status wc__check_driver(int driver);
/* The arguments of a projection (fpa_wc_project, fpa_scenario_project):
 * outputs, the lines asked for, and room for nlines x periods values. */
fpa_status wc__check_projection(const double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_wc_line *lines, size_t nlines);
fpa_status wc__check_plan(const fpa_wc_plan *p);
#endif
