/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The single-section commands: fpa variance, fpa unit and fpa wc, each the
 * review's section of the same name on its own. */
#include "cmd.h"

#include <string.h>

static const cli_opt variance_method_opts[] = {
    {"method", "M", OPT_METHOD, "forecast method of the outlook window (default auto; see "
                                "fpa forecast --help)"},
    {0},
};

static cli_report *report_of(const char *name, const char *title, const cli_dataset *d)
{
    cli_report *r = cli_report_new(name, title);
    cli_report_dataset_params(r, d);
    return r;
}

static int build_variance(cli_report **out, cli_ctx *c)
{
    cli_variance_params p;
    fpa_forecast_method method;
    const char *label;
    cli_linefc fc = {0};
    int rc = cli_variance_args(&p, c->a, c->opts, "period,qtd,ytd");
    if (!rc) rc = cli_arg_method(&method, &label, c->a);
    if (!rc) rc = cli_load(c, false);
    if (!rc && (!c->d.has_actuals || !c->d.has_budget))
        rc = cli_fail(CLI_EUSAGE, "variance: needs --actuals and --budget (or --sample)");
    if (!rc && cli_variance_wants_outlook(&p)) {
        rc = cli_linefc_build(&fc, &c->d, method, 1, c->opts);
        p.fc = &fc;
    }
    if (!rc) {
        *out = report_of("variance", "Budget variance report", &c->d);
        rc = cli_section_variance(*out, &c->d, &p);
    }
    cli_linefc_free(&fc);
    return rc;
}

static int build_unit(cli_report **out, cli_ctx *c)
{
    cli_unit_params p;
    int rc = cli_unit_args(&p, c->a, c->opts);
    if (!rc) rc = cli_load(c, false);
    if (!rc) {
        *out = report_of("unit", "Unit economics and KPIs", &c->d);
        rc = cli_section_unit(*out, &c->d, &p);
    }
    return rc;
}

static int build_wc(cli_report **out, cli_ctx *c)
{
    cli_forecast_params fp;
    cli_wc_params p;
    int rc = cli_forecast_args(&fp, c->a, c->opts);
    if (!rc) rc = cli_wc_args(&p, c->a, &fp);
    if (!rc) rc = cli_load(c, false);
    if (!rc && (!c->d.has_actuals || !c->d.has_balances))
        rc = cli_fail(CLI_EUSAGE, "wc: needs --actuals and --balances (or --sample)");
    if (!rc) {
        *out = report_of("wc", "Working capital and cash", &c->d);
        rc = cli_section_wc(*out, &c->d, &p);
    }
    return rc;
}

const cli_command cli_cmd_variance = {
    "variance", "[OPTIONS]",
    "Budget against actuals for every line and group of the chart of lines, over\n"
    "windows ending at the last closed month, with favourable/unfavourable and\n"
    "material flags; the drill-down of every material group; the largest gaps.\n"
    "Needs --actuals and --budget (and usually --lines), or --sample.",
    "Tables (--table): variance.lines, variance.drilldown, variance.largest_gaps.\n",
    (const cli_opt *const[]){cli_variance_opts, variance_method_opts, cli_data_opts,
                             cli_output_opts, NULL},
    false, build_variance, NULL,
};

const cli_command cli_cmd_unit = {
    "unit", "[OPTIONS]",
    "Unit economics and KPIs: margins, EBITDA and growth from --actuals (with the\n"
    "natures of --lines); customers, churn, revenue retention, ARPU, CAC, LTV and\n"
    "payback from --cohorts; cash, burn and runway from --balances. A figure the\n"
    "data cannot give is null, with the reason in its note.",
    "Tables (--table): unit.kpis, unit.trends, unit.monthly, unit.cohort_summary,\n"
    "unit.cohorts, unit.retention_curve.\n",
    (const cli_opt *const[]){cli_unit_opts, cli_data_opts, cli_output_opts, NULL},
    false, build_unit, NULL,
};

const cli_command cli_cmd_wc = {
    "wc", "[OPTIONS]",
    "Working capital and cash: DSO, DIO, DPO and the cash conversion cycle from\n"
    "--balances and --actuals; the projection of balances and cash from revenue,\n"
    "COGS and other cash flows (forecast, or given by --drivers) with the days\n"
    "held at their recent level; what-ifs (--scenarios) against the base; runway\n"
    "against --cash-floor; Monte Carlo cash-at-risk; goal seek of the days.",
    "Tables (--table): working_capital.metrics, working_capital.drivers,\n"
    "working_capital.cash, working_capital.scenarios, working_capital.projection,\n"
    "working_capital.cash_at_risk, working_capital.goal_seek.\n",
    (const cli_opt *const[]){cli_wc_fc_opts, cli_wc_opts, cli_data_opts, cli_output_opts, NULL},
    false, build_wc, NULL,
};
