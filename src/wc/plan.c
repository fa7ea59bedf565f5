/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan object: a planning model of the cash budget (formulas in wc.h),
 * built once when the plan is created; its drivers, days and openings are
 * the model's inputs, period lengths and opening values. */
#include "plan.h"

#include <string.h>

static const char *const driver_names[WC_NDRIVERS] = {
    "revenue", "COGS", "DSO", "DIO", "DPO", "other cash"};

const size_t wc__line_of[WC_NLINES] = {
    [FPA_WC_LINE_AR] = WC_L_AR, [FPA_WC_LINE_INVENTORY] = WC_L_INVENTORY,
    [FPA_WC_LINE_AP] = WC_L_AP, [FPA_WC_LINE_NWC] = WC_L_NWC,
    [FPA_WC_LINE_DELTA_NWC] = WC_L_DELTA_NWC, [FPA_WC_LINE_COLLECTIONS] = WC_L_COLLECTIONS,
    [FPA_WC_LINE_PURCHASES] = WC_L_PURCHASES, [FPA_WC_LINE_PAYMENTS] = WC_L_PAYMENTS,
    [FPA_WC_LINE_NET_CASH] = WC_L_NET_CASH, [FPA_WC_LINE_CASH] = WC_L_CASH};

const char *wc__driver_name(int driver)
{
    return driver >= 0 && driver < WC_NDRIVERS ? driver_names[driver] : "?";
}

fpa_status wc__check_driver(int driver)
{
    if (driver >= 0 && driver < WC_NDRIVERS) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "driver %d is not an fpa_wc_driver", driver);
}

fpa_status wc__check_plan(const fpa_wc_plan *p)
{
    TRY(fpa__check_ptr(p, "plan"));
    if (!p->days_set)
        return fpa__fail(FPA_EINVAL, "the plan's days are not set "
                         "(fpa_wc_plan_set_days)");
    return FPA_OK;
}

/* The cash budget as model lines, in the operation order of the formulas
 * of wc.h (so that, for instance, purchases are (COGS + Inv_t) - Inv_{t-1}):
 * the model's numbers are the projection's to the bit. */
static fpa_status define(fpa_model *m, bool on_purchases)
{
    static const double zero = 0, plus_minus[3][3] = {{1, 1, -1}, {1, -1, 1}, {1, 1, -1}};
    for (int d = 0; d < WC_NDRIVERS; d++) {
        TRY(fpa_model_input(m, driver_names[d], &zero, 1));
        if (d != FPA_WC_OTHER_CASH) TRY(fpa_model_set_floor(m, driver_names[d], 0));
    }
    static const struct {
        const char *name;
        fpa_model_rel rel;
        const char *in[3];
        size_t nin;
        int weights;  /* -1: none, else a row of plus_minus */
    } rel[] = {
        {"AR", FPA_REL_BALANCE, {"revenue", "DSO"}, 2, -1},
        {"inventory", FPA_REL_BALANCE, {"COGS", "DIO"}, 2, -1},
        {"purchases", FPA_REL_SUM, {"COGS", "inventory", "previous inventory"}, 3, 0},
        {"AP base", FPA_REL_SUM, {"COGS"}, 1, -1},
        {"AP", FPA_REL_BALANCE, {"AP base", "DPO"}, 2, -1},
        {"NWC", FPA_REL_SUM, {"AR", "inventory", "AP"}, 3, 0},
        {"change in NWC", FPA_REL_DELTA, {"NWC"}, 1, -1},
        {"previous AR", FPA_REL_LAG, {"AR"}, 1, -1},
        {"previous inventory", FPA_REL_LAG, {"inventory"}, 1, -1},
        {"previous AP", FPA_REL_LAG, {"AP"}, 1, -1},
        {"collections", FPA_REL_SUM, {"previous AR", "revenue", "AR"}, 3, 2},
        {"payments", FPA_REL_SUM, {"previous AP", "purchases", "AP"}, 3, 2},
        {"net cash", FPA_REL_SUM, {"collections", "payments", "other cash"}, 3, 1},
        {"cash", FPA_REL_CUMSUM, {"net cash"}, 1, -1},
        {"lowest cash", FPA_REL_RUNNING_MIN, {"cash"}, 1, -1}};
    static const double one = 1, floor0 = 0;
    for (size_t k = 0; k < sizeof rel / sizeof *rel; k++) {
        const double *par = rel[k].weights >= 0 ? plus_minus[rel[k].weights] : NULL;
        size_t np = par ? rel[k].nin : 0;
        if (rel[k].rel == FPA_REL_LAG) par = &one, np = 1;
        if (k == 3 && on_purchases) {  /* payables on purchases, never below 0 */
            const char *in[1] = {"purchases"};
            TRY(fpa_model_relation(m, "AP base", FPA_REL_MAX, in, 1, &floor0, 1));
            continue;
        }
        TRY(fpa_model_relation(m, rel[k].name, rel[k].rel, rel[k].in, rel[k].nin, par, np));
    }
    if (on_purchases) {
        TRY(fpa_model_set_floor(m, "purchases", 0));
        m->line[WC_L_PURCHASES].floor_why = "inventory falls by more than COGS, so payables "
                                            "measured against purchases are undefined";
    }
    return fpa_model_build(m);
}

