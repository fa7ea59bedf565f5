/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ERP exports for the close: the general-ledger transactions rolled up to
 * monthly lines, the open reconciliation items, the purchase requests and
 * the sub-ledger detail. Each file is CSV with a header naming its columns
 * (any order, case ignored); every bad cell is reported as file:line:col. */
#include "input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Columns of a file: their position (1-based), 0 when an optional one is
 * absent. */
static int columns(size_t *col, const cli_csv *c, const char *const *names, size_t n,
                   const bool *optional, const char *expect)
{
    const cli_row *h = &c->rows[0];
    memset(col, 0, n * sizeof *col);
    for (size_t j = 0; j < h->n; j++) {
        size_t k = n;
        for (size_t i = 0; i < n; i++)
            if (!strcasecmp(h->f[j], names[i])) k = i;
        if (k == n || col[k])
            return cli_fail_at(CLI_EINPUT, c->file, h->line, j + 1, "unexpected column \"%s\": "
                               "expected %s", h->f[j], expect);
        col[k] = j + 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!col[i] && !optional[i])
            return cli_fail_at(CLI_EINPUT, c->file, h->line, 1, "column \"%s\" is missing (%s)",
                               names[i], expect);
    if (c->nrows < 2) return cli_fail_at(CLI_EINPUT, c->file, h->line, 1, "no data rows");
    return 0;
}

static const char *field(const cli_row *r, const size_t *col, size_t k)
{
    return col[k] ? r->f[col[k] - 1] : "";
}

static int row_check(const cli_csv *c, const cli_row *r)
{
    if (r->n == c->rows[0].n) return 0;
    return cli_fail_at(CLI_EINPUT, c->file, r->line, r->n < c->rows[0].n ? r->n + 1
                       : c->rows[0].n + 1, "expected %zu fields like the header, found %zu",
                       c->rows[0].n, r->n);
}

static int number_at(double *out, const cli_csv *c, const cli_row *r, const size_t *col,
                     size_t k, bool empty_zero)
{
    const char *s = field(r, col, k);
    if (!*s && empty_zero) {
        *out = 0;
        return 0;
    }
    if (cli_parse_number(out, s)) return 0;
    return cli_fail_at(CLI_EINPUT, c->file, r->line, col[k], *s ? "\"%s\" is not a number"
                       : "empty value%s", s);
}

static int date_at(int64_t *out, const cli_csv *c, const cli_row *r, const size_t *col,
                   size_t k, bool optional)
{
    const char *s = field(r, col, k);
    if (!*s && optional) {
        *out = INT64_MIN;
        return 0;
    }
    if (cli_parse_date(out, s)) return 0;
    return cli_fail_at(CLI_EINPUT, c->file, r->line, col[k] ? col[k] : 1,
                       "\"%s\" is not a date (YYYY-MM-DD)", s);
}

/* Money in cents, exactly: the decimal text rounded to the nearest cent. */
static int cents_at(int64_t *out, const cli_csv *c, const cli_row *r, const size_t *col,
                    size_t k)
{
    double v;
    int rc = number_at(&v, c, r, col, k, false);
    if (rc) return rc;
    if (fabs(v) >= 9e16)
        return cli_fail_at(CLI_EINPUT, c->file, r->line, col[k], "%s is too large for cents",
                           field(r, col, k));
    *out = (int64_t)llround(v * 100);
    return 0;
}

/* ---- the general ledger ---------------------------------------------------------- */

enum { G_DATE, G_ACCOUNT, G_CC, G_DEBIT, G_CREDIT, G_DOC, G_NCOLS };
static const char *const gl_names[G_NCOLS] = {"date", "account", "cost_centre", "debit",
                                              "credit", "document"};
static const bool gl_optional[G_NCOLS] = {false, false, true, false, false, true};

typedef struct posting {
    const char *account;
    int64_t month;
    double amount; /* debit - credit */
} posting;

static int by_account_month(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    int c = strcmp(x->account, y->account);
    return c ? c : (x->month > y->month) - (x->month < y->month);
}

/* One series per account over the months of the whole export, 0 in a
 * month without postings: debit - credit, the sign of a cost (the dataset
 * turns revenue lines, which are credit-normal, to credit - debit). */
static void gl_series(cli_panel *out, posting *p, size_t n, int64_t m0, int64_t m1)
{
    qsort(p, n, sizeof *p, by_account_month);
    size_t cap = 0, months = (size_t)(m1 - m0 + 1);
    for (size_t i = 0; i < n;) {
        out->s = cli_grow(out->s, &cap, out->count + 1, sizeof *out->s);
        cli_series *s = &out->s[out->count++];
        memset(s, 0, sizeof *s);
        s->name = cli_strdup(p[i].account);
        s->start = m0;
        s->n = months;
        s->v = cli_calloc(months, sizeof *s->v);
        size_t j = i;
        for (; j < n && !strcmp(p[j].account, p[i].account); j++)
            s->v[p[j].month - m0] += p[j].amount;
        i = j;
    }
    out->byname = cli_alloc((out->count ? out->count : 1) * sizeof *out->byname);
    for (size_t i = 0; i < out->count; i++) out->byname[i] = (cli_idref){out->s[i].name, i};
    cli_idref_sort(out->byname, out->count);
}

