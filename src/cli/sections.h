/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sections layer: typed parameters in, report sections (tables, notes,
 * figures) out. Each builder gathers inputs from the dataset, calls the
 * library and formats; nothing here reads the command line. */
#ifndef FPA_CLI_SECTIONS_H
#define FPA_CLI_SECTIONS_H

#include "input.h"
#include "report.h"

/* ---- pnl.c: the P&L by month, months p0 .. the last closed month --------- */
typedef struct cli_pnl {
    int64_t p0;
    size_t n;
    double *rev, *cogs, *opex, *sm, *da; /* opex: every cost but cogs */
    bool has_sm;
} cli_pnl;
int cli_actuals_check(const cli_dataset *d); /* they reach the last closed month */
int cli_pnl_build(cli_pnl *p, const cli_dataset *d);
void cli_pnl_free(cli_pnl *p);

/* ---- parallel.c: batches over threads ------------------------------------ */
typedef void (*cli_job_fn)(void *ctx, size_t i);
size_t cli_threads(const fpa_opts *opts, size_t jobs); /* FPA_OPT_THREADS, 0: CPUs */
void cli_parallel(size_t n, const fpa_opts *opts, cli_job_fn fn, void *ctx,
                  const char *what);
fpa_opts *cli_opts_single(const fpa_opts *opts); /* a copy on one thread */

/* ---- fcast.c: forecasting many series ------------------------------------ */
enum { CLI_MAX_LEVELS = 8 };
typedef struct cli_levels {
    size_t n;
    double v[CLI_MAX_LEVELS]; /* percent */
} cli_levels;
typedef struct cli_fc_spec {
    fpa_forecast_method method;
    size_t period, h;
    const cli_levels *levels;
    const fpa_opts *opts; /* threads: the batch's; each fit runs on one */
} cli_fc_spec;
typedef struct cli_fc {
    const char *name;  /* not owned */
    int64_t start;     /* period of y[0] */
    size_t n;
    double *y;         /* owned */
    fpa_status st;     /* FPA_OK, or why the library refused the series */
    char *detail;
    char model[FPA_FORECAST_NAME_MAX];
    fpa_forecast_method used;
    fpa_forecast_model *fit;
    double par[6];        /* alpha, beta, gamma, phi, sigma2, aicc; NaN if none */
    double *mean;         /* h */
    double *lower, *upper; /* level k, step j at [k * h + j] */
} cli_fc;
int cli_parse_method(fpa_forecast_method *out, const char *opt, const char *s);
int cli_parse_levels(cli_levels *out, const char *s);
char *cli_level_col(const char *side, double level); /* "lower_80" */
void cli_fc_alloc(cli_fc *fc, size_t n, size_t h, size_t nlevels);
int cli_fc_run(cli_fc *fc, size_t n, const cli_fc_spec *spec, const char *what);
/* Tables of forecasts: key columns, forecast, a lower/upper pair per level
 * (and `extra`), then the hidden label that groups text; one row's values. */
cli_table *cli_fc_table(cli_section *s, const char *name, const char *title,
                        const cli_col *keys, size_t nkeys, const cli_levels *lv,
                        const cli_col *extra);
void cli_fc_put(cli_table *t, size_t c, const cli_fc *f, size_t j, size_t h,
                const cli_levels *lv);
int cli_fc_batch(cli_fc *fc, size_t n, const cli_fc_spec *spec, const char *what);
void cli_fc_free(cli_fc *fc, size_t n); /* and the array */
void cli_fc_describe(cli_fc *f, const fpa_forecast_model *m); /* model, used, par */

/* Forecasts of the company's lines from the month after the last closed:
 * every line's own amounts (for the full-year outlook) and the revenue
 * totals (each a series of its own, with its own model and intervals). */
