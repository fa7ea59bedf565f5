/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review's forecast section: the rolling forecast of every revenue line
 * and total with its intervals, the prior year beside it, the models and
 * what they say about the next twelve months, and the full-year outlook
 * against budget. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *series_name(const cli_dataset *d, const cli_linefc *fc, size_t k)
{
    return fc->line[k] == SIZE_MAX ? "Revenue (all lines)" : cli_line_name(d, fc->line[k]);
}

static double sum_of(const double *x, size_t n) /* NaN when n is 0 */
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return n ? s : NAN;
}

enum { RT_LINE, RT_NAME, RT_KIND, RT_PERIOD, RT_HORIZON, RT_NKEYS };
static const cli_col rt_keys[RT_NKEYS] = {
    {"line", CLI_TEXT, 0}, {"name", CLI_TEXT, 0}, {"kind", CLI_TEXT, 0}, {"period", CLI_TEXT, 0},
    {"horizon", CLI_COUNT, 0},
};
enum { TT_LINE, TT_NAME, TT_PERIOD, TT_NKEYS };
static const cli_col tt_keys[TT_NKEYS] = {
    {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, CLI_HIDE_TEXT}, {"period", CLI_TEXT, 0},
};
enum { SM_LINE, SM_NAME, SM_KIND, SM_NATURE, SM_MODEL, SM_OBS, SM_LAST12, SM_NEXT12, SM_GROWTH,
       SM_STATUS, SM_DETAIL, SM_NCOLS };
static const cli_col sm_cols[SM_NCOLS] = {
    {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0}, {"kind", CLI_TEXT, CLI_HIDE_TEXT},
    {"nature", CLI_TEXT, CLI_HIDE_TEXT}, {"model", CLI_TEXT, 0}, {"observations", CLI_COUNT, 0},
    {"last_12", CLI_AMOUNT, 0}, {"next_12", CLI_AMOUNT, 0}, {"growth", CLI_FRACTION, 0},
    {"status", CLI_TEXT, CLI_HIDE_TEXT}, {"detail", CLI_TEXT, CLI_HIDE_TEXT},
};

/* Forecast series in the chart's reading order: each revenue total before
 * the lines under it (linear: each line holds at most one total). */
static size_t reading_order(size_t *out, const cli_dataset *d, const cli_linefc *fc, bool rev)
{
    size_t k = 0, *total_of = cli_alloc((d->nlines ? d->nlines : 1) * sizeof *total_of);
    for (size_t i = 0; i < d->nlines; i++) total_of[i] = SIZE_MAX;
    for (size_t j = 0; j < fc->n; j++) {
        if (fc->line[j] == SIZE_MAX) out[k++] = j;
        else if (fc->total[j]) total_of[fc->line[j]] = j;
    }
    for (size_t m = 0; m < d->nlines; m++) {
        size_t i = d->has_chart ? d->chart.order[m] : m;
        if (total_of[i] != SIZE_MAX) out[k++] = total_of[i];
        size_t own = fc->of_line[i];
        if (own != SIZE_MAX && (!rev || d->nature[i] == CLI_NAT_REVENUE)) out[k++] = own;
    }
    free(total_of);
    return k;
}

static bool top_total(const cli_dataset *d, const cli_linefc *fc, size_t j)
{
    if (!fc->total[j]) return false;
    size_t g = fc->line[j];
    if (g == SIZE_MAX) return true;
    size_t up = d->chart.parent[g];
    return up == SIZE_MAX || d->chart.group[up] != CLI_NAT_REVENUE;
}

/* A series' fan: the last two years of actuals, the forecast with its 80
 * and 95 % intervals, and the same months a year before. */
