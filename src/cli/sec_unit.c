/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit economics and the shared KPIs, from the company's files: the P&L by
 * month (margins, EBITDA, growth), the customers (cohorts, churn, revenue
 * retention, ARPU, CAC, LTV, payback) and the cash (burn, runway). Every
 * figure is a library call; this file only gathers the inputs. A KPI the
 * data cannot give is reported as null with the reason, never as a guess. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double sum(const double *x, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to; i++) s += x[i];
    return s;
}

/* ---- the KPI table -------------------------------------------------------------- */

enum { K_METRIC, K_VALUE, K_UNIT, K_BASIS, K_NOTE, K_NCOLS };
static const cli_col kpi_cols[K_NCOLS] = {
    {"metric", CLI_TEXT, 0}, {"value", CLI_VALUE, 0}, {"unit", CLI_TEXT, 0},
    {"basis", CLI_TEXT, 0}, {"note", CLI_TEXT, 0},
};

typedef struct kctx {
    cli_table *t;
    int fatal;
} kctx;

/* One KPI row: the value when the library computed it, else null and why. */
static void kpi(kctx *k, const char *metric, const char *unit, const char *basis,
                fpa_status st, double v, const char *why)
{
    if (k->fatal) return;
    if (st == FPA_ENOMEM || st == FPA_ESYSTEM) {
        k->fatal = cli_fail_lib(st, metric);
        return;
    }
    cli_table *t = k->t;
    cli_row_add(t);
    cli_put_text(t, K_METRIC, metric);
    cli_kind kind = !strcmp(unit, "fraction") ? CLI_FRACTION
                  : !strcmp(unit, "customers") ? CLI_COUNT
                  : !strcmp(unit, "months") || !strcmp(unit, "ratio") ? CLI_NUMBER : CLI_AMOUNT;
    if (st == FPA_OK && !why) cli_put_kind(t, K_VALUE, kind, v);
    else cli_put_null(t, K_VALUE);
    cli_put_text(t, K_UNIT, unit);
    cli_put_text(t, K_BASIS, basis);
    if (why) cli_put_text(t, K_NOTE, why);
    else if (st != FPA_OK) {
        char *note = cli_fmt("%s: %s", fpa_status_name(st), fpa_error_last());
        cli_put_text(t, K_NOTE, note);
        free(note);
    } else cli_put_text(t, K_NOTE, "");
}

/* ---- customers ------------------------------------------------------------------ */

typedef struct cust {
    bool ok;
    fpa_cohorts *c;
    size_t rows, cols;
    int64_t *ids;
    double *sizes, *active, *revenue, *retention, *rev_retention;
    unsigned char *valid, *rev_valid;
    size_t *observed;
    int64_t p0;               /* first month of the per-month arrays (= pnl.p0) */
    double *active_by_month, *new_by_month, *rev_by_month;
    double *lost_by_month;    /* customers of the month before not seen this month */
    double movements[4];      /* revenue a year ago to now: mrr, churned, contraction,
                                 expansion */
} cust;

static void cust_free(cust *c)
{
    fpa_unit_cohorts_free(c->c);
    free(c->ids);
    free(c->sizes);
    free(c->active);
    free(c->revenue);
    free(c->retention);
    free(c->rev_retention);
    free(c->valid);
    free(c->rev_valid);
    free(c->observed);
    free(c->active_by_month); /* the three counts in one block */
    free(c->rev_by_month);
}

