/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The input layer: text files and the embedded sample, CSV (libcsv), the
 * company's series, chart of lines, cohorts, what-ifs and manifest (JSON,
 * jansson), gathered into one dataset. Every check that can point at a
 * cell does: file:line:column. */
#ifndef FPA_CLI_INPUT_H
#define FPA_CLI_INPUT_H

#include "base.h"

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
    size_t *post;          /* post-order: children (in file order) before parents */
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

/* ---- ledger.c: ERP exports for the close ------------------------------------- */
/* The general ledger's transactions (date, account, cost_centre, debit,
 * credit, document) rolled up to one series per account and month. */
int cli_gl_load(cli_panel *out, const cli_text *t);
typedef struct cli_items {   /* open reconciliation items */
    char *file;
    size_t n;
    char **id, **account, **owner; /* owner "" when nobody owns it */
    int64_t *cents, *opened, *due; /* days; due INT64_MIN when none */
} cli_items;
int cli_items_load(cli_items *out, const cli_text *t);
void cli_items_free(cli_items *it);
typedef struct cli_requests { /* purchase requests and commitments */
    char *file;
    size_t n, cc_col;
    char **id, **cost_centre, **requester;
    double *amount;
    size_t *line, *where;        /* the cost centre's line (set by the dataset); file line */
    int64_t *raised;             /* day, INT64_MIN when not given */
} cli_requests;
int cli_requests_load(cli_requests *out, const cli_text *t);
void cli_requests_free(cli_requests *q);
enum { CLI_NLEDGERS = 4 };       /* ar, ap, inventory, fixed_assets */
typedef struct cli_subledgers {
    char *file;
    size_t n;
    size_t *ledger;              /* 0 .. CLI_NLEDGERS - 1 */
    int64_t *cents, *month;      /* month of the detail, INT64_MIN when not given */
} cli_subledgers;
int cli_subledgers_load(cli_subledgers *out, const cli_text *t);
void cli_subledgers_free(cli_subledgers *s);
const char *cli_ledger_name(size_t k);
typedef struct cli_cashlines { /* a bank statement, or the ledger's bank account */
    char *file;
    size_t n;
    int64_t *day, *cents;
    char **ref;                  /* "" when none */
} cli_cashlines;
int cli_cashlines_load(cli_cashlines *out, const cli_text *t);
void cli_cashlines_free(cli_cashlines *b);
void cli_cashlines_cut(cli_cashlines *b, int64_t end);

/* Everything a report may use. Missing inputs are simply absent. */
typedef struct cli_dataset {
    char *company, *currency;
    int64_t as_of;       /* the month of the review; the last closed month
                            is as_of - 1 */
    int fy_start;        /* first month of the fiscal year, 1..12 */
    bool has_actuals, has_budget, has_chart, has_balances, has_cohorts;
    bool has_scenarios, has_drivers, has_cash_floor;
    bool has_items, has_requests, has_subledgers, has_bank, has_cashbook;
    cli_cashlines bank, cashbook;
    bool gl;             /* the actuals come from the general ledger */
    cli_items items;
    cli_requests requests;
    cli_subledgers subledgers;

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

/* ---- store.c: the store of closes (SQLite) ------------------------------------ */
typedef struct cli_store cli_store;
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int cli_store_open(cli_store **out, const char *path, bool create);
void cli_store_close(cli_store *s);
int cli_store_exec(cli_store *s, const char *sql, const char *what);
int cli_store_prepare(cli_store *s, sqlite3_stmt **out, const char *sql);
int cli_store_step(cli_store *s, sqlite3_stmt *st, const char *what);
int cli_store_fail(const cli_store *s, const char *what);
int cli_store_status(cli_store *s, const char *month, int *out); /* 0, 1 closed, 2 reopened */
int cli_store_clear(cli_store *s, const char *month);
int cli_store_pack(cli_store *s, char month[16], char **out);
sqlite3 *cli_store_db(cli_store *s);
const char *cli_store_path(const cli_store *s);

/* Where the dataset comes from: the embedded sample, a manifest, files
 * (a file given here replaces the manifest's), and the review's month. */
enum { CLI_IN_ACTUALS, CLI_IN_BUDGET, CLI_IN_LINES, CLI_IN_BALANCES, CLI_IN_COHORTS,
       CLI_IN_SCENARIOS, CLI_IN_DRIVERS, CLI_IN_GL, CLI_IN_ITEMS, CLI_IN_REQUESTS,
       CLI_IN_SUBLEDGERS, CLI_IN_BANK, CLI_IN_CASHBOOK, CLI_IN_COUNT };
typedef struct cli_sources {
    bool sample;           /* the embedded sample's manifest */
    const char *company;   /* a manifest file, or NULL */
    const char *path[CLI_IN_COUNT];
    const char *revenue;   /* the revenue ids without a chart, or NULL */
    int64_t as_of;         /* INT64_MIN: the manifest's, else after the last actual */
    int fy_start;          /* 0: the manifest's, else 1 */
    bool closing;          /* a close: actuals and balances from as_of on are left out */
} cli_sources;
int cli_dataset_load(cli_dataset *out, const cli_sources *src);
void cli_dataset_free(cli_dataset *d);

#endif /* FPA_CLI_INPUT_H */
