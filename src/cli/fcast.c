/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecasting many series: the engine shared by `fpa forecast`, the review's
 * forecast section, the variance report's full-year outlook and the
 * working-capital projection. Each series is fitted and predicted on its
 * own (one job of cli_parallel), so a series the library refuses keeps its
 * status and message and the others are still forecast. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names =
    "auto, ets, combo, theta, otheta, damped, holt, ses, naive, snaive, naive2, drift, ma, "
    "linear, arima, ensemble";

int cli_parse_method(fpa_forecast_method *out, const char *opt, const char *s)
{
    /* auto: the ETS model chosen by AICc, as R's ets() (docs/cli.md) */
    if (!strcmp(s, "auto")) {
        *out = FPA_FORECAST_ETS;
        return 0;
    }
    if (fpa_forecast_method_find(out, s) == FPA_OK) return 0;
    return cli_fail(CLI_EUSAGE, "--%s: \"%s\" is not a method (%s)", opt, s, method_names);
}

int cli_parse_levels(cli_levels *out, const char *s)
{
    memset(out, 0, sizeof *out);
    if (!strcmp(s, "none")) return 0;
    for (const char *p = s; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char *one = cli_fmt("%.*s", (int)len, p);
        double v;
        bool ok = cli_parse_number(&v, one) && v > 0 && v < 100;
        int rc = 0;
        if (!ok)
            rc = cli_fail(CLI_EUSAGE, "--level: \"%s\" is not a percentage between 0 and 100",
                          one);
        else if (out->n == CLI_MAX_LEVELS)
            rc = cli_fail(CLI_EUSAGE, "--level: at most %d levels", CLI_MAX_LEVELS);
        for (size_t k = 0; !rc && k < out->n; k++)
            if (out->v[k] == v) rc = cli_fail(CLI_EUSAGE, "--level: %s repeats", one);
        free(one);
        if (rc) return rc;
        out->v[out->n++] = v;
        p += len + (comma != NULL);
    }
    if (!out->n) return cli_fail(CLI_EUSAGE, "--level: no level (\"none\" for none)");
    return 0;
}

char *cli_level_col(const char *side, double level)
{
    return cli_fmt("%s_%.15g", side, level);
}

void cli_fc_alloc(cli_fc *fc, size_t n, size_t h, size_t nlevels)
{
    for (size_t i = 0; i < n; i++) {
        fc[i].mean = cli_calloc(h, sizeof *fc[i].mean);
        fc[i].lower = cli_calloc(nlevels * h, sizeof *fc[i].lower);
        fc[i].upper = cli_calloc(nlevels * h, sizeof *fc[i].upper);
    }
}

void cli_fc_free(cli_fc *fc, size_t n)
{
    for (size_t i = 0; fc && i < n; i++) {
        free(fc[i].y);
        free(fc[i].detail);
        free(fc[i].mean);
        free(fc[i].lower);
        free(fc[i].upper);
        fpa_forecast_model_free(fc[i].fit);
    }
    free(fc);
}

typedef struct run_ctx {
    cli_fc *fc;
    const cli_fc_spec *spec;
    fpa_opts *inner;
} run_ctx;

static void fit_one(void *arg, size_t i)
{
    run_ctx *c = arg;
    cli_fc *f = &c->fc[i];
    const cli_fc_spec *s = c->spec;
    fpa_status st = fpa_forecast_fit(&f->fit, s->method, f->y, f->n, s->period, c->inner);
    if (st == FPA_OK)
        st = fpa_forecast_predict(f->mean, f->lower, f->upper, f->fit, s->h, s->levels->v,
                                  s->levels->n, c->inner);
    f->st = st;
    if (st != FPA_OK) {
        f->detail = cli_strdup(fpa_error_last());
        fpa_forecast_model_free(f->fit);
        f->fit = NULL;
        return;
    }
    cli_fc_describe(f, f->fit);
}