int cli_gl_load(cli_panel *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    size_t col[G_NCOLS];
    rc = columns(col, &c, gl_names, G_NCOLS, gl_optional,
                 "date, account, cost_centre, debit, credit, document");
    posting *p = rc ? NULL : cli_alloc((c.nrows - 1) * sizeof *p);
    int64_t m0 = INT64_MAX, m1 = INT64_MIN;
    for (size_t i = 1; i < c.nrows && !rc; i++) {
        const cli_row *r = &c.rows[i];
        double debit = 0, credit = 0;
        int64_t day;
        if ((rc = row_check(&c, r)) || (rc = date_at(&day, &c, r, col, G_DATE, false))) break;
        if ((rc = number_at(&debit, &c, r, col, G_DEBIT, true)) ||
            (rc = number_at(&credit, &c, r, col, G_CREDIT, true)))
            break;
        if (!*field(r, col, G_ACCOUNT)) {
            rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[G_ACCOUNT], "empty account");
            break;
        }
        cli_parse_period(&p[i - 1].month, field(r, col, G_DATE));
        p[i - 1].account = field(r, col, G_ACCOUNT);
        p[i - 1].amount = debit - credit;
        if (p[i - 1].month < m0) m0 = p[i - 1].month;
        if (p[i - 1].month > m1) m1 = p[i - 1].month;
    }
    if (!rc) {
        out->file = cli_strdup(t->name);
        gl_series(out, p, c.nrows - 1, m0, m1);
        for (size_t i = 0; i < out->count; i++) out->s[i].line = out->s[i].col = 1;
    }
    free(p);
    cli_csv_free(&c);
    return rc;
}

/* ---- open items, purchase requests, sub-ledgers ------------------------------------- */

enum { I_ID, I_ACCOUNT, I_AMOUNT, I_OWNER, I_OPENED, I_DUE, I_NCOLS };
static const char *const item_names[I_NCOLS] = {"id", "account", "amount", "owner", "opened",
                                                "due"};
static const bool item_optional[I_NCOLS] = {false, false, false, true, false, true};

int cli_items_load(cli_items *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    size_t col[I_NCOLS];
    rc = columns(col, &c, item_names, I_NCOLS, item_optional,
                 "id, account, amount, owner, opened, due");
    size_t n = rc ? 0 : c.nrows - 1;
    out->file = cli_strdup(t->name);
    out->id = cli_calloc(n + 1, sizeof *out->id);
    out->account = cli_calloc(n + 1, sizeof *out->account);
    out->owner = cli_calloc(n + 1, sizeof *out->owner);
    out->cents = cli_calloc(n + 1, sizeof *out->cents);
    out->opened = cli_calloc(n + 1, sizeof *out->opened);
    out->due = cli_calloc(n + 1, sizeof *out->due);
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c.rows[i + 1];
        if ((rc = row_check(&c, r)) || (rc = cents_at(&out->cents[i], &c, r, col, I_AMOUNT)) ||
            (rc = date_at(&out->opened[i], &c, r, col, I_OPENED, false)) ||
            (rc = date_at(&out->due[i], &c, r, col, I_DUE, true)))
            break;
        out->id[i] = cli_strdup(field(r, col, I_ID));
        out->account[i] = cli_strdup(field(r, col, I_ACCOUNT));
        out->owner[i] = cli_strdup(field(r, col, I_OWNER));
        out->n++;
    }
    cli_csv_free(&c);
    if (rc) cli_items_free(out);
    return rc;
}

void cli_items_free(cli_items *it)
{
    for (size_t i = 0; i < it->n; i++) {
        free(it->id[i]);
        free(it->account[i]);
        free(it->owner[i]);
    }
    free(it->id);
    free(it->account);
    free(it->owner);
    free(it->cents);
    free(it->opened);
    free(it->due);
    free(it->file);
    memset(it, 0, sizeof *it);
}

enum { R_ID, R_CC, R_AMOUNT, R_REQUESTER, R_DATE, R_NCOLS };
static const char *const req_names[R_NCOLS] = {"id", "cost_centre", "amount", "requester",
                                               "date"};
static const bool req_optional[R_NCOLS] = {false, false, false, true, true};

int cli_requests_load(cli_requests *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    size_t col[R_NCOLS];
    rc = columns(col, &c, req_names, R_NCOLS, req_optional,
                 "id, cost_centre, amount, requester, date");
    size_t n = rc ? 0 : c.nrows - 1;
    out->file = cli_strdup(t->name);
    out->id = cli_calloc(n + 1, sizeof *out->id);
    out->cost_centre = cli_calloc(n + 1, sizeof *out->cost_centre);
    out->requester = cli_calloc(n + 1, sizeof *out->requester);
    out->amount = cli_calloc(n + 1, sizeof *out->amount);
    out->line = cli_calloc(n + 1, sizeof *out->line);
    out->where = cli_calloc(n + 1, sizeof *out->where);
    out->raised = cli_calloc(n + 1, sizeof *out->raised);
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c.rows[i + 1];
        if ((rc = row_check(&c, r)) || (rc = number_at(&out->amount[i], &c, r, col, R_AMOUNT,
                                                      false)) ||
            (rc = date_at(&out->raised[i], &c, r, col, R_DATE, true)))
            break;
        out->id[i] = cli_strdup(field(r, col, R_ID));
        out->cost_centre[i] = cli_strdup(field(r, col, R_CC));
        out->requester[i] = cli_strdup(field(r, col, R_REQUESTER));
        out->where[i] = r->line;
        out->n++;
    }
    out->cc_col = col[R_CC];
    cli_csv_free(&c);
    if (rc) cli_requests_free(out);
    return rc;
}