static void fan(cli_section *s, const cli_dataset *d, const cli_linefc *fc, size_t j, size_t h)
{
    const cli_fc *f = &fc->fc[j];
    size_t past = f->n < 24 ? f->n : 24, n = past + h;
    char *name = cli_fmt("fan.%s", f->name), *title = cli_fmt("%s: forecast (%s)",
                                                             series_name(d, fc, j), f->model);
    cli_figure *g = cli_figure_add(s, name, title, CLI_FIG_LINES, "currency", n);
    free(name);
    free(title);
    for (size_t i = 0; i < n; i++)
        cli_figure_x_period(g, i, fc->origin - (int64_t)past + (int64_t)i);
    cli_trace *lo95 = cli_figure_trace(g, "95% interval", CLI_ROLE_BAND_LO);
    cli_trace *hi95 = cli_figure_trace(g, "95% upper", CLI_ROLE_BAND_HI);
    cli_trace *lo80 = cli_figure_trace(g, "80% interval", CLI_ROLE_BAND_LO);
    cli_trace *hi80 = cli_figure_trace(g, "80% upper", CLI_ROLE_BAND_HI);
    cli_trace *act = cli_figure_trace(g, "actual", CLI_ROLE_LINE);
    cli_trace *mean = cli_figure_trace(g, "forecast", CLI_ROLE_LINE);
    cli_trace *prior = cli_figure_trace(g, "a year before", CLI_ROLE_DASHED);
    for (size_t i = 0; i < past; i++) act->v[i] = f->y[f->n - past + i];
    mean->v[past - 1] = act->v[past - 1]; /* the forecast leaves from the last actual */
    for (size_t t = 0; t < h; t++) {
        mean->v[past + t] = f->mean[t];
        lo80->v[past + t] = f->lower[t], hi80->v[past + t] = f->upper[t];
        lo95->v[past + t] = f->lower[fc->h + t], hi95->v[past + t] = f->upper[fc->h + t];
        if (t < 12 && f->n + t >= 12) prior->v[past + t] = f->y[f->n + t - 12];
    }
}

static void revenue_rows(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const size_t *order, size_t n, size_t h)
{
    static const cli_col prior = {"prior_year", CLI_AMOUNT, 0};
    cli_table *tt = NULL;
    for (size_t q = 0; q < n; q++) {
        size_t j = order[q];
        const cli_fc *f = &fc->fc[j];
        if (!top_total(d, fc, j) || f->st != FPA_OK) continue;
        if (!tt)
            tt = cli_fc_table(s, "revenue", "Revenue: the rolling forecast, and the same "
                              "month a year before", tt_keys, TT_NKEYS, &fc->lv, &prior);
        char *label = cli_fmt("%s: %s", series_name(d, fc, j), f->model);
        for (size_t t = 0; t < h; t++) {
            cli_row_add(tt);
            cli_put_text(tt, TT_LINE, f->name);
            cli_put_text(tt, TT_NAME, series_name(d, fc, j));
            cli_put_period(tt, TT_PERIOD, fc->origin + (int64_t)t);
            cli_fc_put(tt, TT_NKEYS, f, t, fc->h, &fc->lv);
            if (t < 12 && f->n + t >= 12)
                cli_put_num(tt, tt->ncols - 2, f->y[f->n + t - 12]);
            cli_put_text(tt, tt->ncols - 1, label);
        }
        free(label);
    }
}

static void rolling_rows(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const size_t *order, size_t n, size_t h)
{
    cli_table *rt = cli_fc_table(s, "rolling", "Revenue lines and totals", rt_keys, RT_NKEYS,
                                 &fc->lv, NULL);
    rt->flags = CLI_HIDE_TEXT;
    for (size_t q = 0; q < n; q++) {
        size_t j = order[q];
        const cli_fc *f = &fc->fc[j];
        if (f->st != FPA_OK) continue;
        for (size_t t = 0; t < h; t++) {
            cli_row_add(rt);
            cli_put_text(rt, RT_LINE, f->name);
            cli_put_text(rt, RT_NAME, series_name(d, fc, j));
            cli_put_text(rt, RT_KIND, fc->total[j] ? "total" : "line");
            cli_put_period(rt, RT_PERIOD, fc->origin + (int64_t)t);
            cli_put_num(rt, RT_HORIZON, (double)(t + 1));
            cli_fc_put(rt, RT_NKEYS, f, t, fc->h, &fc->lv);
        }
    }
}

/* The models, and what they say about the next twelve months; the count
 * of series the library refused. */