static fpa_status new_model(fpa_model **out, size_t n, bool on_purchases, const fpa_opts *opts)
{
    TRY(fpa_model_new(out, FPA_CAL_MONTH, 0, n, opts));
    fpa_status st = define(*out, on_purchases);
    if (st != FPA_OK) {
        fpa_model_free(*out);
        *out = NULL;
    }
    return st;
}

fpa_status fpa_wc_plan_new(fpa_wc_plan **out, size_t n_periods, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    if (n_periods < 1 || n_periods > WC_MAX_PERIODS)
        return fpa__fail(FPA_EINVAL, "n_periods is %zu; must be 1 .. %d", n_periods,
                         WC_MAX_PERIODS);
    fpa_mem m = fpa__mem_of(opts);
    fpa_wc_plan *p = fpa__alloc(&m, 1, sizeof *p, true);
    if (!p) return FPA_ENOMEM;
    p->mem = m;
    p->n = n_periods;
    p->ap_on_purchases = fpa__opt_int(opts, FPA_OPT_WC_AP_BASIS) == 1;
    fpa_status st = new_model(&p->model, n_periods, p->ap_on_purchases, opts);
    if (st != FPA_OK) {
        fpa__free(&m, p, 1, sizeof *p);
        return st == FPA_ENOMEM ? FPA_ENOMEM : st;
    }
    *out = p;
    return FPA_OK;
}

void fpa_wc_plan_free(fpa_wc_plan *plan)
{
    if (!plan) return;
    fpa_mem m = plan->mem;
    fpa_model_free(plan->model);
    fpa__free(&m, plan, 1, sizeof *plan);
}

size_t fpa_wc_plan_periods(const fpa_wc_plan *plan)
{
    return plan ? plan->n : 0;
}

static fpa_status check_len(const fpa_wc_plan *p, size_t n)
{
    if (n == p->n) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "n is %zu; the plan has %zu periods", n, p->n);
}

fpa_status fpa_wc_plan_set_days(fpa_wc_plan *plan, const double *days, size_t n)
{
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(days, "days"));
    TRY(check_len(plan, n));
    TRY(fpa__check_finite(days, n, 1, "days"));
    for (size_t t = 0; t < n; t++)
        if (!(days[t] >= 1e-9))
            return fpa__fail(FPA_EDOM, "days[%zu] is %.17g; must be >= 1e-9",
                             t, days[t]);
    TRY(fpa_model_set_days(plan->model, days, n));
    plan->days_set = true;
    return FPA_OK;
}

fpa_status fpa_wc_plan_set(fpa_wc_plan *plan, fpa_wc_driver driver,
                           const double *values, size_t n)
{
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(values, "values"));
    TRY(wc__check_driver((int)driver));
    TRY(check_len(plan, n));
    TRY(fpa__check_finite(values, n, 1, "values"));
    if (driver != FPA_WC_OTHER_CASH)
        for (size_t t = 0; t < n; t++)
            if (values[t] < 0)
                return fpa__fail(FPA_EDOM, "values[%zu] is %.17g; %s must "
                                 "be >= 0", t, values[t],
                                 wc__driver_name((int)driver));
    memcpy(plan->model->line[driver].values, values, n * sizeof *values);
    return FPA_OK;
}

fpa_status fpa_wc_plan_get(double *out, size_t cap, const fpa_wc_plan *plan,
                           fpa_wc_driver driver)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(wc__check_driver((int)driver));
    if (cap < plan->n)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap,
                         plan->n);
    memcpy(out, plan->model->line[driver].values, plan->n * sizeof *out);
    return FPA_OK;
}