void cli_requests_free(cli_requests *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->id[i]);
        free(q->cost_centre[i]);
        free(q->requester[i]);
    }
    free(q->id);
    free(q->cost_centre);
    free(q->requester);
    free(q->amount);
    free(q->line);
    free(q->where);
    free(q->raised);
    free(q->file);
    memset(q, 0, sizeof *q);
}

enum { S_LEDGER, S_ITEM, S_AMOUNT, S_MONTH, S_NCOLS };
static const char *const sub_names[S_NCOLS] = {"ledger", "item", "amount", "month"};
static const bool sub_optional[S_NCOLS] = {false, true, false, true};
static const char *const ledgers[CLI_NLEDGERS] = {"ar", "ap", "inventory", "fixed_assets"};

const char *cli_ledger_name(size_t k) { return ledgers[k]; }

int cli_subledgers_load(cli_subledgers *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    size_t col[S_NCOLS];
    rc = columns(col, &c, sub_names, S_NCOLS, sub_optional, "ledger, item, amount, month");
    size_t n = rc ? 0 : c.nrows - 1;
    out->file = cli_strdup(t->name);
    out->ledger = cli_calloc(n + 1, sizeof *out->ledger);
    out->cents = cli_calloc(n + 1, sizeof *out->cents);
    out->month = cli_calloc(n + 1, sizeof *out->month);
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c.rows[i + 1];
        if ((rc = row_check(&c, r)) || (rc = cents_at(&out->cents[i], &c, r, col, S_AMOUNT)))
            break;
        out->month[i] = INT64_MIN;
        if (col[S_MONTH] && !cli_parse_period(&out->month[i], field(r, col, S_MONTH))) {
            rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[S_MONTH], "\"%s\" is not a month "
                             "(YYYY-MM)", field(r, col, S_MONTH));
            break;
        }
        size_t k = CLI_NLEDGERS;
        for (size_t j = 0; j < CLI_NLEDGERS; j++)
            if (!strcasecmp(field(r, col, S_LEDGER), ledgers[j])) k = j;
        if (k == CLI_NLEDGERS) {
            rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[S_LEDGER], "unknown ledger \"%s\": "
                             "expected ar, ap, inventory, fixed_assets", field(r, col, S_LEDGER));
            break;
        }
        out->ledger[i] = k;
        out->n++;
    }
    cli_csv_free(&c);
    if (rc) cli_subledgers_free(out);
    return rc;
}

void cli_subledgers_free(cli_subledgers *s)
{
    free(s->ledger);
    free(s->cents);
    free(s->month);
    free(s->file);
    memset(s, 0, sizeof *s);
}

/* ---- bank statement and cash book ------------------------------------------------------ */

enum { B_DATE, B_AMOUNT, B_REF, B_NCOLS };
static const char *const bank_names[B_NCOLS] = {"date", "amount", "reference"};
static const bool bank_optional[B_NCOLS] = {false, false, true};

int cli_cashlines_load(cli_cashlines *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    size_t col[B_NCOLS];
    rc = columns(col, &c, bank_names, B_NCOLS, bank_optional, "date, amount, reference");
    size_t n = rc ? 0 : c.nrows - 1;
    out->file = cli_strdup(t->name);
    out->day = cli_calloc(n + 1, sizeof *out->day);
    out->cents = cli_calloc(n + 1, sizeof *out->cents);
    out->ref = cli_calloc(n + 1, sizeof *out->ref);
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c.rows[i + 1];
        if ((rc = row_check(&c, r)) || (rc = date_at(&out->day[i], &c, r, col, B_DATE, false)) ||
            (rc = cents_at(&out->cents[i], &c, r, col, B_AMOUNT)))
            break;
        out->ref[i] = cli_strdup(field(r, col, B_REF));
        out->n++;
    }
    cli_csv_free(&c);
    if (rc) cli_cashlines_free(out);
    return rc;
}

void cli_cashlines_free(cli_cashlines *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->ref[i]);
    free(b->ref);
    free(b->day);
    free(b->cents);
    free(b->file);
    memset(b, 0, sizeof *b);
}

/* Lines dated after `end` are not of the month closed. */
void cli_cashlines_cut(cli_cashlines *b, int64_t end)
{
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->day[i] > end) {
            free(b->ref[i]);
            continue;
        }
        b->day[k] = b->day[i], b->cents[k] = b->cents[i], b->ref[k++] = b->ref[i];
    }
    b->n = k;
}
