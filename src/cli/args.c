/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options: each command lists its options once, in tables that
 * drive both getopt_long() and the help text, so the two cannot drift. */
#include "cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cli_help_opts[] = {
    {"help", NULL, OPT_HELP, "show this help and exit"},
    {0},
};

const cli_opt cli_output_opts[] = {
    {"format", "FMT", OPT_FORMAT, "table (default), csv, json, html or xlsx"},
    {"output", "PATH", OPT_OUTPUT, "write to PATH (replaced only when complete; csv: a "
                                   "directory of one file per table) instead of standard "
                                   "output"},
    {"table", "NAME", OPT_TABLE, "only this table (see below); csv to standard output needs "
                                 "it when there are several"},
    {"set", "NAME=VALUE", OPT_SET, "set a library option, e.g. variance.material_abs=25000 "
                                   "(list: fpa options)"},
    {"threads", "N", OPT_THREADS, "worker threads for batch calls (0: one per CPU; "
                                  "results never depend on it)"},
    {0},
};

const cli_opt cli_data_opts[] = {
    {"sample", NULL, OPT_SAMPLE, "use the embedded sample company"},
    {"company", "FILE", OPT_COMPANY, "a manifest (JSON) naming the files below"},
    {"actuals", "FILE", OPT_ACTUALS, "actuals by line and month (CSV, long or wide)"},
    {"budget", "FILE", OPT_BUDGET, "budget by line and month (CSV, long or wide)"},
    {"lines", "FILE", OPT_LINES, "chart of lines: hierarchy and natures (CSV or JSON)"},
    {"balances", "FILE", OPT_BALANCES, "ar, ap, inventory and cash by month (CSV)"},
    {"cohorts", "FILE", OPT_COHORTS, "customer,cohort,period,revenue rows (CSV)"},
    {"as-of", "YYYY-MM", OPT_AS_OF, "month of the review; actuals run to the month "
                                    "before (default: after the last actual; a date "
                                    "YYYY-MM-DD stands for its month)"},
    {"fy-start", "M", OPT_FY_START, "first month of the fiscal year, 1-12 (default 1)"},
    {"revenue", "IDS", OPT_REVENUE, "without --lines: the revenue lines (comma-separated; "
                                    "a trailing * matches a prefix); others are costs"},
    {"gl", "FILE", OPT_GL, "instead of --actuals: general-ledger transactions (CSV date, "
                           "account, cost_centre, debit, credit, document) rolled up to months"},
    {"open-items", "FILE", OPT_ITEMS, "unresolved reconciliation items (CSV id, account, "
                                      "amount, owner, opened, due)"},
    {"requests", "FILE", OPT_REQUESTS, "purchase requests and commitments (CSV id, "
                                       "cost_centre, amount, requester, date)"},
    {"subledgers", "FILE", OPT_SUBLEDGERS, "sub-ledger detail to tie out to the balances "
                                           "(CSV ledger, item, amount, month)"},
    {"bank", "FILE", OPT_BANK, "a bank statement to match with --cashbook (CSV date, amount, "
                               "reference)"},
    {"cashbook", "FILE", OPT_CASHBOOK, "the ledger's lines of that bank account (CSV date, "
                                       "amount, reference)"},
    {0},
};

static size_t table_len(const cli_opt *t)
{
    size_t n = 0;
    while (t[n].name) n++;
    return n;
}

int cli_args_parse(cli_args *out, int argc, char **argv, const char *cmd,
                   const cli_opt *const *tables)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    for (size_t t = 0; tables[t]; t++) n += table_len(tables[t]);
    struct option *lo = cli_calloc(n + 1, sizeof *lo);
    const cli_opt **map = cli_calloc(n, sizeof *map);
    size_t k = 0;
    for (size_t t = 0; tables[t]; t++)
        for (const cli_opt *o = tables[t]; o->name; o++, k++) {
            lo[k] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
                                    (int)(256 + k)};
            map[k] = o;
        }
    size_t cap = 0;
    int rc = 0, c;
    opterr = 0;
    optind = 0; /* glibc: start afresh */
    while (!rc && (c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        if (c == 'h') c = 256 + (int)n; /* -h: help, whatever the tables */
        if (c == '?') {
            const char *bad = argv[optind - 1];
            rc = optopt >= 256
                ? cli_fail(CLI_EUSAGE, "%s: option \"--%s\" takes no value", cmd,
                           map[optopt - 256]->name)
                : optopt
                ? cli_fail(CLI_EUSAGE, "%s: unknown option \"-%c\"; see \"fpa %s --help\"",
                           cmd, optopt, cmd)
                : cli_fail(CLI_EUSAGE, "%s: unknown or ambiguous option \"%s\"; see \"fpa %s "
                           "--help\"", cmd, bad, cmd);
        } else if (c == ':') {
            rc = cli_fail(CLI_EUSAGE, "%s: option \"%s\" needs a value", cmd, argv[optind - 1]);
        } else {
            out->vals = cli_grow(out->vals, &cap, out->nvals + 1, sizeof *out->vals);
            out->vals[out->nvals].id = c - 256 == (int)n ? OPT_HELP : map[c - 256]->id;
            out->vals[out->nvals++].val = optarg;
        }
    }
    if (!rc) {
        out->npos = (size_t)(argc - optind);
        out->pos = argv + optind;
    }
    free(lo);
    free(map);
    if (rc) cli_args_free(out);
    return rc;
}