static void set_openings(fpa_model *m, double ar, double inv, double ap, double cash)
{
    m->line[WC_L_AR].opening = ar;
    m->line[WC_L_INVENTORY].opening = inv;
    m->line[WC_L_AP].opening = ap;
    m->line[WC_L_NWC].opening = ar + inv - ap;
    m->line[WC_L_CASH].opening = cash;
}

fpa_status fpa_wc_plan_set_opening(fpa_wc_plan *plan, double ar,
                                   double inventory, double ap, double cash)
{
    TRY(fpa__check_ptr(plan, "plan"));
    const double v[4] = {ar, inventory, ap, cash};
    static const char *const names[4] = {"ar", "inventory", "ap", "cash"};
    for (int i = 0; i < 4; i++) {
        TRY(fpa__check_value(v[i], names[i]));
        if (i < 3 && v[i] < 0)
            return fpa__fail(FPA_EDOM, "%s is %.17g; must be >= 0", names[i],
                             v[i]);
    }
    set_openings(plan->model, ar, inventory, ap, cash);
    return FPA_OK;
}

fpa_status fpa_model_from_wc_plan(fpa_model **out, const fpa_wc_plan *plan, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(wc__check_plan(plan));
    fpa_model *m;
    TRY(new_model(&m, plan->n, plan->ap_on_purchases, opts));
    const fpa_model *src = plan->model;
    for (int d = 0; d < WC_NDRIVERS; d++)
        memcpy(m->line[d].values, src->line[d].values, plan->n * sizeof(double));
    for (size_t i = 0; i < src->nlines; i++) m->line[i].opening = src->line[i].opening;
    fpa_status st = fpa_model_set_days(m, src->days, plan->n);
    if (st != FPA_OK) {
        fpa_model_free(m);
        return st;
    }
    *out = m;
    return FPA_OK;
}

/* ---- the projection ------------------------------------------------------------ */

typedef struct {
    const fpa_wc_line *lines;
    size_t nlines, n;
    double *out;
    wc__summary s;
} run_sink;

static fpa_status collect(void *ctx, const mdl__ev *e, size_t t0, size_t t1)
{
    run_sink *r = ctx;
    for (size_t t = t0; t < t1; t++) {
        for (size_t k = 0; r->out && k < r->nlines; k++)
            r->out[k * r->n + t] = mdl__ev_at(e, wc__line_of[r->lines[k]], t, 0);
        double cash = mdl__ev_at(e, WC_L_CASH, t, 0);
        if (cash < r->s.min_cash) r->s.min_cash = cash, r->s.min_period = t;
    }
    if (t1 == r->n) {
        r->s.end_cash = mdl__ev_at(e, WC_L_CASH, t1 - 1, 0);
        r->s.end_nwc = mdl__ev_at(e, WC_L_NWC, t1 - 1, 0);
    }
    return FPA_OK;
}

fpa_status wc__run(const fpa_wc_plan *p, const wc__levers *lists, size_t nlists,
                   const fpa_wc_line *lines, size_t nlines, double *out, wc__summary *sum)
{
    double buf[WC_NMODEL_LINES * 48];  /* 47 periods a chunk, and the one carried */
    run_sink r = {lines, nlines, p->n, out, {0, 0, INFINITY, 0}};
    TRY(mdl__evaluate_chunks(p->model, lists, nlists, buf, sizeof buf / sizeof *buf,
                             collect, &r));
    if (sum) *sum = r.s;
    return FPA_OK;
}

fpa_status wc__check_projection(const double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_wc_line *lines, size_t nlines)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(lines, "lines"));
    TRY(wc__check_plan(plan));
    if (nlines == 0) return fpa__fail(FPA_EINVAL, "nlines is 0");
    for (size_t k = 0; k < nlines; k++)
        if ((int)lines[k] < 0 || (int)lines[k] >= WC_NLINES)
            return fpa__fail(FPA_EINVAL, "lines[%zu] is %d, not an fpa_wc_line",
                             k, (int)lines[k]);
    size_t need;
    if (fpa__mul_overflows(nlines, plan->n, &need) || cap < need)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu x %zu needed",
                         cap, nlines, plan->n);
    return FPA_OK;
}

fpa_status fpa_wc_project(double *out, size_t cap, const fpa_wc_plan *plan,
                          const fpa_wc_line *lines, size_t nlines)
{
    TRY(wc__check_projection(out, cap, plan, lines, nlines));
    return wc__run(plan, NULL, 0, lines, nlines, out, NULL);
}
