/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working capital: DSO, DIO, DPO and the cash conversion cycle from the
 * balances; the driver-based projection of balances and cash (revenue,
 * COGS and the other cash flows forecast from their history or given by
 * month, days held at their recent level); what-ifs against the base;
 * projected runway against a cash floor; Monte Carlo cash-at-risk; and the
 * days at which the cash would just hold the floor (goal seek). Every
 * figure is a library call (wc.h, scenario.h); this file gathers inputs. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the history: balances and flows by month ------------------------------------ */

enum { B_AR, B_INV, B_AP, B_CASH, NBAL };
static const char *const bal_names[NBAL] = {"ar", "inventory", "ap", "cash"};

typedef struct hist {
    int64_t h0;               /* first month with P&L and balances */
    size_t n;                 /* months h0 .. the last closed */
    double *rev, *cogs, *bal[NBAL], *days;
    double *fig;              /* FPA_WC_HIST_ROWS x n: fpa_wc_history() */
    double *dso, *dio, *dpo, *ccc, *nwc, *other; /* rows of fig, NaN where undefined */
} hist;

static void hist_free(hist *h)
{
    free(h->rev);
    free(h->cogs);
    free(h->bal[0]);
    free(h->days);
    free(h->fig);
}

/* Day lengths of `n` months from `first` on the basis. */
static int month_days(double *out, int64_t first, size_t n, fpa_wc_basis basis)
{
    int64_t *bounds = cli_alloc((n + 1) * sizeof *bounds);
    fpa_status st = FPA_OK;
    for (size_t i = 0; i <= n && st == FPA_OK; i++) {
        int64_t m = first + (int64_t)i;
        st = fpa_date_from_ymd(&bounds[i], (int)(m / 12), cli_period_month(m), 1);
    }
    if (st == FPA_OK) st = fpa_wc_period_days(out, bounds, n, basis);
    free(bounds);
    return st == FPA_OK ? 0 : cli_fail_lib(st, "wc: days of the months");
}

/* The months with both P&L and balances, to the last closed one. */
static int hist_span(hist *h, const cli_series **s, const cli_dataset *d, const cli_pnl *p)
{
    int64_t last = d->as_of - 1, h0 = p->p0;
    for (int k = 0; k < NBAL; k++) {
        s[k] = cli_panel_find(&d->balances, bal_names[k]);
        if (!s[k]) continue;
        int64_t end = s[k]->start + (int64_t)s[k]->n - 1;
        if (end < last) {
            char e[16], l[16];
            cli_period_str(e, end);
            cli_period_str(l, last);
            return cli_fail_at(CLI_EINPUT, d->balances.file, s[k]->line, s[k]->col, "balance "
                               "\"%s\" ends in %s: working capital needs it to the last closed "
                               "month %s", bal_names[k], e, l);
        }
        if (s[k]->start > h0) h0 = s[k]->start;
    }
    if (!s[B_AR] || !s[B_CASH])
        return cli_fail_at(CLI_EINPUT, d->balances.file, 0, 0, "working capital needs the "
                           "balances \"ar\" and \"cash\"");
    if (h0 > last)
        return cli_fail_at(CLI_EINPUT, d->balances.file, 0, 0, "no month has both balances "
                           "and actuals");
    h->h0 = h0;
    h->n = (size_t)(last - h0 + 1);
    return 0;
}

static int hist_build(hist *h, const cli_dataset *d, const cli_pnl *p, fpa_wc_basis basis)
{
    memset(h, 0, sizeof *h);
    const cli_series *s[NBAL];
    int rc = hist_span(h, s, d, p);
    if (rc) return rc;
    size_t n = h->n, off = (size_t)(h->h0 - p->p0);
    h->rev = cli_alloc(n * sizeof *h->rev);
    h->cogs = cli_alloc(n * sizeof *h->cogs);
    memcpy(h->rev, p->rev + off, n * sizeof *h->rev);
    memcpy(h->cogs, p->cogs + off, n * sizeof *h->cogs);
    h->bal[0] = cli_calloc(NBAL * n, sizeof *h->bal[0]);
    for (int k = 0; k < NBAL; k++) { /* fpa_wc_balance order: ar, inventory, ap, cash */
        h->bal[k] = h->bal[0] + (size_t)k * n;
        for (size_t t = 0; s[k] && t < n; t++) h->bal[k][t] = cli_series_at(s[k], h->h0 + (int64_t)t);
    }
    h->days = cli_alloc(n * sizeof *h->days);
    h->fig = cli_alloc(FPA_WC_HIST_ROWS * n * sizeof *h->fig);
    double **row[6] = {&h->dso, &h->dio, &h->dpo, &h->ccc, &h->nwc, &h->other};
    for (int k = 0; k < 6; k++) *row[k] = h->fig + (size_t)k * n;
    rc = month_days(h->days, h->h0, n, basis);
    fpa_status st = rc ? FPA_OK : fpa_wc_history(h->fig, FPA_WC_HIST_ROWS * n, h->rev, h->cogs,
                                                 h->bal[0], h->days, n);
    return rc ? rc : st < 0 ? cli_fail_lib(st, "wc: history") : 0;
}

/* The mean of the last `k` defined values; NaN when there are none. */
static double recent(const double *x, size_t n, size_t k)
{
    double mean = NAN;
    if (fpa_kpi_trailing_stats(&mean, NULL, NULL, x, n, k) != FPA_OK) mean = NAN;
    return mean;
}

/* ---- the base plan ------------------------------------------------------------------ */

enum { D_REV, D_COGS, D_OTHER, NFC }; /* the forecast drivers */
static const fpa_wc_driver fc_driver[NFC] = {FPA_WC_REVENUE, FPA_WC_COGS, FPA_WC_OTHER_CASH};
static const char *const fc_label[NFC] = {"revenue", "cost of sales", "other cash flows"};

typedef struct plan {
    int64_t p0;                  /* the first projected month */
    size_t n;
    double *days, *drv[6];       /* by fpa_wc_driver */
    const char *source[6];       /* "forecast", "drivers file", "--dso", "mean ..." */
    char *source_text[6];
    cli_fc fc[NFC];              /* the forecasts, when made */
    bool forecast[NFC];
    double corr;                 /* of the revenue and COGS models' residuals, or NaN */
    fpa_wc_plan *plan;
    size_t clamped;              /* forecast values below zero set to zero */
} plan;