static int cust_build(cust *c, const cli_dataset *d, const cli_pnl *p, const fpa_opts *opts)
{
    memset(c, 0, sizeof *c);
    const cli_cohort_rows *r = &d->cohorts;
    int64_t last = p->p0 + (int64_t)p->n - 1;
    /* the rows up to the last closed month: data are complete to it */
    size_t n = 0;
    int64_t *cu = cli_alloc(r->n * sizeof *cu), *co = cli_alloc(r->n * sizeof *co);
    int64_t *pe = cli_alloc(r->n * sizeof *pe);
    double *re = cli_alloc(r->n * sizeof *re);
    for (size_t i = 0; i < r->n; i++)
        if (r->period[i] <= last) {
            cu[n] = r->customer[i];
            co[n] = r->cohort[i];
            pe[n] = r->period[i];
            re[n++] = r->revenue[i];
        }
    int rc = 0;
    fpa_status st = n ? fpa_unit_cohorts_from_rows(&c->c, cu, co, pe, re, n, opts) : FPA_OK;
    if (st != FPA_OK) rc = cli_fail_lib(st, "unit: cohorts");
    if (!rc && n) {
        fpa_unit_cohorts_shape(&c->rows, &c->cols, c->c);
        size_t cells = c->rows * c->cols;
        c->ids = cli_alloc(c->rows * sizeof *c->ids);
        c->sizes = cli_alloc(c->rows * sizeof *c->sizes);
        c->observed = cli_alloc(c->rows * sizeof *c->observed);
        c->active = cli_alloc(cells * sizeof *c->active);
        c->revenue = cli_alloc(cells * sizeof *c->revenue);
        c->retention = cli_alloc(cells * sizeof *c->retention);
        c->rev_retention = cli_alloc(cells * sizeof *c->rev_retention);
        c->valid = cli_alloc(cells);
        c->rev_valid = cli_alloc(cells);
        st = fpa_unit_cohorts_info(c->ids, c->sizes, c->observed, c->rows, c->c);
        if (st == FPA_OK) st = fpa_unit_cohorts_tables(c->active, c->revenue, cells, c->c);
        if (st == FPA_OK)
            st = fpa_unit_cohort_retention(c->retention, c->valid, c->sizes, c->active,
                                           c->observed, c->rows, c->cols);
        if (st == FPA_OK)
            st = fpa_unit_cohort_revenue_retention(c->rev_retention, c->rev_valid, c->revenue,
                                                   c->observed, c->rows, c->cols);
        if (st != FPA_OK) rc = cli_fail_lib(st, "unit: cohort tables");
    }
    if (!rc) {
        /* by month: customers active, acquired and lost (the library's
           movements), and the cohort revenue; revenue a year apart */
        c->p0 = p->p0;
        double *counts = cli_alloc(3 * p->n * sizeof *counts);
        st = fpa_unit_customer_counts(counts, p->n, p->p0, cu, co, pe, n, opts);
        c->active_by_month = counts;
        c->new_by_month = counts + p->n;
        c->lost_by_month = counts + 2 * p->n;
        if (st == FPA_OK && p->n > 12)
            st = fpa_unit_revenue_movements(c->movements, cu, pe, re, n, last - 12, last, opts);
        if (st != FPA_OK) rc = cli_fail_lib(st, "unit: customer movements");
        c->rev_by_month = cli_calloc(p->n, sizeof *c->rev_by_month);
        for (size_t i = 0; i < c->rows; i++)
            for (size_t a = 0; a < c->observed[i]; a++) {
                int64_t m = c->ids[i] + (int64_t)a - p->p0;
                if (m >= 0 && m < (int64_t)p->n) c->rev_by_month[m] += c->revenue[i * c->cols + a];
            }
        c->ok = n > 0;
    }
    free(cu);
    free(co);
    free(pe);
    free(re);
    return rc;
}

/* ---- the section ------------------------------------------------------------------- */

enum { M_PERIOD, M_REVENUE, M_COGS, M_OPEX, M_GM, M_OI, M_OM, M_EBITDA, M_EM, M_OPEXR,
       M_GMOM, M_GYOY, M_NEW, M_ACTIVE, M_CASH, M_NET_BURN, M_GROSS_BURN, M_NCOLS };
static const cli_col monthly_cols[M_NCOLS] = {
    {"period", CLI_TEXT, 0}, {"revenue", CLI_AMOUNT, 0}, {"cogs", CLI_AMOUNT, CLI_HIDE_TEXT},
    {"opex", CLI_AMOUNT, CLI_HIDE_TEXT}, {"gross_margin", CLI_FRACTION, 0},
    {"operating_income", CLI_AMOUNT, CLI_HIDE_TEXT}, {"operating_margin", CLI_FRACTION, 0},
    {"ebitda", CLI_AMOUNT, 0}, {"ebitda_margin", CLI_FRACTION, 0},
    {"opex_ratio", CLI_FRACTION, CLI_HIDE_TEXT}, {"growth_mom", CLI_FRACTION, CLI_HIDE_TEXT},
    {"growth_yoy", CLI_FRACTION, 0}, {"new_customers", CLI_COUNT, 0},
    {"active_customers", CLI_COUNT, 0}, {"cash", CLI_AMOUNT, 0}, {"net_burn", CLI_AMOUNT, 0},
    {"gross_burn", CLI_AMOUNT, CLI_HIDE_TEXT},
};

