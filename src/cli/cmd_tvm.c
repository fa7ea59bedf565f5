/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa tvm FUNCTION --arg value ...: every time-value-of-money function,
 * with the spreadsheet's argument names, and XIRR of many schedules from a
 * file. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

enum {
    P_RATE = 100, P_VALUES, P_DATES, P_GUESS, P_FINANCE, P_REINVEST, P_NPER, P_PMT, P_PV,
    P_FV, P_WHEN, P_PER, P_START, P_END, P_NOMINAL, P_EFFECT, P_NPERY, P_COST, P_SALVAGE,
    P_LIFE, P_PERIOD, P_FACTOR, P_MONTH, P_FILE, P_AMOUNTS, P_DAY_COUNT
};

static const cli_opt tvm_opts[] = {
    {"rate", "R", P_RATE, "rate per period (0.05 or 5%)"},
    {"values", "V,...", P_VALUES, "periodic cash flows, comma-separated"},
    {"amounts", "A,...", P_AMOUNTS, "dated cash flows (xnpv, xirr), comma-separated"},
    {"dates", "D,...", P_DATES, "their dates, YYYY-MM-DD, comma-separated"},
    {"file", "FILE", P_FILE, "xirr of many schedules: CSV schedule,date,amount"},
    {"day-count", "BASIS", P_DAY_COUNT, "xnpv, xirr: the year fraction's day count "
                                        "(default ACT/365F; ACT/360, 30/360 US, ...)"},
    {"guess", "R", P_GUESS, "starting rate of irr, xirr, rate (default 0.1)"},
    {"finance-rate", "R", P_FINANCE, "mirr: rate paid on money invested"},
    {"reinvest-rate", "R", P_REINVEST, "mirr: rate earned on money reinvested"},
    {"nper", "N", P_NPER, "number of periods"},
    {"pmt", "X", P_PMT, "payment per period"},
    {"pv", "X", P_PV, "present value"},
    {"fv", "X", P_FV, "future value (default 0)"},
    {"when", "W", P_WHEN, "payments at the end (default) or begin of periods"},
    {"per", "K", P_PER, "the period (ipmt, ppmt, syd)"},
    {"start", "K", P_START, "first period (cumipmt, cumprinc)"},
    {"end", "K", P_END, "last period (cumipmt, cumprinc)"},
    {"nominal", "R", P_NOMINAL, "nominal annual rate (effect)"},
    {"effect", "R", P_EFFECT, "effective annual rate (nominal)"},
    {"npery", "M", P_NPERY, "compounding periods per year"},
    {"cost", "X", P_COST, "initial cost of the asset"},
    {"salvage", "X", P_SALVAGE, "value at the end of its life"},
    {"life", "N", P_LIFE, "useful life in periods"},
    {"period", "K", P_PERIOD, "the period (ddb, db)"},
    {"factor", "F", P_FACTOR, "ddb: declining-balance factor (default 2)"},
    {"month", "M", P_MONTH, "db: months in the first year (default 12)"},
    {0},
};

/* Arguments of each function: '+' required, '?' optional, in call order. */
typedef struct fn {
    const char *name;
    int params[8];
    const char *formula;
} fn;