int cli_fc_run(cli_fc *fc, size_t n, const cli_fc_spec *spec, const char *what)
{
    cli_fc_alloc(fc, n, spec->h, spec->levels->n);
    run_ctx c = {fc, spec, cli_opts_single(spec->opts)};
    cli_parallel(n, spec->opts, fit_one, &c, what);
    fpa_opts_free(c.inner);
    if (cli_interrupted()) return cli_fail(CLI_EINTR, "interrupted");
    for (size_t i = 0; i < n; i++)
        if (fc[i].st == FPA_ENOMEM || fc[i].st == FPA_ESYSTEM) {
            char *w = cli_fmt("%s: %s", what, fc[i].name);
            int rc = cli_fail(CLI_ECOMPUTE, "%s: %s (%s)", w, fc[i].detail,
                              fpa_status_name(fc[i].st));
            free(w);
            return rc;
        }
    return 0;
}

/* The library's batch (fpa_forecast_batch(), the call a Python or Lua host
 * makes): forecasts, intervals, model names and statuses. A refused series
 * is fitted once more on its own for the library's message, which the
 * batch does not keep; parameters and fitted models stay with
 * cli_fc_run() until the batch returns them (branch fcast). */
int cli_fc_batch(cli_fc *fc, size_t n, const cli_fc_spec *spec, const char *what)
{
    size_t h = spec->h, nl = spec->levels->n, total = 0;
    cli_fc_alloc(fc, n, h, nl);
    for (size_t i = 0; i < n; i++) total += fc[i].n;
    double *values = cli_alloc(total * sizeof *values);
    size_t *off = cli_alloc((n + 1) * sizeof *off);
    off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(values + off[i], fc[i].y, fc[i].n * sizeof *values);
        off[i + 1] = off[i] + fc[i].n;
    }
    double *mean = cli_alloc(n * h * sizeof *mean); /* cli_alloc: 0 bytes is fine */
    double *lo = cli_alloc(n * h * nl * sizeof *lo), *hi = cli_alloc(n * h * nl * sizeof *hi);
    char *names = cli_calloc(n ? n : 1, FPA_FORECAST_NAME_MAX);
    fpa_status *status = cli_calloc(n ? n : 1, sizeof *status);
    cli_progress_label_set(what);
    fpa_status st = fpa_forecast_batch(mean, nl ? lo : NULL, nl ? hi : NULL, names, status,
                                       spec->method, values, off, n, spec->period, h,
                                       nl ? spec->levels->v : NULL, nl, spec->opts);
    for (size_t i = 0; i < n && st == FPA_OK; i++) {
        cli_fc *f = &fc[i];
        f->st = status[i];
        memcpy(f->mean, mean + i * h, h * sizeof *mean);
        memcpy(f->lower, lo + i * h * nl, h * nl * sizeof *lo);
        memcpy(f->upper, hi + i * h * nl, h * nl * sizeof *hi);
        snprintf(f->model, sizeof f->model, "%s", names + i * FPA_FORECAST_NAME_MAX);
        if (f->st == FPA_OK) continue;
        fpa_forecast_model *m = NULL;
        fpa_status again = fpa_forecast_fit(&m, spec->method, f->y, f->n, spec->period,
                                            spec->opts);
        f->detail = cli_strdup(again == f->st ? fpa_error_last() : fpa_status_str(f->st));
        fpa_forecast_model_free(m);
    }
    free(values);
    free(off);
    free(mean);
    free(lo);
    free(hi);
    free(names);
    free(status);
    return st == FPA_OK ? 0 : cli_fail_lib(st, what);
}

void cli_fc_describe(cli_fc *f, const fpa_forecast_model *m)
{
    static const fpa_forecast_param params[6] = {FPA_PARAM_ALPHA, FPA_PARAM_BETA,
                                                 FPA_PARAM_GAMMA, FPA_PARAM_PHI,
                                                 FPA_PARAM_SIGMA2, FPA_PARAM_AICC};
    snprintf(f->model, sizeof f->model, "%s", fpa_forecast_model_name(m));
    f->used = fpa_forecast_model_method(m);
    for (size_t k = 0; k < 6; k++)
        if (fpa_forecast_model_param(&f->par[k], m, params[k]) != FPA_OK) f->par[k] = NAN;
}

/* Columns of forecast tables: leading key columns, then forecast and one
 * lower/upper pair per level, then the hidden label that groups text. */