enum { C_COHORT, C_AGE, C_PERIOD, C_SIZE, C_ACTIVE, C_RET, C_REVENUE, C_REVRET, C_NCOLS };
static const cli_col cohort_cols[C_NCOLS] = {
    {"cohort", CLI_TEXT, 0}, {"age", CLI_COUNT, 0}, {"period", CLI_TEXT, 0},
    {"size", CLI_COUNT, 0}, {"active", CLI_COUNT, 0}, {"retention", CLI_FRACTION, 0},
    {"revenue", CLI_AMOUNT, 0}, {"revenue_retention", CLI_FRACTION, 0},
};

enum { S_COHORT, S_SIZE, S_OBSERVED, S_R3, S_R6, S_R12, S_RR12, S_NCOLS };
static const cli_col summary_cols[S_NCOLS] = {
    {"cohort", CLI_TEXT, 0}, {"size", CLI_COUNT, 0}, {"observed_months", CLI_COUNT, 0},
    {"retention_m3", CLI_FRACTION, 0}, {"retention_m6", CLI_FRACTION, 0},
    {"retention_m12", CLI_FRACTION, 0}, {"revenue_retention_m12", CLI_FRACTION, 0},
};

static const cli_col curve_cols[] = {{"age", CLI_COUNT, 0}, {"retention", CLI_FRACTION, 0}};

typedef struct cash {
    bool ok, has_ar;
    double *cash, *net, *gross; /* per month of the P&L */
    bool *present, *known, *gross_known;
} cash;

static void cash_free(cash *c)
{
    free(c->cash);
    free(c->present);
    free(c->net);
    free(c->gross);
    free(c->known);
    free(c->gross_known);
}

/* Burn from the balance sheet: net burn is the fall in cash; the cash paid
 * out is what came in (collections: AR_{t-1} + revenue - AR_t) plus it. */
static void cash_build(cash *c, const cli_dataset *d, const cli_pnl *p, const fpa_opts *opts)
{
    memset(c, 0, sizeof *c);
    const cli_series *cs = d->has_balances ? cli_panel_find(&d->balances, "cash") : NULL;
    const cli_series *ar = d->has_balances ? cli_panel_find(&d->balances, "ar") : NULL;
    c->cash = cli_calloc(p->n, sizeof *c->cash);
    c->present = cli_calloc(p->n, sizeof *c->present);
    c->net = cli_calloc(p->n, sizeof *c->net);
    c->gross = cli_calloc(p->n, sizeof *c->gross);
    c->known = cli_calloc(p->n, sizeof *c->known);
    c->gross_known = cli_calloc(p->n, sizeof *c->gross_known);
    if (!cs) return;
    c->has_ar = ar != NULL;
    int64_t c0 = cs->start, c1 = cs->start + (int64_t)cs->n - 1;
    for (size_t t = 0; t < p->n; t++) {
        int64_t m = p->p0 + (int64_t)t;
        if (m < c0 || m > c1) continue;
        c->cash[t] = cli_series_at(cs, m);
        c->present[t] = c->ok = true;
        if (m - 1 < c0) continue;
        double out_net, out_gross, dcash = c->cash[t] - cli_series_at(cs, m - 1);
        bool have_ar = ar && m - 1 >= ar->start && m < ar->start + (int64_t)ar->n;
        double in = have_ar ? cli_series_at(ar, m - 1) + p->rev[t] - cli_series_at(ar, m) : 0;
        double paid = in - dcash;
        if (have_ar && fpa_kpi_burn(&out_gross, &out_net, &in, &paid, 1, 1, opts) == FPA_OK) {
            c->gross[t] = out_gross;
            c->gross_known[t] = true;
        } else {
            out_net = -dcash; /* without collections: the fall in cash alone */
        }
        c->net[t] = out_net;
        c->known[t] = true;
    }
}