static void plan_free(plan *p)
{
    free(p->days);
    for (int k = 0; k < 6; k++) {
        free(p->drv[k]);
        free(p->source_text[k]);
    }
    for (int k = 0; k < NFC; k++) {
        free(p->fc[k].y);
        free(p->fc[k].detail);
        free(p->fc[k].mean);
        free(p->fc[k].lower);
        free(p->fc[k].upper);
        fpa_forecast_model_free(p->fc[k].fit);
    }
    fpa_wc_plan_free(p->plan);
}

/* A driver given month by month in the drivers file must cover the
 * projection. */
static int from_file(plan *p, const cli_dataset *d, fpa_wc_driver k)
{
    const cli_series *s = d->has_drivers ? cli_panel_find(&d->drivers, cli_driver_name(k)) : NULL;
    if (!s) return 0;
    int64_t end = s->start + (int64_t)s->n - 1, pend = p->p0 + (int64_t)p->n - 1;
    if (s->start > p->p0 || end < pend) {
        char a[16], b[16], c[16], e[16];
        cli_period_str(a, s->start);
        cli_period_str(b, end);
        cli_period_str(c, p->p0);
        cli_period_str(e, pend);
        return cli_fail_at(CLI_EINPUT, d->drivers.file, s->line, s->col, "\"%s\" covers %s .. "
                           "%s: the projection needs %s .. %s", cli_driver_name(k), a, b, c, e);
    }
    p->drv[k] = cli_alloc(p->n * sizeof *p->drv[k]);
    for (size_t t = 0; t < p->n; t++) {
        double v = p->drv[k][t] = cli_series_at(s, p->p0 + (int64_t)t);
        if (v < 0 && k != FPA_WC_OTHER_CASH) {
            char m[16];
            cli_period_str(m, p->p0 + (int64_t)t);
            return cli_fail_at(CLI_EINPUT, d->drivers.file, s->line, s->col, "\"%s\" is "
                               "negative in %s (%.15g): only other_cash may be", cli_driver_name(k),
                               m, v);
        }
    }
    p->source[k] = "drivers file";
    return 0;
}

/* The correlation of the revenue and COGS models' one-step residuals (the
 * Monte Carlo draws them together); NaN when there is none. */
static double residual_corr(const cli_fc *a, const cli_fc *b)
{
    double r = NAN;
    if (!a->fit || !b->fit || a->n != b->n ||
        fpa_forecast_residual_correlation(&r, a->fit, a->y, b->fit, b->y) != FPA_OK)
        r = NAN;
    return r;
}

/* Revenue, COGS and other cash not given by the drivers file: forecast
 * from their history. */
static int plan_forecasts(plan *p, const cli_pnl *pnl, const hist *h, const cli_wc_params *wp)
{
    static const cli_levels lv80 = {1, {80}};
    const double *src[NFC] = {pnl->rev, pnl->cogs, h->other + 1};
    size_t len[NFC] = {pnl->n, pnl->n, h->n - 1};
    cli_fc *todo[NFC];
    size_t nt = 0;
    for (int k = 0; k < NFC; k++) {
        if (p->drv[fc_driver[k]] || !len[k]) continue;
        cli_fc *f = &p->fc[k];
        f->name = fc_label[k];
        f->n = len[k];
        f->y = cli_alloc(len[k] * sizeof *f->y);
        memcpy(f->y, src[k], len[k] * sizeof *f->y);
        p->forecast[k] = true;
        todo[nt++] = f;
    }
    cli_fc_spec spec = {wp->fc.method, 12, p->n, &lv80, wp->fc.opts};
    cli_fc batch[NFC];
    for (size_t i = 0; i < nt; i++) batch[i] = *todo[i];
    int rc = nt ? cli_fc_run(batch, nt, &spec, "wc forecast") : 0;
    for (size_t i = 0; i < nt; i++) *todo[i] = batch[i];
    for (int k = 0; k < NFC && !rc; k++) {
        fpa_wc_driver drv = fc_driver[k];
        if (p->drv[drv]) continue;
        cli_fc *f = &p->fc[k];
        p->drv[drv] = cli_calloc(p->n, sizeof *p->drv[drv]);
        p->source[drv] = p->forecast[k] ? "forecast" : "none: no history (0)";
        if (!p->forecast[k]) continue;
        if (f->st != FPA_OK) {
            rc = cli_fail(CLI_ECOMPUTE, "wc: forecast of %s: %s (%s)", fc_label[k], f->detail,
                          fpa_status_name(f->st));
            break;
        }
        p->source_text[drv] = cli_fmt("forecast: %s", f->model);
        for (size_t t = 0; t < p->n; t++) {
            double v = f->mean[t];
            if (drv != FPA_WC_OTHER_CASH && v < 0) {
                v = 0; /* a forecast below zero means none: the plan refuses negatives */
                p->clamped++;
            }
            p->drv[drv][t] = v;
        }
    }
    return rc;
}

