/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sections of the monthly close, from the store of closes and the
 * close's own inputs:
 * - forecast_accuracy: the forecasts made 1, 3, 6 and 12 months before each
 *   actual (fpa_accuracy_metric: MAPE, WAPE, MASE, bias), and the lines
 *   whose forecasts are biased or getting worse;
 * - reconciliation: opening balances against the previous close's approved
 *   closing and sub-ledgers against the balances (fpa_recon_tieout, exact
 *   cents), the unresolved items aged (fpa_recon_aging), owners first
 *   missing;
 * - spend_control: purchase requests against each cost centre's remaining
 *   budget (fpa_variance_spend_control), over-budget and second-approver
 *   flags. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- forecast against actual ------------------------------------------------------- */

static int by_key(const void *a, const void *b)
{
    const cli_past_fc *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->target != y->target) return x->target < y->target ? -1 : 1;
    return (x->horizon > y->horizon) - (x->horizon < y->horizon);
}

void cli_history_sort(cli_history *h)
{
    if (h->n) qsort(h->fc, h->n, sizeof *h->fc, by_key);
}

static const cli_past_fc *past(const cli_history *h, const char *key, int64_t target,
                               size_t horizon)
{
    if (!h->n) return NULL;
    cli_past_fc want = {NULL, target, horizon, 0};
    memcpy(&want.key, &key, sizeof key); /* only read */
    return bsearch(&want, h->fc, h->n, sizeof *h->fc, by_key);
}

static const size_t lags[4] = {1, 3, 6, 12};
enum { WINDOW = 24, TREND = 3 }; /* months compared; months of each half of the trend */

/* The actuals and forecasts of series f at lag k, target months in the
 * WINDOW to the last closed month; how many. */
static size_t pairs(double *y, double *fc, const cli_fc *f, const char *key,
                    const cli_history *h, int64_t last, size_t k, size_t from_end)
{
    size_t m = 0;
    for (size_t back = from_end; back < WINDOW && back < f->n; back++) {
        int64_t t = last - (int64_t)back;
        const cli_past_fc *p = past(h, key, t, k);
        if (!p) continue;
        y[m] = f->y[f->n - 1 - back];
        fc[m++] = p->mean;
    }
    return m;
}

enum { A_LINE, A_NAME, A_KIND, A_LAG, A_PAIRS, A_MAPE, A_WAPE, A_MASE, A_BIAS, A_NCOLS };
static const cli_col acc_cols[A_NCOLS] = {
    {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0}, {"kind", CLI_TEXT, 0},
    {"lag", CLI_COUNT, 0}, {"pairs", CLI_COUNT, 0}, {"mape", CLI_NUMBER, 0},
    {"wape", CLI_NUMBER, 0}, {"mase", CLI_NUMBER, 0}, {"bias", CLI_AMOUNT, 0},
};
enum { T_LINE, T_NAME, T_KIND, T_RECENT, T_BEFORE, T_MAE, T_BIAS, T_BIASED, T_WORSE, T_NCOLS };
static const cli_col trend_cols[T_NCOLS] = {
    {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0}, {"kind", CLI_TEXT, 0},
    {"wape_last_3", CLI_NUMBER, 0}, {"wape_3_before", CLI_NUMBER, 0}, {"mae", CLI_AMOUNT, 0},
    {"bias", CLI_AMOUNT, 0}, {"biased", CLI_BOOL, 0}, {"worsening", CLI_BOOL, 0},
};

static double metric(fpa_metric m, const double *y, const double *f, size_t n, const cli_fc *s)
{
    double v = NAN;
    if (n && fpa_accuracy_metric(&v, m, y, f, n, s->y, s->n, 12) != FPA_OK) v = NAN;
    return v;
}

