/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa close --store FILE --month YYYY-MM: the monthly close of record. The
 * review pack of the month (with forecast against actual from the earlier
 * closes, reconciliation and spend control) is built, then recorded with
 * everything it rests on — the month's actuals and restatements, the
 * budget version in force, every forecast issued, the what-ifs run, the
 * reconciliation items and purchase requests, the closing balances — in
 * one SQLite transaction, and printed. A closed month is immutable until
 * `fpa close --reopen --reason TEXT`; `fpa review --store` prints any past
 * close's pack again, byte for byte. */
#include "cmd.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef FPA_CLI_VERSION
#define FPA_CLI_VERSION FPA_VERSION_STRING
#endif

enum { C_REOPEN = 700, C_REASON };
static const cli_opt close_opts[] = {
    {"store", "FILE", OPT_STORE, "the store of closes (SQLite; created if missing)"},
    {"month", "YYYY-MM", OPT_MONTH, "the month closed: its actuals are final (a date "
                                    "YYYY-MM-DD stands for its month)"},
    {"reopen", NULL, C_REOPEN, "reopen the closed month (with --reason) so that it can be "
                               "closed again"},
    {"reason", "TEXT", C_REASON, "why the month is reopened (recorded)"},
    {0},
};

typedef struct closing {
    cli_store *st;
    char month[16], prev[16];
    int64_t m;
} closing;

/* ---- what the store remembers ------------------------------------------------------ */

static int history_forecasts(closing *c, cli_history *h)
{
    sqlite3_stmt *q;
    char from[16];
    cli_period_str(from, c->m - 23);
    int rc = cli_store_prepare(c->st, &q, "SELECT f.kind || ':' || f.line, f.target_month, "
        "f.horizon, f.mean FROM forecast f JOIN close c ON c.month = f.close_month AND "
        "c.status = 'closed' WHERE f.close_month < ?1 AND f.target_month BETWEEN ?2 AND ?1 "
        "AND f.horizon IN (1, 3, 6, 12) AND f.mean IS NOT NULL");
    if (rc) return rc;
    sqlite3_bind_text(q, 1, c->month, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, from, -1, SQLITE_STATIC);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        h->fc = cli_grow(h->fc, &cap, h->n + 1, sizeof *h->fc);
        cli_past_fc *p = &h->fc[h->n++];
        p->key = cli_strdup((const char *)sqlite3_column_text(q, 0));
        cli_parse_period(&p->target, (const char *)sqlite3_column_text(q, 1));
        p->horizon = (size_t)sqlite3_column_int(q, 2);
        p->mean = sqlite3_column_double(q, 3);
    }
    sqlite3_finalize(q);
    if (r != SQLITE_DONE) return cli_store_fail(c->st, "reading the forecasts");
    cli_history_sort(h);
    return 0;
}

static int history_load(closing *c, cli_history *h)
{
    static const char *const names[5] = {"ar", "ap", "inventory", "cash", "fixed_assets"};
    memset(h, 0, sizeof *h);
    h->prev_month = INT64_MIN;
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "SELECT count(*), max(month) FROM close WHERE "
                               "status = 'closed' AND month < ?");
    if (rc) return rc;
    sqlite3_bind_text(q, 1, c->month, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        h->closes = (size_t)sqlite3_column_int(q, 0);
        if (sqlite3_column_type(q, 1) != SQLITE_NULL) {
            snprintf(c->prev, sizeof c->prev, "%s", (const char *)sqlite3_column_text(q, 1));
            cli_parse_period(&h->prev_month, c->prev);
        }
    }
    sqlite3_finalize(q);
    if (h->prev_month != INT64_MIN &&
        !(rc = cli_store_prepare(c->st, &q, "SELECT name, value FROM balance WHERE "
                                 "close_month = ?1 AND month = ?1"))) {
        sqlite3_bind_text(q, 1, c->prev, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW)
            for (int k = 0; k < 5; k++)
                if (!strcmp((const char *)sqlite3_column_text(q, 0), names[k])) {
                    h->prev[k] = sqlite3_column_double(q, 1);
                    h->has_prev[k] = true;
                }
        sqlite3_finalize(q);
    }
    return rc ? rc : history_forecasts(c, h);
}

