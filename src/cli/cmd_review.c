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
    int64_t b0, b1;
    if (!c->d->has_actuals) return "needs --actuals";
    if (!c->d->has_budget) return "needs --budget";
    if (cli_panel_span(&c->d->budget, &b0, &b1) && c->d->as_of - 1 < b0)
        return "the budget starts after the last closed month";
    return NULL;
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

static const char *needs_accuracy(const review_ctx *c)
{
    return !c->history ? "needs the store of closes (fpa close, fpa review --store)"
         : !c->d->has_actuals ? "needs --actuals" : NULL;
}

static int build_accuracy(cli_report *r, review_ctx *c)
{
    int rc = lines_forecast(c);
    return rc ? rc : cli_section_accuracy(r, c->d, &c->fc, c->history);
}

static const char *needs_recon(const review_ctx *c)
{
    const cli_dataset *d = c->d;
    return d->has_items || d->has_subledgers || d->has_bank || d->has_cashbook ||
           (c->history && d->has_balances) ? NULL
         : "needs --open-items, --subledgers, --bank and --cashbook, or the store of closes "
           "and --balances";
}

static int build_recon(cli_report *r, review_ctx *c)
{
    static const cli_history none = {.prev_month = INT64_MIN};
    return cli_section_recon(r, c->d, c->history ? c->history : &none, c->variance.opts);
}

static const char *needs_spend(const review_ctx *c)
{
    return !c->d->has_requests ? "needs --requests"
         : !c->d->has_budget ? "needs --budget" : NULL;
}

static int build_spend(cli_report *r, review_ctx *c)
{
    return cli_section_spend(r, c->d, c->variance.opts);
}

static const review_section sections[] = {
    {"forecast", "Rolling forecast and full-year outlook", needs_forecast, build_forecast},
    {"forecast_accuracy", "Forecast against actual", needs_accuracy, build_accuracy},
    {"variance", "Budget variance", needs_variance, build_variance},
    {"unit", "Unit economics and KPIs", needs_unit, build_unit},
    {"working_capital", "Working capital and cash", needs_wc, build_wc},
    {"reconciliation", "Reconciliation status", needs_recon, build_recon},
    {"spend_control", "Spend control", needs_spend, build_spend},
};
enum { NSECTIONS = sizeof sections / sizeof *sections };
_Static_assert((int)NSECTIONS == (int)CLI_REVIEW_SECTIONS, "cmd.h: CLI_REVIEW_SECTIONS");

enum { R_SECTIONS = 400, R_APPROVAL };
const cli_opt cli_review_opts[] = {
    {"sections", "LIST", R_SECTIONS, "the sections to include (default: all): forecast, "
                                     "forecast_accuracy, variance, unit, working_capital, "
                                     "reconciliation, spend_control"},
    {"approval-limit", "X", R_APPROVAL, "spend control: requests above it need a second "
                                        "approver (default 10000)"},
    {0},
};

static const cli_opt store_opts[] = {
    {"store", "FILE", OPT_STORE, "the store of closes: the pack of a past close, as printed "
                                 "(see fpa close)"},
    {"month", "YYYY-MM", OPT_MONTH, "with --store: the close to show (default: the latest)"},
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
            return cli_fail(CLI_EUSAGE, "--sections: no section \"%.*s\" (forecast, "
                            "forecast_accuracy, variance, unit, working_capital, "
                            "reconciliation, spend_control)", (int)len, s);
        want[hit] = true;
        s += len + (comma != NULL);
    }
    return 0;
}

/* The pack of a past close, as it was printed. */
static int stored_pack(cli_report **out, const cli_args *a)
{
    const char *m = cli_args_get(a, OPT_MONTH);
    char month[16] = "";
    int64_t p;
    if (m && !cli_parse_period(&p, m))
        return cli_fail(CLI_EUSAGE, "--month: \"%s\" is not a month (YYYY-MM)", m);
    if (m) cli_period_str(month, p);
    cli_store *st = NULL;
    char *text = NULL;
    int rc = cli_store_open(&st, cli_args_get(a, OPT_STORE), false);
    if (!rc) rc = cli_store_pack(st, month, &text);
    if (!rc && !(*out = cli_report_deserialize(text)))
        rc = cli_fail_at(CLI_EINPUT, cli_store_path(st), 0, 0, "the pack of %s is damaged",
                         month);
    free(text);
    cli_store_close(st);
    return rc;
}

int cli_review_args(review_args *r, cli_ctx *x)
{
    const cli_args *a = x->a;
    const char *lim = cli_args_get(a, R_APPROVAL);
    double limit;
    int rc = parse_sections(r->want, cli_args_get(a, R_SECTIONS));
    if (!rc && lim && (!cli_parse_number(&limit, lim) || limit < 0 ||
                       fpa_opts_set(x->opts, FPA_OPT_VARIANCE_APPROVAL_LIMIT, limit) != FPA_OK))
        rc = cli_fail(CLI_EUSAGE, "--approval-limit: \"%s\" is not an amount >= 0", lim);
    if (!rc) rc = cli_forecast_args(&r->c.forecast, a, x->opts);
    if (!rc) rc = cli_variance_args(&r->c.variance, a, x->opts, "period,qtd,ytd,outlook");
    if (!rc) rc = cli_unit_args(&r->c.unit, a, x->opts);
    if (!rc) rc = cli_wc_args(&r->c.wc, a, &r->c.forecast);
    return rc;
}

/* The pack on the loaded dataset; `h`: what the store remembers, for a
 * close. The lines' forecasts stay in `r` for the close to record. */
int cli_review_pack(cli_report **out, review_args *r, const cli_dataset *d,
                    const cli_history *h)
{
    r->c.d = d;
    r->c.history = h;
    char *title = *d->company ? cli_fmt("%s: monthly review", d->company)
                              : cli_strdup("Monthly review");
    *out = cli_report_new("review", title);
    free(title);
    cli_report_dataset_params(*out, d);
    int rc = review_build(*out, &r->c, r->want);
    if (!rc && h) rc = lines_forecast(&r->c); /* a close records them whatever the sections */
    return rc;
}

void cli_review_free(review_args *r) { cli_linefc_free(&r->c.fc); }

const cli_linefc *cli_review_forecasts(const review_args *r) { return &r->c.fc; }

static int build_review(cli_report **out, cli_ctx *x)
{
    if (cli_args_has(x->a, OPT_STORE)) return stored_pack(out, x->a);
    if (cli_args_has(x->a, OPT_MONTH))
        return cli_fail(CLI_EUSAGE, "review: --month is for --store (a past close)");
    review_args r = {0};
    int rc = cli_review_args(&r, x);
    if (!rc) rc = cli_load(x, true);
    if (!rc) rc = cli_review_pack(out, &r, &x->d, NULL);
    cli_review_free(&r);
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
    (const cli_opt *const[]){store_opts, cli_review_opts, cli_forecast_review_opts, cli_variance_opts,
                             cli_unit_opts, cli_wc_opts, cli_data_opts, cli_output_opts, NULL},
    false, build_review, NULL,
};