static void accuracy_rows(cli_table *t, cli_table *tt, const cli_fc *f, const char *key,
                          const char *name, const char *kind, const cli_history *h,
                          int64_t last)
{
    double y[WINDOW], fc[WINDOW];
    for (size_t k = 0; k < 4; k++) {
        size_t m = pairs(y, fc, f, key, h, last, lags[k], 0);
        if (!m) continue;
        cli_row_add(t);
        cli_put_text(t, A_LINE, f->name);
        cli_put_text(t, A_NAME, name);
        cli_put_text(t, A_KIND, kind);
        cli_put_num(t, A_LAG, (double)lags[k]);
        cli_put_num(t, A_PAIRS, (double)m);
        static const fpa_metric ms[4] = {FPA_METRIC_MAPE, FPA_METRIC_WAPE, FPA_METRIC_MASE,
                                         FPA_METRIC_BIAS};
        for (size_t q = 0; q < 4; q++) cli_put_num(t, A_MAPE + q, metric(ms[q], y, fc, m, f));
    }
    /* lag 1: biased (the mean error is more than half the mean absolute
       error, over 6 pairs or more) and worsening (WAPE of the last 3 months
       above that of the 3 before) */
    size_t m = pairs(y, fc, f, key, h, last, 1, 0);
    if (m < 2 * TREND) return;
    double recent = metric(FPA_METRIC_WAPE, y, fc, TREND, f);
    double before = metric(FPA_METRIC_WAPE, y + TREND, fc + TREND, TREND, f);
    double mae = metric(FPA_METRIC_MAE, y, fc, m, f), bias = metric(FPA_METRIC_BIAS, y, fc, m, f);
    cli_row_add(tt);
    cli_put_text(tt, T_LINE, f->name);
    cli_put_text(tt, T_NAME, name);
    cli_put_text(tt, T_KIND, kind);
    cli_put_num(tt, T_RECENT, recent);
    cli_put_num(tt, T_BEFORE, before);
    cli_put_num(tt, T_MAE, mae);
    cli_put_num(tt, T_BIAS, bias);
    cli_put_bool(tt, T_BIASED, isfinite(bias) && isfinite(mae) && fabs(bias) > mae / 2);
    cli_put_bool(tt, T_WORSE, isfinite(recent) && isfinite(before) && recent > before);
}

int cli_section_accuracy(cli_report *r, const cli_dataset *d, const cli_linefc *fc,
                         const cli_history *h)
{
    cli_section *s = cli_section_add(r, "forecast_accuracy", "Forecast against actual");
    cli_table *t = cli_table_add(s, "by_lag", "Forecasts made 1, 3, 6 and 12 months before "
                                 "each actual, over the last 24 months", acc_cols, A_NCOLS);
    cli_table *tt = cli_table_add(s, "trend", "Lag 1: biased or worsening forecasts",
                                  trend_cols, T_NCOLS);
    int64_t last = fc->origin - 1;
    for (size_t j = 0; j < fc->n; j++) {
        const cli_fc *f = &fc->fc[j];
        const char *kind = fc->total[j] ? "total" : "line";
        char *key = cli_fmt("%s:%s", kind, f->name);
        const char *name = fc->line[j] == SIZE_MAX ? "Revenue (all lines)"
                                                   : cli_line_name(d, fc->line[j]);
        accuracy_rows(t, tt, f, key, name, kind, h, last);
        free(key);
    }
    cli_section_note(s, "error = actual - forecast; mape and wape in percent; mase scaled by "
                     "the in-sample seasonal naive error (period 12); bias is the mean error, "
                     "positive when the forecasts were too low (fpa_accuracy_metric)");
    cli_section_note(s, "biased: the mean error is more than half the mean absolute error "
                     "(6 lag-1 pairs or more); worsening: the WAPE of the last 3 months is "
                     "above that of the 3 before");
    if (!h->closes)
        cli_section_note(s, "no earlier close in the store: forecasts are compared once later "
                         "closes have their actuals");
    return 0;
}

/* ---- reconciliation ------------------------------------------------------------------- */

static int64_t cents(double v) { return (int64_t)llround(v * 100); }

static double money(int64_t c) { return (double)c / 100; }

enum { O_BALANCE, O_PREVIOUS, O_OPENING, O_DIFF, O_STATUS, O_NCOLS };
static const cli_col open_cols[O_NCOLS] = {
    {"balance", CLI_TEXT, 0}, {"previous_close", CLI_AMOUNT, 0}, {"opening", CLI_AMOUNT, 0},
    {"difference", CLI_AMOUNT, 0}, {"status", CLI_TEXT, 0},
};