static int plan_build(plan *p, const cli_dataset *d, const cli_pnl *pnl, const hist *h,
                      const cli_wc_params *wp)
{
    memset(p, 0, sizeof *p);
    p->corr = NAN;
    p->p0 = d->as_of;
    p->n = wp->fc.h;
    p->days = cli_alloc(p->n * sizeof *p->days);
    int rc = month_days(p->days, p->p0, p->n, wp->basis);
    for (int k = 0; k < 6 && !rc; k++) rc = from_file(p, d, (fpa_wc_driver)k);
    if (!rc) rc = plan_forecasts(p, pnl, h, wp);
    if (rc) return rc;
    p->corr = residual_corr(&p->fc[D_REV], &p->fc[D_COGS]);
    /* the days: given, or held at their recent level */
    const double given[3] = {wp->dso, wp->dio, wp->dpo};
    const double *past[3] = {h->dso, h->dio, h->dpo};
    static const char *const opt[3] = {"--dso", "--dio", "--dpo"};
    for (int k = 0; k < 3; k++) {
        fpa_wc_driver drv = (fpa_wc_driver)(FPA_WC_DSO + k);
        if (p->drv[drv]) continue;
        double v = isfinite(given[k]) ? given[k] : recent(past[k], h->n, wp->driver_months);
        p->source[drv] = isfinite(given[k]) ? opt[k] : NULL;
        if (!p->source[drv])
            p->source_text[drv] = isfinite(v) ? cli_fmt("mean of the last %zu months",
                                                        wp->driver_months)
                                              : cli_strdup("none: no history (0)");
        if (!isfinite(v)) v = 0;
        p->drv[drv] = cli_alloc(p->n * sizeof *p->drv[drv]);
        for (size_t t = 0; t < p->n; t++) p->drv[drv][t] = v;
    }
    /* the library's plan */
    fpa_status st = fpa_wc_plan_new(&p->plan, p->n, wp->fc.opts);
    if (st == FPA_OK) st = fpa_wc_plan_set_days(p->plan, p->days, p->n);
    for (int k = 0; k < 6 && st == FPA_OK; k++)
        st = fpa_wc_plan_set(p->plan, (fpa_wc_driver)k, p->drv[k], p->n);
    size_t L = h->n - 1;
    if (st == FPA_OK)
        st = fpa_wc_plan_set_opening(p->plan, h->bal[B_AR][L], h->bal[B_INV][L],
                                     h->bal[B_AP][L], h->bal[B_CASH][L]);
    return st == FPA_OK ? 0 : cli_fail_lib(st, "wc: the plan");
}

static const char *plan_source(const plan *p, int k)
{
    return p->source_text[k] ? p->source_text[k] : p->source[k];
}

/* ---- scenarios ----------------------------------------------------------------------- */

static int period_index(size_t *out, const plan *p, int64_t from, const char *file,
                        const char *where)
{
    if (from == INT64_MIN) {
        *out = 0;
        return 0;
    }
    if (from < p->p0) {
        char a[16], b[16];
        cli_period_str(a, from);
        cli_period_str(b, p->p0);
        return cli_fail_at(CLI_EINPUT, file, 0, 0, "%s.from: %s is before the projection's "
                           "first month %s", where, a, b);
    }
    *out = (size_t)(from - p->p0);
    return 0;
}

static int scenario_make(fpa_scenario **out, const plan *p, const cli_scenario *s,
                         const char *file, const fpa_opts *opts)
{
    fpa_status st = fpa_scenario_new(out, opts);
    if (st != FPA_OK) return cli_fail_lib(st, "wc: scenario");
    for (size_t k = 0; k < s->n; k++) {
        const cli_change *c = &s->change[k];
        size_t from = 0;
        int rc = period_index(&from, p, c->from, file, c->where);
        if (rc) return rc;
        st = fpa_scenario_add(*out, c->driver, c->op, c->value, from);
        if (st != FPA_OK) return cli_fail_lib(st, "wc: scenario");
    }
    return 0;
}

static char *describe(const cli_scenario *s)
{
    char *text = cli_strdup("");
    for (size_t k = 0; k < s->n; k++) {
        const cli_change *c = &s->change[k];
        char from[16] = "start";
        if (c->from != INT64_MIN) cli_period_str(from, c->from);
        char *next = cli_fmt("%s%s%s %s %.15g from %s", text, k ? "; " : "",
                             cli_driver_name(c->driver), cli_op_name(c->op), c->value, from);
        free(text);
        text = next;
    }
    return text;
}

/* ---- Monte Carlo ---------------------------------------------------------------------- */

/* A driver drawn each month from its forecast's 80 % interval
 * (fpa_scenario_mc_add_interval(), as a host calling the library would),
 * centred on what the scenario makes of the driver: the interval keeps
 * its width and moves with the scenario's change. */
static fpa_status add_forecast_draw(fpa_scenario_mc *mc, size_t *index, const plan *p, int k,
                                    size_t from, const fpa_scenario *scn)
{
    const cli_fc *f = &p->fc[k];
    size_t n = p->n - from;
    double *point = cli_alloc(3 * p->n * sizeof *point), *lo = point + p->n, *hi = lo + p->n;
    fpa_status st = fpa_scenario_drivers(point, p->n, p->plan, scn, fc_driver[k]);
    for (size_t t = from; t < p->n && st == FPA_OK; t++) {
        lo[t] = f->lower[t] - f->mean[t] + point[t];
        hi[t] = f->upper[t] - f->mean[t] + point[t];
    }
    if (st == FPA_OK)
        st = fpa_scenario_mc_add_interval(index, mc, fc_driver[k], point + from, lo + from,
                                          hi + from, n, 0.8, from, FPA_DRAW_EACH_PERIOD);
    free(point);
    return st;
}

typedef struct mcmodel {
    fpa_scenario_mc *mc;
    size_t nvars, nnotes, cap;
    char **note; /* what the variables are, for the section's notes */
} mcmodel;

static void mc_free(mcmodel *m)
{
    fpa_scenario_mc_free(m->mc);
    for (size_t i = 0; i < m->nnotes; i++) free(m->note[i]);
    free(m->note);
}

static void mc_note(mcmodel *m, char *text)
{
    m->note = cli_grow(m->note, &m->cap, m->nnotes + 1, sizeof *m->note);
    m->note[m->nnotes++] = text;
}

/* The uncertain drivers of the what-if file. */
static int mc_from_file(mcmodel *m, const cli_scenarios *sc, const plan *p,
                        const fpa_scenario *scn, int *fcvar)
{
    for (size_t i = 0; i < sc->nu; i++) {
        const cli_uncertain *u = &sc->u[i];
        size_t from = 0, index;
        fpa_status st;
        int rc = period_index(&from, p, u->from, sc->file, u->where);
        if (rc) return rc;
        if (from >= p->n) continue; /* after the horizon: changes nothing */
        if (u->dist == CLI_DIST_FORECAST) {
            int k = u->driver == FPA_WC_REVENUE ? D_REV : u->driver == FPA_WC_COGS ? D_COGS
                                                                                 : D_OTHER;
            if (!p->forecast[k])
                return cli_fail_at(CLI_EINPUT, sc->file, 0, 0, "%s: %s is not forecast (it "
                                   "comes from the drivers file)", u->where,
                                   cli_driver_name(u->driver));
            st = add_forecast_draw(m->mc, &index, p, k, from, scn);
            if (st == FPA_OK) fcvar[k] = (int)index;
        } else {
            st = fpa_scenario_mc_add(&index, m->mc, u->driver, u->op, (fpa_scenario_dist)u->dist,
                                     u->params, u->nparams, from, u->draw);
        }
        if (st == FPA_EDOM || st == FPA_EINVAL)
            return cli_fail_at(CLI_EINPUT, sc->file, 0, 0, "%s: %s", u->where, fpa_error_last());
        if (st != FPA_OK) return cli_fail_lib(st, "wc: Monte Carlo");
        m->nvars++;
        mc_note(m, cli_fmt("%s: %s %s, %s", u->where, cli_driver_name(u->driver),
                           u->dist == CLI_DIST_FORECAST ? "drawn from its forecast"
                                                        : cli_dist_name(u->dist),
                           u->draw == FPA_DRAW_ONCE ? "once per path" : "each month"));
    }
    return 0;
}

