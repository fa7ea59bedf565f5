/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_bench: accuracy and speed of libfpa's forecasting methods on a
 * dataset in the format of shared/data.
 *
 *   forecast_bench [--method NAME]... [--threads N] [--forecasts-out FILE]
 *                  DATASET.csv
 *
 * Each series is forecast h steps ahead from its training values, with
 * 80 % and 95 % prediction intervals, and scored against its test values
 * with the M4 definitions (sMAPE, MASE scaled by the in-sample seasonal
 * naive error, OWA relative to Naive2 on the same series, the coverage of
 * both intervals and the MSIS of the 95 % one). One line per method:
 *
 *   method=NAME series=N smape=X mase=Y owa=Z seconds=S cpu=T coverage80=C
 *   coverage95=C msis=M
 *
 * where S is the wall time and T the CPU time (user + system, of every
 * thread) of fitting and forecasting the whole set, intervals included:
 * on a shared machine the wall time of one thread also counts the other
 * jobs. With one thread each series is fitted and
 * forecast alone (fpa_forecast_fit() and fpa_forecast_predict()); with
 * more, the set goes through fpa_forecast_batch() on that many threads.
 * Default methods: naive2 snaive ses holt damped ets theta combo arima;
 * any name of fpa_forecast_method_find() is accepted. --forecasts-out
 * writes id,method,model,seconds,forecast,lower80,upper80,lower95,upper95
 * rows (model quoted, as names like ETS(M,Ad,M) hold commas; forecast and
 * bounds the h values space-separated with 17 significant digits; seconds
 * the CPU time per series, or the set's divided evenly with several
 * threads, as R's script records it) for
 * scoring elsewhere, e.g. by forecast_score. Nothing here depends on the
 * dataset. */
#include "dataset.h"

static void usage(void)
{
    fprintf(stderr, "usage: forecast_bench [--method NAME]... [--threads N] "
                    "[--forecasts-out FILE] DATASET.csv\n");
    exit(2);
}

static const double LEVELS[2] = {80, 95};

/* Forecasts and 80 % / 95 % bounds of every series by one method (fc:
 * total_h values; lo, hi: 2 total_h, series by series, the 80 % bounds
 * then the 95 % ones); per-series seconds. */
typedef struct {
    double *fc, *lo, *hi;
} forecasts;

static void forecasts_free(forecasts *f)
{
    free(f->fc);
    free(f->lo);
    free(f->hi);
}

static int run_series(forecasts *f, size_t at, double *seconds, double *cpu, char *name,
                      const series_t *s, fpa_forecast_method method, fpa_opts *opts)
{
    double t0 = now_seconds(), c0 = cpu_seconds();
    fpa_forecast_model *m = NULL;
    fpa_status st = fpa_forecast_fit(&m, method, s->train, s->n, s->period, opts);
    if (st == FPA_OK)
        st = fpa_forecast_predict(f->fc + at, f->lo + 2 * at, f->hi + 2 * at, m, s->h,
                                  LEVELS, 2, opts);
    *seconds = now_seconds() - t0;
    *cpu = cpu_seconds() - c0;
    if (st != FPA_OK)
        fprintf(stderr, "%s: %s: %s\n", s->id, fpa_forecast_method_name(method),
                fpa_error_last());
    else
        snprintf(name, FPA_FORECAST_NAME_MAX, "%s", fpa_forecast_model_name(m));
    fpa_forecast_model_free(m);
    return st == FPA_OK ? 0 : -1;
}

/* A run of series with the same period and horizon through one batch. */
static int run_batch(forecasts *f, size_t at, double *seconds, double *cpu,
                     char (*names)[FPA_FORECAST_NAME_MAX], const series_t *s, size_t k,
                     fpa_forecast_method method, fpa_opts *opts)
{
    size_t len = 0, h = s[0].h;
    for (size_t i = 0; i < k; i++) len += s[i].n;
    double *values = malloc((len ? len : 1) * sizeof *values);
    size_t *off = malloc((k + 1) * sizeof *off);
    if (!values || !off) {
        free(values);
        free(off);
        return -1;
    }
    off[0] = 0;
    for (size_t i = 0; i < k; i++) {
        memcpy(values + off[i], s[i].train, s[i].n * sizeof *values);
        off[i + 1] = off[i] + s[i].n;
    }
    double t0 = now_seconds(), c0 = cpu_seconds();
    fpa_status st = fpa_forecast_batch(f->fc + at, f->lo + 2 * at, f->hi + 2 * at, names[0],
                                       NULL, method, values, off, k, s[0].period, h,
                                       LEVELS, 2, opts);
    double dt = now_seconds() - t0, dc = cpu_seconds() - c0;
    free(values);
    free(off);
    if (st != FPA_OK) {
        fprintf(stderr, "%s: %s\n", fpa_forecast_method_name(method), fpa_error_last());
        return -1;
    }
    for (size_t i = 0; i < k; i++) seconds[i] = dt / (double)k, cpu[i] = dc / (double)k;
    return 0;
}

static int run_method(forecasts *f, double *out_seconds, double *out_cpu,
                      char (*names)[FPA_FORECAST_NAME_MAX],
                      const dataset_t *d, fpa_forecast_method method,
                      fpa_opts *opts, unsigned threads, size_t total_h)
{
    f->fc = malloc(total_h * sizeof *f->fc);
    f->lo = malloc(2 * total_h * sizeof *f->lo);
    f->hi = malloc(2 * total_h * sizeof *f->hi);
    if (!f->fc || !f->lo || !f->hi) {
        forecasts_free(f);
        return -1;
    }
    size_t at = 0;
    for (size_t i = 0; i < d->count;) {
        size_t j = i + 1;
        if (threads > 1)  /* runs of the same period and horizon */
            while (j < d->count && d->s[j].period == d->s[i].period && d->s[j].h == d->s[i].h)
                j++;
        int rc = threads > 1 ? run_batch(f, at, out_seconds + i, out_cpu + i, names + i,
                                         d->s + i, j - i, method, opts)
                             : run_series(f, at, out_seconds + i, out_cpu + i, names[i],
                                          d->s + i, method, opts);
        if (rc) {
            forecasts_free(f);
            return -1;
        }
        for (size_t k = i; k < j; k++) at += d->s[k].h;
        i = j;
    }
    return 0;
}

static int score(double *smape, double *mase, interval_score *pi, const dataset_t *d,
                 const forecasts *f)
{
    double s = 0, m = 0, c80 = 0, c95 = 0, ms = 0;
    size_t at = 0;
    for (size_t i = 0; i < d->count; i++) {
        double a, b, x, y, z;
        if (score_series(&a, &b, &d->s[i], f->fc + at) ||
            score_intervals(&x, &y, &z, &d->s[i], f->lo + 2 * at, f->hi + 2 * at))
            return -1;
        s += a, m += b, c80 += x, c95 += y, ms += z;
        at += d->s[i].h;
    }
    double n = (double)d->count;
    *smape = s / n;
    *mase = m / n;
    *pi = (interval_score){c80 / n, c95 / n, ms / n};
    return 0;
}

/* space-separated values with 17 significant digits */
static void put_values(FILE *out, const double *x, size_t h)
{
    for (size_t j = 0; j < h; j++) fprintf(out, "%s%.17g", j ? " " : "", x[j]);
}

static void write_rows(FILE *out, const dataset_t *d, const char *name,
                       char (*names)[FPA_FORECAST_NAME_MAX], const double *secs,
                       const forecasts *f)
{
    size_t at = 0;
    for (size_t i = 0; i < d->count; i++) {
        size_t h = d->s[i].h;
        fprintf(out, "%s,%s,\"%s\",%.6f,", d->s[i].id, name, names[i], secs[i]);
        put_values(out, f->fc + at, h);
        for (int k = 0; k < 2; k++) {  /* lower80, upper80, lower95, upper95 */
            fputc(',', out);
            put_values(out, f->lo + 2 * at + k * h, h);
            fputc(',', out);
            put_values(out, f->hi + 2 * at + k * h, h);
        }
        fputc('\n', out);
        at += h;
    }
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *data_path = NULL;
    fpa_forecast_method methods[32];
    size_t nmethods = 0;
    unsigned threads = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--method") && i + 1 < argc) {
            if (nmethods == 32) usage();
            if (fpa_forecast_method_find(&methods[nmethods++], argv[++i]) != FPA_OK) {
                fprintf(stderr, "forecast_bench: %s\n", fpa_error_last());
                return 2;
            }
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            threads = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--forecasts-out") && i + 1 < argc) {
            out_path = argv[++i];
        } else if (argv[i][0] == '-' || data_path) {
            usage();
        } else {
            data_path = argv[i];
        }
    }
    if (!data_path) usage();
    if (!nmethods) {
        static const char *const def[] = {"naive2", "snaive", "ses", "holt", "damped",
                                          "ets", "theta", "combo", "arima"};
        for (size_t i = 0; i < sizeof def / sizeof *def; i++)
            fpa_forecast_method_find(&methods[nmethods++], def[i]);
    }
    dataset_t d;
    if (dataset_read(&d, data_path)) return 1;
    fpa_opts *opts;
    if (fpa_opts_new(&opts, NULL, NULL) != FPA_OK ||
        fpa_opts_set(opts, FPA_OPT_THREADS, threads) != FPA_OK) {
        fprintf(stderr, "forecast_bench: %s\n", fpa_error_last());
        return 1;
    }
    size_t total_h = 0;
    for (size_t i = 0; i < d.count; i++) total_h += d.s[i].h;
    FILE *out = NULL;
    if (out_path) {
        out = fopen(out_path, "w");
        if (!out) {
            perror(out_path);
            return 1;
        }
        fprintf(out, "id,method,model,seconds,forecast,lower80,upper80,lower95,upper95\n");
    }
    double *secs = malloc(d.count * sizeof *secs), smape2, mase2;
    double *cpu = malloc(d.count * sizeof *cpu);
    char (*names)[FPA_FORECAST_NAME_MAX] = malloc(d.count * sizeof *names);
    forecasts f;
    interval_score pi;
    int rc = !secs || !names || !cpu;
    /* Naive2 is the OWA reference, run whether asked for or not */
    if (!rc)
        rc = run_method(&f, secs, cpu, names, &d, FPA_FORECAST_NAIVE2, opts, threads, total_h);
    if (!rc) {
        rc = score(&smape2, &mase2, &pi, &d, &f);
        forecasts_free(&f);
    }
    for (size_t k = 0; k < nmethods && !rc; k++) {
        rc = run_method(&f, secs, cpu, names, &d, methods[k], opts, threads, total_h);
        if (rc) break;
        double smape, mase, total = 0, total_cpu = 0;
        rc = score(&smape, &mase, &pi, &d, &f);
        for (size_t i = 0; i < d.count; i++) total += secs[i], total_cpu += cpu[i];
        const char *name = fpa_forecast_method_name(methods[k]);
        if (!rc) print_line(name, d.count, smape, mase, smape2, mase2, total, total_cpu, pi);
        fflush(stdout);
        if (out) write_rows(out, &d, name, names, cpu, &f);
        forecasts_free(&f);
    }
    if (out && fclose(out)) rc = 1;
    free(secs);
    free(cpu);
    free(names);
    fpa_opts_free(opts);
    dataset_free(&d);
    return rc ? 1 : 0;
}
