/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa forecast FILE: one or many monthly series, each fitted and forecast
 * with prediction intervals, the model used named per series; with
 * --append, the rolling forecast that closes each new month, re-forecasts
 * and reports the accuracy of the earlier versions by lag.
 * fpa backtest FILE: rolling-origin evaluation of one or more methods. */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { F_LEVEL = 500, F_PERIOD, F_APPEND, F_UPDATE, F_ORIGINS, F_WINDOW, F_WINDOW_LENGTH,
       F_STEP };

static const cli_opt forecast_opts[] = {
    {"method", "M", OPT_METHOD, "auto (default: ETS chosen by AICc), ets, combo, theta, otheta, "
                                "damped, holt, ses, naive, snaive, naive2, drift, ma, linear, "
                                "arima, ensemble"},
    {"horizon", "H", OPT_HORIZON,
     "months to forecast (default " CLI_STR(FPA_FORECAST_DEFAULT_HORIZON) ")"},
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
            cli_fc_put(t, FT_NKEYS, f, j, h, lv);
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

/* The rolling forecast: each new month closed in turn, then re-forecast. */
static int rolling(roll *c, cli_fc *fc, const cli_panel *in, const cli_panel *add,
                   const fc_args *p, const cli_ctx *x, size_t *added)
{
    size_t n = in->count;
    *c = (roll){.fc = fc, .h = p->h, .period = p->period, .lv = &p->lv, .method = p->method};
    c->add = cli_calloc(n, sizeof *c->add);
    int rc = match_appended(c->add, in, add);
    if (rc) return rc;
    if (cli_args_has(x->a, F_UPDATE)) fpa_opts_set(x->opts, FPA_OPT_FORECAST_ROLLING_UPDATE, 1);
    c->inner = cli_opts_single(x->opts);
    c->versions = cli_calloc(n, sizeof *c->versions);
    c->ver = cli_calloc(n, sizeof *c->ver);
    c->lag = cli_calloc(n, sizeof *c->lag);
    c->pairs = cli_calloc(n, sizeof *c->pairs);
    cli_fc_alloc(fc, n, p->h, p->lv.n);
    cli_parallel(n, x->opts, roll_one, c, "forecast");
    if (cli_interrupted()) return cli_fail(CLI_EINTR, "interrupted");
    for (size_t i = 0; i < n; i++) {
        added[i] = c->add[i] ? c->add[i]->n : 0;
        if (fc[i].st == FPA_ENOMEM && !rc)
            rc = cli_fail(CLI_ECOMPUTE, "forecast: %s: out of memory", fc[i].name);
    }
    return rc;
}

static void roll_free(roll *c, size_t n)
{
    if (c->inner) fpa_opts_free(c->inner);
    for (size_t i = 0; c->versions && i < n; i++) {
        free(c->ver[i]);
        free(c->lag[i]);
        free(c->pairs[i]);
    }
    free(c->add);
    free(c->versions);
    free(c->ver);
    free(c->lag);
    free(c->pairs);
}

static int forecast_args(fc_args *p, cli_panel *in, cli_panel *add, const cli_args *a)
{
    const char *lv = cli_args_get(a, F_LEVEL);
    int rc = cli_arg_method(&p->method, &p->label, a);
    if (!rc) rc = cli_arg_count(&p->h, a, OPT_HORIZON, "horizon", FPA_FORECAST_DEFAULT_HORIZON, 1);
    if (!rc) rc = period_arg(&p->period, a);
    if (!rc) rc = cli_parse_levels(&p->lv, lv ? lv : "80,95");
    if (!rc && cli_args_has(a, F_UPDATE) && !cli_args_has(a, F_APPEND))
        rc = cli_fail(CLI_EUSAGE, "forecast: --update is for the rolling forecast (--append)");
    if (!rc) rc = load_input(in, a, "forecast");
    if (!rc && cli_args_has(a, F_APPEND)) {
        cli_text t;
        if ((rc = cli_text_file(&t, cli_args_get(a, F_APPEND)))) return rc;
        rc = cli_panel_load(add, &t);
        cli_text_free(&t);
    }
    return rc;
}

static cli_report *forecast_report(const cli_panel *in, const fc_args *p, cli_fc *fc,
                                   const roll *c, const size_t *added)
{
    size_t n = in->count;
    cli_report *r = cli_report_new("forecast", "Forecast");
    cli_report_param_text(r, "file", in->file);
    cli_report_param_text(r, "method", p->label);
    cli_section *s = cli_section_add(r, "forecast", "Forecast");
    cli_table *ft = cli_fc_table(s, "forecast", "By series", ft_keys, FT_NKEYS, &p->lv, NULL);
    /* the current forecast starts after the appended actuals */
    for (size_t i = 0; added && i < n; i++) fc[i].n += added[i];
    forecast_rows(ft, fc, n, p->h, &p->lv);
    for (size_t i = 0; added && i < n; i++) fc[i].n -= added[i];
    cli_table *mt = cli_table_add(s, "models", "Models", model_cols, MO_NCOLS);
    model_rows(mt, fc, n, added, p->label);
    if (added) roll_tables(s, c, n);
    size_t bad = failures(fc, n);
    if (bad)
        cli_section_note(s, "%zu of %zu series could not be forecast: see their status in "
                         "the models table", bad, n);
    return r;
}

static int build_forecast(cli_report **out, cli_ctx *x)
{
    fc_args p;
    cli_panel in = {0}, add = {0};
    roll c = {0};
    cli_fc *fc = NULL;
    size_t *added = NULL;
    int rc = forecast_args(&p, &in, &add, x->a);
    if (!rc) {
        fc = cli_calloc(in.count, sizeof *fc);
        fc_inputs(fc, &in);
        cli_fc_spec spec = {p.method, p.period, p.h, &p.lv, x->opts};
        if (!cli_args_has(x->a, F_APPEND)) {
            rc = cli_fc_run(fc, in.count, &spec, "forecast");
        } else {
            added = cli_calloc(in.count, sizeof *added);
            rc = rolling(&c, fc, &in, &add, &p, x, added);
        }
    }
    if (!rc) *out = forecast_report(&in, &p, fc, &c, added);
    free(added);
    roll_free(&c, in.count);
    cli_fc_free(fc, in.count);
    cli_panel_free(&in);
    cli_panel_free(&add);
    return rc;
}

const cli_command cli_cmd_forecast = {
    "forecast", "FILE [OPTIONS]",
    "Forecast every series of FILE (CSV, long series,period,value or wide\n"
    "period,<series>...; months YYYY-MM) with prediction intervals, and name the\n"
    "model used for each. With --append NEW, the rolling forecast: each month of\n"
    "NEW is closed in turn and the series re-forecast; the accuracy of the\n"
    "earlier versions is reported by lag. Series run in parallel (--threads).",
    "Tables (--table): forecast.forecast, forecast.models; with --append also\n"
    "forecast.versions, forecast.accuracy.\n",
    (const cli_opt *const[]){forecast_opts, cli_output_opts, NULL},
    true, build_forecast, NULL,
};

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

static int backtest_args(bt_ctx *c, fpa_forecast_method **methods, char ***labels,
                         size_t *nm, size_t *step, const cli_ctx *x)
{
    const cli_args *a = x->a;
    const char *ml = cli_args_get(a, OPT_METHOD), *win = cli_args_get(a, F_WINDOW);
    size_t wlen = 0;
    int rc = methods_arg(methods, labels, nm, ml ? ml : "auto");
    if (!rc) rc = cli_arg_count(&c->h, a, OPT_HORIZON, "horizon", 12, 1);
    if (!rc) rc = cli_arg_count(&c->origins, a, F_ORIGINS, "origins", 6, 1);
    if (!rc) rc = cli_arg_count(step, a, F_STEP, "step", 1, 1);
    if (!rc) rc = cli_arg_count(&wlen, a, F_WINDOW_LENGTH, "window-length", 0, 1);
    if (!rc) rc = period_arg(&c->period, a);
    if (!rc && win && strcmp(win, "expanding") && strcmp(win, "sliding"))
        rc = cli_fail(CLI_EUSAGE, "--window: \"%s\" is not expanding or sliding", win);
    if (rc) return rc;
    fpa_opts_set(x->opts, FPA_OPT_FORECAST_WINDOW, win && !strcmp(win, "sliding"));
    fpa_opts_set(x->opts, FPA_OPT_FORECAST_WINDOW_LENGTH, (double)wlen);
    fpa_opts_set(x->opts, FPA_OPT_FORECAST_ORIGIN_STEP, (double)*step);
    return 0;
}

static int build_backtest(cli_report **out, cli_ctx *x)
{
    cli_panel in = {0};
    bt_ctx c = {0};
    fpa_forecast_method *methods = NULL;
    char **labels = NULL;
    size_t nm = 0, step = 1;
    int rc = backtest_args(&c, &methods, &labels, &nm, &step, x);
    if (!rc) rc = load_input(&in, x->a, "backtest");
    if (!rc) {
        c = (bt_ctx){&in, methods, nm, c.h, c.origins, c.period, cli_opts_single(x->opts),
                     cli_calloc(in.count * nm, sizeof *c.job)};
        cli_parallel(in.count * nm, x->opts, bt_one, &c, "backtest");
        if (cli_interrupted()) rc = cli_fail(CLI_EINTR, "interrupted");
    }
    for (size_t j = 0; !rc && j < in.count * nm && !rc; j++)
        if (c.job[j].st == FPA_ENOMEM)
            rc = cli_fail(CLI_ECOMPUTE, "backtest: %s: out of memory", in.s[j / nm].name);
    if (!rc) {
        const char *win = cli_args_get(x->a, F_WINDOW);
        *out = cli_report_new("backtest", "Backtest");
        cli_report_param_text(*out, "file", in.file);
        cli_section *s = cli_section_add(*out, "backtest", "Backtest");
        bt_tables(s, &c, labels, step);
        cli_section_note(s, "%zu origins, %zu months ahead, %s window; errors are actual - "
                         "forecast; mape, smape and wape in percent", c.origins, c.h,
                         win ? win : "expanding");
    }
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
    cli_panel_free(&in);
    return rc;
}

const cli_command cli_cmd_backtest = {
    "backtest", "FILE [OPTIONS]",
    "Rolling-origin evaluation of forecasting methods on every series of FILE\n"
    "(as for fpa forecast): at each of K origins, fit on the months before it\n"
    "and forecast the next H, which are known; errors per horizon and overall\n"
    "(mae, rmse, mape, smape, wape, mase, bias), and each method's mean over the\n"
    "series.",
    "Tables (--table): backtest.summary, backtest.by_horizon, backtest.forecasts,\n"
    "backtest.methods.\n",
    (const cli_opt *const[]){backtest_opts, cli_output_opts, NULL},
    true, build_backtest, NULL,
};