/* The default model: revenue and COGS as uncertain as their forecasts, and
 * a persistent shift of DSO as large as its recent swings. */
static int mc_default(mcmodel *m, const plan *p, const hist *h, const fpa_scenario *scn,
                      int *fcvar)
{
    size_t index;
    fpa_status st = FPA_OK;
    for (int k = D_REV; k <= D_COGS && st == FPA_OK; k++) {
        bool spread = false; /* a constant series has nothing to draw */
        for (size_t t = 0; p->forecast[k] && t < p->n; t++)
            spread |= p->fc[k].upper[t] > p->fc[k].lower[t];
        if (!spread) continue;
        st = add_forecast_draw(m->mc, &index, p, k, 0, scn);
        if (st == FPA_OK) {
            fcvar[k] = (int)index;
            m->nvars++;
            mc_note(m, cli_fmt("%s drawn each month from its forecast's 80%% interval",
                               fc_label[k]));
        }
    }
    double sd = NAN;
    size_t got = 0;
    if (fpa_kpi_trailing_stats(NULL, &sd, &got, h->dso, h->n, 12) < 0 || got < 3) sd = NAN;
    if (st == FPA_OK && isfinite(sd) && sd > 0) {
        double par[2] = {0, sd};
        st = fpa_scenario_mc_add(&index, m->mc, FPA_WC_DSO, FPA_SCENARIO_ADD, FPA_DIST_NORMAL,
                                 par, 2, 0, FPA_DRAW_ONCE);
        if (st == FPA_OK && ++m->nvars)
            mc_note(m, cli_fmt("DSO shifted once per path by a normal draw of mean 0 and "
                               "standard deviation %.2f days (that of DSO over the last %zu "
                               "months)", sd, got));
    }
    return st == FPA_OK ? 0 : cli_fail_lib(st, "wc: Monte Carlo");
}

/* Revenue and COGS move together as their models' residuals did. */
static int mc_correlate(mcmodel *m, const plan *p, const int *fcvar)
{
    if (fcvar[D_REV] < 0 || fcvar[D_COGS] < 0 || !isfinite(p->corr) || !m->nvars) return 0;
    size_t k = m->nvars;
    double *c = cli_calloc(k * k, sizeof *c);
    for (size_t i = 0; i < k; i++) c[i * k + i] = 1;
    size_t a = (size_t)fcvar[D_REV], b = (size_t)fcvar[D_COGS];
    c[a * k + b] = c[b * k + a] = p->corr;
    fpa_status st = fpa_scenario_mc_correlate(m->mc, c, k);
    free(c);
    if (st == FPA_OK)
        mc_note(m, cli_fmt("revenue and cost of sales correlated at %.3f (their models' "
                           "one-step residuals)", p->corr));
    else if (st == FPA_EDOM)
        mc_note(m, cli_fmt("revenue and cost of sales drawn independently: %s",
                           fpa_error_last()));
    else return cli_fail_lib(st, "wc: Monte Carlo");
    return 0;
}

static int mc_build(mcmodel *m, const cli_dataset *d, const plan *p, const hist *h,
                    const fpa_scenario *scn, const fpa_opts *opts)
{
    memset(m, 0, sizeof *m);
    fpa_status st = fpa_scenario_mc_new(&m->mc, opts);
    if (st != FPA_OK) return cli_fail_lib(st, "wc: Monte Carlo");
    int fcvar[NFC] = {-1, -1, -1};
    int rc = d->has_scenarios && d->scenarios.has_uncertainty
           ? mc_from_file(m, &d->scenarios, p, scn, fcvar) : mc_default(m, p, h, scn, fcvar);
    return rc ? rc : mc_correlate(m, p, fcvar);
}

/* ---- the section ------------------------------------------------------------------------- */

enum { HM_PERIOD, HM_DAYS, HM_REV, HM_COGS, HM_AR, HM_INV, HM_AP, HM_NWC, HM_DSO, HM_DIO,
       HM_DPO, HM_CCC, HM_CASH, HM_OTHER, HM_NCOLS };
static const cli_col metric_cols[HM_NCOLS] = {
    {"period", CLI_TEXT, 0}, {"days", CLI_NUMBER, CLI_HIDE_TEXT},
    {"revenue", CLI_AMOUNT, CLI_HIDE_TEXT}, {"cogs", CLI_AMOUNT, CLI_HIDE_TEXT},
    {"ar", CLI_AMOUNT, 0}, {"inventory", CLI_AMOUNT, 0}, {"ap", CLI_AMOUNT, 0},
    {"nwc", CLI_AMOUNT, 0}, {"dso", CLI_NUMBER, 0}, {"dio", CLI_NUMBER, 0},
    {"dpo", CLI_NUMBER, 0}, {"ccc", CLI_NUMBER, 0}, {"cash", CLI_AMOUNT, 0},
    {"other_cash", CLI_AMOUNT, CLI_HIDE_TEXT},
};

enum { DR_PERIOD, DR_DAYS, DR_REV, DR_COGS, DR_DSO, DR_DIO, DR_DPO, DR_OTHER, DR_REV_LO,
       DR_REV_HI, DR_COGS_LO, DR_COGS_HI, DR_NCOLS };