static void history_free(cli_history *h)
{
    for (size_t i = 0; i < h->n; i++) free(h->fc[i].key);
    free(h->fc);
}

/* ---- recording ------------------------------------------------------------------------- */

/* Bind text and numbers by position: "t" text, "d" double (NULL when not
 * finite), "i" integer. */
static void bind(sqlite3_stmt *q, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    for (int k = 0; types[k]; k++) {
        if (types[k] == 't') {
            const char *s = va_arg(ap, const char *);
            if (s) sqlite3_bind_text(q, k + 1, s, -1, SQLITE_TRANSIENT);
        } else if (types[k] == 'd') {
            double v = va_arg(ap, double);
            if (v == v && v - v == 0) sqlite3_bind_double(q, k + 1, v);
        } else {
            sqlite3_bind_int64(q, k + 1, va_arg(ap, int64_t));
        }
    }
    va_end(ap);
}

static int put_lines(closing *c, const cli_dataset *d)
{
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "INSERT INTO line VALUES(?, ?, ?, ?, ?)");
    for (size_t i = 0; i < d->nlines && !rc; i++) {
        const char *parent = d->has_chart ? d->chart.node[i].parent : NULL;
        bind(q, "ttttt", c->month, d->line[i], parent, cli_nature_name(d->nature[i]),
             cli_line_name(d, i));
        rc = cli_store_step(c->st, q, "recording the lines");
    }
    sqlite3_finalize(q);
    return rc;
}

/* The month's actuals, and any earlier month the store holds otherwise (a
 * restatement) or not at all. */
static int put_actuals(closing *c, const cli_dataset *d)
{
    sqlite3_stmt *q, *last;
    int rc = cli_store_prepare(c->st, &q, "INSERT INTO actual VALUES(?, ?, ?, ?)");
    if (!rc) rc = cli_store_prepare(c->st, &last, "SELECT value FROM actual WHERE line = ? AND "
                                    "month = ? ORDER BY close_month DESC LIMIT 1");
    for (size_t i = 0; i < d->actuals.count && !rc; i++) {
        const cli_series *s = &d->actuals.s[i];
        for (size_t t = 0; t < s->n && !rc; t++) {
            char p[16];
            cli_period_str(p, s->start + (int64_t)t);
            bind(last, "tt", s->name, p);
            bool same = sqlite3_step(last) == SQLITE_ROW && sqlite3_column_double(last, 0) == s->v[t];
            sqlite3_reset(last);
            if (same) continue;
            bind(q, "tttd", c->month, s->name, p, s->v[t]);
            rc = cli_store_step(c->st, q, "recording the actuals");
        }
    }
    sqlite3_finalize(q);
    sqlite3_finalize(last);
    return rc;
}

/* The budget in force: its version is a digest of its figures (FNV-1a), so
 * an unchanged budget is recorded once. */
static int put_budget(closing *c, const cli_dataset *d, char version[24])
{
    uint64_t hsh = 1469598103934665603ULL;
    for (size_t i = 0; i < d->budget.count; i++) {
        const cli_series *s = &d->budget.s[i];
        char *row = cli_fmt("%s;%lld;%zu", s->name, (long long)s->start, s->n);
        for (const char *x = row; *x; x++) hsh = (hsh ^ (unsigned char)*x) * 1099511628211ULL;
        free(row);
        for (size_t t = 0; t < s->n; t++) {
            const unsigned char *b = (const unsigned char *)&s->v[t];
            for (size_t k = 0; k < sizeof s->v[t]; k++) hsh = (hsh ^ b[k]) * 1099511628211ULL;
        }
    }
    snprintf(version, 24, "%016llx", (unsigned long long)hsh);
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "SELECT 1 FROM budget WHERE version = ? LIMIT 1");
    if (rc) return rc;
    bind(q, "t", version);
    bool have = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (have) return 0;
    rc = cli_store_prepare(c->st, &q, "INSERT INTO budget VALUES(?, ?, ?, ?)");
    for (size_t i = 0; i < d->budget.count && !rc; i++)
        for (size_t t = 0; t < d->budget.s[i].n && !rc; t++) {
            char p[16];
            cli_period_str(p, d->budget.s[i].start + (int64_t)t);
            bind(q, "tttd", version, d->budget.s[i].name, p, d->budget.s[i].v[t]);
            rc = cli_store_step(c->st, q, "recording the budget");
        }
    sqlite3_finalize(q);
    return rc;
}

