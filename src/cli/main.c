/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa: financial planning and analysis from the command line, on the
 * embedded sample company or on the user's own CSV and JSON files. */
#include "cmd.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <xlsxwriter.h>
#include <stdlib.h>
#include <string.h>

#ifndef FPA_CLI_VERSION
#define FPA_CLI_VERSION FPA_VERSION_STRING
#endif

static int run_review(int argc, char **argv) { return cli_run(&cli_cmd_review, argc, argv); }
static int run_forecast(int argc, char **argv) { return cli_run(&cli_cmd_forecast, argc, argv); }
static int run_backtest(int argc, char **argv) { return cli_run(&cli_cmd_backtest, argc, argv); }
static int run_variance(int argc, char **argv) { return cli_run(&cli_cmd_variance, argc, argv); }
static int run_unit(int argc, char **argv) { return cli_run(&cli_cmd_unit, argc, argv); }
static int run_wc(int argc, char **argv) { return cli_run(&cli_cmd_wc, argc, argv); }
static int run_tvm(int argc, char **argv) { return cli_run(&cli_cmd_tvm, argc, argv); }
static int run_close(int argc, char **argv) { return cli_run(&cli_cmd_close, argc, argv); }
static int run_model(int argc, char **argv) { return cli_run(&cli_cmd_model, argc, argv); }

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"review", run_review, "the monthly finance and operations review pack"},
    {"close", run_close, "the monthly close of record, kept in a store (SQLite)"},
    {"forecast", run_forecast, "forecast monthly series with intervals; rolling re-forecasts"},
    {"backtest", run_backtest, "rolling-origin accuracy of forecasting methods"},
    {"variance", run_variance, "budget against actuals: windows, materiality, drill-down"},
    {"unit", run_unit, "unit economics and KPIs: margins, growth, cohorts, LTV, CAC, burn, "
                       "runway"},
    {"wc", run_wc, "working capital and cash: DSO/DIO/DPO, projection, what-ifs, cash-at-risk"},
    {"model", run_model, "the planning model: three statements per period, scenarios"},
    {"tvm", run_tvm, "time value of money with spreadsheet semantics (npv, xirr, pmt, ...)"},
    {"sample", cli_cmd_sample, "list or print the files of the embedded sample company"},
    {"options", cli_cmd_options, "list the library options that --set accepts"},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

static void help(FILE *f)
{
    fputs("usage: fpa COMMAND [OPTIONS]\n"
          "       fpa COMMAND --help\n"
          "       fpa --version\n\n"
          "Financial planning and analysis with libfpa. With no input files the data\n"
          "commands can run on an embedded sample company (--sample; the default for\n"
          "review). Output is an aligned table, CSV, JSON, an HTML page or an XLSX\n"
          "workbook (--format).\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nExamples:\n"
          "  fpa review\n"
          "  fpa variance --actuals actuals.csv --budget budget.csv --lines lines.json\n"
          "  fpa tvm xirr --dates 2024-01-01,2024-07-01 --amounts -100,110\n", f);
    cli_help_exit_codes(f);
    fputs("\nSee fpa(1) and docs/cli.md for the input formats and output columns.\n", f);
}

void cli_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
               const cli_opt *const *tables, const char *more)
{
    fprintf(f, "usage: fpa %s %s\n\n%s\n\nOptions:\n", cmd, synopsis, about);
    cli_help_options(f, tables);
    if (more) fprintf(f, "\n%s", more);
    cli_help_exit_codes(f);
}

/* Standard output's last word: a write error is one line, never silent. */
static int flushed(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    return cli_fail(CLI_EOUTPUT, "standard output: %s", strerror(errno ? errno : EIO));
}

static void version(void)
{
    printf("fpa %s\n"
           "libfpa %s (compiled against %s)\n"
           "libcsv %d.%d.%d, jansson %s, libxlsxwriter %s, SQLite %s\n",
           FPA_CLI_VERSION, fpa_version_string(), FPA_VERSION_STRING, CSV_MAJOR, CSV_MINOR,
           CSV_RELEASE, jansson_version_str(), LXW_VERSION, sqlite3_libversion());
}

int cli_cmd_options(int argc, char **argv)
{
    const cli_opt *const tables[] = {cli_help_opts, NULL};
    cli_args a;
    int rc = cli_args_parse(&a, argc, argv, "options", tables);
    if (rc) return rc;
    if (cli_args_has(&a, OPT_HELP)) {
        cli_usage(stdout, "options", "", "List every library option: its name (for --set), "
                  "range and default.", tables, NULL);
    } else {
        printf("%-28s %14s %14s %14s\n", "name", "min", "max", "default");
        int key;
        for (size_t i = 0; fpa_opt_key(&key, i) == FPA_OK; i++) {
            double lo, hi, def;
            fpa_opt_bounds(&lo, &hi, &def, key);
            printf("%-28s %14.6g %14.6g %14.6g\n", fpa_opt_name(key), lo, hi, def);
        }
    }
    cli_args_free(&a);
    return 0;
}

int cli_cmd_sample(int argc, char **argv)
{
    const cli_opt *const tables[] = {cli_help_opts, NULL};
    cli_args a;
    int rc = cli_args_parse(&a, argc, argv, "sample", tables);
    if (rc) return rc;
    if (cli_args_has(&a, OPT_HELP)) {
        cli_usage(stdout, "sample", "[FILE]",
                  "List the files of the embedded sample company, or print one of them: they\n"
                  "are examples of every input format (see docs/cli.md).",
                  tables, NULL);
    } else if (a.npos == 0) {
        for (size_t i = 0; i < cli_sample_count; i++)
            printf("%-16s %8zu bytes\n", cli_sample_files[i].name, cli_sample_files[i].size);
    } else if (a.npos > 1) {
        rc = cli_fail(CLI_EUSAGE, "sample: one file at a time");
    } else {
        cli_text t;
        if (!cli_text_sample(&t, a.pos[0])) {
            rc = cli_fail(CLI_EUSAGE, "sample: no file \"%s\" (list: fpa sample)", a.pos[0]);
        } else {
            fwrite(t.data, 1, t.size, stdout);
            cli_text_free(&t);
        }
    }
    cli_args_free(&a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return CLI_EUSAGE;
    }
    const char *cmd = argv[1];
    cli_interrupt_catch();
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc > 2 && !strcmp(cmd, "help")) {
            char *sub[] = {argv[2], (char *)"--help", NULL};
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (!strcmp(argv[2], commands[i].name)) return commands[i].run(2, sub);
            return cli_fail(CLI_EUSAGE, "no command \"%s\"; see \"fpa --help\"", argv[2]);
        }
        help(stdout);
        return flushed();
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        version();
        return flushed();
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(cmd, commands[i].name)) {
            int rc = commands[i].run(argc - 1, argv + 1);
            return rc ? rc : flushed();
        }
    if (cmd[0] == '-')
        return cli_fail(CLI_EUSAGE, "unknown option \"%s\"; see \"fpa --help\"", cmd);
    return cli_fail(CLI_EUSAGE, "no command \"%s\"; see \"fpa --help\"", cmd);
}