static void fill_monthly(cli_table *t, const cli_pnl *p, const cust *cu, const cash *ca,
                         const fpa_opts *opts, int *fatal)
{
    size_t n = p->n;
    double *gm = cli_alloc(n * sizeof *gm), *om = cli_alloc(n * sizeof *om);
    double *eb = cli_alloc(n * sizeof *eb), *em = cli_alloc(n * sizeof *em);
    double *orat = cli_alloc(n * sizeof *orat);
    double *mom = cli_alloc(n * sizeof *mom), *yoy = cli_alloc(n * sizeof *yoy);
    unsigned char *valid = cli_alloc(n), *vmom = cli_calloc(n, 1), *vyoy = cli_calloc(n, 1);
    fpa_status st = fpa_kpi_margins(gm, om, eb, em, orat, valid, p->rev, p->cogs, p->opex,
                                    p->da, 1, n, opts);
    if (st == FPA_OK && n >= 2) st = fpa_kpi_growth_pop(mom, vmom, p->rev, 1, n, opts);
    if (st == FPA_OK && n > 12) st = fpa_kpi_growth_yoy(yoy, vyoy, p->rev, 1, n, opts);
    if (st != FPA_OK) *fatal = cli_fail_lib(st, "unit: monthly KPIs");
    for (size_t i = 0; i < n && !*fatal; i++) {
        cli_row_add(t);
        cli_put_period(t, M_PERIOD, p->p0 + (int64_t)i);
        cli_put_num(t, M_REVENUE, p->rev[i]);
        cli_put_num(t, M_COGS, p->cogs[i]);
        cli_put_num(t, M_OPEX, p->opex[i]);
        cli_put_num(t, M_OI, p->rev[i] - p->cogs[i] - p->opex[i]);
        cli_put_num(t, M_EBITDA, eb[i]);
        if (valid[i]) {
            cli_put_num(t, M_GM, gm[i]);
            cli_put_num(t, M_OM, om[i]);
            cli_put_num(t, M_EM, em[i]);
            cli_put_num(t, M_OPEXR, orat[i]);
        }
        if (i >= 1 && vmom[i - 1]) cli_put_num(t, M_GMOM, mom[i - 1]);
        if (i >= 12 && vyoy[i - 12]) cli_put_num(t, M_GYOY, yoy[i - 12]);
        if (cu->ok) {
            cli_put_num(t, M_NEW, cu->new_by_month[i]);
            cli_put_num(t, M_ACTIVE, cu->active_by_month[i]);
        }
        if (ca->ok && ca->known[i]) cli_put_num(t, M_NET_BURN, ca->net[i]);
        if (ca->ok && ca->gross_known[i]) cli_put_num(t, M_GROSS_BURN, ca->gross[i]);
        if (ca->ok && ca->present[i]) cli_put_num(t, M_CASH, ca->cash[i]);
    }
    free(gm);
    free(om);
    free(eb);
    free(em);
    free(orat);
    free(mom);
    free(yoy);
    free(valid);
    free(vmom);
    free(vyoy);
}