static size_t model_rows(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const size_t *order, size_t n)
{
    cli_table *mt = cli_table_add(s, "models", "Models: the last twelve months and the next",
                                  sm_cols, SM_NCOLS);
    size_t bad = 0;
    for (size_t q = 0; q < n; q++) {
        size_t j = order[q];
        const cli_fc *f = &fc->fc[j];
        cli_row_add(mt);
        cli_put_text(mt, SM_LINE, f->name);
        cli_put_text(mt, SM_NAME, series_name(d, fc, j));
        cli_put_text(mt, SM_KIND, fc->total[j] ? "total" : "line");
        cli_put_text(mt, SM_NATURE, fc->total[j] ? "revenue"
                                                 : cli_nature_name(d->nature[fc->line[j]]));
        cli_put_num(mt, SM_OBS, (double)f->n);
        cli_put_text(mt, SM_STATUS, f->st == FPA_OK ? "ok" : fpa_status_name(f->st));
        cli_put_text(mt, SM_DETAIL, f->st == FPA_OK ? "" : f->detail);
        if (f->st != FPA_OK) {
            bad++;
            continue;
        }
        cli_put_text(mt, SM_MODEL, f->model);
        double pair[2] = {f->n >= 12 ? sum_of(f->y + f->n - 12, 12) : NAN,
                          fc->h >= 12 ? sum_of(f->mean, 12) : NAN}, growth;
        unsigned char valid = 0;
        cli_put_num(mt, SM_LAST12, pair[0]);
        cli_put_num(mt, SM_NEXT12, pair[1]);
        if (isfinite(pair[0]) && isfinite(pair[1]) &&
            fpa_kpi_growth_pop(&growth, &valid, pair, 1, 2, NULL) == FPA_OK && valid)
            cli_put_num(mt, SM_GROWTH, growth);
    }
    return bad;
}

int cli_section_forecast(cli_report *r, const cli_dataset *d, const cli_linefc *fc,
                         const cli_forecast_params *p)
{
    cli_section *s = cli_section_add(r, "forecast", "Rolling forecast and full-year outlook");
    char from[16];
    cli_period_str(from, fc->origin);
    cli_section_note(s, "Rolling %zu-month forecast from %s: every line and revenue total "
                     "forecast by %s%s, with 80 and 95%% prediction intervals.", p->h, from,
                     p->label, !strcmp(p->label, "auto") ? " (ETS chosen by AICc)" : "");
    if (fc->reconciled && !strncmp(fc->reconciled, "not ", 4))
        cli_section_note(s, "Revenue totals are series of their own, with their own model and "
                         "intervals, %s; the outlook adds up the lines' forecasts, as the "
                         "variance report's outlook window does.", fc->reconciled);
    else if (fc->reconciled)
        cli_section_note(s, "Revenue lines and totals are forecast each with its own model, "
                         "then reconciled across the chart's revenue hierarchy by %s "
                         "(fpa_hierarchy_forecast): the lines add up to their totals, and "
                         "the outlook adds up the lines' forecasts, as the variance report's "
                         "outlook window does.", fc->reconciled);
    size_t *order = cli_alloc((fc->n ? fc->n : 1) * sizeof *order);
    size_t n = reading_order(order, d, fc, true);
    revenue_rows(s, d, fc, order, n, p->h);
    rolling_rows(s, d, fc, order, n, p->h);
    for (size_t q = 0; q < n; q++)
        if (fc->fc[order[q]].st == FPA_OK && fc->fc[order[q]].n) fan(s, d, fc, order[q], p->h);
    size_t bad = model_rows(s, d, fc, order, reading_order(order, d, fc, false));
    free(order);
    if (bad)
        cli_section_note(s, "%zu series could not be forecast (see models.status); their "
                         "forecast counts as 0 in the outlook", bad);
    /* the full-year outlook against budget */
    char *why = d->has_budget ? cli_variance_outlook_misfit(d, p->opts)
                              : cli_strdup("needs --budget");
    int rc = 0;
    if (why) cli_section_note(s, "outlook left out: %s", why);
    else rc = cli_variance_outlook(s, d, fc, p->opts, 2);
    free(why);
    return rc;
}
