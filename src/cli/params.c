/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sections' options and their typed parameters: each table of options
 * is shared by the command of its own and by the review, so both read
 * them alike. */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- counts and methods ------------------------------------------------------------ */

int cli_arg_count(size_t *out, const cli_args *a, int id, const char *name, size_t def,
                  size_t min)
{
    const char *v = cli_args_get(a, id);
    *out = def;
    if (v && (!cli_parse_size(out, v) || *out < min || *out > 100000))
        return cli_fail(CLI_EUSAGE, "--%s: \"%s\" is not a count from %zu to 100000", name, v,
                        min);
    return 0;
}

int cli_arg_method(fpa_forecast_method *m, const char **label, const cli_args *a)
{
    const char *v = cli_args_get(a, OPT_METHOD);
    *label = v ? v : "auto";
    return cli_parse_method(m, "method", *label);
}

/* ---- forecast (the review's) --------------------------------------------------------- */

const cli_opt cli_forecast_review_opts[] = {
    {"method", "M", OPT_METHOD, "forecast method (default auto; see fpa forecast --help)"},
    {"horizon", "H", OPT_HORIZON, "months of the rolling forecast and of the cash projection "
                                  "(default " CLI_STR(FPA_FORECAST_DEFAULT_HORIZON) ")"},
    {0},
};

int cli_forecast_args(cli_forecast_params *p, const cli_args *a, const fpa_opts *opts)
{
    memset(p, 0, sizeof *p);
    p->opts = opts;
    int rc = cli_arg_method(&p->method, &p->label, a);
    if (!rc) rc = cli_arg_count(&p->h, a, OPT_HORIZON, "horizon", FPA_FORECAST_DEFAULT_HORIZON, 1);
    return rc;
}

/* ---- variance ---------------------------------------------------------------------- */

enum { V_MATERIAL_ABS = 200, V_MATERIAL_PCT, V_MATERIAL_RULE, V_WINDOW, V_DRILL_WINDOW, V_TOP };

const cli_opt cli_variance_opts[] = {
    {"window", "LIST", V_WINDOW, "windows: period, qtd, ytd, t3, t12, outlook (actuals to date "
                                 "and forecast to the year end; default period,qtd,ytd)"},
    {"material-abs", "X", V_MATERIAL_ABS, "material above this amount (default 10000)"},
    {"material-pct", "P", V_MATERIAL_PCT, "material above this share of budget: 0.05 or 5% "
                                          "(default 5%)"},
    {"material-rule", "R", V_MATERIAL_RULE, "both (default), either, abs or pct"},
    {"drill-window", "W", V_DRILL_WINDOW, "window of the drill-down (default ytd)"},
    {"top", "N", V_TOP, "contributors shown per drill-down (default 5)"},
    {0},
};

static int number_or_pct(double *out, const char *opt, const char *s, bool pct)
{
    if (pct ? cli_parse_percent(out, s) : cli_parse_number(out, s)) return 0;
    return cli_fail(CLI_EUSAGE, "--%s: \"%s\" is not a number", opt, s);
}

