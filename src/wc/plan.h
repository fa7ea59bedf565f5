/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-capital plan is a planning model (src/model/): its drivers
 * are the model's first six input lines, the projection's lines relations
 * of them (formulas in wc.h). Projections, scenarios, sensitivity, goal
 * seek and Monte Carlo all run on the model's engine; the calls that
 * promise not to allocate evaluate in chunks of periods on the stack. */
#ifndef FPA_WC_PLAN_H
#define FPA_WC_PLAN_H
#include "fpa/wc.h"
#include "../model/model_internal.h"

enum { WC_NDRIVERS = 6, WC_NLINES = 10, WC_MAX_PERIODS = 100000 };

/* The model's lines after the six drivers (in fpa_wc_driver order). */
enum {
    WC_L_AR = WC_NDRIVERS, WC_L_INVENTORY, WC_L_PURCHASES, WC_L_AP_BASE, WC_L_AP, WC_L_NWC,
    WC_L_DELTA_NWC, WC_L_PREV_AR, WC_L_PREV_INVENTORY, WC_L_PREV_AP, WC_L_COLLECTIONS,
    WC_L_PAYMENTS, WC_L_NET_CASH, WC_L_CASH, WC_L_LOWEST_CASH, WC_NMODEL_LINES
};

struct fpa_wc_plan {
    fpa_mem mem;
    size_t n;
    bool days_set;
    bool ap_on_purchases;
    fpa_model *model;  /* built by fpa_wc_plan_new */
};

/* The model line of each fpa_wc_line. */
extern const size_t wc__line_of[WC_NLINES];

/* A change of one driver from period `from` on: a model change whose line
 * is the driver. */
typedef mdl__change wc__lever;
typedef mdl__changes wc__levers;

typedef struct {
    double end_cash, end_nwc, min_cash;
    size_t min_period;  /* first period where the minimum is reached */
} wc__summary;

/* Project the plan under the lever lists: the requested lines to out
 * (line-major, as fpa_wc_project()) when out is not NULL, the summary when
 * sum is not NULL. Fails with FPA_EDOM when a driver leaves its domain or
 * purchases turn negative (payables on purchases), FPA_EOVERFLOW when a
 * value is not finite. Allocates nothing. */
fpa_status wc__run(const fpa_wc_plan *p, const wc__levers *lists, size_t nlists,
                   const fpa_wc_line *lines, size_t nlines, double *out, wc__summary *sum);

/* "DSO" etc. */
const char *wc__driver_name(int driver);
fpa_status wc__check_driver(int driver);
/* The arguments of a projection (fpa_wc_project, fpa_scenario_project):
 * outputs, the lines asked for, and room for nlines x periods values. */
fpa_status wc__check_projection(const double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_wc_line *lines, size_t nlines);
fpa_status wc__check_plan(const fpa_wc_plan *p);
#endif
