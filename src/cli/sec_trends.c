/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The KPI trends of the unit section: revenue, gross and EBITDA margins
 * and active customers by month, each beside its 3- and 12-month moving
 * averages (fpa_kpi_sma(), the spreadsheet's AVERAGE over the trailing
 * months), as a table and as figures. A moving average the months cannot
 * give is left out with a note. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>

enum { T_PERIOD, T_REV, T_REV3, T_REV12, T_GM, T_GM3, T_GM12, T_EM, T_EM3, T_EM12, T_CUST,
       T_CUST3, T_CUST12, T_NCOLS };
static const cli_col trend_cols[T_NCOLS] = {
    {"period", CLI_TEXT, 0}, {"revenue", CLI_AMOUNT, 0}, {"revenue_ma3", CLI_AMOUNT, 0},
    {"revenue_ma12", CLI_AMOUNT, 0}, {"gross_margin", CLI_FRACTION, 0},
    {"gross_margin_ma3", CLI_FRACTION, 0}, {"gross_margin_ma12", CLI_FRACTION, 0},
    {"ebitda_margin", CLI_FRACTION, 0}, {"ebitda_margin_ma3", CLI_FRACTION, CLI_HIDE_TEXT},
    {"ebitda_margin_ma12", CLI_FRACTION, 0}, {"active_customers", CLI_COUNT, 0},
    {"active_customers_ma3", CLI_NUMBER, CLI_HIDE_TEXT},
    {"active_customers_ma12", CLI_NUMBER, 0},
};

/* x and its moving averages over 3 and 12 months into ma (2 x n, NaN
 * before the first full window or where a month is undefined). */
static fpa_status averages(double *ma, const double *x, const unsigned char *valid, size_t n,
                           const fpa_opts *opts)
{
    static const size_t win[2] = {3, 12};
    for (size_t k = 0; k < 2 * n; k++) ma[k] = NAN;
    bool all = true;
    for (size_t t = 0; t < n; t++) all &= !valid || valid[t];
    for (size_t k = 0; k < 2 && all; k++) {
        if (n < win[k]) continue;
        fpa_status st = fpa_kpi_sma(ma + k * n + win[k] - 1, x, 1, n, win[k], opts);
        if (st != FPA_OK) return st;
    }
    return FPA_OK;
}

static void trend_figure(cli_section *s, const char *name, const char *title, const char *unit,
                         const cli_pnl *p, const double *const *lines, const char *const *labels,
                         size_t nlines)
{
    size_t n = p->n, from = n > 36 ? n - 36 : 0;
    cli_figure *g = cli_figure_add(s, name, title, CLI_FIG_LINES, unit, n - from);
    for (size_t i = from; i < n; i++) cli_figure_x_period(g, i - from, p->p0 + (int64_t)i);
    for (size_t k = 0; k < nlines; k++) {
        cli_trace *t = cli_figure_trace(g, labels[k], k % 3 ? CLI_ROLE_DASHED : CLI_ROLE_LINE);
        for (size_t i = from; i < n; i++) t->v[i - from] = lines[k][i];
    }
}

int cli_unit_trends(cli_section *s, const cli_pnl *p, const double *active, const fpa_opts *opts)
{
    size_t n = p->n;
    double *gm = cli_alloc(n * sizeof *gm), *em = cli_alloc(n * sizeof *em);
    double *scratch = cli_alloc(3 * n * sizeof *scratch), *ma = cli_alloc(8 * n * sizeof *ma);
    unsigned char *valid = cli_alloc(n);
    fpa_status st = fpa_kpi_margins(gm, scratch, scratch + n, em, scratch + 2 * n, valid, p->rev,
                                    p->cogs, p->opex, p->da, 1, n, opts);
    if (st == FPA_OK) st = averages(ma, p->rev, NULL, n, opts);
    if (st == FPA_OK) st = averages(ma + 2 * n, gm, valid, n, opts);
    if (st == FPA_OK) st = averages(ma + 4 * n, em, valid, n, opts);
    if (st == FPA_OK && active) st = averages(ma + 6 * n, active, NULL, n, opts);
    int rc = st == FPA_OK ? 0 : cli_fail_lib(st, "unit: trends");
    cli_table *t = rc ? NULL : cli_table_add(s, "trends", "Trends: each KPI beside its 3- and "
                                             "12-month moving averages", trend_cols, T_NCOLS);
    if (t) t->text_tail = 12;
    const double *col[T_NCOLS] = {NULL, p->rev, ma, ma + n, gm, ma + 2 * n, ma + 3 * n, em,
                                  ma + 4 * n, ma + 5 * n, active, active ? ma + 6 * n : NULL,
                                  active ? ma + 7 * n : NULL};
    for (size_t i = 0; t && i < n; i++) {
        cli_row_add(t);
        cli_put_period(t, T_PERIOD, p->p0 + (int64_t)i);
        for (size_t k = 1; k < T_NCOLS; k++) {
            bool margin = k >= T_GM && k <= T_EM12;
            if (col[k] && (!margin || valid[i] || k % 3 != 1)) cli_put_num(t, k, col[k][i]);
        }
    }
    if (t && n < 12) cli_section_note(s, "trends: 12-month moving averages need 12 months of "
                                      "actuals");
    if (t && !active) cli_section_note(s, "trends: active customers need --cohorts");
    if (t) {
        const double *rev[3] = {p->rev, ma, ma + n}, *mar[3] = {gm, ma + 2 * n, ma + 3 * n};
        static const char *const rl[3] = {"revenue", "3-month average", "12-month average"};
        static const char *const gl[3] = {"gross margin", "3-month average", "12-month average"};
        trend_figure(s, "trend.revenue", "Revenue by month, with its moving averages",
                     "currency", p, rev, rl, 3);
        trend_figure(s, "trend.gross_margin", "Gross margin by month, with its moving averages",
                     "fraction", p, mar, gl, 3);
    }
    free(gm);
    free(em);
    free(scratch);
    free(ma);
    free(valid);
    return rc;
}