int cli_variance_args(cli_variance_params *p, const cli_args *a, fpa_opts *opts,
                      const char *default_windows)
{
    memset(p, 0, sizeof *p);
    p->opts = opts;
    p->drill_window = FPA_WINDOW_YTD;
    p->top = 5;
    const char *w = cli_args_get(a, V_WINDOW);
    p->outlook_optional = !w;
    if (!w) w = default_windows;
    for (const char *s = w; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        fpa_window win;
        if (!cli_window_parse(&win, s, len))
            return cli_fail(CLI_EUSAGE, "--window: \"%.*s\" is not period, qtd, ytd, t3, t12 "
                            "or outlook", (int)len, s);
        bool dup = false;
        for (size_t k = 0; k < p->nwindows; k++) dup |= p->windows[k] == win;
        if (!dup && p->nwindows < sizeof p->windows / sizeof *p->windows)
            p->windows[p->nwindows++] = win;
        s += len + (comma != NULL);
    }
    if (!p->nwindows) return cli_fail(CLI_EUSAGE, "--window: no window");
    const char *dw = cli_args_get(a, V_DRILL_WINDOW);
    if (dw && !cli_window_parse(&p->drill_window, dw, strlen(dw)))
        return cli_fail(CLI_EUSAGE, "--drill-window: \"%s\" is not period, qtd, ytd, t3, t12 "
                        "or outlook", dw);
    const char *top = cli_args_get(a, V_TOP);
    if (top && (!cli_parse_size(&p->top, top) || p->top == 0))
        return cli_fail(CLI_EUSAGE, "--top: \"%s\" is not a positive count", top);
    /* materiality goes into the library's options, read by fpa_variance_compute() */
    fpa_opts *o = opts;
    static const struct { int id; const char *name; int key; bool pct; } m[] = {
        {V_MATERIAL_ABS, "material-abs", FPA_OPT_VARIANCE_MATERIAL_ABS, false},
        {V_MATERIAL_PCT, "material-pct", FPA_OPT_VARIANCE_MATERIAL_PCT, true},
    };
    for (size_t k = 0; k < 2; k++) {
        const char *v = cli_args_get(a, m[k].id);
        double x;
        int rc;
        if (!v) continue;
        if ((rc = number_or_pct(&x, m[k].name, v, m[k].pct))) return rc;
        if (fpa_opts_set(o, m[k].key, x) != FPA_OK)
            return cli_fail(CLI_EUSAGE, "--%s: %s", m[k].name, fpa_error_last());
    }
    const char *rule = cli_args_get(a, V_MATERIAL_RULE);
    if (rule) {
        static const char *const rules[] = {"either", "both", "abs", "pct"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (!strcmp(rule, rules[i])) k = i;
        if (k < 0)
            return cli_fail(CLI_EUSAGE, "--material-rule: \"%s\" is not both, either, abs or "
                            "pct", rule);
        fpa_opts_set(o, FPA_OPT_VARIANCE_MATERIAL_RULE, k);
    }
    return 0;
}


/* ---- unit economics ------------------------------------------------------------------ */

enum { U_DISCOUNT = 300, U_HORIZON, U_BURN_MONTHS };

const cli_opt cli_unit_opts[] = {
    {"discount-rate", "R", U_DISCOUNT, "annual discount rate of the LTV: 0.1 or 10% (default)"},
    {"ltv-horizon", "M", U_HORIZON, "months of customer life counted in the LTV, 0 for all "
                                    "(default 60)"},
    {"burn-months", "N", U_BURN_MONTHS, "months averaged for burn and runway (default 3)"},
    {0},
};

int cli_unit_args(cli_unit_params *p, const cli_args *a, const fpa_opts *opts)
{
    memset(p, 0, sizeof *p);
    p->opts = opts;
    p->discount_annual = 0.10;
    p->ltv_horizon = 60;
    p->burn_months = 3;
    const char *v = cli_args_get(a, U_DISCOUNT);
    if (v && (!cli_parse_percent(&p->discount_annual, v) || p->discount_annual < 0))
        return cli_fail(CLI_EUSAGE, "--discount-rate: \"%s\" is not a rate >= 0", v);
    if ((v = cli_args_get(a, U_HORIZON)) && !cli_parse_size(&p->ltv_horizon, v))
        return cli_fail(CLI_EUSAGE, "--ltv-horizon: \"%s\" is not a number of months", v);
    if ((v = cli_args_get(a, U_BURN_MONTHS)) &&
        (!cli_parse_size(&p->burn_months, v) || p->burn_months == 0))
        return cli_fail(CLI_EUSAGE, "--burn-months: \"%s\" is not a positive count", v);
    return 0;
}

/* ---- working capital ----------------------------------------------------------------- */

enum { W_BASIS = 600, W_DSO, W_DIO, W_DPO, W_DRIVER_MONTHS, W_FLOOR, W_PATHS };

const cli_opt cli_wc_opts[] = {
    {"scenarios", "FILE", OPT_SCENARIOS, "what-ifs: driver changes from a month on (JSON)"},
    {"drivers", "FILE", OPT_DRIVERS, "the projection's drivers by month (CSV): revenue, cogs, "
                                     "dso, dio, dpo, other_cash; others are forecast or held"},
    {"basis", "B", W_BASIS, "days of a month: 365 (default: 365/12 each), actual or 30/360"},
    {"dso", "DAYS", W_DSO, "days sales outstanding ahead (default: the mean of the last "
                           "--driver-months)"},
    {"dio", "DAYS", W_DIO, "days inventory outstanding ahead (default likewise)"},
    {"dpo", "DAYS", W_DPO, "days payables outstanding ahead (default likewise)"},
    {"driver-months", "N", W_DRIVER_MONTHS, "months averaged for DSO, DIO and DPO (default 3)"},
    {"cash-floor", "X", W_FLOOR, "cash to keep at every month end (default: the manifest's "
                                 "cash_floor, else 0)"},
    {"paths", "N", W_PATHS, "Monte Carlo paths of cash-at-risk (default 10000; 0: none; seed: "
                            "--set seed=N)"},
    {0},
};

const cli_opt cli_wc_fc_opts[] = {
    {"method", "M", OPT_METHOD, "forecast method of revenue, COGS and other cash flows "
                                "(default auto; see fpa forecast --help)"},
    {"horizon", "H", OPT_HORIZON, "months projected (default 18)"},
    {0},
};

static int days_arg(double *out, const cli_args *a, int id, const char *name)
{
    const char *v = cli_args_get(a, id);
    *out = NAN;
    if (v && (!cli_parse_number(out, v) || *out < 0 || *out > 3650))
        return cli_fail(CLI_EUSAGE, "--%s: \"%s\" is not a number of days (0-3650)", name, v);
    return 0;
}

int cli_wc_args(cli_wc_params *p, const cli_args *a, const cli_forecast_params *fp)
{
    memset(p, 0, sizeof *p);
    p->fc = *fp;
    p->driver_months = 3;
    p->paths = 10000;
    p->basis = FPA_WC_365;
    int rc;
    const char *v = cli_args_get(a, W_BASIS);
    if (v) {
        if (!strcmp(v, "365")) p->basis = FPA_WC_365;
        else if (!strcmp(v, "actual")) p->basis = FPA_WC_ACTUAL;
        else if (!strcmp(v, "30/360")) p->basis = FPA_WC_30_360;
        else return cli_fail(CLI_EUSAGE, "--basis: \"%s\" is not 365, actual or 30/360", v);
    }
    if ((rc = days_arg(&p->dso, a, W_DSO, "dso")) || (rc = days_arg(&p->dio, a, W_DIO, "dio")) ||
        (rc = days_arg(&p->dpo, a, W_DPO, "dpo")))
        return rc;
    if ((v = cli_args_get(a, W_DRIVER_MONTHS)) &&
        (!cli_parse_size(&p->driver_months, v) || p->driver_months == 0))
        return cli_fail(CLI_EUSAGE, "--driver-months: \"%s\" is not a positive count", v);
    if ((v = cli_args_get(a, W_PATHS)) && (!cli_parse_size(&p->paths, v) || p->paths > 10000000))
        return cli_fail(CLI_EUSAGE, "--paths: \"%s\" is not a count from 0 to 10000000", v);
    if ((v = cli_args_get(a, W_FLOOR))) {
        if (!cli_parse_number(&p->cash_floor, v))
            return cli_fail(CLI_EUSAGE, "--cash-floor: \"%s\" is not a number", v);
        p->has_floor = true;
    }
    return 0;
}