#define R(p) (p)
#define O(p) (-(p))
static const fn fns[] = {
    {"npv", {R(P_RATE), R(P_VALUES)}, "NPV(rate; values)"},
    {"irr", {R(P_VALUES), O(P_GUESS)}, "IRR(values; guess)"},
    {"mirr", {R(P_VALUES), R(P_FINANCE), R(P_REINVEST)}, "MIRR(values; finance; reinvest)"},
    {"xnpv", {R(P_RATE), R(P_AMOUNTS), R(P_DATES), O(P_DAY_COUNT)}, "XNPV(rate; amounts; dates)"},
    {"xirr", {O(P_AMOUNTS), O(P_DATES), O(P_GUESS), O(P_FILE), O(P_DAY_COUNT)},
     "XIRR(amounts; dates; guess)"},
    {"pmt", {R(P_RATE), R(P_NPER), R(P_PV), O(P_FV), O(P_WHEN)}, "PMT(rate; nper; pv; fv; type)"},
    {"pv", {R(P_RATE), R(P_NPER), R(P_PMT), O(P_FV), O(P_WHEN)}, "PV(rate; nper; pmt; fv; type)"},
    {"fv", {R(P_RATE), R(P_NPER), R(P_PMT), O(P_PV), O(P_WHEN)}, "FV(rate; nper; pmt; pv; type)"},
    {"nper", {R(P_RATE), R(P_PMT), R(P_PV), O(P_FV), O(P_WHEN)}, "NPER(rate; pmt; pv; fv; type)"},
    {"rate", {R(P_NPER), R(P_PMT), R(P_PV), O(P_FV), O(P_WHEN), O(P_GUESS)},
     "RATE(nper; pmt; pv; fv; type; guess)"},
    {"ipmt", {R(P_RATE), R(P_PER), R(P_NPER), R(P_PV), O(P_FV), O(P_WHEN)},
     "IPMT(rate; per; nper; pv; fv; type)"},
    {"ppmt", {R(P_RATE), R(P_PER), R(P_NPER), R(P_PV), O(P_FV), O(P_WHEN)},
     "PPMT(rate; per; nper; pv; fv; type)"},
    {"cumipmt", {R(P_RATE), R(P_NPER), R(P_PV), R(P_START), R(P_END), O(P_WHEN)},
     "CUMIPMT(rate; nper; pv; start; end; type)"},
    {"cumprinc", {R(P_RATE), R(P_NPER), R(P_PV), R(P_START), R(P_END), O(P_WHEN)},
     "CUMPRINC(rate; nper; pv; start; end; type)"},
    {"effect", {R(P_NOMINAL), R(P_NPERY)}, "EFFECT(nominal; npery)"},
    {"nominal", {R(P_EFFECT), R(P_NPERY)}, "NOMINAL(effect; npery)"},
    {"sln", {R(P_COST), R(P_SALVAGE), R(P_LIFE)}, "SLN(cost; salvage; life)"},
    {"syd", {R(P_COST), R(P_SALVAGE), R(P_LIFE), R(P_PER)}, "SYD(cost; salvage; life; per)"},
    {"ddb", {R(P_COST), R(P_SALVAGE), R(P_LIFE), R(P_PERIOD), O(P_FACTOR)},
     "DDB(cost; salvage; life; period; factor)"},
    {"db", {R(P_COST), R(P_SALVAGE), R(P_LIFE), R(P_PERIOD), O(P_MONTH)},
     "DB(cost; salvage; life; period; month)"},
};
enum { NFNS = sizeof fns / sizeof *fns };

static const char *opt_name(int id)
{
    for (const cli_opt *o = tvm_opts; o->name; o++)
        if (o->id == id) return o->name;
    return "?";
}

static bool is_rate(int id)
{
    return id == P_RATE || id == P_GUESS || id == P_FINANCE || id == P_REINVEST ||
           id == P_NOMINAL || id == P_EFFECT;
}

/* A number; rates may be written as percentages ("5%"). */
static int arg_number(double *out, int id, const char *s)
{
    if (is_rate(id) ? cli_parse_percent(out, s) : cli_parse_number(out, s)) return 0;
    return cli_fail(CLI_EUSAGE, "tvm: --%s: \"%s\" is not a number", opt_name(id), s);
}

static bool parse_date(int64_t *out, const char *s)
{
    return fpa_date_parse(out, s, strlen(s)) == FPA_OK;
}

typedef struct list {
    size_t n;
    double *x;
    int64_t *day;
} list;

static int arg_list(list *out, int id, const char *s)
{
    size_t cap = 0, capd = 0;
    memset(out, 0, sizeof *out);
    char *copy = cli_strdup(s);
    int rc = 0;
    for (char *tok = copy, *end; tok && !rc; tok = end) {
        end = strchr(tok, ',');
        if (end) *end++ = '\0';
        if (id == P_DATES) {
            out->day = cli_grow(out->day, &capd, out->n + 1, sizeof *out->day);
            if (!parse_date(&out->day[out->n], tok))
                rc = cli_fail(CLI_EUSAGE, "tvm: --dates: \"%s\" is not a date (YYYY-MM-DD)", tok);
        } else {
            out->x = cli_grow(out->x, &cap, out->n + 1, sizeof *out->x);
            rc = arg_number(&out->x[out->n], id, tok);
        }
        out->n++;
    }
    free(copy);
    return rc;
}

