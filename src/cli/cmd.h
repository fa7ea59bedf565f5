/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command layer: options, the shared run skeleton, the commands. The
 * argument record (cli_args) stops here: commands turn it into the typed
 * parameters of the sections and the input and output layers. */
#ifndef FPA_CLI_CMD_H
#define FPA_CLI_CMD_H

#include "sections.h"

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
    OPT_HORIZON, OPT_GL, OPT_ITEMS, OPT_REQUESTS, OPT_SUBLEDGERS, OPT_STORE, OPT_MONTH,
    OPT_BANK, OPT_CASHBOOK
};
extern const cli_opt cli_output_opts[];
extern const cli_opt cli_data_opts[];
extern const cli_opt cli_help_opts[];

int cli_opts_from_args(fpa_opts **out, const cli_args *a);

/* ---- args.c: the run skeleton shared by the report commands ---------------- */
typedef struct cli_ctx {
    const cli_args *a;
    fpa_opts *opts;   /* --set and --threads; the progress bar and Ctrl-C */
    cli_dataset d;    /* after cli_load() */
    bool has_data;
} cli_ctx;
typedef struct cli_command {
    const char *name, *synopsis, *about, *more; /* the help */
    const cli_opt *const *opts;                 /* option tables, NULL-terminated */
    bool positional;                            /* takes FILE or FUNCTION arguments */
    int (*build)(cli_report **out, cli_ctx *c); /* typed parameters, sections */
    void (*help)(const cli_opt *const *tables); /* a help of its own, or NULL */
} cli_command;
/* Parse, help, output and library options, build, write, free: every
 * report command is one call of this. */
int cli_run(const cli_command *cmd, int argc, char **argv);
/* The company's data from --sample, --company and the file options. */
int cli_load(cli_ctx *c, bool sample_default);
int cli_load_month(cli_ctx *c, int64_t as_of); /* a close: the data as of `as_of` */

/* ---- params.c: the sections' options and typed parameters ------------------- */
extern const cli_opt cli_variance_opts[], cli_unit_opts[], cli_wc_opts[], cli_wc_fc_opts[],
    cli_forecast_review_opts[];
int cli_arg_count(size_t *out, const cli_args *a, int id, const char *name, size_t def,
                  size_t min);
int cli_arg_method(fpa_forecast_method *m, const char **label, const cli_args *a);
int cli_forecast_args(cli_forecast_params *p, const cli_args *a, const fpa_opts *opts);
int cli_variance_args(cli_variance_params *p, const cli_args *a, fpa_opts *opts,
                      const char *default_windows);
int cli_unit_args(cli_unit_params *p, const cli_args *a, const fpa_opts *opts);
int cli_wc_args(cli_wc_params *p, const cli_args *a, const cli_forecast_params *fp);

/* ---- cmd_review.c: the pack, shared with the close ------------------------- */
typedef struct review_ctx {
    const cli_dataset *d;
    cli_forecast_params forecast;
    cli_variance_params variance;
    cli_unit_params unit;
    cli_wc_params wc;
    cli_linefc fc;   /* the lines' forecasts, made once for every section */
    bool fc_made;
    const cli_history *history; /* a close: what the store remembers, else NULL */
} review_ctx;
enum { CLI_REVIEW_SECTIONS = 7 };
typedef struct review_args {
    review_ctx c;
    bool want[CLI_REVIEW_SECTIONS];
} review_args;
extern const cli_opt cli_review_opts[];
int cli_review_args(review_args *r, cli_ctx *x);
int cli_review_pack(cli_report **out, review_args *r, const cli_dataset *d,
                    const cli_history *h);
const cli_linefc *cli_review_forecasts(const review_args *r);
void cli_review_free(review_args *r);

extern const cli_command cli_cmd_tvm, cli_cmd_variance, cli_cmd_unit, cli_cmd_review,
    cli_cmd_forecast, cli_cmd_backtest, cli_cmd_wc, cli_cmd_close, cli_cmd_model;
int cli_cmd_sample(int argc, char **argv);
int cli_cmd_options(int argc, char **argv);
void cli_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
               const cli_opt *const *tables, const char *more);

#endif /* FPA_CLI_CMD_H */