static void fill_cohorts(cli_section *s, const cust *c)
{
    cli_table *t = cli_table_add(s, "cohorts", "Cohorts by age", cohort_cols, C_NCOLS);
    t->flags = CLI_HIDE_TEXT;
    cli_table *sm = cli_table_add(s, "cohort_summary", "Cohorts: logo retention at 3, 6 and "
                                  "12 months, revenue retention at 12", summary_cols, S_NCOLS);
    for (size_t i = 0; i < c->rows; i++) {
        cli_row_add(sm);
        cli_put_period(sm, S_COHORT, c->ids[i]);
        cli_put_num(sm, S_SIZE, c->sizes[i]);
        cli_put_num(sm, S_OBSERVED, (double)c->observed[i]);
        static const size_t ages[4] = {3, 6, 12, 12};
        for (size_t k = 0; k < 4; k++) {
            size_t cell = i * c->cols + ages[k];
            bool rev = k == 3;
            if (ages[k] < c->observed[i] && (rev ? c->rev_valid : c->valid)[cell])
                cli_put_num(sm, S_R3 + k, (rev ? c->rev_retention : c->retention)[cell]);
        }
        for (size_t a = 0; a < c->observed[i]; a++) {
            size_t cell = i * c->cols + a;
            cli_row_add(t);
            cli_put_period(t, C_COHORT, c->ids[i]);
            cli_put_num(t, C_AGE, (double)a);
            cli_put_period(t, C_PERIOD, c->ids[i] + (int64_t)a);
            cli_put_num(t, C_SIZE, c->sizes[i]);
            cli_put_num(t, C_ACTIVE, c->active[cell]);
            if (c->valid[cell]) cli_put_num(t, C_RET, c->retention[cell]);
            cli_put_num(t, C_REVENUE, c->revenue[cell]);
            if (c->rev_valid[cell]) cli_put_num(t, C_REVRET, c->rev_retention[cell]);
        }
    }
}

static void basis_range(char *buf, size_t n, int64_t from, int64_t to)
{
    char a[16], b[16];
    cli_period_str(a, from);
    cli_period_str(b, to);
    snprintf(buf, n, "%s .. %s", a, b);
}

/* What the KPI rows share: the inputs, the windows, and the P&L figures
 * that the customer KPIs reuse. */
typedef struct kin {
    kctx k;
    const cli_dataset *d;
    const cli_pnl *p;
    const cust *cu;
    const cash *ca;
    const cli_unit_params *up;
    size_t n, w, last;
    char ttm[64], prior[64], month[16];
    double gm;
    const char *norev;
} kin;

static void kpis_pnl(kin *c)
{
    const cli_pnl *p = c->p;
    size_t n = c->n, w = c->w;
    kctx *k = &c->k;
    double R = sum(p->rev, n - w, n), C = sum(p->cogs, n - w, n), O = sum(p->opex, n - w, n);
    double D = sum(p->da, n - w, n), om = 0, eb = 0, em = 0, orat = 0, growth = 0, cagr = 0;
    double r40 = 0;
    unsigned char ok;
    fpa_status st = fpa_kpi_margins(&c->gm, &om, &eb, &em, &orat, &ok, &R, &C, &O, &D, 1, 1,
                                    c->up->opts);
    c->norev = st == FPA_OK && !ok ? "no revenue in the period" : NULL;
    kpi(k, "revenue_ttm", "currency", c->ttm, FPA_OK, R, NULL);
    fpa_status gst = FPA_EDOM;
    const char *why24 = n < 24 ? "needs 24 months of actuals" : NULL;
    if (!why24) {
        double pair[2] = {sum(p->rev, n - 24, n - 12), R};
        unsigned char v;
        gst = fpa_kpi_growth_pop(&growth, &v, pair, 1, 2, c->up->opts);
        if (gst == FPA_OK && !v) why24 = "no revenue in the prior twelve months";
        basis_range(c->prior, sizeof c->prior, p->p0 + (int64_t)(n - 24), p->p0 + (int64_t)c->last);
    }
    const char *gbasis = why24 ? c->ttm : c->prior;
    kpi(k, "revenue_growth_yoy", "fraction", gbasis, gst, growth, why24);
    if (n >= 24) {
        char b[64];
        basis_range(b, sizeof b, p->p0, p->p0 + (int64_t)c->last);
        fpa_status cst0 = fpa_kpi_cagr(&cagr, sum(p->rev, 0, 12), R, (double)(n - 12) / 12);
        kpi(k, "revenue_cagr", "fraction", b, cst0, cagr, NULL);
    } else {
        kpi(k, "revenue_cagr", "fraction", c->ttm, FPA_EDOM, 0, "needs 24 months of actuals");
    }
    kpi(k, "gross_margin_ttm", "fraction", c->ttm, st, c->gm, c->norev);
    kpi(k, "operating_margin_ttm", "fraction", c->ttm, st, om, c->norev);
    kpi(k, "ebitda_ttm", "currency", c->ttm, st, eb, NULL);
    kpi(k, "ebitda_margin_ttm", "fraction", c->ttm, st, em, c->norev);
    kpi(k, "opex_ratio_ttm", "fraction", c->ttm, st, orat, c->norev);
    fpa_status r4 = why24 || c->norev ? FPA_EDOM : fpa_kpi_rule_of_40(&r40, growth, em);
    kpi(k, "rule_of_40", "fraction", gbasis, r4, r40, why24 ? why24 : c->norev);
}