static int put_balances(closing *c, const cli_dataset *d)
{
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "INSERT INTO balance VALUES(?, ?, ?, ?)");
    for (size_t i = 0; d->has_balances && i < d->balances.count && !rc; i++) {
        const cli_series *s = &d->balances.s[i];
        if (!s->n || s->start + (int64_t)s->n - 1 != c->m) continue;
        bind(q, "tttd", c->month, s->name, c->month, s->v[s->n - 1]);
        rc = cli_store_step(c->st, q, "recording the balances");
    }
    sqlite3_finalize(q);
    return rc;
}

static int put_forecasts(closing *c, const cli_linefc *fc)
{
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "INSERT INTO forecast VALUES(?, ?, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?)");
    for (size_t j = 0; j < fc->n && !rc; j++) {
        const cli_fc *f = &fc->fc[j];
        if (f->st != FPA_OK) continue;
        for (size_t t = 0; t < fc->h && !rc; t++) {
            char p[16];
            cli_period_str(p, fc->origin + (int64_t)t);
            bind(q, "ttttitddddd", c->month, f->name, fc->total[j] ? "total" : "line", p,
                 (int64_t)(t + 1), f->model, f->mean[t], f->lower[t], f->upper[t],
                 f->lower[fc->h + t], f->upper[fc->h + t]);
            rc = cli_store_step(c->st, q, "recording the forecasts");
        }
    }
    sqlite3_finalize(q);
    return rc;
}

static const cli_table *table_of(const cli_report *r, const char *sec, const char *name)
{
    for (size_t s = 0; s < r->nsections; s++)
        if (!strcmp(r->section[s]->name, sec))
            for (size_t t = 0; t < r->section[s]->ntables; t++)
                if (!strcmp(r->section[s]->table[t]->name, name)) return r->section[s]->table[t];
    return NULL;
}

static int col_of(const cli_table *t, const char *name)
{
    for (size_t j = 0; t && j < t->ncols; j++)
        if (!strcmp(t->col[j].name, name)) return (int)j;
    return -1;
}

static double num_at(const cli_table *t, size_t i, const char *col)
{
    int j = col_of(t, col);
    const cli_cell *c = j < 0 ? NULL : cli_cell_at(t, i, (size_t)j);
    return c && !c->null ? c->num : 0.0 / 0.0;
}

/* The what-ifs run, with their figures as the pack shows them. */
static int put_scenarios(closing *c, const cli_report *r)
{
    const cli_table *sc = table_of(r, "working_capital", "scenarios");
    const cli_table *risk = table_of(r, "working_capital", "cash_at_risk");
    sqlite3_stmt *q;
    int rc = sc ? cli_store_prepare(c->st, &q, "INSERT INTO scenario_run VALUES(?, ?, ?, ?, ?, "
                                    "?, ?)") : 0;
    for (size_t i = 0; sc && i < sc->nrows && !rc; i++) {
        const char *name = cli_cell_at(sc, i, 0)->text;
        const cli_cell *ch = cli_cell_at(sc, i, (size_t)col_of(sc, "changes"));
        double car = 0.0 / 0.0, breach = 0.0 / 0.0;
        for (size_t k = 0; risk && k < risk->nrows; k++)
            if (!strcmp(cli_cell_at(risk, k, 0)->text, name))
                car = num_at(risk, k, "cash_at_risk_95"), breach = num_at(risk, k,
                                                                          "breach_probability");
        bind(q, "tttdddd", c->month, name, ch->null ? "" : ch->text,
             num_at(sc, i, "ending_cash"), num_at(sc, i, "min_cash"), car, breach);
        rc = cli_store_step(c->st, q, "recording the what-ifs");
    }
    if (sc) sqlite3_finalize(q);
    return rc;
}

static void day_text(char buf[16], int64_t day)
{
    int y, m, dd;
    if (day == INT64_MIN || fpa_date_to_ymd(&y, &m, &dd, day) != FPA_OK) buf[0] = '\0';
    else snprintf(buf, 16, "%04d-%02d-%02d", y, m, dd);
}