typedef struct cli_linefc {
    int64_t origin;  /* first forecast month */
    size_t h;        /* months: the horizon asked, at least to the fiscal year end */
    cli_levels lv;   /* 80 and 95 */
    size_t n;
    cli_fc *fc;
    size_t *line;    /* per series: its line (the group for a total), or SIZE_MAX */
    bool *total;     /* per series: a group's lines added up */
    size_t *of_line; /* per line: the series of its own amounts, or SIZE_MAX */
    char *reconciled; /* how the revenue series were reconciled, or why not; NULL: none */
} cli_linefc;
int cli_linefc_build(cli_linefc *out, const cli_dataset *d, fpa_forecast_method method,
                     size_t h, const fpa_opts *opts);
void cli_linefc_free(cli_linefc *f);
double cli_linefc_at(const cli_linefc *f, size_t line, int64_t period); /* 0 if none */
const char *cli_line_name(const cli_dataset *d, size_t i);

/* ---- the sections -------------------------------------------------------------- */
typedef struct cli_variance_params {
    const fpa_opts *opts;
    fpa_window windows[6];
    size_t nwindows;
    fpa_window drill_window;
    size_t top;
    const cli_linefc *fc;  /* for the outlook window, or NULL */
    bool outlook_optional; /* windows by default: an outlook that cannot be is left out */
} cli_variance_params;
typedef struct cli_unit_params {
    const fpa_opts *opts;
    double discount_annual;
    size_t ltv_horizon, burn_months;
} cli_unit_params;
int cli_section_variance(cli_report *r, const cli_dataset *d,
                         const cli_variance_params *p);
int cli_section_unit(cli_report *r, const cli_dataset *d,
                     const cli_unit_params *p);
/* The KPI trends and their moving averages (sec_trends.c); `active`: the
 * active customers by month of the P&L, or NULL. */
int cli_unit_trends(cli_section *s, const cli_pnl *p, const double *active,
                    const fpa_opts *opts);
void cli_report_dataset_params(cli_report *r, const cli_dataset *d);
bool cli_variance_wants_outlook(const cli_variance_params *p);
bool cli_window_parse(fpa_window *out, const char *s, size_t len);
char *cli_variance_outlook_misfit(const cli_dataset *d, const fpa_opts *opts);
int cli_variance_outlook(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const fpa_opts *opts, size_t max_level);

typedef struct cli_forecast_params {
    const fpa_opts *opts;
    fpa_forecast_method method;
    const char *label; /* as asked: "auto" or the method's name */
    size_t h;
} cli_forecast_params;
int cli_section_forecast(cli_report *r, const cli_dataset *d, const cli_linefc *fc,
                         const cli_forecast_params *p);

typedef struct cli_wc_params {
    cli_forecast_params fc; /* options, method and horizon */
    fpa_wc_basis basis;
    double dso, dio, dpo;   /* NaN: the mean of the last driver_months */
    size_t driver_months, paths;
    double cash_floor;
    bool has_floor;
} cli_wc_params;
int cli_section_wc(cli_report *r, const cli_dataset *d, const cli_wc_params *p);

/* ---- sec_close.c: the sections of the monthly close ---------------------------- */
/* What the store remembers of earlier closes (cmd_close.c reads it). */
typedef struct cli_past_fc {
    char *key;           /* "line:<id>" or "total:<id>" */
    int64_t target;      /* the month forecast */
    size_t horizon;      /* months ahead of its close */
    double mean;
} cli_past_fc;
typedef struct cli_history {
    size_t n, closes;    /* forecasts; earlier closes */
    cli_past_fc *fc;     /* sorted by cli_history_sort() */
    int64_t prev_month;  /* the previous close, or INT64_MIN */
    double prev[5];      /* its closing ar, ap, inventory, cash, fixed_assets */
    bool has_prev[5];
} cli_history;
void cli_history_sort(cli_history *h);
int cli_section_accuracy(cli_report *r, const cli_dataset *d, const cli_linefc *fc,
                         const cli_history *h);
int cli_section_recon(cli_report *r, const cli_dataset *d, const cli_history *h,
                      const fpa_opts *opts);
int cli_section_spend(cli_report *r, const cli_dataset *d, const fpa_opts *opts);

#endif /* FPA_CLI_SECTIONS_H */
