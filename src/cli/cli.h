/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `fpa` program: shared declarations. The program is a host like any
 * other: it includes the public headers only (<fpa/fpa.h>).
 *
 * Error convention: a function that returns `int` returns 0 on success or
 * one of the exit codes below, and has then already printed the one line of
 * diagnostics on stderr. Callers only pass the code up, so exactly one line
 * is ever printed. */
#ifndef FPA_CLI_H
#define FPA_CLI_H

#include <fpa/fpa.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#  define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define CLI_PRINTF(f, a)
#endif

/* Exit codes (documented in `fpa --help`, the man page and docs/cli.md). */
enum {
    CLI_OK = 0,
    CLI_ECOMPUTE = 1, /* the library refused the computation, or no memory */
    CLI_EUSAGE = 2,   /* bad command line */
    CLI_EINPUT = 3,   /* missing, unreadable or invalid input data */
    CLI_EOUTPUT = 4   /* the output could not be written */
};

/* ---- util.c: diagnostics, memory, strings, parsing ---------------------- */
int cli_fail(int code, const char *fmt, ...) CLI_PRINTF(2, 3);
int cli_fail_at(int code, const char *file, size_t line, size_t col,
                const char *fmt, ...) CLI_PRINTF(5, 6);
int cli_fail_lib(fpa_status st, const char *what);
void *cli_alloc(size_t n);
void *cli_calloc(size_t n, size_t size);
void *cli_grow(void *p, size_t *cap, size_t need, size_t size);
char *cli_strdup(const char *s);
char *cli_fmt(const char *fmt, ...) CLI_PRINTF(1, 2);
bool cli_parse_number(double *out, const char *s);
bool cli_parse_percent(double *out, const char *s); /* also "5%" */
bool cli_parse_size(size_t *out, const char *s);
bool cli_parse_period(int64_t *out, const char *s);
void cli_period_str(char buf[16], int64_t period);
int cli_period_month(int64_t period); /* 1 .. 12 */
bool cli_utf8_valid(const char *s, size_t n);

/* Progress on stderr, only when stderr is a terminal. */
typedef struct cli_progress {
    const char *what;
    size_t total, shown;
    bool on;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what, size_t total);
void cli_progress_step(cli_progress *p, size_t done);
void cli_progress_end(cli_progress *p);

/* ---- input.c: files, the embedded sample, CSV ---------------------------- */
typedef struct cli_text {
    char *name;       /* as shown in messages */
    const char *data; /* NUL-terminated */
    size_t size;
    char *owned;      /* the buffer when read from a file */
} cli_text;
int cli_text_file(cli_text *out, const char *path);
bool cli_text_sample(cli_text *out, const char *name);
void cli_text_free(cli_text *t);

typedef struct cli_row {
    size_t line, n;
    char **f;
} cli_row;
typedef struct cli_csv {
    const char *file;
    size_t nrows;
    cli_row *rows; /* rows[0] is the header */
} cli_csv;
int cli_csv_parse(cli_csv *out, const cli_text *t);
void cli_csv_free(cli_csv *c);

/* The embedded sample company (sample_data.c, generated at build time). */
typedef struct cli_embedded {
    const char *name;
    const unsigned char *data;
    size_t size;
} cli_embedded;
extern const cli_embedded cli_sample_files[];
extern const size_t cli_sample_count;

/* ---- data.c: the company's data ------------------------------------------ */
typedef struct cli_idref {
    const char *id;
    size_t index;
} cli_idref;
void cli_idref_sort(cli_idref *r, size_t n); /* by id, then index */
bool cli_idref_find(const cli_idref *r, size_t n, const char *id, size_t *out);
typedef struct cli_series {
    char *name;
    int64_t start; /* period of v[0] (months since year 0) */
    size_t n;
    double *v;
    size_t line, col; /* where it was first named, for messages */
} cli_series;
typedef struct cli_panel {
    char *file;
    size_t count;
    cli_series *s;
    struct cli_idref *byname; /* sorted, for cli_panel_find() */
} cli_panel;
int cli_panel_load(cli_panel *out, const cli_text *t);
void cli_panel_free(cli_panel *p);
const cli_series *cli_panel_find(const cli_panel *p, const char *name);
double cli_series_at(const cli_series *s, int64_t period); /* 0 outside */
bool cli_panel_span(const cli_panel *p, int64_t *first, int64_t *last);