static const cli_col result_cols[] = {{"function", CLI_TEXT, 0}, {"value", CLI_VALUE, 0}};
static const cli_col batch_cols[] = {
    {"schedule", CLI_TEXT, 0}, {"xirr", CLI_VALUE, 0}, {"status", CLI_TEXT, 0},
    {"detail", CLI_TEXT, 0}};

typedef struct group {
    size_t first, at, len; /* first row in the file; position in the sorted refs */
} group;

static int by_first(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static int read_schedules(cli_csv *c, double **amt, int64_t **day, size_t **offsets,
                          char ***names, size_t *count)
{
    const cli_row *h = &c->rows[0];
    size_t n = c->nrows - 1;
    if (h->n != 3 || strcmp(h->f[0], "schedule") || strcmp(h->f[1], "date") ||
        strcmp(h->f[2], "amount"))
        return cli_fail_at(CLI_EINPUT, c->file, h->line, 1, "unexpected header \"%s\": "
                           "expected \"schedule,date,amount\"", h->f[0]);
    if (n == 0) return cli_fail_at(CLI_EINPUT, c->file, h->line, 1, "no data rows");
    cli_idref *ref = cli_alloc(n * sizeof *ref);
    double *a = cli_alloc(n * sizeof *a);
    int64_t *d = cli_alloc(n * sizeof *d);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *row = &c->rows[i + 1];
        if (row->n != 3)
            rc = cli_fail_at(CLI_EINPUT, c->file, row->line, row->n < 3 ? row->n + 1 : 4,
                             "expected 3 fields like the header, found %zu", row->n);
        else if (!row->f[0][0])
            rc = cli_fail_at(CLI_EINPUT, c->file, row->line, 1, "empty schedule");
        else if (!parse_date(&d[i], row->f[1]))
            rc = cli_fail_at(CLI_EINPUT, c->file, row->line, 2, "\"%s\" is not a date "
                             "(YYYY-MM-DD)", row->f[1]);
        else if (!cli_parse_number(&a[i], row->f[2]))
            rc = cli_fail_at(CLI_EINPUT, c->file, row->line, 3, "\"%s\" is not a number",
                             row->f[2]);
        ref[i] = (cli_idref){row->f[0], i};
    }
    if (!rc) {
        /* schedules in order of first appearance, flows in file order */
        cli_idref_sort(ref, n);
        group *g = cli_alloc(n * sizeof *g);
        size_t ng = 0;
        for (size_t i = 0; i < n; i++) {
            if (i == 0 || strcmp(ref[i - 1].id, ref[i].id) != 0)
                g[ng++] = (group){ref[i].index, i, 0};
            g[ng - 1].len++;
        }
        qsort(g, ng, sizeof *g, by_first);
        *amt = cli_alloc(n * sizeof **amt);
        *day = cli_alloc(n * sizeof **day);
        *offsets = cli_alloc((ng + 1) * sizeof **offsets);
        *names = cli_alloc(ng * sizeof **names);
        size_t k = 0;
        for (size_t s = 0; s < ng; s++) {
            (*offsets)[s] = k;
            (*names)[s] = cli_strdup(ref[g[s].at].id);
            for (size_t m = g[s].at; m < g[s].at + g[s].len; m++, k++) {
                (*amt)[k] = a[ref[m].index];
                (*day)[k] = d[ref[m].index];
            }
        }
        (*offsets)[ng] = k;
        *count = ng;
        free(g);
    }
    free(ref);
    free(a);
    free(d);
    return rc;
}

/* XIRR of every schedule of a CSV file, a chunk of schedules per library
 * call so that progress can be shown. A schedule without a rate does not
 * stop the others: its status and the library's reason are in its row. */