static const cli_col driver_cols[DR_NCOLS] = {
    {"period", CLI_TEXT, 0}, {"days", CLI_NUMBER, 0}, {"revenue", CLI_AMOUNT, 0},
    {"cogs", CLI_AMOUNT, 0}, {"dso", CLI_NUMBER, 0}, {"dio", CLI_NUMBER, 0},
    {"dpo", CLI_NUMBER, 0}, {"other_cash", CLI_AMOUNT, 0}, {"revenue_lower_80", CLI_AMOUNT, 0},
    {"revenue_upper_80", CLI_AMOUNT, 0}, {"cogs_lower_80", CLI_AMOUNT, 0},
    {"cogs_upper_80", CLI_AMOUNT, 0},
};

static const fpa_wc_line proj_lines[] = {
    FPA_WC_LINE_AR, FPA_WC_LINE_INVENTORY, FPA_WC_LINE_AP, FPA_WC_LINE_NWC,
    FPA_WC_LINE_COLLECTIONS, FPA_WC_LINE_PAYMENTS, FPA_WC_LINE_NET_CASH, FPA_WC_LINE_CASH};
enum { NPROJ = sizeof proj_lines / sizeof *proj_lines, PJ_CASH = NPROJ - 1, PJ_NWC = 3 };
enum { PR_SCENARIO, PR_PERIOD, PR_LINES, PR_NCOLS = PR_LINES + NPROJ };
static const cli_col proj_cols[PR_NCOLS] = {
    {"scenario", CLI_TEXT, 0}, {"period", CLI_TEXT, 0}, {"ar", CLI_AMOUNT, 0},
    {"inventory", CLI_AMOUNT, 0}, {"ap", CLI_AMOUNT, 0}, {"nwc", CLI_AMOUNT, 0},
    {"collections", CLI_AMOUNT, 0}, {"payments", CLI_AMOUNT, 0}, {"net_cash", CLI_AMOUNT, 0},
    {"cash", CLI_AMOUNT, 0},
};

enum { CA_PERIOD, CA_NET, CA_CASH, CA_P5, CA_P50, CA_P95, CA_BREACH, CA_NCOLS };
static const cli_col cash_cols[CA_NCOLS] = {
    {"period", CLI_TEXT, 0}, {"net_cash", CLI_AMOUNT, 0}, {"cash", CLI_AMOUNT, 0},
    {"cash_p5", CLI_AMOUNT, 0}, {"cash_p50", CLI_AMOUNT, 0}, {"cash_p95", CLI_AMOUNT, 0},
    {"breach_probability", CLI_FRACTION, 0},
};

enum { SC_SCENARIO, SC_CHANGES, SC_END, SC_VS_BASE, SC_MIN, SC_MIN_PERIOD, SC_NWC, SC_GAP,
       SC_BREACH, SC_RUNWAY, SC_NCOLS };
static const cli_col scen_cols[SC_NCOLS] = {
    {"scenario", CLI_TEXT, 0}, {"changes", CLI_TEXT, CLI_HIDE_TEXT},
    {"ending_cash", CLI_AMOUNT, 0}, {"cash_vs_base", CLI_AMOUNT, 0},
    {"min_cash", CLI_AMOUNT, 0}, {"min_cash_period", CLI_TEXT, 0},
    {"ending_nwc", CLI_AMOUNT, 0}, {"funding_gap", CLI_AMOUNT, 0},
    {"breach_period", CLI_TEXT, 0}, {"runway_months", CLI_COUNT, 0},
};

enum { CR_SCENARIO, CR_PATHS, CR_FLOOR, CR_BREACH, CR_MIN_P5, CR_MIN_P50, CR_END_P5,
       CR_END_P50, CR_END_P95, CR_END_MEAN, CR_CAR, CR_CLAMPED, CR_NCOLS };
static const cli_col risk_cols[CR_NCOLS] = {
    {"scenario", CLI_TEXT, 0}, {"paths", CLI_COUNT, CLI_HIDE_TEXT},
    {"cash_floor", CLI_AMOUNT, CLI_HIDE_TEXT}, {"breach_probability", CLI_FRACTION, 0},
    {"min_cash_p5", CLI_AMOUNT, 0}, {"min_cash_p50", CLI_AMOUNT, 0},
    {"ending_cash_p5", CLI_AMOUNT, 0}, {"ending_cash_p50", CLI_AMOUNT, 0},
    {"ending_cash_p95", CLI_AMOUNT, 0}, {"ending_cash_mean", CLI_AMOUNT, CLI_HIDE_TEXT},
    {"cash_at_risk_95", CLI_AMOUNT, 0}, {"clamped_draws", CLI_COUNT, CLI_HIDE_TEXT},
};

enum { GS_TARGET, GS_DRIVER, GS_VALUE, GS_CURRENT, GS_NOTE, GS_NCOLS };
static const cli_col goal_cols[GS_NCOLS] = {
    {"target", CLI_TEXT, 0}, {"driver", CLI_TEXT, 0}, {"value", CLI_NUMBER, 0},
    {"base", CLI_NUMBER, 0}, {"note", CLI_TEXT, 0},
};

typedef struct scen_result {
    double *proj;         /* NPROJ x n */
    double min_cash, peak_gap;
    size_t min_period;
} scen_result;

static int project(scen_result *r, const plan *p, const fpa_scenario *scn, double floor,
                   const char *name)
{
    r->proj = cli_alloc(NPROJ * p->n * sizeof *r->proj);
    fpa_status st = fpa_scenario_project(r->proj, NPROJ * p->n, p->plan, scn, proj_lines, NPROJ);
    if (st == FPA_OK)
        st = fpa_scenario_compare(NULL, NULL, NULL, &r->min_cash, &r->min_period, &r->peak_gap,
                                  p->plan, scn, floor, p->n);
    if (st == FPA_OK) return 0;
    char *what = cli_fmt("wc: scenario \"%s\"", name);
    int rc = cli_fail_lib(st, what);
    free(what);
    return rc;
}