/* Retention at 3, 6 and 12 months from the pooled (chain-ladder) curve. */
static void kpis_retention(kin *c, const char *noc)
{
    const cust *cu = c->cu;
    double *curve = NULL, retm[3] = {0};
    size_t clen = 0;
    fpa_status pst = FPA_EDOM;
    if (!noc) {
        curve = cli_alloc(cu->cols * sizeof *curve);
        pst = fpa_unit_retention_curve(curve, &clen, cu->retention, cu->sizes, cu->observed,
                                       cu->rows, cu->cols);
    }
    static const size_t at[3] = {3, 6, 12};
    static const char *const rname[3] = {"retention_m3", "retention_m6", "retention_m12"};
    for (size_t i = 0; i < 3; i++) {
        bool have = pst == FPA_OK && at[i] < clen;
        if (have) retm[i] = curve[at[i]];
        kpi(&c->k, rname[i], "fraction", "cohorts pooled (chain-ladder)", pst, retm[i],
            noc ? noc : pst == FPA_OK && !have ? "cohorts not observed that long" : NULL);
    }
    free(curve);
}

/* Customer value: CAC, LTV (simple and by cohorts), LTV/CAC, payback. */
static void kpis_value(kin *c, const char *noc, const char *short12, double arpu, double churn,
                       double newc, fpa_status ast, fpa_status cst)
{
    const cli_pnl *p = c->p;
    const cust *cu = c->cu;
    const cli_unit_params *up = c->up;
    kctx *k = &c->k;
    double cac = 0, ltv = 0, ltvs = 0, ratio = 0, pay = 0, dm = 0;
    const char *nosm = !p->has_sm ? "needs lines of nature sm (sales and marketing)" : NULL;
    fpa_status cacst = noc || nosm ? FPA_EDOM
                     : fpa_unit_cac_blended(&cac, sum(p->sm, c->n - c->w, c->n), newc);
    kpi(k, "cac_blended_ttm", "currency", c->ttm, cacst, cac, noc ? noc : nosm);
    const char *noltv = noc ? noc : short12 ? short12 : c->norev;
    if (up->discount_annual > 0) { /* the monthly rate of the annual one, compounded monthly */
        if (fpa_tvm_nominal(&dm, up->discount_annual, 12) != FPA_OK) noltv = "discount rate";
        dm /= 12;
    }
    char ltv_basis[256], horizon[32] = "lifetime";
    if (up->ltv_horizon) snprintf(horizon, sizeof horizon, "%zu months", up->ltv_horizon);
    snprintf(ltv_basis, sizeof ltv_basis, "%s; discounted at %.15g%% a year; %s", c->ttm,
             100 * up->discount_annual, horizon);
    fpa_status lst = noltv || ast != FPA_OK ? FPA_EDOM
                   : fpa_unit_ltv_simple(&ltvs, arpu, c->gm, churn);
    kpi(k, "ltv_simple", "currency", c->ttm, lst, ltvs, noltv);
    fpa_status ist = noltv || ast != FPA_OK ? FPA_EDOM
        : fpa_unit_ltv_cohorts(&ltv, cu->retention, cu->sizes, cu->observed, cu->rows, cu->cols,
                               arpu, c->gm, dm, up->ltv_horizon, up->opts);
    kpi(k, "ltv_cohort", "currency", ltv_basis, ist, ltv, noltv);
    fpa_status rat = ist != FPA_OK || cacst != FPA_OK ? FPA_EDOM
                   : fpa_unit_ltv_cac(&ratio, ltv, cac);
    kpi(k, "ltv_cac", "ratio", ltv_basis, rat, ratio, noltv ? noltv : nosm);
    fpa_status pb = ast != FPA_OK || cacst != FPA_OK || cst != FPA_OK || noltv ? FPA_EDOM
                  : fpa_unit_cac_payback(&pay, cac, arpu, c->gm, churn);
    kpi(k, "cac_payback_months", "months", c->ttm, pb, pay, noltv ? noltv : nosm);
}