static int xirr_file(cli_table *t, const char *path, double guess, fpa_day_count dc,
                     fpa_opts *opts)
{
    cli_text text;
    int rc = cli_text_file(&text, path);
    if (rc) return rc;
    if (fpa_opts_set(opts, FPA_OPT_TVM_DAY_COUNT, dc) != FPA_OK)
        rc = cli_fail_lib(fpa_error_last_status(), "tvm xirr: --day-count");
    cli_csv c = {0};
    if (!rc) rc = cli_csv_parse(&c, &text);
    double *amt = NULL;
    int64_t *day = NULL;
    size_t *off = NULL, ns = 0;
    char **names = NULL;
    if (!rc) rc = read_schedules(&c, &amt, &day, &off, &names, &ns);
    if (!rc) {
        double *rate = cli_alloc(ns * sizeof *rate);
        fpa_status *st = cli_alloc(ns * sizeof *st);
        cli_progress pr;
        cli_progress_start(&pr, "xirr", ns);
        enum { CHUNK = 256 };
        for (size_t k = 0; k < ns && !rc; k += CHUNK) {
            size_t m = ns - k < CHUNK ? ns - k : CHUNK;
            fpa_status s = fpa_tvm_xirr_batch(rate + k, st + k, amt, day, off + k, m, guess, opts);
            if (s != FPA_OK) rc = cli_fail_lib(s, "tvm xirr");
            cli_progress_step(&pr, k + m);
        }
        cli_progress_end(&pr);
        for (size_t k = 0; k < ns && !rc; k++) {
            cli_row_add(t);
            cli_put_text(t, 0, names[k]);
            if (st[k] == FPA_OK) {
                cli_put_num(t, 1, rate[k]);
                cli_put_text(t, 2, "ok");
                cli_put_text(t, 3, "");
            } else {
                double again;
                fpa_tvm_xirr_dc(&again, amt + off[k], day + off[k], off[k + 1] - off[k], guess, dc);
                cli_put_text(t, 2, fpa_status_name(st[k]));
                cli_put_text(t, 3, fpa_error_last());
            }
        }
        free(rate);
        free(st);
    }
    for (size_t k = 0; names && k < ns; k++) free(names[k]);
    free(names);
    free(amt);
    free(day);
    free(off);
    if (c.rows) cli_csv_free(&c);
    cli_text_free(&text);
    return rc;
}

static fpa_status call(double *out, const fn *f, const double *v, const list *vals,
                       const list *amts, const list *dates, fpa_when w, fpa_day_count dc)
{
    const char *name = f->name;
    if (!strcmp(name, "npv")) return fpa_tvm_npv(out, v[P_RATE - 100], vals->x, vals->n);
    if (!strcmp(name, "irr")) return fpa_tvm_irr(out, vals->x, vals->n, v[P_GUESS - 100]);
    if (!strcmp(name, "mirr"))
        return fpa_tvm_mirr(out, vals->x, vals->n, v[P_FINANCE - 100], v[P_REINVEST - 100]);
    if (!strcmp(name, "xnpv") || !strcmp(name, "xirr")) /* lengths checked by the caller */
        return !strcmp(name, "xnpv")
            ? fpa_tvm_xnpv_dc(out, v[P_RATE - 100], amts->x, dates->day, amts->n, dc)
            : fpa_tvm_xirr_dc(out, amts->x, dates->day, amts->n, v[P_GUESS - 100], dc);
#define A(p) v[(p) - 100]
    if (!strcmp(name, "pmt")) return fpa_tvm_pmt(out, A(P_RATE), A(P_NPER), A(P_PV), A(P_FV), w);
    if (!strcmp(name, "pv")) return fpa_tvm_pv(out, A(P_RATE), A(P_NPER), A(P_PMT), A(P_FV), w);
    if (!strcmp(name, "fv")) return fpa_tvm_fv(out, A(P_RATE), A(P_NPER), A(P_PMT), A(P_PV), w);
    if (!strcmp(name, "nper")) return fpa_tvm_nper(out, A(P_RATE), A(P_PMT), A(P_PV), A(P_FV), w);
    if (!strcmp(name, "rate"))
        return fpa_tvm_rate(out, A(P_NPER), A(P_PMT), A(P_PV), A(P_FV), w, A(P_GUESS));
    if (!strcmp(name, "ipmt"))
        return fpa_tvm_ipmt(out, A(P_RATE), A(P_PER), A(P_NPER), A(P_PV), A(P_FV), w);
    if (!strcmp(name, "ppmt"))
        return fpa_tvm_ppmt(out, A(P_RATE), A(P_PER), A(P_NPER), A(P_PV), A(P_FV), w);
    if (!strcmp(name, "cumipmt"))
        return fpa_tvm_cumipmt(out, A(P_RATE), A(P_NPER), A(P_PV), A(P_START), A(P_END), w);
    if (!strcmp(name, "cumprinc"))
        return fpa_tvm_cumprinc(out, A(P_RATE), A(P_NPER), A(P_PV), A(P_START), A(P_END), w);
    if (!strcmp(name, "effect")) return fpa_tvm_effect(out, A(P_NOMINAL), A(P_NPERY));
    if (!strcmp(name, "nominal")) return fpa_tvm_nominal(out, A(P_EFFECT), A(P_NPERY));
    if (!strcmp(name, "sln")) return fpa_tvm_sln(out, A(P_COST), A(P_SALVAGE), A(P_LIFE));
    if (!strcmp(name, "syd"))
        return fpa_tvm_syd(out, A(P_COST), A(P_SALVAGE), A(P_LIFE), A(P_PER));
    if (!strcmp(name, "ddb"))
        return fpa_tvm_ddb(out, A(P_COST), A(P_SALVAGE), A(P_LIFE), A(P_PERIOD), A(P_FACTOR));
    return fpa_tvm_db(out, A(P_COST), A(P_SALVAGE), A(P_LIFE), A(P_PERIOD), A(P_MONTH));
#undef A
}