static int put_items(closing *c, const cli_dataset *d)
{
    sqlite3_stmt *q;
    int rc = cli_store_prepare(c->st, &q, "INSERT INTO recon_item VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; d->has_items && i < d->items.n && !rc; i++) {
        char o[16], du[16];
        day_text(o, d->items.opened[i]);
        day_text(du, d->items.due[i]);
        bind(q, "tttitt", c->month, d->items.id[i], d->items.account[i], d->items.cents[i],
             *d->items.owner[i] ? d->items.owner[i] : NULL, o);
        if (*du) sqlite3_bind_text(q, 7, du, -1, SQLITE_TRANSIENT);
        rc = cli_store_step(c->st, q, "recording the open items");
    }
    sqlite3_finalize(q);
    if (rc) return rc;
    rc = cli_store_prepare(c->st, &q, "INSERT INTO spend_request VALUES(?, ?, ?, ?, ?, NULL)");
    for (size_t i = 0; d->has_requests && i < d->requests.n && !rc; i++) {
        bind(q, "tttdt", c->month, d->requests.id[i], d->requests.cost_centre[i],
             d->requests.amount[i], d->requests.requester[i]);
        rc = cli_store_step(c->st, q, "recording the purchase requests");
    }
    sqlite3_finalize(q);
    return rc;
}

static int put_close(closing *c, int status, const char *budget, const char *pack)
{
    sqlite3_stmt *q;
    int rc = status == 2 ? cli_store_clear(c->st, c->month) : 0;
    if (!rc) rc = cli_store_prepare(c->st, &q, status == 2
        ? "UPDATE close SET status = 'closing', closed_at = datetime('now'), program = ?2, "
          "library = ?3, budget_version = ?4, pack = ?5 WHERE month = ?1"
        : "INSERT INTO close VALUES(?1, 'closing', datetime('now'), ?2, ?3, ?4, ?5)");
    if (rc) return rc;
    bind(q, "ttttt", c->month, "fpa " FPA_CLI_VERSION, fpa_version_string(), budget, pack);
    rc = cli_store_step(c->st, q, "recording the close");
    sqlite3_finalize(q);
    return rc;
}

static int record(closing *c, int status, const cli_dataset *d, const cli_report *r,
                  const cli_linefc *fc)
{
    char *pack = cli_report_serialize(r), version[24] = "";
    int rc = cli_store_exec(c->st, "BEGIN IMMEDIATE", "starting the close");
    if (!rc && d->has_budget) rc = put_budget(c, d, version);
    if (!rc) rc = put_close(c, status, *version ? version : NULL, pack);
    if (!rc) rc = put_lines(c, d);
    if (!rc) rc = put_actuals(c, d);
    if (!rc) rc = put_balances(c, d);
    if (!rc) rc = put_forecasts(c, fc);
    if (!rc) rc = put_scenarios(c, r);
    if (!rc) rc = put_items(c, d);
    if (!rc) {
        char *sql = cli_fmt("UPDATE close SET status = 'closed' WHERE month = '%s'; COMMIT",
                            c->month);
        rc = cli_store_exec(c->st, sql, "committing the close");
        free(sql);
    }
    if (rc) sqlite3_exec(cli_store_db(c->st), "ROLLBACK", NULL, NULL, NULL);
    free(pack);
    return rc;
}

/* ---- the command -------------------------------------------------------------------------- */