/* One tie-out row: `gl` against the sum of `sub` (exact cents). */
static int tie(cli_table *t, const char *name, int64_t gl, const int64_t *sub, size_t nsub,
               const fpa_opts *opts)
{
    size_t *acc = cli_calloc(nsub ? nsub : 1, sizeof *acc), breaks = 0;
    int64_t total = 0, diff = 0;
    fpa_status st = fpa_recon_tieout(&total, &diff, &breaks, &gl, 1, sub, acc, nsub, opts);
    free(acc);
    if (st != FPA_OK) return cli_fail_lib(st, "reconciliation: tie-out");
    cli_row_add(t);
    cli_put_text(t, O_BALANCE, name);
    cli_put_num(t, O_PREVIOUS, money(gl));
    cli_put_num(t, O_OPENING, money(total));
    cli_put_num(t, O_DIFF, money(diff));
    cli_put_text(t, O_STATUS, breaks ? "break" : "tied");
    return 0;
}

static const char *const bal_names[5] = {"ar", "ap", "inventory", "cash", "fixed_assets"};

static int opening_rows(cli_section *s, const cli_dataset *d, const cli_history *h,
                        const fpa_opts *opts)
{
    int64_t last = d->as_of - 1;
    if (!d->has_balances) return 0;
    if (h->prev_month != last - 1) {
        cli_section_note(s, "opening balances: no close of the month before in the store");
        return 0;
    }
    cli_table *t = cli_table_add(s, "opening", "Opening balances against the previous close's "
                                 "approved closing", open_cols, O_NCOLS);
    int rc = 0;
    for (size_t k = 0; k < 5 && !rc; k++) {
        const cli_series *b = cli_panel_find(&d->balances, bal_names[k]);
        if (!b || !h->has_prev[k]) continue;
        int64_t open = cents(cli_series_at(b, last - 1));
        rc = tie(t, bal_names[k], cents(h->prev[k]), &open, 1, opts);
    }
    return rc;
}

static int subledger_rows(cli_section *s, const cli_dataset *d, const fpa_opts *opts)
{
    if (!d->has_subledgers) return 0;
    cli_table *t = cli_table_add(s, "subledgers", "Sub-ledgers against the general ledger",
                                 open_cols, O_NCOLS);
    t->col[O_PREVIOUS].name = (free((void *)(uintptr_t)t->col[O_PREVIOUS].name),
                               cli_strdup("general_ledger"));
    t->col[O_OPENING].name = (free((void *)(uintptr_t)t->col[O_OPENING].name),
                              cli_strdup("subledger"));
    t->col[O_BALANCE].name = (free((void *)(uintptr_t)t->col[O_BALANCE].name),
                              cli_strdup("ledger"));
    int rc = 0;
    const cli_subledgers *sl = &d->subledgers;
    int64_t *sub = cli_alloc((sl->n ? sl->n : 1) * sizeof *sub);
    for (size_t k = 0; k < CLI_NLEDGERS && !rc; k++) {
        const char *name = cli_ledger_name(k);
        const cli_series *b = d->has_balances ? cli_panel_find(&d->balances, name) : NULL;
        size_t m = 0;
        for (size_t i = 0; i < sl->n; i++)
            if (sl->ledger[i] == k) sub[m++] = sl->cents[i];
        if (!m) continue; /* no detail of this ledger (for this month) */
        if (!b) {
            cli_section_note(s, "sub-ledger %s: no balance %s to tie out to", name, name);
            continue;
        }
        rc = tie(t, name, cents(cli_series_at(b, d->as_of - 1)), sub, m, opts);
    }
    free(sub);
    return rc;
}

enum { I_ID, I_ACCOUNT, I_OWNER, I_AMOUNT, I_OPENED, I_DUE, I_AGE, I_BUCKET, I_NCOLS };
static const cli_col item_cols[I_NCOLS] = {
    {"id", CLI_TEXT, 0}, {"account", CLI_TEXT, 0}, {"owner", CLI_TEXT, 0},
    {"amount", CLI_AMOUNT, 0}, {"opened", CLI_TEXT, 0}, {"due", CLI_TEXT, 0},
    {"age_days", CLI_COUNT, 0}, {"bucket", CLI_TEXT, 0},
};
static const char *const buckets[4] = {"0-30", "31-60", "61-90", "90+"};
static const cli_col aging_cols[3] = {
    {"bucket", CLI_TEXT, 0}, {"items", CLI_COUNT, 0}, {"amount", CLI_AMOUNT, 0},
};

typedef struct item_order {
    const cli_items *it;
    int64_t as_of;
} item_order;

static void day_str(char buf[16], int64_t day)
{
    int y, m, dd;
    if (day == INT64_MIN || fpa_date_to_ymd(&y, &m, &dd, day) != FPA_OK) buf[0] = '\0';
    else snprintf(buf, 16, "%04d-%02d-%02d", y, m, dd);
}