static void tvm_help(const cli_opt *const *tables)
{
    char more[4096];
    size_t len = (size_t)snprintf(more, sizeof more, "Functions (arguments in [] are optional):\n");
    for (size_t i = 0; i < NFNS && len < sizeof more; i++) {
        len += (size_t)snprintf(more + len, sizeof more - len, "  %-9s", fns[i].name);
        for (size_t k = 0; k < 8 && fns[i].params[k] && len < sizeof more; k++) {
            int p = fns[i].params[k];
            len += (size_t)snprintf(more + len, sizeof more - len, p < 0 ? " [--%s]" : " --%s",
                                    opt_name(p < 0 ? -p : p));
        }
        if (len < sizeof more) len += (size_t)snprintf(more + len, sizeof more - len, "\n");
    }
    if (len < sizeof more)
        snprintf(more + len, sizeof more - len,
                 "  xirr also takes --file FILE (CSV schedule,date,amount): one rate per\n"
                 "  schedule; a schedule without a rate gets its status and reason instead.\n"
                 "\nEach function computes what LibreOffice Calc's function of the same name\n"
                 "computes (docs/tvm.md lists the few deliberate differences). Money paid out\n"
                 "is negative. Rates are per period, as 0.05 or 5%%.\n");
    cli_usage(stdout, "tvm", "FUNCTION [OPTIONS]",
              "Time value of money with spreadsheet semantics.", tables, more);
}


typedef struct tvm_args {
    const fn *f;
    double v[P_AMOUNTS - 100 + 1];
    list vals, amts, dates;
    fpa_when when;
    fpa_day_count day_count;
    const char *file;
} tvm_args;

static int tvm_function(const fn **out, const cli_args *a)
{
    if (a->npos != 1)
        return cli_fail(CLI_EUSAGE, "tvm: name one function (npv, irr, xirr, pmt, ...); see "
                        "\"fpa tvm --help\"");
    for (size_t i = 0; i < NFNS; i++)
        if (!strcmp(a->pos[0], fns[i].name)) *out = &fns[i];
    if (!*out)
        return cli_fail(CLI_EUSAGE, "tvm: no function \"%s\"; see \"fpa tvm --help\"",
                        a->pos[0]);
    return 0;
}