static void scenario_row(cli_table *t, const plan *p, const scen_result *r,
                         const scen_result *base, const char *name, const char *changes,
                         double floor)
{
    const double *cash = r->proj + PJ_CASH * p->n;
    cli_row_add(t);
    cli_put_text(t, SC_SCENARIO, name);
    cli_put_text(t, SC_CHANGES, changes);
    cli_put_num(t, SC_END, cash[p->n - 1]);
    cli_put_num(t, SC_VS_BASE, cash[p->n - 1] - base->proj[PJ_CASH * p->n + p->n - 1]);
    cli_put_num(t, SC_MIN, r->min_cash);
    cli_put_period(t, SC_MIN_PERIOD, p->p0 + (int64_t)r->min_period);
    cli_put_num(t, SC_NWC, r->proj[PJ_NWC * p->n + p->n - 1]);
    cli_put_num(t, SC_GAP, r->peak_gap);
    for (size_t m = 0; m < p->n; m++)
        if (cash[m] < floor) {
            cli_put_period(t, SC_BREACH, p->p0 + (int64_t)m);
            cli_put_num(t, SC_RUNWAY, (double)m);
            return;
        }
}

static void projection_rows(cli_table *t, const plan *p, const scen_result *r, const char *name)
{
    for (size_t m = 0; m < p->n; m++) {
        cli_row_add(t);
        cli_put_text(t, PR_SCENARIO, name);
        cli_put_period(t, PR_PERIOD, p->p0 + (int64_t)m);
        for (size_t k = 0; k < NPROJ; k++) cli_put_num(t, PR_LINES + k, r->proj[k * p->n + m]);
    }
}

/* One scenario's cash-at-risk; with `fan`, the 5th, 50th and 95th
 * percentiles of each month's cash and the probability of a breach then. */
static int risk_row(cli_table *t, const plan *p, const mcmodel *m, const fpa_scenario *scn,
                    const char *name, const cli_wc_params *wp, double floor, double *fan)
{
    fpa_scenario_mc_result *res = NULL;
    cli_progress_label_set("cash-at-risk");
    fpa_status st = fpa_scenario_mc_run(&res, m->mc, p->plan, scn, wp->paths, floor,
                                        wp->fc.opts);
    double any = 0, q[5] = {0}, mean = 0, car = 0;
    static const double at[5] = {0.05, 0.5, 0.05, 0.5, 0.95};
    if (st == FPA_OK) st = fpa_scenario_mc_breach(&any, NULL, 0, res);
    for (int k = 0; k < 5 && st == FPA_OK; k++)
        st = fpa_scenario_mc_quantile(&q[k], res, k < 2 ? FPA_MC_MIN_CASH : FPA_MC_ENDING_CASH,
                                      at[k]);
    if (st == FPA_OK) st = fpa_scenario_mc_mean(&mean, res, FPA_MC_ENDING_CASH);
    if (st == FPA_OK) st = fpa_scenario_mc_cash_at_risk(&car, res, 0.95);
    if (st == FPA_OK) {
        cli_row_add(t);
        cli_put_text(t, CR_SCENARIO, name);
        cli_put_num(t, CR_PATHS, (double)wp->paths);
        cli_put_num(t, CR_FLOOR, floor);
        cli_put_num(t, CR_BREACH, any);
        for (int k = 0; k < 5; k++) cli_put_num(t, CR_MIN_P5 + (size_t)k, q[k]);
        cli_put_num(t, CR_END_MEAN, mean);
        cli_put_num(t, CR_CAR, car);
        cli_put_num(t, CR_CLAMPED, (double)fpa_scenario_mc_clamped(res));
    }
    if (st == FPA_OK && fan) st = fpa_scenario_mc_breach(NULL, fan + 3 * p->n, p->n, res);
    for (int k = 0; k < 3 && st == FPA_OK && fan; k++)
        st = fpa_scenario_mc_fan(fan + (size_t)k * p->n, p->n, res, at[2 + k]);
    fpa_scenario_mc_result_free(res);
    if (st == FPA_OK) return 0;
    char *what = cli_fmt("wc: cash-at-risk of \"%s\"", name);
    int rc = cli_fail_lib(st, what);
    free(what);
    return rc;
}

/* The DSO and DIO at which the lowest cash would just hold the floor, and
 * the DPO it needs: how much room the days have. */
static int goal_rows(cli_table *t, const plan *p, double floor)
{
    static const struct { fpa_wc_driver drv; const char *target; } g[3] = {
        {FPA_WC_DSO, "highest DSO that keeps the cash above the floor"},
        {FPA_WC_DIO, "highest DIO that keeps the cash above the floor"},
        {FPA_WC_DPO, "lowest DPO that keeps the cash above the floor"},
    };
    for (int k = 0; k < 3; k++) {
        double v;
        fpa_status st = fpa_scenario_goal_seek(&v, p->plan, NULL, g[k].drv, FPA_SCENARIO_SET, 0,
                                               0, 365, FPA_SCENARIO_MIN_CASH, floor, floor);
        if (st == FPA_ENOMEM) return cli_fail_lib(st, "wc: goal seek");
        cli_row_add(t);
        cli_put_text(t, GS_TARGET, g[k].target);
        cli_put_text(t, GS_DRIVER, cli_driver_name(g[k].drv));
        cli_put_num(t, GS_CURRENT, p->drv[g[k].drv][0]);
        if (st == FPA_OK) {
            cli_put_num(t, GS_VALUE, v);
            cli_put_text(t, GS_NOTE, "");
            continue;
        }
        /* no crossing: the floor holds, or fails, whatever the days */
        double at0 = NAN;
        fpa_scenario *one = NULL;
        fpa_status s2 = fpa_scenario_new(&one, NULL);
        if (s2 == FPA_OK) s2 = fpa_scenario_add(one, g[k].drv, FPA_SCENARIO_SET, 0, 0);
        if (s2 == FPA_OK)
            s2 = fpa_scenario_metric_value(&at0, p->plan, one, FPA_SCENARIO_MIN_CASH, floor);
        fpa_scenario_free(one);
        char *note = st == FPA_ENOCONV && s2 == FPA_OK
            ? cli_fmt("the floor %s at every value from 0 to 365 days",
                      at0 >= floor ? "holds" : "is breached")
            : cli_fmt("%s (%s)", fpa_error_last(), fpa_status_name(st));
        cli_put_text(t, GS_NOTE, note);
        free(note);
    }
    return 0;
}

/* What the parts of the section share. */
typedef struct wsec {
    const cli_dataset *d;
    const cli_wc_params *wp;
    cli_section *s;
    hist h;
    plan p;
    mcmodel m;
    scen_result base, *res;
    fpa_scenario **scn;
    const cli_scenarios *sc;
    size_t ns;
    double floor, *fan; /* fan: p5, p50, p95, breach probability by month */
} wsec;

