/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa forecast FILE: one or many monthly series, each fitted and forecast
 * with prediction intervals, the model used named per series; with
 * --append, the rolling forecast that closes each new month, re-forecasts
 * and reports the accuracy of the earlier versions by lag.
 * fpa backtest FILE: rolling-origin evaluation of one or more methods. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { F_LEVEL = 500, F_PERIOD, F_APPEND, F_UPDATE, F_ORIGINS, F_WINDOW, F_WINDOW_LENGTH,
       F_STEP };

static const cli_opt forecast_opts[] = {
    {"method", "M", OPT_METHOD, "auto (default: ETS chosen by AICc), ets, combo, theta, otheta, "
                                "damped, holt, ses, naive, snaive, naive2, drift, ma, linear"},
    {"horizon", "H", OPT_HORIZON, "months to forecast (default 12)"},
    {"level", "LIST", F_LEVEL, "prediction interval levels in percent (default 80,95; none)"},
    {"period", "N", F_PERIOD, "seasonal period (default 12, monthly; 1 for none)"},
    {"append", "FILE", F_APPEND, "rolling forecast: new actuals of the series, each starting "
                                 "the month after its last in FILE"},
    {"update", NULL, F_UPDATE, "rolling forecast: keep each model and update its state "
                               "(default: re-select and re-estimate at each close)"},
    {0},
};

static const cli_opt backtest_opts[] = {
    {"method", "LIST", OPT_METHOD, "methods compared, comma-separated (default auto; see "
                                   "fpa forecast --help)"},
    {"horizon", "H", OPT_HORIZON, "months forecast from each origin (default 12)"},
    {"origins", "K", F_ORIGINS, "forecast origins (default 6), the last H months before the "
                                "end"},
    {"window", "W", F_WINDOW, "expanding (default: from the first month) or sliding"},
    {"window-length", "N", F_WINDOW_LENGTH, "months of a sliding window (default: those of the "
                                            "first origin)"},
    {"step", "S", F_STEP, "months between origins (default 1)"},
    {"period", "N", F_PERIOD, "seasonal period (default 12, monthly; 1 for none)"},
    {0},
};

static const fpa_metric metrics[] = {FPA_METRIC_MAE, FPA_METRIC_RMSE, FPA_METRIC_MAPE,
                                     FPA_METRIC_SMAPE, FPA_METRIC_WAPE, FPA_METRIC_MASE,
                                     FPA_METRIC_BIAS};
enum { NMETRICS = sizeof metrics / sizeof *metrics };

static int count_arg(size_t *out, const cli_args *a, int id, const char *name, size_t def,
                     size_t min)
{
    const char *v = cli_args_get(a, id);
    *out = def;
    if (v && (!cli_parse_size(out, v) || *out < min || *out > 100000))
        return cli_fail(CLI_EUSAGE, "--%s: \"%s\" is not a count from %zu to 100000", name, v,
                        min);
    return 0;
}

static int period_arg(size_t *out, const cli_args *a)
{
    const char *v = cli_args_get(a, F_PERIOD);
    *out = 12;
    if (v && (!cli_parse_size(out, v) || *out < 1 || *out > FPA_FORECAST_MAX_PERIOD))
        return cli_fail(CLI_EUSAGE, "--period: \"%s\" is not a period from 1 to %d", v,
                        FPA_FORECAST_MAX_PERIOD);
    return 0;
}

/* The one input file, its series in file order. */
static int load_input(cli_panel *p, const cli_args *a, const char *cmd)
{
    if (a->npos != 1)
        return cli_fail(CLI_EUSAGE, "%s: %s", cmd, a->npos ? "one input file at a time"
                                                          : "needs an input FILE (CSV of "
                                                            "monthly series)");
    cli_text t;
    int rc = cli_text_file(&t, a->pos[0]);
    if (rc) return rc;
    rc = cli_panel_load(p, &t);
    cli_text_free(&t);
    return rc;
}

static void fc_inputs(cli_fc *fc, const cli_panel *p)
{
    for (size_t i = 0; i < p->count; i++) {
        const cli_series *s = &p->s[i];
        fc[i].name = s->name;
        fc[i].start = s->start;
        fc[i].n = s->n;
        fc[i].y = cli_alloc(s->n * sizeof *fc[i].y);
        memcpy(fc[i].y, s->v, s->n * sizeof *s->v);
    }
}

/* ---- output tables ------------------------------------------------------------ */

/* Columns of forecast tables: leading key columns, then forecast and one
 * lower/upper pair per level, then the hidden label that groups text. */