/* Items without an owner first, then the oldest. */
static void item_order_of(size_t *order, const cli_items *it)
{
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < it->n; i++)
            if (!*it->owner[i] == !pass) order[k++] = i;
    for (size_t a = 1; a < it->n; a++) /* stable insertion by opening date within a pass */
        for (size_t b = a; b > 0 && !*it->owner[order[b]] == !*it->owner[order[b - 1]] &&
                           it->opened[order[b]] < it->opened[order[b - 1]]; b--) {
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
}

static int item_rows(cli_section *s, const cli_dataset *d)
{
    if (!d->has_items) return 0;
    const cli_items *it = &d->items;
    int64_t as_of, end;
    fpa_date_from_ymd(&end, (int)(d->as_of / 12), cli_period_month(d->as_of), 1);
    as_of = end - 1; /* the last day of the closed month */
    size_t n = it->n, *bucket = cli_alloc((n ? n : 1) * sizeof *bucket), counts[4];
    int64_t totals[4], total, bounds[3] = {30, 60, 90};
    fpa_status st = fpa_recon_aging(totals, counts, bucket, &total, it->cents, it->opened, n,
                                    as_of, bounds, 3);
    if (st != FPA_OK) {
        free(bucket);
        return cli_fail_lib(st, "reconciliation: aging");
    }
    cli_table *at = cli_table_add(s, "aging", "Unresolved items by age (days since opened)",
                                  aging_cols, 3);
    for (size_t k = 0; k < 4; k++) {
        cli_row_add(at);
        cli_put_text(at, 0, buckets[k]);
        cli_put_num(at, 1, (double)counts[k]);
        cli_put_num(at, 2, money(totals[k]));
    }
    cli_table *t = cli_table_add(s, "items", "Unresolved items: without an owner first, then "
                                 "the oldest", item_cols, I_NCOLS);
    size_t *order = cli_alloc((n ? n : 1) * sizeof *order);
    item_order_of(order, it);
    for (size_t q = 0; q < n; q++) {
        size_t i = order[q];
        char o[16], du[16];
        day_str(o, it->opened[i]);
        day_str(du, it->due[i]);
        cli_row_add(t);
        cli_put_text(t, I_ID, it->id[i]);
        cli_put_text(t, I_ACCOUNT, it->account[i]);
        cli_put_text(t, I_OWNER, *it->owner[i] ? it->owner[i] : "(none)");
        cli_put_num(t, I_AMOUNT, money(it->cents[i]));
        cli_put_text(t, I_OPENED, o);
        cli_put_text(t, I_DUE, du);
        cli_put_num(t, I_AGE, (double)(as_of - it->opened[i]));
        cli_put_text(t, I_BUCKET, buckets[bucket[i] < 4 ? bucket[i] : 3]);
    }
    free(order);
    free(bucket);
    return 0;
}

/* The bank statement matched with the ledger's bank account
 * (fpa_recon_match: by reference, then by amount and date): what matched,
 * and every line of either side left unmatched. */
enum { M_SIDE, M_DATE, M_REF, M_AMOUNT, M_NCOLS };
static const cli_col unmatched_cols[M_NCOLS] = {
    {"side", CLI_TEXT, 0}, {"date", CLI_TEXT, 0}, {"reference", CLI_TEXT, 0},
    {"amount", CLI_AMOUNT, 0},
};
static const cli_col match_cols[2] = {{"measure", CLI_TEXT, 0}, {"value", CLI_VALUE, 0}};

static void unmatched(cli_table *t, const char *side, const cli_cashlines *b,
                      const int64_t *match, int64_t *total)
{
    for (size_t i = 0; i < b->n; i++) {
        if (match[i] >= 0) continue;
        char day[16];
        day_str(day, b->day[i]);
        cli_row_add(t);
        cli_put_text(t, M_SIDE, side);
        cli_put_text(t, M_DATE, day);
        cli_put_text(t, M_REF, b->ref[i]);
        cli_put_num(t, M_AMOUNT, money(b->cents[i]));
        *total += b->cents[i];
    }
}