static void kpis_customers(kin *c)
{
    const cust *cu = c->cu;
    size_t n = c->n, last = c->last;
    kctx *k = &c->k;
    const char *noc = !c->d->has_cohorts ? "needs --cohorts"
                    : !cu->ok ? "no cohort rows up to the last closed month" : NULL;
    const char *short12 = n <= 12 ? "needs 13 months of cohort data" : NULL;
    double active = noc ? 0 : cu->active_by_month[last];
    double newc = noc ? 0 : sum(cu->new_by_month, n - c->w, n);
    kpi(k, "customers_active", "customers", c->month, FPA_OK, active, noc);
    kpi(k, "new_customers_ttm", "customers", c->ttm, FPA_OK, newc, noc);
    double arpu = 0, churn = 0, grr = 0, nrr = 0;
    fpa_status ast = FPA_EDOM, cst = FPA_EDOM, rst = FPA_EDOM;
    if (!noc && !short12) {
        ast = fpa_unit_arpu(&arpu, sum(cu->rev_by_month, n - 12, n) / 12,
                            cu->active_by_month[n - 13], cu->active_by_month[last]);
        /* monthly logo churn, averaged over the twelve months */
        cst = fpa_unit_logo_churn_mean(&churn, cu->active_by_month + n - 13,
                                       cu->lost_by_month + n - 13, 13);
        const double *mv = cu->movements;
        rst = fpa_unit_revenue_retention(&grr, &nrr, NULL, NULL, NULL, mv[0], mv[1], mv[2],
                                         mv[3]);
    }
    kpi(k, "arpu_monthly", "currency", c->ttm, ast, arpu, noc ? noc : short12);
    kpi(k, "logo_churn_monthly", "fraction", c->ttm, cst, churn, noc ? noc : short12);
    char yoy[64];
    basis_range(yoy, sizeof yoy, c->p->p0 + (int64_t)last - 12, c->p->p0 + (int64_t)last);
    kpi(k, "gross_revenue_retention", "fraction", yoy, rst, grr, noc ? noc : short12);
    kpi(k, "net_revenue_retention", "fraction", yoy, rst, nrr, noc ? noc : short12);
    kpis_retention(c, noc);
    kpis_value(c, noc, short12, arpu, churn, newc, ast, cst);
}

/* The mean of `n` values, by the library (a moving average over all of
 * them); NaN when there are none. */
static double mean_of(const double *x, size_t n, const fpa_opts *opts)
{
    double m = NAN;
    if (n && fpa_kpi_sma(&m, x, 1, n, n, opts) != FPA_OK) m = NAN;
    return m;
}

static void kpis_cash(kin *c)
{
    const cash *ca = c->ca;
    size_t n = c->n, last = c->last, bm = c->up->burn_months, from = n - (bm < n ? bm : n);
    kctx *k = &c->k;
    const char *nocash = !ca->ok ? "needs --balances with cash"
                       : !ca->present[last] ? "no cash balance for the last closed month" : NULL;
    double cash_now = ca->ok ? ca->cash[last] : 0, runway = 0, moc = 0;
    size_t have = 0, have_gross = 0;
    double *burns = cli_alloc(bm * sizeof *burns), *gross = cli_alloc(bm * sizeof *gross);
    for (size_t t = from; t < n; t++) {
        if (ca->ok && ca->known[t]) burns[have++] = ca->net[t];
        if (ca->ok && ca->gross_known[t]) gross[have_gross++] = ca->gross[t];
    }
    const char *noburn = nocash ? nocash : have < bm ? "not enough months of cash" : NULL;
    char bb[64];
    basis_range(bb, sizeof bb, c->p->p0 + (int64_t)from, c->p->p0 + (int64_t)last);
    double mean = mean_of(burns, have, c->up->opts);
    kpi(k, "cash", "currency", c->month, FPA_OK, cash_now, nocash);
    kpi(k, "net_burn_avg", "currency", bb, FPA_OK, mean, noburn);
    const char *nogross = noburn ? noburn : !ca->has_ar ? "needs ar in --balances"
                        : have_gross < bm ? "cash rose more than collections (financing?)"
                        : NULL;
    double gmean = nogross ? 0 : mean_of(gross, have_gross, c->up->opts);
    kpi(k, "gross_burn_avg", "currency", bb, FPA_OK, gmean, nogross);
    fpa_status rw = noburn ? FPA_EDOM
                  : fpa_kpi_runway(&runway, cash_now, burns, have, FPA_RUNWAY_TRAILING_MEAN);
    kpi(k, "runway_months", "months", bb, rw, runway, noburn);
    fpa_status mc = nogross ? FPA_EDOM : fpa_kpi_months_of_cash(&moc, cash_now, gmean);
    kpi(k, "months_of_cash_gross", "months", bb, mc, moc, nogross);
    free(burns);
    free(gross);
}