cli_table *cli_fc_table(cli_section *s, const char *name, const char *title,
                                 const cli_col *keys, size_t nkeys, const cli_levels *lv,
                                 const cli_col *extra)
{
    size_t n = nkeys + 2 + 2 * lv->n + (extra != NULL);
    cli_col *cols = cli_calloc(n, sizeof *cols);
    char **names = cli_calloc(2 * lv->n, sizeof *names);
    memcpy(cols, keys, nkeys * sizeof *keys);
    cols[nkeys] = (cli_col){"forecast", CLI_AMOUNT, 0};
    for (size_t k = 0; k < lv->n; k++) {
        names[2 * k] = cli_level_col("lower", lv->v[k]);
        names[2 * k + 1] = cli_level_col("upper", lv->v[k]);
        cols[nkeys + 1 + 2 * k] = (cli_col){names[2 * k], CLI_AMOUNT, 0};
        cols[nkeys + 2 + 2 * k] = (cli_col){names[2 * k + 1], CLI_AMOUNT, 0};
    }
    if (extra) cols[n - 2] = *extra;
    cols[n - 1] = (cli_col){"label", CLI_TEXT, CLI_HIDE_MACHINE};
    cli_table *t = cli_table_add(s, name, title, cols, n);
    t->group_col = (int)(n - 1);
    for (size_t k = 0; k < 2 * lv->n; k++) free(names[k]);
    free(names);
    free(cols);
    return t;
}

/* The forecast values of one series from column `c` on. */
void cli_fc_put(cli_table *t, size_t c, const cli_fc *f, size_t j, size_t h,
                         const cli_levels *lv)
{
    cli_put_num(t, c, f->mean[j]);
    for (size_t k = 0; k < lv->n; k++) {
        cli_put_num(t, c + 1 + 2 * k, f->lower[k * h + j]);
        cli_put_num(t, c + 2 + 2 * k, f->upper[k * h + j]);
    }
}

/* ---- the company's lines ---------------------------------------------------------- */

const char *cli_line_name(const cli_dataset *d, size_t i)
{
    if (d->has_chart && d->chart.node[i].name) return d->chart.node[i].name;
    return d->line[i];
}

/* Months from the first forecast month to the end of the fiscal year that
 * holds the last closed month: what the full-year outlook needs. */
static size_t rest_of_year(int64_t origin, int fy_start)
{
    int last = cli_period_month(origin - 1), fy = fy_start ? fy_start : 1;
    return (size_t)(11 - ((last - fy + 12) % 12));
}

/* A series of the months first .. last from `sum` (indexed from month g0). */
static void history_of(cli_fc *f, const double *sum, int64_t g0, int64_t first, int64_t last)
{
    f->start = first;
    f->n = (size_t)(last - first + 1);
    f->y = cli_alloc(f->n * sizeof *f->y);
    memcpy(f->y, sum + (first - g0), f->n * sizeof *f->y);
}

/* The actuals of every line and of every subtree, months g0 .. last, added
 * bottom up in one pass over the chart (children before parents): linear
 * in the number of lines whatever the depth. first[i]: the first month of
 * any series in the subtree, INT64_MAX for none; nrev[i]: its revenue
 * lines. Without a chart every line is its own subtree. */
typedef struct subtotals {
    int64_t g0;
    size_t months;
    double *sum;         /* nlines x months */
    int64_t *first;
    size_t *nrev;
} subtotals;

static void subtotals_build(subtotals *st, const cli_dataset *d, int64_t last)
{
    size_t n = d->nlines;
    int64_t g0 = last + 1, a1;
    cli_panel_span(&d->actuals, &g0, &a1);
    st->g0 = g0 <= last ? g0 : last;
    st->months = (size_t)(last - st->g0 + 1);
    st->sum = cli_calloc(n * st->months, sizeof *st->sum);
    st->first = cli_alloc(n * sizeof *st->first);
    st->nrev = cli_calloc(n, sizeof *st->nrev);
    for (size_t m = 0; m < n; m++) {
        size_t v = d->has_chart ? d->chart.post[m] : m;
        const cli_series *s = cli_panel_find(&d->actuals, d->line[v]);
        double *row = st->sum + v * st->months;
        st->first[v] = INT64_MAX;
        st->nrev[v] += d->nature[v] == CLI_NAT_REVENUE;
        if (s && s->start <= last) {
            st->first[v] = s->start;
            for (size_t t = 0; t < st->months; t++) row[t] += cli_series_at(s, st->g0 + (int64_t)t);
        }
        size_t up = d->has_chart ? d->chart.parent[v] : SIZE_MAX;
        if (up == SIZE_MAX) continue;
        double *urow = st->sum + up * st->months;
        for (size_t t = 0; t < st->months; t++) urow[t] += row[t];
        st->nrev[up] += st->nrev[v];
    }
    for (size_t m = 0; m < n; m++) { /* and their first months, bottom up */
        size_t v = d->has_chart ? d->chart.post[m] : m;
        size_t up = d->has_chart ? d->chart.parent[v] : SIZE_MAX;
        if (up != SIZE_MAX && st->first[v] < st->first[up]) st->first[up] = st->first[v];
    }
}