static int reopen(cli_report **out, closing *c, const char *reason)
{
    int status = 0;
    if (!reason || !*reason)
        return cli_fail(CLI_EUSAGE, "close --reopen: give the reason (--reason TEXT)");
    int rc = cli_store_exec(c->st, "BEGIN IMMEDIATE", "reopening");
    if (!rc) rc = cli_store_status(c->st, c->month, &status);
    if (!rc && status != 1)
        rc = cli_fail_at(CLI_EUSAGE, cli_store_path(c->st), 0, 0, "%s is %s", c->month,
                         status ? "already reopened" : "not closed");
    sqlite3_stmt *q;
    if (!rc && !(rc = cli_store_prepare(c->st, &q, "UPDATE close SET status = 'reopened' "
                                        "WHERE month = ?1; "))) {
        bind(q, "t", c->month);
        rc = cli_store_step(c->st, q, "reopening");
        sqlite3_finalize(q);
    }
    if (!rc && !(rc = cli_store_prepare(c->st, &q, "INSERT INTO reopen VALUES(?, "
                                        "datetime('now'), ?)"))) {
        bind(q, "tt", c->month, reason);
        rc = cli_store_step(c->st, q, "reopening");
        sqlite3_finalize(q);
    }
    if (!rc) rc = cli_store_exec(c->st, "COMMIT", "reopening");
    if (rc) sqlite3_exec(cli_store_db(c->st), "ROLLBACK", NULL, NULL, NULL);
    if (rc) return rc;
    static const cli_col cols[2] = {{"month", CLI_TEXT, 0}, {"reopened_because", CLI_TEXT, 0}};
    *out = cli_report_new("close", "Close reopened");
    (*out)->bare = true;
    cli_table *t = cli_table_add(cli_section_add(*out, "close", "Close"), "reopened",
                                 "Reopened", cols, 2);
    cli_row_add(t);
    cli_put_text(t, 0, c->month);
    cli_put_text(t, 1, reason);
    return 0;
}

static int close_month(cli_report **out, closing *c, cli_ctx *x)
{
    review_args ra = {0};
    cli_history h = {0};
    int status = 0;
    int rc = cli_store_status(c->st, c->month, &status);
    if (!rc && status == 1)
        rc = cli_fail_at(CLI_EUSAGE, cli_store_path(c->st), 0, 0, "%s is closed; to close it "
                         "again, reopen it first (fpa close --reopen --reason TEXT)", c->month);
    if (!rc) rc = cli_review_args(&ra, x);
    if (!rc) rc = cli_load_month(x, c->m + 1);
    if (!rc) rc = history_load(c, &h);
    if (!rc) rc = cli_review_pack(out, &ra, &x->d, &h);
    if (!rc && cli_interrupted()) rc = cli_fail(CLI_EINTR, "interrupted");
    if (!rc) rc = record(c, status, &x->d, *out, cli_review_forecasts(&ra));
    history_free(&h);
    cli_review_free(&ra);
    return rc;
}

static int build_close(cli_report **out, cli_ctx *x)
{
    const char *store = cli_args_get(x->a, OPT_STORE), *m = cli_args_get(x->a, OPT_MONTH);
    closing c = {0};
    if (!store || !m) return cli_fail(CLI_EUSAGE, "close: needs --store FILE and --month M");
    if (!cli_parse_period(&c.m, m))
        return cli_fail(CLI_EUSAGE, "--month: \"%s\" is not a month (YYYY-MM)", m);
    if (cli_args_has(x->a, OPT_AS_OF))
        return cli_fail(CLI_EUSAGE, "close: --month says which month closes; no --as-of");
    cli_period_str(c.month, c.m);
    int rc = cli_store_open(&c.st, store, true);
    if (rc) return rc;
    rc = cli_args_has(x->a, C_REOPEN) ? reopen(out, &c, cli_args_get(x->a, C_REASON))
                                      : close_month(out, &c, x);
    cli_store_close(c.st);
    return rc;
}

const cli_command cli_cmd_close = {
    "close", "--store FILE --month YYYY-MM [OPTIONS]",
    "The monthly close of record: the review pack of the month (as fpa review, with\n"
    "forecast against actual from the earlier closes, reconciliation and spend\n"
    "control) recorded in the store with the month's actuals, the budget in force,\n"
    "every forecast issued, the what-ifs, the open items and purchase requests, in\n"
    "one transaction; then printed. A closed month is immutable until reopened\n"
    "(--reopen --reason TEXT). fpa review --store FILE --month M prints a past\n"
    "close's pack again, exactly. The schema: docs/store.md.",
    NULL,
    (const cli_opt *const[]){close_opts, cli_review_opts, cli_forecast_review_opts,
                             cli_variance_opts, cli_unit_opts, cli_wc_opts, cli_data_opts,
                             cli_output_opts, NULL},
    false, build_close, NULL,
};