/* Natures of lines: the variance module's revenue/cost, refined so that
 * the KPIs can tell cost of sales, sales and marketing (the CAC spend) and
 * depreciation (added back for EBITDA) from other operating expenses. */
typedef enum cli_nature {
    CLI_NAT_NONE = 0,
    CLI_NAT_REVENUE,
    CLI_NAT_COGS,
    CLI_NAT_OPEX,
    CLI_NAT_SM,
    CLI_NAT_DA,
    CLI_NAT_MIXED /* a group holding revenue and cost lines: income */
} cli_nature;
const char *cli_nature_name(cli_nature n);
bool cli_nature_is_cost(cli_nature n);

typedef struct cli_node {
    char *id, *parent, *name;
    cli_nature nature;  /* as written (NONE: inherited) */
    size_t line, col;   /* CSV position, 0 for JSON */
    char *where;        /* "lines.json: nodes[4]" or "lines.csv:5:1" */
} cli_node;
typedef struct cli_chart {
    char *file;
    size_t n;
    cli_node *node;
    size_t *parent;        /* index, or SIZE_MAX for roots */
    cli_nature *effective; /* inherited from the nearest ancestor */
    cli_nature *group;     /* REVENUE, a cost nature, or MIXED for groups */
    size_t *level;
    size_t *order;         /* pre-order (a P&L reading order) */
    size_t *nchildren;
    struct cli_idref *byid; /* sorted by id, for lookups */
} cli_chart;

int cli_chart_load(cli_chart *out, const cli_text *t);
void cli_chart_free(cli_chart *c);
bool cli_chart_find(const cli_chart *c, const char *id, size_t *out);

typedef struct cli_cohort_rows {
    char *file;
    size_t n;
    int64_t *customer, *cohort, *period;
    double *revenue;
} cli_cohort_rows;
int cli_cohorts_load(cli_cohort_rows *out, const cli_text *t);
void cli_cohorts_free(cli_cohort_rows *c);

/* What-ifs (scenarios.c): driver changes from a month on, and the Monte
 * Carlo model of cash-at-risk. */
enum { CLI_DIST_FORECAST = 5 }; /* after the fpa_scenario_dist values */
typedef struct cli_change {
    fpa_wc_driver driver;
    fpa_scenario_op op;
    double value;
    int64_t from;  /* a month, or INT64_MIN for the first projected one */
    char *where;   /* its path in the file, for messages */
} cli_change;
typedef struct cli_uncertain {
    fpa_wc_driver driver;
    fpa_scenario_op op;
    int dist;      /* a fpa_scenario_dist, or CLI_DIST_FORECAST */
    double params[3];
    size_t nparams;
    fpa_scenario_draw draw;
    int64_t from;
    char *where;
} cli_uncertain;
typedef struct cli_scenario {
    char *name;
    size_t n;
    cli_change *change;
} cli_scenario;
typedef struct cli_scenarios {
    char *file;
    size_t n, nu;
    cli_scenario *s;
    bool has_uncertainty; /* the file gives the Monte Carlo model */
    cli_uncertain *u;
} cli_scenarios;
int cli_scenarios_load(cli_scenarios *out, const cli_text *t);
void cli_scenarios_free(cli_scenarios *s);
const char *cli_driver_name(fpa_wc_driver d);
const char *cli_op_name(fpa_scenario_op op);
const char *cli_dist_name(int dist);