static void retention_table(cli_section *s, const cust *cu)
{
    double *curve = cli_alloc(cu->cols * sizeof *curve);
    size_t clen;
    fpa_status st = fpa_unit_retention_curve(curve, &clen, cu->retention, cu->sizes,
                                             cu->observed, cu->rows, cu->cols);
    cli_table *ct = cli_table_add(s, "retention_curve", "Pooled logo retention by age "
                                  "(chain-ladder)", curve_cols, 2);
    ct->flags = CLI_HIDE_TEXT;
    for (size_t a = 0; st == FPA_OK && a < clen; a++) {
        cli_row_add(ct);
        cli_put_num(ct, 0, (double)a);
        cli_put_num(ct, 1, curve[a]);
    }
    free(curve);
}

int cli_section_unit(cli_report *r, const cli_dataset *d, const cli_unit_params *up)
{
    cli_pnl p;
    int rc = d->has_actuals ? cli_pnl_build(&p, d)
                            : cli_fail(CLI_EUSAGE, "unit: needs --actuals (or --sample)");
    if (rc) return rc;
    cust cu = {0};
    cash ca = {0};
    if (d->has_cohorts) rc = cust_build(&cu, d, &p, up->opts);
    if (!rc) cash_build(&ca, d, &p, up->opts);
    cli_section *s = rc ? NULL : cli_section_add(r, "unit", "Unit economics and KPIs");
    kin c = {.d = d, .p = &p, .cu = &cu, .ca = &ca, .up = up, .n = p.n};
    c.w = c.n < 12 ? c.n : 12;
    c.last = c.n - 1;
    basis_range(c.ttm, sizeof c.ttm, p.p0 + (int64_t)(c.n - c.w), p.p0 + (int64_t)c.last);
    cli_period_str(c.month, p.p0 + (int64_t)c.last);
    if (!rc) {
        c.k.t = cli_table_add(s, "kpis", "Key figures", kpi_cols, K_NCOLS);
        kpis_pnl(&c);
        kpis_customers(&c);
        kpis_cash(&c);
        rc = c.k.fatal;
    }
    if (!rc) rc = cli_unit_trends(s, &p, cu.ok ? cu.active_by_month : NULL, up->opts);
    if (!rc) {
        cli_table *mt = cli_table_add(s, "monthly", "By month", monthly_cols, M_NCOLS);
        mt->text_tail = 12;
        fill_monthly(mt, &p, &cu, &ca, up->opts, &rc);
    }
    if (!rc && cu.ok) {
        fill_cohorts(s, &cu);
        retention_table(s, &cu);
    }
    if (s) {
        cli_section_note(s, "ttm: the twelve months to the last closed month. Customer figures "
                         "cover the customers of the cohorts file.");
        cli_section_note(s, "net burn: the fall in cash in a month (negative when cash grew); "
                         "gross burn: cash paid out (collections, AR_(t-1) + revenue - AR_t, "
                         "plus net burn).");
    }
    cust_free(&cu);
    cash_free(&ca);
    cli_pnl_free(&p);
    return rc;
}