static int statement_rows(cli_section *s, const cli_dataset *d, const fpa_opts *opts)
{
    if (!d->has_bank || !d->has_cashbook) {
        if (d->has_bank || d->has_cashbook)
            cli_section_note(s, "statement matching needs both --bank and --cashbook");
        return 0;
    }
    const cli_cashlines *l = &d->cashbook, *b = &d->bank;
    int64_t *lm = cli_alloc((l->n + 1) * sizeof *lm), *bm = cli_alloc((b->n + 1) * sizeof *bm);
    int *rule = cli_alloc((l->n + 1) * sizeof *rule);
    size_t pairs = 0;
    fpa_status st = fpa_recon_match(lm, bm, rule, &pairs, l->cents, l->day,
                                    (const char *const *)l->ref, l->n, b->cents, b->day,
                                    (const char *const *)b->ref, b->n, opts);
    int rc = st == FPA_OK ? 0 : cli_fail_lib(st, "reconciliation: statement matching");
    if (!rc) {
        size_t by_ref = 0;
        for (size_t i = 0; i < l->n; i++) by_ref += rule[i] == FPA_MATCH_REFERENCE;
        cli_table *t = cli_table_add(s, "statement_unmatched", "Bank statement against the "
                                     "cash book: the lines left unmatched", unmatched_cols,
                                     M_NCOLS);
        int64_t lt = 0, bt = 0;
        unmatched(t, "cash book", l, lm, &lt);
        unmatched(t, "statement", b, bm, &bt);
        cli_table *m = cli_table_add(s, "statement", "Bank statement against the cash book",
                                     match_cols, 2);
        const char *what[6] = {"cash book lines", "statement lines", "matched by reference",
                               "matched by amount and date", "unmatched in the cash book",
                               "unmatched on the statement"};
        double v[6] = {(double)l->n, (double)b->n, (double)by_ref, (double)(pairs - by_ref),
                       money(lt), money(bt)};
        for (int k = 0; k < 6; k++) {
            cli_row_add(m);
            cli_put_text(m, 0, what[k]);
            cli_put_kind(m, 1, k < 4 ? CLI_COUNT : CLI_AMOUNT, v[k]);
        }
    }
    free(lm);
    free(bm);
    free(rule);
    return rc;
}

int cli_section_recon(cli_report *r, const cli_dataset *d, const cli_history *h,
                      const fpa_opts *opts)
{
    cli_section *s = cli_section_add(r, "reconciliation", "Reconciliation status");
    int rc = opening_rows(s, d, h, opts);
    if (!rc) rc = subledger_rows(s, d, opts);
    if (!rc) rc = statement_rows(s, d, opts);
    if (!rc) rc = item_rows(s, d);
    cli_section_note(s, "tie-outs in exact cents (fpa_recon_tieout); aging by days since each "
                     "item was opened, to the last day of the closed month (fpa_recon_aging)");
    return rc;
}

/* ---- spend control ------------------------------------------------------------------------- */

enum { Q_ID, Q_CC, Q_NAME, Q_AMOUNT, Q_REQUESTER, Q_OVER, Q_CROSSES, Q_SECOND, Q_NCOLS };
static const cli_col req_cols[Q_NCOLS] = {
    {"id", CLI_TEXT, 0}, {"cost_centre", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0},
    {"amount", CLI_AMOUNT, 0}, {"requester", CLI_TEXT, 0}, {"over_budget", CLI_BOOL, 0},
    {"crosses_budget", CLI_BOOL, 0}, {"second_approver", CLI_BOOL, 0},
};
enum { C_CC, C_NAME, C_BUDGET, C_SPENT, C_REMAINING, C_OVER, C_NCOLS };
static const cli_col cc_cols[C_NCOLS] = {
    {"cost_centre", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0},
    {"budget_fy", CLI_AMOUNT, 0}, {"actual_ytd", CLI_AMOUNT, 0},
    {"remaining_after_requests", CLI_AMOUNT, 0}, {"over_budget", CLI_BOOL, 0},
};

