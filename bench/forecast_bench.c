/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_bench: accuracy and speed of libfpa's forecasting methods on a
 * dataset in the format of shared/data.
 *
 *   forecast_bench [--method NAME]... [--threads N] [--forecasts-out FILE]
 *                  DATASET.csv
 *
 * Each series is forecast h steps ahead from its training values and scored
 * against its test values with the M4 definitions (sMAPE, MASE scaled by
 * the in-sample seasonal naive error, OWA relative to Naive2 on the same
 * series). One line per method:
 *
 *   method=NAME series=N smape=X mase=Y owa=Z seconds=S
 *
 * where S is the wall time of fitting and forecasting the whole set. With
 * one thread each series is fitted and forecast alone (fpa_forecast_fit()
 * and fpa_forecast_predict()); with more, the set goes through
 * fpa_forecast_batch() on that many threads. Default methods: naive2 snaive
 * ses holt damped ets theta combo; any name of fpa_forecast_method_find() is
 * accepted. --forecasts-out writes id,method,model,seconds,forecast rows
 * (model quoted, as names like ETS(M,Ad,M) hold commas; forecast the h
 * values space-separated with 17 significant digits; seconds per series,
 * or the set's time divided evenly with several threads) for scoring
 * elsewhere, e.g. by forecast_score. Nothing here depends on the dataset. */
#include "dataset.h"

static void usage(void)
{
    fprintf(stderr, "usage: forecast_bench [--method NAME]... [--threads N] "
                    "[--forecasts-out FILE] DATASET.csv\n");
    exit(2);
}

/* Forecasts of every series by one method; per-series seconds. */
static int run_method(double **out_fc, double *out_seconds, char (*names)[FPA_FORECAST_NAME_MAX],
                      const dataset_t *d, fpa_forecast_method method,
                      fpa_opts *opts, unsigned threads, size_t total_h)
{
    double *fc = malloc(total_h * sizeof *fc);
    if (!fc) return -1;
    size_t at = 0;
    if (threads <= 1) {
        for (size_t i = 0; i < d->count; i++) {
            const series_t *s = &d->s[i];
            double t0 = now_seconds();
            fpa_forecast_model *m = NULL;
            fpa_status st = fpa_forecast_fit(&m, method, s->train, s->n,
                                             s->period, opts);
            if (st == FPA_OK)
                st = fpa_forecast_predict(fc + at, NULL, NULL, m, s->h, NULL,
                                          0, opts);
            out_seconds[i] = now_seconds() - t0;
            if (st != FPA_OK) {
                fprintf(stderr, "%s: %s: %s\n", s->id,
                        fpa_forecast_method_name(method), fpa_error_last());
                fpa_forecast_model_free(m);
                free(fc);
                return -1;
            }
            snprintf(names[i], FPA_FORECAST_NAME_MAX, "%s",
                     fpa_forecast_model_name(m));
            fpa_forecast_model_free(m);
            at += s->h;
        }
        *out_fc = fc;
        return 0;
    }
    /* runs of series with the same period and horizon, one batch each */
    for (size_t i = 0; i < d->count;) {
        size_t j = i, len = 0;
        while (j < d->count && d->s[j].period == d->s[i].period &&
               d->s[j].h == d->s[i].h)
            len += d->s[j++].n;
        double *values = malloc((len ? len : 1) * sizeof *values);
        size_t *off = malloc((j - i + 1) * sizeof *off);
        if (!values || !off) {
            free(values);
            free(off);
            free(fc);
            return -1;
        }
        off[0] = 0;
        for (size_t k = i; k < j; k++) {
            memcpy(values + off[k - i], d->s[k].train, d->s[k].n * sizeof *values);
            off[k - i + 1] = off[k - i] + d->s[k].n;
        }
        double t0 = now_seconds();
        fpa_status st = fpa_forecast_batch(fc + at, NULL, NULL, names[i], NULL,
                                           method, values, off, j - i,
                                           d->s[i].period, d->s[i].h, NULL, 0,
                                           opts);
        double dt = now_seconds() - t0;
        free(values);
        free(off);
        if (st != FPA_OK) {
            fprintf(stderr, "%s: %s\n", fpa_forecast_method_name(method),
                    fpa_error_last());
            free(fc);
            return -1;
        }
        for (size_t k = i; k < j; k++) out_seconds[k] = dt / (double)(j - i);
        at += (j - i) * d->s[i].h;
        i = j;
    }
    *out_fc = fc;
    return 0;
}

static int score(double *smape, double *mase, const dataset_t *d,
                 const double *fc)
{
    double s = 0, m = 0;
    size_t at = 0;
    for (size_t i = 0; i < d->count; i++) {
        double a, b;
        if (score_series(&a, &b, &d->s[i], fc + at)) return -1;
        s += a;
        m += b;
        at += d->s[i].h;
    }
    *smape = s / (double)d->count;
    *mase = m / (double)d->count;
    return 0;
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
        static const char *const def[] = {"naive2", "snaive", "ses", "holt",
                                          "damped", "ets", "theta", "combo"};
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
        fprintf(out, "id,method,model,seconds,forecast\n");
    }
    double *secs = malloc(d.count * sizeof *secs);
    char (*names)[FPA_FORECAST_NAME_MAX] = malloc(d.count * sizeof *names);
    double *fc, smape2, mase2;
    int rc = !secs || !names;
    /* Naive2 is the OWA reference, run whether asked for or not */
    if (!rc) rc = run_method(&fc, secs, names, &d, FPA_FORECAST_NAIVE2, opts,
                             threads, total_h);
    if (!rc) {
        rc = score(&smape2, &mase2, &d, fc);
        free(fc);
    }
    for (size_t k = 0; k < nmethods && !rc; k++) {
        rc = run_method(&fc, secs, names, &d, methods[k], opts, threads, total_h);
        if (rc) break;
        double smape, mase, total = 0;
        rc = score(&smape, &mase, &d, fc);
        for (size_t i = 0; i < d.count; i++) total += secs[i];
        const char *name = fpa_forecast_method_name(methods[k]);
        if (!rc) print_line(name, d.count, smape, mase, smape2, mase2, total);
        fflush(stdout);
        size_t at = 0;
        for (size_t i = 0; out && i < d.count; i++) {
            fprintf(out, "%s,%s,\"%s\",%.6f,", d.s[i].id, name, names[i], secs[i]);
            for (size_t j = 0; j < d.s[i].h; j++)
                fprintf(out, "%s%.17g", j ? " " : "", fc[at + j]);
            fputc('\n', out);
            at += d.s[i].h;
        }
        free(fc);
    }
    if (out && fclose(out)) rc = 1;
    free(secs);
    free(names);
    fpa_opts_free(opts);
    dataset_free(&d);
    return rc ? 1 : 0;
}
