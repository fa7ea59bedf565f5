/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target (FPA_FUZZ): the fpa program's inputs on hostile bytes.
 * The first byte picks what reads the rest:
 *   0-8  one reader on the rest as a file: monthly series, chart of lines,
 *        cohort rows, what-if scenarios, general ledger, open items,
 *        purchase requests, sub-ledgers, a bank statement;
 *   9    a manifest (--company): the rest up to the first NUL is the
 *        manifest, the bytes after it a file "f" beside it that its entries
 *        may name, all read into a data set;
 *   10   a data file named on the command line (--actuals .. --cashbook,
 *        by the next byte, the drivers and balances with their names
 *        checked), read into a data set, for a review or a close;
 *   11   a command line: NUL-separated arguments parsed with the option
 *        tables of a command (by the next byte), then turned into library
 *        options, the sections' typed parameters and a data set (the
 *        embedded sample when no file is named).
 * Each input must end in a loaded object or one diagnostic, without a
 * crash, a sanitizer report or a leak. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Files are written to one directory of this process, removed at exit. */
static char scratch[64];

static void scratch_remove(void)
{
    char path[96];
    snprintf(path, sizeof path, "%s/company.json", scratch);
    unlink(path);
    snprintf(path, sizeof path, "%s/f", scratch);
    unlink(path);
    rmdir(scratch);
}

static char *scratch_file(const char *name, const char *bytes, size_t n)
{
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/fuzz_cli_input.XXXXXX");
        if (!mkdtemp(scratch)) abort();
        atexit(scratch_remove);
    }
    char *path = cli_fmt("%s/%s", scratch, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) abort();
    return path;
}

static void readers(int which, const cli_text *t)
{
    switch (which) {
    case 0: {
        cli_panel p;
        if (cli_panel_load(&p, t) == 0) cli_panel_free(&p);
        break;
    }
    case 1: {
        cli_chart c;
        if (cli_chart_load(&c, t) == 0) cli_chart_free(&c);
        break;
    }
    case 2: {
        cli_cohort_rows r;
        if (cli_cohorts_load(&r, t) == 0) cli_cohorts_free(&r);
        break;
    }
    case 3: {
        cli_scenarios s;
        if (cli_scenarios_load(&s, t) == 0) cli_scenarios_free(&s);
        break;
    }
    case 4: {
        cli_panel p;
        if (cli_gl_load(&p, t) == 0) cli_panel_free(&p);
        break;
    }
    case 5: {
        cli_items it;
        if (cli_items_load(&it, t) == 0) cli_items_free(&it);
        break;
    }
    case 6: {
        cli_requests q;
        if (cli_requests_load(&q, t) == 0) cli_requests_free(&q);
        break;
    }
    case 7: {
        cli_subledgers s;
        if (cli_subledgers_load(&s, t) == 0) cli_subledgers_free(&s);
        break;
    }
    default: {
        cli_cashlines b;
        if (cli_cashlines_load(&b, t) == 0) cli_cashlines_free(&b);
        break;
    }
    }
}

/* A data set, and the P&L every report builds from it. */
static void dataset(const cli_sources *src)
{
    cli_dataset d;
    if (cli_dataset_load(&d, src) != 0) return;
    cli_pnl p;
    if (d.has_actuals && cli_actuals_check(&d) == 0 && cli_pnl_build(&p, &d) == 0)
        cli_pnl_free(&p);
    cli_dataset_free(&d);
}

static void manifest(const char *bytes, size_t n)
{
    size_t m = strnlen(bytes, n), rest = m < n ? m + 1 : n;
    free(scratch_file("f", bytes + rest, n - rest));
    char *path = scratch_file("company.json", bytes, m);
    cli_sources src = {.company = path, .as_of = INT64_MIN};
    dataset(&src);
    free(path);
}

static void named_file(uint8_t how, const char *bytes, size_t n)
{
    char *path = scratch_file("f", bytes, n);
    cli_sources src = {.as_of = INT64_MIN, .sample = how & 0x80};
    src.path[how % CLI_IN_COUNT] = path;
    if (how & 0x40) {  /* a close of the month after the sample's last */
        cli_parse_period(&src.as_of, "2025-01");
        src.closing = true;
    }
    dataset(&src);
    free(path);
}

/* The scenarios and drivers files are options of the commands that read
 * them (sec_wc's table is the program's; these name the same ids). */
static const cli_opt what_if_opts[] = {
    {"scenarios", "FILE", OPT_SCENARIOS, ""},
    {"drivers", "FILE", OPT_DRIVERS, ""},
    {0},
};

static void command_line(uint8_t how, char *bytes, size_t n)
{
    enum { MAXARGS = 64 };
    char *argv[MAXARGS + 2] = {"fuzz"};
    int argc = 1;
    for (size_t i = 0; i < n && argc <= MAXARGS; i += strlen(bytes + i) + 1) argv[argc++] = bytes + i;
    argv[argc] = NULL;
    const cli_opt *const tables[][6] = {
        {cli_variance_opts, cli_data_opts, cli_output_opts, cli_help_opts, NULL},
        {cli_unit_opts, cli_data_opts, cli_output_opts, NULL},
        {cli_wc_fc_opts, cli_wc_opts, what_if_opts, cli_data_opts, cli_output_opts, NULL},
        {cli_forecast_review_opts, cli_variance_opts, cli_unit_opts, cli_wc_opts, cli_data_opts,
         NULL},
    };
    cli_args a;
    if (cli_args_parse(&a, argc, argv, "fuzz", tables[how % 4]) != 0) return;
    cli_ctx c = {.a = &a};
    if (cli_opts_from_args(&c.opts, &a) == 0) {
        cli_forecast_params fp;
        cli_variance_params vp;
        cli_unit_params up;
        cli_wc_params wp;
        if (cli_forecast_args(&fp, &a, c.opts) == 0) cli_wc_args(&wp, &a, &fp);
        cli_variance_args(&vp, &a, c.opts, "period,qtd,ytd");
        cli_unit_args(&up, &a, c.opts);
        cli_load(&c, how & 0x80);
        if (c.has_data) cli_dataset_free(&c.d);
        fpa_opts_free(c.opts);
    }
    cli_args_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    char *buf = malloc(size), name[] = "fuzz";
    if (!buf) return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    int which = data[0] % 16;  /* room for more inputs without moving the seeds */
    if (which < 9) {
        cli_text t = {.name = name, .data = buf, .size = size - 1};
        readers(which, &t);
    } else if (which == 10 && size > 1) {
        named_file((uint8_t)buf[0], buf + 1, size - 2);
    } else if (which == 11 && size > 1) {
        command_line((uint8_t)buf[0], buf + 1, size - 2);
    } else {
        manifest(buf, size - 1);
    }
    free(buf);
    return 0;
}