static void history_tables(wsec *w)
{
    const hist *h = &w->h;
    const plan *p = &w->p;
    cli_table *t = cli_table_add(w->s, "metrics", "Working capital by month", metric_cols,
                                 HM_NCOLS);
    t->text_tail = 12;
    const double *col[HM_NCOLS] = {NULL, h->days, h->rev, h->cogs, h->bal[B_AR], h->bal[B_INV],
                                   h->bal[B_AP], h->nwc, h->dso, h->dio, h->dpo, h->ccc,
                                   h->bal[B_CASH], h->other};
    for (size_t i = 0; i < h->n; i++) {
        cli_row_add(t);
        cli_put_period(t, HM_PERIOD, h->h0 + (int64_t)i);
        for (size_t k = 1; k < HM_NCOLS; k++) cli_put_num(t, k, col[k][i]);
    }
    cli_table *dt = cli_table_add(w->s, "drivers", "The base case's drivers", driver_cols,
                                  DR_NCOLS);
    dt->flags = CLI_HIDE_TEXT;
    for (size_t i = 0; i < p->n; i++) {
        cli_row_add(dt);
        cli_put_period(dt, DR_PERIOD, p->p0 + (int64_t)i);
        cli_put_num(dt, DR_DAYS, p->days[i]);
        for (int k = 0; k < 6; k++) cli_put_num(dt, DR_REV + (size_t)k, p->drv[k][i]);
        for (int k = D_REV; k <= D_COGS; k++)
            if (p->forecast[k]) {
                cli_put_num(dt, DR_REV_LO + 2 * (size_t)k, p->fc[k].lower[i]);
                cli_put_num(dt, DR_REV_HI + 2 * (size_t)k, p->fc[k].upper[i]);
            }
    }
}

/* The base and each what-if, projected and compared. */
static int scenario_tables(wsec *w)
{
    const plan *p = &w->p;
    int rc = project(&w->base, p, NULL, w->floor, "base");
    if (!rc && w->ns) {
        w->scn = cli_calloc(w->ns, sizeof *w->scn);
        w->res = cli_calloc(w->ns, sizeof *w->res);
    }
    for (size_t i = 0; i < w->ns && !rc; i++) {
        rc = scenario_make(&w->scn[i], p, &w->sc->s[i], w->sc->file, w->wp->fc.opts);
        if (!rc) rc = project(&w->res[i], p, w->scn[i], w->floor, w->sc->s[i].name);
    }
    if (rc) return rc;
    cli_table *st = cli_table_add(w->s, "scenarios", "What-ifs against the base case",
                                  scen_cols, SC_NCOLS);
    scenario_row(st, p, &w->base, &w->base, "base", "", w->floor);
    for (size_t i = 0; i < w->ns; i++) {
        char *text = describe(&w->sc->s[i]);
        scenario_row(st, p, &w->res[i], &w->base, w->sc->s[i].name, text, w->floor);
        free(text);
    }
    cli_table *pt = cli_table_add(w->s, "projection", "Projected balances and cash", proj_cols,
                                  PR_NCOLS);
    pt->flags = CLI_HIDE_TEXT;
    projection_rows(pt, p, &w->base, "base");
    for (size_t i = 0; i < w->ns; i++) projection_rows(pt, p, &w->res[i], w->sc->s[i].name);
    return 0;
}

/* Cash-at-risk of the base (with its fan) and of each what-if. */
static int risk_table(wsec *w)
{
    const cli_wc_params *wp = w->wp;
    const plan *p = &w->p;
    if (!wp->paths) return 0;
    w->fan = cli_alloc(4 * p->n * sizeof *w->fan);
    int rc = mc_build(&w->m, w->d, p, &w->h, NULL, wp->fc.opts);
    cli_table *rt = rc ? NULL : cli_table_add(w->s, "cash_at_risk", "Cash-at-risk (Monte "
                                              "Carlo)", risk_cols, CR_NCOLS);
    if (!rc) rc = risk_row(rt, p, &w->m, NULL, "base", wp, w->floor, w->fan);
    for (size_t i = 0; i < w->ns && !rc; i++) {
        mcmodel ms; /* the forecast draws centred on the scenario's drivers */
        rc = mc_build(&ms, w->d, p, &w->h, w->scn[i], wp->fc.opts);
        if (!rc) rc = risk_row(rt, p, &ms, w->scn[i], w->sc->s[i].name, wp, w->floor, NULL);
        mc_free(&ms);
    }
    return rc;
}

static void cash_table(wsec *w, cli_table *ct)
{
    const plan *p = &w->p;
    for (size_t i = 0; i < p->n; i++) {
        cli_row_add(ct);
        cli_put_period(ct, CA_PERIOD, p->p0 + (int64_t)i);
        cli_put_num(ct, CA_NET, w->base.proj[6 * p->n + i]);
        cli_put_num(ct, CA_CASH, w->base.proj[PJ_CASH * p->n + i]);
        for (size_t k = 0; w->fan && k < 4; k++) cli_put_num(ct, CA_P5 + k, w->fan[k * p->n + i]);
    }
}

/* The cash path: a year of actual cash, the projection, its Monte Carlo
 * band (5th to 95th percentile) and median, and the floor; then the days. */