static void subtotals_free(subtotals *st)
{
    free(st->sum);
    free(st->first);
    free(st->nrev);
}

/* The series of the lines' forecasts: every line's own amounts, then every
 * group of revenue lines (or all revenue lines, when no group holds them
 * all). */
static void line_series(cli_linefc *out, const cli_dataset *d, int64_t last)
{
    subtotals st;
    subtotals_build(&st, d, last);
    for (size_t i = 0; i < d->nlines; i++) {
        const cli_series *s = cli_panel_find(&d->actuals, d->line[i]);
        out->of_line[i] = SIZE_MAX;
        if (!s || s->start > last) continue;
        double *own = cli_calloc(st.months, sizeof *own);
        for (size_t t = 0; t < st.months; t++) own[t] = cli_series_at(s, st.g0 + (int64_t)t);
        history_of(&out->fc[out->n], own, st.g0, s->start, last);
        free(own);
        out->fc[out->n].name = d->line[i];
        out->line[out->n] = i;
        out->of_line[i] = out->n++;
    }
    bool covered = false;
    size_t nrev = 0;
    for (size_t i = 0; i < d->nlines; i++) nrev += d->nature[i] == CLI_NAT_REVENUE;
    for (size_t g = 0; d->has_chart && g < d->chart.n; g++) {
        if (!d->chart.nchildren[g] || d->chart.group[g] != CLI_NAT_REVENUE) continue;
        covered |= st.nrev[g] == nrev;
        if (st.first[g] > last) continue;
        history_of(&out->fc[out->n], st.sum + g * st.months, st.g0, st.first[g], last);
        out->fc[out->n].name = d->line[g];
        out->line[out->n] = g;
        out->total[out->n++] = true;
    }
    if (!covered && nrev) {
        double *all = cli_calloc(st.months, sizeof *all);
        int64_t first = INT64_MAX;
        for (size_t i = 0; i < d->nlines; i++) {
            const cli_series *s = cli_panel_find(&d->actuals, d->line[i]);
            if (d->nature[i] != CLI_NAT_REVENUE || !s || s->start > last) continue;
            if (s->start < first) first = s->start;
            for (size_t t = 0; t < st.months; t++) all[t] += cli_series_at(s, st.g0 + (int64_t)t);
        }
        if (first <= last) {
            history_of(&out->fc[out->n], all, st.g0, first, last);
            out->fc[out->n].name = "(revenue)";
            out->line[out->n] = SIZE_MAX;
            out->total[out->n++] = true;
        }
        free(all);
    }
    subtotals_free(&st);
}

/* The revenue hierarchy of the series: every revenue total and revenue
 * line, each under the nearest total above it in the chart (or under
 * "(revenue)"), a group's own postings as a leaf under its total. */
typedef struct rev_nodes {
    size_t n;
    const char **id, **parent;
    char **own_id;  /* the ids made for a group's own postings */
    size_t *series; /* the node's series in the cli_linefc */
    bool *leaf;
} rev_nodes;

static size_t total_of(const cli_linefc *fc, size_t line) /* its total's series, or SIZE_MAX */
{
    for (size_t j = 0; j < fc->n; j++)
        if (fc->total[j] && fc->line[j] == line) return j;
    return SIZE_MAX;
}

static const char *parent_total(const cli_linefc *fc, const cli_dataset *d, size_t line)
{
    for (size_t up = d->has_chart ? d->chart.parent[line] : SIZE_MAX; up != SIZE_MAX;
         up = d->chart.parent[up])
        if (total_of(fc, up) != SIZE_MAX) return d->line[up];
    return total_of(fc, SIZE_MAX) != SIZE_MAX ? "(revenue)" : NULL;
}