/* Everything a report may use. Missing inputs are simply absent. */
typedef struct cli_dataset {
    char *company, *currency;
    int64_t as_of;       /* the month of the review; the last closed month
                            is as_of - 1 */
    int fy_start;        /* first month of the fiscal year, 1..12 */
    bool has_actuals, has_budget, has_chart, has_balances, has_cohorts;
    bool has_scenarios, has_drivers, has_cash_floor;
    cli_panel actuals, budget, balances, drivers;
    cli_scenarios scenarios;
    double cash_floor;   /* the manifest's */
    cli_chart chart;
    cli_cohort_rows cohorts;
    /* lines: the union of the chart's nodes (or, without a chart, of the
       series of actuals and budget), each with its nature */
    size_t nlines;
    char **line;
    cli_nature *nature;
    char **revenue_ids; /* --revenue, when there is no chart */
    size_t nrevenue_ids;
} cli_dataset;



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
} cli_linefc;
int cli_linefc_build(cli_linefc *out, const cli_dataset *d, fpa_forecast_method method,
                     size_t h, const fpa_opts *opts);
void cli_linefc_free(cli_linefc *f);
double cli_linefc_at(const cli_linefc *f, size_t line, int64_t period); /* 0 if none */
const char *cli_line_name(const cli_dataset *d, size_t i);

/* ---- args.c: command-line options ------------------------------------------ */
typedef struct cli_opt {
    const char *name; /* long name without "--" */
    const char *arg;  /* metavariable, or NULL for a flag */
    int id;
    const char *help;
} cli_opt;
typedef struct cli_args {
    size_t nvals;
    struct { int id; const char *val; } *vals; /* in command-line order */
    size_t npos;
    char **pos;
} cli_args;
int cli_args_parse(cli_args *out, int argc, char **argv, const char *cmd,
                   const cli_opt *const *tables);
void cli_args_free(cli_args *a);
const char *cli_args_get(const cli_args *a, int id); /* last value or NULL */
bool cli_args_has(const cli_args *a, int id);
void cli_help_options(FILE *f, const cli_opt *const *tables);
void cli_help_exit_codes(FILE *f);

/* Options shared by the commands (ids < 100). */
enum {
    OPT_HELP = 1, OPT_FORMAT, OPT_OUTPUT, OPT_TABLE, OPT_SET, OPT_THREADS,
    OPT_SAMPLE, OPT_COMPANY, OPT_ACTUALS, OPT_BUDGET, OPT_LINES, OPT_BALANCES,
    OPT_COHORTS, OPT_AS_OF, OPT_FY_START, OPT_REVENUE, OPT_SCENARIOS, OPT_DRIVERS, OPT_METHOD,
    OPT_HORIZON
};
extern const cli_opt cli_output_opts[];
extern const cli_opt cli_data_opts[];
extern const cli_opt cli_help_opts[];

int cli_dataset_load(cli_dataset *out, const cli_args *a, bool sample_default);
void cli_dataset_free(cli_dataset *d);
int cli_opts_from_args(fpa_opts **out, const cli_args *a);

/* ---- report.c: results and their rendering ----------------------------------- */
typedef enum cli_kind {
    CLI_TEXT,     /* a string */
    CLI_AMOUNT,   /* money: grouped, no decimals in tables */
    CLI_FRACTION, /* a ratio: a percentage in tables */
    CLI_NUMBER,   /* two decimals in tables (months, multiples) */
    CLI_COUNT,    /* a whole number */
    CLI_BOOL,
    CLI_VALUE     /* ten significant digits in tables */
} cli_kind;

enum { CLI_HIDE_TEXT = 1, CLI_HIDE_MACHINE = 2 }; /* column and table flags */