static void wc_figures(wsec *w)
{
    const hist *h = &w->h;
    const plan *p = &w->p;
    size_t past = h->n < 12 ? h->n : 12, n = past + p->n;
    cli_figure *g = cli_figure_add(w->s, "cash_path", "Cash: actual, projected, and the Monte "
                                   "Carlo band (5th to 95th percentile)", CLI_FIG_LINES,
                                   "currency", n);
    for (size_t i = 0; i < n; i++) cli_figure_x_period(g, i, p->p0 - (int64_t)past + (int64_t)i);
    cli_trace *lo = w->fan ? cli_figure_trace(g, "5th-95th percentile", CLI_ROLE_BAND_LO) : NULL;
    cli_trace *hi = w->fan ? cli_figure_trace(g, "95th", CLI_ROLE_BAND_HI) : NULL;
    cli_trace *act = cli_figure_trace(g, "actual", CLI_ROLE_LINE);
    cli_trace *proj = cli_figure_trace(g, "projected (base)", CLI_ROLE_LINE);
    cli_trace *med = w->fan ? cli_figure_trace(g, "median of the paths", CLI_ROLE_DASHED) : NULL;
    cli_trace *fl = cli_figure_trace(g, "cash floor", CLI_ROLE_LEVEL);
    for (size_t i = 0; i < past; i++) act->v[i] = h->bal[B_CASH][h->n - past + i];
    if (past) proj->v[past - 1] = act->v[past - 1];
    for (size_t t = 0; t < p->n; t++) {
        proj->v[past + t] = w->base.proj[PJ_CASH * p->n + t];
        if (w->fan) lo->v[past + t] = w->fan[t], med->v[past + t] = w->fan[p->n + t],
                    hi->v[past + t] = w->fan[2 * p->n + t];
    }
    for (size_t i = 0; i < n; i++) fl->v[i] = w->floor;
    size_t from = h->n > 24 ? h->n - 24 : 0;
    cli_figure *days = cli_figure_add(w->s, "days", "Working-capital days (DSO, DIO, DPO) and "
                                      "the cash conversion cycle", CLI_FIG_LINES, "days",
                                      h->n - from);
    const double *col[4] = {h->dso, h->dio, h->dpo, h->ccc};
    static const char *const label[4] = {"DSO", "DIO", "DPO", "cash conversion cycle"};
    for (size_t i = from; i < h->n; i++) cli_figure_x_period(days, i - from, h->h0 + (int64_t)i);
    for (int k = 0; k < 4; k++) {
        cli_trace *t = cli_figure_trace(days, label[k], k == 3 ? CLI_ROLE_DASHED : CLI_ROLE_LINE);
        for (size_t i = from; i < h->n; i++) t->v[i - from] = col[k][i];
    }
}

static void wc_notes(const wsec *w)
{
    static const char *const basis[] = {"actual days", "30/360", "365/12 days"};
    const plan *p = &w->p;
    cli_section *s = w->s;
    char from[16];
    cli_period_str(from, p->p0);
    cli_section_note(s, "DSO = ar / revenue x days, DIO = inventory / cogs x days, DPO = "
                     "ap / cogs x days, each month on its own (%s a month); ccc = dso + "
                     "dio - dpo; nwc = ar + inventory - ap", basis[w->wp->basis]);
    cli_section_note(s, "other_cash: every cash flow but sales, cost of sales and working "
                     "capital (operating expenses, capital expenditure, tax, financing): "
                     "the change in cash - revenue + cogs + the change in nwc");
    cli_section_note(s, "Projection from %s, %zu months: revenue %s; cogs %s; other cash "
                     "%s; DSO %.2f days (%s), DIO %.2f (%s), DPO %.2f (%s)", from, p->n,
                     plan_source(p, FPA_WC_REVENUE), plan_source(p, FPA_WC_COGS),
                     plan_source(p, FPA_WC_OTHER_CASH), p->drv[FPA_WC_DSO][0],
                     plan_source(p, FPA_WC_DSO), p->drv[FPA_WC_DIO][0],
                     plan_source(p, FPA_WC_DIO), p->drv[FPA_WC_DPO][0],
                     plan_source(p, FPA_WC_DPO));
    if (p->clamped)
        cli_section_note(s, "%zu forecast values below zero were set to zero", p->clamped);
    cli_section_note(s, "cash floor %.15g: runway_months counts the projected months "
                     "before the first month-end below it (none within the horizon: "
                     "null)", w->floor);
    if (!w->wp->paths) return;
    double seed = 0;
    fpa_opts_get(&seed, w->wp->fc.opts, FPA_OPT_SEED);
    cli_section_note(s, "Monte Carlo: %zu paths, seed %.15g; cash_at_risk_95 = median "
                     "ending cash - its 5th percentile", w->wp->paths, seed);
    for (size_t i = 0; i < w->m.nnotes; i++) cli_section_note(s, "Monte Carlo: %s", w->m.note[i]);
}

int cli_section_wc(cli_report *r, const cli_dataset *d, const cli_wc_params *wp)
{
    cli_pnl pnl;
    wsec w = {.d = d, .wp = wp, .sc = d->has_scenarios ? &d->scenarios : NULL};
    w.ns = w.sc ? w.sc->n : 0;
    w.floor = wp->has_floor ? wp->cash_floor : d->has_cash_floor ? d->cash_floor : 0;
    int rc = cli_pnl_build(&pnl, d);
    if (rc) return rc;
    rc = hist_build(&w.h, d, &pnl, wp->basis);
    if (!rc) rc = plan_build(&w.p, d, &pnl, &w.h, wp);
    if (!rc) {
        w.s = cli_section_add(r, "working_capital", "Working capital and cash");
        history_tables(&w);
    }
    cli_table *ct = NULL;
    if (!rc && !(rc = scenario_tables(&w))) {
        /* the cash table comes before the what-ifs; it is filled once the
           Monte Carlo fan is known */
        ct = cli_table_add(w.s, "cash", "Base case: cash by month, and its Monte Carlo "
                           "percentiles", cash_cols, CA_NCOLS);
        cli_section *s = w.s;
        cli_table *last = s->table[s->ntables - 1];
        memmove(s->table + s->ntables - 3 + 1, s->table + s->ntables - 3, 2 * sizeof *s->table);
        s->table[s->ntables - 3] = last;
    }
    if (!rc) rc = risk_table(&w);
    if (!rc) cash_table(&w, ct);
    if (!rc) {
        wc_figures(&w);
        cli_table *gt = cli_table_add(w.s, "goal_seek", "How far the days can move before the "
                                      "cash floor is breached", goal_cols, GS_NCOLS);
        rc = goal_rows(gt, &w.p, w.floor);
    }
    if (!rc) wc_notes(&w);
    for (size_t i = 0; i < w.ns; i++) {
        if (w.scn) fpa_scenario_free(w.scn[i]);
        if (w.res) free(w.res[i].proj);
    }
    free(w.scn);
    free(w.res);
    free(w.fan);
    free(w.base.proj);
    mc_free(&w.m);
    plan_free(&w.p);
    hist_free(&w.h);
    cli_pnl_free(&pnl);
    return rc;
}