/* The fiscal year's budget and its actuals to date of the cost centres. */
static fpa_status year_of(double *limit, double *spent, const cli_dataset *d, const size_t *line,
                          size_t n, const fpa_opts *opts)
{
    int64_t last = d->as_of - 1, p0 = last - 23;
    size_t periods = 36, at = 23;
    double *b = cli_calloc(n * periods, sizeof *b), *a = cli_calloc(n * periods, sizeof *a);
    double *unused = cli_alloc(n * sizeof *unused);
    for (size_t i = 0; i < n; i++) {
        const cli_series *bs = d->has_budget ? cli_panel_find(&d->budget, d->line[line[i]]) : NULL;
        const cli_series *as = cli_panel_find(&d->actuals, d->line[line[i]]);
        for (size_t t = 0; t < periods; t++) {
            b[i * periods + t] = cli_series_at(bs, p0 + (int64_t)t);
            a[i * periods + t] = t <= at ? cli_series_at(as, p0 + (int64_t)t) : 0;
        }
    }
    int month = cli_period_month(p0);
    fpa_status st = fpa_variance_window(limit, unused, b, a, a, n, periods, month, at,
                                        FPA_WINDOW_OUTLOOK, opts);
    if (st == FPA_OK)
        st = fpa_variance_window(unused, spent, b, a, NULL, n, periods, month, at,
                                 FPA_WINDOW_YTD, opts);
    free(b);
    free(a);
    free(unused);
    return st;
}

int cli_section_spend(cli_report *r, const cli_dataset *d, const fpa_opts *opts)
{
    const cli_requests *q = &d->requests;
    cli_section *s = cli_section_add(r, "spend_control", "Spend control");
    size_t *lines = cli_alloc((q->n ? q->n : 1) * sizeof *lines), nl = 0;
    size_t *item = cli_alloc((q->n ? q->n : 1) * sizeof *item);
    for (size_t i = 0; i < q->n; i++) {
        size_t k = 0;
        while (k < nl && lines[k] != q->line[i]) k++;
        if (k == nl) lines[nl++] = q->line[i];
        item[i] = k;
    }
    double *limit = cli_alloc((nl ? nl : 1) * sizeof *limit);
    double *spent = cli_alloc((nl ? nl : 1) * sizeof *spent);
    double *remaining = cli_alloc((nl ? nl : 1) * sizeof *remaining);
    uint32_t *flags = cli_calloc(q->n ? q->n : 1, sizeof *flags);
    fpa_status st = nl ? year_of(limit, spent, d, lines, nl, opts) : FPA_OK;
    if (st == FPA_OK && nl)
        st = fpa_variance_spend_control(flags, remaining, item, q->amount, q->n, spent, limit,
                                        nl, opts);
    int rc = st == FPA_OK ? 0 : cli_fail_lib(st, "spend control");
    cli_table *ct = rc ? NULL : cli_table_add(s, "cost_centres", "Cost centres: the fiscal "
                                              "year's budget, its actuals to date and what the "
                                              "requests leave", cc_cols, C_NCOLS);
    for (size_t k = 0; ct && k < nl; k++) {
        cli_row_add(ct);
        cli_put_text(ct, C_CC, d->line[lines[k]]);
        cli_put_text(ct, C_NAME, cli_line_name(d, lines[k]));
        cli_put_num(ct, C_BUDGET, limit[k]);
        cli_put_num(ct, C_SPENT, spent[k]);
        cli_put_num(ct, C_REMAINING, remaining[k]);
        cli_put_bool(ct, C_OVER, remaining[k] < 0);
    }
    cli_table *t = rc ? NULL : cli_table_add(s, "requests", "Purchase requests", req_cols,
                                             Q_NCOLS);
    for (size_t i = 0; t && i < q->n; i++) {
        cli_row_add(t);
        cli_put_text(t, Q_ID, q->id[i]);
        cli_put_text(t, Q_CC, q->cost_centre[i]);
        cli_put_text(t, Q_NAME, cli_line_name(d, q->line[i]));
        cli_put_num(t, Q_AMOUNT, q->amount[i]);
        cli_put_text(t, Q_REQUESTER, q->requester[i]);
        cli_put_bool(t, Q_OVER, flags[i] & FPA_SPEND_OVER_LIMIT);
        cli_put_bool(t, Q_CROSSES, flags[i] & FPA_SPEND_CROSSES_LIMIT);
        cli_put_bool(t, Q_SECOND, flags[i] & FPA_SPEND_DUAL_APPROVAL);
    }
    double limit_opt = 10000;
    fpa_opts_get(&limit_opt, opts, FPA_OPT_VARIANCE_APPROVAL_LIMIT);
    if (!rc)
        cli_section_note(s, "requests in the order raised, each against its cost centre's "
                         "budget for the fiscal year less its actuals to date "
                         "(fpa_variance_spend_control); a request above %.15g needs a second "
                         "approver (--approval-limit)", limit_opt);
    free(lines);
    free(item);
    free(limit);
    free(spent);
    free(remaining);
    free(flags);
    return rc;
}