static void rev_add(rev_nodes *r, const char *id, const char *parent, size_t series, bool leaf)
{
    r->id[r->n] = id, r->parent[r->n] = parent, r->series[r->n] = series;
    r->leaf[r->n++] = leaf;
}

static void rev_nodes_build(rev_nodes *r, const cli_linefc *fc, const cli_dataset *d)
{
    size_t cap = 2 * fc->n + 1;
    r->n = 0;
    r->id = cli_calloc(cap, sizeof *r->id);
    r->parent = cli_calloc(cap, sizeof *r->parent);
    r->own_id = cli_calloc(cap, sizeof *r->own_id);
    r->series = cli_calloc(cap, sizeof *r->series);
    r->leaf = cli_calloc(cap, sizeof *r->leaf);
    for (size_t j = 0; j < fc->n; j++) {
        size_t line = fc->line[j];
        if (fc->total[j]) {
            rev_add(r, line == SIZE_MAX ? "(revenue)" : d->line[line],
                    line == SIZE_MAX ? NULL : parent_total(fc, d, line), j, false);
        } else if (d->nature[line] == CLI_NAT_REVENUE) {
            if (total_of(fc, line) == SIZE_MAX) {
                rev_add(r, d->line[line], parent_total(fc, d, line), j, true);
                continue;
            }
            r->own_id[r->n] = cli_fmt("%s (own postings)", d->line[line]);
            rev_add(r, r->own_id[r->n], d->line[line], j, true);
        }
    }
}

static void rev_nodes_free(rev_nodes *r)
{
    for (size_t j = 0; j < r->n; j++) free(r->own_id[j]);
    free(r->id);
    free(r->parent);
    free(r->own_id);
    free(r->series);
    free(r->leaf);
}

/* The leaves' histories on one calendar, NaN before a line starts. */
static double *rev_data(size_t *months, int64_t *g0, const rev_nodes *r, const cli_linefc *fc)
{
    int64_t last = fc->origin - 1;
    *g0 = last;
    for (size_t j = 0; j < r->n; j++)
        if (r->leaf[j] && fc->fc[r->series[j]].start < *g0) *g0 = fc->fc[r->series[j]].start;
    *months = (size_t)(last - *g0 + 1);
    double *y = cli_alloc(r->n * *months * sizeof *y);
    for (size_t j = 0; j < r->n; j++) {
        const cli_fc *f = &fc->fc[r->series[j]];
        for (size_t t = 0; t < *months; t++) {
            int64_t k = *g0 + (int64_t)t - f->start;
            y[j * *months + t] = r->leaf[j] && k >= 0 ? f->y[k] : NAN;
        }
    }
    return y;
}

/* The reconciled means, bounds and base models into the nodes' series. */
static void rev_store(cli_linefc *out, const rev_nodes *r, const fpa_hierarchy_result *res)
{
    size_t h = out->h, nl = out->lv.n;
    double *mean = cli_alloc(r->n * h * sizeof *mean);
    double *lo = cli_alloc(r->n * nl * h * sizeof *lo), *hi = cli_alloc(r->n * nl * h * sizeof *hi);
    fpa_hierarchy_result_mean(mean, r->n * h, res, FPA_HIERARCHY_RECONCILED);
    fpa_hierarchy_result_bounds(lo, hi, r->n * nl * h, res, FPA_HIERARCHY_RECONCILED);
    for (size_t j = 0; j < r->n; j++) {
        cli_fc *f = &out->fc[r->series[j]];
        memcpy(f->mean, mean + j * h, h * sizeof *mean);
        memcpy(f->lower, lo + j * nl * h, nl * h * sizeof *lo);
        memcpy(f->upper, hi + j * nl * h, nl * h * sizeof *hi);
        snprintf(f->model, sizeof f->model, "%s", fpa_hierarchy_result_model(res, j));
        f->st = FPA_OK;
        free(f->detail);
        f->detail = NULL;
    }
    free(mean);
    free(lo);
    free(hi);
}

/* The revenue lines and totals forecast together and reconciled
 * (fpa_hierarchy_forecast()), so that the lines add up to the totals; the
 * note says how, or why the base forecasts stay. */