static cli_table *forecast_table(cli_section *s, const char *name, const char *title,
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
static void put_forecast(cli_table *t, size_t c, const cli_fc *f, size_t j, size_t h,
                         const cli_levels *lv)
{
    cli_put_num(t, c, f->mean[j]);
    for (size_t k = 0; k < lv->n; k++) {
        cli_put_num(t, c + 1 + 2 * k, f->lower[k * h + j]);
        cli_put_num(t, c + 2 + 2 * k, f->upper[k * h + j]);
    }
}

enum { FT_SERIES, FT_PERIOD, FT_HORIZON, FT_NKEYS };
static const cli_col ft_keys[FT_NKEYS] = {
    {"series", CLI_TEXT, CLI_HIDE_TEXT}, {"period", CLI_TEXT, 0}, {"horizon", CLI_COUNT, 0},
};

static void forecast_rows(cli_table *t, const cli_fc *fc, size_t n, size_t h,
                          const cli_levels *lv)
{
    for (size_t i = 0; i < n; i++) {
        const cli_fc *f = &fc[i];
        if (f->st != FPA_OK) continue;
        char *label = cli_fmt("%s: %s", f->name, f->model);
        for (size_t j = 0; j < h; j++) {
            cli_row_add(t);
            cli_put_text(t, FT_SERIES, f->name);
            cli_put_period(t, FT_PERIOD, f->start + (int64_t)(f->n + j));
            cli_put_num(t, FT_HORIZON, (double)(j + 1));
            put_forecast(t, FT_NKEYS, f, j, h, lv);
            cli_put_text(t, t->ncols - 1, label);
        }
        free(label);
    }
}

enum { MO_SERIES, MO_FIRST, MO_LAST, MO_OBS, MO_METHOD, MO_USED, MO_MODEL, MO_STATUS, MO_DETAIL,
       MO_ALPHA, MO_BETA, MO_GAMMA, MO_PHI, MO_SIGMA2, MO_AICC, MO_NCOLS };
static const cli_col model_cols[MO_NCOLS] = {
    {"series", CLI_TEXT, 0}, {"first", CLI_TEXT, 0}, {"last", CLI_TEXT, 0},
    {"observations", CLI_COUNT, 0}, {"method", CLI_TEXT, CLI_HIDE_TEXT},
    {"method_used", CLI_TEXT, CLI_HIDE_TEXT}, {"model", CLI_TEXT, 0}, {"status", CLI_TEXT, 0},
    {"detail", CLI_TEXT, CLI_HIDE_TEXT}, {"alpha", CLI_VALUE, CLI_HIDE_TEXT},
    {"beta", CLI_VALUE, CLI_HIDE_TEXT}, {"gamma", CLI_VALUE, CLI_HIDE_TEXT},
    {"phi", CLI_VALUE, CLI_HIDE_TEXT}, {"sigma2", CLI_VALUE, CLI_HIDE_TEXT},
    {"aicc", CLI_VALUE, CLI_HIDE_TEXT},
};

/* `observations` counts the actuals the model saw: those of the file plus
 * any appended. */
static void model_rows(cli_table *t, const cli_fc *fc, size_t n, const size_t *added,
                       const char *method)
{
    for (size_t i = 0; i < n; i++) {
        const cli_fc *f = &fc[i];
        size_t obs = f->n + (added ? added[i] : 0);
        cli_row_add(t);
        cli_put_text(t, MO_SERIES, f->name);
        cli_put_period(t, MO_FIRST, f->start);
        cli_put_period(t, MO_LAST, f->start + (int64_t)obs - 1);
        cli_put_num(t, MO_OBS, (double)obs);
        cli_put_text(t, MO_METHOD, method);
        cli_put_text(t, MO_STATUS, f->st == FPA_OK ? "ok" : fpa_status_name(f->st));
        if (f->st != FPA_OK) {
            cli_put_text(t, MO_DETAIL, f->detail);
            continue;
        }
        cli_put_text(t, MO_USED, fpa_forecast_method_name(f->used));
        cli_put_text(t, MO_MODEL, f->model);
        cli_put_text(t, MO_DETAIL, "");
        for (size_t k = 0; k < 6; k++)
            if (isfinite(f->par[k])) cli_put_num(t, MO_ALPHA + k, f->par[k]);
    }
}

static size_t failures(const cli_fc *fc, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += fc[i].st != FPA_OK;
    return k;
}

/* ---- the rolling forecast ------------------------------------------------------ */

typedef struct roll {
    cli_fc *fc;          /* the current forecast of each series */
    const cli_series **add; /* its new actuals, or NULL */
    size_t h, period, maxlag;
    const cli_levels *lv;
    fpa_forecast_method method;
    fpa_opts *inner;
    size_t *versions;    /* per series */
    double **ver;        /* versions x h */
    double **lag;        /* NMETRICS x maxlag, NaN where undefined */
    size_t **pairs;      /* maxlag */
} roll;

static void roll_one(void *arg, size_t i)
{
    roll *c = arg;
    cli_fc *f = &c->fc[i];
    const cli_series *add = c->add[i];
    fpa_rolling *r = NULL;
    int year = (int)(f->start / 12), month = c->period == 12 ? cli_period_month(f->start) : 1;
    fpa_status st = fpa_forecast_rolling_new(&r, c->method, f->y, f->n, c->period, year, month,
                                             c->h, c->inner);
    for (size_t k = 0; add && st == FPA_OK && k < add->n; k++)
        st = fpa_forecast_rolling_append(r, add->v[k]);
    const fpa_forecast_model *m = st == FPA_OK ? fpa_forecast_rolling_model(r) : NULL;
    if (st == FPA_OK)
        st = fpa_forecast_predict(f->mean, f->lower, f->upper, m, c->h, c->lv->v, c->lv->n,
                                  c->inner);
    size_t nv = 0;
    if (st == FPA_OK) st = fpa_forecast_rolling_size(NULL, &nv, r);
    if (st == FPA_OK) {
        c->versions[i] = nv;
        c->ver[i] = cli_alloc(nv * c->h * sizeof *c->ver[i]);
        for (size_t v = 0; v < nv && st == FPA_OK; v++)
            st = fpa_forecast_rolling_version(c->ver[i] + v * c->h, c->h, r, v);
    }
    size_t maxlag = add ? (add->n < c->h ? add->n : c->h) : 0;
    if (st == FPA_OK && maxlag) {
        c->lag[i] = cli_alloc(NMETRICS * maxlag * sizeof *c->lag[i]);
        c->pairs[i] = cli_calloc(maxlag, sizeof *c->pairs[i]);
        for (size_t k = 0; k < NMETRICS; k++)
            if (fpa_forecast_rolling_error_by_lag(c->lag[i] + k * maxlag, c->pairs[i], maxlag, r,
                                                  metrics[k]) != FPA_OK)
                for (size_t j = 0; j < maxlag; j++) c->lag[i][k * maxlag + j] = NAN;
    }
    f->st = st;
    if (st != FPA_OK) {
        f->detail = cli_strdup(fpa_error_last());
        c->versions[i] = 0;
    } else {
        cli_fc_describe(f, m); /* before the model goes with the rolling object */
    }
    fpa_forecast_rolling_free(r);
}

/* A new-actuals series continues a series of the file: same name, first
 * month right after its last. */
static int match_appended(const cli_series **out, const cli_panel *base, const cli_panel *add)
{
    for (size_t i = 0; i < add->count; i++) {
        const cli_series *s = &add->s[i], *b = cli_panel_find(base, s->name);
        if (!b)
            return cli_fail_at(CLI_EINPUT, add->file, s->line, s->col, "series \"%s\" is not in "
                               "%s", s->name, base->file);
        if (s->start != b->start + (int64_t)b->n) {
            char want[16], got[16];
            cli_period_str(want, b->start + (int64_t)b->n);
            cli_period_str(got, s->start);
            return cli_fail_at(CLI_EINPUT, add->file, s->line, s->col, "series \"%s\" starts in "
                               "%s: the new actuals must start in %s, after its last month in %s",
                               s->name, got, want, base->file);
        }
        out[b - base->s] = s;
    }
    return 0;
}

enum { VE_SERIES, VE_VERSION, VE_ORIGIN, VE_PERIOD, VE_HORIZON, VE_FORECAST, VE_NCOLS };
static const cli_col version_cols[VE_NCOLS] = {
    {"series", CLI_TEXT, 0}, {"version", CLI_COUNT, 0}, {"origin", CLI_TEXT, 0},
    {"period", CLI_TEXT, 0}, {"horizon", CLI_COUNT, 0}, {"forecast", CLI_AMOUNT, 0},
};

enum { LA_SERIES, LA_LAG, LA_PAIRS, LA_METRICS };

static cli_table *metric_table(cli_section *s, const char *name, const char *title,
                               const cli_col *keys, size_t nkeys)
{
    cli_col cols[16];
    memcpy(cols, keys, nkeys * sizeof *keys);
    for (size_t k = 0; k < NMETRICS; k++) {
        bool pct = metrics[k] == FPA_METRIC_MAPE || metrics[k] == FPA_METRIC_SMAPE ||
                   metrics[k] == FPA_METRIC_WAPE;
        cols[nkeys + k] = (cli_col){fpa_metric_name(metrics[k]),
                                    pct || metrics[k] == FPA_METRIC_MASE ? CLI_NUMBER
                                                                         : CLI_AMOUNT, 0};
    }
    return cli_table_add(s, name, title, cols, nkeys + NMETRICS);
}

static void roll_tables(cli_section *s, const roll *c, size_t n)
{
    cli_table *vt = cli_table_add(s, "versions", "Every forecast version", version_cols,
                                  VE_NCOLS);
    vt->flags = CLI_HIDE_TEXT;
    static const cli_col lag_keys[LA_METRICS] = {
        {"series", CLI_TEXT, 0}, {"lag", CLI_COUNT, 0}, {"pairs", CLI_COUNT, 0},
    };
    cli_table *lt = metric_table(s, "accuracy", "Accuracy of the earlier versions by lag "
                                 "(months between forecast and actual)", lag_keys, LA_METRICS);
    for (size_t i = 0; i < n; i++) {
        const cli_fc *f = &c->fc[i];
        size_t nv = c->versions[i], nadd = nv ? nv - 1 : 0;
        for (size_t v = 0; v < nv; v++)
            for (size_t j = 0; j < c->h; j++) {
                int64_t origin = f->start + (int64_t)(f->n - 1 + v);
                cli_row_add(vt);
                cli_put_text(vt, VE_SERIES, f->name);
                cli_put_num(vt, VE_VERSION, (double)v);
                cli_put_period(vt, VE_ORIGIN, origin);
                cli_put_period(vt, VE_PERIOD, origin + 1 + (int64_t)j);
                cli_put_num(vt, VE_HORIZON, (double)(j + 1));
                cli_put_num(vt, VE_FORECAST, c->ver[i][v * c->h + j]);
            }
        size_t maxlag = nadd < c->h ? nadd : c->h;
        for (size_t j = 0; c->lag[i] && j < maxlag; j++) {
            cli_row_add(lt);
            cli_put_text(lt, LA_SERIES, f->name);
            cli_put_num(lt, LA_LAG, (double)(j + 1));
            cli_put_num(lt, LA_PAIRS, (double)c->pairs[i][j]);
            for (size_t k = 0; k < NMETRICS; k++)
                cli_put_num(lt, LA_METRICS + k, c->lag[i][k * maxlag + j]);
        }
    }
}

/* ---- fpa forecast ---------------------------------------------------------------- */

typedef struct fc_args {
    fpa_forecast_method method;
    const char *label; /* as asked: "auto" or the method's name */
    size_t h, period;
    cli_levels lv;
} fc_args;

static int method_arg(fpa_forecast_method *m, const char **label, const cli_args *a)
{
    const char *v = cli_args_get(a, OPT_METHOD);
    *label = v ? v : "auto";
    return cli_parse_method(m, "method", *label);
}

int cli_cmd_forecast(int argc, char **argv)
{
    const cli_opt *const tables[] = {forecast_opts, cli_output_opts, cli_help_opts, NULL};
    cli_args a;
    int rc = cli_args_parse(&a, argc, argv, "forecast", tables);
    if (rc) return rc;
    if (cli_args_has(&a, OPT_HELP)) {
        cli_usage(stdout, "forecast", "FILE [OPTIONS]",
                  "Forecast every series of FILE (CSV, long series,period,value or wide\n"
                  "period,<series>...; months YYYY-MM) with prediction intervals, and name the\n"
                  "model used for each. With --append NEW, the rolling forecast: each month of\n"
                  "NEW is closed in turn and the series re-forecast; the accuracy of the\n"
                  "earlier versions is reported by lag. Series run in parallel (--threads).",
                  tables,
                  "Tables (--table): forecast.forecast, forecast.models; with --append also\n"
                  "forecast.versions, forecast.accuracy.\n");
        cli_args_free(&a);
        return 0;
    }
    cli_format fmt;
    fpa_opts *opts = NULL;
    fc_args p;
    cli_panel in = {0}, add = {0};
    cli_report *r = NULL;
    cli_fc *fc = NULL;
    roll c = {0};
    size_t n = 0, *added = NULL;
    bool rolling = cli_args_has(&a, F_APPEND);
    const char *lv = cli_args_get(&a, F_LEVEL);
    if ((rc = cli_format_of(&fmt, &a)) || (rc = cli_opts_from_args(&opts, &a))) goto out;
    if ((rc = method_arg(&p.method, &p.label, &a))) goto out;
    if ((rc = count_arg(&p.h, &a, OPT_HORIZON, "horizon", 12, 1))) goto out;
    if ((rc = period_arg(&p.period, &a))) goto out;
    if ((rc = cli_parse_levels(&p.lv, lv ? lv : "80,95"))) goto out;
    if (cli_args_has(&a, F_UPDATE) && !rolling) {
        rc = cli_fail(CLI_EUSAGE, "forecast: --update is for the rolling forecast (--append)");
        goto out;
    }
    if ((rc = load_input(&in, &a, "forecast"))) goto out;
    if (rolling) {
        cli_text t;
        if ((rc = cli_text_file(&t, cli_args_get(&a, F_APPEND)))) goto out;
        rc = cli_panel_load(&add, &t);
        cli_text_free(&t);
        if (rc) goto out;
    }
    n = in.count;
    fc = cli_calloc(n, sizeof *fc);
    fc_inputs(fc, &in);
    if (!rolling) {
        cli_fc_spec spec = {p.method, p.period, p.h, &p.lv, opts};
        rc = cli_fc_run(fc, n, &spec, "forecast");
    } else {
        c = (roll){.fc = fc, .h = p.h, .period = p.period, .lv = &p.lv, .method = p.method};
        c.add = cli_calloc(n, sizeof *c.add);
        if ((rc = match_appended(c.add, &in, &add))) goto out;
        if (cli_args_has(&a, F_UPDATE)) fpa_opts_set(opts, FPA_OPT_FORECAST_ROLLING_UPDATE, 1);
        c.inner = cli_opts_single(opts);
        c.versions = cli_calloc(n, sizeof *c.versions);
        c.ver = cli_calloc(n, sizeof *c.ver);
        c.lag = cli_calloc(n, sizeof *c.lag);
        c.pairs = cli_calloc(n, sizeof *c.pairs);
        cli_fc_alloc(fc, n, p.h, p.lv.n);
        cli_parallel(n, opts, roll_one, &c, "forecast");
        added = cli_calloc(n, sizeof *added);
        for (size_t i = 0; i < n; i++) {
            added[i] = c.add[i] ? c.add[i]->n : 0;
            if (fc[i].st == FPA_ENOMEM && !rc)
                rc = cli_fail(CLI_ECOMPUTE, "forecast: %s: out of memory", fc[i].name);
        }
        /* the current forecast starts after the appended actuals */
        for (size_t i = 0; i < n; i++) fc[i].n += added[i];
    }
    if (!rc) {
        r = cli_report_new("forecast", "Forecast");
        cli_report_param_text(r, "file", in.file);
        cli_report_param_text(r, "method", p.label);
        cli_section *s = cli_section_add(r, "forecast", "Forecast");
        cli_table *ft = forecast_table(s, "forecast", "By series", ft_keys, FT_NKEYS, &p.lv,
                                       NULL);
        forecast_rows(ft, fc, n, p.h, &p.lv);
        if (rolling)
            for (size_t i = 0; i < n; i++) fc[i].n -= added[i];
        cli_table *mt = cli_table_add(s, "models", "Models", model_cols, MO_NCOLS);
        model_rows(mt, fc, n, added, p.label);
        if (rolling) roll_tables(s, &c, n);
        size_t bad = failures(fc, n);
        if (bad)
            cli_section_note(s, "%zu of %zu series could not be forecast: see their status in "
                             "the models table", bad, n);
        rc = cli_report_write(r, &a);
    }
out:
    free(added);
    if (c.inner) fpa_opts_free(c.inner);
    for (size_t i = 0; c.versions && i < in.count; i++) {
        free(c.ver[i]);
        free(c.lag[i]);
        free(c.pairs[i]);
    }
    free(c.add);
    free(c.versions);
    free(c.ver);
    free(c.lag);
    free(c.pairs);
    cli_fc_free(fc, in.count);
    cli_report_free(r);
    cli_panel_free(&in);
    cli_panel_free(&add);
    fpa_opts_free(opts);
    cli_args_free(&a);
    return rc;
}

/* ---- fpa backtest ------------------------------------------------------------------ */

typedef struct bt_job {
    fpa_status st;
    char *detail;
    double *fc, *act;        /* origins x h */
    double all[NMETRICS];    /* NaN where undefined */
    double *byh;             /* NMETRICS x h */
} bt_job;

typedef struct bt_ctx {
    const cli_panel *in;
    const fpa_forecast_method *methods;
    size_t nmethods, h, origins, period;
    fpa_opts *inner;
    bt_job *job;             /* series-major: job[i * nmethods + m] */
} bt_ctx;

static void bt_one(void *arg, size_t j)
{
    bt_ctx *c = arg;
    bt_job *b = &c->job[j];
    const cli_series *s = &c->in->s[j / c->nmethods];
    fpa_backtest *bt = NULL;
    size_t cells = c->origins * c->h;
    fpa_status st = fpa_forecast_backtest(&bt, c->methods[j % c->nmethods], s->v, s->n,
                                          c->period, c->h, c->origins, c->inner);
    if (st == FPA_OK) {
        b->fc = cli_alloc(cells * sizeof *b->fc);
        b->act = cli_alloc(cells * sizeof *b->act);
        b->byh = cli_alloc(NMETRICS * c->h * sizeof *b->byh);
        st = fpa_forecast_backtest_values(b->fc, b->act, cells, bt);
    }
    for (size_t k = 0; st == FPA_OK && k < NMETRICS; k++)
        if (fpa_forecast_backtest_error(b->byh + k * c->h, &b->all[k], bt, metrics[k]) !=
            FPA_OK) {
            b->all[k] = NAN;
            for (size_t t = 0; t < c->h; t++) b->byh[k * c->h + t] = NAN;
        }
    b->st = st;
    if (st != FPA_OK) b->detail = cli_strdup(fpa_error_last());
    fpa_forecast_backtest_free(bt);
}

enum { BS_SERIES, BS_METHOD, BS_ORIGINS, BS_HORIZON, BS_FIRST, BS_LAST, BS_STATUS, BS_DETAIL,
       BS_METRICS };
enum { BH_SERIES, BH_METHOD, BH_HORIZON, BH_METRICS };
enum { BF_SERIES, BF_METHOD, BF_ORIGIN, BF_PERIOD, BF_HORIZON, BF_FORECAST, BF_ACTUAL,
       BF_ERROR, BF_NCOLS };
static const cli_col bf_cols[BF_NCOLS] = {
    {"series", CLI_TEXT, 0}, {"method", CLI_TEXT, 0}, {"origin", CLI_TEXT, 0},
    {"period", CLI_TEXT, 0}, {"horizon", CLI_COUNT, 0}, {"forecast", CLI_AMOUNT, 0},
    {"actual", CLI_AMOUNT, 0}, {"error", CLI_AMOUNT, 0},
};
enum { BM_METHOD, BM_SERIES, BM_FAILED, BM_MAPE, BM_SMAPE, BM_WAPE, BM_MASE, BM_NCOLS };
static const cli_col bm_cols[BM_NCOLS] = {
    {"method", CLI_TEXT, 0}, {"series", CLI_COUNT, 0}, {"failed", CLI_COUNT, 0},
    {"mape", CLI_NUMBER, 0}, {"smape", CLI_NUMBER, 0}, {"wape", CLI_NUMBER, 0},
    {"mase", CLI_NUMBER, 0},
};

static void bt_tables(cli_section *s, const bt_ctx *c, char *const *labels, size_t step)
{
    static const cli_col sk[BS_METRICS] = {
        {"series", CLI_TEXT, 0}, {"method", CLI_TEXT, 0}, {"origins", CLI_COUNT, CLI_HIDE_TEXT},
        {"horizon", CLI_COUNT, CLI_HIDE_TEXT}, {"first_origin", CLI_TEXT, 0},
        {"last_origin", CLI_TEXT, 0}, {"status", CLI_TEXT, CLI_HIDE_TEXT},
        {"detail", CLI_TEXT, CLI_HIDE_TEXT},
    };
    static const cli_col hk[BH_METRICS] = {
        {"series", CLI_TEXT, 0}, {"method", CLI_TEXT, 0}, {"horizon", CLI_COUNT, 0},
    };
    cli_table *sum = metric_table(s, "summary", "Accuracy over every forecast", sk, BS_METRICS);
    cli_table *byh = metric_table(s, "by_horizon", "Accuracy by horizon", hk, BH_METRICS);
    byh->flags = CLI_HIDE_TEXT;
    cli_table *ft = cli_table_add(s, "forecasts", "Forecasts and actuals", bf_cols, BF_NCOLS);
    ft->flags = CLI_HIDE_TEXT;
    cli_table *mt = cli_table_add(s, "methods", "Methods: mean over the series (M4 style)",
                                  bm_cols, BM_NCOLS);
    static const fpa_metric mean_of[4] = {FPA_METRIC_MAPE, FPA_METRIC_SMAPE, FPA_METRIC_WAPE,
                                          FPA_METRIC_MASE};
    for (size_t m = 0; m < c->nmethods; m++) {
        double total[4] = {0};
        size_t count[4] = {0}, failed = 0;
        for (size_t i = 0; i < c->in->count; i++) {
            const bt_job *b = &c->job[i * c->nmethods + m];
            const cli_series *sr = &c->in->s[i];
            cli_row_add(sum);
            cli_put_text(sum, BS_SERIES, sr->name);
            cli_put_text(sum, BS_METHOD, labels[m]);
            cli_put_num(sum, BS_ORIGINS, (double)c->origins);
            cli_put_num(sum, BS_HORIZON, (double)c->h);
            cli_put_text(sum, BS_STATUS, b->st == FPA_OK ? "ok" : fpa_status_name(b->st));
            cli_put_text(sum, BS_DETAIL, b->st == FPA_OK ? "" : b->detail);
            if (b->st != FPA_OK) {
                failed++;
                continue;
            }
            /* an origin is named by the last month it trained on */
            int64_t last = sr->start + (int64_t)(sr->n - c->h) - 1;
            int64_t first = last - (int64_t)((c->origins - 1) * step);
            cli_put_period(sum, BS_FIRST, first);
            cli_put_period(sum, BS_LAST, last);
            for (size_t k = 0; k < NMETRICS; k++) {
                cli_put_num(sum, BS_METRICS + k, b->all[k]);
                for (size_t q = 0; q < 4; q++)
                    if (metrics[k] == mean_of[q] && isfinite(b->all[k])) {
                        total[q] += b->all[k];
                        count[q]++;
                    }
            }
            for (size_t t = 0; t < c->h; t++) {
                cli_row_add(byh);
                cli_put_text(byh, BH_SERIES, sr->name);
                cli_put_text(byh, BH_METHOD, labels[m]);
                cli_put_num(byh, BH_HORIZON, (double)(t + 1));
                for (size_t k = 0; k < NMETRICS; k++)
                    cli_put_num(byh, BH_METRICS + k, b->byh[k * c->h + t]);
            }
            for (size_t o = 0; o < c->origins; o++)
                for (size_t t = 0; t < c->h; t++) {
                    int64_t origin = first + (int64_t)(o * step);
                    double f = b->fc[o * c->h + t], y = b->act[o * c->h + t];
                    cli_row_add(ft);
                    cli_put_text(ft, BF_SERIES, sr->name);
                    cli_put_text(ft, BF_METHOD, labels[m]);
                    cli_put_period(ft, BF_ORIGIN, origin);
                    cli_put_period(ft, BF_PERIOD, origin + 1 + (int64_t)t);
                    cli_put_num(ft, BF_HORIZON, (double)(t + 1));
                    cli_put_num(ft, BF_FORECAST, f);
                    cli_put_num(ft, BF_ACTUAL, y);
                    cli_put_num(ft, BF_ERROR, y - f);
                }
        }
        cli_row_add(mt);
        cli_put_text(mt, BM_METHOD, labels[m]);
        cli_put_num(mt, BM_SERIES, (double)(c->in->count - failed));
        cli_put_num(mt, BM_FAILED, (double)failed);
        for (size_t q = 0; q < 4; q++)
            if (count[q]) cli_put_num(mt, BM_MAPE + q, total[q] / (double)count[q]);
    }
}

static int methods_arg(fpa_forecast_method **out, char ***labels, size_t *n, const char *list)
{
    size_t cap = 0;
    *n = 0;
    for (const char *s = list; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char *one = cli_fmt("%.*s", (int)len, s);
        fpa_forecast_method m;
        int rc = cli_parse_method(&m, "method", one);
        for (size_t k = 0; !rc && k < *n; k++)
            if (!strcmp((*labels)[k], one)) rc = cli_fail(CLI_EUSAGE, "--method: %s repeats", one);
        if (rc) {
            free(one);
            return rc;
        }
        size_t c0 = cap;
        *out = cli_grow(*out, &cap, *n + 1, sizeof **out);
        cap = c0;
        *labels = cli_grow(*labels, &cap, *n + 1, sizeof **labels);
        (*out)[*n] = m;
        (*labels)[(*n)++] = one;
        s += len + (comma != NULL);
    }
    return *n ? 0 : cli_fail(CLI_EUSAGE, "--method: no method");
}

int cli_cmd_backtest(int argc, char **argv)
{
    const cli_opt *const tables[] = {backtest_opts, cli_output_opts, cli_help_opts, NULL};
    cli_args a;
    int rc = cli_args_parse(&a, argc, argv, "backtest", tables);
    if (rc) return rc;
    if (cli_args_has(&a, OPT_HELP)) {
        cli_usage(stdout, "backtest", "FILE [OPTIONS]",
                  "Rolling-origin evaluation of forecasting methods on every series of FILE\n"
                  "(as for fpa forecast): at each of K origins, fit on the months before it\n"
                  "and forecast the next H, which are known; errors per horizon and overall\n"
                  "(mae, rmse, mape, smape, wape, mase, bias), and each method's mean over the\n"
                  "series.",
                  tables,
                  "Tables (--table): backtest.summary, backtest.by_horizon, backtest.forecasts,\n"
                  "backtest.methods.\n");
        cli_args_free(&a);
        return 0;
    }
    cli_format fmt;
    fpa_opts *opts = NULL;
    cli_panel in = {0};
    cli_report *r = NULL;
    bt_ctx c = {0};
    fpa_forecast_method *methods = NULL;
    char **labels = NULL;
    size_t nm = 0, step = 1, wlen = 0;
    const char *ml = cli_args_get(&a, OPT_METHOD), *win = cli_args_get(&a, F_WINDOW);
    if ((rc = cli_format_of(&fmt, &a)) || (rc = cli_opts_from_args(&opts, &a))) goto out;
    if ((rc = methods_arg(&methods, &labels, &nm, ml ? ml : "auto"))) goto out;
    if ((rc = count_arg(&c.h, &a, OPT_HORIZON, "horizon", 12, 1))) goto out;
    if ((rc = count_arg(&c.origins, &a, F_ORIGINS, "origins", 6, 1))) goto out;
    if ((rc = count_arg(&step, &a, F_STEP, "step", 1, 1))) goto out;
    if ((rc = count_arg(&wlen, &a, F_WINDOW_LENGTH, "window-length", 0, 1))) goto out;
    if ((rc = period_arg(&c.period, &a))) goto out;
    if (win && strcmp(win, "expanding") && strcmp(win, "sliding")) {
        rc = cli_fail(CLI_EUSAGE, "--window: \"%s\" is not expanding or sliding", win);
        goto out;
    }
    fpa_opts_set(opts, FPA_OPT_FORECAST_WINDOW, win && !strcmp(win, "sliding"));
    fpa_opts_set(opts, FPA_OPT_FORECAST_WINDOW_LENGTH, (double)wlen);
    fpa_opts_set(opts, FPA_OPT_FORECAST_ORIGIN_STEP, (double)step);
    if ((rc = load_input(&in, &a, "backtest"))) goto out;
    c.in = &in;
    c.methods = methods;
    c.nmethods = nm;
    c.inner = cli_opts_single(opts);
    c.job = cli_calloc(in.count * nm, sizeof *c.job);
    cli_parallel(in.count * nm, opts, bt_one, &c, "backtest");
    for (size_t j = 0; j < in.count * nm && !rc; j++)
        if (c.job[j].st == FPA_ENOMEM)
            rc = cli_fail(CLI_ECOMPUTE, "backtest: %s: out of memory", in.s[j / nm].name);
    if (!rc) {
        r = cli_report_new("backtest", "Backtest");
        cli_report_param_text(r, "file", in.file);
        cli_section *s = cli_section_add(r, "backtest", "Backtest");
        bt_tables(s, &c, labels, step);
        cli_section_note(s, "%zu origins, %zu months ahead, %s window; errors are actual - "
                         "forecast; mape, smape and wape in percent", c.origins, c.h,
                         win ? win : "expanding");
        rc = cli_report_write(r, &a);
    }
out:
    for (size_t j = 0; c.job && j < in.count * nm; j++) {
        free(c.job[j].detail);
        free(c.job[j].fc);
        free(c.job[j].act);
        free(c.job[j].byh);
    }
    free(c.job);
    if (c.inner) fpa_opts_free(c.inner);
    for (size_t k = 0; k < nm; k++) free(labels[k]);
    free(labels);
    free(methods);
    cli_report_free(r);
    cli_panel_free(&in);
    fpa_opts_free(opts);
    cli_args_free(&a);
    return rc;
}

/* ---- the review's forecast section ------------------------------------------------ */

const cli_opt cli_forecast_review_opts[] = {
    {"method", "M", OPT_METHOD, "forecast method (default auto; see fpa forecast --help)"},
    {"horizon", "H", OPT_HORIZON, "months of the rolling forecast and of the cash projection "
                                  "(default 18)"},
    {0},
};

int cli_forecast_args(cli_forecast_params *p, const cli_args *a, const fpa_opts *opts)
{
    memset(p, 0, sizeof *p);
    p->opts = opts;
    int rc = method_arg(&p->method, &p->label, a);
    if (!rc) rc = count_arg(&p->h, a, OPT_HORIZON, "horizon", 18, 1);
    return rc;
}

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
 * the lines under it. */
static size_t reading_order(size_t *out, const cli_dataset *d, const cli_linefc *fc, bool rev)
{
    size_t k = 0;
    for (size_t j = 0; j < fc->n; j++)
        if (fc->line[j] == SIZE_MAX) out[k++] = j;
    for (size_t m = 0; m < d->nlines; m++) {
        size_t i = d->has_chart ? d->chart.order[m] : m;
        for (size_t j = 0; j < fc->n; j++)
            if (fc->line[j] == i && fc->total[j]) out[k++] = j;
        size_t own = fc->of_line[i];
        if (own != SIZE_MAX && (!rev || d->nature[i] == CLI_NAT_REVENUE)) out[k++] = own;
    }
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

int cli_section_forecast(cli_report *r, const cli_dataset *d, const cli_linefc *fc,
                         const cli_forecast_params *p)
{
    cli_section *s = cli_section_add(r, "forecast", "Rolling forecast and full-year outlook");
    char from[16];
    cli_period_str(from, fc->origin);
    cli_section_note(s, "Rolling %zu-month forecast from %s: every line and revenue total "
                     "forecast by %s%s, with 80 and 95%% prediction intervals.", p->h, from,
                     p->label, !strcmp(p->label, "auto") ? " (ETS chosen by AICc)" : "");
    cli_section_note(s, "Revenue totals are series of their own, with their own model and "
                     "intervals; the outlook adds up the lines' forecasts, as the variance "
                     "report's outlook window does.");
    size_t *order = cli_alloc((fc->n ? fc->n : 1) * sizeof *order);
    size_t h = p->h;
    /* the revenue total(s), for a person */
    cli_table *tt = NULL;
    static const cli_col prior = {"prior_year", CLI_AMOUNT, 0};
    size_t n = reading_order(order, d, fc, true);
    for (size_t q = 0; q < n; q++) {
        size_t j = order[q];
        const cli_fc *f = &fc->fc[j];
        if (!top_total(d, fc, j) || f->st != FPA_OK) continue;
        if (!tt)
            tt = forecast_table(s, "revenue", "Revenue: the rolling forecast, and the same "
                                "month a year before", tt_keys, TT_NKEYS, &fc->lv, &prior);
        char *label = cli_fmt("%s: %s", series_name(d, fc, j), f->model);
        for (size_t t = 0; t < h; t++) {
            cli_row_add(tt);
            cli_put_text(tt, TT_LINE, f->name);
            cli_put_text(tt, TT_NAME, series_name(d, fc, j));
            cli_put_period(tt, TT_PERIOD, fc->origin + (int64_t)t);
            put_forecast(tt, TT_NKEYS, f, t, fc->h, &fc->lv);
            if (t < 12 && f->n + t >= 12)
                cli_put_num(tt, tt->ncols - 2, f->y[f->n + t - 12]);
            cli_put_text(tt, tt->ncols - 1, label);
        }
        free(label);
    }
    /* every revenue line and total, for a machine */
    cli_table *rt = forecast_table(s, "rolling", "Revenue lines and totals", rt_keys, RT_NKEYS,
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
            put_forecast(rt, RT_NKEYS, f, t, fc->h, &fc->lv);
        }
    }
    /* the models, and what they say about the next twelve months */
    cli_table *mt = cli_table_add(s, "models", "Models: the last twelve months and the next",
                                  sm_cols, SM_NCOLS);
    n = reading_order(order, d, fc, false);
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
        double last = f->n >= 12 ? sum_of(f->y + f->n - 12, 12) : NAN;
        double next = fc->h >= 12 ? sum_of(f->mean, 12) : NAN;
        cli_put_num(mt, SM_LAST12, last);
        cli_put_num(mt, SM_NEXT12, next);
        if (isfinite(last) && isfinite(next) && last != 0)
            cli_put_num(mt, SM_GROWTH, next / fabs(last) - (last > 0 ? 1 : -1));
    }
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