void cli_args_free(cli_args *a)
{
    free(a->vals);
    memset(a, 0, sizeof *a);
}

const char *cli_args_get(const cli_args *a, int id)
{
    const char *v = NULL;
    for (size_t i = 0; i < a->nvals; i++)
        if (a->vals[i].id == id) v = a->vals[i].val ? a->vals[i].val : "";
    return v;
}

bool cli_args_has(const cli_args *a, int id) { return cli_args_get(a, id) != NULL; }

void cli_help_options(FILE *f, const cli_opt *const *tables)
{
    for (size_t t = 0; tables[t]; t++)
        for (const cli_opt *o = tables[t]; o->name; o++) {
            char head[64];
            snprintf(head, sizeof head, "--%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
            fprintf(f, "  %-24s %s\n", head, o->help);
        }
}

void cli_help_exit_codes(FILE *f)
{
    fputs("\nExit status:\n"
          "  0  success\n"
          "  1  the computation failed (the library's message says why), or no memory\n"
          "  2  bad command line\n"
          "  3  missing, unreadable or invalid input; the message names file:line:column\n"
          "  4  the output could not be written; no partial output file is left\n"
          "  130  interrupted (Ctrl-C): the work in progress is cancelled, nothing written\n",
          f);
}

/* --set NAME=VALUE */
static int set_option(fpa_opts *o, const char *v)
{
    const char *eq = strchr(v, '=');
    char *name = cli_strdup(v);
    int key, rc = 0;
    double x;
    if (eq) name[eq - v] = '\0';
    if (!eq)
        rc = cli_fail(CLI_EUSAGE, "--set: \"%s\" is not NAME=VALUE", v);
    else if (fpa_opt_find(&key, name) != FPA_OK)
        rc = cli_fail(CLI_EUSAGE, "--set: no library option \"%s\" (list: fpa options)", name);
    else if (!cli_parse_number(&x, eq + 1))
        rc = cli_fail(CLI_EUSAGE, "--set %s: \"%s\" is not a number", name, eq + 1);
    else if (fpa_opts_set(o, key, x) != FPA_OK)
        rc = cli_fail(CLI_EUSAGE, "--set %s: %s", name, fpa_error_last());
    free(name);
    return rc;
}

/* ---- progress and Ctrl-C ---------------------------------------------------------- */

/* The library's progress callback (fpa_opts_set_progress(): always called
 * on this thread): the bar on stderr, and a Ctrl-C cancels the call. */
static int on_progress(void *ud, size_t done, size_t total)
{
    cli_progress *p = ud;
    if (cli_interrupted()) return 1;
    if (done == 0) cli_progress_start(p, cli_progress_label(), total);
    else cli_progress_step(p, done);
    if (done >= total) cli_progress_end(p);
    return 0;
}

int cli_opts_from_args(fpa_opts **out, const cli_args *a)
{
    static cli_progress bar; /* one run, one thread: the callback's state */
    fpa_opts *o;
    fpa_status st = fpa_opts_new(&o, NULL, NULL);
    if (st != FPA_OK) return cli_fail_lib(st, "options");
    fpa_opts_set_progress(o, on_progress, &bar);
    int rc = 0;
    for (size_t i = 0; i < a->nvals && !rc; i++) {
        const char *v = a->vals[i].val;
        if (a->vals[i].id == OPT_THREADS) {
            size_t t;
            if (!cli_parse_size(&t, v) || fpa_opts_set(o, FPA_OPT_THREADS, (double)t) != FPA_OK)
                rc = cli_fail(CLI_EUSAGE, "--threads: \"%s\" is not a thread count (0-1024)", v);
        } else if (a->vals[i].id == OPT_SET) {
            rc = set_option(o, v);
        }
    }
    if (rc) fpa_opts_free(o);
    else *out = o;
    return rc;
}

/* ---- typed parameters of the input and output layers ------------------------------- */

static const int slot_opt[CLI_IN_COUNT] = {OPT_ACTUALS, OPT_BUDGET, OPT_LINES, OPT_BALANCES,
                                           OPT_COHORTS, OPT_SCENARIOS, OPT_DRIVERS, OPT_GL,
                                           OPT_ITEMS, OPT_REQUESTS, OPT_SUBLEDGERS, OPT_BANK,
                                           OPT_CASHBOOK};

static int sources_from_args(cli_sources *src, const cli_args *a, bool sample_default)
{
    memset(src, 0, sizeof *src);
    src->company = cli_args_get(a, OPT_COMPANY);
    bool any = src->company != NULL;
    for (int s = 0; s < CLI_IN_COUNT; s++) any |= (src->path[s] = cli_args_get(a, slot_opt[s])) != NULL;
    src->sample = cli_args_has(a, OPT_SAMPLE) || (sample_default && !any);
    if (src->sample && src->company)
        return cli_fail(CLI_EUSAGE, "--sample and --company cannot be used together");
    src->revenue = cli_args_get(a, OPT_REVENUE);
    const char *as_of = cli_args_get(a, OPT_AS_OF), *fy = cli_args_get(a, OPT_FY_START);
    src->as_of = INT64_MIN;
    if (as_of && !cli_parse_period(&src->as_of, as_of))
        return cli_fail(CLI_EUSAGE, "--as-of: \"%s\" is not a period (YYYY-MM)", as_of);
    size_t fys;
    if (fy && (!cli_parse_size(&fys, fy) || fys < 1 || fys > 12))
        return cli_fail(CLI_EUSAGE, "--fy-start: \"%s\" is not a month number (1-12)", fy);
    src->fy_start = fy ? (int)fys : 0;
    return 0;
}

static int output_from_args(cli_output *o, const cli_args *a)
{
    const char *f = cli_args_get(a, OPT_FORMAT);
    o->format = CLI_FMT_TABLE;
    if (f && !cli_format_parse(&o->format, f))
        return cli_fail(CLI_EUSAGE, "--format: \"%s\" is not table, csv, json, html or xlsx", f);
    o->path = cli_args_get(a, OPT_OUTPUT);
    o->table = cli_args_get(a, OPT_TABLE);
    return 0;
}

/* ---- the run skeleton --------------------------------------------------------------- */

int cli_load(cli_ctx *c, bool sample_default)
{
    cli_sources src;
    int rc = sources_from_args(&src, c->a, sample_default);
    if (!rc) rc = cli_dataset_load(&c->d, &src);
    c->has_data = !rc;
    if (!rc && c->d.fy_start &&
        fpa_opts_set(c->opts, FPA_OPT_VARIANCE_FY_START, c->d.fy_start) != FPA_OK)
        rc = cli_fail_lib(fpa_error_last_status(), "fiscal year start");
    return rc;
}

/* A close: the data as of the month after the one closed, what came
 * after it left out. */
int cli_load_month(cli_ctx *c, int64_t as_of)
{
    cli_sources src;
    int rc = sources_from_args(&src, c->a, false);
    src.as_of = as_of;
    src.closing = true;
    if (!rc) rc = cli_dataset_load(&c->d, &src);
    c->has_data = !rc;
    if (!rc && c->d.fy_start &&
        fpa_opts_set(c->opts, FPA_OPT_VARIANCE_FY_START, c->d.fy_start) != FPA_OK)
        rc = cli_fail_lib(fpa_error_last_status(), "fiscal year start");
    return rc;
}

int cli_run(const cli_command *cmd, int argc, char **argv)
{
    const cli_opt *tables[16];
    size_t k = 0;
    while (cmd->opts[k] && k < 14) tables[k] = cmd->opts[k], k++;
    tables[k++] = cli_help_opts;
    tables[k] = NULL;
    cli_args a;
    int rc = cli_args_parse(&a, argc, argv, cmd->name, tables);
    if (rc) return rc;
    if (cli_args_has(&a, OPT_HELP)) {
        if (cmd->help) cmd->help(tables);
        else cli_usage(stdout, cmd->name, cmd->synopsis, cmd->about, tables, cmd->more);
        cli_args_free(&a);
        return 0;
    }
    cli_ctx c = {.a = &a};
    cli_output out;
    cli_report *r = NULL;
    if (!(rc = output_from_args(&out, &a)) && !(rc = cli_opts_from_args(&c.opts, &a))) {
        if (!cmd->positional && a.npos)
            rc = cli_fail(CLI_EUSAGE, "%s: unexpected argument \"%s\"", cmd->name, a.pos[0]);
        if (!rc) rc = cmd->build(&r, &c);
    }
    if (!rc && cli_interrupted()) rc = cli_fail(CLI_EINTR, "interrupted");
    if (!rc) rc = cli_report_write(r, &out);
    cli_report_free(r);
    if (c.has_data) cli_dataset_free(&c.d);
    fpa_opts_free(c.opts);
    cli_args_free(&a);
    return rc;
}