static int rev_reconcile(cli_linefc *out, const cli_dataset *d, fpa_forecast_method method,
                         fpa_reconcile_method rec, const fpa_opts *opts)
{
    rev_nodes r;
    rev_nodes_build(&r, out, d);
    size_t months = 0, ntotals = 0;
    int64_t g0;
    for (size_t j = 0; j < r.n; j++) ntotals += !r.leaf[j];
    double *y = ntotals ? rev_data(&months, &g0, &r, out) : NULL;
    fpa_tree *tree = NULL;
    fpa_hierarchy *hier = NULL;
    fpa_hierarchy_result *res = NULL;
    fpa_status st = ntotals ? fpa_variance_tree_new(&tree, r.id, r.parent, r.n, NULL) : FPA_OK;
    if (ntotals && st == FPA_OK) st = fpa_hierarchy_new(&hier, tree, opts);
    if (hier) {
        st = fpa_hierarchy_set_data(hier, y, months, 12, FPA_HIERARCHY_LEAVES);
        if (st == FPA_OK) st = fpa_hierarchy_set_method(hier, method);
        if (st == FPA_OK) st = fpa_hierarchy_set_reconcile(hier, rec);
        cli_progress_label_set("forecast: revenue hierarchy");
        if (st == FPA_OK) st = fpa_hierarchy_forecast(&res, hier, out->h, out->lv.v, out->lv.n, opts);
    }
    int rc = 0;
    if (st == FPA_ENOMEM || st == FPA_ECANCELED || st == FPA_ESYSTEM)
        rc = cli_fail_lib(st, "forecast: the revenue hierarchy");
    else if (st != FPA_OK)
        out->reconciled = cli_fmt("not reconciled (each series' own forecast): %s (%s)",
                                  fpa_error_last(), fpa_status_name(st));
    else if (res) {
        fpa_reconcile_method used = rec;
        double lambda = NAN;
        fpa_hierarchy_result_info(&used, &lambda, res);
        rev_store(out, &r, res);
        out->reconciled = isfinite(lambda)
            ? cli_fmt("%s (shrinkage lambda %.3f)", fpa_reconcile_method_name(used), lambda)
            : cli_strdup(fpa_reconcile_method_name(used));
    }
    fpa_hierarchy_result_free(res);
    fpa_hierarchy_free(hier);
    fpa_variance_tree_free(tree);
    free(y);
    rev_nodes_free(&r);
    return rc;
}

int cli_linefc_build(cli_linefc *out, const cli_dataset *d, fpa_forecast_method method,
                     size_t h, const fpa_opts *opts)
{
    memset(out, 0, sizeof *out);
    int rc = cli_actuals_check(d);
    if (rc) return rc;
    out->origin = d->as_of;
    size_t rest = rest_of_year(d->as_of, d->fy_start);
    out->h = h > rest ? h : rest;
    out->lv = (cli_levels){2, {80, 95}};
    size_t cap = d->nlines + (d->has_chart ? d->chart.n : 0) + 1;
    out->fc = cli_calloc(cap, sizeof *out->fc);
    out->line = cli_calloc(cap, sizeof *out->line);
    out->total = cli_calloc(cap, sizeof *out->total);
    out->of_line = cli_calloc(d->nlines, sizeof *out->of_line);
    line_series(out, d, d->as_of - 1);
    cli_fc_spec spec = {method, 12, out->h, &out->lv, opts};
    rc = cli_fc_batch(out->fc, out->n, &spec, "forecast");
    return rc ? rc : rev_reconcile(out, d, method, FPA_RECONCILE_MINT_SHRINK, opts);
}

void cli_linefc_free(cli_linefc *f)
{
    cli_fc_free(f->fc, f->n);
    free(f->line);
    free(f->total);
    free(f->of_line);
    free(f->reconciled);
    memset(f, 0, sizeof *f);
}

double cli_linefc_at(const cli_linefc *f, size_t line, int64_t period)
{
    size_t k = f->of_line[line];
    if (k == SIZE_MAX || period < f->origin || period >= f->origin + (int64_t)f->h) return 0;
    const cli_fc *fc = &f->fc[k];
    return fc->st == FPA_OK ? fc->mean[period - f->origin] : 0;
}