/* Every option given must be an argument of the function. */
static int tvm_values(tvm_args *t, const cli_args *a)
{
    const fn *f = t->f;
    int rc = 0;
    for (size_t i = 0; i < a->nvals && !rc; i++) {
        int id = a->vals[i].id;
        if (id < 100) continue;
        bool ok = false;
        for (size_t k = 0; k < 8 && f->params[k]; k++)
            ok |= f->params[k] == id || f->params[k] == -id;
        const char *val = a->vals[i].val;
        if (!ok)
            rc = cli_fail(CLI_EUSAGE, "tvm %s: no argument --%s (it takes: %s)", f->name,
                          opt_name(id), f->formula);
        else if (id == P_VALUES) rc = (free(t->vals.x), arg_list(&t->vals, id, val));
        else if (id == P_AMOUNTS) rc = (free(t->amts.x), arg_list(&t->amts, id, val));
        else if (id == P_DATES) rc = (free(t->dates.day), arg_list(&t->dates, id, val));
        else if (id == P_WHEN) {
            if (!strcmp(val, "end") || !strcmp(val, "0")) t->when = FPA_WHEN_END;
            else if (!strcmp(val, "begin") || !strcmp(val, "1")) t->when = FPA_WHEN_BEGIN;
            else rc = cli_fail(CLI_EUSAGE, "tvm: --when: \"%s\" is not end or begin", val);
        } else if (id == P_DAY_COUNT) {
            if (fpa_tvm_day_count_find(&t->day_count, val) != FPA_OK)
                rc = cli_fail(CLI_EUSAGE, "tvm: --day-count: %s", fpa_error_last());
        } else if (id != P_FILE) rc = arg_number(&t->v[id - 100], id, val);
    }
    for (size_t k = 0; k < 8 && f->params[k] && !rc; k++)
        if (f->params[k] > 0 && !cli_args_has(a, f->params[k]))
            rc = cli_fail(CLI_EUSAGE, "tvm %s: --%s is required (%s)", f->name,
                          opt_name(f->params[k]), f->formula);
    t->file = cli_args_get(a, P_FILE);
    bool pair = cli_args_has(a, P_AMOUNTS) && cli_args_has(a, P_DATES);
    if (!rc && !strcmp(f->name, "xirr") && !t->file == !pair)
        rc = cli_fail(CLI_EUSAGE, "tvm xirr: give --amounts and --dates, or --file");
    if (!rc && t->file && (cli_args_has(a, P_AMOUNTS) || cli_args_has(a, P_DATES)))
        rc = cli_fail(CLI_EUSAGE, "tvm xirr: --file replaces --amounts and --dates");
    if (!rc && (t->amts.n || t->dates.n) && t->amts.n != t->dates.n)
        rc = cli_fail(CLI_EUSAGE, "tvm %s: %zu amounts but %zu dates", f->name, t->amts.n,
                      t->dates.n);
    return rc;
}

static int tvm_compute(cli_section *s, const tvm_args *t, fpa_opts *opts)
{
    const fn *f = t->f;
    if (t->file) {
        cli_table *tab = cli_table_add(s, "xirr", "XIRR by schedule", batch_cols, 4);
        return xirr_file(tab, t->file, t->v[P_GUESS - 100], t->day_count, opts);
    }
    double out;
    fpa_status st = call(&out, f, t->v, &t->vals, &t->amts, &t->dates, t->when, t->day_count);
    char *what = cli_fmt("tvm %s", f->name);
    int rc = st != FPA_OK ? cli_fail_lib(st, what) : 0;
    free(what);
    cli_table *tab = cli_table_add(s, "result", f->formula, result_cols, 2);
    if (!rc) {
        cli_row_add(tab);
        cli_put_text(tab, 0, f->name);
        cli_put_num(tab, 1, out);
    }
    return rc;
}

static int build_tvm(cli_report **out, cli_ctx *c)
{
    tvm_args t = {.when = FPA_WHEN_END, .day_count = FPA_DAYCOUNT_ACT_365F};
    t.v[P_GUESS - 100] = 0.1;
    t.v[P_FACTOR - 100] = 2;
    t.v[P_MONTH - 100] = 12;
    int rc = tvm_function(&t.f, c->a);
    if (!rc) rc = tvm_values(&t, c->a);
    if (!rc) {
        *out = cli_report_new("tvm", t.f->formula);
        (*out)->bare = true;
        rc = tvm_compute(cli_section_add(*out, "tvm", "Time value of money"), &t, c->opts);
    }
    free(t.vals.x);
    free(t.amts.x);
    free(t.dates.day);
    return rc;
}

const cli_command cli_cmd_tvm = {
    "tvm", "FUNCTION [OPTIONS]", "Time value of money with spreadsheet semantics.", NULL,
    (const cli_opt *const[]){tvm_opts, cli_output_opts, NULL},
    true, build_tvm, tvm_help,
};
