/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monthly finance and operations review pack: one report assembled
 * from sections, each the same builder the single-purpose command uses.
 * The pack's order is the issue's: the rolling forecast and full-year
 * outlook, the budget variance, unit economics and KPIs, working capital.
 * Each section states what it needs; one whose inputs are missing is left
 * out with a note rather than failing the pack. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

typedef struct review_ctx {
    const cli_dataset *d;
    cli_forecast_params forecast;
    cli_variance_params variance;
    cli_unit_params unit;
    cli_wc_params wc;
    cli_linefc fc;   /* the lines' forecasts, made once for every section */
    bool fc_made;
} review_ctx;

typedef struct review_section {
    const char *name, *title;
    /* why the section cannot run on these data, or NULL */
    const char *(*missing)(const review_ctx *c);
    int (*build)(cli_report *r, review_ctx *c);
} review_section;

static int lines_forecast(review_ctx *c)
{
    if (c->fc_made) return 0;
    c->fc_made = true;
    return cli_linefc_build(&c->fc, c->d, c->forecast.method, c->forecast.h, c->forecast.opts);
}

static const char *needs_forecast(const review_ctx *c)
{
    return c->d->has_actuals ? NULL : "needs --actuals";
}

static int build_forecast(cli_report *r, review_ctx *c)
{
    int rc = lines_forecast(c);
    return rc ? rc : cli_section_forecast(r, c->d, &c->fc, &c->forecast);
}

static const char *needs_variance(const review_ctx *c)
{
    return !c->d->has_actuals ? "needs --actuals" : !c->d->has_budget ? "needs --budget" : NULL;
}

static int build_variance(cli_report *r, review_ctx *c)
{
    if (cli_variance_wants_outlook(&c->variance)) {
        int rc = lines_forecast(c);
        if (rc) return rc;
        c->variance.fc = &c->fc;
    }
    return cli_section_variance(r, c->d, &c->variance);
}

static const char *needs_unit(const review_ctx *c)
{
    return c->d->has_actuals ? NULL : "needs --actuals";
}

static int build_unit(cli_report *r, review_ctx *c)
{
    return cli_section_unit(r, c->d, &c->unit);
}

static const char *needs_wc(const review_ctx *c)
{
    const cli_dataset *d = c->d;
    if (!d->has_actuals) return "needs --actuals";
    if (!d->has_balances) return "needs --balances";
    if (!cli_panel_find(&d->balances, "ar") || !cli_panel_find(&d->balances, "cash"))
        return "needs the balances ar and cash";
    return NULL;
}

static int build_wc(cli_report *r, review_ctx *c)
{
    return cli_section_wc(r, c->d, &c->wc);
}

static const review_section sections[] = {
    {"forecast", "Rolling forecast and full-year outlook", needs_forecast, build_forecast},
    {"variance", "Budget variance", needs_variance, build_variance},
    {"unit", "Unit economics and KPIs", needs_unit, build_unit},
    {"working_capital", "Working capital and cash", needs_wc, build_wc},
};
enum { NSECTIONS = sizeof sections / sizeof *sections };

enum { R_SECTIONS = 400 };
static const cli_opt review_opts[] = {
    {"sections", "LIST", R_SECTIONS, "the sections to include (default: all): forecast, "
                                     "variance, unit, working_capital"},
    {0},
};

/* The sections in the pack's order, then the note of those left out. */
static int review_build(cli_report *r, review_ctx *c, const bool *want)
{
    const char *why[NSECTIONS] = {0};
    bool any = false;
    for (size_t i = 0; i < NSECTIONS; i++) {
        if (!want[i]) continue;
        any |= (why[i] = sections[i].missing(c)) != NULL;
        int rc = why[i] ? 0 : sections[i].build(r, c);
        if (rc) return rc;
    }
    cli_section *skipped = any ? cli_section_add(r, "skipped", "Sections left out") : NULL;
    for (size_t i = 0; i < NSECTIONS; i++)
        if (why[i]) cli_section_note(skipped, "%s: %s", sections[i].name, why[i]);
    return 0;
}

static int parse_sections(bool *want, const char *list)
{
    if (!list) {
        for (size_t i = 0; i < NSECTIONS; i++) want[i] = true;
        return 0;
    }
    for (const char *s = list; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s), hit = NSECTIONS;
        for (size_t i = 0; i < NSECTIONS; i++)
            if (strlen(sections[i].name) == len && !strncmp(sections[i].name, s, len)) hit = i;
        if (hit == NSECTIONS)
            return cli_fail(CLI_EUSAGE, "--sections: no section \"%.*s\" (forecast, variance, "
                            "unit, working_capital)", (int)len, s);
        want[hit] = true;
        s += len + (comma != NULL);
    }
    return 0;
}

static int build_review(cli_report **out, cli_ctx *x)
{
    review_ctx c = {0};
    bool want[NSECTIONS] = {0};
    const cli_args *a = x->a;
    int rc = parse_sections(want, cli_args_get(a, R_SECTIONS));
    if (!rc) rc = cli_forecast_args(&c.forecast, a, x->opts);
    if (!rc) rc = cli_variance_args(&c.variance, a, x->opts, "period,qtd,ytd,outlook");
    if (!rc) rc = cli_unit_args(&c.unit, a, x->opts);
    if (!rc) rc = cli_wc_args(&c.wc, a, &c.forecast);
    if (!rc) rc = cli_load(x, true);
    if (!rc) {
        c.d = &x->d;
        char *title = *x->d.company ? cli_fmt("%s: monthly review", x->d.company)
                                    : cli_strdup("Monthly review");
        *out = cli_report_new("review", title);
        free(title);
        cli_report_dataset_params(*out, &x->d);
        rc = review_build(*out, &c, want);
    }
    cli_linefc_free(&c.fc);
    return rc;
}

const cli_command cli_cmd_review = {
    "review", "[OPTIONS]",
    "The monthly finance and operations review pack. With no input files it runs\n"
    "on the embedded sample company; with --actuals, --budget, --lines,\n"
    "--balances, --cohorts, --scenarios (or --company) on yours. Sections: the\n"
    "rolling forecast with intervals and the full-year outlook against budget;\n"
    "the budget variance report (material items, drill-down of the largest\n"
    "gaps); unit economics and KPIs; working capital, what-ifs, cash runway and\n"
    "cash-at-risk. A section whose inputs are missing is left out, with a note.\n"
    "--format html gives one page with the charts, --format xlsx a workbook.",
    "Tables (--table): forecast.revenue, forecast.rolling, forecast.models,\n"
    "forecast.outlook, variance.lines, variance.drilldown, variance.largest_gaps,\n"
    "unit.kpis, unit.trends, unit.monthly, unit.cohort_summary, unit.cohorts,\n"
    "unit.retention_curve, working_capital.metrics, working_capital.drivers,\n"
    "working_capital.cash, working_capital.scenarios, working_capital.projection,\n"
    "working_capital.cash_at_risk, working_capital.goal_seek.\n",
    (const cli_opt *const[]){review_opts, cli_forecast_review_opts, cli_variance_opts,
                             cli_unit_opts, cli_wc_opts, cli_data_opts, cli_output_opts, NULL},
    false, build_review, NULL,
};