typedef struct cli_col {
    const char *name;
    cli_kind kind;
    unsigned flags;
} cli_col;
typedef struct cli_cell {
    cli_kind kind;
    bool null;
    double num;
    char *text;
} cli_cell;
typedef struct cli_table {
    char *name, *title;
    size_t ncols;
    cli_col *col;
    size_t nrows, cap;
    cli_cell *cell;
    unsigned flags;
    int group_col;   /* tables: a block per value of this column, or -1 */
    int indent_col;  /* tables: indent this column by level_col, or -1 */
    int level_col;
    size_t text_tail; /* tables: only the last rows (0: all) */
} cli_table;
typedef struct cli_section {
    char *name, *title;
    size_t ntables, nnotes;
    cli_table **table;
    char **note;
} cli_section;
typedef struct cli_report {
    char *name, *title;
    bool bare; /* tables: the tables alone, for one-figure answers */
    size_t nparams, nsections;
    char **param_key;
    cli_cell *param;
    cli_section **section;
} cli_report;
typedef enum cli_format { CLI_FMT_TABLE, CLI_FMT_CSV, CLI_FMT_JSON } cli_format;

cli_report *cli_report_new(const char *name, const char *title);
void cli_report_free(cli_report *r);
void cli_report_param_text(cli_report *r, const char *key, const char *val);
cli_section *cli_section_add(cli_report *r, const char *name, const char *title);
void cli_section_note(cli_section *s, const char *fmt, ...) CLI_PRINTF(2, 3);
cli_table *cli_table_add(cli_section *s, const char *name, const char *title,
                         const cli_col *cols, size_t ncols);
size_t cli_row_add(cli_table *t);
void cli_put_text(cli_table *t, size_t col, const char *s);
void cli_put_num(cli_table *t, size_t col, double v);
void cli_put_kind(cli_table *t, size_t col, cli_kind k, double v);
void cli_put_null(cli_table *t, size_t col);
void cli_put_bool(cli_table *t, size_t col, bool v);
void cli_put_period(cli_table *t, size_t col, int64_t period);
int cli_report_write(const cli_report *r, const cli_args *a);
int cli_format_of(cli_format *out, const cli_args *a);

/* ---- the commands ------------------------------------------------------------ */
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
void cli_report_dataset_params(cli_report *r, const cli_dataset *d);
int cli_variance_args(cli_variance_params *p, const cli_args *a, fpa_opts *opts,
                      const char *default_windows);
bool cli_variance_wants_outlook(const cli_variance_params *p);
char *cli_variance_outlook_misfit(const cli_dataset *d, const fpa_opts *opts);
int cli_variance_outlook(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const fpa_opts *opts, size_t max_level);
int cli_unit_args(cli_unit_params *p, const cli_args *a, const fpa_opts *opts);
int cli_apply_fy_start(const cli_dataset *d, fpa_opts *opts);
extern const cli_opt cli_variance_opts[];
extern const cli_opt cli_unit_opts[];

typedef struct cli_forecast_params {
    const fpa_opts *opts;
    fpa_forecast_method method;
    const char *label; /* as asked: "auto" or the method's name */
    size_t h;
} cli_forecast_params;
extern const cli_opt cli_forecast_review_opts[];
int cli_forecast_args(cli_forecast_params *p, const cli_args *a, const fpa_opts *opts);
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
extern const cli_opt cli_wc_opts[];
int cli_wc_args(cli_wc_params *p, const cli_args *a, const cli_forecast_params *fp);
int cli_section_wc(cli_report *r, const cli_dataset *d, const cli_wc_params *p);

int cli_cmd_tvm(int argc, char **argv);
int cli_cmd_variance(int argc, char **argv);
int cli_cmd_unit(int argc, char **argv);
int cli_cmd_review(int argc, char **argv);
int cli_cmd_forecast(int argc, char **argv);
int cli_cmd_backtest(int argc, char **argv);
int cli_cmd_wc(int argc, char **argv);
int cli_cmd_sample(int argc, char **argv);
int cli_cmd_options(int argc, char **argv);
void cli_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
               const cli_opt *const *tables, const char *more);

#endif /* FPA_CLI_H */
